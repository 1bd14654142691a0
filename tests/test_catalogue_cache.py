"""The string catalogue is kept in the knowledge cache: read from it while the files are the
same, read again when one changes, never kept when broken (advisor/present/words.py)."""

from __future__ import annotations

import shutil

import pytest

from advisor.present import words


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    copy = tmp_path / "strings"
    shutil.copytree(words._FOLDER, copy)
    return copy


def _unreadable(files):
    raise AssertionError("the catalogue was parsed again")


def test_the_catalogue_comes_from_the_cache_once_kept(folder, monkeypatch):
    first = words.catalogue.__wrapped__(folder)
    assert first == words._read(sorted(words._FOLDER.glob("*.toml")))
    monkeypatch.setattr(words, "_read", _unreadable)
    assert words.catalogue.__wrapped__(folder) == first


def test_an_edited_catalogue_is_read_again(folder, monkeypatch):
    words.catalogue.__wrapped__(folder)
    (folder / "zz.toml").write_text('[zz.test]\nen = "new"\nko = "새"\n', encoding="utf-8")
    assert words.catalogue.__wrapped__(folder)["zz.test"] == {"en": "new", "ko": "새"}


def test_a_broken_catalogue_is_refused_every_time(folder):
    (folder / "zz.toml").write_text('[zz.test]\nen = "only English"\n', encoding="utf-8")
    for _ in range(2):
        assert words.problems(folder) == ["zz.toml: zz.test: needs exactly en, ko as strings (has en)"]

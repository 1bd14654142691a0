"""The cache folder: on Linux worked out without importing platformdirs, and the same folder."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from advisor import cachedir

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is used on Linux only")


@linux
@pytest.mark.parametrize("xdg", [None, "", "/tmp/xdg-cache", "  "])
@pytest.mark.parametrize("home", [None, "/home/someone", "/"])
def test_the_folder_is_the_one_platformdirs_gives(monkeypatch, xdg, home):
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert str(cachedir.cache_dir()) == platformdirs.user_cache_dir("arch-advisor", appauthor=False)


@linux
def test_a_relative_home_is_left_to_platformdirs(monkeypatch):
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "not/absolute")
    assert cachedir._xdg_cache_home() is None
    assert str(cachedir.cache_dir()) == platformdirs.user_cache_dir("arch-advisor", appauthor=False)


def test_the_cache_can_be_moved_or_turned_off(monkeypatch, tmp_path):
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    assert cachedir.cache_dir() == tmp_path
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    assert cachedir.cache_dir() is None


@linux
def test_a_relative_xdg_cache_home_is_ignored(monkeypatch):
    """The XDG rule (platformdirs follows it from 4.14 on; older releases took the path as given)."""
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", "/home/someone")
    assert str(cachedir.cache_dir()) == "/home/someone/.cache/arch-advisor"


def test_no_home_directory_means_no_cache(monkeypatch):
    """Never a folder named "~" below the working directory (platformdirs raises instead)."""
    import os

    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    monkeypatch.delenv("ADVISOR_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # what it gives with no home to be found
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no home")))
    assert cachedir.cache_dir() is None

"""The knowledge cache's index of keys by the files' stat: it spares a start reading and hashing
every knowledge file, and is never trusted beyond what a stat can tell (advisor/kb/cache.py)."""

from __future__ import annotations

import os
import pickle
import textwrap
import time

import pytest

from advisor import kb as kbmod
from advisor.kb import cache as kbcache
from tests.minikb import NOTE, QUESTION, cache_folder, kb_dir, rule

BASE = textwrap.dedent(NOTE) + QUESTION.format(trait="a") + rule("use-a", "a")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(kbcache, "RECENT_NS", 0)  # the files written here are trusted by their stat at once
    return cache_folder(tmp_path, monkeypatch)


def _kb(tmp_path, body=BASE):
    return kb_dir(tmp_path, body)


def _load(d):
    return kbmod.load([d], builtin=False)


def _no_hashing(monkeypatch):
    monkeypatch.setattr(kbcache, "key", lambda *a, **k: pytest.fail("the files were read to find the key"))


def test_a_load_of_unchanged_files_finds_its_entry_without_reading_them(tmp_path, cache, monkeypatch):
    d = _kb(tmp_path)
    first = _load(d)
    assert len(pickle.loads((cache / kbcache.INDEX).read_bytes())) == 1
    _no_hashing(monkeypatch)
    assert _load(d) == first


def test_a_file_written_again_with_the_same_size_and_time_stamp_is_read_again(tmp_path, cache):
    """A new content of the same size, its modification time put back: only the change time,
    which nobody can set, tells it apart. It must never be served the old entry."""
    d = _kb(tmp_path)
    assert _load(d).notes["n"].text.en == "a note"
    path = d / "kb.toml"
    st = os.stat(path)
    for _ in range(100):  # until the clock has ticked: a change within one tick is what RECENT_NS guards against
        path.write_text(BASE.replace('en = "a note"', 'en = "b note"'), encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        if os.stat(path).st_ctime_ns != st.st_ctime_ns:
            break
        time.sleep(0.01)
    assert os.stat(path).st_size == st.st_size and os.stat(path).st_mtime_ns == st.st_mtime_ns
    assert _load(d).notes["n"].text.en == "b note"


def test_files_changed_just_now_are_told_by_their_content(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(kbcache, "RECENT_NS", 60 * 10**9)
    d = _kb(tmp_path)
    _load(d)
    assert not (cache / kbcache.INDEX).exists()  # nothing recorded for files a stat cannot tell apart yet
    calls = []
    real = kbcache.key
    monkeypatch.setattr(kbcache, "key", lambda *a, **k: calls.append(1) or real(*a, **k))
    _load(d)
    assert calls  # found by content, from the entry written the first time


def test_a_corrupt_index_is_ignored_and_replaced(tmp_path, cache, monkeypatch):
    d = _kb(tmp_path)
    _load(d)
    (cache / kbcache.INDEX).write_bytes(b"\x80\x05not a pickle")
    assert "use-a" in _load(d).rules
    _no_hashing(monkeypatch)
    assert "use-a" in _load(d).rules


def test_an_index_pointing_at_a_missing_or_corrupt_entry_falls_back_to_the_content(tmp_path, cache):
    d = _kb(tmp_path)
    _load(d)
    (entry,) = cache.glob("kb-*.pickle")
    entry.write_bytes(b"broken")
    assert "use-a" in _load(d).rules
    entry.unlink()
    assert "use-a" in _load(d).rules
    assert entry.exists()


def test_the_index_keeps_only_the_newest_stamps(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(kbcache, "INDEX_KEEP", 2)
    d = _kb(tmp_path)
    for i in range(4):
        note = f"note {i}" + "!" * i  # each a size of its own: rewritten in one tick of a coarse clock, still told apart
        (d / "kb.toml").write_text(BASE.replace("a note", note, 1), encoding="utf-8")
        assert _load(d).notes["n"].text.en == note
    assert len(pickle.loads((cache / kbcache.INDEX).read_bytes())) == 2


def test_no_index_where_the_change_time_is_not_one(tmp_path, cache, monkeypatch):
    """Windows reports the creation time as st_ctime: a stat there cannot tell an edit in place."""
    monkeypatch.setattr(kbcache, "_POSIX", False)
    d = _kb(tmp_path)
    _load(d)
    assert not (cache / kbcache.INDEX).exists()

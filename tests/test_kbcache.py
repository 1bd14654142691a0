"""The knowledge cache: used while the knowledge files are unchanged, and never trusted beyond that.

A stale entry (a file edited, added or removed) is never read; a corrupt entry is ignored and
replaced; a cache folder that cannot be written is not used; ADVISOR_NO_CACHE turns it off. In
each case the knowledge loaded is the knowledge on disk.
"""

from __future__ import annotations

import pickle
import textwrap

import pytest

from advisor import kb as kbmod
from advisor.kb import cache as kbcache
from advisor.kb import loader
from advisor.errors import KnowledgeError
from tests.minikb import NOTE, QUESTION, cache_folder, kb_dir, rule

BASE = textwrap.dedent(NOTE) + QUESTION.format(trait="a") + rule("use-a", "a")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    return cache_folder(tmp_path, monkeypatch)


def _kb_dir(tmp_path, body=BASE):
    return kb_dir(tmp_path, body)


def _load(d):
    return kbmod.load([d], builtin=False)


def test_a_second_load_comes_from_the_cache(tmp_path, cache, monkeypatch):
    d = _kb_dir(tmp_path)
    first = _load(d)
    assert len(list(cache.glob("kb-*.pickle"))) == 1
    monkeypatch.setattr(loader, "load_file", lambda *a, **k: pytest.fail("parsed again"))
    again = _load(d)
    assert again.rules.keys() == first.rules.keys() and again.notes == first.notes


def test_an_edited_file_is_never_served_stale(tmp_path, cache):
    d = _kb_dir(tmp_path)
    assert _load(d).notes["n"].text.en == "a note"
    (d / "kb.toml").write_text((d / "kb.toml").read_text().replace('en = "a note"', 'en = "an edited note"'))
    assert _load(d).notes["n"].text.en == "an edited note"
    (d / "more.toml").write_text(rule("use-a-too", "a"), encoding="utf-8")
    assert "use-a-too" in _load(d).rules  # an added file is a new key as well


def test_a_changed_loader_never_reads_an_entry_it_did_not_write(tmp_path, cache, monkeypatch):
    d = _kb_dir(tmp_path)
    _load(d)
    monkeypatch.setattr(kbcache, "_CODE_STAMP", "another version of advisor/kb/loader.py")
    calls = []
    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda *a, **k: calls.append(1) or real(*a, **k))
    _load(d)
    assert calls  # parsed again: the entry was written by other code
    assert len(list(cache.glob("kb-*.pickle"))) == 2


def test_the_cache_keeps_only_the_newest_entries(tmp_path, cache, monkeypatch):
    monkeypatch.setattr(kbcache, "KEEP", 2)
    d = _kb_dir(tmp_path)
    for i in range(4):
        (d / "kb.toml").write_text(textwrap.dedent(BASE).replace("a note", f"note {i}", 1), encoding="utf-8")
        _load(d)
    assert len(list(cache.glob("kb-*.pickle"))) == 2
    assert _load(d).notes["n"].text.en == "note 3"


def test_working_directories_that_name_the_files_alike_share_an_entry(tmp_path, cache, monkeypatch):
    """The working directory reaches a load only through how messages name the files: from
    any folder outside the knowledge's they are named alike (one entry); from above them,
    relative to it (an entry of its own, never served to the others)."""
    d = _kb_dir(tmp_path)
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path / "a")
    first = _load(d)
    assert first.rules["use-a"].source.file == str(d / "kb.toml")
    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda *a, **k: pytest.fail("parsed again"))
    monkeypatch.chdir(tmp_path / "b")
    assert _load(d) == first and len(list(cache.glob("kb-*.pickle"))) == 1
    monkeypatch.setattr(loader, "load_file", real)
    monkeypatch.chdir(tmp_path)
    assert _load(d).rules["use-a"].source.file == "kb/kb.toml"
    assert len(list(cache.glob("kb-*.pickle"))) == 2
    monkeypatch.chdir(tmp_path / "a")
    assert _load(d).rules["use-a"].source.file == str(d / "kb.toml")


def test_a_corrupt_entry_is_ignored_and_replaced(tmp_path, cache):
    d = _kb_dir(tmp_path)
    _load(d)
    (entry,) = cache.glob("kb-*.pickle")
    entry.write_bytes(b"\x80\x04not a pickle at all")
    assert "use-a" in _load(d).rules
    assert pickle.loads(entry.read_bytes()).rules.keys() == {"use-a"}


def test_an_unwritable_cache_folder_is_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(blocker / "cache"))  # cannot be created, even as root
    assert "use-a" in _load(_kb_dir(tmp_path)).rules


def test_no_cache_when_turned_off(tmp_path, cache, monkeypatch):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    _load(_kb_dir(tmp_path))
    assert not cache.exists()


def test_a_broken_base_is_refused_every_time_and_never_cached(tmp_path, cache):
    d = _kb_dir(tmp_path, BASE + '\n[[rule]]\nid = "Bad Id"\n')
    for _ in range(2):
        with pytest.raises(KnowledgeError):
            _load(d)
    assert not list(cache.glob("kb-*.pickle"))


@pytest.fixture(scope="module")
def built_in_twice(tmp_path_factory):
    """The built-in base loaded into an empty cache folder, then again from the cache, in a
    process as if of its own: no pattern interned or compiled yet by the tests that ran before
    here. (The built-in base takes seconds to load from its files, so the tests share one pair.)"""
    from advisor.kb import exam as exammod
    from advisor.kb import pattern as patmod

    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ADVISOR_CACHE_DIR", str(folder))
        patch.delenv("ADVISOR_NO_CACHE", raising=False)
        patch.setattr(patmod, "_INTERNED", {})
        patch.setattr(patmod, "_COMPILED", {})
        patch.setattr(exammod, "_ACCEPTED", {})  # the loader's memo of checked pattern texts
        kb = kbmod.load(None)  # loaded and cached
        patch.setattr(patmod, "_INTERNED", {})  # read back as a process of its own would
        patch.setattr(patmod, "_COMPILED", {})
        patch.setattr(exammod, "_ACCEPTED", {})
        again = kbmod.load(None)  # from the cache
        # what the load compiled, seen before any test searches with these patterns
        compiled = [p for c in again.claims.values() for group in c.all for p in group if p._regex is not None]
        yield folder, kb, again, compiled


def test_the_built_in_base_round_trips_through_the_cache(built_in_twice):
    cache, kb, again, _ = built_in_twice
    assert len(list(cache.glob("kb-*.pickle"))) == 1 and again is not kb
    assert again.rules.keys() == kb.rules.keys() and again.claims.keys() == kb.claims.keys()
    text = "Serve static content to users all over the world from an S3 bucket."
    for cue in kb.cues.values():
        for mine, theirs in zip(cue.patterns, again.cues[cue.id].patterns):
            assert [m.span() for m in mine.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_patterns_go_into_the_cache_with_their_requirement_and_come_back_shared(built_in_twice, monkeypatch):
    from advisor.kb import pattern as patmod

    _, _, again, compiled = built_in_twice
    monkeypatch.setattr(patmod, "requirement", lambda text: pytest.fail("worked out again"))
    mine = [p for c in again.claims.values() for group in c.all for p in group]
    assert all(p._need is not patmod._UNKNOWN for p in mine)
    assert mine and compiled == []  # the regexes are compiled on first use only
    by_text = {}
    for p in mine:  # equal patterns are one object, compiled once
        assert by_text.setdefault((p.lang, p.text), p) is p


def test_the_lint_findings_go_into_the_cache_and_are_what_the_lint_finds(tmp_path, cache, monkeypatch):
    from advisor.commands.common import guard
    from advisor.kb import lint

    body = BASE + '\n[[note]]\nid = "unused"\ntopic = "t"\nsection = "s"\nseed_lines = [2]\nen = "x"\nko = "x"\n'
    d = _kb_dir(tmp_path, body)
    first = _load(d)
    expected = [str(f) for f in lint.check(first)]
    assert any("orphan-note" in f for f in expected)
    again = _load(d)  # from the cache: its findings with it
    assert [str(f) for f in again.__dict__[loader.LINT_FINDINGS]] == expected
    monkeypatch.setattr(lint, "check", lambda kb: pytest.fail("checked again"))
    warned = []
    guard(again, type("Env", (), {"warn": lambda self, text: warned.append(text)})())
    assert warned == expected


def test_a_base_with_lint_errors_is_refused_from_the_cache_too(tmp_path, cache):
    from advisor.commands.common import guard

    d = _kb_dir(tmp_path, BASE + rule("use-b", "not_asked"))
    for _ in range(2):  # loaded and cached, then from the cache: refused both times
        with pytest.raises(KnowledgeError, match="trait-not-asked"):
            guard(_load(d))
    assert len(list(cache.glob("kb-*.pickle"))) == 1


def test_an_uncached_base_is_linted_when_guarded(tmp_path, monkeypatch):
    from advisor.commands.common import guard

    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    d = _kb_dir(tmp_path, BASE + rule("use-b", "not_asked"))
    base = _load(d)
    assert loader.LINT_FINDINGS not in base.__dict__
    with pytest.raises(KnowledgeError, match="trait-not-asked"):
        guard(base)


def test_a_base_of_ones_own_parses_only_its_files_and_is_what_parsing_all_of_them_gives(tmp_path, kb, monkeypatch):
    """--kb DIR on top of the built-in base: the built-in items come from the built-in base this
    process has loaded (never parsed again, never changed), DIR's files alone are parsed, and the
    base is equal to one parsed from every file, duplicates of built-in ids included."""
    from tests.conftest import ROOT

    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    team = ROOT / "examples" / "custom-kb"
    mine = tmp_path / "mine"
    mine.mkdir()
    note = kb.notes["sqs-long-polling"]
    (mine / "again.toml").write_text(
        f'[[note]]\nid = "{note.id}"\ntopic = "sqs"\nsection = "s"\nseed_lines = [1]\nen = "again"\nko = "다시"\n', encoding="utf-8")
    before = (len(kb.notes), len(kb.rules), len(kb.duplicates), list(kb.files))
    parsed = []
    real = loader.load_file
    monkeypatch.setattr(loader, "load_file", lambda path, *a, **k: parsed.append(path) or real(path, *a, **k))
    combined = kbmod.load([team, mine])
    assert parsed == kbmod.knowledge_files(team) + kbmod.knowledge_files(mine)
    whole = kbmod.KnowledgeBase()
    for path in kbmod.knowledge_files(kbmod.builtin_dir()) + parsed:
        real(path, whole)
    assert combined == whole
    assert combined.duplicates[-1][:2] == ("note", note.id) and combined.notes[note.id] is note
    assert set(combined.rules) > set(kb.rules)
    assert (len(kb.notes), len(kb.rules), len(kb.duplicates), list(kb.files)) == before


def test_a_pattern_parsed_again_is_the_same_object_with_its_requirement(monkeypatch):
    """Parsed patterns are interned like unpickled ones: a base parsed again (another working
    directory, a copy under a test) works out no requirement that one of its patterns has."""
    from advisor.kb import pattern as patmod
    from tests.conftest import ROOT

    def patterns(base):
        found = [p for c in base.cues.values() for p in c.patterns] + [p for t in base.terms.values() for p in t.patterns]
        return found + [p for c in base.claims.values() for group in (*c.all, *c.about) for p in group]

    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    first = patterns(kbmod.load([ROOT / "tests" / "kb_good"], builtin=False))
    assert first and all(p.need is not patmod._UNKNOWN for p in first)
    monkeypatch.setattr(patmod, "requirement", lambda text: pytest.fail("worked out again"))
    again = patterns(kbmod.load([ROOT / "tests" / "kb_good"], builtin=False))
    assert again == first and all(a is b for a, b in zip(again, first))
    pickle.dumps(again)


def test_a_base_of_ones_own_never_builds_on_a_built_in_base_its_files_no_longer_hold(tmp_path, monkeypatch):
    """The process keeps its built-in base; a base of one's own loaded after a built-in file
    changed must hold the change (its cache entry is keyed by the files as they are now)."""
    import shutil

    from advisor.kb import loader
    from tests.conftest import ROOT

    copy = tmp_path / "builtin"
    shutil.copytree(kbmod.builtin_dir(), copy)
    monkeypatch.setattr(loader, "builtin_dir", lambda: copy)
    monkeypatch.setattr(loader, "_BUILTIN", None)
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    first = loader.builtin()
    assert "sqs-long-polling" in first.notes
    path = next(p for p in kbmod.knowledge_files(copy) if 'id = "sqs-long-polling"' in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8").replace('"sqs-long-polling"', '"sqs-long-polling-renamed"')
    path.write_text(text + "\n", encoding="utf-8")  # one byte longer: the stamp changes on every file system
    mine = kbmod.load([ROOT / "examples" / "custom-kb"])
    assert "sqs-long-polling-renamed" in mine.notes and "sqs-long-polling" not in mine.notes

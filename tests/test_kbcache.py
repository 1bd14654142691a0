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
from advisor.kb.pattern import Pattern, requirement
from tests.minikb import NOTE, QUESTION, rule

BASE = textwrap.dedent(NOTE) + QUESTION.format(trait="a") + rule("use-a", "a")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    return folder


def _kb_dir(tmp_path, body=BASE):
    d = tmp_path / "kb"
    d.mkdir(exist_ok=True)
    (d / "kb.toml").write_text(textwrap.dedent(body), encoding="utf-8")
    return d


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


def test_the_built_in_base_round_trips_through_the_cache(tmp_path, cache):
    kb = kbmod.load(None)  # loaded and cached
    again = kbmod.load(None)  # from the cache
    assert len(list(cache.glob("kb-*.pickle"))) == 1 and again is not kb
    assert again.rules.keys() == kb.rules.keys() and again.claims.keys() == kb.claims.keys()
    text = "Serve static content to users all over the world from an S3 bucket."
    for cue in kb.cues.values():
        for mine, theirs in zip(cue.patterns, again.cues[cue.id].patterns):
            assert [m.span() for m in mine.finditer(text)] == [m.span() for m in theirs.finditer(text)]


@pytest.mark.parametrize("text, need", [
    ("static (?:web ?site|site)", (("static",), ("site",))),
    ("sqs queues?", (("sqsqueue",),)),  # white space left out on both sides
    ("stat?ic", (("sta",),)),
    ("a|b", None),  # nothing telling
    ("(?:amazon )?cloudfront", (("cloudfront",),)),
    ("(?:the |an? )?(?:aws )?lambda functions?", (("lambdafunction",),)),
    ("(?:amazon )cloudfront", (("amazoncloudfront",),)),
    ("(?:a(?:b|c))?d", None),
    ("foo(?:bar|baz)|qux", (("qux", "fooba"),)),  # one of the branches' pieces (re factors "ba" out)
    ("foo(?:bar|b)|qux", (("qux", "foob"),)),
    ("로드 ?밸런서", (("로드밸런서",),)),  # Korean: matched with free spacing, a piece all the same
    # a verb ending matches the stem's other endings, and a space may follow each syllable
    ("사용한다", (("용할", "용해", "용하고", "용하는", "용하면", "용하여", "용하지", "용한다", "용합니다"), ("사",))),
    ("sqs 대기열", (("sqs대기열",),)),
    ("cdn", (("cdn",),)),
    ("[a-z]+ing", (("ing",),)),
    ("[a-z]+in", None),
    ("caf\u00e9 menu", (("menu",), ("caf",))),  # a non-ASCII letter breaks a run
    ("s3\\s+bucket", (("s3bucket",),)),
    ("s3[- ]bucket", (("bucket",),)),  # a class that may be a hyphen breaks it
])
def test_the_requirement_is_conservative(text, need):
    assert requirement(text) == need


@pytest.mark.parametrize("pattern, text", [
    ("로드 ?밸런서", "애플리케이션 로드 밸런서를 둔다"),
    ("로드밸런서", "로드 밸런서에"),
    ("사용한다", "캐시를 사용해야 한다"),
    ("s3\\s+bucket", "an S3\n\tBUCKET"),
    ("foo(?:bar|b)|qux", "QUX"),
])
def test_the_requirement_never_hides_a_match_either(pattern, text):
    p = Pattern("any", pattern)
    assert p.regex.search(text) is not None and p.search(text) is not None


def test_a_pattern_without_hangul_in_the_text_is_skipped_at_once():
    p = Pattern("ko", "로드 ?밸런서")
    assert p.search("an application load balancer") is None
    assert p._regex is None  # never compiled


def test_patterns_go_into_the_cache_with_their_requirement_and_come_back_shared(tmp_path, cache, monkeypatch):
    from advisor.kb import pattern as patmod

    # a process of its own: no pattern interned or compiled yet by the tests that ran before here
    monkeypatch.setattr(patmod, "_INTERNED", {})
    monkeypatch.setattr(patmod, "_COMPILED", {})
    kb = kbmod.load(None)
    again = kbmod.load(None)  # from the cache
    assert again is not kb
    monkeypatch.setattr(patmod, "requirement", lambda text: pytest.fail("worked out again"))
    mine = [p for c in again.claims.values() for group in c.all for p in group]
    assert all(p._need is not patmod._UNKNOWN for p in mine)
    assert all(p._regex is None for p in mine)  # the regexes are compiled on first use only
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


@pytest.mark.parametrize("pattern, text", [
    ("static content", "STATIC CONTENT is served"),
    ("sqs queues?", "Two SQS QUEUES"),
    ("kinesis", "\u212aINESIS streams"),  # the Kelvin sign matches k case-insensitively
    ("classic", "CLA\u017fSIC load balancer"),  # so does the long s
])
def test_the_literal_check_never_hides_a_match(pattern, text):
    p = Pattern("en", pattern)
    assert p.search(text) is not None and p.regex.search(text) is not None


@pytest.mark.slow
def test_the_literal_check_agrees_with_the_regex_on_the_bank(kb):
    """Every pattern of the built-in base, on the texts of the question bank (each alone, and a
    question joined with an option as claims search them): the literal check skips only
    searches that find nothing."""
    texts = []
    for exam in sorted(kb.exams.values(), key=lambda e: e.id)[::3]:
        texts.append(exam.question)
        texts.extend(text for _, text in exam.options)
        texts.append(exam.question + " \n " + exam.options[0][1])
    patterns = [p for c in kb.cues.values() for p in c.patterns]
    patterns += [p for t in kb.terms.values() for p in t.patterns]
    patterns += [p for c in kb.claims.values() for group in (*c.all, *c.about) for p in group]
    skipped = 0
    for p in patterns:
        for text in texts:
            found = p.regex.search(text) is not None
            assert (p.search(text) is not None) == found, (p.text, text)
            skipped += p._absent(text)
    assert skipped > len(patterns)  # the check does skip work

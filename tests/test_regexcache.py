"""Compiled regular expressions kept between runs (advisor/regexcache.py): the same patterns,
rebuilt; a corrupt, stale or unwritable file changes nothing but the time."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
import warnings

import pytest

from advisor import regexcache
from advisor.kb.pattern import _sources

SAMPLES = [
    r"(?<![A-Za-z0-9])(?:s3 transfer acceleration)(?![A-Za-z0-9])",
    r"(?P<word>[a-z]+)\s+(?P=word)",
    r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]",
    "다음 중|고르|무엇",
    r"(?i:which)\s+NOT(?![A-Za-z])",
]


@pytest.fixture
def kept(tmp_path, monkeypatch):
    """The cache in a folder of its own; compiling as usual again afterwards."""
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ADVISOR_NO_CACHE", raising=False)
    regexcache.uninstall()
    yield tmp_path
    regexcache.uninstall()
    re.purge()


def _compile_all(patterns, flags=0):
    re.purge()  # re's own cache would answer before the compiler is asked
    return [re.compile(p, flags) for p in patterns]


def _run_again(scope="test"):
    """What a later process does: install (reading the file) and compile."""
    regexcache.uninstall()
    re.purge()
    regexcache.install(scope)


def test_patterns_rebuilt_from_kept_programs_are_the_patterns_re_compiles(kept):
    plain = [re.compile(p, re.IGNORECASE) for p in SAMPLES]
    regexcache.install("test")
    first = _compile_all(SAMPLES, re.IGNORECASE)
    assert regexcache.hits == 0
    regexcache.save()
    _run_again()
    again = _compile_all(SAMPLES, re.IGNORECASE)
    assert regexcache.hits == len(SAMPLES)
    assert first == plain and again == plain  # same source, flags and code
    assert [p.groupindex for p in again] == [p.groupindex for p in plain]
    assert again[1].sub(r"<\g<word>>", "the the cat") == "<the> cat"


def test_every_knowledge_pattern_rebuilds_exactly(kb):
    """The program kept for a pattern gives the pattern re compiles, for every cue, term and
    claim of the knowledge (as advisor/kb/pattern.py compiles them)."""
    texts = sorted({p.text for store in (kb.cues, kb.terms, kb.claims) for item in store.values()
                    for p in _patterns_of(item)})
    assert len(texts) > 1000
    for text in texts:
        for source in _sources(text):
            program = regexcache._program(source, re.IGNORECASE)
            assert regexcache._rebuild(source, program) == re.compile(source, re.IGNORECASE), source


def _patterns_of(item):
    from advisor.kb.pattern import Pattern

    found = []
    for name in getattr(item, "__dataclass_fields__", {}):
        value = getattr(item, name)
        values = value if isinstance(value, (list, tuple)) else [value]
        found.extend(v for v in values if isinstance(v, Pattern))
    return found


def test_a_corrupt_file_is_ignored_and_replaced(kept):
    path = regexcache.path("test")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(b"\x80\x05not a pickle")
    regexcache.install("test")
    assert _compile_all(SAMPLES) == [re.compile(p) for p in SAMPLES]
    regexcache.save()
    with open(path, "rb") as fh:
        assert len(pickle.load(fh)) == len(SAMPLES)


def test_a_program_this_python_refuses_is_compiled_afresh(kept):
    path = regexcache.path("test")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump({(SAMPLES[0], 0): (0, b"\xff" * 12, 0, {}, (None,))}, fh)
    regexcache.install("test")
    (compiled,) = _compile_all(SAMPLES[:1])
    assert compiled == re.compile(SAMPLES[0]) and regexcache.hits == 0
    assert compiled.search("use S3 Transfer Acceleration") is None  # case-sensitive, as compiled
    assert compiled.search("use s3 transfer acceleration")
    regexcache.save()  # the refused program is replaced in the file, so the next process uses it
    regexcache.uninstall()
    regexcache.install("test")
    assert _compile_all(SAMPLES[:1]) == [re.compile(SAMPLES[0])] and regexcache.hits == 1


def test_each_python_and_command_has_its_own_file(kept, monkeypatch):
    explain, evaluate = regexcache.path("explain"), regexcache.path("evaluate")
    assert explain != evaluate
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    assert regexcache.path("explain") != explain  # a stale file is never read


def test_an_unwritable_folder_is_simply_not_used(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")  # a file where the folder should be: not writable, even by root
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(blocker / "cache"))
    regexcache.uninstall()
    try:
        regexcache.install("test")
        assert _compile_all(SAMPLES) == [re.compile(p) for p in SAMPLES]
        regexcache.save()  # no error, nothing written
        assert regexcache._new == len(SAMPLES)
        assert blocker.read_text() == "x"
    finally:
        regexcache.uninstall()
        re.purge()


def test_the_cache_off_installs_nothing(kept, monkeypatch):
    monkeypatch.setenv("ADVISOR_NO_CACHE", "1")
    regexcache.install("test")
    assert re._compiler.compile is not regexcache._compile


def test_patterns_that_warn_and_paused_compiles_are_not_kept(kept):
    regexcache.install("test")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _compile_all(["[[a]"])  # "Possible nested set": its warning must come every time
    with regexcache.paused():
        _compile_all(["paused (?:pattern)"])
    assert regexcache._new == 0
    regexcache.save()
    assert not os.path.exists(regexcache.path("test"))


def test_a_command_process_keeps_its_patterns_and_says_the_same(tmp_path, write):
    """explain run twice as a process: the second run rebuilds its patterns, and prints the
    same bytes."""
    question = write("q.txt", "Which service speeds up uploads to S3 from far away?\n"
                              "A. S3 Transfer Acceleration\nB. A bigger EC2 instance\n")
    # a cache folder of its own, the patterns' file not there yet; the built-in knowledge's entry
    # is copied in from the session's folder, so that the first run does not parse it again
    import shutil

    from advisor import kb as kbmod
    from advisor.kb import cache as kbcache

    (tmp_path / "cache").mkdir()
    entry = f"kb-{kbcache.key(kbmod.knowledge_files(kbmod.builtin_dir()), 'exam=True')}.pickle"
    if os.path.exists(os.path.join(os.environ["ADVISOR_CACHE_DIR"], entry)):
        shutil.copy(os.path.join(os.environ["ADVISOR_CACHE_DIR"], entry), tmp_path / "cache" / entry)
    env = dict(os.environ, ADVISOR_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("ADVISOR_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-m", "advisor", "explain", str(question)], env=env,
                           capture_output=True, check=True) for _ in range(3)]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    kept_files = sorted(p.name for p in (tmp_path / "cache").glob("re-*.pickle"))
    assert len(kept_files) == 1
    with open(tmp_path / "cache" / kept_files[0], "rb") as fh:
        assert len(pickle.load(fh)) > 50


def test_installed_before_the_knowledge_package_is_imported(tmp_path):
    """Finding the file imports no knowledge models, so the patterns the knowledge package
    compiles as it is imported are kept too."""
    code = (
        "import sys\n"
        "from advisor import regexcache\n"
        "regexcache.install('evaluate')\n"
        "print(regexcache._compiler.compile is regexcache._compile, 'advisor.kb' in sys.modules)\n"
    )
    env = dict(os.environ, ADVISOR_CACHE_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]

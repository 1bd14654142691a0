"""What keeps start-up fast (measured by bench/run.py, not timed here): lazy imports, and no
exam-reading knowledge for the commands that never read an exam question."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advisor import kb as kbmod
from advisor.kb import loader

HEAVY = ("experta", "rich", "questionary", "prompt_toolkit", "tomllib")


@pytest.mark.slow
def test_version_and_help_import_nothing_heavy():
    code = (
        "import sys\n"
        "from advisor.cli import build_parser\n"
        "build_parser().format_help()\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_knowledge_base_without_exam_knowledge_has_everything_else():
    full = kbmod.load()
    core = kbmod.load(exam=False)
    assert not (core.cues or core.terms or core.claims or core.exams)
    assert full.cues and full.exams
    for store in ("notes", "questions", "derived", "rules", "aliases"):
        assert getattr(core, store) == getattr(full, store), store
    assert core.files == full.files
    assert full.exam and not core.exam


def test_builtin_without_exam_knowledge_reuses_the_whole_one(kb):
    assert kbmod.builtin(exam=False) is kb  # the session's whole knowledge base is loaded already


def test_the_whole_builtin_is_loaded_after_a_partial_one(monkeypatch):
    monkeypatch.setattr(loader, "_BUILTIN", None)
    core = kbmod.builtin(exam=False)
    assert not core.exam and not core.cues
    full = kbmod.builtin()
    assert full.exam and full.cues
    assert kbmod.builtin(exam=False) is full


def test_own_knowledge_directories_are_always_loaded_whole(cli, tmp_path):
    """A broken cue in a --kb directory is refused even by evaluate, which reads no exam question."""
    (tmp_path / "bad.toml").write_text('[[cue]]\nid = "c"\ntrait = "static_content"\nvalue = true\nen = ["a{99999999999}"]\n',
                                      encoding="utf-8")
    r = cli("evaluate", "-", "--kb", str(tmp_path), stdin="{}")
    assert r.status == 1 and "bad.toml:" in r.stderr and "not a valid regular expression" in r.stderr


def test_commands_that_never_read_exam_questions_load_less(cli, write, monkeypatch):
    calls = []
    real = kbmod.builtin
    monkeypatch.setattr(kbmod, "builtin", lambda **kw: calls.append(kw) or real(**kw))
    cli("evaluate", write("a.json", "{}"), "--format", "json")
    cli("schema")
    assert calls == [{"exam": False}, {"exam": False}]

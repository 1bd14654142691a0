"""The knowledge base linter: the built-in base is clean, and each lint fires on its own
deliberately broken mini knowledge base (tests/kb_broken/<lint-id>/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import kb as kbmod
from advisor.kb.lint import LINTS, check

BROKEN = Path(__file__).parent / "kb_broken"
GOOD = Path(__file__).parent / "kb_good"


def test_builtin_knowledge_base_is_clean(kb):
    assert [str(f) for f in check(kb)] == []


def test_the_good_mini_base_is_clean():
    assert check(kbmod.load([GOOD], builtin=False)) == []


def test_every_lint_has_a_broken_base():
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(LINTS)


@pytest.mark.parametrize("lint", sorted(LINTS))
def test_lint_fires_on_its_broken_base(lint):
    findings = check(kbmod.load([BROKEN / lint], builtin=False))
    hits = [f for f in findings if f.lint == lint]
    assert hits, f"{lint} did not fire; got {[str(f) for f in findings]}"
    for f in hits:
        line = str(f)
        assert "\n" not in line
        assert line.startswith(f"{f.source.file}:{f.source.line}: {lint}: {f.item}: ")
        assert f.source.file.endswith("kb.toml") and f.source.line >= 1


def test_kb_check_command_passes_on_the_builtin_base(cli):
    r = cli("kb", "check")
    assert r.status == 0, r.stdout + r.stderr
    assert "no findings" in r.stdout


def test_kb_check_json(cli):
    r = cli("kb", "check", "--format", "json")
    doc = r.json()
    assert doc["ok"] is True and doc["findings"] == []
    assert doc["counts"]["notes"] >= 45


def test_kb_check_lists_its_lints(cli):
    r = cli("kb", "check", "--list")
    assert r.status == 0
    assert [line.split(":")[0] for line in r.stdout.splitlines()] == list(LINTS)

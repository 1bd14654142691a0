"""Import boundaries of the presentation layer (issue 13): explaining and consulting compute; only
advisor/present/ renders. A small AST walk over every module of the packages concerned."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "advisor"


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth (function-level imports included)."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).glob("*.py"))


@pytest.mark.parametrize("path", modules("explain"), ids=lambda p: p.name)
def test_explaining_neither_renders_nor_uses_the_report(path: Path):
    bad = {m for m in imported(path) if m == "rich" or m.startswith("rich.") or m == "advisor.report"}
    assert not bad, f"{path.name} imports {sorted(bad)}: rendering belongs in advisor/present/"


@pytest.mark.parametrize("path", modules("consult"), ids=lambda p: p.name)
def test_the_consultation_prints_only_through_present(path: Path):
    bad = {m for m in imported(path) if m == "rich" or m.startswith("rich.") or m == "advisor.report"}
    assert not bad, f"{path.name} imports {sorted(bad)}: the consultation prints through advisor.present.consult"
    source = path.read_text(encoding="utf-8")
    assert ".console.print(" not in source and "console.print(" not in source, f"{path.name} prints itself"


@pytest.mark.parametrize("package", ["explain", "consult", "present", "study"])
def test_no_module_is_over_400_lines(package: str):
    long = [f"{p.name}: {n}" for p in modules(package) if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not long, long

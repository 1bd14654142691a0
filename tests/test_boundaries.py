"""Import boundaries: reasoning and explain compute plain data; only advisor/present/ renders it.

A small AST walk over every module of a package finds its imports, at any depth (an import inside
a function counts as much as one at the top), and asserts none reaches rich or advisor.report.
"""

from __future__ import annotations

import ast
from pathlib import Path


import advisor

ROOT = Path(advisor.__file__).parent
FORBIDDEN = ("rich", "advisor.report")


def imported(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, with the line: ``import a.b`` gives a.b, ``from a import b``
    gives a and a.b (b may be a module)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                package = path.relative_to(ROOT.parent).with_suffix("").parts[: -node.level]
                base = ".".join(package + ((node.module,) if node.module else ()))
            else:
                base = node.module or ""
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def violations(package: str) -> list[str]:
    out = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for line, name in imported(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                out.append(f"{path.relative_to(ROOT.parent)}:{line}: imports {name}")
    return out


def test_reasoning_imports_neither_rich_nor_report():
    assert violations("reasoning") == []


def test_explain_imports_neither_rich_nor_report():
    assert violations("explain") == []


def test_the_walk_finds_every_kind_of_import(tmp_path, monkeypatch):
    """The check can fail: each way of writing an import of a forbidden module is caught."""
    package = tmp_path / "advisor" / "fake"
    package.mkdir(parents=True)
    (package / "a.py").write_text(
        "import rich\n"
        "def f():\n    from rich.text import Text\n"
        "from advisor import report\n"
        "from .. import report as r\n"
        "from advisor.report import dumps\n"
        "import json\nfrom advisor.present import words\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path / "advisor")
    found = violations("fake")
    assert sorted(v.split(": imports ")[1] for v in found) == [
        "advisor.report", "advisor.report", "advisor.report", "advisor.report.dumps", "rich", "rich.text", "rich.text.Text",
    ]

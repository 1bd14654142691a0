"""Regenerate every generated file in docs/, or check that the committed ones are fresh.

    uv run python scripts/gen_docs.py           # write the pages and the README's picture
    uv run python scripts/gen_docs.py --check   # exit 1, listing the stale pages, if any

What is generated (see scripts/docgen/): the note and rule catalogues, the note map, the
questionnaire, the answers-file JSON Schema and the command reference in docs/reference/, and
the report picture docs/img/report.svg. The output is deterministic; tests/test_docs.py runs
the check, so a change to the knowledge or the CLI without regenerated docs fails the tests.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]  # this checkout's advisor, and docgen

from advisor.errors import AdvisorError  # noqa: E402
from docgen import OWNED_DIRS, pages  # noqa: E402


def stale(root: Path, generated: dict[str, str]) -> list[tuple[str, str]]:
    """(path, why) for every generated file that differs from what is committed."""
    found = []
    for rel, text in generated.items():
        path = root / rel
        if not path.is_file():
            found.append((rel, "missing"))
        elif path.read_bytes() != text.encode("utf-8"):
            found.append((rel, "out of date"))
    for owned in OWNED_DIRS:
        directory = root / owned
        if directory.is_dir():
            for path in sorted(directory.rglob("*")):
                rel = path.relative_to(root).as_posix()
                if path.is_file() and rel not in generated:
                    found.append((rel, "no longer generated"))
    return found


def write(root: Path, generated: dict[str, str], changes: list[tuple[str, str]]) -> None:
    for rel, why in changes:
        path = root / rel
        if why == "no longer generated":
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(generated[rel].encode("utf-8"))
        tmp.replace(path)


def main(argv: list[str] | None = None, root: Path = ROOT, out=None) -> int:
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="gen_docs.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 and list the stale pages if any")
    args = parser.parse_args(argv)
    try:
        generated = pages(root)
    except AdvisorError as exc:  # malformed knowledge: file:line: message
        print(f"gen_docs.py: error: {exc}", file=sys.stderr)
        return 1
    changes = stale(root, generated)
    if args.check:
        for rel, why in changes:
            print(f"{rel}: {why}", file=out)
        if changes:
            print(f"{len(changes)} generated file{'s' if len(changes) != 1 else ''} stale: run `uv run python scripts/gen_docs.py`", file=out)
            return 1
        print(f"{len(generated)} generated files up to date", file=out)
        return 0
    write(root, generated, changes)
    for rel, why in changes:
        print(f"{rel}: {'removed' if why == 'no longer generated' else 'written'}", file=out)
    print(f"{len(generated)} generated files, {len(changes)} changed", file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

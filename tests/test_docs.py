"""The generated docs are fresh, complete and render as written.

`scripts/gen_docs.py --check` is run here, so a change to the knowledge base or the CLI that is
committed without regenerated docs fails the tests.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from advisor.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import gen_docs  # noqa: E402
from docgen import PICTURE, pages  # noqa: E402
from docgen.md import esc, slug, table  # noqa: E402
from docgen.picture import EXAMPLE, report_svg  # noqa: E402

REFERENCE = ROOT / "docs" / "reference"


def check(root: Path = ROOT) -> tuple[int, str]:
    out = io.StringIO()
    status = gen_docs.main(["--check"], root=root, out=out)
    return status, out.getvalue()


def test_committed_docs_are_fresh():
    status, report = check()
    assert status == 0, f"generated docs are stale; run `uv run python scripts/gen_docs.py`\n{report}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A copy of what the generator reads, with freshly generated docs (made once: seconds)."""
    root = tmp_path_factory.mktemp("generated")
    shutil.copytree(ROOT / "knowledge", root / "knowledge")
    (root / "examples").mkdir()
    shutil.copy(ROOT / EXAMPLE, root / EXAMPLE)
    assert gen_docs.main([], root=root, out=io.StringIO()) == 0
    assert check(root)[0] == 0
    return root


@pytest.fixture
def scratch(generated, tmp_path):
    """A copy of ``generated`` of this test's own, to change."""
    shutil.copytree(generated, tmp_path / "root")
    return tmp_path / "root"


@pytest.mark.slow
def test_check_lists_every_stale_page(scratch):
    (scratch / "docs/reference/rules.md").write_text("edited by hand\n", encoding="utf-8")
    (scratch / "docs/reference/commands.md").unlink()
    (scratch / "docs/reference/old-page.md").write_text("# gone\n", encoding="utf-8")
    status, report = check(scratch)
    assert status == 1
    assert "docs/reference/rules.md: out of date" in report
    assert "docs/reference/commands.md: missing" in report
    assert "docs/reference/old-page.md: no longer generated" in report
    assert "3 generated files stale" in report
    assert gen_docs.main([], root=scratch, out=io.StringIO()) == 0
    assert check(scratch)[0] == 0
    assert not (scratch / "docs/reference/old-page.md").exists()


@pytest.mark.slow
def test_a_knowledge_change_makes_the_pages_stale(scratch):
    notes = scratch / "knowledge/notes/sqs.toml"
    text = notes.read_text(encoding="utf-8")
    notes.write_text(text.replace("With long polling,", "With long polling (changed),", 1), encoding="utf-8")
    status, report = check(scratch)
    assert status == 1
    assert "docs/reference/notes.md: out of date" in report
    assert "docs/reference/rules.md" not in report  # the rules did not change


@pytest.mark.slow
def test_malformed_knowledge_is_one_line_not_a_traceback(scratch, capsys):
    (scratch / "knowledge/rules/broken.toml").write_text("[[rule]]\nid = 'x'\n", encoding="utf-8")
    assert gen_docs.main(["--check"], root=scratch, out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.toml:1: [[rule]] is missing the required key" in err


@pytest.mark.slow
def test_output_does_not_depend_on_hash_seed_or_environment(tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "12345", "NO_COLOR": "1", "COLUMNS": "37", "LANG": "C", "FORCE_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------------ the command reference

def commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ("advisor",)):
    """(words, help it is listed with) for every subcommand, found by walking argparse."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {a.dest: a.help for a in action._choices_actions}
            for word, sub in action.choices.items():
                if word in listed:  # aliases are not listed separately
                    yield words + (word,), listed[word], sub
                    yield from commands(sub, words + (word,))


COMMANDS = list(commands(build_parser()))


def test_the_walk_finds_subcommands():
    names = {" ".join(w) for w, _, _ in COMMANDS}
    assert {"advisor evaluate", "advisor kb", "advisor kb check", "advisor kb export", "advisor schema"} <= names


@pytest.mark.parametrize("words", [w for w, _, _ in COMMANDS], ids=lambda w: " ".join(w[1:]))
def test_every_command_is_in_the_reference_with_its_help(words, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("PYTHON_COLORS", "0")
    monkeypatch.setenv("NO_COLOR", "1")
    summary = next(h for w, h, _ in COMMANDS if w == words)
    assert summary and summary.strip(), f"{' '.join(words)} has no help= text for `advisor --help` to list"
    with pytest.raises(SystemExit) as exit:
        main([*words[1:], "--help"])
    assert exit.value.code == 0
    printed = capsys.readouterr().out
    page = (REFERENCE / "commands.md").read_text(encoding="utf-8")
    name = " ".join(words)
    assert f"\n## {name}\n" in page
    section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
    assert esc(summary[0].upper() + summary[1:]) in section
    assert f"```text\n{printed}```" in section, f"the reference shows other help for {name} than `{name} --help`"


def test_the_program_itself_is_in_the_reference():
    page = (REFERENCE / "commands.md").read_text(encoding="utf-8")
    assert "\n## advisor\n" in page
    assert "usage: advisor [-h]" in page


# ------------------------------------------------------------------------ knowledge pages

def test_every_note_rule_trait_and_fact_has_its_entry(kb):
    headings = {
        name: {line[4:] for line in (REFERENCE / name).read_text(encoding="utf-8").splitlines() if line.startswith("### ")}
        for name in ("notes.md", "rules.md", "questionnaire.md")
    }
    assert set(kb.notes) <= headings["notes.md"]
    assert set(kb.rules) <= headings["rules.md"]
    assert set(kb.questions) | set(kb.derived) <= headings["questionnaire.md"]
    note_map = (REFERENCE / "note-map.md").read_text(encoding="utf-8")
    for note_id in kb.notes:
        assert f"| [`{note_id}`](notes.md#{note_id})" in note_map


def test_corrections_are_marked_with_their_references(kb):
    page = (REFERENCE / "notes.md").read_text(encoding="utf-8")
    for note in kb.notes.values():
        entry = page.split(f"\n### {note.id}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert ("**Correction.**" in entry) == (note.correction is not None), note.id
        if note.correction:
            for ref in note.correction.refs:
                assert f"<{ref}>" in entry


def test_the_schema_file_is_what_advisor_schema_prints(cli):
    assert (REFERENCE / "answers.schema.json").read_text(encoding="utf-8") == cli("schema").stdout


# ------------------------------------------------------------------------ Markdown that renders

def test_escaping_keeps_tables_and_text_intact():
    assert esc("a | b") == "a \\| b"
    assert esc("2~10 and 3~5") == "2\\~10 and 3\\~5"  # GitHub would strike through between the tildes
    assert esc("<stdin> *x* [y]") == "\\<stdin\\> \\*x\\* \\[y\\]"
    rows = table(["a", "b"], [[esc("one | two"), "three"]])
    assert len(re.findall(r"(?<!\\)\|", rows[2])) == 3  # two cells, however many pipes the text holds


@pytest.mark.parametrize("rel", sorted(p.relative_to(ROOT).as_posix() for p in REFERENCE.glob("*.md")))
def test_generated_tables_keep_their_columns(rel):
    """A `|` in some text must not split a cell: every row has as many cells as its header."""
    text = (ROOT / rel).read_text(encoding="utf-8")
    cells = None
    for line in text.splitlines():
        if line.startswith("|"):
            count = len(re.findall(r"(?<!\\)\|", line))
            cells = cells or count
            assert count == cells, f"{rel}: {line[:120]}"
        else:
            cells = None


def test_slugs_match_github():
    assert slug("EC2 › Elastic IP") == "ec2--elastic-ip"
    assert slug("AutoScaling › 인스턴스가 비정상(unhealthy)인 경우") == "autoscaling--인스턴스가-비정상unhealthy인-경우"
    assert slug("advisor kb check") == "advisor-kb-check"
    assert slug("static_content") == "static_content"


LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").rglob("*.md"))]


@functools.lru_cache(maxsize=None)
def anchors(path: Path) -> set[str]:
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("#"):
            found.add(slug(line.lstrip("#").strip()))
    return found


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_lead_somewhere(path):
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)}: links to nothing: {broken}"


# ------------------------------------------------------------------------ the README's picture

def test_the_picture_is_byte_stable_and_real(kb):
    first, second = report_svg(kb, ROOT), report_svg(kb, ROOT)
    assert first == second
    assert "terminal-" not in first  # no id derived from the content: ours is fixed
    assert (ROOT / PICTURE).read_text(encoding="utf-8") == first
    assert "hibernation-ram-too-large" in first  # a rule the example makes fire
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({PICTURE})" in readme and f"advisor evaluate {EXAMPLE}" in readme


def test_the_progress_picture_is_byte_stable_and_real(kb):
    from docgen import study

    first, second = study.progress_svg(kb), study.progress_svg(kb)
    assert first == second and "terminal-" not in first
    assert (ROOT / study.PICTURE).read_text(encoding="utf-8") == first
    assert "Study" in first and "notebook" in first and all(t in first for t in {n.topic for n in kb.notes.values()})
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    studying = readme.split("## Studying for the exam", 1)[1].split("\n## ", 1)[0]
    assert f"]({study.PICTURE})" in studying and "advisor progress" in studying


def test_pages_are_sorted_and_end_with_a_newline():
    generated = pages(ROOT)
    assert list(generated) == sorted(generated)
    for rel, text in generated.items():
        assert text.endswith("\n") and not text.endswith("\n\n"), rel

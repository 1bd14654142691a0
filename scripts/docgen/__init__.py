"""Everything in docs/ that is generated: what each page is, and how it is made.

``pages(root)`` returns every generated file as text, keyed by its path relative to the
repository. It reads the knowledge base from ``root/knowledge`` and the CLI from
``advisor.cli.build_parser()``; nothing depends on the clock, the hash seed, the locale, the
working directory or the terminal.
"""

from __future__ import annotations

from pathlib import Path

from advisor.kb import Kind, KnowledgeBase, load

#: Directories the generator owns: a file in them that it no longer produces is stale.
OWNED_DIRS = ("docs/reference",)
PICTURE = "docs/img/report.svg"


def pages(root: Path) -> dict[str, str]:
    from advisor.cli import build_parser

    from docgen import commands, knowledge, picture, study

    kb = load([root / "knowledge"], builtin=False)
    facts = knowledge.Facts(kb, root)
    parser = build_parser()
    out = {
        "docs/reference/README.md": index_page(kb, len(commands.walk(parser))),
        "docs/reference/notes.md": knowledge.notes_page(facts),
        "docs/reference/rules.md": knowledge.rules_page(facts),
        "docs/reference/note-map.md": knowledge.note_map_page(facts),
        "docs/reference/questionnaire.md": knowledge.questionnaire_page(facts),
        "docs/reference/answers.schema.json": knowledge.schema_file(kb),
        "docs/reference/commands.md": commands.commands_page(parser),
        PICTURE: picture.report_svg(kb, root),
        study.PICTURE: study.progress_svg(kb),
    }
    return dict(sorted(out.items()))


def index_page(kb: KnowledgeBase, commands: int) -> str:
    from docgen.md import Page, link, table

    page = Page("Reference", "the knowledge base and the CLI")
    kinds = ", ".join(f"{sum(1 for r in kb.rules.values() if r.kind is k)} {k.value}" for k in Kind)
    corrections = sum(1 for n in kb.notes.values() if n.correction)
    page.add(
        "Pages generated from the knowledge base (`knowledge/`) and the CLI. Regenerate them, and the README's "
        "picture, with:",
        "",
        "```console",
        "uv run python scripts/gen_docs.py",
        "```",
        "",
        "`--check` lists the pages that are stale instead of writing them; the tests run it "
        "(`tests/test_docs.py`). How the advisor reasons, and how to add to its knowledge, is explained in the "
        "[guides](../guides/).",
        "",
    )
    page.extend(table(["page", "what is in it"], [
        [link("Note catalogue", "notes.md"),
         f"{len(kb.notes)} notes by seed section, in English and Korean; {corrections} with corrections and their references"],
        [link("Rule catalogue", "rules.md"), f"{len(kb.rules)} rules ({kinds}): conditions, conclusion, notes, answers that make each fire"],
        [link("Note map", "note-map.md"), "each note → the rules it drives → the services they name; each service → its rules and notes"],
        [link("Questionnaire", "questionnaire.md"),
         f"{len(kb.questions)} traits (types, ranges, choices, prompts in both languages) and {len(kb.derived)} derived facts"],
        [link("Answers schema", "answers.schema.json"), "the JSON Schema of answers files, as `advisor schema` prints it"],
        [link("Command reference", "commands.md"), f"{commands} commands and subcommands, with their `--help`"],
    ]))
    return page.text()

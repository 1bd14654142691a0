"""The command reference: every command's and subcommand's ``--help``, walked from the parser."""

from __future__ import annotations

import argparse
import copy
import functools
from dataclasses import dataclass

from docgen.md import Page, code, esc, link, slug, table

#: ``COLUMNS=100``: argparse wraps help at the terminal width minus 2.
COLUMNS = 100


@dataclass(frozen=True)
class Command:
    words: tuple[str, ...]  # ("advisor", "kb", "check")
    parser: argparse.ArgumentParser
    summary: str | None  # the help= its parent lists it with (the description, for the program)

    @property
    def name(self) -> str:
        return " ".join(self.words)


def walk(parser: argparse.ArgumentParser, words: tuple[str, ...] = ("advisor",), summary: str | None = None) -> list[Command]:
    """The parser and all its subcommands, depth first, in the order they were registered.
    An alias is not listed again: it leads to the same parser."""
    found = [Command(words, parser, summary if summary is not None else parser.description)]
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        helps = {choice.dest: choice.help for choice in action._choices_actions}
        seen: set[int] = set()
        for word, sub in action.choices.items():
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            found.extend(walk(sub, words + (word,), helps.get(word)))
    return found


def help_text(parser: argparse.ArgumentParser) -> str:
    """``--help`` as a 100-column terminal shows it, without colour, whatever the real terminal."""
    fixed = copy.copy(parser)
    fixed.formatter_class = functools.partial(parser.formatter_class, width=COLUMNS - 2)
    fixed.color = False  # Python 3.14+ colours help; older versions ignore the attribute
    return fixed.format_help()


def commands_page(parser: argparse.ArgumentParser) -> str:
    found = walk(parser)
    page = Page("Command reference", "the argparse parser, advisor.cli.build_parser()")
    page.add(
        "Every command and subcommand of `advisor`, with the help it prints for `--help` in a 100-column "
        "terminal. The page is generated from the parser itself, so a new command or option shows up here as "
        "soon as the docs are regenerated (`uv run python scripts/gen_docs.py`).",
        "",
    )
    anchors = {c.name: slug(c.name) for c in found}
    page.extend(table(
        ["command", "what it does"],
        [[link(code(c.name, cell=True), f"#{anchors[c.name]}"), esc(c.summary or "")] for c in found],
    ))
    page.add("")
    for c in found:
        page.heading(2, c.name, anchors[c.name])
        if c.summary and len(c.words) > 1:
            page.add(esc(c.summary[0].upper() + c.summary[1:]) + ("" if c.summary.endswith(".") else "."), "")
        page.add("```text", help_text(c.parser).rstrip("\n"), "```", "")
    return page.text()

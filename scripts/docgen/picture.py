"""The README's picture: a real report, rendered by the advisor and exported as SVG by rich."""

from __future__ import annotations

import io
from pathlib import Path

from advisor.answers import validate
from advisor.inputs import parse_json
from advisor.engine import engine_for
from advisor.kb import KnowledgeBase
from advisor.present.evaluation import render_evaluation
from advisor.present.words import Words

#: The example the picture shows: warnings, advice, a derived fact and corrections, in one screen.
EXAMPLE = "examples/hibernation-large-memory.json"
WIDTH = 100


def terminal(command: str):
    """A recording console for a README picture, with ``$ command`` and a blank line printed:
    it ignores the process environment (NO_COLOR, COLUMNS, ...) and has a fixed width, so the
    exported image is the same bytes on every run."""
    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, file=io.StringIO(), width=WIDTH, force_terminal=True, color_system="truecolor",
                      no_color=False, highlight=False, emoji=False, soft_wrap=False, legacy_windows=False, _environ={})
    console.print(Text.assemble(("$ ", "dim"), (command, "bold")))
    console.print()
    return console


def report_svg(kb: KnowledgeBase, root: Path, example: str = EXAMPLE) -> str:
    """``advisor evaluate EXAMPLE`` as the terminal shows it, as an SVG image.

    The console ignores the process environment (NO_COLOR, COLUMNS, ...), has a fixed width, and the
    SVG gets a fixed id, so that the image is byte-for-byte the same on every run.
    """
    text = (root / example).read_text(encoding="utf-8")
    answers = validate(kb, parse_json(example, text))  # one answer set: an object of trait -> value
    ev = engine_for(kb).evaluate(answers)
    command = f"advisor evaluate {example}"
    console = terminal(command)
    render_evaluation(console, kb, ev, example, Words("en"))
    return console.export_svg(title=command, unique_id="arch-advisor-report")

"""The text report laid out without rich's console (advisor/present/plainreport.py) is the same
text rich draws on the plain console: on every example and scenario, in both languages, at many
widths; its steps (wrapping, the rule, the grid) against rich's on generated text; and what it does
not follow (a trace, control characters, tabs, another encoding) is drawn by rich."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from advisor.answers import load_answers
from advisor.engine import engine_for
from advisor.env import Env, make_console
from advisor.present import plainreport
from advisor.present.evaluation import render_evaluation
from advisor.present.words import Words

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "examples").glob("*.json")) + sorted((ROOT / "tests" / "scenarios").glob("*.json"))
WIDTHS = (20, 27, 33, 41, 58, 80, 161)


def _evaluations(kb):
    engine = engine_for(kb)
    for path in FILES:
        _, answers, _ = load_answers(kb, str(path))
        yield path.name, engine.evaluate(answers)


def _rich(kb, ev, title, w, width, show_trace=False, encoding=None) -> str:
    out = _Stream(encoding)
    render_evaluation(make_console(out, is_tty=False, width=width), kb, ev, title, w, show_trace=show_trace)
    return out.getvalue()


def _plain(kb, ev, title, w, width, show_trace=False, encoding=None, plain_only=False) -> str:
    """The report on the plain console; ``plain_only``: fail if it falls back to rich."""
    out = _Stream(encoding)

    def rich_console():
        assert not plain_only, f"{title}: fell back to rich at width {width}"
        return make_console(out, is_tty=False, width=width)

    console = plainreport.PlainConsole(out, width, rich_console)
    render_evaluation(console, kb, ev, title, w, show_trace=show_trace)
    return out.getvalue()


class _Stream(io.StringIO):
    def __init__(self, encoding=None):
        super().__init__()
        self._encoding = encoding

    @property
    def encoding(self):
        return self._encoding


def test_the_same_report_on_every_example_and_scenario(kb):
    """At the width of a pipe (100) and at one more width each, in turn from narrow to wide."""
    drawn = 0
    for i, (name, ev) in enumerate(_evaluations(kb)):
        for lang in ("en", "ko"):
            w = Words(lang)
            for width in (100, WIDTHS[(2 * i + (lang == "ko")) % len(WIDTHS)]):
                expected = _rich(kb, ev, name, w, width)
                assert _plain(kb, ev, name, w, width, plain_only=True) == expected, (name, lang, width)
                drawn += 1
    assert drawn == len(FILES) * 4


def test_the_plain_layout_is_used_and_rich_console_is_not_made(kb):
    name, ev = next(_evaluations(kb))
    made = []
    out = io.StringIO()
    console = plainreport.PlainConsole(out, 100, lambda: made.append(1) or make_console(out, False, width=100))
    render_evaluation(console, kb, ev, name, Words("en"))
    assert out.getvalue() and not made


@pytest.mark.parametrize("title", ["odd\tname.json", "bell\x07.json", "esc\x1b[31m.json", "rtl\u202e.json", "zwj\u200d.json"])
def test_text_rich_treats_specially_is_left_to_rich(kb, title):
    _, ev = next(_evaluations(kb))
    w = Words("en")
    console = plainreport.PlainConsole(io.StringIO(), 80, lambda: None)
    assert plainreport.report(console, kb, ev, title, w) is None
    assert _plain(kb, ev, title, w, 80) == _rich(kb, ev, title, w, 80)


def test_a_trace_and_another_encoding_are_left_to_rich(kb):
    name, ev = next(_evaluations(kb))
    w = Words("en")
    assert _plain(kb, ev, name, w, 80, show_trace=True) == _rich(kb, ev, name, w, 80, show_trace=True)
    assert plainreport.report(plainreport.PlainConsole(_Stream("ascii"), 80, lambda: None), kb, ev, name, w) is None
    assert _plain(kb, ev, name, w, 80, encoding="ascii") == _rich(kb, ev, name, w, 80, encoding="ascii")


def test_a_report_console_only_for_a_file_or_a_pipe():
    class Tty(io.StringIO):
        def isatty(self):
            return True

    piped = Env(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), environ={"COLUMNS": "64"})
    assert isinstance(piped.report_console(), plainreport.PlainConsole) and piped.report_console().width == 64
    terminal = Env(stdin=io.StringIO(), stdout=Tty(), stderr=io.StringIO(), environ={})
    assert not isinstance(terminal.report_console(), plainreport.PlainConsole)


@pytest.mark.slow
def test_a_piped_text_report_imports_neither_rich_console_nor_its_table():
    """What the plain layout is for (its speed is measured by bench/run.py, not timed here)."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('rich')))))\n"
        "from advisor.cli import main\n"
        "sys.exit(main(['evaluate', 'examples/global-static-site.json']))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = ast.literal_eval(done.stderr.strip().splitlines()[-1])
    assert done.stdout.startswith("examples/global-static-site.json ─")
    assert loaded and not {"rich.console", "rich.table", "rich.text", "rich.segment"} & set(loaded), loaded


# ---------------------------------------------------------------------- the steps, on generated text

#: words rich measures in different ways: wide (Korean, CJK), zero-width (a combining accent),
#: other spaces (an ideographic space, a no-break space), long runs that must fold
PIECES = ["a", "bc", "Amazon", "S3", " ", "  ", "가", "한국어", "東京", "é", "e\u0301", "\u3000", "\u00a0",
          "-", "·", "✔", "[1]", "x" * 30, "나" * 25, "\n"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _rich_lines(renderable, width: int, **print_options) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, markup=False, highlight=False, emoji=False,
            force_terminal=False, legacy_windows=False).print(renderable, **print_options)
    return [line.rstrip(" ") for line in out.getvalue().split("\n")[:-1]]


@settings(max_examples=300, deadline=None)
@given(text=texts, width=st.integers(min_value=4, max_value=60))
def test_wrapping_as_rich_wraps(text, width):
    assert [line.rstrip(" ") for line in plainreport.wrap(text, width)] == _rich_lines(Text(text), width)


@settings(max_examples=200, deadline=None)
@given(title=texts, width=st.integers(min_value=20, max_value=60))
def test_the_rule_as_rich_draws_it(title, width):
    try:
        line = plainreport.rule(title, width)
    except plainreport.Unfollowed:
        return
    assert [line.rstrip(" ")] == _rich_lines(Rule(Text(title), align="left"), width)


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(["✔", "⚠", "[1]", "[12]", "가"]), texts), min_size=1, max_size=4),
       width=st.integers(min_value=20, max_value=60))
def test_the_grid_as_rich_draws_it(rows, width):
    table = Table.grid(padding=(0, 1, 0, 0))
    table.add_column(no_wrap=True, justify="right")
    table.add_column(overflow="fold")
    cells = []
    for mark, body in rows:
        if cells:
            table.add_row()
            cells.append(None)
        table.add_row(Text(mark), Text(body))
        cells.append((mark, body))
    try:
        lines = plainreport.grid(cells, width)
    except plainreport.Unfollowed:
        return
    assert [line.rstrip(" ") for line in lines] == _rich_lines(table, width)


def test_a_rich_without_the_wrapping_it_follows_draws_the_report_itself(kb, monkeypatch):
    """Another rich version (pip may install one newer than the lock's) without the private
    function this module follows: the report is drawn by rich, the same, never a traceback."""
    import rich._wrap

    name, ev = next(_evaluations(kb))
    w = Words("en")
    expected = _rich(kb, ev, name, w, 100)
    monkeypatch.delattr(rich._wrap, "divide_line")
    assert plainreport.report(plainreport.PlainConsole(io.StringIO(), 100, None), kb, ev, name, w) is None
    assert _plain(kb, ev, name, w, 100) == expected

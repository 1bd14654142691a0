"""The text report of ``advisor evaluate`` going to a file or a pipe, laid out without rich's console.

Piped, the report has no colours and no styles: rich's part is only the layout (the rule under the
title, lines wrapped between words, the two-column grids). Importing rich's console, text and
table modules and drawing through them is some 50 ms of CPU, a third of a one-file ``evaluate``
(docs/performance.md). This module lays the same report out with rich's own measuring and
wrapping functions (``rich.cells``, ``rich._wrap``: the same cell widths, the same break points),
following the steps rich takes for exactly the renderables :func:`advisor.present.evaluation.
render_evaluation` prints (a left-aligned ``Rule``, ``Text`` at the console's width, a
``Table.grid`` with a right-justified first column and a folding second one), so the bytes are
the same; tests/test_plainreport.py compares the two on every example and scenario, in both
languages, at many widths.

Whatever this module does not follow exactly is left to rich: a terminal (styles, its width),
``--trace``, an encoding other than UTF-8, and text with characters rich treats specially (control
characters, tabs, zero-width joiners, the characters :func:`advisor.safetext.safe` escapes):
:func:`report` then returns None and the caller draws with rich.
"""

from __future__ import annotations

import re

from advisor.safetext import UNSAFE

#: characters with which rich's Text behaves in ways this module does not follow (it strips some
#: controls, expands tabs, measures joined emoji as one) or that the safe console escapes after
#: wrapping: a report holding any is drawn by rich
_SPECIAL = re.compile(UNSAFE.pattern[:-1] + "\t\u200d\ufe0f]")
_TRAILING_SPACE = re.compile(r"\s+$")


class Unfollowed(Exception):
    """A case :func:`report` leaves to rich."""


class PlainConsole:
    """What ``evaluate`` prints a text report on when standard output is not a terminal: the
    stream, the width and (made only when needed) the rich console it stands for."""

    is_terminal = False
    #: advisor.present.evaluation.render_evaluation lays the report out with this module
    plain_layout = True

    def __init__(self, stream, width: int, rich_console):
        self.stream = stream
        self.width = width
        self._rich = rich_console  # () -> the rich console of advisor.env.make_console
        self._made = None

    def rich(self):
        """The rich console the report is drawn on when :func:`report` does not follow it."""
        if self._made is None:
            self._made = self._rich()
        return self._made

    def encoding(self) -> str:
        return (getattr(self.stream, "encoding", "utf-8") or "utf-8").lower()

    def write_lines(self, lines: list[str]) -> None:
        """The lines, each ended by a newline and without trailing spaces (as the plain console
        writes them, advisor.env._TrimmingWriter), flushed as rich flushes after a print."""
        self.stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        self.stream.flush()


# ---------------------------------------------------------------------- rich's steps

def _cells():
    from rich.cells import cell_len, set_cell_size

    return cell_len, set_cell_size


def wrap(text: str, width: int, justify: str = "default") -> list[str]:
    """``Text(text).wrap(console, width, justify=justify, overflow="fold")``: each line of
    ``text`` broken between words (a word longer than a line folded), whitespace beyond the
    width dropped, then (justify "left") padded to the width."""
    from rich._wrap import divide_line

    cell_len, set_cell_size = _cells()
    out: list[str] = []
    for line in text.split("\n"):
        # a line that fits has no break (cell widths add up outside the joiners left to rich)
        offsets = divide_line(line, width, fold=True) if cell_len(line) > width else []
        pieces = [line[a:b] for a, b in zip([0, *offsets], [*offsets, len(line)])]
        for piece in pieces:
            if len(piece) > width:  # Text.rstrip_end: counts characters, not cells
                space = _TRAILING_SPACE.search(piece)
                if space is not None:
                    piece = piece[: len(piece) - min(len(space.group()), len(piece) - width)]
            size = cell_len(piece)
            if size > width:  # Text.truncate, overflow fold
                piece = set_cell_size(piece, width)
            elif justify == "left" and size < width:
                piece += " " * (width - size)
            out.append(piece)
    return out


def rule(title: str, width: int) -> str:
    """``Rule(Text(title), align="left")`` at ``width``: the title, a space, then the line."""
    cell_len, set_cell_size = _cells()
    if not title:  # Rule draws a line alone
        return "─" * width
    title = title.replace("\n", " ")
    room = max(0, width - 2)
    if not room:
        raise Unfollowed("no room for the title")
    if cell_len(title) > room:  # truncated with an ellipsis
        title = set_cell_size(title, room - 1) + "…"
    line = title + " "
    line += "─" * (width - cell_len(line))
    line = set_cell_size(line, width)
    if len(line) > width or cell_len(line) != width:
        raise Unfollowed("a title rich would wrap or measure otherwise")
    return line


def grid(rows: list[tuple[str, str] | None], width: int) -> list[str]:
    """``Table.grid(padding=(0, 1, 0, 0))`` with a right-justified, unwrapped first column and a
    folding second one, at ``width``; None is an empty row. The lines, padded as rich pads them
    (the writer drops trailing spaces)."""
    cell_len, _ = _cells()
    cells = [r if r is not None else ("", "") for r in rows]
    # the columns' measurements (Measurement.get of each Padding'd cell; the first column has one
    # cell of padding on its right, the second none)
    first = max(min(_text_max(a, cell_len), width) + 1 for a, _ in cells)
    first = min(first, width)
    second = max(min(_text_max(b, cell_len), width) for _, b in cells) or 1
    if first >= width or first < 2:
        raise Unfollowed("a first column as wide as the page")
    if first + second > width:  # Table._collapse_widths: only the second column may shrink
        second = width - first
    lines: list[str] = []
    for mark, body in cells:
        right = wrap(body, second, justify="left")
        left = _right_justified(mark, first - 1, cell_len)
        lines.append(left + " " + right[0])
        blank = " " * first
        lines.extend(blank + line for line in right[1:])
    return lines


def _text_max(text: str, cell_len) -> int:
    """The maximum of ``Text(text).__rich_measure__``: its widest line."""
    lines = text.splitlines()
    return max(cell_len(line) for line in lines) if lines else 0


def _right_justified(text: str, width: int, cell_len) -> str:
    if "\n" in text:
        raise Unfollowed("a mark of several lines")
    text = text.rstrip()
    size = cell_len(text)
    if size > width:
        raise Unfollowed("a mark wider than its column")
    return " " * (width - size) + text


# ---------------------------------------------------------------------- the report

def report(console: PlainConsole, kb, ev, title: str, w) -> list[str] | None:
    """The lines of ``render_evaluation``'s report (without a trace) as rich draws it on a plain
    console of ``console.width``, or None when this module does not follow rich there."""
    if not console.encoding().startswith("utf"):
        return None  # rich draws the rule with "-" then
    try:
        return _report(console.width, kb, ev, title, w)
    except Unfollowed:
        return None
    except (ImportError, AttributeError, TypeError):  # a rich whose private wrapping differs: its own way
        return None


def _report(width: int, kb, ev, title: str, w) -> list[str]:
    from advisor.present.evaluation import (
        KINDS,
        KIND_MARKS,
        answer_text,
        cited_notes,
        conclusion_plain,
        has_korean_section,
        heading,
        note_plain,
    )

    texts: list[str] = []  # everything laid out, checked for what rich treats specially

    def text(s: str) -> list[str]:
        texts.append(s)
        return wrap(s, width)

    texts.append(title)
    out = [rule(title, width)]
    answered = " · ".join(answer_text(kb, t, v, w) for t, v in ev.answers.items())
    out += text(w("report.answers") + ": " + (answered or w("report.none_answered")))
    out.append("")
    if not ev.conclusions:
        out += text(w("report.no_conclusions"))
        out.append("")
    numbers = {note_id: i for i, note_id in enumerate(cited_notes(ev), start=1)}
    for kind in KINDS:
        group = [c for c in ev.conclusions if c.kind is kind]
        if not group:
            continue
        out += text(heading(kind, w))
        rows: list[tuple[str, str] | None] = []
        for c in group:
            if rows:
                rows.append(None)
            rows.append((KIND_MARKS[kind], conclusion_plain(kb, c, w, numbers)))
        texts.extend(r[1] for r in rows if r is not None)
        out += grid(rows, width)
        out.append("")
    if numbers:
        out += text(w("report.notes_heading"))
        if w.lang != "ko" and has_korean_section(kb.notes[n] for n in numbers):
            out += text(w("report.korean_sections"))
        urls: list[str] = []
        rows = []
        for note_id, n in numbers.items():
            if rows:
                rows.append(None)
            rows.append((f"[{n}]", note_plain(kb.notes[note_id], w, urls)))
        texts.extend(r[1] for r in rows if r is not None)
        out += grid(rows, width)
        if urls:
            out.append("")
            lines = [f"<{i}> {url}" for i, url in enumerate(urls, start=1)]
            texts.extend(lines)
            out += [part for line in lines for part in line.split("\n")]  # soft wrap: never cut
        out.append("")
    if any(_SPECIAL.search(s) for s in texts):
        raise Unfollowed("text rich treats specially")
    return out

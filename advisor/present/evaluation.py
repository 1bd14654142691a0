"""The report of an evaluation, rendered as JSON, Markdown or rich text (``advisor evaluate``).

The JSON document around the results is advisor/present/document.py's.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from advisor.engine import Conclusion, Evaluation, Step
from advisor.kb import Kind, KnowledgeBase, Note
from advisor.present.document import plain
from advisor.present.words import Words

KINDS = (Kind.RECOMMEND, Kind.AVOID, Kind.WARN, Kind.ADVISE)
"""The kinds of conclusion a report shows, in the order it shows them."""
KIND_MARKS = {Kind.RECOMMEND: "✔", Kind.AVOID: "✘", Kind.WARN: "⚠", Kind.ADVISE: "➜"}
KIND_STYLES = {Kind.RECOMMEND: "green", Kind.AVOID: "red", Kind.WARN: "yellow", Kind.ADVISE: "cyan"}


def heading(kind: Kind, w: Words) -> str:
    """The heading of a group of conclusions of one kind (``Warnings``)."""
    return w(f"report.heading.{kind.value}")


def kind_word(kind: Kind, w: Words) -> str:
    """The kind of one conclusion (``Warning``), for a line that shows a single one."""
    return w(f"report.kind.{kind.value}")


def has_korean_section(notes) -> bool:
    """Does some note's section path use the study note's Korean headings?"""
    return any(any("\uac00" <= ch <= "\ud7a3" for ch in note.section) for note in notes)


def grounds(ev: Evaluation, step: Step) -> list[tuple[str, Any]]:
    """The answers a step ultimately rests on, through the derived facts it matched."""
    return _grounds(ev.derived_by(), step)


def describe_matched(kb: KnowledgeBase, step: Step, w: Words) -> list[str]:
    parts = []
    for m in step.matched:
        if m.derived is not None:
            d = kb.derived.get(m.derived)
            parts.append(f"[{m.derived}]" + (f" {d.label.get(w.lang)}" if d else ""))
        else:
            parts.append(answer_text(kb, m.trait, m.value, w))
    return parts


def answer_value(kb: KnowledgeBase, trait: str, value: Any, w: Words) -> str:
    """An answer as its question shows it (``yes``, ``120 ms``)."""
    q = kb.questions.get(trait)
    return q.format_value(value, w) if q else str(value)


def answer_text(kb: KnowledgeBase, trait: str, value: Any, w: Words) -> str:
    q = kb.questions.get(trait)
    shown = q.format_value(value, w) if q else json.dumps(value)
    return f"{trait} = {shown}"


# ----------------------------------------------------------------------------- JSON

def conclusion_json(kb: KnowledgeBase, ev: Evaluation, c: Conclusion, w: Words) -> dict[str, Any]:
    rule = c.rule
    because = []
    for m in c.step.matched:
        because.append({"derived": m.derived} if m.derived is not None else {"trait": m.trait, "value": plain(m.value)})
    return {
        "kind": rule.kind.value,
        "title": rule.title.get(w.lang),
        "service": rule.service,
        "rule": rule.id,
        "notes": list(rule.notes),
        "detail": rule.detail.get(w.lang) if rule.detail else None,
        "because": because,
        "answers": {t: plain(v) for t, v in grounds(ev, c.step)},
        "step": c.step.number,
    }


def evaluation_json(kb: KnowledgeBase, ev: Evaluation, w: Words) -> dict[str, Any]:
    """The evaluation's members of the evaluate document."""
    return {
        "answers": {k: plain(v) for k, v in ev.answers.items()},
        "conclusions": [conclusion_json(kb, ev, c, w) for c in ev.conclusions],
        "trace": [s.to_json() for s in ev.trace],
    }


def _grounds(derived_by: dict[str, Step], step: Step) -> list[tuple[str, Any]]:
    """:func:`grounds` with the evaluation's ``derived_by()`` computed once by the caller."""
    seen: dict[str, Any] = {}

    def walk(s: Step, stack: frozenset) -> None:
        for m in s.matched:
            if m.derived is not None:
                producer = derived_by.get(m.derived)
                if producer is not None and producer.number not in stack:
                    walk(producer, stack | {producer.number})
            else:
                seen.setdefault(m.trait, m.value)

    walk(step, frozenset({step.number}))
    return sorted(seen.items())


# ----------------------------------------------------------------------------- Markdown

def note_markdown(note: Note, w: Words) -> list[str]:
    lines = [f"  - {w('report.note')} `{note.id}` ({note.section}): {note.text.get(w.lang)}"]
    if note.correction is not None:
        refs = ", ".join(f"<{r}>" for r in note.correction.refs)
        lines.append(f"    - **{w('report.correction')}:** {note.correction.text.get(w.lang)} ({refs})")
    return lines


def evaluation_markdown(kb: KnowledgeBase, ev: Evaluation, title: str, w: Words) -> str:
    """One record's section of the Markdown report."""
    out = [f"## {title}", ""]
    answered = ", ".join(f"`{answer_text(kb, t, v, w)}`" for t, v in ev.answers.items())
    out.append(f"**{w('report.answers')}:** {answered or w('report.none_answered')}")
    out.append("")
    if not ev.conclusions:
        out.append(w("report.no_conclusions"))
        out.append("")
    for kind in KINDS:
        group = [c for c in ev.conclusions if c.kind is kind]
        if not group:
            continue
        out.append(f"### {heading(kind, w)}")
        out.append("")
        for c in group:
            service = f" — *{c.rule.service}*" if c.rule.service else ""
            out.append(f"- **{c.rule.title.get(w.lang)}**{service}")
            if c.rule.detail:
                out.append(f"  {c.rule.detail.get(w.lang)}")
            because = "; ".join(describe_matched(kb, c.step, w))
            out.append(f"  - {w('report.rule')} `{c.rule.id}` · {w('report.because')} {because}")
            for note_id in c.rule.notes:
                out.extend(note_markdown(kb.notes[note_id], w))
        out.append("")
    if w.lang != "ko" and has_korean_section(kb.notes[n] for n in cited_notes(ev)):
        out.append(f"*{w('report.korean_sections')}*")
        out.append("")
    return "\n".join(out)


class MarkdownReport:
    """``# arch-advisor report``, then the records' sections (evaluation_markdown's) separated by
    blank lines, written as they come."""

    def __init__(self, out, w: Words):
        self.out = out
        self.first = True
        out.write(f"# {w('report.report_title')}\n\n")

    def write(self, text: str) -> None:
        if not text:
            return  # an invalid record: reported on stderr only
        self.out.write(text if self.first else "\n" + text)
        self.first = False

    def close(self) -> None:
        pass


# ----------------------------------------------------------------------------- rich text

def cited_notes(ev: Evaluation) -> list[str]:
    """Every note the conclusions cite, once each, in order of first citation."""
    return list(dict.fromkeys(n for c in ev.conclusions for n in c.rule.notes))


def render_evaluation(console, kb: KnowledgeBase, ev: Evaluation, title: str, w: Words, show_trace: bool = False) -> None:
    """The report of one evaluation as rich text (laid out without rich's console for a
    :class:`~advisor.present.plainreport.PlainConsole`, the same bytes)."""
    if getattr(console, "plain_layout", False):
        from advisor.present.plainreport import report

        lines = None if show_trace else report(console, kb, ev, title, w)
        if lines is not None:
            console.write_lines(lines)
            return
        console = console.rich()
    from rich.rule import Rule as HRule
    from rich.text import Text

    console.print(HRule(Text(title, style="bold"), align="left"))
    answered = " · ".join(answer_text(kb, t, v, w) for t, v in ev.answers.items())
    console.print(Text.assemble((w("report.answers") + ": ", "dim"), answered or w("report.none_answered")))
    console.print()
    if not ev.conclusions:
        console.print(w("report.no_conclusions"))
        console.print()
    numbers = {note_id: i for i, note_id in enumerate(cited_notes(ev), start=1)}
    for kind in KINDS:
        group = [c for c in ev.conclusions if c.kind is kind]
        if not group:
            continue
        console.print(Text(heading(kind, w), style=f"bold {KIND_STYLES[kind]}"))
        grid = _grid()
        for c in group:
            if grid.row_count:
                grid.add_row()
            grid.add_row(Text(KIND_MARKS[kind], style=KIND_STYLES[kind]), conclusion_text(kb, c, w, numbers))
        console.print(grid)
        console.print()
    note_references(console, kb, numbers, w)
    if show_trace:
        render_trace(console, kb, ev, w)


def note_references(console, kb: KnowledgeBase, numbers: dict[str, int], w: Words) -> None:
    """The notes section: each note once, by number; then the documentation pages the
    corrections cite, each printed whole on a line of its own (never wrapped or cut, so that it
    can be clicked and copied); in English, a word on the Korean section paths."""
    from rich.text import Text

    if not numbers:
        return
    console.print(Text(w("report.notes_heading"), style="bold"))
    if w.lang != "ko" and has_korean_section(kb.notes[n] for n in numbers):
        console.print(Text(w("report.korean_sections"), style="dim"))
    print_notes(console, kb, ((n, note_id) for note_id, n in numbers.items()), w, _grid())


def print_notes(console, kb: KnowledgeBase, numbered: Iterable[tuple[int, str]], w: Words, grid) -> None:
    """Notes by number in ``grid`` (a blank row between two), then the documentation pages their
    corrections cite, each printed whole on a line of its own (never wrapped or cut)."""
    from rich.text import Text

    urls: list[str] = []
    for n, note_id in numbered:
        if grid.row_count:
            grid.add_row()
        grid.add_row(Text(f"[{n}]", style="blue"), note_text(kb.notes[note_id], w, urls))
    console.print(grid)
    if urls:
        console.print()
        for i, url in enumerate(urls, start=1):
            console.print(Text(f"<{i}> {url}", style="dim"), soft_wrap=True)
    console.print()


def _grid():
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    # fold, not the default ellipsis: rich cuts long runs of Korean text short otherwise
    grid.add_column(overflow="fold")
    return grid


def conclusion_pieces(kb: KnowledgeBase, c: Conclusion, w: Words, numbers: dict[str, int]) -> list[tuple[str, str]]:
    """A conclusion of the rich text report, as (text, style) pieces."""
    pieces = [(c.rule.title.get(w.lang), "bold")]
    if c.rule.service:
        pieces.append((f"  [{c.rule.service}]", "dim"))
    if c.rule.detail:
        pieces.append(("\n" + c.rule.detail.get(w.lang), ""))
    pieces.append(("\n" + w("report.rule") + " ", "dim"))
    pieces.append((c.rule.id, "magenta"))
    pieces.append((f" · {w('report.because')} ", "dim"))
    pieces.append(("; ".join(describe_matched(kb, c.step, w)), ""))
    pieces.append(("\n" + w("report.notes") + " ", "dim"))
    pieces.append((", ".join(f"[{numbers[n]}] {n}" for n in c.rule.notes), "blue"))
    return pieces


def conclusion_text(kb: KnowledgeBase, c: Conclusion, w: Words, numbers: dict[str, int]):
    return _styled(conclusion_pieces(kb, c, w, numbers))


def conclusion_plain(kb: KnowledgeBase, c: Conclusion, w: Words, numbers: dict[str, int]) -> str:
    return "".join(text for text, _ in conclusion_pieces(kb, c, w, numbers))


def note_pieces(note: Note, w: Words, urls: list[str] | None = None) -> list[tuple[str, str]]:
    """A note for the notes section, as (text, style) pieces. With ``urls``, the correction's
    pages are referred to by number (``<1>``) and collected there, to be printed whole after the
    section."""
    pieces = [(note.id, "bold blue"), (f" · {note.section}", "dim"), ("\n" + note.text.get(w.lang), "")]
    if note.correction is not None:
        pieces.append(("\n" + w("report.correction") + ": ", "bold yellow"))
        pieces.append((note.correction.text.get(w.lang), ""))
        if urls is None:
            for ref in note.correction.refs:
                pieces.append(("\n" + ref, "dim"))
        elif note.correction.refs:
            marks = []
            for ref in note.correction.refs:
                if ref not in urls:
                    urls.append(ref)
                marks.append(f"<{urls.index(ref) + 1}>")
            pieces.append((f"\n{w('report.sources')} {' '.join(marks)}", "dim"))
    return pieces


def note_text(note: Note, w: Words, urls: list[str] | None = None):
    """A note for the notes section as rich text (:func:`note_pieces`)."""
    return _styled(note_pieces(note, w, urls))


def note_plain(note: Note, w: Words, urls: list[str] | None = None) -> str:
    return "".join(text for text, _ in note_pieces(note, w, urls))


def _styled(pieces: list[tuple[str, str]]):
    from rich.text import Text

    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


def render_trace(console, kb: KnowledgeBase, ev: Evaluation, w: Words) -> None:
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=w("report.trace"), title_justify="left", show_lines=False, expand=False)
    table.add_column("#", justify="right")
    table.add_column("rule")
    table.add_column("matched")
    table.add_column("declared")
    for step in ev.trace:
        declared = [f"[{d}]" for d in step.derived]
        if step.concluded:
            declared.append(step.concluded)
        table.add_row(
            str(step.number),
            escape(step.rule),
            escape("; ".join(describe_matched(kb, step, w))),
            escape(", ".join(declared)),
        )
    console.print(table)
    console.print()


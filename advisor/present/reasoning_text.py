"""HOW, WHY NOT and WHAT-IF as rich text: trees of rules, premises and changed answers.

Outside text is never markup here: every line is built with ``Text`` (see DEVELOPERS.md).
"""

from __future__ import annotations

from typing import Any

from advisor.kb import KnowledgeBase, Note, Rule
from advisor.present.evaluation import KIND_MARKS, KIND_STYLES, answer_value, kind_word, note_references
from advisor.present.words import Words
from advisor.reasoning.diff import Diff
from advisor.reasoning.how import HowNode, HowResult, cited_in
from advisor.reasoning.premises import RuleCheck, Status
from advisor.reasoning.why_not import Changed, WhyNot

STATUS_MARKS = {Status.HOLDS: "✔", Status.FAILS: "✘", Status.OPEN: "?", Status.DONT_KNOW: "?"}
STATUS_STYLES = {Status.HOLDS: "green", Status.FAILS: "red", Status.OPEN: "yellow", Status.DONT_KNOW: "yellow"}


def _grid(padding=(0, 1), pad_edge: bool = False):
    from rich.table import Table

    grid = Table.grid(padding=padding, pad_edge=pad_edge)
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


# ----------------------------------------------------------------------------- HOW

def how_tree(kb: KnowledgeBase, node: HowNode, w: Words, notes: str = "full", prompts: bool = True,
             numbers: dict[str, int] | None = None):
    """A rich Tree: the conclusion at the root, then each premise and how it came about.

    ``notes``: "full" (each note's text and correction), "text" (without corrections), "ids",
    or "numbers" (``[1] note-id``, the texts printed once after the trees: ``numbers`` maps each
    note to its reference number); ``prompts``: show each answered question's wording.
    """
    from rich.tree import Tree

    tree = Tree(rule_heading(kb, node.rule, w, node.step.number), guide_style="dim")
    _fill(kb, tree, node, w, notes, prompts, numbers or {})
    return tree


def rule_heading(kb: KnowledgeBase, rule: Rule, w: Words, step: int | None = None, reached: bool = True):
    """A rule's kind, title, service and id. A rule that has not fired (``reached`` false) is
    labelled by what it *would* conclude, never as if it had: "○ would recommend (not reached)"."""
    from rich.text import Text

    text = Text()
    if rule.kind in KIND_MARKS and not reached:
        word = f"{w('reasoning.would_' + rule.kind.value)} ({w('reasoning.not_reached_mark')})"
        text.append(f"○ {word}: ", style=f"{KIND_STYLES[rule.kind]}")
    elif rule.kind in KIND_MARKS:
        text.append(f"{KIND_MARKS[rule.kind]} {kind_word(rule.kind, w)}: ", style=f"bold {KIND_STYLES[rule.kind]}")
    text.append(rule.title.get(w.lang), style="bold")
    if rule.service:
        text.append(f"  [{rule.service}]", style="dim")
    text.append(f"\n{w('reasoning.rule')} ", style="dim")
    text.append(rule.id, style="magenta")
    if step is not None:
        text.append(f" · {w('reasoning.step')} {step}", style="dim")
    return text


def _fill(kb: KnowledgeBase, tree, node: HowNode, w: Words, notes: str, prompts: bool, numbers: dict[str, int]) -> None:
    from rich.text import Text

    for b in node.because:
        if b.fact is None:
            q = kb.questions.get(b.trait)
            line = Text()
            line.append(f"{w('reasoning.answer')} ", style="dim")
            line.append(f"{b.trait} = {answer_value(kb, b.trait, b.value, w)}", style="cyan")
            if q is not None and prompts:
                line.append(f"\n{q.prompt.get(w.lang)}", style="dim")
            tree.add(line)
            continue
        d = kb.derived.get(b.fact)
        line = Text()
        line.append(f"[{b.fact}]", style="bold cyan")
        if d:
            line.append(f" {d.label.get(w.lang)}")
        if b.how is not None:
            line.append(f"\n{w('reasoning.derived_by')} ", style="dim")
            line.append(b.how.rule.id, style="magenta")
            line.append(f" · {w('reasoning.step')} {b.how.step.number}", style="dim")
        branch = tree.add(line)
        if b.how is not None:
            _fill(kb, branch, b.how, w, notes, prompts, numbers)
    if notes == "numbers":
        refs = ", ".join(f"[{numbers[n]}] {n}" for n in node.rule.notes if n in numbers)
        tree.add(Text(f"{w('reasoning.note')} ", style="dim").append(refs, style="blue"))
        return
    if notes == "ids":
        tree.add(Text(f"{w('reasoning.note')} ", style="dim").append(", ".join(node.rule.notes), style="blue"))
        return
    for note_id in node.rule.notes:
        note = kb.notes.get(note_id)
        if note is not None:
            tree.add(note_line(note, w, correction=notes == "full"))


def note_line(note: Note, w: Words, correction: bool = True):
    from rich.text import Text

    text = Text()
    text.append(f"{w('reasoning.note')} ", style="dim")
    text.append(note.id, style="blue")
    text.append(f": {note.text.get(w.lang)}")
    if correction and note.correction is not None:
        text.append(f"\n{w('reasoning.correction')}: ", style="bold yellow")
        text.append(note.correction.text.get(w.lang))
    return text


def render_how(console, kb: KnowledgeBase, result: HowResult, w: Words, brief: bool = False) -> None:
    """The trees of HOW. Each note is printed once, after the trees, and the trees refer to it by
    number (as the report does); ``brief`` prints the trees alone, with the notes' ids."""
    from rich.text import Text

    console.print(Text(w("reasoning.how_of", name=result.target.name), style="bold"))
    if not result.reached:
        console.print(w("reasoning.not_reached", name=result.target.name))
        return
    if brief:
        for node in result.reached:
            console.print(how_tree(kb, node, w, notes="ids", prompts=False))
        console.print()
        return
    numbers = {n: i for i, n in enumerate((n for n in cited_in(result.reached) if n in kb.notes), start=1)}
    for node in result.reached:
        console.print(how_tree(kb, node, w, notes="numbers", numbers=numbers))
    console.print()
    note_references(console, kb, numbers, w)


# ----------------------------------------------------------------------------- WHY NOT

def render_why_not(console, kb: KnowledgeBase, result: WhyNot, w: Words) -> None:
    from rich.text import Text
    from rich.tree import Tree

    console.print(Text(w("reasoning.why_not_of", name=result.target.name), style="bold"))
    if result.reached:
        console.print(w("reasoning.already_reached", name=result.target.name))
        for node in result.how.reached if result.how is not None else ():
            console.print(how_tree(kb, node, w))
        console.print()
        return
    for check in result.checks:
        tree = Tree(rule_heading(kb, check.rule, w, reached=False), guide_style="dim")
        _premises(kb, tree, check, w)
        console.print(tree)
    console.print()
    console.print(Text(w("reasoning.smallest_change"), style="bold"))
    if not result.changes:
        console.print("  " + w("reasoning.no_change"))
    grid = _grid(pad_edge=True)
    for ch in result.changes:
        line = Text()
        line.append("; ".join(changed_text(kb, c, w) for c in ch.answers), style="cyan")
        line.append(f"\n{w('reasoning.reaches')}: ", style="dim")
        line.append(", ".join(ch.reaches), style="magenta")
        if ch.adds:
            line.append(f"\n{w('reasoning.also_adds')}: ", style="dim")
            line.append(", ".join(ch.adds))
        if ch.removes:
            line.append(f"\n{w('reasoning.also_removes')}: ", style="dim")
            line.append(", ".join(ch.removes), style="red")
        grid.add_row("•", line)
    if result.changes:
        console.print(grid)
    if result.instead:
        console.print()
        console.print(Text(w("reasoning.concluded_instead", name=result.target.name), style="bold"))
        grid = _grid(pad_edge=True)
        for rule_id in result.instead:
            grid.add_row("", rule_heading(kb, kb.rules[rule_id], w))
        console.print(grid)
    console.print()


def _premises(kb: KnowledgeBase, tree, check: RuleCheck, w: Words) -> None:
    from rich.text import Text

    for p in check.premises:
        line = Text()
        line.append(STATUS_MARKS[p.status] + " ", style=STATUS_STYLES[p.status])
        line.append(p.condition.describe(kb, w))
        line.append("  (" + status_text(kb, p, w) + ")", style="dim")
        branch = tree.add(line)
        if p.condition.fact is not None and p.status is not Status.HOLDS:
            for producer in p.producers:
                sub = branch.add(Text(f"{w('reasoning.could_come_from')} ", style="dim").append_text(rule_heading(kb, producer.rule, w, reached=False)))
                _premises(kb, sub, producer, w)
    notes = ", ".join(check.rule.notes)
    tree.add(Text(f"{w('reasoning.note')} ", style="dim").append(notes, style="blue"))


def status_text(kb: KnowledgeBase, p, w: Words) -> str:
    if p.condition.fact is not None:
        return w("reasoning.premise_holds" if p.status is Status.HOLDS else "reasoning.premise_not_derived")
    if p.status is Status.OPEN:
        return w("reasoning.premise_open")
    if p.status is Status.DONT_KNOW:
        return w("reasoning.premise_dont_know")
    shown = answer_value(kb, p.condition.trait, p.value, w)
    word = w("reasoning.premise_holds" if p.status is Status.HOLDS else "reasoning.premise_fails")
    return f"{word}: {w('reasoning.answered')} {shown}"


def changed_text(kb: KnowledgeBase, c: Changed, w: Words) -> str:
    def shown(v: Any) -> str:
        return w("reasoning.unknown_value") if v is None else answer_value(kb, c.trait, v, w)

    return f"{c.trait}: {shown(c.before)} → {shown(c.after)}"


# ----------------------------------------------------------------------------- WHAT-IF

def render_diff(console, kb: KnowledgeBase, d: Diff, w: Words, before_name: str, after_name: str) -> None:
    from rich.text import Text

    console.print(Text(w("reasoning.diff_title", a=before_name, b=after_name), style="bold"))
    console.print(Text(w("reasoning.changed_answers"), style="bold"))
    if not d.changed:
        console.print("  " + w("reasoning.no_changed_answers"))
    for c in d.changed:
        console.print(Text("  " + changed_text(kb, c, w), style="cyan"))
    console.print()
    if not d.added and not d.removed:
        console.print(w("reasoning.no_conclusion_change"))
    for key, sign, style, shifts in (("added", "+", "green", d.added), ("removed", "-", "red", d.removed)):
        if not shifts:
            continue
        console.print(Text(w(f"reasoning.{key}"), style=f"bold {style}"))
        grid = _grid(padding=(0, 1, 0, 2))
        for shift in shifts:
            r = shift.rule
            line = Text()
            line.append(f"{kind_word(r.kind, w)}: ", style=KIND_STYLES[r.kind])
            line.append(r.title.get(w.lang), style="bold")
            if r.service:
                line.append(f"  [{r.service}]", style="dim")
            line.append(f"\n{w('reasoning.rule')} ", style="dim")
            line.append(r.id, style="magenta")
            line.append(f" · {w('reasoning.caused_by')} ", style="dim")
            line.append("; ".join(changed_text(kb, c, w) for c in shift.causes), style="cyan")
            grid.add_row(Text(f"{sign} {KIND_MARKS[r.kind]}", style=style), line)
        console.print(grid)
        console.print()
    if d.unchanged:
        console.print(Text(w("reasoning.unchanged", n=len(d.unchanged)), style="dim"))

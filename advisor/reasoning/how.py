"""HOW: the chain of rules that led to a conclusion, built from the evaluation's trace.

Each node is one rule firing (a trace step) with what it matched: answers, and derived facts,
each explained in turn by the step that first derived it. Rendered as JSON or as a rich Tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.engine import Evaluation, Step
from advisor.reasoning.labels import label
from advisor.reasoning.targets import Target
from advisor.kb import KnowledgeBase, Note, Rule


@dataclass(frozen=True)
class Because:
    """One premise a rule matched: an answer, or a derived fact and how it was derived."""

    trait: str | None = None
    value: Any = None
    fact: str | None = None
    how: "HowNode | None" = None


@dataclass(frozen=True)
class HowNode:
    rule: Rule
    step: Step
    because: tuple[Because, ...]


def how(kb: KnowledgeBase, ev: Evaluation, rule_id: str) -> HowNode | None:
    """How the rule ``rule_id`` fired on this evaluation, or None if it did not."""
    step = next((s for s in ev.trace if s.rule == rule_id), None)
    if step is None:
        return None
    return _node(kb, step, ev.derived_by())


def _node(kb: KnowledgeBase, step: Step, derived_by: dict[str, Step]) -> HowNode:
    because = []
    for m in step.matched:
        if m.derived is None:
            because.append(Because(trait=m.trait, value=m.value))
            continue
        producer = derived_by.get(m.derived)
        # The first step that derived a fact always comes before the steps that use it.
        sub = _node(kb, producer, derived_by) if producer is not None and producer.number < step.number else None
        because.append(Because(fact=m.derived, how=sub))
    return HowNode(kb.rules[step.rule], step, tuple(because))


@dataclass(frozen=True)
class HowResult:
    target: Target
    reached: tuple[HowNode, ...]
    not_reached: tuple[str, ...]


def explain_how(kb: KnowledgeBase, ev: Evaluation, target: Target) -> HowResult:
    reached, missing = [], []
    for rule in target.rules:
        node = how(kb, ev, rule.id)
        if node is None:
            missing.append(rule.id)
        else:
            reached.append(node)
    return HowResult(target, tuple(reached), tuple(missing))


# ----------------------------------------------------------------------------- JSON

def note_json(note: Note, lang: str) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text.get(lang),
        "correction": None
        if note.correction is None
        else {"text": note.correction.text.get(lang), "refs": list(note.correction.refs)},
    }


def node_json(kb: KnowledgeBase, node: HowNode, lang: str) -> dict[str, Any]:
    from advisor.report import _plain

    because = []
    for b in node.because:
        if b.fact is None:
            because.append({"trait": b.trait, "value": _plain(b.value), "answer": _answer(kb, b.trait, b.value, lang)})
        else:
            d = kb.derived.get(b.fact)
            because.append({
                "derived": b.fact,
                "label": d.label.get(lang) if d else None,
                "how": node_json(kb, b.how, lang) if b.how else None,
            })
    r = node.rule
    return {
        "rule": r.id,
        "kind": r.kind.value,
        "title": r.title.get(lang),
        "service": r.service,
        "step": node.step.number,
        "because": because,
        "notes": [note_json(kb.notes[n], lang) for n in r.notes if n in kb.notes],
    }


def how_json(kb: KnowledgeBase, result: HowResult, lang: str) -> dict[str, Any]:
    return {
        "target": result.target.to_json(),
        "reached": [node_json(kb, n, lang) for n in result.reached],
        "not_reached": list(result.not_reached),
    }


def _answer(kb: KnowledgeBase, trait: str, value: Any, lang: str) -> str:
    q = kb.questions.get(trait)
    return q.format_value(value, lang) if q else str(value)


# ----------------------------------------------------------------------------- rich Tree

def how_tree(kb: KnowledgeBase, node: HowNode, lang: str, notes: str = "full", prompts: bool = True,
             numbers: dict[str, int] | None = None):
    """A rich Tree: the conclusion at the root, then each premise and how it came about.

    ``notes``: "full" (each note's text and correction), "text" (without corrections), "ids",
    or "numbers" (``[1] note-id``, the texts printed once after the trees: ``numbers`` maps each
    note to its reference number); ``prompts``: show each answered question's wording.
    """
    from rich.tree import Tree

    tree = Tree(rule_heading(kb, node.rule, lang, node.step.number), guide_style="dim")
    _fill(kb, tree, node, lang, notes, prompts, numbers or {})
    return tree


_WOULD = {"recommend": "would_recommend", "avoid": "would_avoid", "warn": "would_warn", "advise": "would_advise"}


def rule_heading(kb: KnowledgeBase, rule: Rule, lang: str, step: int | None = None, reached: bool = True):
    """A rule's kind, title, service and id. A rule that has not fired (``reached`` false) is
    labelled by what it *would* conclude, never as if it had: "○ would recommend (not reached)"."""
    from rich.text import Text

    from advisor.report import KIND_MARKS, KIND_STYLES, kind_word

    text = Text()
    if rule.kind in KIND_MARKS and not reached:
        word = f"{label(_WOULD[rule.kind.value], lang)} ({label('not_reached_mark', lang)})"
        text.append(f"○ {word}: ", style=f"{KIND_STYLES[rule.kind]}")
    elif rule.kind in KIND_MARKS:
        text.append(f"{KIND_MARKS[rule.kind]} {kind_word(rule.kind, lang)}: ", style=f"bold {KIND_STYLES[rule.kind]}")
    text.append(rule.title.get(lang), style="bold")
    if rule.service:
        text.append(f"  [{rule.service}]", style="dim")
    text.append(f"\n{label('rule', lang)} ", style="dim")
    text.append(rule.id, style="magenta")
    if step is not None:
        text.append(f" · {label('step', lang)} {step}", style="dim")
    return text


def _fill(kb: KnowledgeBase, tree, node: HowNode, lang: str, notes: str, prompts: bool, numbers: dict[str, int]) -> None:
    from rich.text import Text

    for b in node.because:
        if b.fact is None:
            q = kb.questions.get(b.trait)
            line = Text()
            line.append(f"{label('answer', lang)} ", style="dim")
            line.append(f"{b.trait} = {_answer(kb, b.trait, b.value, lang)}", style="cyan")
            if q is not None and prompts:
                line.append(f"\n{q.prompt.get(lang)}", style="dim")
            tree.add(line)
            continue
        d = kb.derived.get(b.fact)
        line = Text()
        line.append(f"[{b.fact}]", style="bold cyan")
        if d:
            line.append(f" {d.label.get(lang)}")
        if b.how is not None:
            line.append(f"\n{label('derived_by', lang)} ", style="dim")
            line.append(b.how.rule.id, style="magenta")
            line.append(f" · {label('step', lang)} {b.how.step.number}", style="dim")
        branch = tree.add(line)
        if b.how is not None:
            _fill(kb, branch, b.how, lang, notes, prompts, numbers)
    if notes == "numbers":
        refs = ", ".join(f"[{numbers[n]}] {n}" for n in node.rule.notes if n in numbers)
        tree.add(Text(f"{label('note', lang)} ", style="dim").append(refs, style="blue"))
        return
    if notes == "ids":
        tree.add(Text(f"{label('note', lang)} ", style="dim").append(", ".join(node.rule.notes), style="blue"))
        return
    for note_id in node.rule.notes:
        note = kb.notes.get(note_id)
        if note is not None:
            tree.add(note_line(note, lang, correction=notes == "full"))


def note_line(note: Note, lang: str, correction: bool = True):
    from rich.text import Text

    text = Text()
    text.append(f"{label('note', lang)} ", style="dim")
    text.append(note.id, style="blue")
    text.append(f": {note.text.get(lang)}")
    if correction and note.correction is not None:
        text.append(f"\n{label('correction', lang)}: ", style="bold yellow")
        text.append(note.correction.text.get(lang))
    return text


def cited_in(nodes) -> list[str]:
    """Every note the rules of the trees cite, once each, in order of first citation."""
    order: list[str] = []

    def walk(node: HowNode) -> None:
        for n in node.rule.notes:
            if n not in order:
                order.append(n)
        for b in node.because:
            if b.how is not None:
                walk(b.how)

    for node in nodes:
        walk(node)
    return order


def render_how(console, kb: KnowledgeBase, result: HowResult, lang: str, brief: bool = False) -> None:
    """The trees of HOW. Each note is printed once, after the trees, and the trees refer to it by
    number (as the report does); ``brief`` prints the trees alone, with the notes' ids."""
    from rich.text import Text

    from advisor.report import note_references

    console.print(Text(label("how_of", lang, name=result.target.name), style="bold"))
    if not result.reached:
        console.print(label("not_reached", lang, name=result.target.name))
        return
    if brief:
        for node in result.reached:
            console.print(how_tree(kb, node, lang, notes="ids", prompts=False))
        console.print()
        return
    numbers = {n: i for i, n in enumerate((n for n in cited_in(result.reached) if n in kb.notes), start=1)}
    for node in result.reached:
        console.print(how_tree(kb, node, lang, notes="numbers", numbers=numbers))
    console.print()
    note_references(console, kb, numbers, lang)

"""WHY NOT: why a service or conclusion was not reached, and the smallest change that reaches it.

For every rule that would have concluded it: which premises failed, which are unknown. Then the
smallest change of answers: each alternative of those rules (advisor.logic) proposes the answers
it needs that the user has not given; candidates are ordered by how many answers they change, then
by rule and alternative, and each is VERIFIED by running the engine on the changed answers. The
first size at which some candidate verifies is the answer (all verified candidates of that size).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from advisor.engine import Engine, Evaluation
from advisor.reasoning.labels import label
from advisor.reasoning.premises import STATUS_MARKS, STATUS_STYLES, RuleCheck, Status, check_rule, rule_check_json
from advisor.reasoning.targets import Target
from advisor.kb import KnowledgeBase, Question, TraitType
from advisor.logic import Domain, Interval, analysis, pick


@dataclass(frozen=True)
class Changed:
    """One answer changed: from ``before`` (None: unknown) to ``after`` (None: unknown)."""

    trait: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    answers: tuple[Changed, ...]
    reaches: tuple[str, ...]  # the target's rules that fire after the change
    adds: tuple[str, ...]  # every conclusion the change adds (besides the target's)
    removes: tuple[str, ...]  # conclusions the change loses


@dataclass(frozen=True)
class WhyNot:
    target: Target
    reached: tuple[str, ...]  # the target's rules that did fire
    checks: tuple[RuleCheck, ...]  # the target's rules that did not fire, premise by premise
    changes: tuple[Change, ...]  # the smallest verified changes (empty if reached, or unreachable)
    instead: tuple[str, ...]  # other conclusions reached about the same service


def why_not(
    kb: KnowledgeBase,
    engine: Engine,
    answers: Mapping[str, Any],
    target: Target,
    dont_know: Iterable[str] = (),
    verify: Callable[[dict[str, Any]], Evaluation] | None = None,
) -> WhyNot:
    """Explain why ``target`` was not reached on ``answers``.

    ``verify`` runs the rules on changed answers (the engine by default); a candidate counts only
    if the target's rule really fires on its result.
    """
    verify = verify or engine.evaluate
    ev = engine.evaluate(dict(answers))
    fired = ev.fired()
    reached = tuple(r.id for r in target.rules if r.id in fired)
    missing = [r for r in target.rules if r.id not in fired]
    checks = tuple(check_rule(kb, ev, r, dont_know) for r in missing)
    instead: tuple[str, ...] = ()
    if target.kind == "service":
        instead = tuple(c.rule.id for c in ev.conclusions if c.rule.service == target.name and c.rule.id not in reached)
    changes: tuple[Change, ...] = ()
    if not reached:
        changes = tuple(smallest_changes(kb, ev, [r.id for r in missing], verify))
    return WhyNot(target, reached, checks, changes, instead)


def candidates(kb: KnowledgeBase, answers: Mapping[str, Any], rule_ids: list[str]) -> list[dict[str, Any]]:
    """Changes of answers that make one alternative of one of the rules hold, smallest first."""
    order = {t: i for i, t in enumerate(kb.questions)}
    found: list[tuple[tuple, dict[str, Any]]] = []
    seen = set()
    for rule_rank, rule_id in enumerate(rule_ids):
        for alt_rank, alt in enumerate(analysis(kb).alternatives(kb.rules[rule_id])):
            change = {}
            for trait in sorted(alt, key=lambda t: order.get(t, len(order))):
                dom = alt[trait]
                if trait in answers and dom.contains(answers[trait]):
                    continue
                change[trait] = choose(kb.questions[trait], dom, answers.get(trait))
            key = tuple(sorted((t, repr(v)) for t, v in change.items()))
            if key in seen:
                continue
            seen.add(key)
            found.append(((len(change), rule_rank, alt_rank), change))
    found.sort(key=lambda item: item[0])
    return [change for _, change in found]


def smallest_changes(
    kb: KnowledgeBase,
    ev: Evaluation,
    rule_ids: list[str],
    verify: Callable[[dict[str, Any]], Evaluation],
) -> list[Change]:
    """The verified candidates of the smallest size that has any."""
    before = [c.rule.id for c in ev.conclusions]
    best: list[Change] = []
    size = None
    order = {t: i for i, t in enumerate(kb.questions)}
    for change in candidates(kb, ev.answers, rule_ids):
        if size is not None and len(change) > size:
            break
        new_answers = {**ev.answers, **change}
        after = verify(new_answers)
        reaches = tuple(r for r in rule_ids if r in after.fired())
        if not reaches:
            continue  # the logic proposed it, the engine did not confirm it: never shown
        size = len(change)
        after_ids = [c.rule.id for c in after.conclusions]
        best.append(
            Change(
                answers=tuple(
                    Changed(t, ev.answers.get(t), v) for t, v in sorted(change.items(), key=lambda kv: order.get(kv[0], len(order)))
                ),
                reaches=reaches,
                adds=tuple(r for r in after_ids if r not in before and r not in reaches),
                removes=tuple(r for r in before if r not in after_ids),
            )
        )
    return best


def choose(q: Question, dom: Domain, current: Any) -> Any:
    """A value of ``dom`` to propose for ``q``.

    Numbers: the value nearest the current answer (at most a whole or a tidy decimal step inside
    an open bound: 149 for "less than 150"); with no current answer, just under an upper bound or
    the lowest value allowed. Yes/no and choices: advisor.logic.pick.
    """
    if q.type is not TraitType.NUMBER or not dom.intervals:
        return pick(q, dom)
    if current is None:
        low = min(dom.intervals, key=lambda i: (i.lo, i.lo_open))
        if not (low.lo <= q.min and low.hi < q.max):
            return pick(q, dom)
        current = low.hi  # "less than X": propose a value just below X
    iv = min(dom.intervals, key=lambda i: (_distance(i, current), i.lo))
    return _near(iv, current)


def _distance(iv: Interval, x: float) -> float:
    if iv.contains(x):
        return 0.0
    return min(abs(x - iv.lo), abs(x - iv.hi))


def _near(iv: Interval, x: float) -> float | int:
    if iv.contains(x):
        return _tidy(x)
    below = x < iv.lo
    edge, is_open = (iv.lo, iv.lo_open) if below else (iv.hi, iv.hi_open)
    if not is_open:
        return _tidy(edge)
    inward = 1 if below else -1
    steps = (1, 0.5, 0.1, 0.01, 0.001) if abs(edge) >= 10 else (0.5, 0.1, 0.01, 0.001)
    for step in steps:
        value = round(edge + inward * step, 3)
        if iv.contains(value):
            return _tidy(value)
    return _tidy((iv.lo + iv.hi) / 2)


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


# ----------------------------------------------------------------------------- JSON

def why_not_json(kb: KnowledgeBase, result: WhyNot, lang: str) -> dict[str, Any]:
    from advisor.report import _plain

    return {
        "target": result.target.to_json(),
        "reached": bool(result.reached),
        "reached_by": list(result.reached),
        "rules": [rule_check_json(kb, c, lang) for c in result.checks],
        "smallest_changes": [
            {
                "answers": [{"trait": c.trait, "from": _plain(c.before), "to": _plain(c.after)} for c in ch.answers],
                "reaches": list(ch.reaches),
                "adds": list(ch.adds),
                "removes": list(ch.removes),
            }
            for ch in result.changes
        ],
        "concluded_instead": list(result.instead),
    }


# ----------------------------------------------------------------------------- rich text

def render_why_not(console, kb: KnowledgeBase, engine: Engine, answers: Mapping[str, Any], result: WhyNot, lang: str) -> None:
    from rich.text import Text
    from rich.tree import Tree

    from advisor.reasoning.how import explain_how, how_tree, rule_heading

    console.print(Text(label("why_not_of", lang, name=result.target.name), style="bold"))
    if result.reached:
        console.print(label("already_reached", lang, name=result.target.name))
        ev = engine.evaluate(dict(answers))
        for node in explain_how(kb, ev, result.target).reached:
            console.print(how_tree(kb, node, lang))
        console.print()
        return
    for check in result.checks:
        tree = Tree(rule_heading(kb, check.rule, lang, reached=False), guide_style="dim")
        _premises(kb, tree, check, lang)
        console.print(tree)
    console.print()
    console.print(Text(label("smallest_change", lang), style="bold"))
    if not result.changes:
        console.print("  " + label("no_change", lang))
    grid = _grid()
    for ch in result.changes:
        line = Text()
        line.append("; ".join(changed_text(kb, c, lang) for c in ch.answers), style="cyan")
        line.append(f"\n{label('reaches', lang)}: ", style="dim")
        line.append(", ".join(ch.reaches), style="magenta")
        if ch.adds:
            line.append(f"\n{label('also_adds', lang)}: ", style="dim")
            line.append(", ".join(ch.adds))
        if ch.removes:
            line.append(f"\n{label('also_removes', lang)}: ", style="dim")
            line.append(", ".join(ch.removes), style="red")
        grid.add_row("•", line)
    if result.changes:
        console.print(grid)
    if result.instead:
        console.print()
        console.print(Text(label("concluded_instead", lang, name=result.target.name), style="bold"))
        grid = _grid()
        for rule_id in result.instead:
            grid.add_row("", rule_heading(kb, kb.rules[rule_id], lang))
        console.print(grid)
    console.print()


def _grid():
    from rich.table import Table

    grid = Table.grid(padding=(0, 1), pad_edge=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


def _premises(kb: KnowledgeBase, tree, check: RuleCheck, lang: str) -> None:
    from rich.text import Text

    from advisor.reasoning.how import rule_heading

    for p in check.premises:
        line = Text()
        line.append(STATUS_MARKS[p.status] + " ", style=STATUS_STYLES[p.status])
        line.append(p.condition.describe(kb, lang))
        line.append("  (" + status_text(kb, p, lang) + ")", style="dim")
        branch = tree.add(line)
        if p.condition.fact is not None and p.status is not Status.HOLDS:
            for producer in p.producers:
                sub = branch.add(Text(f"{label('could_come_from', lang)} ", style="dim").append_text(rule_heading(kb, producer.rule, lang, reached=False)))
                _premises(kb, sub, producer, lang)
    notes = ", ".join(check.rule.notes)
    tree.add(Text(f"{label('note', lang)} ", style="dim").append(notes, style="blue"))


def status_text(kb: KnowledgeBase, p, lang: str) -> str:
    if p.condition.fact is not None:
        return label("premise_holds" if p.status is Status.HOLDS else "premise_not_derived", lang)
    if p.status is Status.OPEN:
        return label("premise_open", lang)
    if p.status is Status.DONT_KNOW:
        return label("premise_dont_know", lang)
    q = kb.questions.get(p.condition.trait)
    shown = q.format_value(p.value, lang) if q else str(p.value)
    word = label("premise_holds" if p.status is Status.HOLDS else "premise_fails", lang)
    return f"{word}: {label('answered', lang)} {shown}"


def changed_text(kb: KnowledgeBase, c: Changed, lang: str) -> str:
    q = kb.questions.get(c.trait)

    def shown(v: Any) -> str:
        if v is None:
            return label("unknown_value", lang)
        return q.format_value(v, lang) if q else str(v)

    return f"{c.trait}: {shown(c.before)} → {shown(c.after)}"

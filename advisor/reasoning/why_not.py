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
from advisor.reasoning.how import HowResult, explain_how
from advisor.reasoning.premises import RuleCheck, check_rule
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
    how: HowResult | None = None  # when reached: how (so that showing it runs nothing again)


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
    return WhyNot(target, reached, checks, changes, instead, explain_how(kb, ev, target) if reached else None)


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

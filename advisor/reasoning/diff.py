"""WHAT-IF: how the conclusions change between two answer sets, and which answers caused it.

A conclusion is *added* when its rule fires on the second answers and not on the first, *removed*
the other way round. The causes of a change are the changed answers among the grounds of the
rule's alternatives that hold where the rule fires (advisor.logic): for an added conclusion the
alternatives satisfied by the second answers, for a removed one those satisfied by the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from advisor.engine import Engine
from advisor.reasoning.why_not import Changed
from advisor.kb import KnowledgeBase, Rule
from advisor.logic import analysis, satisfied


@dataclass(frozen=True)
class Shift:
    rule: Rule
    causes: tuple[Changed, ...]


@dataclass(frozen=True)
class Diff:
    changed: tuple[Changed, ...]
    added: tuple[Shift, ...]
    removed: tuple[Shift, ...]
    unchanged: tuple[str, ...]


def changed_answers(kb: KnowledgeBase, a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[Changed, ...]:
    order = {t: i for i, t in enumerate(kb.questions)}
    traits = sorted(set(a) | set(b), key=lambda t: (order.get(t, len(order)), t))
    return tuple(Changed(t, a.get(t), b.get(t)) for t in traits if _differs(a.get(t), b.get(t)))


def _differs(x: Any, y: Any) -> bool:
    if x is None or y is None:
        return (x is None) != (y is None)
    if type(x) is bool or type(y) is bool:
        return type(x) is not type(y) or x != y
    return x != y


def diff(kb: KnowledgeBase, engine: Engine, a: Mapping[str, Any], b: Mapping[str, Any]) -> Diff:
    before = [c.rule for c in engine.evaluate(dict(a)).conclusions]
    after = [c.rule for c in engine.evaluate(dict(b)).conclusions]
    before_ids = {r.id for r in before}
    after_ids = {r.id for r in after}
    changed = changed_answers(kb, a, b)
    added = tuple(Shift(r, _causes(kb, r, b, changed)) for r in after if r.id not in before_ids)
    removed = tuple(Shift(r, _causes(kb, r, a, changed)) for r in before if r.id not in after_ids)
    unchanged = tuple(r.id for r in after if r.id in before_ids)
    return Diff(changed, added, removed, unchanged)


def _causes(kb: KnowledgeBase, rule: Rule, fired_on: Mapping[str, Any], changed: tuple[Changed, ...]) -> tuple[Changed, ...]:
    grounds: set[str] = set()
    for alt in analysis(kb).alternatives(rule):
        if satisfied(alt, fired_on):
            grounds |= set(alt)
    return tuple(c for c in changed if c.trait in grounds)

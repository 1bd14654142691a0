"""HOW: the chain of rules that led to a conclusion, built from the evaluation's trace.

Each node is one rule firing (a trace step) with what it matched: answers, and derived facts,
each explained in turn by the step that first derived it. Plain data: advisor/present/ renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.engine import Evaluation, Step
from advisor.reasoning.targets import Target
from advisor.kb import KnowledgeBase, Rule


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

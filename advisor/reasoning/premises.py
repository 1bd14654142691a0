"""The state of each premise of a rule on given answers: holds, fails, or not known yet.

Used by WHY NOT (which premises of the rules that would have concluded something failed or are
unknown) and by the consultation's WHY (what is already known for each pending rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Iterable, Mapping

from advisor.engine import Evaluation
from advisor.kb import Condition, KnowledgeBase, Rule


class Status(StrEnum):
    HOLDS = "holds"
    FAILS = "fails"
    OPEN = "open"  # not answered (yet), or a derived fact whose premises are not answered
    DONT_KNOW = "dont-know"  # the user said "don't know": the premise cannot hold


@dataclass(frozen=True)
class PremiseCheck:
    condition: Condition
    status: Status
    #: the answer to the condition's trait, if any
    value: Any = None
    #: for a derived fact that does not hold: the rules that could derive it, checked in turn
    producers: tuple["RuleCheck", ...] = ()


@dataclass(frozen=True)
class RuleCheck:
    rule: Rule
    fired: bool
    premises: tuple[PremiseCheck, ...]

    def blocked(self) -> bool:
        """Can this rule not fire without changing an answer already given?"""
        return any(p.status in (Status.FAILS, Status.DONT_KNOW) for p in self.premises)


def check_rule(
    kb: KnowledgeBase,
    ev: Evaluation,
    rule: Rule,
    dont_know: Iterable[str] = (),
    _stack: frozenset[str] = frozenset(),
) -> RuleCheck:
    """Check every premise of ``rule`` on the evaluation's answers."""
    dont_know = frozenset(dont_know)
    derived = ev.derived_by()
    premises = []
    for cond in rule.when:
        if cond.trait is not None:
            premises.append(_trait_check(cond, ev.answers, dont_know))
            continue
        if cond.fact in derived:
            premises.append(PremiseCheck(cond, Status.HOLDS))
            continue
        producers = tuple(
            check_rule(kb, ev, p, dont_know, _stack | {rule.id})
            for p in sorted(kb.rules_deriving(cond.fact), key=lambda r: r.id)
            if p.id not in _stack and p.id != rule.id
        )
        status = Status.FAILS if all(p.blocked() for p in producers) else Status.OPEN
        premises.append(PremiseCheck(cond, status, producers=producers))
    return RuleCheck(rule, rule.id in ev.fired(), tuple(premises))


def _trait_check(cond: Condition, answers: Mapping[str, Any], dont_know: frozenset[str]) -> PremiseCheck:
    if cond.trait in answers:
        value = answers[cond.trait]
        return PremiseCheck(cond, Status.HOLDS if cond.check(value) else Status.FAILS, value)
    if cond.trait in dont_know:
        return PremiseCheck(cond, Status.DONT_KNOW)
    return PremiseCheck(cond, Status.OPEN)

"""Goal-directed questioning: which question to ask next, and when to stop.

Pure logic, no I/O and no engine run: it works on the rules' *alternatives* (advisor.logic),
each a conjunction of trait domains under which a rule fires, derived facts already expanded.

The state of a consultation is the answers known so far (trait -> value) and the traits the user
said "don't know" to. An alternative is *live* while every one of its traits is either not asked
yet or answered with a value inside its domain; a "don't know" kills it, because an unknown answer
is an absent fact that no condition matches. A conclusion (a rule of any kind but ``derive``) is
*pending* while it has not fired and still has a live alternative.

A question is *in play* when some pending conclusion has a live alternative that needs its trait.
The next question is the one in play that can decide the most pending conclusions; ties go to the
question that comes first in the questionnaire, so runs are reproducible. The consultation ends
when nothing is in play: no answer to any remaining question could change a conclusion.

Why this loses nothing: a conclusion that fires on the full answers has an alternative satisfied
by them; asked from those answers, that alternative stays live, so its questions stay in play
until every one is answered, and then the conclusion fires. The rules are monotone (no condition
asks for a fact to be absent), so nothing that fires on a subset of the answers is lost later.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from advisor.kb import Kind, KnowledgeBase, Question, Rule
from advisor.logic import Domain, analysis, complement, pick, satisfied

Alternative = dict[str, Domain]

#: above this many answer combinations, relevance is not computed exactly (see Agenda.deciding)
_EXACT_LIMIT = 50_000


@dataclass(frozen=True)
class InPlay:
    """A question that can still change a conclusion, and the pending conclusions it can decide."""

    trait: str
    rules: tuple[str, ...]


class Agenda:
    """Question selection for one knowledge base. Stateless: every call takes the answers."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._analysis = analysis(kb)
        self.order = {trait: i for i, trait in enumerate(kb.questions)}
        #: rules whose firing is a conclusion of the report, in a fixed order
        self.conclusions: tuple[Rule, ...] = tuple(
            sorted((r for r in kb.rules.values() if r.kind is not Kind.DERIVE), key=lambda r: r.id)
        )

    # ---------------------------------------------------------------- building blocks

    def alternatives(self, rule: Rule) -> list[Alternative]:
        return self._analysis.alternatives(rule)

    def fired(self, rule: Rule, answers: Mapping[str, Any]) -> bool:
        """Does ``rule`` fire on the known answers?"""
        return any(satisfied(alt, answers) for alt in self.alternatives(rule))

    @staticmethod
    def is_live(alt: Alternative, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> bool:
        """Can ``alt`` still come true: no trait of it is "don't know" or answered outside its domain?"""
        unknown = set(unknown)
        for trait, dom in alt.items():
            if trait in unknown:
                return False
            if trait in answers and not dom.contains(answers[trait]):
                return False
        return True

    def live_alternatives(self, rule: Rule, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[Alternative]:
        unknown = set(unknown)
        return [alt for alt in self.alternatives(rule) if self.is_live(alt, answers, unknown)]

    def pending(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[Rule]:
        """Conclusions not reached yet that some answers could still reach."""
        unknown = set(unknown)
        return [
            rule
            for rule in self.conclusions
            if not self.fired(rule, answers) and self.live_alternatives(rule, answers, unknown)
        ]

    # ---------------------------------------------------------------- selection

    def in_play(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[InPlay]:
        """Every question that can still change a conclusion, the most decisive first."""
        unknown = set(unknown)
        deciders: dict[str, list[str]] = {}
        for rule in self.pending(answers, unknown):
            for trait in self.deciding(rule, answers, unknown):
                deciders.setdefault(trait, []).append(rule.id)
        ranked = sorted(deciders.items(), key=lambda item: (-len(item[1]), self.order.get(item[0], len(self.order)), item[0]))
        return [InPlay(trait, tuple(rules)) for trait, rules in ranked]

    def deciding(self, rule: Rule, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[str]:
        """The unasked traits whose answer can still change whether ``rule`` fires.

        A trait counts when some answers to the other unasked traits of the rule's live
        alternatives make the rule's outcome depend on it. A trait that only appears in an
        alternative that another one makes redundant (because the answers so far already gave
        the other one its extra premises) cannot change anything and is not asked.
        """
        unknown = set(unknown)
        asked = set(answers) | unknown
        remaining = [
            {t: dom for t, dom in alt.items() if t not in asked}
            for alt in self.live_alternatives(rule, answers, unknown)
        ]
        traits = sorted({t for rem in remaining for t in rem}, key=lambda t: (self.order.get(t, len(self.order)), t))
        if not traits:
            return []
        cells = {t: _cells(self.kb.questions[t], [rem[t] for rem in remaining if t in rem]) for t in traits}
        size = 1
        for t in traits:
            size *= len(cells[t])
        if size > _EXACT_LIMIT:  # too many combinations: every trait of a live alternative counts
            return traits
        outcome: dict[tuple, bool] = {}
        for combo in itertools.product(*(range(len(cells[t])) for t in traits)):
            values = {t: cells[t][i] for t, i in zip(traits, combo)}
            outcome[combo] = any(all(v is not None and dom.contains(v) for v, dom in ((values[t], d) for t, d in rem.items())) for rem in remaining)
        found = []
        for pos, trait in enumerate(traits):
            for combo, result in outcome.items():
                if combo[pos] != 0:
                    continue
                if any(outcome[combo[:pos] + (i,) + combo[pos + 1 :]] != result for i in range(1, len(cells[trait]))):
                    found.append(trait)
                    break
        return found

    def next_question(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> str | None:
        """The trait to ask about next, or None when no answer can change a conclusion."""
        ranked = self.in_play(answers, unknown)
        return ranked[0].trait if ranked else None

    def needing(self, trait: str, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[Rule]:
        """The pending conclusions that need an answer to ``trait`` (for WHY)."""
        for item in self.in_play(answers, unknown):
            if item.trait == trait:
                return [self.kb.rules[r] for r in item.rules]
        return []

    def derivable(self, fact: str, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> str:
        """Is a derived fact ``known`` (some producer fired), still ``open``, or ``impossible``?"""
        unknown = set(unknown)
        producers = sorted(self.kb.rules_deriving(fact), key=lambda r: r.id)
        if any(self.fired(p, answers) for p in producers):
            return "known"
        if any(self.live_alternatives(p, answers, unknown) for p in producers):
            return "open"
        return "impossible"


def simulate(agenda: Agenda, full: Mapping[str, Any], parts: Iterable[str] | None = None) -> tuple[list[str], dict[str, Any]]:
    """Run a consultation against a simulated user who answers from ``full``.

    A trait missing from ``full`` (or None) is answered "don't know". With ``parts`` (the parts of
    the design the user ticks first), their answers are given and the questions of the other
    parts are out of scope (:mod:`advisor.consult.parts`). Returns the traits asked, in order
    (the choice of parts not included), and the answers collected.
    """
    from advisor.consult.parts import implied, out_of_scope

    answers: dict[str, Any] = dict(implied(agenda.kb, parts)) if parts is not None else {}
    unknown: set[str] = out_of_scope(agenda.kb, parts)
    asked: list[str] = []
    while True:
        trait = agenda.next_question(answers, unknown)
        if trait is None:
            return asked, answers
        asked.append(trait)
        value = full.get(trait)
        if value is None:
            unknown.add(trait)
        else:
            answers[trait] = value


def _cells(q: Question, domains: list[Domain]) -> list[Any]:
    """One representative answer per region of the trait's values that the domains tell apart.

    The first is None (no answer: "don't know"); then one value for each non-empty combination of
    inside/outside the given domains. Whether an alternative holds depends only on these regions.
    """
    distinct: list[Domain] = []
    for dom in domains:
        if all(repr(dom) != repr(d) for d in distinct):
            distinct.append(dom)
    values: list[Any] = [None]
    for signs in itertools.product((True, False), repeat=len(distinct)):
        region = None
        for inside, dom in zip(signs, distinct):
            part = dom if inside else complement(q, dom)
            region = part if region is None else region.meet(part)
            if region.empty():
                break
        if region is not None and not region.empty():
            values.append(pick(q, region))
    return values

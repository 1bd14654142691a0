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

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from advisor.consult.relevance import Shape, State, changed, tables
from advisor.kb import Kind, KnowledgeBase, Rule
from advisor.logic import Domain, analysis, satisfied

Alternative = dict[str, Domain]

#: above this many answer combinations, relevance is not computed exactly (see relevance.Tables.deciding)
_EXACT_LIMIT = 50_000


@dataclass(frozen=True)
class InPlay:
    """A question that can still change a conclusion, and the pending conclusions it can decide."""

    trait: str
    rules: tuple[str, ...]


class Agenda:
    """Question selection for one knowledge base. Every call takes the answers; the agenda keeps
    only what it found on the last call, to redo just what the new answers change.

    What depends only on the knowledge is worked out once and kept with the knowledge base
    (:mod:`advisor.consult.relevance`), and what :meth:`in_play` found on the last call's answers
    is kept with the agenda, so that the next call works out again only the conclusions whose
    traits changed. Neither changes any result.
    """

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._analysis = analysis(kb)
        self.order = {trait: i for i, trait in enumerate(kb.questions)}
        #: rules whose firing is a conclusion of the report, in a fixed order
        self.conclusions: tuple[Rule, ...] = tuple(
            sorted((r for r in kb.rules.values() if r.kind is not Kind.DERIVE), key=lambda r: r.id)
        )
        self._tables = tables(kb)
        #: the last call's state and what was worked out on it (see :meth:`_state`)
        self._last: State | None = None

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
        return [rule for rule in self.conclusions if self._shape(rule, answers, unknown) is not None]

    def _shape(self, rule: Rule, answers: Mapping[str, Any], unknown: set[str]) -> Shape | None:
        """For a pending ``rule``, the shape of its live alternatives: (index, unasked traits) of
        each, which is all :meth:`_decided` depends on; None when the rule fired or cannot."""
        shape = []
        fired = False
        for i, alt in enumerate(self._tables.alts[rule.id]):
            unasked = []
            blocked = False
            for trait, dom in alt:
                if trait in answers:
                    if not dom.contains(answers[trait]):
                        break
                else:
                    unasked.append(trait)
                if trait in unknown:
                    blocked = True
            else:
                if not unasked:
                    fired = True  # satisfied by the answers, whatever is unknown
                elif not blocked:
                    shape.append((i, tuple(unasked)))
        if fired or not shape:
            return None
        return tuple(shape)

    # ---------------------------------------------------------------- selection

    def in_play(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> list[InPlay]:
        """Every question that can still change a conclusion, the most decisive first."""
        state = self._state(answers, set(unknown))
        if state.ranked is None:
            order, last_place = self.order, len(self.order)
            state.ranked = tuple(
                InPlay(trait, tuple(rules))
                for trait, rules in sorted(state.deciders.items(), key=lambda item: (-len(item[1]), order.get(item[0], last_place), item[0]))
            )
        return list(state.ranked)

    def _state(self, answers: Mapping[str, Any], unknown: set[str]) -> State:
        """Which conclusions each question can decide, worked out again only for the conclusions
        whose traits changed since the last call (a consultation changes one answer between two
        calls, or none)."""
        last = self._last
        if last is not None and last.limit == _EXACT_LIMIT:
            moved = changed(last.answers, answers, last.unknown, unknown)
            if not moved:
                return last
            decided = list(last.decided)
            for i in sorted({i for t in moved for i in self._tables.touching.get(t, ())}):
                decided[i] = self._decided(self.conclusions[i], answers, unknown)
        else:
            decided = [self._decided(rule, answers, unknown) for rule in self.conclusions]
        deciders: dict[str, list[str]] = {}
        for rule, traits in zip(self.conclusions, decided):
            for trait in traits:
                deciders.setdefault(trait, []).append(rule.id)
        self._last = State(dict(answers), frozenset(unknown), _EXACT_LIMIT, tuple(decided), deciders)
        return self._last

    def _decided(self, rule: Rule, answers: Mapping[str, Any], unknown: set[str]) -> tuple[str, ...]:
        """The unasked traits whose answer can still change whether ``rule`` fires, if it is
        pending, else none. A trait counts when some answers to the other unasked traits of the
        rule's live alternatives make the rule's outcome depend on it; a trait that only appears
        in an alternative another one makes redundant (the answers so far gave the other its
        extra premises) cannot change anything and is not asked."""
        shape = self._shape(rule, answers, unknown)
        return () if shape is None else self._tables.deciding(rule.id, shape, _EXACT_LIMIT)

    def next_question(self, answers: Mapping[str, Any], unknown: Iterable[str] = ()) -> str | None:
        """The trait to ask about next, or None when no answer can change a conclusion: the
        first of :meth:`in_play`, found without ranking the rest."""
        deciders = self._state(answers, set(unknown)).deciders
        if not deciders:
            return None
        most = max(len(rules) for rules in deciders.values())
        last_place = len(self.order)
        return min((self.order.get(t, last_place), t) for t, rules in deciders.items() if len(rules) == most)[1]

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


"""Reasoning *about* the rules, without running them.

A rule fires when all of its conditions hold. Conditions on traits restrict the values an answer
may take; conditions on derived facts hold when some rule deriving that fact fires. Expanding
derived facts through the rules that derive them turns every rule into a disjunction of
*alternatives*, each a conjunction of trait domains ("static_content in {true} and
object_size_gb in [0, 1)"). With that we can tell whether a rule can ever fire, whether two rules
can fire on the same answers, build answer sets that make a rule fire or stay quiet, and find
the smallest change of answers that reaches a conclusion (WHY NOT).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable

from advisor.kb import Condition, KnowledgeBase, Op, Question, Rule, TraitType


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False

    def empty(self) -> bool:
        if self.lo > self.hi:
            return True
        return self.lo == self.hi and (self.lo_open or self.hi_open)

    def meet(self, other: Interval) -> Interval:
        if self.lo > other.lo or (self.lo == other.lo and self.lo_open):
            lo, lo_open = self.lo, self.lo_open
        else:
            lo, lo_open = other.lo, other.lo_open
        if self.hi < other.hi or (self.hi == other.hi and self.hi_open):
            hi, hi_open = self.hi, self.hi_open
        else:
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo, hi, lo_open, hi_open)

    def contains(self, x: float) -> bool:
        if x < self.lo or (x == self.lo and self.lo_open):
            return False
        if x > self.hi or (x == self.hi and self.hi_open):
            return False
        return True


@dataclass(frozen=True)
class Domain:
    """The values a trait may still take: a finite set (bool, choice) or intervals (number)."""

    values: frozenset | None = None
    intervals: tuple[Interval, ...] | None = None

    def empty(self) -> bool:
        if self.values is not None:
            return not self.values
        return not self.intervals

    def meet(self, other: Domain) -> Domain:
        if self.values is not None:
            return Domain(values=self.values & other.values)
        parts = [a.meet(b) for a in self.intervals for b in other.intervals]
        return Domain(intervals=tuple(p for p in parts if not p.empty()))

    def contains(self, value: Any) -> bool:
        if self.values is not None:
            return value in self.values
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        return any(i.contains(value) for i in self.intervals)


def full_domain(q: Question) -> Domain:
    if q.type is TraitType.BOOL:
        return Domain(values=frozenset({True, False}))
    if q.type is TraitType.CHOICE:
        return Domain(values=frozenset(q.choice_values()))
    return Domain(intervals=(Interval(q.min, q.max),))


def condition_domain(q: Question, cond: Condition) -> Domain:
    """The part of the trait's domain where ``cond`` holds."""
    dom = full_domain(q)
    for op, expected in cond.tests:
        if op is Op.IS:
            part = _set_or_point(q, [expected])
        elif op is Op.IN:
            part = _set_or_point(q, list(expected))
        elif op is Op.NOT_IN:
            if dom.values is not None:
                part = Domain(values=dom.values - frozenset(expected))
            else:
                part = dom
                for x in expected:
                    part = part.meet(_not_point(q, x))
        else:
            part = Domain(intervals=(_ray(q, op, expected),))
        dom = dom.meet(part)
    return dom


def _set_or_point(q: Question, values: list) -> Domain:
    if q.type is TraitType.NUMBER:
        nums = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return Domain(intervals=tuple(Interval(v, v) for v in nums))
    if q.type is TraitType.BOOL:
        return Domain(values=frozenset(v for v in values if isinstance(v, bool)))
    return Domain(values=frozenset(v for v in values if isinstance(v, str)))


def _not_point(q: Question, x: Any) -> Domain:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return full_domain(q)
    return Domain(intervals=(Interval(q.min, x, False, True), Interval(x, q.max, True, False)))


def _ray(q: Question, op: Op, x: float) -> Interval:
    lo, hi = -math.inf, math.inf
    if op is Op.GT:
        return Interval(x, hi, lo_open=True)
    if op is Op.GE:
        return Interval(x, hi)
    if op is Op.LT:
        return Interval(lo, x, hi_open=True)
    return Interval(lo, x)


class Analysis:
    """Alternatives of every rule of a knowledge base, computed once."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self._alts: dict[str, list[dict[str, Domain]]] = {}
        self._visiting: set[str] = set()
        self.cycles: list[list[str]] = []

    def alternatives(self, rule: Rule) -> list[dict[str, Domain]]:
        """Every conjunction of trait domains under which ``rule`` fires (empty: never)."""
        if rule.id in self._alts:
            return self._alts[rule.id]
        if rule.id in self._visiting:
            return []  # a cycle in derived facts never grounds in answers
        self._visiting.add(rule.id)
        try:
            alts: list[dict[str, Domain]] = [{}]
            for cond in rule.when:
                if cond.trait is not None:
                    q = self.kb.questions.get(cond.trait)
                    if q is None:
                        alts = []
                        break
                    dom = condition_domain(q, cond)
                    alts = [_conj(a, {cond.trait: dom}) for a in alts]
                else:
                    options: list[dict[str, Domain]] = []
                    for producer in sorted(self.kb.rules_deriving(cond.fact), key=lambda r: r.id):
                        options.extend(self.alternatives(producer))
                    alts = [_conj(a, b) for a in alts for b in options]
                alts = [a for a in alts if a is not None]
                if not alts:
                    break
            result = _dedupe(alts)
        finally:
            self._visiting.discard(rule.id)
        self._alts[rule.id] = result
        return result

    def can_fire(self, rule: Rule) -> bool:
        return bool(self.alternatives(rule))

    def fires_on(self, rule: Rule, answers: dict[str, Any]) -> bool:
        """Would ``rule`` fire on these (validated) answers? Used to double-check the engine."""
        return any(satisfied(alt, answers) for alt in self.alternatives(rule))

    def overlap(self, a: Rule, b: Rule) -> dict[str, Domain] | None:
        """A conjunction under which both rules fire, if there is one."""
        for x in self.alternatives(a):
            for y in self.alternatives(b):
                both = _conj(x, y)
                if both is not None:
                    return both
        return None

    def witness(self, alt: dict[str, Domain]) -> dict[str, Any]:
        """Concrete answers that satisfy an alternative."""
        return {trait: pick(self.kb.questions[trait], dom) for trait, dom in sorted(alt.items())}

    def firing_answers(self, rule: Rule) -> list[dict[str, Any]]:
        """One answer set per alternative under which ``rule`` must fire."""
        return [self.witness(alt) for alt in self.alternatives(rule)]

    def quiet_answers(self, rule: Rule) -> list[dict[str, Any]]:
        """Answer sets under which ``rule`` must not fire: each firing set with one answer
        flipped outside its domain, or dropped (unknown), kept only where no alternative holds."""
        found: list[dict[str, Any]] = []
        for alt in self.alternatives(rule):
            base = self.witness(alt)
            for trait, dom in sorted(alt.items()):
                q = self.kb.questions[trait]
                dropped = {k: v for k, v in base.items() if k != trait}
                candidates = [dropped]
                outside = complement(q, dom)
                if not outside.empty():
                    candidates.insert(0, {**base, trait: pick(q, outside)})
                for answers in candidates:
                    if not self.fires_on(rule, answers) and answers not in found:
                        found.append(answers)
        return found


def satisfied(alt: dict[str, Domain], answers: dict[str, Any]) -> bool:
    return all(trait in answers and dom.contains(answers[trait]) for trait, dom in alt.items())


def complement(q: Question, dom: Domain) -> Domain:
    full = full_domain(q)
    if full.values is not None:
        return Domain(values=full.values - dom.values)
    # Numeric: the gaps of the full interval not covered by dom's intervals.
    gaps = [full.intervals[0]]
    for iv in sorted(dom.intervals, key=lambda i: (i.lo, i.lo_open)):
        new_gaps = []
        for g in gaps:
            left = g.meet(Interval(-math.inf, iv.lo, False, not iv.lo_open))
            right = g.meet(Interval(iv.hi, math.inf, not iv.hi_open, False))
            new_gaps.extend(p for p in (left, right) if not p.empty())
        gaps = new_gaps
    return Domain(intervals=tuple(gaps))


def pick(q: Question, dom: Domain) -> Any:
    """A representative value of a non-empty domain: stable and pleasant to read."""
    if dom.values is not None:
        if q.type is TraitType.BOOL:
            return True if True in dom.values else False
        return next(v for v in q.choice_values() if v in dom.values)
    iv = min(dom.intervals, key=lambda i: (i.lo, i.lo_open))
    return _pick_number(iv)


def _pick_number(iv: Interval) -> float | int:
    if not iv.lo_open:
        return _tidy(iv.lo)
    # Prefer a whole number just inside the interval, then a simple midpoint.
    candidate = math.floor(iv.lo) + 1
    if iv.contains(candidate):
        return candidate
    mid = (iv.lo + iv.hi) / 2
    for digits in range(0, 6):
        rounded = round(mid, digits)
        if iv.contains(rounded):
            return _tidy(rounded)
    return mid


def _tidy(x: float) -> float | int:
    return int(x) if float(x).is_integer() else x


def _conj(a: dict[str, Domain] | None, b: dict[str, Domain]) -> dict[str, Domain] | None:
    if a is None:
        return None
    out = dict(a)
    for trait, dom in b.items():
        out[trait] = out[trait].meet(dom) if trait in out else dom
        if out[trait].empty():
            return None
    return out


def _dedupe(alts: Iterable[dict[str, Domain]]) -> list[dict[str, Domain]]:
    seen, out = set(), []
    for alt in alts:
        key = tuple(sorted((k, repr(v)) for k, v in alt.items()))
        if key not in seen:
            seen.add(key)
            out.append(alt)
    return out


def analysis(kb: KnowledgeBase) -> Analysis:
    """The analysis of ``kb``, computed once and kept with it."""
    return kb.kept("_analysis", Analysis)


def downstream(rules: list[Rule], consumers: dict[str, list[Rule]]) -> list[Rule]:
    """The rules that fire on facts derived, directly or along a chain, by ``rules`` (not those
    themselves), by id; ``consumers``: for each derived fact, the rules that test it."""
    start = {r.id for r in rules}
    seen: dict[str, Rule] = {}
    todo = [f for r in rules for f in r.derives]
    done: set[str] = set()
    while todo:
        fact = todo.pop()
        if fact in done:
            continue
        done.add(fact)
        for rule in consumers.get(fact, []):
            if rule.id not in start and rule.id not in seen:
                seen[rule.id] = rule
                todo.extend(rule.derives)
    return sorted(seen.values(), key=lambda r: r.id)

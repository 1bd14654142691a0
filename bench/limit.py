"""The limit: the same rules evaluated in plain Python, with no rule engine at all.

Written here only, as the benchmark's floor: what evaluating our rules can cost at best in
Python. Rules are checked once each, in the order the engine fires them (shallow rules first,
then by id: each rule's salience), which is a valid order because a rule only consumes facts
derived by shallower rules. Facts are numbered as the engine numbers them (answers 1..n in trait
order, then each new derived fact and each conclusion as it is declared), so the evaluation
renders to the same bytes; bench/run.py checks that before it times anything. Its trace steps
are made with the engine's quick constructors (engine._matched, engine._step, engine._conclusion), so that the two
pay the same for building their results and the ratio measures the matching.
"""

from __future__ import annotations

from typing import Any

from advisor.engine import Conclusion, Evaluation, Step, _conclusion, _matched, _step, rule_depths
from advisor.kb import KIND_ORDER, Kind, KnowledgeBase, Op


def _test(cond):
    """A condition on an answer as one quick predicate: what ``cond.check`` decides, for the
    common tests written directly (``is`` a boolean or a string, ``in`` a list)."""
    if len(cond.tests) == 1:
        op, expected = cond.tests[0]
        if op is Op.IS and type(expected) is bool:
            return lambda v: v is expected
        if op is Op.IS and type(expected) is str:
            return lambda v: type(v) is str and v == expected
        if op is Op.IN:
            return lambda v: v in expected
    return cond.check


class LimitEvaluator:
    def __init__(self, kb: KnowledgeBase):
        depth = rule_depths(kb)
        self.kb = kb
        self.rules = sorted(kb.rules.values(), key=lambda r: (depth[r.id], r.id))
        #: each rule's conditions, prepared once: (derived fact, trait, test)
        self.plans = [(rule, [(c.fact, c.trait, None if c.fact is not None else _test(c)) for c in rule.when])
                      for rule in self.rules]

    def evaluate(self, answers: dict[str, Any]) -> Evaluation:
        known = {t: v for t, v in sorted(answers.items()) if v is not None}
        ids = {t: i for i, t in enumerate(known, start=1)}
        next_id = len(known) + 1
        derived: dict[str, int] = {}
        steps: list[Step] = []
        conclusions: list[Conclusion] = []
        for rule, plan in self.plans:
            matched = []
            for fact, trait, test in plan:
                if fact is not None:
                    if fact not in derived:
                        break
                    matched.append(_matched(derived[fact], None, None, fact))
                else:
                    value = known.get(trait, known)
                    if value is known or not test(value):
                        break
                    matched.append(_matched(ids[trait], trait, value, None))
            else:
                new = []
                for name in rule.derives:
                    if name not in derived:
                        derived[name] = next_id
                        next_id += 1
                        new.append(name)
                concluded = None
                if rule.kind is not Kind.DERIVE:
                    concluded = rule.kind.value
                    next_id += 1
                step = _step(len(steps) + 1, rule.id, tuple(matched), rule.derives, tuple(new), concluded)
                steps.append(step)
                if concluded is not None:
                    conclusions.append(_conclusion(rule, step))
        conclusions.sort(key=lambda c: (KIND_ORDER[c.kind], c.rule.id))
        return Evaluation(answers=dict(sorted(answers.items())), conclusions=conclusions, trace=steps)

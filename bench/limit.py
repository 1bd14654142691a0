"""The limit: the same rules evaluated in plain Python, with no rule engine at all.

Written here only, as the benchmark's floor: what evaluating our rules can cost at best in
Python. Rules are checked once each, in the order the engine fires them (shallow rules first,
then by id: each rule's salience), which is a valid order because a rule only consumes facts
derived by shallower rules. Facts are numbered as the engine numbers them (answers 1..n in trait
order, then each new derived fact and each conclusion as it is declared), so the evaluation
renders to the same bytes; bench/run.py checks that before it times anything.
"""

from __future__ import annotations

from typing import Any

from advisor.engine import Conclusion, Evaluation, Matched, Step
from advisor.kb import KIND_ORDER, Kind, KnowledgeBase


class LimitEvaluator:
    def __init__(self, kb: KnowledgeBase):
        import sys
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).parent))
        from plain import _depth

        depth = _depth(kb)
        self.kb = kb
        self.rules = sorted(kb.rules.values(), key=lambda r: (depth[r.id], r.id))

    def evaluate(self, answers: dict[str, Any]) -> Evaluation:
        known = {t: v for t, v in sorted(answers.items()) if v is not None}
        ids = {t: i for i, t in enumerate(known, start=1)}
        next_id = len(known) + 1
        derived: dict[str, int] = {}
        steps: list[Step] = []
        conclusions: list[Conclusion] = []
        for rule in self.rules:
            matched = []
            for cond in rule.when:
                if cond.fact is not None:
                    if cond.fact not in derived:
                        break
                    matched.append(Matched(fact_id=derived[cond.fact], derived=cond.fact))
                else:
                    if cond.trait not in known or not cond.check(known[cond.trait]):
                        break
                    matched.append(Matched(fact_id=ids[cond.trait], trait=cond.trait, value=known[cond.trait]))
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
                step = Step(number=len(steps) + 1, rule=rule.id, matched=tuple(matched), derived=rule.derives,
                            new=tuple(new), concluded=concluded)
                steps.append(step)
                if concluded is not None:
                    conclusions.append(Conclusion(rule=rule, step=step))
        conclusions.sort(key=lambda c: (KIND_ORDER[c.kind], c.rule.id))
        return Evaluation(answers=dict(sorted(answers.items())), conclusions=conclusions, trace=steps)

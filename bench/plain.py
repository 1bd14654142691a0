"""experta used plainly: the yardstick the advisor is compared with, and its reference output.

What a careful user of experta would write for our rules, with none of the speed work: one fact
per known answer (``Answer(trait, value)``), one experta ``Rule`` per knowledge rule with one
pattern per condition, experta's own RETE matcher, and one engine instance reset for every
record. Its rule bodies record the same trace steps as the advisor's (same numbering of facts),
so the same renderers print both, and its documents are encoded at the end with
``json.dumps(indent=2)``, as ``advisor evaluate --format json`` did before it streamed.

The advisor's output must equal this one byte for byte (tests/test_batch.py,
tests/test_engine_equivalence.py); bench/run.py times both in the same run.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from advisor.compat import import_experta
from advisor.engine import Conclusion, Concluded, Derived, Evaluation, Matched, Step, rule_depths
from advisor.kb import KIND_ORDER, Condition, Kind, KnowledgeBase, Op, Rule
from advisor.present.document import FORMATS
from advisor.present.evaluation import evaluation_json, evaluation_markdown
from advisor.present.words import Words

experta = import_experta()
FORMAT_ID, FORMAT_VERSION = FORMATS["evaluate"]


class Answer(experta.Fact):
    """A known answer to one question."""

    trait = experta.Field(str, mandatory=True)
    value = experta.Field(object, mandatory=True)


def _pattern(cond: Condition, index: int):
    if cond.fact is not None:
        pattern = Derived(name=cond.fact)
    elif len(cond.tests) == 1 and cond.tests[0][0] is Op.IS:
        pattern = Answer(trait=cond.trait, value=cond.tests[0][1])
    else:
        pattern = Answer(trait=cond.trait, value=experta.P(cond.check))
    return getattr(experta.AS, f"m{index}") << pattern


class _PlainBase(experta.KnowledgeEngine):
    def reset(self, **kwargs):
        self.steps: list[Step] = []
        self.known_derived: set[str] = set()
        super().reset(**kwargs)

    def fire(self, rule: Rule, bound: dict) -> None:
        matched = []
        for i, cond in enumerate(rule.when):
            fact = bound[f"m{i}"]
            if cond.fact is not None:
                matched.append(Matched(fact_id=fact["__factid__"], derived=fact["name"]))
            else:
                matched.append(Matched(fact_id=fact["__factid__"], trait=fact["trait"], value=fact["value"]))
        new = []
        for name in rule.derives:
            if name not in self.known_derived:
                self.known_derived.add(name)
                new.append(name)
            self.declare(Derived(name=name))
        concluded = None
        if rule.kind is not Kind.DERIVE:
            concluded = rule.kind.value
            self.declare(Concluded(rule=rule.id, kind=rule.kind.value))
        self.steps.append(Step(number=len(self.steps) + 1, rule=rule.id, matched=tuple(matched),
                               derived=rule.derives, new=tuple(new), concluded=concluded))


def _rhs(rule: Rule):
    def rhs(engine, **bound):
        engine.fire(rule, bound)

    return rhs


class PlainEngine:
    """The knowledge base's rules on experta, one fact per answer, one engine reset per record.

    Salience as in the advisor (shallow rules first, then by id: the same ``rule_depths``), so
    that the order of firing, which the trace shows, is defined the same way."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        depth = rule_depths(kb)
        ordered = sorted(kb.rules.values(), key=lambda r: (depth[r.id], r.id))
        namespace: dict[str, Any] = {}
        for position, rule in enumerate(ordered):
            patterns = [_pattern(c, i) for i, c in enumerate(rule.when)]
            namespace[f"r{position:04d}"] = experta.Rule(*patterns, salience=len(ordered) - position)(_rhs(rule))
        self.engine = type("PlainExpertaEngine", (_PlainBase,), namespace)()

    def evaluate(self, answers: dict[str, Any]) -> Evaluation:
        eng = self.engine
        eng.reset()
        eng.declare(*[Answer(trait=t, value=v) for t, v in sorted(answers.items()) if v is not None])
        eng.run()
        by_rule = {step.rule: step for step in eng.steps}
        conclusions = [Conclusion(rule=self.kb.rules[f["rule"]], step=by_rule[f["rule"]])
                       for f in eng.facts.values() if isinstance(f, Concluded)]
        conclusions.sort(key=lambda c: (KIND_ORDER[c.kind], c.rule.id))
        return Evaluation(answers=dict(sorted(answers.items())), conclusions=conclusions, trace=list(eng.steps))


Record = tuple  # (index, line, answers or None, error or None)


def evaluations(kb: KnowledgeBase, records: Iterable[Record]) -> list[tuple[int, int, Any, str | None]]:
    """``(index, line, evaluation or None, error)`` for every record, on one plain engine."""
    engine = PlainEngine(kb)
    return [(i, line, engine.evaluate(answers) if error is None else None, error) for i, line, answers, error in records]


def document(kb: KnowledgeBase, source: str, evaluated, lang: str = "en") -> str:
    """The whole JSON document, encoded at the end as ``evaluate`` used to."""
    results = []
    for index, line, ev, error in evaluated:
        if error is not None:
            results.append({"index": index, "line": line, "error": error})
        else:
            results.append({"index": index, "line": line, **evaluation_json(kb, ev, Words(lang))})
    doc = {"format": FORMAT_ID, "version": FORMAT_VERSION, "source": source, "results": results}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def markdown(kb: KnowledgeBase, source: str, evaluated, lang: str = "en") -> str:
    parts = []
    for index, line, ev, error in evaluated:
        if error is None:
            title = f"{source} · record {index + 1} (line {line})" if len(evaluated) > 1 else source
            parts.append(evaluation_markdown(kb, ev, title, Words(lang)))
    return "# arch-advisor report\n\n" + "\n".join(parts)

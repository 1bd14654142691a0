"""The inference engine: the knowledge base's rules compiled into experta rules.

Each knowledge rule becomes one experta ``Rule`` on typed facts:

* ``Answers(**{trait: value})`` one fact holding every known answer (an unknown answer is
  simply absent from it); a rule's conditions on answers become one pattern on this fact;
* ``Derived(name)``         declared by rules that derive facts, matched by later rules.

A conclusion is recorded by the step of the rule that reached it, not declared as a fact: no
rule matches one, so a ``Concluded`` fact only cost a pass through the network (~28 per
evaluation). It still takes its number in the trace's numbering of facts, as it would if it
were declared (bench/plain.py declares them; the numbers agree).

One answers fact rather than one fact per answer: a rule on answers only is then a single
pattern, with no join in the beta network, and an evaluation declares one fact instead of
twenty-odd (docs/performance.md has the profile). The trace still numbers facts as if each
answer were its own fact (``Matched.fact_id``: answers 1..n in trait order, then the derived
facts), so what it shows does not depend on how the facts are stored.

Rule bodies only declare facts and append a trace step (which rule fired, on which facts, what
it declared). The engine class is built once per knowledge base with ``type()``; one instance is
reused for every evaluation through ``reset()``.

Conflict resolution is made total and reproducible: each rule gets its own salience, shallow
rules (on answers only) before the rules that consume derived facts, then by id.

* :mod:`advisor.engine.compiled`  the rules compiled into an experta engine class, and its run loop;
* :mod:`advisor.engine.facts`     the facts an evaluation declares;
* :mod:`advisor.engine.results`   the evaluation, its trace steps and conclusions;
* here: :class:`Engine`, a compiled knowledge base that evaluates answer sets.
"""

from __future__ import annotations

from typing import Any

from advisor.engine.compiled import AdvisorEngine, compile_engine_class, rule_depths
from advisor.engine.facts import Answers, Concluded, Derived
from advisor.engine.results import Conclusion, Evaluation, Matched, Step, _conclusion, _matched, _step
from advisor.kb import KIND_ORDER, KnowledgeBase

__all__ = [
    "AdvisorEngine", "Answers", "Concluded", "Conclusion", "Derived", "Engine", "Evaluation", "Matched", "Step",
    "_conclusion", "_matched", "_step", "compile_engine_class", "engine_for", "rule_depths",
]


class Engine:
    """A knowledge base compiled once; evaluate answer sets with it as often as needed."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.engine_class = compile_engine_class(kb)
        self._instance = self.engine_class()
        #: how conclusions are listed: by kind, then rule id (each rule's place in that order)
        order = sorted(kb.rules.values(), key=lambda rule: (KIND_ORDER[rule.kind], rule.id))
        self._rank = {rule.id: n for n, rule in enumerate(order)}

    def evaluate(self, answers: dict[str, Any]) -> Evaluation:
        """Run the rules on validated answers (trait -> value; unknown traits are absent)."""
        eng = self._instance
        eng.reset()
        eng.declare_answers(answers)
        eng.run()
        return self._collect(answers, eng)

    def _collect(self, answers: dict[str, Any], eng: AdvisorEngine) -> Evaluation:
        rules = self.kb.rules
        rank = self._rank
        # by kind, then rule id (a rule's rank in that order); a rule that concluded twice keeps
        # its steps' order (the step's position breaks the tie, so steps are never compared)
        concluded = [(rank[step.rule], n, step) for n, step in enumerate(eng.steps) if step.concluded is not None]
        concluded.sort()
        conclusions = [_conclusion(rules[step.rule], step) for _rank, _n, step in concluded]
        # the answers sorted by trait, without those that are None; the engine makes both anew
        # on its next evaluation (reset, declare_answers), so the evaluation can keep them
        known = eng.known
        shown = known if len(known) == len(answers) else dict(sorted(answers.items()))
        return Evaluation(answers=shown, conclusions=conclusions, trace=eng.steps)


def engine_for(kb: KnowledgeBase) -> Engine:
    """The compiled engine of ``kb``, built once per process and kept with it."""
    return kb.kept("_engine", Engine)

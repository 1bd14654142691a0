"""``advisor explain``: read an exam question, run the engine on what it says, and judge each option.

The pipeline: :mod:`parse` the input → read the traits with the cues (:mod:`cues`, keeping the
words that gave each away) → :func:`advisor.engine.Engine.evaluate` → score every option against
the conclusions and the claims (:mod:`proposals` reads what an option proposes, :mod:`scoring` weighs
it) → :mod:`decide` with a margin-based confidence → :mod:`advisor.present.explain` shows it.
A text without options is a workload description: traits and conclusions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from advisor.engine import Evaluation, engine_for
from advisor.explain.cues import Reading, read
from advisor.explain.decide import Decision, decide
from advisor.explain.parse import Parsed
from advisor.explain.proposals import negative_question
from advisor.explain.scoring import Scored, distinguish, echoes, score
from advisor.kb import KnowledgeBase


@dataclass
class Explanation:
    parsed: Parsed
    reading: Reading
    evaluation: Evaluation
    options: list[Scored]
    #: None for a workload description (no options)
    decision: Decision | None

    @property
    def is_question(self) -> bool:
        return bool(self.parsed.options)

    @property
    def negative(self) -> bool:
        """The question asks for the option that is NOT true (NOT, EXCEPT, 아닌 것 ...)."""
        return any(s.negative for s in self.options)

    @property
    def notes(self) -> list[str]:
        """The notes the options cite, each once, in the order first cited (the order in which
        a rendering numbers them)."""
        return list(dict.fromkeys(n for s in self.options for n in s.notes))


def explain(kb: KnowledgeBase, parsed: Parsed, overrides: dict[str, Any] | None = None) -> Explanation:
    reading = read(kb, parsed.question, overrides)
    evaluation = engine_for(kb).evaluate(reading.traits)
    common = echoes(kb, evaluation, parsed.question) if parsed.options else set()
    negative = negative_question(parsed.question) if parsed.options else False
    scored = [score(kb, evaluation, o.key, o.label, o.text, parsed.question, common, negative) for o in parsed.options]
    distinguish(scored, parsed.choose)
    decision = decide(scored, parsed.choose) if parsed.options else None
    return Explanation(parsed=parsed, reading=reading, evaluation=evaluation, options=scored, decision=decision)

"""Choosing the answer from the options' scores, with a confidence from the margin.

The ``choose`` best-scored options win, provided they are separated from the next one: a tie at
the boundary, or no evidence at all, means *cannot decide*. Abstaining beats a confident wrong
answer, so confidence is earned:

* high:   every chosen option is supported (score > 0), leads the next by ``HIGH`` points, and
          every other option is refuted or has no evidence (none supported, none mixed);
* medium: supported and leads by ``MEDIUM`` points, or the others were all contradicted while
          the chosen one was not (elimination) with a lead of ``HIGH``;
* low:    any other lead.

Where the question asks for what is NOT true, "supported" above reads "refuted by the knowledge"
(:attr:`Scored.sense`): the option asked for is the false statement.
"""

from __future__ import annotations

from dataclasses import dataclass

from advisor.explain.scoring import Scored

HIGH = 3
MEDIUM = 2


@dataclass(frozen=True)
class Decision:
    answer: tuple[str, ...]  # empty when it cannot decide
    confidence: str | None  # high, medium, low; None when it cannot decide
    reason: str | None = None  # why it cannot decide

    @property
    def decided(self) -> bool:
        return bool(self.answer)


def decide(scored: list[Scored], choose: int) -> Decision:
    if len(scored) < 2:
        return Decision((), None, "one-option")
    # s.sense is the score in the question's sense (negated where it asks for what is NOT true)
    ranked = sorted(scored, key=lambda s: (-s.sense, s.key))
    if choose >= len(ranked):
        return Decision((), None, "choose-all")
    chosen, rest = ranked[:choose], ranked[choose:]
    if not any(s.evidence for s in scored):
        return Decision((), None, "no-evidence")
    margin = chosen[-1].sense - rest[0].sense
    if margin <= 0:
        return Decision((), None, "tie")
    answer = tuple(sorted(s.key for s in chosen))
    supported = all(s.sense > 0 for s in chosen)
    eliminated = all(s.sense < 0 for s in rest) and all(s.sense >= 0 for s in chosen)
    settled = all(s.sense < 0 or s.verdict == "unknown" for s in rest)
    if supported and margin >= HIGH and settled:
        return Decision(answer, "high")
    if (supported and margin >= MEDIUM) or (eliminated and margin >= HIGH):
        return Decision(answer, "medium")
    return Decision(answer, "low")

"""How well ``explain`` answers the bank: accuracy where it answers, abstentions, and confident
mistakes, per half (dev / held-out) and per language. Used by scripts/explain_figure.py and a test."""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.explain import explain
from advisor.explain.bank import as_parsed, exams
from advisor.kb import KnowledgeBase


@dataclass
class Outcome:
    """An explanation's answer and verdicts set against the question's key (None: the question
    has no key, and nothing is scored): a bank question's here, a batch record's in
    :mod:`advisor.explain.batch`."""

    key: tuple[str, ...] | None
    answer: tuple[str, ...]
    confidence: str | None
    #: option keys the explanation marked contradicted though they are in the key
    keys_contradicted: tuple[str, ...] = ()
    #: option keys the explanation marked supported though they are wrong
    wrong_supported: tuple[str, ...] = ()

    @classmethod
    def of(cls, key: tuple[str, ...] | None, ex, **more):
        """The outcome of explanation ``ex`` against ``key``; ``more`` are a subclass's fields."""
        contradicted, supported = verdict_errors(key, ex) if key is not None else ((), ())
        d = ex.decision
        return cls(None if key is None else tuple(key), d.answer if d else (), d.confidence if d else None,
                   contradicted, supported, **more)

    @property
    def misleading(self) -> bool:
        return bool(self.keys_contradicted or self.wrong_supported)

    @property
    def answered(self) -> bool:
        return bool(self.answer)

    @property
    def right(self) -> bool:
        return self.answered and self.answer == self.key

    @property
    def outcome(self) -> str | None:
        """right / wrong / abstained; None without a key."""
        if self.key is None:
            return None
        if not self.answered:
            return "abstained"
        return "right" if self.right else "wrong"

    @property
    def high_wrong(self) -> bool:
        return self.outcome == "wrong" and self.confidence == "high"


@dataclass(kw_only=True)
class BankOutcome(Outcome):
    """The outcome of a question of the bank."""

    id: str
    part: str
    lang: str
    topic: str


@dataclass
class Figure:
    total: int = 0
    answered: int = 0
    right: int = 0
    high: int = 0
    high_wrong: int = 0
    by_confidence: dict[str, list[int]] = field(default_factory=dict)  # confidence -> [answered, right]
    #: per-option verdict accuracy: keys marked contradicted, wrong options marked supported, and
    #: the questions with either
    keys_contradicted: int = 0
    wrong_supported: int = 0
    misleading: int = 0

    def add(self, o: Outcome) -> None:
        """Count ``o``, which has a key."""
        self.total += 1
        self.keys_contradicted += len(o.keys_contradicted)
        self.wrong_supported += len(o.wrong_supported)
        self.misleading += o.misleading
        if o.answered:
            self.answered += 1
            self.right += o.right
            pair = self.by_confidence.setdefault(o.confidence, [0, 0])
            pair[0] += 1
            pair[1] += o.right
            if o.confidence == "high":
                self.high += 1
                self.high_wrong += not o.right

    @property
    def accuracy(self) -> float:
        return self.right / self.answered if self.answered else 0.0

    @property
    def abstention(self) -> float:
        return 1 - self.answered / self.total if self.total else 0.0

    @property
    def high_wrong_share(self) -> float:
        return self.high_wrong / self.high if self.high else 0.0


def verdict_errors(key: tuple[str, ...], ex) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys marked contradicted, wrong options marked supported): the verdicts that mislead. In a
    question that asks for what is NOT true, in its sense: a key whose statement is marked true, a
    wrong option whose statement is marked false (a key that is a false statement misleads no one)."""
    contradicted = tuple(s.key for s in ex.options if s.key in key and s.misleads_as_key)
    supported = tuple(s.key for s in ex.options if s.key not in key and s.misleads_as_wrong)
    return contradicted, supported


def outcome(id: str, part: str, lang: str, topic: str, key: tuple[str, ...], ex) -> BankOutcome:
    return BankOutcome.of(key, ex, id=id, part=part, lang=lang, topic=topic)


def outcomes(kb: KnowledgeBase) -> list[BankOutcome]:
    out = []
    for exam in exams(kb):
        ex = explain(kb, as_parsed(exam))
        out.append(outcome(exam.id, exam.set, exam.lang, exam.topic, exam.answer, ex))
    return out


def figures(results: list[BankOutcome]) -> dict[tuple[str, str], Figure]:
    """(part, lang) -> Figure, with "all" for either."""
    table: dict[tuple[str, str], Figure] = {}
    for o in results:
        for part in (o.part, "all"):
            for lang in (o.lang, "all"):
                table.setdefault((part, lang), Figure()).add(o)
    return table

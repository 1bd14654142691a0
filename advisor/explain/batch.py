"""``advisor explain`` on a list of questions (a JSON array, or JSON Lines): every question is
explained; where a record carries ``"answer"`` its outcome is scored.

Outcomes: right, wrong, abstained (cannot decide), and high-confidence wrong; beside them the
per-option verdict accuracy: keys marked contradicted and wrong options marked supported (a
question with either has a misleading verdict). A bad record is one line on standard error
(file: record N (line L): problem) and the others are still scored; the exit status is then 1.
Records are read with :mod:`advisor.answers.stream`, as ``evaluate`` reads its batches.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from advisor.errors import InputError
from advisor.explain import explain
from advisor.explain.measure import Figure, Outcome
from advisor.explain.parse import from_document
from advisor.kb import KnowledgeBase

FORMAT_ID = "arch-advisor/explain-batch"
FORMAT_VERSION = 1


def is_batch(text: str) -> bool:
    """A list of questions: a JSON array, or JSON Lines (a first line that is a whole JSON object,
    and more lines after it)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        return True
    lines = [line for line in stripped.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        json.loads(lines[0])
    except (ValueError, RecursionError):
        return False
    return True


@dataclass(kw_only=True)
class Item(Outcome):
    """One record's outcome (its key may be None: explained, not scored)."""

    index: int
    line: int
    id: str | None
    #: a record without options: a workload description, read but not answered
    workload: bool = False

    def json(self) -> dict:
        return {
            "record": self.index + 1, "line": self.line, "id": self.id, "answer": list(self.answer),
            "confidence": self.confidence, "key": list(self.key) if self.key is not None else None,
            "outcome": self.outcome, "high_confidence_wrong": self.high_wrong,
            "keys_contradicted": list(self.keys_contradicted), "wrong_supported": list(self.wrong_supported),
            "mode": "workload" if self.workload else "question",
        }


@dataclass
class Totals(Figure):
    """The records of a batch: every one is an item; those with a key are counted in the figure."""

    questions: int = 0
    errors: int = 0
    items: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.items.append(item)
        self.questions += 1
        if item.key is not None:
            super().add(item)

    @property
    def scored(self) -> int:
        return self.total

    @property
    def wrong(self) -> int:
        return self.answered - self.right

    @property
    def abstained(self) -> int:
        return self.total - self.answered

    @property
    def high_confidence_wrong(self) -> int:
        return self.high_wrong

    def json(self) -> dict:
        return {
            "format": FORMAT_ID, "version": FORMAT_VERSION,
            "totals": {
                "questions": self.questions, "scored": self.scored, "right": self.right, "wrong": self.wrong,
                "abstained": self.abstained, "high_confidence_wrong": self.high_confidence_wrong,
                "keys_contradicted": self.keys_contradicted, "wrong_supported": self.wrong_supported,
                "misleading": self.misleading, "invalid_records": self.errors,
            },
            "questions": [i.json() for i in self.items],
        }


def run_batch(kb: KnowledgeBase, stream, overrides: dict[str, Any] | None, on_error) -> Totals:
    """Explain and score every record of ``stream`` (a :class:`advisor.answers.RecordStream`);
    ``on_error(message)`` gets one line per bad record."""
    totals = Totals()
    for record in stream:
        if record.error is not None:
            totals.errors += 1
            on_error(f"{stream.name}: {record.place}: {record.error}")
            continue
        doc = record.answers
        try:
            parsed = from_document(f"{stream.name}#{record.index + 1}", doc, place=record.place)
            if parsed.problem:
                raise InputError(stream.name, parsed.problem, record.place)
        except InputError as exc:
            totals.errors += 1
            on_error(f"{stream.name}: {record.place}: {exc.problem}")
            continue
        ex = explain(kb, parsed, overrides)
        totals.add(Item.of(parsed.answer, ex, index=record.index, line=record.line, id=doc.get("id"), workload=not parsed.options))
    return totals


def keep_object(kb: KnowledgeBase, value: Any) -> Any:  # noqa: ARG001 - the records reader's check
    """A record must be a JSON object (its fields are checked when it is explained)."""
    if not isinstance(value, dict):
        raise ValueError('expected a JSON object such as {"question": "...", "options": {"A": "..."}, "answer": "A"}')
    return value

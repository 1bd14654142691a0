"""The question bank (``[[exam]]`` items in knowledge/bank/): validated access for quiz and tests."""

from __future__ import annotations

import random

from advisor.errors import KnowledgeError
from advisor.explain.parse import Option, Parsed, normalize
from advisor.kb.exam import Exam
from advisor.kb import KnowledgeBase


def validate(kb: KnowledgeBase) -> None:
    """Refuse a bank whose questions cite notes or topics that do not exist (file:line)."""
    topics = {n.topic for n in kb.notes.values()}
    for exam in kb.exams.values():
        for note_id in exam.notes:
            if kb.resolve_note(note_id) is None:
                raise KnowledgeError(f"exam {exam.id!r} cites {note_id!r}, which is not a note", source=exam.source)
        if exam.topic not in topics:
            raise KnowledgeError(f"exam {exam.id!r} has topic {exam.topic!r}, which no note has", source=exam.source)


def exams(kb: KnowledgeBase, *, topic: str | None = None, lang: str | None = None, part: str | None = None) -> list[Exam]:
    validate(kb)
    items = sorted(kb.exams.values(), key=lambda e: e.id)
    return [
        e for e in items
        if (topic is None or e.topic == topic) and (lang is None or e.lang == lang) and (part is None or e.set == part)
    ]


def pick(items: list[Exam], count: int | None, seed: int | str | None) -> list[Exam]:
    """``count`` questions in a shuffled order: reproducible for a given ``seed``."""
    rng = random.Random(seed) if seed is not None else random.Random()
    order = list(items)
    rng.shuffle(order)
    return order if count is None else order[:count]


def as_parsed(exam: Exam) -> Parsed:
    return Parsed(
        source=f"{exam.source.file}:{exam.source.line}",
        question=normalize(exam.question),
        options=tuple(Option(key=k, label=k, text=normalize(t)) for k, t in exam.options),
        choose=exam.choose,
        answer=exam.answer,
    )

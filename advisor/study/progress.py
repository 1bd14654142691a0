"""Progress by topic, from the study record: questions seen, right on the last try, in the
wrong-answer notebook, and notes never tested, as data (the JSON document); advisor/present/progress.py
draws it as a table with bars.

Questions are counted in the language studied (the quiz asks in one language); a note is
"tested" once any question citing it was answered, in either language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from typing import TYPE_CHECKING

from advisor.kb import KnowledgeBase
from advisor.study.store import Entry, Last

if TYPE_CHECKING:
    from advisor.present.words import Words

@dataclass
class Row:
    topic: str
    questions: int = 0
    seen: int = 0
    right: int = 0
    notebook: int = 0
    notes: int = 0
    untested: list[str] = field(default_factory=list)

    def json(self) -> dict:
        doc = asdict(self)
        doc["untested_count"] = len(self.untested)
        return doc


def compute(kb: KnowledgeBase, last: dict[str, Last], notebook: list[Entry], words: Words,
            topic: str | None = None) -> list[Row]:
    """One row per note topic (or only ``topic``), topics in alphabetical order; questions are
    counted in the language of ``words``."""
    lang = words.lang
    topics = sorted({n.topic for n in kb.notes.values()})
    rows = {t: Row(t) for t in topics if topic is None or t == topic}
    tested: set[str] = set()
    for exam_id in last:
        exam = kb.exams.get(exam_id)
        if exam is not None:
            for note_id in exam.notes:
                note = kb.resolve_note(note_id)
                if note is not None:
                    tested.add(note.id)
    for exam in kb.exams.values():
        row = rows.get(exam.topic)
        if row is None or exam.lang != lang:
            continue
        row.questions += 1
        answer = last.get(exam.id)
        if answer is not None:
            row.seen += 1
            row.right += answer.correct
    for entry in notebook:
        exam = kb.exams.get(entry.exam)
        row = rows.get(exam.topic if exam else entry.topic)
        if row is not None and (exam.lang if exam else entry.lang) == lang:
            row.notebook += 1
    for note in sorted(kb.notes.values(), key=lambda n: n.id):
        row = rows.get(note.topic)
        if row is not None:
            row.notes += 1
            if note.id not in tested:
                row.untested.append(note.id)
    return list(rows.values())


def totals(rows: list[Row]) -> Row:
    out = Row("*")
    for r in rows:
        out.questions += r.questions
        out.seen += r.seen
        out.right += r.right
        out.notebook += r.notebook
        out.notes += r.notes
        out.untested += r.untested
    return out


def document(rows: list[Row], words: Words) -> dict:
    total = totals(rows)
    doc = total.json()
    del doc["topic"]
    return {"lang": words.lang, "topics": [r.json() for r in rows], "total": doc}

"""The README's picture of ``advisor progress``: a study record filled by a made-up learner,
rendered by the advisor and exported as SVG by rich.

The learner is deterministic: it answers about two thirds of the English bank questions, in id
order, and gets about seven in ten right, each choice decided by a hash of the question's id. The
record is written through the real store (advisor.study.store) in a temporary folder; the picture
shows nothing that depends on the clock, so it is the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from advisor.kb import KnowledgeBase
from docgen.picture import terminal  # one recording console for both pictures

PICTURE = "docs/img/progress.svg"


def _draw(exam_id: str) -> int:
    return int(hashlib.sha256(exam_id.encode("utf-8")).hexdigest(), 16)


def progress_svg(kb: KnowledgeBase) -> str:
    from advisor.present import progress as table
    from advisor.present.words import Words
    from advisor.study import progress
    from advisor.study.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        with open_store(Path(tmp), tmp, write=True) as store:
            # a record thrown away at once: its ~160 answers need not each wait for the disk (two
            # syncs per transaction were seconds of every generation's wall time)
            store.conn.execute("PRAGMA synchronous = OFF")
            exams = sorted((e for e in kb.exams.values() if e.lang == "en"), key=lambda e: e.id)
            session = store.start_session("quiz", "en", len(exams))
            for exam in exams:
                draw = _draw(exam.id)
                if draw % 3 == 0:
                    continue  # not seen yet
                right = draw % 10 >= 3
                given = exam.answer if right else tuple(k for k, _ in exam.options if k not in exam.answer)[: exam.choose]
                store.record(session, exam.id, exam.topic, exam.lang, tuple(given), right)
            rows = progress.compute(kb, store.last_answers(), store.notebook(), Words("en"))
    command = "advisor progress"
    console = terminal(command)
    table.render(console, rows, Words("en"))
    return console.export_svg(title=command, unique_id="arch-advisor-progress")

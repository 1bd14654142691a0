"""Progress by topic, from the study record: questions seen, right on the last try, in the
wrong-answer notebook, and notes never tested. As data (JSON) and as a compact rich table with bars.

Questions are counted in the language studied (the quiz asks in one language); a note is
"tested" once any question citing it was answered, in either language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from advisor.kb import KnowledgeBase
from advisor.study.store import Entry, Last

BAR = 10

_STRINGS = {
    "title": ("Study progress", "학습 진행"),
    "topic": ("topic", "주제"),
    "seen": ("seen", "푼 문제"),
    "right": ("right", "맞힘"),
    "notebook": ("notebook", "오답노트"),
    "untested": ("untested notes", "안 다룬 노트"),
    "total": ("all topics", "전체"),
    "lang": ("Questions in English; right: on the last try; untested: notes no answered question tested yet.",
             "한국어 문제 기준. 맞힘: 마지막 시도에서 맞힌 문제, 안 다룬 노트: 푼 문제가 아직 묻지 않은 노트."),
    "empty": ("Nothing recorded yet: 'advisor quiz' starts.", "아직 기록이 없습니다. 'advisor quiz'로 시작하세요."),
    "hint": ("'advisor quiz --review' drills the notebook; 'advisor progress --topic T' lists a topic's untested notes.",
             "'advisor quiz --review'로 오답노트를 풀고, 'advisor progress --topic 주제'로 안 다룬 노트를 보세요."),
    "untested_list": ("Notes never tested in {topic}", "{topic}에서 안 다룬 노트"),
    "all_tested": ("Every note of {topic} has been tested.", "{topic}의 노트를 모두 다뤘습니다."),
}


def s(key: str, lang: str, **kw) -> str:
    en, ko = _STRINGS[key]
    return (ko if lang == "ko" else en).format(**kw)


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


def compute(kb: KnowledgeBase, last: dict[str, Last], notebook: list[Entry], lang: str,
            topic: str | None = None) -> list[Row]:
    """One row per note topic (or only ``topic``), topics in alphabetical order."""
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


def document(rows: list[Row], lang: str) -> dict:
    total = totals(rows)
    doc = total.json()
    del doc["topic"]
    return {"lang": lang, "topics": [r.json() for r in rows], "total": doc}


def bar(part: int, whole: int, style: str, width: int = BAR):
    """``part`` of ``whole`` as a bar of ``width`` cells (█ done, ░ not yet), and a space."""
    from rich.text import Text

    if width <= 0:
        return Text()
    filled = (width * part + whole // 2) // whole if whole else 0
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "bright_black"), " ")


def render(console, rows: list[Row], lang: str, topic: str | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from advisor.present.text import lit

    table = Table(box=box.SIMPLE_HEAD, title=Text(s("title", lang), style="bold"), title_justify="left",
                  pad_edge=False, show_footer=len(rows) > 1)
    total = totals(rows)
    # bars as wide as the terminal allows: none below 64 columns, BAR cells from 84
    width = max(0, min(BAR, (console.width - 64) // 2))

    def cells(r: Row, footer: bool = False):
        style = "bold" if footer else ""
        return [
            Text.assemble(bar(r.seen, r.questions, "cyan", width), (f"{r.seen}/{r.questions}", style)),
            Text.assemble(bar(r.right, r.seen, "green", width), (f"{r.right}/{r.seen}", style)),
            Text(str(r.notebook), style="red" if r.notebook else "dim"),
            Text(f"{len(r.untested)}/{r.notes}", style=style or ("yellow" if r.untested else "dim")),
        ]

    foot = cells(total, footer=True)
    table.add_column(s("topic", lang), footer=Text(s("total", lang), style="bold"), no_wrap=True)
    table.add_column(s("seen", lang), footer=foot[0], min_width=max(width + 6, _word(s("seen", lang))))
    table.add_column(s("right", lang), footer=foot[1], min_width=max(width + 5, _word(s("right", lang))))
    table.add_column(s("notebook", lang), footer=foot[2], justify="right", min_width=_word(s("notebook", lang)))
    table.add_column(s("untested", lang), footer=foot[3], justify="right", min_width=_word(s("untested", lang)))
    for r in rows:
        table.add_row(lit(r.topic), *cells(r))
    console.print(table)
    console.print(Text(s("lang", lang), style="dim"))
    if topic is not None:
        row = rows[0]
        if row.untested:
            console.print(Text(s("untested_list", lang, topic=topic), style="bold"))
            for note_id in row.untested:
                console.print(Text.assemble("  ", (f"advisor notes {note_id}", "cyan")))
        else:
            console.print(lit(s("all_tested", lang, topic=topic)))
        return
    if total.seen == 0:
        console.print(lit(s("empty", lang)))
    else:
        console.print(Text(s("hint", lang), style="dim"))


def _word(header: str) -> int:
    """The width of the longest word of a header: a column never narrower, so no word is cut."""
    from rich.cells import cell_len

    return max(cell_len(w) for w in header.split())

"""A practice session over the question bank: ask, check, explain, and sum up what to review.

The session does not know how answers are obtained: ``ask(exam, parsed, number, total)`` returns
the letters given, or raises KeyboardInterrupt to end the session early (the summary so far is
still shown). The CLI passes a questionary prompt or scripted ``--answers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from advisor.explain import explain
from advisor.explain.bank import as_parsed
from advisor.explain.parse import Parsed
from advisor.explain.render import cited_notes, render_notes, render_options
from advisor.kb import KnowledgeBase
from advisor.kbexam import Exam

_TEXT = {
    "question": ("Question", "문제"),
    "right": ("Right.", "정답입니다."),
    "wrong": ("Not quite: the answer is", "아쉽습니다. 정답은"),
    "you": ("you chose", "선택"),
    "decided_by": ("Decided by", "결정하는 노트"),
    "summary": ("Session summary", "학습 요약"),
    "score": ("Score", "점수"),
    "stopped": ("Stopped after", "중단:"),
    "review": ("Notes to review", "복습할 노트"),
    "none_to_review": ("Nothing to review: every answer was right.", "복습할 노트가 없습니다. 모두 맞혔습니다."),
    "choose_n": ("choose {n}", "{n}개 선택"),
}


def tr(key: str, lang: str, **kw) -> str:
    en, ko = _TEXT[key]
    return (ko if lang == "ko" else en).format(**kw)


@dataclass
class Result:
    exam: Exam
    given: tuple[str, ...]

    @property
    def right(self) -> bool:
        return tuple(sorted(self.given)) == self.exam.answer


@dataclass
class Session:
    planned: int
    results: list[Result] = field(default_factory=list)
    interrupted: bool = False

    @property
    def score(self) -> int:
        return sum(r.right for r in self.results)

    def to_review(self) -> list[str]:
        notes: list[str] = []
        for r in self.results:
            if not r.right:
                for n in r.exam.notes:
                    if n not in notes:
                        notes.append(n)
        return notes


Asker = Callable[[Exam, Parsed, int, int], tuple[str, ...]]


def run(kb: KnowledgeBase, items: list[Exam], ask: Asker, console, ui_lang: str | None) -> Session:
    session = Session(planned=len(items))
    for number, exam in enumerate(items, start=1):
        lang = ui_lang or exam.lang
        parsed = as_parsed(exam)
        show_question(console, exam, parsed, number, len(items), lang)
        try:
            given = ask(exam, parsed, number, len(items))
        except KeyboardInterrupt:
            session.interrupted = True
            break
        result = Result(exam, tuple(sorted(given)))
        session.results.append(result)
        show_feedback(console, kb, exam, parsed, result, lang)
    show_summary(console, kb, session, ui_lang or (items[0].lang if items else "en"))
    return session


def show_question(console, exam: Exam, parsed: Parsed, number: int, total: int, lang: str) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    head = f"{tr('question', lang)} {number}/{total} · {exam.topic} · {exam.id}"
    if exam.choose > 1:
        head += f" · {tr('choose_n', lang, n=exam.choose)}"
    console.print(HRule(Text(head, style="bold"), align="left"))
    console.print(parsed.question)
    for o in parsed.options:
        console.print(f"  {o.key}. {o.text}")
    console.print()


def show_feedback(console, kb: KnowledgeBase, exam: Exam, parsed: Parsed, result: Result, lang: str) -> None:
    from rich.text import Text

    if result.right:
        console.print(Text(tr("right", lang), style="bold green"))
    else:
        line = Text(f"{tr('wrong', lang)} {', '.join(exam.answer)}", style="bold red")
        line.append(f" ({tr('you', lang)}: {', '.join(result.given) or '—'})", style="dim")
        console.print(line)
    console.print()
    ex = explain(kb, parsed)
    render_options(console, kb, ex, lang)
    notes = cited_notes(ex)
    notes += [n for n in exam.notes if n not in notes]
    numbers = {n: i for i, n in enumerate(notes, start=1)}
    console.print(Text(f"{tr('decided_by', lang)}: " + ", ".join(f"[{numbers[n]}] {n}" for n in exam.notes), style="bold"))
    console.print()
    render_notes(console, kb, notes, lang)


def show_summary(console, kb: KnowledgeBase, session: Session, lang: str) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    console.print(HRule(Text(tr("summary", lang), style="bold"), align="left"))
    answered = len(session.results)
    line = f"{tr('score', lang)}: {session.score}/{answered}"
    if session.interrupted:
        line += f" · {tr('stopped', lang)} {answered}/{session.planned}"
    console.print(line)
    review = session.to_review()
    if not review:
        if answered:
            console.print(tr("none_to_review", lang))
        return
    console.print(Text(tr("review", lang), style="bold"))
    for note_id in review:
        note = kb.notes[note_id]
        console.print(f"  {note_id} · {note.section}")


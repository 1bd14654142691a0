"""A practice session over the question bank: ask, check, record, explain, and sum up what to review.

The session does not know how answers are obtained: ``ask(exam, parsed, number, total)`` returns
the letters given, or raises KeyboardInterrupt (or EOFError) to end the session early (the summary
so far is still shown). The CLI passes a questionary prompt or scripted ``--answers``. An asker
whose ``lists_options`` attribute is true shows the options itself (in its menu), so they are not
printed twice.

``record(exam, given, right)`` is called with each answer as soon as it is given, before the
feedback: the CLI keeps it in the study record (advisor.study.store), so an interrupted session
loses at most the answer being given.

The session speaks one language: the questions come in it (the CLI picks them) and every label
is in it. Text from the bank is printed as literal rich Text, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from advisor.explain import explain
from advisor.explain.bank import as_parsed
from advisor.explain.parse import Parsed
from advisor.explain.render import cited_notes, render_notes, render_options
from advisor.kb import KnowledgeBase
from advisor.kb.exam import Exam
from advisor.study.notes import lit, plain

_TEXT = {
    "question": ("Question", "문제"),
    "right": ("Right.", "정답입니다."),
    "wrong": ("Not quite: the answer is", "아쉽습니다. 정답은"),
    "you": ("you chose", "선택"),
    "decided_by": ("Decided by", "결정하는 노트"),
    "summary": ("Session summary", "학습 요약"),
    "score": ("Score", "점수"),
    "stopped": ("Stopped after", "중단:"),
    "missed": ("Missed", "틀린 문제"),
    "none_to_review": ("Nothing to review: every answer was right.", "복습할 노트가 없습니다. 모두 맞혔습니다."),
    "choose_n": ("choose {n}", "{n}개 선택"),
    "read": ("read", "읽기"),
    "kept": ("Missed questions stay in your wrong-answer notebook until you remove them: "
             "drill them with 'advisor quiz --review', remove one with 'advisor quiz --forget ID'.",
             "틀린 문제는 직접 지울 때까지 오답노트에 남습니다. 'advisor quiz --review'로 다시 풀고, "
             "'advisor quiz --forget ID'로 하나씩 지우세요."),
    "review_kept": ("Questions you got right stay in the notebook, one box up; only you remove them "
                    "('advisor quiz --forget ID', or --clear for all).",
                    "맞힌 문제도 한 칸 올라갈 뿐 오답노트에 남습니다. 지우는 것은 직접 하세요 "
                    "('advisor quiz --forget ID', 전부는 --clear)."),
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

    def missed(self) -> list[Result]:
        return [r for r in self.results if not r.right]

    def to_review(self) -> list[str]:
        notes: list[str] = []
        for r in self.missed():
            for n in r.exam.notes:
                if n not in notes:
                    notes.append(n)
        return notes


Asker = Callable[[Exam, Parsed, int, int], tuple[str, ...]]
Recorder = Callable[[Exam, tuple[str, ...], bool], None]


def run(kb: KnowledgeBase, items: list[Exam], ask: Asker, console, lang: str,
        record: Recorder | None = None, mode: str = "quiz") -> Session:
    """Ask ``items`` in ``lang``; ``record`` keeps each answer as it is given (None: not recorded)."""
    session = Session(planned=len(items))
    lists_options = bool(getattr(ask, "lists_options", False))
    for number, exam in enumerate(items, start=1):
        parsed = as_parsed(exam)
        show_question(console, exam, parsed, number, len(items), lang, options=not lists_options)
        try:
            given = ask(exam, parsed, number, len(items))
        except (KeyboardInterrupt, EOFError):
            session.interrupted = True
            break
        result = Result(exam, tuple(sorted(given)))
        if record is not None:
            record(exam, result.given, result.right)
        session.results.append(result)
        show_feedback(console, kb, exam, parsed, result, lang)
    show_summary(console, kb, session, lang, recorded=record is not None, mode=mode)
    return session


def show_question(console, exam: Exam, parsed: Parsed, number: int, total: int, lang: str, options: bool = True) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    head = Text(f"{tr('question', lang)} {number}/{total} · ", style="bold")
    head.append(plain(exam.topic), style="bold")
    if exam.choose > 1:
        head.append(f" · {tr('choose_n', lang, n=exam.choose)}", style="bold")
    console.print(HRule(head, align="left"))
    console.print(lit(parsed.question))
    if options:
        print_options(console, parsed)
    console.print()


def print_options(console, parsed: Parsed) -> None:
    """The options, each wrapped under its own text (a hanging indent), never cut."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for o in parsed.options:
        grid.add_row(Text(f"{o.key}.", style="bold"), lit(o.text))
    console.print(Padding(grid, (0, 0, 0, 2)))


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
    console.print(Text(f"{tr('decided_by', lang)}: " + ", ".join(f"[{numbers[n]}] {plain(n)}" for n in exam.notes), style="bold"))
    console.print()
    render_notes(console, kb, notes, lang)


def show_summary(console, kb: KnowledgeBase, session: Session, lang: str, recorded: bool = False, mode: str = "quiz") -> None:
    """The score, then each missed question with the command that opens each of its notes."""
    from rich.rule import Rule as HRule
    from rich.table import Table
    from rich.text import Text

    console.print(HRule(Text(tr("summary", lang), style="bold"), align="left"))
    answered = len(session.results)
    line = f"{tr('score', lang)}: {session.score}/{answered}"
    if session.interrupted:
        line += f" · {tr('stopped', lang)} {answered}/{session.planned}"
    console.print(Text(line))
    missed = session.missed()
    if not missed:
        if answered:
            console.print(Text(tr("none_to_review", lang)))
        if recorded and mode == "review" and answered:
            console.print(Text(tr("review_kept", lang), style="dim"))
        return
    console.print()
    console.print(Text(tr("missed", lang), style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 2))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for r in missed:
        number = session.results.index(r) + 1
        body = lit(_excerpt(r.exam.question), style="")
        body.append(f"  [{plain(r.exam.id)}]", style="dim")
        for note_id in r.exam.notes:
            note = kb.resolve_note(note_id)
            body.append("\n→ ", style="dim")
            body.append(f"advisor notes {plain(note_id)}", style="cyan")
            if note is not None:
                body.append(f"  · {plain(note.section)}", style="dim")
        grid.add_row(Text(f"{tr('question', lang)} {number}", style="red"), body)
    console.print(grid)
    if recorded:
        console.print()
        console.print(Text(tr("review_kept" if mode == "review" else "kept", lang), style="dim"))


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

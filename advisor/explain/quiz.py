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
is in it (:mod:`advisor.present.quiz` shows it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol

from advisor.explain import Explanation, explain
from advisor.explain.bank import as_parsed
from advisor.explain.parse import Parsed
from advisor.kb import KnowledgeBase
from advisor.kb.exam import Exam

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


class View(Protocol):
    """What a session shows: a question, the feedback on an answer, the summary."""

    def question(self, exam: Exam, parsed: Parsed, number: int, total: int, options: bool = True) -> None: ...

    def feedback(self, exam: Exam, ex: Explanation, result: Result) -> None: ...

    def summary(self, session: Session, recorded: bool, mode: str) -> None: ...


def run(kb: KnowledgeBase, items: list[Exam], ask: Asker, view: View,
        record: Recorder | None = None, mode: str = "quiz") -> Session:
    """Ask ``items``, showing each step through ``view`` (:class:`advisor.present.quiz.QuizView`);
    ``record`` keeps each answer as it is given (None: not recorded)."""
    session = Session(planned=len(items))
    lists_options = bool(getattr(ask, "lists_options", False))
    for number, exam in enumerate(items, start=1):
        parsed = as_parsed(exam)
        view.question(exam, parsed, number, len(items), options=not lists_options)
        try:
            given = ask(exam, parsed, number, len(items))
        except (KeyboardInterrupt, EOFError):
            session.interrupted = True
            break
        result = Result(exam, tuple(sorted(given)))
        if record is not None:
            record(exam, result.given, result.right)
        session.results.append(result)
        view.feedback(exam, explain(kb, parsed), result)
    view.summary(session, recorded=record is not None, mode=mode)
    return session

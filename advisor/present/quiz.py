"""``advisor quiz`` on a terminal: each question, the feedback on an answer (every option explained,
the notes that decide it), the session's summary, the wrong-answer notebook and the quiz's messages.
Text from the bank is printed as literal rich Text, never as markup."""

from __future__ import annotations

from advisor.explain import Explanation
from advisor.explain.parse import Parsed
from advisor.explain.quiz import Result, Session
from advisor.kb import KnowledgeBase
from advisor.kb.exam import Exam
from advisor.present.explain import render_notes, render_options
from advisor.present.text import lit, plain
from advisor.present.words import Words


def say(console, message: str) -> None:
    """One line of the quiz's own (a message from the catalogue, its fields filled), printed literally."""
    console.print(lit(message))


class QuizView:
    """What a session shows, in one language (the session calls it; :func:`advisor.explain.quiz.run`)."""

    def __init__(self, console, kb: KnowledgeBase, words: Words) -> None:
        self.console, self.kb, self.words = console, kb, words

    def question(self, exam: Exam, parsed: Parsed, number: int, total: int, options: bool = True) -> None:
        show_question(self.console, exam, parsed, number, total, self.words, options=options)

    def feedback(self, exam: Exam, ex: Explanation, result: Result) -> None:
        show_feedback(self.console, self.kb, exam, ex, result, self.words)

    def summary(self, session: Session, recorded: bool, mode: str) -> None:
        show_summary(self.console, self.kb, session, self.words, recorded=recorded, mode=mode)


def show_question(console, exam: Exam, parsed: Parsed, number: int, total: int, w: Words, options: bool = True) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    head = Text(f"{w('quiz.question')} {number}/{total} · ", style="bold")
    head.append(plain(exam.topic), style="bold")
    if exam.choose > 1:
        head.append(f" · {w('quiz.choose_n', n=exam.choose)}", style="bold")
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


def show_feedback(console, kb: KnowledgeBase, exam: Exam, ex: Explanation, result: Result, w: Words) -> None:
    from rich.text import Text

    if result.right:
        console.print(Text(w("quiz.right"), style="bold green"))
    else:
        line = Text(f"{w('quiz.wrong')} {', '.join(exam.answer)}", style="bold red")
        line.append(f" ({w('quiz.you')}: {', '.join(result.given) or '—'})", style="dim")
        console.print(line)
    console.print()
    render_options(console, kb, ex, w)
    notes = ex.notes
    notes += [n for n in exam.notes if n not in notes]
    numbers = {n: i for i, n in enumerate(notes, start=1)}
    console.print(Text(f"{w('quiz.decided_by')}: " + ", ".join(f"[{numbers[n]}] {plain(n)}" for n in exam.notes), style="bold"))
    console.print()
    render_notes(console, kb, notes, w)


def show_summary(console, kb: KnowledgeBase, session: Session, w: Words, recorded: bool = False, mode: str = "quiz") -> None:
    """The score, then each missed question with the command that opens each of its notes."""
    from rich.rule import Rule as HRule
    from rich.table import Table
    from rich.text import Text

    console.print(HRule(Text(w("quiz.summary"), style="bold"), align="left"))
    answered = len(session.results)
    line = f"{w('quiz.score')}: {session.score}/{answered}"
    if session.interrupted:
        line += f" · {w('quiz.stopped')} {answered}/{session.planned}"
    console.print(Text(line))
    missed = session.missed()
    if not missed:
        if answered:
            console.print(Text(w("quiz.none_to_review")))
        if recorded and mode == "review" and answered:
            console.print(Text(w("quiz.review_kept"), style="dim"))
        return
    console.print()
    console.print(Text(w("quiz.missed"), style="bold"))
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
        grid.add_row(Text(f"{w('quiz.question')} {number}", style="red"), body)
    console.print(grid)
    if recorded:
        console.print()
        console.print(Text(w("quiz.review_kept" if mode == "review" else "quiz.kept"), style="dim"))


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def show_notebook(console, kb: KnowledgeBase, entries, w: Words, topic: str | None) -> None:
    """The wrong-answer notebook, in review order (``entries`` from the study record)."""
    from rich.table import Table
    from rich.text import Text

    entries = [e for e in entries if topic is None or e.topic == topic]
    if not entries:
        console.print(lit(w("quiz.empty_notebook")))
        return
    console.print(Text(w("quiz.notebook", n=len(entries)), style="bold"))
    grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
    grid.add_column(no_wrap=True, min_width=max(len(e.exam) for e in entries))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    for e in entries:
        exam = kb.exams.get(e.exam)
        what = lit(" ".join(exam.question.split()), style="dim") if exam else Text(w("quiz.gone"), style="red")
        grid.add_row(lit(e.exam, style="cyan"), Text(f"{w('quiz.box')} {e.box} · {w('quiz.misses')} {e.misses}×"), what)
    console.print(grid)


def option_title(key: str, text: str, width: int, indent: int) -> str:
    """``KEY. text`` wrapped to ``width`` cells, continuation lines indented under the text (a prompt's menu entry)."""
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=max(10, width), legacy_windows=False, _environ={})
    lines = lit(" ".join(text.split())).wrap(console, max(10, width))
    body = ("\n" + " " * indent).join(line.plain.rstrip() for line in lines)
    return f"{key}. {body}"

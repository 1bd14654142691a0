"""The consultation on a terminal: its opening and closing lines, each question's heading, WHY (a few
lines, or the whole reasoning as a tree), the report with HOW for every conclusion, and the HOW / WHY
NOT answers of the menu after it. :class:`ConsultView` is what :class:`advisor.consult.session.Consultation`
and ``advisor consult`` print through; answers are read by :mod:`advisor.consult.prompter`."""

from __future__ import annotations

from typing import Any

from advisor.consult.why_asked import WhyItem
from advisor.kb import KnowledgeBase, Question
from advisor.present.words import Words
from advisor.reasoning.premises import Status


class ConsultView:
    """Everything a consultation shows, in one language."""

    def __init__(self, console, kb: KnowledgeBase, words: Words) -> None:
        self.console, self.kb, self.w = console, kb, words

    # ------------------------------------------------------------------ opening and closing

    def opening(self, source: str | None, resumed: int, in_play: int, save_path, replaces: bool) -> None:
        from rich.text import Text

        w, console = self.w, self.console
        console.print(Text(w("consult.title"), style="bold"))
        if source is not None:
            console.print(w("consult.resumed", file=source, n=resumed))
        console.print(w("consult.intro", n=in_play))
        console.print(Text(w("consult.keys"), style="dim"))
        if save_path is not None:
            console.print(Text(w("consult.saving_to", file=str(save_path)), style="dim"))
            if replaces:
                console.print(Text(w("consult.will_replace", file=str(save_path)), style="yellow"))

    def blank(self) -> None:
        self.console.print()

    def saved(self, path) -> None:
        self.console.print(self.w("consult.saved", file=str(path)))

    def stopped(self, saved) -> None:
        """After Ctrl-C or the end of input: what was saved and how to resume (``saved``: None, nothing)."""
        self.console.print()
        self.console.print(self.w("consult.stopped"), style="bold")
        if saved is None:
            self.console.print(self.w("consult.nothing_to_save"))
        else:
            self.console.print(self.w("consult.saved", file=str(saved)))
            self.console.print(self.w("consult.resume_with", file=str(saved)))

    def finished(self, kept, save_path) -> None:
        from rich.text import Text

        w = self.w
        self.console.print(w("consult.saved" if kept == save_path else "consult.saved_new", file=str(kept)))
        self.console.print(Text(w("consult.report_again", file=str(kept), flag=" --lang ko" if w.lang == "ko" else ""), style="dim"))

    # ------------------------------------------------------------------ questioning

    def no_back(self) -> None:
        self.console.print(self.w("consult.no_back"), style="yellow")

    def went_back(self) -> None:
        self.console.print(self.w("consult.went_back"), style="dim")

    def done(self, asked: int, total: int) -> None:
        self.console.print()
        self.console.print(self.w("consult.done", asked=asked, total=total), style="dim")

    def parts_intro(self) -> None:
        from rich.text import Text

        self.console.print()
        self.console.print(Text(self.w("consult.parts_progress"), style="dim"))
        self.console.print(Text(self.w("consult.parts_help"), style="dim italic"))

    def parts_chosen(self, labels: list[str]) -> None:
        from rich.text import Text

        names = ", ".join(labels) or self.w("consult.parts_none")
        self.console.print(Text(self.w("consult.parts_chosen", parts=names), style="dim"))

    def question(self, q: Question, trait: str, n: int, left: int) -> None:
        """The heading of question ``n`` (``left``: how many more could still matter after it)."""
        from rich.text import Text

        w = self.w
        progress = w("consult.progress", n=n, left=left) if left > 0 else w("consult.progress_last", n=n)
        self.console.print()
        self.console.print(Text.assemble((progress, "dim"), ("  ·  ", "dim"), (trait, "magenta")))
        self.console.print(Text(q.help.get(w.lang), style="dim italic"))

    def why(self, trait: str, items: list[WhyItem], brief: list[str] | None) -> None:
        """WHY at a question: the ``brief`` lines, or (None) the whole reasoning as a tree."""
        self.console.print()
        if brief is None:
            self.console.print(why_tree(self.kb, trait, items, self.w))
            return
        from rich.text import Text

        from advisor.present.layout import wrap

        width = max(self.console.width - 1, 20)
        for line in brief:
            lead = " " * (len(line) - len(line.lstrip(" ")))
            parts = wrap(line.lstrip(" "), width, indent=lead + "  ", first=len(lead))
            for i, part in enumerate(parts):
                self.console.print(Text(lead + part if i == 0 else part), soft_wrap=True)

    def save_moved(self, old, new) -> None:
        self.console.print(self.w("consult.save_moved", old=str(old), file=str(new)), style="yellow")

    # ------------------------------------------------------------------ the report and after

    def report(self, ev, title: str) -> None:
        """The report of ``advisor evaluate``, then HOW for every conclusion."""
        from rich.text import Text

        from advisor.present.evaluation import render_evaluation
        from advisor.present.reasoning_text import how_tree
        from advisor.reasoning.how import how

        kb, w = self.kb, self.w
        self.console.print()
        render_evaluation(self.console, kb, ev, title, w)
        if not ev.conclusions:
            return
        self.console.print(Text(w("consult.how_heading"), style="bold"))
        for c in ev.conclusions:
            node = how(kb, ev, c.rule.id)
            if node is not None:
                self.console.print(how_tree(kb, node, w, notes="ids", prompts=False))
                self.console.print()

    def how(self, explanation: Any) -> None:
        from advisor.present.reasoning_text import render_how

        self.console.print()
        render_how(self.console, self.kb, explanation, self.w)

    def why_not(self, result: Any) -> None:
        from advisor.present.reasoning_text import render_why_not

        self.console.print()
        render_why_not(self.console, self.kb, result, self.w)


def why_tree(kb: KnowledgeBase, trait: str, items: list[WhyItem], w: Words):
    """The WHY explanation as a rich Tree."""
    from rich.text import Text
    from rich.tree import Tree

    from advisor.present.reasoning_text import note_line, rule_heading

    root = Tree(Text(w("consult.why_title", trait=trait), style="bold"), guide_style="dim")
    root.add(Text(w("consult.why_count", n=len(items))))
    for item in items:
        branch = root.add(rule_heading(kb, item.rule, w, reached=False))
        for p in item.check.premises:
            line = Text()
            cond = p.condition
            if cond.trait is not None:
                if cond.trait == trait:
                    line.append("◆ ", style="bold yellow")
                    line.append(cond.describe(kb, w), style="bold")
                    line.append(f"  ← {w('consult.this_question')}", style="yellow")
                elif p.status is Status.HOLDS:
                    line.append("✔ ", style="green")
                    line.append(cond.describe(kb, w))
                    line.append(f"  ({w('consult.known')})", style="dim")
                else:
                    line.append("○ ", style="dim")
                    line.append(cond.describe(kb, w))
                    line.append(f"  ({w('consult.open')})", style="dim")
            else:
                mark, style, word = ("✔ ", "green", "fact_known") if p.status is Status.HOLDS else ("○ ", "dim", "fact_open")
                line.append(mark, style=style)
                line.append(cond.describe(kb, w))
                line.append(f"  ({w('consult.' + word)})", style="dim")
                if cond.fact in item.feeds:
                    line.append(f"\n{w('consult.via')} ", style="dim")
                    line.append(", ".join(item.feeds[cond.fact]), style="magenta")
                    line.append(f"  ← {w('consult.this_question')}", style="yellow")
            branch.add(line)
        for note_id in item.rule.notes:
            note = kb.notes.get(note_id)
            if note is not None:
                branch.add(note_line(note, w, correction=False))
    return root

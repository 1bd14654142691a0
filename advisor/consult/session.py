"""One consultation: ask the questions that matter, keep the answers safe, then report.

The session owns the state (answers, "don't know"s, and the order they were given in for Back),
asks through a :class:`~advisor.consult.prompter.Prompter` and prints through
:class:`advisor.present.consult.ConsultView`. After every answer it saves to ``save_path``
(atomically), so a crash loses nothing. Ctrl-C or end of input propagate from the prompter as
KeyboardInterrupt / EOFError; :meth:`Consultation.rescue` then saves what was given (to
``save_path``, or to a new file that never overwrites one).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from advisor.answers import META_KEY
from advisor.consult import parts as design_parts
from advisor.answers import write
from advisor.consult.prompter import ANSWER, BACK, UNKNOWN, WHY, Prompter, Reply
from advisor.consult.selection import Agenda
from advisor.present.words import Words
from advisor.consult.why_asked import why, why_brief
from advisor.engine import Evaluation, engine_for
from advisor.errors import AdvisorError
from advisor.kb import KnowledgeBase
from advisor.present.consult import ConsultView


#: the entry of the history that stands for the choice of the design's parts
PARTS = "_parts"


class SaveError(AdvisorError):
    """The answers could not be written to the --save file."""

    def __init__(self, path: Path, exc: OSError):
        super().__init__(f"{path}: cannot save the answers: {exc.strerror or exc}")


@dataclass
class Consultation:
    kb: KnowledgeBase
    prompter: Prompter
    console: Any
    #: the language of the questions, the report and the saved answers
    words: Words = field(default_factory=Words)
    answers: dict[str, Any] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    save_path: Path | None = None
    #: where a consultation without --save writes the answers when interrupted
    rescue_dir: Path = Path(".")
    #: traits answered, in order (what Back walks through); a resumed file's order comes first.
    #: PARTS stands for the choice of the design's parts.
    history: list[str] = field(default_factory=list)
    #: the parts of the design (knowledge ``[[part]]`` ids); None: not chosen (every question in scope)
    parts: tuple[str, ...] | None = None
    #: ask which parts the design has before the first question (when the parts are not known)
    ask_parts: bool = False

    def __post_init__(self):
        #: the --save file as last seen (read or written by us): another writer is noticed
        self._stamp = write.stamp(self.save_path) if self.save_path is not None else None
        self.agenda = Agenda(self.kb)
        self.engine = engine_for(self.kb)
        #: the answers the chosen parts gave (undone when Back returns to the choice of parts)
        self.implied: dict[str, Any] = {}
        if self.parts is not None:
            self.parts = design_parts.ordered(self.kb, self.parts)
            given = design_parts.implied(self.kb, self.parts)
            self.implied = {t: v for t, v in given.items() if self.answers.get(t) == v and t not in self.history}
            if PARTS not in self.history:
                self.history.insert(0, PARTS)
        #: answers that were given before this session and are not in its history (an older file)
        self.given_before = len((set(self.answers) | self.unknown) - set(self.history) - set(self.implied))
        #: where this session's own answers start in the history
        self.started_at = len(self.history)
        #: the trait whose short WHY was just shown (a second WHY shows the full reasoning)
        self._why_shown: str | None = None
        #: what the consultation shows, in its language
        self.view = ConsultView(self.console, self.kb, self.words)

    @property
    def skipped(self) -> set[str]:
        """What the agenda treats as unknown: the "don't know"s and the questions of absent parts."""
        return self.unknown | design_parts.out_of_scope(self.kb, self.parts)

    # ------------------------------------------------------------------ questioning

    def run(self) -> Evaluation:
        """Ask until no answer can change a conclusion; return the evaluation of the answers."""
        forced: str | None = None
        previous: Reply | None = None
        if self.parts is None and self.ask_parts and self.kb.parts:
            self.choose_parts()
        while True:
            trait = forced or self.agenda.next_question(self.answers, self.skipped)
            if trait is None:
                break
            reply = self._ask(trait, previous)
            if reply.action == WHY:
                self.show_why(trait, full=self._why_shown == trait)
                self._why_shown = trait
                forced, previous = trait, None
                continue
            self._why_shown = None
            if reply.action == BACK:
                if not self.history:
                    self.view.no_back()
                    forced, previous = trait, None
                    continue
                if self.history[-1] == PARTS:
                    self.view.went_back()
                    self.back_to_parts()
                    forced, previous = None, None
                    continue
                forced, previous = self.back()
                self.view.went_back()
                continue
            self.record(trait, reply)
            forced, previous = None, None
        self.view.done(len(self.history) - self.started_at, len(self.kb.questions))
        return self.evaluation()

    def choose_parts(self, default: tuple[str, ...] = ()) -> None:
        """Ask which parts the design has; their answers are given, their questions come in scope."""
        lang = self.words.lang
        options = [(part.label.get(lang), part.id) for part in self.kb.parts.values()]
        self.view.parts_intro()
        chosen = self.prompter.choose_parts(self.words("consult.parts_prompt"), options, default=list(default))
        self.parts = design_parts.ordered(self.kb, chosen)
        given = design_parts.implied(self.kb, self.parts)
        self.implied = {t: v for t, v in given.items() if t not in self.answers and t not in self.unknown}
        self.answers.update(self.implied)
        self.history.append(PARTS)
        self.view.parts_chosen([self.kb.parts[p].label.get(lang) for p in self.parts])
        self.save()

    def back_to_parts(self) -> None:
        """Back from the first question: undo the choice of parts and ask it again."""
        self.history.pop()
        for trait in self.implied:
            self.answers.pop(trait, None)
        previous, self.parts, self.implied = self.parts or (), None, {}
        self.save()
        self.choose_parts(default=previous)

    def _ask(self, trait: str, previous: Reply | None) -> Reply:
        q = self.kb.questions[trait]
        left = len(self.agenda.in_play(self.answers, self.skipped)) - 1
        self.view.question(q, trait, self.given_before + len(self.history) + 1, left)
        return self.prompter.ask(q, default=previous, can_go_back=bool(self.history))

    def record(self, trait: str, reply: Reply) -> None:
        """Keep an answer (or a don't know) and save at once."""
        if reply.action == UNKNOWN:
            self.answers.pop(trait, None)
            self.unknown.add(trait)
        elif reply.action == ANSWER:
            self.unknown.discard(trait)
            self.answers[trait] = reply.value
        else:  # pragma: no cover - WHY and BACK never reach here
            raise ValueError(reply.action)
        self.history.append(trait)
        self.save()

    def back(self) -> tuple[str, Reply]:
        """Undo the last answer of this session; return its trait and the reply to preselect."""
        trait = self.history.pop()
        if trait in self.unknown:
            self.unknown.discard(trait)
            previous = Reply(UNKNOWN)
        else:
            previous = Reply(ANSWER, self.answers.pop(trait))
        self.save()
        return trait, previous

    def show_why(self, trait: str, full: bool = False) -> None:
        """WHY: in a few lines, what each answer to ``trait`` can still lead to; asked again at the
        same question (``full``), the whole reasoning: rules, premises and notes."""
        ev = self.evaluation()
        items = why(self.agenda, ev, trait, self.answers, self.skipped)
        brief = None if full else why_brief(self.agenda, trait, items, self.answers, self.skipped, self.words)
        self.view.why(trait, items, brief)

    def evaluation(self) -> Evaluation:
        return self.engine.evaluate(dict(self.answers))

    # ------------------------------------------------------------------ saving

    def recorded(self) -> dict[str, Any]:
        """The answers as saved: the answers, and how the consultation went (its language, the
        parts chosen, the order of the answers) under the one member ``evaluate`` ignores."""
        meta: dict[str, Any] = {"lang": self.words.lang}
        if self.parts is not None:
            meta["parts"] = list(self.parts)
        meta["order"] = [t for t in self.history if t != PARTS]
        return {META_KEY: meta, **self.answers}

    def save(self) -> None:
        if self.save_path is None:
            return
        try:
            if write.stamp(self.save_path) != self._stamp:
                # another consultation (or program) wrote it since: never overwrite its answers
                old = self.save_path
                self.save_path = write.save_new(self.kb, old.parent, self.recorded(), self.unknown)
                self.view.save_moved(old, self.save_path)
            else:
                write.save(self.kb, self.save_path, self.recorded(), self.unknown)
            self._stamp = write.stamp(self.save_path)
        except OSError as exc:
            raise SaveError(self.save_path, exc) from None

    def rescue(self) -> Path | None:
        """After Ctrl-C, end of input or a failed save: save what was given; return where (None:
        nothing to save). If ``save_path`` cannot be written, a new file in ``rescue_dir`` is."""
        if not self.answers and not self.unknown and self.parts is None:
            return None
        if self.save_path is not None:
            try:
                self.save()
                return self.save_path
            except SaveError:
                pass
        return write.save_new(self.kb, self.rescue_dir, self.recorded(), self.unknown)

    # ------------------------------------------------------------------ the report

    def report(self, ev: Evaluation, title: str) -> None:
        """The report of ``advisor evaluate``, then HOW for every conclusion."""
        self.view.report(ev, title)

    def explore(self, ev: Evaluation) -> None:
        """After the report: HOW (with the notes' text) or WHY NOT, until Done."""
        from advisor.reasoning.how import explain_how
        from advisor.reasoning.targets import resolve
        from advisor.reasoning.why_not import why_not

        w = self.words
        fired = ev.fired()
        options: list[tuple[str, Any]] = []
        for c in ev.conclusions:
            options.append((w("consult.menu_how", name=c.rule.title.get(w.lang)), ("how", c.rule.id)))
        for service in self.kb.services():
            target = resolve(self.kb, service, recommended=True)
            if not any(r.id in fired for r in target.rules):
                options.append((w("consult.menu_why_not", name=service), ("why-not", service)))
        done = ("done", "")
        options.append((w("consult.menu_done"), done))
        while True:
            picked = self.prompter.choose(w("consult.menu"), options, default=done)
            if picked == done:
                return
            kind, name = picked
            if kind == "how":
                target = resolve(self.kb, name)
                self.view.how(explain_how(self.kb, ev, target))
            else:
                target = resolve(self.kb, name, recommended=True)
                result = why_not(self.kb, self.engine, self.answers, target, self.unknown)
                self.view.why_not(result)

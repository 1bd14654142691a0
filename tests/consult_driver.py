"""Drive real consultations in tests: the real questionary prompts, fed through a prompt_toolkit
pipe by a simulated user who types what a person would type."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Callable

from prompt_toolkit.output import DummyOutput
from rich.console import Console

from advisor.consult.prompter import Prompter
from advisor.consult.session import Consultation
from advisor.kb import Question, TraitType, format_number
from advisor.present.words import Words


def keys_for(q: Question, value: Any) -> str:
    """The keys a person presses to give ``value`` (None: don't know) to ``q``."""
    if q.type is TraitType.NUMBER:
        return "\r" if value is None else format_number(value) + "\r"
    if value is None:
        return "d"
    if q.type is TraitType.BOOL:
        return "y" if value else "n"
    return str(q.choice_values().index(value) + 1)


def answering(full: dict[str, Any]) -> Callable[[Question, int], str]:
    """A script that answers every question from ``full`` (missing traits: don't know)."""
    script = lambda q, _: keys_for(q, full.get(q.trait))  # noqa: E731
    script.full = full
    return script


def parts_agreeing(kb, full: dict[str, Any]) -> list[str]:
    """The parts a user whose answers are ``full`` ticks when nothing else says: every part whose
    answers agree with ``full`` (a part that answers nothing is ticked)."""
    return [p.id for p in kb.parts.values() if all(full.get(t) == v for t, v in p.answers)]


def keys_for_parts(options: list[tuple[str, str]], wanted, ticked=()) -> str:
    """The keys that turn the ticks of the checkbox from ``ticked`` to ``wanted``, then Enter."""
    keys = ""
    for _, pid in options:
        if (pid in wanted) != (pid in ticked):
            keys += " "
        keys += "j"
    return keys + "\r"


class PipedPrompter(Prompter):
    """The real Prompter; before each prompt it types the simulated user's keys into the pipe."""

    def __init__(self, lang: str, pipe, script: Callable[[Question, int], str], menu: list[str] | None = None, parts=None):
        super().__init__(Words(lang), input=pipe, output=DummyOutput())
        self.script = script
        self.menu_keys = list(menu or [])
        self.prompts: list[str] = []  # every question shown, re-asks included
        self.menus = 0
        #: the parts to tick at the first question (a list), or a list of such lists, one per
        #: time the choice is shown; None: the parts that agree with the script's answers
        self.parts = parts
        self.parts_shown = 0

    def ask(self, q, **kwargs):
        keys = self.script(q, len(self.prompts))
        self.prompts.append(q.trait)
        self.input.send_text(keys)
        return super().ask(q, **kwargs)

    def choose_parts(self, message, options, default=None):
        from advisor import kb as kbmod

        wanted = self.parts
        if isinstance(wanted, str):  # keys to type as they are (Ctrl-C, ...)
            self.input.send_text(wanted)
            return super().choose_parts(message, options, default=default)
        if wanted and isinstance(wanted[0], (list, tuple)):
            wanted = wanted[min(self.parts_shown, len(wanted) - 1)]
        if wanted is None:
            wanted = parts_agreeing(kbmod.builtin(), getattr(self.script, "full", {}))
        self.parts_shown += 1
        self.input.send_text(keys_for_parts(options, set(wanted), set(default or ())))
        return super().choose_parts(message, options, default=default)

    def choose(self, message, options, default=None):
        self.menus += 1
        self.input.send_text(self.menu_keys.pop(0) if self.menu_keys else "\r")
        return super().choose(message, options, default=default)


def console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=110, no_color=True, color_system=None, highlight=False, emoji=False), out


def session(kb, pipe, script, *, lang="en", menu=None, save_path: Path | None = None, answers=None, unknown=None, rescue_dir=None,
            parts=None, ask_parts=False):
    """A consultation driven through the real prompts. With ``ask_parts`` it starts, as the
    command does, by asking which parts the design has (``parts``: what to tick)."""
    con, out = console()
    prompter = PipedPrompter(lang, pipe, script, menu, parts=parts)
    s = Consultation(
        kb=kb,
        prompter=prompter,
        console=con,
        words=Words(lang),
        answers=dict(answers or {}),
        unknown=set(unknown or ()),
        save_path=save_path,
        rescue_dir=rescue_dir or Path("."),
        ask_parts=ask_parts,
    )
    return s, prompter, out

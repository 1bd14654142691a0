"""The consultation's prompts, built on questionary.

One :class:`Prompter` asks every kind of question and returns a :class:`Reply`: an answer,
"don't know", WHY or BACK. Yes/no and choice questions are a ``questionary.select`` with the
answers plus "Don't know", "Why are you asking?" and "Back", and single keys for each (y, n, d,
?, b); numbers are a ``questionary.text`` whose validation accepts a number in range, ``?`` or
``why``, ``back``, and empty or ``-`` for don't know.

``input`` and ``output`` are handed to prompt_toolkit, so tests drive the real prompts through a
pipe (``create_pipe_input``) and ``DummyOutput``. Ctrl-C raises KeyboardInterrupt and end of
input (Ctrl-D, or a closed pipe) raises EOFError; the session saves the answers on both.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from advisor.present.layout import terminal_width, wrap
from advisor.present.words import Words
from advisor.kb import Question, TraitType, format_number

ANSWER = "answer"
UNKNOWN = "unknown"
WHY = "why"
BACK = "back"


@dataclass(frozen=True)
class Reply:
    action: str
    value: Any = None


WHY_WORDS = {"?", "why", "왜"}
BACK_WORDS = {"back", "b", "<", "뒤로"}
UNKNOWN_WORDS = {"", "-", "dk", "모름"}


class Prompter:
    """Asks questions with questionary; ``input``/``output`` go to prompt_toolkit (None: the terminal)."""

    def __init__(self, words: Words | None = None, input: Any = None, output: Any = None):
        self.words = words or Words()
        self.input = input
        self.output = output

    # ------------------------------------------------------------------ layout

    #: cells questionary puts before a menu item: the pointer and a space (select), plus the
    #: tick box (checkbox)
    SELECT_PREFIX = 2
    CHECKBOX_PREFIX = 4

    def width(self) -> int:
        """The usable width: one column less than the terminal, so no line touches its edge."""
        return max(terminal_width(self.output) - 1, 20)

    def message(self, prompt: str) -> str:
        """A prompt wrapped between words after questionary's ``? ``, ending on a line break so
        that the hint (or, once answered, the answer) starts a line of its own."""
        return "\n".join(wrap(prompt, self.width(), indent="  ", first=2)) + "\n"

    def instruction(self, hint: str) -> str:
        return "\n".join(wrap(hint, self.width(), indent=" ", first=1))

    def item(self, title: str, prefix: int) -> str:
        """A menu item wrapped so that no part of it is cut off at the terminal's edge."""
        return "\n".join(wrap(title, self.width() - 1, indent=" " * (prefix + 1), first=prefix + 1))

    def _io(self) -> dict[str, Any]:
        io: dict[str, Any] = {}
        if self.input is not None:
            io["input"] = self.input
        if self.output is not None:
            io["output"] = self.output
        return io

    # ------------------------------------------------------------------ questions

    def ask(self, q: Question, *, default: Reply | None = None, can_go_back: bool = True) -> Reply:
        """Ask ``q``; ``default`` (the earlier reply, when going back) is preselected."""
        if q.type is TraitType.NUMBER:
            return self._ask_number(q, default, can_go_back)
        return self._ask_select(q, default, can_go_back)

    def _ask_select(self, q: Question, default: Reply | None, can_go_back: bool) -> Reply:
        import questionary

        w = self.words
        if q.type is TraitType.BOOL:
            answers = [(w("consult.yes"), Reply(ANSWER, True), "y"), (w("consult.no"), Reply(ANSWER, False), "n")]
        else:
            keys = [str(i) for i in range(1, 10)]
            answers = [
                (f"{i + 1}) {c.label.get(w.lang)}" if i < len(keys) else c.label.get(w.lang), Reply(ANSWER, c.value), keys[i] if i < len(keys) else None)
                for i, c in enumerate(q.choices)
            ]
        extras = [(w("consult.dont_know"), Reply(UNKNOWN), "d"), (w("consult.why"), Reply(WHY), "?")]
        if can_go_back:
            extras.append((w("consult.back"), Reply(BACK), "b"))
        entries = answers + extras
        prefix = self.SELECT_PREFIX
        choices: list[Any] = [questionary.Choice(self.item(title, prefix), value=reply) for title, reply, _ in answers]
        choices.append(questionary.Separator(" "))
        choices.extend(questionary.Choice(self.item(title, prefix), value=reply) for title, reply, _ in extras)
        hint = [w("consult.hint_move")]
        if q.type is TraitType.BOOL:
            hint.append(w("consult.hint_yes_no"))
        else:
            hint.append(f"1-{min(len(q.choices), 9)}")
        hint += [w("consult.hint_dont_know"), w("consult.hint_why")]
        if can_go_back:
            hint.append(w("consult.hint_back"))
        with shared_default_bindings():
            question = questionary.select(
                self.message(q.prompt.get(w.lang)),
                choices=choices,
                default=default if default in [reply for _, reply, _ in entries] else None,
                instruction=self.instruction("(" + " · ".join(hint) + ")"),
                qmark="?",
                **self._io(),
            )
        _bind_keys(question, {key: reply for _, reply, key in entries if key})
        return question.unsafe_ask()

    def _ask_number(self, q: Question, default: Reply | None, can_go_back: bool) -> Reply:
        import questionary

        w = self.words
        lo, hi = format_number(q.min), format_number(q.max)
        hint = [w("consult.hint_range", lo=lo, hi=hi, unit=q.unit), w("consult.hint_why")]
        if can_go_back:
            hint.append(w("consult.hint_back_word"))
        hint.append(w("consult.hint_empty"))
        start = ""
        if default is not None and default.action == ANSWER:
            start = format_number(default.value)
        elif default is not None and default.action == UNKNOWN:
            start = "-"

        def validate(raw: str) -> bool | str:
            reply = self.parse_number(q, raw, can_go_back)
            return True if isinstance(reply, Reply) else reply

        with shared_default_bindings():
            question = questionary.text(
                self.message(q.prompt.get(w.lang)),
                default=start,
                validate=validate,
                instruction=self.instruction("(" + " · ".join(hint) + ")") + "\n ",
                qmark="?",
                **self._io(),
            )
        raw = question.unsafe_ask()
        reply = self.parse_number(q, raw, can_go_back)
        assert isinstance(reply, Reply)  # validate() accepted it
        return reply

    def parse_number(self, q: Question, raw: str, can_go_back: bool = True) -> Reply | str:
        """A reply for what was typed, or the message that explains why it is not one."""
        from advisor.answers import check_value

        word = raw.strip().lower()
        if word in WHY_WORDS:
            return Reply(WHY)
        if word in BACK_WORDS:
            return Reply(BACK) if can_go_back else self.words("consult.no_back")
        if word in UNKNOWN_WORDS:
            return Reply(UNKNOWN)
        unit = (q.unit or "").lower()
        if unit and word.endswith(unit):
            word = word[: -len(unit)].strip()
        try:
            number = float(word.replace("_", ""))
        except ValueError:
            return self.words("consult.not_a_number", unit=q.unit)
        try:
            value = check_value(q, number)
        except ValueError:
            return self.words("consult.out_of_range", lo=format_number(q.min), hi=format_number(q.max), unit=q.unit)
        return Reply(ANSWER, value)

    # ------------------------------------------------------------------ menus

    def choose(self, message: str, options: list[tuple[str, Any]], default: Any = None) -> Any:
        """Pick one of ``options`` (title, value); returns the value. Typing filters the list."""
        import questionary

        choices = [questionary.Choice(self.item(title, self.SELECT_PREFIX), value=value) for title, value in options]
        with shared_default_bindings():
            question = questionary.select(
                self.message(message),
                choices=choices,
                default=default,
                qmark="?",
                use_search_filter=True,
                use_jk_keys=False,
                instruction=self.instruction(self.words("consult.menu_hint")),
                **self._io(),
            )
        _bind_keys(question, {})
        return question.unsafe_ask()

    def choose_parts(self, message: str, options: list[tuple[str, str]], default: list[str] | None = None) -> list[str]:
        """Tick any of ``options`` (title, part id); returns the ids ticked (maybe none)."""
        import questionary

        default = list(default or [])
        choices = [
            questionary.Choice(self.item(title, self.CHECKBOX_PREFIX), value=value, checked=value in default)
            for title, value in options
        ]
        with shared_default_bindings():
            question = questionary.checkbox(
                self.message(message),
                choices=choices,
                qmark="?",
                instruction=self.instruction(self.words("consult.parts_hint")),
                **self._io(),
            )
        _bind_keys(question, {})
        return list(question.unsafe_ask())


#: prompt_toolkit's default key bindings, loaded once (see :func:`shared_default_bindings`)
_DEFAULT_BINDINGS: list[Any] = []
_SHARING = threading.RLock()


@contextmanager
def shared_default_bindings() -> Iterator[None]:
    """While a prompt is built, its prompt_toolkit Applications share one set of the default key
    bindings (emacs, vi, mouse: some 600), loaded once per process.

    Every Application loads that set anew (~8 ms), and questionary makes three for each prompt:
    the question's, and one in each of the two PromptSessions whose layouts it borrows. The
    bindings keep nothing of an application (each handler takes it from its key event, each
    filter from the running application), so sharing them changes nothing a prompt does."""
    from prompt_toolkit.application import application as module
    from prompt_toolkit.key_binding.defaults import load_key_bindings

    # one prompt built at a time (a lock, re-entrant), and the loader that was there put back
    # afterwards, after an error too (prompt_toolkit's own, or an outer block's shared one)
    with _SHARING:
        if not _DEFAULT_BINDINGS:
            _DEFAULT_BINDINGS.append(load_key_bindings())
        previous = module.load_key_bindings
        module.load_key_bindings = lambda: _DEFAULT_BINDINGS[0]
        try:
            yield
        finally:
            module.load_key_bindings = previous


def _bind_keys(question, keys: dict[str, Reply]) -> None:
    """Single keys that pick a choice and answer at once, as Enter on it would."""

    def pick(reply: Reply):
        def action(control, event) -> None:
            if control is not None:
                for i, choice in enumerate(control.choices):
                    if getattr(choice, "value", None) == reply:
                        control.pointed_at = i
                control.is_answered = True
            event.app.exit(result=reply)

        return action

    bind_keys(question, {key: pick(reply) for key, reply in keys.items()})


def bind_keys(question, actions: dict[str, Callable[[Any, Any], None]]) -> None:
    """Single keys on a questionary prompt (the consultation's and the quiz's): each key calls its
    action with the prompt's list of choices (None if it has none) and the key event. Ctrl-D ends
    the input (EOFError), as at any prompt."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys
    from questionary.prompts.common import InquirerControl

    app = question.application
    control = next((c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl)), None)
    bindings = KeyBindings()
    for key, action in actions.items():
        bindings.add(key, eager=True)(lambda event, action=action: action(control, event))

    @bindings.add(Keys.ControlD, eager=True)
    def _(event):
        event.app.exit(exception=EOFError, style="class:aborting")

    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])

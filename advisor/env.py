"""The environment a command runs in: its streams, injected so tests can run commands in-process."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any, TextIO


@dataclass
class Env:
    stdin: TextIO
    stdout: TextIO
    stderr: TextIO
    #: environment variables the commands consult (NO_COLOR, ADVISOR_KB, LANG, ...)
    environ: dict[str, str] = field(default_factory=dict)
    #: prompt_toolkit input and output for interactive prompts; None means the terminal.
    #: Tests pass a pipe input (create_pipe_input) and a DummyOutput.
    prompt_input: Any = None
    prompt_output: Any = None

    def interactive(self) -> bool:
        """Can the commands prompt the user?"""
        if self.prompt_input is not None:
            return True
        return bool(getattr(self.stdin, "isatty", lambda: False)())

    @classmethod
    def from_process(cls) -> "Env":
        return cls(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr, environ=dict(os.environ))

    def console(self, stderr: bool = False):
        """A rich console on stdout (or stderr): plain when not a terminal or NO_COLOR is set."""
        stream = self.stderr if stderr else self.stdout
        is_tty = bool(getattr(stream, "isatty", lambda: False)())
        return make_console(stream, is_tty, no_color="NO_COLOR" in self.environ, width=columns(self.environ))

    def report_console(self):
        """The console a text report is printed on, on stdout: :meth:`console`, or for a file or a
        pipe a PlainConsole standing for it (the same bytes, laid out without importing rich's
        console: advisor/present/plainreport.py)."""
        if bool(getattr(self.stdout, "isatty", lambda: False)()):
            return self.console()
        from advisor.present.plainreport import PlainConsole

        return PlainConsole(self.stdout, columns(self.environ) or PIPED_WIDTH, self.console)

    def error(self, message: str) -> None:
        """One line on stderr, never a traceback; what it quotes is shown escaped."""
        _say(self.stderr, f"advisor: error: {message}")

    def warn(self, message: str) -> None:
        _say(self.stderr, f"advisor: warning: {message}")


def _say(stream, line: str) -> None:
    from advisor.safetext import safe_line

    try:
        print(safe_line(line), file=stream, flush=True)
    except (OSError, ValueError, AttributeError):
        pass  # standard error is closed or full: nothing more can be said


def safe_console_class():
    """rich's Console, made safe for text from outside (see :mod:`advisor.safetext`): the text of
    every segment it renders is escaped before its style is applied, so a question, an option, a
    file name or a custom knowledge base cannot send escape sequences to the terminal."""
    global _SafeConsole
    if _SafeConsole is None:
        from rich.console import Console
        from rich.segment import Segment

        from advisor.safetext import safe

        class SafeConsole(Console):
            def on_broken_pipe(self) -> None:
                # rich exits with status 1; the CLI stops quietly with 0 for every format (as git does)
                self.quiet = True
                raise BrokenPipeError(32, "Broken pipe")

            def _render_buffer(self, buffer):
                return super()._render_buffer(
                    segment if segment.control else Segment(safe(segment.text), segment.style, None)
                    for segment in buffer
                )

        _SafeConsole = SafeConsole
    return _SafeConsole


_SafeConsole = None


#: the width of output that goes to a file or a pipe when COLUMNS does not say
PIPED_WIDTH = 100


def columns(environ: dict[str, str]) -> int | None:
    """The width COLUMNS asks for (20 to 1000 columns), or None when it is unset or not a width."""
    raw = environ.get("COLUMNS", "").strip()
    if raw.isdigit() and 20 <= int(raw) <= 1000:
        return int(raw)
    return None


def make_console(stream: TextIO, is_tty: bool, no_color: bool = False, width: int | None = None):
    """The console :meth:`Env.console` gives for ``stream``; also used to render into a buffer.

    Output to a terminal takes the terminal's width; output to a file or a pipe takes ``width``
    (from COLUMNS, as ``ls`` and ``git`` do) or :data:`PIPED_WIDTH`.
    """
    no_color = no_color or not is_tty
    # markup=False: text from outside is always literal ("[link=...]" is shown as written)
    return safe_console_class()(
        markup=False,
        file=stream if is_tty else _TrimmingWriter(stream),
        highlight=False,
        emoji=False,
        no_color=no_color,
        color_system=None if no_color else "auto",
        force_terminal=is_tty,
        width=None if is_tty else (width or PIPED_WIDTH),
        soft_wrap=False,
        legacy_windows=False,
    )


class _TrimmingWriter:
    """Drops the trailing spaces rich pads table cells with, for plain (non-terminal) output."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.pending = ""

    def write(self, text: str) -> int:
        data = self.pending + text
        lines = data.split("\n")
        self.pending = lines.pop()
        for line in lines:
            self.stream.write(line.rstrip(" ") + "\n")
        return len(text)

    def flush(self) -> None:
        if self.pending:
            self.stream.write(self.pending.rstrip(" "))
            self.pending = ""
        self.stream.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return getattr(self.stream, "encoding", "utf-8") or "utf-8"

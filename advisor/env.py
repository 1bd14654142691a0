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

    def error(self, message: str) -> None:
        """One line on stderr, never a traceback."""
        print(f"advisor: error: {message}", file=self.stderr)

    def warn(self, message: str) -> None:
        print(f"advisor: warning: {message}", file=self.stderr)


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
    from rich.console import Console

    no_color = no_color or not is_tty
    return Console(
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

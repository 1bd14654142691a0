"""Errors the CLI turns into one-line messages and exit codes (never a traceback)."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from advisor.kb import Source


class ExitStatus(IntEnum):
    OK = 0
    #: invalid input, or findings (kb check), or some records of a batch were bad
    INVALID = 1
    #: the command line itself was wrong
    USAGE = 2
    #: interrupted by the user (Ctrl-C); what was typed is saved first
    INTERRUPTED = 130


class AdvisorError(Exception):
    """A problem the user can fix; its message is shown on one line."""

    status = ExitStatus.INVALID

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(AdvisorError):
    """Bad input: the message names the file, the place in it and the problem."""

    def __init__(self, file: str, problem: str, place: str | None = None):
        self.file, self.place, self.problem = file, place, problem
        where = f"{file}: {place}" if place else file
        super().__init__(f"{where}: {problem}")


class UsageError(AdvisorError):
    status = ExitStatus.USAGE


class KnowledgeError(AdvisorError):
    """Malformed knowledge: reported as ``file:line: message``."""

    def __init__(self, message: str, source: "Source | None" = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source is not None else message)

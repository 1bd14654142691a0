"""One module per command. Each has ``register(subparsers)`` that adds its parser and sets
``run(args, env) -> ExitStatus``; its heavy imports happen inside ``run``.

A command run from the command line imports and registers only its own module when it is named
first (``advisor evaluate ...``); ``--help``, a mistyped command and the documentation get them
all, in the order of :data:`NAMES` (advisor/cli.py).
"""

from __future__ import annotations

from importlib import import_module

#: every command's name on the command line -> its module, in the order ``--help`` lists them
NAMES = {
    "consult": "consult",
    "evaluate": "evaluate",
    "explain": "explain",
    "quiz": "quiz",
    "notes": "notes",
    "progress": "progress",
    "how": "how",
    "why-not": "why_not",
    "diff": "diff",
    "kb": "kb",
    "schema": "schema",
}


def modules(names=None) -> tuple:
    """The modules of ``names`` (every command when None), in the order of :data:`NAMES`."""
    chosen = NAMES if names is None else [n for n in NAMES if n in names]
    return tuple(import_module(f"advisor.commands.{NAMES[name]}") for name in chosen)


def __getattr__(name: str):
    if name == "COMMANDS":  # every command module (imported on first use)
        return modules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Command-line entry point. This module only wires: each command lives in advisor/commands/.

Start-up is kept cheap: argparse and the command modules' parsers only; experta, rich,
questionary and the knowledge base are imported by the commands that need them.
"""

from __future__ import annotations

import argparse
import sys

from advisor import __version__
from advisor.commands import COMMANDS
from advisor.env import Env
from advisor.errors import AdvisorError, ExitStatus


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors (2) and a one-line message."""

    def error(self, message: str):  # pragma: no cover - exercised through main()
        self.print_usage(sys.stderr)
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="advisor",
        description="arch-advisor: a rule-based expert system that recommends AWS architectures "
        "and explains each conclusion down to the study note it came from.",
        epilog="Run 'advisor COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    env = env or Env.from_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(env.stdout)
        return ExitStatus.USAGE
    try:
        return int(args.run(args, env))
    except AdvisorError as exc:
        env.error(str(exc))
        return int(exc.status)
    except KeyboardInterrupt:
        env.error("interrupted")
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (e.g. `advisor ... | head`): stop quietly.
        try:
            sys.stdout = None  # type: ignore[assignment]
        except Exception:  # pragma: no cover
            pass
        return int(ExitStatus.OK)

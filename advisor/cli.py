"""Command-line entry point. This module only wires: each command lives in advisor/commands/.

Start-up is kept cheap: argparse and the command modules' parsers only; experta, rich,
questionary and the knowledge base are imported by the commands that need them.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

from advisor import __version__
from advisor import commands
from advisor.env import Env
from advisor.errors import AdvisorError, ExitStatus


class _StableHelp(argparse.HelpFormatter):
    """Help laid out the same on every Python we support.

    Python 3.13 changed how an option with a short and a long form is listed; we always use the
    newer, shorter form (``-o, --output PATH``), so ``--help`` and the generated command reference
    (docs/reference/commands.md) do not depend on the interpreter's version.
    """

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        metavar = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {metavar}"


def _stable(formatter_class: type) -> type:
    if issubclass(formatter_class, _StableHelp):
        return formatter_class
    return type(f"Stable{formatter_class.__name__}", (_StableHelp, formatter_class), {})


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors (2), a one-line message and stable help."""

    def __init__(self, *args, formatter_class: type = argparse.HelpFormatter, **kwargs):
        super().__init__(*args, formatter_class=_stable(formatter_class), **kwargs)

    def error(self, message: str):  # pragma: no cover - exercised through main()
        self.print_usage(sys.stderr)
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of ``command`` when it names one (what a process
    needs to run it: the other commands' modules are not imported)."""
    parser = _Parser(
        prog="advisor",
        description="arch-advisor: a rule-based expert system that recommends AWS architectures "
        "and explains each conclusion down to the study note it came from.",
        epilog="Run 'advisor COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in commands.modules([command] if command in commands.NAMES else None):
        module.register(sub)
    return parser


#: characters that end a line somewhere (a terminal, str.splitlines): escaped in error messages,
#: which may quote a file name or a value from the input
_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


def one_line(message: str) -> str:
    """``message`` with its line breaks escaped, so that an error is always one line."""
    return message.translate(_LINE_BREAKS)


def utf8_streams() -> None:
    """Write UTF-8 whatever the locale. Piped to a file or a program, a report is then the same
    bytes under every locale (and JSON is UTF-8 by definition); a terminal set to another
    encoding gets replacement characters instead of a crash on the first Korean word. A file
    name that is not valid UTF-8 is written back as the bytes it was given as."""
    for stream, errors in ((sys.stdout, "surrogateescape"), (sys.stderr, "backslashreplace")):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            if stream.isatty() and encoding != "utf8":
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors=errors)
        except (ValueError, OSError):  # pragma: no cover - a stream that cannot change
            pass


def main(argv: list[str] | None = None, env: Env | None = None) -> int:
    from advisor import signals, startup

    process = env is None
    if process:
        startup.hold()  # no garbage collection while starting (advisor/startup.py)
        signals.standard_streams()  # a closed stdin/stdout/stderr says so in one line when used
        signals.install()  # SIGTERM, SIGHUP: like Ctrl-C (answers saved, no file half-written)
        utf8_streams()
        env = Env.from_process()
    try:
        return _run(argv, env, process)
    except BrokenPipeError:
        # The reader went away (e.g. `advisor ... | head`): stop quietly, whatever the format.
        if process:
            signals.reader_gone()
        return int(ExitStatus.OK)
    finally:
        startup.release()  # for a command that loads no knowledge
        signals.cleanup()  # a temporary file left by any way out is removed


def _not_utf8(arg: str) -> bool:
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _run(argv, env: Env, process: bool) -> int:
    from advisor import signals

    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(given[0] if given else None)
    try:
        # usage errors and --help go to the command's streams (in tests, not the process's)
        with contextlib.redirect_stdout(env.stdout), contextlib.redirect_stderr(env.stderr):
            args = parser.parse_args(argv)
        if not getattr(args, "run", None):
            parser.print_help(env.stdout)
            return ExitStatus.USAGE
        if process:
            from advisor import regexcache

            regexcache.install(args.command)  # the command's compiled regular expressions, kept between runs
        status = int(args.run(args, env))
        if process:
            signals.flush_stdout()
        return status
    except AdvisorError as exc:
        env.error(one_line(str(exc)))
        return int(exc.status)
    except signals.Terminated as exc:
        signals.cleanup()
        env.error(f"terminated ({exc.name})")
        return exc.status
    except KeyboardInterrupt:
        signals.cleanup()
        env.error("interrupted")
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        raise
    except UnicodeError:
        # an argument that is not UTF-8 (the shell passes bytes; Python keeps them as surrogates,
        # fine for a file name, not for a value such as --seed $'\xff')
        odd = [a for a in (sys.argv[1:] if argv is None else argv) if _not_utf8(a)]
        if not odd:
            raise
        signals.cleanup()
        from advisor.safetext import safe_line

        env.error(f"the argument '{safe_line(odd[0])}' is not valid UTF-8 text")
        return int(ExitStatus.USAGE)
    except OSError as exc:  # a write that failed: a full disk, a closed stdout, a device error
        signals.cleanup()
        env.error(signals.write_failure(exc))
        if process:
            signals.reader_gone()  # what is still buffered cannot be written either
        return int(ExitStatus.INVALID)

"""Options shared by several commands, defined once: --lang, --format, the knowledge base
options (--kb, --kb-only, ADVISOR_KB) and --output."""

from __future__ import annotations

import argparse
import os

from advisor.langs import LANGS

#: the environment variable naming extra knowledge directories, separated by os.pathsep
KB_ENV = "ADVISOR_KB"


def add_lang(parser: argparse.ArgumentParser, default: str | None = "en") -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default=default,
        help="language of the report: en (English) or ko (Korean)" + (f"; default {default}" if default else ""),
    )


def add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json", "markdown")) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format: {', '.join(choices)} (default {choices[0]})",
    )


# ------------------------------------------------------------------------ the knowledge base

def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (a usage error otherwise)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def add_report_options(parser: argparse.ArgumentParser, answers: bool = False) -> None:
    """The options of the commands that report on answer sets (how, why-not, diff): --answers
    (when the command takes one answer set), --format text|json, --lang, --output and --kb."""
    if answers:
        parser.add_argument(
            "--answers", metavar="FILE", required=True, help="answers file holding one answer set ('-' for standard input)"
        )
    add_format(parser, ("text", "json"))
    add_lang(parser)
    add_output(parser)
    add_kb(parser)


def one_answer_set(args: argparse.Namespace, env, *, recommended: bool = False):
    """The start of how and why-not: the output, the base (without the exam bank), the target
    named (a service stands for the rules that recommend it with ``recommended``) and the one
    answer set of --answers (name, answers, don't-knows), read in that order, so that the first
    problem is the one reported."""
    from advisor.answers import load_answers
    from advisor.reasoning.targets import resolve

    output = Output(args, env, [args.answers])
    kb = load_kb(args, env, exam=False)
    target = resolve(kb, args.target, recommended=recommended)
    return output, kb, target, load_answers(kb, args.answers, env.stdin)


def report(output, args: argparse.Namespace, kb, result, **context):
    """Show the result of how, why-not or diff in --format and --lang (:func:`advisor.present.render`)."""
    from advisor import present
    from advisor.errors import ExitStatus
    from advisor.present.words import Words

    present.render(output, args.format, kb, result, Words(args.lang), **context)
    return ExitStatus.OK


def start_study(args: argparse.Namespace, env):
    """The start of notes and progress: the words of the one language studied (--lang, else the
    locale's) and the knowledge base, with --topic checked against its note topics."""
    from advisor.present.words import Words
    from advisor.langs import chosen_lang

    words = Words(chosen_lang(args.lang, env.environ))
    kb = load_kb(args, env)
    check_topic(kb, args.topic)
    return words, kb


def check_topic(kb, topic: str | None) -> None:
    """--topic of a study command names a note topic of the base (a usage error listing them otherwise)."""
    from advisor.errors import UsageError

    topics = sorted({n.topic for n in kb.notes.values()})
    if topic is not None and topic not in topics:
        raise UsageError(f"--topic {topic!r}: unknown topic (topics: {', '.join(topics)})")


def add_kb(parser: argparse.ArgumentParser) -> None:
    """--kb DIR (repeatable) and --kb-only, for every command that loads the knowledge base."""
    group = parser.add_argument_group("knowledge base")
    group.add_argument(
        "--kb",
        metavar="DIR",
        action="append",
        default=[],
        dest="kb_dirs",
        help="also load the knowledge (*.toml files) in DIR, after the built-in knowledge base and "
        f"the directories in {KB_ENV} (a list separated by ':', ';' on Windows); repeatable. A base "
        "with errors (a broken reference, a cycle, a rule that cannot fire) is refused; "
        "'advisor kb check --kb DIR' lists every finding",
    )
    group.add_argument(
        "--kb-only",
        action="store_true",
        help=f"leave out the built-in knowledge base: use only the --kb and {KB_ENV} directories",
    )


def kb_dirs(args: argparse.Namespace, env=None) -> tuple[list, bool]:
    """The extra knowledge directories (ADVISOR_KB first, then --kb, each once) and whether
    the built-in knowledge base is left out."""
    from pathlib import Path

    from advisor.errors import UsageError
    from advisor.kb import builtin_dir

    environ = getattr(env, "environ", None) or {}
    listed = [p for p in environ.get(KB_ENV, "").split(os.pathsep) if p.strip()]
    listed += list(getattr(args, "kb_dirs", None) or [])
    only = bool(getattr(args, "kb_only", False))
    if only and not listed:
        raise UsageError(f"--kb-only leaves no knowledge: give at least one --kb DIR (or set {KB_ENV})")
    seen = set() if only else {_identity(builtin_dir())}
    dirs = []
    for raw in listed:
        path = Path(raw)
        key = _identity(path)
        if key in seen:
            continue  # the same directory twice (or the built-in one) would only clash with itself
        seen.add(key)
        dirs.append(path)
    return dirs, only


def _identity(path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return str(path)


def load_kb(args: argparse.Namespace, env=None, *, lint: bool = True, exam: bool = True):
    """The knowledge base a command works on: the built-in one, plus (or, with --kb-only,
    instead of it) the directories of ADVISOR_KB and --kb.

    Every item is loaded with the same validation (``file:line: message`` on malformed
    knowledge). With ``lint``, the base is also run through :func:`advisor.kb.lint.check` and
    refused (KnowledgeError, exit 1) on the first error-level finding, with the count of the
    others; warning-level findings are printed on stderr once, and the base is used.

    Commands that never read an exam question pass ``exam=False``: the built-in knowledge for
    reading them (cues, terms, claims, the question bank) is then not loaded, which keeps
    start-up fast (compiling its ~1,500 patterns is most of a load; docs/performance.md). With
    --kb or ADVISOR_KB directories everything is loaded, so that a broken item anywhere in a
    team's own knowledge is refused by every command.
    """
    from advisor import kb as kbmod
    from advisor import startup

    try:
        dirs, only = kb_dirs(args, env)
        base = kbmod.load(dirs, builtin=not only) if dirs else kbmod.builtin(exam=exam)
    finally:
        startup.release()  # the collector, held off while a process starts (advisor/startup.py)
    if lint:
        guard(base, env)
    return base


def guard(base, env=None) -> None:
    """Refuse a knowledge base with error-level findings; warn about the others."""
    from advisor.errors import KnowledgeError
    from advisor.kb.loader import LINT_FINDINGS

    findings = base.__dict__.get(LINT_FINDINGS)
    if findings is None:
        from advisor.kb.lint import check

        findings = check(base)
    else:  # worked out when the base was cached (advisor/kb/cache.py), for exactly these files
        findings = list(findings)
    # a rule that cannot fire is usually the consequence of another error (a missing trait, a
    # cycle): name the cause first
    errors = sorted((f for f in findings if f.severity == "error"), key=lambda f: f.lint == "unreachable-rule")
    if errors:
        more = len(errors) - 1
        extra = (
            f" (and {more} more error{'s' if more != 1 else ''}; 'advisor kb check' with the same --kb options lists them all)"
            if more
            else ""
        )
        raise KnowledgeError(f"{errors[0]}{extra}")
    if env is not None:
        for f in findings:
            env.warn(str(f))  # only warnings are left


# ------------------------------------------------------------------------ output

def add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the result to FILE instead of standard output, atomically: FILE is replaced only "
        "once the whole result is written, and an interrupted run leaves it as it was. FILE may not "
        "be an input of the command",
    )


class Output:
    """Where a command's result goes: standard output, or (with --output) a file that is replaced
    atomically at :meth:`close`.

    Made before any work, so that a bad --output is refused at once: a directory, a missing
    directory, something that is not a regular file, or one of the command's inputs (the same
    path, or the same file under another name). With ``streamed`` the result goes to a temporary
    file beside FILE as it is written (a long batch is never held in memory); :meth:`abort`
    removes it, leaving FILE as it was.
    """

    def __init__(self, args: argparse.Namespace, env, inputs: list[str], streamed: bool = False):
        import io
        from dataclasses import replace

        self.path = _output_path(getattr(args, "output", None), inputs + _kb_files(args, env), env)
        self.target = None
        if self.path is None:
            self.env = env
        else:
            from advisor.atomic import AtomicFile
            from advisor.errors import UsageError

            # made now, in every command: an --output that cannot be written is the same usage
            # error (exit 2) everywhere, before any work (a leftover is removed on any exit)
            try:
                self.target = AtomicFile(self.path)
            except OSError as exc:
                raise UsageError(f"--output {self.path}: cannot write there: {exc.strerror or exc}") from None
            self.streamed = streamed
            self.env = replace(env, stdout=self.target.file if streamed else io.StringIO())
        self.stdout = self.env.stdout

    def console(self):
        return self.env.console()

    def write(self, text: str) -> None:
        self.stdout.write(text)

    def finish(self, fmt: str, doc, render) -> None:
        """Write the result, a JSON document (``fmt == "json"``) or a rendered report, and close:
        ``doc()`` builds the document, ``render(console)`` draws the report."""
        if fmt == "json":
            from advisor.present.document import dumps

            self.write(dumps(doc()) + "\n")
        else:
            render(self.console())
        self.close()

    def close(self) -> None:
        """Put the result in place (no-op on standard output)."""
        if self.path is None:
            return
        from advisor.errors import AdvisorError

        try:
            if not self.streamed:
                self.target.file.write(self.stdout.getvalue())
            self.target.commit()
        except OSError as exc:
            self.abort()
            raise AdvisorError(f"{self.path}: cannot write the output: {exc.strerror or exc}") from None

    def abort(self) -> None:
        """Give up: FILE stays as it was (no-op on standard output)."""
        if self.target is not None:
            self.target.abort()
            self.target = None


def _kb_files(args: argparse.Namespace, env) -> list[str]:
    """The knowledge files of the --kb and ADVISOR_KB directories: inputs --output may not replace."""
    if getattr(args, "output", None) in (None, "-"):
        return []
    try:
        dirs, _ = kb_dirs(args, env)
    except Exception:  # a usage problem is reported when the base is loaded
        return []
    files: list[str] = []
    for d in dirs:
        try:
            files.extend(str(p) for p in sorted(d.rglob("*.toml")))
        except OSError:
            continue
    return files


def _stdin_identity(env):
    """(device, inode) of standard input when it is a file (``advisor ... - < FILE``), else None."""
    import stat

    stream = getattr(env, "stdin", None)
    try:
        info = os.fstat(stream.fileno())
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _output_path(raw: str | None, inputs: list[str], env=None):
    import stat
    from pathlib import Path

    from advisor.errors import UsageError

    if raw is None or raw == "-":
        return None
    if not raw.strip():
        raise UsageError("--output: give a file name ('-' for standard output)")
    path = Path(raw)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UsageError(f"--output {raw}: cannot use it: {exc.strerror or exc}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UsageError(f"--output {raw}: is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"--output {raw}: is not a regular file; to write to standard output, leave --output out")
    else:
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise UsageError(f"--output {raw}: the directory {parent} does not exist")
    if info is not None and "-" in inputs and _stdin_identity(env) == (info.st_dev, info.st_ino):
        raise UsageError(f"--output {raw}: is the file standard input comes from; writing the result there would destroy it")
    for source in inputs:
        if source is None or source == "-":
            continue
        if _same_file(path, Path(source)):
            raise UsageError(f"--output {raw}: is the input {source}; writing the result there would destroy it")
    return path


def _same_file(a, b) -> bool:
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False

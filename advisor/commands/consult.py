"""``advisor consult``: an interactive consultation that asks only what matters."""

from __future__ import annotations

from advisor.commands.common import LANGS, add_kb, load_kb
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "consult",
        help="answer questions in the terminal and get the report (asks only what can change a conclusion)",
        description="Run an interactive consultation: the advisor asks only the questions whose answer "
        "can still change a conclusion, the most decisive first. At any question you can ask why it is "
        "asked, go back, or say you don't know. It ends with the report of `advisor evaluate`, how each "
        "conclusion was reached, and why-not for the services it did not recommend. Ctrl-C saves the "
        "answers given so far.",
    )
    p.add_argument("--lang", choices=LANGS, default=None, help="language of the questions and the report: en or ko "
                   "(default: Korean when LC_ALL, LC_MESSAGES or LANG starts with 'ko', English otherwise)")
    p.add_argument("--answers", metavar="FILE", help="answers to start from (resumes: only unanswered questions that still matter are asked)")
    p.add_argument("--save", metavar="FILE", help="save the answers to FILE after every answer (the JSON `advisor evaluate` reads)")
    add_kb(p)
    p.set_defaults(run=run)


def run(args, env, prompter=None) -> ExitStatus:
    from pathlib import Path

    from advisor.consult.strings import locale_lang, text

    lang = args.lang or locale_lang(env.environ)
    if prompter is None and not _is_terminal(env.stdin):
        env.error(text("not_a_terminal", lang))
        return ExitStatus.USAGE
    from rich.text import Text

    from advisor.consult.prompter import Prompter
    from advisor.consult.session import Consultation, SaveError
    from advisor.consult.store import load_answers

    if args.answers == "-":
        from advisor.errors import UsageError

        raise UsageError("--answers -: a consultation reads the keyboard, so its answers must come from a file")
    kb = load_kb(args, env, exam=False)
    answers, unknown, source = {}, set(), None
    if args.answers:
        source, answers, unknown = load_answers(kb, args.answers)
    save_path = Path(args.save) if args.save else None
    if save_path is not None:
        _check_save_path(save_path)
    console = env.console()
    session = Consultation(
        kb=kb,
        prompter=prompter or Prompter(lang),
        console=console,
        lang=lang,
        answers=dict(answers),
        unknown=set(unknown),
        save_path=save_path,
    )
    console.print(Text(text("title", lang), style="bold"))
    if source is not None:
        console.print(text("resumed", lang, file=source, n=len(answers) + len(unknown)))
    console.print(text("intro", lang, n=len(session.agenda.in_play(session.answers, session.unknown))))
    console.print(Text(text("keys", lang), style="dim"))
    if save_path is not None:
        console.print(Text(text("saving_to", lang, file=str(save_path)), style="dim"))
        if save_path.exists() and not _same_file(save_path, args.answers):
            console.print(Text(text("will_replace", lang, file=str(save_path)), style="yellow"))
    try:
        ev = session.run()
        session.report(ev, text("report_title", lang))
        session.explore(ev)
    except SaveError as exc:
        env.error(str(exc))
        saved = _rescue(session, env)
        if saved is not None:
            console.print(text("saved", lang, file=str(saved)))
        return ExitStatus.INVALID
    except (KeyboardInterrupt, EOFError):
        saved = _rescue(session, env)
        console.print()
        console.print(text("stopped", lang), style="bold")
        if saved is None:
            console.print(text("nothing_to_save", lang))
        else:
            console.print(text("saved", lang, file=str(saved)))
            console.print(text("resume_with", lang, file=str(saved)))
        return ExitStatus.INTERRUPTED
    if save_path is not None:
        console.print(text("saved", lang, file=str(save_path)))
    else:
        console.print(Text(text("keep_hint", lang), style="dim"))
    return ExitStatus.OK


def _rescue(session, env):
    """Save the answers after an interruption; if no file can be written, print them instead."""
    from advisor.consult.store import answers_text

    try:
        return session.rescue()
    except OSError as exc:
        env.error(f"cannot save the answers ({exc.strerror or exc}); here they are:")
        env.stdout.write(answers_text(session.kb, session.answers, session.unknown))
        return None


def _check_save_path(path) -> None:
    from advisor.errors import UsageError

    import os
    import stat

    if path.is_dir():
        raise UsageError(f"--save {path}: is a directory, not a file")
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        # saving renames a new file over it: /dev/null or a FIFO would be replaced by a regular file
        raise UsageError(f"--save {path}: is not a regular file (a device, a pipe or a socket); give a file name")
    parent = path.parent if str(path.parent) else None
    if parent is not None and not parent.is_dir():
        raise UsageError(f"--save {path}: the directory {parent} does not exist")


def _same_file(path, other: str | None) -> bool:
    from pathlib import Path

    if not other or other == "-":
        return False
    try:
        return Path(other).resolve() == path.resolve()
    except OSError:
        return False


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False

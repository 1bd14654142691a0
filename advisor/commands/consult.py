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

    from advisor.langs import chosen_lang
    from advisor.present.words import Words

    words = Words(chosen_lang(args.lang, env.environ))
    if prompter is None and not _is_terminal(env.stdin):
        env.error(words("consult.not_a_terminal"))
        return ExitStatus.USAGE
    from advisor.consult.prompter import Prompter
    from advisor.consult.session import Consultation, SaveError
    from advisor.answers import load_consultation

    if args.answers == "-":
        from advisor.errors import UsageError

        raise UsageError("--answers -: a consultation reads the keyboard, so its answers must come from a file")
    kb = load_kb(args, env, exam=False)
    answers, unknown, source, meta = {}, set(), None, {}
    if args.answers:
        source, answers, unknown, meta = load_consultation(kb, args.answers)
        if args.lang is None and meta.get("lang") in LANGS:
            words = Words(meta["lang"])  # the language the consultation was started in
    if prompter is not None:
        prompter.words = words
    save_path = Path(args.save) if args.save else None
    if save_path is not None:
        _check_save_path(save_path)
    console = env.console()
    session = Consultation(
        kb=kb,
        prompter=prompter or Prompter(words),
        console=console,
        words=words,
        answers=dict(answers),
        unknown=set(unknown),
        save_path=save_path,
        rescue_dir=Path("."),
        history=_resumed_order(meta, answers, unknown),
        parts=tuple(meta["parts"]) if "parts" in meta else None,
        ask_parts=True,
    )
    view = session.view
    view.opening(source, len(answers) + len(unknown) - len(session.implied),
                 len(session.agenda.in_play(session.answers, session.skipped)), save_path,
                 save_path is not None and save_path.exists() and not _same_file(save_path, args.answers))
    try:
        ev = session.run()
        kept = _rescue(session, env)  # saved before the report, exactly as Ctrl-C saves
        session.report(ev, words("consult.report_title"))
        try:
            session.explore(ev)
        except (KeyboardInterrupt, EOFError):
            view.blank()  # leaving the last menu of a finished consultation is not an interruption
    except SaveError as exc:
        env.error(str(exc))
        saved = _rescue(session, env)
        if saved is not None:
            view.saved(saved)
        return ExitStatus.INVALID
    except (KeyboardInterrupt, EOFError):
        view.stopped(_rescue(session, env))
        return ExitStatus.INTERRUPTED
    if kept is not None:
        view.finished(kept, save_path)
    return ExitStatus.OK


def _resumed_order(meta, answers, unknown) -> list[str]:
    """The order a resumed file's answers were given in (what Back walks back through): each
    trait still answered, once, at its last place."""
    given = set(answers) | set(unknown)
    order: list[str] = []
    for trait in meta.get("order", []):
        if trait in given:
            if trait in order:
                order.remove(trait)
            order.append(trait)
    return order


def _rescue(session, env):
    """Save the answers after an interruption; if no file can be written, print them instead."""
    from advisor.answers import answers_text

    try:
        return session.rescue()
    except OSError as exc:
        env.error(f"cannot save the answers ({exc.strerror or exc}); here they are:")
        env.stdout.write(answers_text(session.kb, session.recorded(), session.unknown))
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

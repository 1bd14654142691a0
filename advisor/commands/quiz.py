"""``advisor quiz``: practise on the question bank, with explanations, a study record that persists
and a wrong-answer notebook (오답노트) to drill."""

from __future__ import annotations

import re

from advisor.commands.common import add_kb, check_topic, load_kb, positive_int
from advisor.errors import AdvisorError, ExitStatus, UsageError
from advisor.study import add_lang as add_study_lang

def register(sub) -> None:
    from advisor.study import add_data_dir

    p = sub.add_parser(
        "quiz",
        help="practise exam questions; answers are kept, missed ones go to a wrong-answer notebook to drill with --review",
        description="Ask questions from the built-in question bank one by one, in one language (--lang, "
        "else the locale's), check each answer, explain every option (the rule, claim and note behind "
        "it) and end with the score and, for each miss, the notes to read. Every answer is kept in your "
        "study record as it is given; a missed question goes to your wrong-answer notebook and stays "
        "there until you remove it (--forget, --clear). --review drills the notebook, the questions "
        "missed most recently and most often first (Leitner boxes). Needs a terminal; for scripts, give "
        "the answers with --answers. Ctrl-C ends the session with the summary so far.",
    )
    p.add_argument("--topic", metavar="TOPIC", help="only questions on this note topic (e.g. sqs, ec2, s3-cloudfront)")
    p.add_argument("--count", metavar="N", type=positive_int, help="ask at most N questions (default: 10)")
    p.add_argument("--seed", metavar="S", help="shuffle with this seed, for a reproducible order")
    p.add_argument(
        "--answers",
        metavar="LETTERS",
        help="answer without prompting, for scripts: one answer per question, separated by commas "
        "or spaces, e.g. 'B,AC,D' ('AC' for a choose-two question)",
    )
    book = p.add_argument_group("study record and wrong-answer notebook")
    mode = book.add_mutually_exclusive_group()
    mode.add_argument("--review", action="store_true",
                      help="drill only the questions in your wrong-answer notebook, lowest Leitner box, latest and most missed first")
    mode.add_argument("--notebook", action="store_true", help="list the questions in your wrong-answer notebook and stop")
    mode.add_argument("--forget", metavar="ID", action="append",
                      help="remove question ID from your wrong-answer notebook (repeatable); the only way, with --clear, a question leaves it")
    mode.add_argument("--clear", action="store_true", help="empty your wrong-answer notebook (your answers are kept)")
    book.add_argument("--no-record", action="store_true", help="practise without keeping the answers")
    add_data_dir(book)
    add_study_lang(p)
    add_kb(p)
    p.set_defaults(run=run)


def _scripted(raw: str) -> list[tuple[str, ...]]:
    parts = [p for p in re.split(r"[,\s]+", raw.strip()) if p]
    if not parts:
        raise UsageError("--answers: give at least one answer, e.g. 'B,AC,D'")
    out = []
    for p in parts:
        letters = p.upper()
        if not re.fullmatch(r"[A-Z]+", letters):
            raise UsageError(f"--answers: {p!r} is not a set of option letters")
        out.append(tuple(sorted(set(letters))))
    return out


def run(args, env) -> ExitStatus:
    from advisor.explain import bank, quiz
    from advisor.present.quiz import QuizView, say, show_notebook
    from advisor.present.words import Words
    from advisor.langs import chosen_lang
    from advisor.study.store import open_for

    w = Words(chosen_lang(args.lang, env.environ))
    console = env.console()

    if args.forget or args.clear:
        with open_for(args, env, write=True, create=False) as store:
            if args.clear:
                say(console, w("quiz.cleared", n=store.clear()))
                return ExitStatus.OK
            for exam_id in args.forget:
                if not store.forget(exam_id.strip()):
                    held = [e.exam for e in store.notebook()]
                    import difflib

                    hint = difflib.get_close_matches(exam_id.strip(), held, n=1, cutoff=0.6)
                    more = f"; did you mean {hint[0]}?" if hint else "; 'advisor quiz --notebook' lists it"
                    raise AdvisorError(f"--forget {exam_id}: that question is not in your wrong-answer notebook{more}")
                say(console, w("quiz.forgot", id=exam_id.strip()))
        return ExitStatus.OK

    kb = load_kb(args, env)
    check_topic(kb, args.topic)

    if args.notebook:
        with open_for(args, env, write=False) as store:
            show_notebook(console, kb, store.notebook(), w, args.topic)
        return ExitStatus.OK

    scripted = _scripted(args.answers) if args.answers is not None else None
    if scripted is None and not env.interactive():
        raise UsageError("quiz needs a terminal to ask questions; for scripts give --answers, e.g. --answers B,AC,D")
    if args.review and args.no_record:
        raise UsageError("--review drills the questions kept in your study record: leave out --no-record")
    default = len(scripted) if scripted else 10
    count = args.count if args.count is not None else default
    chosen = None
    if not args.review:
        items = bank.exams(kb, topic=args.topic, lang=w.lang)
        if not items:
            raise UsageError("no question in the bank matches --topic and --lang")
        chosen = bank.pick(items, count, args.seed)
        if scripted is not None:
            _check_scripted(chosen, scripted)  # before the record is opened (or made)
    store = None if args.no_record else open_for(args, env, write=True)
    try:
        if chosen is None:
            chosen = _review_items(kb, store, w, args.topic, console)[:count]
            if not chosen:
                return ExitStatus.OK
            if scripted is not None:
                _check_scripted(chosen, scripted)
        if scripted is not None:
            answers = iter(scripted)
            ask = lambda exam, parsed, n, total: next(answers)  # noqa: E731
        else:
            ask = _questionary_asker(env, w)
        mode = "review" if args.review else "quiz"
        record = None
        if store is not None:
            session_id = store.start_session(mode, w.lang, len(chosen))

            def record(exam, given, right):
                store.record(session_id, exam.id, exam.topic, exam.lang, given, right)

        session = quiz.run(kb, chosen, ask, QuizView(console, kb, w), record=record, mode=mode)
    finally:
        if store is not None:
            store.close()
    return ExitStatus.INTERRUPTED if session.interrupted else ExitStatus.OK


def _check_scripted(chosen, scripted) -> None:
    if len(scripted) != len(chosen):
        raise UsageError(f"--answers gives {len(scripted)} answer(s) for {len(chosen)} question(s)")
    for number, (exam, given) in enumerate(zip(chosen, scripted), start=1):
        letters = {k for k, _ in exam.options}
        if not set(given) <= letters or len(given) != exam.choose:
            raise UsageError(
                f"--answers: answer {number} ({''.join(given)}) does not fit question {number}: "
                f"choose {exam.choose} of {', '.join(sorted(letters))}"
            )


def _review_items(kb, store, w, topic: str | None, console):
    """The notebook's questions that are in the bank, in the language of ``w`` (and ``topic``), in review order."""
    lang = w.lang
    from advisor.present.quiz import say

    entries = [e for e in store.notebook() if e.exam in kb.exams and (topic is None or kb.exams[e.exam].topic == topic)]
    items = [kb.exams[e.exam] for e in entries if kb.exams[e.exam].lang == lang]
    if not items:
        others = [e for e in entries if kb.exams[e.exam].lang != lang]
        if others:
            code = "ko" if lang == "en" else "en"
            say(console, w("quiz.other_lang", n=len(others), other=w(f"quiz.lang_{code}"), code=code))
        else:
            say(console, w("quiz.empty_notebook"))
    return items


# ------------------------------------------------------------------------------ the prompt

def _questionary_asker(env, w):
    """Ask with questionary: the options are the menu, each wrapped under its own text. A letter
    answers at once (choose one) or marks its option (choose several; Enter confirms)."""
    import questionary

    from advisor.consult.prompter import shared_default_bindings
    from advisor.present.quiz import option_title

    io = {}
    if env.prompt_input is not None:
        io["input"] = env.prompt_input
    if env.prompt_output is not None:
        io["output"] = env.prompt_output

    def ask(exam, parsed, number, total):
        many = exam.choose > 1
        width = _columns(env)
        # questionary's pointer takes 3 cells, a checkbox's mark 2 more; then "A. "
        indent = 3 + (2 if many else 0) + len(parsed.options[0].key) + 2
        choices = [
            questionary.Choice(title=option_title(o.key, o.text, width - indent - 1, indent), value=o.key)
            for o in parsed.options
        ]
        with shared_default_bindings():  # loaded once, not for each of the prompt's Applications
            if not many:
                question = questionary.select(w("quiz.prompt_one"), choices=choices, use_shortcuts=False,
                                              use_jk_keys=False, use_arrow_keys=True, qmark="?", instruction=" ", **io)
            else:
                n = exam.choose
                message = w("quiz.exactly", n=n)
                question = questionary.checkbox(w("quiz.prompt_many", n=n), choices=choices, qmark="?", instruction=" ",
                                                validate=lambda picked: len(picked) == n or message, **io)
        _letter_keys(question, [o.key for o in parsed.options], toggle=many)
        question.application.erase_when_done = True
        value = question.unsafe_ask()
        if value is None:
            raise KeyboardInterrupt
        return tuple(sorted(value if isinstance(value, list) else [value]))

    ask.lists_options = True
    return ask


def _columns(env) -> int:
    from advisor.present.layout import terminal_width

    return max(20, terminal_width(env.prompt_output, default=100))


def _letter_keys(question, letters: list[str], toggle: bool) -> None:
    """A letter key picks its option and answers at once (``toggle``: marks it instead)."""
    from advisor.consult.prompter import bind_keys

    def pick(letter: str):
        def action(control, event) -> None:
            if control is None:  # pragma: no cover - questionary always has one
                return
            index = next(i for i, c in enumerate(control.choices) if getattr(c, "value", None) == letter)
            control.pointed_at = index
            if toggle:
                if letter in control.selected_options:
                    control.selected_options.remove(letter)
                else:
                    control.selected_options.append(letter)
                return
            control.is_answered = True
            event.app.exit(result=letter)

        return action

    bind_keys(question, {key: pick(letter) for letter in letters for key in (letter.lower(), letter.upper())})

"""``advisor quiz``: practise on the question bank, with explanations and a summary of what to review."""

from __future__ import annotations

import re

from advisor.commands.common import add_kb, add_lang, load_kb, positive_int
from advisor.errors import ExitStatus, UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "quiz",
        help="practise exam questions from the bank; each answer is explained, the summary lists notes to review",
        description="Ask questions from the built-in question bank one by one, check each answer, "
        "explain every option (the rule, claim and note behind it) and end with the score and the "
        "notes to review. Needs a terminal; for scripts, give the answers with --answers. Ctrl-C "
        "ends the session with the summary so far.",
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
    add_lang(p, default=None)
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

    kb = load_kb(args, env)
    topics = sorted({n.topic for n in kb.notes.values()})
    if args.topic is not None and args.topic not in topics:
        raise UsageError(f"--topic {args.topic!r}: unknown topic (topics: {', '.join(topics)})")
    items = bank.exams(kb, topic=args.topic, lang=args.lang)
    if not items:
        raise UsageError("no question in the bank matches --topic and --lang")
    scripted = _scripted(args.answers) if args.answers is not None else None
    count = args.count if args.count is not None else (len(scripted) if scripted else 10)
    chosen = bank.pick(items, count, args.seed)
    console = env.console()
    if scripted is not None:
        if len(scripted) != len(chosen):
            raise UsageError(f"--answers gives {len(scripted)} answer(s) for {len(chosen)} question(s)")
        for number, (exam, given) in enumerate(zip(chosen, scripted), start=1):
            letters = {k for k, _ in exam.options}
            if not set(given) <= letters or len(given) != exam.choose:
                raise UsageError(
                    f"--answers: answer {number} ({''.join(given)}) does not fit question {exam.id}: "
                    f"choose {exam.choose} of {', '.join(sorted(letters))}"
                )
        answers = iter(scripted)
        session = quiz.run(kb, chosen, lambda exam, parsed, n, total: next(answers), console, args.lang)
    else:
        if not env.interactive():
            raise UsageError("quiz needs a terminal to ask questions; for scripts give --answers, e.g. --answers B,AC,D")
        session = quiz.run(kb, chosen, _questionary_asker(env, args.lang), console, args.lang)
    return ExitStatus.INTERRUPTED if session.interrupted else ExitStatus.OK


def _questionary_asker(env, ui_lang):
    import questionary

    io = {}
    if env.prompt_input is not None:
        io["input"] = env.prompt_input
    if env.prompt_output is not None:
        io["output"] = env.prompt_output

    from advisor.safetext import safe_line  # option text is outside text: escaped on the terminal

    def ask(exam, parsed, number, total):
        lang = ui_lang or exam.lang
        choices = [
            questionary.Choice(title=safe_line(f"{o.key}. {o.text}"), value=o.key, shortcut_key=o.key.lower())
            for o in parsed.options
        ]
        if exam.choose == 1:
            prompt = "Your answer (a letter, or arrows and Enter)" if lang == "en" else "답 (글자 키 또는 화살표와 Enter)"
            question = questionary.select(prompt, choices=choices, use_shortcuts=True, use_jk_keys=False, **io)
        else:
            n = exam.choose
            prompt = (f"Choose {n} (Space to mark, Enter to confirm)" if lang == "en"
                      else f"{n}개 선택 (Space로 표시, Enter로 확인)")
            message = f"choose exactly {n}" if lang == "en" else f"정확히 {n}개를 고르세요"
            question = questionary.checkbox(
                prompt, choices=choices, validate=lambda picked: len(picked) == n or message, **io
            )
        value = question.unsafe_ask()
        if value is None:
            raise KeyboardInterrupt
        return tuple(sorted(value if isinstance(value, list) else [value]))

    return ask

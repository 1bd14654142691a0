"""``advisor progress``: what the study record says per topic (questions seen, right on the last
try, in the wrong-answer notebook, notes never tested)."""

from __future__ import annotations

from advisor.commands.common import add_format, add_kb, start_study
from advisor.errors import ExitStatus
from advisor.study import add_lang as add_study_lang


def register(sub) -> None:
    from advisor.study import add_data_dir

    p = sub.add_parser(
        "progress",
        help="your progress per topic: questions seen, right on the last try, in the wrong-answer notebook, notes never tested",
        description="Read your study record (kept by 'advisor quiz') and show, for every note topic, the "
        "questions of the bank you have seen and got right on the last try (in the language you study "
        "in: --lang, else the locale's), how many are in your wrong-answer notebook, and how many notes "
        "no answered question has tested yet. With --topic, also the notes never tested. Reads only: "
        "the record is never created or changed.",
    )
    p.add_argument("--topic", metavar="TOPIC", help="only this topic, with the ids of its notes never tested")
    add_format(p, ("text", "json"))
    add_study_lang(p)
    add_data_dir(p)
    add_kb(p)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.present import progress as table
    from advisor.present.document import dumps
    from advisor.study import progress
    from advisor.study.store import open_for

    words, kb = start_study(args, env)
    with open_for(args, env, write=False) as store:
        rows = progress.compute(kb, store.last_answers(), store.notebook(), words, args.topic)
    if args.format == "json":
        env.stdout.write(dumps(progress.document(rows, words)) + "\n")
    else:
        table.render(env.console(), rows, words, args.topic)
    return ExitStatus.OK

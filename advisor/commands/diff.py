"""``advisor diff A.json B.json``: what-if, how the conclusions change between two answer sets."""

from __future__ import annotations

from advisor.commands.common import Output, add_report_options, load_kb, report
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "diff",
        help="what-if: how the conclusions change between two answer sets, and which answers caused it",
        description="Evaluate two answers files and show the conclusions added and removed from the "
        "first to the second, each with the changed answers that caused it (the changed answers among "
        "the grounds of that conclusion's rule).",
    )
    p.add_argument("before", metavar="A", help="the first answers file (one answer set)")
    p.add_argument("after", metavar="B", help="the second answers file (one answer set)")
    add_report_options(p, answers=False)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.answers import load_answers
    from advisor.engine import engine_for
    from advisor.errors import UsageError
    from advisor.reasoning.diff import diff

    if args.before == "-" and args.after == "-":
        raise UsageError("only one of A and B can be standard input ('-')")
    output = Output(args, env, [args.before, args.after])
    kb = load_kb(args, env, exam=False)
    a_name, a, _ = load_answers(kb, args.before, env.stdin)
    b_name, b, _ = load_answers(kb, args.after, env.stdin)
    result = diff(kb, engine_for(kb), a, b)
    return report(output, args, kb, result, before=a_name, after=b_name)

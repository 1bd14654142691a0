"""``advisor why-not SERVICE-OR-RULE --answers FILE``: why a conclusion was not reached."""

from __future__ import annotations

from advisor.commands.common import add_report_options, one_answer_set, report
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "why-not",
        help="explain why a service or conclusion was not reached, and the smallest change that reaches it",
        description="Evaluate the answers in FILE and explain why the service or rule named was not "
        "concluded: the rules that would have concluded it, which of their premises failed or are "
        "unknown, and the smallest change of answers that reaches it, checked by running the rules "
        "on the changed answers. A service stands for the rules that recommend it (or, if none does, "
        "the rules that name it); it is matched without regard to case.",
    )
    p.add_argument("target", metavar="SERVICE-OR-RULE", help="a service (e.g. 'AWS Global Accelerator') or a rule id")
    add_report_options(p, answers=True)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.engine import engine_for
    from advisor.reasoning.why_not import why_not

    output, kb, target, (name, answers, dont_know) = one_answer_set(args, env, recommended=True)
    result = why_not(kb, engine_for(kb), answers, target, dont_know)
    return report(output, args, kb, result, source=name, answers=answers)

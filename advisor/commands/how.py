"""``advisor how RULE-OR-SERVICE --answers FILE``: the chain of rules behind a conclusion."""

from __future__ import annotations

from advisor.commands.common import add_report_options, one_answer_set, report
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "how",
        help="show how a conclusion was reached: the chain of rules, answers and notes",
        description="Evaluate the answers in FILE and show, for the rule or service named, the chain of "
        "rules that concluded it: the answers and derived facts at each step and the note each rule "
        "cites (each note's text once, after the chains; --brief leaves the texts out). A service is "
        "matched without regard to case (a unique part of its name is enough).",
    )
    p.add_argument("target", metavar="RULE-OR-SERVICE", help="a rule id (e.g. nat-gateway-route) or a service (e.g. 'Amazon CloudFront')")
    p.add_argument("--brief", action="store_true", help="only the chain of rules and answers, with the notes' ids (no note text)")
    add_report_options(p, answers=True)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.engine import engine_for
    from advisor.reasoning.how import explain_how

    output, kb, target, (name, answers, _) = one_answer_set(args, env)
    result = explain_how(kb, engine_for(kb).evaluate(answers), target)
    return report(output, args, kb, result, source=name, brief=args.brief)

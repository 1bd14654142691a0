"""``advisor schema``: the JSON Schema of answers files, generated from the questionnaire."""

from __future__ import annotations

from advisor.commands.common import add_kb, load_kb
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the answers file",
        description="Print the JSON Schema (draft 2020-12) that answers files follow, generated "
        "from the questionnaire: one property per trait, with its type, range and choices.",
    )
    add_kb(p)
    p.set_defaults(run=run)


def answers_schema(kb) -> dict:
    from advisor.kb import TraitType

    props = {}
    for q in kb.questions.values():
        if q.type is TraitType.BOOL:
            base = {"type": "boolean"}
        elif q.type is TraitType.CHOICE:
            base = {"type": "string", "enum": list(q.choice_values())}
        else:
            base = {"type": "number", "minimum": q.min, "maximum": q.max}
            base["x-unit"] = q.unit
        props[q.trait] = {
            "description": q.prompt.en,
            "anyOf": [base, {"type": "null", "description": "don't know"}],
        }
    from advisor.answers import META_KEY

    props[META_KEY] = {
        "description": "How a consultation was answered (ignored by evaluate): its language, the parts of the design "
        "chosen at the start, and the traits in the order they were answered.",
        "type": "object",
        "properties": {
            "lang": {"enum": ["en", "ko"]},
            "parts": {"type": "array", "items": {"enum": list(kb.parts)}},
            "order": {"type": "array", "items": {"enum": list(kb.questions)}},
        },
        "additionalProperties": False,
    }
    record = {
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/arch-advisor/arch-advisor/answers.schema.json",
        "title": "arch-advisor answers",
        "description": "One answer set (trait -> value), or a list of them. JSON Lines files hold one answer set per line. "
        "A missing trait or null means don't know.",
        "oneOf": [{"$ref": "#/$defs/answers"}, {"type": "array", "items": {"$ref": "#/$defs/answers"}}],
        "$defs": {"answers": record},
    }


def run(args, env) -> ExitStatus:
    from advisor.present.document import dumps  # escapes what a terminal would act on

    kb = load_kb(args, env, exam=False)
    env.stdout.write(dumps(answers_schema(kb)) + "\n")
    return ExitStatus.OK

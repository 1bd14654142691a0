"""The kinds of the advice: notes, questions, derived facts, design parts and rules.

Each kind declares its fields (:mod:`advisor.kb.fields`) and registers a loader that checks an
item's shape (types, id syntax, what goes with what) and builds its model (:mod:`advisor.kb.model`).
"""

from __future__ import annotations

import math
from typing import Any

from advisor.errors import KnowledgeError
from advisor.kb import fields as f
from advisor.kb.loader import register
from advisor.kb.model import (
    LANGS,
    NOTE_ID,
    NUMERIC_OPS,
    ORIGINS,
    TRAIT_ID,
    Choice,
    Condition,
    Correction,
    Derived,
    Example,
    Kind,
    Note,
    Op,
    Part,
    Question,
    Rule,
    Source,
    Text,
    TraitType,
)
from advisor.kb.toml import Item
from advisor.kb.toml import shown as _shown


def _load_note(item: Item) -> Note:
    d = item.data
    origin = item.one_of("origin", ORIGINS, "seed")
    if origin == "seed":
        lines = d.get("seed_lines")
        if not isinstance(lines, list) or not lines or not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in lines):
            item.fail("seed_lines", "'seed_lines' must be a non-empty list of positive line numbers")
    else:
        if "seed_lines" in d:
            item.fail("seed_lines", f"a note with origin {origin!r} is not from the study note: drop 'seed_lines'")
        if not d.get("refs"):
            item.fail("refs", f"a note with origin {origin!r} must cite its AWS documentation page in 'refs'")
        lines = []
    correction = None
    if "correction" in d:
        c = d["correction"]
        if not isinstance(c, dict):
            item.fail("correction", "'correction' must be a table with 'en', 'ko' and 'refs'")
        extra = sorted(set(c) - {"en", "ko", "refs"})
        if extra:
            item.fail("correction", f"unknown key {_shown(extra[0])} in the correction (allowed: en, ko, refs)")
        refs = c.get("refs", [])
        if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
            item.fail("correction", "the correction's 'refs' must be a list of URLs")
        correction = Correction(
            text=item.text("correction", {k: c.get(k) for k in LANGS}),
            refs=tuple(refs),
        )
    return Note(
        id=item.string("id", NOTE_ID),
        topic=item.string("topic", NOTE_ID),
        section=item.string("section"),
        seed_lines=tuple(lines),
        text=_note_text(item),
        refs=item.strings("refs"),
        correction=correction,
        aliases=item.strings("aliases", NOTE_ID),
        source=item.where(),
        origin=origin,
    )


def _note_text(item: Item) -> Text:
    for lang in LANGS:
        value = item.data.get(lang)
        if not isinstance(value, str) or not value.strip():
            item.fail(lang, f"a note needs a non-empty {lang!r} text")
    return Text(en=item.data["en"].strip(), ko=item.data["ko"].strip())


def _load_question(item: Item) -> Question:
    d = item.data
    qtype = item.one_of("type", TraitType)
    choices: list[Choice] = []
    lo = item.number("min")
    hi = item.number("max")
    unit = item.string("unit", optional=True)
    if qtype is TraitType.CHOICE:
        raw = d.get("choices")
        if not isinstance(raw, list) or len(raw) < 2:
            item.fail("choices", "a 'choice' question needs a list of at least two choices")
        seen = set()
        for entry in raw:
            if not isinstance(entry, dict) or not {"value", "en", "ko"} <= set(entry) <= {"value", "en", "ko", "aliases"}:
                item.fail("choices", "each choice must be a table with 'value', 'en' and 'ko' (and optional 'aliases')")
            value = entry["value"]
            if not isinstance(value, str) or not NOTE_ID.match(value):
                item.fail("choices", f"choice value {_shown(value)} must be a lowercase kebab word")
            if value in seen:
                item.fail("choices", f"choice value {_shown(value)} is listed twice")
            seen.add(value)
            aliases = entry.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and NOTE_ID.match(a) for a in aliases):
                item.fail("choices", f"the aliases of choice {_shown(value)} must be a list of lowercase kebab words")
            choices.append(Choice(value=value, label=item.text("choices", {k: entry[k] for k in LANGS}), aliases=tuple(aliases)))
    elif "choices" in d:
        item.fail("choices", f"only 'choice' questions have choices, this one is {qtype.value!r}")
    if qtype is TraitType.NUMBER:
        if lo is None or hi is None:
            item.fail("min" if lo is None else "max", "a 'number' question needs both 'min' and 'max'")
        if lo >= hi:
            item.fail("max", f"'max' ({hi}) must be greater than 'min' ({lo})")
        if unit is None:
            item.fail(None, "a 'number' question needs a 'unit'")
    elif lo is not None or hi is not None:
        item.fail("min" if lo is not None else "max", "only 'number' questions have 'min' and 'max'")
    return Question(
        trait=item.string("trait", TRAIT_ID),
        type=qtype,
        topic=item.string("topic", NOTE_ID),
        prompt=item.text("prompt"),
        help=item.text("help"),
        unit=unit,
        min=lo,
        max=hi,
        choices=tuple(choices),
        source=item.where(),
    )


def _load_condition(item: Item, raw: Any, position: int) -> Condition:
    where = f"condition {position + 1} of 'when'"
    if not isinstance(raw, dict):
        item.fail("when", f"{where} must be a table such as {{ trait = \"static_content\", is = true }}")
    has_trait, has_fact = "trait" in raw, "fact" in raw
    if has_trait == has_fact:
        item.fail("when", f"{where} must name exactly one of 'trait' or 'fact'")
    if has_fact:
        if set(raw) != {"fact"}:
            item.fail("when", f"{where}: a 'fact' condition takes no other key")
        if not isinstance(raw["fact"], str) or not NOTE_ID.match(raw["fact"]):
            item.fail("when", f"{where}: 'fact' must be a derived fact id")
        return Condition(fact=raw["fact"])
    trait = raw["trait"]
    if not isinstance(trait, str) or not TRAIT_ID.match(trait):
        item.fail("when", f"{where}: 'trait' must be a trait id")
    tests = []
    for key in sorted(set(raw) - {"trait"}):
        try:
            op = Op(key)
        except ValueError:
            item.fail("when", f"{where}: unknown test {key!r} (allowed: {', '.join(o.value for o in Op)})")
        value = raw[key]
        if op in NUMERIC_OPS:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                item.fail("when", f"{where}: {key!r} needs a number")
        elif op in (Op.IN, Op.NOT_IN):
            if not isinstance(value, list) or not value or not all(isinstance(v, (str, bool, int, float)) for v in value):
                item.fail("when", f"{where}: {key!r} needs a non-empty list of values")
            value = tuple(value)
        elif not isinstance(value, (str, bool, int, float)):
            item.fail("when", f"{where}: 'is' needs a string, boolean or number")
        tests.append((op, value))
    if not tests:
        item.fail("when", f"{where}: a trait condition needs a test such as 'is', 'in' or 'lt'")
    # Keep the tests in a fixed order so that descriptions and compiled rules are stable.
    order = list(Op)
    tests.sort(key=lambda t: order.index(t[0]))
    return Condition(trait=trait, tests=tuple(tests))


def _load_rule(item: Item) -> Rule:
    d = item.data
    kind = item.one_of("kind", Kind)
    when = d.get("when")
    if not isinstance(when, list) or not when:
        item.fail("when", "'when' must be a non-empty list of conditions")
    conditions = tuple(_load_condition(item, raw, i) for i, raw in enumerate(when))
    derives = item.strings("derives", NOTE_ID)
    if kind is Kind.DERIVE and not derives:
        item.fail("derives", "a 'derive' rule must derive at least one fact")
    return Rule(
        id=item.string("id", NOTE_ID),
        kind=kind,
        title=item.text("title"),
        service=item.string("service", optional=True),
        notes=item.strings("notes", NOTE_ID),
        when=conditions,
        derives=derives,
        detail=item.text("detail") if "detail" in d else None,
        aliases=item.strings("aliases", NOTE_ID),
        source=item.where(),
        examples=_load_examples(item),
    )


def _load_examples(item: Item) -> tuple[Example, ...]:
    """A rule's ``[[rule.example]]`` tables: answers, and the rules that must and must not follow.
    Whether the traits, values and rule ids exist is the lint example-invalid's job."""
    raw = item.data.get("example", [])
    if not isinstance(raw, list):
        item.fail("example", "'example' must be written as [[rule.example]] tables")
    lines = item.loc.nested(item.kind, item.index, "example")
    examples = []
    for n, entry in enumerate(raw):
        where = Source(item.loc.path, lines[n]) if n < len(lines) else item.where("example")

        def fail(message: str, n: int = n, where: Source = where):
            raise KnowledgeError(f"example {n + 1}: {message}", source=where)

        if not isinstance(entry, dict):
            fail("must be a table with 'answers', 'follows' and 'does_not_follow'")
        extra = sorted(set(entry) - set(_EXAMPLE_KEYS))
        if extra:
            fail(f"unknown key {_shown(extra[0])} (allowed: {', '.join(_EXAMPLE_KEYS)})")
        answers = entry.get("answers")
        problem = _answers_problem(answers)
        if problem:
            fail(problem)
        lists = {}
        for key in ("follows", "does_not_follow"):
            ids = entry.get(key, [])
            if not isinstance(ids, list) or not all(isinstance(i, str) and NOTE_ID.match(i) for i in ids):
                fail(f"{key!r} must be a list of rule ids")
            lists[key] = tuple(ids)
        if not lists["follows"] and not lists["does_not_follow"]:
            fail("name the rules that must follow ('follows') or must not ('does_not_follow')")
        both = sorted(set(lists["follows"]) & set(lists["does_not_follow"]))
        if both:
            fail(f"{both[0]!r} cannot both follow and not follow")
        examples.append(Example(tuple(answers.items()), lists["follows"], lists["does_not_follow"], where))
    return tuple(examples)


def _answers_problem(answers: Any) -> str | None:
    """What is wrong with an ``answers`` table (trait = value: a part's, a rule example's), or None."""
    if not isinstance(answers, dict):
        return "'answers' must be a table of trait = value"
    for trait, value in answers.items():
        if not TRAIT_ID.match(trait):
            return f"'answers' key {_shown(trait)} is not a valid trait id"
        if not isinstance(value, (bool, str, int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            return f"'answers' value of {trait!r} must be true, false, a choice value or a number"
    return None


def _label_text(item: Item) -> Text:
    """A derived fact's or a part's label: its 'en' and 'ko' keys."""
    return Text(en=item.string("en").strip(), ko=item.string("ko").strip())


def _load_derived(item: Item) -> Derived:
    return Derived(
        id=item.string("id", NOTE_ID),
        label=_label_text(item),
        source=item.where(),
    )


def _load_part(item: Item) -> Part:
    d = item.data
    raw = d.get("answers", {})
    problem = _answers_problem(raw)
    if problem:
        item.fail("answers", problem)
    answers = list(raw.items())
    questions = item.strings("questions", TRAIT_ID)
    if len(set(questions)) != len(questions):
        twice = next(q for q in questions if questions.count(q) > 1)
        item.fail("questions", f"'questions' lists {twice!r} twice")
    if not questions and not answers:
        item.fail(None, "a [[part]] needs 'questions' (asked only when the design has it), 'answers' (given when it has it), or both")
    return Part(
        id=item.string("id", NOTE_ID),
        label=_label_text(item),
        questions=questions,
        answers=tuple(answers),
        source=item.where(),
    )


_LABEL = {"id": f.required(f.NOTE), "en": f.required(f.NON_EMPTY), "ko": f.required(f.NON_EMPTY)}
_CHOICE = f.table({"value": f.NOTE, "en": f.NON_EMPTY, "ko": f.NON_EMPTY, "aliases": f.IDS}, ["value", *LANGS])
_TESTS = {op.value: (f.NUMBER if op in NUMERIC_OPS else f.list_of(f.SCALAR, 1) if op in (Op.IN, Op.NOT_IN) else f.SCALAR) for op in Op}
_CONDITION = {
    "oneOf": [
        f.table({"fact": f.NOTE}, ["fact"]),
        {**f.table({"trait": f.TRAIT, **_TESTS}, ["trait"]), "minProperties": 2},
    ]
}

NOTE_FIELDS = {
    "id": f.required(f.NOTE),
    "topic": f.required(f.NOTE),
    "section": f.required(f.NON_EMPTY),
    "en": f.required(f.NON_EMPTY, "the fact in our own words, in English"),
    "ko": f.required(f.NON_EMPTY, "the fact in our own words, in Korean"),
    "seed_lines": f.optional(f.list_of({"type": "integer", "minimum": 1}, 1), "lines of the study note (origin 'seed')"),
    "origin": f.optional(f.one_of(ORIGINS)),
    "refs": f.optional(f.STRINGS, "AWS documentation pages"),
    "correction": f.optional(f.table({"en": f.NON_EMPTY, "ko": f.NON_EMPTY, "refs": f.list_of({"type": "string"})}, LANGS)),
    "aliases": f.optional(f.IDS, "former ids"),
}
QUESTION_FIELDS = {
    "trait": f.required(f.TRAIT),
    "type": f.required(f.one_of(TraitType)),
    "topic": f.required(f.NOTE),
    "prompt": f.required(f.TEXT),
    "help": f.required(f.TEXT),
    "unit": f.optional(f.NON_EMPTY),
    "min": f.optional(f.NUMBER),
    "max": f.optional(f.NUMBER),
    "choices": f.optional(f.list_of(_CHOICE, 2)),
}
PART_FIELDS = {
    **_LABEL,
    "questions": f.optional(f.list_of(f.TRAIT), "traits asked only when the design has this part"),
    "answers": f.optional({"type": "object", "propertyNames": f.TRAIT, "additionalProperties": f.SCALAR}),
}
_EXAMPLE_KEYS = ("answers", "follows", "does_not_follow")
_EXAMPLE = {
    **f.table(
        {
            "answers": {"type": "object", "propertyNames": f.TRAIT, "additionalProperties": f.SCALAR},
            "follows": f.list_of(f.NOTE),
            "does_not_follow": f.list_of(f.NOTE),
        },
        ["answers"],
    ),
    "anyOf": [{"required": ["follows"]}, {"required": ["does_not_follow"]}],
}
RULE_FIELDS = {
    "id": f.required(f.NOTE),
    "kind": f.required(f.one_of(Kind)),
    "title": f.required(f.TEXT),
    # an empty list loads, and is refused by the lint rule-cites-no-note
    "notes": f.required(f.list_of(f.NOTE, 1), "the notes the rule rests on"),
    "when": f.required(f.list_of(_CONDITION, 1)),
    "service": f.optional(f.NON_EMPTY),
    "derives": f.optional(f.IDS),
    "detail": f.optional(f.TEXT),
    "aliases": f.optional(f.IDS, "former ids"),
    "example": f.optional(
        f.list_of(_EXAMPLE),
        "[[rule.example]]: answers (trait = value; a trait left out is unknown), the rules that must "
        "fire on them ('follows') and those that must not ('does_not_follow')",
    ),
}

register("note", _load_note, NOTE_FIELDS, "notes")
register("question", _load_question, QUESTION_FIELDS, "questions")
register("derived", _load_derived, _LABEL, "derived")
register("rule", _load_rule, RULE_FIELDS, "rules")
register("part", _load_part, PART_FIELDS, "parts")

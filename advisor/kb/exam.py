"""Knowledge for reading exam questions: cues, terms, claims and the question bank.

Four more kinds of ``[[table]]`` live in ``knowledge/**/*.toml`` beside notes and rules:

* ``[[cue]]``    words in a question that give away a trait's value ("static website" →
                 ``static_content = true``), or, for a number trait, the words that say which
                 quantity ("160 GiB of memory") it is;
* ``[[term]]``   a service or feature as options name it (CDN → Amazon CloudFront), linked to
                 the rules whose conclusions back or undermine an option that proposes it;
* ``[[claim]]``  a statement options make, true or false, with the note that settles it
                 ("security groups can block countries" is false);
* ``[[exam]]``   a practice question of our own, with its answer key and deciding notes.

Patterns are regular expressions matched as whole words (:mod:`advisor.kb.pattern`). The four
kinds register themselves with the loader (:func:`advisor.kb.loader.register`) as exam-reading
kinds, which ``load(exam=False)`` leaves out.

The loader checks each item's shape (keys, types, regexes that compile, answer letters that
exist) and fails with ``file:line: message``. Whether items fit the rest of the knowledge (a cue
on a trait nobody asks, a claim citing a missing note, ...) is checked by ``advisor kb check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from advisor.kb import fields as f
from advisor.kb.loader import register
from advisor.kb.model import LANGS, NOTE_ID, TRAIT_ID, Source, Text
from advisor.kb.pattern import Pattern, compile_pattern, interned
from advisor.kb.toml import Item
from advisor.kb.toml import shown as _shown
from advisor.regexshape import problem as catastrophic

EXAM_SETS = ("dev", "held-out")
OPTION_LETTER = re.compile(r"^[A-Z]\Z")


@dataclass(frozen=True)
class Cue:
    id: str
    trait: str
    #: the value the words give away (true/false, a choice, or a rough number such as 2 for
    #: "several GB"); None for number cues that read quantities
    value: Any
    #: words that give the value away (bool/choice), or words that name the quantity (number)
    patterns: tuple[Pattern, ...]
    #: for number traits: the cue reads quantities near its patterns
    number: bool
    #: assume this value when no cue of the trait matches (what exam scenarios leave unsaid)
    assume: bool
    source: Source


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    patterns: tuple[Pattern, ...]
    #: a rule ``service``: every rule naming it backs (recommend, advise) or undermines (avoid) the option.
    #: A term with no link at all only names something, so that a longer name is not read as a shorter one.
    service: str | None
    #: rules whose firing backs an option that proposes this term
    supports: tuple[str, ...]
    #: rules whose firing undermines an option that proposes this term
    contradicts: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Claim:
    id: str
    #: is the statement true?
    holds: bool
    notes: tuple[str, ...]
    #: groups of alternatives; each group must match in the option
    all: tuple[tuple[Pattern, ...], ...]
    #: groups of alternatives; each group must match in the question or the option
    about: tuple[tuple[Pattern, ...], ...]
    #: any of these in the option means the claim is not made (e.g. a negation)
    unless: tuple[Pattern, ...]
    #: the groups of ``all`` must match in the order given (subject before what is said of it)
    ordered: bool
    because: Text
    source: Source
    #: groups of alternatives; each group must match in the question (the situation the claim is about)
    when: tuple[tuple[Pattern, ...], ...] = ()
    #: any of these in the question means the claim does not apply to it
    unless_question: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Exam:
    id: str
    set: str
    topic: str
    lang: str
    question: str
    #: (letter, text) in letter order
    options: tuple[tuple[str, str], ...]
    answer: tuple[str, ...]
    notes: tuple[str, ...]
    source: Source

    @property
    def choose(self) -> int:
        return len(self.answer)


#: pattern text -> its compiled regex, for every text this process has accepted: a base repeats
#: many of its patterns (a phrase in several claims), and whether a text is accepted depends on
#: the text alone, so each is compiled and checked once (~3,200 texts of ~11,800 in the built-in base)
_ACCEPTED: dict[str, re.Pattern] = {}


def _patterns(item: Item, key: str, lang: str, raw: Any) -> tuple[Pattern, ...]:
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        item.fail(key, f"{key!r} must be a list of non-empty strings (regular expressions)")
    out = []
    for text in raw:
        regex = _ACCEPTED.get(text)
        if regex is not None:
            out.append(interned(lang, text, regex))
            continue
        shown = repr(text if len(text) <= 60 else text[:57] + "...")
        try:
            regex = compile_pattern(text)
        except (re.error, OverflowError, RecursionError) as exc:
            # OverflowError: a repeat count such as {99999999999}; RecursionError: groups nested too deeply
            problem = str(exc) if isinstance(exc, re.error) else "too large or nested too deeply"
            item.fail(key, f"{key!r} holds {shown}, which is not a valid regular expression ({problem})")
        slow = catastrophic(text)
        if slow:
            item.fail(key, f"{key!r} holds {shown}: {slow}; write it without nesting quantifiers")
        if regex.search(""):
            item.fail(key, f"{key!r} holds {shown}, which matches the empty string")
        _ACCEPTED[text] = regex
        out.append(interned(lang, text, regex))
    return tuple(out)


def _lang_patterns(item: Item, *keys: str) -> tuple[Pattern, ...]:
    out: list[Pattern] = []
    for key in keys:
        if key in item.data:
            out.extend(_patterns(item, key, key if key in LANGS else "any", item.data[key]))
    return tuple(out)


def _groups(item: Item, key: str, required: bool) -> tuple[tuple[Pattern, ...], ...]:
    raw = item.data.get(key, [])
    if not isinstance(raw, list) or (required and not raw):
        item.fail(key, f"{key!r} must be a non-empty list of groups, each a list of alternatives")
    groups = []
    for group in raw:
        if not isinstance(group, list) or not group:
            item.fail(key, f"each group of {key!r} must be a non-empty list of alternatives, such as [\"security group\", \"보안 그룹\"]")
        groups.append(_patterns(item, key, "any", group))
    return tuple(groups)


def _bool(item: Item, key: str, default: bool | None = None) -> bool:
    value = item.data.get(key, default)
    if not isinstance(value, bool):
        item.fail(key, f"{key!r} must be true or false")
    return value


def load_cue(item: Item) -> Cue:
    d = item.data
    has_value, has_near = "value" in d, "near" in d
    if has_value == has_near:
        item.fail(None, "a [[cue]] needs exactly one of 'value' (with 'en'/'ko' phrases) or 'near' (for a number trait)")
    if has_value:
        value = d["value"]
        if not isinstance(value, (bool, str, int, float)):
            item.fail("value", "'value' must be true, false, a choice value or a number")
        patterns = _lang_patterns(item, "en", "ko")
        if not patterns:
            item.fail(None, "a [[cue]] with a 'value' needs phrases in 'en' or 'ko'")
    else:
        value = None
        if "en" in d or "ko" in d:
            item.fail("near", "a number [[cue]] takes its words in 'near' only")
        patterns = _patterns(item, "near", "any", d["near"])
        if not patterns:
            item.fail("near", "'near' must not be empty")
    assume = _bool(item, "assume", False)
    if assume and value is None:
        item.fail("assume", "only a cue with a 'value' can be assumed")
    return Cue(
        id=item.string("id", NOTE_ID),
        trait=item.string("trait", TRAIT_ID),
        value=value,
        patterns=patterns,
        number=value is None,
        assume=assume,
        source=item.where(),
    )


def load_term(item: Item) -> Term:
    patterns = _lang_patterns(item, "en", "ko")
    if not patterns:
        item.fail(None, "a [[term]] needs phrases in 'en' or 'ko'")
    supports = item.strings("supports", NOTE_ID)
    contradicts = item.strings("contradicts", NOTE_ID)
    service = item.string("service", optional=True)
    return Term(
        id=item.string("id", NOTE_ID),
        name=item.string("name"),
        patterns=patterns,
        service=service,
        supports=supports,
        contradicts=contradicts,
        source=item.where(),
    )


def load_claim(item: Item) -> Claim:
    unless = _patterns(item, "unless", "any", item.data.get("unless", []))
    return Claim(
        id=item.string("id", NOTE_ID),
        holds=_bool(item, "holds"),
        notes=item.strings("notes", NOTE_ID, nonempty=True),
        all=_groups(item, "all", required=True),
        about=_groups(item, "about", required=False),
        unless=unless,
        when=_groups(item, "when", required=False),
        unless_question=_patterns(item, "unless_question", "any", item.data.get("unless_question", [])),
        ordered=_bool(item, "ordered", False),
        because=item.text("because"),
        source=item.where(),
    )


def load_exam(item: Item) -> Exam:
    d = item.data
    exam_set = item.one_of("set", EXAM_SETS)
    lang = item.string("lang")  # a number or an empty string: "must be a non-empty string", as before
    item.one_of("lang", LANGS)
    options = d.get("options")
    if not isinstance(options, dict) or len(options) < 2:
        item.fail("options", "'options' must be a table of at least two letters, such as A = \"...\"")
    letters = list(options)
    for letter in letters:
        if not OPTION_LETTER.match(letter):
            item.fail("options", f"option {_shown(letter)} must be named by one capital letter")
        if not isinstance(options[letter], str) or not options[letter].strip():
            item.fail("options", f"option {letter} must be a non-empty string")
    expected = [chr(ord("A") + i) for i in range(len(letters))]
    if sorted(letters) != expected:
        item.fail("options", f"options must be lettered {', '.join(expected)} without gaps, not {', '.join(letters)}")
    answer = item.strings("answer", nonempty=True)
    for letter in answer:
        if letter not in options:
            item.fail("answer", f"the answer {_shown(letter)} is not one of the options ({', '.join(sorted(letters))})")
    if len(set(answer)) != len(answer):
        item.fail("answer", "the answer lists a letter twice")
    if len(answer) >= len(letters):
        item.fail("answer", "the answer must leave at least one option out")
    return Exam(
        id=item.string("id", NOTE_ID),
        set=exam_set,
        topic=item.string("topic", NOTE_ID),
        lang=lang,
        question=item.string("question").strip(),
        options=tuple((letter, options[letter].strip()) for letter in sorted(letters)),
        answer=tuple(sorted(answer)),
        notes=item.strings("notes", NOTE_ID, nonempty=True),
        source=item.where(),
    )


CUE_FIELDS = {
    "id": f.required(f.NOTE),
    "trait": f.required(f.TRAIT),
    "value": f.optional(f.SCALAR, "the value the words give away (or 'near' for a number trait)"),
    "en": f.optional(f.PATTERNS),
    "ko": f.optional(f.PATTERNS),
    "near": f.optional(f.PATTERNS, "words that name the quantity of a number trait"),
    "assume": f.optional(f.BOOL),
}
TERM_FIELDS = {
    "id": f.required(f.NOTE),
    "name": f.required(f.NON_EMPTY),
    "en": f.optional(f.PATTERNS),
    "ko": f.optional(f.PATTERNS),
    "service": f.optional(f.NON_EMPTY),
    "supports": f.optional(f.IDS),
    "contradicts": f.optional(f.IDS),
}
CLAIM_FIELDS = {
    "id": f.required(f.NOTE),
    "holds": f.required(f.BOOL, "is the statement true?"),
    "notes": f.required(f.list_of(f.NOTE, 1)),
    "all": f.required(f.list_of(f.GROUPS["items"], 1), "groups that must all match in the option"),
    "because": f.required(f.TEXT),
    "about": f.optional(f.GROUPS, "groups that must match in the question or the option"),
    "when": f.optional(f.GROUPS, "groups that must match in the question"),
    "unless": f.optional(f.PATTERNS, "any of these in the option vetoes the claim"),
    "unless_question": f.optional(f.PATTERNS, "any of these in the question vetoes the claim"),
    "ordered": f.optional(f.BOOL),
}
EXAM_FIELDS = {
    "id": f.required(f.NOTE),
    "set": f.required(f.one_of(EXAM_SETS)),
    "topic": f.required(f.NOTE),
    "lang": f.required(f.one_of(LANGS)),
    "question": f.required(f.NON_EMPTY),
    "options": f.required(
        {"type": "object", "propertyNames": f.matching(OPTION_LETTER), "additionalProperties": f.NON_EMPTY, "minProperties": 2}
    ),
    "answer": f.required(f.list_of(f.matching(OPTION_LETTER), 1)),
    "notes": f.required(f.list_of(f.NOTE, 1)),
}

register("cue", load_cue, CUE_FIELDS, "cues", exam=True)
register("term", load_term, TERM_FIELDS, "terms", exam=True)
register("claim", load_claim, CLAIM_FIELDS, "claims", exam=True)
register("exam", load_exam, EXAM_FIELDS, "exams", exam=True)

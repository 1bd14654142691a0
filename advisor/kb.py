"""The knowledge base: typed models and the loader that turns ``knowledge/*.toml`` into them.

Knowledge is data. Every ``*.toml`` file below a knowledge directory holds arrays of tables:

* ``[[note]]``      a fact from the study note, restated in English and Korean;
* ``[[question]]``  a trait the user can be asked about (the questionnaire);
* ``[[derived]]``   a fact the engine can derive (never asked);
* ``[[part]]``      a part a design can contain (a load balancer, Lambda functions, ...): the
  consultation asks which parts the design has, then only the questions of those parts;
* ``[[rule]]``      conditions on traits and derived facts, and what follows from them;
* ``[[cue]]``, ``[[term]]``, ``[[claim]]``, ``[[exam]]``: what reads exam questions and the
  question bank (models and loaders in :mod:`advisor.kbexam`).

The loader checks the *shape* of every item (required keys, types, unknown keys, id syntax) and
refuses malformed knowledge with ``file:line: message``. It never evaluates knowledge as code.
Whether the items fit together (a rule citing a note that does not exist, a note nobody cites,
a rule that can never fire, ...) is the job of :mod:`advisor.kbcheck`.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from advisor.errors import KnowledgeError

NOTE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TRAIT_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")
LANGS = ("en", "ko")


class Kind(StrEnum):
    """What a rule concludes. ``derive`` rules only add derived facts for other rules."""

    RECOMMEND = "recommend"
    AVOID = "avoid"
    WARN = "warn"
    ADVISE = "advise"
    DERIVE = "derive"


#: Order of kinds in every report: what to use, what not to use, what to watch, how to set it up.
KIND_ORDER = {Kind.RECOMMEND: 0, Kind.AVOID: 1, Kind.WARN: 2, Kind.ADVISE: 3, Kind.DERIVE: 4}


class TraitType(StrEnum):
    BOOL = "bool"
    CHOICE = "choice"
    NUMBER = "number"


class Op(StrEnum):
    """Tests a condition can make on a trait's value."""

    IS = "is"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"


NUMERIC_OPS = frozenset({Op.GT, Op.GE, Op.LT, Op.LE})
OP_SYMBOL = {Op.GT: ">", Op.GE: "≥", Op.LT: "<", Op.LE: "≤"}


@dataclass(frozen=True)
class Source:
    """Where an item was defined, for messages of the form ``file:line``."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Text:
    """A piece of text in every language the advisor speaks."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True)
class Correction:
    text: Text
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Note:
    id: str
    topic: str
    section: str
    seed_lines: tuple[int, ...]
    text: Text
    refs: tuple[str, ...]
    correction: Correction | None
    aliases: tuple[str, ...]
    source: Source
    #: where the fact comes from: "seed" (the study note, lines in ``seed_lines``) or "aws-docs"
    #: (a fact next to the study note's, taken from the AWS documentation pages in ``refs``)
    origin: str = "seed"

    @property
    def from_seed(self) -> bool:
        return self.origin == "seed"


#: where a note's fact comes from
ORIGINS = ("seed", "aws-docs")


@dataclass(frozen=True)
class Choice:
    value: str
    label: Text
    #: other words people use for this value; an answer using one is told the value to write
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Question:
    trait: str
    type: TraitType
    topic: str
    prompt: Text
    help: Text
    unit: str | None
    min: float | None
    max: float | None
    choices: tuple[Choice, ...]
    source: Source

    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def choice_label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang)
        return value

    def format_value(self, value: Any, lang: str = "en") -> str:
        """A value as a person would write it: yes/no, a choice's label, a number with its unit."""
        if self.type is TraitType.BOOL:
            if lang == "ko":
                return "예" if value else "아니요"
            return "yes" if value else "no"
        if self.type is TraitType.CHOICE:
            return self.choice_label(value, lang)
        return f"{format_number(value)} {self.unit}" if self.unit else format_number(value)


def format_number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Condition:
    """One premise of a rule: a test on a trait's answer, or the presence of a derived fact."""

    trait: str | None = None
    fact: str | None = None
    tests: tuple[tuple[Op, Any], ...] = ()

    def check(self, value: Any) -> bool:
        """Does a known answer ``value`` satisfy this (trait) condition?"""
        for op, expected in self.tests:
            if op is Op.IS:
                if type(value) is not type(expected) and not _both_numbers(value, expected):
                    return False
                if value != expected:
                    return False
            elif op is Op.IN:
                if value not in expected:
                    return False
            elif op is Op.NOT_IN:
                if value in expected:
                    return False
            else:
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    return False
                if op is Op.GT and not value > expected:
                    return False
                if op is Op.GE and not value >= expected:
                    return False
                if op is Op.LT and not value < expected:
                    return False
                if op is Op.LE and not value <= expected:
                    return False
        return True

    def describe(self, kb: KnowledgeBase | None = None, lang: str = "en") -> str:
        """The condition in words, e.g. ``object_size_gb < 1 GB`` or ``static_content = yes``."""
        if self.fact is not None:
            if kb is not None and self.fact in kb.derived:
                return f"[{self.fact}] {kb.derived[self.fact].label.get(lang)}"
            return f"[{self.fact}]"
        q = kb.questions.get(self.trait) if kb is not None else None
        parts = []
        for op, expected in self.tests:
            if op is Op.IS:
                shown = q.format_value(expected, lang) if q else repr(expected)
                parts.append(f"{self.trait} = {shown}")
            elif op in (Op.IN, Op.NOT_IN):
                shown = ", ".join(q.format_value(v, lang) if q else str(v) for v in expected)
                word = "∈" if op is Op.IN else "∉"
                parts.append(f"{self.trait} {word} {{{shown}}}")
            else:
                shown = q.format_value(expected, lang) if q else format_number(expected)
                parts.append(f"{self.trait} {OP_SYMBOL[op]} {shown}")
        return " and ".join(parts)


def _both_numbers(a: Any, b: Any) -> bool:
    return all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))


@dataclass(frozen=True)
class Derived:
    id: str
    label: Text
    source: Source


@dataclass(frozen=True)
class Part:
    """A part a design can contain. A consultation first asks which parts the design has; the
    ``questions`` of parts that are absent are not asked (they stay unknown, as "don't know"
    leaves them), and choosing a part gives its ``answers`` (load-balancer: load_balancer = yes).
    A question no part lists is about the whole workload and is always in scope."""

    id: str
    label: Text
    questions: tuple[str, ...]
    answers: tuple[tuple[str, Any], ...]
    source: Source


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    title: Text
    service: str | None
    notes: tuple[str, ...]
    when: tuple[Condition, ...]
    derives: tuple[str, ...]
    detail: Text | None
    aliases: tuple[str, ...]
    source: Source

    @property
    def traits(self) -> tuple[str, ...]:
        return tuple(c.trait for c in self.when if c.trait is not None)

    @property
    def facts(self) -> tuple[str, ...]:
        return tuple(c.fact for c in self.when if c.fact is not None)


@dataclass
class KnowledgeBase:
    notes: dict[str, Note] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    derived: dict[str, Derived] = field(default_factory=dict)
    rules: dict[str, Rule] = field(default_factory=dict)
    #: the parts a design can contain, in the order the consultation lists them
    parts: dict[str, Part] = field(default_factory=dict)
    #: what reads exam questions (advisor.kbexam): cue id -> Cue, term id -> Term, ...
    cues: dict[str, Any] = field(default_factory=dict)
    terms: dict[str, Any] = field(default_factory=dict)
    claims: dict[str, Any] = field(default_factory=dict)
    exams: dict[str, Any] = field(default_factory=dict)
    #: ids defined more than once: (kind of item, id, where it was seen again, where first)
    duplicates: list[tuple[str, str, Source, Source]] = field(default_factory=list)
    #: old id -> current id, for notes and rules that were renamed
    aliases: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: False when the exam-reading kinds were left out on purpose (``load(exam=False)``)
    exam: bool = True

    def resolve_note(self, note_id: str) -> Note | None:
        note = self.notes.get(note_id)
        if note is None and note_id in self.aliases:
            note = self.notes.get(self.aliases[note_id])
        return note

    def resolve_rule(self, rule_id: str) -> Rule | None:
        rule = self.rules.get(rule_id)
        if rule is None and rule_id in self.aliases:
            rule = self.rules.get(self.aliases[rule_id])
        return rule

    def rules_deriving(self, fact: str) -> list[Rule]:
        return [r for r in self.rules.values() if fact in r.derives]

    def services(self) -> list[str]:
        """Every service some rule names, sorted."""
        return sorted({r.service for r in self.rules.values() if r.service})


# --------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------

BUILTIN_DIR_CANDIDATES = (
    Path(__file__).resolve().parent / "knowledge",  # installed wheel (force-included)
    Path(__file__).resolve().parent.parent / "knowledge",  # source checkout / editable install
)


def builtin_dir() -> Path:
    for candidate in BUILTIN_DIR_CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise KnowledgeError("the built-in knowledge base is missing from this installation")


_ITEM_KEYS = {
    "note": ({"id", "topic", "section", "en", "ko"}, {"seed_lines", "origin", "refs", "correction", "aliases"}),
    "question": (
        {"trait", "type", "topic", "prompt", "help"},
        {"unit", "min", "max", "choices"},
    ),
    "derived": ({"id", "en", "ko"}, set()),
    "part": ({"id", "en", "ko"}, {"questions", "answers"}),
    "rule": ({"id", "kind", "title", "notes", "when"}, {"service", "derives", "detail", "aliases"}),
}


class _Locator:
    """Finds the line of an item, or of a key inside it, in a TOML file's text.

    tomllib reports positions only for syntax errors; for everything else we look the item up
    by its position among the file's ``[[kind]]`` headers.
    """

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.starts: dict[str, list[int]] = {}
        header = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
        for number, line in enumerate(self.lines, start=1):
            m = header.match(line)
            if m:
                self.starts.setdefault(m.group(1), []).append(number)

    def item(self, kind: str, index: int) -> int:
        starts = self.starts.get(kind, [])
        return starts[index] if index < len(starts) else 1

    def key(self, kind: str, index: int, key: str) -> int:
        start = self.item(kind, index)
        following = sorted(n for lines in self.starts.values() for n in lines if n > start)
        end = following[0] if following else len(self.lines) + 1
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*[=.]|\[\s*{re.escape(kind)}\.{re.escape(key)}\s*\])")
        for number in range(start + 1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    def source(self, kind: str, index: int, key: str | None = None) -> Source:
        line = self.item(kind, index) if key is None else self.key(kind, index, key)
        return Source(self.path, line)


class _Item:
    """Typed access to one table of a knowledge file, with errors that say where."""

    def __init__(self, kind: str, index: int, data: Any, loc: _Locator):
        self.kind, self.index, self.loc = kind, index, loc
        if not isinstance(data, dict):
            self.fail(None, f"each [[{kind}]] must be a table")
        self.data = data
        required, optional = _kinds()[1][kind]
        unknown = sorted(set(data) - required - optional)
        if unknown:
            self.fail(unknown[0], f"unknown key {_shown(unknown[0])} in [[{kind}]] (allowed: {', '.join(sorted(required | optional))})")
        missing = sorted(required - set(data))
        if missing:
            self.fail(None, f"[[{kind}]] is missing the required key {missing[0]!r}")

    def where(self, key: str | None = None) -> Source:
        return self.loc.source(self.kind, self.index, key)

    def fail(self, key: str | None, message: str):
        raise KnowledgeError(message, source=self.where(key))

    def string(self, key: str, pattern: re.Pattern | None = None, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{key!r} must be a non-empty string")
        if pattern is not None and not pattern.match(value):
            self.fail(key, f"{key!r} value {_shown(value)} is not a valid id (lowercase words joined by '-' for notes and rules, '_' for traits)")
        return value

    def strings(self, key: str, pattern: re.Pattern | None = None, nonempty: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, f"{key!r} must be a list of non-empty strings")
        if nonempty and not value:
            self.fail(key, f"{key!r} must not be empty")
        if pattern is not None:
            for v in value:
                if not pattern.match(v):
                    self.fail(key, f"{key!r} holds {_shown(v)}, which is not a valid id")
        return tuple(value)

    def text(self, key: str, table: Any = None) -> Text:
        value = self.data.get(key) if table is None else table
        if not isinstance(value, dict):
            self.fail(key, f"{key!r} must be a table with 'en' and 'ko' strings")
        extra = sorted(set(value) - set(LANGS))
        if extra:
            self.fail(key, f"{key!r} has unknown language key {_shown(extra[0])} (allowed: en, ko)")
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(key, f"{key!r} needs a non-empty {lang!r} text")
        return Text(en=value["en"].strip(), ko=value["ko"].strip())

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(key, f"{key!r} must be a finite number")
        return value


def _shown(value: Any, width: int = 60) -> str:
    """A value for a message, cut to ``width`` characters so the message stays one short line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _load_note(item: _Item) -> Note:
    d = item.data
    origin = d.get("origin", "seed")
    if origin not in ORIGINS:
        item.fail("origin", f"'origin' must be one of {', '.join(ORIGINS)}, not {_shown(origin)}")
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


def _note_text(item: _Item) -> Text:
    for lang in LANGS:
        value = item.data.get(lang)
        if not isinstance(value, str) or not value.strip():
            item.fail(lang, f"a note needs a non-empty {lang!r} text")
    return Text(en=item.data["en"].strip(), ko=item.data["ko"].strip())


def _load_question(item: _Item) -> Question:
    d = item.data
    try:
        qtype = TraitType(d.get("type"))
    except ValueError:
        item.fail("type", f"'type' must be one of {', '.join(t.value for t in TraitType)}, not {_shown(d.get('type'))}")
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


def _load_condition(item: _Item, raw: Any, position: int) -> Condition:
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


def _load_rule(item: _Item) -> Rule:
    d = item.data
    try:
        kind = Kind(d.get("kind"))
    except ValueError:
        item.fail("kind", f"'kind' must be one of {', '.join(k.value for k in Kind)}, not {_shown(d.get('kind'))}")
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
    )


def _load_derived(item: _Item) -> Derived:
    return Derived(
        id=item.string("id", NOTE_ID),
        label=Text(en=item.string("en").strip(), ko=item.string("ko").strip()),
        source=item.where(),
    )


def _load_part(item: _Item) -> Part:
    d = item.data
    raw = d.get("answers", {})
    if not isinstance(raw, dict):
        item.fail("answers", "'answers' must be a table of trait = value")
    answers = []
    for trait, value in raw.items():
        if not TRAIT_ID.match(trait):
            item.fail("answers", f"'answers' key {_shown(trait)} is not a valid trait id")
        if not isinstance(value, (bool, str, int, float)) or (isinstance(value, float) and not math.isfinite(value)):
            item.fail("answers", f"'answers' value of {trait!r} must be true, false, a choice value or a number")
        answers.append((trait, value))
    questions = item.strings("questions", TRAIT_ID)
    if len(set(questions)) != len(questions):
        twice = next(q for q in questions if questions.count(q) > 1)
        item.fail("questions", f"'questions' lists {twice!r} twice")
    if not questions and not answers:
        item.fail(None, "a [[part]] needs 'questions' (asked only when the design has it), 'answers' (given when it has it), or both")
    return Part(
        id=item.string("id", NOTE_ID),
        label=Text(en=item.string("en").strip(), ko=item.string("ko").strip()),
        questions=questions,
        answers=tuple(answers),
        source=item.where(),
    )


_LOADERS = {"note": _load_note, "question": _load_question, "derived": _load_derived, "rule": _load_rule, "part": _load_part}
_STORES = {"note": "notes", "question": "questions", "derived": "derived", "rule": "rules", "part": "parts"}


def _kinds() -> tuple[dict, dict, dict]:
    """Loaders, allowed keys and stores of every kind, with the exam-reading kinds of advisor.kbexam."""
    from advisor import kbexam

    return (
        {**_LOADERS, **kbexam.LOADERS},
        {**_ITEM_KEYS, **kbexam.ITEM_KEYS},
        {**_STORES, **kbexam.STORES},
    )


def _exam_kinds() -> frozenset[str]:
    from advisor import kbexam

    return frozenset(kbexam.LOADERS)


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory where that is shorter."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path, kb: KnowledgeBase, *, exam: bool = True) -> None:
    """Load one knowledge file into ``kb``; with ``exam`` false, skip the exam-reading kinds."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(f"cannot read the file: {exc.strerror or exc}", source=Source(shown, 1)) from None
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as some editors write
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KnowledgeError("UTF-16 is not supported; save the file as UTF-8", source=Source(shown, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", source=Source(shown, line)) from None
    deep = _deep_key(text)
    if deep is not None:
        # bounded before parsing: tomllib builds one table per part (50,000 parts: minutes and
        # gigabytes), and the models built from them would recurse past Python's stack
        raise KnowledgeError(f"TOML key with more than {MAX_KEY_PARTS} dotted parts; knowledge keys are one or two words deep", source=Source(shown, deep))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise KnowledgeError(f"TOML syntax error: {message}", source=Source(shown, line)) from None
    except RecursionError:
        raise KnowledgeError("TOML syntax error: arrays or tables nested too deeply", source=Source(shown, _deep_line(text))) from None
    except ValueError as exc:  # tomllib lets Python's limit on integer digits through
        m = re.search(r"\d{4301,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        problem = "a number has more than 4300 digits" if "integer string conversion" in str(exc) else str(exc)
        raise KnowledgeError(f"TOML syntax error: {problem}", source=Source(shown, line)) from None
    loc = _Locator(shown, text)
    kb.files.append(shown)
    loaders, _, stores = _kinds()
    skipped = frozenset() if exam else _exam_kinds()
    for kind in data:
        if kind not in loaders:
            allowed = ", ".join(f"[[{k}]]" for k in loaders)
            raise KnowledgeError(
                f"unknown top-level key {kind!r} (a knowledge file holds {allowed} tables)",
                source=Source(shown, _first_line_of(loc, kind)),
            )
    for kind in loaders:
        entries = data.get(kind)
        if entries is None or kind in skipped:
            continue
        if not isinstance(entries, list):
            raise KnowledgeError(f"{kind!r} must be written as [[{kind}]] tables", source=Source(shown, _first_line_of(loc, kind)))
        store = getattr(kb, stores[kind])
        for index, entry in enumerate(entries):
            obj = loaders[kind](_Item(kind, index, entry, loc))
            key = obj.trait if kind == "question" else obj.id
            if key in store:
                kb.duplicates.append((kind, key, obj.source, store[key].source))
                continue
            store[key] = obj
            for alias in getattr(obj, "aliases", ()):
                kb.aliases[alias] = key


#: the most parts a dotted TOML key (``a.b.c = 1``, ``[a.b.c]``) may have in a knowledge file
MAX_KEY_PARTS = 32
_KEY_LINE = re.compile(r"^[ \t]*\[{0,2}[ \t]*([^=\]\n#]*)", re.M)


def _deep_key(text: str) -> int | None:
    """The line of the first key (or table header) of more than MAX_KEY_PARTS dotted parts."""
    if text.count(".") <= MAX_KEY_PARTS:
        return None
    for m in _KEY_LINE.finditer(text):
        key = m.group(1)
        if key.count(".") < MAX_KEY_PARTS:
            continue
        # dots inside quoted parts ("a.b") do not count
        parts = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', "q", key).count(".") + 1
        if parts > MAX_KEY_PARTS:
            return text.count("\n", 0, m.start()) + 1
    return None


def _deep_line(text: str, limit: int = 100) -> int:
    """The line where brackets and braces (outside strings) first nest deeper than ``limit``."""
    depth = 0
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]', text):
        ch = m.group()
        if ch in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, m.start()) + 1
        elif ch in "]}":
            depth -= 1
    return 1


def _first_line_of(loc: _Locator, key: str) -> int:
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\b|{re.escape(key)}\s*=)")
    for number, line in enumerate(loc.lines, start=1):
        if pattern.match(line):
            return number
    return 1


def knowledge_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files below ``directory``, in a fixed order."""
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def load(directories: list[Path] | None = None, *, builtin: bool = True, exam: bool = True) -> KnowledgeBase:
    """Load the built-in knowledge base (unless ``builtin`` is false) plus any extra directories.

    ``exam=False`` leaves out the exam-reading kinds (cues, terms, claims, the question bank) for
    commands that never read an exam question: compiling their ~1,500 patterns is most of the
    load time, and the start-up of ``evaluate``, ``why-not`` and the like (docs/performance.md).
    """
    dirs: list[Path] = []
    if builtin:
        dirs.append(builtin_dir())
    dirs.extend(directories or [])
    every: list[Path] = []
    for directory in dirs:
        if not directory.exists():
            raise KnowledgeError(f"{display_path(directory)}: no such knowledge directory")
        if not directory.is_dir():
            raise KnowledgeError(f"{display_path(directory)}: not a directory")
        files = knowledge_files(directory)
        if not files:
            raise KnowledgeError(f"{display_path(directory)}: holds no *.toml knowledge files")
        every.extend(files)

    def parse() -> KnowledgeBase:
        kb = KnowledgeBase()
        for path in every:
            load_file(path, kb, exam=exam)
        kb.exam = exam
        return kb

    from advisor import kbcache

    return kbcache.cached(every, f"exam={exam}", parse)


_BUILTIN: KnowledgeBase | None = None


def builtin(*, exam: bool = True) -> KnowledgeBase:
    """The built-in knowledge base, loaded once per process (see :func:`load` for ``exam``).

    Without ``exam``, the whole base is returned if it is loaded already (it holds the rest);
    asked for the whole base after a partial load, it is loaded again, whole.
    """
    global _BUILTIN
    if _BUILTIN is None or (exam and not _BUILTIN.exam):
        _BUILTIN = load(exam=exam)
    return _BUILTIN

"""The models of the knowledge base: what ``knowledge/**/*.toml`` becomes once loaded.

Knowledge is data. Every ``*.toml`` file below a knowledge directory holds arrays of tables:

* ``[[note]]``      a fact from the study note, restated in English and Korean;
* ``[[question]]``  a trait the user can be asked about (the questionnaire);
* ``[[derived]]``   a fact the engine can derive (never asked);
* ``[[part]]``      a part a design can contain (a load balancer, Lambda functions, ...): the
  consultation asks which parts the design has, then only the questions of those parts;
* ``[[rule]]``      conditions on traits and derived facts, and what follows from them;
* ``[[cue]]``, ``[[term]]``, ``[[claim]]``, ``[[exam]]``: what reads exam questions and the
  question bank (models and loaders in :mod:`advisor.kb.exam`).

Loading and checking their shape is :mod:`advisor.kb.loader`'s job; whether the items fit
together (a rule citing a note that does not exist, a note nobody cites, a rule that can never
fire, ...) is :mod:`advisor.kb.lint`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Callable

from advisor.langs import LANGS

if TYPE_CHECKING:  # the knowledge never imports the presentation layer; callers hand their Words in
    from advisor.present.words import Words

#: the public names, re-exported by advisor.kb
__all__ = [
    "KIND_ORDER", "LANGS", "NOTE_ID", "NUMERIC_OPS", "OP_SYMBOL", "ORIGINS", "TRAIT_ID",
    "Choice", "Condition", "Correction", "Derived", "Kind", "KnowledgeBase", "Note", "Op", "Part",
    "Question", "Rule", "Source", "Text", "TraitType", "format_number",
]

NOTE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
TRAIT_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")


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

    def format_value(self, value: Any, words: Words | None = None) -> str:
        """A value as a person would write it: yes/no in ``words``' language (from the string
        catalogue), a choice's label, a number with its unit. Without ``words`` (messages to whoever
        writes the knowledge files) a yes/no answer is written as those files write it: true/false."""
        if self.type is TraitType.BOOL:
            if words is None:
                return "true" if value else "false"
            return words("common.value_yes" if value else "common.value_no")
        if self.type is TraitType.CHOICE:
            return self.choice_label(value, words.lang if words is not None else "en")
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

    def describe(self, kb: KnowledgeBase | None = None, words: Words | None = None) -> str:
        """The condition in words, e.g. ``object_size_gb < 1 GB`` or ``static_content = yes``
        (values as :meth:`Question.format_value` writes them; English labels without ``words``)."""
        if self.fact is not None:
            if kb is not None and self.fact in kb.derived:
                return f"[{self.fact}] {kb.derived[self.fact].label.get(words.lang if words is not None else 'en')}"
            return f"[{self.fact}]"
        q = kb.questions.get(self.trait) if kb is not None else None
        parts = []
        for op, expected in self.tests:
            if op is Op.IS:
                shown = q.format_value(expected, words) if q else repr(expected)
                parts.append(f"{self.trait} = {shown}")
            elif op in (Op.IN, Op.NOT_IN):
                shown = ", ".join(q.format_value(v, words) if q else str(v) for v in expected)
                word = "∈" if op is Op.IN else "∉"
                parts.append(f"{self.trait} {word} {{{shown}}}")
            else:
                shown = q.format_value(expected, words) if q else format_number(expected)
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
class Example:
    """A rule's intent, as data: on these answers, the rules in ``follows`` must fire and those
    in ``does_not_follow`` must not (``[[rule.example]]``; every example is run by the tests)."""

    answers: tuple[tuple[str, Any], ...]
    follows: tuple[str, ...]
    does_not_follow: tuple[str, ...]
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
    #: answers with the conclusions that must and must not follow (``[[rule.example]]``)
    examples: tuple[Example, ...] = ()

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
    #: what reads exam questions (advisor.kb.exam): cue id -> Cue, term id -> Term, ...
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

    def kept(self, name: str, make: Callable[[KnowledgeBase], Any]) -> Any:
        """``make(self)``, computed the first time it is asked for and kept with this base under
        ``name``: what depends on the knowledge alone (its engine, its analysis, its indexes)."""
        found = self.__dict__.get(name)
        if found is None:
            found = self.__dict__[name] = make(self)
        return found

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

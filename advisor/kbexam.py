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

Patterns are regular expressions compiled with :mod:`re` (case-insensitive), never evaluated
as code. Every pattern matches whole ASCII words: a match may not start or end inside a run of
ASCII letters and digits, so ``RAM`` does not match ``program``; write ``hibernat[a-z]*`` for a
stem. Korean text is matched as written (particles attach to words, so no boundary there).

The loader checks each item's shape (keys, types, regexes that compile, answer letters that
exist) and fails with ``file:line: message``. Whether items fit the rest of the knowledge (a cue
on a trait nobody asks, a claim citing a missing note, ...) is checked by ``advisor kb check``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from advisor.kb import LANGS, NOTE_ID, TRAIT_ID, Source, Text, _shown
from advisor.regexshape import problem as catastrophic

if TYPE_CHECKING:  # pragma: no cover
    from advisor.kb import _Item

EXAM_SETS = ("dev", "held-out")
OPTION_LETTER = re.compile(r"^[A-Z]\Z")


class Pattern:
    """One phrase or regular expression, matched as whole words, case-insensitively.

    Compiling ~1,500 regular expressions is most of the start-up of ``explain``, and a question
    touches few of them, so a pattern is compiled when first used, and not even then when a
    piece of text it must contain (its leading literal, :func:`required_literal`) is absent from
    the text searched. A pickled pattern (advisor/kbcache.py) carries only its source.
    """

    __slots__ = ("lang", "text", "required", "_regex")

    def __init__(self, lang: str, text: str, regex: re.Pattern | None = None):
        self.lang = lang
        self.text = text
        self.required = required_literal(text)
        self._regex = regex

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = compile_pattern(self.text)
        return self._regex

    def _absent(self, text: str) -> bool:
        need = self.required
        return need is not None and need not in _folded(text)

    def finditer(self, text: str):
        if self._absent(text):
            return iter(())
        return self.regex.finditer(text)

    def search(self, text: str):
        if self._absent(text):
            return None
        return self.regex.search(text)

    def __eq__(self, other):
        return isinstance(other, Pattern) and (self.lang, self.text) == (other.lang, other.text)

    def __hash__(self):
        return hash((self.lang, self.text))

    def __repr__(self):
        return f"Pattern({self.lang!r}, {self.text!r})"

    def __getstate__(self):
        return (self.lang, self.text)

    def __setstate__(self, state):
        self.lang, self.text = state
        self.required = required_literal(self.text)
        self._regex = None


def compile_pattern(text: str) -> re.Pattern:
    """``text`` as a case-insensitive regex that neither starts nor ends inside an ASCII word.
    Hangul in it matches Korean as it is written: free spacing and verb endings
    (:func:`advisor.korean.normalise_pattern`)."""
    from advisor.korean import normalise_pattern

    korean = normalise_pattern(text)
    if korean != text:
        try:
            return re.compile(rf"(?<![A-Za-z0-9])(?:{korean})(?![A-Za-z0-9])", re.IGNORECASE)
        except (re.error, OverflowError, RecursionError):
            pass  # e.g. Hangul inside a look-behind, which must keep its width: match as written
    return re.compile(rf"(?<![A-Za-z0-9])(?:{text})(?![A-Za-z0-9])", re.IGNORECASE)


_META = frozenset(".^$*+?{}[]\\|()")
#: characters that re.IGNORECASE matches with ASCII letters but str.lower() does not map to them
#: (dotted and dotless i, long s, the Kelvin sign): a text holding one is searched in full
_CASE_SPECIAL = frozenset("\u0130\u0131\u017f\u212a")
#: the texts lowered last (a question, its options, and the two joined are searched by hundreds
#: of patterns in turn): text -> its lowered form, or None when it holds a case-special character
_FOLDED: dict[str, str | None] = {}


def _folded(text: str) -> str:
    """``text`` lowered for the literal check; a text with a case-special character folds to
    something every literal is taken to be in, so it is searched in full."""
    try:
        folded = _FOLDED[text]
    except KeyError:
        if len(_FOLDED) >= 16:
            _FOLDED.clear()
        folded = _FOLDED[text] = text.lower() if _CASE_SPECIAL.isdisjoint(text) else None
    return folded if folded is not None else _EVERYTHING


class _Everything(str):
    def __contains__(self, item):  # every literal is "present"
        return True


_EVERYTHING = _Everything()


def required_literal(text: str) -> str | None:
    """A piece of plain text every match of the pattern ``text`` contains (lower case), or None.

    Conservative: only for a pattern with no alternative at its top level; leading groups that
    may be absent (``(?:amazon )?cloudfront``) are skipped, then the literal characters up to
    the next special character are taken, less the last one if a quantifier makes it optional.
    Only ASCII is taken (Korean patterns match other spacings and endings than they are
    written with). None when that leaves fewer than three characters."""
    if any(ch == "|" and depth == 0 for _, ch, depth in _structure(text)):
        return None
    start = 0
    while text.startswith("(", start):
        end = _group_end(text, start)
        if end is None or end + 1 >= len(text) or text[end + 1] not in "?*":
            return None  # a group that must match: its text is not a plain literal
        start = end + 2
        if text.startswith("?", start):  # a lazy quantifier
            start += 1
    out = []
    for ch in text[start:]:
        if ch in _META:
            if ch in "*?{" and out:
                out.pop()
            break
        if not ch.isascii():
            # Korean is matched with free spacing and other verb endings (advisor/korean.py),
            # so a Korean literal is not a literal of the compiled pattern: stop before it
            break
        out.append(ch)
    literal = "".join(out).lower()
    return literal if len(literal.strip()) >= 3 else None


def _group_end(text: str, start: int) -> int | None:
    """The index of the parenthesis that closes the group opening at ``start``."""
    for i, ch, depth in _structure(text, start):
        if ch == ")" and depth == 0:
            return i
    return None


def _structure(text: str, start: int = 0):
    """``(index, char, depth after it)`` for every grouping character of a pattern (parentheses
    and bars) outside escapes and character classes, from ``start``."""
    depth, escaped, in_class = 0, False, False
    for i in range(start, len(text)):
        ch = text[i]
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()|":
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth


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


ITEM_KEYS = {
    "cue": ({"id", "trait"}, {"value", "en", "ko", "near", "assume"}),
    "term": ({"id", "name"}, {"en", "ko", "service", "supports", "contradicts"}),
    "claim": ({"id", "holds", "notes", "all", "because"}, {"about", "when", "unless", "unless_question", "ordered"}),
    "exam": ({"id", "set", "topic", "lang", "question", "options", "answer", "notes"}, set()),
}


def _patterns(item: "_Item", key: str, lang: str, raw: Any) -> tuple[Pattern, ...]:
    if not isinstance(raw, list) or not all(isinstance(p, str) and p.strip() for p in raw):
        item.fail(key, f"{key!r} must be a list of non-empty strings (regular expressions)")
    out = []
    for text in raw:
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
        out.append(Pattern(lang=lang, text=text, regex=regex))
    return tuple(out)


def _lang_patterns(item: "_Item", *keys: str) -> tuple[Pattern, ...]:
    out: list[Pattern] = []
    for key in keys:
        if key in item.data:
            out.extend(_patterns(item, key, key if key in LANGS else "any", item.data[key]))
    return tuple(out)


def _groups(item: "_Item", key: str, required: bool) -> tuple[tuple[Pattern, ...], ...]:
    raw = item.data.get(key, [])
    if not isinstance(raw, list) or (required and not raw):
        item.fail(key, f"{key!r} must be a non-empty list of groups, each a list of alternatives")
    groups = []
    for group in raw:
        if not isinstance(group, list) or not group:
            item.fail(key, f"each group of {key!r} must be a non-empty list of alternatives, such as [\"security group\", \"보안 그룹\"]")
        groups.append(_patterns(item, key, "any", group))
    return tuple(groups)


def _bool(item: "_Item", key: str, default: bool | None = None) -> bool:
    value = item.data.get(key, default)
    if not isinstance(value, bool):
        item.fail(key, f"{key!r} must be true or false")
    return value


def load_cue(item: "_Item") -> Cue:
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


def load_term(item: "_Item") -> Term:
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


def load_claim(item: "_Item") -> Claim:
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


def load_exam(item: "_Item") -> Exam:
    d = item.data
    exam_set = item.string("set")
    if exam_set not in EXAM_SETS:
        item.fail("set", f"'set' must be one of {', '.join(EXAM_SETS)}, not {_shown(exam_set)}")
    lang = item.string("lang")
    if lang not in LANGS:
        item.fail("lang", f"'lang' must be one of {', '.join(LANGS)}, not {lang!r}")
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


LOADERS = {"cue": load_cue, "term": load_term, "claim": load_claim, "exam": load_exam}
STORES = {"cue": "cues", "term": "terms", "claim": "claims", "exam": "exams"}

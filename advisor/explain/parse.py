"""Reading a question: a JSON file or plain text, into the question and its lettered options.

JSON: ``{"question": "...", "options": {"A": "...", ...}, "choose": 1}`` (``choose`` and
``answer`` optional: without them, "Choose two" in the question is read; ``options`` may also
be a list, lettered A, B, ... in order).

Plain text: the question, then one line per option, marked ``A. ...``, ``B) ...``, ``(C) ...``,
``D: ...``, circled numbers ``① ...``, ``1) ...`` / ``1. ...`` or Korean ``가. ...``. Lines that
follow an option and carry no marker continue it. Options are keyed A, B, C, ... whatever their
marker; the marker as written is kept as the option's label.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from advisor.errors import InputError

LETTERS = "ABCDEFGHIJ"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
HANGUL_ORDER = "가나다라마바사아자차"

#: (style, regex); group "m" is the marker's index symbol, group "t" the option text
_MARKERS = (
    ("letter", re.compile(r"^\s*(?:\((?P<m>[A-Ja-j])\)|(?P<m2>[A-J])\s*[.):\]]|(?P<m3>[a-j])\s*[)\]])\s*(?P<t>.*)$")),
    ("circled", re.compile(rf"^\s*(?P<m>[{CIRCLED}])\s*[.)]?\s*(?P<t>.*)$")),
    ("hangul", re.compile(rf"^\s*(?:\((?P<m>[{HANGUL_ORDER}])\)|(?P<m2>[{HANGUL_ORDER}])\s*[.)])\s*(?P<t>.*)$")),
    ("number", re.compile(r"^\s*(?:\((?P<m>10|[1-9])\)|(?P<m2>10|[1-9])\s*[.)])\s+(?P<t>.*)$")),
)

_CHOOSE = (
    (re.compile(r"\b(?:choose|select|pick)\s+(?:the\s+|any\s+)?(two|2|three|3)\b", re.IGNORECASE), None),
    (re.compile(r"\bwhich\s+(two|three)\b", re.IGNORECASE), None),
    (re.compile(r"(두|세|2|3)\s*(?:개|가지)(?:를|을)?\s*(?:고르|선택)"), None),
    (re.compile(r"(?:고르|선택)\S*\s*\(?\s*(두|세|2|3)\s*개"), None),
    (re.compile(r"(?:정답|답)\s*(두|세|2|3)\s*(?:개|가지)"), None),
)
_CHOOSE_WORDS = {"two": 2, "2": 2, "두": 2, "three": 3, "3": 3, "세": 3}


@dataclass(frozen=True)
class Option:
    key: str  # A, B, C, ...
    label: str  # as written: "A", "①", "1", "가"
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Parsed:
    source: str
    question: str
    options: tuple[Option, ...]
    choose: int
    answer: tuple[str, ...] | None = None
    #: why the question cannot be answered as one (e.g. a single option); None when it can
    problem: str | None = None

    @property
    def lang(self) -> str:
        return detect_lang(self.question)


def normalize(text: str) -> str:
    """One line of plain, comparable text: NFC, straight quotes and dashes, single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "}))
    return re.sub(r"\s+", " ", text).strip()


def detect_lang(text: str) -> str:
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3")
    letters = sum(1 for ch in text if ch.isalpha())
    return "ko" if letters and hangul / letters >= 0.2 else "en"


def choose_from_text(question: str) -> int:
    for pattern, _ in _CHOOSE:
        m = pattern.search(question)
        if m:
            return _CHOOSE_WORDS[m.group(1).lower()]
    return 1


#: the longest question file explain reads, in characters. An exam question with its options
#: is a few hundred to two thousand; every cue, term and claim is matched against the text, so
#: a megabyte of it would take many seconds for nothing.
MAX_CHARS = 20_000


def parse(name: str, text: str) -> Parsed:
    """A question from the text of a file; JSON when it looks like JSON."""
    if not text.strip():
        raise InputError(name, "the file is empty; expected a question (JSON or plain text)")
    if len(text) > MAX_CHARS:
        raise InputError(name, f"is too long for a question ({len(text):,} characters; explain reads at most {MAX_CHARS:,})")
    if text.lstrip().startswith("{") or name.lower().endswith(".json"):
        return parse_json(name, text)
    return parse_text(name, text)


# ------------------------------------------------------------------------------------ JSON

_JSON_KEYS = ("question", "options", "choose", "answer")
#: a record of a list of questions may also carry its own name
_RECORD_KEYS = _JSON_KEYS + ("id",)


def parse_json(name: str, text: str) -> Parsed:
    from advisor.inputs import parse_json as strict_json

    doc = strict_json(name, text)
    if not isinstance(doc, dict):
        raise InputError(name, 'expected a JSON object such as {"question": "...", "options": {"A": "..."}}', _start(text))
    return from_document(name, doc, text)


def from_document(name: str, doc: dict, text: str | None = None, place: str | None = None) -> Parsed:
    """A question from a parsed JSON object. ``text`` (the document's JSON text) places problems
    at their line; without it (one record of a list) every problem is placed at ``place``."""
    from advisor.inputs import shown

    if text is None:
        def _at(_text, *keys):  # noqa: ARG001 - one record: the record is the place
            return place
        allowed = _RECORD_KEYS
    else:
        _at = _at_key
        allowed = _JSON_KEYS
    if not isinstance(doc, dict):
        raise InputError(name, 'expected a JSON object such as {"question": "...", "options": {"A": "..."}}', place)
    unknown = sorted(set(doc) - set(allowed))
    if unknown:
        raise InputError(name, f"unknown key {shown(unknown[0])} (allowed: {', '.join(allowed)})", _at(text, unknown[0]))
    if "id" in doc and not isinstance(doc["id"], str):
        raise InputError(name, "'id' must be a string", _at(text, "id"))
    question = doc.get("question")
    if not isinstance(question, str):
        raise InputError(name, "'question' must be a string", _at(text, "question"))
    if not normalize(question):
        raise InputError(name, "the question is empty", _at(text, "question"))
    raw = doc.get("options", {})
    if isinstance(raw, list):
        if len(raw) > len(LETTERS):
            raise InputError(name, f"too many options ({len(raw)}); at most {len(LETTERS)}", _at(text, "options"))
        raw = {LETTERS[i]: v for i, v in enumerate(raw)}
    if not isinstance(raw, dict):
        raise InputError(name, "'options' must be an object of letter -> text (or a list of texts)", _at(text, "options"))
    options = []
    for key, value in raw.items():
        letter = key.strip().upper()
        if not re.fullmatch(r"[A-Z]", letter):
            raise InputError(name, f"option {shown(key)} must be named by one letter, such as \"A\"", _at(text, key, "options"))
        if any(o.key == letter for o in options):
            raise InputError(name, f"option {letter} appears twice", _at(text, key, "options"))
        if not isinstance(value, str) or not normalize(value):
            raise InputError(name, f"option {letter} must be a non-empty string", _at(text, key, "options"))
        line = _line_number(text, json.dumps(key)) if text is not None else None
        options.append(Option(key=letter, label=letter, text=normalize(value), line=line))
    options.sort(key=lambda o: o.key)
    choose = doc.get("choose", choose_from_text(normalize(question)))
    if isinstance(choose, bool) or not isinstance(choose, int) or choose < 1:
        raise InputError(name, "'choose' must be a whole number of at least 1", _at(text, "choose", "options"))
    answer = doc.get("answer")
    if answer is not None:
        if isinstance(answer, str):
            answer = [answer]
        if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
            raise InputError(name, "'answer' must be a letter or a list of letters", _at(text, "answer"))
        answer = tuple(sorted(a.strip().upper() for a in answer))
        twice = sorted({a for a in answer if answer.count(a) > 1})
        if twice:
            raise InputError(name, f"the answer {shown(twice[0])} is listed twice", _at(text, "answer"))
        missing = [a for a in answer if a not in {o.key for o in options}]
        if missing:
            raise InputError(name, f"the answer {shown(missing[0])} is not one of the options", _at(text, "answer"))
        if "choose" not in doc:
            choose = len(answer)
    return _finish(name, normalize(question), options, choose, answer, place=_at(text, "choose", "options"))


def _line_number(text: str, needle: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _at_key(text: str, *keys: str) -> str | None:
    """The place of the first of ``keys`` that the JSON text has as a member name."""
    from advisor.inputs import key_place

    for key in keys:
        place = key_place(text, key)
        if place is not None:
            return place
    return _start(text)


def _start(text: str) -> str:
    """The place where a JSON document starts (its first non-blank character)."""
    stripped = text.lstrip()
    pos = len(text) - len(stripped)
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


# ------------------------------------------------------------------------------- plain text

def _marker(line: str) -> tuple[str, int, str, str] | None:
    """(style, index, label, text) if the line starts with an option marker."""
    for style, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        symbol = m.group("m") or m.groupdict().get("m2") or m.groupdict().get("m3")
        if style == "letter":
            index = LETTERS.index(symbol.upper())
        elif style == "circled":
            index = CIRCLED.index(symbol)
        elif style == "hangul":
            index = HANGUL_ORDER.index(symbol)
        else:
            index = int(symbol) - 1
        return style, index, symbol, m.group("t")
    return None


def parse_text(name: str, text: str) -> Parsed:
    lines = text.splitlines()
    marks = [_marker(line) for line in lines]
    found = None
    for style in ("letter", "circled", "hangul", "number"):
        starts = [i for i, m in enumerate(marks) if m and m[0] == style and m[1] == 0]
        # The last first-option marker that has text before it (the question) wins, so that a
        # question numbered "1." is not read as option 1.
        for start in reversed(starts):
            if style == "number" and not any(line.strip() for line in lines[:start]):
                continue
            found = (style, start)
            break
        if found:
            break
    if found is None:
        question = normalize(text)
        if not question:
            raise InputError(name, "the question is empty")
        return Parsed(source=name, question=question, options=(), choose=choose_from_text(question))
    style, start = found
    question = normalize(" ".join(lines[:start]))
    if not question:
        raise InputError(name, "the question is empty: the text starts with an option", f"line {start + 1}")
    options: list[list] = []  # [index, label, [text parts], line]
    seen: dict[int, int] = {}
    for i in range(start, len(lines)):
        m = marks[i]
        if m and m[0] == style:
            _, index, label, rest = m
            if index in seen:
                raise InputError(name, f"option {label} appears twice (lines {seen[index]} and {i + 1})", f"line {i + 1}")
            if options and index < options[-1][0]:
                raise InputError(name, f"option {label} is out of order after option {options[-1][1]}", f"line {i + 1}")
            seen[index] = i + 1
            options.append([index, label, [rest], i + 1])
        elif lines[i].strip():
            options[-1][2].append(lines[i])
    parsed = []
    for n, (index, label, parts, line) in enumerate(options):
        body = normalize(" ".join(parts))
        if not body:
            raise InputError(name, f"option {label} is empty", f"line {line}")
        parsed.append(Option(key=LETTERS[n], label=label, text=body, line=line))
    return _finish(name, question, parsed, choose_from_text(question), None, place=None)


def _finish(name, question, options, choose, answer, place) -> Parsed:
    problem = None
    if len(options) == 1:
        problem = "only one option was found; a question needs at least two to compare (or none, to describe a workload)"
    elif options and choose >= len(options):
        raise InputError(name, f"'choose' is {choose}, but there are only {len(options)} options", place)
    return Parsed(source=name, question=question, options=tuple(options), choose=choose, answer=answer, problem=problem)

"""Reading one answer set (``how``, ``why-not``, ``diff``, a resumed consultation), and what the
streaming reader of batches shares with it: the records, where they start, and the one test of
whether a text is JSON Lines.

The input is read and parsed by :mod:`advisor.inputs` (no hang on a FIFO, no traceback on deep
nesting, huge numbers or a lone surrogate); every problem is reported with the file, the record
(index and line) and the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from advisor.answers.check import META_KEY, validate
from advisor.errors import InputError
from advisor.inputs import _no_duplicates, key_place, parse_json, read_text
from advisor.kb import KnowledgeBase


@dataclass
class Record:
    """One answer set from an input: where it came from, and its answers or its problem."""

    index: int  # 0-based position in the input
    line: int  # 1-based line where the record starts
    answers: dict[str, Any] | None
    error: str | None = None

    @property
    def place(self) -> str:
        return f"record {self.index + 1} (line {self.line})"


def opens_json_lines(line: str | None) -> bool:
    """Can ``line`` be the first record of JSON Lines: an object on one line of its own?"""
    return line is not None and line.lstrip().startswith("{") and line.rstrip().endswith("}")


def content_lines(text: str) -> list[str]:
    """The non-blank lines; ``\n`` ends a line, nothing else (U+2028 may be inside a string)."""
    return [ln for ln in text.split("\n") if ln.strip()]


def looks_like_json_lines(text: str) -> bool:
    """Is ``text`` JSON Lines, by its look: an object alone on its first non-blank line, and more
    lines after it. (Such a text can never be one JSON document.)"""
    lines = content_lines(text)
    return len(lines) > 1 and opens_json_lines(lines[0])


def first_content_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return number
    return 1


def element_lines(text: str, count: int) -> list[int]:
    """The line on which each top-level element of a JSON array starts (in one pass: the newlines
    are counted from the previous element on, not from the start)."""
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates)  # text already parsed strictly
    lines: list[int] = []
    pos = text.index("[") + 1
    line, counted = 1, 0
    for _ in range(count):
        while text[pos] in " \t\r\n,":
            pos += 1
        line += text.count("\n", counted, pos)
        counted = pos
        lines.append(line)
        _, pos = decoder.raw_decode(text, pos)
    return lines


def load_answers(kb: KnowledgeBase, path: str, stdin: Any = None) -> tuple[str, dict[str, Any], set[str]]:
    """Read one answer set; return its display name, the answers and the traits marked null
    ("don't know", which a resumed consultation must not ask again)."""
    name, answers, unknown, _ = load_consultation(kb, path, stdin)
    return name, answers, unknown


def load_consultation(kb: KnowledgeBase, path: str, stdin: Any = None) -> tuple[str, dict[str, Any], set[str], dict[str, Any]]:
    """Read one answer set as :func:`load_answers` does, with how the consultation went (the
    ``_consultation`` member: language, parts, order of the answers; empty when absent).

    The input is read and parsed by :mod:`advisor.inputs` (no hang on a FIFO, no traceback on
    deep nesting, huge numbers or a lone surrogate). A file of several records (a JSON list or
    JSON Lines) is refused with their count.
    """
    name, text = read_text(path, stdin)
    if not text.strip():
        raise InputError(name, "the file is empty; expected a JSON object of trait -> value")
    try:
        value = parse_json(name, text)
    except InputError:
        count = _json_lines_count(text)
        if count is not None:
            raise InputError(name, f"expected one answer set, found {count} (JSON Lines)") from None
        raise
    if isinstance(value, list):
        if len(value) != 1:
            raise InputError(name, f"expected one answer set, found {len(value)}")
        value = value[0]
    try:
        answers = validate(kb, value)
    except ValueError as exc:
        raise InputError(name, str(exc), _problem_place(kb, text, value)) from None
    unknown = {trait for trait, raw in value.items() if raw is None}
    return name, answers, unknown, dict(value.get(META_KEY) or {})


def _problem_place(kb: KnowledgeBase, text: str, value: Any) -> str:
    """The place of the member that fails validation (the document's start if it is no object)."""
    if isinstance(value, dict):
        for trait, raw in value.items():
            try:
                validate(kb, {trait: raw})
            except ValueError:
                place = key_place(text, trait)
                if place is not None:
                    return place
                break
    return f"line {first_content_line(text)}"


def _json_lines_count(text: str) -> int | None:
    """The number of records if ``text`` is JSON Lines whose first record parses."""
    if not looks_like_json_lines(text):
        return None
    lines = content_lines(text)
    try:
        parse_json("", lines[0])
    except InputError:
        return None
    return len(lines)

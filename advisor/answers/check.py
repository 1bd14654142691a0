"""Checking an answer set against the questionnaire: every bad field named, with a suggestion
where one is likely (a close trait, a choice's alias)."""

from __future__ import annotations

import json
import math
from typing import Any

from advisor.kb import KnowledgeBase, Question, TraitType, format_number

#: the one member of an answers file that is not a trait: how a consultation was answered
#: (its language, the parts of the design, the order of the answers). ``evaluate`` ignores it.
META_KEY = "_consultation"
META_FIELDS = ("lang", "parts", "order")


def validate(kb: KnowledgeBase, value: Any) -> dict[str, Any]:
    """Check one record against the questionnaire; return answers or raise ValueError(message).

    Every bad field is reported, not only the first: the message joins them with "; " (the
    fields in the record's order), so one run shows everything to fix.
    """
    if type(value) is dict:
        answers = _plainly_valid(kb, value)
        if answers is not None:
            return answers
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object of trait -> value, got {_json_type(value)}")
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for trait, raw in value.items():
        if trait == META_KEY:
            problems.extend(check_meta(kb, raw))
            continue
        q = kb.questions.get(trait)
        if q is None:
            hint = _close_matches(trait, list(kb.questions), n=1, cutoff=0.6) if len(trait) <= 100 else []
            suggestion = f"; did you mean {hint[0]!r}?" if hint else "; `advisor schema` lists the traits"
            problems.append(f"unknown trait {_shown(trait)}{suggestion}")
            continue
        if raw is None:
            continue  # don't know
        try:
            answers[trait] = check_value(q, raw)
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        if len(problems) > 1:
            raise ValueError(f"{len(problems)} problems: " + "; ".join(problems))
        raise ValueError(problems[0])
    return answers


def _plainly_valid(kb: KnowledgeBase, value: dict) -> dict[str, Any] | None:
    """``validate``'s answers for a record each of whose fields is plainly valid (a known trait,
    a value of its exact JSON type within its choices or range, or null), found without a call
    per field; None as soon as one is not (the record then takes the whole check, which names
    every problem). The answers are those the whole check returns: same order, same values."""
    table = _checks(kb)
    answers: dict[str, Any] = {}
    for trait, raw in value.items():
        check = table.get(trait)
        if check is None:
            return None  # an unknown trait, or the _consultation member
        if raw is None:
            continue
        kind = type(raw)
        expected, allowed, low, high = check
        if kind is not expected:
            if kind is int and expected is float and low <= raw <= high:
                raw = float(raw)
            else:
                return None
        elif allowed is not None:
            if raw not in allowed:
                return None
        elif low is not None and not low <= raw <= high:  # a NaN fails it too
            return None
        answers[trait] = raw
    return answers


def _checks(kb: KnowledgeBase) -> dict[str, tuple]:
    """trait -> (the JSON type a plainly valid value has, its choices or None, its range or
    Nones), made once per knowledge base and kept with it."""
    cached = kb.__dict__.get("_plain_checks")
    if cached is None or cached[0] is not kb.questions or cached[1] != len(kb.questions):
        table: dict[str, tuple] = {}
        for trait, q in kb.questions.items():
            if q.type is TraitType.BOOL:
                table[trait] = (bool, None, None, None)
            elif q.type is TraitType.CHOICE:
                table[trait] = (str, frozenset(q.choice_values()), None, None)
            elif isinstance(q.min, (int, float)) and isinstance(q.max, (int, float)) and math.isfinite(q.min) and math.isfinite(q.max):
                table[trait] = (float, None, q.min, q.max)
        cached = kb.__dict__["_plain_checks"] = (kb.questions, len(kb.questions), table)
    return cached[2]


def check_meta(kb: KnowledgeBase, raw: Any) -> list[str]:
    """The problems of the ``_consultation`` member (none when it is well formed)."""
    field = f"field {META_KEY!r}"
    if not isinstance(raw, dict):
        return [f"{field}: expected an object with {', '.join(map(repr, META_FIELDS))}, got {_json_type(raw)}"]
    problems = []
    for key, item in raw.items():
        if key not in META_FIELDS:
            problems.append(f"{field}: unknown member {_shown(key)} (allowed: {', '.join(map(repr, META_FIELDS))})")
        elif key == "lang" and item not in ("en", "ko"):
            problems.append(f"{field}: 'lang' must be 'en' or 'ko', got {_json_type(item)}")
        elif key in ("parts", "order") and (not isinstance(item, list) or not all(isinstance(x, str) for x in item)):
            problems.append(f"{field}: {key!r} must be a list of strings, got {_json_type(item)}")
        elif key == "parts":
            for pid in item:
                if pid not in kb.parts:
                    hint = _close_matches(pid, list(kb.parts), n=1, cutoff=0.6) if len(pid) <= 100 else []
                    extra = f"; did you mean {hint[0]!r}?" if hint else ""
                    problems.append(f"{field}: unknown part {_shown(pid)}{extra}")
        elif key == "order":
            for trait in item:
                if trait not in kb.questions:
                    problems.append(f"{field}: 'order' names unknown trait {_shown(trait)}")
    return problems


def suggest_choice(q: Question, raw: str) -> str | None:
    """The choice value a user most likely meant by ``raw``: the closest value or alias (an
    alias stands for its choice, so 'cross-account' finds 'other-accounts')."""
    if len(raw) > 100:
        return None
    names: dict[str, str] = {}
    for c in q.choices:
        names[c.value] = c.value
        for alias in c.aliases:
            names.setdefault(alias, c.value)
    lowered = raw.strip().lower().replace("_", "-").replace(" ", "-")
    if lowered in names:
        return names[lowered]
    hint = _close_matches(lowered, list(names), n=1, cutoff=0.6)
    return names[hint[0]] if hint else None


def _shown(value: str, width: int = 60) -> str:
    """A string quoted for a message, cut so that the message stays one short line."""
    return repr(value if len(value) <= width else value[: width - 3] + "...")


def _number(value: float) -> str:
    """A number for a message; one of thousands of digits is shortened."""
    text = format_number(value)
    return text if len(text) <= 40 else f"{text[:20]}... ({len(text)} digits)"


def check_value(q: Question, raw: Any) -> Any:
    """Validate one answer; raise ValueError naming the field."""
    field = f"field {q.trait!r}"
    if q.type is TraitType.BOOL:
        if not isinstance(raw, bool):
            raise ValueError(f"{field}: expected true or false (or null for don't know), got {_json_type(raw)}")
        return raw
    if q.type is TraitType.CHOICE:
        if not isinstance(raw, str):
            raise ValueError(f"{field}: expected one of {', '.join(map(repr, q.choice_values()))}, got {_json_type(raw)}")
        if raw not in q.choice_values():
            hint = suggest_choice(q, raw)
            extra = f"; did you mean {hint!r}?" if hint else ""
            raise ValueError(f"{field}: {_shown(raw)} is not one of {', '.join(map(repr, q.choice_values()))}{extra}")
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"{field}: expected a number of {q.unit}, got {_json_type(raw)}")
    if isinstance(raw, float) and not math.isfinite(raw):  # an int of any size is finite (and compares exactly)
        raise ValueError(f"{field}: expected a finite number of {q.unit}")
    if not q.min <= raw <= q.max:
        raise ValueError(
            f"{field}: {_number(raw)} is out of range ({format_number(q.min)} to {format_number(q.max)} {q.unit})"
        )
    return float(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {json.dumps(value)}"
    if isinstance(value, (int, float)):
        return f"the number {_number(value)}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        # escape what cannot be shown on one line of a terminal: controls, line separators, surrogates
        quoted = "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] for ch in json.dumps(shown, ensure_ascii=False))
        return f"the string {quoted}"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _close_matches(word: str, candidates: list[str], n: int, cutoff: float) -> list[str]:
    """difflib's close matches (imported here: only a misspelt answer needs it)."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=cutoff)

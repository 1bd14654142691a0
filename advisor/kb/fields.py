"""The fields of each kind of knowledge item, declared once.

Every kind (``[[note]]``, ``[[rule]]``, ``[[cue]]``, ...) registers its fields with the loader
(:func:`advisor.kb.loader.register`): which keys an item may have, which it must have, and the shape
of each value. The loader refuses an unknown or missing key from these declarations, and
``advisor kb schema`` prints them as a JSON Schema (:mod:`advisor.kb.schema`), so an editor can
check a knowledge file while it is written. The loaders check more than a schema can say (a
'number' question needs 'min' and 'max', options lettered without gaps, regexes that compile);
the schema is what an editor can tell before the loader runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from advisor.kb.model import LANGS, NOTE_ID, TRAIT_ID


@dataclass(frozen=True)
class Field:
    """One key of a knowledge item: the JSON Schema of its value, and whether it is required."""

    shape: dict[str, Any]
    required: bool = False
    description: str | None = None

    def schema(self) -> dict[str, Any]:
        if self.description is None:
            return dict(self.shape)
        return {"description": self.description, **self.shape}


def required(shape: dict[str, Any], description: str | None = None) -> Field:
    return Field(shape, True, description)


def optional(shape: dict[str, Any], description: str | None = None) -> Field:
    return Field(shape, False, description)


def keys(fields: dict[str, Field]) -> tuple[set[str], set[str]]:
    """(required keys, optional keys) of a kind's fields."""
    return {k for k, f in fields.items() if f.required}, {k for k, f in fields.items() if not f.required}


def matching(pattern: re.Pattern) -> dict[str, Any]:
    """A string the Python regex ``pattern`` (anchored with ``^`` and ``\\Z``) accepts."""
    return {"type": "string", "pattern": pattern.pattern.replace(r"\Z", "$")}


NON_EMPTY = {"type": "string", "pattern": r"\S"}
NOTE = matching(NOTE_ID)
TRAIT = matching(TRAIT_ID)
BOOL = {"type": "boolean"}
NUMBER = {"type": "number"}
SCALAR = {"type": ["boolean", "string", "number"]}


def one_of(values: Iterable[Any]) -> dict[str, Any]:
    return {"enum": [str(v) for v in values]}


def list_of(item: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": item}
    if min_items:
        out["minItems"] = min_items
    return out


def table(props: dict[str, dict[str, Any]], required: Iterable[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    needed = list(required)
    if needed:
        out["required"] = needed
    return out


#: a text in every language: ``{ en = "...", ko = "..." }``
TEXT = table({lang: NON_EMPTY for lang in LANGS}, LANGS)
IDS = list_of(NOTE)
STRINGS = list_of(NON_EMPTY)
#: regular expressions (their syntax is checked by the loader)
PATTERNS = list_of(NON_EMPTY)
#: groups of alternatives: ``[["security group", "보안 그룹"], ...]``
GROUPS = list_of(list_of(NON_EMPTY, 1))

"""``advisor kb schema``: the JSON Schema (draft 2020-12) of a knowledge file.

Generated from the fields every kind registers with the loader (:mod:`advisor.kb.fields`,
:func:`advisor.kb.loader.kinds`): the same declarations the loader refuses unknown and missing
keys by, with id syntax and allowed values taken from the models (the id patterns, ``Kind``,
``TraitType``, ``Op``, the origins, exam sets and languages). An editor given this schema (for
TOML, e.g. a ``#:schema`` comment or the taplo/Even Better TOML settings) checks a knowledge file
as it is written. The loader checks more than the schema says (what goes with what: 'min' and
'max' with a 'number' question, options lettered without gaps, regexes that compile), and its
messages are the ones that count.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def knowledge_schema() -> dict[str, Any]:
    from advisor.kb.loader import kinds as registered

    kinds = {}
    for name, kind in registered().items():
        item: dict[str, Any] = {
            "type": "object",
            "properties": {key: field.schema() for key, field in kind.fields.items()},
            "additionalProperties": False,
        }
        needed = [key for key, field in kind.fields.items() if field.required]
        if needed:
            item["required"] = needed
        kinds[name] = {"type": "array", "items": item}
    return {
        "$schema": DIALECT,
        "title": "arch-advisor knowledge file",
        "description": "One knowledge/**/*.toml file: arrays of tables, each a kind of knowledge item.",
        "type": "object",
        "properties": kinds,
        "additionalProperties": False,
    }

"""The JSON documents of evaluate, how, why-not and diff: one envelope, one place for their ids.

Every document opens with ``"format"`` (``arch-advisor/COMMAND``) and ``"version"``; the shapes are
documented in docs/json-output.md and are stable: new keys may be added, none is renamed or removed
without a new version.
"""

from __future__ import annotations

import json
from typing import Any

#: each command's document: its format id and version
FORMATS: dict[str, tuple[str, int]] = {
    "evaluate": ("arch-advisor/evaluate", 1),
    "how": ("arch-advisor/how", 1),
    "why-not": ("arch-advisor/why-not", 1),
    "diff": ("arch-advisor/diff", 1),
}


def envelope(command: str, **members: Any) -> dict[str, Any]:
    """A document of ``command``: its format id and version, then ``members`` in order."""
    format_id, version = FORMATS[command]
    return {"format": format_id, "version": version, **members}


class StreamedDocument:
    """A document whose last member, the list ``items``, is written element by element, so that a
    batch of any length streams (``evaluate --format json``). Each element comes as its text, indented
    as an element of that list (two levels deep). The bytes are those of
    ``json.dumps(document, ensure_ascii=False, indent=2)`` plus a newline."""

    def __init__(self, out, command: str, items: str, **members: Any):
        from advisor import jsontext

        self.out = out
        self.first = True
        self.head = "{" + jsontext.members(envelope(command, **members), 1) + ",\n  " + json.dumps(items) + ": ["

    def write(self, text: str) -> None:
        # the separator and the element written apart: an element is tens of kilobytes, and
        # joining them first copied it once more (2-3% of a batch of distinct answer sets)
        if self.first:
            self.out.write(self.head + "\n    ")
            self.first = False
        else:
            self.out.write(",\n    ")
        self.out.write(text)

    def close(self) -> None:
        if self.first:
            self.out.write(self.head + "]\n}\n")
        else:
            self.out.write("\n  ]\n}\n")


def plain(value: Any) -> Any:
    """An answer as JSON shows it: a whole float as an integer."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def dumps(data: Any) -> str:
    """A whole document as indented JSON, with what a terminal would act on escaped."""
    from advisor.safetext import json_safe

    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))

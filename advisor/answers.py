"""Answers files: validating answer sets and writing them.

An answers file is JSON: one object of trait -> value, a list of such objects, or JSON Lines (one
object per line). ``null`` means "don't know", exactly like leaving the trait out. Reading is done
by :mod:`advisor.records` (a stream of records, for ``evaluate``) and :mod:`advisor.inputs` (one
document); every problem is reported with the file, the record (index and line) and the field.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import signals
from advisor.inputs import _no_duplicates
from advisor.kb import KnowledgeBase, Question, TraitType, format_number

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


def _looks_like_json_lines(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]  # "\n" only: U+2028 may be inside a string
    return len(lines) > 1 and lines[0].lstrip().startswith("{") and lines[0].rstrip().endswith("}")


def _first_content_line(text: str) -> int:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            return number
    return 1


def _element_lines(text: str, count: int) -> list[int]:
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


#: the one member of an answers file that is not a trait: how a consultation was answered
#: (its language, the parts of the design, the order of the answers). ``evaluate`` ignores it.
META_KEY = "_consultation"
META_FIELDS = ("lang", "parts", "order")


def validate(kb: KnowledgeBase, value: Any) -> dict[str, Any]:
    """Check one record against the questionnaire; return answers or raise ValueError(message).

    Every bad field is reported, not only the first: the message joins them with "; " (the
    fields in the record's order), so one run shows everything to fix.
    """
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
            hint = difflib.get_close_matches(trait, list(kb.questions), n=1, cutoff=0.6) if len(trait) <= 100 else []
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
                    hint = difflib.get_close_matches(pid, list(kb.parts), n=1, cutoff=0.6) if len(pid) <= 100 else []
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
    hint = difflib.get_close_matches(lowered, list(names), n=1, cutoff=0.6)
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
    if not math.isfinite(raw):
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


def dump_answers(kb: KnowledgeBase, answers: dict[str, Any]) -> str:
    """Answers as the JSON that ``evaluate`` reads, traits in questionnaire order."""
    order = {trait: i for i, trait in enumerate(kb.questions)}
    ordered = {k: _plain(answers[k]) for k in sorted(answers, key=lambda t: (order.get(t, len(order)), t))}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class AtomicFile:
    """A text file written beside ``path`` and renamed over it by :meth:`commit`.

    Until then ``path`` is untouched; :meth:`abort` (on an error or Ctrl-C) removes what was
    written, so an interruption at any moment leaves the old file whole. A symbolic link is
    written through, to the file it names; the new file keeps the old one's permissions, or gets
    the usual ones (0666 less the umask).
    """

    def __init__(self, path: Path | str):
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        self.directory = self.path.parent if str(self.path.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.directory)
        signals.track(self)  # removed on any way out (an error, Ctrl-C, SIGTERM, SIGHUP)
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        _set_mode(self.file.fileno(), self.path)

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        signals.untrack(self)
        _sync_directory(self.directory)

    def abort(self) -> None:
        signals.untrack(self)
        try:
            self.file.close()
        except OSError:  # pragma: no cover - closing after a failed write
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that it is either wholly there or not changed at all."""
    target = AtomicFile(path)
    try:
        target.file.write(text)
        target.commit()
    except BaseException:
        target.abort()
        raise


def _set_mode(fd: int, path: Path) -> None:
    """mkstemp makes a file only its owner can read; give it the mode the file would have had."""
    if not hasattr(os, "fchmod"):  # pragma: no cover - Windows
        return
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.fchmod(fd, mode)
    except OSError:  # pragma: no cover - a file system without permissions
        pass


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)

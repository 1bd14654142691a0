"""Answers files: reading, validating and writing them.

An answers file is JSON: one object of trait -> value, a list of such objects, or JSON Lines (one
object per line). ``null`` means "don't know", exactly like leaving the trait out. Every problem is
reported with the file, the record (index and line) and the field, on one line.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from advisor.errors import InputError
from advisor.kb import KnowledgeBase, Question, TraitType, format_number

STDIN = "-"


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


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")


def _loads(text: str) -> Any:
    return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def read_text(path: str) -> tuple[str, str]:
    """Read an input as text; return (name to show, text). ``-`` reads standard input."""
    if path == STDIN:
        name = "<stdin>"
        data = sys.stdin.buffer.read()
    else:
        name = path
        p = Path(path)
        if not p.exists():
            raise InputError(name, "no such file")
        if p.is_dir():
            raise InputError(name, "is a directory, not a file")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", f"line {line}") from None
    return name, text


def parse_records(name: str, text: str) -> Iterator[tuple[int, int, Any, str | None]]:
    """Yield (index, line, JSON value, parse problem) for each record of an input."""
    if not text.strip():
        raise InputError(name, "the file is empty; expected a JSON object of trait -> value, a list of them, or JSON Lines")
    try:
        document = _loads(text)
    except _DuplicateKey as exc:
        if _looks_like_json_lines(text):
            yield from _json_lines(text)
            return
        raise InputError(name, f"key {str(exc)!r} appears twice in one object", _line_of_key(text, str(exc))) from None
    except ValueError as exc:
        if _looks_like_json_lines(text):
            yield from _json_lines(text)
            return
        raise InputError(name, f"malformed JSON: {_json_problem(exc)}", _json_place(exc)) from None
    if isinstance(document, list):
        lines = _element_lines(text, len(document))
        for index, value in enumerate(document):
            yield index, lines[index], value, None
    else:
        yield 0, _first_content_line(text), document, None


def _looks_like_json_lines(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(lines) > 1 and lines[0].lstrip().startswith("{") and lines[0].rstrip().endswith("}")


def _json_lines(text: str) -> Iterator[tuple[int, int, Any, str | None]]:
    index = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield index, number, _loads(line), None
        except _DuplicateKey as exc:
            yield index, number, None, f"key {str(exc)!r} appears twice in one object"
        except ValueError as exc:
            yield index, number, None, f"malformed JSON: {_json_problem(exc)}"
        index += 1


def _json_problem(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg[0].lower() + exc.msg[1:] if exc.msg else "cannot parse"
    return str(exc)


def _json_place(exc: ValueError) -> str | None:
    if isinstance(exc, json.JSONDecodeError):
        return f"line {exc.lineno}, column {exc.colno}"
    return None


def _line_of_key(text: str, key: str) -> str | None:
    needle = json.dumps(key)
    hits = [n for n, ln in enumerate(text.splitlines(), start=1) if needle in ln]
    return f"line {hits[1]}" if len(hits) > 1 else None


def _first_content_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number
    return 1


def _element_lines(text: str, count: int) -> list[int]:
    """The line on which each top-level element of a JSON array starts."""
    decoder = json.JSONDecoder(object_pairs_hook=_no_duplicates)
    lines: list[int] = []
    pos = text.index("[") + 1
    for _ in range(count):
        while text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
    return lines


def validate(kb: KnowledgeBase, value: Any) -> dict[str, Any]:
    """Check one record against the questionnaire; return answers or raise ValueError(message)."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object of trait -> value, got {_json_type(value)}")
    answers: dict[str, Any] = {}
    for trait, raw in value.items():
        q = kb.questions.get(trait)
        if q is None:
            hint = difflib.get_close_matches(trait, list(kb.questions), n=1, cutoff=0.6) if len(trait) <= 100 else []
            suggestion = f"; did you mean {hint[0]!r}?" if hint else "; `advisor schema` lists the traits"
            raise ValueError(f"unknown trait {_shown(trait)}{suggestion}")
        if raw is None:
            continue  # don't know
        answers[trait] = check_value(q, raw)
    return answers


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
            hint = difflib.get_close_matches(raw, list(q.choice_values()), n=1, cutoff=0.6) if len(raw) <= 100 else []
            extra = f"; did you mean {hint[0]!r}?" if hint else ""
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


def read_records(kb: KnowledgeBase, path: str) -> tuple[str, Iterator[Record]]:
    """Open an answers input; return its display name and its records, validated one by one.

    Problems with the whole file (missing, malformed JSON document) raise InputError here,
    before any output; a bad record is yielded with its error so that a batch can go on. JSON
    Lines are streamed (see :mod:`advisor.records`).
    """
    from advisor.records import open_records

    stream = open_records(kb, path)
    return stream.name, iter(stream)


def load_single(kb: KnowledgeBase, path: str) -> dict[str, Any]:
    """Read a file that must hold exactly one answer set (``--answers`` of consult, why-not, diff)."""
    name, records = read_records(kb, path)
    items = list(records)
    if len(items) != 1:
        raise InputError(name, f"expected one answer set, found {len(items)}")
    record = items[0]
    if record.error:
        raise InputError(name, record.error, f"line {record.line}")
    return record.answers


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
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        _set_mode(self.file.fileno(), self.path)

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        _sync_directory(self.directory)

    def abort(self) -> None:
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

"""Answers on disk for the consultation: read with "don't know" kept, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from advisor.answers import META_KEY, dump_answers, validate, write_atomic
from advisor.errors import InputError
from advisor.inputs import key_place, parse_json, read_text
from advisor.kb import KnowledgeBase

DEFAULT_NAME = "advisor-answers"


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
    return f"line {_first_content_line(text)}"


def _json_lines_count(text: str) -> int | None:
    """The number of records if ``text`` is JSON Lines (an object on each of several lines)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if len(lines) > 1 and lines[0].startswith("{") and lines[0].endswith("}"):
        try:
            parse_json("", lines[0])
        except InputError:
            return None
        return len(lines)
    return None


def _first_content_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number
    return 1


def answers_text(kb: KnowledgeBase, answers: dict[str, Any], unknown: Iterable[str]) -> str:
    """The JSON ``advisor evaluate`` reads; "don't know" is written as null."""
    merged: dict[str, Any] = {trait: None for trait in unknown}
    merged.update(answers)
    return dump_answers(kb, merged)


def stamp(path: Path) -> tuple | None:
    """What identifies a version of ``path`` (device, inode, size, modification time), or None
    when there is no file: a different stamp means another program wrote it."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def save(kb: KnowledgeBase, path: Path, answers: dict[str, Any], unknown: Iterable[str]) -> None:
    """Replace ``path`` atomically: it holds either the old or the new answers, never half."""
    write_atomic(Path(path), answers_text(kb, answers, unknown))


def save_new(kb: KnowledgeBase, directory: Path, answers: dict[str, Any], unknown: Iterable[str]) -> Path:
    """Write to a file that did not exist (advisor-answers.json, then -2, -3, ...): never overwrites."""
    text = answers_text(kb, answers, unknown)
    for n in range(1, 10_000):
        path = Path(directory) / (f"{DEFAULT_NAME}.json" if n == 1 else f"{DEFAULT_NAME}-{n}.json")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return path
    raise OSError(f"no free file name like {DEFAULT_NAME}-N.json in {directory}")

"""Answers on disk for the consultation: read with "don't know" kept, written atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from advisor.answers import dump_answers, parse_records, read_text, validate, write_atomic
from advisor.errors import InputError
from advisor.kb import KnowledgeBase

DEFAULT_NAME = "advisor-answers"


def load_answers(kb: KnowledgeBase, path: str) -> tuple[str, dict[str, Any], set[str]]:
    """Read one answer set; return its display name, the answers and the traits marked null
    ("don't know", which a resumed consultation must not ask again)."""
    name, text = read_text(path)
    records = list(parse_records(name, text))
    if len(records) != 1:
        raise InputError(name, f"expected one answer set, found {len(records)}")
    _, line, value, problem = records[0]
    if problem is not None:
        raise InputError(name, problem, f"line {line}")
    try:
        answers = validate(kb, value)
    except ValueError as exc:
        raise InputError(name, str(exc), f"line {line}") from None
    unknown = {trait for trait, raw in value.items() if raw is None}
    return name, answers, unknown


def answers_text(kb: KnowledgeBase, answers: dict[str, Any], unknown: Iterable[str]) -> str:
    """The JSON ``advisor evaluate`` reads; "don't know" is written as null."""
    merged: dict[str, Any] = {trait: None for trait in unknown}
    merged.update(answers)
    return dump_answers(kb, merged)


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

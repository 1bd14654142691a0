"""Saving an answer set: the JSON ``advisor evaluate`` reads, traits in questionnaire order and
"don't know" as null, written atomically (:mod:`advisor.atomic`) or to a new file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Iterable

from advisor.atomic import write_atomic
from advisor.kb import KnowledgeBase

DEFAULT_NAME = "advisor-answers"


def dump_answers(kb: KnowledgeBase, answers: dict[str, Any]) -> str:
    """Answers as the JSON that ``evaluate`` reads, traits in questionnaire order."""
    order = {trait: i for i, trait in enumerate(kb.questions)}
    ordered = {k: _plain(answers[k]) for k in sorted(answers, key=lambda t: (order.get(t, len(order)), t))}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


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

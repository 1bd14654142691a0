"""An answers input read as a stream of records, so a batch of any size runs in flat memory.

JSON Lines are read line by line: each line is decoded from UTF-8 on its own (a line that is not
valid UTF-8 becomes that record's error, with its line), parsed and validated, then dropped. A
whole JSON document (one object, or a list of objects) is read and parsed at once, as before.

Which of the two an input is gets decided exactly as :func:`advisor.answers.parse_records`
decides it on the whole text: an input is JSON Lines when its first non-blank line is a JSON
object on its own and another non-blank line follows. In that case the whole text can never be
one JSON document (a complete value followed by more than whitespace), so peeking at the first
two non-blank lines is enough. Anything else, including a first line that only looks like an
object, is read whole and handled by ``parse_records``, with the same messages as before.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, BinaryIO, Iterator

from advisor.answers import (
    STDIN,
    Record,
    _DuplicateKey,
    _json_problem,
    _loads,
    parse_records,
    validate,
)
from advisor.errors import InputError
from advisor.kb import KnowledgeBase

BOM = b"\xef\xbb\xbf"

#: one physical piece of the input: line number, the line as text (None if not UTF-8),
#: the decoding problem (or None) and the raw bytes it came from (empty for all but the last
#: piece of a chunk, so that joining them gives the input back)
_Piece = tuple[int, "str | None", "str | None", bytes]


class RecordStream:
    """The records of one answers input, in order; iterate once.

    ``name`` is the input's name for messages; ``total`` and ``done`` measure progress in
    ``unit`` ("bytes" for JSON Lines from a file, "records" for a JSON document, ``total`` is
    None when unknown, e.g. JSON Lines on standard input).
    """

    def __init__(self, kb: KnowledgeBase, path: str):
        self.kb = kb
        self.name, self._stream, size = _open(path)
        self._owned = path != STDIN
        self.total: int | None = None
        self.done = 0
        #: records handed out so far (``done`` runs ahead of them by what is buffered)
        self.count = 0
        self.unit = "records"
        self._pieces = self._read_pieces()
        self._records = self._start(size)

    def __iter__(self) -> Iterator[Record]:
        return self._records

    def close(self) -> None:
        if self._owned:
            self._stream.close()

    # ------------------------------------------------------------------ reading

    def _read_pieces(self) -> Iterator[_Piece]:
        """The input's lines as ``str.splitlines`` would number them, decoded one by one."""
        number = 0
        offset = 0  # bytes after the BOM, as in read_text's messages
        first = True
        readline = self._stream.readline
        while True:
            try:
                chunk = readline()
            except OSError as exc:
                raise InputError(self.name, f"cannot read: {exc.strerror or exc}") from None
            if not chunk:
                return
            self.done += len(chunk)
            if first:
                first = False
                if chunk.startswith(BOM):
                    chunk = chunk[3:]
            try:
                text = chunk.decode("utf-8")
            except UnicodeDecodeError as exc:
                number += 1
                problem = f"not valid UTF-8 (byte 0x{chunk[exc.start]:02x} at offset {offset + exc.start})"
                yield number, None, problem, chunk
            else:
                parts = text.splitlines() or [""]
                for i, part in enumerate(parts):
                    number += 1
                    yield number, part, None, chunk if i == len(parts) - 1 else b""
            offset += len(chunk)

    def _start(self, size: int | None) -> Iterator[Record]:
        """Decide between JSON Lines and one document; return the records either way."""
        seen: list[_Piece] = []
        nonblank: list[_Piece] = []
        for piece in self._pieces:
            seen.append(piece)
            if piece[1] is None or piece[1].strip():
                nonblank.append(piece)
                if len(nonblank) == 2 or not _may_be_json_lines(nonblank[0]):
                    break
        if len(nonblank) == 2 and _may_be_json_lines(nonblank[0]) and _parses_alone(nonblank[0][1]):
            self.unit, self.total = "bytes", size
            return self._validated(self._json_lines(seen))
        # one JSON document: read the rest and let parse_records judge the whole text (it is
        # all in memory anyway, so its records may be too)
        data = b"".join(p[3] for p in seen) + b"".join(p[3] for p in self._pieces)
        self.close()
        parsed = list(parse_records(self.name, _decode_whole(self.name, data)))
        self.unit, self.total, self.done = "records", len(parsed), 0
        return self._validated(self._counting(parsed))

    def _json_lines(self, seen: list[_Piece]) -> Iterator[tuple[int, int, Any, str | None]]:
        index = 0
        for number, line, problem, _ in _chain_pieces(seen, self._pieces):
            if problem is None and not line.strip():
                continue
            if problem is not None:
                yield index, number, None, problem
            else:
                try:
                    yield index, number, _loads(line), None
                except _DuplicateKey as exc:
                    yield index, number, None, f"key {str(exc)!r} appears twice in one object"
                except ValueError as exc:
                    yield index, number, None, f"malformed JSON: {_json_problem(exc)}"
            index += 1
        self.close()

    def _counting(self, parsed: list) -> Iterator[tuple[int, int, Any, str | None]]:
        for item in parsed:
            self.done += 1
            yield item

    def _validated(self, parsed: Iterator[tuple[int, int, Any, str | None]]) -> Iterator[Record]:
        kb = self.kb
        for index, line, value, problem in parsed:
            self.count += 1
            if problem is not None:
                yield Record(index, line, None, problem)
                continue
            try:
                yield Record(index, line, validate(kb, value))
            except ValueError as exc:
                yield Record(index, line, None, str(exc))


def _open(path: str) -> tuple[str, BinaryIO, int | None]:
    if path == STDIN:
        return "<stdin>", sys.stdin.buffer, None
    p = Path(path)
    if not p.exists():
        raise InputError(path, "no such file")
    if p.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        stream = open(p, "rb")
        size = p.stat().st_size if p.is_file() else None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    return path, stream, size


def _may_be_json_lines(piece: _Piece) -> bool:
    line = piece[1]
    return line is not None and line.lstrip().startswith("{") and line.rstrip().endswith("}")


def _parses_alone(line: str) -> bool:
    try:
        _loads(line)
    except _DuplicateKey:
        return True  # well-formed JSON; the duplicate is that record's problem
    except ValueError:
        return False
    return True


def _decode_whole(name: str, data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", f"line {line}") from None
    return text


def _chain_pieces(seen: list[_Piece], rest: Iterator[_Piece]) -> Iterator[_Piece]:
    yield from seen
    seen.clear()
    yield from rest


def open_records(kb: KnowledgeBase, path: str) -> RecordStream:
    """Open an answers input as a stream of validated records (see :class:`RecordStream`)."""
    return RecordStream(kb, path)

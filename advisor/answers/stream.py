"""An answers input read as a stream of records, so a batch of any size runs in flat memory.

The input is opened like every other input (:func:`advisor.inputs.open_binary`: a directory,
socket or block device is refused, a named pipe nobody writes to is refused after a moment
instead of waiting forever). JSON Lines are then read line by line: each line is decoded from
UTF-8 on its own and parsed with the strict rules of :func:`advisor.inputs.parse_json` (no NaN,
no key twice, no number of thousands of digits, no nesting beyond the parser's stack, no lone
surrogate); a line that breaks one of them becomes that record's error, with its line and
column, and the batch goes on. A whole JSON document (one object, or a list of objects) is read
and parsed at once, with the same rules; a problem in it is the file's, reported with its place.

Which of the two an input is gets decided by :func:`advisor.answers.read.opens_json_lines`, the
test :func:`~advisor.answers.read.looks_like_json_lines` makes of a whole text: an input is JSON
Lines when its first non-blank line is a complete JSON object on its own and another non-blank
line follows. In that case the whole text can never be one
JSON document (a complete value followed by more than whitespace), so peeking at the first two
non-blank lines is enough. Anything else is read whole; if it is not one JSON document but
looks like JSON Lines (a first line that is broken), it is read as JSON Lines after all.

Limits: one line may hold at most :data:`MAX_LINE` bytes (``/dev/zero`` must not fill the
memory), one JSON document at most :data:`MAX_DOCUMENT`; JSON Lines have no limit in total.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from advisor import inputs
from advisor.answers.check import validate
from advisor.answers.read import Record, element_lines, first_content_line, looks_like_json_lines, opens_json_lines
from advisor.errors import InputError
from advisor.kb import KnowledgeBase

EMPTY = "the file is empty; expected a JSON object of trait -> value, a list of them, or JSON Lines"
#: the longest line read (a JSON Lines record, or a line of a document)
MAX_LINE = inputs.MAX_BYTES
#: the largest JSON document read whole (a batch larger than that belongs in JSON Lines)
MAX_DOCUMENT = 256 * 1024 * 1024

#: one physical line of the input: its number, its text without its line end (None if it could
#: not be decoded or is too long), the problem (or None), and the raw bytes it came from
#: (joining them gives the input back)
_Piece = tuple[int, "str | None", "str | None", bytes]

_COLUMN = re.compile(r"column (\d+)")


class RecordStream:
    """The records of one answers input, in order; iterate once.

    ``name`` is the input's name for messages; ``total`` and ``done`` measure progress in
    ``unit`` ("bytes" for JSON Lines from a file, "records" for a JSON document; ``total`` is
    None when unknown, e.g. JSON Lines on standard input); ``count`` is the records handed out.
    """

    def __init__(self, kb: KnowledgeBase, path: str, stdin: Any = None, check=None):
        self.kb = kb
        #: check(kb, value) -> the record's value, or ValueError (the answers' validation by default)
        self._check = check or validate
        self._path = path
        self.name, self._stream, size = inputs.open_binary(path, stdin)
        self._closed = False
        self.total: int | None = None
        self.done = 0
        #: records handed out so far (``done`` runs ahead of them by what is buffered)
        self.count = 0
        self.unit = "records"
        try:
            self._pieces = self._read_pieces()
            self._records = self._start(size)
        except BaseException:
            self.close()
            raise

    def __iter__(self) -> Iterator[Record]:
        return self._records

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            inputs.close_binary(self._path, self._stream)

    # ------------------------------------------------------------------ reading

    def _read_pieces(self) -> Iterator[_Piece]:
        """The input's lines, decoded one by one. Lines end at ``\n`` only (``\r\n`` too): a raw
        U+2028, U+0085 or form feed inside a JSON string is part of its line, as JSON says, so
        it cannot shift the records and line numbers that follow.

        A line longer than :data:`MAX_LINE` is one piece whose problem says so; its bytes are
        kept (up to :data:`MAX_DOCUMENT`) for a whole document, e.g. a minified JSON array, and
        skipped in JSON Lines, where it is that record's error and the batch goes on."""
        name = self.name
        number = 0
        offset = 0  # bytes after a byte order mark, as in advisor.inputs' messages
        first = True
        readline = self._stream.readline
        while True:
            try:
                chunk = readline(MAX_LINE + 1)
            except OSError as exc:
                raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
            if not chunk:
                return
            if len(chunk) > MAX_LINE and not chunk.endswith(b"\n"):
                chunk = self._rest_of_line(inputs.strip_bom(name, chunk) if first else chunk)
                self.done += len(chunk)
                number += 1
                yield number, None, f"the line is longer than {MAX_LINE:,} bytes", chunk
                offset += len(chunk)
                first = False
                continue
            self.done += len(chunk)
            if first:
                first = False
                chunk = inputs.strip_bom(name, chunk)
            nul = chunk.find(b"\x00")
            problem = None
            if nul >= 0:
                problem = inputs.nul_problem(offset + nul)
            else:
                try:
                    text = chunk.decode("utf-8")
                except UnicodeDecodeError as exc:
                    problem = f"not valid UTF-8 (byte 0x{chunk[exc.start]:02x} at offset {offset + exc.start})"
            if problem is not None:
                number += 1
                yield number, None, problem, chunk
            else:
                number += 1
                yield number, text.removesuffix("\n").removesuffix("\r"), None, chunk
            offset += len(chunk)

    def _rest_of_line(self, start: bytes) -> bytes:
        """Read to the end of a line that is too long; keep at most MAX_DOCUMENT + 1 bytes of it
        (what a document may hold; a longer one is refused as a document anyway)."""
        data = bytearray(start)
        while not data.endswith(b"\n"):
            try:
                more = self._stream.readline(1 << 20)
            except OSError as exc:
                raise InputError(self.name, f"cannot read: {exc.strerror or exc}") from None
            if not more:
                break
            if len(data) <= MAX_DOCUMENT:
                data += more
            else:
                self.done += len(more)
                data[-1:] = more[-1:]  # only whether it ended matters now
        return bytes(data)

    def _start(self, size: int | None) -> Iterator[Record]:
        """Decide between JSON Lines and one document; return the records either way."""
        seen: list[_Piece] = []
        nonblank: list[_Piece] = []
        for piece in self._pieces:
            seen.append(piece)
            if piece[1] is None or piece[1].strip():
                nonblank.append(piece)
                if len(nonblank) == 2 or not opens_json_lines(nonblank[0][1]):
                    break
        if len(nonblank) == 2 and opens_json_lines(nonblank[0][1]) and _complete(nonblank[0][1]):
            self.unit, self.total = "bytes", size
            return self._validated(self._json_lines(_chain_pieces(seen, self._pieces)))
        parsed = self._document(seen)
        self.unit, self.total, self.done = "records", len(parsed), 0
        return self._validated(self._counting(parsed))

    def _document(self, seen: list[_Piece]) -> list[tuple[int, int, Any, str | None]]:
        """Read the rest, then the whole text as one JSON document (or broken JSON Lines)."""
        data = bytearray()
        for piece in _chain_pieces(seen, self._pieces):
            data += piece[3]
            if len(data) > MAX_DOCUMENT:
                raise InputError(
                    self.name,
                    f"is too large for one JSON document (more than {MAX_DOCUMENT:,} bytes); write a large batch as JSON Lines",
                )
        self.close()
        text = inputs.decode(self.name, bytes(data))
        if not text.strip():
            raise InputError(self.name, EMPTY)
        try:
            document = inputs.parse_json(self.name, text)
        except InputError:
            if not looks_like_json_lines(text):
                raise
            # JSON Lines whose first line is broken: each line is its own record after all
            return list(self._json_lines((n, line, None, b"") for n, line in enumerate(text.split("\n"), start=1)))
        if isinstance(document, list):
            lines = element_lines(text, len(document))
            return [(index, lines[index], value, None) for index, value in enumerate(document)]
        return [(0, first_content_line(text), document, None)]

    def _json_lines(self, pieces) -> Iterator[tuple[int, int, Any, str | None]]:
        index = 0
        for number, line, problem, _ in pieces:
            if problem is None and not line.strip():
                continue
            if problem is not None:
                yield index, number, None, problem
            else:
                yield (index, number, *self._parse_line(line))
            index += 1
        self.close()

    def _parse_line(self, line: str) -> tuple[Any, str | None]:
        try:
            return inputs.parse_json(self.name, line), None
        except InputError as exc:
            column = _COLUMN.search(exc.place or "")
            return None, exc.problem + (f" (column {column.group(1)})" if column else "")

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
                yield Record(index, line, self._check(kb, value))
            except ValueError as exc:
                yield Record(index, line, None, str(exc))


def _complete(line: str) -> bool:
    """Does ``line`` hold a complete JSON value? (Whether its content is acceptable is the record's
    business: a key twice, NaN, a number of thousands of digits are that record's errors.)"""
    try:
        json.loads(line, parse_constant=float)
    except json.JSONDecodeError:
        return False
    except (ValueError, RecursionError):
        return True
    return True


def _chain_pieces(seen: list[_Piece], rest: Iterator[_Piece]) -> Iterator[_Piece]:
    yield from seen
    seen.clear()
    yield from rest


def open_records(kb: KnowledgeBase, path: str, stdin: Any = None, check=None) -> RecordStream:
    """Open an answers input as a stream of validated records (see :class:`RecordStream`).

    ``-`` reads ``stdin`` (the process's standard input if None); ``check`` validates each record
    (answers by default; ``explain`` checks questions)."""
    return RecordStream(kb, path, stdin, check)

"""Reading what a user hands a command (a file, standard input, a JSON document), so that every
bad input ends in one :class:`~advisor.errors.InputError` naming the file, the place and the
problem, never a traceback and never a hang.

* A path is looked at (``os.stat``) before it is opened: a directory, a socket or a block device
  is refused; a named pipe (FIFO) is opened without blocking and waited on for at most
  :data:`FIFO_WAIT` seconds, so one that nobody writes to ends as "nothing was written to it"
  instead of waiting forever. A shell's pipe (``<(jq ...)``, /dev/fd/63) is read as it comes:
  its writer is there from the start.
* At most :data:`MAX_BYTES` are read: a question or an answer set is a few kilobytes, and
  ``/dev/zero`` must not fill the memory.
* Text must be UTF-8 (a UTF-8 byte order mark is skipped). UTF-16 and UTF-32 are named as such,
  a NUL byte (UTF-16 without a mark, or a binary file) is refused with its place.
* JSON is parsed strictly: no NaN or Infinity, no key twice in one object, no number of more
  than 4,300 digits (Python's limit on converting integers), no nesting so deep that the
  parser runs out of stack, no unpaired UTF-16 surrogate escape (``"\\ud800"``), which no
  output could print.

The streaming reader of ``advisor evaluate`` (:mod:`advisor.answers.stream`) opens its input with
:func:`open_binary` and decodes and parses it with the same rules, a line at a time.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from typing import Any, BinaryIO

from advisor.errors import InputError
from advisor.safetext import display_name

STDIN = "-"
STDIN_NAME = "<stdin>"
#: the most a command reads from one input (a question, an answer set)
MAX_BYTES = 16 * 1024 * 1024
#: how long to wait for a writer on a named pipe (FIFO) before saying nothing was written
FIFO_WAIT = 2.0
#: how deeply arrays and objects may nest before the place is reported as too deep
MAX_DEPTH = 200

_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"


def read_bytes(path: str, stdin: Any = None, limit: int = MAX_BYTES) -> tuple[str, bytes]:
    """Read an input whole; return (the name messages use, its bytes). ``-`` is standard input."""
    name, stream, size = open_binary(path, stdin)
    if size is not None and size > limit:
        close_binary(path, stream)
        raise InputError(name, f"is too large ({size:,} bytes; at most {limit:,})")
    try:
        return name, _read_stream(name, stream, limit)
    finally:
        close_binary(path, stream)


def open_binary(path: str, stdin: Any = None) -> tuple[str, BinaryIO, int | None]:
    """Open an input for reading bytes; return (its name, the stream, its size if a regular file).

    The checks of :func:`read_bytes` come first (a directory, a socket or a block device is
    refused; a named pipe nobody writes to is refused after :data:`FIFO_WAIT` seconds); the
    stream is then read as it comes, e.g. line by line. Close it with :func:`close_binary`.
    """
    if path == STDIN:
        return STDIN_NAME, _binary(stdin), None
    name = display_name(path)  # a name that is not UTF-8, or holds controls, is shown escaped
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except NotADirectoryError:
        raise InputError(name, "no such file (a part of the path is not a directory)") from None
    except (OSError, ValueError) as exc:
        raise InputError(name, f"cannot read: {_reason(exc)}") from None
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise InputError(name, "is a directory, not a file")
    if stat.S_ISSOCK(mode) or stat.S_ISBLK(mode):
        kind = "a socket" if stat.S_ISSOCK(mode) else "a block device"
        raise InputError(name, f"is {kind}, not a file")
    named_pipe = stat.S_ISFIFO(mode) and not _anonymous_pipe(path)
    try:
        # O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of waiting
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise InputError(name, f"cannot read: {_reason(exc)}") from None
    try:
        if named_pipe and not _readable(fd, FIFO_WAIT):
            raise InputError(name, f"is a named pipe (FIFO) and nothing was written to it within {FIFO_WAIT:g} s")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return name, stream, info.st_size if stat.S_ISREG(mode) else None


def close_binary(path: str, stream: BinaryIO) -> None:
    """Close what :func:`open_binary` opened (standard input stays open)."""
    if path != STDIN:
        stream.close()


def _anonymous_pipe(path: str) -> bool:
    """A pipe from the shell (``<(cmd)`` gives /dev/fd/63): its writer is there from the start."""
    return "pipe:[" in os.path.realpath(path)


def _readable(fd: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for a writer to write to (or close) a named pipe."""
    import select

    try:
        ready, _, _ = select.select([fd], [], [], timeout)
    except (OSError, ValueError):  # pragma: no cover - a platform without select on pipes
        return True
    return bool(ready)


def _binary(stdin: Any) -> BinaryIO:
    stream = stdin if stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        return buffer
    return _Encoded(stream)


class _Encoded:
    """A text stream read as UTF-8 bytes (for a standard input that has no binary buffer)."""

    def __init__(self, stream):
        self.stream = stream

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(size).encode("utf-8", "surrogateescape")


def _read_stream(name: str, stream: BinaryIO, limit: int) -> bytes:
    try:
        data = stream.read(limit + 1)
    except OSError as exc:
        raise InputError(name, f"cannot read: {_reason(exc)}") from None
    if data is None:  # a non-blocking stream with nothing in it yet
        data = b""
    if len(data) > limit:
        raise InputError(name, f"is too large (more than {limit:,} bytes)")
    return data


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def strip_bom(name: str, data: bytes) -> bytes:
    """The start of an input without its UTF-8 byte order mark; another encoding's mark is refused."""
    if data.startswith(_UTF8_BOM):
        return data[len(_UTF8_BOM):]
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            raise InputError(name, f"{encoding} is not supported (the file starts with a {encoding} byte order mark); save it as UTF-8", "line 1")
    return data


def nul_problem(offset: int) -> str:
    """The message for a NUL byte at ``offset``."""
    return f"holds a NUL byte at offset {offset}: is it UTF-16 or a binary file? Save it as UTF-8 text"


def decode(name: str, data: bytes) -> str:
    """UTF-8 bytes as text; any other encoding is refused with a message that names it."""
    data = strip_bom(name, data)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise InputError(name, nul_problem(nul), f"line {line}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", f"line {line}") from None


def read_text(path: str, stdin: Any = None, limit: int = MAX_BYTES) -> tuple[str, str]:
    """Read an input as UTF-8 text; return (the name messages use, the text)."""
    name, data = read_bytes(path, stdin, limit)
    return name, decode(name, data)


# ------------------------------------------------------------------------------------ JSON

class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):  # no key twice (the usual case, found without a loop here)
        return out
    out = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _Constant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _Constant(name)


#: json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant) makes this
#: decoder afresh for every call; one is enough (it keeps no state between documents)
_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)


def parse_json(name: str, text: str) -> Any:
    """One JSON document, parsed strictly (see the module's docstring); InputError otherwise."""
    try:
        if type(text) is str:
            value = _DECODER.decode(text)
        else:
            value = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except _DuplicateKey as exc:
        raise InputError(name, f"key {shown(str(exc))} appears twice in one object", _line_of_key(text, str(exc))) from None
    except json.JSONDecodeError as exc:
        problem = exc.msg[0].lower() + exc.msg[1:] if exc.msg else "cannot parse"
        raise InputError(name, f"malformed JSON: {problem}", f"line {exc.lineno}, column {exc.colno}") from None
    except _Constant as exc:
        raise InputError(name, f"malformed JSON: {exc} is not a valid JSON number (JSON has no NaN or infinity)", _constant(text, str(exc))) from None
    except RecursionError:
        raise InputError(name, f"malformed JSON: arrays and objects nested too deeply (more than {MAX_DEPTH} levels)", _too_deep(text)) from None
    except ValueError as exc:
        if "integer string conversion" in str(exc):
            raise InputError(name, "malformed JSON: a number has more than 4300 digits", _long_number(text)) from None
        raise InputError(name, f"malformed JSON: {exc}") from None
    lone = _lone_surrogate(text)
    if lone is not None:
        escape, place = lone
        raise InputError(name, f"malformed JSON: {escape} is half of a UTF-16 surrogate pair, not a character", place)
    return value


def shown(value: str, width: int = 60) -> str:
    """A string quoted for a message, cut to ``width`` characters so a message stays one short line."""
    if len(value) > width:
        value = value[: width - 3] + "..."
    return repr(value)


def _place(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _line_of_key(text: str, key: str) -> str | None:
    """Where ``key`` appears the second time in one object (the duplicate the parser refused)."""
    for pos, _ in _keys(text, key, duplicates=True):
        return _place(text, pos)
    return None


def key_place(text: str, key: str) -> str | None:
    """``line L, column C`` of the first member named ``key`` (however its name is escaped)."""
    for pos, _ in _keys(text, key):
        return _place(text, pos)
    return None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(?=\s*(:?))|[{}\[\]]', re.S)


def _keys(text: str, key: str, duplicates: bool = False):
    """(position, depth) of the members named ``key``, in order; with ``duplicates`` only those
    whose object already had a member of that name."""
    objects: list[set[str] | None] = []  # one entry per open bracket: the names seen, or None for a list
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token == "{":
            objects.append(set())
        elif token == "[":
            objects.append(None)
        elif token in "}]":
            if objects:
                objects.pop()
        elif m.group(1) and objects and objects[-1] is not None:  # a member's name
            try:
                name = json.loads(token)
            except ValueError:
                continue
            seen = objects[-1]
            if name == key and (not duplicates or name in seen):
                yield m.start(), len(objects)
            seen.add(name)


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def _too_deep(text: str) -> str | None:
    """The place of the first bracket nested deeper than MAX_DEPTH."""
    depth = 0
    for m in _STRING_OR_BRACKET.finditer(text):
        ch = m.group()
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _place(text, m.start())
        elif ch in "]}":
            depth -= 1
    return None


def _constant(text: str, word: str) -> str | None:
    """The place of the first ``NaN``/``Infinity``/``-Infinity`` outside a string."""
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|' + re.escape(word), text, re.S):
        if m.group() == word:
            return _place(text, m.start())
    return None


def _long_number(text: str) -> str | None:
    m = re.search(r"\d{4301,}", text)
    return _place(text, m.start()) if m else None


_SURROGATE = re.compile(r"(\\+)u([dD][89a-fA-F][0-9a-fA-F]{2})")


def _lone_surrogate(text: str) -> tuple[str, str] | None:
    """The first ``\\uD800``-``\\uDFFF`` escape that is not half of a proper pair, and its place."""
    if "\\u" not in text:
        return None
    pending: tuple[int, str] | None = None  # a high surrogate waiting for its low half
    for m in _SURROGATE.finditer(text):
        if len(m.group(1)) % 2 == 0:
            continue  # an escaped backslash followed by "u": plain text
        code = int(m.group(2), 16)
        start = m.end(1) - 1
        if code < 0xDC00:  # high half
            if pending is not None:
                return f"\\u{pending[1]}", _place(text, pending[0])
            pending = (start, m.group(2))
        else:  # low half: fine only right after a high one
            if pending is not None and pending[0] + 6 == start:
                pending = None
                continue
            if pending is not None:
                return f"\\u{pending[1]}", _place(text, pending[0])
            return f"\\u{m.group(2)}", _place(text, start)
    if pending is not None:
        return f"\\u{pending[1]}", _place(text, pending[0])
    return None

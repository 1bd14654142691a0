"""Reading one knowledge file: bytes to TOML tables, and typed access to an item's keys.

tomllib reports positions only for syntax errors; :class:`Locator` finds the line of an item,
or of a key inside it, so that every problem is refused with one line, ``file:line: message``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from advisor.errors import KnowledgeError
from advisor.kb.model import LANGS, Source, Text


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory where that is shorter."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read(path: Path) -> tuple[str, str, dict]:
    """The file's name as messages show it, its text and its TOML tables; a problem is a
    :class:`KnowledgeError` naming the file and line."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError(f"cannot read the file: {exc.strerror or exc}", source=Source(name, 1)) from None
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte order mark, as some editors write
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise KnowledgeError("UTF-16 is not supported; save the file as UTF-8", source=Source(name, 1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError(f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})", source=Source(name, line)) from None
    deep = _deep_key(text)
    if deep is not None:
        # bounded before parsing: tomllib builds one table per part (50,000 parts: minutes and
        # gigabytes), and the models built from them would recurse past Python's stack
        raise KnowledgeError(f"TOML key with more than {MAX_KEY_PARTS} dotted parts; knowledge keys are one or two words deep", source=Source(name, deep))
    import tomllib  # here, not at the top: a start served by the knowledge cache parses no TOML

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(m.group(1)) if m else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise KnowledgeError(f"TOML syntax error: {message}", source=Source(name, line)) from None
    except RecursionError:
        raise KnowledgeError("TOML syntax error: arrays or tables nested too deeply", source=Source(name, _deep_line(text))) from None
    except ValueError as exc:  # tomllib lets Python's limit on integer digits through
        m = re.search(r"\d{4301,}", text)
        line = text.count("\n", 0, m.start()) + 1 if m else 1
        problem = "a number has more than 4300 digits" if "integer string conversion" in str(exc) else str(exc)
        raise KnowledgeError(f"TOML syntax error: {problem}", source=Source(name, line)) from None
    return name, text, data


class Locator:
    """Finds the line of an item, or of a key inside it, in a TOML file's text.

    tomllib reports positions only for syntax errors; for everything else we look the item up
    by its position among the file's ``[[kind]]`` headers.
    """

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.splitlines()
        self.starts: dict[str, list[int]] = {}
        header = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
        for number, line in enumerate(self.lines, start=1):
            m = header.match(line)
            if m:
                self.starts.setdefault(m.group(1), []).append(number)

    def item(self, kind: str, index: int) -> int:
        starts = self.starts.get(kind, [])
        return starts[index] if index < len(starts) else 1

    def key(self, kind: str, index: int, key: str) -> int:
        start = self.item(kind, index)
        following = sorted(n for lines in self.starts.values() for n in lines if n > start)
        end = following[0] if following else len(self.lines) + 1
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}\s*[=.]|\[\s*{re.escape(kind)}\.{re.escape(key)}\s*\])")
        for number in range(start + 1, end):
            if pattern.match(self.lines[number - 1]):
                return number
        return start

    def nested(self, kind: str, index: int, key: str) -> list[int]:
        """The lines of the ``[[kind.key]]`` tables of the ``index``-th ``[[kind]]`` item (its
        ``[[rule.example]]`` tables, say); empty when they are written inline."""
        start = self.item(kind, index)
        later = [n for n in self.starts.get(kind, []) if n > start]
        end = later[0] if later else len(self.lines) + 1
        return [n for n in self.starts.get(f"{kind}.{key}", []) if start < n < end]

    def source(self, kind: str, index: int, key: str | None = None) -> Source:
        line = self.item(kind, index) if key is None else self.key(kind, index, key)
        return Source(self.path, line)


class Item:
    """Typed access to one table of a knowledge file, with errors that say where."""

    def __init__(self, kind: str, index: int, data: Any, loc: Locator, keys: tuple[set[str], set[str]]):
        self.kind, self.index, self.loc = kind, index, loc
        if not isinstance(data, dict):
            self.fail(None, f"each [[{kind}]] must be a table")
        self.data = data
        required, optional = keys
        unknown = sorted(set(data) - required - optional)
        if unknown:
            self.fail(unknown[0], f"unknown key {shown(unknown[0])} in [[{kind}]] (allowed: {', '.join(sorted(required | optional))})")
        missing = sorted(required - set(data))
        if missing:
            self.fail(None, f"[[{kind}]] is missing the required key {missing[0]!r}")

    def where(self, key: str | None = None) -> Source:
        return self.loc.source(self.kind, self.index, key)

    def fail(self, key: str | None, message: str):
        raise KnowledgeError(message, source=self.where(key))

    def string(self, key: str, pattern: re.Pattern | None = None, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"{key!r} must be a non-empty string")
        if pattern is not None and not pattern.match(value):
            self.fail(key, f"{key!r} value {shown(value)} is not a valid id (lowercase words joined by '-' for notes and rules, '_' for traits)")
        return value

    def strings(self, key: str, pattern: re.Pattern | None = None, nonempty: bool = False) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(key, f"{key!r} must be a list of non-empty strings")
        if nonempty and not value:
            self.fail(key, f"{key!r} must not be empty")
        if pattern is not None:
            for v in value:
                if not pattern.match(v):
                    self.fail(key, f"{key!r} holds {shown(v)}, which is not a valid id")
        return tuple(value)

    def text(self, key: str, table: Any = None) -> Text:
        value = self.data.get(key) if table is None else table
        if not isinstance(value, dict):
            self.fail(key, f"{key!r} must be a table with 'en' and 'ko' strings")
        extra = sorted(set(value) - set(LANGS))
        if extra:
            self.fail(key, f"{key!r} has unknown language key {shown(extra[0])} (allowed: en, ko)")
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                self.fail(key, f"{key!r} needs a non-empty {lang!r} text")
        return Text(en=value["en"].strip(), ko=value["ko"].strip())

    def one_of(self, key: str, allowed: Any, default: Any = None) -> Any:
        """The value of ``key`` (``default`` when absent), one of ``allowed``: the values of an
        enum (its member is returned) or a tuple of strings."""
        value = self.data.get(key, default)
        names = [getattr(a, "value", a) for a in allowed]
        if not isinstance(value, str) or value not in names:
            self.fail(key, f"{key!r} must be one of {', '.join(names)}, not {shown(value)}")
        return allowed(value) if isinstance(allowed, type) else value

    def number(self, key: str) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(key, f"{key!r} must be a finite number")
        return value



def shown(value: Any, width: int = 60) -> str:
    """A value for a message, cut to ``width`` characters so the message stays one short line."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."



#: the most parts a dotted TOML key (``a.b.c = 1``, ``[a.b.c]``) may have in a knowledge file
MAX_KEY_PARTS = 32
_KEY_LINE = re.compile(r"^[ \t]*\[{0,2}[ \t]*([^=\]\n#]*)", re.M)


def _deep_key(text: str) -> int | None:
    """The line of the first key (or table header) of more than MAX_KEY_PARTS dotted parts."""
    if text.count(".") <= MAX_KEY_PARTS:
        return None
    for m in _KEY_LINE.finditer(text):
        key = m.group(1)
        if key.count(".") < MAX_KEY_PARTS:
            continue
        # dots inside quoted parts ("a.b") do not count
        parts = re.sub(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', "q", key).count(".") + 1
        if parts > MAX_KEY_PARTS:
            return text.count("\n", 0, m.start()) + 1
    return None


def _deep_line(text: str, limit: int = 100) -> int:
    """The line where brackets and braces (outside strings) first nest deeper than ``limit``."""
    depth = 0
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]', text):
        ch = m.group()
        if ch in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, m.start()) + 1
        elif ch in "]}":
            depth -= 1
    return 1


def first_line_of(loc: Locator, key: str) -> int:
    pattern = re.compile(rf"^\s*(\[\[?\s*{re.escape(key)}\b|{re.escape(key)}\s*=)")
    for number, line in enumerate(loc.lines, start=1):
        if pattern.match(line):
            return number
    return 1


"""Text from outside (a question, an option, a file name, knowledge from a --kb directory) made
safe to print: every character that a terminal would act on instead of showing is shown escaped,
the way the error messages show it (``\\x1b``, ``\\u202e``).

One function, :func:`safe`, does it; it is applied where text leaves the program:

* every rich console the commands print on (:func:`advisor.env.make_console`) escapes the text of
  what it renders (its own styles are added afterwards) and never reads markup, so
  ``[link=...]`` in a question is shown as written and a stray ``[/oops]`` cannot raise;
* error and warning lines (:meth:`advisor.env.Env.error`), Markdown reports, the JSON documents
  (:func:`advisor.present.document.dumps`, whose escapes keep the same JSON value).

What is escaped: the C0 controls but newline and tab (ESC starts every terminal escape
sequence), DEL, the C1 controls (U+0080-U+009F: CSI, OSC ... in one byte), the BiDi overrides,
embeddings and isolates and the invisible direction marks (which reorder what is shown: a
"Trojan Source"), the Unicode line and paragraph separators, and lone surrogates (a file name
that was not UTF-8; its bytes are shown as ``\\xNN``).
"""

from __future__ import annotations

import re

#: the characters :func:`safe` escapes (newline and tab are kept: they lay text out)
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
#: the same, newline and tab included (for text that must stay on one line)
UNSAFE_ONE_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return repr(ch)[1:-1]  # \n, \x1b, \u202e: as Python (and our error messages) write it


def safe(text: str) -> str:
    """``text`` with what a terminal would act on escaped; newlines and tabs kept."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(_escape, text)


def safe_line(text: str) -> str:
    """``text`` escaped as by :func:`safe`, newlines and tabs too: always one line."""
    if not UNSAFE_ONE_LINE.search(text):
        return text
    return UNSAFE_ONE_LINE.sub(_escape, text)


def unsafe_chars(text: str) -> list[tuple[int, str]]:
    """(offset, escaped form) of each character :func:`safe` would escape."""
    return [(m.start(), _escape(m)) for m in UNSAFE.finditer(text)]


def display_name(path: str) -> str:
    """A path as messages and titles show it: the bytes of a name that is not UTF-8 as ``\\xNN``,
    controls escaped, so the name is valid UTF-8 text on one line."""
    return safe_line(path)


#: what a JSON text written by us may not hold raw (JSON itself escapes the C0 controls)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_safe(text: str) -> str:
    """A JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with the characters
    :func:`safe` escapes written as ``\\uXXXX``: the same JSON value, safe on a terminal, and
    always valid UTF-8. (Outside its strings a JSON text is ASCII, so this only touches strings.)"""
    if text.isascii() or not _JSON_UNSAFE.search(text):  # every character it escapes is beyond ASCII
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

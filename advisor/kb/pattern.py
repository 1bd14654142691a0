"""Patterns: the phrases and regular expressions that cues, terms and claims match.

Patterns are regular expressions compiled with :mod:`re` (case-insensitive), never evaluated
as code. Every pattern matches whole ASCII words: a match may not start or end inside a run of
ASCII letters and digits, so ``RAM`` does not match ``program``; write ``hibernat[a-z]*`` for a
stem. Korean text is matched as written (particles attach to words, so no boundary there).
"""

from __future__ import annotations

import re


class Pattern:
    """One phrase or regular expression, matched as whole words, case-insensitively.

    Compiling ~1,500 regular expressions is most of the start-up of ``explain``, and a question
    touches few of them, so a pattern is compiled when first used, and not even then when a
    piece of text it must contain (its leading literal, :func:`required_literal`) is absent from
    the text searched. A pickled pattern (advisor/kb/cache.py) carries only its source.
    """

    __slots__ = ("lang", "text", "required", "_regex")

    def __init__(self, lang: str, text: str, regex: re.Pattern | None = None):
        self.lang = lang
        self.text = text
        self.required = required_literal(text)
        self._regex = regex

    @property
    def regex(self) -> re.Pattern:
        if self._regex is None:
            self._regex = compile_pattern(self.text)
        return self._regex

    def _absent(self, text: str) -> bool:
        need = self.required
        return need is not None and need not in _folded(text)

    def finditer(self, text: str):
        if self._absent(text):
            return iter(())
        return self.regex.finditer(text)

    def search(self, text: str):
        if self._absent(text):
            return None
        return self.regex.search(text)

    def __eq__(self, other):
        return isinstance(other, Pattern) and (self.lang, self.text) == (other.lang, other.text)

    def __hash__(self):
        return hash((self.lang, self.text))

    def __repr__(self):
        return f"Pattern({self.lang!r}, {self.text!r})"

    def __getstate__(self):
        return (self.lang, self.text)

    def __setstate__(self, state):
        self.lang, self.text = state
        self.required = required_literal(self.text)
        self._regex = None


def compile_pattern(text: str) -> re.Pattern:
    """``text`` as a case-insensitive regex that neither starts nor ends inside an ASCII word.
    Hangul in it matches Korean as it is written: free spacing and verb endings
    (:func:`advisor.korean.normalise_pattern`)."""
    from advisor.korean import normalise_pattern

    korean = normalise_pattern(text)
    if korean != text:
        try:
            return re.compile(rf"(?<![A-Za-z0-9])(?:{korean})(?![A-Za-z0-9])", re.IGNORECASE)
        except (re.error, OverflowError, RecursionError):
            pass  # e.g. Hangul inside a look-behind, which must keep its width: match as written
    return re.compile(rf"(?<![A-Za-z0-9])(?:{text})(?![A-Za-z0-9])", re.IGNORECASE)


_META = frozenset(".^$*+?{}[]\\|()")
#: characters that re.IGNORECASE matches with ASCII letters but str.lower() does not map to them
#: (dotted and dotless i, long s, the Kelvin sign): a text holding one is searched in full
_CASE_SPECIAL = frozenset("\u0130\u0131\u017f\u212a")
#: the texts lowered last (a question, its options, and the two joined are searched by hundreds
#: of patterns in turn): text -> its lowered form, or None when it holds a case-special character
_FOLDED: dict[str, str | None] = {}


def _folded(text: str) -> str:
    """``text`` lowered for the literal check; a text with a case-special character folds to
    something every literal is taken to be in, so it is searched in full."""
    try:
        folded = _FOLDED[text]
    except KeyError:
        if len(_FOLDED) >= 16:
            _FOLDED.clear()
        folded = _FOLDED[text] = text.lower() if _CASE_SPECIAL.isdisjoint(text) else None
    return folded if folded is not None else _EVERYTHING


class _Everything(str):
    def __contains__(self, item):  # every literal is "present"
        return True


_EVERYTHING = _Everything()


def required_literal(text: str) -> str | None:
    """A piece of plain text every match of the pattern ``text`` contains (lower case), or None.

    Conservative: only for a pattern with no alternative at its top level; leading groups that
    may be absent (``(?:amazon )?cloudfront``) are skipped, then the literal characters up to
    the next special character are taken, less the last one if a quantifier makes it optional.
    Only ASCII is taken (Korean patterns match other spacings and endings than they are
    written with). None when that leaves fewer than three characters."""
    if any(ch == "|" and depth == 0 for _, ch, depth in _structure(text)):
        return None
    start = 0
    while text.startswith("(", start):
        end = _group_end(text, start)
        if end is None or end + 1 >= len(text) or text[end + 1] not in "?*":
            return None  # a group that must match: its text is not a plain literal
        start = end + 2
        if text.startswith("?", start):  # a lazy quantifier
            start += 1
    out = []
    for ch in text[start:]:
        if ch in _META:
            if ch in "*?{" and out:
                out.pop()
            break
        if not ch.isascii():
            # Korean is matched with free spacing and other verb endings (advisor/korean.py),
            # so a Korean literal is not a literal of the compiled pattern: stop before it
            break
        out.append(ch)
    literal = "".join(out).lower()
    return literal if len(literal.strip()) >= 3 else None


def _group_end(text: str, start: int) -> int | None:
    """The index of the parenthesis that closes the group opening at ``start``."""
    for i, ch, depth in _structure(text, start):
        if ch == ")" and depth == 0:
            return i
    return None


def _structure(text: str, start: int = 0):
    """``(index, char, depth after it)`` for every grouping character of a pattern (parentheses
    and bars) outside escapes and character classes, from ``start``."""
    depth, escaped, in_class = 0, False, False
    for i in range(start, len(text)):
        ch = text[i]
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch in "()|":
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth

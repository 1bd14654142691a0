"""Patterns: the phrases and regular expressions that cues, terms and claims match.

Patterns are regular expressions compiled with :mod:`re` (case-insensitive), never evaluated
as code. Every pattern matches whole ASCII words: a match may not start or end inside a run of
ASCII letters and digits, so ``RAM`` does not match ``program``; write ``hibernat[a-z]*`` for a
stem. Korean text is matched as written (particles attach to words, so no boundary there).
"""

from __future__ import annotations

import re

#: a pattern's requirement not worked out yet (see :attr:`Pattern.need`)
_UNKNOWN = object()


class Pattern:
    """One phrase or regular expression, matched as whole words, case-insensitively.

    Compiling ~5,000 regular expressions is most of the start-up of ``explain``, and a question
    touches few of them, so a pattern is compiled when first used, and not even then when the
    text searched lacks a piece of plain text every match contains (:func:`requirement`:
    cheap ``in`` tests on the text lowered and without white space, and whether it holds
    Hangul at all).
    The requirement is worked out from the regex's parse tree once per knowledge hash: a pickled
    pattern (advisor/kb/cache.py) carries its source and its requirement, never the regex.
    Identical patterns share one compiled regex in a process.
    """

    __slots__ = ("lang", "text", "_need", "_hangul", "_regex")

    def __init__(self, lang: str, text: str, regex: re.Pattern | None = None, need=_UNKNOWN):
        self.lang = lang
        self.text = text
        self._regex = regex
        if regex is not None:
            _COMPILED.setdefault(text, regex)
        self._set_need(need)

    def _set_need(self, need) -> None:
        self._need = need
        # every piece holds Hangul: a text without Hangul is skipped without looking further
        self._hangul = need is not _UNKNOWN and need is not None and any(
            all(_has_hangul(piece) for piece in group) for group in need)

    @property
    def need(self) -> tuple[tuple[str, ...], ...] | None:
        """Groups of pieces of plain text (lower case, without white space): every match
        contains a piece of each group (:func:`requirement`); None when none is known."""
        if self._need is _UNKNOWN:
            self._set_need(requirement(self.text))
        return self._need

    @property
    def regex(self) -> re.Pattern:
        regex = self._regex
        if regex is None:
            regex = _COMPILED.get(self.text)
            if regex is None:
                regex = _COMPILED[self.text] = compile_pattern(self.text)
            self._regex = regex
        return regex

    def _absent(self, text: str) -> bool:
        need = self._need if self._need is not _UNKNOWN else self.need
        if need is None:
            return False
        folded, hangul = _folded(text)
        if self._hangul and not hangul:
            return True
        for group in need:
            for piece in group:
                if piece in folded:
                    break
            else:
                return True
        return False

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

    def __reduce__(self):
        return (_restore, (self.lang, self.text, self.need))


#: the patterns of this process by (lang, text): unpickled knowledge shares them (and so their
#: compiled regexes and requirements)
_INTERNED: dict[tuple[str, str], Pattern] = {}
#: pattern text -> its compiled regex
_COMPILED: dict[str, re.Pattern] = {}


def _restore(lang: str, text: str, need) -> Pattern:
    found = _INTERNED.get((lang, text))
    if found is None:
        found = _INTERNED[(lang, text)] = Pattern(lang, text, need=need)
    elif found._need is _UNKNOWN and need is not _UNKNOWN:
        found._set_need(need)
    return found


def interned(lang: str, text: str, regex: re.Pattern | None = None) -> Pattern:
    """The process's one pattern for ``lang`` and ``text``, made now if there is none: a base
    repeats many of its patterns (a phrase in several claims), and bases loaded in one process
    share most of theirs (the built-in ones under a base of one's own), so each requirement is
    worked out once, when the first of them goes into a cache entry."""
    found = _INTERNED.get((lang, text))
    if found is None:
        found = _INTERNED[(lang, text)] = Pattern(lang, text, regex)
    elif regex is not None:
        _COMPILED.setdefault(text, regex)
    return found


def _sources(text: str) -> list[str]:
    """The regex sources :func:`compile_pattern` tries for ``text``, in order."""
    from advisor.korean import normalise_pattern

    korean = normalise_pattern(text)
    plain = rf"(?<![A-Za-z0-9])(?:{text})(?![A-Za-z0-9])"
    if korean == text:
        return [plain]
    return [rf"(?<![A-Za-z0-9])(?:{korean})(?![A-Za-z0-9])", plain]


def compile_pattern(text: str) -> re.Pattern:
    """``text`` as a case-insensitive regex that neither starts nor ends inside an ASCII word.
    Hangul in it matches Korean as it is written: free spacing and verb endings
    (:func:`advisor.korean.normalise_pattern`)."""
    *first, last = _sources(text)
    for source in first:
        try:
            return re.compile(source, re.IGNORECASE)
        except (re.error, OverflowError, RecursionError):
            pass  # e.g. Hangul inside a look-behind, which must keep its width: match as written
    return re.compile(last, re.IGNORECASE)


# ---------------------------------------------------------------------- the literal check

#: characters that re.IGNORECASE matches with ASCII letters but str.lower() does not map to them
#: (dotted and dotless i, long s, the Kelvin sign): a text holding one is searched in full
_CASE_SPECIAL = frozenset("\u0130\u0131\u017f\u212a")
#: the texts folded last (a question, its options, and the two joined are searched by hundreds
#: of patterns in turn): text -> (its folded form, whether it holds Hangul)
_FOLDED: dict[str, tuple[str, bool]] = {}


def _folded(text: str) -> tuple[str, bool]:
    """``text`` lowered and without white space, for the literal check, and whether it holds
    Hangul; a text with a case-special character folds to something every piece is taken to be
    in, so it is searched in full."""
    try:
        return _FOLDED[text]
    except KeyError:
        pass
    if len(_FOLDED) >= 16:
        _FOLDED.clear()
    if _CASE_SPECIAL.isdisjoint(text):
        folded = "".join(text.lower().split())
        found = _FOLDED[text] = (folded, _has_hangul(folded))
    else:
        found = _FOLDED[text] = (_EVERYTHING, True)
    return found


class _Everything(str):
    def __contains__(self, item):  # every piece is "present"
        return True


_EVERYTHING = _Everything()
_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def _plain(ch: str) -> bool:
    """A character that matches only itself and its ASCII case partner (a text with one of the
    few non-ASCII partners, :data:`_CASE_SPECIAL`, is searched in full): ASCII, or Hangul,
    which has no case."""
    return ch.isascii() or _HANGUL.match(ch) is not None


def requirement(text: str) -> tuple[tuple[str, ...], ...] | None:
    """Groups of pieces of plain text (lower case, white space left out), each group holding at
    least one piece of every match of the pattern ``text`` as the text searched reads lowered
    and without white space; None when no group tells enough to be worth checking.

    Worked out from the parse tree of the regex :func:`compile_pattern` compiled: a sequence
    requires each of its parts, a run of literal characters is a piece (white space, optional
    white space and zero-width assertions do not break a run: both sides are compared without
    white space), a group or a repeat of at least once requires what its body does, an
    alternation one of what its branches require. Only ASCII and Hangul characters are taken
    (they fold like ``str.lower`` under ``re.IGNORECASE``); anything else breaks a run. The
    most telling groups come first, at most :data:`_MAX_GROUPS` of them."""
    from re import _parser

    regex = _COMPILED.get(text)
    if regex is None:  # a pattern just loaded is compiled already (the loader checks each)
        regex = _COMPILED[text] = compile_pattern(text)
    try:  # the source compile_pattern took: Korean as written, or as it was given
        groups = _sequence(list(_parser.parse(regex.pattern, regex.flags)))
    except (re.error, RecursionError, OverflowError):
        return None
    unique = sorted(set(groups), key=lambda g: (-_telling(g), len(g), g))
    return tuple(unique[:_MAX_GROUPS]) or None


#: a group must tell at least this much (:func:`_telling`) to be worth checking
_MIN_WEIGHT = 3
#: groups checked per pattern, at most
_MAX_GROUPS = 4


def _telling(group: tuple[str, ...]) -> int:
    """How telling a group is: its least telling piece, a Hangul syllable counting as much as
    three ASCII characters."""
    return min(sum(1 if ch.isascii() else 3 for ch in piece) for piece in group)


def _sequence(items: list) -> list[tuple[str, ...]]:
    """The telling groups a sequence of parsed items requires, every one of them."""
    from re import _constants as c

    groups: list[tuple[str, ...]] = []
    run: list[str] = []

    def flush():
        if run:
            groups.append(("".join(run),))
            run.clear()

    for op, av in items:
        if op is c.LITERAL:
            ch = chr(av)
            if ch.isspace():
                continue
            if _plain(ch):
                run.append(ch.lower())
                continue
            flush()
        elif op in (c.AT, c.ASSERT, c.ASSERT_NOT) or _only_space(op, av):
            continue  # matches nothing, or only white space: the run goes on
        elif op is c.SUBPATTERN:
            flush()
            groups.extend(_sequence(list(av[-1])))
        elif op is c.BRANCH:
            flush()
            best = []
            for branch in av[1]:
                found = _sequence(list(branch))
                if not found:
                    break
                best.append(max(found, key=lambda g: (_telling(g), -len(g))))
            else:
                groups.append(_union(best))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
            flush()
            if av[0] >= 1:
                groups.extend(_sequence(list(av[2])))
        elif op is getattr(c, "ATOMIC_GROUP", None):
            flush()
            groups.extend(_sequence(list(av)))
        else:
            flush()  # a class, any character, a back reference: nothing certain
    flush()
    return [g for g in groups if _telling(g) >= _MIN_WEIGHT]


def _union(branches: list[tuple[str, ...]]) -> tuple[str, ...]:
    """One of the pieces of every branch: a piece that holds another piece is left out (a text
    holding it holds the other)."""
    pieces = sorted({piece for branch in branches for piece in branch}, key=lambda p: (len(p), p))
    kept: list[str] = []
    for piece in pieces:
        if not any(k in piece for k in kept):
            kept.append(piece)
    return tuple(kept)


def _only_space(op, av) -> bool:
    """Does this item match only white space (or nothing)?"""
    from re import _constants as c

    if op is c.LITERAL:
        return chr(av).isspace()
    if op is c.CATEGORY:
        return av is c.CATEGORY_SPACE
    if op is c.IN:
        return bool(av) and all(_only_space(o, a) for o, a in av)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        return all(_only_space(o, a) for o, a in av[2])
    if op is c.SUBPATTERN:
        return all(_only_space(o, a) for o, a in av[-1])
    return False

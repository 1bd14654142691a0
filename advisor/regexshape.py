"""Refusing regular expressions whose matching time can explode (catastrophic backtracking).

Knowledge patterns (cues, terms, claims) run on every question with Python's backtracking
:mod:`re`. A pattern that nests one unbounded quantifier inside another (``(?:[a-z]+ ?)+``,
``(a*)*``, ``(\\w+\\s?)*``) can take exponential time on a text that almost matches, and one hang
of ``advisor explain`` is a denial of service from a --kb directory. Such shapes are refused when
the knowledge is loaded, with the file and line (:func:`problem`), as are repeats of alternatives
that can match the same text (``(?:a|ab)+``, ``(?:\\w|\\d)+``) and repeated groups that can match
nothing (``(?:a?)+``).

Why a static check and not a linear-time engine (google-re2): every pattern is compiled inside
lookarounds (``(?<![A-Za-z0-9])...(?![A-Za-z0-9])``, see :func:`advisor.kb.pattern.compile_pattern`)
so that it matches whole ASCII words, and claims use lookarounds of their own; RE2 supports no
lookaround at all, so it would need a new word-boundary scheme, a new dependency and a second
regex dialect for authors. The check refuses no pattern of the built-in knowledge and keeps
``re``'s dialect (tests/test_hardening.py measures a refused shape's cost).
"""

from __future__ import annotations

import re

try:  # Python >= 3.11
    from re import _constants as C
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
#: an outer repeat bounded by at most this many rounds may hold an unbounded one
#: (``(?:\\S+\\s+){0,2}``: polynomial of small degree on a text of at most 20,000 characters)
SMALL_BOUND = 3


#: every shape refused repeats a group (``)`` then ``*``, ``+`` or ``{m,n}``): most patterns have
#: none and are passed at once
_REPEATED_GROUP = re.compile(r"\)(?:[*+]|\{\d*,)")


def problem(pattern: str) -> str | None:
    """Why ``pattern`` may backtrack catastrophically, or None. ``pattern`` must compile."""
    if not _REPEATED_GROUP.search(pattern):
        return None
    try:
        tree = parser.parse(pattern)
    except Exception:  # pragma: no cover - compile() reported it already
        return None
    return _walk(list(tree), outer=None)


def _walk(items, outer: str | None) -> str | None:
    """``outer``: the text of the enclosing repeat that may run many rounds, if any."""
    for index, (op, av) in enumerate(items):
        if op in _REPEATS:
            lo, hi, body = av
            body = list(body)
            many = hi == C.MAXREPEAT or hi > SMALL_BOUND  # may run many rounds
            follower = items[index + 1] if index + 1 < len(items) else None
            if many and (lo != hi or _varies(body)):
                if outer is not None and not _delimited(body, follower):
                    return f"a quantifier inside {outer} can backtrack catastrophically"
                if _min_width(body) == 0:
                    return "a repeated group that can match nothing can backtrack catastrophically"
                clash = _overlapping_branches(body)
                if clash:
                    return f"a repeated group whose alternatives can match the same text ({clash}) can backtrack catastrophically"
            found = _walk(body, outer if outer is not None else ("another quantifier" if many else None))
            if found:
                return found
        elif op is C.SUBPATTERN:
            found = _walk(list(av[-1]), outer)
            if found:
                return found
        elif op is C.BRANCH:
            for branch in av[1]:
                found = _walk(list(branch), outer)
                if found:
                    return found
        elif op in (C.ASSERT, C.ASSERT_NOT):
            found = _walk(list(av[1]), outer)
            if found:
                return found
        elif op is getattr(C, "ATOMIC_GROUP", None):
            continue  # an atomic group never backtracks into itself
    return None


#: the characters tried when comparing two character classes
_SAMPLE = "".join(map(chr, range(0x250))) + "\u3000\u2028가힣한国語"


def _chars(item, ignore_case=True) -> frozenset[str] | None:
    """The characters one single-character item (a literal, a set, ``.``) matches, or None."""
    if item is None or item[0] not in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
        return None
    try:
        from re import _compiler as compiler
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_compile as compiler  # type: ignore[no-redef]
    sub = parser.SubPattern(parser.State(), [item])
    regex = compiler.compile(sub, 2 if ignore_case else 0)  # re.IGNORECASE, as patterns are compiled
    return frozenset(c for c in _SAMPLE if regex.match(c))


def _delimited(body, follower) -> bool:
    r"""Is a repeat of one character class followed by a character it cannot match
    (``\S+`` then a space)? Then where it stops is never in doubt: no backtracking into it."""
    if len(body) != 1:
        return False
    inner = _chars(body[0])
    if follower is not None and follower[0] in _REPEATS and follower[1][0] >= 1 and len(follower[1][2]) == 1:
        follower = list(follower[1][2])[0]
    after = _chars(follower)
    return inner is not None and after is not None and not (inner & after)


def _varies(body) -> bool:
    """Can ``body`` match texts of different lengths, or is it repeated itself (a + inside)?"""
    lo, hi = parser.SubPattern(parser.State(), body).getwidth() if body else (0, 0)
    return lo != hi or any(op in _REPEATS for op, _ in _flatten(body))


def _min_width(body) -> int:
    return parser.SubPattern(parser.State(), body).getwidth()[0] if body else 0


def _flatten(items):
    for op, av in items:
        yield op, av
        if op in _REPEATS:
            yield from _flatten(list(av[2]))
        elif op is C.SUBPATTERN:
            yield from _flatten(list(av[-1]))
        elif op is C.BRANCH:
            for branch in av[1]:
                yield from _flatten(list(branch))


def _overlapping_branches(body) -> str | None:
    """Two alternatives of a repeated group that can start with the same character."""
    for op, av in body:
        if op is C.SUBPATTERN:
            return _overlapping_branches(list(av[-1]))
        if op is C.BRANCH:
            firsts = [_first_chars(list(branch)) for branch in av[1]]
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    if firsts[i] is None or firsts[j] is None or firsts[i] & firsts[j]:
                        return f"alternatives {i + 1} and {j + 1}"
        return None
    return None


_ALL = None  # "any character": compared as overlapping everything


def _first_chars(items) -> set[int] | None:
    """The characters (lower-cased) a sequence can start with; None when that is not simple."""
    for op, av in items:
        if op is C.LITERAL:
            return {ord(chr(av).lower())}
        if op is C.IN:
            chars: set[int] = set()
            for kind, value in av:
                if kind is C.LITERAL:
                    chars.add(ord(chr(value).lower()))
                elif kind is C.RANGE:
                    lo, hi = value
                    if hi - lo > 300:
                        return None
                    chars.update(ord(chr(c).lower()) for c in range(lo, hi + 1))
                else:
                    return None  # a category (\w, \d), a negation: not simple
            return chars
        if op is C.SUBPATTERN:
            return _first_chars(list(av[-1]))
        if op in (C.AT,):
            continue
        return None
    return None

"""A light text normaliser for matching what a learner types against the notes, in English and Korean.

Korean attaches particles and endings to words (``대기열을``, ``대기열에서는``) and spaces loosely
(``로드 밸런서`` / ``로드밸런서``). Rather than a morphological analyser, three small steps are
enough to find a concept by name:

* :func:`korean_stem` strips one or two common particles or verb endings from a Hangul word, never
  leaving less than a syllable (less than two for the endings that are also common last syllables
  of nouns, such as 가 in 추가);
* :func:`squash` removes spaces and punctuation, so that a stem is looked for as a substring of the
  squashed text: spacing never matters, and the particles left in the text do not either;
* :func:`english_stem` folds plurals, -ing/-ed forms and a final e of English words.

:func:`query_terms` turns what was typed into :class:`Term`\\ s and :class:`Folded` texts answer
whether they contain one. Nothing here depends on the knowledge base: other readers of learner
input (the exam reader, a future search) can share it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HANGUL = "\uac00-\ud7a3"
_WORD = re.compile(rf"[a-z0-9]+|[{_HANGUL}]+")
_HANGUL_WORD = re.compile(rf"^[{_HANGUL}]+\Z")

#: endings that are rarely the last syllables of a noun: stripped down to a one-syllable stem
_SAFE_ENDINGS = (
    "에서는", "으로는", "에게서", "이라는", "이라고", "에서도", "으로도", "에서의", "으로의", "까지는", "부터는",
    "합니다", "입니다", "됩니다", "하려면", "되려면", "한다면", "하므로", "되므로",
    "에서", "으로", "에게", "까지", "부터", "보다", "처럼", "에는", "에도", "에의", "와의", "과의", "이나", "이란",
    "라는", "하는", "하면", "하고", "하여", "해서", "하기", "했다", "한다", "되는", "된다", "되면", "되어", "돼서",
    "이다", "이며", "이고", "적인", "적으로",
    "을", "를",
)
#: endings that are also common last syllables of nouns (추가, 결과, 기간): stripped only when
#: at least two syllables are left
_LOOSE_ENDINGS = ("은", "는", "이", "가", "의", "도", "로", "에", "와", "과", "만", "들", "한", "된", "할", "인")
_ENDINGS = tuple(sorted(_SAFE_ENDINGS, key=len, reverse=True))


def is_hangul(word: str) -> bool:
    return bool(_HANGUL_WORD.match(word))


def korean_stem(word: str) -> str:
    """``word`` without its particles or endings (at most two, e.g. 인스턴스들을 → 인스턴스)."""
    for _ in range(2):
        stripped = _strip_once(word)
        if stripped == word:
            break
        word = stripped
    return word


def _strip_once(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    for ending in _LOOSE_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)]
    return word


def english_stem(word: str) -> str:
    """A light English stem, the same for a word's common forms: plurals, -ing and -ed, and a
    final e (queue, queues → queu; cache, caching, cached → cach; stop, stopped → stop)."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            stem = word[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                stem = stem[:-1]
            word = stem
            break
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def fold(text: str) -> str:
    """Lower case, compatibility forms folded (full-width letters, ligatures)."""
    return unicodedata.normalize("NFKC", text).lower()


def words(text: str) -> list[str]:
    """The ASCII and Hangul words of ``text``, folded."""
    return _WORD.findall(fold(text))


def squash(text: str) -> str:
    """``text`` folded, with every space and punctuation mark removed (for Korean substrings)."""
    return "".join(_WORD.findall(fold(text)))


@dataclass(frozen=True)
class Term:
    """One word of a query: an English stem (matched against whole words) or a Korean stem
    (matched as a substring of squashed text)."""

    text: str
    korean: bool


def query_terms(query: str) -> list[Term]:
    """The distinct terms of ``query`` in order: Korean words stemmed, English words stemmed."""
    out: list[Term] = []
    for word in words(query):
        term = Term(korean_stem(word), True) if is_hangul(word) else Term(english_stem(word), False)
        if term not in out:
            out.append(term)
    return out


class Folded:
    """A text prepared for matching: its English stems and its squashed form."""

    __slots__ = ("stems", "squashed")

    def __init__(self, *texts: str):
        joined = "\n".join(t for t in texts if t)
        self.stems = frozenset(english_stem(w) for w in words(joined) if not is_hangul(w))
        self.squashed = squash(joined)

    def has(self, term: Term) -> bool:
        if term.korean:
            return term.text in self.squashed
        return term.text in self.stems

    def has_phrase(self, query: str) -> bool:
        """Does the text hold ``query`` as written, spaces, punctuation and the particles after
        its last Korean word aside?"""
        phrase = phrase_of(query)
        return len(phrase) >= 2 and phrase in self.squashed


def phrase_of(query: str) -> str:
    """``query`` squashed, each Korean word without its particles (긴 폴링을 → 긴폴링)."""
    return "".join(korean_stem(w) if is_hangul(w) else w for w in words(query))

"""A light normaliser for Korean as Koreans write it, applied to how Korean patterns match.

Korean attaches particles and endings to words and spaces compound nouns freely, so a pattern
written one way must match the others:

* spacing: between two Hangul syllables of a pattern a space is optional, whichever way the
  pattern was written ("로드 밸런서" and "로드밸런서" both match both);
* particles: a Hangul pattern is not closed at a word end, so "로드밸런서" already matches
  "로드밸런서를", "서브넷에서" (nothing to do);
* endings: a pattern that ends in a plain verb form ("올린다", "사용한다", "연결된다", "있다")
  matches the stem's other common forms ("올려야", "올리고", "올립니다", "사용해야", "사용하는",
  "연결되어", "있는" ...).

Only literal syllables outside character classes are touched, so hand-written alternations
and classes keep their meaning. The normaliser is pure string work (no dictionary or model):
measured, a morphological analyser was not needed for the patterns the knowledge base holds.
"""

from __future__ import annotations

import re

_BASE, _LAST = 0xAC00, 0xD7A3
_FINALS = 28
_MEDIALS = 21
# final consonant indices
_N, _L, _B = 4, 8, 17
# medial vowel indices
_A, _EO, _O, _U, _EU, _I, _AE, _E, _YEO, _WA, _WO = 0, 4, 8, 13, 18, 20, 1, 5, 6, 9, 14


def is_hangul(ch: str) -> bool:
    return _BASE <= ord(ch) <= _LAST


def _split(ch: str) -> tuple[int, int, int]:
    code = ord(ch) - _BASE
    return code // (_MEDIALS * _FINALS), (code // _FINALS) % _MEDIALS, code % _FINALS


def _join(initial: int, medial: int, final: int = 0) -> str:
    return chr(_BASE + (initial * _MEDIALS + medial) * _FINALS + final)


def _contracted(stem_last: str) -> str:
    """The stem's last syllable joined with 어/아 ("리" → "려", "보" → "봐", "하" → "해")."""
    if stem_last == "하":
        return "해"
    initial, medial, final = _split(stem_last)
    if final:
        return stem_last + ("아" if medial in (_A, _O) else "어")
    joined = {_I: _YEO, _O: _WA, _U: _WO, _EU: _EO}.get(medial)
    if joined is not None:
        return _join(initial, joined)
    if medial in (_A, _EO, _AE, _E, _YEO):
        return stem_last  # 가 + 아 → 가, 서 + 어 → 서
    return stem_last + "어"


def _forms(stem: str) -> list[str]:
    """Common forms of a verb stem: plain, attributive, connective, conditional, polite, must."""
    head, last = stem[:-1], stem[-1]
    initial, medial, final = _split(last)
    c = head + _contracted(last)
    if final:
        out = [stem + "다", stem + "는", stem + "고", stem + "지", stem + "으면", stem + "을", stem + "습니다", c, c + "야", c + "서"]
    else:
        out = [head + _join(initial, medial, _N) + "다", stem + "는", stem + "고", stem + "지", stem + "면",
               head + _join(initial, medial, _L), head + _join(initial, medial, _B) + "니다", c, c + "야", c + "서"]
        if last == "하":
            out.append(stem + "여")
    seen: list[str] = []
    for form in out:
        if form not in seen:
            seen.append(form)
    return seen


_ENDING = re.compile(r"([\uac00-\ud7a3]+)다(?=$|\||\))")


def _endings(pattern: str) -> str:
    """A plain verb form at the end of an alternative matches the stem's other forms."""

    def replace(m: re.Match) -> str:
        word = m.group(1)
        last = word[-1]
        initial, medial, final = _split(last)
        if last == "는" and len(word) > 1:  # 않는다, 먹는다: a consonant stem before 는다
            stem = word[:-1]
            if not _split(stem[-1])[2]:
                return m.group(0)
        elif final == _N:  # 올린다, 사용한다, 연결된다: the stem drops the ㄴ
            stem = word[:-1] + _join(initial, medial)
        elif final and last not in "있없같": # a consonant stem (먹다 is rare in our patterns; 있다/없다 below)
            return m.group(0)
        elif final:
            stem = word
        else:
            return m.group(0)  # 크다, 빠르다: irregular enough to leave as written
        start = m.start(1)
        if start > 0 and pattern[start - 1] == "\\":
            return m.group(0)
        forms = [m.group(0)] + [f for f in _forms(stem) if f != m.group(0)]
        return "(?:" + "|".join(forms) + ")"

    return _ENDING.sub(replace, pattern)


def _spacing(pattern: str) -> str:
    """Between two literal Hangul syllables (outside a character class) a space is optional."""
    out: list[str] = []
    in_class = escaped = False
    prev_hangul = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if escaped:
            out.append(ch)
            escaped, prev_hangul = False, False
        elif ch == "\\":
            out.append(ch)
            escaped, prev_hangul = True, False
        elif in_class:
            out.append(ch)
            if ch == "]":
                in_class = False
        elif ch == "[":
            out.append(ch)
            in_class, prev_hangul = True, False
        elif ch == " " and prev_hangul and i + 1 < len(pattern) and is_hangul(pattern[i + 1]) and pattern[i + 1:i + 2] != "?":
            out.append(" ?")
            prev_hangul = False
            i += 1
            continue
        elif is_hangul(ch):
            if prev_hangul:
                out.append(" ?")
            out.append(ch)
            prev_hangul = True
        else:
            out.append(ch)
            prev_hangul = False
        i += 1
    return "".join(out)


def normalise_pattern(pattern: str) -> str:
    """A pattern as it should match Korean text (unchanged when it holds no Hangul)."""
    if not any(is_hangul(ch) for ch in pattern):
        return pattern
    return _spacing(_endings(pattern))

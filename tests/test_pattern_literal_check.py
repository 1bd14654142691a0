"""The literal check of a pattern (advisor/kb/pattern.py): the plain text every match must
contain, worked out from the regex, lets a search skip a text that lacks it. It may skip only
searches that would find nothing."""

from __future__ import annotations

import pytest

from advisor.kb.pattern import Pattern, requirement


@pytest.mark.parametrize("text, need", [
    ("static (?:web ?site|site)", (("static",), ("site",))),
    ("sqs queues?", (("sqsqueue",),)),  # white space left out on both sides
    ("stat?ic", (("sta",),)),
    ("a|b", None),  # nothing telling
    ("(?:amazon )?cloudfront", (("cloudfront",),)),
    ("(?:the |an? )?(?:aws )?lambda functions?", (("lambdafunction",),)),
    ("(?:amazon )cloudfront", (("amazoncloudfront",),)),
    ("(?:a(?:b|c))?d", None),
    ("foo(?:bar|baz)|qux", (("qux", "fooba"),)),  # one of the branches' pieces (re factors "ba" out)
    ("foo(?:bar|b)|qux", (("qux", "foob"),)),
    ("로드 ?밸런서", (("로드밸런서",),)),  # Korean: matched with free spacing, a piece all the same
    # a verb ending matches the stem's other endings, and a space may follow each syllable
    ("사용한다", (("용할", "용해", "용하고", "용하는", "용하면", "용하여", "용하지", "용한다", "용합니다"), ("사",))),
    ("sqs 대기열", (("sqs대기열",),)),
    ("cdn", (("cdn",),)),
    ("[a-z]+ing", (("ing",),)),
    ("[a-z]+in", None),
    ("caf\u00e9 menu", (("menu",), ("caf",))),  # a non-ASCII letter breaks a run
    ("s3\\s+bucket", (("s3bucket",),)),
    ("s3[- ]bucket", (("bucket",),)),  # a class that may be a hyphen breaks it
])
def test_the_requirement_is_conservative(text, need):
    assert requirement(text) == need


@pytest.mark.parametrize("pattern, text", [
    ("로드 ?밸런서", "애플리케이션 로드 밸런서를 둔다"),
    ("로드밸런서", "로드 밸런서에"),
    ("사용한다", "캐시를 사용해야 한다"),
    ("s3\\s+bucket", "an S3\n\tBUCKET"),
    ("foo(?:bar|b)|qux", "QUX"),
])
def test_the_requirement_never_hides_a_match_either(pattern, text):
    p = Pattern("any", pattern)
    assert p.regex.search(text) is not None and p.search(text) is not None


def test_a_pattern_without_hangul_in_the_text_is_skipped_at_once():
    p = Pattern("ko", "로드 ?밸런서")
    assert p.search("an application load balancer") is None
    assert p._regex is None  # never compiled


@pytest.mark.parametrize("pattern, text", [
    ("static content", "STATIC CONTENT is served"),
    ("sqs queues?", "Two SQS QUEUES"),
    ("kinesis", "\u212aINESIS streams"),  # the Kelvin sign matches k case-insensitively
    ("classic", "CLA\u017fSIC load balancer"),  # so does the long s
])
def test_the_literal_check_never_hides_a_match(pattern, text):
    p = Pattern("en", pattern)
    assert p.search(text) is not None and p.regex.search(text) is not None


def _bank_texts(kb) -> list[str]:
    """A third of the question bank, as claims search it: each question and option alone, and a
    question joined with an option."""
    texts = []
    for exam in sorted(kb.exams.values(), key=lambda e: e.id)[::3]:
        texts.append(exam.question)
        texts.extend(text for _, text in exam.options)
        texts.append(exam.question + " \n " + exam.options[0][1])
    return list(dict.fromkeys(texts))


def _base_patterns(kb) -> list[Pattern]:
    """Every pattern of the base, once: equal patterns (same language and text) have the same
    regex and the same requirement, so one of them stands for all."""
    patterns = [p for c in kb.cues.values() for p in c.patterns]
    patterns += [p for t in kb.terms.values() for p in t.patterns]
    patterns += [p for c in kb.claims.values() for group in (*c.all, *c.about) for p in group]
    return list({(p.lang, p.text): p for p in patterns}.values())


@pytest.mark.slow
def test_the_literal_check_agrees_with_the_regex_on_the_bank(kb):
    """Every pattern of the built-in base on the texts of the question bank: wherever the regex
    finds a match, the literal check lets the search through and the search finds it (the check
    skips only searches that find nothing). A skipped search is one that finds nothing
    whatever the check says, so the regex alone picks out the pairs that can break the rule."""
    texts = _bank_texts(kb)
    patterns = _base_patterns(kb)
    found = 0
    for p in patterns:
        search = p.regex.search
        for text in texts:
            if search(text) is not None:
                found += 1
                assert not p._absent(text) and p.search(text) is not None, (p.text, text)
    assert found > len(patterns) // 2  # the bank does exercise the patterns
    # where the regex finds nothing the search finds nothing either, and the check does skip work
    # (on a sample of texts: this needs no regex beyond the one the search itself runs)
    sample = texts[::40]
    skipped = 0
    for p in patterns:
        for text in sample:
            assert p.search(text) is None or p.regex.search(text) is not None, (p.text, text)
            skipped += p._absent(text)
    assert skipped > len(patterns)

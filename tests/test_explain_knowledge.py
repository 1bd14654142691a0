"""The loader checks cues, terms and claims with file:line errors, and never runs them as code."""

from __future__ import annotations

import pytest

from tests.minikb import load_text, refusal

CUE = '''
[[cue]]
id = "static-words"
trait = "static_content"
value = true
en = ["static (?:website|site)"]
'''
TERM = '''
[[term]]
id = "cdn"
name = "CDN"
supports = ["use-cdn"]
en = ["cdn"]
'''
CLAIM = '''
[[claim]]
id = "cdn-caches-nothing"
holds = false
notes = ["cdn-note"]
all = [["cdn"], ["caches nothing"]]
because = { en = "A CDN caches.", ko = "CDN은 캐시합니다." }
'''


@pytest.mark.parametrize("text, line, fragment", [
    (CUE.replace('["static (?:website|site)"]', '["static (website"]'), 6, "not a valid regular expression"),
    (CUE.replace('["static (?:website|site)"]', '["(?:)"]'), 6, "matches the empty string"),
    (CUE.replace('value = true\n', ''), 2, "needs exactly one of 'value'"),
    (CUE.replace('value = true', 'value = true\nnear = ["files"]'), 2, "needs exactly one of 'value'"),
    (CUE.replace('en = ["static (?:website|site)"]', 'assume = true'), 2, "needs phrases in 'en' or 'ko'"),
    (CUE.replace('value = true', 'value = true\ncolour = "red"'), 6, "unknown key 'colour' in [[cue]]"),
    (TERM.replace('supports = ["use-cdn"]', 'supports = ["Use CDN"]'), 5, "not a valid id"),
    (TERM.replace('en = ["cdn"]', 'en = "cdn"'), 6, "must be a list of non-empty strings"),
    (CLAIM.replace('holds = false', 'holds = "no"'), 4, "'holds' must be true or false"),
    (CLAIM.replace('all = [["cdn"], ["caches nothing"]]', 'all = ["cdn"]'), 6, "each group of 'all' must be a non-empty list"),
    (CLAIM.replace('notes = ["cdn-note"]', 'notes = []'), 5, "'notes' must not be empty"),
    (CLAIM.replace('because = { en = "A CDN caches.", ko = "CDN은 캐시합니다." }', 'because = { en = "A CDN caches." }'), 7, "needs a non-empty 'ko' text"),
])
def test_malformed_reading_knowledge_is_refused(tmp_path, text, line, fragment):
    message = refusal(tmp_path, text)
    assert f"x.toml:{line}: " in message and fragment in message, message


def test_patterns_are_data(tmp_path):
    kb = load_text(tmp_path, CUE.replace('["static (?:website|site)"]', '["__import__(\'os\').system(\'false\')"]'))
    (cue,) = kb.cues.values()
    assert cue.patterns[0].text == "__import__('os').system('false')"
    assert cue.patterns[0].search("x __import__('os').system('false') y") is None  # parentheses are regex groups


def test_patterns_match_whole_ascii_words_and_korean_as_written(tmp_path):
    kb = load_text(tmp_path, CUE.replace('en = ["static (?:website|site)"]', 'en = ["ram"]\nko = ["메모리"]'))
    (cue,) = kb.cues.values()
    ram, memory = cue.patterns
    assert ram.search("256 GB of RAM") and ram.search("RAM이 크다")
    assert not ram.search("a program") and not ram.search("RAMP")
    assert memory.search("메모리가 크다")

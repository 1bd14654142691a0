"""The loader refuses malformed knowledge with file:line: message."""

from __future__ import annotations

import pytest

from advisor import kb as kbmod
from advisor.errors import KnowledgeError
from tests.minikb import CDN_RULE, load_text, refusal

GOOD_RULE = CDN_RULE


@pytest.mark.parametrize("text, line, fragment", [
    ("[[rule]\nid = 1\n", 1, "TOML syntax error"),
    ("[[widget]]\nid = \"a\"\n", 1, "unknown top-level key 'widget'"),
    (GOOD_RULE.replace('kind = "recommend"', 'kind = "suggest"'), 4, "'kind' must be one of"),
    (GOOD_RULE.replace('notes = ["cdn-note"]', 'notes = ["cdn-note"]\ncolour = "red"'), 7, "unknown key 'colour'"),
    (GOOD_RULE.replace('id = "use-cdn"', 'id = "Use CDN"'), 3, "not a valid id"),
    (GOOD_RULE.replace('is = true', 'equals = true'), 7, "unknown test 'equals'"),
    (GOOD_RULE.replace('{ trait = "static_content", is = true }', '"static_content"'), 7, "must be a table"),
    (GOOD_RULE.replace('ko = "CDN을 쓰세요"', 'fr = "x"'), 5, "unknown language key 'fr'"),
    ('\n[[question]]\ntrait = "size"\ntype = "number"\ntopic = "s3"\nprompt = { en = "a", ko = "b" }\nhelp = { en = "a", ko = "b" }\n',
     2, "needs both 'min' and 'max'"),
])
def test_malformed_knowledge_is_refused_with_file_and_line(tmp_path, text, line, fragment):
    message = refusal(tmp_path, text)
    assert message.startswith(f"kb/x.toml:{line}: ") or f"x.toml:{line}: " in message, message
    assert fragment in message


def test_non_utf8_knowledge_is_refused(tmp_path):
    d = tmp_path / "kb"
    d.mkdir()
    (d / "x.toml").write_bytes(b'[[note]]\nid = "\xff"\n')
    with pytest.raises(KnowledgeError, match=r"x\.toml:2: not valid UTF-8"):
        kbmod.load([d], builtin=False)


def test_missing_directory_is_refused(tmp_path):
    with pytest.raises(KnowledgeError, match="no such knowledge directory"):
        kbmod.load([tmp_path / "nope"], builtin=False)


def test_knowledge_is_never_evaluated(tmp_path):
    """A string that looks like code stays a string."""
    kb = load_text(tmp_path, GOOD_RULE.replace('"Use a CDN"', '"__import__(\'os\').system(\'false\')"'))
    assert kb.rules["use-cdn"].title.en.startswith("__import__")

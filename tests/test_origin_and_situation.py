"""Notes from the AWS documentation are marked as such; claims can be tied to the question's situation."""

from __future__ import annotations

import pytest

from advisor.errors import KnowledgeError
from advisor.explain.scoring import claims_made
from tests.minikb import small_kb

DOCS_NOTE = """
[[note]]
id = "visibility"
topic = "sqs"
section = "SQS (AWS documentation)"
origin = "aws-docs"
en = "A received message stays hidden for the visibility timeout."
ko = "받은 메시지는 가시성 제한 시간 동안 보이지 않는다."
refs = ["https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html"]
"""
CLAIM = """
[[claim]]
id = "raise-visibility-when-processed-twice"
holds = true
notes = ["visibility"]
all = [["visibility timeout"], ["increase"]]
when = [["(?:processed|handled) (?:twice|more than once)"]]
unless_question = ["fifo"]
because = { en = "Longer than the processing time.", ko = "처리 시간보다 길게." }
"""


def test_a_docs_note_needs_no_seed_lines_but_a_page(tmp_path):
    kb = small_kb(tmp_path, DOCS_NOTE + CLAIM)
    note = kb.notes["visibility"]
    assert note.origin == "aws-docs" and not note.from_seed and note.seed_lines == ()


@pytest.mark.parametrize("edit, fragment", [
    (lambda t: t.replace('origin = "aws-docs"', 'origin = "blog"'), "'origin' must be one of seed, aws-docs"),
    (lambda t: t.replace('origin = "aws-docs"', 'origin = "aws-docs"\nseed_lines = [3]'), "drop 'seed_lines'"),
    (lambda t: t.replace('refs = ["https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html"]', ""),
     "must cite its AWS documentation page"),
    (lambda t: t.replace('origin = "aws-docs"\n', ""), "'seed_lines' must be a non-empty list"),
])
def test_origin_is_checked(tmp_path, edit, fragment):
    with pytest.raises(KnowledgeError) as info:
        small_kb(tmp_path, edit(DOCS_NOTE) + CLAIM)
    assert fragment in str(info.value)


def test_when_must_match_the_question_and_unless_question_must_not(tmp_path):
    kb = small_kb(tmp_path, DOCS_NOTE + CLAIM)
    option = "Increase the visibility timeout of the queue."
    assert [c.id for c in claims_made(kb, option, "Orders are processed twice. What should be done?")]
    # the situation is in the option, not the question: no claim
    assert not claims_made(kb, option + " Orders are processed twice.", "What should be done?")
    assert not claims_made(kb, option, "Orders in a FIFO queue are processed twice.")

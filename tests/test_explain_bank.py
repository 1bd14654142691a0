"""The question bank: size, coverage, validation on load, and the figure that keeps explain honest."""

from __future__ import annotations

import pytest

from advisor import kb as kbmod
from advisor.errors import KnowledgeError
from advisor.explain import bank
from advisor.explain.measure import figures
from tests.minikb import CDN_NOTE

TOPICS = ("sqs", "elb", "vpc", "ec2", "autoscaling", "global-accelerator", "iam", "lambda", "kinesis", "serverless", "s3-cloudfront", "databases")


def test_the_bank_is_big_varied_and_in_both_languages(kb):
    items = bank.exams(kb)
    assert len(items) >= 80
    assert {t for t in TOPICS} == {n.topic for n in kb.notes.values()}
    for topic in TOPICS:
        assert sum(e.topic == topic for e in items) >= 2, topic
    assert sum(e.lang == "ko" for e in items) >= 15
    assert sum(e.choose > 1 for e in items) >= 5
    held_out = [e for e in items if e.set == "held-out"]
    assert len(held_out) >= 30
    assert {e.topic for e in held_out} == set(TOPICS)


def test_every_question_is_decided_by_notes_that_exist(kb):
    for e in bank.exams(kb):
        assert e.notes and all(n in kb.notes for n in e.notes), e.id
        assert set(e.answer) <= {k for k, _ in e.options}


def write_kb(tmp_path, text):
    d = tmp_path / "kb"
    d.mkdir(exist_ok=True)
    (d / "bank.toml").write_text(text, encoding="utf-8")
    return d


EXAM = CDN_NOTE + """
[[exam]]
id = "static-site"
set = "dev"
topic = "s3"
lang = "en"
question = "A static site is slow for far-away visitors. What helps?"
answer = ["A"]
notes = ["cdn-note"]
[exam.options]
A = "A CDN"
B = "A bigger server"
"""


@pytest.mark.parametrize("old, new, line, fragment", [
    ('answer = ["A"]', 'answer = ["C"]', 16, "the answer 'C' is not one of the options (A, B)"),
    ('answer = ["A"]', 'answer = ["A", "B"]', 16, "must leave at least one option out"),
    ('set = "dev"', 'set = "test"', 12, "'set' must be one of dev, held-out"),
    ('set = "dev"', 'set = 5', 12, "'set' must be one of dev, held-out, not 5"),
    ('lang = "en"', 'lang = "fr"', 14, "'lang' must be one of en, ko, not 'fr'"),
    ('lang = "en"', 'lang = 5', 14, "'lang' must be a non-empty string"),
    ('B = "A bigger server"', 'C = "A bigger server"', 18, "lettered A, B without gaps"),
])
def test_malformed_questions_are_refused_with_file_and_line(tmp_path, old, new, line, fragment):
    with pytest.raises(KnowledgeError) as info:
        kbmod.load([write_kb(tmp_path, EXAM.replace(old, new))], builtin=False)
    assert f"bank.toml:{line}: " in str(info.value) and fragment in str(info.value)


def test_the_bank_refuses_questions_citing_missing_notes(tmp_path):
    kb = kbmod.load([write_kb(tmp_path, EXAM.replace('notes = ["cdn-note"]', 'notes = ["cdn-notes"]'))], builtin=False)
    with pytest.raises(KnowledgeError, match=r"bank\.toml:10: exam 'static-site' cites 'cdn-notes', which is not a note"):
        bank.exams(kb)


def test_picking_is_reproducible_with_a_seed(kb):
    items = bank.exams(kb)
    first = [e.id for e in bank.pick(items, 10, "7")]
    assert first == [e.id for e in bank.pick(items, 10, "7")]
    assert first != [e.id for e in bank.pick(items, 10, "8")]
    assert len(bank.pick(items, 500, 1)) == len(items)


@pytest.fixture(scope="module")
def table(bank_outcomes):
    return figures(list(bank_outcomes))


@pytest.mark.parametrize("part", ["dev", "held-out"])
@pytest.mark.parametrize("lang", ["en", "ko", "all"])
def test_explain_stays_above_its_floors(table, part, lang):
    """Regressions fail here: answer most questions, be right where answering, never confidently wrong."""
    f = table[(part, lang)]
    assert f.accuracy >= 0.85, f"{part}/{lang}: accuracy where answered {f.accuracy:.2f}"
    assert f.abstention <= 0.20, f"{part}/{lang}: abstention {f.abstention:.2f}"
    assert f.high_wrong == 0, f"{part}/{lang}: {f.high_wrong} high-confidence wrong answers"

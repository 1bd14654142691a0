"""Study mode (issue 15), `advisor notes`: the normaliser, search ranking in both languages, the
command's forms and bad input, and any query fuzzed."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import pytest
from fuzzing import CASES, fuzz, run
from hypothesis import given
from hypothesis import strategies as st

from advisor.present.notes import render_list, render_note
from advisor.present.words import Words
from advisor.study.notes import NoteIndex
from advisor.textnorm import korean_stem, query_terms, squash


@pytest.fixture(scope="module")
def index(kb):
    return NoteIndex(kb)


def top(index, query, n=3):
    return [h.note.id for h in index.search(query)[:n]]


# ------------------------------------------------------------------------------ the normaliser

@pytest.mark.parametrize("word, stem", [
    ("대기열을", "대기열"), ("대기열에서는", "대기열"), ("인스턴스들을", "인스턴스"), ("로드밸런서를", "로드밸런서"),
    ("추가", "추가"), ("결과", "결과"), ("큐를", "큐"), ("분산하는", "분산"), ("사용합니다", "사용"),
])
def test_korean_stems(word, stem):
    assert korean_stem(word) == stem


def test_query_terms_fold_case_plurals_and_spacing():
    assert [t.text for t in query_terms("Queues POLLING")] == [t.text for t in query_terms("queue poll")]
    assert len({t.text for t in query_terms("cache caches caching cached")}) == 1
    assert len({t.text for t in query_terms("stop stops stopped stopping")}) == 1
    assert squash("로드 밸런서,  ALB") == "로드밸런서alb"


# ------------------------------------------------------------------------------ search ranking

def test_english_words_rank_the_note_that_is_about_them_first(index):
    assert set(top(index, "long polling", 2)) == {"sqs-long-polling", "sqs-receive-wait-time"}
    assert top(index, "hibernation memory", 1)[0].startswith("hibernation-")
    assert top(index, "sticky sessions", 1) == ["alb-sticky-sessions"]


@pytest.mark.parametrize("query", ["긴 폴링", "긴폴링", "긴 폴링을", "긴폴링에서는"])
def test_korean_particles_and_spacing_do_not_change_the_ranking(index, query):
    assert top(index, query, 2) == top(index, "긴 폴링", 2)
    assert "sqs-long-polling" in top(index, query, 2)


def test_korean_and_english_find_the_same_concept(index):
    assert top(index, "최대 절전 모드를", 1)[0].startswith("hibernation-")
    assert top(index, "고정 세션", 1) == top(index, "sticky sessions", 1)


def test_a_service_name_finds_the_notes_that_drive_or_name_it(index, kb):
    found = top(index, "CDN", 5)  # a name only the exam reader's terms know, for Amazon CloudFront
    assert found and all(
        "Amazon CloudFront" in index.links[n].services or "Amazon CloudFront" in index.mentions(kb.notes[n]) for n in found
    )


def test_words_matched_in_more_fields_of_the_query_rank_higher(index):
    hits = index.search("sqs long polling wait")
    assert hits[0].covered >= hits[-1].covered
    assert [h.covered for h in hits] == sorted((h.covered for h in hits), reverse=True)


def test_search_is_deterministic(index):
    assert [(h.note.id, h.score) for h in index.search("instance")] == [(h.note.id, h.score) for h in index.search("instance")]


# ------------------------------------------------------------------------------ advisor notes

def test_notes_list_by_topic_and_section(cli, kb):
    r = cli("notes", "--format", "json")
    assert r.status == 0
    doc = r.json()
    assert [g["name"] for g in doc["groups"]] == sorted({n.topic for n in kb.notes.values()})
    assert sum(len(g["notes"]) for g in doc["groups"]) == len(kb.notes)
    by_section = cli("notes", "--by", "section", "--topic", "sqs", "--format", "json").json()
    assert {n["topic"] for g in by_section["groups"] for n in g["notes"]} == {"sqs"}
    text = cli("notes", "--topic", "sqs", "--lang", "ko")
    assert text.status == 0 and "sqs-long-polling" in text.stdout and "노트" in text.stdout


def test_one_note_whole_with_what_links_to_it(cli, index):
    r = cli("notes", "sqs-long-polling", "--both", "--format", "json")
    assert r.status == 0
    note = r.json()["note"]
    assert set(note["text"]) == {"en", "ko"} and note["correction"]["refs"]
    assert note["origin"] == "seed" and note["seed_lines"]
    assert "sqs-long-polling" in [x["id"] for x in note["cited_by"]]
    assert "Amazon SQS" in note["services"]
    assert {e["id"] for e in note["exams"]} == {e.id for e in index.links["sqs-long-polling"].exams} != set()
    text = cli("notes", "sqs-long-polling", "--lang", "ko").stdout
    assert "학습 노트" in text and "이 노트를 묻는 문제" in text and "https://docs.aws.amazon.com/" in text


def test_search_output_in_both_forms(cli):
    r = cli("notes", "로드 밸런서를", "--format", "json", "--limit", "3")
    assert r.status == 0
    results = r.json()["results"]
    assert len(results) == 3 and [x["rank"] for x in results] == [1, 2, 3]
    assert all(x["topic"] in ("elb", "autoscaling") for x in results)
    assert "1." in cli("notes", "long polling").stdout


def test_the_index_is_built_once_per_knowledge_base(cli, kb, monkeypatch):
    """Every notes command of a process reads the one index of its base, like its engine."""
    first = cli("notes", "long polling", "--format", "json")
    monkeypatch.setattr(NoteIndex, "__init__", lambda self, kb: pytest.fail("built again"))
    assert NoteIndex.of(kb) is NoteIndex.of(kb)
    assert cli("notes", "long polling", "--format", "json").stdout == first.stdout
    assert cli("notes", "--topic", "sqs").status == 0


def test_a_note_from_the_aws_documentation_says_so(kb, index):
    note = replace(kb.notes["sqs-long-polling"], origin="aws-docs", seed_lines=())
    doc = index.detail(note, Words("en"))
    from advisor.env import make_console

    out = io.StringIO()
    render_note(make_console(out, False), doc, Words("en"))
    assert doc["origin"] == "aws-docs"
    assert "From the AWS documentation (not in the study note)" in out.getvalue()
    assert "From the study note" not in out.getvalue()
    docs_index = NoteIndex(replace(kb, notes={**kb.notes, note.id: note}))
    out = io.StringIO()
    render_list(make_console(out, False), docs_index, docs_index.groups("topic", "sqs"), "topic", Words("en"))
    assert "sqs-long-polling ✎ [AWS docs]" in out.getvalue()


@pytest.mark.parametrize("argv, status, fragment", [
    (["notes", "sqs-long-poling"], 1, "no note has the id 'sqs-long-poling'; did you mean sqs-long-polling"),
    (["notes", "zzzqqq"], 1, "no note matches 'zzzqqq'"),
    (["notes", "--topic", "dns"], 2, "unknown topic"),
    (["notes", "  "], 2, "QUERY is empty"),
    (["progress", "--topic", "dns"], 2, "unknown topic"),
])
def test_bad_input_is_one_line(cli, argv, status, fragment):
    r = cli(*argv)
    assert r.status == status and fragment in r.stderr and r.stderr.count("\n") == 1 and not r.stdout



@pytest.mark.slow
@fuzz(25)
@given(query=st.text(max_size=30) | st.sampled_from(["sqs-", "-", "긴\x00폴링", "\x1b[31m", "Amazon", "노트를", "a" * 500]))
def test_any_query_gives_a_result_or_one_line(query):
    CASES["notes query"] += 1
    r = run("notes", "--format", "json", "--", query)
    assert r.status in (0, 1, 2) and "Traceback" not in r.stderr
    if r.status == 0:
        assert json.loads(r.stdout) and r.stderr == ""
    else:
        assert r.stdout == "" and r.stderr.count("\n") == 1 and "\x1b" not in r.stderr
    text = run("notes", "--limit", "2", "--", query)
    assert text.status == r.status and "\x1b" not in text.stdout

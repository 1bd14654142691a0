"""Study mode (issue 15): `advisor notes` (search in both languages), the study record and its
wrong-answer notebook, `advisor progress`, and the store's safety (interruption, corruption, locks,
two quizzes at once)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.cli import main
from advisor.env import Env
from advisor.explain import bank
from advisor.study import store as storemod
from advisor.present.notes import render_list, render_note
from advisor.present.words import Words
from advisor.study.notes import NoteIndex
from advisor.textnorm import korean_stem, query_terms, squash

ROOT = Path(__file__).resolve().parent.parent


def _one_answer_seed() -> str:
    """A seed whose first English question takes one letter: a scripted "A" then always fits,
    so these tests reach the study record whatever the bank holds."""
    from advisor import kb as kbmod
    from advisor.explain import bank as bankmod

    base = kbmod.builtin()
    exams = bankmod.exams(base, lang="en")
    return next(str(s) for s in range(1000) if bankmod.pick(exams, 1, str(s))[0].choose == 1)


ONE = ["--seed", _one_answer_seed(), "--lang", "en"]



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


# ------------------------------------------------------------------------------ the notebook

@pytest.fixture
def quiz(cli, tmp_path):
    """Run `advisor quiz` (scripted) on a study record in tmp_path/record."""
    data = str(tmp_path / "record")

    def run(*argv, environ=None):
        return cli("quiz", "--data-dir", data, *argv, environ=environ)

    run.dir = Path(data)
    return run


def scripted(items, wrong=()):
    """Answers for ``items``: right, except those at the indices in ``wrong``."""
    out = []
    for i, exam in enumerate(items):
        if i in wrong:
            letters = [k for k, _ in exam.options if k not in exam.answer][: exam.choose]
            out.append("".join(sorted(letters)))
        else:
            out.append("".join(exam.answer))
    return ",".join(out)


def test_the_notebook_keeps_a_miss_until_the_user_removes_it(quiz, kb):
    items = bank.pick(bank.exams(kb, lang="en"), 3, "21")
    missed = items[1]
    r = quiz("--seed", "21", "--answers", scripted(items, wrong={1}))
    assert r.status == 0 and f"[{missed.id}]" in r.stdout and "wrong-answer notebook" in r.stdout
    listed = quiz("--notebook")
    assert missed.id in listed.stdout and "box 1" in listed.stdout
    # drilled and got right: it moves up a box, and stays
    review = quiz("--review", "--answers", "".join(missed.answer))
    assert review.status == 0 and "Score: 1/1" in review.stdout
    assert "box 2" in quiz("--notebook").stdout
    # answered right again in an ordinary quiz: still there
    quiz("--seed", "21", "--answers", scripted(items))
    assert missed.id in quiz("--notebook").stdout
    # missed again: back to box 1, missed twice
    quiz("--review", "--answers", scripted([missed], wrong={0}))
    assert "box 1 · missed 2×" in quiz("--notebook").stdout
    # only the user removes it
    assert quiz("--forget", missed.id).status == 0
    assert "empty" in quiz("--notebook").stdout
    again = quiz("--forget", missed.id)
    assert again.status == 1 and "not in your wrong-answer notebook" in again.stderr
    empty = quiz("--review", "--answers", "A")
    assert empty.status == 0 and "empty" in empty.stdout


def test_clear_empties_the_notebook_and_keeps_the_answers(quiz, kb):
    items = bank.pick(bank.exams(kb, lang="en"), 4, "22")
    quiz("--seed", "22", "--answers", scripted(items, wrong={0, 2}))
    r = quiz("--clear")
    assert r.status == 0 and "(2 question(s))" in r.stdout
    with storemod.open_store(quiz.dir, "t", write=False) as st:
        assert st.notebook() == [] and len(st.answers()) == 4


def test_leitner_order_lowest_box_then_latest_then_most_missed(tmp_path):
    with storemod.open_store(tmp_path, "t", write=True) as st:
        s = st.start_session("quiz", "en", 9)
        for exam, right in [("a", False), ("b", False), ("c", False), ("a", False), ("c", True), ("d", False)]:
            st.record(s, exam, "t", "en", ("A",), right)
        order = [(e.exam, e.box, e.misses) for e in st.notebook()]
    assert order == [("d", 1, 1), ("a", 1, 2), ("b", 1, 1), ("c", 2, 1)]


def test_review_drills_the_notebook_in_its_order(quiz, kb):
    items = bank.pick(bank.exams(kb, lang="en"), 3, "23")
    quiz("--seed", "23", "--answers", scripted(items, wrong={0, 1, 2}))
    with storemod.open_store(quiz.dir, "t", write=False) as st:
        order = [e.exam for e in st.notebook()]
    assert order == [items[2].id, items[1].id, items[0].id]  # the latest miss first
    r = quiz("--review", "--count", "2", "--answers", scripted([kb.exams[i] for i in order[:2]]))
    assert r.status == 0 and "Score: 2/2" in r.stdout


def test_the_notebook_of_another_language_is_named(quiz, kb):
    items = bank.pick(bank.exams(kb, lang="ko"), 1, "24")
    quiz("--lang", "ko", "--seed", "24", "--answers", scripted(items, wrong={0}))
    r = quiz("--review", "--answers", "A")
    assert r.status == 0 and "--lang ko" in r.stdout


# ------------------------------------------------------------------------------ progress

def test_progress_counts_per_topic(quiz, cli, kb):
    items = bank.pick(bank.exams(kb, topic="sqs", lang="en"), 3, "25")
    quiz("--topic", "sqs", "--seed", "25", "--answers", scripted(items, wrong={0}))
    doc = cli("progress", "--data-dir", str(quiz.dir), "--format", "json").json()
    sqs = next(t for t in doc["topics"] if t["topic"] == "sqs")
    assert (sqs["seen"], sqs["right"], sqs["notebook"]) == (3, 2, 1)
    assert sqs["questions"] == len(bank.exams(kb, topic="sqs", lang="en"))
    tested = {n for e in items for n in e.notes}
    assert set(sqs["untested"]) == {n.id for n in kb.notes.values() if n.topic == "sqs"} - tested
    assert doc["total"]["seen"] == 3
    text = cli("progress", "--data-dir", str(quiz.dir), "--lang", "ko").stdout
    assert "학습 진행" in text and "오답노트" in text
    one = cli("progress", "--data-dir", str(quiz.dir), "--topic", "sqs")
    assert all(f"advisor notes {n}" in one.stdout for n in sqs["untested"])


def test_reading_never_creates_the_record(cli, tmp_path):
    where = tmp_path / "nothing-yet"
    assert cli("progress", "--data-dir", str(where)).status == 0
    assert cli("quiz", "--notebook", "--data-dir", str(where)).status == 0
    assert cli("quiz", "--clear", "--data-dir", str(where)).status == 0
    assert cli("quiz", "--forget", "x", "--data-dir", str(where)).status == 1
    assert not where.exists()


def test_the_data_dir_comes_from_the_environment(cli, tmp_path, kb):
    items = bank.pick(bank.exams(kb, lang="en"), 1, "26")
    env = {"ADVISOR_DATA_DIR": str(tmp_path / "env-record")}
    assert cli("quiz", "--seed", "26", "--answers", scripted(items, wrong={0}), environ=env).status == 0
    assert (tmp_path / "env-record" / storemod.FILE).is_file()
    assert items[0].id in cli("quiz", "--notebook", environ=env).stdout


def test_no_record_keeps_nothing(quiz, kb):
    items = bank.pick(bank.exams(kb, lang="en"), 1, "27")
    assert quiz("--no-record", "--seed", "27", "--answers", scripted(items, wrong={0})).status == 0
    assert not quiz.dir.exists()


# ------------------------------------------------------------------------------ safety

def test_ctrl_c_mid_question_keeps_every_answer_given_before(kb, tmp_path):
    items = bank.pick(bank.exams(kb, lang="en"), 4, "28")
    keys = "".join(e.answer[0].lower() if e.choose == 1 else "".join(e.answer).lower() + "\r" for e in items[:2])
    with create_pipe_input() as pipe:
        pipe.send_text(keys + "\x03")
        env = Env(stdin=io.StringIO(""), stdout=io.StringIO(), stderr=io.StringIO(), prompt_input=pipe,
                  prompt_output=DummyOutput(), environ={"ADVISOR_DATA_DIR": str(tmp_path)})
        status = main(["quiz", "--lang", "en", "--count", "4", "--seed", "28"], env=env)
    assert status == 130
    with storemod.open_store(tmp_path, "t", write=False) as st:
        assert [a[1] for a in st.answers()] == [e.id for e in items[:2]]


def test_an_interrupt_inside_a_write_loses_only_that_answer(quiz, kb, monkeypatch):
    items = bank.pick(bank.exams(kb, lang="en"), 3, "29")
    calls = {"n": 0}
    real = storemod._now

    def now():  # the session (1), two right answers (1 each), then the miss: its answer (4), its notebook entry (5)
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        return real()

    monkeypatch.setattr(storemod, "_now", now)
    r = quiz("--seed", "29", "--answers", scripted(items, wrong={2}))
    assert r.status == 130 and "interrupted" in r.stderr
    with storemod.open_store(quiz.dir, "t", write=False) as st:
        assert [a[1] for a in st.answers()] == [items[0].id, items[1].id]
        assert st.notebook() == []


@pytest.mark.parametrize("content", [
    b"this is not a database at all" * 40,
    b"SQLite format 3\x00" + b"\xff" * 2000,
])
def test_a_corrupt_record_is_refused_in_one_line_and_left_untouched(cli, tmp_path, content):
    path = tmp_path / storemod.FILE
    path.write_bytes(content)
    for argv in (["quiz", "--answers", "A", "--count", "1", *ONE], ["progress"], ["quiz", "--notebook"], ["quiz", "--clear"]):
        r = cli(*argv, "--data-dir", str(tmp_path))
        assert r.status == 1, (argv, r.stderr)
        assert r.stderr.count("\n") == 1 and str(path) in r.stderr and "Traceback" not in r.stderr
        assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == [storemod.FILE]


def test_another_database_or_a_newer_record_is_refused(cli, tmp_path):
    foreign = tmp_path / "a"
    foreign.mkdir()
    with sqlite3.connect(foreign / storemod.FILE) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
    newer = tmp_path / "b"
    with storemod.open_store(newer, "t", write=True):
        pass
    with sqlite3.connect(newer / storemod.FILE) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    for where, fragment in ((foreign, "not an arch-advisor study record"), (newer, "newer arch-advisor")):
        before = (where / storemod.FILE).read_bytes()
        r = cli("quiz", "--answers", "A", "--count", "1", *ONE, "--data-dir", str(where))
        assert r.status == 1 and fragment in r.stderr and r.stderr.count("\n") == 1
        assert (where / storemod.FILE).read_bytes() == before


def test_a_locked_record_is_refused_in_one_line_and_left_untouched(cli, tmp_path, kb, monkeypatch):
    items = bank.pick(bank.exams(kb, lang="en"), 2, "30")
    with storemod.open_store(tmp_path, "t", write=True) as st:
        st.record(st.start_session("quiz", "en", 1), items[0].id, items[0].topic, "en", ("A",), False)
    path = tmp_path / storemod.FILE
    before = path.read_bytes()
    monkeypatch.setattr(storemod, "TIMEOUT", 0.1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        for argv in (["quiz", "--seed", "30", "--answers", scripted(items)], ["progress"], ["quiz", "--forget", items[0].id]):
            r = cli(*argv, "--data-dir", str(tmp_path))
            assert r.status == 1 and "locked" in r.stderr and r.stderr.count("\n") == 1, (argv, r.stderr)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize("make", ["file", "env-file"])
def test_a_bad_data_dir_is_a_usage_error(cli, tmp_path, make):
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    if make == "file":
        r = cli("progress", "--data-dir", str(blocker))
        assert f"--data-dir {blocker}: is a file, not a folder" in r.stderr
    else:
        r = cli("quiz", "--answers", "A", "--count", "1", *ONE, environ={"ADVISOR_DATA_DIR": str(blocker / "sub")})
        assert "ADVISOR_DATA_DIR=" in r.stderr
    assert r.status == 2 and r.stderr.count("\n") == 1


def test_two_stores_interleaved_keep_every_answer(tmp_path):
    a = storemod.open_store(tmp_path, "t", write=True)
    b = storemod.open_store(tmp_path, "t", write=True)
    try:
        sa, sb = a.start_session("quiz", "en", 5), b.start_session("quiz", "en", 5)
        for i in range(5):
            a.record(sa, f"x{i}", "t", "en", ("A",), i % 2 == 0)
            b.record(sb, f"x{i}", "t", "en", ("B",), False)
        assert len(a.answers(sa)) == len(b.answers(sb)) == 5 and len(a.answers()) == 10
        assert {e.exam: e.misses for e in a.notebook()} == {"x0": 1, "x1": 2, "x2": 1, "x3": 2, "x4": 1}
    finally:
        a.close()
        b.close()


@pytest.mark.slow
def test_two_quizzes_at_once(tmp_path, kb):
    """Two processes answer into the same (new) record at the same time: nothing is lost."""
    env = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path / "shared"), "PYTHONPATH": str(ROOT)}
    runs = []
    for seed in ("31", "32"):
        items = bank.pick(bank.exams(kb, lang="en"), 12, seed)
        argv = [sys.executable, "-m", "advisor", "quiz", "--lang", "en", "--seed", seed, "--count", "12",
                "--answers", scripted(items, wrong={0, 5, 10})]
        runs.append((items, subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)))
    for _, proc in runs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    with storemod.open_store(tmp_path / "shared", "t", write=False) as st:
        answers = st.answers()
        sessions = {a[0] for a in answers}
        assert len(answers) == 24 and len(sessions) == 2
        kept = {a[1] for a in answers}
        assert kept == {e.id for items, _ in runs for e in items}
        missed = {items[i].id for items, _ in runs for i in (0, 5, 10)}
        assert {e.exam for e in st.notebook()} == missed


# ------------------------------------------------------------------------------ fuzzed input

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzzing import CASES, fuzz, run  # noqa: E402


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


@fuzz(20)
@given(raw=st.text(min_size=1, max_size=20).filter(lambda s: "\x00" not in s))
def test_any_data_dir_gives_a_result_or_one_line(tmp_path_factory, raw):
    CASES["data dir"] += 1
    base = tmp_path_factory.mktemp("dd")
    r = run("progress", "--data-dir", str(base / raw), "--format", "json")
    assert r.status in (0, 1, 2) and "Traceback" not in r.stderr
    assert (r.status == 0) == (r.stderr == "")


def test_a_usage_error_makes_no_record(cli, tmp_path):
    where = tmp_path / "not-yet"
    r = cli("quiz", "--answers", "A,B", "--count", "3", "--data-dir", str(where))
    assert r.status == 2 and not where.exists()
    r = cli("quiz", "--review", "--no-record", "--answers", "A", "--data-dir", str(where))
    assert r.status == 2 and "leave out --no-record" in r.stderr and not where.exists()

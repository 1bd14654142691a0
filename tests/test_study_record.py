"""Study mode (issue 15), the study record: the wrong-answer notebook, `advisor progress`, where
the record lives, and that reading or a usage error never creates it."""

from __future__ import annotations


import pytest
from conftest import scripted
from fuzzing import CASES, fuzz, run
from hypothesis import given
from hypothesis import strategies as st

from advisor.explain import bank
from advisor.study import store as storemod


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



@pytest.mark.slow
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

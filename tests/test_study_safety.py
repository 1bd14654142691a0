"""Study mode (issue 15), the store's safety: interruption, corruption, another database, locks,
bad data folders, and two quizzes at once."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys

import pytest
from conftest import ROOT, scripted
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.cli import main
from advisor.env import Env
from advisor.explain import bank
from advisor.study import store as storemod


def _one_answer_seed() -> str:
    """A seed whose first English question takes one letter: a scripted "A" then always fits,
    so these tests reach the study record whatever the bank holds."""
    from advisor import kb as kbmod
    from advisor.explain import bank as bankmod

    base = kbmod.builtin()
    exams = bankmod.exams(base, lang="en")
    return next(str(s) for s in range(1000) if bankmod.pick(exams, 1, str(s))[0].choose == 1)


ONE = ["--seed", _one_answer_seed(), "--lang", "en"]


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

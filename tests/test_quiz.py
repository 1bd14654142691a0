"""`advisor quiz`: questionary driven through prompt_toolkit's pipe input, scripted answers, Ctrl-C."""

from __future__ import annotations

import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.cli import main
from advisor.env import Env
from advisor.explain import bank


def run_quiz(keys: str, *argv: str):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        out, err = io.StringIO(), io.StringIO()
        env = Env(stdin=io.StringIO(""), stdout=out, stderr=err, prompt_input=pipe, prompt_output=DummyOutput())
        status = main(["quiz", *argv], env=env)
    return status, out.getvalue(), err.getvalue()


def planned(kb, count, seed, **filters):
    return bank.pick(bank.exams(kb, **filters), count, seed)


def keys_for(exam, letters):
    """Keystrokes that answer ``exam`` with ``letters``."""
    if exam.choose == 1:
        return letters[0].lower() + "\r"
    keys = ""
    for i, (key, _) in enumerate(exam.options):
        if i:
            keys += "\x1b[B"  # arrow down
        if key in letters:
            keys += " "
    return keys + "\r"


def test_a_session_asks_checks_explains_and_sums_up(kb):
    items = planned(kb, 3, "11", topic="vpc", lang="en")
    wrong = next(k for k, _ in items[0].options if k not in items[0].answer)
    keys = keys_for(items[0], [wrong]) + "".join(keys_for(e, list(e.answer)) for e in items[1:])
    status, out, err = run_quiz(keys, "--topic", "vpc", "--lang", "en", "--count", "3", "--seed", "11")
    assert status == 0, err
    assert out.count("Question ") == 3 and "Question 1/3 · vpc" in out
    assert f"Not quite: the answer is {', '.join(items[0].answer)} (you chose: {wrong})" in out
    assert out.count("Right.") == 2
    assert "Score: 2/3" in out
    review = out.split("Notes to review")[1]
    for note in items[0].notes:
        assert note in review


def test_choose_two_uses_a_checkbox(kb):
    two = [e for e in bank.exams(kb, lang="en") if e.choose == 2]
    seed = next(str(s) for s in range(500) if planned(kb, 1, str(s), lang="en")[0].choose == 2)
    exam = planned(kb, 1, seed, lang="en")[0]
    assert exam in two
    status, out, _ = run_quiz(keys_for(exam, list(exam.answer)), "--lang", "en", "--count", "1", "--seed", seed)
    assert status == 0 and "Right." in out and "Score: 1/1" in out
    assert "choose 2" in out


def test_ctrl_c_ends_with_the_summary_so_far(kb):
    items = planned(kb, 3, "5", lang="ko")
    status, out, err = run_quiz(keys_for(items[0], list(items[0].answer)) + "\x03", "--lang", "ko", "--count", "3", "--seed", "5")
    assert status == 130
    assert "점수: 1/1" in out and "중단: 1/3" in out
    assert "Traceback" not in out + err


def test_without_a_terminal_it_refuses_in_one_line(cli):
    r = cli("quiz")
    assert r.status == 2 and "needs a terminal" in r.stderr and r.stderr.count("\n") == 1


def test_scripted_answers(cli, kb):
    items = planned(kb, 4, "3", lang="en")
    answers = ",".join("".join(e.answer) for e in items)
    r = cli("quiz", "--seed", "3", "--lang", "en", "--answers", answers)
    assert r.status == 0 and "Score: 4/4" in r.stdout
    again = cli("quiz", "--seed", "3", "--lang", "en", "--answers", answers)
    assert again.stdout == r.stdout


@pytest.mark.parametrize("argv, fragment", [
    (["--topic", "dns"], "unknown topic"),
    (["--answers", "A,B", "--count", "3"], "gives 2 answer(s) for 3 question(s)"),
    (["--answers", "A1"], "is not a set of option letters"),
])
def test_bad_options_are_usage_errors(cli, argv, fragment):
    r = cli("quiz", *argv)
    assert r.status == 2 and fragment in r.stderr


def test_count_must_be_positive(cli):
    r = cli("quiz", "--count", "0")
    assert r.status == 2 and "expected at least 1" in r.stderr  # usage errors go to the command's stderr


def test_a_scripted_answer_must_fit_its_question(cli, kb):
    exam = planned(kb, 1, "9")[0]
    wrong_count = "ABC" if exam.choose == 1 else "A"
    r = cli("quiz", "--seed", "9", "--answers", wrong_count)
    assert r.status == 2 and f"does not fit question {exam.id}" in r.stderr

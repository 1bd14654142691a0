"""Ctrl-C at any point of a consultation loses nothing: interrupted at each prompt in turn (every
question, and the menu after the report), and in the middle of writing the save file, the file
always holds a whole answer set: every answer given so far, and resuming asks only the rest."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest
from consult_driver import PipedPrompter, answering, parts_agreeing
from prompt_toolkit.input import create_pipe_input

from advisor import kb as kbmod
from advisor.cli import build_parser
from advisor.commands import consult as consult_command
from advisor.consult.questions_asked import load_scenarios
from advisor.consult.parts import implied
from advisor.consult.selection import Agenda, simulate
from advisor.answers import load_answers
from advisor.env import Env
from advisor.errors import ExitStatus

KB = kbmod.builtin()
SCENARIOS = dict(load_scenarios(KB, Path(__file__).parent / "scenarios"))
FULL = SCENARIOS["web-tier-behind-alb"]
#: the command first asks which parts the design has: the simulated user ticks those that agree
#: with FULL (here an EC2 fleet behind a load balancer, which answers load_balancer = yes)
PARTS = parts_agreeing(KB, FULL)
ORDER, _ = simulate(Agenda(KB), FULL, PARTS)
IMPLIED = implied(KB, PARTS)
#: where a fresh consultation is interrupted (len(ORDER): at the menu after the report)
FRESH = {1, len(ORDER) // 2, len(ORDER) - 1, len(ORDER)}


class _Tty(io.StringIO):
    def isatty(self):
        return True


def consult(argv, script, menu=None):
    args = build_parser().parse_args(["consult", *argv])
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=_Tty(), stdout=out, stderr=err, environ={"LANG": "C"})
    with create_pipe_input() as pipe:
        prompter = PipedPrompter("en", pipe, script, menu, parts=PARTS)
        status = consult_command.run(args, env, prompter=prompter)
    return status, out.getvalue(), err.getvalue(), prompter


def ctrl_c_at(n):
    script = answering(FULL)
    return lambda q, i: "\x03" if i == n else script(q, i)


def given(traits):
    """The answers saved after ``traits`` were answered: theirs and those the parts gave."""
    answers = {**IMPLIED, **{t: FULL[t] for t in traits if FULL.get(t) is not None}}
    unknown = {t for t in traits if FULL.get(t) is None}
    return answers, unknown


def _no_temporary_files(directory: Path) -> None:
    assert not [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_ctrl_c_at_every_prompt_in_turn(tmp_path, monkeypatch):
    """Answer one question, Ctrl-C at the next, resume from the saved file, and so on: every
    question is interrupted once, then the menu after the report. After each run the file holds
    exactly the answers given so far."""
    monkeypatch.chdir(tmp_path)
    save = tmp_path / "answers.json"
    script = answering(FULL)
    asked: list[str] = []
    for n in range(len(ORDER)):
        resume = ["--answers", str(save)] if n else []
        last = n == len(ORDER) - 1
        status, out, err, prompter = consult(
            [*resume, "--save", str(save)], lambda q, i: "\x03" if i == 1 else script(q, i), menu=["\x03"] if last else None
        )
        if last:  # Ctrl-C at the menu after the report of a finished consultation: no interruption
            assert status == ExitStatus.OK, err
            # the line may wrap before the path (a longer temporary folder, as under pytest-xdist)
            assert "Stopped." not in out and f"Answers saved to {save}" in " ".join(out.split())
        else:
            assert status == ExitStatus.INTERRUPTED, err
            assert "Stopped." in out
        assert "Traceback" not in out + err
        asked += prompter.prompts[:1]
        assert prompter.prompts[1:] == ([] if last else [ORDER[n + 1]])  # interrupted at the next question
        _, answers, unknown = load_answers(KB, str(save))
        assert (answers, unknown) == given(ORDER[: n + 1])
        _no_temporary_files(tmp_path)
    assert asked == ORDER
    assert "Consultation report" in out  # the last run reached the report before the menu


#: the quick loop (-m "not slow") interrupts at the first question and at the menu; the rest is volume
@pytest.mark.parametrize("n", [n if n in (1, len(ORDER)) else pytest.param(n, marks=pytest.mark.slow) for n in sorted(FRESH | {0})])
def test_ctrl_c_in_a_fresh_consultation_saves_every_answer_given(tmp_path, monkeypatch, n):
    """n < len(ORDER): Ctrl-C at question n+1; n == len(ORDER): at the menu after the report."""
    monkeypatch.chdir(tmp_path)
    save = tmp_path / "answers.json"
    menu = ["\x03"] if n == len(ORDER) else None
    status, out, err, prompter = consult(["--save", str(save)], ctrl_c_at(n), menu)
    assert status == (ExitStatus.OK if n == len(ORDER) else ExitStatus.INTERRUPTED), err
    assert "Traceback" not in out + err
    assert prompter.prompts[:n] == ORDER[:n]
    _no_temporary_files(tmp_path)
    _, answers, unknown = load_answers(KB, str(save))
    assert (answers, unknown) == given(ORDER[:n])
    # resuming asks only what is left, and ends where an uninterrupted consultation ends
    status, out, err, again = consult(["--answers", str(save), "--save", str(save)], answering(FULL))
    assert status == ExitStatus.OK, err
    assert again.prompts == ORDER[n:]
    _, answers, unknown = load_answers(KB, str(save))
    assert (answers, unknown) == given(ORDER)


@pytest.mark.parametrize("n", [1, 3])
def test_ctrl_c_at_each_prompt_without_save_writes_a_new_file(tmp_path, monkeypatch, n):
    monkeypatch.chdir(tmp_path)
    status, out, err, _ = consult([], ctrl_c_at(n))
    assert status == ExitStatus.INTERRUPTED
    _, answers, unknown = load_answers(KB, str(tmp_path / "advisor-answers.json"))
    assert (answers, unknown) == given(ORDER[:n])
    _no_temporary_files(tmp_path)


@pytest.mark.parametrize("step", ["fsync", "replace"])
@pytest.mark.parametrize("at", [1, 2, 5])
def test_ctrl_c_while_the_save_is_written(tmp_path, monkeypatch, step, at):
    """Ctrl-C lands inside the save after answer ``at``: the file on disk is still the previous
    whole answer set, and the rescue that follows writes every answer, that one included."""
    import advisor.atomic as answers_module

    monkeypatch.chdir(tmp_path)
    save = tmp_path / "answers.json"
    real = getattr(answers_module.os, step)
    calls = {"n": 0}
    seen_on_disk = {}

    def interrupting(*args, **kwargs):
        if step == "fsync" and not stat.S_ISREG(os.fstat(args[0]).st_mode):
            return real(*args, **kwargs)  # the directory's fsync, after the rename
        calls["n"] += 1
        if calls["n"] == at:
            seen_on_disk["before"] = save.read_text(encoding="utf-8") if save.exists() else None
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(answers_module.os, step, interrupting)
    status, out, err, prompter = consult(["--save", str(save)], answering(FULL))
    assert status == ExitStatus.INTERRUPTED, err
    # while the interrupted save was being written, the file held the answers before it
    # (the first save is the choice of the design's parts, then one per answer)
    if at == 1:
        assert seen_on_disk["before"] is None
    else:
        before = json.loads(seen_on_disk["before"])
        assert before.pop("_consultation")["order"] == ORDER[: at - 2]
        assert set(before) == set(ORDER[: at - 2]) | set(IMPLIED)
    # and the rescue saved everything given, the choice of parts and ``at - 1`` answers
    _, answers, unknown = load_answers(KB, str(save))
    assert (answers, unknown) == given(ORDER[: at - 1])
    _no_temporary_files(tmp_path)


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGHUP"])
def test_a_terminating_signal_saves_like_ctrl_c(tmp_path, monkeypatch, signame):
    """Issue 14 #8: without --save, SIGTERM/SIGHUP lost every answer (only Ctrl-C saved). They now
    arrive as advisor.signals.Terminated, a KeyboardInterrupt, and the answers are saved."""
    import signal

    from advisor.signals import Terminated

    monkeypatch.chdir(tmp_path)
    script = answering(FULL)

    def hang_up(q, i):
        if i == 3:
            raise Terminated(getattr(signal, signame))
        return script(q, i)

    status, out, err, _ = consult([], hang_up)
    assert status == ExitStatus.INTERRUPTED
    saved = tmp_path / "advisor-answers.json"
    assert saved.exists(), out
    _, answers, unknown = load_answers(KB, str(saved))
    # the answers the chosen parts gave, and the three questions answered before the signal
    assert set(IMPLIED) <= set(answers)
    assert len(set(answers) - set(IMPLIED)) + len(unknown) == 3

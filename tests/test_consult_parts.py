"""The consultation starts from what the design contains (issue 12): the parts multi-select,
saving at the end as safely as Ctrl-C, the language and order in the file, Back across a resume,
and Ctrl-C at the last menu."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from consult_driver import assert_saved_reaches, conclusions, known, answering, session
from prompt_toolkit.input import create_pipe_input

from advisor import kb as kbmod
from advisor.commands import consult as consult_command
from advisor.consult.questions_asked import load_scenarios, scenario_parts
from advisor.consult.parts import implied, out_of_scope
from advisor.consult.selection import Agenda, simulate
from advisor.answers import load_consultation
from advisor.env import Env
from advisor.errors import ExitStatus

KB = kbmod.builtin()
DIR = Path(__file__).parent / "scenarios"
SCENARIOS = dict(load_scenarios(KB, DIR))
PARTS = scenario_parts(DIR)


#: one scenario in the quick loop (-m "not slow"), the others are volume
@pytest.mark.parametrize("name", ["serverless-api", *(pytest.param(name, marks=pytest.mark.slow)
                                                     for name in ("web-tier-behind-alb", "global-static-site", "clickstream-kinesis"))])
def test_a_consultation_from_the_designs_parts_equals_evaluate_on_its_saved_answers(tmp_path, name, cli):
    full, parts = SCENARIOS[name], PARTS[name]
    save = tmp_path / "a.json"
    with create_pipe_input() as pipe:
        s, prompter, out = session(KB, pipe, answering(full), save_path=save, parts=list(parts), ask_parts=True)
        ev = s.run()
    reached = [c.rule.id for c in ev.conclusions]
    assert reached == conclusions(known(full))  # the full questionnaire's conclusions
    # no question of an absent part was asked, and fewer questions than the questionnaire
    assert not set(prompter.prompts) & out_of_scope(KB, parts)
    assert prompter.prompts == simulate(Agenda(KB), full, parts)[0]
    assert len(prompter.prompts) + 1 <= 0.65 * len(KB.questions)  # a big design; the average is the 40% figure
    # the saved file: the parts' answers, the answers given, and how the consultation went
    saved = json.loads(save.read_text(encoding="utf-8"))
    meta = saved.pop("_consultation")
    assert meta == {"lang": "en", "parts": list(parts), "order": prompter.prompts}
    assert implied(KB, parts).items() <= saved.items()
    # evaluate on the saved file reaches exactly the consultation's conclusions
    r = cli("evaluate", str(save), "--format", "json")
    assert r.status == 0, r.stderr
    assert [c["rule"] for c in r.json()["results"][0]["conclusions"]] == reached
    assert "The design contains:" in out.getvalue()


def test_absent_parts_leave_their_questions_unknown_as_dont_know_does():
    full = SCENARIOS["web-tier-behind-alb"]
    hidden = out_of_scope(KB, PARTS["web-tier-behind-alb"])
    assert {"uses_lambda", "kinesis_throttled", "empty_receives"} <= hidden
    agenda = Agenda(KB)
    answers = {**implied(KB, PARTS["web-tier-behind-alb"])}
    # exactly what answering "don't know" to each of them gives
    assert agenda.in_play(answers, hidden) == agenda.in_play(answers, set(hidden))
    assert not {item.trait for item in agenda.in_play(answers, hidden)} & hidden
    assert conclusions(known(full)) == conclusions({t: v for t, v in known(full).items() if t not in hidden})


def test_back_from_the_first_question_returns_to_the_choice_of_parts(tmp_path):
    full = SCENARIOS["serverless-api"]
    script = answering(full)
    first = []

    def typed(q, i):
        if i == 0:
            first.append(q.trait)
            return "b"
        return script(q, i)

    typed.full = full
    with create_pipe_input() as pipe:
        # first tick a queue by mistake, go back from the first question, then tick the real parts
        s, prompter, out = session(KB, pipe, typed, parts=[["queue"], list(PARTS["serverless-api"])], ask_parts=True)
        ev = s.run()
    assert prompter.parts_shown == 2
    assert "decouple_components" not in s.answers  # the queue's answer was undone
    assert s.parts == PARTS["serverless-api"]
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))


class _Tty(io.StringIO):
    def isatty(self):
        return True


def run_command(argv, script, *, parts=None, menu=None, environ=None):
    from consult_driver import PipedPrompter

    parser = argparse.ArgumentParser()
    consult_command.register(parser.add_subparsers())
    args = parser.parse_args(["consult", *argv])
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=_Tty(), stdout=out, stderr=err, environ=environ or {"LANG": "C"})
    with create_pipe_input() as pipe:
        prompter = PipedPrompter(args.lang or "en", pipe, script, menu, parts=parts)
        status = consult_command.run(args, env, prompter=prompter)
    return status, out.getvalue(), err.getvalue(), prompter


def test_finishing_without_save_keeps_the_answers_in_a_new_file_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "advisor-answers.json").write_text("{}\n", encoding="utf-8")  # never overwritten
    full = SCENARIOS["global-static-site"]
    status, out, err, _ = run_command([], answering(full), parts=list(PARTS["global-static-site"]))
    assert status == ExitStatus.OK, err
    assert (tmp_path / "advisor-answers.json").read_text(encoding="utf-8") == "{}\n"
    assert "Answers saved to advisor-answers-2.json (a new file: nothing was overwritten)." in out
    assert "advisor evaluate advisor-answers-2.json" in out
    assert_saved_reaches(KB, "advisor-answers-2.json", full)


def test_korean_is_recorded_and_the_resume_hint_keeps_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["serverless-api"]
    script = answering(full)
    status, out, _, _ = run_command(["--lang", "ko"], lambda q, i: "\x03" if i == 2 else script(q, i), parts=list(PARTS["serverless-api"]))
    assert status == ExitStatus.INTERRUPTED
    assert "advisor consult --answers advisor-answers.json --save advisor-answers.json --lang ko" in out
    _, _, _, meta = load_consultation(KB, "advisor-answers.json")
    assert meta["lang"] == "ko" and len(meta["order"]) == 2
    # resumed without --lang (and an English locale): the file's language goes on
    status, out, _, _ = run_command(["--answers", "advisor-answers.json"], lambda q, i: "\x03")
    assert "이어서 진행합니다" in out and "arch-advisor 상담" in out


def test_back_works_across_a_resume(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["web-tier-behind-alb"]
    parts = list(PARTS["web-tier-behind-alb"])
    script = answering(full)
    status, _, _, first = run_command(["--save", "a.json"], lambda q, i: "\x03" if i == 3 else script(q, i), parts=parts)
    assert status == ExitStatus.INTERRUPTED
    before = first.prompts[:3]
    # resume, and press Back at once: the last answer of the earlier run is asked again
    status, out, err, again = run_command(
        ["--answers", "a.json", "--save", "a.json"], lambda q, i: "b" if i == 0 else script(q, i)
    )
    assert status == ExitStatus.OK, err
    assert again.prompts[1] == before[-1]
    assert "Back to the previous question" in out and "nothing to go back to" not in out
    _, saved, _, meta = load_consultation(KB, "a.json")
    assert meta["order"][:3] == before
    assert conclusions(saved) == conclusions(known(full))


def test_ctrl_c_at_the_last_menu_is_not_an_interruption(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["global-static-site"]
    status, out, err, _ = run_command(["--save", "a.json"], answering(full), parts=list(PARTS["global-static-site"]), menu=["\x03"])
    assert status == ExitStatus.OK, err
    assert "Stopped." not in out and "Resume with" not in out
    assert "Answers saved to a.json." in out

"""Whole consultations through the real prompts: answers, WHY, Back, don't know, Ctrl-C, resume."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from consult_driver import answering, keys_for, parts_agreeing, session
from prompt_toolkit.input import create_pipe_input

from advisor import kb as kbmod
from advisor.commands import consult as consult_command
from advisor.consult.questions_asked import load_scenarios
from advisor.consult.selection import Agenda, simulate
from advisor.answers import load_answers
from advisor.engine import engine_for
from advisor.env import Env
from advisor.errors import ExitStatus
from advisor.present.words import Words

KB = kbmod.builtin()
SCENARIOS = dict(load_scenarios(KB, Path(__file__).parent / "scenarios"))


def conclusions(answers):
    return [c.rule.id for c in engine_for(KB).evaluate(answers).conclusions]


def known(full):
    return {t: v for t, v in full.items() if v is not None}


@pytest.mark.parametrize("name", ["serverless-api", "hibernate-large-cache", "licensed-oracle-database", "unsure-newcomer"])
def test_a_full_consultation_reaches_the_full_questionnaires_conclusions(tmp_path, name):
    full = SCENARIOS[name]
    save = tmp_path / "answers.json"
    with create_pipe_input() as pipe:
        s, prompter, out = session(KB, pipe, answering(full), save_path=save)
        ev = s.run()
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))
    expected_order, _ = simulate(Agenda(KB), full)
    assert prompter.prompts == expected_order
    _, saved, dont_know = load_answers(KB, str(save))
    assert saved == {t: full[t] for t in prompter.prompts if full.get(t) is not None}
    assert dont_know == {t for t in prompter.prompts if full.get(t) is None}
    assert "No other answer can change a conclusion" in out.getvalue()


def test_the_report_has_how_for_every_conclusion_and_offers_why_not(tmp_path):
    full = SCENARIOS["small-photo-uploads"]
    with create_pipe_input() as pipe:
        # menu: pick "Why not" AWS WAF by filtering, then Done (the default)
        s, prompter, out = session(KB, pipe, answering(full), menu=["waf\r", "\r"])
        ev = s.run()
        s.report(ev, "Consultation report")
        s.explore(ev)
    text = out.getvalue()
    assert "How each conclusion was reached" in text
    for c in ev.conclusions:
        assert f"rule {c.rule.id} · step {c.step.number}" in text
    assert "Why not AWS WAF?" in text
    assert "geo_restriction = yes" in text and "Smallest change" in text
    assert prompter.menus == 2


def test_korean_consultation(tmp_path):
    full = SCENARIOS["global-static-site"]
    with create_pipe_input() as pipe:
        s, prompter, out = session(KB, pipe, answering(full), lang="ko", menu=["\r"])
        ev = s.run()
        s.report(ev, "상담 보고서")
        s.explore(ev)
    text = out.getvalue()
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))
    assert "질문 1" in text and "상담 보고서" in text and "각 결론에 이른 과정" in text
    assert "Question 1" not in text


def test_why_is_a_few_lines_then_the_full_reasoning_on_a_second_press():
    full = SCENARIOS["global-static-site"]
    script = answering(full)
    with create_pipe_input() as pipe:
        s, prompter, out = session(KB, pipe, lambda q, i: "?" if i in (0, 1) else script(q, i))
        ev = s.run()
    first = prompter.prompts[0]
    assert prompter.prompts[1] == prompter.prompts[2] == first  # asked again after each WHY
    text = out.getvalue()
    needing = Agenda(KB).needing(first, {}, set())
    # the first ? : 3 to 5 lines, what each answer could lead to (kinds and services)
    from advisor.consult.why_asked import why, why_brief

    lines = why_brief(s.agenda, first, why(s.agenda, engine_for(KB).evaluate({}), first, {}, set()), {}, set(), Words("en"))
    assert 3 <= len(lines) <= 5, lines
    assert f"{len(needing)} conclusion(s) not reached yet depend on it" in lines[0]
    assert lines[1].startswith("  Yes → recommend: ") and lines[2] == "  No → none of these conclusions"
    assert lines[-1] == "Press ? again for the full reasoning (rules, premises and notes)."
    brief = text[text.index(f"Why this question ({first}):"):text.index("Press ? again")]
    assert " ".join(brief.split()) == " ".join(" ".join(lines[:-1]).split())  # printed as built
    assert "rule " not in brief and "note " not in brief
    # the second ? at the same question: the full tree, rules, premises and notes
    full_tree = text[text.index("Press ? again"):]
    assert f"Why this question ({first})" in full_tree
    for rule in needing:
        assert f"rule {rule.id}" in full_tree
    assert "← this question" in full_tree and "note " in full_tree
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))


def test_back_changes_an_answer_and_what_depended_on_it_is_recomputed(tmp_path):
    # Say yes to uses_lambda, then go back at the next question and say no: the Lambda questions
    # that followed from yes must not be asked.
    full = dict(SCENARIOS["nothing-applies"])
    asked = simulate(Agenda(KB), full)[0]
    save = tmp_path / "a.json"
    typed = []

    def script(q, i):
        if q.trait == "uses_lambda" and "uses_lambda" not in typed:
            typed.append("uses_lambda")
            return "y"
        if len(typed) == 1:
            typed.append("back")
            return "b"
        return keys_for(q, full.get(q.trait))

    assert "uses_lambda" in asked[:4]  # asked early, whatever the exact order of the first questions
    with create_pipe_input() as pipe:
        s, prompter, out = session(KB, pipe, script, save_path=save)
        ev = s.run()
    at = prompter.prompts.index("uses_lambda")
    assert prompter.prompts[at + 2] == "uses_lambda"  # asked again after Back
    assert "Back to the previous question" in out.getvalue()
    assert not {"shared_code", "cold_start_sensitive", "spiky_traffic", "private_resources"} & set(prompter.prompts)
    _, saved, _ = load_answers(KB, str(save))
    assert saved["uses_lambda"] is False
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))


def test_back_on_the_first_question_does_nothing():
    full = SCENARIOS["global-static-site"]
    script = answering(full)
    with create_pipe_input() as pipe:
        # 'b' is not bound on the first question (nothing to go back to): the answer that follows counts
        s, prompter, out = session(KB, pipe, lambda q, i: "b" + script(q, i) if i == 0 else script(q, i))
        s.run()
    first = prompter.prompts[0]
    assert prompter.prompts.count(first) == 1
    assert s.answers[first] == full[first]
    assert "Back to the previous question" not in out.getvalue()


def test_the_session_refuses_back_with_no_history():
    from advisor.consult.prompter import BACK, Reply

    full = SCENARIOS["global-static-site"]

    class Stubborn:
        """A prompter that asks for Back once before the first answer."""

        def __init__(self):
            self.calls = 0

        def ask(self, q, **kwargs):
            self.calls += 1
            if self.calls == 1:
                assert kwargs["can_go_back"] is False
                return Reply(BACK)
            from advisor.consult.prompter import ANSWER, UNKNOWN

            value = full.get(q.trait)
            return Reply(UNKNOWN) if value is None else Reply(ANSWER, value)

    from consult_driver import console
    from advisor.consult.session import Consultation

    con, out = console()
    s = Consultation(kb=KB, prompter=Stubborn(), console=con)
    s.run()
    assert "nothing to go back to" in out.getvalue()
    assert s.history == simulate(Agenda(KB), full)[0]


def test_dont_know_is_saved_as_null_and_never_asked_again(tmp_path):
    full = dict(SCENARIOS["hibernate-large-cache"])
    full["ram_gb"] = None
    save = tmp_path / "a.json"
    with create_pipe_input() as pipe:
        s, prompter, _ = session(KB, pipe, answering(full), save_path=save)
        ev = s.run()
    assert prompter.prompts.count("ram_gb") == 1
    assert json.loads(save.read_text())["ram_gb"] is None
    fired = {c.rule.id for c in ev.conclusions}
    assert not {"hibernation-ram-too-large", "hibernation-setup", "hibernation-alternative"} & fired
    assert "hibernation-instance-store" in fired


def test_ctrl_c_saves_the_answers_given_so_far_and_resume_asks_only_the_rest(tmp_path):
    full = SCENARIOS["web-tier-behind-alb"]
    script = answering(full)
    save = tmp_path / "a.json"
    with create_pipe_input() as pipe:
        s, prompter, _ = session(KB, pipe, lambda q, i: "\x03" if i == 5 else script(q, i), save_path=save)
        with pytest.raises(KeyboardInterrupt):
            s.run()
        assert s.rescue() == save
    given = prompter.prompts[:5]
    _, saved, dont_know = load_answers(KB, str(save))
    assert set(saved) | dont_know == set(given)

    with create_pipe_input() as pipe:
        s2, prompter2, out = session(KB, pipe, script, save_path=save, answers=saved, unknown=dont_know)
        ev = s2.run()
    assert not set(prompter2.prompts) & set(given)
    assert len(given) + len(prompter2.prompts) == len(simulate(Agenda(KB), full)[0])
    assert [c.rule.id for c in ev.conclusions] == conclusions(known(full))
    assert "Question 6" in out.getvalue()  # numbering goes on from the saved answers


def test_interrupt_without_save_writes_a_new_file_and_never_overwrites(tmp_path):
    (tmp_path / "advisor-answers.json").write_text("precious", encoding="utf-8")
    script = answering(SCENARIOS["serverless-api"])
    with create_pipe_input() as pipe:
        s, prompter, _ = session(KB, pipe, lambda q, i: "\x04" if i == 2 else script(q, i), rescue_dir=tmp_path)
        with pytest.raises(EOFError):
            s.run()
        path = s.rescue()
    assert (tmp_path / "advisor-answers.json").read_text(encoding="utf-8") == "precious"
    assert path == tmp_path / "advisor-answers-2.json"
    _, saved, dont_know = load_answers(KB, str(path))
    assert len(saved) + len(dont_know) == 2


def test_interrupt_before_any_answer_saves_nothing(tmp_path):
    with create_pipe_input() as pipe:
        s, _, _ = session(KB, pipe, lambda q, i: "\x03", rescue_dir=tmp_path)
        with pytest.raises(KeyboardInterrupt):
            s.run()
        assert s.rescue() is None
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- the command

class _Tty(io.StringIO):
    def isatty(self):
        return True


def run_command(tmp_path, argv, script, menu=None, lang="en", parts=None):
    from consult_driver import PipedPrompter

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    consult_command.register(sub)
    args = parser.parse_args(["consult", *argv])
    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=_Tty(), stdout=out, stderr=err, environ={"LANG": "ko_KR.UTF-8" if lang == "ko" else "C"})
    with create_pipe_input() as pipe:
        prompter = PipedPrompter(args.lang or lang, pipe, script, menu, parts=parts)
        status = consult_command.run(args, env, prompter=prompter)
    return status, out.getvalue(), err.getvalue(), prompter


def test_command_runs_a_consultation_and_saves(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["order-pipeline-queue"]
    status, out, err, _ = run_command(tmp_path, ["--save", "a.json"], answering(full))
    assert status == ExitStatus.OK, err
    assert "Consultation report" in out and "Answers saved to a.json" in out
    _, saved, _ = load_answers(KB, "a.json")
    assert conclusions(saved) == conclusions(known(full))


def test_command_ctrl_c_exits_130_with_a_message_and_resumes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["order-pipeline-queue"]
    script = answering(full)
    status, out, err, _ = run_command(tmp_path, [], lambda q, i: "\x03" if i == 3 else script(q, i), parts=parts_agreeing(KB, full))
    assert status == ExitStatus.INTERRUPTED
    assert "Stopped." in out and "Answers saved to advisor-answers.json" in out
    assert "advisor consult --answers advisor-answers.json --save advisor-answers.json" in out
    assert "Traceback" not in out + err
    status, out, err, prompter = run_command(tmp_path, ["--answers", "advisor-answers.json", "--save", "advisor-answers.json"], script)
    assert status == ExitStatus.OK, err
    assert "Resumed from advisor-answers.json: 3 answer(s)" in out
    _, saved, _ = load_answers(KB, "advisor-answers.json")
    assert conclusions(saved) == conclusions(known(full))


def test_command_language_follows_the_locale(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    full = SCENARIOS["nothing-applies"]
    status, out, _, _ = run_command(tmp_path, [], answering(full), lang="ko")
    assert status == ExitStatus.OK
    assert "arch-advisor 상담" in out and "질문 1" in out
    status, out, _, _ = run_command(tmp_path, ["--lang", "en"], answering(full), lang="ko")
    assert "arch-advisor consultation" in out


def test_command_refuses_a_non_terminal(cli):
    result = cli("consult", stdin="{}")
    assert result.status == ExitStatus.USAGE
    assert result.stderr.count("\n") == 1 and "advisor evaluate" in result.stderr
    assert result.stdout == ""


def test_command_reports_a_bad_answers_file_on_one_line(tmp_path, write):
    bad = write("bad.json", '{"static_content": "maybe"}')
    parser = argparse.ArgumentParser()
    consult_command.register(parser.add_subparsers())
    from advisor.cli import main

    out, err = io.StringIO(), io.StringIO()
    env = Env(stdin=_Tty(), stdout=out, stderr=err, environ={})
    status = main(["consult", "--answers", bad], env=env)
    assert status == ExitStatus.INVALID
    assert err.getvalue().count("\n") == 1 and "static_content" in err.getvalue() and "bad.json" in err.getvalue()


def test_a_save_that_fails_is_one_line_and_the_answers_go_to_a_new_file(tmp_path, monkeypatch):
    from advisor.answers import write as store

    monkeypatch.chdir(tmp_path)
    real = store.save
    calls = []

    def flaky(kb, path, answers, unknown):
        calls.append(1)
        if len(calls) >= 3:  # the disk fills up at the third save and stays full
            raise OSError(28, "No space left on device")
        real(kb, path, answers, unknown)

    monkeypatch.setattr(store, "save", flaky)
    full = SCENARIOS["serverless-api"]
    status, out, err, prompter = run_command(tmp_path, ["--save", "a.json"], answering(full))
    assert status == ExitStatus.INVALID
    assert err == "advisor: error: a.json: cannot save the answers: No space left on device\n"
    _, saved, dont_know = load_answers(KB, "advisor-answers.json")
    # the first save is the choice of the design's parts (an HTTP API answers api_backend), then
    # two answers; the third save fails
    assert set(saved) | dont_know == set(prompter.prompts[:2]) | {"api_backend"}


def test_save_path_problems_are_usage_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    from advisor.cli import main

    for argv, problem in ((["consult", "--save", "nowhere/a.json"], "does not exist"), (["consult", "--save", "d"], "is a directory")):
        e_out, e_err = io.StringIO(), io.StringIO()
        assert main(argv, env=Env(stdin=_Tty(), stdout=e_out, stderr=e_err, environ={})) == ExitStatus.USAGE
        assert e_err.getvalue().count("\n") == 1 and problem in e_err.getvalue()


def test_an_existing_save_file_is_kept_until_the_first_answer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text('{"static_content": true}\n', encoding="utf-8")
    # Ctrl-C at the first question: which parts the design contains
    status, out, err, _ = run_command(tmp_path, ["--save", "a.json"], lambda q, i: "\x03", parts="\x03")
    assert status == ExitStatus.INTERRUPTED
    assert "already exists" in out
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == '{"static_content": true}\n'


def test_answers_from_standard_input_are_refused():
    from advisor.cli import main

    out, err = io.StringIO(), io.StringIO()
    assert main(["consult", "--answers", "-"], env=Env(stdin=_Tty(), stdout=out, stderr=err, environ={})) == ExitStatus.USAGE
    assert err.getvalue().count("\n") == 1 and "must come from a file" in err.getvalue()

"""The questions-asked figure on the golden scenarios (tests/scenarios/)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from advisor import kb as kbmod
from advisor.consult.questions_asked import fewest_questions, load_scenarios, measure, scenario_parts, table
from advisor.consult.parts import implied, out_of_scope
from advisor.consult.selection import Agenda
from advisor.engine import engine_for

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"
KB = kbmod.builtin()


@pytest.fixture(scope="module")
def rows():
    return measure(KB, load_scenarios(KB, SCENARIOS), scenario_parts(SCENARIOS))


def test_starting_from_the_designs_parts_asks_at_most_40_percent(rows):
    assert all(r.questionnaire == len(KB.questions) + 1 for r in rows)  # the choice of parts counts
    average = sum(r.asked for r in rows) / len(rows)
    assert average <= 0.40 * rows[0].questionnaire, average


def test_every_scenario_names_its_parts_and_they_agree_with_its_answers():
    """The parts a scenario ticks describe its design: what they answer agrees with the
    scenario's own answers, and no question the scenario answers yes to is left out of scope."""
    parts = scenario_parts(SCENARIOS)
    for name, full in load_scenarios(KB, SCENARIOS):
        assert name in parts, name
        for trait, value in implied(KB, parts[name]).items():
            assert full.get(trait) in (value, None), (name, trait)
        hidden = out_of_scope(KB, parts[name])
        assert not [t for t in hidden if full.get(t) is True], (name, sorted(t for t in hidden if full.get(t) is True))


@pytest.mark.slow
def test_without_parts_every_question_stays_in_scope():
    full_rows = measure(KB, load_scenarios(KB, SCENARIOS))
    assert all(r.same_conclusions for r in full_rows)
    assert all(r.questionnaire == len(KB.questions) + 1 for r in full_rows)


def test_there_are_enough_scenarios_and_they_cover_every_topic():
    scenarios = load_scenarios(KB, SCENARIOS)
    assert 15 <= len(scenarios) <= 40
    engine = engine_for(KB)
    topics, fired = set(), set()
    for _, full in scenarios:
        ev = engine.evaluate({t: v for t, v in full.items() if v is not None})
        fired |= ev.fired()
        topics |= {KB.notes[n].topic for c in ev.conclusions for n in c.rule.notes}
    assert topics == {n.topic for n in KB.notes.values()}
    assert fired == set(KB.rules), f"rules no scenario reaches: {sorted(set(KB.rules) - fired)}"


def test_goal_directed_questioning_reaches_exactly_the_full_questionnaires_conclusions(rows):
    assert all(r.same_conclusions for r in rows), [r.scenario for r in rows if not r.same_conclusions]


def test_fewer_questions_than_the_questionnaire_and_close_to_the_oracle(rows):
    for r in rows:
        assert r.fewest <= r.asked < r.questionnaire, r
    average = sum(r.asked for r in rows) / len(rows)
    fewest = sum(r.fewest for r in rows) / len(rows)
    assert average <= fewest + 0.5, (average, fewest)


def test_the_oracle_is_a_true_minimum(tmp_path):
    from minikb import NOTE, QUESTION, rule, small_kb

    body = NOTE + "".join(QUESTION.format(trait=t) for t in ("a", "b", "c"))
    body += rule("ab", "a", "b") + rule("ac", "a", "c") + rule("c-only", "c")
    agenda = Agenda(small_kb(tmp_path, body))
    assert fewest_questions(agenda, {"a": False, "b": True, "c": False}) == 2  # a and c settle all
    assert fewest_questions(agenda, {"a": True, "b": True, "c": True}) == 3
    assert fewest_questions(agenda, {"a": None, "b": True, "c": None}) == 2  # don't know refutes too


def test_the_script_prints_the_table_and_the_average(rows, capsys):
    spec = importlib.util.spec_from_file_location("questions_figure", ROOT / "scripts" / "questions_figure.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    status = script.main([])
    out, err = capsys.readouterr()
    assert status == 0, err
    assert out == table(rows)
    assert "average asked:" in out
    for r in rows:
        assert r.scenario in out

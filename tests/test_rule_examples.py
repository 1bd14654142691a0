"""Every rule's ``[[rule.example]]``, run through the engine: on its answers, the rules it says
follow fire and the rules it says do not follow stay quiet. A rule's intent is stated beside it, as
data (knowledge/rules/*.toml); ``advisor kb check`` flags a rule without an example. The scenario
files (tests/scenarios/*.json) carry the conclusions their designs must and must not reach."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor import kb as kbmod
from advisor.answers import validate
from advisor.consult.questions_asked import load_scenarios, scenario_expectations

KB = kbmod.builtin()
EXAMPLES = [(rule.id, n, example) for rule in KB.rules.values() for n, example in enumerate(rule.examples, start=1)]


@pytest.mark.parametrize("rule_id, n, example", EXAMPLES, ids=[f"{r}#{n}" for r, n, _ in EXAMPLES])
def test_the_example_holds(engine, rule_id, n, example):
    answers = validate(KB, dict(example.answers))
    fired = engine.evaluate(answers).fired()
    missing = sorted(set(example.follows) - fired)
    unwanted = sorted(set(example.does_not_follow) & fired)
    assert not missing and not unwanted, f"{example.source}: {rule_id} example {n}: missing {missing}, unwanted {unwanted}"


def test_every_rule_has_an_example_that_fires_it_and_one_that_does_not():
    """The built-in base asks more than the lint does: for each rule, answers on which it follows and
    a contrast on which it must not (in its own examples or another rule's)."""
    follows = {r for _, _, e in EXAMPLES for r in e.follows}
    contrasted = {r for _, _, e in EXAMPLES for r in e.does_not_follow}
    assert sorted(set(KB.rules) - follows) == []
    assert sorted(set(KB.rules) - contrasted) == []
    assert all(rule.examples for rule in KB.rules.values())


# ------------------------------------------------------------------------ the scenarios' expectations

SCENARIOS = Path(__file__).parent / "scenarios"
EXPECTED = scenario_expectations(SCENARIOS)


@pytest.mark.parametrize("name, full", load_scenarios(KB, SCENARIOS), ids=lambda v: v if isinstance(v, str) else "")
def test_the_scenario_concludes_what_it_says(engine, name, full):
    """Each scenario (tests/scenarios/*.json) has, in tests/scenarios/expected.toml, the rules its design must
    conclude and the look-alikes (rules on the same services and questions) it must not."""
    expected = EXPECTED[name]
    assert set(expected) == {"follows", "does_not_follow"} and expected["follows"], f"{name}: no expected conclusions in expected.toml"
    named = expected["follows"] + expected["does_not_follow"]
    assert not [r for r in named if r not in KB.rules], name
    fired = engine.evaluate({t: v for t, v in full.items() if v is not None}).fired()
    assert sorted(set(expected["follows"]) - fired) == [], name
    assert sorted(set(expected["does_not_follow"]) & fired) == [], name

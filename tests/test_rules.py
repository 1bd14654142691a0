"""Every rule fires on answers built from its own conditions and stays quiet when one of them
fails or is unknown. The answer sets are found automatically from the rules (advisor.logic),
so a new rule is covered without listing it here."""

from __future__ import annotations

import pytest

from advisor import kb as kbmod
from advisor.engine import engine_for
from advisor.logic import analysis

KB = kbmod.builtin()
RULES = sorted(KB.rules)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("fires", [True, False], ids=["fires on its firing answers", "stays quiet when a premise fails"])
def test_rule_fires_exactly_where_its_premises_hold(rule_id, fires):
    """The engine fires the rule on every answer set the logic says fires it, and on none of
    those where the logic says a premise fails."""
    rule = KB.rules[rule_id]
    sets = analysis(KB).firing_answers(rule) if fires else analysis(KB).quiet_answers(rule)
    assert sets, f"{rule_id}: the logic found no answers under which it must {'fire' if fires else 'stay quiet'}"
    for answers in sets:
        fired = rule_id in engine_for(KB).evaluate(answers).fired()
        assert fired is fires, f"{rule_id} {'did not fire' if fires else 'fired'} on {answers}"


@pytest.mark.parametrize("rule_id", RULES)
def test_conclusions_carry_rule_and_notes(rule_id):
    rule = KB.rules[rule_id]
    answers = analysis(KB).firing_answers(rule)[0]
    ev = engine_for(KB).evaluate(answers)
    for c in ev.conclusions:
        assert c.rule.notes, c.rule.id
        assert all(n in KB.notes for n in c.rule.notes)
        assert c.step.rule == c.rule.id


def test_unknown_is_not_false(engine):
    """An unanswered trait must not satisfy a condition that asks for 'no'."""
    ev = engine.evaluate({"static_content": True})
    assert "no-global-accelerator-for-static" not in ev.fired()  # needs multi_region = no
    ev = engine.evaluate({"static_content": True, "multi_region": False})
    assert "no-global-accelerator-for-static" in ev.fired()


def test_engine_matches_the_logic_on_many_answer_sets(kb, engine):
    """The compiled experta rules and the logical reading of the same rules agree."""
    import random

    rng = random.Random(7)
    a = analysis(kb)
    from advisor.logic import full_domain, pick

    questions = list(kb.questions.values())
    for _ in range(300):
        answers = {}
        for q in questions:
            if rng.random() < 0.5:
                continue
            if q.type.value == "bool":
                answers[q.trait] = rng.random() < 0.5
            elif q.type.value == "choice":
                answers[q.trait] = rng.choice(q.choice_values())
            else:
                answers[q.trait] = float(rng.choice([q.min, 0.5, 1, 149.9, 150, 151, 512, q.max]))
                if not q.min <= answers[q.trait] <= q.max:
                    answers[q.trait] = pick(q, full_domain(q))
        fired = engine.evaluate(answers).fired()
        expected = {r.id for r in kb.rules.values() if a.fires_on(r, answers)}
        assert fired == expected, answers


def test_trace_is_in_firing_order_and_derived_facts_chain(engine):
    ev = engine.evaluate({"uses_lambda": True, "private_resources": True, "internet_egress": True})
    rules = [s.rule for s in ev.trace]
    assert rules.index("lambda-chosen") < rules.index("lambda-attach-to-vpc") < rules.index("lambda-vpc-egress")
    assert rules.index("lambda-vpc-egress") < rules.index("nat-gateway-for-egress")
    assert [s.number for s in ev.trace] == list(range(1, len(ev.trace) + 1))
    step = next(s for s in ev.trace if s.rule == "nat-gateway-for-egress")
    assert [m.derived for m in step.matched] == ["private-subnet-egress"]

"""Goal-directed questioning (advisor.consult.selection), independent of any UI."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import kb as kbmod
from advisor.consult.selection import Agenda, simulate
from advisor.engine import engine_for
from minikb import NOTE, QUESTION, rule, small_kb

KB = kbmod.builtin()
AGENDA = Agenda(KB)


def conclusions(answers):
    return [c.rule.id for c in engine_for(KB).evaluate(answers).conclusions]


def in_play(answers, unknown=()):
    return [item.trait for item in AGENDA.in_play(answers, unknown)]


def test_first_question_is_the_most_decisive():
    ranked = AGENDA.in_play({})
    assert ranked, "nothing to ask on an empty consultation"
    counts = [len(item.rules) for item in ranked]
    assert counts == sorted(counts, reverse=True)
    assert AGENDA.next_question({}) == ranked[0].trait


def test_ties_are_broken_by_questionnaire_order(tmp_path):
    body = NOTE + QUESTION.format(trait="beta") + QUESTION.format(trait="alpha") + rule("r-alpha", "alpha") + rule("r-beta", "beta")
    agenda = Agenda(small_kb(tmp_path, body))
    assert agenda.next_question({}) == "beta"  # asked first in the questionnaire, though later by name
    assert agenda.next_question({"beta": False}) == "alpha"
    assert agenda.next_question({"beta": False, "alpha": True}) is None


def test_more_decisive_question_wins_over_order(tmp_path):
    body = NOTE + QUESTION.format(trait="first") + QUESTION.format(trait="second")
    body += rule("one", "first") + rule("two", "second") + rule("three", "second", kind="advise")
    agenda = Agenda(small_kb(tmp_path, body))
    assert [(i.trait, i.rules) for i in agenda.in_play({})] == [("second", ("three", "two")), ("first", ("one",))]


def test_a_question_leaves_play_when_a_premise_of_its_rules_is_false():
    # global_users is used by one rule only, which also needs static_content = no
    assert "global_users" in in_play({})
    assert "global_users" in in_play({"static_content": False})
    assert "global_users" not in in_play({"static_content": True})


def test_dont_know_is_never_taken_as_an_answer():
    assert "global_users" not in in_play({}, unknown={"static_content"})
    assert "static_content" not in in_play({}, unknown={"static_content"})
    # don't know about ram_gb kills both hibernation rules on memory, not the instance-store one
    after = in_play({"hibernation": True}, unknown={"ram_gb"})
    assert "ram_gb" not in after and "instance_store" in after


def test_numbers_are_asked_only_where_they_matter():
    assert "ram_gb" not in in_play({"hibernation": False})
    assert "ram_gb" in in_play({"hibernation": True})
    assert "object_size_gb" not in in_play({"upload_long_distance": False})
    assert "object_size_gb" in in_play({"upload_long_distance": True})


def test_derived_facts_are_never_asked():
    from advisor.logic import full_domain, pick

    full = {q.trait: pick(q, full_domain(q)) for q in KB.questions.values()}
    asked, _ = simulate(AGENDA, full)
    assert asked and set(asked) <= set(KB.questions)
    assert not set(asked) & set(KB.derived)


def test_through_derived_facts_a_question_stays_in_play():
    # lambda-layers needs [runs-lambda] (from uses_lambda, or from a serverless API) and shared_code
    assert "uses_lambda" in in_play({"api_backend": False})
    assert "shared_code" in in_play({"uses_lambda": True})
    assert "shared_code" not in in_play({"uses_lambda": False, "api_backend": False})
    assert "shared_code" in in_play({"uses_lambda": False, "api_backend": True, "no_server_management": True})


def test_a_question_that_cannot_change_anything_is_not_asked():
    # Once the serverless API gives [runs-lambda], asking uses_lambda changes nothing: every rule
    # that could use it already has its Lambda premise from the other alternative.
    answers = {"api_backend": True, "no_server_management": True}
    assert "uses_lambda" not in in_play(answers)
    assert "shared_code" in in_play(answers)


def test_fired_conclusions_need_no_more_answers(tmp_path):
    body = NOTE + QUESTION.format(trait="a") + QUESTION.format(trait="b")
    body += rule("via-a", "a", kind="derive", derives=["x"]) + rule("via-b", "b", kind="derive", derives=["x"])
    body += rule("uses-x", facts=["x"])
    body += '\n[[derived]]\nid = "x"\nen = "x"\nko = "x"\n'
    agenda = Agenda(small_kb(tmp_path, body))
    assert agenda.next_question({}) == "a"
    assert agenda.next_question({"a": True}) is None  # uses-x fired: b cannot change anything
    assert agenda.next_question({"a": False}) == "b"
    assert [r.id for r in agenda.pending({"a": False})] == ["uses-x"]
    assert agenda.pending({"a": False}, unknown={"b"}) == []


def test_the_consultation_ends_when_nothing_can_change():
    full = {q.trait: False for q in KB.questions.values() if q.type.value == "bool"}
    full.update({q.trait: q.choice_values()[0] for q in KB.questions.values() if q.type.value == "choice"})
    full.update(object_size_gb=1.0, ram_gb=8.0, db_engine="mysql", s3_access_from="same-account")
    asked, collected = simulate(AGENDA, full)
    assert len(asked) == len(set(asked)) < len(KB.questions)
    assert AGENDA.next_question(collected) is None
    assert conclusions(collected) == conclusions(full)


def test_why_lists_the_pending_rules_that_need_the_answer():
    needing = [r.id for r in AGENDA.needing("global_users", {"static_content": False})]
    assert needing == ["dynamic-content-global-accelerator", "dynamic-http-cloudfront-origin", "non-http-global-accelerator"]
    # once the protocol is known, only the rules it leaves possible still need the answer
    needing = [r.id for r in AGENDA.needing("global_users", {"static_content": False, "non_http_protocol": True})]
    assert needing == ["dynamic-content-global-accelerator", "non-http-global-accelerator"]
    assert AGENDA.needing("global_users", {"static_content": True}) == []


def test_derivable_facts():
    assert AGENDA.derivable("runs-lambda", {}) == "open"
    assert AGENDA.derivable("runs-lambda", {"uses_lambda": True}) == "known"
    assert AGENDA.derivable("runs-lambda", {"uses_lambda": False, "api_backend": False}) == "impossible"
    assert AGENDA.derivable("runs-lambda", {"api_backend": True}, unknown={"uses_lambda", "no_server_management"}) == "impossible"


def test_the_logic_and_the_engine_agree_on_what_fired():
    answers = {"uses_lambda": True, "private_resources": True, "internet_egress": True, "static_content": True}
    fired = {r.id for r in KB.rules.values() if AGENDA.fired(r, answers)}
    assert fired == engine_for(KB).evaluate(answers).fired()


def _value(q):
    if q.type.value == "bool":
        return st.booleans()
    if q.type.value == "choice":
        return st.sampled_from(q.choice_values())
    interesting = [q.min, q.max, 0.5, 1.0, 149.0, 150.0, 151.0, 4.0]
    return st.sampled_from([float(x) for x in interesting if q.min <= x <= q.max])


FULL_ANSWERS = st.fixed_dictionaries({q.trait: st.one_of(st.none(), _value(q)) for q in KB.questions.values()})


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(FULL_ANSWERS)
def test_goal_directed_questioning_reaches_what_the_full_questionnaire_reaches(full):
    asked, collected = simulate(AGENDA, full)
    known = {t: v for t, v in full.items() if v is not None}
    assert conclusions(collected) == conclusions(known)
    assert len(asked) == len(set(asked))
    assert set(collected) <= set(asked)


@pytest.mark.parametrize("trait", sorted(KB.questions))
def test_every_question_can_be_asked(trait):
    """No question is dead weight: some state of the consultation puts it in play."""
    for kb_rule in KB.rules.values():
        for alt in AGENDA.alternatives(kb_rule):
            if trait in alt:
                others = AGENDA._analysis.witness({t: d for t, d in alt.items() if t != trait})
                if trait in in_play(others):
                    return
    pytest.fail(f"{trait} is never in play")


@pytest.mark.slow
def test_without_the_exact_relevance_check_nothing_is_lost(monkeypatch):
    """Above the size limit every trait of a live alternative counts: more questions, same results."""
    from pathlib import Path

    from advisor.consult import selection
    from advisor.consult.questions_asked import load_scenarios

    scenarios = load_scenarios(KB, Path(__file__).parent / "scenarios")
    exact = {name: len(simulate(AGENDA, full)[0]) for name, full in scenarios}
    monkeypatch.setattr(selection, "_EXACT_LIMIT", 0)
    for name, full in scenarios:
        asked, collected = simulate(Agenda(KB), full)
        assert conclusions(collected) == conclusions({t: v for t, v in full.items() if v is not None}), name
        assert len(asked) >= exact[name], name

"""HOW, WHY NOT and WHAT-IF (advisor.reasoning), independent of the command line."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor import kb as kbmod
from advisor.engine import engine_for
from advisor.errors import UsageError
from advisor.reasoning.diff import diff
from advisor.present.reasoning_json import how_json, why_not_json
from advisor.reasoning.how import explain_how, how
from advisor.reasoning.premises import Status
from advisor.reasoning.targets import resolve
from advisor.reasoning.why_not import candidates, choose, why_not
from advisor.logic import analysis, full_domain
from advisor.present.words import Words

KB = kbmod.builtin()
ENGINE = engine_for(KB)
LAMBDA_EGRESS = {"uses_lambda": True, "private_resources": True, "internet_egress": True}
STATIC_ONE_REGION = {"static_content": True, "multi_region": False, "global_users": True}


# ----------------------------------------------------------------------------- targets

@pytest.mark.parametrize("query, name", [
    ("nat-gateway-route", "nat-gateway-route"),
    ("Amazon CloudFront", "Amazon CloudFront"),
    ("amazon cloudfront", "Amazon CloudFront"),
    ("CLOUDFRONT", "Amazon CloudFront"),
    ("transfer acceleration", "Amazon S3 Transfer Acceleration"),
])
def test_targets_resolve_rules_and_services(query, name):
    assert resolve(KB, query).name == name


def test_a_service_for_why_not_means_the_rules_that_recommend_it():
    ga = resolve(KB, "AWS Global Accelerator", recommended=True)
    assert {r.kind.value for r in ga.rules} == {"recommend"}
    assert "no-global-accelerator-for-static" in [r.id for r in resolve(KB, "AWS Global Accelerator").rules]
    only_avoided = resolve(KB, "Security groups", recommended=True)
    assert [r.id for r in only_avoided.rules] == ["no-security-group-geo-blocking"]


def test_unknown_and_ambiguous_targets_are_usage_errors_with_a_hint():
    with pytest.raises(UsageError, match=r"did you mean 'Amazon CloudFront'\?"):
        resolve(KB, "Amazon CloudFrnt")
    with pytest.raises(UsageError, match=r"did you mean 'nat-gateway-route'\?"):
        resolve(KB, "nat-gateway-rout")
    with pytest.raises(UsageError, match="matches several services"):
        resolve(KB, "IAM")
    with pytest.raises(UsageError, match="unknown service or rule"):
        resolve(KB, "zzzz")


# ----------------------------------------------------------------------------- HOW

def test_how_follows_the_chain_of_derived_facts_down_to_the_answers():
    ev = ENGINE.evaluate(LAMBDA_EGRESS)
    node = how(KB, ev, "nat-gateway-route")
    chain = []
    while node is not None:
        chain.append(node.rule.id)
        facts = [b for b in node.because if b.fact is not None]
        node = facts[0].how if facts else None
    assert chain == ["nat-gateway-route", "lambda-vpc-egress", "lambda-attach-to-vpc", "lambda-chosen"]


def test_how_json_names_answers_facts_and_notes():
    ev = ENGINE.evaluate(LAMBDA_EGRESS)
    doc = how_json(KB, explain_how(KB, ev, resolve(KB, "NAT gateway")), Words("en"))
    assert doc["target"]["kind"] == "service"
    # No fixed address was asked for, so only the NAT rules about one stay unreached.
    assert doc["not_reached"] == ["fixed-outbound-ip-nat-gateway", "nat-gateway-fixed-outbound-ip"]
    first = doc["reached"][0]
    assert first["rule"] == "nat-gateway-for-egress" and first["step"] >= 1
    assert first["because"][0]["derived"] == "private-subnet-egress"
    inner = first["because"][0]["how"]
    assert inner["rule"] == "lambda-vpc-egress"
    assert {"trait": "internet_egress", "value": True, "answer": "yes"} in inner["because"]
    assert [n["id"] for n in first["notes"]] == list(KB.rules["nat-gateway-for-egress"].notes)
    assert all(n["text"] for n in first["notes"])


def test_how_of_something_not_reached():
    ev = ENGINE.evaluate(STATIC_ONE_REGION)
    result = explain_how(KB, ev, resolve(KB, "NAT gateway"))
    nat_rules = tuple(sorted(r.id for r in KB.rules.values() if r.service == "NAT gateway"))
    assert result.reached == () and result.not_reached == nat_rules


def test_every_conclusion_of_every_scenario_has_a_how_grounded_in_its_answers():
    from pathlib import Path

    from advisor.consult.questions_asked import load_scenarios
    from advisor.present.evaluation import grounds

    for _, full in load_scenarios(KB, Path(__file__).parent / "scenarios"):
        ev = ENGINE.evaluate({t: v for t, v in full.items() if v is not None})
        for c in ev.conclusions:
            node = how(KB, ev, c.rule.id)
            seen = {}

            def walk(n):
                for b in n.because:
                    if b.fact is None:
                        seen[b.trait] = b.value
                    else:
                        assert b.how is not None, (c.rule.id, b.fact)
                        walk(b.how)

            walk(node)
            assert sorted(seen.items()) == grounds(ev, c.step)


# ----------------------------------------------------------------------------- WHY NOT

def test_why_not_shows_failed_and_unknown_premises_and_the_smallest_change():
    result = why_not(KB, ENGINE, STATIC_ONE_REGION, resolve(KB, "AWS Global Accelerator", recommended=True))
    assert not result.reached
    by_rule = {c.rule.id: c for c in result.checks}
    statuses = [(p.condition.trait, p.status) for p in by_rule["global-accelerator-static-ips"].premises]
    assert statuses == [("static_public_ip", Status.OPEN), ("multi_region", Status.FAILS)]
    assert [(p.condition.trait, p.status) for p in by_rule["dynamic-content-global-accelerator"].premises] == [
        ("static_content", Status.FAILS), ("global_users", Status.HOLDS)]
    changes = [[(c.trait, c.before, c.after) for c in ch.answers] for ch in result.changes]
    # Static content in several Regions goes to CloudFront origin failover, so flipping
    # multi_region alone no longer reaches Global Accelerator: only dynamic content does.
    assert changes == [[("static_content", True, False)]]
    flip = result.changes[0]
    assert flip.reaches == ("dynamic-content-global-accelerator",)
    assert "no-global-accelerator-for-static" in flip.removes
    assert result.instead == ("no-global-accelerator-for-static",)


def test_every_proposed_change_is_verified_by_the_engine():
    calls = []

    def refusing_first(answers):
        calls.append(dict(answers))
        if len(calls) == 1:
            return ENGINE.evaluate(STATIC_ONE_REGION)  # pretend the engine did not confirm it
        return ENGINE.evaluate(answers)

    result = why_not(KB, ENGINE, STATIC_ONE_REGION, resolve(KB, "AWS Global Accelerator", recommended=True), verify=refusing_first)
    # The only change of size 1 was refused, so the smallest verified changes have two answers.
    assert [[c.trait for c in ch.answers] for ch in result.changes] == [
        ["multi_region", "static_public_ip"], ["multi_region", "entry_point"], ["static_content", "non_http_protocol"]]
    assert calls[0] == {**STATIC_ONE_REGION, "static_content": False}
    assert len(calls) == 1 + len(result.changes)  # every proposed change was confirmed by the engine


def test_the_engine_refusing_everything_small_moves_on_to_bigger_changes():
    def only_two(answers):
        ev = ENGINE.evaluate(answers)
        changed = sum(1 for t in set(answers) | set(STATIC_ONE_REGION) if answers.get(t) != STATIC_ONE_REGION.get(t))
        return ev if changed >= 2 else ENGINE.evaluate(STATIC_ONE_REGION)

    result = why_not(KB, ENGINE, STATIC_ONE_REGION, resolve(KB, "AWS Global Accelerator", recommended=True), verify=only_two)
    assert result.changes and all(len(ch.answers) == 2 for ch in result.changes)


def test_why_not_something_reached():
    result = why_not(KB, ENGINE, STATIC_ONE_REGION, resolve(KB, "Amazon CloudFront", recommended=True))
    assert result.reached == ("static-content-cloudfront",) and result.changes == ()
    assert why_not_json(KB, result, Words("en"))["reached"] is True


def test_derived_premises_show_where_the_fact_could_come_from():
    result = why_not(KB, ENGINE, {"private_resources": True, "internet_egress": True}, resolve(KB, "nat-gateway-for-egress"))
    (check,) = result.checks
    (premise,) = check.premises
    assert premise.condition.fact == "private-subnet-egress" and premise.status is Status.OPEN
    assert [p.rule.id for p in premise.producers] == ["lambda-vpc-egress", "private-instances-egress"]
    assert sorted(c.answers[0].trait for c in result.changes) == ["private_subnet_instances", "uses_lambda"]
    blocked = why_not(KB, ENGINE, {"private_subnet_instances": False, "internet_egress": False}, resolve(KB, "nat-gateway-for-egress"))
    assert blocked.checks[0].premises[0].status is Status.FAILS


def test_dont_know_is_told_apart_from_not_answered():
    result = why_not(KB, ENGINE, {"hibernation": True}, resolve(KB, "hibernation-setup"), dont_know={"ram_gb"})
    assert [p.status for p in result.checks[0].premises] == [Status.HOLDS, Status.DONT_KNOW]
    doc = why_not_json(KB, result, Words("ko"))
    assert doc["rules"][0]["premises"][1]["status"] == "dont-know"


@pytest.mark.parametrize("answers, rule, expected", [
    ({"hibernation": True, "ram_gb": 256.0}, "hibernation-setup", ("ram_gb", 256.0, 149)),
    ({"hibernation": True, "ram_gb": 16.0}, "hibernation-ram-too-large", ("ram_gb", 16.0, 150)),
    ({"upload_long_distance": True, "object_size_gb": 5.0}, "small-uploads-cloudfront", ("object_size_gb", 5.0, 0.5)),
    ({"upload_long_distance": True, "object_size_gb": 0.2}, "large-uploads-transfer-acceleration", ("object_size_gb", 0.2, 1)),
    ({"upload_long_distance": True}, "small-uploads-cloudfront", ("object_size_gb", None, 0.5)),
])
def test_numbers_change_to_the_nearest_readable_value(answers, rule, expected):
    result = why_not(KB, ENGINE, answers, resolve(KB, rule))
    (change,) = result.changes
    (c,) = change.answers
    assert (c.trait, c.before, c.after) == expected


def test_choose_stays_inside_the_domain():
    a = analysis(KB)
    for rule in KB.rules.values():
        for alt in a.alternatives(rule):
            for trait, dom in alt.items():
                q = KB.questions[trait]
                for current in (None, *([q.min, q.max, (q.min + q.max) / 2] if q.type.value == "number" else [])):
                    assert dom.contains(choose(q, dom, current)), (rule.id, trait, current)


def _value(q):
    if q.type.value == "bool":
        return st.booleans()
    if q.type.value == "choice":
        return st.sampled_from(q.choice_values())
    return st.sampled_from([float(x) for x in (q.min, 0.5, 1, 149, 150, 160, q.max) if q.min <= x <= q.max])


ANSWERS = st.fixed_dictionaries({}, optional={q.trait: _value(q) for q in KB.questions.values()})
CONCLUDING = sorted(r.id for r in KB.rules.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS, st.sampled_from(CONCLUDING))
def test_the_smallest_change_reaches_the_rule_and_nothing_smaller_does(answers, rule_id):
    result = why_not(KB, ENGINE, answers, resolve(KB, rule_id))
    if result.reached:
        assert rule_id in ENGINE.evaluate(answers).fired()
        return
    assert result.changes, f"no change reaches {rule_id}"
    size = len(result.changes[0].answers)
    for change in result.changes:
        assert len(change.answers) == size
        changed = {**answers, **{c.trait: c.after for c in change.answers}}
        assert rule_id in ENGINE.evaluate(changed).fired()
    if size >= 2:  # no single change of any answer reaches it
        for trait, q in KB.questions.items():
            for value in _representatives(q):
                assert rule_id not in ENGINE.evaluate({**answers, trait: value}).fired(), (trait, value)


def _representatives(q):
    if q.type.value != "number":
        return sorted(full_domain(q).values, key=str)
    points = {q.min, q.max}
    for rule in KB.rules.values():
        for cond in rule.when:
            if cond.trait == q.trait:
                for _, x in cond.tests:
                    points |= {x, x - 0.5, x + 0.5}
    return sorted(p for p in points if q.min <= p <= q.max)


def test_candidates_are_ordered_by_size():
    found = candidates(KB, {}, ["hibernation-setup", "static-content-cloudfront"])
    sizes = [len(c) for c in found]
    assert sizes == sorted(sizes) and found[0] == {"static_content": True}


# ----------------------------------------------------------------------------- WHAT-IF

def test_diff_names_the_answers_behind_each_change():
    a = STATIC_ONE_REGION
    b = {**STATIC_ONE_REGION, "multi_region": True, "static_public_ip": True}
    d = diff(KB, ENGINE, a, b)
    assert [(c.trait, c.before, c.after) for c in d.changed] == [("multi_region", False, True), ("static_public_ip", None, True)]
    added = {s.rule.id: [c.trait for c in s.causes] for s in d.added}
    removed = {s.rule.id: [c.trait for c in s.causes] for s in d.removed}
    assert added == {
        "multi-region-static-cloudfront": ["multi_region"],
        "global-accelerator-static-ips": ["multi_region", "static_public_ip"],
        "static-multi-region-origin-failover": ["multi_region"],
    }
    assert removed == {"no-global-accelerator-for-static": ["multi_region"]}
    assert "static-content-cloudfront" in d.unchanged


def test_diff_through_derived_facts_and_in_reverse():
    a = {"uses_lambda": True, "private_resources": True, "internet_egress": False}
    b = {**a, "internet_egress": True}
    forward = diff(KB, ENGINE, a, b)
    assert {s.rule.id for s in forward.added} == {"nat-gateway-for-egress", "nat-gateway-route"}
    assert all([c.trait for c in s.causes] == ["internet_egress"] for s in forward.added)
    back = diff(KB, ENGINE, b, a)
    assert {s.rule.id for s in back.removed} == {s.rule.id for s in forward.added} and not back.added


def test_diff_of_the_same_answers_is_empty():
    d = diff(KB, ENGINE, LAMBDA_EGRESS, dict(LAMBDA_EGRESS))
    assert d.changed == () and d.added == () and d.removed == () and d.unchanged


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWERS, ANSWERS)
def test_every_change_has_a_cause(a, b):
    d = diff(KB, ENGINE, a, b)
    changed = {c.trait for c in d.changed}
    for shift in itertools.chain(d.added, d.removed):
        assert shift.causes and {c.trait for c in shift.causes} <= changed

"""Advice an architect expects (issue 12, point 9): session state off the instances when sticky
sessions meet scale-in, Multi-AZ for what must stay up, and what to do when an instance is too
large to hibernate but must start fast. Each rule must fire where it applies and only there."""

from __future__ import annotations

import pytest

from advisor import kb as kbmod
from advisor.engine import engine_for

KB = kbmod.builtin()
ENGINE = engine_for(KB)

NOTES = {
    "session-state-shared-store": "session-state-external-store",
    "multi-az-auto-scaling-group": "multi-az-high-availability",
    "multi-az-database": "multi-az-high-availability",
    "hibernation-large-memory-warm-pool": "hibernation-large-memory-alternatives",
}


def fired(answers):
    return {c.rule.id for c in ENGINE.evaluate(answers).conclusions}


def test_the_notes_come_from_the_aws_documentation_and_the_rules_cite_them():
    for rule_id, note_id in NOTES.items():
        note = KB.notes[note_id]
        assert note.origin == "aws-docs" and not note.seed_lines
        assert note.refs and all(r.startswith("https://docs.aws.amazon.com/") for r in note.refs)
        assert note.source.file.endswith("knowledge/notes/docs-architecture.toml")
        assert note_id in KB.rules[rule_id].notes


@pytest.mark.parametrize("rule, answers", [
    ("session-state-shared-store", {"load_balancer": True, "in_auto_scaling_group": True, "session_on_instance": True}),
    ("session-state-shared-store", {"load_balancer": True, "keep_capacity": True, "session_on_instance": True}),
    ("multi-az-auto-scaling-group", {"in_auto_scaling_group": True, "high_availability": True}),
    ("multi-az-auto-scaling-group", {"keep_capacity": True, "high_availability": True}),
    ("multi-az-database", {"db_engine": "postgresql", "high_availability": True}),
    ("multi-az-database", {"db_engine": "oracle", "high_availability": True}),
    ("hibernation-large-memory-warm-pool", {"hibernation": True, "ram_gb": 256, "long_startup": True}),
    ("hibernation-large-memory-warm-pool", {"hibernation": True, "ram_gb": 150, "long_startup": True}),
])
def test_must_fire(rule, answers):
    assert rule in fired(answers)


@pytest.mark.parametrize("rule, answers", [
    # sticky sessions without scale-in: the instances never go away under the user
    ("session-state-shared-store", {"load_balancer": True, "session_on_instance": True}),
    # sessions already in a shared store
    ("session-state-shared-store", {"load_balancer": True, "in_auto_scaling_group": True, "session_on_instance": False}),
    # no load balancer in front of the group
    ("session-state-shared-store", {"in_auto_scaling_group": True, "session_on_instance": True}),
    ("multi-az-auto-scaling-group", {"in_auto_scaling_group": True, "high_availability": False}),
    ("multi-az-auto-scaling-group", {"high_availability": True}),
    ("multi-az-database", {"db_engine": "mysql", "high_availability": False}),
    ("multi-az-database", {"high_availability": True}),  # no database
    ("hibernation-large-memory-warm-pool", {"hibernation": True, "ram_gb": 149, "long_startup": True}),
    ("hibernation-large-memory-warm-pool", {"hibernation": True, "ram_gb": 256, "long_startup": False}),
    ("hibernation-large-memory-warm-pool", {"hibernation": False, "ram_gb": 256, "long_startup": True}),
])
def test_must_not_fire(rule, answers):
    assert rule not in fired(answers)


def test_the_sticky_session_advice_stays_and_the_shared_store_adds_to_it():
    got = fired({"load_balancer": True, "in_auto_scaling_group": True, "session_on_instance": True, "high_availability": True})
    assert {"alb-sticky-sessions", "session-state-shared-store", "multi-az-auto-scaling-group"} <= got

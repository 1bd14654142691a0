"""Advice an architect expects (issue 12, point 9): session state off the instances when sticky
sessions meet scale-in, Multi-AZ for what must stay up, and what to do when an instance is too
large to hibernate but must start fast. Where each rule must fire and where it must stay quiet is in
its ``[[rule.example]]`` tables (knowledge/rules/architecture.toml), run by tests/test_rule_examples.py."""

from __future__ import annotations

from advisor import kb as kbmod

KB = kbmod.builtin()

NOTES = {
    "session-state-shared-store": "session-state-external-store",
    "multi-az-auto-scaling-group": "multi-az-high-availability",
    "multi-az-database": "multi-az-high-availability",
    "hibernation-large-memory-warm-pool": "hibernation-large-memory-alternatives",
}


def test_the_notes_come_from_the_aws_documentation_and_the_rules_cite_them():
    for rule_id, note_id in NOTES.items():
        note = KB.notes[note_id]
        assert note.origin == "aws-docs" and not note.seed_lines
        assert note.refs and all(r.startswith("https://docs.aws.amazon.com/") for r in note.refs)
        assert note.source.file.endswith("knowledge/notes/docs-architecture.toml")
        assert note_id in KB.rules[rule_id].notes

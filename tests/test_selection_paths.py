"""Question selection asks exactly what it asked before: the same questions, in the same order,
with the same questions in play at every step (tests/selection_paths.json, recorded from the
straightforward selection that worked every state out from scratch)."""

from __future__ import annotations

import json
import random

from advisor import kb as kbmod
from advisor.consult.parts import out_of_scope
from advisor.consult.selection import Agenda
from selection_paths import RECORD, cases, paths

KB = kbmod.builtin()


def test_every_path_is_the_recorded_one():
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    found = paths(KB)
    assert list(found) == list(recorded)
    assert {name for name in recorded if name.startswith("scenario")} and {name for name in recorded if name.startswith("example")}
    for name, path in recorded.items():
        assert found[name] == path, name


def test_an_agenda_that_jumps_between_states_agrees_with_a_fresh_one():
    """One Agenda carries what it worked out from one call to the next; states far apart, in any
    order, get what a new Agenda gives them."""
    rnd = random.Random(13)
    shared = Agenda(KB)
    for _, full, parts in rnd.sample(cases(KB), 40):
        answers = {t: v for t, v in full.items() if v is not None and rnd.random() < 0.4}
        unknown = {t for t, v in full.items() if v is None and rnd.random() < 0.4} | out_of_scope(KB, parts)
        for state in ((answers, unknown), ({}, set()), (answers, unknown)):
            assert shared.in_play(*state) == Agenda(KB).in_play(*state)
            assert shared.next_question(*state) == Agenda(KB).next_question(*state)


def test_an_answer_of_another_type_counts_as_changed():
    """True == 1 == 1.0 in Python, but an answer of another type may fall in another domain: the
    agenda must redo the rules of a trait whose answer changed type, not keep the last result."""
    from advisor.consult.relevance import changed

    assert changed({"a": 1.0}, {"a": True}, frozenset(), set()) == {"a"}
    assert changed({"a": True}, {"a": 1}, frozenset(), set()) == {"a"}
    assert changed({"a": 2, "b": "x"}, {"a": 2, "b": "x"}, frozenset(), set()) == set()
    assert changed({"a": 2}, {}, frozenset(), {"c"}) == {"a", "c"}

"""The batch's JSON writer (rule texts written once per rule) gives the generic encoder's bytes.

``JsonWriter.members(ev)`` must equal ``jsontext.members(evaluation_json(kb, ev, Words(lang)), level)``
for every evaluation: on the examples, the scenarios and random answer sets, in both languages
and at more than one nesting level.
"""

from __future__ import annotations

import json

import pytest

from advisor import jsontext
from advisor.answers import validate
from advisor.engine import Evaluation
from advisor.present.jsonwriter import JsonWriter
from advisor.present.evaluation import evaluation_json
from advisor.present.words import Words
from test_batch import _load
from test_engine_equivalence import _answer_files

scenarios = _load("scenarios")


def _check(kb, writers, ev) -> None:
    for (lang, level), writer in writers.items():
        assert writer.members(ev) == jsontext.members(evaluation_json(kb, ev, Words(lang)), level), (lang, level, ev.answers)


@pytest.fixture
def writers(kb):
    return {(lang, level): JsonWriter(kb, Words(lang), level) for lang in ("en", "ko") for level in (1, 3)}


def test_examples_and_scenarios(kb, engine, writers):
    seen = 0
    for _name, raw in _answer_files():
        answers = validate(kb, {k: v for k, v in raw.items() if not k.startswith("$") and k in kb.questions})
        _check(kb, writers, engine.evaluate(answers))
        seen += 1
    assert seen >= 20


@pytest.mark.slow
def test_random_answer_sets(kb, engine, writers):
    fired = 0
    for answers in scenarios.generate(kb, 400, seed=31, answered=0.7):
        ev = engine.evaluate(validate(kb, json.loads(json.dumps(answers))))
        _check(kb, writers, ev)
        fired += bool(ev.conclusions)
    assert fired > 100  # the comparison saw conclusions, not only empty evaluations


def test_nothing_concluded(kb, writers):
    _check(kb, writers, Evaluation(answers={}, conclusions=[], trace=[]))


def test_values_that_hash_alike_are_written_as_themselves(kb, writers):
    """A step or conclusion on one answer is written from a text kept by what it shows; True, 1
    and 1.0 are equal keys in a dict, so each must still be written as itself, in the answers,
    the conclusion and the trace, by writers that saw the others first."""
    from advisor.engine import Conclusion, Matched, Step

    rule = next(r for r in sorted(kb.rules.values(), key=lambda r: r.id)
                if r.kind.value != "derive" and len(r.when) == 1 and r.when[0].fact is None)
    trait = rule.when[0].trait
    for value in (True, 1, 1.0, "1", 1.5, False, 0):
        step = Step(1, rule.id, (Matched(1, trait, value),), (), (), rule.kind.value)
        _check(kb, writers, Evaluation(answers={trait: value}, conclusions=[Conclusion(rule, step)], trace=[step]))

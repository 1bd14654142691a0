"""validate()'s quick path for plainly valid records gives what the whole check gives.

A record whose fields are all plainly valid is validated without a call per field
(advisor/answers/check.py: _plainly_valid); any other record takes the whole check. Both must
return the same answers (same order, same values, same types), and a record the quick path
declines must get the whole check's verdict.
"""

from __future__ import annotations

import importlib.util
import json
import math

import pytest

from advisor.answers import check, validate
from advisor.kb import TraitType
from conftest import ROOT


def _scenarios():
    spec = importlib.util.spec_from_file_location("bench_scenarios", ROOT / "bench" / "scenarios.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Mapping(dict):
    """Not exactly a dict: validate() gives it the whole check."""


def _whole(kb, value):
    return validate(kb, _Mapping(value))


def _same(a: dict, b: dict) -> bool:
    return list(a.items()) == list(b.items()) and all(type(x) is type(y) for x, y in zip(a.values(), b.values()))


def test_random_records_take_the_quick_path_with_the_same_answers(kb):
    for record in _scenarios().generate(kb, 400, seed=11, answered=0.7):
        record = json.loads(json.dumps(record))  # as read from a file: whole numbers are ints
        quick = check._plainly_valid(kb, record)
        assert quick is not None
        assert _same(quick, _whole(kb, record))
        assert _same(validate(kb, record), quick)


def _edge_values(q):
    if q.type is TraitType.BOOL:
        return [True, False, None, 1, 0, "true", 1.0]
    if q.type is TraitType.CHOICE:
        first = q.choice_values()[0]
        return [first, first.upper(), first + " ", "", 1, True, None, [first]]
    return [q.min, q.max, int(q.min), (q.min + q.max) / 2, q.min - 1, q.max + 1, math.nan, math.inf, -math.inf,
            True, False, "1", None, -0.0 if q.min <= 0 <= q.max else q.min, 10 ** 400]


@pytest.mark.parametrize("trait_type", list(TraitType))
def test_each_edge_value_gets_the_whole_checks_verdict(kb, trait_type):
    questions = [q for q in kb.questions.values() if q.type is trait_type]
    assert questions
    for q in questions[:5]:
        for value in _edge_values(q):
            record = {q.trait: value}
            try:
                expected = _whole(kb, record)
            except ValueError as exc:
                with pytest.raises(ValueError) as got:
                    validate(kb, record)
                assert str(got.value) == str(exc)
                continue
            assert _same(validate(kb, record), expected), (q.trait, value)


def test_unknown_traits_and_the_consultation_member_take_the_whole_check(kb):
    trait = next(iter(kb.questions))
    assert check._plainly_valid(kb, {trait: None, "no_such_trait": True}) is None
    assert check._plainly_valid(kb, {check.META_KEY: {"lang": "en"}}) is None
    with pytest.raises(ValueError, match="unknown trait"):
        validate(kb, {"no_such_trait": True})
    assert validate(kb, {check.META_KEY: {"lang": "en"}, trait: None}) == {}


def test_a_whole_number_too_large_for_a_float_is_out_of_range_not_a_crash(kb):
    q = next(q for q in kb.questions.values() if q.type is TraitType.NUMBER)
    with pytest.raises(ValueError, match="out of range"):
        validate(kb, {q.trait: 10 ** 400})

"""The hashed alpha network fires exactly what experta's own matcher fires, on awkward patterns too.

Literal tests that collide in a dict (1, 1.0 and True are equal), missing fields, unhashable
values, predicates, bindings shared between patterns, nested fields, several fact types: random
facts are declared into two engines with the same rules, one per matcher, and the rules that
fire, on which facts, in which order, must be the same.
"""

from __future__ import annotations

import random

from advisor.compat import import_experta
from advisor.rete import IndexedReteMatcher, _Dispatch

experta = import_experta()
from experta import AS, MATCH, NOT, P, W, Fact, KnowledgeEngine, Rule  # noqa: E402
from experta.matchers.rete import ReteMatcher  # noqa: E402


class Thing(Fact):
    pass


class Other(Fact):
    pass


class Rules(KnowledgeEngine):
    def __init__(self):
        self.fired = []
        super().__init__()

    def _log(self, name, **bound):
        facts = sorted((k, v["__factid__"] if isinstance(v, Fact) else v) for k, v in bound.items())
        self.fired.append((name, facts))

    @Rule(AS.f << Thing(a=1))
    def one(self, f):
        self._log("one", f=f)

    @Rule(AS.f << Thing(a=True))
    def true(self, f):
        self._log("true", f=f)

    @Rule(AS.f << Thing(a=1.0, b="x"))
    def one_x(self, f):
        self._log("one_x", f=f)

    @Rule(AS.f << Thing(a="x"))
    def ax(self, f):
        self._log("ax", f=f)

    @Rule(AS.f << Thing(a=0))
    def zero(self, f):
        self._log("zero", f=f)

    @Rule(AS.f << Thing(a=None))
    def none(self, f):
        self._log("none", f=f)

    @Rule(AS.f << Thing(b="y"))
    def by(self, f):
        self._log("by", f=f)

    @Rule(AS.f << Thing(b="x", a=False))
    def bx(self, f):
        self._log("bx", f=f)

    @Rule(AS.f << Thing(a=P(lambda v: isinstance(v, (int, float)) and v > 0)))
    def positive(self, f):
        self._log("positive", f=f)

    @Rule(AS.f << Thing(a=MATCH.v), AS.g << Other(a=MATCH.v))
    def same_a(self, f, g, v):
        self._log("same_a", f=f, g=g)

    @Rule(AS.f << Thing(a=W(), b=W()))
    def has_both(self, f):
        self._log("has_both", f=f)

    @Rule(AS.f << Thing(c__d=1))
    def nested(self, f):
        self._log("nested", f=f)

    @Rule(AS.g << Other(a="x"), NOT(Thing(a="x")))
    def lonely_x(self, g):
        self._log("lonely_x", g=g)

    @Rule(AS.g << Other(a=1))
    def other_one(self, g):
        self._log("other_one", g=g)

    @Rule(AS.g << Other(b=MATCH.v, a=MATCH.v))
    def other_same(self, g, v):
        self._log("other_same", g=g)


class Indexed(Rules):
    __matcher__ = IndexedReteMatcher


class Plain(Rules):
    __matcher__ = ReteMatcher


VALUES = [1, 1.0, True, False, 0, 0.0, "x", "y", None, 2, -1, [1, 2], {"d": 1}, {"d": 2}]


def random_fact(rng: random.Random) -> Fact:
    cls = rng.choice([Thing, Thing, Other])
    fields = {key: rng.choice(VALUES) for key in ("a", "b", "c") if rng.random() < 0.7}
    return cls(**fields)


def run(engine: Rules, facts: list[Fact]) -> list:
    engine.fired = []
    engine.reset()
    engine.declare(*[f.copy() for f in facts])
    engine.run()
    return engine.fired


def test_the_alpha_network_is_grouped():
    engine = Indexed()
    dispatches = []

    def walk(node, seen):
        if id(node) in seen:
            return
        seen.add(id(node))
        for child in getattr(node, "children", ()):
            if isinstance(child.node, _Dispatch):
                dispatches.append(child.node)
            walk(child.node, seen)

    walk(engine.matcher.root_node, set())
    assert dispatches  # the type tests at the root, and the literal tests on a and b
    assert any(len(d.children) >= 4 for d in dispatches)


def test_same_firings_as_experta_on_random_facts():
    rng = random.Random(3)
    indexed, plain = Indexed(), Plain()
    fired_any = set()
    for _ in range(400):
        facts = [random_fact(rng) for _ in range(rng.randint(0, 6))]
        got = run(indexed, facts)
        assert got == run(plain, facts), facts
        fired_any.update(name for name, _ in got)
    # the random facts reached every kind of pattern
    assert fired_any >= {"one", "true", "one_x", "ax", "zero", "none", "by", "bx", "positive", "same_a",
                         "has_both", "nested", "lonely_x", "other_one", "other_same"}


def test_retracting_a_fact_goes_through_the_same_routes():
    indexed, plain = Indexed(), Plain()
    for engine in (indexed, plain):
        engine.fired = []
        engine.reset()
        f = engine.declare(Thing(a=1, b="y"))
        engine.declare(Other(a="x"))
        engine.retract(f)
        engine.declare(Thing(a="x"))
        engine.run()
    assert indexed.fired == plain.fired
    assert [name for name, _ in indexed.fired] == ["same_a", "ax"]


def test_our_facts_are_still_checked_on_declaration():
    """engine._TypedFact checks the fields directly instead of through the schema library."""
    import pytest

    from advisor.engine import Answers, Concluded, Derived

    engine = Plain()
    engine.reset()
    engine.declare(Answers(static_content=True), Derived(name="x"), Concluded(rule="r", kind="warn"))
    for bad, message in (
        (Derived(name=3), "Invalid value on field 'name'"),
        (Derived(), "Mandatory field 'name' is not defined"),
        (Concluded(rule="r", kind=None), "Invalid value on field 'kind'"),
    ):
        with pytest.raises(ValueError, match=message):
            engine.declare(bad)


def test_the_knowledge_bases_facts_go_straight_to_their_compiled_paths(kb):
    # a type no rule matches (experta's InitialFact) has no paths; that must not send every fact
    # back through the root's dispatch and type tests
    from advisor.engine import Answers, Derived, engine_for

    by_type = engine_for(kb)._instance.matcher._by_type
    assert by_type is not None
    assert {Answers, Derived, experta.InitialFact} <= set(by_type)
    assert by_type[experta.InitialFact].paths == []

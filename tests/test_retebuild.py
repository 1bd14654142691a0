"""The direct network build (advisor/rete/build.py) gives what experta's own build gives.

On the whole knowledge base: the prepared rules equal experta's ``prepare_rule`` results, and
the network built from them has the same shape (every node's kind, test and parents, down to
each rule's conflict-set node) as the one experta builds. Rules of other shapes (``OR``,
``NOT``, ``TEST``, ``|`` of tests) take experta's path, and their networks agree as well.
"""

from __future__ import annotations

import re

from advisor.rete import build as retebuild
from advisor.compat import import_experta
from advisor.engine import compile_engine_class

experta = import_experta()
from experta import AS, NOT, OR, TEST, Fact, KnowledgeEngine, L, P, Rule  # noqa: E402
from experta.matchers.rete import ReteMatcher  # noqa: E402
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.nodes import ConflictSetNode  # noqa: E402
from experta.matchers.rete.utils import prepare_rule  # noqa: E402


class DirectMatcher(ReteMatcher):
    """experta's matcher with the direct build only (not the rewiring of advisor/rete/)."""

    prepare_ruleset = staticmethod(retebuild.prepare_ruleset)
    build_beta_part = staticmethod(retebuild.build_beta_part)


def _label(node) -> tuple:
    check = getattr(node, "matcher", None)
    if isinstance(node, ConflictSetNode):
        return ("rule", node.rule._wrapped.__name__, node.rule.salience)
    if isinstance(check, TypeCheck):
        return ("type", check.fact_type.__name__)
    if isinstance(check, FeatureCheck):
        how = check.how
        shown = repr(how.value) if isinstance(how, L) else id(how)
        return ("test", repr(check.what), type(how).__name__, shown)
    if isinstance(check, FactCapture):  # an unbound pattern's name holds the id of a copy of it
        return ("capture", re.sub(r"^__pattern_\d+__$", "__pattern__", check.bind))
    return (type(node).__name__, type(check).__name__)


def shape(matcher) -> list:
    """Every conflict-set node with everything above it: (kind and test of each node, its
    parents and the entry each calls), independent of the order nodes were made in."""
    parents: dict[int, list] = {}
    nodes: dict[int, object] = {}
    stack, seen = [matcher.root_node], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        nodes[id(node)] = node
        for child in node.children:
            parents.setdefault(id(child.node), []).append((node, child.callback.__name__))
            stack.append(child.node)
    memo: dict[int, tuple] = {}

    def sig(node) -> tuple:
        if id(node) not in memo:
            above = sorted(repr((sig(parent), entry)) for parent, entry in parents.get(id(node), ()))
            memo[id(node)] = (_label(node), tuple(above))
        return memo[id(node)]

    return sorted(repr(sig(n)) for n in nodes.values() if isinstance(n, ConflictSetNode))


def _same_rule(a, b) -> bool:
    return (a == b and a._wrapped is b._wrapped and a.salience == b.salience and a._wrapped_args == b._wrapped_args
            and type(a) is type(b) and vars(a) == vars(b))


def test_every_rule_of_the_knowledge_base_is_prepared_as_experta_prepares_it(kb):
    engine = compile_engine_class(kb)()
    rules = engine.get_rules()
    assert rules and all(retebuild.plain(rule) for rule in rules)  # the direct path is the one taken
    for rule in rules:
        assert _same_rule(retebuild.prepare(rule), prepare_rule(rule)), rule._wrapped.__name__
    assert retebuild.prepare_ruleset(engine) == ReteMatcher.prepare_ruleset(engine)


def test_the_knowledge_base_network_has_experta_s_shape(kb):
    engine = compile_engine_class(kb)()
    ours, theirs = shape(DirectMatcher(engine)), shape(ReteMatcher(engine))
    assert len(ours) == len(kb.rules)
    assert ours == theirs


class Thing(Fact):
    pass


class Other(Fact):
    pass


class Mixed(KnowledgeEngine):
    """Rules of every shape: plain ones, and ones experta must rewrite or wire itself."""

    @Rule(AS.t << Thing(a=1))
    def plain_one(self, t):
        pass

    @Rule(AS.t << Thing(a=1), AS.o << Other(b=P(lambda v: v > 2)), Other(c="x"))
    def plain_three(self, t, o):
        pass

    @Rule(Thing(a=L(1) | L(2)))
    def field_or(self):
        pass

    @Rule(OR(Thing(a=3), Other(b=3)))
    def rule_or(self):
        pass

    @Rule(Thing(a=4), NOT(Other(b=4)))
    def negated(self):
        pass

    @Rule(AS.t << Thing(a=5), TEST(lambda t: True))
    def tested(self, t):
        pass

    @Rule()
    def empty(self):
        pass


def test_rules_of_other_shapes_take_experta_s_path_and_agree():
    engine = Mixed()
    plain = {rule._wrapped.__name__ for rule in engine.get_rules() if retebuild.plain(rule)}
    assert plain == {"plain_one", "plain_three"}
    for rule in engine.get_rules():
        assert _same_rule(retebuild.prepare(rule), prepare_rule(rule)), rule._wrapped.__name__
    assert shape(DirectMatcher(engine)) == shape(ReteMatcher(engine))


def test_the_mixed_rules_fire_alike():
    """The direct build on experta's own engine: the same rules fire on the same facts."""

    def fired(matcher_class):
        class Engine(Mixed):
            __matcher__ = matcher_class

        engine = Engine()
        engine.reset()
        for fact in (Thing(a=1), Other(b=3, c="x"), Thing(a=2), Thing(a=4), Thing(a=5)):
            engine.declare(fact)
        return sorted(a.rule._wrapped.__name__ for a in engine.agenda.activations)

    assert fired(DirectMatcher) == fired(ReteMatcher)
    assert "plain_three" in fired(DirectMatcher)

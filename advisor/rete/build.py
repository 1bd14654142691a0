"""experta's RETE network build, without its cost on rules that are already in normal form.

Building the network is the largest part of a one-file ``evaluate`` (docs/performance.md):
experta rewrites every rule into disjunctive normal form until nothing changes, making a new
``Rule`` at each pass (each one inspects the signature of the rule's function again), and it
wires every rule's joins through a set of single-dispatch functions it creates afresh for each
rule. Our rules (advisor/engine/) are sequences of plain patterns: a fact with literal or
predicate tests, no ``OR``, ``NOT``, ``TEST``, ``EXISTS`` or ``FORALL``. On such a rule
experta's rewriting ends where it started, and its wiring is a chain of joins; both are done
here directly, with experta's own classes, so the network is the one experta would build.

Any rule of another shape takes experta's own path, unchanged. ``tests/test_retebuild.py``
checks on the whole knowledge base that the prepared rules equal experta's and that the
networks have the same shape.
"""

from __future__ import annotations

from functools import update_wrapper

from advisor.compat import import_experta

import_experta()  # experta is imported through compat (advisor/compat.py)

from experta.conditionalelement import OR  # noqa: E402
from experta.fact import Fact  # noqa: E402
from experta.fieldconstraint import ORFC  # noqa: E402
from experta.matchers.rete.check import SameContextCheck  # noqa: E402
from experta.matchers.rete.dnf import dnf  # noqa: E402
from experta.matchers.rete.nodes import ConflictSetNode, OrdinaryMatchNode  # noqa: E402
from experta.matchers.rete.utils import prepare_rule, wire_rule  # noqa: E402
from experta.rule import Rule  # noqa: E402

#: what experta's normal form does to a value it has no rule for: leaves it as it is
_AS_IS = dnf.dispatch(object)


def _plain_value(value) -> bool:
    """Is ``value`` one that experta's normal form leaves alone (a literal, a predicate, a
    binding; not an ``|``, ``&`` or ``~`` of tests)?"""
    return not isinstance(value, ORFC) and dnf.dispatch(type(value)) is _AS_IS


def plain(rule) -> bool:
    """Is ``rule`` a non-empty sequence of plain patterns (facts whose tests are all plain)?"""
    return (
        isinstance(rule, Rule)
        and len(rule) > 0
        and all(isinstance(p, Fact) and all(_plain_value(v) for v in p.values()) for p in rule)
    )


def prepare(rule):
    """experta's ``prepare_rule(rule)``. On a plain rule that is a copy of it: the same patterns
    (copied as experta's rewriting copies them), function and salience."""
    if not plain(rule):
        return prepare_rule(rule)
    return _copy(rule, [type(p).from_iter(p.items()) for p in rule])


def _copy(rule, patterns: list):
    """``rule.new_conditions(*patterns)``: a rule of the same class, salience and function,
    without experta's decorator inspecting the function's signature again (a few milliseconds
    over the knowledge base): the arguments it passes are the original rule's, already found."""
    new = type(rule)(*patterns, salience=rule.salience)
    if rule._wrapped:
        new._wrapped = rule._wrapped
        new._wrapped_args = rule._wrapped_args
        update_wrapper(new, rule._wrapped)  # what experta's decorator returns
    return new


def prepare_ruleset(engine) -> set:
    """``ReteMatcher.prepare_ruleset``: the engine's rules, ready to be wired."""
    return {prepare(rule) for rule in engine.get_rules()}


def build_beta_part(ruleset, alpha_terminals) -> None:
    """``ReteMatcher.build_beta_part``: a plain rule's patterns joined left to right (experta's
    chain of ``OrdinaryMatchNode``s on the same context), ending in the rule's conflict-set
    node; any other rule is wired by experta."""
    for rule in ruleset:
        if not plain(rule):
            _experta_beta(rule, alpha_terminals)
            continue
        if len(rule) == 1:
            last = alpha_terminals[rule[0]]
        else:
            last = OrdinaryMatchNode(SameContextCheck())
            left, right = alpha_terminals[rule[0]], alpha_terminals[rule[1]]
            left.add_child(last, last.activate_left)
            right.add_child(last, last.activate_right)
            for pattern in rule[2:]:
                left, right = last, alpha_terminals[pattern]
                last = OrdinaryMatchNode(SameContextCheck())
                left.add_child(last, last.activate_left)
                right.add_child(last, last.activate_right)
        conflict_set = ConflictSetNode(rule)
        last.add_child(conflict_set, conflict_set.activate)


def _experta_beta(rule, alpha_terminals) -> None:
    """experta's ``build_beta_part`` for one rule."""
    if isinstance(rule[0], OR):
        for subrule in rule[0]:
            wire_rule(rule, alpha_terminals, lhs=subrule)
    else:
        wire_rule(rule, alpha_terminals, lhs=rule)

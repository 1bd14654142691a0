"""experta's RETE matcher with a hashed alpha network: the same network, fewer useless tests.

experta sends every fact from a node to each of its children in turn, and each child tests it
(copying the token first). Below the type test of ``Answer`` sit ~30 sibling nodes testing
``trait == 'x'`` for one literal each; every answer paid for all of them, which made those tests
over half the time of an evaluation (profile in docs/performance.md).

Hashing the alpha network is the textbook fix (CLIPS and Drools do it): siblings that compare
the same field with a literal are grouped, and a fact is handed only to the members whose
literal equals its value, found by dictionary lookup. The members are experta's own nodes and
still run their own test, so nothing can match that did not match before; a member is skipped
only when its test would certainly fail (the field is missing, or its literal differs from the
value). The beta network, the conflict set and the agenda are untouched, and the rules still
run on experta.

Only literal tests on plain top-level fields with hashable scalar literals are grouped, and the
type tests under the root; anything else (predicates, bindings to context, nested fields) is
left as it was. The matcher is plugged in through experta's ``__matcher__`` class attribute.
"""

from __future__ import annotations

from typing import Any, Callable

from advisor.compat import import_experta

experta = import_experta()

from experta.matchers.rete import ReteMatcher  # noqa: E402  (experta must be imported through compat)
from experta.matchers.rete.check import FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.mixins import ChildNode  # noqa: E402
from experta.matchers.rete.nodes import FeatureTesterNode  # noqa: E402

#: literal types whose equality agrees with their hash, so a dict lookup finds every equal one
_SCALARS = (bool, int, float, str, type(None))


class IndexedReteMatcher(ReteMatcher):
    """experta's ReteMatcher, its alpha network grouped into hashed dispatch nodes after build.

    Three more savings of the same kind, on bookkeeping rather than matching:

    * experta copies a token on entering every node, because a node may add bindings to the
      token's context; a type test, or a literal or predicate test that binds nothing, only
      says yes or no, so such a node gets its parent's token as it is (its children that do
      bind still copy it on entry);

    * ``reset()`` wipes each node's memory once; experta's recursive reset reaches a node once
      per path to it (267 resets for ~150 nodes here).
    * after every change experta asks each of the 54 conflict-set nodes for its new activations;
      a node with none has nothing to give, so only those with some are asked.
    """

    def build_network(self):
        super().build_network()
        # found before the rewiring, so that they come in experta's order (rules of equal
        # salience on the same facts reach the agenda in that order)
        self._conflict_set_nodes = super()._get_conflict_set_nodes()
        _skip_copies(self.root_node, set())
        _index(self.root_node, set())
        self._nodes = _unique_nodes(self.root_node)

    def reset(self):
        for node in self._nodes:
            node._reset()

    def _get_conflict_set_nodes(self):
        return [node for node in self._conflict_set_nodes if node.added or node.removed]


class _Dispatch:
    """Stands in a node's children list for a group of sibling literal tests on one field.

    ``children`` keeps the members (experta walks it to reset the network and to find the
    conflict-set nodes); ``route`` is the callback the parent calls with each token.
    """

    def __init__(self, members: list[ChildNode], key_of: Callable[[Any], Any], literals: list[Any]):
        self.children = members
        self.key_of = key_of
        self.table: dict[Any, list[ChildNode]] = {}
        for child, literal in zip(members, literals):
            self.table.setdefault(literal, []).append(child)

    def reset(self) -> None:
        for child in self.children:
            child.node.reset()

    def route(self, token) -> None:
        (fact,) = token.data  # alpha tokens carry exactly one fact
        try:
            targets = self.table.get(self.key_of(fact), ())
        except (KeyError, IndexError):
            return  # the fact lacks the field: no member's test can pass
        except TypeError:
            targets = self.children  # an unhashable value: let every member test it
        for child in targets:
            child.callback(token)

    def __str__(self) -> str:  # pragma: no cover - shown by experta's print_network
        return f"Dispatch({len(self.children)})"


def _index(node, seen: set[int]) -> None:
    """Group the literal-testing children of ``node`` and of every node below it."""
    if id(node) in seen:
        return
    seen.add(id(node))
    children = getattr(node, "children", None)
    if not children:
        return
    for child in children:
        _index(child.node, seen)
    groups: dict[tuple, list[tuple[ChildNode, Any]]] = {}
    for child in children:
        key = _group_of(child)
        if key is not None:
            groups.setdefault(key[:2], []).append((child, key[2]))
    grouped = {key: members for key, members in groups.items() if len(members) > 1}
    if not grouped:
        return
    placed: set[tuple] = set()
    rewired: list[ChildNode] = []
    for child in children:
        key = _group_of(child)
        group = key[:2] if key is not None else None
        if group not in grouped:
            rewired.append(child)
        elif group not in placed:
            placed.add(group)
            members = grouped[group]
            dispatch = _Dispatch([m for m, _ in members], _key_function(group), [lit for _, lit in members])
            rewired.append(ChildNode(dispatch, dispatch.route))
    node.children[:] = rewired


def _pure(node) -> bool:
    """A feature tester that never changes the token it is given: a type test, or a literal or
    predicate test on a field that binds nothing."""
    if type(node) is not FeatureTesterNode:
        return False
    check = node.matcher
    if isinstance(check, TypeCheck):
        return True
    return (isinstance(check, FeatureCheck) and type(check.how) in (experta.L, experta.P)
            and check.how.__bind__ is None)


def _skip_copies(node, seen: set[int]) -> None:
    """Hand tokens to pure feature testers without experta's defensive copy."""
    if id(node) in seen:
        return
    seen.add(id(node))
    children = getattr(node, "children", None)
    if not children:
        return
    for i, child in enumerate(children):
        if _pure(child.node) and child.callback == child.node.activate:
            children[i] = ChildNode(child.node, child.node._activate)
        _skip_copies(child.node, seen)


def _unique_nodes(root) -> list:
    """Every node of the network once, parents before children."""
    seen: set[int] = set()
    order: list = []
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if hasattr(node, "_reset"):
            order.append(node)
        stack.extend(child.node for child in reversed(getattr(node, "children", ())))
    return order


def _group_of(child: ChildNode) -> tuple | None:
    """("type", None, T) for a type test, ("field", name, literal) for a literal test, else None."""
    node = child.node
    if type(node) is not FeatureTesterNode or child.callback not in (node.activate, node._activate):
        return None
    check = node.matcher
    if isinstance(check, TypeCheck):
        return ("type", None, check.fact_type)
    if not isinstance(check, FeatureCheck):
        return None
    what, how = check.what, check.how
    if not isinstance(how, experta.L) or not isinstance(what, str):
        return None
    if "__" in what or what.isnumeric() or type(how.value) not in _SCALARS:
        return None  # nested or positional access, or a literal whose hash we do not trust
    return ("field", what, how.value)


def _key_function(group: tuple) -> Callable[[Any], Any]:
    kind, name = group
    if kind == "type":
        return type

    def field(fact):
        return fact[name]

    return field

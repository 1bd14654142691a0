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
value). The beta network keeps experta's nodes, memories and order, and the rules still run
on experta.

Only literal tests on plain top-level fields with hashable scalar literals are grouped, and the
type tests under the root; anything else (predicates, bindings to context, nested fields) is
left as it was. The matcher is plugged in through experta's ``__matcher__`` class attribute.

* :mod:`advisor.rete.alpha`  the alpha network hashed and compiled into indexed paths;
* :mod:`advisor.rete.beta`   lean conflict-set and join nodes, and the walks that wire them.
"""

from __future__ import annotations

import logging

from advisor.compat import import_experta
from advisor.rete.alpha import _compile_alpha, _Dispatch, _index, _Paths, _typed_paths
from advisor.rete.beta import _direct, _lean_conflict_set, _lean_join, _skip_copies, _unique_nodes

experta = import_experta()

from experta.matchers.rete import ReteMatcher  # noqa: E402  (experta must be imported through compat)
from experta.matchers.rete.check import SameContextCheck  # noqa: E402
from experta.matchers.rete.mixins import NoMemory  # noqa: E402
from experta.matchers.rete.nodes import OrdinaryMatchNode  # noqa: E402
from experta.watchers import MATCHER  # noqa: E402

from advisor.rete import build as retebuild  # noqa: E402

__all__ = ["IndexedReteMatcher", "_Dispatch"]


class IndexedReteMatcher(ReteMatcher):
    """experta's ReteMatcher, its alpha network grouped into hashed dispatch nodes after build.

    Three more savings of the same kind, on bookkeeping rather than matching:

    * experta copies a token on entering every node, because a node may add bindings to the
      token's context; a type test, or a literal or predicate test that binds nothing, only
      says yes or no, so such a node gets its parent's token as it is (its children that do
      bind still copy it on entry);

    * ``reset()`` wipes each node's memory once; experta's recursive reset reaches a node once
      per path to it (267 resets for ~150 nodes here); a conflict-set node only if it was
      activated since the last reset (its memory is empty otherwise).
    * conflict-set and join nodes take new matches without hashing activations or checking
      tokens (:func:`_lean_conflict_set`, :func:`_lean_join`), and without the token copy
      experta makes on entry (neither changes the token it is given).
    * after every change experta asks each of the ~125 conflict-set nodes for its new
      activations; only a node activated since the last time can have some, so each node notes
      itself when activated and only those are asked.
    * below each type test, the feature tests are compiled into plain tests per path and
      indexed by the literal each path tests (:class:`_Paths`): the cost of an answers fact
      follows the rules whose tested values it carries, not the number of rules.
    """

    # experta's build, done directly on rules already in normal form (advisor/rete/build.py)
    prepare_ruleset = staticmethod(retebuild.prepare_ruleset)
    build_beta_part = staticmethod(retebuild.build_beta_part)

    def build_network(self):
        super().build_network()
        # found before the rewiring, so that they come in experta's order (rules of equal
        # salience on the same facts reach the agenda in that order)
        self._conflict_set_nodes = super()._get_conflict_set_nodes()
        # each conflict-set node notes itself on activation (kept in experta's order)
        self._dirty: set[int] = set()
        for position, node in enumerate(self._conflict_set_nodes):
            _lean_conflict_set(node, position, self._dirty)
        #: the lean joins whose memories were filled since the last reset
        self._filled: list = []
        joins = []
        for node in _unique_nodes(self.root_node):
            if type(node) is OrdinaryMatchNode and type(node.matcher) is SameContextCheck:
                _lean_join(node, self._filled)
                joins.append(node)
        _compile_alpha(self.root_node)
        _skip_copies(self.root_node, set())
        _index(self.root_node, set())
        for node in joins:  # each lean join hands its new tokens on, to an entry that can take them directly
            node.targets = [(_direct(child.callback), child.callback) for child in node.children]
        every = _unique_nodes(self.root_node)  # the network as it stays
        for node in every:
            for child in getattr(node, "children", ()):
                if isinstance(child.node, _Paths):
                    child.node.prepare()
        # reset() wipes what can hold something: a conflict-set node only once it was activated
        # since the last reset (noted in _touched), a lean join once its memories filled (noted
        # in _filled), every other node with a memory each time
        conflict = {id(node) for node in self._conflict_set_nodes}
        lean = {id(node) for node in joins}
        self._nodes = [node for node in every
                       if id(node) not in conflict and id(node) not in lean and type(node)._reset is not NoMemory._reset]
        self._filled[:] = joins
        self._touched: set[int] = set(range(len(self._conflict_set_nodes)))
        self._by_type = _typed_paths(self.root_node)

    def reset(self):
        for node in self._nodes:
            node._reset()
        for node in self._filled:  # OrdinaryMatchNode._reset
            node.left_memory = []
            node.right_memory = []
        self._filled.clear()
        nodes = self._conflict_set_nodes
        touched = self._touched | self._dirty
        for i in touched:
            nodes[i].memory = set()  # ConflictSetNode._reset
        self._touched.clear()

    def changes(self, adding=None, deleting=None):
        """experta's ``changes``: the facts through the network, then the new activations and
        deactivations of the conflict-set nodes activated meanwhile (none: nothing to ask)."""
        root = self.root_node
        if deleting:
            for fact in deleting:
                root.remove(fact)
        if adding:
            by_type = self._by_type
            if by_type is None or MATCHER.isEnabledFor(logging.DEBUG):
                for fact in adding:
                    root.add(fact)
            else:
                for fact in adding:
                    paths = by_type.get(type(fact))
                    if paths is not None:
                        paths.enter(fact)
        dirty = self._dirty
        if not dirty:
            return [], []
        # each node activated since the last call, in experta's order: its new activations and
        # deactivations (what experta's get_activations() of each node hands over)
        added: list = []
        removed: list = []
        nodes = self._conflict_set_nodes
        for i in sorted(dirty):
            node = nodes[i]
            if node.added:
                added.extend(node.added)
                node.added = []
            if node.removed:
                removed.extend(node.removed)
                node.removed = set()
        self._touched |= dirty
        dirty.clear()
        return added, removed

    def _get_conflict_set_nodes(self):
        # only a node activated since the last call can hold activations
        dirty = self._dirty
        if not dirty:
            return ()
        nodes = self._conflict_set_nodes
        found = [nodes[i] for i in sorted(dirty)]
        self._touched |= dirty
        dirty.clear()
        return found

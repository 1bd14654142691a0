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

import logging
from typing import Any, Callable

from advisor.compat import import_experta

experta = import_experta()

from experta.matchers.rete import ReteMatcher  # noqa: E402  (experta must be imported through compat)
from experta.activation import Activation  # noqa: E402
from experta.matchers.rete.check import FactCapture, FeatureCheck, SameContextCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.mixins import ChildNode, NoMemory  # noqa: E402
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode, OrdinaryMatchNode  # noqa: E402
from experta.matchers.rete.token import Token, TokenInfo  # noqa: E402
from experta.watchers import MATCHER  # noqa: E402

_VALID = Token.TagType.VALID
_new = object.__new__

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
        for node in _unique_nodes(self.root_node):
            for child in getattr(node, "children", ()):
                if isinstance(child.node, _Paths):
                    child.node.prepare()
        # reset() wipes what can hold something: a conflict-set node only once it was activated
        # since the last reset (noted in _touched), a lean join once its memories filled (noted
        # in _filled), every other node with a memory each time
        conflict = {id(node) for node in self._conflict_set_nodes}
        lean = {id(node) for node in joins}
        self._nodes = [node for node in _unique_nodes(self.root_node)
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


def _lean_conflict_set(node: ConflictSetNode, position: int, dirty: set) -> None:
    """experta's conflict-set node, its entry for a new match made cheaper; it notes itself in
    ``dirty`` when activated.

    For a valid token it does what experta's does (remember the token's data and context; a new
    one is an activation of the node's rule, unless it cancels a pending removal), without
    hashing each activation: the pending activations are kept in a list (the memory of tokens
    already makes each one unique). A retraction takes experta's own path.
    """
    original = node._activate
    rule = node.rule
    node.added = []

    def enter(data: frozenset, context: dict) -> None:
        """A valid token of ``data`` and ``context`` (neither is changed)."""
        dirty.add(position)
        info = tuple.__new__(TokenInfo, (data, frozenset(context.items())))
        memory = node.memory
        if info in memory:
            return
        memory.add(info)
        # experta's Activation(rule, data, context), made without its __init__
        activation = _new(Activation)
        activation.rule = rule
        activation.facts = set(data)
        activation.key = None
        activation.context = {k: v for k, v in context.items() if isinstance(k, str)}
        removed = node.removed
        if removed and activation in removed:
            removed.remove(activation)
        else:
            node.added.append(activation)

    def activate(token):
        if token.tag is not _VALID:
            dirty.add(position)
            return original(token)
        enter(frozenset(token.data), token.context)

    def get_activations():
        found = (node.added, node.removed)
        node.added = []
        node.removed = set()
        return found

    activate.enter = enter
    node._activate = activate
    node.get_activations = get_activations


def _lean_join(node: OrdinaryMatchNode, touched: list) -> None:
    """experta's two-input node (same bound values on both sides), its entries for a new token
    made cheaper: the same memories, the same matches in the same order, the same new tokens
    to the same children, built without experta's per-token checks. A retraction takes
    experta's own path. The node notes itself in ``touched`` when its memories fill (a reset
    needs to wipe only those)."""
    same = node.matcher
    original_left, original_right = node._activate_left, node._activate_right

    def entry(is_left: bool, original):
        def enter(data: frozenset, context: dict) -> None:
            if is_left:
                mine, others = node.left_memory, node.right_memory
            else:
                mine, others = node.right_memory, node.left_memory
            if not mine:
                touched.append(node)
            mine.append(tuple.__new__(TokenInfo, (data, frozenset(context.items()))))
            for other_data, other_items in others:
                other = dict(other_items)
                if not (same(context, other) if is_left else same(other, context)):
                    continue
                joined = {k: v for k, v in context.items() if isinstance(k, str)}
                for k, v in other.items():
                    if not isinstance(k, tuple):
                        joined[k] = v
                both = data | other_data
                for direct, callback in node.targets:
                    if direct is not None:
                        direct(both, joined)
                    else:
                        callback(Token._make((_VALID, set(both), joined)))

        def activate(token):
            if token.tag is not _VALID:
                return original(token)
            enter(frozenset(token.data), token.context)

        activate.enter = enter
        return activate

    node._activate_left = entry(True, original_left)
    node._activate_right = entry(False, original_right)


def _typed_paths(root) -> dict | None:
    """type -> its compiled paths, when the network below the root is a hashed dispatch on the
    fact's type to type tests that each lead to one :class:`_Paths` (a type test passes a fact
    of its type as it is), else None: the matcher then hands facts to the root node."""
    if len(root.children) != 1 or not isinstance(root.children[0].node, _Dispatch):
        return None
    dispatch = root.children[0].node
    if dispatch.key_of is not type:
        return None
    found = {}
    for fact_type, members in dispatch.table.items():
        if len(members) != 1:
            return None
        node = members[0].node
        if (type(node) is not FeatureTesterNode or not isinstance(node.matcher, TypeCheck) or len(node.children) != 1
                or not isinstance(node.children[0].node, _Paths) or not node.children[0].node.compiled):
            return None
        found[fact_type] = node.children[0].node
    return found


def _direct(callback):
    """The token-free entry ``enter(data, context)`` behind a lean node's entry ``callback``, or None."""
    return getattr(callback, "enter", None)


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
        elif type(child.node) in (ConflictSetNode, OrdinaryMatchNode):
            # neither changes the token it is given (they keep snapshots and make new tokens)
            children[i] = ChildNode(child.node, _uncopied(child))
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


# ---------------------------------------------------------------------- compiled alpha paths

class _Paths:
    """Stands for the whole alpha subtree below one type test: every path of feature tests from
    the type test down to the beta network, compiled into a list of plain tests, and indexed by
    the literal each path tests (a trait's value), so that a fact is tested only against the
    paths whose literal it carries, and the paths with no literal.

    A path's tests are the checks of experta's own nodes on that path, run in the same order
    with the same meaning (a literal or predicate test on a field; a fact capture adding its
    binding to the context); a path passes a token to the same beta nodes with the same
    context. Paths are visited in experta's depth-first order, so the beta network receives
    tokens in the order it did.
    """

    def __init__(self, paths: list[tuple[tuple, list[ChildNode]]]):
        self.paths = paths
        #: beta entries, for experta's walks over the network (reset, conflict-set nodes)
        self.children = []
        seen: set[int] = set()
        for _tests, targets in paths:
            for child in targets:
                if id(child) not in seen:
                    seen.add(id(child))
                    self.children.append(child)
        #: what each path calls: the beta node's entry behind experta's defensive token copy
        self.paths = [(tests, [_uncopied(child) for child in targets]) for tests, targets in paths]
        self.always: list[int] = []
        self.index: dict[str, dict[Any, list[int]]] = {}
        #: each path as the tests left once the path is chosen, the names its captures bind, and
        #: its entries (see :meth:`route`); filled by :meth:`prepare` once the network is wired
        self.compiled: list[tuple[tuple, tuple, list]] = []
        for number, (tests, _targets) in enumerate(paths):
            first = next((i for i, (kind, _what, arg) in enumerate(tests) if kind == "L" and arg == arg), None)
            if first is None:
                self.always.append(number)
            else:
                _kind, what, arg = tests[first]
                self.index.setdefault(what, {}).setdefault(arg, []).append(number)

    def prepare(self) -> None:
        """Compile each path for :meth:`route`: its literal found by the index is not tested again
        (a dict lookup found it equal), its captures become the context, and an entry that can
        take the token's parts (:func:`_direct`) is called without a token."""
        indexed = {n: what for what, table in self.index.items() for numbers in table.values() for n in numbers}
        self.compiled = []
        for number, (tests, targets) in enumerate(self.paths):
            checks = [t for t in tests if t[0] != "C"]
            if number in indexed:
                checks.remove(next(t for t in checks if t[0] == "L" and t[1] == indexed[number] and t[2] == t[2]))
            binds = tuple(arg.bind for kind, _what, arg in tests if kind == "C")
            self.compiled.append((tuple(checks), binds, [(_direct(receive), receive) for receive in targets]))

    def reset(self) -> None:  # pragma: no cover - the matcher resets nodes directly
        for child in self.children:
            child.node.reset()

    def route(self, token) -> None:
        if token.tag is _VALID and not token.context and self.compiled:
            (fact,) = token.data
            self.enter(fact)
        else:
            self._route_tokens(token, self._chosen(next(iter(token.data)))[0])

    def _chosen(self, fact) -> tuple[list[int], bool]:
        """The paths that may pass ``fact``, in order, and whether one of its values was unhashable."""
        chosen = list(self.always)
        whole = False
        if isinstance(fact, dict):
            index = self.index.get
            for what, value in fact.items():
                table = index(what)
                if table is None:
                    continue
                try:
                    found = table.get(value)
                except TypeError:  # an unhashable value: test every path on this field
                    found = [n for values in table.values() for n in values]
                    whole = True
                if found:
                    chosen.extend(found)
        chosen.sort()
        return chosen, whole

    def enter(self, fact) -> None:
        """A new fact of this type, through the compiled paths (a valid token with no context)."""
        chosen, whole = self._chosen(fact)
        if whole:
            self._route_tokens(Token._make((_VALID, {fact}, {})), chosen)
            return
        data = frozenset((fact,))
        compiled = self.compiled
        for number in chosen:
            checks, binds, targets = compiled[number]
            if checks and not _checked(checks, fact):
                continue
            context = {binds[0]: fact} if len(binds) == 1 else {bind: fact for bind in binds}
            for direct, receive in targets:
                if direct is not None:
                    direct(data, context)  # neither changes what it is given
                else:
                    receive(Token._make((_VALID, set(data), dict(context))))

    def _route_tokens(self, token, chosen: list[int]) -> None:
        """:meth:`route` with every test of each chosen path and a token to each entry."""
        (fact,) = token.data
        paths = self.paths
        tag, data = token.tag, token.data
        for number in chosen:
            tests, targets = paths[number]
            context = dict(token.context)
            if not _passes(tests, fact, context):
                continue
            for receive in targets:
                # a fresh token for each entry: the copy experta's entry makes is not needed
                receive(Token._make((tag, set(data), dict(context))))

    def __str__(self) -> str:  # pragma: no cover - shown by experta's print_network
        return f"Paths({len(self.paths)})"


def _uncopied(child: ChildNode):
    """The entry of a beta node that skips the token copy its usual entry makes."""
    node, callback = child.node, child.callback
    for copying, direct in (("activate", "_activate"), ("activate_left", "_activate_left"),
                            ("activate_right", "_activate_right")):
        if callback == getattr(node, copying, None):
            return getattr(node, direct)
    return callback


def _passes(tests: tuple, fact, context: dict) -> bool:
    """Do the tests of a path pass on ``fact``? Its captures are added to ``context``."""
    for kind, what, arg in tests:
        if kind == "C":  # a capture: FeatureTesterNode's merge of a binding into the context
            context[arg.bind] = fact
        elif not _checked(((kind, what, arg),), fact):
            return False
    return True


def _checked(tests: tuple, fact) -> bool:
    """Do the literal ("L") and predicate ("P") tests pass on ``fact``?"""
    for kind, what, arg in tests:
        if kind == "L":
            try:
                if not arg == fact[what]:
                    return False
            except (IndexError, KeyError, TypeError):
                return False
        elif kind == "P":
            try:
                actual = fact[what]
            except (IndexError, KeyError, TypeError):
                return False
            if not arg.match(actual):
                return False
    return True


def _test_of(node) -> tuple | None:
    """A feature tester's check as a plain test, or None when it is not one we compile."""
    if type(node) is not FeatureTesterNode:
        return None
    check = node.matcher
    if isinstance(check, FactCapture):
        return ("C", None, check)
    if not isinstance(check, FeatureCheck) or not isinstance(check.what, str):
        return None
    what, how = check.what, check.how
    if "__" in what or what.isnumeric() or how.__bind__ is not None:
        return None
    if type(how) is experta.L:
        return ("L", what, how.value) if type(how.value) in _SCALARS else None
    if type(how) is experta.P:
        return ("P", what, how)
    return None


def _collect_paths(node, tests: tuple, out: list) -> bool:
    """Append every path below ``node`` as (tests, [beta child]), in experta's depth-first order
    of the children; False if some feature test cannot be compiled."""
    for child in node.children:
        if type(child.node) is FeatureTesterNode:
            test = _test_of(child.node)
            if test is None or child.callback not in (child.node.activate, child.node._activate):
                return False
            if not _collect_paths(child.node, tests + (test,), out):
                return False
        else:
            captures = [arg.bind for kind, _, arg in tests if kind == "C"]
            if len(set(captures)) != len(captures):
                return False  # the same name captured twice: leave it to experta's merge rules
            out.append((tests, [child]))
    return True


def _compile_alpha(root) -> None:
    """Replace the feature tests under each type test of the root with one :class:`_Paths`."""
    for child in root.children:
        node = child.node
        if type(node) is not FeatureTesterNode or not isinstance(node.matcher, TypeCheck):
            continue
        if not all(type(c.node) is FeatureTesterNode for c in node.children):
            continue  # rules on the bare type too: leave this subtree as it is
        paths: list = []
        if _collect_paths(node, (), paths):
            compiled = _Paths(paths)
            node.children[:] = [ChildNode(compiled, compiled.route)]

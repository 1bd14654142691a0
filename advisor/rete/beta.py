"""The beta network's nodes made lean: experta's conflict-set and join nodes, their entries for a
new match rewritten without the checks and copies experta makes for every token, and the walks
over the network that wire them (see :mod:`advisor.rete`).

A lean node keeps experta's memories and order: it remembers the same token data and context,
makes the same activations and joined tokens in the same order, and sends a retraction down
experta's own path. Its entry for a new match also takes the token's parts directly
(``enter(data, context, info)``, ``info`` the token's :class:`TokenInfo`, what the node remembers),
so that a node feeding it need not build a token, and a node feeding several entries the same
match (the alpha paths of one fact) makes its info once.
"""

from __future__ import annotations

from advisor.compat import import_experta

experta = import_experta()

from experta.activation import Activation  # noqa: E402  (experta must be imported through compat)
from experta.matchers.rete.check import FeatureCheck, TypeCheck  # noqa: E402
from experta.matchers.rete.mixins import ChildNode  # noqa: E402
from experta.matchers.rete.nodes import ConflictSetNode, FeatureTesterNode, OrdinaryMatchNode  # noqa: E402
from experta.matchers.rete.token import Token, TokenInfo  # noqa: E402

_VALID = Token.TagType.VALID
_new = object.__new__


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
    # the names rules bind facts to (strings): a context holding only those is kept whole
    _NAMED.update(name for pattern in rule for name in _bound_names(pattern))

    def enter(data: frozenset, context: dict, info: TokenInfo) -> None:
        """A valid token of ``data`` and ``context`` (neither is changed, and the caller does not
        change them later: an activation may keep the context); ``info`` is its :func:`_info`."""
        dirty.add(position)
        memory = node.memory
        if info in memory:
            return
        memory.add(info)
        # experta's Activation(rule, data, context), made without its __init__
        activation = _new(Activation)
        activation.rule = rule
        activation.facts = set(data)
        activation.key = None
        # the context itself when it holds only bound names: a direct entry's caller makes it
        # for this match and never changes it, nor does anything that reads an activation
        activation.context = context if _NAMED.issuperset(context) else {k: v for k, v in context.items() if isinstance(k, str)}
        removed = node.removed
        if removed and activation in removed:
            removed.remove(activation)
        else:
            node.added.append(activation)

    def activate(token):
        if token.tag is not _VALID:
            dirty.add(position)
            return original(token)
        data = frozenset(token.data)
        enter(data, dict(token.context), _info(data, token.context))

    def get_activations():
        found = (node.added, node.removed)
        node.added = []
        node.removed = set()
        return found

    activate.enter = enter
    node._activate = activate
    node.get_activations = get_activations


def _info(data: frozenset, context: dict) -> TokenInfo:
    """The :class:`TokenInfo` of a token of ``data`` and ``context`` (experta's ``to_info()``)."""
    return tuple.__new__(TokenInfo, (data, frozenset(context.items())))


#: binding names of the rules' patterns (strings), to which an activation's context is reduced
_NAMED: set[str] = set()


def _bound_names(pattern) -> list[str]:
    bind = getattr(pattern, "__bind__", None)
    return [bind] if type(bind) is str else []


def _lean_join(node: OrdinaryMatchNode, touched: list) -> None:
    """experta's two-input node (same bound values on both sides), its entries for a new token
    made cheaper: the same memories, the same matches in the same order, the same new tokens
    to the same children, built without experta's per-token checks. A retraction takes
    experta's own path. The node notes itself in ``touched`` when its memories fill (a reset
    needs to wipe only those)."""
    same = node.matcher
    original_left, original_right = node._activate_left, node._activate_right

    def entry(is_left: bool, original):
        def enter(data: frozenset, context: dict, info: TokenInfo) -> None:
            if is_left:
                mine, others = node.left_memory, node.right_memory
            else:
                mine, others = node.right_memory, node.left_memory
            if not mine:
                touched.append(node)
            mine.append(info)
            for other_data, other_items in others:
                other = dict(other_items)
                if not (same(context, other) if is_left else same(other, context)):
                    continue
                # the context's names, then the other side's (experta's merge; names are strings)
                joined = dict(context) if _NAMED.issuperset(context) else {k: v for k, v in context.items() if isinstance(k, str)}
                if _NAMED.issuperset(other):
                    joined.update(other)
                else:
                    for k, v in other.items():
                        if not isinstance(k, tuple):
                            joined[k] = v
                both = data | other_data
                both_info = None
                for direct, callback in node.targets:
                    if direct is not None:
                        if both_info is None:
                            both_info = tuple.__new__(TokenInfo, (both, frozenset(joined.items())))
                        direct(both, joined, both_info)
                    else:
                        callback(Token._make((_VALID, set(both), dict(joined))))  # a direct entry may keep joined

        def activate(token):
            if token.tag is not _VALID:
                return original(token)
            data = frozenset(token.data)
            enter(data, token.context, _info(data, token.context))

        activate.enter = enter
        return activate

    node._activate_left = entry(True, original_left)
    node._activate_right = entry(False, original_right)


def _direct(callback):
    """The token-free entry ``enter(data, context, info)`` behind a lean node's entry ``callback``, or None."""
    return getattr(callback, "enter", None)


def _uncopied(child: ChildNode):
    """The entry of a beta node that skips the token copy its usual entry makes."""
    node, callback = child.node, child.callback
    for copying, direct in (("activate", "_activate"), ("activate_left", "_activate_left"),
                            ("activate_right", "_activate_right")):
        if callback == getattr(node, copying, None):
            return getattr(node, direct)
    return callback


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
    children = _first_visit(node, seen)
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


def _first_visit(node, seen: set[int]) -> list | None:
    """The children of ``node`` the first time a walk meets it; None after that, or if it has none."""
    if id(node) in seen:
        return None
    seen.add(id(node))
    return getattr(node, "children", None) or None

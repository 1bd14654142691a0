"""The alpha network hashed and compiled: below each type test, the feature tests of every path
become plain tests indexed by the literal each path tests (:class:`_Paths`), and sibling literal
tests elsewhere are grouped behind one dictionary lookup (:class:`_Dispatch`). See
:mod:`advisor.rete` for why and for what stays experta's.
"""

from __future__ import annotations

from typing import Any, Callable

from advisor.compat import import_experta
from advisor.rete.beta import _direct, _first_visit, _uncopied

experta = import_experta()

from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck  # noqa: E402  (experta must be imported through compat)
from experta.matchers.rete.mixins import ChildNode  # noqa: E402
from experta.matchers.rete.nodes import FeatureTesterNode  # noqa: E402
from experta.matchers.rete.token import Token, TokenInfo  # noqa: E402

_VALID = Token.TagType.VALID

#: literal types whose equality agrees with their hash, so a dict lookup finds every equal one
_SCALARS = (bool, int, float, str, type(None))


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
    children = _first_visit(node, seen)
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
                or not isinstance(node.children[0].node, _Paths) or not node.children[0].node.prepared):
            return None
        found[fact_type] = node.children[0].node
    return found


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
        #: each path as the tests left once the path is chosen (a predicate test holding the
        #: predicate's function itself), the names its captures bind, its entries, and its only
        #: direct entry or None (see :meth:`enter`); filled by :meth:`prepare` once the network is wired
        self.compiled: list[tuple[tuple, tuple, list, Any]] = []
        #: set by :meth:`prepare` (a type with no paths, such as experta's InitialFact, compiles to none)
        self.prepared = False
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
        names: dict[tuple, tuple] = {}
        for number, (tests, targets) in enumerate(self.paths):
            checks = [t for t in tests if t[0] != "C"]
            if number in indexed:
                checks.remove(next(t for t in checks if t[0] == "L" and t[1] == indexed[number] and t[2] == t[2]))
            # a predicate test as the predicate itself (what ``P.match`` returns)
            checks = [("P", what, arg.match) if kind == "P" else (kind, what, arg) for kind, what, arg in checks]
            # the names a path binds, one tuple for equal ones (enter() makes a context per tuple)
            bound = tuple(arg.bind for kind, _what, arg in tests if kind == "C")
            binds = names.setdefault(bound, bound)
            entries = [(_direct(receive), receive) for receive in targets]
            # the only entry when a path has one that takes a token's parts (the usual case)
            only = entries[0][0] if len(entries) == 1 else None
            self.compiled.append((tuple(checks), binds, entries, only))
        self.prepared = True

    def reset(self) -> None:  # pragma: no cover - the matcher resets nodes directly
        for child in self.children:
            child.node.reset()

    def route(self, token) -> None:
        if token.tag is _VALID and not token.context and self.prepared:
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
        # the context (and its token info) of the paths that bind the same names is the same:
        # made once per fact (a direct entry changes neither; an activation may keep the context)
        made: dict[tuple, tuple] = {}
        last = context = info = None
        for number in chosen:
            checks, binds, targets, only = compiled[number]
            if checks and not _checked(checks, fact):
                continue
            if binds is not last:  # (equal names are one tuple: see prepare)
                shared = made.get(binds)
                if shared is None:
                    context = {bind: fact for bind in binds}
                    shared = made[binds] = (context, tuple.__new__(TokenInfo, (data, frozenset(context.items()))))
                context, info = shared
                last = binds
            if only is not None:
                only(data, context, info)
                continue
            for direct, receive in targets:
                if direct is not None:
                    direct(data, context, info)  # neither changes what it is given
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


def _passes(tests: tuple, fact, context: dict) -> bool:
    """Do the tests of a path pass on ``fact``? Its captures are added to ``context``."""
    for kind, what, arg in tests:
        if kind == "C":  # a capture: FeatureTesterNode's merge of a binding into the context
            context[arg.bind] = fact
        elif not _checked(((kind, what, arg.match if kind == "P" else arg),), fact):
            return False
    return True


def _checked(tests: tuple, fact) -> bool:
    """Do the literal ("L") and predicate ("P", its test the predicate function) tests pass on ``fact``?"""
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
            if not arg(actual):
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

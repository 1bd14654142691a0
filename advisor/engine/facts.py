"""The facts an evaluation declares, and experta's fact list, made without experta's per-field
machinery where the values are plain (see :mod:`advisor.engine`)."""

from __future__ import annotations

import logging
from collections import Counter

from advisor.compat import import_experta

experta = import_experta()

from experta import watchers  # noqa: E402  (experta must be imported through compat)
from experta.factlist import FactList  # noqa: E402

#: a dict subclass's empty instance (its __init__ only fills it)
_new_fact = dict.__new__

#: value types that experta's ``freeze`` returns as they are and that are never a constraint
_PLAIN = (str, bool, int, float, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)
#: field names seen to hold no nested accessor (``a__b``); the fields of our facts, so it stays small
_FLAT_KEYS: set[str] = set()


def _flat(keys) -> bool:
    """Is no field name among ``keys`` a nested accessor (experta's ``has_nested_accessor``)?"""
    if any("__" in k.strip("_") for k in keys):
        return False
    _FLAT_KEYS.update(keys)
    return True


class _FastFact(experta.Fact):
    """A fact built without experta's per-field machinery when its values are plain scalars.

    experta's ``Fact.__init__`` stores each value through ``__setitem__`` and ``freeze`` (a
    single-dispatch call per field), and every declaration scans the fact for constraints and
    nested accessors. For keyword facts whose values are plain scalars, ``freeze`` is the
    identity and no value is a constraint, so the values are stored at once and the scans are
    answered from what was checked here; anything else takes experta's own path.
    """

    def __init__(self, *args, **kwargs):
        if args or not _PLAIN_TYPES.issuperset(map(type, kwargs.values())):
            super().__init__(*args, **kwargs)
            return
        dict.update(self, kwargs)
        self._Fact__defaults = {}
        self._plain = _FLAT_KEYS.issuperset(kwargs) or _flat(kwargs)

    def has_field_constraints(self):
        if self.__dict__.get("_plain"):
            return False
        return super().has_field_constraints()

    def has_nested_accessor(self):
        if self.__dict__.get("_plain"):
            return False
        return super().has_nested_accessor()


class _TypedFact(_FastFact):
    """A fact whose fields are declared with plain types, checked directly on declaration.

    experta checks every declared fact against its ``Field`` schemas through the schema
    library: 1.4 µs a fact, about 4% of an evaluation (docs/performance.md). Where each schema
    is a type, the same checks (mandatory fields present, values of that type) are made here
    with ``isinstance``, with experta's messages; any other schema is left to experta.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        checks = []
        for name, field in cls.__fields__.items():
            kind = getattr(field.validator, "schema", None)
            if not isinstance(kind, type):
                checks = None
                break
            checks.append((name, kind, field.mandatory))
        cls._checks = tuple(checks) if checks is not None else None

    def validate(self):
        checks = type(self)._checks
        if checks is None:
            return super().validate()
        for name, kind, mandatory in checks:
            if name in self:
                if not isinstance(self[name], kind):
                    raise ValueError("Invalid value on field %r for fact %r" % (name, self))
            elif mandatory:
                raise ValueError("Mandatory field %r is not defined for fact %r" % (name, self))


class _FactList(FactList):
    """experta's fact list, its identity of a fact (what a duplicate shares) found without a
    call per field, made without the calls of its base classes' constructors."""

    def __init__(self):
        # what FactList.__init__ sets; an empty Counter is what Counter.__new__ makes
        self.last_index = 0
        self.reference_counter = _new_fact(Counter)
        self.added = []
        self.removed = []
        self.duplication = False

    def declare(self, fact):
        """experta's ``FactList.declare``, the same steps without its per-call overheads: the
        reference count kept as ``Counter`` keeps it, the log line asked for only when the
        watcher logs."""
        if not isinstance(fact, experta.Fact):
            raise ValueError("The fact must descend the Fact class.")
        fact.validate()
        fact_id = self._get_fact_id(fact)
        counter = self.reference_counter
        if self.duplication or fact_id not in counter:
            idx = self.last_index
            fact.__factid__ = idx
            self[idx] = fact
            self.last_index = idx + 1
            self.added.append(fact)
            counter[fact_id] = counter.get(fact_id, 0) + 1
            facts = watchers.FACTS
            if facts.isEnabledFor(logging.INFO):
                facts.info(" ==> %s: %r", fact, fact)
            return fact
        return None

    @staticmethod
    def _get_fact_id(fact):
        if _ORDINARY_KEYS.issuperset(fact.keys()):  # no special key (__factid__ ...): every pair counts
            return frozenset([fact.__class__, *fact.items()])
        ordinary = [k for k in fact if type(k) is str and not (k[:2] == "__" and k[-2:] == "__")]
        _ORDINARY_KEYS.update(ordinary)
        return frozenset([fact.__class__] + [
            (k, v) for k, v in fact.items()
            if not (isinstance(k, str) and k[:2] == "__" and k[-2:] == "__")  # Fact.is_special(k)
        ])


#: field names seen that are not special (``Fact.is_special``: a string in double underscores);
#: the fields of our facts, so it stays small
_ORDINARY_KEYS: set[str] = set()


class Answers(_FastFact):
    """Every known answer of an evaluation: trait -> value (traits not known are absent)."""


class Derived(_TypedFact):
    """A fact the rules derived (never asked)."""

    name = experta.Field(str, mandatory=True)


class Concluded(_TypedFact):
    """A conclusion: the rule that reached it and its kind."""

    rule = experta.Field(str, mandatory=True)
    kind = experta.Field(str, mandatory=True)

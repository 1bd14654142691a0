"""What an evaluation returns: its trace of steps (which rule fired, on which facts, what it
declared), its conclusions, and the fast constructors the engine makes them with."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from advisor.kb import Kind, Rule


@dataclass(frozen=True)
class Matched:
    """A fact a rule matched: an answer (trait and value) or a derived fact."""

    fact_id: int
    trait: str | None = None
    value: Any = None
    derived: str | None = None

    def to_json(self) -> dict:
        if self.derived is not None:
            return {"fact": self.fact_id, "derived": self.derived}
        return {"fact": self.fact_id, "trait": self.trait, "value": self.value}


@dataclass(frozen=True)
class Step:
    """One firing: which rule, on which facts, and what it declared."""

    number: int
    rule: str
    matched: tuple[Matched, ...]
    derived: tuple[str, ...]
    new: tuple[str, ...]  # the derived facts that were not known before this step
    concluded: str | None  # the kind, if the rule concluded something

    def to_json(self) -> dict:
        declared = [{"derived": name, "new": name in self.new} for name in self.derived]
        if self.concluded is not None:
            declared.append({"conclusion": self.concluded})
        return {
            "step": self.number,
            "rule": self.rule,
            "matched": [m.to_json() for m in self.matched],
            "declared": declared,
        }


@dataclass(frozen=True)
class Conclusion:
    rule: Rule
    step: Step

    @property
    def kind(self) -> Kind:
        return self.rule.kind


@dataclass
class Evaluation:
    answers: dict[str, Any]
    conclusions: list[Conclusion]
    trace: list[Step]

    def derived_by(self) -> dict[str, Step]:
        """Each derived fact and the step that first declared it."""
        first: dict[str, Step] = {}
        for step in self.trace:
            for name in step.new:
                first.setdefault(name, step)
        return first

    def fired(self) -> set[str]:
        return {step.rule for step in self.trace}


def _fast_constructor(cls):
    """A function ``(field values in order) -> instance of the frozen dataclass cls``, storing the
    values straight into the instance's ``__dict__`` instead of through ``object.__setattr__`` per
    field (half the cost; the same object: eq, hash and repr read the fields). Written out as
    ``dataclasses`` writes its ``__init__``, so that no call or loop per field is left."""
    names = [f.name for f in fields(cls)]
    assert not {"made", "d"} & set(names)  # the names the function uses for itself
    body = "".join(f"    d[{name!r}] = {name}\n" for name in names)
    source = f"def make({', '.join(names)}):\n    made = __new__(__cls__)\n    d = made.__dict__\n{body}    return made\n"
    namespace = {"__new__": object.__new__, "__cls__": cls}
    exec(source, namespace)  # noqa: S102 - our own field names
    make = namespace["make"]
    make.__name__ = make.__qualname__ = f"fast_{cls.__name__}"
    return make


#: ``Matched(fact_id, trait, value, derived)``, made fast
_matched = _fast_constructor(Matched)
#: ``Step(number, rule, matched, derived, new, concluded)``, made fast
_step = _fast_constructor(Step)
#: ``Conclusion(rule, step)``, made fast
_conclusion = _fast_constructor(Conclusion)

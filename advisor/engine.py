"""The inference engine: the knowledge base's rules compiled into experta rules.

Each knowledge rule becomes one experta ``Rule`` on typed facts:

* ``Answers(**{trait: value})`` one fact holding every known answer (an unknown answer is
  simply absent from it); a rule's conditions on answers become one pattern on this fact;
* ``Derived(name)``         declared by rules that derive facts, matched by later rules.

A conclusion is recorded by the step of the rule that reached it, not declared as a fact: no
rule matches one, so a ``Concluded`` fact only cost a pass through the network (~28 per
evaluation). It still takes its number in the trace's numbering of facts, as it would if it
were declared (bench/plain.py declares them; the numbers agree).

One answers fact rather than one fact per answer: a rule on answers only is then a single
pattern, with no join in the beta network, and an evaluation declares one fact instead of
twenty-odd (docs/performance.md has the profile). The trace still numbers facts as if each
answer were its own fact (``Matched.fact_id``: answers 1..n in trait order, then the derived
facts), so what it shows does not depend on how the facts are stored.

Rule bodies only declare facts and append a trace step (which rule fired, on which facts, what
it declared). The engine class is built once per knowledge base with ``type()``; one instance is
reused for every evaluation through ``reset()``.

Conflict resolution is made total and reproducible: each rule gets its own salience, shallow
rules (on answers only) before the rules that consume derived facts, then by id.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from advisor.compat import import_experta
from advisor.kb import KIND_ORDER, Condition, Kind, KnowledgeBase, Op, Rule
from advisor.rete import IndexedReteMatcher

experta = import_experta()

from experta import watchers  # noqa: E402  (experta must be imported through compat)
from experta.agenda import Agenda  # noqa: E402
from experta.factlist import FactList  # noqa: E402


_KEY = attrgetter("key")
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

    @staticmethod
    def _get_fact_id(fact):
        return frozenset([fact.__class__] + [
            (k, v) for k, v in fact.items()
            if not (isinstance(k, str) and k[:2] == "__" and k[-2:] == "__")  # Fact.is_special(k)
        ])


class Answers(_FastFact):
    """Every known answer of an evaluation: trait -> value (traits not known are absent)."""


class Derived(_TypedFact):
    """A fact the rules derived (never asked)."""

    name = experta.Field(str, mandatory=True)


class Concluded(_TypedFact):
    """A conclusion: the rule that reached it and its kind."""

    rule = experta.Field(str, mandatory=True)
    kind = experta.Field(str, mandatory=True)


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


def _answer_test(conds: list[Condition]):
    """The test of one answers field: a literal for a single ``is``, else a predicate."""
    if len(conds) == 1 and len(conds[0].tests) == 1 and conds[0].tests[0][0] is Op.IS:
        return experta.L(conds[0].tests[0][1])

    def check(value, conds=tuple(conds)):
        return all(c.check(value) for c in conds)

    return experta.P(check)


def _patterns(rule: Rule) -> list:
    """One pattern on the answers fact for all of the rule's answer conditions (bound to
    ``answers``), then one per derived fact (bound to ``m<index of the condition>``)."""
    by_trait: dict[str, list[Condition]] = {}
    for cond in rule.when:
        if cond.fact is None:
            by_trait.setdefault(cond.trait, []).append(cond)
    patterns = []
    if by_trait:
        tests = {trait: _answer_test(conds) for trait, conds in sorted(by_trait.items())}
        patterns.append(experta.AS.answers << Answers(**tests))
    for i, cond in enumerate(rule.when):
        if cond.fact is not None:
            patterns.append(getattr(experta.AS, f"m{i}") << Derived(name=cond.fact))
    return patterns


def _depths(kb: KnowledgeBase) -> dict[str, int]:
    """How far each rule is from the answers: 0 for rules on answers only."""
    depth: dict[str, int] = {}

    def visit(rule: Rule, stack: frozenset) -> int:
        if rule.id in depth:
            return depth[rule.id]
        if rule.id in stack:
            return 0  # a cycle: kb check reports it; keep compiling deterministically
        below = [
            visit(producer, stack | {rule.id})
            for fact in rule.facts
            for producer in kb.rules_deriving(fact)
        ]
        depth[rule.id] = 1 + max(below) if below else 0
        return depth[rule.id]

    for rule in kb.rules.values():
        visit(rule, frozenset())
    return depth


class _DepthStrategy(experta.strategies.DepthStrategy):
    """experta's depth strategy with its key computed directly.

    experta keeps the key of each activation (salience, then the newest facts first) in an
    ``lru_cache`` keyed on the activation itself; hashing an activation (its rule, facts and
    context) costs more than computing the key. Same key, same agenda order.
    """

    def get_key(self, activation):
        return (activation.rule.salience, sorted([f["__factid__"] for f in activation.facts], reverse=True))

    def _update_agenda(self, agenda, added, removed):
        if removed:  # never in our rules (no fact is retracted): experta's own path
            return super()._update_agenda(agenda, added, removed)
        # experta's insertion of each new activation by its key, comparing the keys directly
        # (an activation orders by its key: the same place, without a call per comparison)
        activations = agenda.activations
        for act in added:
            act.key = (act.rule.salience, sorted([f["__factid__"] for f in act.facts], reverse=True))
            insort(activations, act, key=_KEY)


class AdvisorEngine(experta.KnowledgeEngine):
    """The experta engine our compiled rules are attached to."""

    __strategy__ = _DepthStrategy

    # experta's RETE matcher with hashed alpha tests (advisor/rete.py): same rules, fewer tests
    __matcher__ = IndexedReteMatcher

    #: set on each compiled subclass
    kb_rules: dict[str, Rule] = {}

    def get_deffacts(self):
        # experta finds the deffacts with inspect.getmembers() on every reset(); ours never
        # change, so look them up once per instance.
        found = self.__dict__.get("_deffacts")
        if found is None:
            found = self._deffacts = super().get_deffacts()
        return found

    def reset(self, **kwargs):
        self.steps: list[Step] = []
        #: the number each derived fact has in the trace, by name (its first declaration)
        self.known_derived: dict[str, int] = {}
        #: the number each known answer has in the trace (1..n in trait order)
        self.answer_ids: dict[str, int] = {}
        self.next_id = 1
        if kwargs or not self._only_initial_fact():
            super().reset(**kwargs)
            return
        # experta's reset() with what it finds out each time done once: the only deffacts are
        # experta's own InitialFact (looked up, and its signature inspected, on every reset)
        self.agenda = Agenda()
        self.facts = facts = _FactList()
        self.matcher.reset()
        # experta's __declare(InitialFact()): an InitialFact holds no field (so no constraint and
        # no nested accessor to look for), made as Fact.__init__ makes an empty fact
        initial = _new_fact(experta.InitialFact)
        initial._Fact__defaults = {}
        facts.declare(initial)
        added, removed = self.get_activations()
        self.strategy.update_agenda(self.agenda, added, removed)
        self.running = False

    def _only_initial_fact(self) -> bool:
        only = self.__dict__.get("_only_initial")
        if only is None:
            deffacts = self.get_deffacts()
            only = self._only_initial = (
                len(deffacts) == 1 and deffacts[0]._wrapped is experta.KnowledgeEngine._declare_initial_fact._wrapped
            )
        return only

    def declare_answers(self, answers: dict[str, Any]) -> None:
        known = {t: v for t, v in sorted(answers.items()) if v is not None}
        self.answer_ids = {t: i for i, t in enumerate(known, start=1)}
        self.next_id = len(known) + 1
        self.declare(Answers(**known))

    def run(self, steps=float("inf")):
        """experta's run loop, each activation fired through its rule's prepared firing.

        The same loop as experta's (changes into the agenda, take the next activation, fire
        it), without formatting the log line of each firing when nobody watches, and calling
        the rule's firing (:func:`_firing`, made once per rule) with the activation's context.
        """
        if watchers.worth("RULES", "INFO") or watchers.worth("AGENDA", "DEBUG"):
            return super().run(steps)
        self.running = True
        strategy = self.strategy
        update = strategy.update_agenda if watchers.worth("ACTIVATIONS", "INFO") else strategy._update_agenda
        changes = self.matcher.changes
        while steps > 0 and self.running:
            facts = self.facts  # experta's get_activations(), without the empty lists it makes
            adding, deleting = facts.added, facts.removed
            if adding:
                facts.added = []
            if deleting:
                facts.removed = []
            added, removed = changes(adding, deleting)
            if added or removed:
                update(self.agenda, added, removed)
            activation = self.agenda.get_next()
            if activation is None:
                break
            steps -= 1
            # experta wires copies of our rules into its network; each keeps our body (_rhs)
            firing = getattr(activation.rule._wrapped, "firing", None)
            if firing is None:  # not one of the compiled rules: experta's own call
                activation.rule(self, **{k: v for k, v in activation.context.items() if not k.startswith("__")})
            else:
                firing(self, activation.context)
        self.running = False

    def fire(self, rule: Rule, bound: dict) -> None:
        """Record the firing of ``rule`` on the facts ``bound`` (experta's keyword arguments)."""
        _firing(rule)(self, bound)

    def _derive(self, name: str) -> None:
        # inside run(): experta's declare() without its checks (a plain string field, never a
        # constraint or nested accessor) and without asking the matcher (run() does next)
        fact = Derived(name=name)
        if self.running:
            self.facts.declare(fact)
        else:
            self.declare(fact)


_new = object.__new__


def _matched(fact_id, trait, value, derived) -> Matched:
    """``Matched(fact_id, trait, value, derived)``, made without the frozen dataclass's
    ``object.__setattr__`` per field (half the cost; the same object: eq, hash and repr read
    the fields)."""
    made = _new(Matched)
    fields = made.__dict__
    fields["fact_id"] = fact_id
    fields["trait"] = trait
    fields["value"] = value
    fields["derived"] = derived
    return made


def _step(number, rule, matched, derived, new, concluded) -> Step:
    """``Step(...)`` made as :func:`_matched` makes a ``Matched``."""
    made = _new(Step)
    fields = made.__dict__
    fields["number"] = number
    fields["rule"] = rule
    fields["matched"] = matched
    fields["derived"] = derived
    fields["new"] = new
    fields["concluded"] = concluded
    return made


def _conclusion(rule: Rule, step: Step) -> Conclusion:
    """``Conclusion(rule, step)`` made as :func:`_matched` makes a ``Matched``."""
    made = _new(Conclusion)
    fields = made.__dict__
    fields["rule"] = rule
    fields["step"] = step
    return made


def _firing(rule: Rule):
    """What firing ``rule`` does, prepared once: the trace step and the derived facts.

    A derived fact a rule matched is the one named in its condition (its pattern tests the
    name), so only the answers are read from the activation; a derived fact already known is
    not declared again (experta would ignore the duplicate).
    """
    plan = tuple((cond.fact, cond.trait) for cond in rule.when)
    derives = rule.derives
    concluded = rule.kind.value if rule.kind is not Kind.DERIVE else None
    rule_id = rule.id

    def fire(engine: AdvisorEngine, context: dict) -> None:
        known = engine.known_derived
        ids = engine.answer_ids
        answers = context.get("answers")
        matched = tuple([
            _matched(known[fact], None, None, fact) if fact is not None else _matched(ids[trait], trait, answers[trait], None)
            for fact, trait in plan
        ])
        new = []
        for name in derives:
            if name not in known:
                known[name] = engine.next_id
                engine.next_id += 1
                new.append(name)
                engine._derive(name)
        if concluded is not None:
            # a conclusion is recorded by its step, not declared as a fact: no rule matches
            # one, so declaring it only cost a pass through the network. It keeps its number
            # in the trace's numbering of facts (as if it had been declared).
            engine.next_id += 1
        steps = engine.steps
        steps.append(_step(len(steps) + 1, rule_id, matched, derives, tuple(new), concluded))

    return fire


def _rhs(rule: Rule):
    firing = _firing(rule)

    def rhs(engine, **bound):
        firing(engine, bound)

    rhs.__name__ = rule.id.replace("-", "_")
    rhs.firing = firing  # what run() calls directly
    return rhs


def compile_engine_class(kb: KnowledgeBase) -> type[AdvisorEngine]:
    """Build an experta engine class whose rules are the knowledge base's rules."""
    depth = _depths(kb)
    ordered = sorted(kb.rules.values(), key=lambda r: (depth[r.id], r.id))
    namespace: dict[str, Any] = {"kb_rules": dict(kb.rules)}
    for position, rule in enumerate(ordered):
        patterns = _patterns(rule)
        salience = len(ordered) - position
        namespace[f"r{position:04d}_{rule.id.replace('-', '_')}"] = experta.Rule(*patterns, salience=salience)(_rhs(rule))
    return type("CompiledAdvisorEngine", (AdvisorEngine,), namespace)


class Engine:
    """A knowledge base compiled once; evaluate answer sets with it as often as needed."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.engine_class = compile_engine_class(kb)
        self._instance = self.engine_class()
        #: how conclusions are listed: by kind, then rule id
        self._order = {rule.id: (KIND_ORDER[rule.kind], rule.id) for rule in kb.rules.values()}

    def evaluate(self, answers: dict[str, Any]) -> Evaluation:
        """Run the rules on validated answers (trait -> value; unknown traits are absent)."""
        eng = self._instance
        eng.reset()
        eng.declare_answers(answers)
        eng.run()
        return self._collect(answers, eng)

    def _collect(self, answers: dict[str, Any], eng: AdvisorEngine) -> Evaluation:
        rules = self.kb.rules
        order = self._order
        # by kind, then rule id; a rule that concluded twice keeps its steps' order (a stable sort)
        conclusions = [_conclusion(rules[step.rule], step) for step in eng.steps if step.concluded is not None]
        conclusions.sort(key=lambda c: order.get(c.rule.id) or (KIND_ORDER[c.rule.kind], c.rule.id))
        return Evaluation(answers=dict(sorted(answers.items())), conclusions=conclusions, trace=list(eng.steps))


def engine_for(kb: KnowledgeBase) -> Engine:
    """The compiled engine of ``kb``, built once per process and kept with it."""
    cached = kb.__dict__.get("_engine")
    if cached is None:
        cached = kb.__dict__["_engine"] = Engine(kb)
    return cached

"""The knowledge base's rules compiled into an experta engine class: one ``Rule`` per knowledge
rule, its patterns on the answers fact and on derived facts, its salience by depth, and its body,
a prepared firing that records the trace step (see :mod:`advisor.engine`)."""

from __future__ import annotations

import inspect
from bisect import insort
from functools import cache
from operator import attrgetter
from typing import Any

from advisor.compat import import_experta
from advisor.engine.facts import Answers, Derived, _FactList, _new_fact
from advisor.engine.results import Step, _matched, _step
from advisor.kb import Condition, Kind, KnowledgeBase, Op, Rule
from advisor.rete import IndexedReteMatcher

experta = import_experta()

from experta import watchers  # noqa: E402  (experta must be imported through compat)
from experta.agenda import Agenda  # noqa: E402

_KEY = attrgetter("key")


def _answer_test(conds: list[Condition]):
    """The test of one answers field: a literal for a single ``is``, else a predicate."""
    if len(conds) == 1 and len(conds[0].tests) == 1 and conds[0].tests[0][0] is Op.IS:
        return experta.L(conds[0].tests[0][1])

    if len(conds) == 1:  # the condition's own check, called without a frame around it
        return experta.P(conds[0].check)

    def check(value, conds=tuple(conds)):
        for c in conds:
            if not c.check(value):
                return False
        return True

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


def rule_depths(kb: KnowledgeBase) -> dict[str, int]:
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
        # each new activation's key (experta's: salience, then the fact numbers newest first),
        # worked out directly; then the activations put where experta's insertion puts them
        for act in added:
            facts = act.facts
            if len(facts) == 1:  # a rule on answers only: one fact, nothing to sort
                for fact in facts:
                    act.key = (act.rule.salience, [fact["__factid__"]])
            elif len(facts) == 2:  # two facts (answers and a derived fact, or two derived): newest first (facts are distinct)
                first, second = facts
                a, b = first["__factid__"], second["__factid__"]
                act.key = (act.rule.salience, [a, b] if b < a else [b, a])
            else:
                act.key = (act.rule.salience, sorted([f["__factid__"] for f in facts], reverse=True))
        activations = agenda.activations
        if len(added) == 1:
            insort(activations, added[0], key=_KEY)
        else:
            # inserting each in turn to the right of its equals (insort) is what a stable sort of
            # the agenda followed by the new ones in their order makes: one sort for a batch
            activations.extend(added)
            activations.sort(key=_KEY)


class AdvisorEngine(experta.KnowledgeEngine):
    """The experta engine our compiled rules are attached to."""

    __strategy__ = _DepthStrategy

    # experta's RETE matcher with hashed alpha tests (advisor/rete/): same rules, fewer tests
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
        if added or removed:  # (none: no rule is on the initial fact alone)
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
        known = {t: answers[t] for t in sorted(answers) if answers[t] is not None}  # (sorting names only)
        #: the known answers in trait order (what an evaluation shows when no answer is None)
        self.known = known
        self.answer_ids = dict(zip(known, range(1, len(known) + 1)))
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
        #: experta's own matcher is asked after every firing, as experta does; ours has nothing to
        #: report while no fact came or went (its conflict-set nodes fill only as facts pass)
        ours = isinstance(self.matcher, IndexedReteMatcher)
        while steps > 0 and self.running:
            facts = self.facts  # experta's get_activations(), without the empty lists it makes
            adding, deleting = facts.added, facts.removed
            if adding or deleting or not ours:
                if adding:
                    facts.added = []
                if deleting:
                    facts.removed = []
                added, removed = changes(adding, deleting)
                if added or removed:
                    update(self.agenda, added, removed)
            activations = self.agenda.activations  # experta's get_next(): the rightmost activation
            if not activations:
                break
            activation = activations.pop()
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

    if not derives and all(fact is None for fact, _trait in plan):
        # the usual rule: a conclusion on answers only (no derived fact matched or declared)
        traits = tuple(trait for _fact, trait in plan)

        if len(traits) == 1:  # most rules: one answer matched
            (trait,) = traits

            def conclude(engine: AdvisorEngine, context: dict) -> None:
                matched = (_matched(engine.answer_ids[trait], trait, context.get("answers")[trait], None),)
                engine.next_id += 1  # the conclusion's number (see fire)
                steps = engine.steps
                steps.append(_step(len(steps) + 1, rule_id, matched, derives, (), concluded))
        else:

            def conclude(engine: AdvisorEngine, context: dict) -> None:
                ids = engine.answer_ids
                answers = context.get("answers")
                matched = tuple([_matched(ids[trait], trait, answers[trait], None) for trait in traits])
                engine.next_id += 1  # the conclusion's number (see fire)
                steps = engine.steps
                steps.append(_step(len(steps) + 1, rule_id, matched, derives, (), concluded))

        if concluded is not None:
            return conclude

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
    # experta's Rule decorator asks inspect.signature() which arguments the body takes; every
    # body takes the same, so the answer is worked out once (inspect reads __signature__ first)
    rhs.__signature__ = _rhs_signature()
    return rhs


@cache
def _rhs_signature() -> inspect.Signature:
    """The signature of every rule body: ``(engine, **bound)``."""

    def body(engine, **bound):
        pass

    return inspect.signature(body)


def compile_engine_class(kb: KnowledgeBase) -> type[AdvisorEngine]:
    """Build an experta engine class whose rules are the knowledge base's rules."""
    depth = rule_depths(kb)
    ordered = sorted(kb.rules.values(), key=lambda r: (depth[r.id], r.id))
    namespace: dict[str, Any] = {"kb_rules": dict(kb.rules)}
    for position, rule in enumerate(ordered):
        patterns = _patterns(rule)
        salience = len(ordered) - position
        namespace[f"r{position:04d}_{rule.id.replace('-', '_')}"] = experta.Rule(*patterns, salience=salience)(_rhs(rule))
    return type("CompiledAdvisorEngine", (AdvisorEngine,), namespace)

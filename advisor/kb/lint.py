"""``advisor kb check``: lints that prove the knowledge base holds together.

Each lint has a short id, a one-line message naming the file, line and item, and a deliberately
broken mini knowledge base in tests/kb_broken/ that triggers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from advisor.kb.model import Kind, KnowledgeBase, Op, Source, TraitType
from advisor.logic import analysis, condition_domain

#: lint id -> what it catches (shown by ``advisor kb check --list``)
LINTS = {
    "duplicate-id": "two notes, rules, questions, derived facts, cues, terms, claims or exams share an id",
    "rule-cites-unknown-note": "a rule cites a note id that does not exist",
    "rule-cites-no-note": "a rule cites no note at all",
    "orphan-note": "a note that no rule, claim or practice question cites",
    "trait-not-asked": "a rule tests a trait that no question asks",
    "unknown-derived-fact": "a rule tests or derives a fact that derived.toml does not declare",
    "underived-fact": "a declared derived fact that no rule derives",
    "impossible-condition": "a condition on a value the trait cannot take",
    "derived-cycle": "derived facts that depend on each other in a circle",
    "unreachable-rule": "a rule that can never fire on any answers",
    "conflicting-rules": "two rules that recommend and avoid the same service on the same answers",
    "correction-without-reference": "a correction that cites no AWS documentation",
    "unused-question": "a question that no rule uses",
    "cue-unknown-trait": "a cue gives away a trait that no question asks",
    "cue-impossible-value": "a cue gives a value its trait cannot take, or reads numbers for a trait that is not a number",
    "cue-conflicting-assumptions": "two cues assume a value for the same trait",
    "term-links-unknown-rule": "a term links to a rule, or a rule service, that does not exist",
    "claim-cites-unknown-note": "a claim cites a note id that does not exist",
    "claim-reads-negated-question": "a claim that applies only when the question asks what is NOT true (the reader already inverts such questions, so the claim must state the fact)",
    "exam-cites-unknown-note": "a practice question's deciding note does not exist",
    "exam-unknown-topic": "a practice question's topic is no note's topic",
    "part-unknown-trait": "a design part lists a question, or gives an answer to a trait, that no question asks",
    "part-impossible-answer": "a design part gives an answer its trait cannot take",
    "control-character": "knowledge text holds a control character, a BiDi override or a line separator that a terminal would act on",
}

#: Lints whose findings leave a knowledge base usable, only untidy: a note or a question nothing
#: uses, a fact declared but never derived, a correction without its reference, a practice
#: question on a topic no note has. Loading a custom knowledge base (``--kb``, ``ADVISOR_KB``)
#: prints them as warnings; every other lint (a broken reference, a cycle, a rule that cannot
#: fire, a contradiction, a duplicate id) refuses the base. ``advisor kb check`` reports both.
WARNINGS = frozenset({"orphan-note", "unused-question", "underived-fact", "correction-without-reference", "exam-unknown-topic",
                      "claim-reads-negated-question"})

#: the words a "which is NOT ..." question asks with: a ``when`` group whose every alternative
#: matches one of them reads the question's negation
_NEGATION_PROBES = ("not", "isn't", "is not", "except", "false", "incorrect", "아닌", "없는", "않은", "틀린")


def severity(lint: str) -> str:
    """``error`` or ``warning``: what loading a custom knowledge base does about a finding."""
    return "warning" if lint in WARNINGS else "error"


@dataclass(frozen=True)
class Finding:
    lint: str
    source: Source
    item: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.lint}: {self.item}: {self.message}"

    @property
    def severity(self) -> str:
        return severity(self.lint)

    def to_json(self) -> dict:
        return {
            "lint": self.lint, "severity": self.severity, "file": self.source.file, "line": self.source.line,
            "item": self.item, "message": self.message,
        }


def check(kb: KnowledgeBase) -> list[Finding]:
    findings = list(_all(kb))
    findings.sort(key=lambda f: (f.source.file, f.source.line, f.lint, f.item))
    return findings


def _all(kb: KnowledgeBase) -> Iterator[Finding]:
    for kind, item_id, where, first in kb.duplicates:
        yield Finding("duplicate-id", where, item_id, f"{kind} id {item_id!r} is already defined at {first}")
    cited: set[str] = set()
    for rule in kb.rules.values():
        if not rule.notes:
            yield Finding("rule-cites-no-note", rule.source, rule.id, "every rule must cite at least one note")
        for note_id in rule.notes:
            note = kb.resolve_note(note_id)
            if note is None:
                yield Finding("rule-cites-unknown-note", rule.source, rule.id, f"cites {note_id!r}, which is not a note")
            else:
                cited.add(note.id)
        for cond in rule.when:
            if cond.trait is not None:
                q = kb.questions.get(cond.trait)
                if q is None:
                    yield Finding("trait-not-asked", rule.source, rule.id, f"tests trait {cond.trait!r}, which no question asks")
                    continue
                yield from _impossible(kb, rule, cond, q)
            elif cond.fact not in kb.derived:
                yield Finding("unknown-derived-fact", rule.source, rule.id, f"tests fact {cond.fact!r}, which is not declared in [[derived]]")
        for fact in rule.derives:
            if fact not in kb.derived:
                yield Finding("unknown-derived-fact", rule.source, rule.id, f"derives {fact!r}, which is not declared in [[derived]]")
    # A note is used when a rule, a claim or a practice question cites it (a fact from the AWS
    # documentation that decides exam options may have no questionnaire rule of its own).
    for item in (*kb.claims.values(), *kb.exams.values()):
        for note_id in item.notes:
            note = kb.resolve_note(note_id)
            if note is not None:
                cited.add(note.id)
    for note in kb.notes.values():
        # without the exam-reading kinds (load(exam=False)) the claims and practice questions that
        # may cite a note are absent, so whether it is used cannot be judged: 'kb check' loads them
        if note.id not in cited and kb.exam:
            yield Finding("orphan-note", note.source, note.id, "no rule, claim or practice question cites this note")
        if note.correction is not None and not note.correction.refs:
            yield Finding("correction-without-reference", note.source, note.id, "the correction must cite AWS documentation in 'refs'")
    for fact in kb.derived.values():
        if not kb.rules_deriving(fact.id):
            yield Finding("underived-fact", fact.source, fact.id, "no rule derives this fact, so rules that need it never fire")
    yield from _cycles(kb)
    a = analysis(kb)
    for rule in kb.rules.values():
        if not a.can_fire(rule):
            yield Finding("unreachable-rule", rule.source, rule.id, "no answers can make this rule fire (its conditions contradict each other or rest on facts nothing derives)")
    yield from _conflicts(kb)
    used = {t for r in kb.rules.values() for t in r.traits}
    for q in kb.questions.values():
        if q.trait not in used:
            yield Finding("unused-question", q.source, q.trait, "no rule tests this trait, so asking it changes nothing")
    yield from _parts(kb)
    yield from _reading(kb)
    yield from _control_characters(kb)


def _control_characters(kb: KnowledgeBase) -> Iterator[Finding]:
    """Every text of every item, walked whole: what :mod:`advisor.safetext` would escape on
    output (it is escaped there too) is refused here, where it can be fixed."""
    from advisor.safetext import unsafe_chars

    for kind in ("notes", "questions", "derived", "rules", "cues", "terms", "claims", "exams"):
        for item_id, item in getattr(kb, kind).items():
            for where, text in _texts(item, ""):
                found = unsafe_chars(text)
                if found:
                    offset, shown = found[0]
                    place = f"field {where}" if where else "its id"
                    yield Finding(
                        "control-character", item.source, str(item_id).encode("unicode_escape").decode("ascii"),
                        f"{place} holds {shown} at character {offset + 1}; write it as plain text",
                    )
                    break


def _texts(value, where: str, depth: int = 0):
    """(field path, string) of every string in an item (dataclasses, dicts, lists, tuples)."""
    import dataclasses
    import re

    if depth > 20:
        return
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, (Source, re.Pattern)) or value is None or isinstance(value, (bool, int, float)):
        return
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), f"{where}.{f.name}" if where else f.name, depth + 1)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(k, where, depth + 1)
            yield from _texts(v, f"{where}.{k}" if where else str(k), depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(value):
            yield from _texts(v, f"{where}[{i}]", depth + 1)


def _parts(kb: KnowledgeBase) -> Iterator[Finding]:
    from advisor.answers import check_value

    for part in kb.parts.values():
        for trait in part.questions:
            if trait not in kb.questions:
                yield Finding("part-unknown-trait", part.source, part.id, f"lists question {trait!r}, which no question asks")
        for trait, value in part.answers:
            q = kb.questions.get(trait)
            if q is None:
                yield Finding("part-unknown-trait", part.source, part.id, f"answers trait {trait!r}, which no question asks")
                continue
            try:
                check_value(q, value)
            except ValueError as exc:
                yield Finding("part-impossible-answer", part.source, part.id, f"answers {exc}")


def _reading(kb: KnowledgeBase) -> Iterator[Finding]:
    """Lints for what reads exam questions: cues, terms, claims and the question bank."""
    assumed: dict[str, str] = {}
    for cue in sorted(kb.cues.values(), key=lambda c: c.id):
        q = kb.questions.get(cue.trait)
        if q is None:
            yield Finding("cue-unknown-trait", cue.source, cue.id, f"gives away trait {cue.trait!r}, which no question asks")
            continue
        problem = _cue_value_problem(q, cue)
        if problem:
            yield Finding("cue-impossible-value", cue.source, cue.id, problem)
        if cue.assume:
            if cue.trait in assumed:
                yield Finding("cue-conflicting-assumptions", cue.source, cue.id, f"assumes {cue.trait!r} too; cue {assumed[cue.trait]!r} already does")
            else:
                assumed[cue.trait] = cue.id
    services = {r.service for r in kb.rules.values() if r.service}
    for term in sorted(kb.terms.values(), key=lambda t: t.id):
        if term.service is not None and term.service not in services:
            yield Finding("term-links-unknown-rule", term.source, term.id, f"names service {term.service!r}, which no rule names")
        for rule_id in term.supports + term.contradicts:
            if kb.resolve_rule(rule_id) is None:
                yield Finding("term-links-unknown-rule", term.source, term.id, f"links to {rule_id!r}, which is not a rule")
    for claim in sorted(kb.claims.values(), key=lambda c: c.id):
        for note_id in claim.notes:
            if kb.resolve_note(note_id) is None:
                yield Finding("claim-cites-unknown-note", claim.source, claim.id, f"cites {note_id!r}, which is not a note")
        for group in claim.when:
            if all(any(p.search(probe) for probe in _NEGATION_PROBES) for p in group):
                yield Finding("claim-reads-negated-question", claim.source, claim.id,
                              "applies only to questions that ask what is NOT true; state the fact (holds = true or false) and let the reader invert")
    topics = {n.topic for n in kb.notes.values()}
    for exam in sorted(kb.exams.values(), key=lambda e: e.id):
        for note_id in exam.notes:
            if kb.resolve_note(note_id) is None:
                yield Finding("exam-cites-unknown-note", exam.source, exam.id, f"is decided by {note_id!r}, which is not a note")
        if exam.topic not in topics:
            yield Finding("exam-unknown-topic", exam.source, exam.id, f"has topic {exam.topic!r}, which no note has")


def _cue_value_problem(q, cue) -> str | None:
    if cue.number:
        if q.type is not TraitType.NUMBER:
            return f"reads quantities for {q.trait!r}, which is a {q.type.value}, not a number"
        return None
    v = cue.value
    if q.type is TraitType.BOOL and not isinstance(v, bool):
        return f"{q.trait!r} is yes/no, but the cue gives {v!r}"
    if q.type is TraitType.CHOICE and v not in q.choice_values():
        return f"{q.trait!r} cannot be {v!r} (choices: {', '.join(q.choice_values())})"
    if q.type is TraitType.NUMBER:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return f"{q.trait!r} is a number, but the cue gives {v!r}"
        if not q.min <= v <= q.max:
            return f"{q.trait!r} ranges over {q.min:g} to {q.max:g} {q.unit}, but the cue gives {v:g}"
    return None


def _impossible(kb, rule, cond, q) -> Iterator[Finding]:
    for op, expected in cond.tests:
        values = list(expected) if op in (Op.IN, Op.NOT_IN) else [expected]
        for v in values:
            problem = None
            if q.type is TraitType.BOOL and not isinstance(v, bool):
                problem = f"{q.trait!r} is yes/no, but the rule compares it with {v!r}"
            elif q.type is TraitType.CHOICE and v not in q.choice_values():
                problem = f"{q.trait!r} cannot be {v!r} (choices: {', '.join(q.choice_values())})"
            elif q.type is TraitType.NUMBER:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    problem = f"{q.trait!r} is a number, but the rule compares it with {v!r}"
                elif not q.min <= v <= q.max:
                    problem = f"{q.trait!r} ranges over {q.min:g} to {q.max:g} {q.unit}, but the rule tests {op.value} {v:g}"
            if op not in (Op.IS, Op.IN, Op.NOT_IN) and q.type is not TraitType.NUMBER:
                problem = f"{op.value!r} compares numbers, but {q.trait!r} is a {q.type.value}"
            if problem:
                yield Finding("impossible-condition", rule.source, rule.id, problem)
                return
    if condition_domain(q, cond).empty():
        yield Finding("impossible-condition", rule.source, rule.id, f"no value of {q.trait!r} satisfies {cond.describe(kb)}")


def _cycles(kb: KnowledgeBase) -> Iterator[Finding]:
    # fact -> facts it needs (through any rule deriving it)
    needs: dict[str, set[str]] = {f: set() for f in kb.derived}
    for rule in kb.rules.values():
        for fact in rule.derives:
            needs.setdefault(fact, set()).update(rule.facts)
    reported: set[frozenset] = set()
    for start in sorted(needs):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(needs.get(node, ())):
                if nxt == start:
                    cycle = frozenset(path)
                    if cycle not in reported:
                        reported.add(cycle)
                        source = kb.derived[start].source if start in kb.derived else next(iter(kb.rules.values())).source
                        yield Finding("derived-cycle", source, start, "derived facts depend on each other: " + " → ".join(path + [start]))
                elif nxt not in path:
                    stack.append((nxt, path + [nxt]))


def _conflicts(kb: KnowledgeBase) -> Iterator[Finding]:
    a = analysis(kb)
    recommends = [r for r in kb.rules.values() if r.kind is Kind.RECOMMEND and r.service]
    avoids = [r for r in kb.rules.values() if r.kind is Kind.AVOID and r.service]
    for rec in sorted(recommends, key=lambda r: r.id):
        for av in sorted(avoids, key=lambda r: r.id):
            if rec.service != av.service:
                continue
            both = a.overlap(rec, av)
            if both is not None:
                example = ", ".join(f"{t}={v}" for t, v in a.witness(both).items())
                yield Finding(
                    "conflicting-rules",
                    av.source,
                    av.id,
                    f"avoids {av.service!r}, which {rec.id!r} recommends, on the same answers (e.g. {example})",
                )

"""WHY at a question: the pending conclusions that need the answer, what is known for each, what
each would conclude, and the note behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from advisor.consult.selection import Agenda
from advisor.present.words import Words
from advisor.engine import Evaluation
from advisor.reasoning.premises import RuleCheck, Status, check_rule
from advisor.kb import Rule


@dataclass(frozen=True)
class WhyItem:
    rule: Rule
    check: RuleCheck
    #: for each derived fact premise not yet derived: the rules deriving it that this answer feeds
    feeds: dict[str, tuple[str, ...]]


def why(agenda: Agenda, ev: Evaluation, trait: str, answers: Mapping[str, Any], unknown: Iterable[str]) -> list[WhyItem]:
    """Why ``trait`` is asked now: one item per pending conclusion its answer can decide."""
    unknown = set(unknown)
    kb = agenda.kb
    items = []
    for rule in agenda.needing(trait, answers, unknown):
        check = check_rule(kb, ev, rule, unknown)
        feeds = {}
        for p in check.premises:
            if p.condition.fact is None or p.status is Status.HOLDS:
                continue
            feeders = tuple(
                producer.id
                for producer in sorted(kb.rules_deriving(p.condition.fact), key=lambda r: r.id)
                if any(trait in alt for alt in agenda.live_alternatives(producer, answers, unknown))
            )
            if feeders:
                feeds[p.condition.fact] = feeders
        items.append(WhyItem(rule, check, feeds))
    return items


def why_brief(agenda: Agenda, trait: str, items: list[WhyItem], answers: Mapping[str, Any], unknown: Iterable[str], words: Words) -> list[str]:
    """WHY in a few lines: for each answer (answers with the same outcome grouped), the kinds of
    conclusion and the services it could lead to; then how to see the full reasoning."""
    kb = agenda.kb
    q = kb.questions[trait]
    unknown = set(unknown)
    lines = [words("consult.why_brief_title", trait=trait, n=len(items))]
    for answer, rules in _outcomes(agenda, q, [item.rule for item in items], answers, unknown, words):
        lines.append("  " + words("consult.why_brief_leads", answer=answer, outcomes=_outcome_words(rules, words)))
    lines.append(words("consult.why_brief_more"))
    return lines


_KIND_ORDER = ("recommend", "avoid", "warn", "advise")


def _outcome_words(rules: list[Rule], words: Words) -> str:
    """``recommend: A, B · warning: C`` (services, or a rule's title when it names none)."""
    if not rules:
        return words("consult.why_brief_nothing")
    by_kind: dict[str, list[str]] = {}
    for rule in rules:
        names = by_kind.setdefault(rule.kind.value, [])
        name = rule.service or words("consult.why_brief_general")
        if name not in names:
            names.append(name)
    kinds = sorted(by_kind, key=lambda k: _KIND_ORDER.index(k) if k in _KIND_ORDER else len(_KIND_ORDER))
    shown = []
    for k in kinds:
        names = sorted(by_kind[k])
        if len(names) > 3:
            names = names[:3] + [words("consult.why_brief_more_names", n=len(names) - 3)]
        shown.append(f"{words('consult.kind_' + k) if k in _KIND_ORDER else k}: {', '.join(names)}")
    return " · ".join(shown)


def _outcomes(agenda: Agenda, q, rules: list[Rule], answers, unknown, words: Words) -> list[tuple[str, list[Rule]]]:
    """(answer in words, the rules it keeps reachable) for each group of answers with the same
    outcome. Yes/no and choices are their values; a number is split where a rule's range starts."""
    from advisor.kb import TraitType

    doms = {rule.id: [alt[q.trait] for alt in agenda.live_alternatives(rule, answers, unknown) if q.trait in alt] for rule in rules}

    def reached(value) -> list[Rule]:
        return [rule for rule in rules if any(d.contains(value) for d in doms[rule.id])]

    if q.type is TraitType.NUMBER:
        cuts = sorted({b for ds in doms.values() for d in ds for i in (d.intervals or ()) for b in (i.lo, i.hi)
                       if b is not None and q.min < b < q.max})
        bounds = [q.min, *cuts, q.max]
        groups: list[tuple[str, list[Rule]]] = []
        for lo, hi in zip(bounds, bounds[1:]):
            mid = (lo + hi) / 2
            found = reached(mid)
            if not found and hi in cuts:
                found = reached(hi)
            label = _range_words(q, lo, hi)
            groups.append((label, found))
        return groups
    values = [True, False] if q.type is TraitType.BOOL else list(q.choice_values())
    grouped: dict[tuple[str, ...], list[str]] = {}
    outcome: dict[tuple[str, ...], list[Rule]] = {}
    for value in values:
        found = reached(value)
        key = tuple(r.id for r in found)
        word = words("consult.yes" if value else "consult.no") if q.type is TraitType.BOOL else q.format_value(value, words)
        grouped.setdefault(key, []).append(word)
        outcome[key] = found
    return [(", ".join(names), outcome[key]) for key, names in grouped.items()]


def _range_words(q, lo: float, hi: float) -> str:
    from advisor.kb import format_number

    unit = f" {q.unit}" if q.unit else ""
    if lo <= q.min:
        return f"< {format_number(hi)}{unit}"
    if hi >= q.max:
        return f"≥ {format_number(lo)}{unit}"
    return f"{format_number(lo)}–{format_number(hi)}{unit}"

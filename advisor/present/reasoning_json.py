"""HOW, WHY NOT and WHAT-IF as JSON documents (``advisor how|why-not|diff --format json``)."""

from __future__ import annotations

from typing import Any, Mapping

from advisor.kb import KnowledgeBase, Note
from advisor.present.document import envelope, plain
from advisor.reasoning.diff import Changed, Diff, Shift
from advisor.reasoning.how import HowNode, HowResult
from advisor.reasoning.premises import PremiseCheck, RuleCheck
from advisor.reasoning.why_not import WhyNot


def answer_value(kb: KnowledgeBase, trait: str, value: Any, lang: str) -> str:
    """An answer as its question shows it (``yes``, ``120 ms``)."""
    q = kb.questions.get(trait)
    return q.format_value(value, lang) if q else str(value)


# ----------------------------------------------------------------------------- HOW

def note_json(note: Note, lang: str) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text.get(lang),
        "correction": None
        if note.correction is None
        else {"text": note.correction.text.get(lang), "refs": list(note.correction.refs)},
    }


def node_json(kb: KnowledgeBase, node: HowNode, lang: str) -> dict[str, Any]:
    because = []
    for b in node.because:
        if b.fact is None:
            because.append({"trait": b.trait, "value": plain(b.value), "answer": answer_value(kb, b.trait, b.value, lang)})
        else:
            d = kb.derived.get(b.fact)
            because.append({
                "derived": b.fact,
                "label": d.label.get(lang) if d else None,
                "how": node_json(kb, b.how, lang) if b.how else None,
            })
    r = node.rule
    return {
        "rule": r.id,
        "kind": r.kind.value,
        "title": r.title.get(lang),
        "service": r.service,
        "step": node.step.number,
        "because": because,
        "notes": [note_json(kb.notes[n], lang) for n in r.notes if n in kb.notes],
    }


def how_json(kb: KnowledgeBase, result: HowResult, lang: str) -> dict[str, Any]:
    return {
        "target": result.target.to_json(),
        "reached": [node_json(kb, n, lang) for n in result.reached],
        "not_reached": list(result.not_reached),
    }


def how_document(kb: KnowledgeBase, result: HowResult, lang: str, *, source: str) -> dict[str, Any]:
    return envelope("how", source=source, **how_json(kb, result, lang))


# ----------------------------------------------------------------------------- WHY NOT

def premise_json(kb: KnowledgeBase, p: PremiseCheck, lang: str) -> dict[str, Any]:
    if p.condition.fact is not None:
        d = kb.derived.get(p.condition.fact)
        return {
            "fact": p.condition.fact,
            "label": d.label.get(lang) if d else None,
            "status": p.status.value,
            "producers": [rule_check_json(kb, r, lang) for r in p.producers],
        }
    return {
        "trait": p.condition.trait,
        "condition": p.condition.describe(kb, lang),
        "status": p.status.value,
        "answer": plain(p.value),
    }


def rule_check_json(kb: KnowledgeBase, check: RuleCheck, lang: str) -> dict[str, Any]:
    r = check.rule
    return {
        "rule": r.id,
        "kind": r.kind.value,
        "title": r.title.get(lang),
        "service": r.service,
        "fired": check.fired,
        "notes": list(r.notes),
        "premises": [premise_json(kb, p, lang) for p in check.premises],
    }


def why_not_json(kb: KnowledgeBase, result: WhyNot, lang: str) -> dict[str, Any]:
    return {
        "target": result.target.to_json(),
        "reached": bool(result.reached),
        "reached_by": list(result.reached),
        "rules": [rule_check_json(kb, c, lang) for c in result.checks],
        "smallest_changes": [
            {
                "answers": [{"trait": c.trait, "from": plain(c.before), "to": plain(c.after)} for c in ch.answers],
                "reaches": list(ch.reaches),
                "adds": list(ch.adds),
                "removes": list(ch.removes),
            }
            for ch in result.changes
        ],
        "concluded_instead": list(result.instead),
    }


def why_not_document(kb: KnowledgeBase, result: WhyNot, lang: str, *, source: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    return envelope(
        "why-not",
        source=source,
        answers={t: plain(v) for t, v in sorted(answers.items())},
        **why_not_json(kb, result, lang),
    )


# ----------------------------------------------------------------------------- WHAT-IF

def changed_json(c: Changed) -> dict[str, Any]:
    return {"trait": c.trait, "before": plain(c.before), "after": plain(c.after)}


def shift_json(s: Shift, lang: str) -> dict[str, Any]:
    r = s.rule
    return {
        "rule": r.id,
        "kind": r.kind.value,
        "title": r.title.get(lang),
        "service": r.service,
        "notes": list(r.notes),
        "causes": [changed_json(c) for c in s.causes],
    }


def diff_json(kb: KnowledgeBase, d: Diff, lang: str) -> dict[str, Any]:
    return {
        "changed_answers": [changed_json(c) for c in d.changed],
        "added": [shift_json(s, lang) for s in d.added],
        "removed": [shift_json(s, lang) for s in d.removed],
        "unchanged": list(d.unchanged),
    }


def diff_document(kb: KnowledgeBase, d: Diff, lang: str, *, before: str, after: str) -> dict[str, Any]:
    return envelope("diff", before=before, after=after, **diff_json(kb, d, lang))

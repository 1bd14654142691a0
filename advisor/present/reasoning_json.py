"""HOW, WHY NOT and WHAT-IF as JSON documents (``advisor how|why-not|diff --format json``)."""

from __future__ import annotations

from typing import Any, Mapping

from advisor.kb import KnowledgeBase, Note, Rule
from advisor.present.document import envelope, plain
from advisor.present.evaluation import answer_value
from advisor.present.words import Words
from advisor.reasoning.diff import Changed, Diff, Shift
from advisor.reasoning.how import HowNode, HowResult
from advisor.reasoning.premises import PremiseCheck, RuleCheck
from advisor.reasoning.why_not import WhyNot


def rule_head(rule: Rule, w: Words) -> dict[str, Any]:
    """The members that open every rule's object: its id, kind, title and service."""
    return {"rule": rule.id, "kind": rule.kind.value, "title": rule.title.get(w.lang), "service": rule.service}


# ----------------------------------------------------------------------------- HOW

def note_json(note: Note, w: Words) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text.get(w.lang),
        "correction": None
        if note.correction is None
        else {"text": note.correction.text.get(w.lang), "refs": list(note.correction.refs)},
    }


def node_json(kb: KnowledgeBase, node: HowNode, w: Words) -> dict[str, Any]:
    because = []
    for b in node.because:
        if b.fact is None:
            because.append({"trait": b.trait, "value": plain(b.value), "answer": answer_value(kb, b.trait, b.value, w)})
        else:
            d = kb.derived.get(b.fact)
            because.append({
                "derived": b.fact,
                "label": d.label.get(w.lang) if d else None,
                "how": node_json(kb, b.how, w) if b.how else None,
            })
    return {
        **rule_head(node.rule, w),
        "step": node.step.number,
        "because": because,
        "notes": [note_json(kb.notes[n], w) for n in node.rule.notes if n in kb.notes],
    }


def how_json(kb: KnowledgeBase, result: HowResult, w: Words) -> dict[str, Any]:
    return {
        "target": result.target.to_json(),
        "reached": [node_json(kb, n, w) for n in result.reached],
        "not_reached": list(result.not_reached),
    }


def how_document(kb: KnowledgeBase, result: HowResult, w: Words, *, source: str) -> dict[str, Any]:
    return envelope("how", source=source, **how_json(kb, result, w))


# ----------------------------------------------------------------------------- WHY NOT

def premise_json(kb: KnowledgeBase, p: PremiseCheck, w: Words) -> dict[str, Any]:
    if p.condition.fact is not None:
        d = kb.derived.get(p.condition.fact)
        return {
            "fact": p.condition.fact,
            "label": d.label.get(w.lang) if d else None,
            "status": p.status.value,
            "producers": [rule_check_json(kb, r, w) for r in p.producers],
        }
    return {
        "trait": p.condition.trait,
        "condition": p.condition.describe(kb, w),
        "status": p.status.value,
        "answer": plain(p.value),
    }


def rule_check_json(kb: KnowledgeBase, check: RuleCheck, w: Words) -> dict[str, Any]:
    return {
        **rule_head(check.rule, w),
        "fired": check.fired,
        "notes": list(check.rule.notes),
        "premises": [premise_json(kb, p, w) for p in check.premises],
    }


def why_not_json(kb: KnowledgeBase, result: WhyNot, w: Words) -> dict[str, Any]:
    return {
        "target": result.target.to_json(),
        "reached": bool(result.reached),
        "reached_by": list(result.reached),
        "rules": [rule_check_json(kb, c, w) for c in result.checks],
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


def why_not_document(kb: KnowledgeBase, result: WhyNot, w: Words, *, source: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    return envelope(
        "why-not",
        source=source,
        answers={t: plain(v) for t, v in sorted(answers.items())},
        **why_not_json(kb, result, w),
    )


# ----------------------------------------------------------------------------- WHAT-IF

def changed_json(c: Changed) -> dict[str, Any]:
    return {"trait": c.trait, "before": plain(c.before), "after": plain(c.after)}


def shift_json(s: Shift, w: Words) -> dict[str, Any]:
    return {
        **rule_head(s.rule, w),
        "notes": list(s.rule.notes),
        "causes": [changed_json(c) for c in s.causes],
    }


def diff_json(kb: KnowledgeBase, d: Diff, w: Words) -> dict[str, Any]:
    return {
        "changed_answers": [changed_json(c) for c in d.changed],
        "added": [shift_json(s, w) for s in d.added],
        "removed": [shift_json(s, w) for s in d.removed],
        "unchanged": list(d.unchanged),
    }


def diff_document(kb: KnowledgeBase, d: Diff, w: Words, *, before: str, after: str) -> dict[str, Any]:
    return envelope("diff", before=before, after=after, **diff_json(kb, d, w))

"""Showing an explanation: rich text for people, JSON for programs (docs/explain-output.md), and the
summary of a batch of questions."""

from __future__ import annotations

from typing import Any

from advisor.explain import Explanation
from advisor.explain.batch import Totals
from advisor.explain.cues import Hit
from advisor.explain.scoring import Evidence, Scored
from advisor.kb import Kind, KnowledgeBase
from advisor.present.words import Words
from advisor.present.evaluation import answer_value, conclusion_json, grounds, print_notes, render_evaluation

FORMAT_ID = "arch-advisor/explain"
FORMAT_VERSION = 1

def verdict_text(verdict: str, w: Words) -> str:
    return w(f"explain.verdict.{verdict}")


def confidence_text(confidence: str, w: Words) -> str:
    return w(f"explain.level.{confidence}")


def reason_text(reason: str | None, w: Words) -> str:
    key = f"explain.reason.{reason}"
    return w(key if reason and key in w else "explain.reason.tie")


_MARKS = {"supported": ("✔", "green"), "contradicted": ("✘", "red"), "mixed": ("±", "yellow"), "unknown": ("·", "dim"),
          "true-statement": ("○", "green"), "false-statement": ("●", "red")}


def evidence_text(kb: KnowledgeBase, e: Evidence, w: Words) -> str:
    """One line: what backs or undermines the option."""
    if e.kind == "claim":
        return kb.claims[e.id].because.get(w.lang)
    rule = kb.rules[e.id]
    title = rule.title.get(w.lang)
    if e.points < 0 and rule.kind is Kind.RECOMMEND:
        return w("explain.turns_down") + title
    if e.points > 0 and rule.kind in (Kind.AVOID, Kind.WARN):
        return w("explain.agrees_with") + title
    if e.points < 0 and rule.detail is not None:
        return f"{title}: {rule.detail.get(w.lang)}"
    return title


def shown_evidence(scored: Scored) -> list[Evidence]:
    """At most two reasons for an option: the strongest, and one more only if it rests on other notes."""
    weighty = [e for e in scored.evidence if e.points] or scored.evidence[:1]
    if not weighty:
        return []
    first, out = weighty[0], [weighty[0]]
    for e in weighty[1:]:
        if not set(e.notes) <= set(first.notes):
            out.append(e)
            break
    return out


def instead(kb: KnowledgeBase, ex: Explanation, scored: Scored) -> list[str]:
    """For a contradicted option: the recommendations grounded in the same notes."""
    if scored.verdict not in ("contradicted", "false-statement"):
        return []
    against = {n for e in scored.evidence if e.points < 0 for n in e.notes}
    out = []
    for c in ex.evaluation.conclusions:
        if c.rule.kind is Kind.RECOMMEND and against & set(c.rule.notes) and c.rule.id not in scored.rules:
            out.append(c.rule.id)
    return out


# ------------------------------------------------------------------------------------ JSON

def _hit_json(h: Hit) -> dict:
    return {"trait": h.trait, "value": _plain(h.value), "how": h.how, "cue": h.cue, "text": h.text, "start": h.start, "end": h.end}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def reading_json(ex: Explanation) -> dict:
    r = ex.reading
    return {
        "traits": {k: _plain(v) for k, v in r.traits.items()},
        "cues": [_hit_json(h) for h in r.hits],
        "ignored": [{"trait": i.trait, "text": i.text, "start": i.start, "end": i.end, "reason": i.reason} for i in r.ignored],
        "conflicts": {trait: [_hit_json(h) for h in hits] for trait, hits in sorted(r.conflicts.items())},
    }


def explanation_json(kb: KnowledgeBase, ex: Explanation, w: Words) -> dict:
    """The explanation as the JSON document of docs/explain-output.md."""
    p = ex.parsed
    doc: dict[str, Any] = {"format": FORMAT_ID, "version": FORMAT_VERSION, "source": p.source, "lang": w.lang}
    doc["question"] = p.question
    if not ex.is_question:
        doc["mode"] = "workload"
        doc.update(reading_json(ex))
        doc["conclusions"] = [conclusion_json(kb, ex.evaluation, c, w) for c in ex.evaluation.conclusions]
        doc["trace"] = [s.to_json() for s in ex.evaluation.trace]
        return doc
    d = ex.decision
    doc["mode"] = "question"
    doc["choose"] = p.choose
    doc["negative"] = ex.negative
    doc["answer"] = list(d.answer)
    doc["confidence"] = d.confidence
    doc["decided"] = d.decided
    doc["reason"] = None if d.decided else d.reason
    doc.update(reading_json(ex))
    doc["options"] = {
        s.key: {
            "label": s.label,
            "text": s.text,
            "verdict": s.verdict,
            "score": s.score,
            "rules": s.rules,
            "claims": s.claims,
            "notes": s.notes,
            "terms": [m.term for m in s.mentions],
            "reasons": [
                {"kind": e.kind, "id": e.id, "points": e.points, "notes": list(e.notes), "text": evidence_text(kb, e, w)}
                for e in s.evidence
            ],
            "instead": instead(kb, ex, s),
        }
        for s in ex.options
    }
    if p.answer is not None:
        doc["key"] = list(p.answer)
    return doc


# --------------------------------------------------------------------------------- rich text

def highlighted_question(ex: Explanation):
    from rich.text import Text

    text = Text(ex.reading.text)
    for h in ex.reading.hits:
        if h.start is not None:
            text.stylize("bold yellow underline", h.start, h.end)
    for i in ex.reading.ignored:
        text.stylize("strike dim", i.start, i.end)
    return text


def used_traits(ex: Explanation) -> set[str]:
    """The traits some conclusion rests on."""
    return {trait for c in ex.evaluation.conclusions for trait, _ in grounds(ex.evaluation, c.step)}


def render_traits(console, kb: KnowledgeBase, ex: Explanation, w: Words) -> None:
    from rich.table import Table
    from rich.text import Text

    r = ex.reading
    console.print(Text(w("explain.traits"), style="bold"))
    if not r.traits and not r.ignored and not r.conflicts:
        console.print("  " + w("explain.no_traits"))
        console.print()
        return
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    order = {"cue": 0, "quantity": 0, "override": 1, "assumed": 2}
    used = used_traits(ex)
    ranked = sorted(r.traits.items(), key=lambda kv: (min((order[h.how] for h in r.evidence(kv[0])), default=0), kv[0]))
    for trait, value in ranked:
        if all(h.how == "assumed" for h in r.evidence(trait)) and trait not in used:
            continue  # an assumption no conclusion rests on is noise
        hits = r.evidence(trait)
        how = {h.how for h in hits}
        if "override" in how:
            why = Text(w("explain.override"), style="dim")
        elif "assumed" in how:
            why = Text(w("explain.assumed"), style="dim")
        else:
            why = Text()
            for n, h in enumerate(h for h in hits if h.text):
                if n:
                    why.append(", ")
                why.append(f"“{h.text}”", style="yellow")
        grid.add_row(f"  {trait} = {answer_value(kb, trait, value, w)}", why)
    for trait, hits in sorted(r.conflicts.items()):
        why = Text(w("explain.unclear") + ": ", style="dim")
        why.append("; ".join(f"“{h.text}” {w('explain.says')} {answer_value(kb, trait, h.value, w)}" for h in hits))
        grid.add_row(f"  {trait}", why)
    for i in r.ignored:
        grid.add_row(f"  {i.trait or '—'}", Text(f"{w('explain.ignored')} “{i.text}”: {i.reason}", style="dim"))
    console.print(grid)
    console.print(Text("  " + w("explain.correct_hint"), style="dim"))
    console.print()


def render(console, kb: KnowledgeBase, ex: Explanation, w: Words) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    console.print(HRule(Text(ex.parsed.source, style="bold"), align="left"))
    console.print(highlighted_question(ex))
    console.print()
    render_traits(console, kb, ex, w)
    if not ex.is_question:
        if ex.reading.traits:
            render_evaluation(console, kb, ex.evaluation, w("explain.conclusions"), w)
        return
    render_decision(console, ex, w)
    render_options(console, kb, ex, w)
    render_notes(console, kb, ex.notes, w)


def render_decision(console, ex: Explanation, w: Words) -> None:
    from rich.text import Text

    d = ex.decision
    line = Text()
    if d.decided:
        line.append(f"{w('explain.answer')}: ", style="bold")
        line.append(", ".join(_label(ex, k) for k in d.answer), style="bold green")
        line.append(f"  ({w('explain.confidence')}: {confidence_text(d.confidence, w)})")
    else:
        line.append(f"{w('explain.cannot_decide')}: ", style="bold yellow")
        line.append(reason_text(d.reason, w))
    console.print(line)
    if ex.parsed.answer is not None:
        agrees = tuple(sorted(d.answer)) == tuple(sorted(ex.parsed.answer))
        console.print(Text(f"{w('explain.key')}: {', '.join(_label(ex, k) for k in ex.parsed.answer)} · "
                           f"{w('explain.agrees' if agrees else 'explain.differs')}", style="dim"))
    console.print()


def _label(ex: Explanation, key: str) -> str:
    for o in ex.parsed.options:
        if o.key == key:
            return key if o.label == key else f"{o.label} ({key})"
    return key


def render_options(console, kb: KnowledgeBase, ex: Explanation, w: Words) -> None:
    from rich.table import Table
    from rich.text import Text

    numbers = {n: i for i, n in enumerate(ex.notes, start=1)}
    chosen = set(ex.decision.answer)
    console.print(Text(w("explain.options"), style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for s in ex.options:
        mark, style = _MARKS[s.verdict]
        body = Text()
        body.append(s.text, style="bold" if s.key in chosen else "")
        body.append(f"  — {verdict_text(s.verdict, w)}", style=style)
        shown = shown_evidence(s)
        for e in shown:
            sign = "+" if e.points > 0 else "−" if e.points < 0 else "·"
            body.append(f"\n{sign} {evidence_text(kb, e, w)}")
            refs = ", ".join(f"[{numbers[n]}]" for n in e.notes if n in numbers)
            body.append(f"  ({w('explain.' + e.kind)} {e.id}; {refs})", style="dim")
        if not s.evidence:
            body.append("\n" + w("explain.no_evidence"), style="dim")
        alternatives = instead(kb, ex, s)
        if alternatives:
            body.append(f"\n{w('explain.instead')}: ", style="dim")
            body.append("; ".join(kb.rules[r].title.get(w.lang) for r in alternatives))
        if grid.row_count:
            grid.add_row()
        grid.add_row(Text(mark, style=style), Text(_label(ex, s.key), style="bold"), body)
    console.print(grid)
    console.print()


def render_notes(console, kb: KnowledgeBase, note_ids: list[str], w: Words, heading: str | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    if not note_ids:
        return
    console.print(Text(heading or w("explain.notes"), style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    print_notes(console, kb, enumerate(note_ids, start=1), w, grid)


# ------------------------------------------------------------------------------------ a batch

def render_batch(console, totals: Totals, source: str, w: Words) -> None:
    from rich.text import Text

    for item in totals.items:
        name = item.id or w("explain.batch.record", n=item.index + 1)
        if item.workload:
            console.print(Text(w("explain.batch.workload", name=name)), soft_wrap=True)
            continue
        line = Text(w("explain.batch.answer", name=name, letters="".join(item.answer)) if item.answer
                    else w("explain.batch.cannot_decide", name=name))
        if item.confidence:
            line.append(f" ({w(f'explain.level.{item.confidence}')})")
        if item.outcome is not None:
            line.append(w("explain.batch.key", letters="".join(item.key)))
            style = {"right": "green", "wrong": "red", "abstained": "yellow"}[item.outcome]
            line.append(w("explain.outcome.high_wrong" if item.high_wrong else f"explain.outcome.{item.outcome}"), style=style)
        if item.keys_contradicted:
            line.append(w("explain.batch.key_contradicted", letters=", ".join(item.keys_contradicted)), style="red")
        if item.wrong_supported:
            line.append(w("explain.batch.wrong_supported", letters=", ".join(item.wrong_supported)), style="red")
        console.print(line, soft_wrap=True)
    t = totals
    console.print()
    console.print(w("explain.batch.explained", source=source, questions=t.questions, scored=t.scored)
                  + (w("explain.batch.invalid", n=t.errors) if t.errors else ""), soft_wrap=True)
    if t.scored:
        console.print(w("explain.batch.score", right=t.right, scored=t.scored, share=f"{t.right / t.scored:.0%}", wrong=t.wrong,
                        abstained=t.abstained, high=t.high_confidence_wrong), soft_wrap=True)
        console.print(w("explain.batch.verdicts", keys=t.keys_contradicted, wrong=t.wrong_supported, misleading=t.misleading),
                      soft_wrap=True)

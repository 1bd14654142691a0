"""Showing an explanation: rich text for people, JSON for programs (docs/explain-output.md)."""

from __future__ import annotations

from typing import Any

from advisor.explain import Explanation
from advisor.explain.cues import Hit
from advisor.explain.scoring import Evidence, Scored
from advisor.kb import Kind, KnowledgeBase
from advisor.report import conclusion_json, note_text

FORMAT_ID = "arch-advisor/explain"
FORMAT_VERSION = 1

_TEXT = {
    "traits": ("Traits read from the question", "문제에서 읽은 특성"),
    "no_traits": ("No trait was recognised in the text.", "본문에서 알아본 특성이 없습니다."),
    "assumed": ("assumed: the question does not say", "가정: 문제에 언급이 없음"),
    "override": ("set with --trait", "--trait로 지정"),
    "ignored": ("ignored", "무시함"),
    "unclear": ("unclear, left unknown", "불분명하여 모름으로 둠"),
    "says": ("says", "→"),
    "correct_hint": ("Correct a reading with --trait name=value (or name=unknown).",
                     "읽은 값이 틀렸다면 --trait 이름=값(또는 이름=unknown)으로 고치세요."),
    "answer": ("Answer", "정답"),
    "confidence": ("confidence", "확신도"),
    "cannot_decide": ("Cannot decide", "판단할 수 없음"),
    "options": ("Options", "선택지"),
    "instead": ("instead", "대신"),
    "no_evidence": ("nothing in the knowledge base speaks to this option", "지식 베이스에 이 선택지에 대한 근거가 없습니다"),
    "key": ("Answer key", "정답 키"),
    "agrees": ("the explanation agrees", "설명과 일치"),
    "differs": ("the explanation differs", "설명과 다름"),
    "notes": ("Notes", "노트"),
    "conclusions": ("What the engine concludes", "엔진의 결론"),
    "rule": ("rule", "규칙"),
    "claim": ("claim", "주장"),
}
_VERDICTS = {
    "supported": ("supported", "근거 있음"),
    "contradicted": ("contradicted", "반박됨"),
    "mixed": ("mixed", "엇갈림"),
    "unknown": ("no evidence", "근거 없음"),
    "true-statement": ("true statement (the question asks for one that is not)", "맞는 설명(문제는 맞지 않는 것을 묻습니다)"),
    "false-statement": ("false statement (what the question asks for)", "틀린 설명(문제가 묻는 것)"),
}
_CONFIDENCE = {"high": ("high", "높음"), "medium": ("medium", "보통"), "low": ("low", "낮음")}
_REASONS = {
    "tie": ("the best options are equally supported; the evidence does not separate them",
            "가장 나은 선택지들의 근거가 같아 가를 수 없습니다"),
    "no-evidence": ("nothing in the knowledge base speaks to any option", "지식 베이스에 어느 선택지에 대한 근거도 없습니다"),
    "one-option": ("only one option was found; a question needs at least two to compare",
                   "선택지를 하나만 찾았습니다. 비교하려면 적어도 둘이 필요합니다"),
    "choose-all": ("the question asks to choose every option", "모든 선택지를 고르라는 문제입니다"),
}
_MARKS = {"supported": ("✔", "green"), "contradicted": ("✘", "red"), "mixed": ("±", "yellow"), "unknown": ("·", "dim"),
          "true-statement": ("○", "green"), "false-statement": ("●", "red")}


def t(key: str, lang: str) -> str:
    en, ko = _TEXT[key]
    return ko if lang == "ko" else en


def verdict_text(verdict: str, lang: str) -> str:
    en, ko = _VERDICTS[verdict]
    return ko if lang == "ko" else en


def confidence_text(confidence: str, lang: str) -> str:
    en, ko = _CONFIDENCE[confidence]
    return ko if lang == "ko" else en


def reason_text(reason: str | None, lang: str) -> str:
    en, ko = _REASONS.get(reason or "tie", _REASONS["tie"])
    return ko if lang == "ko" else en


def value_text(kb: KnowledgeBase, trait: str, value: Any, lang: str) -> str:
    q = kb.questions.get(trait)
    return q.format_value(value, lang) if q else str(value)


def evidence_text(kb: KnowledgeBase, e: Evidence, lang: str) -> str:
    """One line: what backs or undermines the option."""
    if e.kind == "claim":
        return kb.claims[e.id].because.get(lang)
    rule = kb.rules[e.id]
    title = rule.title.get(lang)
    if e.points < 0 and rule.kind is Kind.RECOMMEND:
        prefix = "the option turns down what fits: " if lang == "en" else "맞는 방법을 거부합니다: "
        return prefix + title
    if e.points > 0 and rule.kind in (Kind.AVOID, Kind.WARN):
        prefix = "the option agrees: " if lang == "en" else "선택지가 이 점에 동의합니다: "
        return prefix + title
    if e.points < 0 and rule.detail is not None:
        return f"{title}: {rule.detail.get(lang)}"
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


def explanation_json(kb: KnowledgeBase, ex: Explanation, lang: str) -> dict:
    p = ex.parsed
    doc: dict[str, Any] = {"format": FORMAT_ID, "version": FORMAT_VERSION, "source": p.source, "lang": lang}
    doc["question"] = p.question
    if not ex.is_question:
        doc["mode"] = "workload"
        doc.update(reading_json(ex))
        doc["conclusions"] = [conclusion_json(kb, ex.evaluation, c, lang) for c in ex.evaluation.conclusions]
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
                {"kind": e.kind, "id": e.id, "points": e.points, "notes": list(e.notes), "text": evidence_text(kb, e, lang)}
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
    from advisor.report import grounds

    return {trait for c in ex.evaluation.conclusions for trait, _ in grounds(ex.evaluation, c.step)}


def render_traits(console, kb: KnowledgeBase, ex: Explanation, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    r = ex.reading
    console.print(Text(t("traits", lang), style="bold"))
    if not r.traits and not r.ignored and not r.conflicts:
        console.print("  " + t("no_traits", lang))
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
            why = Text(t("override", lang), style="dim")
        elif "assumed" in how:
            why = Text(t("assumed", lang), style="dim")
        else:
            why = Text()
            for n, h in enumerate(h for h in hits if h.text):
                if n:
                    why.append(", ")
                why.append(f"“{h.text}”", style="yellow")
        grid.add_row(f"  {trait} = {value_text(kb, trait, value, lang)}", why)
    for trait, hits in sorted(r.conflicts.items()):
        why = Text(t("unclear", lang) + ": ", style="dim")
        why.append("; ".join(f"“{h.text}” {t('says', lang)} {value_text(kb, trait, h.value, lang)}" for h in hits))
        grid.add_row(f"  {trait}", why)
    for i in r.ignored:
        grid.add_row(f"  {i.trait or '—'}", Text(f"{t('ignored', lang)} “{i.text}”: {i.reason}", style="dim"))
    console.print(grid)
    console.print(Text("  " + t("correct_hint", lang), style="dim"))
    console.print()


def render(console, kb: KnowledgeBase, ex: Explanation, lang: str) -> None:
    from rich.rule import Rule as HRule
    from rich.text import Text

    from advisor.report import render_evaluation

    console.print(HRule(Text(ex.parsed.source, style="bold"), align="left"))
    console.print(highlighted_question(ex))
    console.print()
    render_traits(console, kb, ex, lang)
    if not ex.is_question:
        if ex.reading.traits:
            render_evaluation(console, kb, ex.evaluation, t("conclusions", lang), lang)
        return
    render_decision(console, ex, lang)
    render_options(console, kb, ex, lang)
    render_notes(console, kb, cited_notes(ex), lang)


def render_decision(console, ex: Explanation, lang: str) -> None:
    from rich.text import Text

    d = ex.decision
    line = Text()
    if d.decided:
        line.append(f"{t('answer', lang)}: ", style="bold")
        line.append(", ".join(_label(ex, k) for k in d.answer), style="bold green")
        line.append(f"  ({t('confidence', lang)}: {confidence_text(d.confidence, lang)})")
    else:
        line.append(f"{t('cannot_decide', lang)}: ", style="bold yellow")
        line.append(reason_text(d.reason, lang))
    console.print(line)
    if ex.parsed.answer is not None:
        agrees = tuple(sorted(d.answer)) == tuple(sorted(ex.parsed.answer))
        console.print(Text(f"{t('key', lang)}: {', '.join(_label(ex, k) for k in ex.parsed.answer)} · "
                           f"{t('agrees' if agrees else 'differs', lang)}", style="dim"))
    console.print()


def _label(ex: Explanation, key: str) -> str:
    for o in ex.parsed.options:
        if o.key == key:
            return key if o.label == key else f"{o.label} ({key})"
    return key


def cited_notes(ex: Explanation) -> list[str]:
    order: list[str] = []
    for s in ex.options:
        for n in s.notes:
            if n not in order:
                order.append(n)
    return order


def render_options(console, kb: KnowledgeBase, ex: Explanation, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    numbers = {n: i for i, n in enumerate(cited_notes(ex), start=1)}
    chosen = set(ex.decision.answer)
    console.print(Text(t("options", lang), style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for s in ex.options:
        mark, style = _MARKS[s.verdict]
        body = Text()
        body.append(s.text, style="bold" if s.key in chosen else "")
        body.append(f"  — {verdict_text(s.verdict, lang)}", style=style)
        shown = shown_evidence(s)
        for e in shown:
            sign = "+" if e.points > 0 else "−" if e.points < 0 else "·"
            body.append(f"\n{sign} {evidence_text(kb, e, lang)}")
            refs = ", ".join(f"[{numbers[n]}]" for n in e.notes if n in numbers)
            body.append(f"  ({t(e.kind, lang)} {e.id}; {refs})", style="dim")
        if not s.evidence:
            body.append("\n" + t("no_evidence", lang), style="dim")
        alternatives = instead(kb, ex, s)
        if alternatives:
            body.append(f"\n{t('instead', lang)}: ", style="dim")
            body.append("; ".join(kb.rules[r].title.get(lang) for r in alternatives))
        if grid.row_count:
            grid.add_row()
        grid.add_row(Text(mark, style=style), Text(_label(ex, s.key), style="bold"), body)
    console.print(grid)
    console.print()


def render_notes(console, kb: KnowledgeBase, note_ids: list[str], lang: str, heading: str | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    if not note_ids:
        return
    console.print(Text(heading or t("notes", lang), style="bold"))
    grid = Table.grid(padding=(0, 1, 0, 1))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(overflow="fold")
    urls: list[str] = []  # the corrections' pages, printed whole after the notes (never wrapped)
    for n, note_id in enumerate(note_ids, start=1):
        if grid.row_count:
            grid.add_row()
        grid.add_row(Text(f"[{n}]", style="blue"), note_text(kb.notes[note_id], lang, urls))
    console.print(grid)
    if urls:
        console.print()
        for i, url in enumerate(urls, start=1):
            console.print(Text(f"<{i}> {url}", style="dim"), soft_wrap=True)
    console.print()


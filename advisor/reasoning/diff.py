"""WHAT-IF: how the conclusions change between two answer sets, and which answers caused it.

A conclusion is *added* when its rule fires on the second answers and not on the first, *removed*
the other way round. The causes of a change are the changed answers among the grounds of the
rule's alternatives that hold where the rule fires (advisor.logic): for an added conclusion the
alternatives satisfied by the second answers, for a removed one those satisfied by the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from advisor.engine import Engine
from advisor.reasoning.labels import label
from advisor.reasoning.whynot import Changed, changed_text
from advisor.kb import KnowledgeBase, Rule
from advisor.logic import analysis, satisfied


@dataclass(frozen=True)
class Shift:
    rule: Rule
    causes: tuple[Changed, ...]


@dataclass(frozen=True)
class Diff:
    changed: tuple[Changed, ...]
    added: tuple[Shift, ...]
    removed: tuple[Shift, ...]
    unchanged: tuple[str, ...]


def changed_answers(kb: KnowledgeBase, a: Mapping[str, Any], b: Mapping[str, Any]) -> tuple[Changed, ...]:
    order = {t: i for i, t in enumerate(kb.questions)}
    traits = sorted(set(a) | set(b), key=lambda t: (order.get(t, len(order)), t))
    return tuple(Changed(t, a.get(t), b.get(t)) for t in traits if _differs(a.get(t), b.get(t)))


def _differs(x: Any, y: Any) -> bool:
    if x is None or y is None:
        return (x is None) != (y is None)
    if type(x) is bool or type(y) is bool:
        return type(x) is not type(y) or x != y
    return x != y


def diff(kb: KnowledgeBase, engine: Engine, a: Mapping[str, Any], b: Mapping[str, Any]) -> Diff:
    before = [c.rule for c in engine.evaluate(dict(a)).conclusions]
    after = [c.rule for c in engine.evaluate(dict(b)).conclusions]
    before_ids = {r.id for r in before}
    after_ids = {r.id for r in after}
    changed = changed_answers(kb, a, b)
    added = tuple(Shift(r, _causes(kb, r, b, changed)) for r in after if r.id not in before_ids)
    removed = tuple(Shift(r, _causes(kb, r, a, changed)) for r in before if r.id not in after_ids)
    unchanged = tuple(r.id for r in after if r.id in before_ids)
    return Diff(changed, added, removed, unchanged)


def _causes(kb: KnowledgeBase, rule: Rule, fired_on: Mapping[str, Any], changed: tuple[Changed, ...]) -> tuple[Changed, ...]:
    grounds: set[str] = set()
    for alt in analysis(kb).alternatives(rule):
        if satisfied(alt, fired_on):
            grounds |= set(alt)
    return tuple(c for c in changed if c.trait in grounds)


# ----------------------------------------------------------------------------- JSON

def diff_json(kb: KnowledgeBase, d: Diff, lang: str) -> dict[str, Any]:
    from advisor.report import _plain

    def changed(c: Changed) -> dict[str, Any]:
        return {"trait": c.trait, "before": _plain(c.before), "after": _plain(c.after)}

    def shift(s: Shift) -> dict[str, Any]:
        r = s.rule
        return {
            "rule": r.id,
            "kind": r.kind.value,
            "title": r.title.get(lang),
            "service": r.service,
            "notes": list(r.notes),
            "causes": [changed(c) for c in s.causes],
        }

    return {
        "changed_answers": [changed(c) for c in d.changed],
        "added": [shift(s) for s in d.added],
        "removed": [shift(s) for s in d.removed],
        "unchanged": list(d.unchanged),
    }


# ----------------------------------------------------------------------------- rich text

def _grid():
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


def render_diff(console, kb: KnowledgeBase, d: Diff, lang: str, before_name: str, after_name: str) -> None:
    from rich.text import Text

    from advisor.report import KIND_MARKS, KIND_STYLES, kind_word

    console.print(Text(label("diff_title", lang, a=before_name, b=after_name), style="bold"))
    console.print(Text(label("changed_answers", lang), style="bold"))
    if not d.changed:
        console.print("  " + label("no_changed_answers", lang))
    for c in d.changed:
        console.print(Text("  " + changed_text(kb, c, lang), style="cyan"))
    console.print()
    if not d.added and not d.removed:
        console.print(label("no_conclusion_change", lang))
    for key, sign, style, shifts in (("added", "+", "green", d.added), ("removed", "-", "red", d.removed)):
        if not shifts:
            continue
        console.print(Text(label(key, lang), style=f"bold {style}"))
        grid = _grid()
        for shift in shifts:
            r = shift.rule
            line = Text()
            line.append(f"{kind_word(r.kind, lang)}: ", style=KIND_STYLES[r.kind])
            line.append(r.title.get(lang), style="bold")
            if r.service:
                line.append(f"  [{r.service}]", style="dim")
            line.append(f"\n{label('rule', lang)} ", style="dim")
            line.append(r.id, style="magenta")
            line.append(f" · {label('caused_by', lang)} ", style="dim")
            line.append("; ".join(changed_text(kb, c, lang) for c in shift.causes), style="cyan")
            grid.add_row(Text(f"{sign} {KIND_MARKS[r.kind]}", style=style), line)
        console.print(grid)
        console.print()
    if d.unchanged:
        console.print(Text(label("unchanged", lang, n=len(d.unchanged)), style="dim"))

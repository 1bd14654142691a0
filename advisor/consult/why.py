"""WHY at a question: the pending conclusions that need the answer, what is known for each, what
each would conclude, and the note behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from advisor.consult.selection import Agenda
from advisor.consult.strings import text
from advisor.engine import Evaluation
from advisor.reasoning.premises import RuleCheck, Status, check_rule
from advisor.kb import KnowledgeBase, Rule


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


def why_tree(kb: KnowledgeBase, trait: str, items: list[WhyItem], lang: str):
    """The WHY explanation as a rich Tree."""
    from rich.text import Text
    from rich.tree import Tree

    from advisor.reasoning.how import note_line, rule_heading

    root = Tree(Text(text("why_title", lang, trait=trait), style="bold"), guide_style="dim")
    root.add(Text(text("why_count", lang, n=len(items))))
    for item in items:
        branch = root.add(rule_heading(kb, item.rule, lang))
        for p in item.check.premises:
            line = Text()
            cond = p.condition
            if cond.trait is not None:
                if cond.trait == trait:
                    line.append("◆ ", style="bold yellow")
                    line.append(cond.describe(kb, lang), style="bold")
                    line.append(f"  ← {text('this_question', lang)}", style="yellow")
                elif p.status is Status.HOLDS:
                    line.append("✔ ", style="green")
                    line.append(cond.describe(kb, lang))
                    line.append(f"  ({text('known', lang)})", style="dim")
                else:
                    line.append("○ ", style="dim")
                    line.append(cond.describe(kb, lang))
                    line.append(f"  ({text('open', lang)})", style="dim")
            else:
                mark, style, word = ("✔ ", "green", "fact_known") if p.status is Status.HOLDS else ("○ ", "dim", "fact_open")
                line.append(mark, style=style)
                line.append(cond.describe(kb, lang))
                line.append(f"  ({text(word, lang)})", style="dim")
                if cond.fact in item.feeds:
                    line.append(f"\n{text('via', lang)} ", style="dim")
                    line.append(", ".join(item.feeds[cond.fact]), style="magenta")
                    line.append(f"  ← {text('this_question', lang)}", style="yellow")
            branch.add(line)
        for note_id in item.rule.notes:
            note = kb.notes.get(note_id)
            if note is not None:
                branch.add(note_line(note, lang, correction=False))
    return root

"""The parts a design contains, and what they mean for the questions (pure logic, no I/O).

A consultation starts by asking which parts (``[[part]]`` in the knowledge base) the design has.
Choosing parts does two things, both plain answers that ``advisor evaluate`` reads the same way:

* the questions of parts that are absent are *out of scope*: they are not asked and stay
  unknown, exactly as "don't know" leaves them (the rules never test for an absent fact, so an
  out-of-scope question can only keep a conclusion from firing, never make one fire);
* each chosen part gives its ``answers`` (having a load balancer answers ``load_balancer`` yes).

A question that no part lists concerns the whole workload and stays in scope. A knowledge base
without parts keeps every question in scope.
"""

from __future__ import annotations

from typing import Any, Iterable

from advisor.kb import KnowledgeBase


def out_of_scope(kb: KnowledgeBase, chosen: Iterable[str] | None) -> set[str]:
    """The traits that belong to some part but to no chosen one (none when nothing was chosen yet)."""
    if chosen is None:
        return set()
    chosen = set(chosen)
    listed: dict[str, set[str]] = {}
    for part in kb.parts.values():
        for trait in part.questions:
            listed.setdefault(trait, set()).add(part.id)
    return {trait for trait, parts in listed.items() if not parts & chosen}


def implied(kb: KnowledgeBase, chosen: Iterable[str]) -> dict[str, Any]:
    """The answers the chosen parts give, in the parts' order (a later part never overrides)."""
    chosen = set(chosen)
    given: dict[str, Any] = {}
    for part in kb.parts.values():
        if part.id in chosen:
            for trait, value in part.answers:
                if trait in kb.questions:
                    given.setdefault(trait, value)
    return given


def ordered(kb: KnowledgeBase, chosen: Iterable[str]) -> tuple[str, ...]:
    """``chosen`` in the knowledge base's order of parts, unknown ids left out."""
    chosen = set(chosen)
    return tuple(pid for pid in kb.parts if pid in chosen)

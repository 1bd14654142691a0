"""Which unasked traits can still decide a rule: the work behind :mod:`advisor.consult.selection`.

Pure logic on the rules' alternatives (:mod:`advisor.logic`). :func:`relevant` is the exact
relevance check; :class:`Tables` keeps, for one knowledge base, what the check needs of the rules
and every result it gave, by the *shape* of a rule's live alternatives (which alternatives are
live, and which of their traits are still unasked: the check depends on nothing else), so that a
consultation, or the next one on the same knowledge, works each out once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from advisor.kb import Kind, KnowledgeBase, Question
from advisor.logic import Domain, analysis, complement, pick

#: the shape of a rule's live alternatives: (position among the rule's alternatives, its traits
#: still unasked) for each
Shape = tuple[tuple[int, tuple[str, ...]], ...]

#: results kept per knowledge base; past this many the memo starts over
_MEMO_LIMIT = 200_000


def relevant(remaining: list[dict[str, Domain]], order: Mapping[str, int],
             cells_of: Callable[[str, list[Domain]], list[Any]], limit: int) -> list[str]:
    """The traits of ``remaining`` (the live alternatives less their answered traits), in
    questionnaire ``order``, whose answer, for some answers to the others, changes whether any
    alternative holds. Above ``limit`` combinations of answer regions, every trait counts.

    Each answer region of a trait (:func:`cells`, through ``cells_of``) is a bit mask of the
    alternatives that it leaves possible; a choice of one region per trait satisfies the
    alternatives in the AND of its masks. A trait matters when, for some AND of the other
    traits' masks, its own regions do not all give the same outcome (some alternative, or none).
    """
    last_place = len(order)
    traits = sorted({t for rem in remaining for t in rem}, key=lambda t: (order.get(t, last_place), t))
    if not traits:
        return []
    regions = {t: cells_of(t, [rem[t] for rem in remaining if t in rem]) for t in traits}
    size = 1
    for t in traits:
        size *= len(regions[t])
    if size > limit:  # too many combinations: every trait of a live alternative counts
        return traits
    masks = []
    for t in traits:
        row = []
        for value in regions[t]:
            mask = 0
            for bit, rem in enumerate(remaining):
                dom = rem.get(t)
                if dom is None or (value is not None and dom.contains(value)):
                    mask |= 1 << bit
            row.append(mask)
        masks.append(row)
    every = (1 << len(remaining)) - 1
    # before[k]: every AND of one mask per trait before position k; after[k]: from k on
    before = [{every}]
    for row in masks:
        before.append({m & x for m in before[-1] for x in row})
    after = [{every}]
    for row in reversed(masks):
        after.append({m & x for m in after[-1] for x in row})
    after.reverse()
    found = []
    for pos, trait in enumerate(traits):
        row = masks[pos]
        for others in {b & a for b in before[pos] for a in after[pos + 1]}:
            first = bool(others & row[0])
            if any(bool(others & x) != first for x in row[1:]):
                found.append(trait)
                break
    return found


def cells(q: Question, domains: list[Domain]) -> list[Any]:
    """One representative answer per region of the trait's values that the domains tell apart.

    The first is None (no answer: "don't know"); then one value for each non-empty combination of
    inside/outside the given domains. Whether an alternative holds depends only on these regions.
    """
    distinct: list[Domain] = []
    for dom in domains:
        if all(repr(dom) != repr(d) for d in distinct):
            distinct.append(dom)
    values: list[Any] = [None]
    for signs in itertools.product((True, False), repeat=len(distinct)):
        region = None
        for inside, dom in zip(signs, distinct):
            part = dom if inside else complement(q, dom)
            region = part if region is None else region.meet(part)
            if region.empty():
                break
        if region is not None and not region.empty():
            values.append(pick(q, region))
    return values


class Tables:
    """What question selection needs of one knowledge base, worked out once and kept with it."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        found = analysis(kb)
        self.order = {trait: i for i, trait in enumerate(kb.questions)}
        #: each rule's alternatives as (trait, domain) pairs, in the analysis' order
        self.alts: dict[str, list[tuple[tuple[str, Domain], ...]]] = {
            rule.id: [tuple(alt.items()) for alt in found.alternatives(rule)] for rule in kb.rules.values()
        }
        #: trait -> the positions (in Agenda.conclusions' order: by id) of the conclusions that test it
        self.touching: dict[str, tuple[int, ...]] = {}
        conclusions = sorted((r for r in kb.rules.values() if r.kind is not Kind.DERIVE), key=lambda r: r.id)
        for i, rule in enumerate(conclusions):
            for trait in sorted({t for alt in self.alts[rule.id] for t, _ in alt}):
                self.touching[trait] = self.touching.get(trait, ()) + (i,)
        self._deciding: dict[tuple, tuple[str, ...]] = {}
        self._cells: dict[tuple, list[Any]] = {}
        self._reprs: dict[int, tuple[Domain, str]] = {}

    def deciding(self, rule_id: str, shape: Shape, limit: int) -> tuple[str, ...]:
        """:func:`relevant` for the rule's live alternatives of this shape, worked out once."""
        key = (rule_id, shape, limit)
        found = self._deciding.get(key)
        if found is None:
            alts = self.alts[rule_id]
            remaining = []
            for i, unasked in shape:
                doms = dict(alts[i])
                remaining.append({t: doms[t] for t in unasked})
            if len(self._deciding) >= _MEMO_LIMIT:
                self._deciding.clear()
            found = self._deciding[key] = tuple(relevant(remaining, self.order, self.cells, limit))
        return found

    def cells(self, trait: str, domains: list[Domain]) -> list[Any]:
        """:func:`cells` of the trait's question for ``domains``, kept by the domains' text."""
        names = []
        for dom in domains:
            kept = self._reprs.get(id(dom))
            if kept is None:
                kept = self._reprs[id(dom)] = (dom, repr(dom))  # the domain is kept: its id stays its own
            names.append(kept[1])
        key = (trait, tuple(names))
        found = self._cells.get(key)
        if found is None:
            found = self._cells[key] = cells(self.kb.questions[trait], domains)
        return found


def tables(kb: KnowledgeBase) -> Tables:
    """The selection tables of ``kb``, computed once and kept with it (as :func:`analysis` is)."""
    return kb.kept("_selection", Tables)


@dataclass
class State:
    """One state of a consultation as the agenda last saw it: the answers, unknowns and exact
    limit, each conclusion's deciding traits (in the agenda's order of conclusions), the
    conclusions each question can decide, and the ranking once asked for."""

    answers: dict[str, Any]
    unknown: frozenset[str]
    limit: int
    decided: tuple[tuple[str, ...], ...]
    deciders: dict[str, list[str]]
    ranked: tuple | None = None


def changed(old: Mapping[str, Any], new: Mapping[str, Any], old_unknown: frozenset[str], new_unknown: set[str]) -> set[str]:
    """The traits whose answer, or "don't know", differs between two states (a value of another
    type counts as changed, so that True and 1.0 are told apart)."""
    found = set(old_unknown.symmetric_difference(new_unknown))
    for trait, value in new.items():
        if trait not in old:
            found.add(trait)
        else:
            before = old[trait]
            if type(before) is not type(value) or before != value:
                found.add(trait)
    found.update(trait for trait in old if trait not in new)
    return found

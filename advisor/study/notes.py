"""The notes as a learner reads them: what links to each note, a ranked search, and the three
forms of ``advisor notes`` (list, search, one note) as data (:mod:`advisor.present.notes` shows them).

Search (:meth:`NoteIndex.search`) matches the words of the query (English or Korean, normalised
by :mod:`advisor.textnorm`: particles, endings and spacing do not matter) against each note's id,
the services it drives or names, its seed section, its text and its correction, in that order of
weight, each word weighted by how rare it is among the notes. A service name in the query (as the
exam reader's ``[[term]]``\\ s know it, e.g. "CDN" for Amazon CloudFront) also finds the notes that
mention the service or drive a rule that names it. Notes that match more of the query's words
come first, then the higher score, then the id: the order is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.kb import KnowledgeBase, Note, Rule
from advisor.logic import downstream
from advisor.study import LANGS
from advisor.textnorm import Folded, query_terms

if TYPE_CHECKING:
    from advisor.present.words import Words

#: weight of a query word found in each field of a note, strongest first
FIELDS = (("id", 5.0), ("service", 4.0), ("section", 3.0), ("text", 2.0), ("correction", 1.0))
WEIGHT = dict(FIELDS)
#: bonus when the whole query (spaces aside) is in the note's text, or names a service the note drives
PHRASE_BONUS = 3.0
SERVICE_BONUS = 4.0


@dataclass
class Hit:
    note: Note
    score: float
    covered: int
    matched: list[str]


@dataclass
class Links:
    """What points at one note, and where it leads."""

    cited_by: list[Rule] = field(default_factory=list)
    through: list[Rule] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    claims: list = field(default_factory=list)
    exams: list = field(default_factory=list)


class NoteIndex:
    @classmethod
    def of(cls, kb: KnowledgeBase) -> "NoteIndex":
        """The index of ``kb``, built once per process and kept with it (as its engine is): it
        depends on the knowledge alone, and building it folds the text of every note (a few
        hundred milliseconds), which a process that runs several commands paid for each."""
        return kb.kept("_note_index", cls)

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.notes = sorted(kb.notes.values(), key=lambda n: n.id)
        consumers: dict[str, list[Rule]] = {}
        rules = sorted(kb.rules.values(), key=lambda r: r.id)
        for rule in rules:
            for fact in dict.fromkeys(rule.facts):
                consumers.setdefault(fact, []).append(rule)
        self.links: dict[str, Links] = {n.id: Links() for n in self.notes}
        for rule in rules:
            for note_id in rule.notes:
                note = kb.resolve_note(note_id)
                if note is not None and rule not in self.links[note.id].cited_by:
                    self.links[note.id].cited_by.append(rule)
        for claim in sorted(kb.claims.values(), key=lambda c: c.id):
            for note_id in dict.fromkeys(claim.notes):
                note = kb.resolve_note(note_id)
                if note is not None:
                    self.links[note.id].claims.append(claim)
        for exam in sorted(kb.exams.values(), key=lambda e: e.id):
            for note_id in dict.fromkeys(exam.notes):
                note = kb.resolve_note(note_id)
                if note is not None and exam not in self.links[note.id].exams:
                    self.links[note.id].exams.append(exam)
        terms = sorted(kb.terms.values(), key=lambda t: t.id)
        self.fields: dict[str, dict[str, Folded]] = {}
        for note in self.notes:
            link = self.links[note.id]
            link.through = downstream(link.cited_by, consumers)
            link.services = sorted({r.service for r in link.cited_by + link.through if r.service})
            corr = note.correction
            self.fields[note.id] = {
                "id": Folded(" ".join([note.id, *note.aliases]).replace("-", " ")),
                "service": Folded(*link.services),
                "section": Folded(note.section, note.topic),
                "text": Folded(note.text.en, note.text.ko),
                "correction": Folded(corr.text.en, corr.text.ko) if corr else Folded(),
            }
        self._terms = terms
        self._mentioning: dict[str, frozenset[str]] = {}

    def mentioning(self, term) -> frozenset[str]:
        """Ids of the notes whose text names ``term`` (an exam reader's [[term]]), computed once."""
        if term.id not in self._mentioning:
            self._mentioning[term.id] = frozenset(
                n.id for n in self.notes if any(p.search(f"{n.text.en}\n{n.text.ko}") for p in term.patterns)
            )
        return self._mentioning[term.id]

    def mentions(self, note: Note) -> list[str]:
        """The names of the exam reader's terms the note's text names."""
        body = f"{note.text.en}\n{note.text.ko}"
        return [t.name for t in self._terms if any(p.search(body) for p in t.patterns)]

    # -------------------------------------------------------------------------------- look-ups

    def find(self, note_id: str) -> Note | None:
        return self.kb.resolve_note(note_id.strip().lower())

    def suggest(self, text: str) -> list[str]:
        import difflib

        return difflib.get_close_matches(text.strip().lower(), [n.id for n in self.notes], n=3, cutoff=0.6)

    def search(self, query: str) -> list[Hit]:
        terms = query_terms(query)
        named = self._named_services(query)
        if not terms and not named:
            return []
        n = len(self.notes)
        df = {t: sum(1 for note in self.notes if any(f.has(t) for f in self.fields[note.id].values())) for t in terms}
        hits = []
        for note in self.notes:
            fields = self.fields[note.id]
            link = self.links[note.id]
            score, covered, matched = 0.0, 0, []
            for t in terms:
                found = [name for name, _ in FIELDS if fields[name].has(t)]
                if not found:
                    continue
                covered += 1
                score += WEIGHT[found[0]] * math.log(1 + n / df[t])
                for name in found:
                    if name not in matched:
                        matched.append(name)
            drives = [name for name, term in named if name in link.services or note.id in self.mentioning(term)]
            if drives:
                score += SERVICE_BONUS * len(drives)
                covered += 1
                if "service" not in matched:
                    matched.append("service")
            if covered and fields["text"].has_phrase(query) and len(terms) > 1:
                score += PHRASE_BONUS
            if covered:
                hits.append(Hit(note, round(score, 3), covered, sorted(matched, key=[f for f, _ in FIELDS].index)))
        hits.sort(key=lambda h: (-h.covered, -h.score, h.note.id))
        return hits

    def _named_services(self, query: str) -> list[tuple[str, object]]:
        """(service or name, term) for each exam reader's term the query names, longest match first."""
        found = []
        for term in self._terms:
            for p in term.patterns:
                m = p.search(query)
                if m:
                    found.append((m.end() - m.start(), term.service or term.name, term))
                    break
        found.sort(key=lambda x: (-x[0], x[1], x[2].id))
        return [(name, term) for _, name, term in found]

    # -------------------------------------------------------------------------------- data

    def summary(self, note: Note, words: Words) -> dict:
        return {
            "id": note.id,
            "topic": note.topic,
            "section": note.section,
            "origin": note.origin,
            "corrected": note.correction is not None,
            "text": note.text.get(words.lang),
        }

    def groups(self, by: str, topic: str | None = None) -> list[tuple[str, list[Note]]]:
        notes = [n for n in self.notes if topic is None or n.topic == topic]
        out: dict[str, list[Note]] = {}
        if by == "topic":
            for note in notes:
                out.setdefault(note.topic, []).append(note)
            return sorted(out.items())
        seed = [n for n in notes if n.from_seed]
        for note in seed:
            out.setdefault(note.section, []).append(note)
        ordered = sorted(out.items(), key=lambda kv: (min(min(n.seed_lines) for n in kv[1]), kv[0]))
        ordered = [(sec, sorted(ns, key=lambda n: (min(n.seed_lines), n.id))) for sec, ns in ordered]
        docs: dict[str, list[Note]] = {}
        for note in notes:
            if not note.from_seed:
                docs.setdefault(note.section, []).append(note)
        return ordered + sorted(docs.items())

    def detail(self, note: Note, words: Words, both: bool = False) -> dict:
        """Everything about one note, in the language of ``words`` (``both``: its text and
        correction in every language, that one first)."""
        link = self.links[note.id]
        lang = words.lang
        langs = (lang, *(other for other in LANGS if other != lang)) if both else (lang,)
        doc = {
            "id": note.id,
            "topic": note.topic,
            "section": note.section,
            "origin": note.origin,
            "seed_lines": list(note.seed_lines),
            "text": {code: note.text.get(code) for code in langs},
            "refs": list(note.refs),
            "correction": None,
            "aliases": list(note.aliases),
            "cited_by": [_rule_json(r, words) for r in link.cited_by],
            "through_derived_facts": [_rule_json(r, words) for r in link.through],
            "services": list(link.services),
            "mentions": self.mentions(note),
            "claims": [{"id": c.id, "holds": c.holds, "because": c.because.get(lang)} for c in link.claims],
            "exams": [
                {"id": e.id, "set": e.set, "lang": e.lang, "topic": e.topic, "question": " ".join(e.question.split())}
                for e in link.exams
            ],
        }
        if note.correction is not None:
            doc["correction"] = {
                "text": {code: note.correction.text.get(code) for code in langs},
                "refs": list(note.correction.refs),
            }
        return doc


def _rule_json(rule: Rule, words: Words) -> dict:
    return {"id": rule.id, "kind": rule.kind.value, "title": rule.title.get(words.lang), "service": rule.service}

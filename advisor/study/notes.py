"""The notes as a learner reads them: what links to each note, a ranked search, and the three
forms of ``advisor notes`` (list, search, one note) as data and as rich text.

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
import re
from dataclasses import dataclass, field

from advisor.kb import KnowledgeBase, Note, Rule
from advisor.textnorm import Folded, query_terms

#: weight of a query word found in each field of a note, strongest first
FIELDS = (("id", 5.0), ("service", 4.0), ("section", 3.0), ("text", 2.0), ("correction", 1.0))
WEIGHT = dict(FIELDS)
#: bonus when the whole query (spaces aside) is in the note's text, or names a service the note drives
PHRASE_BONUS = 3.0
SERVICE_BONUS = 4.0

_STRINGS = {
    "topic": ("Topic", "주제"),
    "section": ("Study-note section", "학습 노트 단원"),
    "from_docs": ("From the AWS documentation (not in the study note)", "AWS 문서에서 (학습 노트에 없음)"),
    "from_docs_short": ("AWS docs", "AWS 문서"),
    "seed_lines": ("From the study note, line {lines}", "학습 노트 {lines}행"),
    "seed_lines_n": ("From the study note, lines {lines}", "학습 노트 {lines}행"),
    "correction": ("Correction", "정정"),
    "pages": ("AWS pages", "AWS 문서"),
    "cited_by": ("Rules that cite it", "이 노트를 인용하는 규칙"),
    "through": ("Through derived facts", "파생 사실을 거쳐"),
    "services": ("Services it drives", "이끌어 내는 서비스"),
    "claims": ("Exam-reading claims", "문제 풀이 주장"),
    "exams": ("Bank questions that test it", "이 노트를 묻는 문제"),
    "none": ("none", "없음"),
    "holds": ("true", "참"),
    "not_holds": ("false", "거짓"),
    "results": ("{n} note(s) match {query}", "{query}: 노트 {n}개"),
    "matched": ("matched in", "일치"),
    "showing": (" (the best {n}; --limit N for more)", " (상위 {n}개; 더 보려면 --limit N)"),
    "read_one": ("Read one with: advisor notes ID", "노트 하나 읽기: advisor notes ID"),
    "by_topic": ("{n} notes in {groups} topics", "노트 {n}개, 주제 {groups}개"),
    "by_section": ("{n} notes in {groups} sections", "노트 {n}개, 단원 {groups}개"),
    "field_id": ("id", "ID"),
    "field_service": ("service", "서비스"),
    "field_section": ("section", "단원"),
    "field_text": ("text", "본문"),
    "field_correction": ("correction", "정정"),
    "corrected": ("corrected", "정정 있음"),
}


def s(key: str, lang: str, **kw) -> str:
    en, ko = _STRINGS[key]
    return (ko if lang == "ko" else en).format(**kw)


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
            link.through = _downstream(link.cited_by, consumers)
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

    def topics(self) -> list[str]:
        return sorted({n.topic for n in self.notes})

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

    def summary(self, note: Note, lang: str) -> dict:
        return {
            "id": note.id,
            "topic": note.topic,
            "section": note.section,
            "origin": note.origin,
            "corrected": note.correction is not None,
            "text": note.text.get(lang),
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

    def detail(self, note: Note, langs: tuple[str, ...]) -> dict:
        link = self.links[note.id]
        lang = langs[0]
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
            "cited_by": [_rule_json(r, lang) for r in link.cited_by],
            "through_derived_facts": [_rule_json(r, lang) for r in link.through],
            "services": link.services,
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


def _rule_json(rule: Rule, lang: str) -> dict:
    return {"id": rule.id, "kind": rule.kind.value, "title": rule.title.get(lang), "service": rule.service}


def _downstream(rules: list[Rule], consumers: dict[str, list[Rule]]) -> list[Rule]:
    start = {r.id for r in rules}
    seen: dict[str, Rule] = {}
    todo = [f for r in rules for f in r.derives]
    done: set[str] = set()
    while todo:
        fact = todo.pop()
        if fact in done:
            continue
        done.add(fact)
        for rule in consumers.get(fact, []):
            if rule.id not in start and rule.id not in seen:
                seen[rule.id] = rule
                todo.extend(rule.derives)
    return sorted(seen.values(), key=lambda r: r.id)


# ------------------------------------------------------------------------------------ rendering
# Every string from the knowledge base or the user goes out as rich.text.Text (literal, never
# markup), with control characters escaped.

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """``text`` with control characters shown as escapes (a bank or a user string is never markup)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def lit(text: str, style: str = ""):
    from rich.text import Text

    return Text(plain(text), style=style)


def url_line(console, url: str, indent: int = 4) -> None:
    """A URL printed whole on its own line, never wrapped, so that it can be clicked and copied."""
    from rich.text import Text

    console.print(Text(" " * indent + plain(url), style="blue"), soft_wrap=True, overflow="ignore", crop=False)


def render_list(console, index: NoteIndex, groups: list[tuple[str, list[Note]]], by: str, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    total = sum(len(ns) for _, ns in groups)
    console.print(Text(s(f"by_{by}", lang, n=total, groups=len(groups)), style="bold"))
    for name, notes in groups:
        console.print()
        head = Text(plain(name), style="bold cyan")
        head.append(f" ({len(notes)})", style="dim")
        console.print(head)
        idents = []
        for note in notes:
            ident = lit(note.id)
            if note.correction is not None:
                ident.append(" ✎", style="yellow")
            if not note.from_seed:
                ident.append(f" [{s('from_docs_short', lang)}]", style="magenta")
            idents.append((ident, note))
        # the ids are never cut (they are what 'advisor notes ID' takes); the text is a one-line glimpse
        grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
        grid.add_column(no_wrap=True, min_width=max(i.cell_len for i, _ in idents))
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        for ident, note in idents:
            grid.add_row(ident, lit(note.text.get(lang), style="dim"))
        console.print(grid)
    console.print()
    console.print(Text(s("read_one", lang), style="dim"))


def render_hits(console, hits: list[Hit], query: str, lang: str, total: int | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    head = Text(s("results", lang, n=total if total is not None else len(hits), query=repr(plain(query))), style="bold")
    if total is not None and total > len(hits):
        head.append(s("showing", lang, n=len(hits)), style="dim")
    console.print(head)
    console.print()
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        note = hit.note
        head = lit(note.id, style="bold")
        head.append(f" · {plain(note.topic)} · ", style="dim")
        head.append(plain(note.section), style="dim")
        if not note.from_seed:
            head.append(f" [{s('from_docs_short', lang)}]", style="magenta")
        body = Text.assemble(head, "\n", lit(note.text.get(lang)))
        fields = ", ".join(s(f"field_{f}", lang) for f in hit.matched)
        body.append(f"\n{s('matched', lang)}: {fields}", style="dim")
        grid.add_row(Text(f"{rank}.", style="blue"), body)
        grid.add_row()
    console.print(grid)
    console.print(Text(s("read_one", lang), style="dim"))


def render_note(console, doc: dict, langs: tuple[str, ...]) -> None:
    from rich.text import Text

    lang = langs[0]
    head = lit(doc["id"], style="bold")
    if doc["correction"]:
        head.append(" ✎", style="yellow")
    console.print(head)
    console.print(Text.assemble((f"{s('topic', lang)}: ", "dim"), plain(doc["topic"]), ("  ·  ", "dim"),
                                (f"{s('section', lang)}: ", "dim"), plain(doc["section"])))
    if doc["origin"] == "seed":
        lines = ", ".join(str(n) for n in doc["seed_lines"])
        key = "seed_lines" if len(doc["seed_lines"]) == 1 else "seed_lines_n"
        console.print(Text(s(key, lang, lines=lines), style="green"))
    else:
        console.print(Text(s("from_docs", lang), style="bold magenta"))
    console.print()
    for code in langs:
        console.print(lit(doc["text"][code]))
        console.print()
    if doc["correction"]:
        console.print(Text(f"✎ {s('correction', lang)}", style="bold yellow"))
        for code in langs:
            console.print(lit(doc["correction"]["text"][code]))
            console.print()
        for ref in doc["correction"]["refs"]:
            url_line(console, ref, indent=2)
        console.print()
    refs = [r for r in doc["refs"] if not doc["correction"] or r not in doc["correction"]["refs"]]
    if refs:
        console.print(Text(s("pages", lang), style="bold"))
        for ref in refs:
            url_line(console, ref, indent=2)
        console.print()
    _section(console, s("cited_by", lang), [
        Text.assemble(lit(r["id"], "cyan"), f" ({r['kind']}) ", lit(r["title"])) for r in doc["cited_by"]
    ], lang)
    if doc["through_derived_facts"]:
        _section(console, s("through", lang), [
            Text.assemble(lit(r["id"], "cyan"), f" ({r['kind']}) ", lit(r["title"])) for r in doc["through_derived_facts"]
        ], lang)
    _section(console, s("services", lang), [lit(x) for x in doc["services"]], lang)
    if doc["claims"]:
        _section(console, s("claims", lang), [
            Text.assemble(lit(c["id"], "cyan"), f" ({s('holds' if c['holds'] else 'not_holds', lang)}) ", lit(c["because"]))
            for c in doc["claims"]
        ], lang)
    _section(console, s("exams", lang), [
        Text.assemble(lit(e["id"], "cyan"), f" ({e['lang']}) ", lit(_excerpt(e["question"]), "dim"))
        for e in doc["exams"]
    ], lang)


def _section(console, title: str, rows: list, lang: str) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="bold"))
    if not rows:
        console.print(Text(f"  {s('none', lang)}", style="dim"))
    else:
        from rich.padding import Padding

        grid = Table.grid()
        grid.add_column(ratio=1, overflow="fold")
        for row in rows:
            grid.add_row(row)
        console.print(Padding(grid, (0, 0, 0, 2)))
    console.print()


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


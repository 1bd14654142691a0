"""Reference pages generated from the knowledge base: notes, rules, the note map, the
questionnaire and the answers-file schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.kb import Kind, KnowledgeBase, Note, Question, Rule, TraitType, format_number
from advisor.logic import analysis, downstream
from advisor.present.words import Words

from docgen.md import Page, code, esc, link, slug, table, url

KIND_WORD = {Kind.RECOMMEND: "recommend", Kind.AVOID: "avoid", Kind.WARN: "warn", Kind.ADVISE: "advise", Kind.DERIVE: "derive"}
CORRECTED = "✎"


class Facts:
    """What the pages need to know about how the items of a knowledge base point at each other."""

    def __init__(self, kb: KnowledgeBase, root: Path):
        self.kb = kb
        self.root = root.resolve()
        self.rules = sorted(kb.rules.values(), key=lambda r: (self.path(r.source.file), r.source.line, r.id))
        self.cited_by: dict[str, list[Rule]] = {n: [] for n in kb.notes}
        for rule in sorted(kb.rules.values(), key=lambda r: r.id):
            for note_id in rule.notes:
                note = kb.resolve_note(note_id)
                if note is not None and rule not in self.cited_by[note.id]:
                    self.cited_by[note.id].append(rule)
        self.consumers: dict[str, list[Rule]] = {f: [] for f in kb.derived}
        self.testing: dict[str, list[Rule]] = {t: [] for t in kb.questions}
        for rule in sorted(kb.rules.values(), key=lambda r: r.id):
            for fact in dict.fromkeys(rule.facts):
                self.consumers.setdefault(fact, []).append(rule)
            for trait in dict.fromkeys(rule.traits):
                self.testing.setdefault(trait, []).append(rule)

    def path(self, file: str) -> str:
        """A knowledge file's path relative to the repository, whatever the working directory."""
        path = Path(file)
        if not path.is_absolute():
            path = Path.cwd() / path
        return path.resolve().relative_to(self.root).as_posix()

    def source_link(self, item: Any) -> str:
        where = self.path(item.source.file)
        return link(code(f"{where}:{item.source.line}"), f"../../{where}#L{item.source.line}")

    def downstream(self, rules: list[Rule]) -> list[Rule]:
        """Rules that fire on facts derived (directly or in a chain) by ``rules``, except those."""
        return downstream(rules, self.consumers)

    def notes_in_seed_order(self) -> list[tuple[str, list[Note]]]:
        """The notes grouped by the seed section they restate, sections in the seed's order."""
        groups: dict[str, list[Note]] = {}
        for note in self.kb.notes.values():
            if note.from_seed:
                groups.setdefault(note.section, []).append(note)
        ordered = sorted(groups.items(), key=lambda kv: (min(min(n.seed_lines) for n in kv[1]), kv[0]))
        return [(section, sorted(notes, key=lambda n: (min(n.seed_lines), n.seed_lines, n.id))) for section, notes in ordered]

    def notes_from_docs(self) -> list[tuple[str, list[Note]]]:
        """The notes taken from the AWS documentation, next to the study note's, grouped by section."""
        groups: dict[str, list[Note]] = {}
        for note in self.kb.notes.values():
            if not note.from_seed:
                groups.setdefault(note.section, []).append(note)
        return [(section, sorted(notes, key=lambda n: n.id)) for section, notes in sorted(groups.items())]


class Links:
    """Links to the items of the reference pages, written from the page ``here``."""

    def __init__(self, here: str):
        self.here = here

    def to(self, page: str, anchor: str) -> str:
        return f"#{anchor}" if page == self.here else f"{page}#{anchor}"

    def rule(self, rule: Rule) -> str:
        return link(code(rule.id, cell=True), self.to("rules.md", rule.id))

    def note(self, note_id: str, corrected: bool = False) -> str:
        return link(code(note_id, cell=True), self.to("notes.md", note_id)) + (f" {CORRECTED}" if corrected else "")

    def trait(self, trait: str) -> str:
        return link(code(trait, cell=True), self.to("questionnaire.md", trait))

    def fact(self, fact: str) -> str:
        return link(code(fact, cell=True), self.to("questionnaire.md", fact))


def services_of(rules: list[Rule]) -> list[str]:
    return sorted({r.service for r in rules if r.service})


def answers_json(answers: dict[str, Any]) -> str:
    def plain(v: Any) -> Any:
        return int(v) if isinstance(v, float) and v.is_integer() else v

    return json.dumps({k: plain(v) for k, v in sorted(answers.items())}, ensure_ascii=False)


# ----------------------------------------------------------------------------------- notes

def notes_page(facts: Facts) -> str:
    kb = facts.kb
    corrections = sum(1 for n in kb.notes.values() if n.correction)
    page = Page("Note catalogue", "knowledge/notes/*.toml and the rules that cite each note")
    to = Links("notes.md")
    page.add(
        f"Every fact the advisor knows, {len(kb.notes)} notes in all, grouped by the section of the Korean study "
        "note (the seed) they restate, in the seed's order. Each note is written in our own words in English and "
        f"Korean. {corrections} notes carry a **correction** (marked {CORRECTED}): there the seed is wrong, vague "
        "or incomplete, and the correction says what the AWS documentation it cites says instead.",
        "",
        "Under each note, *cited by* lists the rules that rest on it; the [rule catalogue](rules.md) gives their "
        "conditions and the [note map](note-map.md) the services they lead to.",
        "",
    )
    groups = facts.notes_in_seed_order()
    docs_groups = facts.notes_from_docs()
    anchors = {section: slug(esc(section)) for section, _ in groups + docs_groups}
    rows = []
    for section, notes in groups:
        seed = sorted({line for n in notes for line in n.seed_lines})
        rows.append([
            link(esc(section), f"#{anchors[section]}"),
            _line_ranges(seed),
            ", ".join(to.note(n.id, n.correction is not None) for n in notes),
        ])
    page.extend(table(["seed section", "seed lines", "notes"], rows))
    page.add("")
    if docs_groups:
        page.add(
            f"Beyond the study note, {sum(len(n) for _, n in docs_groups)} notes restate facts from the AWS "
            "documentation that real exam questions on the same topics turn on. They are marked "
            "**from the AWS documentation** and cite their pages; none is passed off as the study note's.",
            "",
        )
        page.extend(table(["topic (AWS documentation)", "notes"], [
            [link(esc(section), f"#{anchors[section]}"), ", ".join(to.note(n.id, n.correction is not None) for n in notes)]
            for section, notes in docs_groups
        ]))
        page.add("")
    for section, notes in groups + docs_groups:
        page.heading(2, esc(section), anchors[section])
        for note in notes:
            page.heading(3, note.id, note.id)
            page.add(f"- **en:** {esc(note.text.en)}", f"- **ko:** {esc(note.text.ko)}")
            if note.refs:
                page.add("- **references:** " + ", ".join(url(r) for r in note.refs))
            cited = facts.cited_by.get(note.id, [])
            if cited:
                page.add("- **cited by:** " + "; ".join(_rule_summary(to, r) for r in cited))
            else:
                page.add("- **cited by:** no rule (`advisor kb check` reports this note as an orphan)")
            origin = (f"**seed lines:** {', '.join(map(str, note.seed_lines))}" if note.from_seed
                      else "**from the AWS documentation** (not the study note)")
            page.add(f"- {origin} · **topic:** {code(note.topic)} · **defined in:** {facts.source_link(note)}")
            if note.aliases:
                page.add("- **former ids:** " + ", ".join(code(a) for a in note.aliases))
            if note.correction is not None:
                page.add(
                    "",
                    f"> {CORRECTED} **Correction.** {esc(note.correction.text.en)}",
                    ">",
                    f"> {esc(note.correction.text.ko)}",
                    ">",
                    "> References: " + ", ".join(url(r) for r in note.correction.refs),
                )
            page.add("")
    return page.text()


def _rule_summary(to: Links, rule: Rule) -> str:
    service = f" · {esc(rule.service)}" if rule.service else ""
    return f"{to.rule(rule)} ({KIND_WORD[rule.kind]}{service})"


def _line_ranges(lines: list[int]) -> str:
    parts, start, prev = [], None, None
    for n in lines:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = n
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(parts)


# ----------------------------------------------------------------------------------- rules

def rules_page(facts: Facts) -> str:
    kb = facts.kb
    a = analysis(kb)
    page = Page("Rule catalogue", "knowledge/rules/*.toml")
    to = Links("rules.md")
    counts = ", ".join(
        f"{sum(1 for r in kb.rules.values() if r.kind is kind)} {KIND_WORD[kind]}" for kind in Kind
    )
    page.add(
        f"The {len(kb.rules)} rules of the advisor ({counts}). A rule fires when all its conditions hold: "
        "conditions on answers (a trait left unanswered never satisfies one) and on derived facts, which other "
        "rules declare. *Derive* rules conclude nothing themselves; they only declare facts for later rules.",
        "",
        "For each rule: its conditions, its conclusion in English and Korean, the notes it cites, and answer sets "
        "that make it fire (computed from the conditions, derived facts expanded; these are the sets "
        "`tests/test_rules.py` runs).",
        "",
    )
    page.extend(table(["rule", "kind", "conclusion", "service"], [
        [to.rule(rule), KIND_WORD[rule.kind], esc(rule.title.en), esc(rule.service or "")]
        for rule in sorted(kb.rules.values(), key=lambda r: r.id)
    ]))
    page.add("")
    by_file: dict[str, list[Rule]] = {}
    for rule in facts.rules:
        by_file.setdefault(facts.path(rule.source.file), []).append(rule)
    for file, rules in by_file.items():
        page.heading(2, code(file))
        for rule in rules:
            page.heading(3, rule.id, rule.id)
            page.add("- **when:** " + " **and** ".join(_condition(to, kb, c) for c in rule.when))
            if rule.kind is Kind.DERIVE:
                page.add(f"- **derive:** {esc(rule.title.en)}", f"  - ko: {esc(rule.title.ko)}")
            else:
                service = f" — {esc(rule.service)}" if rule.service else ""
                en, ko = (_sentence(rule.title.get(lang), rule.detail.get(lang) if rule.detail else None) for lang in ("en", "ko"))
                page.add(f"- **{KIND_WORD[rule.kind]}**{service}", f"  - en: {en}", f"  - ko: {ko}")
            if rule.derives:
                page.add("- **derives:** " + "; ".join(
                    f"{to.fact(f)} ({esc(kb.derived[f].label.en)})" if f in kb.derived else code(f) for f in rule.derives
                ))
            page.add("- **notes:** " + ", ".join(
                to.note(n, bool(kb.resolve_note(n) and kb.resolve_note(n).correction)) for n in rule.notes
            ))
            sets = a.firing_answers(rule)
            if sets:
                page.add("- **fires on:** " + " or ".join(code(answers_json(s)) for s in sets))
            else:
                page.add("- **fires on:** nothing (`advisor kb check` reports the rule as unreachable)")
            feeds = facts.downstream([rule])
            if feeds:
                page.add("- **feeds:** " + ", ".join(to.rule(r) for r in feeds))
            if rule.aliases:
                page.add("- **former ids:** " + ", ".join(code(x) for x in rule.aliases))
            page.add(f"- **defined in:** {facts.source_link(rule)}", "")
    return page.text()


def _condition(to: Links, kb: KnowledgeBase, cond) -> str:
    if cond.fact is not None:
        label = kb.derived[cond.fact].label.en if cond.fact in kb.derived else "not declared"
        return f"{to.fact(cond.fact)} ({esc(label)})"
    return code(cond.describe(kb, Words("en")))


def _sentence(title: str, detail: str | None) -> str:
    """A rule's title and detail as one paragraph."""
    if detail is None:
        return esc(title)
    stop = "" if title.endswith((".", "!", "?")) else "."
    return f"{esc(title)}{stop} {esc(detail)}"


# ----------------------------------------------------------------------------------- note map

def note_map_page(facts: Facts) -> str:
    kb = facts.kb
    page = Page("Note map", "the notes and the rules that cite them")
    to = Links("note-map.md")
    page.add(
        "Which rules each note drives, and so which services it can lead the advisor to name. *Cited by* are the "
        "rules that cite the note; *through derived facts* are the rules that fire on facts those rules derive, so "
        f"the note is part of their reasoning too. {CORRECTED} marks a note with a correction.",
        "",
    )
    page.heading(2, "By note")
    rows = []
    for note in sorted(kb.notes.values(), key=lambda n: n.id):
        cited = facts.cited_by.get(note.id, [])
        further = facts.downstream(cited)
        rows.append([
            to.note(note.id, note.correction is not None),
            esc(note.section),
            ", ".join(f"{to.rule(r)} ({KIND_WORD[r.kind]})" for r in cited) or "—",
            ", ".join(f"{to.rule(r)} ({KIND_WORD[r.kind]})" for r in further) or "—",
            ", ".join(esc(s) for s in services_of(cited + further)) or "—",
        ])
    page.extend(table(["note", "seed section", "cited by", "through derived facts", "services"], rows))
    page.add("")
    page.heading(2, "By service")
    page.add("Every service a rule names, the rules that name it, and the notes behind them.", "")
    rows = []
    for service in kb.services():
        rules = sorted((r for r in kb.rules.values() if r.service == service), key=lambda r: r.id)
        notes = sorted({n for r in rules for n in r.notes})
        rows.append([
            esc(service),
            ", ".join(f"{to.rule(r)} ({KIND_WORD[r.kind]})" for r in rules),
            ", ".join(to.note(n) for n in notes),
        ])
    page.extend(table(["service", "rules", "notes"], rows))
    return page.text()


# ----------------------------------------------------------------------------------- questionnaire

def _values(q: Question) -> str:
    if q.type is TraitType.BOOL:
        return "`true` or `false`"
    if q.type is TraitType.CHOICE:
        return ", ".join(code(v, cell=True) for v in q.choice_values())
    return f"{format_number(q.min)} to {format_number(q.max)} {esc(q.unit or '')}".strip()


def questionnaire_page(facts: Facts) -> str:
    kb = facts.kb
    page = Page("Questionnaire", "knowledge/questions.toml and knowledge/derived.toml")
    to = Links("questionnaire.md")
    page.add(
        f"The {len(kb.questions)} traits an answers file can give, in questionnaire order (the order a "
        "consultation uses to break ties), and the derived facts the rules build on them. Every question also "
        "accepts *don't know*: leave the trait out or give `null`, and it stays unknown, never false. The "
        "[JSON Schema](answers.schema.json) of answers files is generated from the same questions "
        "(`advisor schema`).",
        "",
    )
    rows = []
    for i, q in enumerate(kb.questions.values(), start=1):
        rows.append([
            str(i), to.trait(q.trait), q.type.value, _values(q), code(q.topic, cell=True),
            ", ".join(to.rule(r) for r in facts.testing.get(q.trait, [])) or "—",
        ])
    page.extend(table(["#", "trait", "type", "values", "topic", "tested by"], rows))
    page.add("")
    page.heading(2, "Questions")
    for q in kb.questions.values():
        page.heading(3, q.trait, q.trait)
        page.add(f"- **type:** {q.type.value} · **topic:** {code(q.topic)} · **defined in:** {facts.source_link(q)}")
        page.add(f"- **prompt:** {esc(q.prompt.en)}", f"  - ko: {esc(q.prompt.ko)}")
        page.add(f"- **help:** {esc(q.help.en)}", f"  - ko: {esc(q.help.ko)}")
        if q.type is TraitType.BOOL:
            page.add("- **values:** `true` (yes · 예) or `false` (no · 아니요)")
        elif q.type is TraitType.NUMBER:
            page.add(f"- **values:** a number of {esc(q.unit or '')} from {format_number(q.min)} to {format_number(q.max)}")
        else:
            page.add("- **values:**")
            for c in q.choices:
                label = esc(c.label.en) if c.label.en == c.label.ko else f"{esc(c.label.en)} · {esc(c.label.ko)}"
                page.add(f"  - {code(c.value)}: {label}")
        tested = facts.testing.get(q.trait, [])
        page.add("- **tested by:** " + (", ".join(to.rule(r) for r in tested) or "no rule"), "")
    page.heading(2, "Derived facts")
    page.add("Facts that rules declare for other rules. They are never asked.", "")
    for fact in sorted(kb.derived.values(), key=lambda d: d.id):
        page.heading(3, fact.id, fact.id)
        page.add(f"- **en:** {esc(fact.label.en)}", f"- **ko:** {esc(fact.label.ko)}")
        page.add("- **derived by:** " + (", ".join(to.rule(r) for r in sorted(kb.rules_deriving(fact.id), key=lambda r: r.id)) or "no rule"))
        page.add("- **used by:** " + (", ".join(to.rule(r) for r in facts.consumers.get(fact.id, [])) or "no rule"))
        page.add(f"- **defined in:** {facts.source_link(fact)}", "")
    return page.text()


# ----------------------------------------------------------------------------------- schema

def schema_file(kb: KnowledgeBase) -> str:
    """Exactly what ``advisor schema`` prints."""
    from advisor.commands.schema import answers_schema

    return json.dumps(answers_schema(kb), ensure_ascii=False, indent=2) + "\n"

"""How many questions a goal-directed consultation asks, measured on scenario answer sets.

For each scenario (a full answer set; a missing trait or null is "don't know") a simulated user
answers the consultation's questions from it (:func:`advisor.consult.selection.simulate`). The
table compares the number of questions asked with the full questionnaire and with the fewest
questions *any* strategy could ask: an oracle that knows the answers in advance and picks the
smallest set of questions that settles every conclusion (:func:`fewest_questions`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from advisor.answers import META_KEY, validate
from advisor.consult.selection import Agenda, simulate
from advisor.engine import engine_for
from advisor.kb import KnowledgeBase
from advisor.logic import satisfied


@dataclass(frozen=True)
class Row:
    scenario: str
    asked: int
    fewest: int
    questionnaire: int
    conclusions: int
    same_conclusions: bool


def fewest_questions(agenda: Agenda, full: Mapping[str, Any], free: frozenset[str] = frozenset()) -> int:
    """The smallest number of questions after which every conclusion is settled on ``full``.

    Traits in ``free`` are settled without asking (the answers and the out-of-scope questions
    that the choice of the design's parts gives).

    Settled means: each conclusion that fires on the full answers has one of its satisfied
    alternatives wholly answered, and each that does not fire has every alternative refuted by an
    answered trait (answered outside its domain, or "don't know"). Exact branch and bound over
    this hitting-set problem; the sets are small.
    """
    known = {t: v for t, v in full.items() if v is not None}
    must: list[list[frozenset[str]]] = []
    refute: list[frozenset[str]] = []
    for rule in agenda.conclusions:
        alts = agenda.alternatives(rule)
        fired = [frozenset(alt) for alt in alts if satisfied(alt, known)]
        if fired:
            must.append(fired)
        else:
            for alt in alts:
                refute.append(frozenset(t for t, dom in alt.items() if t not in known or not dom.contains(known[t])))
    best = [len(agenda.kb.questions) + 1]

    best[0] += len(free)

    def search(chosen: frozenset[str], index: int) -> None:
        if len(chosen) >= best[0]:
            return
        if index < len(must):
            for option in must[index]:
                search(chosen | option, index + 1)
            return
        open_sets = [s for s in refute if not s & chosen]
        if not open_sets:
            best[0] = len(chosen)
            return
        smallest = min(open_sets, key=lambda s: (len(s), sorted(s)))
        for trait in sorted(smallest):
            search(chosen | {trait}, index)

    search(frozenset(free), 0)
    return best[0] - len(free)


#: the file beside the scenarios that states what each design must conclude: a table per scenario
#: with ``follows`` (rule ids that must fire) and ``does_not_follow`` (the look-alikes that must not)
EXPECTED_FILE = "expected.toml"


def load_scenarios(kb: KnowledgeBase, directory: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every ``*.json`` scenario of ``directory``, by name, with null kept as don't know (None)."""
    scenarios = []
    for path in sorted(Path(directory).glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        answers = validate(kb, raw)
        full = {trait: answers.get(trait) for trait in raw if trait != META_KEY}
        scenarios.append((path.stem, full))
    return scenarios


def scenario_expectations(directory: Path) -> dict[str, dict[str, list[str]]]:
    """What each scenario's design must conclude (``expected.toml`` beside the scenarios), by name;
    a scenario the file does not name has no expectations ({})."""
    import tomllib

    path = Path(directory) / EXPECTED_FILE
    table = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return {p.stem: table.get(p.stem, {}) for p in sorted(Path(directory).glob("*.json"))}


def scenario_parts(directory: Path) -> dict[str, tuple[str, ...]]:
    """The parts each scenario's design contains (``_consultation.parts``), for the scenarios
    that say; a simulated user ticks them before the first question."""
    found = {}
    for path in sorted(Path(directory).glob("*.json")):
        meta = json.loads(path.read_text(encoding="utf-8")).get(META_KEY) or {}
        if "parts" in meta:
            found[path.stem] = tuple(meta["parts"])
    return found


def measure(kb: KnowledgeBase, scenarios: list[tuple[str, dict[str, Any]]], parts: Mapping[str, tuple[str, ...]] | None = None) -> list[Row]:
    """One row per scenario. A scenario with parts (``parts[name]``) starts with the choice of
    the design's parts, which counts as one question of a questionnaire one question longer."""
    from advisor.consult.parts import implied, out_of_scope

    agenda = Agenda(kb)
    engine = engine_for(kb)
    parts = parts or {}
    rows = []
    for name, full in scenarios:
        chosen = parts.get(name)
        asked, collected = simulate(agenda, full, chosen)
        reached = [c.rule.id for c in engine.evaluate(collected).conclusions]
        expected = [c.rule.id for c in engine.evaluate({t: v for t, v in full.items() if v is not None}).conclusions]
        extra = 0 if chosen is None else 1
        hidden = frozenset() if chosen is None else frozenset(out_of_scope(kb, chosen))
        free = frozenset() if chosen is None else frozenset(implied(kb, chosen)) | hidden
        # for the oracle too, an out-of-scope question is a "don't know"
        scoped = {t: (None if t in hidden else v) for t, v in full.items()}
        rows.append(
            Row(
                scenario=name,
                asked=len(asked) + extra,
                fewest=fewest_questions(agenda, scoped, free) + extra,
                questionnaire=len(kb.questions) + (1 if kb.parts else 0),
                conclusions=len(reached),
                same_conclusions=reached == expected,
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    """The figure as plain text: one line per scenario, then the averages."""
    width = max([len("scenario")] + [len(r.scenario) for r in rows])
    lines = [f"{'scenario':<{width}}  asked  fewest  of  conclusions  same"]
    for r in rows:
        lines.append(
            f"{r.scenario:<{width}}  {r.asked:>5}  {r.fewest:>6}  {r.questionnaire:>2}  {r.conclusions:>11}  {'yes' if r.same_conclusions else 'NO'}"
        )
    if rows:
        n = len(rows)
        asked = sum(r.asked for r in rows) / n
        fewest = sum(r.fewest for r in rows) / n
        total = rows[0].questionnaire
        lines.append("")
        lines.append(f"average asked:  {asked:.2f} of {total} questions ({100 * asked / total:.0f}%)")
        lines.append(f"average fewest: {fewest:.2f} of {total} (an oracle that knows the answers in advance)")
        lines.append(f"same conclusions as the full questionnaire: {sum(r.same_conclusions for r in rows)} of {n} scenarios")
    return "\n".join(lines) + "\n"

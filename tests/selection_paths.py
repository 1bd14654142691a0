"""The path of goal-directed questioning on fixed answer sets, to pin the selection down exactly.

For each case (every scenario of tests/scenarios with and without its parts, every example answer
file, and answer sets drawn from a fixed seed), a simulated user answers from the case's answers
(:func:`advisor.consult.selection.simulate`). What is kept: the traits asked, in order, and a
digest of everything :meth:`Agenda.in_play` returned on the way (every question in play, its
rank and the conclusions it can decide), which the consultation shows as the questions left.
``python tests/selection_paths.py`` writes tests/selection_paths.json from the current code.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).resolve().parent / "selection_paths.json"
#: answer sets drawn at random (seeded), each with a random choice of parts every other time
DRAWN = 60


def _drawn(kb, seed: int) -> tuple[dict[str, Any], tuple[str, ...] | None]:
    rnd = random.Random(seed)
    full: dict[str, Any] = {}
    for q in kb.questions.values():
        if rnd.random() < 0.2:
            full[q.trait] = None
        elif q.type.value == "bool":
            full[q.trait] = rnd.random() < 0.5
        elif q.type.value == "choice":
            full[q.trait] = rnd.choice(q.choice_values())
        else:
            values = [float(x) for x in (q.min, q.max, 0.5, 1.0, 4.0, 149.0, 150.0, 151.0) if q.min <= x <= q.max]
            full[q.trait] = rnd.choice(values)
    parts = None
    if seed % 2:
        parts = tuple(p for p in kb.parts if rnd.random() < 0.5)
    return full, parts


def cases(kb) -> list[tuple[str, dict[str, Any], tuple[str, ...] | None]]:
    from advisor.consult.questions_asked import load_scenarios, scenario_parts

    found = []
    scenarios = ROOT / "tests" / "scenarios"
    parts = scenario_parts(scenarios)
    for name, full in load_scenarios(kb, scenarios):
        found.append((f"scenario {name}", full, None))
        if name in parts:
            found.append((f"scenario {name} with its parts", full, parts[name]))
    for name, full in load_scenarios(kb, ROOT / "examples"):
        found.append((f"example {name}", full, None))
    for seed in range(DRAWN):
        full, chosen = _drawn(kb, seed)
        found.append((f"drawn {seed}", full, chosen))
    return found


class _Recording:
    """An agenda that adds every in-play list it is asked for to a digest on the way."""

    def __init__(self, agenda):
        self.agenda, self.kb = agenda, agenda.kb
        self.digest = hashlib.sha256()

    def next_question(self, answers, unknown):
        ranked = self.agenda.in_play(answers, unknown)
        self.digest.update(repr([(i.trait, i.rules) for i in ranked]).encode())
        trait = self.agenda.next_question(answers, unknown)
        assert trait == (ranked[0].trait if ranked else None)
        return trait


def path(agenda, full: dict[str, Any], parts) -> dict[str, Any]:
    """The traits asked on ``full`` and the digest of every in-play list on the way."""
    from advisor.consult.selection import simulate

    recording = _Recording(agenda)
    asked, _ = simulate(recording, full, parts)
    return {"asked": asked, "in_play": recording.digest.hexdigest()}


def paths(kb) -> dict[str, dict[str, Any]]:
    from advisor.consult.selection import Agenda

    agenda = Agenda(kb)
    return {name: path(agenda, full, parts) for name, full, parts in cases(kb)}


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    from advisor import kb as kbmod

    lines = [f" {json.dumps(name)}: {json.dumps(found)}" for name, found in paths(kbmod.builtin()).items()]
    RECORD.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")

"""Random valid answer sets drawn from the questionnaire, reproducible from a seed.

Each question is answered with probability ``answered`` (otherwise it stays "don't know"):
booleans at random, choices uniformly, numbers either near a threshold some rule tests (so both
sides of every boundary come up) or anywhere in the question's range. Scenarios are distinct:
no two have the same canonical answers.
"""

from __future__ import annotations

import json
import random
from typing import Any, Iterator

from advisor.kb import KnowledgeBase, Op, TraitType

NUMERIC = (Op.GT, Op.GE, Op.LT, Op.LE)


def thresholds(kb: KnowledgeBase) -> dict[str, list[float]]:
    """The numbers each numeric trait is compared with somewhere in the rules."""
    found: dict[str, set[float]] = {}
    for rule in kb.rules.values():
        for cond in rule.when:
            for op, expected in cond.tests:
                if op in NUMERIC:
                    found.setdefault(cond.trait, set()).add(float(expected))
    return {trait: sorted(values) for trait, values in found.items()}


def scenario(kb: KnowledgeBase, rng: random.Random, answered: float, near: dict[str, list[float]]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for trait, q in kb.questions.items():
        if rng.random() >= answered:
            continue
        if q.type is TraitType.BOOL:
            answers[trait] = rng.random() < 0.5
        elif q.type is TraitType.CHOICE:
            answers[trait] = rng.choice(q.choice_values())
        else:
            points = near.get(trait)
            if points and rng.random() < 0.5:
                value = rng.choice(points) + rng.choice((-1, 0, 1)) * rng.choice((0.5, 0.01, 10))
            else:
                value = rng.uniform(q.min, q.max)
            value = min(max(round(value, 2), q.min), q.max)
            answers[trait] = int(value) if float(value).is_integer() else value
    return answers


def generate(kb: KnowledgeBase, count: int, seed: int = 5, answered: float = 0.6) -> Iterator[dict[str, Any]]:
    """``count`` distinct answer sets (JSON-ready: whole numbers as ints)."""
    rng = random.Random(seed)
    near = thresholds(kb)
    seen: set[tuple] = set()
    while len(seen) < count:
        answers = scenario(kb, rng, answered, near)
        key = tuple(sorted(answers.items()))
        if key in seen:
            continue
        seen.add(key)
        yield answers


def write_jsonl(path, scenarios) -> int:
    """Write answer sets as JSON Lines; return how many."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for answers in scenarios:
            fh.write(json.dumps(answers) + "\n")
            n += 1
    return n

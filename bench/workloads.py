"""The records bench/run.py times: random distinct scenarios, the repository's realistic ones
with variants, and a cache-friendly batch (see bench/run.py)."""

from __future__ import annotations

import json
from pathlib import Path

import scenarios

ROOT = Path(__file__).resolve().parent.parent


def realistic(kb, n: int, seed: int) -> list[dict]:
    """The repository's realistic answer sets (examples/, tests/scenarios/) and variants of them
    (one answer dropped or changed), cycled to ``n`` distinct records."""
    import random

    base = []
    for folder in ("examples", "tests/scenarios"):
        for path in sorted((ROOT / folder).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            for item in data if isinstance(data, list) else [data]:
                if isinstance(item, dict):
                    base.append({k: v for k, v in item.items() if k in kb.questions and v is not None})
    rng = random.Random(seed)
    out, seen, attempts = [], set(), 0
    while len(out) < n:
        attempts += 1
        item = dict(rng.choice(base))
        for _ in range(rng.randint(0, 2)):
            item.pop(rng.choice(sorted(item)), None)
        key = json.dumps(item, sort_keys=True)
        if key not in seen or attempts > 50 * n:  # too few variants: allow repeats
            seen.add(key)
            out.append(item)
    return out


def cache_friendly(kb, n: int, seed: int) -> list[dict]:
    """50 distinct answer sets repeated to ``n`` records."""
    distinct = list(scenarios.generate(kb, 50, seed=seed, answered=0.7))
    return [distinct[i % 50] for i in range(n)]


def workloads(kb, n: int, seed: int, out: Path) -> list[tuple[str, Path, list[dict]]]:
    made = []
    for name, records in (
        ("random distinct", list(scenarios.generate(kb, n, seed=seed, answered=0.7))),
        ("realistic", realistic(kb, n, seed)),
        ("cache-friendly (50 distinct, repeated)", cache_friendly(kb, n, seed)),
    ):
        path = out / f"{name.split()[0]}-{n}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        made.append((name, path, records))
    return made

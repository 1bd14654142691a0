#!/usr/bin/env python3
"""How well `advisor explain` answers the question bank.

Runs explain over every practice question (knowledge/bank/) and prints, for the development half
(which the cues, terms and claims were tuned on), the held-out half (only ever measured) and both,
overall and per language:

* accuracy where it answers: right answers / answered questions;
* abstention rate: questions it declined ("cannot decide") / all questions;
* confident mistakes: wrong answers among those given with high confidence;
* per-option verdict accuracy: keys marked contradicted (key ✘) and wrong options marked
  supported (wrong ✔), and the questions with either (misleading). Both must be 0.

Usage: python3 -m uv run python scripts/explain_figure.py [--list] [--part dev|held-out]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from advisor import kb as kbmod  # noqa: E402
from advisor.explain.measure import figures, outcomes  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="also list every question with its outcome")
    parser.add_argument("--part", choices=("dev", "held-out"), help="with --list: only this half")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    kb = kbmod.builtin()
    results = outcomes(kb)
    table = figures(results)
    elapsed = time.perf_counter() - started
    if args.list:
        for o in results:
            if args.part and o.part != args.part:
                continue
            mark = "right" if o.right else ("abstain" if not o.answered else "WRONG")
            got = "".join(o.answer) or "-"
            flags = "".join(f" key✘{k}" for k in o.keys_contradicted) + "".join(f" wrong✔{k}" for k in o.wrong_supported)
            print(f"{mark:8} {o.part:8} {o.lang} {o.id:40} key {''.join(o.key):3} got {got:3} {o.confidence or ''}{flags}")
        print()
    header = (f"{'half':9} {'lang':4} {'n':>4} {'answered':>8} {'accuracy':>9} {'abstain':>8} {'high':>5} {'high wrong':>11} "
              f"{'key✘':>5} {'wrong✔':>6} {'misleading':>10}")
    print(header)
    print("-" * len(header))
    for part in ("dev", "held-out", "all"):
        for lang in ("en", "ko", "all"):
            f = table.get((part, lang))
            if f is None:
                continue
            print(
                f"{part:9} {lang:4} {f.total:4d} {f.answered:8d} {f.accuracy:9.1%} {f.abstention:8.1%} "
                f"{f.high:5d} {f.high_wrong:5d} ({f.high_wrong_share:>3.0%}) {f.keys_contradicted:5d} {f.wrong_supported:6d} {f.misleading:10d}"
            )
    print(f"\n{len(results)} questions in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

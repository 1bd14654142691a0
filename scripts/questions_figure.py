#!/usr/bin/env python3
"""Print how many questions a goal-directed consultation asks on the golden scenarios.

    uv run python scripts/questions_figure.py [SCENARIO_DIR]

Each scenario in tests/scenarios/ (default) is a full answer set; a simulated user first ticks
the parts its design contains (``_consultation.parts``), then answers the consultation from it.
The choice of parts counts as one question. The table shows the questions asked, the fewest an oracle that knows the
answers could ask, the full questionnaire, and whether the conclusions equal those of the full
questionnaire. The last lines give the averages.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from advisor import kb as kbmod  # noqa: E402
from advisor.consult.questions_asked import load_scenarios, measure, scenario_parts, table  # noqa: E402


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else ROOT / "tests" / "scenarios"
    kb = kbmod.builtin()
    rows = measure(kb, load_scenarios(kb, directory), scenario_parts(directory))
    if not rows:
        print(f"no *.json scenarios in {directory}", file=sys.stderr)
        return 1
    sys.stdout.write(table(rows))
    return 0 if all(r.same_conclusions for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

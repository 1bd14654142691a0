"""The benchmark script runs and prints its table (a smoke run: no timing is asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_quick_benchmark_prints_the_table(tmp_path):
    proc = subprocess.run(
        # the smallest workloads that still give every row: the table is the point, not the figures
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--n", "10", "--memory-n", "20", "--in-process", "3", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=600,  # a hang guard: a busy machine took over 300 s
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.startswith("arch-advisor benchmark: CPython") or out.startswith("arch-advisor benchmark: ")
    assert "| measure | target | result | met? |" in out
    for measure in ("`advisor --version`", "`advisor --help`", "`advisor evaluate` one small file",
                    "`advisor explain` a four-option question", "random distinct", "realistic", "cache-friendly",
                    "--jobs 1", "--jobs auto", "experta used plainly", "limit (plain Python)",
                    "advisor / limit, end to end", "peak RSS", "WHY NOT", "what-if"):
        assert measure in out, measure
    assert "the three ways give the same JSON" in out and "| identical | **met** |" in out
    assert "best of" not in out and "(range " in out and "1 run)" in out  # medians with their spread, never a best-of
    assert "targets met:" in out

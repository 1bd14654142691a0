"""Scale: a batch streams, so memory stays flat and work grows linearly with the records.

No seconds are measured here (bench/run.py does that): the shape is. Four times as many distinct
records must not need noticeably more memory (the cache is bounded, input and output stream),
and every distinct record is evaluated exactly once.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest

from advisor import batch
from advisor.cli import main
from test_batch import _load

scenarios = _load("scenarios")


def _peak(kb, tmp_path, n: int, monkeypatch) -> tuple[int, int]:
    path = tmp_path / f"in-{n}.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for answers in scenarios.generate(kb, n, seed=41, answered=0.7):
            fh.write(json.dumps(answers) + "\n")
    calls = [0]
    real = batch.Renderer._fresh

    def counted(self, ev):
        calls[0] += 1
        return real(self, ev)

    monkeypatch.setattr(batch.Renderer, "_fresh", counted)
    monkeypatch.setattr(batch, "CACHE_SIZE", 20)
    out = tmp_path / f"out-{n}.json"
    tracemalloc.start()
    try:
        status = main(["evaluate", str(path), "--format", "json", "--jobs", "1", "--output", str(out)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert status == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["results"]) == n
    return peak, calls[0]


@pytest.mark.slow
def test_memory_is_flat_and_work_linear(kb, tmp_path, monkeypatch):
    small, small_calls = _peak(kb, tmp_path, 150, monkeypatch)
    large, large_calls = _peak(kb, tmp_path, 600, monkeypatch)
    assert (small_calls, large_calls) == (150, 600)  # each distinct record evaluated once
    assert large < small * 1.5 + 256 * 1024, (small, large)  # not four times the memory

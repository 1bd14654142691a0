"""How bench/run.py measures a command: wall and CPU time of a run, the spread of several runs,
and the peak memory of a process tree (see bench/run.py)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    measure: str
    target: str
    result: str
    met: bool | None  # None: for information, or skipped

    def cells(self) -> list[str]:
        mark = "—" if self.met is None else ("**met**" if self.met else "**NOT met**")
        return [self.measure, self.target, self.result, mark]


def advisor_command() -> list[str]:
    script = Path(sys.executable).with_name("advisor")
    return [str(script)] if script.exists() else [sys.executable, "-m", "advisor"]


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def run_timed(cmd: list[str], env: dict[str, str] | None = None, ok=(0,)) -> tuple[float, float]:
    """Run ``cmd``; return (wall seconds, CPU seconds of it and the workers it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or child_env())
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {err.decode(errors='replace')[-300:]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def run_once(cmd: list[str], env: dict[str, str] | None = None, ok=(0,)) -> float:
    return run_timed(cmd, env, ok)[0]


class Spread:
    """Several timings of one thing: their median and their range."""

    def __init__(self, values: list[float]):
        self.values = sorted(values)
        self.median = statistics.median(self.values)

    def ms(self) -> str:
        lo, hi = self.values[0] * 1000, self.values[-1] * 1000
        return f"{self.median * 1000:.0f} ms (range {lo:.0f}–{hi:.0f}, {self._runs()})"

    def rate(self, n: int) -> str:
        lo, hi = n / self.values[-1], n / self.values[0]
        return f"{n / self.median:,.0f}/s (range {lo:,.0f}–{hi:,.0f}, {self._runs()})"

    def _runs(self) -> str:
        return "1 run" if len(self.values) == 1 else f"{len(self.values)} runs"


def timings(cmd: list[str], runs: int, env: dict[str, str] | None = None, ok=(0,), warm: bool = True) -> tuple[Spread, Spread]:
    """(wall clock, CPU time) of ``runs`` runs of ``cmd``, after one warm-up run (unless not ``warm``:
    the smoke run, whose figures are not the point)."""
    if warm:
        run_once(cmd, env, ok)  # warm: writes the bytecode cache, fills the OS file cache
    measured = [run_timed(cmd, env, ok) for _ in range(runs)]
    return Spread([w for w, _ in measured]), Spread([c for _, c in measured])


# ---------------------------------------------------------------------- memory of a process tree

def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found.extend(int(p) for p in fh.read().split())
    except OSError:
        pass
    return found


def _status_kb(path: str, field: str) -> int | None:
    """The number of kB on the line ``field`` of a /proc file, or None."""
    try:
        with open(path) as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _pss_kb(pid: int) -> int:
    found = _status_kb(f"/proc/{pid}/smaps_rollup", "Pss:")
    if found is None:
        found = _status_kb(f"/proc/{pid}/status", "VmRSS:")
    return found or 0


def tree_pss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += _pss_kb(p)
        stack.extend(_children(p))
    return total


#: runs the measured command from a small fresh interpreter: Linux records a child's peak RSS
#: from the image it had before exec, which for a child of this (large) process would be ours
_WRAPPER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "err = p.stderr.read()\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "sys.stderr.buffer.write(err)\n"
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def run_measured(cmd: list[str]) -> tuple[float, float, float | None]:
    """Run ``cmd``; return (seconds, largest process's peak RSS in MB, its tree's peak PSS in MB)."""
    start = time.perf_counter()
    wrapper = subprocess.Popen([sys.executable, "-c", _WRAPPER, *cmd], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=child_env())
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in _children(wrapper.pid):  # the measured command and its workers
                peak[0] = max(peak[0], tree_pss_kb(pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = wrapper.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    maxrss, status = (int(x) for x in out.split())
    if wrapper.returncode != 0 or status != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {status}: {err.decode(errors='replace')[-300:]}")
    return elapsed, maxrss / 1024, (peak[0] / 1024 if peak[0] else None)

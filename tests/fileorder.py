"""The order pytest-xdist hands the test files out in: longest first (hooks imported by conftest.py).

With ``--dist loadfile --no-loadscope-reorder`` (pyproject.toml) each file goes to one worker, in
collection order; longest first, the two workers end together instead of one running a long file
alone at the end. Stale figures only make the sharing less even, never a test wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

#: the seconds each test file took in a whole run (setup, call and teardown of its tests), written
#: by ``pytest --record-file-seconds``
FILE_SECONDS = Path(__file__).with_name("file_seconds.json")
#: seconds by test file, measured in this run (main process)
_FILE_SECONDS: Counter = Counter()


def pytest_addoption(parser):
    parser.addoption("--record-file-seconds", action="store_true",
                     help=f"after the run, write the seconds each test file took to {FILE_SECONDS.name} (the order the files are handed out in)")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Longest files first (by FILE_SECONDS; a file not in it last), keeping the order of the tests
    within each file (pytest-randomly's, when it runs) and of files alike long. With
    ``--dist loadfile --no-loadscope-reorder`` (pyproject.toml) pytest-xdist hands the files out
    in this order; both workers collect the same files and read the same figures, so they agree."""
    seconds = _recorded()
    items.sort(key=lambda item: -seconds.get(item.path.name, 0.0))


def _recorded() -> dict[str, float]:
    """FILE_SECONDS's figures; none when it is missing or not an object of numbers."""
    try:
        figures = json.loads(FILE_SECONDS.read_text(encoding="utf-8"))
        return {str(name): float(value) for name, value in figures.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def pytest_runtest_logreport(report):
    """Add a test's phase to its file's seconds (in the main process, for --record-file-seconds)."""
    _FILE_SECONDS[report.nodeid.split("::", 1)[0].rsplit("/", 1)[-1]] += report.duration


def record() -> None:
    """Write the seconds this run measured to FILE_SECONDS (--record-file-seconds): the files it
    ran replace their old figures, the others keep theirs."""
    if _FILE_SECONDS:
        figures = {name: round(seconds, 1) for name, seconds in sorted({**_recorded(), **_FILE_SECONDS}.items())}
        FILE_SECONDS.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")

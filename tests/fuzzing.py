"""The harness of the fuzz tests: run the CLI in-process as a real process would see it, and check
the promise every command makes about bad input.

The streams are those of a real process, not StringIOs: standard output is strict UTF-8 (a lone
surrogate that reached it would raise, as it would in a terminal or a pipe), standard error
escapes what it cannot encode (Python's own setting for stderr), standard input is bytes.

:data:`CASES` counts the generated cases per input class; tests/conftest.py prints the tally at
the end of the run.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, settings

from advisor.cli import main
from advisor.env import Env

#: ADVISOR_FUZZ=explore: fresh random cases (see conftest.py) and ten times as many. The default
#: budgets are small: every distinct broken shape of an input class is an explicit @example (or a
#: sampled choice the budget covers), the random cases only add variety; exploring adds volume.
SCALE = 10 if os.environ.get("ADVISOR_FUZZ") == "explore" else 1


def fuzz(n: int):
    """Hypothesis settings for a fuzz test: ``n`` random cases (ten times as many when exploring),
    besides its explicit examples, no deadline."""
    return settings(
        max_examples=n * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example, HealthCheck.function_scoped_fixture,
        ],
    )


#: generated cases run, by "command/input class"
CASES: Counter = Counter()

#: problems with a whole input, which have no place inside it
WHOLE_FILE = (
    "no such file",
    "is a directory",
    "is a named pipe",
    "is a socket",
    "the file is empty",
    "is too large",
    "is too long for a question",
    "cannot read",
    "expected one answer set, found",
)
_PLACE = re.compile(r": (?:line \d+(?:, column \d+)?|record \d+ \(line \d+\)): ")


@dataclass
class Run:
    argv: tuple[str, ...]
    status: int
    stdout: str
    stderr: str


def run(*argv: str, stdin: bytes = b"", environ: dict | None = None) -> Run:
    """Run ``advisor ARGV`` in this process, with real-process streams."""
    out = io.BytesIO()
    err = io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="strict", newline="")
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", newline="")
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    env = Env(stdin=stdin_stream, stdout=stdout, stderr=stderr, environ=dict(environ or {}))
    with _patched_stdin(stdin_stream):
        try:
            status = main(list(argv), env=env)
        except SystemExit as exc:  # argparse: usage errors, --help
            status = exc.code if isinstance(exc.code, int) else 2
    stdout.flush()
    stderr.flush()
    return Run(tuple(argv), status, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


@contextlib.contextmanager
def _patched_stdin(stream):
    """evaluate reads '-' from sys.stdin.buffer; give it the same bytes."""
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


#: text from outside with everything a terminal acts on or rich reads as markup: escape sequences
#: (clear screen, OSC 52 clipboard, hidden text, OSC 8 links), C1 controls, BiDi overrides, line and
#: paragraph separators, NEL, and markup that links, styles or does not parse
HOSTILE = [
    "\x1b[2J", "\x1b]52;c;aGVsbG8=\x1b\\", "\x1b[8m", "\x1b]8;;file:///etc/passwd\x1b\\", "\x9b31m", "\x9d0;title\x07",
    "\u202e", "\u2066", "\u200f", "\u2028", "\u2029", "\x85", "\x07", "\x08", "\r", "\x0b", "\x7f",
    "[link=file:///etc/passwd]here[/link]", "[/oops]", "[bold red]", "[", "]", "\\[", ":smile:",
]


def hostile_text(st, max_size: int = 60):
    """A hypothesis strategy: ordinary text with hostile pieces (:data:`HOSTILE`) mixed in."""
    piece = st.sampled_from(HOSTILE) | st.text(max_size=8) | st.sampled_from(["Amazon CloudFront", "static content", "1 GB", " "])
    return st.lists(piece, max_size=max_size // 6 or 1).map("".join)


def assert_terminal_safe(r: Run, where: str = "") -> None:
    """Nothing a terminal would act on reaches stdout or stderr raw (issue 14 #1): text from
    outside is shown escaped, JSON escapes it too."""
    from advisor.safetext import UNSAFE

    for name, text in (("stdout", r.stdout), ("stderr", r.stderr)):
        m = UNSAFE.search(text)
        assert m is None, f"{name} holds {m.group()!r} raw at {m.start()}\n{where}"


def check(r: Run, names: list[str], *, batch: bool = False, format_id: str | tuple[str, ...] | None = None) -> None:
    """The promise: exit 0, 1 or 2; no traceback; each error is one line on stderr naming the
    input and, for a problem inside it, the place; stdout holds a complete result or nothing."""
    where = f"advisor {' '.join(a if len(a) < 80 else a[:77] + '...' for a in r.argv)} -> {r.status}\n{r.stderr[:2000]}"
    assert r.status in (0, 1, 2), where
    assert "Traceback" not in r.stderr, where
    assert_terminal_safe(r, where)
    errors = [line for line in r.stderr.splitlines() if not line.startswith("advisor: warning: ")]
    if r.status == 0:
        assert errors == [], where
    else:
        assert errors, f"exit {r.status} without a message\n{where}"
        if r.status == 1:
            if not batch:
                assert len(errors) == 1, f"more than one line\n{where}"
            for line in errors:
                assert line.startswith("advisor: error: "), where
                message = line[len("advisor: error: "):]
                assert any(message.startswith(f"{n}: ") or message.startswith(f"{n}:") for n in names), f"does not name the input\n{where}"
                if not any(w in message for w in WHOLE_FILE):
                    assert _PLACE.search(message), f"does not name the place\n{where}"
    if r.stdout:
        if format_id is not None:
            doc = json.loads(r.stdout)  # complete and valid, or this raises
            allowed = format_id if isinstance(format_id, tuple) else (format_id,)
            assert doc.get("format") in allowed, where
        else:
            assert r.stdout.endswith("\n"), where
    if r.status != 0 and not batch:
        assert r.stdout == "", f"a failed run printed a partial result\n{where}"

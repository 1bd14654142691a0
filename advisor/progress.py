"""A progress bar on stderr for long batches: only on a terminal, only once a batch proves long.

The bar appears when stderr is a terminal and stdout is not (when both are the terminal, the
report itself scrolls by and a bar would tear it), and only after :data:`DELAY` seconds, so
short runs never show it. It is refreshed from the batch loop (no background thread: worker
processes may be forked while it runs) and disappears when the batch ends. Messages printed
while it shows go through it, so they do not tear it either.
"""

from __future__ import annotations

import time

DELAY = 1.0
REFRESH = 0.1


class BatchProgress:
    """Counts records; shows a rich progress bar on ``env.stderr`` when the batch is long."""

    def __init__(self, env, stream):
        self.env = env
        self.stream = stream  # a RecordStream: total, done and unit
        self.records = 0
        self.enabled = _is_tty(env.stderr) and not _is_tty(env.stdout)
        self._started = time.monotonic()
        self._next_check = self._started + DELAY
        self._bar = None
        self._task = None

    def advance(self) -> None:
        self.records += 1
        if not self.enabled or self.records & 63:
            return
        now = time.monotonic()
        if now < self._next_check:
            return
        self._next_check = now + REFRESH
        if self._bar is None:
            self._open()
        stream = self.stream
        # the input is read ahead of the output (workers hold records in flight): scale back
        done = stream.done * self.records // max(stream.count, 1)
        self._bar.update(self._task, completed=done, total=stream.total, records=self.records)
        self._bar.refresh()

    def error(self, message: str) -> None:
        if self._bar is not None:
            self._bar.console.print(f"advisor: error: {message}", markup=False, highlight=False, soft_wrap=True)
        else:
            self.env.error(message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def _open(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        from advisor.env import safe_console_class

        console = safe_console_class()(file=self.env.stderr, stderr=True, highlight=False)
        columns = [TextColumn("evaluating"), BarColumn(), TextColumn("{task.fields[records]:,} records")]
        if self.stream.total is not None:
            columns.insert(2, TextColumn("{task.percentage:>3.0f}%"))
            columns.append(TimeRemainingColumn())
        else:
            columns.append(TimeElapsedColumn())
        self._bar = Progress(
            *columns, console=console, transient=True, auto_refresh=False, redirect_stdout=False, redirect_stderr=False
        )
        self._task = self._bar.add_task("evaluate", total=self.stream.total, records=self.records)
        self._bar.start()


def _is_tty(stream) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())

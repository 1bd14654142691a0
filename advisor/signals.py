"""The process around a command: signals, half-written files, and the standard streams.

* **Signals.** SIGTERM and SIGHUP (a closed terminal, ``kill``, a CI timeout) end a command the
  way Ctrl-C does: :class:`Terminated` is a :class:`KeyboardInterrupt`, so a consultation saves
  its answers on any of them, a batch stops its workers, and the exit status is 128 + the
  signal's number. Worker processes go back to the default action (they die quietly with the
  pool; their parent reports).
* **Half-written files.** Every temporary file an atomic write makes is tracked until it is put
  in place or removed; :func:`cleanup` removes what is left, on any exit that Python sees.
* **Standard streams.** A closed stdin, stdout or stderr (``<&-``, ``>&-``, ``2>&-``) is replaced
  by a stream that refuses with a one-line reason; writing to a full disk, a closed pipe or a
  device that fails is turned into one line by :func:`write_failure` (a reader that went away,
  as with ``| head``, is not an error: exit 0, as git does).
"""

from __future__ import annotations

import errno
import os
import signal
import sys

#: the signals that end a command like Ctrl-C (SIGINT is Python's own KeyboardInterrupt)
SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


class Terminated(KeyboardInterrupt):
    """A signal asked the command to stop (SIGTERM, SIGHUP)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:  # pragma: no cover
            return f"signal {self.signum}"


def _raise(signum, frame):
    raise Terminated(signum)


def install() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` in this process (the real CLI only)."""
    for signum in SIGNALS:
        try:
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                signal.signal(signum, _raise)
        except (ValueError, OSError):  # pragma: no cover - not the main thread
            pass


def default_in_worker() -> None:
    """In a worker process: the signals' default action (a worker dies quietly; the parent reports)."""
    for signum in SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent reports it
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


class held:
    """``with held():`` SIGTERM and SIGHUP wait (blocked) until the block ends: worker processes
    forked inside start with them blocked, and unblock them once their default action is set, so
    a signal can never reach a worker still running the parent's handler."""

    def __enter__(self):
        self.blocked = hasattr(signal, "pthread_sigmask")
        if self.blocked:
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        return self

    def __exit__(self, *exc):
        if self.blocked:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)  # a signal that came meanwhile is delivered now
        return False


# ------------------------------------------------------------------- temporary files

_PENDING: dict[int, object] = {}


def track(tmp) -> None:
    """Remember a temporary file (an object with ``abort()``) until :func:`untrack`."""
    _PENDING[id(tmp)] = tmp


def untrack(tmp) -> None:
    _PENDING.pop(id(tmp), None)


def cleanup() -> None:
    """Remove every temporary file not yet put in place (the old files stay as they were)."""
    for tmp in list(_PENDING.values()):
        try:
            tmp.abort()
        except Exception:  # pragma: no cover - best effort on the way out
            pass
    _PENDING.clear()


# ------------------------------------------------------------------- standard streams

class ClosedStream:
    """Stands for a standard stream that was closed when the process started."""

    def __init__(self, name: str):
        self.name = name
        self.buffer = self
        self.closed = False
        self.encoding = "utf-8"

    def _refuse(self, *args, **kwargs):
        raise OSError(errno.EBADF, f"{self.name} is closed")

    read = readline = write = _refuse

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, f"{self.name} is closed")


def standard_streams() -> None:
    """Replace a closed standard stream (None in sys) by one that says so when used; a closed
    stderr becomes /dev/null (there is nowhere left to say anything)."""
    for attr, name in (("stdin", "standard input"), ("stdout", "standard output")):
        if getattr(sys, attr) is None:
            setattr(sys, attr, ClosedStream(name))
    if sys.stderr is None:
        try:
            sys.stderr = open(os.devnull, "w", encoding="utf-8")
        except OSError:  # pragma: no cover
            sys.stderr = ClosedStream("standard error")


def reader_gone() -> None:
    """The reader of stdout went away (``| head``): send what is left to /dev/null, so that the
    interpreter's last flush does not complain, and stop quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def flush_stdout() -> None:
    """Flush standard output now, inside the command, so that a full disk is reported in one
    line (at the interpreter's exit it would be a traceback-like warning and status 120)."""
    stream = sys.stdout
    if stream is not None and not getattr(stream, "closed", False):
        stream.flush()


def write_failure(exc: OSError) -> str:
    """The one-line message for an OSError that escaped a command (a write that failed)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return f"cannot write the output: {reason}; nothing was put in place of an existing output file"
    if exc.filename:
        return f"{exc.filename}: {reason}"
    return f"cannot write the output: {reason}"


# ------------------------------------------------------------------- worker processes

def result_of(pool, result, poll: float = 0.2):
    """``result.get()`` of a multiprocessing pool, but a worker that dies (kill -9, the OOM
    killer) ends the wait with :class:`advisor.errors.AdvisorError` instead of hanging forever:
    the pool would start a new worker and wait for the lost task without end."""
    while True:
        ready = result.ready()
        check_workers(pool)
        if ready:
            break
        result.wait(poll)
    return result.get()


def check_workers(pool) -> None:
    """Raise :class:`advisor.errors.AdvisorError` (after abandoning the pool) if a worker of
    ``pool`` has died: called while waiting for a result, and for every chunk this process serves
    from its own cache, so a death is noticed even when no result is awaited."""
    from advisor.errors import AdvisorError

    workers = _workers(pool)
    current = list(getattr(pool, "_pool", workers))
    for process in workers + [p for p in current if p not in workers]:
        code = process.exitcode
        if code is not None:  # a worker never ends on its own while its pool runs
            how = f"killed by {_signal_name(-code)}" if code < 0 else f"exit status {code}"
            abandon(pool)
            raise AdvisorError(f"a worker process died ({how}); the batch was stopped and no output file was written")


def abandon(pool) -> None:
    """Stop a pool at once (a worker died, a signal came), without ``Pool.terminate()``: an idle
    worker waits for tasks holding the task queue's lock, so terminating after one was killed
    (or while this process was interrupted inside the pool) can wait for that lock forever. The pool stops replacing workers,
    the others are killed, and its finaliser
    (which would terminate it at exit) is cancelled."""
    from multiprocessing import pool as mp_pool

    handler = getattr(pool, "_worker_handler", None)
    if handler is not None:
        handler._state = mp_pool.TERMINATE  # no new workers
    for process in list(getattr(pool, "_pool", [])) + _workers(pool):
        try:
            process.kill()
            process.join(5)
        except (OSError, ValueError, AssertionError):
            pass
    finaliser = getattr(pool, "_terminate", None)
    if finaliser is not None and hasattr(finaliser, "cancel"):
        finaliser.cancel()


def watch_workers(pool) -> None:
    """Note a new pool's worker processes, before any can die (the pool replaces a dead worker
    in its own list, so a later look would not see it)."""
    _workers(pool)


def _workers(pool) -> list:
    """The pool's worker processes as started."""
    cached = getattr(pool, "_advisor_workers", None)
    if cached is None:
        cached = list(getattr(pool, "_pool", []))  # multiprocessing.Pool keeps its processes here
        try:
            pool._advisor_workers = cached
        except AttributeError:  # pragma: no cover
            pass
    return cached


def _signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"

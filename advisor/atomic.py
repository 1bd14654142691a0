"""Writing a file so that it is either wholly there or not changed at all: :class:`AtomicFile` (the
report of ``--output``, a consultation's saved answers)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from advisor import signals


class AtomicFile:
    """A text file written beside ``path`` and renamed over it by :meth:`commit`.

    Until then ``path`` is untouched; :meth:`abort` (on an error or Ctrl-C) removes what was
    written, so an interruption at any moment leaves the old file whole. A symbolic link is
    written through, to the file it names; the new file keeps the old one's permissions, or gets
    the usual ones (0666 less the umask).
    """

    def __init__(self, path: Path | str):
        self.path = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
        self.directory = self.path.parent if str(self.path.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.directory)
        signals.track(self)  # removed on any way out (an error, Ctrl-C, SIGTERM, SIGHUP)
        self.file = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        _set_mode(self.file.fileno(), self.path)

    def commit(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self.tmp, self.path)
        signals.untrack(self)
        _sync_directory(self.directory)

    def abort(self) -> None:
        signals.untrack(self)
        try:
            self.file.close()
        except OSError:  # pragma: no cover - closing after a failed write
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that it is either wholly there or not changed at all."""
    target = AtomicFile(path)
    try:
        target.file.write(text)
        target.commit()
    except BaseException:
        target.abort()
        raise


def _set_mode(fd: int, path: Path) -> None:
    """mkstemp makes a file only its owner can read; give it the mode the file would have had."""
    if not hasattr(os, "fchmod"):  # pragma: no cover - Windows
        return
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        os.fchmod(fd, mode)
    except OSError:  # pragma: no cover - a file system without permissions
        pass


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":  # pragma: no cover
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)

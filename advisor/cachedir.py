"""The user cache folder of the knowledge cache (advisor/kb/cache.py) and the kept regular
expressions (advisor/regexcache.py), and how both write a file into it.

A module of its own, outside the ``advisor.kb`` package, so that finding the folder imports no
knowledge models: the CLI installs the regular expression cache before the knowledge package is
imported, and the patterns that package compiles as it loads are then kept too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "arch-advisor"


def cache_dir() -> Path | None:
    """The folder, or None when ``ADVISOR_NO_CACHE`` turns the caches off (``ADVISOR_CACHE_DIR``
    moves it)."""
    if os.environ.get("ADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("ADVISOR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform.startswith("linux"):
        base = _xdg_cache_home()
        if base is not None:
            return Path(base, APP)
    import platformdirs

    try:
        folder = platformdirs.user_cache_dir(APP, appauthor=False)
    except RuntimeError:  # no home directory to be found: run without the caches
        return None
    return Path(folder) if os.path.isabs(folder) else None


def _xdg_cache_home() -> str | None:
    """The XDG base directory of user caches: ``$XDG_CACHE_HOME`` when it is an absolute path
    (the XDG rule: a relative one is ignored), else ``~/.cache``. None for a relative ``HOME``,
    which platformdirs resolves through the password database, and when no home directory can
    be found (a folder named ``~`` below the working directory is no place for a cache).

    This is the folder platformdirs gives on Linux (tests/test_cachedir.py compares them); it is
    worked out here because importing platformdirs, with the tempfile and random modules it
    imports, is some 4 ms of a one-file ``evaluate``."""
    chosen = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(chosen):
        return chosen
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home):
        return None
    home = os.path.expanduser("~")  # "~" itself when there is no home to be found
    return os.path.join(home, ".cache") if os.path.isabs(home) else None


def write_pickle(folder: Path | str, target: Path | str, value: object, *, prefix: str) -> bool:
    """``value`` pickled into ``target`` in ``folder``: written to a temporary file there and
    renamed into place, so that a reader never sees half of one. False when that cannot be done
    (a read-only or missing folder, a full disk, a value that cannot be pickled): a cache is only
    an optimisation. (Not advisor/atomic.py's AtomicFile: a cache file needs no fsync, no kept
    permissions and no clean-up on signals, and that module imports the signal handling.)"""
    import pickle
    import tempfile

    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
    except Exception:  # noqa: BLE001 - disk full, unpicklable
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True

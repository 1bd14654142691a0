"""A cache of loaded knowledge bases, so that a command does not parse and check the TOML again.

Loading the knowledge (reading the TOML, validating every item, building the models) is most of
a short command's start-up. What it produces depends only on the knowledge files, on the
advisor's code (its version, and the size and time stamp of each of its modules, so that an
edited loader never meets an entry it did not write) and on the Python that runs it (and on how
messages name the files, which the working directory decides), so it is kept in the user cache
folder under a hash of exactly those, and used again while none of them changes:

* the key hashes the content of every knowledge file (not its time stamp), so an edited,
  added or removed file is a different key: a stale entry is never read;
* an entry is written to a temporary file and renamed into place, so a reader never sees half
  of one; a corrupt or unreadable entry is ignored (and replaced), a cache folder that cannot
  be written is simply not used;
* ``ADVISOR_CACHE_DIR`` moves the cache, ``ADVISOR_NO_CACHE=1`` turns it off.

The string catalogue (advisor/present/words.py) is kept the same way, under a hash of its files.

Only knowledge that loaded without error is cached: a broken base is loaded, and refused, every
time. Besides the models an entry keeps what else depends only on the knowledge files and costs
a command time at every start: the findings of the load-time lint gate (advisor/kb/lint.py,
tens of milliseconds) and, for every exam-reading pattern, the pieces of text one of which every
match contains (:func:`advisor.kb.pattern.requirement`, the check that spares ``explain`` from
compiling most of ~5,000 regexes; compiled regexes themselves cannot be pickled, but what they
compile into can: advisor/regexcache.py keeps that for each command). The compiled experta
rules are not cached (experta's classes cannot be pickled); they are built from the cached
models, directly where experta's own build would only rewrite them (advisor/rete/build.py).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Callable

from advisor.cachedir import cache_dir  # noqa: F401  (the folder; also advisor.kb.cache.cache_dir)

#: bump when the pickled models change shape without a version change
LAYOUT = 2
#: entries kept in the cache folder (the newest); older ones are removed when one is written
KEEP = 8


def key(files: list[Path], flags: str) -> str | None:
    """The hash of everything a load depends on; None when a file cannot be read."""
    from advisor import __version__

    h = hashlib.sha256()
    for part in (str(LAYOUT), __version__, sys.version, flags, _code_stamp()):
        h.update(part.encode("utf-8", "surrogateescape") + b"\0")
    try:
        shown = _shown(files)
    except (OSError, RuntimeError, ValueError):
        return None
    for path, name in zip(files, shown):
        try:
            data = path.read_bytes()
        except OSError:
            return None
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()[:40]


def _shown(files: list[Path]) -> list[str]:
    """How messages name each file (:func:`advisor.kb.toml.display_path`), the one thing a load
    takes from the working directory: relative to it for a file below it, else as given. So
    the working directories that name the files alike share an entry (every folder outside the
    knowledge's, for the built-in base), and the others have entries of their own. Each folder
    is resolved once, not each file."""
    cwd = os.path.join(os.path.realpath(os.getcwd()), "")
    folders: dict[str, str] = {}
    out = []
    for path in files:
        name = str(path)
        parent, base = os.path.split(name)
        folder = folders.get(parent)
        if folder is None:
            folder = folders[parent] = os.path.realpath(parent)
        real = os.path.realpath(name) if os.path.islink(name) else os.path.join(folder, base)
        out.append(real[len(cwd):] if real.startswith(cwd) else name)
    return out


_CODE_STAMP: str | None = None


def _code_stamp() -> str:
    """The size and modification time of every module of the advisor package (a few hundred
    microseconds): a changed loader is a different key even when the version is not bumped."""
    global _CODE_STAMP
    if _CODE_STAMP is None:
        package = Path(__file__).resolve().parent.parent  # advisor/, of which this is advisor/kb/cache.py
        parts = []
        for path in sorted(package.rglob("*.py")):
            try:
                st = path.stat()
            except OSError:
                continue
            parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
        _CODE_STAMP = ";".join(parts)
    return _CODE_STAMP


def cached(files: list[Path], flags: str, load: Callable[[], object],
           prepare: Callable[[object], None] | None = None) -> object:
    """``load()``'s result for these files, from the cache when it holds it. ``prepare(value)``
    runs before a fresh value is stored: it may work out more that depends only on the files
    (the lint findings, the patterns' requirements) for the entry to keep."""
    folder = cache_dir()
    digest = key(files, flags) if folder is not None else None
    if folder is None or digest is None:
        return load()
    entry = folder / f"kb-{digest}.pickle"
    try:
        with open(entry, "rb") as fh:
            data = fh.read()
        return _unpickle(data)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - a corrupt or foreign entry: load afresh and replace it
        pass
    from advisor import regexcache

    with regexcache.paused():  # the lint compiles every pattern: not what a command needs
        value = load()
        if prepare is not None:
            prepare(value)
    _write(folder, entry, value)
    return value


def _unpickle(data: bytes) -> object:
    """The entry's value. The collector is held while it is rebuilt: unpickling makes some
    100,000 objects, none of them garbage, and collections in between only walk them (a third
    of the time)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(data)
    finally:
        if enabled:
            gc.enable()


def _write(folder: Path, entry: Path, value: object) -> None:
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
    except OSError:
        return  # a read-only or missing cache folder: run without the cache
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except Exception:  # noqa: BLE001 - disk full, unpicklable: the cache is only an optimisation
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` newest entries: each edit of the knowledge (or another working
    directory) writes a new one, and nothing else would ever remove the old."""
    try:
        entries = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass

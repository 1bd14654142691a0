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

Reading and hashing every file to find the key is a few milliseconds of each start, spent to
learn that nothing changed. So the key found for a set of files is also kept in a small index,
under the files' *stat* (size, modification and change times, inode: see :func:`_stamp`), and
used while every stat is the same: a file written anew, even with the same size and time stamp,
has a new change time, which nobody can set. Like git's "racily clean" files, a file changed
in the last :data:`RECENT_NS` is not told apart by its stat (it could change again within the
same tick of the clock): the key is then found by content, as always. Each file is opened to
be stat'ed (an NFS client then asks the server, as it does for a read, instead of answering from
its attribute cache), and the index is used on POSIX systems only: Windows reports the creation
time where POSIX has the change time. (A FAT disk keeps no change time either: there an edit in
place that keeps the size and puts the modification time back would go unseen.)

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

import os
import pickle
import sys
import time
from pathlib import Path
from typing import Callable

from advisor.cachedir import cache_dir, write_pickle  # noqa: F401  (the folder; also advisor.kb.cache.cache_dir)

#: bump when the pickled models change shape without a version change
LAYOUT = 2
#: entries kept in the cache folder (the newest); older ones are removed when one is written
KEEP = 8
#: the index of keys by the files' stat (see the module's docstring), and how many it keeps
INDEX = "stat-index.pickle"
INDEX_KEEP = 16
#: a file changed more recently than this (nanoseconds) is not known by its stat alone
RECENT_NS = 2_000_000_000
#: where st_ctime is the time of the last change (Windows reports the creation time there)
_POSIX = os.name == "posix"


def key(files: list[Path], flags: str) -> str | None:
    """The hash of everything a load depends on; None when a file cannot be read."""
    import hashlib

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
        package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # advisor/, of which this is advisor/kb/cache.py
        parts = []
        for folder, dirs, names in os.walk(package):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                parts.append(f"{os.path.relpath(path, package)}:{st.st_size}:{st.st_mtime_ns}")
        _CODE_STAMP = ";".join(sorted(parts))
    return _CODE_STAMP


def _stamp(files: list[Path], flags: str) -> str | None:
    """What a load depends on, with each file told by its stat instead of its content (see the
    module's docstring); None when a file cannot be stat'ed or changed too recently to be told
    apart by its stat."""
    from advisor import __version__

    if not _POSIX:
        return None
    try:
        shown = _shown(files)
    except (OSError, RuntimeError, ValueError):
        return None
    now = time.time_ns()
    parts = [str(LAYOUT), __version__, sys.version, flags, _code_stamp()]
    for path, name in zip(files, shown):
        st = file_stat(path)
        if st is None or now - max(st[1], st[2]) < RECENT_NS:
            return None
        parts.append(f"{path}\0{name}\0" + ":".join(map(str, st)))
    return "\n".join(parts)


def file_stat(path: Path | str) -> tuple[int, int, int, int, int] | None:
    """(size, modification time, change time, inode, device) of a file, what tells one content
    from another without reading it (see the module's docstring); None when it cannot be opened.
    The file is opened, then stat'ed: an NFS client then asks the server, as for a read."""
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            st = os.fstat(fd)
        finally:
            os.close(fd)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev


def _index(folder: Path) -> dict[str, str]:
    """The index of keys by stamp; empty when missing, unreadable or not what we write."""
    try:
        with open(folder / INDEX, "rb") as fh:
            index = pickle.loads(fh.read())
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign: start afresh (and replace it)
        return {}
    if not isinstance(index, dict) or not all(type(k) is str and type(v) is str for k, v in index.items()):
        return {}
    return index


def _remember(folder: Path, stamp: str, digest: str) -> None:
    """Add ``stamp`` -> ``digest`` to the index (the newest :data:`INDEX_KEEP`), atomically."""
    index = _index(folder)
    index.pop(stamp, None)
    index[stamp] = digest
    for old in list(index)[:-INDEX_KEEP]:
        del index[old]
    write_pickle(folder, folder / INDEX, index, prefix=".stat-")


def cached(files: list[Path], flags: str, load: Callable[[], object],
           prepare: Callable[[object], None] | None = None) -> object:
    """``load()``'s result for these files, from the cache when it holds it. ``prepare(value)``
    runs before a fresh value is stored: it may work out more that depends only on the files
    (the lint findings, the patterns' requirements) for the entry to keep."""
    folder = cache_dir()
    if folder is None:
        return load()
    stamp = _stamp(files, flags)
    if stamp is not None:
        known = _index(folder).get(stamp)
        if known is not None:
            value = _read(folder / f"kb-{known}.pickle")
            if value is not _MISSING:
                return value
    digest = key(files, flags)
    if digest is None:
        return load()
    entry = folder / f"kb-{digest}.pickle"
    value = _read(entry)
    if value is _MISSING:
        from advisor import regexcache

        with regexcache.paused():  # the lint compiles every pattern: not what a command needs
            value = load()
            if prepare is not None:
                prepare(value)
        if not _write(folder, entry, value):
            return value
    if stamp is not None:
        _remember(folder, stamp, digest)
    return value


_MISSING = object()


def _read(entry: Path) -> object:
    """The value kept in ``entry``, or :data:`_MISSING` when there is none or it is corrupt
    (it is then loaded afresh and replaced)."""
    try:
        with open(entry, "rb") as fh:
            data = fh.read()
        return _unpickle(data)
    except Exception:  # noqa: BLE001 - missing, corrupt or foreign
        return _MISSING


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


def _write(folder: Path, entry: Path, value: object) -> bool:
    """Keep ``value`` in ``entry``; False when the folder cannot be written."""
    if not write_pickle(folder, entry, value, prefix=".kb-"):
        return False
    _prune(folder)
    return True


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` newest entries: each edit of the knowledge (or another working
    directory) writes a new one, and nothing else would ever remove the old."""
    try:
        entries = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass

"""Compiled regular expressions kept between runs, so that a command does not compile them again.

``advisor explain`` uses some 300 regular expressions (the exam-reading modules' own, and the
knowledge patterns a question needs); compiling them is about half of its CPU time
(docs/performance.md). Python cannot pickle a compiled pattern (pickling one stores its source
and compiles it again), and ``re`` keeps compiled patterns only within a process. What it
compiles a pattern *into*, though, is plain data: the program ``re``'s parser and compiler
(pure Python, the slow part) produce for the C matcher, ``_sre.compile(pattern, flags, code,
groups, groupindex, indexgroup)``. That depends only on the pattern, its flags and the Python
that compiled it, so it is kept in the user cache folder beside the knowledge cache
(advisor/kb/cache.py), under a key of the Python version, and handed to ``_sre.compile``
directly next time: the same pattern object, without the parsing.

* :func:`install` (for a command run as a process, by :func:`advisor.cli.main`; never for the
  tests' in-process runs) reads the programs kept for that command (each command has its own
  few: ``explain`` some 300, ``evaluate`` a few dozen) and routes ``re``'s compilation through
  :func:`_compile`; the programs compiled anew are added to the file when the process ends.
  Patterns compiled while the knowledge is loaded afresh (the lint compiles all ~5,000, once
  per change of the knowledge) are not kept (:func:`paused`).
* A program is kept only when the pattern it rebuilds compares equal to the one ``re`` compiled
  (same source, flags and code: ``re.Pattern.__eq__``), and only for patterns whose parsing
  warned of nothing. On a Python whose ``re`` is built differently nothing is kept, and each
  pattern is compiled as usual.
* The file is written to a temporary file and renamed into place; a corrupt or unreadable file
  is ignored (and replaced), an unwritable folder simply not used; ``ADVISOR_NO_CACHE=1`` turns
  it off with the knowledge cache. A kept program that ``_sre`` refuses is compiled afresh.
"""

from __future__ import annotations

import os
import pickle
import sys
import warnings
from array import array

#: bump when what the file holds changes shape
LAYOUT = 2
#: programs kept at most in one command's file (the built-in knowledge has ~5,000 patterns)
LIMIT = 6_000

try:  # the re of CPython 3.11 to 3.13
    import _sre
    from re import _compiler, _parser
    from re._constants import SRE_FLAG_DEBUG

    _ORIGINAL = _compiler.compile
    _code = _compiler._code
except (ImportError, AttributeError):  # pragma: no cover - another Python: compile as usual
    _compiler = None

#: a program's code is kept as the bytes of an array of these (unsigned, 32 bits at least): a
#: file of a few thousand programs then loads in a millisecond or two, not in tens
_WORD = "I" if array("I").itemsize >= 4 else "L"

_programs: dict[tuple[str, int], tuple] = {}
#: programs compiled anew in this process (to be saved), and patterns rebuilt from kept ones
_new = 0
#: the programs compiled anew in this process (they replace what the file holds under their
#: key: a program this Python refused is replaced, not kept beside the fresh one)
_anew: set[tuple[str, int]] = set()
hits = 0
_file: str | None = None
_paused = 0


def _program(pattern: str, flags: int) -> tuple:
    """The arguments after ``pattern`` that ``re._compiler.compile`` gives ``_sre.compile``
    (the code as the bytes of an array, see :func:`_rebuild`)."""
    p = _parser.parse(pattern, flags)
    code = _code(p, flags)
    groupindex = p.state.groupdict
    indexgroup = [None] * p.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | p.state.flags), array(_WORD, code).tobytes(), p.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _rebuild(pattern: str, program: tuple):
    """The pattern ``program`` (from :func:`_program`) stands for, made by the C matcher."""
    flags, code, groups, groupindex, indexgroup = program
    words = array(_WORD)
    words.frombytes(code)
    return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)


def _compile(p, flags=0):
    """``re._compiler.compile``, from a kept program when there is one."""
    global _new, hits
    if not isinstance(p, str) or flags & SRE_FLAG_DEBUG:
        return _ORIGINAL(p, flags)
    kept = _programs.get((p, flags))
    if kept is not None:
        try:
            rebuilt = _rebuild(p, kept)
            hits += 1
            return rebuilt
        except Exception:  # noqa: BLE001 - a program this Python refuses: compile it afresh
            del _programs[(p, flags)]
    compiled = _ORIGINAL(p, flags)  # as usual, with any warning it gives
    if not _paused and len(_programs) < LIMIT:
        try:
            with warnings.catch_warnings(record=True) as said:
                warnings.simplefilter("always")
                program = _program(p, flags)
            if not said and _rebuild(p, program) == compiled:
                _programs[(p, flags)] = program
                _anew.add((p, flags))
                _new += 1
        except Exception:  # noqa: BLE001 - not kept: the pattern was compiled as usual
            pass
    return compiled


class paused:
    """``with paused():`` what is compiled meanwhile is not kept (a load of the knowledge)."""

    def __enter__(self):
        global _paused
        _paused += 1

    def __exit__(self, *exc):
        global _paused
        _paused -= 1


def path(scope: str) -> str | None:
    """The file of kept programs of ``scope`` (a command) for this Python, or None when the
    cache is off. Named by the scope, the Python's cache tag (``cpython-311``) and a checksum of
    its full version and build (zlib's, not hashlib's: importing OpenSSL's hashes would cost
    more than the file saves on a short command; a name only has to tell apart the few Pythons
    of one machine)."""
    from advisor.cachedir import cache_dir  # not advisor.kb.cache: the knowledge package is not imported yet

    folder = cache_dir()
    if folder is None:
        return None
    import zlib

    build = zlib.crc32(f"{LAYOUT}\0{sys.version}\0{sys.implementation.cache_tag}".encode())
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in scope)
    return os.path.join(folder, f"re-{name}-{sys.implementation.cache_tag}-{build:08x}.pickle")


def _read(file: str) -> dict:
    try:
        with open(file, "rb") as fh:
            data = pickle.loads(fh.read())
    except FileNotFoundError:
        return {}
    except Exception:  # noqa: BLE001 - a corrupt or foreign file: start afresh (and replace it)
        return {}
    if not isinstance(data, dict):
        return {}
    return data


def install(scope: str) -> None:
    """Use (and keep adding to) the programs kept for ``scope`` in this process. Once per
    process; nothing when the cache is off or this Python's ``re`` is not the one this module
    knows."""
    global _file
    if _compiler is None or _file is not None or _compiler.compile is _compile:
        return
    file = path(scope)
    if file is None:
        return
    _file = file
    _programs.update(_read(file))
    _compiler.compile = _compile
    import atexit

    atexit.register(save)


def uninstall() -> None:
    """Compile as usual again (the tests' way back); what was kept is forgotten, not saved."""
    global _file, _new, hits
    if _compiler is not None and _compiler.compile is _compile:
        _compiler.compile = _ORIGINAL
    _programs.clear()
    _anew.clear()
    _new = hits = 0
    _file = None


def save() -> None:
    """Add the programs compiled anew in this process to the file (merged with what other
    processes added meanwhile), atomically; nothing when there are none or it cannot be written."""
    global _new
    if not _new or _file is None:
        return
    from advisor.cachedir import write_pickle

    merged = _read(_file)
    for key in _anew:
        if key in merged or len(merged) < LIMIT:
            merged[key] = _programs[key]
    if write_pickle(os.path.dirname(_file), _file, merged, prefix=".re-"):
        _new = 0
        _anew.clear()

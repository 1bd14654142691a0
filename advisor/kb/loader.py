"""The loader: every ``*.toml`` file below a knowledge directory, into one :class:`KnowledgeBase`.

Each kind of ``[[table]]`` registers itself here (:func:`register`): the kinds of the advice in
:mod:`advisor.kb.core`, the exam-reading kinds in :mod:`advisor.kb.exam`. The loader knows none
of them by name, so neither imports the other's loaders and there is no import cycle. They
are imported, and so registered, when first needed (:func:`kinds`): a command whose knowledge
comes from the cache (advisor/kb/cache.py) never needs their loaders.

The loader checks the *shape* of every item (required keys, types, unknown keys, id syntax) and
refuses malformed knowledge with ``file:line: message``. It never evaluates knowledge as code.
Whether the items fit together (a rule citing a note that does not exist, a note nobody cites,
a rule that can never fire, ...) is the job of :mod:`advisor.kb.lint`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from advisor.errors import KnowledgeError
from advisor.kb.fields import Field, keys
from advisor.kb.model import KnowledgeBase, Source
from advisor.kb.toml import Item, Locator, display_path, first_line_of, read


@dataclass(frozen=True)
class ItemKind:
    """A kind of ``[[table]]``: its loader, its fields, and the KnowledgeBase dict it fills."""

    name: str
    load: Callable[[Item], Any]
    fields: dict[str, Field]
    store: str
    #: an exam-reading kind, left out by ``load(exam=False)``
    exam: bool

    def keys(self) -> tuple[set[str], set[str]]:
        return keys(self.fields)


#: every kind registered so far (see :func:`kinds`)
_KINDS: dict[str, ItemKind] = {}


def register(name: str, load: Callable[[Item], Any], fields: dict[str, Field], store: str, *, exam: bool = False) -> None:
    _KINDS[name] = ItemKind(name, load, fields, store, exam)


def kinds() -> dict[str, ItemKind]:
    """Every kind, in the order files are loaded and messages list them: the kinds of the
    advice, then the exam-reading kinds, each in the order its module registers them (whichever
    module was imported first)."""
    from advisor.kb import core, exam  # noqa: F401  (importing them registers their kinds)

    return dict(sorted(_KINDS.items(), key=lambda pair: pair[1].exam))


BUILTIN_DIR_CANDIDATES = (
    Path(__file__).resolve().parent.parent / "knowledge",  # installed wheel (force-included)
    Path(__file__).resolve().parent.parent.parent / "knowledge",  # source checkout / editable install
)


def builtin_dir() -> Path:
    for candidate in BUILTIN_DIR_CANDIDATES:
        if candidate.is_dir():
            return candidate
    raise KnowledgeError("the built-in knowledge base is missing from this installation")


def load_file(path: Path, kb: KnowledgeBase, *, exam: bool = True) -> None:
    """Load one knowledge file into ``kb``; with ``exam`` false, skip the exam-reading kinds."""
    shown, text, data = read(path)
    loc = Locator(shown, text)
    kb.files.append(shown)
    every = kinds()
    for kind in data:
        if kind not in every:
            allowed = ", ".join(f"[[{k}]]" for k in every)
            raise KnowledgeError(
                f"unknown top-level key {kind!r} (a knowledge file holds {allowed} tables)",
                source=Source(shown, first_line_of(loc, kind)),
            )
    for kind, spec in every.items():
        entries = data.get(kind)
        if entries is None or (spec.exam and not exam):
            continue
        if not isinstance(entries, list):
            raise KnowledgeError(f"{kind!r} must be written as [[{kind}]] tables", source=Source(shown, first_line_of(loc, kind)))
        store = getattr(kb, spec.store)
        allowed = spec.keys()
        for index, entry in enumerate(entries):
            obj = spec.load(Item(kind, index, entry, loc, allowed))
            key = obj.trait if kind == "question" else obj.id
            if key in store:
                kb.duplicates.append((kind, key, obj.source, store[key].source))
                continue
            store[key] = obj
            for alias in getattr(obj, "aliases", ()):
                kb.aliases[alias] = key


def knowledge_files(directory: Path) -> list[Path]:
    """The ``*.toml`` files below ``directory``, in a fixed order."""
    return sorted(p for p in directory.rglob("*.toml") if p.is_file())


def load(directories: list[Path] | None = None, *, builtin: bool = True, exam: bool = True) -> KnowledgeBase:
    """Load the built-in knowledge base (unless ``builtin`` is false) plus any extra directories.

    ``exam=False`` leaves out the exam-reading kinds (cues, terms, claims, the question bank) for
    commands that never read an exam question: compiling their ~1,500 patterns is most of the
    load time, and the start-up of ``evaluate``, ``why-not`` and the like (docs/performance.md).
    """
    dirs: list[Path] = []
    if builtin:
        dirs.append(builtin_dir())
    dirs.extend(directories or [])
    every: list[Path] = []
    builtin_files = 0
    for directory in dirs:
        if not directory.exists():
            raise KnowledgeError(f"{display_path(directory)}: no such knowledge directory")
        if not directory.is_dir():
            raise KnowledgeError(f"{display_path(directory)}: not a directory")
        files = knowledge_files(directory)
        if not files:
            raise KnowledgeError(f"{display_path(directory)}: holds no *.toml knowledge files")
        every.extend(files)
        if builtin and not builtin_files:
            builtin_files = len(files)

    own = every[builtin_files:] if builtin and directories else None

    def parse() -> KnowledgeBase:
        if own is None:
            kb, files = KnowledgeBase(), every
        else:  # the built-in base plus directories of one's own: only theirs are parsed here
            kb, files = _builtin_part(exam), own
        for path in files:
            load_file(path, kb, exam=exam)
        kb.exam = exam
        return kb

    from advisor.kb import cache

    return cache.cached(every, f"exam={exam}", parse, prepare=_prepare)


def _prepare(kb: KnowledgeBase) -> None:
    """Work out, for the cache entry, what else depends only on the knowledge: the findings of
    the load-time lint gate (:func:`advisor.commands.common.guard` uses them). The patterns'
    requirements go into the entry as each pattern is pickled."""
    from advisor.kb import lint

    try:
        kb.__dict__[LINT_FINDINGS] = tuple(lint.check(kb))
    except Exception:  # noqa: BLE001 - left to the gate, which runs the lint itself and reports
        pass


#: where a knowledge base loaded through the cache keeps its lint findings (not a field: the
#: base's equality and its fields stay what they were)
LINT_FINDINGS = "_lint_findings"


_BUILTIN: KnowledgeBase | None = None
#: where the built-in base keeps what it was loaded from: the built-in directory, the working
#: directory (its items' places name files relative to it) and the files' contents; not a field
_LOADED_FROM = "_loaded_from"


def _loaded_from() -> tuple:
    """The built-in directory, the working directory and each built-in file's stat (what the
    knowledge cache tells files apart by, :func:`advisor.kb.cache.file_stat`; no reading): a base
    of one's own reuses the process's built-in base only while all are the same (its cache entry
    is keyed by the files as they are now, so a stale built-in part would be kept under a fresh
    key)."""
    import os

    from advisor.kb.cache import file_stat

    stamps = tuple((str(path), file_stat(path)) for path in knowledge_files(builtin_dir()))
    return str(builtin_dir()), os.getcwd(), stamps


def _builtin_part(exam: bool) -> KnowledgeBase:
    """The built-in base, to load a team's own directories on top of: what parsing the built-in
    files would give (the process's built-in base, or the cached entry of the built-in files
    alone), in containers of its own. The items themselves are shared: they are frozen, and their
    patterns keep their requirements, so that a cache entry of the whole works none of them out
    again. A ``--kb`` base thus parses only its own files, never the built-in ones again."""
    import copy
    from dataclasses import fields

    base = _BUILTIN
    if base is None or base.exam != exam or base.__dict__.get(_LOADED_FROM) != _loaded_from():
        base = load(exam=exam)
    return KnowledgeBase(**{f.name: copy.copy(getattr(base, f.name)) for f in fields(KnowledgeBase)})


def builtin(*, exam: bool = True) -> KnowledgeBase:
    """The built-in knowledge base, loaded once per process (see :func:`load` for ``exam``).

    Without ``exam``, the whole base is returned if it is loaded already (it holds the rest);
    asked for the whole base after a partial load, it is loaded again, whole.
    """
    global _BUILTIN
    if _BUILTIN is None or (exam and not _BUILTIN.exam):
        _BUILTIN = load(exam=exam)
        _BUILTIN.__dict__[_LOADED_FROM] = _loaded_from()
    return _BUILTIN

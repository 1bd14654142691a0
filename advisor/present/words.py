"""One catalogue of every string shown to a person, in every language the advisor speaks.

The catalogue is the TOML files in ``advisor/present/strings/``: each table is a key with one string per
language (``[key] en = "..." ko = "..."``); a file's tables may be grouped under a prefix table, so
``[consult.title]`` is the key ``consult.title``. :class:`Words` is the one object that carries a
language through the code instead of a bare string.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from advisor.langs import LANGS

_FOLDER = Path(__file__).with_name("strings")


class CatalogueError(ValueError):
    """A catalogue file is malformed or a key lacks a language (caught by the tests and kb check)."""


def _flatten(table: dict[str, Any], prefix: str, where: str, out: dict[str, dict[str, str]]) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if not isinstance(value, dict):
            raise CatalogueError(f"{where}: {key}: expected a table of languages, got {type(value).__name__}")
        if any(isinstance(v, str) for v in value.values()):
            if set(value) != set(LANGS) or not all(isinstance(v, str) for v in value.values()):
                have = ", ".join(sorted(value)) or "nothing"
                raise CatalogueError(f"{where}: {key}: needs exactly {', '.join(LANGS)} as strings (has {have})")
            if key in out:
                raise CatalogueError(f"{where}: {key}: defined twice")
            out[key] = dict(value)
        else:
            _flatten(value, f"{key}.", where, out)


@lru_cache(maxsize=None)
def catalogue(folder: Path = _FOLDER) -> dict[str, dict[str, str]]:
    """Every key of the catalogue with its strings by language (read once per process, and
    kept in the knowledge cache, advisor/kb/cache.py, under a hash of the files: parsing the
    TOML is ~10 ms of a start)."""
    from advisor.kb import cache

    files = sorted(folder.glob("*.toml"))
    return cache.cached(files, "catalogue", lambda: _read(files))  # type: ignore[return-value]


def _read(files: list[Path]) -> dict[str, dict[str, str]]:
    import tomllib

    out: dict[str, dict[str, str]] = {}
    for path in files:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CatalogueError(f"{path.name}: {exc}") from None
        _flatten(data, "", path.name, out)
    return out


def problems(folder: Path = _FOLDER) -> list[str]:
    """What is wrong with the catalogue, one line each (empty when it is whole)."""
    try:
        catalogue.__wrapped__(folder)
    except CatalogueError as exc:
        return [str(exc)]
    return []


class Words:
    """The strings of one language: ``words("key", n=3)`` formats the key's text with its fields."""

    __slots__ = ("lang", "_index")

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r} (one of {', '.join(LANGS)})")
        self.lang = lang
        self._index = LANGS.index(lang)

    def __call__(self, key: str, /, **fields: object) -> str:
        text = catalogue()[key][self.lang]
        return text.format(**fields) if fields else text

    def __contains__(self, key: str) -> bool:
        return key in catalogue()

    def pick(self, *texts: str) -> str:
        """One of ``texts`` given in LANGS order (for a pair that comes with the data, not the catalogue)."""
        return texts[self._index]

    def keys(self, prefix: str = "") -> Iterator[str]:
        return (k for k in sorted(catalogue()) if k.startswith(prefix))

    def __repr__(self) -> str:
        return f"Words({self.lang!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Words) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(self.lang)

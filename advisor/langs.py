"""The languages the advisor speaks, and which one a command speaks.

The one list of languages: the knowledge files give every text in each of them, the string
catalogue (:mod:`advisor.present.words`) every string; a command speaks the one ``--lang`` names,
else the locale's. Kept apart from both so that either can import it for nothing.
"""

from __future__ import annotations

from typing import Mapping

LANGS: tuple[str, ...] = ("en", "ko")
"""Every language the advisor speaks, the default first."""


def locale_lang(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: Korean when the first of LC_ALL, LC_MESSAGES and LANG that
    is set (and not blank) starts with ``ko``; English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").strip()
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def chosen_lang(requested: str | None, environ: Mapping[str, str]) -> str:
    """The language of one command: ``requested`` (``--lang``) when it is one of LANGS, else the locale's."""
    return requested if requested in LANGS else locale_lang(environ)

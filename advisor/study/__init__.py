"""Study mode: browse and search the notes (:mod:`.notes`), the persistent study record and its
wrong-answer notebook (:mod:`.store`), and progress by topic (:mod:`.progress`)."""

from __future__ import annotations

LANGS = ("en", "ko")


def lang_for(requested: str | None, environ: dict) -> str:
    """The one language of a study command: ``--lang`` when given, else the locale's (LC_ALL, then
    LC_MESSAGES, then LANG: Korean when it starts with ``ko``), else English."""
    if requested in LANGS:
        return requested
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(var) or "").strip()
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"

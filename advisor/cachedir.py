"""The user cache folder of the knowledge cache (advisor/kb/cache.py) and the kept regular
expressions (advisor/regexcache.py).

A module of its own, outside the ``advisor.kb`` package, so that finding the folder imports no
knowledge models: the CLI installs the regular expression cache before the knowledge package is
imported, and the patterns that package compiles as it loads are then kept too.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    """The folder, or None when ``ADVISOR_NO_CACHE`` turns the caches off (``ADVISOR_CACHE_DIR``
    moves it)."""
    if os.environ.get("ADVISOR_NO_CACHE", "") not in ("", "0"):
        return None
    chosen = os.environ.get("ADVISOR_CACHE_DIR")
    if chosen:
        return Path(chosen)
    import platformdirs

    return Path(platformdirs.user_cache_dir("arch-advisor", appauthor=False))

"""Compatibility guard for importing experta.

experta 1.9.4 pins ``frozendict==1.2``, whose module does ``collections.Mapping`` — an alias
removed in Python 3.10. Installed with uv, ``[tool.uv] override-dependencies`` brings a current
frozendict and this guard does nothing. Installed with plain ``pip install .``, pip honours the
old pin; restoring the alias before experta imports frozendict is then enough to make it work.
Import experta only through :func:`import_experta`.
"""

from __future__ import annotations

import collections
import collections.abc


def import_experta():
    """Return the experta module, patching the one alias frozendict 1.2 needs."""
    if not hasattr(collections, "Mapping"):  # Python >= 3.10 with frozendict 1.2 installed
        collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]
    import experta

    return experta

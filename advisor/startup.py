"""The start of a command run as its own process: the garbage collector waits until the knowledge is loaded.

Starting a command makes some 150,000 objects that live as long as the process: modules,
classes, functions, and the knowledge base (unpickled from the cache, advisor/kb/cache.py).
Python's cyclic collector runs every few hundred allocations and walks the young objects each
time, so during start-up it walks these again and again and frees nothing: 10-15% of the CPU
time of a one-file ``evaluate`` or ``explain`` (docs/performance.md). So :func:`hold` (called by
:func:`advisor.cli.main` for a process, never for a command run in-process by the tests) turns
the collector off, and :func:`release` (once the knowledge base is loaded, or at the end of a
command that loads none) moves everything made so far out of its sight with ``gc.freeze()``
and turns it back on: what the command allocates from then on is collected as usual.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Turn the collector off until :func:`release` (if it is on)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Freeze what start-up made and turn the collector back on; nothing unless :func:`hold` turned it off."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()

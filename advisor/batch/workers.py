"""The workers' side of a batch spread over processes (see :mod:`advisor.batch`): what a worker
process holds (a :class:`~advisor.batch.Renderer` of its own) and renders, and the chunks of records
in flight between this process and the workers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from advisor.answers import Record
from advisor.kb import KnowledgeBase

if TYPE_CHECKING:
    from advisor.batch import Renderer


class _Slot:
    """The rendering of one answer set a worker is making (``body`` once it is back)."""

    __slots__ = ("body",)

    def __init__(self):
        self.body = None


class _Chunk:
    """One chunk of records in flight: what each record is waiting for, and the worker's task."""

    def __init__(self, plan: list, misses: list, result):
        #: (record, how it is served): _HERE (rendered here), a cached body, or a _Slot
        self.plan = plan
        #: (key, slot) of the answer sets sent, in the order of the worker's answer
        self.misses = misses
        self.result = result

    def collect(self, pool, renderer: Renderer, inflight: dict) -> Iterator[tuple[Record, str]]:
        from advisor import signals

        if self.result is not None:
            bodies = signals.result_of(pool, self.result)
            for (key, slot), body in zip(self.misses, bodies):
                slot.body = body
                renderer.store(key, body)
                if inflight.get(key) is slot:
                    del inflight[key]
        for record, how in self.plan:
            if how is _HERE:
                yield record, renderer.render(record)
            else:
                yield record, renderer.compose(record, how.body if isinstance(how, _Slot) else how)


class _Whole:
    """A chunk of records a worker renders whole (text, Markdown)."""

    def __init__(self, batch: list, result):
        self.batch = batch
        self.result = result

    def collect(self, pool, renderer: Renderer, inflight: dict) -> Iterator[tuple[Record, str]]:
        from advisor import signals

        yield from zip(self.batch, signals.result_of(pool, self.result))


_HERE = object()


def _portable(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base without its compiled engine (which cannot be pickled for spawn)."""
    if "_engine" not in kb.__dict__:
        return kb
    import copy

    clone = copy.copy(kb)
    clone.__dict__.pop("_engine", None)
    return clone


_WORKER: "Renderer | None" = None


def _start_worker(spec) -> None:
    global _WORKER
    from advisor import signals

    # Ctrl-C reaches the whole process group: the parent reports it and stops the workers;
    # SIGTERM/SIGHUP kill a worker quietly (the pool's end sends SIGTERM)
    signals.default_in_worker()
    from advisor.batch import Renderer, buffer_console

    kb, fmt, lang, source, many, show_trace, cache_size, width = spec
    console = buffer_console(width) if fmt == "text" else None
    _WORKER = Renderer(kb, fmt, lang, source=source, many=many, show_trace=show_trace, console=console,
                       cache_size=cache_size)


def _render_chunk(batch: list[Record]) -> list[str]:
    return [_WORKER.render(record) for record in batch]


def _render_bodies(answer_sets: list[dict[str, Any]]) -> list[str]:
    """The compact renderings (short texts) of answer sets this worker has not seen (no cache)."""
    worker = _WORKER
    return [worker._fresh(worker.engine.evaluate(answers)) for answers in answer_sets]

"""Evaluating a stream of records: one output text per record, cached, optionally on several cores.

* :class:`Renderer` turns one record into its piece of output in a given format. The engine is
  the knowledge base's compiled engine, built once per process (``reset()`` between runs).
  Identical answer sets are evaluated once: a bounded LRU cache keyed on the canonical answers
  keeps the format's rendering of the evaluation (bounded, so 100,000 distinct scenarios cannot
  fill memory).
* :func:`outputs` yields ``(record, text)`` in input order, either in this process or spread over
  worker processes in chunks (``--jobs``). Each worker compiles its engine once; the texts are
  the same bytes whichever way they were made, so the output does not depend on ``--jobs``.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict, deque
from itertools import islice
from typing import Any, Iterable, Iterator

from advisor import jsontext
from advisor.answers import Record
from advisor.engine import Evaluation, engine_for
from advisor.kb import KnowledgeBase

FORMATS = ("text", "json", "jsonl", "markdown")
CACHE_SIZE = 1024
#: records per task sent to a worker
CHUNK = 100
#: with --jobs auto, records are evaluated in this process a window at a time, and the time each
#: window took decides whether workers are worth it (decided by measured work, not by count)
AUTO_WINDOW = 250
#: ... they are when a record costs more than this here (seconds): a distinct answer set costs
#: about a millisecond, a repeated one (a cache hit) a few microseconds, and handing a record to
#: a worker and its text back costs some tens of microseconds, so only real work gains from it
AUTO_COST = 0.0004

#: indentation of a result inside the JSON document: results[] elements are 2 levels deep
_RESULT_LEVEL = 2
_COMPACT = (",", ":")


def cache_key(answers: dict[str, Any]) -> tuple:
    """The canonical form of an answer set: the same answers give the same key, in any order."""
    return tuple(sorted(answers.items()))


class Renderer:
    """Renders records in one format and language, reusing the engine and a cache."""

    def __init__(self, kb: KnowledgeBase, fmt: str, lang: str, *, source: str = "", many: bool = True,
                 show_trace: bool = False, console=None, cache_size: int | None = None):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.kb = kb
        self.fmt = fmt
        self.lang = lang
        self.source = source
        self.many = many
        self.show_trace = show_trace
        #: text format: the console to print on; render() returns what it captured, if anything
        self.console = console
        self.engine = engine_for(kb)
        self.cache_size = CACHE_SIZE if cache_size is None else cache_size  # read at call time
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self.hits = 0
        self._json_writer = None  # the JSON format's writer, made on first use

    # ------------------------------------------------------------------ one record

    def render(self, record: Record) -> str:
        from advisor.safetext import json_safe  # outside text is escaped in every format

        if record.error is not None:
            return json_safe(self._error(record))
        body = self._body(record.answers)
        if self.fmt == "json":
            return json_safe(f'{{\n      "index": {record.index},\n      "line": {record.line},{body}\n    }}')
        if self.fmt == "jsonl":
            return json_safe(f'{{"index":{record.index},"line":{record.line},{body}}}\n')
        title = f"{self.source} · {record.place}" if self.many else self.source
        if self.fmt == "markdown":
            from advisor.present.evaluation import evaluation_markdown

            from advisor.safetext import safe

            return safe(evaluation_markdown(self.kb, body, title, self.lang))
        from advisor.present.evaluation import render_evaluation

        render_evaluation(self.console, self.kb, body, title, self.lang, show_trace=self.show_trace)
        return _captured(self.console)

    def _error(self, record: Record) -> str:
        data = {"index": record.index, "line": record.line, "error": record.error}
        if self.fmt == "json":
            return jsontext.dumps(data, _RESULT_LEVEL)
        if self.fmt == "jsonl":
            return json.dumps(data, ensure_ascii=False, separators=_COMPACT) + "\n"
        return ""  # text and Markdown reports list only evaluated records; errors go to stderr

    def _body(self, answers: dict[str, Any]):
        """The format's rendering of an evaluation of ``answers``: from the cache if it is there."""
        key = cache_key(answers)
        cache = self._cache
        found = cache.get(key)
        if found is not None:
            cache.move_to_end(key)
            self.hits += 1
            return found
        body = self._fresh(self.engine.evaluate(answers))
        cache[key] = body
        if len(cache) > self.cache_size:
            cache.popitem(last=False)
        return body

    def _fresh(self, ev: Evaluation):
        if self.fmt in ("text", "markdown"):
            return ev
        from advisor.present.evaluation import evaluation_json

        if self.fmt == "json":
            writer = self._json_writer
            if writer is None:
                from advisor.present.jsonwriter import JsonWriter

                writer = self._json_writer = JsonWriter(self.kb, self.lang, _RESULT_LEVEL + 1)
            return writer.members(ev)
        data = evaluation_json(self.kb, ev, self.lang)
        return json.dumps(data, ensure_ascii=False, separators=_COMPACT)[1:-1]


def _captured(console) -> str:
    """What a console writing into a buffer (a worker's) printed since the last call."""
    buffer = getattr(console, "_advisor_buffer", None)
    if buffer is None:
        return ""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def buffer_console():
    """A console that prints what the plain (not a terminal) console prints, into a buffer."""
    import io

    from advisor.env import make_console

    buffer = io.StringIO()
    console = make_console(buffer, is_tty=False)
    console._advisor_buffer = buffer
    return console


# ---------------------------------------------------------------------- in order, maybe in parallel

def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def outputs(records: Iterable[Record], renderer: Renderer, jobs: int, *, auto: bool = False,
            chunk: int | None = None) -> Iterator[tuple[Record, str]]:
    """``(record, text)`` for every record, in input order.

    ``jobs`` processes share the work when it is more than 1. With ``auto``, records are done
    here :data:`AUTO_WINDOW` at a time, and workers start only once a window shows that records
    cost more than :data:`AUTO_COST` each here and more records follow: a batch of repeated
    answer sets (served from the cache) or a short one never pays for workers.
    """
    records = iter(records)
    if jobs > 1 and auto:
        from time import perf_counter

        while True:
            window = list(islice(records, AUTO_WINDOW))
            start = perf_counter()
            for record in window:
                yield record, renderer.render(record)
            costly = (perf_counter() - start) > AUTO_COST * len(window)
            if len(window) < AUTO_WINDOW:
                return
            if costly:
                break
        first = next(records, None)
        if first is None:
            return
        records = _prepend(first, records)
    if jobs <= 1:
        for record in records:
            yield record, renderer.render(record)
        return
    yield from _parallel(records, renderer, jobs, chunk or CHUNK)


def _prepend(first, rest):
    yield first
    yield from rest


def _prepend_all(first: list, rest):
    yield from first
    yield from rest


def _parallel(records: Iterator[Record], renderer: Renderer, jobs: int, chunk: int) -> Iterator[tuple[Record, str]]:
    import multiprocessing

    from advisor import signals

    # no more workers than there are chunks to give them (a short batch starts few)
    ahead = list(islice(records, jobs * chunk))
    jobs = max(1, min(jobs, -(-len(ahead) // chunk)))
    records = _prepend_all(ahead, records)

    methods = multiprocessing.get_all_start_methods()
    # fork: workers inherit the loaded knowledge base and compiled engine and start at once
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    kb = renderer.kb if ctx.get_start_method() == "fork" else _portable(renderer.kb)
    spec = (kb, renderer.fmt, renderer.lang, renderer.source, renderer.many,
            renderer.show_trace, renderer.cache_size)
    with signals.held():  # a worker starts with the signals' default action, never with ours
        pool = ctx.Pool(jobs, initializer=_start_worker, initargs=(spec,))
        signals.watch_workers(pool)  # a worker that dies ends the batch instead of hanging it
    with pool:
        try:
            pending: deque = deque()
            limit = 2 * jobs  # chunks in flight: enough to keep every worker busy, memory stays flat
            while True:
                batch = list(islice(records, chunk))
                if batch:
                    pending.append((batch, pool.apply_async(_render_chunk, (batch,))))
                if pending and (len(pending) > limit or not batch):
                    done, result = pending.popleft()
                    yield from zip(done, signals.result_of(pool, result))
                elif not batch:
                    return
        except BaseException:  # an error, Ctrl-C, SIGTERM/SIGHUP, a reader gone: stop the workers
            signals.abandon(pool)  # at once, without waiting on the pool's locks
            raise


def _portable(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base without its compiled engine (which cannot be pickled for spawn)."""
    if "_engine" not in kb.__dict__:
        return kb
    import copy

    clone = copy.copy(kb)
    clone.__dict__.pop("_engine", None)
    return clone


_WORKER: Renderer | None = None


def _start_worker(spec) -> None:
    global _WORKER
    from advisor import signals

    # Ctrl-C reaches the whole process group: the parent reports it and stops the workers;
    # SIGTERM/SIGHUP kill a worker quietly (the pool's end sends SIGTERM)
    signals.default_in_worker()
    kb, fmt, lang, source, many, show_trace, cache_size = spec
    console = buffer_console() if fmt == "text" else None
    _WORKER = Renderer(kb, fmt, lang, source=source, many=many, show_trace=show_trace, console=console,
                       cache_size=cache_size)


def _render_chunk(batch: list[Record]) -> list[str]:
    return [_WORKER.render(record) for record in batch]

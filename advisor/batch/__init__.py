"""Evaluating a stream of records: one output text per record, cached, optionally on several cores.

* :class:`Renderer` turns one record into its piece of output in a given format. The engine is
  the knowledge base's compiled engine, built once per process (``reset()`` between runs).
  Identical answer sets are evaluated once: a bounded LRU cache keyed on the canonical answers
  keeps the format's rendering of the evaluation (bounded, so 100,000 distinct scenarios cannot
  fill memory).
* :func:`outputs` yields ``(record, text)`` in input order, either in this process or spread over
  worker processes in chunks (``--jobs``). Each worker compiles its engine once; the texts are
  the same bytes whichever way they were made, so the output does not depend on ``--jobs``.
  With workers, this process still serves the answer sets it has cached and sends out only the
  new ones (JSON, JSON Lines); ``--jobs auto`` starts workers only when the measured cost of those
  is worth a worker's start and the round trip. What runs in a worker, and the chunks in flight,
  are in :mod:`advisor.batch.workers`.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict, deque
from itertools import islice
from time import process_time
from typing import Any, Iterable, Iterator

from advisor import jsontext
from advisor.answers import Record
from advisor.batch.workers import _HERE, _Chunk, _portable, _render_bodies, _render_chunk, _Slot, _start_worker, _Whole
from advisor.engine import Evaluation, engine_for
from advisor.kb import KnowledgeBase
from advisor.present import EVALUATE_FORMATS
from advisor.present.words import Words

CACHE_SIZE = 1024
#: records per task sent to a worker
CHUNK = 100
#: with --jobs auto, records are evaluated in this process a window at a time, and the CPU time
#: the second half of each window spent on what workers would do (cache misses) decides whether
#: workers are worth it (decided by measured work, not by count)
AUTO_WINDOW = 250
#: ... they are when that costs more than this a record (seconds): a distinct answer set costs
#: a millisecond or more, a repeated one (a cache hit, served here either way) a few
#: microseconds, and handing an answer set to a worker and its rendering back some tens of
#: microseconds, so only a batch with enough new answer sets gains from workers
AUTO_COST = 0.0004

#: indentation of a result inside the JSON document: results[] elements are 2 levels deep
_RESULT_LEVEL = 2
_COMPACT = (",", ":")


def cache_key(answers: dict[str, Any]) -> frozenset:
    """The canonical form of an answer set: the same answers give the same key, in any order
    (a set of its pairs: no sort, which cost a batch of distinct answer sets 1% for no hit)."""
    return frozenset(answers.items())


class Renderer:
    """Renders records in one format and language, reusing the engine and a cache."""

    def __init__(self, kb: KnowledgeBase, fmt: str, lang: str, *, source: str = "", many: bool = True,
                 show_trace: bool = False, console=None, cache_size: int | None = None):
        if fmt not in EVALUATE_FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.kb = kb
        self.fmt = fmt
        self.lang = lang
        self.words = Words(lang)
        self.source = source
        self.many = many
        self.show_trace = show_trace
        #: text format: the console to print on; render() returns what it captured, if anything
        self.console = console
        self.engine = engine_for(kb)
        self.cache_size = CACHE_SIZE if cache_size is None else cache_size  # read at call time
        self._cache: OrderedDict[frozenset, Any] = OrderedDict()
        self.hits = 0
        #: CPU seconds spent evaluating and rendering answer sets not in the cache (what workers
        #: would take over in a compact format: see outputs)
        self.spent = 0.0
        self._json_writer = None  # the JSON format's writer, made on first use

    # ------------------------------------------------------------------ one record

    def render(self, record: Record) -> str:
        from advisor.safetext import json_safe  # outside text is escaped in every format

        if record.error is not None:
            return json_safe(self._error(record))
        return self.compose(record, self._body(record.answers))

    def compose(self, record: Record, body) -> str:
        """The piece of output of a valid ``record`` whose evaluation the format rendered as ``body``."""
        from advisor.safetext import json_safe  # outside text is escaped in every format

        if self.fmt == "json":
            return json_safe(f'{{\n      "index": {record.index},\n      "line": {record.line},{body}\n    }}')
        if self.fmt == "jsonl":
            return json_safe(f'{{"index":{record.index},"line":{record.line},{body}}}\n')
        title = f"{self.source} · {record.place}" if self.many else self.source
        if self.fmt == "markdown":
            from advisor.present.evaluation import evaluation_markdown

            from advisor.safetext import safe

            return safe(evaluation_markdown(self.kb, body, title, self.words))
        from advisor.present.evaluation import render_evaluation

        render_evaluation(self.console, self.kb, body, title, self.words, show_trace=self.show_trace)
        return _captured(self.console)

    @property
    def compact(self) -> bool:
        """Is an evaluation's rendering (its body) a short text, cheap to send between processes
        and to finish here (JSON, JSON Lines)? Text and Markdown bodies are evaluations, drawn
        into text by the process that renders them."""
        return self.fmt in ("json", "jsonl")

    def cached(self, key: frozenset):
        """The cached rendering for ``key`` (counted as a hit), or None."""
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            self.hits += 1
        return found

    def store(self, key: frozenset, body) -> None:
        cache = self._cache
        cache[key] = body
        if len(cache) > self.cache_size:
            cache.popitem(last=False)

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
        found = self.cached(key)
        if found is not None:
            return found
        start = process_time()
        body = self._fresh(self.engine.evaluate(answers))
        self.spent += process_time() - start
        self.store(key, body)
        return body

    def _fresh(self, ev: Evaluation):
        if self.fmt in ("text", "markdown"):
            return ev
        from advisor.present.evaluation import evaluation_json

        if self.fmt == "json":
            writer = self._json_writer
            if writer is None:
                from advisor.present.jsonwriter import JsonWriter

                writer = self._json_writer = JsonWriter(self.kb, self.words, _RESULT_LEVEL + 1)
            return writer.members(ev)
        data = evaluation_json(self.kb, ev, self.words)
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


def buffer_console(width: int | None = None):
    """A console that prints what the plain (not a terminal) console of ``width`` columns prints
    (PIPED_WIDTH when None), into a buffer."""
    import io

    from advisor.env import make_console

    buffer = io.StringIO()
    console = make_console(buffer, is_tty=False, width=width)
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
    here :data:`AUTO_WINDOW` at a time, and workers start only once the second half of a window
    (the first half warms the cache) shows that the records workers would take, the cache misses,
    cost more than :data:`AUTO_COST` a record of this process's CPU time, and more records
    follow: a batch of repeated answer sets (served from the cache, here, with or without
    workers) or a short one never pays for workers.
    """
    records = iter(records)
    if jobs > 1 and auto:
        while True:
            window = list(islice(records, AUTO_WINDOW))
            half = len(window) // 2
            for record in window[:half]:
                yield record, renderer.render(record)
            # CPU seconds spent on what workers would do (the output's writing not counted):
            # the cache misses in a compact format, every valid record in the others
            spent, drawn = renderer.spent, 0.0
            for record in window[half:]:
                if renderer.compact or record.error is not None:
                    yield record, renderer.render(record)
                    continue
                start = process_time()
                text = renderer.render(record)
                drawn += process_time() - start
                yield record, text
            work = renderer.spent - spent if renderer.compact else drawn
            if len(window) < AUTO_WINDOW:
                return
            if work > AUTO_COST * (len(window) - half):
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
    """Records in chunks over ``jobs`` worker processes, in order.

    In a compact format (JSON, JSON Lines) this process serves invalid records and cached answer
    sets itself and sends workers only the distinct answer sets it has not rendered, each once
    (one in flight is waited for, not sent again); a worker sends back the rendering alone, a
    short text, which this process caches and finishes into each record's piece. Workers keep no
    cache of their own then. Text and Markdown records go to the workers whole, and come back as
    the text of the report (each worker caches its evaluations).
    """
    import gc
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
    compact = renderer.compact
    # the workers draw text at the width the parent's console has (COLUMNS, for a file or a pipe)
    width = getattr(renderer.console, "width", None) if renderer.fmt == "text" else None
    spec = (kb, renderer.fmt, renderer.lang, renderer.source, renderer.many,
            renderer.show_trace, 0 if compact else renderer.cache_size, width)
    # the objects alive now (the knowledge, the engine) are shared with the forked workers page by
    # page; without freezing, the workers' collector writes to every one of them and so copies
    # those pages into each worker (docs/performance.md: memory)
    gc.freeze()
    try:
        with signals.held():  # a worker starts with the signals' default action, never with ours
            pool = ctx.Pool(jobs, initializer=_start_worker, initargs=(spec,))
            signals.watch_workers(pool)  # a worker that dies ends the batch instead of hanging it
    finally:
        gc.unfreeze()
    send = _send_compact if compact else _send_whole
    with pool:
        try:
            pending: deque = deque()
            inflight: dict[frozenset, _Slot] = {}
            limit = 2 * jobs  # chunks in flight: enough to keep every worker busy, memory stays flat
            while True:
                batch = list(islice(records, chunk))
                signals.check_workers(pool)  # noticed even while this process serves from its cache
                if batch:
                    pending.append(send(pool, renderer, batch, inflight))
                if pending and (len(pending) > limit or not batch):
                    yield from pending.popleft().collect(pool, renderer, inflight)
                elif not batch:
                    return
        except BaseException:  # an error, Ctrl-C, SIGTERM/SIGHUP, a reader gone: stop the workers
            signals.abandon(pool)  # at once, without waiting on the pool's locks
            raise




def _send_compact(pool, renderer: Renderer, batch: list[Record], inflight: dict) -> _Chunk:
    plan: list = []
    misses: list = []
    for record in batch:
        if record.error is not None:
            plan.append((record, _HERE))
            continue
        key = cache_key(record.answers)
        body = renderer.cached(key)
        if body is not None:
            plan.append((record, body))
            continue
        slot = inflight.get(key)
        if slot is None:  # not rendered, not on its way: send it
            slot = inflight[key] = _Slot()
            misses.append((key, slot, record.answers))
        plan.append((record, slot))
    result = pool.apply_async(_render_bodies, ([answers for _, _, answers in misses],)) if misses else None
    return _Chunk(plan, [(key, slot) for key, slot, _ in misses], result)


def _send_whole(pool, renderer: Renderer, batch: list[Record], inflight: dict) -> _Whole:
    return _Whole(batch, pool.apply_async(_render_chunk, (batch,)))

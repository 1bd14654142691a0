"""The naive way to evaluate a batch, kept as the yardstick and as the reference output.

Every scenario gets a brand-new engine: the knowledge base's rules are compiled into a new
experta engine class, instantiated (which builds its RETE network) and run once, on experta's own
RETE matcher (not our hashed one, advisor/rete.py), as before any of the speed work. The results
are gathered and the whole document is encoded at the end with ``json.dumps(indent=2)``, as
``advisor evaluate --format json`` did before it streamed. Its output is what the fast path
must reproduce byte for byte (tests/test_batch.py).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from advisor.compat import import_experta
from advisor.engine import Engine, compile_engine_class
from advisor.kb import KnowledgeBase
from advisor.report import FORMAT_ID, FORMAT_VERSION, evaluation_json, evaluation_markdown

import_experta()
from experta.matchers.rete import ReteMatcher  # noqa: E402


class PlainEngine(Engine):
    """The engine with experta's own RETE matcher, compiled afresh."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.engine_class = type("PlainAdvisorEngine", (compile_engine_class(kb),), {"__matcher__": ReteMatcher})
        self._instance = self.engine_class()


Record = tuple  # (index, line, answers or None, error or None)


def naive_evaluations(kb: KnowledgeBase, records: Iterable[Record]) -> list[tuple[int, int, Any, str | None]]:
    """``(index, line, evaluation or None, error)``: a brand-new engine for every answer set."""
    out = []
    for index, line, answers, error in records:
        ev = PlainEngine(kb).evaluate(answers) if error is None else None  # compiles class and instance again
        out.append((index, line, ev, error))
    return out


def document(kb: KnowledgeBase, source: str, evaluated, lang: str = "en") -> str:
    """The whole JSON document, encoded at the end as ``evaluate`` used to."""
    results = []
    for index, line, ev, error in evaluated:
        if error is not None:
            results.append({"index": index, "line": line, "error": error})
        else:
            results.append({"index": index, "line": line, **evaluation_json(kb, ev, lang)})
    doc = {"format": FORMAT_ID, "version": FORMAT_VERSION, "source": source, "results": results}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def markdown(kb: KnowledgeBase, source: str, evaluated, lang: str = "en") -> str:
    parts = []
    for index, line, ev, error in evaluated:
        if error is None:
            title = f"{source} · record {index + 1} (line {line})" if len(evaluated) > 1 else source
            parts.append(evaluation_markdown(kb, ev, title, lang))
    return "# arch-advisor report\n\n" + "\n".join(parts)


def naive_document(kb: KnowledgeBase, source: str, records: Iterable[Record], lang: str = "en") -> str:
    """The JSON document for ``(index, line, answers, error)`` records, the naive way."""
    return document(kb, source, naive_evaluations(kb, records), lang)

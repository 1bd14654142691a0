"""Old home of the evaluation report, now in advisor/present/ (evaluation.py, document.py).

Kept only so that modules not yet moved (advisor/explain/, advisor/consult/, scripts, bench) keep
working; import from advisor.present instead. Nothing under advisor/reasoning/ imports it
(tests/test_boundaries.py).
"""

from __future__ import annotations

from advisor.present.document import FORMATS, dumps, plain
from advisor.present.evaluation import (  # noqa: F401
    KIND_MARKS,
    KIND_STYLES,
    KINDS,
    answer_text,
    cited_notes,
    conclusion_json,
    conclusion_text,
    describe_matched,
    evaluation_json,
    evaluation_markdown,
    grounds,
    has_korean_section,
    heading,
    kind_word,
    label,
    note_markdown,
    note_references,
    note_text,
    render_evaluation,
    render_trace,
)

FORMAT_ID, FORMAT_VERSION = FORMATS["evaluate"]
_plain = plain

__all__ = [name for name in dir() if not name.startswith("__")]

"""Presentation: everything the advisor shows a person or a program.

Reasoning returns plain data; this package turns it into text (rich), Markdown or JSON. Every string
a person reads comes from one catalogue (`strings/*.toml`, read through :class:`Words`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.present.words import Words

#: the formats ``advisor evaluate`` writes (its option's choices, and what a batch Renderer renders)
EVALUATE_FORMATS = ("text", "json", "jsonl", "markdown")


def render(output, fmt: str, kb, result, w: Words, **context: Any) -> None:
    """Write the result of HOW, WHY NOT or WHAT-IF to ``output`` (advisor.commands.common.Output):
    its JSON document when ``fmt`` is "json", else its rich text, in the language of ``w``.

    ``context``: ``source`` (the answers' name) and ``brief`` for HOW; ``source`` and ``answers``
    for WHY NOT; ``before`` and ``after`` (the two files' names) for WHAT-IF.
    """
    from advisor.present import reasoning_json as js
    from advisor.present import reasoning_text as tx
    from advisor.reasoning.diff import Diff
    from advisor.reasoning.how import HowResult
    from advisor.reasoning.why_not import WhyNot

    c = context
    if isinstance(result, HowResult):
        doc = lambda: js.how_document(kb, result, w, source=c["source"])  # noqa: E731
        draw = lambda console: tx.render_how(console, kb, result, w, brief=c.get("brief", False))  # noqa: E731
    elif isinstance(result, WhyNot):
        doc = lambda: js.why_not_document(kb, result, w, source=c["source"], answers=c["answers"])  # noqa: E731
        draw = lambda console: tx.render_why_not(console, kb, result, w)  # noqa: E731
    elif isinstance(result, Diff):
        doc = lambda: js.diff_document(kb, result, w, before=c["before"], after=c["after"])  # noqa: E731
        draw = lambda console: tx.render_diff(console, kb, result, w, c["before"], c["after"])  # noqa: E731
    else:
        raise TypeError(f"nothing renders a {type(result).__name__}")
    output.finish(fmt, doc, draw)

"""Outside text on a terminal: every string from the knowledge base or the user goes out as
rich.text.Text (literal, never markup), with control characters escaped."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """``text`` with control characters shown as escapes (a bank or a user string is never markup)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def lit(text: str, style: str = ""):
    from rich.text import Text

    return Text(plain(text), style=style)


def url_line(console, url: str, indent: int = 4) -> None:
    """A URL printed whole on its own line, never wrapped, so that it can be clicked and copied."""
    from rich.text import Text

    console.print(Text(" " * indent + plain(url), style="blue"), soft_wrap=True, overflow="ignore", crop=False)

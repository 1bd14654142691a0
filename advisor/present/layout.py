"""Prompt text laid out for the terminal: wrapped between words, never inside one.

prompt_toolkit cuts a line that is too long wherever the terminal's edge falls (``b b`` / ``ack``)
and questionary cuts a menu item that is too long. The prompter wraps every prompt, hint and
menu item itself, to the terminal's width, measuring in terminal cells (a Korean syllable takes
two), so that lines break only at spaces. A word longer than a line (a long URL) is left whole on
a line of its own: breaking it would make it unusable.
"""

from __future__ import annotations


def cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def wrap(text: str, width: int, indent: str = "", first: int = 0) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells, between words.

    The first line has ``first`` cells taken already (a prefix such as ``? ``); the others start
    with ``indent``. Existing line breaks are kept.
    """
    width = max(width, 10)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", first if not lines else cells(indent)
        start = "" if not lines else indent
        for word in paragraph.split(" "):
            if not word:
                continue
            size = cells(word)
            if line and used + 1 + size > width:
                lines.append(start + line)
                start, line, used = indent, word, cells(indent) + size
            elif line:
                line, used = line + " " + word, used + 1 + size
            else:
                line, used = word, used + size
        lines.append(start + line)
    return lines


def terminal_width(output=None, default: int = 80) -> int:
    """The columns of prompt_toolkit's ``output`` (tests pass one), else of the terminal; ``default``
    when neither can tell."""
    if output is not None:
        try:
            return int(output.get_size().columns)
        except Exception:  # pragma: no cover - an output without a size
            return default
    import shutil

    return shutil.get_terminal_size((default, 24)).columns

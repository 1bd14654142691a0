"""advisor progress as a table: per topic, bars for the questions seen and right on the last try,
the wrong-answer notebook and the notes never tested (the rows come from advisor/study/progress.py)."""

from __future__ import annotations

from advisor.present.words import Words
from advisor.study.progress import Row, totals

#: the widest bar, in cells
BAR = 10


def bar(part: int, whole: int, style: str, width: int = BAR):
    """``part`` of ``whole`` as a bar of ``width`` cells (█ done, ░ not yet), and a space."""
    from rich.text import Text

    if width <= 0:
        return Text()
    filled = (width * part + whole // 2) // whole if whole else 0
    return Text.assemble(("█" * filled, style), ("░" * (width - filled), "bright_black"), " ")


def render(console, rows: list[Row], w: Words, topic: str | None = None) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from advisor.present.text import lit

    table = Table(box=box.SIMPLE_HEAD, title=Text(w("progress.title"), style="bold"), title_justify="left",
                  pad_edge=False, show_footer=len(rows) > 1)
    total = totals(rows)
    # bars as wide as the terminal allows: none below 64 columns, BAR cells from 84
    width = max(0, min(BAR, (console.width - 64) // 2))

    def cells(r: Row, footer: bool = False):
        style = "bold" if footer else ""
        return [
            Text.assemble(bar(r.seen, r.questions, "cyan", width), (f"{r.seen}/{r.questions}", style)),
            Text.assemble(bar(r.right, r.seen, "green", width), (f"{r.right}/{r.seen}", style)),
            Text(str(r.notebook), style="red" if r.notebook else "dim"),
            Text(f"{len(r.untested)}/{r.notes}", style=style or ("yellow" if r.untested else "dim")),
        ]

    foot = cells(total, footer=True)
    table.add_column(w("progress.topic"), footer=Text(w("progress.total"), style="bold"), no_wrap=True)
    table.add_column(w("progress.seen"), footer=foot[0], min_width=max(width + 6, _word(w("progress.seen"))))
    table.add_column(w("progress.right"), footer=foot[1], min_width=max(width + 5, _word(w("progress.right"))))
    table.add_column(w("progress.notebook"), footer=foot[2], justify="right", min_width=_word(w("progress.notebook")))
    table.add_column(w("progress.untested"), footer=foot[3], justify="right", min_width=_word(w("progress.untested")))
    for r in rows:
        table.add_row(lit(r.topic), *cells(r))
    console.print(table)
    console.print(Text(w("progress.lang"), style="dim"))
    if topic is not None:
        row = rows[0]
        if row.untested:
            console.print(Text(w("progress.untested_list", topic=topic), style="bold"))
            for note_id in row.untested:
                console.print(Text.assemble("  ", (f"advisor notes {note_id}", "cyan")))
        else:
            console.print(lit(w("progress.all_tested", topic=topic)))
        return
    if total.seen == 0:
        console.print(lit(w("progress.empty")))
    else:
        console.print(Text(w("progress.hint"), style="dim"))


def _word(header: str) -> int:
    """The width of the longest word of a header: a column never narrower, so no word is cut."""
    from rich.cells import cell_len

    return max(cell_len(w) for w in header.split())

"""``advisor notes`` on a terminal: the list by topic or section, a search's results, one note."""

from __future__ import annotations

from advisor.kb import Note
from advisor.present.text import lit, plain, url_line
from advisor.present.words import Words
from advisor.study.notes import Hit, NoteIndex


def render_list(console, index: NoteIndex, groups: list[tuple[str, list[Note]]], by: str, w: Words) -> None:
    from rich.table import Table
    from rich.text import Text

    total = sum(len(ns) for _, ns in groups)
    console.print(Text(w(f"notes.by_{by}", n=total, groups=len(groups)), style="bold"))
    for name, notes in groups:
        console.print()
        head = Text(plain(name), style="bold cyan")
        head.append(f" ({len(notes)})", style="dim")
        console.print(head)
        idents = []
        for note in notes:
            ident = lit(note.id)
            if note.correction is not None:
                ident.append(" ✎", style="yellow")
            if not note.from_seed:
                ident.append(f" [{w('notes.from_docs_short')}]", style="magenta")
            idents.append((ident, note))
        # the ids are never cut (they are what 'advisor notes ID' takes); the text is a one-line glimpse
        grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
        grid.add_column(no_wrap=True, min_width=max(i.cell_len for i, _ in idents))
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        for ident, note in idents:
            grid.add_row(ident, lit(note.text.get(w.lang), style="dim"))
        console.print(grid)
    console.print()
    console.print(Text(w("notes.read_one"), style="dim"))


def render_hits(console, hits: list[Hit], query: str, w: Words, total: int | None = None) -> None:
    from rich.table import Table
    from rich.text import Text

    head = Text(w("notes.results", n=total if total is not None else len(hits), query=repr(plain(query))), style="bold")
    if total is not None and total > len(hits):
        head.append(w("notes.showing", n=len(hits)), style="dim")
    console.print(head)
    console.print()
    grid = Table.grid(padding=(0, 2, 0, 0))
    grid.add_column(no_wrap=True, justify="right")
    grid.add_column(ratio=1, overflow="fold")
    for rank, hit in enumerate(hits, start=1):
        note = hit.note
        head = lit(note.id, style="bold")
        head.append(f" · {plain(note.topic)} · ", style="dim")
        head.append(plain(note.section), style="dim")
        if not note.from_seed:
            head.append(f" [{w('notes.from_docs_short')}]", style="magenta")
        body = Text.assemble(head, "\n", lit(note.text.get(w.lang)))
        fields = ", ".join(w(f"notes.field_{f}") for f in hit.matched)
        body.append(f"\n{w('notes.matched')}: {fields}", style="dim")
        grid.add_row(Text(f"{rank}.", style="blue"), body)
        grid.add_row()
    console.print(grid)
    console.print(Text(w("notes.read_one"), style="dim"))


def render_note(console, doc: dict, w: Words) -> None:
    """One note whole (``doc``: NoteIndex.detail's), its text in each language the document holds."""
    from rich.text import Text

    head = lit(doc["id"], style="bold")
    if doc["correction"]:
        head.append(" ✎", style="yellow")
    console.print(head)
    console.print(Text.assemble((f"{w('notes.topic')}: ", "dim"), plain(doc["topic"]), ("  ·  ", "dim"),
                                (f"{w('notes.section')}: ", "dim"), plain(doc["section"])))
    if doc["origin"] == "seed":
        lines = ", ".join(str(n) for n in doc["seed_lines"])
        key = "seed_lines" if len(doc["seed_lines"]) == 1 else "seed_lines_n"
        console.print(Text(w(f"notes.{key}", lines=lines), style="green"))
    else:
        console.print(Text(w("notes.from_docs"), style="bold magenta"))
    console.print()
    for text in doc["text"].values():
        console.print(lit(text))
        console.print()
    if doc["correction"]:
        console.print(Text(f"✎ {w('notes.correction')}", style="bold yellow"))
        for text in doc["correction"]["text"].values():
            console.print(lit(text))
            console.print()
        for ref in doc["correction"]["refs"]:
            url_line(console, ref, indent=2)
        console.print()
    refs = [r for r in doc["refs"] if not doc["correction"] or r not in doc["correction"]["refs"]]
    if refs:
        console.print(Text(w("notes.pages"), style="bold"))
        for ref in refs:
            url_line(console, ref, indent=2)
        console.print()
    _section(console, w("notes.cited_by"), [
        Text.assemble(lit(r["id"], "cyan"), f" ({r['kind']}) ", lit(r["title"])) for r in doc["cited_by"]
    ], w)
    if doc["through_derived_facts"]:
        _section(console, w("notes.through"), [
            Text.assemble(lit(r["id"], "cyan"), f" ({r['kind']}) ", lit(r["title"])) for r in doc["through_derived_facts"]
        ], w)
    _section(console, w("notes.services"), [lit(x) for x in doc["services"]], w)
    if doc["claims"]:
        _section(console, w("notes.claims"), [
            Text.assemble(lit(c["id"], "cyan"), f" ({w('notes.holds' if c['holds'] else 'notes.not_holds')}) ", lit(c["because"]))
            for c in doc["claims"]
        ], w)
    _section(console, w("notes.exams"), [
        Text.assemble(lit(e["id"], "cyan"), f" ({e['lang']}) ", lit(_excerpt(e["question"]), "dim"))
        for e in doc["exams"]
    ], w)


def _section(console, title: str, rows: list, w: Words) -> None:
    from rich.table import Table
    from rich.text import Text

    console.print(Text(title, style="bold"))
    if not rows:
        console.print(Text(f"  {w('notes.none')}", style="dim"))
    else:
        from rich.padding import Padding

        grid = Table.grid()
        grid.add_column(ratio=1, overflow="fold")
        for row in rows:
            grid.add_row(row)
        console.print(Padding(grid, (0, 0, 0, 2)))
    console.print()


def _excerpt(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


"""``advisor evaluate FILE|-``: run the rules on one or many answer sets."""

from __future__ import annotations

from advisor.commands.common import add_format, add_kb, add_lang, load_kb
from advisor.errors import ExitStatus


def register(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="evaluate an answers file (JSON object, list of objects, or JSON Lines)",
        description="Run the rules on the answers in FILE ('-' for standard input) and report what "
        "the engine concluded: services to use, things to avoid, warnings and advice, each with the "
        "rule that fired, the answers it rested on and the note it came from. A file may hold one "
        "JSON object of trait -> value, a JSON list of them, or JSON Lines; unanswered traits are "
        "unknown, not false. A bad record is reported and the others are still evaluated (exit 1).",
    )
    p.add_argument("file", metavar="FILE", help="answers file, or '-' for standard input")
    add_format(p)
    add_lang(p)
    p.add_argument("--trace", action="store_true", help="with --format text: also show the trace of rule firings")
    add_kb(p)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.answers import read_records
    from advisor.engine import engine_for
    from advisor.report import FORMAT_ID, FORMAT_VERSION, evaluation_json, evaluation_markdown, render_evaluation

    kb = load_kb(args, env)
    name, records = read_records(kb, args.file)
    engine = engine_for(kb)
    status = ExitStatus.OK
    results = []
    console = env.console() if args.format == "text" else None
    markdown_parts = []
    items = list(records)
    many = len(items) > 1
    for record in items:
        if record.error is not None:
            env.error(f"{name}: {record.place}: {record.error}")
            status = ExitStatus.INVALID
            results.append({"index": record.index, "line": record.line, "error": record.error})
            continue
        ev = engine.evaluate(record.answers)
        title = f"{name} · {record.place}" if many else name
        if args.format == "json":
            results.append({"index": record.index, "line": record.line, **evaluation_json(kb, ev, args.lang)})
        elif args.format == "markdown":
            markdown_parts.append(evaluation_markdown(kb, ev, title, args.lang))
        else:
            render_evaluation(console, kb, ev, title, args.lang, show_trace=args.trace)
    if args.format == "json":
        from advisor.report import dumps

        doc = {"format": FORMAT_ID, "version": FORMAT_VERSION, "source": name, "results": results}
        env.stdout.write(dumps(doc) + "\n")
    elif args.format == "markdown":
        env.stdout.write(f"# arch-advisor report\n\n" + "\n".join(markdown_parts))
    return status

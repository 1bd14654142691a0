"""``advisor evaluate FILE|-``: run the rules on one or many answer sets.

A batch is streamed: JSON Lines are read, evaluated and written one record at a time, so memory
stays flat however long the input is (see advisor/answers/stream.py and advisor/batch/).
"""

from __future__ import annotations

from advisor.commands.common import Output, add_format, add_kb, add_lang, add_output, load_kb, positive_int
from advisor.errors import ExitStatus
from advisor.present import EVALUATE_FORMATS



def jobs_value(text: str) -> int:
    """``--jobs``: a number of processes, or ``auto`` (0) for one per core on large batches."""
    return 0 if text == "auto" else positive_int(text)


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
    add_format(p, EVALUATE_FORMATS)
    add_lang(p)
    p.add_argument("--trace", action="store_true", help="with --format text: also show the trace of rule firings")
    p.add_argument(
        "--jobs",
        type=jobs_value,
        default=0,
        metavar="N",
        help="processes to spread a large batch over; 'auto' (the default) uses every core once a batch "
        "passes 250 records, 1 keeps everything in this process. The output is the same either way.",
    )
    add_output(p)
    add_kb(p)
    p.set_defaults(run=run)


def run(args, env) -> ExitStatus:
    from advisor.answers import open_records

    kb = load_kb(args, env, exam=False)
    output = Output(args, env, [args.file], streamed=True)
    try:
        status = _evaluate(args, output.env, kb, open_records)
    except BaseException:
        output.abort()  # an interrupted or failed batch leaves no half-written output file
        raise
    output.close()
    return status


def _evaluate(args, env, kb, open_records) -> ExitStatus:
    from itertools import chain

    from advisor import batch
    from advisor.progress import BatchProgress

    stream = open_records(kb, args.file, env.stdin)
    records = iter(stream)
    # text and Markdown titles name the record only when there are several: look one ahead
    head = [r for r in (next(records, None), next(records, None)) if r is not None]
    records = chain(head, records)
    # a file or a pipe gets the report laid out without rich's console (the same bytes: advisor/present/plainreport.py)
    console = None if args.format != "text" else env.console() if args.trace else env.report_console()
    renderer = batch.Renderer(
        kb, args.format, args.lang, source=stream.name, many=len(head) > 1, show_trace=args.trace, console=console
    )
    auto = args.jobs == 0
    # never more processes than cores (--jobs 999999 would fork until the memory runs out) nor
    # than records (a known count: a JSON document); batch.outputs caps it by the chunks too
    jobs = min(args.jobs or batch.cpu_count(), batch.cpu_count(), stream.total if stream.unit == "records" and stream.total else batch.cpu_count())
    if console is not None and console.is_terminal:
        jobs = 1  # a terminal report is drawn for this terminal: keep it in this process
    writer = _writer(args, env, stream.name)
    progress = BatchProgress(env, stream)
    status = ExitStatus.OK
    try:
        for record, text in batch.outputs(records, renderer, jobs, auto=auto):
            if record.error is not None:
                progress.error(f"{stream.name}: {record.place}: {record.error}")
                status = ExitStatus.INVALID
            writer.write(text)
            progress.advance()
    finally:
        progress.close()
        stream.close()
    writer.close()
    return status


def _writer(args, env, source: str):
    """What writes the records' reports one after the other, in --format (and --lang)."""
    if args.format == "json":
        from advisor.present.document import StreamedDocument

        return StreamedDocument(env.stdout, "evaluate", "results", source=source)
    if args.format == "markdown":
        from advisor.present.evaluation import MarkdownReport
        from advisor.present.words import Words

        return MarkdownReport(env.stdout, Words(args.lang))
    return _Plain(env.stdout)


class _Plain:
    """Text reports (printed as they come) and JSON Lines: the pieces one after the other."""

    def __init__(self, out):
        self.write = out.write

    def close(self) -> None:
        pass

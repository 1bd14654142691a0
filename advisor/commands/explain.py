"""``advisor explain FILE|-``: which option of an exam question is right, why the others are
wrong, and which note settles it. A text without options is read as a workload description."""

from __future__ import annotations

from advisor.commands.common import Output, add_format, add_kb, add_lang, add_output, load_kb
from advisor.errors import ExitStatus, UsageError


def register(sub) -> None:
    p = sub.add_parser(
        "explain",
        help="explain an exam question: the right option, why the others are wrong, the note behind it",
        description="Read a multiple-choice question from FILE ('-' for standard input): JSON "
        '{"question": ..., "options": {"A": ...}, "choose": 1} or plain text (the question, then '
        "option lines such as 'A. ...', 'B) ...', '(C) ...', '① ...', '1) ...', '가. ...'). Show "
        "the traits read from the question and the words that gave each away, the chosen option(s) "
        "with a confidence (or 'cannot decide' when the evidence is thin), and for every option the "
        "rule, claim and note that support or contradict it. A text without options is read as a "
        "workload description: its traits and what the engine concludes from them. A list of "
        "questions (a JSON array, or JSON Lines, one question object per line, each may carry "
        '"id" and "answer") is explained question by question; where a record has an "answer" it '
        "is scored: right, wrong, abstained, high-confidence wrong, and the verdicts that mislead "
        "(a key marked contradicted, a wrong option marked supported). A bad record is reported "
        "on standard error and the others are still scored (exit status 1).",
    )
    p.add_argument("file", metavar="FILE", help="question file (JSON or plain text; a JSON array or JSON Lines for several), or '-' for standard input")
    p.add_argument(
        "--trait",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set or correct a trait read from the question (repeatable); VALUE 'unknown' forgets it",
    )
    add_format(p, ("text", "json"))
    add_lang(p, default=None)
    add_output(p)
    add_kb(p)
    p.set_defaults(run=run)


_TRUE = {"true", "yes", "y", "1", "on", "예", "네"}
_FALSE = {"false", "no", "n", "0", "off", "아니요", "아니오"}
_UNKNOWN = {"unknown", "null", "none", "?", "모름"}


def parse_overrides(kb, raw: list[str]) -> dict:
    """``name=value`` strings into validated trait values (None: forget the trait)."""
    import difflib

    from advisor.answers import check_value
    from advisor.kb import TraitType

    out: dict = {}
    for item in raw:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(f"--trait {item!r}: expected NAME=VALUE, for example static_content=true")
        q = kb.questions.get(name)
        if q is None:
            hint = difflib.get_close_matches(name, list(kb.questions), n=1, cutoff=0.6)
            more = f"; did you mean {hint[0]!r}?" if hint else "; `advisor schema` lists the traits"
            raise UsageError(f"--trait {item!r}: unknown trait {name!r}{more}")
        low = value.lower()
        if low in _UNKNOWN:
            out[name] = None
            continue
        if q.type is TraitType.BOOL:
            if low not in _TRUE | _FALSE:
                raise UsageError(f"--trait {item!r}: {name} is yes/no; write true or false")
            parsed = low in _TRUE
        elif q.type is TraitType.NUMBER:
            number = low.removesuffix((q.unit or "").lower()).strip()
            try:
                parsed = float(number)
            except ValueError:
                raise UsageError(f"--trait {item!r}: {name} is a number of {q.unit}") from None
        else:
            parsed = value
        try:
            out[name] = check_value(q, parsed)
        except ValueError as exc:
            raise UsageError(f"--trait {item!r}: {exc}") from None
    return out


def run(args, env) -> ExitStatus:
    from advisor.explain import explain
    from advisor.explain.batch import is_batch
    from advisor.explain.parse import parse
    from advisor.inputs import read_text
    from advisor.present.explain import explanation_json, render
    from advisor.present.words import Words
    from advisor.report import dumps

    output = Output(args, env, [args.file])
    kb = load_kb(args, env)
    overrides = parse_overrides(kb, args.trait)
    if args.file != "-" and _peek_is_batch(args.file):
        return _batch(args, env, kb, overrides, output, None)  # streamed from the file
    name, text = read_text(args.file, env.stdin)
    if is_batch(text):
        return _batch(args, env, kb, overrides, output, text)
    parsed = parse(name, text)
    ex = explain(kb, parsed, overrides)
    words = Words(args.lang or parsed.lang)
    if args.format == "json":
        output.write(dumps(explanation_json(kb, ex, words)) + "\n")
    else:
        render(output.console(), kb, ex, words)
    output.close()
    return ExitStatus.OK


#: how much of a regular file is read to tell one question from a list of them
PEEK = 1 << 20


def _peek_is_batch(path: str) -> bool:
    """Is a regular file a list of questions? Decided on its first bytes, so that a long list is
    streamed record by record rather than read whole (any other input is read whole)."""
    from advisor.explain.batch import is_batch
    from advisor.inputs import close_binary, open_binary

    _, stream, size = open_binary(path)
    try:
        if size is None:
            return False  # a pipe: read whole, once
        head = stream.read(PEEK)
    except OSError:
        return False  # the whole read reports it
    finally:
        close_binary(path, stream)
    return is_batch(head.decode("utf-8", "replace"))


def _batch(args, env, kb, overrides, output, text) -> ExitStatus:
    """A list of questions: explain and score each; bad records go to standard error. ``text``:
    the input already read whole (standard input cannot be read twice), or None to stream it."""
    import io
    import types

    from advisor.explain.batch import keep_object, run_batch
    from advisor.present.explain import render_batch
    from advisor.present.words import Words
    from advisor.records import open_records

    if text is None:
        stream = open_records(kb, args.file, None, keep_object)
    else:
        stdin = types.SimpleNamespace(buffer=io.BytesIO(text.encode("utf-8", "surrogatepass")))
        stream = open_records(kb, "-", stdin, keep_object) if args.file == "-" else _named(kb, args.file, stdin, keep_object)
    try:
        totals = run_batch(kb, stream, overrides, env.error)
    finally:
        stream.close()
    output.finish(args.format, totals.json, lambda console: render_batch(console, totals, stream.name, Words(args.lang or "en")))
    return ExitStatus.INVALID if totals.errors else ExitStatus.OK


def _named(kb, path, stdin, check):
    """Records of a non-regular file already read whole, under the file's own name."""
    from advisor.records import open_records

    stream = open_records(kb, "-", stdin, check)
    stream.name = path
    return stream

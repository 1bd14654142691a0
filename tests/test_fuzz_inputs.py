"""Fuzzing every input the commands read: evaluate, explain, why-not, how and diff, and the loaders
behind them, fed arbitrary JSON values, arbitrary bytes, deep nesting, huge and non-finite
numbers, duplicate keys, byte order marks and other encodings, very long strings, thousands of
records, random edits of valid files, and special files (a directory, a FIFO, /dev/null); and
(issue 14) control characters and markup in every text field and in file names, raw U+2028 / U+0085
inside JSON Lines records, and lines over the limit in the middle of a batch. The signals, dead
workers, full disks, closed streams and broken pipes are tried on the real process in
tests/test_hardening.py and counted with these.

The property (tests/fuzzing.py :func:`check`): exit status 0, 1 or 2; no traceback; one line on
stderr naming the file and the place; standard output holds a complete, valid result or nothing;
nothing a terminal would act on reaches stdout or stderr raw.

Runs are reproducible (the "ci" Hypothesis profile in conftest.py derandomizes them); set
ADVISOR_FUZZ=explore for fresh random cases and more of them.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fuzzing import CASES, check, fuzz, run
from hypothesis import example, given
from hypothesis import strategies as st

from advisor import kb as kbmod
from advisor.answers import load_answers
from advisor.errors import InputError
from advisor.explain.parse import parse
from advisor.inputs import MAX_BYTES, parse_json, read_text
from advisor.kb import TraitType

ROOT = Path(__file__).resolve().parent.parent
KB = kbmod.builtin()
EXAMPLE = str(ROOT / "examples" / "global-static-site.json")
QUESTION = ROOT / "examples" / "exam-question.txt"

EVALUATE = "arch-advisor/evaluate"
#: explain reads one question (arch-advisor/explain) or a list of them (arch-advisor/explain-batch)
EXPLAIN = ("arch-advisor/explain", "arch-advisor/explain-batch")
IDS = {"explain": "arch-advisor/explain", "how": "arch-advisor/how", "why-not": "arch-advisor/why-not", "diff": "arch-advisor/diff"}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


# ------------------------------------------------------------------------------- strategies

leaf = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and ±Infinity included: json.dumps writes them as NaN / Infinity
    | st.text(max_size=30)
)
json_value = st.recursive(
    leaf, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=16
)


def _trait_value(q) -> st.SearchStrategy:
    if q.type is TraitType.BOOL:
        typed = st.booleans()
    elif q.type is TraitType.CHOICE:
        typed = st.sampled_from(q.choice_values())
    else:
        typed = st.floats(min_value=q.min, max_value=q.max) | st.integers(int(q.min), int(q.max))
    return st.one_of(typed, typed, typed, st.none(), leaf)


#: answer sets, mostly well formed, so that the engine, HOW, WHY NOT and diff run on them too
answer_set = st.fixed_dictionaries({}, optional={q.trait: _trait_value(q) for q in KB.questions.values()})
answers_like = st.one_of(
    answer_set,
    answer_set,
    st.builds(lambda a, junk: {**a, **junk}, answer_set, st.dictionaries(st.text(max_size=12), leaf, max_size=2)),
)
option_text = st.text(min_size=0, max_size=40)
question_like = st.fixed_dictionaries(
    {"question": st.one_of(st.text(max_size=200), st.sampled_from([QUESTION.read_text(encoding="utf-8").split("\nA.")[0]]), leaf)},
    optional={
        "options": st.one_of(
            st.dictionaries(st.sampled_from(list("ABCDEFGHIJKabc1 ")) | st.text(max_size=3), option_text | leaf, max_size=6),
            st.lists(option_text | leaf, max_size=12),
            leaf,
        ),
        "choose": st.one_of(st.integers(-2, 12), leaf),
        "answer": st.one_of(st.text(max_size=3), st.lists(st.sampled_from(list("ABCDZ")) | leaf, max_size=3), leaf),
        "extra": leaf,
    },
)


@st.composite
def serialized(draw, values) -> bytes:
    """A JSON value as a file: compact or indented, ASCII-escaped or not."""
    value = draw(values)
    text = json.dumps(value, ensure_ascii=draw(st.booleans()), indent=draw(st.sampled_from([None, 2])))
    return text.encode("utf-8", "surrogatepass")


def examples(cases):
    """Explicit Hypothesis examples, one per distinct shape of an input class: always run, besides
    the random cases of the budget."""

    def decorate(test):
        for case in reversed(cases):
            test = example(**case)(test)
        return test

    return decorate


def _write(scratch: Path, data: bytes, name: str = "input.json") -> str:
    path = scratch / name
    path.write_bytes(data)
    return str(path)


# ------------------------------------------------------------------------------- the commands

def answers_commands(path: str, fmt: str, evaluate: bool = True):
    """(argv, check options) of every command that reads ``path`` as answers or a question."""
    json_fmt = fmt == "json"
    if evaluate:
        yield ("evaluate", path, "--format", fmt), {"batch": True, "format_id": EVALUATE if json_fmt else None}
    yield ("why-not", "AWS WAF", "--answers", path, "--format", fmt), {"format_id": IDS["why-not"] if json_fmt else None}
    yield ("how", "Amazon CloudFront", "--answers", path, "--format", fmt), {"format_id": IDS["how"] if json_fmt else None}
    yield ("diff", EXAMPLE, path, "--format", fmt), {"format_id": IDS["diff"] if json_fmt else None}
    yield ("explain", path, "--format", fmt), {"batch": True, "format_id": EXPLAIN if json_fmt else None}


def everything(label: str, path: str, fmt: str = "json", *, evaluate: bool = True, names=None) -> None:
    """Run every command on ``path`` and the loaders directly; count the case."""
    CASES[label] += 1
    names = names or [path]
    for argv, options in answers_commands(path, fmt, evaluate):
        check(run(*argv), names + [EXAMPLE], **options)
    loaders(path)


def loaders(path: str) -> None:
    """The loaders behind the commands raise InputError or return; nothing else."""
    try:
        load_answers(KB, path)
    except InputError as exc:
        assert "\n" not in str(exc)
    try:
        name, text = read_text(path)
        parse(name, text)
    except InputError as exc:
        assert "\n" not in str(exc)


# ------------------------------------------------------------------------------- the classes

@pytest.mark.slow
@fuzz(30)
@given(data=serialized(json_value), fmt=st.sampled_from(["json", "text"]))
def test_arbitrary_json_values(scratch, data, fmt):
    everything("arbitrary JSON value", _write(scratch, data), fmt)


@pytest.mark.slow
@fuzz(30)
@given(data=serialized(answers_like), fmt=st.sampled_from(["json", "json", "text", "markdown"]))
def test_answer_sets(scratch, data, fmt):
    path = _write(scratch, data)
    if fmt == "markdown":
        CASES["answer set"] += 1
        check(run("evaluate", path, "--format", "markdown"), [path], batch=True)
        return
    everything("answer set", path, fmt)


@pytest.mark.slow
@fuzz(25)
@given(data=serialized(question_like), fmt=st.sampled_from(["json", "text"]))
def test_question_documents(scratch, data, fmt):
    path = _write(scratch, data, "question.json")
    CASES["question document"] += 1
    check(run("explain", path, "--format", fmt), [path], format_id=IDS["explain"] if fmt == "json" else None)
    loaders(path)


option_line = st.builds(
    lambda marker, body: f"{marker} {body}",
    st.sampled_from(["A.", "B.", "C)", "(D)", "①", "②", "1)", "2.", "가.", "나.", "a)", "J:", "[E]", "-"]),
    st.text(max_size=60),
)


@pytest.mark.slow
@fuzz(25)
@given(
    lines=st.lists(st.one_of(st.text(max_size=80), option_line, option_line), max_size=12),
    fmt=st.sampled_from(["json", "text"]),
)
def test_question_texts(scratch, lines, fmt):
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    path = _write(scratch, data, "question.txt")
    CASES["question text"] += 1
    check(run("explain", path, "--format", fmt), [path], format_id=IDS["explain"] if fmt == "json" else None)


@pytest.mark.slow
@fuzz(25)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes(scratch, data):
    everything("arbitrary bytes", _write(scratch, data))


@pytest.mark.slow
@fuzz(25)
@given(
    source=st.sampled_from(["examples/global-static-site.json", "examples/class-answers.jsonl", "examples/exam-question.txt", "examples/media-uploads.json"]),
    edits=st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["delete", "insert", "replace"]), st.binary(min_size=1, max_size=3)),
                   min_size=1, max_size=4),
    fmt=st.sampled_from(["json", "text"]),
)
def test_random_edits_of_valid_files(scratch, source, edits, fmt):
    data = bytearray((ROOT / source).read_bytes())
    for at, how, chunk in edits:
        at %= len(data) + 1
        if how == "delete":
            del data[at : at + len(chunk)]
        elif how == "insert":
            data[at:at] = chunk
        else:
            data[at : at + len(chunk)] = chunk
    everything("random edit of a valid file", _write(scratch, bytes(data), Path(source).name), fmt)


@pytest.mark.slow
@fuzz(6)
@examples([{"depth": d, "kind": k} for d in (400, 20_000) for k in ("list", "object", "mixed")])
@given(depth=st.one_of(st.integers(1, 400), st.integers(400, 20_000)), kind=st.sampled_from(["list", "object", "mixed"]))
def test_deep_nesting(scratch, depth, kind):
    if kind == "list":
        text = "[" * depth + "]" * depth
    elif kind == "object":
        text = '{"a": ' * depth + "1" + "}" * depth
    else:
        text = '{"static_content": ' + '[{"x": ' * depth + "true" + "}]" * depth + "}"
    # evaluate's reader (advisor/answers/stream.py) was rewritten for streaming; deep nesting
    # there is covered by the xfail test below
    everything("deep nesting", _write(scratch, text.encode()), evaluate=depth <= 400)


NUMBERS = ["1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity", "9" * 4300, "9" * 5000, "-" + "1" * 4400,
           "0." + "0" * 5000 + "1", "1" + "0" * 400 + ".5", "1E+999999999", "-0", "0e0", "123456789012345678901234567890"]


@pytest.mark.slow
@fuzz(10)
@examples([{"number": n, "trait": sorted(KB.questions)[i % len(KB.questions)], "where": ("answers", "choose", "list")[i % 3]}
           for i, n in enumerate(NUMBERS)])
@given(
    number=st.sampled_from(NUMBERS),
    trait=st.sampled_from(sorted(KB.questions)),
    where=st.sampled_from(["answers", "choose", "list"]),
)
def test_huge_and_non_finite_numbers(scratch, number, trait, where):
    if where == "answers":
        text = f'{{"{trait}": {number}}}'
    elif where == "choose":
        text = f'{{"question": "Which one?", "options": {{"A": "x", "B": "y"}}, "choose": {number}}}'
    else:
        text = f"[{number}]"
    everything("huge or non-finite number", _write(scratch, text.encode()))


@pytest.mark.slow
@fuzz(15)
@given(base=answer_set, key=st.sampled_from(sorted(KB.questions)) | st.text(max_size=8), value=leaf, nested=st.booleans())
def test_duplicate_keys(scratch, base, key, value, nested):
    body = json.dumps(base)[1:-1]
    member = f"{json.dumps(key)}: {json.dumps(value)}"
    inner = f"{{{member}, {member}}}"
    text = f'{{"options": {inner}, "question": "Which?"}}' if nested else "{" + (body + ", " if body else "") + f"{member},\n  {member}}}"
    everything("duplicate keys", _write(scratch, text.encode("utf-8", "surrogatepass")))


ENCODINGS = ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp949"]


@pytest.mark.slow
@fuzz(8)
@examples([{"data": json.dumps({"static_content": True, "request_rate": "high", "x": "가é"}).encode(), "encoding": e} for e in ENCODINGS])
@given(data=serialized(answer_set), encoding=st.sampled_from(ENCODINGS))
def test_byte_order_marks_and_other_encodings(scratch, data, encoding):
    text = data.decode("utf-8", "surrogatepass")
    try:
        encoded = text.encode(encoding)
    except UnicodeEncodeError:
        encoded = text.encode(encoding, "replace")
    # evaluate gives UTF-16 a generic "not valid UTF-8" message (see the xfail test below), still one line
    everything("byte order mark or other encoding", _write(scratch, encoded))


@pytest.mark.slow
@fuzz(4)
@examples([{"size": 1_000_000, "where": w, "char": c} for w, c in zip(("key", "choice", "question", "option", "text"), ("a", "가", "\\", "[", "😀"))])
@given(
    size=st.sampled_from([10_000, 100_000, 1_000_000]),
    where=st.sampled_from(["key", "choice", "question", "option", "text"]),
    char=st.sampled_from(["a", "가", " ", "\\", "[", "😀", "\\n"]),
)
def test_very_long_strings(scratch, size, where, char):
    long = char * (size // len(char))
    if where == "key":
        text = json.dumps({long: True})
    elif where == "choice":
        text = json.dumps({"request_rate": long})
    elif where == "question":
        text = json.dumps({"question": long, "options": {"A": "x", "B": "y"}})
    elif where == "option":
        text = json.dumps({"question": "Which?", "options": {"A": long, "B": "y"}})
    else:
        text = "Which one is right? " + long + "\nA. one\nB. two\n"
    path = _write(scratch, text.encode("utf-8", "surrogatepass"), "long.txt" if where == "text" else "long.json")
    everything("very long string", path)


def _random_record(rng) -> dict:
    """A record for a large batch: mostly valid answers, some wrong types, unknown traits, nulls."""
    record = {}
    for q in rng.sample(list(KB.questions.values()), rng.randint(0, 6)):
        roll = rng.random()
        if roll < 0.8:
            if q.type is TraitType.BOOL:
                value = rng.random() < 0.5
            elif q.type is TraitType.CHOICE:
                value = rng.choice(q.choice_values())
            else:
                value = round(rng.uniform(q.min, q.max), 3)
        elif roll < 0.9:
            value = None
        else:
            value = rng.choice(["yes", 1e300, -1, [], {}, "", "\u2028"])
        record[q.trait] = value
    if rng.random() < 0.03:
        record["not_a_trait"] = True
    return record


@pytest.mark.slow
@fuzz(2)
@given(seed=st.integers(0, 2**32), count=st.integers(1000, 3000), layout=st.sampled_from(["jsonl", "list"]))
def test_thousands_of_records(scratch, seed, count, layout):
    import random

    rng = random.Random(seed)
    records = [_random_record(rng) for _ in range(count)]
    if layout == "jsonl":
        text = "\n".join(json.dumps(r) for r in records) + "\n"
    else:
        text = json.dumps(records, indent=1)
    path = _write(scratch, text.encode())
    CASES["thousands of records"] += 1
    r = run("evaluate", path, "--format", "json")
    check(r, [path], batch=True, format_id=EVALUATE)
    assert len(json.loads(r.stdout)["results"]) == len(records)
    # the single-answer-set commands refuse a batch with one line
    for argv, options in answers_commands(path, "json", evaluate=False):
        r = run(*argv)
        check(r, [path, EXAMPLE], **options)
        if argv[0] != "explain":
            assert r.status == 1 and "expected one answer set" in r.stderr


@pytest.mark.slow
@fuzz(15)
@given(data=st.one_of(serialized(answers_like), serialized(json_value), st.binary(max_size=200)))
def test_standard_input(data):
    CASES["standard input"] += 1
    for argv, options in answers_commands("-", "json"):
        check(run(*argv, stdin=data), ["<stdin>", EXAMPLE], **options)


# ------------------------------------------------------------------------------- special files

def _special(tmp_path: Path, kind: str) -> str:
    path = tmp_path / f"{kind}.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "missing":
        pass
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "blank":
        path.write_bytes(b" \n\t\n")
    elif kind == "through-a-file":
        path.write_bytes(b"{}")
        return str(path / "x.json")
    elif kind == "dev-null":
        return os.devnull
    return str(path)


SPECIAL = ["directory", "fifo", "missing", "empty", "blank", "through-a-file", "dev-null"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", SPECIAL)
def test_special_files(tmp_path, monkeypatch, kind):
    monkeypatch.setattr("advisor.inputs.FIFO_WAIT", 0.2)
    path = _special(tmp_path, kind)
    CASES["special file"] += 1
    for argv, options in answers_commands(path, "json"):
        r = run(*argv)
        check(r, [path, EXAMPLE], **options)
        assert r.status == 1, r


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_with_a_writer_is_read(tmp_path):
    """A named pipe someone writes to (as with ``<(jq ...)``) is read, not refused."""
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    payload = Path(EXAMPLE).read_bytes()

    def writer():
        with open(fifo, "wb") as fh:  # blocks until the advisor opens it for reading
            fh.write(payload)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    r = run("why-not", "AWS WAF", "--answers", str(fifo), "--format", "json")
    thread.join(5)
    check(r, [str(fifo)], format_id=IDS["why-not"])
    assert r.status == 0 and json.loads(r.stdout)["answers"]["static_content"] is True


def test_an_input_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "big.json"
    with open(path, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    r = run("explain", str(path))
    check(r, [str(path)])
    assert r.status == 1 and "too large" in r.stderr


def test_the_strict_json_parser_names_the_place():
    cases = {
        '{"a": 1,\n "a": 2}': "line 2, column 2",
        '{"a": {"b": 1}, "b": 2}': None,  # same name in two objects: no duplicate
        '{"x": "\\ud800"}': "line 1, column 8",
        '{"x": "\\ud83d\\ude00"}': None,  # a proper pair
        '{"x": "\\\\ud800"}': None,  # an escaped backslash, then text
        "[" * 5000 + "]" * 5000: "line 1, column 201",
        '{"n":\n ' + "7" * 5000 + "}": "line 2, column 2",
    }
    for text, place in cases.items():
        try:
            parse_json("f.json", text)
        except InputError as exc:
            assert place is not None and exc.place == place, (text[:40], exc)
        else:
            assert place is None, text[:40]


# ------------------------------------------------------------------------------- evaluate's reader

def test_evaluate_survives_deep_nesting(tmp_path):
    path = _write(tmp_path, b"[" * 10_000 + b"]" * 10_000)
    check(run("evaluate", path, "--format", "json"), [path], batch=True, format_id=EVALUATE)


def test_evaluate_names_the_place_of_a_number_too_long_to_convert(tmp_path):
    path = _write(tmp_path, b'{"object_size_gb":\n ' + b"9" * 5000 + b"}")
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 2" in r.stderr and "sys.set_int_max_str_digits" not in r.stderr, r.stderr


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_evaluate_names_the_place_of_nan_and_infinity(tmp_path, constant):
    path = _write(tmp_path, f'{{\n  "object_size_gb": {constant}\n}}'.encode())
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 2" in r.stderr, r.stderr


def test_evaluate_names_the_place_of_a_key_given_twice_on_one_line(tmp_path):
    path = _write(tmp_path, b'{"static_content": true, "static_content": false}')
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 1" in r.stderr, r.stderr


def test_evaluate_says_utf16_is_not_supported(tmp_path):
    path = _write(tmp_path, '{"static_content": true}'.encode("utf-16"))
    r = run("evaluate", path)
    assert r.status == 1 and "UTF-16" in r.stderr


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_evaluate_does_not_hang_on_a_fifo(tmp_path):
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    try:
        # a hang lasts for ever; the limit only has to outlast a start-up on a busy machine (4 s did not)
        r = subprocess.run(
            [sys.executable, "-m", "advisor", "evaluate", str(fifo)], capture_output=True, text=True, timeout=60, cwd=ROOT
        )
    except subprocess.TimeoutExpired:
        pytest.fail("advisor evaluate waited for a writer on the FIFO")
    assert r.returncode == 1 and "named pipe" in r.stderr


# ------------------------------------------------------------------------------- the real entry point

@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_real_entry_point_on_bad_inputs(tmp_path):
    """A handful of the classes above through ``python -m advisor``, in a real process."""
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    deep = _write(tmp_path, b"[" * 10_000 + b"]" * 10_000, "deep.json")
    surrogate = _write(tmp_path, b'{"question": "why \\ud800?", "options": {"A": "x", "B": "y"}}', "surrogate.json")
    utf16 = _write(tmp_path, '{"static_content": true}'.encode("utf-16"), "utf16.json")
    digits = _write(tmp_path, b'{"ram_gb": ' + b"1" * 5000 + b"}", "digits.json")
    cases = [
        (["explain", str(fifo)], "named pipe"),
        (["why-not", "AWS WAF", "--answers", deep], "nested too deeply"),
        (["explain", surrogate, "--format", "json"], "surrogate"),
        (["how", "Amazon CloudFront", "--answers", utf16], "UTF-16 is not supported"),
        (["diff", EXAMPLE, digits], "more than 4300 digits"),
        (["explain", str(tmp_path)], "is a directory"),
    ]
    for argv, fragment in cases:
        CASES["real entry point"] += 1
        r = subprocess.run([sys.executable, "-m", "advisor", *argv], capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert r.returncode == 1, (argv, r.stderr)
        assert r.stdout == "" and "Traceback" not in r.stderr, (argv, r.stderr)
        assert r.stderr.count("\n") == 1 and fragment in r.stderr, (argv, r.stderr)


@pytest.mark.slow
def test_odd_file_names_through_the_real_entry_point(tmp_path):
    """A name that is not UTF-8 is shown with its odd bytes escaped (the JSON stays UTF-8, issue 14
    #16); a name with a line break stays on one line."""
    odd = os.fsencode(str(tmp_path)) + b"/answers\xff.json"
    with open(odd, "wb") as fh:
        fh.write(Path(EXAMPLE).read_bytes())
    r = subprocess.run([sys.executable, "-m", "advisor", "why-not", "AWS WAF", "--answers", odd, "--format", "json"], capture_output=True, timeout=60, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert b'"source": "' + os.fsencode(str(tmp_path)) + b'/answers\\\\xff.json"' in r.stdout
    r.stdout.decode("utf-8")
    CASES["real entry point"] += 2
    broken = str(tmp_path / "two\nlines\u2028.json")
    r = subprocess.run([sys.executable, "-m", "advisor", "explain", broken], capture_output=True, timeout=60, cwd=ROOT)
    assert r.returncode == 1 and r.stderr.count(b"\n") == 1 and b"no such file" in r.stderr, r.stderr


@pytest.mark.slow
@fuzz(15)
@given(
    target=st.text(max_size=40) | st.sampled_from(["AWS WAF", "cloudfront", "", " ", "amazon", "nat-gateway-route"]),
    trait=st.text(max_size=30) | st.sampled_from(["static_content=yes", "ram_gb=200 GB", "ram_gb=1e400", "object_size_gb=nan", "db_engine=oracle", "x=", "=1"]),
)
def test_arbitrary_command_line_values(target, trait):
    """Targets of how/why-not and --trait values of explain: a result, or one usage line."""
    CASES["command-line value"] += 1
    for argv, options in (
        (("how", target, "--answers", EXAMPLE, "--format", "json"), {"format_id": IDS["how"]}),
        (("why-not", target, "--answers", EXAMPLE, "--format", "json"), {"format_id": IDS["why-not"]}),
        (("explain", str(QUESTION), "--trait", trait, "--format", "json"), {"format_id": IDS["explain"]}),
    ):
        r = run(*argv)
        check(r, [EXAMPLE, str(QUESTION)], **options)
        if r.status == 2:
            # ours (one line), or argparse's usage and then its one-line error
            assert r.stdout == "" and "error: " in r.stderr.splitlines()[-1], r.stderr


# ------------------------------------------------------------------------------- issue 14: hostile text

#: what else some readers take for a line break
SEPARATORS = ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\x0b"]

from fuzzing import assert_terminal_safe, hostile_text  # noqa: E402


@pytest.mark.slow
@fuzz(12)
@given(question=hostile_text(st, 200), options=st.lists(hostile_text(st, 40), min_size=2, max_size=4),
       as_json=st.booleans(), fmt=st.sampled_from(["text", "json"]))
def test_control_characters_and_markup_in_every_question_field(scratch, question, options, as_json, fmt):
    """Question and option text with escape sequences, BiDi overrides and rich markup: shown
    escaped and literal in every format, never a traceback (issue 14 #1, #2)."""
    CASES["hostile text: question"] += 1
    if as_json:
        data = json.dumps({"question": question or "q", "options": {chr(65 + i): o or "x" for i, o in enumerate(options)}})
    else:
        data = (question or "q").replace("\n", " ") + "\n" + "".join(f"{chr(65 + i)}. {o or 'x'}\n" for i, o in enumerate(options))
    path = _write(scratch, data.encode("utf-8", "surrogatepass"), "hostile-q.json" if as_json else "hostile-q.txt")
    r = run("explain", path, "--format", fmt)
    check(r, [path], format_id=IDS["explain"] if fmt == "json" else None)


@pytest.mark.slow
@fuzz(12)
@given(keys=st.lists(hostile_text(st, 24), max_size=3), value=hostile_text(st, 30),
       fmt=st.sampled_from(["text", "json", "jsonl", "markdown"]))
def test_control_characters_and_markup_in_every_answers_field(scratch, keys, value, fmt):
    """Hostile trait names and values in a batch: the errors quote them escaped (issue 14 #1)."""
    CASES["hostile text: answers"] += 1
    records = [{"static_content": True}, {k: value for k in keys} or {"static_content": value}, {"global_users": value}]
    path = _write(scratch, ("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n").encode("utf-8", "surrogatepass"), "hostile.jsonl")
    check(run("evaluate", path, "--format", fmt), [path], batch=True, format_id=EVALUATE if fmt == "json" else None)


@pytest.mark.slow
@fuzz(8)
@given(name=hostile_text(st, 30).filter(lambda n: "/" not in n and "\x00" not in n and n not in ("", ".", "..")),
       fmt=st.sampled_from(["text", "json", "markdown"]))
def test_control_characters_in_file_names(scratch, name, fmt):
    """A file name shown in titles and in JSON's "source" (issue 14 #1, #16)."""
    CASES["hostile text: file name"] += 1
    try:
        path = _write(scratch, Path(EXAMPLE).read_bytes(), name[:100] + ".json")
    except (OSError, UnicodeEncodeError, ValueError):
        return
    r = run("evaluate", path, "--format", fmt)
    assert r.status == 0, r.stderr
    assert_terminal_safe(r)


@pytest.mark.slow
@fuzz(8)
@examples([{"separators": [sep], "count": 3, "at": 1} for sep in SEPARATORS])
@given(separators=st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=4),
       count=st.integers(2, 12), at=st.integers(0, 11))
def test_line_separators_inside_strings_never_split_records(scratch, separators, count, at):
    """Only "\\n" ends a JSON Lines record: every record keeps its index and line (issue 14 #5)."""
    CASES["U+2028 / U+0085 in a record"] += 1
    lines = [json.dumps({"static_content": True}) for _ in range(count)]
    lines[at % count] = '{"static_content": true, "note' + "".join(separators) + '": 1}'
    path = _write(scratch, ("\n".join(lines) + "\n").encode("utf-8"), "separators.jsonl")
    r = run("evaluate", path, "--format", "jsonl")
    results = [json.loads(line) for line in r.stdout.split("\n") if line]
    assert [(x["index"], x["line"]) for x in results] == [(i, i + 1) for i in range(count)], r.stderr
    assert "error" in results[at % count]


@pytest.mark.slow
@fuzz(4)
@given(count=st.integers(120, 260), long_at=st.lists(st.integers(0, 259), min_size=1, max_size=3))
def test_long_lines_mid_batch_give_the_same_output_for_any_jobs(scratch, monkeypatch_module, count, long_at):
    """A line over the limit is that record's error; the rest is evaluated, the same with any
    --jobs (issue 14 #6)."""
    CASES["long line mid-batch"] += 1
    lines = [json.dumps({"static_content": i % 2 == 0, "global_users": i % 3 == 0}) for i in range(count)]
    for i in long_at:
        lines[i % count] = json.dumps({"static_content": True, "pad": "x" * 3000})
    path = _write(scratch, ("\n".join(lines) + "\n").encode("utf-8"), "long.jsonl")
    outputs = {jobs: run("evaluate", path, "--format", "jsonl", "--jobs", jobs) for jobs in ("1", "2")}
    assert outputs["1"].stdout == outputs["2"].stdout and outputs["1"].status == outputs["2"].status == 1
    results = [json.loads(line) for line in outputs["1"].stdout.splitlines()]
    assert len(results) == count
    assert {r["index"] for r in results if "error" in r} == {i % count for i in long_at}


@pytest.fixture(scope="module")
def monkeypatch_module():
    """A line limit small enough to generate lines over it cheaply (shared by the cases)."""
    from advisor.answers import stream as records

    mp = pytest.MonkeyPatch()
    mp.setattr(records, "MAX_LINE", 2048)
    yield mp
    mp.undo()

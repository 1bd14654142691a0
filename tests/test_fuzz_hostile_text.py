"""Hostile text (issue 14): control characters, escape sequences, BiDi overrides and rich markup
in every field of a question and of an answer set, in file names and in command-line values;
raw U+2028 / U+0085 inside JSON Lines records; lines over the limit in the middle of a batch.

The property (tests/fuzzing.py :func:`check`): exit status 0, 1 or 2; no traceback; one line on
stderr naming the file and the place; standard output holds a complete, valid result or nothing;
nothing a terminal would act on reaches stdout or stderr raw. Runs are reproducible (the "ci"
Hypothesis profile in conftest.py derandomizes them); set ADVISOR_FUZZ=explore for fresh random
cases and more of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fuzzing import CASES, assert_terminal_safe, check, fuzz, hostile_text, run
from hypothesis import given
from hypothesis import strategies as st
from input_fuzzing import EVALUATE, EXAMPLE, IDS, QUESTION, examples, write_input


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


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
    path = write_input(scratch, data.encode("utf-8", "surrogatepass"), "hostile-q.json" if as_json else "hostile-q.txt")
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
    path = write_input(scratch, ("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n").encode("utf-8", "surrogatepass"), "hostile.jsonl")
    check(run("evaluate", path, "--format", fmt), [path], batch=True, format_id=EVALUATE if fmt == "json" else None)


@pytest.mark.slow
@fuzz(8)
@given(name=hostile_text(st, 30).filter(lambda n: "/" not in n and "\x00" not in n and n not in ("", ".", "..")),
       fmt=st.sampled_from(["text", "json", "markdown"]))
def test_control_characters_in_file_names(scratch, name, fmt):
    """A file name shown in titles and in JSON's "source" (issue 14 #1, #16)."""
    CASES["hostile text: file name"] += 1
    try:
        path = write_input(scratch, Path(EXAMPLE).read_bytes(), name[:100] + ".json")
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
    path = write_input(scratch, ("\n".join(lines) + "\n").encode("utf-8"), "separators.jsonl")
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
    path = write_input(scratch, ("\n".join(lines) + "\n").encode("utf-8"), "long.jsonl")
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

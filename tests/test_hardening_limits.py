"""Issue 14, reading and limits: JSON Lines records and their line numbers (#5, #6, #10, #18),
linear time, --jobs capped (#13), catastrophic regexes refused (#12), deep keys (#14) and answer
letters given twice (#18).

Each test names the issue's case (#N) it keeps fixed; the other cases are in tests/test_hardening_*.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli



def _run(argv, stdin="", tty=False):
    r = run_cli(*argv, stdin=stdin, environ={"COLUMNS": "100"}, tty=tty)
    return r.status, r.stdout, r.stderr


# ----------------------------------------------------------------- #5, #6, #10, #18: reading records

def _evaluate_jsonl(tmp_path, lines: list[str], *extra: str):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _run(["evaluate", str(path), "--format", "jsonl", *extra])


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\x0c", "\x1c", "\r"])
def test_a_line_separator_inside_a_string_does_not_split_a_record(tmp_path, separator):
    """#5: records and line numbers after it are the same as without it."""
    good = '{"static_content": true}'
    odd = '{"static_content": true, "x' + separator + '": 1}'
    status, out, err = _evaluate_jsonl(tmp_path, [good, odd, good])
    results = [json.loads(line) for line in out.splitlines()]
    assert [(r["index"], r["line"]) for r in results] == [(0, 1), (1, 2), (2, 3)], err
    assert ("unknown trait" if separator > "\x7f" else "control character") in results[1]["error"] and status == 1


@pytest.mark.parametrize("jobs", ["1", "2", "auto"])
def test_a_line_too_long_is_that_records_error_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    """#6: the same output for any --jobs; the JSON document on stdout is complete."""
    from advisor.answers import stream as records

    monkeypatch.setattr(records, "MAX_LINE", 4096)
    lines = ['{"static_content": true}'] * 300
    lines[120] = '{"static_content": true, "pad": "' + "x" * 10000 + '"}'
    status, out, err = _evaluate_jsonl(tmp_path, lines, "--jobs", jobs)
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 300 and status == 1
    assert results[120] == {"index": 120, "line": 121, "error": "the line is longer than 4,096 bytes"}
    assert "record 121 (line 121)" in err and err.count("\n") == 1
    path = tmp_path / "in.jsonl"
    status, doc, err = _run(["evaluate", str(path), "--format", "json", "--jobs", jobs])
    assert len(json.loads(doc)["results"]) == 300


def test_a_minified_json_array_may_be_longer_than_a_line(tmp_path, monkeypatch):
    """#18: the line limit is not applied to one JSON document (which has its own, larger limit)."""
    from advisor.answers import stream as records

    monkeypatch.setattr(records, "MAX_LINE", 1000)
    path = tmp_path / "one-line.json"
    path.write_text(json.dumps([{"static_content": True}] * 500), encoding="utf-8")
    status, out, err = _run(["evaluate", str(path), "--format", "jsonl"])
    assert status == 0, err
    assert len(out.splitlines()) == 500
    monkeypatch.setattr(records, "MAX_DOCUMENT", 5000)
    status, out, err = _run(["evaluate", str(path), "--format", "jsonl"])
    assert status == 1 and "too large for one JSON document" in err


def _cpu(fn) -> float:
    import time

    start = time.process_time()
    fn()
    return time.process_time() - start


def _grows_linearly(run, small: int, factor: int = 4) -> None:
    """The CPU time of ``run(small * factor)`` is not more than twice ``factor`` times that of
    ``run(small)`` (a linear reading gives ``factor``, a quadratic one ``factor`` squared): the shape
    of the growth, not a number of seconds, so a slow or busy machine passes as well as a fast one."""
    run(small)  # warm caches and lazy imports
    base = min(_cpu(lambda: run(small)) for _ in range(3))
    big = min(_cpu(lambda: run(small * factor)) for _ in range(2))
    assert big <= 2 * factor * base + 0.05, (base, big)


def test_json_array_line_numbers_are_found_in_linear_time():
    """#10: 50,000 elements (the quadratic version took 93 s); compared with a direct count, and the
    time grows with the length, not its square."""
    from advisor.answers.read import element_lines as _element_lines

    def run(n):
        text = json.dumps([{"static_content": True, "global_users": False}] * n, indent=2)
        assert _element_lines(text, n) == [2 + 4 * i for i in range(n)]  # each element is 4 lines long

    run(50_000)
    _grows_linearly(run, 12_500)


@pytest.mark.parametrize("text", ["1 GB " * 2000, "1 GB. " * 3330, "an object of 2 TB and 16 GB of memory, " * 500])
def test_reading_quantities_is_linear_and_the_length_limit_bounds_time(kb, text):
    """#11: '1 GB ' * 2000 took 14.5 s; any text within the 20,000-character limit is read in a
    time that grows with its length (the number cues' words are found once per sentence, not once
    per quantity)."""
    from advisor.explain import explain
    from advisor.explain.parse import MAX_CHARS, parse

    assert len(text) <= MAX_CHARS
    explain(kb, parse("q.txt", text))  # the whole text within the limit is read
    quarter = text[: len(text) // 4]
    _grows_linearly(lambda n: explain(kb, parse("q.txt", quarter * (n // len(quarter)))), len(quarter))


# ----------------------------------------------------------------- #13 --jobs is capped

@pytest.mark.parametrize("jobs", ["999999", "64", "auto"])
def test_jobs_are_capped_at_cores_and_records(tmp_path, monkeypatch, jobs):
    """#13: a large --jobs is accepted but never starts more workers than cores or chunks of records."""
    from advisor import batch

    started = []
    real = batch._parallel

    def spy(records, renderer, n, chunk):
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool

        def counting(context, processes=None, *args, **kwargs):
            started.append(processes)
            return pool(processes, *args, **kwargs)

        monkeypatch.setattr(type(multiprocessing.get_context("fork")), "Pool", counting)
        yield from real(records, renderer, n, chunk)

    monkeypatch.setattr(batch, "cpu_count", lambda: 3)
    monkeypatch.setattr(batch, "_parallel", spy)
    monkeypatch.setattr(batch, "AUTO_WINDOW", 1)  # --jobs auto: one record here, then workers
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)
    lines = [json.dumps({"static_content": i % 2 == 0}) for i in range(150)]  # two chunks of 100
    status, out, err = _evaluate_jsonl(tmp_path, lines, "--jobs", jobs)
    assert status == 0, err
    assert len(out.splitlines()) == 150
    assert started == [2], started


# ----------------------------------------------------------------- #12 catastrophic regexes

CATASTROPHIC = [
    r"(?:[a-z]+ ?)+(?:signed|logged) out",  # the pattern
    r"(a*)*b",
    r"(?:\w+\s?)*x",
    r"(?:a?)+b",
    r"(x+x+)+y",
    r"(?:[a-z]+ ?){0,50}done",
]
SAFE = [r"(?:\S+ ){0,6}(?:to|into) s3", r"colou?r", r"[0-9]+(?:\.[0-9]+)?", r"(?:[a-z]+ )+x", r"(?:ab)+c"]


def _cue_kb(tmp_path, pattern: str) -> Path:
    d = tmp_path / "kb"
    d.mkdir()
    (d / "cues.toml").write_text(
        "# a cue of a team's own\n\n[[cue]]\nid = \"signed-out\"\ntrait = \"static_content\"\nvalue = true\n"
        f"en = [{json.dumps(pattern)}]\n",
        encoding="utf-8",
    )
    return d


@pytest.mark.parametrize("pattern", CATASTROPHIC)
def test_a_catastrophic_cue_is_refused_at_load(tmp_path, pattern):
    """#12: a --kb cue that would hang explain is refused (file:line), by kb check and explain."""
    d = _cue_kb(tmp_path, pattern)
    commands = [["kb", "check", "--kb", str(d), "--kb-only"]]
    if pattern == CATASTROPHIC[0]:
        commands.append(["explain", "-", "--kb", str(d)])
    for argv in commands:
        status, out, err = _run(argv, stdin="Users are signed out.\nA. x\nB. y\n")
        assert status == 1 and err.count("\n") == 1, (argv, err)
        assert f"{d / 'cues.toml'}:7:" in err and "backtrack catastrophically" in err, err


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_repeats_are_accepted(pattern):
    from advisor.regexshape import problem

    assert problem(pattern) is None



# ----------------------------------------------------------------- #14 deep keys, #18 answer letters

@pytest.mark.parametrize("key", ["note." + ".".join(f"k{i}" for i in range(1500)) + " = 1",
                                 "[" + ".".join(f"t{i}" for i in range(50_000)) + "]"])
def test_a_deeply_dotted_key_is_refused_before_parsing(tmp_path, key):
    """#14: RecursionError at 1,500 parts; 105 s and 14.7 GB at 50,000."""

    from advisor import kb as kbmod
    from advisor.errors import KnowledgeError

    (tmp_path / "kb.toml").write_text("# deep\n" + key + "\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"kb.toml:2: TOML key with more than 32 dotted parts"):
        kbmod.load([tmp_path], builtin=False)  # refused before parsing: no RecursionError, no hours


def test_an_answer_letter_given_twice_is_named():
    """#18: it used to say "'choose' is 2, but there are only 2 options"."""
    from advisor.errors import InputError
    from advisor.explain.parse import parse

    with pytest.raises(InputError, match="the answer 'A' is listed twice"):
        parse("q.json", json.dumps({"question": "Which one?", "options": {"A": "x", "B": "y"}, "answer": ["A", "A"]}))

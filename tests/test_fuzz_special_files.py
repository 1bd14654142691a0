"""Special files in place of an input (a directory, a FIFO, /dev/null, a missing or empty file),
an input over the size limit, the places the strict JSON readers name, and a handful of bad
inputs and odd file names through the real entry point, ``python -m advisor``, in a process.

The property (tests/fuzzing.py :func:`check`): exit status 0, 1 or 2; no traceback; one line on
stderr naming the file and the place; standard output holds a complete, valid result or nothing;
nothing a terminal would act on reaches stdout or stderr raw. Runs are reproducible (the "ci"
Hypothesis profile in conftest.py derandomizes them); set ADVISOR_FUZZ=explore for fresh random
cases and more of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from fuzzing import CASES, check, run
from input_fuzzing import EVALUATE, EXAMPLE, IDS, ROOT, answers_commands, write_input

from advisor.errors import InputError
from advisor.inputs import MAX_BYTES, parse_json


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
    path = write_input(tmp_path, b"[" * 10_000 + b"]" * 10_000)
    check(run("evaluate", path, "--format", "json"), [path], batch=True, format_id=EVALUATE)


def test_evaluate_names_the_place_of_a_number_too_long_to_convert(tmp_path):
    path = write_input(tmp_path, b'{"object_size_gb":\n ' + b"9" * 5000 + b"}")
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 2" in r.stderr and "sys.set_int_max_str_digits" not in r.stderr, r.stderr


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_evaluate_names_the_place_of_nan_and_infinity(tmp_path, constant):
    path = write_input(tmp_path, f'{{\n  "object_size_gb": {constant}\n}}'.encode())
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 2" in r.stderr, r.stderr


def test_evaluate_names_the_place_of_a_key_given_twice_on_one_line(tmp_path):
    path = write_input(tmp_path, b'{"static_content": true, "static_content": false}')
    r = run("evaluate", path, "--format", "json")
    assert r.status == 1 and "line 1" in r.stderr, r.stderr


def test_evaluate_says_utf16_is_not_supported(tmp_path):
    path = write_input(tmp_path, '{"static_content": true}'.encode("utf-16"))
    r = run("evaluate", path)
    assert r.status == 1 and "UTF-16" in r.stderr


# ------------------------------------------------------------------------------- the real entry point

@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_real_entry_point_on_bad_inputs(tmp_path):
    """A handful of the classes above through ``python -m advisor``, in a real process."""
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    deep = write_input(tmp_path, b"[" * 10_000 + b"]" * 10_000, "deep.json")
    surrogate = write_input(tmp_path, b'{"question": "why \\ud800?", "options": {"A": "x", "B": "y"}}', "surrogate.json")
    utf16 = write_input(tmp_path, '{"static_content": true}'.encode("utf-16"), "utf16.json")
    digits = write_input(tmp_path, b'{"ram_gb": ' + b"1" * 5000 + b"}", "digits.json")
    cases = [
        (["evaluate", str(fifo)], "named pipe"),  # refused at once: no writer is waited for
        (["explain", str(fifo)], "named pipe"),
        (["why-not", "AWS WAF", "--answers", deep], "nested too deeply"),
        (["explain", surrogate, "--format", "json"], "surrogate"),
        (["how", "Amazon CloudFront", "--answers", utf16], "UTF-16 is not supported"),
        (["diff", EXAMPLE, digits], "more than 4300 digits"),
        (["explain", str(tmp_path)], "is a directory"),
    ]
    for argv, fragment in cases:
        CASES["real entry point"] += 1
        try:
            # a hang lasts for ever; the limit only has to outlast a start-up on a busy machine
            r = subprocess.run([sys.executable, "-m", "advisor", *argv], capture_output=True, text=True, timeout=60, cwd=ROOT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"advisor {argv[0]} hung on {argv[-1]}")
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

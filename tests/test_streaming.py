"""Streaming: JSON Lines in, one line at a time; the JSON document out, one result at a time."""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from advisor import jsontext
from advisor.progress import BatchProgress
from advisor.answers import open_records

ONE = '{"static_content": true}'


def test_json_lines_are_read_lazily(kb, write):
    path = write("many.jsonl", (ONE + "\n") * 5000)
    stream = open_records(kb, path)
    first = next(iter(stream))
    assert first.answers == {"static_content": True}
    assert stream.unit == "bytes" and stream.total == 5000 * (len(ONE) + 1)
    assert stream.done < stream.total // 10  # only the first lines were read
    stream.close()


def test_bom_crlf_and_blank_lines_keep_line_numbers(cli, write):
    path = write("a.jsonl", b"\xef\xbb\xbf" + f"{ONE}\r\n\r\n{ONE}\r\n".encode())
    r = cli("evaluate", path, "--format", "json")
    assert r.status == 0, r.stderr
    assert [(x["index"], x["line"]) for x in r.json()["results"]] == [(0, 1), (1, 3)]


def test_a_line_that_is_not_utf8_is_that_records_error(cli, write):
    path = write("a.jsonl", f"{ONE}\n".encode() + b'{"static_content": "\xff"}\n' + f"{ONE}\n".encode())
    r = cli("evaluate", path, "--format", "json")
    assert r.status == 1
    results = r.json()["results"]
    assert "error" in results[1] and "not valid UTF-8 (byte 0xff" in results[1]["error"]
    assert results[0]["conclusions"] and results[2]["conclusions"]
    assert "record 2 (line 2): not valid UTF-8" in r.stderr


def test_json_lines_are_parsed_strictly_record_by_record(cli, write):
    lines = [ONE, '{"object_size_gb": NaN}', '{"static_content": true, "static_content": true}',
             '{"object_size_gb": ' + "9" * 5000 + "}", '{"x": "\\ud800"}', '{"static_content": tru}', ONE]
    r = cli("evaluate", write("a.jsonl", "\n".join(lines) + "\n"), "--format", "json")
    assert r.status == 1
    results = r.json()["results"]
    assert "error" not in results[0] and "error" not in results[-1]
    errors = [x.get("error", "") for x in results[1:-1]]
    assert "NaN is not a valid JSON number" in errors[0] and "(column 20)" in errors[0]
    assert "appears twice" in errors[1]
    assert "more than 4300 digits" in errors[2]
    assert "surrogate" in errors[3]
    assert "malformed JSON: expecting value (column 20)" == errors[4]
    assert r.stderr.count("\n") == 5 and "record 2 (line 2): malformed JSON: NaN" in r.stderr


def test_a_nul_byte_in_a_line_is_that_records_error(cli, write):
    path = write("a.jsonl", f"{ONE}\n".encode() + b'{"static_content":\x00 true}\n' + f"{ONE}\n".encode())
    r = cli("evaluate", path, "--format", "jsonl")
    assert r.status == 1 and "record 2 (line 2): holds a NUL byte" in r.stderr
    assert [("error" in json.loads(x)) for x in r.stdout.splitlines()] == [False, True, False]


def test_a_line_or_a_document_too_long_is_refused_with_its_place(cli, write, monkeypatch):
    import advisor.answers.stream as records

    monkeypatch.setattr(records, "MAX_LINE", 100)
    # a line too long is that record's error (issue 14 #6): the records after it are evaluated
    r = cli("evaluate", write("a.jsonl", f"{ONE}\n{ONE}\n" + "{" + " " * 200 + "}\n" + f"{ONE}\n"), "--format", "jsonl")
    assert r.status == 1 and "record 3 (line 3): the line is longer than 100 bytes" in r.stderr
    assert [("error" in json.loads(x)) for x in r.stdout.splitlines()] == [False, False, True, False]
    monkeypatch.setattr(records, "MAX_DOCUMENT", 50)
    r = cli("evaluate", write("b.json", "[\n" + ",\n".join([ONE] * 5) + "\n]\n"))
    assert r.status == 1 and r.stdout == "" and "too large for one JSON document" in r.stderr


def test_utf16_is_refused_before_any_output(cli, write):
    r = cli("evaluate", write("a.jsonl", f"{ONE}\n{ONE}\n".encode("utf-16")), "--format", "json")
    assert r.status == 1 and r.stdout == "" and "UTF-16 is not supported" in r.stderr


def test_a_first_line_that_only_looks_like_an_object_is_read_as_one_document(cli, write):
    # `{"static_content": true, "x": {}` is not JSON on its own: the file is one document
    path = write("a.json", '{"static_content": true, "x": {}\n}\n')
    r = cli("evaluate", path, "--format", "json")
    (result,) = r.json()["results"]
    assert result["line"] == 1 and "unknown trait 'x'" in result["error"]


def test_json_lines_on_standard_input(cli):
    r = cli("evaluate", "-", "--format", "jsonl", stdin=f"{ONE}\n{{}}\n")
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(x["index"], x["line"]) for x in lines] == [(0, 1), (1, 2)]
    assert lines[0]["conclusions"] and lines[1]["conclusions"] == []


def test_an_empty_list_gives_an_empty_results_list(cli, write):
    r = cli("evaluate", write("a.json", "[]"), "--format", "json")
    expected = {"format": "arch-advisor/evaluate", "version": 1, "source": r.json()["source"], "results": []}
    assert r.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert cli("evaluate", write("b.json", "[]"), "--format", "markdown").stdout == "# arch-advisor report\n\n"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(_json, st.integers(min_value=0, max_value=4))
def test_jsontext_writes_what_json_dumps_writes(value, level):
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert jsontext.dumps(value) == expected
    assert jsontext.dumps(value, level) == expected.replace("\n", "\n" + "  " * level)
    if isinstance(value, dict) and value:
        assert "{" + jsontext.members(value, level + 1) + "\n" + "  " * level + "}" == jsontext.dumps(value, level)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Env:
    def __init__(self, stdout, stderr):
        self.stdout, self.stderr = stdout, stderr

    def error(self, message):
        self.stderr.write(f"advisor: error: {message}\n")


class _Stream:
    total, done, count = 1000, 0, 0


def test_progress_bar_only_on_a_terminal_and_only_when_long(monkeypatch):
    import advisor.progress as progress

    quiet = BatchProgress(_Env(io.StringIO(), io.StringIO()), _Stream())
    assert not quiet.enabled  # stderr is not a terminal
    both = BatchProgress(_Env(_Tty(), _Tty()), _Stream())
    assert not both.enabled  # the report itself is on the terminal

    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "REFRESH", 0.0)
    err = _Tty()
    stream = _Stream()
    bar = BatchProgress(_Env(io.StringIO(), err), stream)
    assert bar.enabled
    for _ in range(128):
        stream.count += 1
        stream.done += 5
        bar.advance()
    bar.error("a.jsonl: record 3 (line 3): bad")
    bar.close()
    shown = err.getvalue()
    assert "evaluating" in shown and "128 records" in shown
    assert "advisor: error: a.jsonl: record 3 (line 3): bad" in shown


def test_no_progress_output_when_not_a_terminal(monkeypatch):
    import advisor.progress as progress

    monkeypatch.setattr(progress, "DELAY", 0.0)
    err = io.StringIO()
    bar = BatchProgress(_Env(io.StringIO(), err), _Stream())
    for _ in range(200):
        bar.advance()
    bar.error("x: bad")
    bar.close()
    assert err.getvalue() == "advisor: error: x: bad\n"

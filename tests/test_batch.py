"""Correctness under speed: the fast path gives the bytes of experta used plainly.

The fast path declares one answers fact, reuses one compiled engine on a hashed matcher,
evaluates repeated answer sets once (a bounded cache), streams the output and, with --jobs,
spreads chunks over processes. The plain path (bench/plain.py) is experta as a careful user would
write it: one fact per answer, experta's own matcher, one engine reset per record, the whole
document encoded at the end with json.dumps(indent=2). On a few hundred random scenarios, with
repeats and invalid records mixed in, the outputs must be equal.
"""

from __future__ import annotations

import importlib.util
import io
import json

import pytest

from advisor import batch
from advisor.answers import validate
from advisor.env import make_console
from advisor.present.evaluation import render_evaluation
from advisor.present.words import Words
from conftest import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: --jobs 2 starts worker processes: end to end, so left out of the quick loop (-m "not slow")
WORKERS = pytest.param("2", marks=pytest.mark.slow)

plain = _load("plain")
scenarios = _load("scenarios")


@pytest.fixture(scope="module")
def mixed(kb, tmp_path_factory):
    """A JSON Lines file of 300 distinct scenarios, some repeated, some invalid, some blank lines,
    and the records it holds as (index, line, answers, error), worked out independently."""
    items = list(scenarios.generate(kb, 300, seed=11))
    lines: list[str] = []
    for i, answers in enumerate(items):
        lines.append(json.dumps(answers))
        if i % 25 == 0:
            lines.append(json.dumps(items[i // 3]))  # the same answer set again
            lines.append(json.dumps(dict(reversed(list(items[i // 3].items())))))  # same, other order
        if i % 97 == 0:
            lines.append('{"static_content": true, "nope": 1}')
        if i % 131 == 0:
            lines.append("")
    lines.append('{"object_size_gb": -3}')
    path = tmp_path_factory.mktemp("batch") / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = []
    index = 0
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        try:
            records.append((index, number, validate(kb, json.loads(line)), None))
        except ValueError as exc:
            records.append((index, number, None, str(exc)))
        index += 1
    return str(path), records


@pytest.fixture(scope="module")
def expected(kb, mixed):
    """The plain path's outputs, computed once."""
    path, records = mixed
    evaluated = plain.evaluations(kb, records)
    return {
        "json": plain.document(kb, path, evaluated),
        "json-ko": plain.document(kb, path, evaluated, lang="ko"),
        "markdown": plain.markdown(kb, path, evaluated),
    }


def test_the_mix_has_repeats_and_errors(mixed):
    _, records = mixed
    valid = [batch.cache_key(a) for _, _, a, e in records if e is None]
    assert len(valid) > len(set(valid)) >= 300
    assert sum(e is not None for *_, e in records) == 5


@pytest.mark.parametrize("jobs", ["1", WORKERS])
def test_json_is_byte_identical_to_the_plain_path(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "json", "--jobs", jobs)
    assert r.status == 1  # the invalid records
    assert r.stdout == expected["json"]
    assert r.stderr.count("advisor: error:") == 5


@pytest.mark.slow
def test_auto_jobs_switches_to_workers_and_keeps_the_bytes(cli, mixed, expected, monkeypatch):
    path, _ = mixed
    monkeypatch.setattr(batch, "AUTO_WINDOW", 40)
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)  # every window counts as costly
    monkeypatch.setattr(batch, "CHUNK", 7)  # many chunks, more than the in-flight limit
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    r = cli("evaluate", path, "--format", "json")
    assert r.stdout == expected["json"]


def test_auto_jobs_stays_in_process_while_records_are_cheap(cli, mixed, expected, monkeypatch):
    """--jobs auto decides by the measured cost of each window of records, not by their count:
    while records cost less than AUTO_COST here (as repeated, cached answer sets do), no worker
    is started, however long the batch."""
    path, _ = mixed
    monkeypatch.setattr(batch, "AUTO_WINDOW", 40)
    monkeypatch.setattr(batch, "AUTO_COST", float("inf"))
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)

    def no_workers(*args, **kwargs):
        raise AssertionError("workers were started for cheap records")

    monkeypatch.setattr(batch, "_parallel", no_workers)
    r = cli("evaluate", path, "--format", "json")
    assert r.stdout == expected["json"]


@pytest.mark.slow
def test_korean_json_is_byte_identical(cli, mixed, expected):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "json", "--lang", "ko", "--jobs", "2")
    assert r.stdout == expected["json-ko"]


@pytest.mark.parametrize("jobs", ["1", WORKERS])
def test_json_lines_output_is_the_results_one_per_line(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "jsonl", "--jobs", jobs)
    results = json.loads(expected["json"])["results"]
    lines = r.stdout.splitlines()
    assert [json.loads(line) for line in lines] == results
    assert lines == [json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in results]


@pytest.mark.parametrize("jobs", ["1", WORKERS])
def test_markdown_is_byte_identical(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "markdown", "--jobs", jobs)
    assert r.stdout == expected["markdown"]


#: the rich text report is slow to draw (~80 ms a record, drawn three times here): the mix's first
#: lines are enough, as they hold every kind of line (repeats in both orders, an invalid record,
#: a blank line); in chunks of 8, both workers draw several chunks each
TEXT_LINES = 32


@pytest.mark.slow
def test_text_report_is_the_same_with_workers(cli, kb, mixed, tmp_path, monkeypatch):
    path, records = mixed
    lines = open(path, encoding="utf-8").read().splitlines()[:TEXT_LINES]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kept = [r for r in records if r[1] <= TEXT_LINES]
    assert {"", lines[0]} < set(lines) and len(kept) > len({batch.cache_key(a) for _, _, a, e in kept if e is None}) + 1
    buffer = io.StringIO()
    console = make_console(buffer, is_tty=False)
    reference = plain.PlainEngine(kb)
    for index, line, answers, error in kept:
        if error is None:
            title = f"{small} · record {index + 1} (line {line})"
            render_evaluation(console, kb, reference.evaluate(answers), title, Words("en"), show_trace=True)
    one = cli("evaluate", str(small), "--trace", "--jobs", "1")
    started = []
    real = batch._parallel
    monkeypatch.setattr(batch, "_parallel", lambda records, renderer, jobs, chunk: started.append(jobs) or real(records, renderer, jobs, chunk))
    monkeypatch.setattr(batch, "CHUNK", 8)
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    two = cli("evaluate", str(small), "--trace", "--jobs", "2")
    assert started == [2]
    assert one.status == two.status == 1 and one.stdout == two.stdout == buffer.getvalue()


def test_workers_draw_text_at_the_width_columns_asks_for(cli, tmp_path, monkeypatch):
    """A file or a pipe takes its width from COLUMNS: the workers' reports too (they drew at the
    default width, so --jobs 2 printed other bytes than --jobs 1)."""
    monkeypatch.setattr(batch, "CHUNK", 2)
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    one = cli("evaluate", "examples/class-answers.jsonl", "--jobs", "1", environ={"COLUMNS": "60"})
    two = cli("evaluate", "examples/class-answers.jsonl", "--jobs", "2", environ={"COLUMNS": "60"})
    wide = cli("evaluate", "examples/class-answers.jsonl", "--jobs", "2")
    assert one.stdout == two.stdout != wide.stdout
    assert len(two.stdout.splitlines()[0]) == 60 and len(wide.stdout.splitlines()[0]) == 100  # each title's rule


# ---------------------------------------------------------------------- --jobs auto, by measured work

@pytest.fixture(scope="module")
def repeated(kb, tmp_path_factory):
    """A cache-friendly batch: 12 distinct answer sets repeated to 400 records, in a cycle."""
    distinct = list(scenarios.generate(kb, 12, seed=3, answered=0.7))
    path = tmp_path_factory.mktemp("repeated") / "repeated.jsonl"
    path.write_text("".join(json.dumps(distinct[i % 12]) + "\n" for i in range(400)), encoding="utf-8")
    return str(path)


def test_auto_jobs_serves_a_repeated_batch_without_workers(cli, repeated, monkeypatch):
    """Only cache misses count as work workers could take: once the first half of a window has
    seen every answer set, the second halves cost nothing here, so no worker is ever started,
    even when any miss at all would count as costly (AUTO_COST 0)."""
    one = cli("evaluate", repeated, "--format", "json", "--jobs", "1")
    monkeypatch.setattr(batch, "AUTO_WINDOW", 40)
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)

    def no_workers(*args, **kwargs):
        raise AssertionError("workers were started for a batch served from the cache")

    monkeypatch.setattr(batch, "_parallel", no_workers)
    auto = cli("evaluate", repeated, "--format", "json", "--jobs", "auto")
    assert auto.status == one.status == 0
    assert auto.stdout == one.stdout


def test_auto_jobs_counts_only_the_misses_of_a_windows_second_half(kb, monkeypatch):
    """The decision, in process: a window whose second half repeats its first half starts no
    worker; new answer sets in the second half do (AUTO_COST 0: any miss is costly)."""
    from advisor.answers import Record

    sets = list(scenarios.generate(kb, 8, seed=4, answered=0.7))
    monkeypatch.setattr(batch, "AUTO_WINDOW", 8)
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)
    started = []
    monkeypatch.setattr(batch, "_parallel", lambda records, *a: started.append(list(records)) or iter(()))

    def run(answer_sets):
        records = [Record(i, i + 1, a) for i, a in enumerate(answer_sets)]
        renderer = batch.Renderer(kb, "jsonl", "en")
        return list(batch.outputs(records, renderer, 2, auto=True)), renderer

    done, renderer = run(sets[:4] * 2 + sets[:4] * 3)  # 20 records: second halves all cached
    assert len(done) == 20 and not started and renderer.hits == 16
    done, _ = run(sets[:4] + sets[4:8] + sets[:4])  # the first window's second half is new
    assert len(done) == 8 and len(started) == 1 and len(started[0]) == 4


@pytest.mark.slow
def test_workers_get_each_new_answer_set_once_and_the_bytes_stay(cli, repeated, monkeypatch):
    """With workers, this process serves what it has cached and sends each distinct answer set
    once, also when the same set is still in flight in an earlier chunk."""
    one = cli("evaluate", repeated, "--format", "json", "--jobs", "1")
    sent = []
    real = batch._send_compact

    def counting(pool, renderer, chunk, inflight):
        out = real(pool, renderer, chunk, inflight)
        sent.extend(key for key, _ in out.misses)
        return out

    monkeypatch.setattr(batch, "_send_compact", counting)
    monkeypatch.setattr(batch, "CHUNK", 5)  # many chunks in flight at once
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    two = cli("evaluate", repeated, "--format", "json", "--jobs", "2")
    assert two.stdout == one.stdout
    assert len(sent) == len(set(sent)) == 12
    import gc

    assert gc.get_freeze_count() == 0  # frozen only while the workers were forked


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_auto_jobs_that_starts_workers_midway_keeps_the_bytes(cli, kb, mixed, repeated, tmp_path, monkeypatch, fmt):
    """A batch that is cheap at first (repeats) and then turns to new answer sets: auto starts
    workers midway, and the output is the one of --jobs 1."""
    path, _ = mixed
    both = tmp_path / "both.jsonl"
    both.write_text(open(repeated, encoding="utf-8").read() + open(path, encoding="utf-8").read(), encoding="utf-8")
    one = cli("evaluate", str(both), "--format", fmt, "--jobs", "1")
    started = []
    real = batch._parallel
    monkeypatch.setattr(batch, "_parallel", lambda *a: started.append(1) or real(*a))
    monkeypatch.setattr(batch, "AUTO_WINDOW", 40)
    monkeypatch.setattr(batch, "AUTO_COST", 0.0)
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    auto = cli("evaluate", str(both), "--format", fmt, "--jobs", "auto")
    assert started == [1]
    assert auto.status == one.status == 1 and auto.stdout == one.stdout

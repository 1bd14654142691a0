"""Correctness under speed: the fast path gives the naive path's bytes.

The fast path reuses one compiled engine (reset() between runs), evaluates repeated answer sets
once (a bounded cache), streams the output and, with --jobs, spreads chunks over processes. The
naive path (bench/naive.py) compiles a new engine class and instance for every scenario and
encodes the whole document at the end with json.dumps(indent=2), as `evaluate` used to. On a few
hundred random scenarios, with repeats and invalid records mixed in, the outputs must be equal.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys

import pytest

from advisor import batch
from advisor.answers import Record, validate
from advisor.env import make_console
from advisor.report import render_evaluation
from conftest import ROOT


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


naive = _load("naive")
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
    """The naive path's outputs, computed once (it compiles an engine per scenario: slow)."""
    path, records = mixed
    evaluated = naive.naive_evaluations(kb, records)
    return {
        "json": naive.document(kb, path, evaluated),
        "json-ko": naive.document(kb, path, evaluated, lang="ko"),
        "markdown": naive.markdown(kb, path, evaluated),
    }


def test_the_mix_has_repeats_and_errors(mixed):
    _, records = mixed
    valid = [batch.cache_key(a) for _, _, a, e in records if e is None]
    assert len(valid) > len(set(valid)) >= 300
    assert sum(e is not None for *_, e in records) == 5


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_is_byte_identical_to_the_naive_path(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "json", "--jobs", jobs)
    assert r.status == 1  # the invalid records
    assert r.stdout == expected["json"]
    assert r.stderr.count("advisor: error:") == 5


def test_auto_jobs_switches_to_workers_and_keeps_the_bytes(cli, mixed, expected, monkeypatch):
    path, _ = mixed
    monkeypatch.setattr(batch, "AUTO_AFTER", 40)
    monkeypatch.setattr(batch, "CHUNK", 7)  # many chunks, more than the in-flight limit
    monkeypatch.setattr(batch, "cpu_count", lambda: 2)
    r = cli("evaluate", path, "--format", "json")
    assert r.stdout == expected["json"]


def test_korean_json_is_byte_identical(cli, mixed, expected):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "json", "--lang", "ko", "--jobs", "2")
    assert r.stdout == expected["json-ko"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_json_lines_output_is_the_results_one_per_line(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "jsonl", "--jobs", jobs)
    results = json.loads(expected["json"])["results"]
    lines = r.stdout.splitlines()
    assert [json.loads(line) for line in lines] == results
    assert lines == [json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in results]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_markdown_is_byte_identical(cli, mixed, expected, jobs):
    path, _ = mixed
    r = cli("evaluate", path, "--format", "markdown", "--jobs", jobs)
    assert r.stdout == expected["markdown"]


def test_text_report_is_the_same_with_workers(cli, kb, mixed, tmp_path):
    path, records = mixed
    # the rich text report is slow to draw: a slice of the mix is enough here
    lines = open(path, encoding="utf-8").read().splitlines()[:60]
    small = tmp_path / "small.jsonl"
    small.write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    console = make_console(buffer, is_tty=False)
    for index, line, answers, error in records:
        if error is None and line <= 60:
            title = f"{small} · record {index + 1} (line {line})"
            render_evaluation(console, kb, naive.PlainEngine(kb).evaluate(answers), title, "en", show_trace=True)
    one = cli("evaluate", str(small), "--trace", "--jobs", "1")
    two = cli("evaluate", str(small), "--trace", "--jobs", "2")
    assert one.stdout == two.stdout == buffer.getvalue()


def test_the_hashed_matcher_concludes_what_experta_s_own_matcher_concludes(kb, engine):
    """advisor/rete.py only skips alpha tests that must fail: same conclusions, same trace."""
    from advisor.rete import IndexedReteMatcher

    plain = naive.PlainEngine(kb)
    assert not isinstance(plain._instance.matcher, IndexedReteMatcher)
    assert isinstance(engine._instance.matcher, IndexedReteMatcher)
    for answers in scenarios.generate(kb, 400, seed=23):
        answers = validate(kb, answers)
        fast, slow = engine.evaluate(answers), plain.evaluate(answers)
        assert fast.trace == slow.trace
        assert [(c.rule.id, c.step) for c in fast.conclusions] == [(c.rule.id, c.step) for c in slow.conclusions]


def test_repeated_answer_sets_are_evaluated_once(kb, mixed, monkeypatch):
    _, records = mixed
    renderer = batch.Renderer(kb, "json", "en")
    calls = []
    real = renderer.engine.evaluate
    monkeypatch.setattr(renderer.engine, "evaluate", lambda answers: calls.append(1) or real(answers))
    for index, line, answers, error in records:
        renderer.render(Record(index, line, answers, error))
    distinct = {batch.cache_key(a) for _, _, a, e in records if e is None}
    assert len(calls) == len(distinct) and renderer.hits == sum(e is None for *_, e in records) - len(distinct)


def test_the_cache_is_bounded_and_eviction_changes_nothing(kb, mixed):
    _, records = mixed
    small = batch.Renderer(kb, "json", "en", cache_size=8)
    big = batch.Renderer(kb, "json", "en")
    for index, line, answers, error in records:
        record = Record(index, line, answers, error)
        assert small.render(record) == big.render(record)
        assert len(small._cache) <= 8


def test_cache_key_is_canonical():
    assert batch.cache_key({"a": 1.0, "b": True}) == batch.cache_key({"b": True, "a": 1.0})
    assert batch.cache_key({"a": 1.0}) != batch.cache_key({"a": 2.0})


def test_outputs_keep_input_order_with_many_small_chunks(kb, mixed):
    _, records = mixed
    items = [Record(*r) for r in records]
    renderer = batch.Renderer(kb, "jsonl", "en")
    got = list(batch.outputs(items, renderer, jobs=2, chunk=3))
    assert [r.index for r, _ in got] == [r.index for r in items]
    assert [text for _, text in got] == [renderer.render(r) for r in items]


@pytest.mark.slow
def test_batch_output_does_not_depend_on_the_hash_seed(mixed):
    path, _ = mixed
    outputs = set()
    for seed in ("0", "7"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-m", "advisor", "evaluate", path, "--format", "json", "--jobs", "2"],
            capture_output=True, env=env,
        ).stdout
        outputs.add(out)
    assert len(outputs) == 1


@pytest.mark.parametrize("value", ["0", "-2", "many"])
def test_bad_jobs_is_a_usage_error(cli, write, value):
    r = cli("evaluate", write("a.json", "{}"), "--jobs", value)
    assert r.status == 2 and "argument --jobs:" in r.stderr

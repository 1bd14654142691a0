"""`advisor evaluate`, `advisor schema`, `advisor kb export`: formats, shapes and bad input."""

from __future__ import annotations

import json

import pytest

STATIC = '{"static_content": true, "multi_region": false, "object_size_gb": 0.2}'


def test_text_report_names_rule_answers_and_notes(cli, write):
    path = write("a.json", STATIC)
    r = cli("evaluate", path)
    assert r.status == 0, r.stderr
    out = r.stdout
    assert "Serve the static content through Amazon CloudFront" in out
    assert "rule static-content-cloudfront" in out
    assert "because static_content = yes" in out
    assert "static-content-s3-cloudfront · 자주 틀리는 문제" in out
    assert "\x1b[" not in out  # no colour codes when not a terminal


def test_korean_report(cli, write):
    r = cli("evaluate", write("a.json", STATIC), "--lang", "ko")
    assert "정적 콘텐츠를 Amazon CloudFront로 제공하세요" in r.stdout
    assert "static_content = 예" in r.stdout


def test_trace_in_text(cli, write):
    r = cli("evaluate", write("a.json", STATIC), "--trace")
    assert "Trace" in r.stdout and "static-content-cloudfront" in r.stdout


def test_json_shape(cli, write):
    r = cli("evaluate", write("a.json", STATIC), "--format", "json")
    doc = r.json()
    assert doc["format"] == "arch-advisor/evaluate" and doc["version"] == 1
    (result,) = doc["results"]
    assert result["answers"] == {"multi_region": False, "object_size_gb": 0.2, "static_content": True}
    kinds = [c["kind"] for c in result["conclusions"]]
    assert kinds == sorted(kinds, key=["recommend", "avoid", "warn", "advise"].index)
    cf = next(c for c in result["conclusions"] if c["rule"] == "static-content-cloudfront")
    assert cf["service"] == "Amazon CloudFront"
    assert cf["notes"] == ["static-content-s3-cloudfront", "cloudfront-static-distribution"]
    assert cf["because"] == [{"trait": "static_content", "value": True}]
    assert {"kind", "title", "service", "rule", "notes", "detail", "because", "answers", "step"} <= set(cf)
    step = result["trace"][cf["step"] - 1]
    assert step["rule"] == "static-content-cloudfront"
    assert step["declared"] == [{"conclusion": "recommend"}]


def test_json_chain_grounds_in_answers(cli, write):
    path = write("a.json", '{"uses_lambda": true, "private_resources": true, "internet_egress": true}')
    result = cli("evaluate", path, "--format", "json").json()["results"][0]
    nat = next(c for c in result["conclusions"] if c["rule"] == "nat-gateway-for-egress")
    assert nat["because"] == [{"derived": "private-subnet-egress"}]
    assert nat["answers"] == {"internet_egress": True, "private_resources": True, "uses_lambda": True}


def test_markdown(cli, write):
    r = cli("evaluate", write("a.json", STATIC), "--format", "markdown")
    assert r.stdout.startswith("# arch-advisor report")
    assert "### Recommended" in r.stdout and "`static-content-cloudfront`" in r.stdout


def test_list_and_json_lines_and_stdin(cli, write):
    listed = cli("evaluate", write("l.json", f"[{STATIC}, {{}}]"), "--format", "json").json()
    assert [r["index"] for r in listed["results"]] == [0, 1]
    assert listed["results"][1]["conclusions"] == []
    lines = cli("evaluate", write("l.jsonl", f"{STATIC}\n\n{{\"geo_restriction\": true}}\n"), "--format", "json").json()
    assert [r["line"] for r in lines["results"]] == [1, 3]
    piped = cli("evaluate", "-", "--format", "json", stdin=STATIC).json()
    assert piped["source"] == "<stdin>" and piped["results"][0]["conclusions"]


def test_null_means_dont_know(cli, write):
    r = cli("evaluate", write("a.json", '{"static_content": null}'), "--format", "json")
    assert r.status == 0 and r.json()["results"][0]["answers"] == {}


@pytest.mark.parametrize("content, fragment", [
    ('{"static_contnet": true}', "unknown trait 'static_contnet'; did you mean 'static_content'?"),
    ('{"static_content": "yes"}', "field 'static_content': expected true or false"),
    ('{"object_size_gb": 60000}', "field 'object_size_gb': 60000 is out of range (0 to 53687 GB)"),
    ('{"object_size_gb": true}', "field 'object_size_gb': expected a number of GB, got the boolean true"),
    ('{"db_engine": "mysq"}', "'mysq' is not one of"),
    ('[1]', "record 1 (line 1): expected a JSON object"),
])
def test_bad_records_are_one_line_errors(cli, write, content, fragment):
    path = write("bad.json", content)
    r = cli("evaluate", path)
    assert r.status == 1
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stderr.startswith(f"advisor: error: {path}: record 1 (line 1): ")
    assert fragment in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("content, fragment", [
    ("", "the file is empty"),
    ("   \n", "the file is empty"),
    ('{"static_content": tru}', "malformed JSON"),
    ('{"static_content": true, "static_content": false}', "appears twice"),
    ('{"object_size_gb": NaN}', "NaN is not a valid JSON number"),
    (b'{"static_content": true}\xff', "not valid UTF-8"),
])
def test_bad_files_are_one_line_errors(cli, write, content, fragment):
    path = write("bad.json", content)
    r = cli("evaluate", path)
    assert r.status == 1, r.stdout
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and fragment in r.stderr
    assert r.stderr.startswith(f"advisor: error: {path}")


def test_malformed_json_names_line_and_column(cli, write):
    r = cli("evaluate", write("bad.json", '{\n  "static_content": true,\n}'))
    assert ": line 3, column 1: malformed JSON" in r.stderr


def test_missing_file_and_directory(cli, tmp_path):
    r = cli("evaluate", str(tmp_path / "nope.json"))
    assert r.status == 1 and "nope.json: no such file" in r.stderr
    r = cli("evaluate", str(tmp_path))
    assert r.status == 1 and "is a directory" in r.stderr


def test_one_bad_record_does_not_stop_the_batch(cli, write):
    path = write("b.jsonl", '{"static_content": true}\n{"nope": 1}\n{"geo_restriction": true}\n')
    r = cli("evaluate", path, "--format", "json")
    assert r.status == 1
    results = r.json()["results"]
    assert [("error" in x) for x in results] == [False, True, False]
    assert "record 2 (line 2): unknown trait 'nope'" in r.stderr


def test_usage_errors_exit_2(cli):
    assert cli("evaluate").status == 2
    assert cli("evaluate", "x.json", "--format", "yaml").status == 2
    assert cli("no-such-command").status == 2


def test_version_and_help(cli):
    from advisor import __version__

    r = cli("--version")
    assert r.status == 0 and __version__ in r.stdout
    r = cli()
    assert r.status == 2 and "evaluate" in r.stdout


def test_schema_validates_the_examples(cli, kb):
    jsonschema = pytest.importorskip("jsonschema")
    from conftest import ROOT

    schema = cli("schema").json()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    examples = sorted((ROOT / "examples").glob("*.json"))
    assert examples
    for path in examples:
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    assert list(validator.iter_errors({"static_content": "yes"}))
    assert list(validator.iter_errors({"object_size_gb": 99999}))
    assert set(schema["$defs"]["answers"]["properties"]) == set(kb.questions) | {"_consultation"}
    # a saved consultation (language, parts, order) is a valid answers file; a bad part is not
    for path in sorted((ROOT / "tests" / "scenarios").glob("*.json")):
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    assert not list(validator.iter_errors({"_consultation": {"lang": "ko", "parts": ["queue"], "order": ["static_content"]}}))
    assert list(validator.iter_errors({"_consultation": {"parts": ["cross-account"]}}))


@pytest.mark.parametrize("record, expected", [
    ('{"s3_access_from": "cross-account"}', "did you mean 'other-accounts'?"),
    ('{"db_engine": "postgres"}', "did you mean 'postgresql'?"),
    ('{"db_engine": "sql server"}', "did you mean 'sqlserver'?"),
    ('{"_consultation": {"parts": ["load-balancers"]}}', "unknown part 'load-balancers'; did you mean 'load-balancer'?"),
])
def test_a_bad_value_suggests_the_one_meant(cli, write, record, expected):
    r = cli("evaluate", write("a.json", record))
    assert r.status == 1 and r.stderr.count("\n") == 1 and expected in r.stderr, r.stderr


def test_every_bad_field_of_a_record_is_reported(cli, write):
    r = cli("evaluate", write("a.json", '{"static_content": "yes", "db_engine": "db2", "ram_gb": -1, "bogus": 1}'))
    assert r.status == 1 and r.stderr.count("\n") == 1, r.stderr
    for field in ("'static_content'", "'db_engine'", "'ram_gb'", "'bogus'"):
        assert field in r.stderr
    assert "4 problems" in r.stderr


def test_a_saved_consultation_evaluates_like_its_answers(cli, write):
    with_meta = cli("evaluate", write(
        "a.json", '{"_consultation": {"lang": "ko", "parts": ["queue"], "order": ["decouple_components"]}, "decouple_components": true}'))
    plain = cli("evaluate", write("b.json", '{"decouple_components": true}'))
    assert with_meta.status == plain.status == 0
    assert with_meta.stdout.replace("a.json", "b.json") == plain.stdout


def test_examples_all_evaluate_cleanly(cli):
    from conftest import ROOT

    for path in sorted((ROOT / "examples").glob("*.json")):
        r = cli("evaluate", str(path), "--format", "json")
        assert r.status == 0, (path, r.stderr)
        assert r.json()["results"][0]["conclusions"], path


def test_kb_export(cli, kb):
    doc = cli("kb", "export").json()
    assert set(doc) == {"notes", "rules", "questions", "derived", "cues", "terms", "claims", "exams"}
    assert len(doc["exams"]) == len(kb.exams) and len(doc["claims"]) == len(kb.claims)
    assert len(doc["notes"]) == len(kb.notes) and len(doc["rules"]) == len(kb.rules)
    rule = next(r for r in doc["rules"] if r["id"] == "small-uploads-cloudfront")
    assert {"trait": "object_size_gb", "lt": 1} in rule["when"]


@pytest.mark.parametrize("argv", [
    ("evaluate", "x.json", "--jobs", "0"),
    ("evaluate", "x.json", "--jobs", "many"),
    ("quiz", "--count", "0"),
    ("quiz", "--count", "2.5"),
])
def test_counts_below_one_or_not_whole_are_usage_errors(cli, argv):
    r = cli(*argv)
    assert r.status == 2 and "Traceback" not in r.stderr
    assert "expected" in r.stderr.splitlines()[-1]

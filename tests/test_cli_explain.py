"""`advisor explain`: text and JSON, both languages, workload mode, overrides and bad input."""

from __future__ import annotations

import json

import pytest

GEO = """A company hosts a video site on EC2 instances behind an Application Load Balancer.
For licensing reasons, viewers in two countries must be blocked. What should a solutions architect do?
A. Add deny rules for those countries to the security groups.
B) Attach an AWS WAF web ACL with a geo match rule to the load balancer.
(C) Turn on S3 Transfer Acceleration.
D. Give every instance an Elastic IP address.
"""

GEO_KO = """ALB 뒤의 EC2에서 실행되는 웹 애플리케이션이 있다. 법적 이유로 특정 국가의 사용자는 접속을 막아야 한다. 가장 적절한 방법은?
① 보안 그룹에 해당 국가를 거부하는 규칙을 추가한다.
② ALB에 AWS WAF 웹 ACL을 연결하고 지리적 일치 규칙을 만든다.
③ S3 Transfer Acceleration을 켠다.
④ 각 인스턴스에 탄력적 IP를 할당한다.
"""


def test_text_names_traits_with_their_words_answer_and_reasons(cli, write):
    r = cli("explain", write("q.txt", GEO))
    assert r.status == 0, r.stderr
    out = r.stdout
    assert "geo_restriction = yes" in out and "“countries must be blocked”" in out
    assert "Answer: B" in out and "confidence: high" in out
    assert "security groups filter by protocol, port and address only" in out.lower()
    # Both AWS answers for blocking countries are offered: CloudFront geographic restrictions (with
    # CloudFront in front of the load balancer) and an AWS WAF geo match rule on the load balancer.
    assert "Filter by country with an AWS WAF geographic match rule" in out.split("instead:", 1)[1].split("\n\n")[0].replace("\n    ", " ")
    assert "security-group-no-geo-restriction" in out
    assert "\x1b[" not in out


def test_json_shape_for_a_question(cli, write):
    doc = cli("explain", write("q.txt", GEO), "--format", "json").json()
    assert doc["format"] == "arch-advisor/explain" and doc["mode"] == "question"
    assert doc["answer"] == ["B"] and doc["confidence"] == "high" and doc["decided"] is True
    assert doc["traits"]["geo_restriction"] is True
    assert set(doc["options"]) == {"A", "B", "C", "D"}
    a, b = doc["options"]["A"], doc["options"]["B"]
    assert a["verdict"] == "contradicted" and "no-security-group-geo-blocking" in a["rules"]
    assert "security-group-no-geo-restriction" in a["notes"]
    assert b["verdict"] == "supported" and "geo-restriction-waf" in b["rules"]
    assert a["instead"] == ["geo-restriction-cloudfront", "geo-restriction-waf"]
    cue = next(c for c in doc["cues"] if c["trait"] == "geo_restriction")
    assert doc["question"][cue["start"]:cue["end"]] == cue["text"]


def test_korean_question_is_explained_in_korean(cli, write):
    r = cli("explain", write("q.txt", GEO_KO))
    assert "정답: ② (B)" in r.stdout and "확신도: 높음" in r.stdout
    assert "보안 그룹은 프로토콜, 포트, 주소로만" in r.stdout
    english = cli("explain", write("q.txt", GEO_KO), "--lang", "en")
    assert "Answer: ② (B)" in english.stdout


def test_json_file_input_with_a_key(cli, write):
    question = {
        "question": "Which TWO settings turn on long polling for an Amazon SQS consumer? (Choose two.)",
        "options": {
            "A": "Set ReceiveMessageWaitTimeSeconds on the queue to a value between 1 and 20.",
            "B": "Pass a WaitTimeSeconds value greater than 0 in the ReceiveMessage call.",
            "C": "Set the visibility timeout to 0.",
            "D": "Set DelaySeconds to 20.",
        },
        "choose": 2,
        "answer": ["A", "B"],
    }
    r = cli("explain", write("q.json", json.dumps(question)))
    assert "Answer: A, B" in r.stdout and "Answer key: A, B · the explanation agrees" in r.stdout
    doc = cli("explain", write("q.json", json.dumps(question)), "--format", "json").json()
    assert doc["key"] == ["A", "B"] and doc["choose"] == 2


def test_workload_mode_gives_traits_and_evaluate_conclusions(cli, write):
    text = "Our static website serves images and videos to users around the world. Some uploads are 200 MB."
    doc = cli("explain", write("w.txt", text), "--format", "json").json()
    assert doc["mode"] == "workload" and "options" not in doc
    assert doc["traits"]["static_content"] is True and doc["traits"]["object_size_gb"] == 0.2
    evaluated = cli("evaluate", write("a.json", json.dumps(doc["traits"])), "--format", "json").json()
    assert doc["conclusions"] == evaluated["results"][0]["conclusions"]
    text_out = cli("explain", write("w.txt", text)).stdout
    assert "Serve the static content through Amazon CloudFront" in text_out


def test_korean_text_is_never_cut_short(cli, write):
    out = cli("explain", write("w.txt", "전 세계 사용자에게 정적 웹 사이트를 제공한다. 해외 지점에서 200MB 파일을 업로드한다.")).stdout
    assert "정적 콘텐츠를 Amazon CloudFront로 제공하세요" in out and "…" not in out


def test_trait_overrides_change_the_reading(cli, write):
    doc = cli("explain", write("q.txt", GEO), "--trait", "geo_restriction=false", "--format", "json").json()
    assert doc["traits"]["geo_restriction"] is False
    assert any(c["how"] == "override" for c in doc["cues"])
    forgotten = cli("explain", write("q.txt", GEO), "--trait", "geo_restriction=unknown", "--format", "json").json()
    assert "geo_restriction" not in forgotten["traits"]


@pytest.mark.parametrize("arg, fragment", [
    ("geo_restriction=maybe", "geo_restriction is yes/no"),
    ("geo_restrction=true", "did you mean 'geo_restriction'?"),
    ("ram_gb=lots", "ram_gb is a number of GB"),
    ("ram_gb=0", "out of range"),
    ("db_engine=db2", "is not one of"),
    ("static_content", "expected NAME=VALUE"),
])
def test_bad_overrides_are_usage_errors(cli, write, arg, fragment):
    r = cli("explain", write("q.txt", GEO), "--trait", arg)
    assert r.status == 2 and fragment in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize("content, fragment", [
    (b'{"question": "Q?", "options": {"A": "a", "A": "b"}}', "key 'A' appears twice"),
    (b"Q?\nA. one\nB. two\nB. three\n", "option B appears twice"),
    (b'{"question": "Q?",', "malformed JSON"),
    (b"\xff\xfeQ?", "UTF-16 is not supported"),
    (b"Q?\n\xffA. one", "not valid UTF-8"),
    (b"", "the file is empty"),
])
def test_bad_files_are_one_line_errors(cli, write, content, fragment):
    path = write("q.txt", content)
    r = cli("explain", path)
    assert r.status == 1 and fragment in r.stderr and path in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_missing_file(cli, tmp_path):
    r = cli("explain", str(tmp_path / "nope.json"))
    assert r.status == 1 and "no such file" in r.stderr


def test_soft_problems_are_messages_not_errors(cli, write):
    one = cli("explain", write("q.txt", "Which?\nA. Use Amazon CloudFront.\n"))
    assert one.status == 0 and "Cannot decide: only one option was found" in one.stdout
    nothing = cli("explain", write("q.txt", "Hello there, how are you?\n"))
    assert nothing.status == 0 and "No trait was recognised in the text." in nothing.stdout
    vague = cli("explain", write("q.txt", "Pick the nicest.\nA. Red.\nB. Blue.\n"), "--format", "json").json()
    assert vague["decided"] is False and vague["answer"] == [] and vague["reason"] == "no-evidence"
    absurd = cli("explain", write("w.txt", "Users far away upload 9000 TB files."), "--format", "json").json()
    assert absurd["ignored"][0]["text"] == "9000 TB" and "object_size_gb" not in absurd["traits"]


def test_stdin(cli):
    r = cli("explain", "-", "--format", "json", stdin=GEO)
    assert r.json()["source"] == "<stdin>" and r.json()["answer"] == ["B"]


# ------------------------------------------------------------------ a list of questions (§4)

def _batch_records():
    geo = {"id": "geo", "question": GEO.splitlines()[0] + " " + GEO.splitlines()[1],
           "options": {"A": "Add deny rules for those countries to the security groups.",
                       "B": "Attach an AWS WAF web ACL with a geo match rule to the load balancer.",
                       "C": "Turn on S3 Transfer Acceleration.", "D": "Give every instance an Elastic IP address."}}
    return [
        dict(geo, answer="B"),
        dict(geo, id="geo-wrong-key", answer="A"),  # scored against a wrong key: wrong, and misleading
        {"id": "nothing", "question": "Which colour is the sky?", "options": ["Blue", "Green"], "answer": "A"},
        dict(geo, id="no-key"),
    ]


def test_a_list_of_questions_is_scored(cli, write):
    import json as _json

    path = write("qs.json", _json.dumps(_batch_records()))
    r = cli("explain", path, "--format", "json")
    assert r.status == 0, r.stderr
    doc = _json.loads(r.stdout)
    t = doc["totals"]
    assert (t["questions"], t["scored"], t["right"], t["wrong"], t["abstained"]) == (4, 3, 1, 1, 1)
    assert t["high_confidence_wrong"] == 1 and t["keys_contradicted"] == 1 and t["wrong_supported"] == 1 and t["misleading"] == 1
    outcomes = {q["id"]: q["outcome"] for q in doc["questions"]}
    assert outcomes == {"geo": "right", "geo-wrong-key": "wrong", "nothing": "abstained", "no-key": None}
    text = cli("explain", path)
    assert text.status == 0
    assert "geo-wrong-key: answer B (high), key A: high-confidence wrong" in text.stdout
    assert "right 1/3 (33%), wrong 1, abstained 1, high-confidence wrong 1" in text.stdout
    assert "1 keys marked contradicted, 1 wrong options marked supported" in text.stdout
    ko = cli("explain", path, "--lang", "ko")
    assert ko.status == 0
    assert "geo-wrong-key: 답 B (높음), 정답 키 A: 높은 확신으로 틀림" in ko.stdout
    assert "맞음 1/3(33%), 틀림 1, 답하지 않음 1, 높은 확신으로 틀림 1" in ko.stdout
    assert "answer" not in ko.stdout and "abstained" not in ko.stdout


def test_json_lines_with_a_bad_record_reports_it_and_scores_the_rest(cli, write):
    import json as _json

    records = _batch_records()
    lines = [_json.dumps(records[0]), '{"question": "x", "options": {"A": "y"', _json.dumps({"question": 3}),
             _json.dumps(records[1]), "[1, 2]"]
    path = write("qs.jsonl", "\n".join(lines) + "\n")
    r = cli("explain", path, "--format", "json")
    assert r.status == 1
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3 and all(e.startswith(f"advisor: error: {path}: record ") for e in errors)
    assert "record 3 (line 3): 'question' must be a string" in r.stderr
    assert "Traceback" not in r.stderr
    t = _json.loads(r.stdout)["totals"]
    assert (t["questions"], t["right"], t["wrong"], t["invalid_records"]) == (2, 1, 1, 3)


def test_a_list_on_standard_input(cli):
    import json as _json

    r = cli("explain", "-", stdin="\n".join(_json.dumps(x) for x in _batch_records()[:2]) + "\n")
    assert r.status == 0, r.stderr
    assert "right 1/2 (50%)" in r.stdout


@pytest.mark.parametrize("text", [
    "Our Lambda functions call only S3 and DynamoDB. The team rejected attaching them to the VPC; empty receives are not an issue.",
    "Lambda 함수는 S3와 DynamoDB만 호출한다. 로드 밸런서 없이 운영하며 빈 응답은 문제가 되지 않는다.",
])
def test_a_workload_description_reads_negations_and_paraphrases(cli, write, text):
    import json as _json

    r = cli("explain", write("w.txt", text), "--format", "json")
    assert r.status == 0, r.stderr
    doc = _json.loads(r.stdout)
    assert doc["mode"] == "workload"
    assert doc["traits"].get("uses_lambda") is True
    assert doc["traits"].get("empty_receives") is not True and doc["traits"].get("load_balancer") is not True


@pytest.mark.parametrize("peek", [64, 1 << 20])
def test_a_long_list_is_streamed_and_scored_alike(cli, write, monkeypatch, peek):
    """A regular file is told apart on its first bytes and then streamed; the figures are the same
    whether the first bytes hold one record or all of them."""
    import json as _json

    import advisor.commands.explain as command

    monkeypatch.setattr(command, "PEEK", peek)
    records = [_json.dumps({"id": f"q{i}", "question": "Which colour is the sky?", "options": ["Blue", "Green"], "answer": "A"})
               for i in range(30)]
    r = cli("explain", write("many.jsonl", "\n".join(records) + "\n"), "--format", "json")
    assert r.status == 0, r.stderr
    assert _json.loads(r.stdout)["totals"]["questions"] == 30

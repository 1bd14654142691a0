"""`advisor how`, `advisor why-not`, `advisor diff`: formats, languages and bad input."""

from __future__ import annotations



LAMBDA = '{"uses_lambda": true, "private_resources": true, "internet_egress": true}'
STATIC = '{"static_content": true, "multi_region": false, "global_users": true, "ram_gb": null}'


def test_how_text_is_a_tree_with_answers_facts_and_notes(cli, write):
    r = cli("how", "nat-gateway-route", "--answers", write("a.json", LAMBDA))
    assert r.status == 0, r.stderr
    out = r.stdout
    assert "How: nat-gateway-route" in out
    assert "[private-subnet-egress]" in out and "derived by rule lambda-vpc-egress" in out
    assert "answer uses_lambda = yes" in out
    assert "├──" in out and "\x1b[" not in out
    # each note's text once, after the trees, referred to by number (as the report does)
    assert "note [1] nat-gateway-route-table" in out and "correction:" in out
    notes = out[out.index("\nNotes\n"):]
    assert notes.count("[1] nat-gateway-route-table ·") == 1
    for note_id in ("nat-gateway-route-table",):
        assert out.count(f"{note_id} ·") == 1
    # the documentation pages are printed whole, one per line, however narrow the output
    narrow = cli("how", "nat-gateway-route", "--answers", write("b.json", LAMBDA), environ={"COLUMNS": "40"}).stdout
    urls = [line for line in narrow.splitlines() if "https://" in line]
    assert urls and all(line.startswith("<") and " https://" in line and line.split()[-1].endswith((".html", "/")) for line in urls)
    assert all(len(line) <= 40 or "https://" in line for line in narrow.splitlines())


def test_how_brief_is_the_chain_without_the_notes_text(cli, write, kb):
    full = cli("how", "NAT gateway", "--answers", write("a.json", LAMBDA)).stdout
    brief = cli("how", "NAT gateway", "--answers", write("a.json", LAMBDA), "--brief").stdout
    assert len(brief.splitlines()) * 2 < len(full.splitlines())
    assert "rule nat-gateway-route" in brief and "note nat-gateway-route-table" in brief
    assert kb.notes["nat-gateway-route-table"].text.en[:40] not in brief
    assert "Notes" not in brief


def test_why_not_labels_rules_that_did_not_fire_as_not_reached(cli, write):
    r = cli("why-not", "AWS Global Accelerator", "--answers", write("a.json", STATIC))
    assert r.status == 0, r.stderr
    assert "would recommend (not reached)" in r.stdout
    assert "✔ Recommended" not in r.stdout
    ko = cli("why-not", "AWS Global Accelerator", "--answers", write("a.json", STATIC), "--lang", "ko")
    assert "권장할 결론 (도달하지 못함)" in ko.stdout


def test_diff_names_one_conclusions_kind_in_the_singular(cli, write):
    r = cli("diff", write("a.json", '{"hibernation": true, "ram_gb": 64}'), write("b.json", '{"hibernation": true, "ram_gb": 256}'))
    assert r.status == 0, r.stderr
    assert "Warning: This instance cannot hibernate" in r.stdout and "Warnings:" not in r.stdout


def test_korean_markdown_is_korean_and_english_explains_korean_sections(cli, write):
    ko = cli("evaluate", write("a.json", '{"hibernation": true, "ram_gb": 256}'), "--format", "markdown", "--lang", "ko").stdout
    assert ko.startswith("# arch-advisor 보고서\n")
    assert "  - 노트 `" in ko and "  - note `" not in ko
    en = cli("evaluate", write("a.json", '{"hibernation": true, "ram_gb": 256}'), "--format", "markdown").stdout
    assert en.startswith("# arch-advisor report\n")
    assert "*Sections in Korean are the study note's own headings.*" in en
    text = cli("evaluate", write("a.json", '{"hibernation": true, "ram_gb": 256}')).stdout
    assert "Sections in Korean are the study note's own headings." in text


def test_corrections_say_the_study_note_not_the_seed(kb):
    for note in kb.notes.values():
        for lang in ("en", "ko"):
            texts = [note.text.get(lang)] + ([note.correction.text.get(lang)] if note.correction else [])
            for t in texts:
                assert "seed" not in t.lower() and "시드" not in t, note.id


def test_how_json(cli, write, kb):
    doc = cli("how", "NAT gateway", "--answers", write("a.json", LAMBDA), "--format", "json").json()
    assert doc["format"] == "arch-advisor/how" and doc["version"] == 1
    nat_rules = sorted(r.id for r in kb.rules.values() if r.service == "NAT gateway")
    assert {"nat-gateway-for-egress", "nat-gateway-route"} <= set(nat_rules)
    assert doc["target"] == {"query": "NAT gateway", "kind": "service", "name": "NAT gateway", "rules": nat_rules}
    # LAMBDA answers no fixed address, so the fixed-outbound-IP rule is not reached.
    assert [n["rule"] for n in doc["reached"]] == ["nat-gateway-for-egress", "nat-gateway-route"]


def test_how_of_something_not_reached_points_to_why_not(cli, write):
    r = cli("how", "nat gateway", "--answers", write("a.json", STATIC))
    assert r.status == 0
    assert "was not reached" in r.stdout and "advisor why-not" in r.stdout


def test_how_in_korean(cli, write):
    r = cli("how", "nat-gateway-route", "--answers", write("a.json", LAMBDA), "--lang", "ko")
    assert "결론에 이른 과정" in r.stdout and "도출한 규칙" in r.stdout and "답변 uses_lambda = 예" in r.stdout


def test_why_not_text(cli, write):
    r = cli("why-not", "AWS Global Accelerator", "--answers", write("a.json", STATIC))
    assert r.status == 0, r.stderr
    out = r.stdout
    assert "Why not AWS Global Accelerator?" in out
    assert "✘ multi_region = yes  (fails: answered no)" in out
    assert "? static_public_ip = yes  (not answered)" in out
    assert "static_content: yes → no" in out
    assert "multi_region: no → yes" not in out  # static content in several Regions goes to CloudFront, not GA
    assert "Concluded about AWS Global Accelerator instead" in out


def test_why_not_json_and_case_insensitive_service(cli, write):
    doc = cli("why-not", "aws global accelerator", "--answers", write("a.json", STATIC), "--format", "json").json()
    assert doc["format"] == "arch-advisor/why-not" and doc["version"] == 1
    assert doc["target"]["name"] == "AWS Global Accelerator" and doc["reached"] is False
    assert doc["answers"] == {"global_users": True, "multi_region": False, "static_content": True}
    (change,) = [c for c in doc["smallest_changes"]
                 if c["answers"] == [{"trait": "static_content", "from": True, "to": False}]]
    assert change["reaches"] == ["dynamic-content-global-accelerator"] and change["adds"] == []
    # what static content concluded goes away (CloudFront for the files, no GA for static content, ...)
    assert {"static-content-cloudfront", "static-content-s3-origin", "no-global-accelerator-for-static"} <= set(change["removes"])
    rules = {r["rule"]: r for r in doc["rules"]}
    assert rules["global-accelerator-static-ips"]["premises"][0] == {
        "trait": "static_public_ip", "condition": "static_public_ip = yes", "status": "open", "answer": None}
    assert doc["concluded_instead"] == ["no-global-accelerator-for-static"]


def test_why_not_a_rule_id_and_dont_know(cli, write):
    path = write("a.json", '{"hibernation": true, "ram_gb": null}')
    doc = cli("why-not", "hibernation-setup", "--answers", path, "--format", "json").json()
    assert doc["target"]["kind"] == "rule"
    assert [p["status"] for p in doc["rules"][0]["premises"]] == ["holds", "dont-know"]
    text = cli("why-not", "hibernation-setup", "--answers", path, "--lang", "ko").stdout
    assert "결론에 없는 이유" in text and "모름" in text


def test_why_not_something_reached_shows_how(cli, write):
    r = cli("why-not", "Amazon CloudFront", "--answers", write("a.json", STATIC))
    assert "was reached" in r.stdout and "rule static-content-cloudfront" in r.stdout


def test_unknown_service_is_one_line_with_did_you_mean(cli, write):
    r = cli("why-not", "Amazon CloudFrnt", "--answers", write("a.json", STATIC))
    assert r.status == 2
    assert r.stderr == "advisor: error: unknown service or rule 'Amazon CloudFrnt'; did you mean 'Amazon CloudFront'?\n"
    r = cli("how", "IAM", "--answers", write("a.json", STATIC))
    assert r.status == 2 and r.stderr.count("\n") == 1 and "matches several services" in r.stderr


def test_bad_answers_file_is_one_line(cli, write):
    r = cli("why-not", "Amazon S3", "--answers", write("bad.json", '{"static_contnet": true}'))
    assert r.status == 1
    assert r.stderr.count("\n") == 1 and "bad.json" in r.stderr and "did you mean 'static_content'" in r.stderr
    r = cli("how", "Amazon S3", "--answers", write("two.json", "[{}, {}]"))
    assert r.status == 1 and "expected one answer set, found 2" in r.stderr
    r = cli("why-not", "Amazon S3", "--answers", "missing.json")
    assert r.status == 1 and "missing.json: no such file" in r.stderr


def test_answers_from_standard_input(cli):
    r = cli("why-not", "NAT gateway", "--answers", "-", "--format", "json", stdin=LAMBDA)
    assert r.status == 0 and r.json()["reached"] is True and r.json()["source"] == "<stdin>"


def test_diff_text_and_json(cli, write):
    a = write("a.json", STATIC)
    b = write("b.json", '{"static_content": true, "multi_region": true, "global_users": true, "static_public_ip": true}')
    r = cli("diff", a, b)
    assert r.status == 0, r.stderr
    out = " ".join(r.stdout.split())
    assert "multi_region: no → yes" in out and "static_public_ip: no answer → yes" in out
    assert "+ ✔ Recommended:" in out and "- ✘ Avoid:" in out
    assert "rule global-accelerator-static-ips · because multi_region: no → yes; static_public_ip: no answer → yes" in out
    doc = cli("diff", a, b, "--format", "json").json()
    assert doc["format"] == "arch-advisor/diff" and doc["before"] == a and doc["after"] == b
    assert doc["changed_answers"] == [
        {"trait": "multi_region", "before": False, "after": True},
        {"trait": "static_public_ip", "before": None, "after": True},
    ]
    removed = {s["rule"]: s["causes"] for s in doc["removed"]}
    assert removed == {"no-global-accelerator-for-static": [{"trait": "multi_region", "before": False, "after": True}]}
    assert "static-content-cloudfront" in doc["unchanged"]


def test_diff_of_identical_answers(cli, write):
    a = write("a.json", STATIC)
    r = cli("diff", a, a, "--lang", "ko")
    assert "답변이 같습니다" in r.stdout and "결론은 바뀌지 않습니다" in r.stdout


def test_diff_refuses_two_standard_inputs(cli):
    r = cli("diff", "-", "-")
    assert r.status == 2 and "only one of A and B" in r.stderr

"""The IAM database authentication caveat (issue 11): direct IAM authentication is suggested below
about 200 new connections per second, so with Lambda functions as clients the advice adds RDS Proxy
(where it fires and where not: the rule's [[rule.example]] tables in knowledge/rules/access.toml)."""

from __future__ import annotations

from advisor import kb as kbmod
from tests.minikb import CDN_NOTE, CDN_QUESTION, CDN_RULE

KB = kbmod.builtin()


def test_rds_proxy_caveat_cites_the_200_connections_note():
    rule = KB.rules["iam-db-auth-through-rds-proxy"]
    assert "rds-proxy-connection-pooling" in rule.notes
    assert "200" in KB.notes["rds-proxy-connection-pooling"].text.en
    assert "200" in KB.rules["iam-database-authentication"].detail.en


def test_a_note_cited_only_by_a_claim_is_not_an_orphan(tmp_path):
    """A fact from the AWS documentation may be used by claims alone (issue 11): kb check counts
    notes cited by claims and practice questions as used, and still flags a note nobody cites."""
    from advisor.kb.lint import check

    (tmp_path / "kb.toml").write_text(
        CDN_QUESTION + CDN_NOTE + """
[[note]]
id = "claim-note"
topic = "s3"
section = "S3 (AWS documentation)"
origin = "aws-docs"
refs = ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html"]
en = "S3 stores objects in buckets."
ko = "S3는 객체를 버킷에 저장한다."

[[note]]
id = "lonely-note"
topic = "s3"
section = "S3 (AWS documentation)"
origin = "aws-docs"
refs = ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html"]
en = "Nobody cites me."
ko = "아무도 인용하지 않는다."
""" + CDN_RULE + """
[[claim]]
id = "s3-has-buckets"
holds = true
notes = ["claim-note"]
all = [["buckets?"]]
because = { en = "Right.", ko = "맞습니다." }
""",
        encoding="utf-8",
    )
    orphans = [f.item for f in check(kbmod.load([tmp_path], builtin=False)) if f.lint == "orphan-note"]
    assert orphans == ["lonely-note"]


def test_commands_that_skip_the_exam_kinds_do_not_call_claim_cited_notes_orphans():
    """evaluate, how, why-not and consult load the base without claims (exam=False); a note that only
    claims cite must not be reported as unused there."""
    from advisor.kb.lint import check

    partial = kbmod.load(exam=False)
    assert not partial.claims
    assert [f for f in check(partial) if f.lint == "orphan-note"] == []
    assert [f for f in check(KB) if f.lint == "orphan-note"] == []

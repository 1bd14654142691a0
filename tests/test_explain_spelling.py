"""Reading how others write: abbreviations, hyphenation and British spelling are matched like the
written-out, usual forms the knowledge's patterns use (advisor/explain/spelling.py)."""

from __future__ import annotations

import pytest

from advisor.explain import scoring
from advisor.explain.spelling import respelt


@pytest.mark.parametrize("text, expected", [
    ("Put the ASGs behind an ALB.", "Put the Auto Scaling groups behind an Application Load Balancer."),
    ("Send failures to a DLQ and enable CRR.", "Send failures to a dead-letter queue and enable Cross-Region Replication."),
    ("Attach EIPs; open the SG and the NACL.", "Attach Elastic IPs; open the security group and the network ACL."),
    ("an auto-scaling group with healthchecks", "an Auto Scaling group with health checks"),
    ("a deadletter queue in a multi AZ cross region setup", "a dead-letter queue in a multi-AZ cross-region setup"),
    ("optimise and centralise the licences; analyse behaviour", "optimize and centralize the licenses; analyze behavior"),
    # Korean: an abbreviation ends where the Latin letters end, before the particle
    ("ASG를 ALB에 연결하고 실패한 메시지는 DLQ로 보낸다",
     "Auto Scaling group를 Application Load Balancer에 연결하고 실패한 메시지는 dead-letter queue로 보낸다"),
])
def test_respelt_writes_out_abbreviations_and_usual_spellings(text, expected):
    assert respelt(text) == expected


@pytest.mark.parametrize("text", [
    "Use a queue between the tiers.", "Amazon SQS and AWS Lambda", "SGD prices", "ALBERT", "the enterprise premise", "exercise advise", "다음 중 옳은 것은?",
])
def test_respelt_leaves_other_text_alone(text):
    assert respelt(text) is None


def test_a_claim_matches_a_hyphenation_its_patterns_do_not_write(kb):
    question = "Workers read messages from an Amazon SQS queue; a few messages fail again and again and block the rest. What should be done?"
    made = {c.id for c in scoring.claims_made(kb, "Send the failing messages to a deadletter queue after a few receives.", question)}
    assert "sqs-dead-letter-queue-for-failing-messages" in made


def test_a_question_situation_is_read_in_either_spelling(kb, monkeypatch):
    """``when`` groups match the question as written or respelt; without respelling the claim
    would not be in the question's situation."""
    question = "워커들이 SQS 대기열의 메시지를 처리하는데 일부 메시지가 계속 실패합니다. 어떻게 해야 할까요?"
    option = "계속 실패하는 메시지를 deadletter 대기열로 보낸다."
    with_respelling = {c.id for c in scoring.claims_made(kb, option, question)}
    kb.__dict__.pop("_situation", None)
    monkeypatch.setattr(scoring, "respelt", lambda text: None)
    without = {c.id for c in scoring.claims_made(kb, option, question)}
    kb.__dict__.pop("_situation", None)
    assert "sqs-dead-letter-queue-for-failing-messages" in with_respelling
    assert "sqs-dead-letter-queue-for-failing-messages" not in without


@pytest.mark.parametrize("text", ["Put the instances in an auto-scaling group.", "인스턴스를 auto-scaling 그룹에 넣는다."])
def test_a_hyphen_between_letters_does_not_hide_a_term(kb, text):
    found = [m for m in scoring.mentions(kb, text) if m.term == "auto-scaling"]
    assert len(found) == 1
    assert found[0].text.lower().startswith("auto-scaling")
    assert text[found[0].start:found[0].end] == found[0].text  # the place is the option's own

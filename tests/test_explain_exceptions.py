"""Questions that ask for the exception ("which will NOT help", "which is not a storage service",
"도움이 되지 않는 것은", "스토리지 서비스가 아닌 것은") are answered with the option the knowledge
contradicts, or, where every other option is supported, with the one nothing speaks for (at no more
than medium confidence); and "choose two" questions answer with two letters."""

from __future__ import annotations

import pytest

from advisor.explain import explain
from advisor.explain.parse import Option, Parsed, normalize, parse


def _ask(kb, question, options, choose=1):
    parsed = Parsed("test", normalize(question), tuple(Option(k, k, normalize(t)) for k, t in zip("ABCD", options)), choose)
    return explain(kb, parsed)


@pytest.mark.parametrize("question, options", [
    ("A team plans a highly available web tier on EC2. Which of the following will not help to achieve high availability?",
     ("Spread the instances over several Availability Zones behind a load balancer.",
      "Use Provisioned IOPS volumes for the instances.",
      "Keep an up-to-date AMI so that replacements launch quickly.")),
    ("EC2로 고가용성 웹 계층을 설계한다. 다음 중 고가용성에 도움이 되지 않는 것은?",
     ("인스턴스를 여러 가용 영역에 나누고 로드 밸런서 뒤에 둔다.",
      "인스턴스에 프로비저닝된 IOPS 볼륨을 쓴다.",
      "교체 인스턴스가 빨리 뜨도록 최신 AMI를 유지한다.")),
])
def test_the_exception_is_the_option_the_knowledge_contradicts(kb, question, options):
    ex = _ask(kb, question, options)
    assert ex.negative
    assert ex.decision.answer == ("B",)
    b = {s.key: s for s in ex.options}["B"]
    assert b.verdict == "false-statement" and b.score < 0


@pytest.mark.parametrize("question, options", [
    ("Which one of the below is not an AWS storage service?", ("Amazon S3.", "Amazon CloudFront.", "Amazon EBS.")),
    ("다음 중 AWS 스토리지 서비스가 아닌 것은?", ("Amazon S3", "Amazon CloudFront", "Amazon EFS")),
])
def test_the_service_outside_the_category_is_the_exception(kb, question, options):
    ex = _ask(kb, question, options)
    assert ex.negative and ex.decision.answer == ("B",)
    verdicts = {s.key: s.verdict for s in ex.options}
    assert verdicts == {"A": "true-statement", "B": "false-statement", "C": "true-statement"}


def test_where_the_others_hold_the_exception_is_the_one_nothing_supports_at_medium_confidence(kb):
    ex = _ask(kb, "Which one of the following is not an AWS storage service?",
              ("Amazon S3.", "Amazon EBS.", "AWS Lambda."))
    assert ex.negative and ex.decision.answer == ("C",)
    assert ex.decision.confidence == "medium"  # nothing refutes C: eliminated, not proven
    assert {s.key: s.verdict for s in ex.options}["C"] == "unknown"


@pytest.mark.parametrize("question, options", [
    ("One instance of an Auto Scaling group fails its EC2 health check. Which of the following does the group NOT do?",
     ("Terminate the instance and launch a replacement.", "Reboot the instance where it stands.", "Treat a stopped instance as unhealthy.")),
    ("Auto Scaling 그룹의 인스턴스 하나가 EC2 상태 확인에 실패했다. 다음 중 Auto Scaling 그룹으로 얻을 수 없는 이점은 무엇입니까?",
     ("비정상 인스턴스를 종료하고 새 인스턴스로 바꾼다.", "비정상 인스턴스를 그 자리에서 재부팅한다.", "부하가 늘면 인스턴스를 더한다.")),
])
def test_what_a_service_does_not_do_for_the_option_is_the_exception(kb, question, options):
    # the option is what the subject does (not): the one the knowledge refutes is the answer
    ex = _ask(kb, question, options)
    assert ex.negative and ex.decision.answer == ("B",)
    assert {s.key: s for s in ex.options}["B"].verdict == "false-statement"


def test_a_property_said_with_not_keeps_the_usual_sense(kb):
    # "will not affect the users" is what the answer must do; here no option is the exception
    ex = _ask(kb, "A media team keeps its files on AWS. Which design will not affect the users while the library grows?",
              ("Keep the files in Amazon S3.", "Keep the files on one EBS volume."))
    assert not ex.negative
    assert all(s.verdict in ("supported", "contradicted", "unknown") for s in ex.options)


TEXT_EN = """A company copies its production environment to a second AWS Region for disaster recovery.
Which of the following resources do not need to be recreated in the other Region? (Choose two.)
A. IAM roles
B. Route 53 hosted zones
C. Security groups
D. EC2 key pairs
"""

TEXT_KO = """회사는 재해 복구를 위해 운영 환경을 다른 리전에 복제한다. 새 리전에서 다시 만들 필요가 없는
리소스는 무엇인가? (2개 선택)
A. IAM 역할
B. Route 53 호스팅 영역
C. 보안 그룹
D. EC2 키 페어
"""


@pytest.mark.parametrize("text", [TEXT_EN, TEXT_KO])
def test_choose_two_answers_with_two_letters(kb, text):
    parsed = parse("q.txt", text)
    assert parsed.choose == 2
    ex = explain(kb, parsed)
    assert ex.decision.answer == ("A", "B")
    verdicts = {s.key: s.verdict for s in ex.options}
    assert verdicts["C"] == verdicts["D"] == "contradicted"

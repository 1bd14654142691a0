"""Questions that ask for what is NOT true (NOT, EXCEPT, FALSE, INCORRECT, least likely; 아닌 것,
틀린 것, 옳지 않은 것, 잘못된 것): the answer is the option the knowledge refutes, the verdicts still
say whether each statement holds, and the figures count a refuted key as the right reading."""

from __future__ import annotations

import pytest

from advisor.explain import explain
from advisor.explain.measure import outcome
from advisor.explain.proposals import negative_question
from advisor.explain.parse import Option, Parsed, normalize
from advisor.present.explain import explanation_json
from advisor.present.words import Words


@pytest.mark.parametrize("question", [
    "Which of the following statements about VPC subnets is NOT true?",
    "All of the following are characteristics of VPC subnets EXCEPT:",
    "Which statement about subnets is false?",
    "Which of the following statements is incorrect?",
    "A team built a VPC.\nWhich of the following is not a characteristic of its subnets?",
    "Which of these is the least likely cause of the failure?",
    "다음 중 VPC 서브넷에 대한 설명으로 옳지 않은 것은?",
    "다음 중 서브넷에 대한 설명으로 틀린 것을 고르세요.",
    "가능성이 있는 원인이 아닌 것을 고르세요",
    "다음 중 잘못된 것은 무엇일까요?",
    "Which of the following AWS CLI commands is syntactically incorrect?",
    "Which of these would NOT be a benefit of the design?",
    "Which option is generally not recommended?",
    # the exception among the options: will not help, doesn't affect, can't be used, is not an X
    "Which of the below mentioned options will not help to achieve high availability?",
    "Which one of the below doesn't affect Amazon CloudFront billing?",
    "Which one of the following can't be used as an origin server with Amazon CloudFront?",
    "Which one of the below is not an AWS storage service?",
    "Which of the below mentioned statements may not help the user understand the mechanism?",
    "Which of the following options is not available when an instance is launched?",
    "Which of these is not a feature of Amazon SQS?",
    "Which of the following is NOT something a Route 53 health check can monitor?",
    "다음 중 고가용성에 도움이 되지 않는 것은?",
    "VPC 마법사가 지원하지 않는 구성은 무엇입니까?",
    "다음 중 올바르지 않은 상태 확인은 무엇일까요?",
    "CloudFront 오리진으로 사용할 수 없는 것은?",
    "다음 중 요금에 영향을 주지 않는 것은?",
    "다음 중 잘못된 수명 주기 전환은 무엇입니까? (2개 선택)",
    # a long subject before a predicate that can only call the statement false
    "Which statement about pulling an archive out of an S3 Glacier vault in a hurry and paying for the speed is incorrect?",
    "Which of the following claims about the way an S3 Glacier vault lists the archives it holds is not true?",
    "다음 중 S3 Glacier 볼트에서 아카이브를 급히 꺼내는 방법과 그 비용에 대한 설명으로 옳지 않은 것은?",
    # the option is the object: the subject stands between the auxiliary and the negation
    "Which advantage does a multi-AZ Auto Scaling group NOT bring the team?",
    "Which of these can an Application Load Balancer NOT route on?",
    "Which of these does Amazon S3 not support?",
    "Which feature does Amazon SQS not offer?",
    "Auto Scaling 그룹으로 얻을 수 없는 이점은 무엇입니까?",
    "What can a Network Load Balancer NOT do?",
    "Which of the following will an S3 Lifecycle rule not do?",
    "Which claim about scaling a DynamoDB table in on-demand capacity mode during a sudden traffic spike is false?",
    "Which of the following statements regarding cross-Region replication of an encrypted S3 bucket is not correct?",
    "Which capability does AWS Global Accelerator NOT provide?",
])
def test_a_question_that_asks_for_what_is_not_true_is_read_as_negative(question):
    assert negative_question(question)


@pytest.mark.parametrize("question", [
    "Which solution meets these requirements with the LEAST operational overhead?",
    "The design must NOT require any server management. Which solution meets these requirements?",
    "Which solution would not require the company to manage servers?",
    "What should a solutions architect do so that messages are not processed twice?",
    "Each time a patch is deployed the instance is shown as not in service. Which solution fixes this?",
    "배포할 때마다 인스턴스가 서비스 중이 아닌 것으로 표시됩니다. 어떻게 해야 할까요?",
    "다음 중 VPC 서브넷에 대한 설명으로 옳은 것은?",
    "Which of the following explains why the instances are NOT reachable?",
    "Why are the messages NOT processed?",
    "Which configuration rejects invalid requests before they reach the servers?",
    "Which solution removes the data that is not needed any more?",
    "Which rule denies all traffic except from the office network?",
    # a property the answer must have, said with "not": not the exception among the options
    "Which design will not affect the users during the upgrade?",
    "Which design won't affect the users during the upgrade?",
    "Which solution does not require any code changes?",
    "서버를 관리할 필요가 없는 서비스는 무엇입니까?",
    "인터넷에 노출되지 않는 구성은 무엇입니까?",
    # a cause asked with a negation: why something cannot be used is not the exception either
    "다른 계정에서 AMI를 사용할 수 없는 이유는 무엇입니까?",
    "인스턴스에 접속할 수 없는 가장 큰 원인은 무엇입니까?",
    "권한을 얻을 수 없는 이유는 무엇입니까?",
    # the subject between the auxiliary and "not" needs what it does not do to be the option
    "Which resources does the team not need to create again in the second Region?",
    # the negation belongs to a clause of its own, however long the subject
    "Which approach does the company take so that the data does NOT leave the Region?",
    "Which service lets the team check whether the template of the stack in the second account is invalid?",
    # a long subject that is not a statement holds a clause of its own, whatever its conjunction
    "Which AWS service should the company use to reject API requests once the access token is not valid?",
    "Which Amazon CloudFront setting serves a custom error page to viewers whenever the response from the origin is incorrect?",
    "Which design lets the application keep running on cached credentials while the rotated secret is not valid yet?",
    # a verb, a preposition or a conjunction after the auxiliary: not a subject standing before NOT
    "Which storage class will the company use for objects NOT accessed after 30 days?",
    "Which approach can the company take and still not give the contractors access to the production account?",
    "Which step can the team take now and not cover the cost of idle capacity later?",
    # what follows the subject's NOT is not what it does not do, the question going on past it
    "Which database can Lambda functions query NOT over the internet?",
    "Which tier will S3 Intelligent-Tiering move objects NOT accessed for 30 days into?",
    # the negated modifier sets the scene ("... 상황에서"): the thing asked is the best way
    "온프레미스 서버에서 임시 자격 증명을 얻을 수 없는 상황에서 가장 적절한 방법은 무엇입니까?",
    "온프레미스 서버에서 인터넷을 사용할 수 없는 상황에서 가장 적절한 방법은 무엇입니까?",
])
def test_a_requirement_stated_with_not_is_not_a_negative_question(question):
    assert not negative_question(question)


def _ask(kb, question, options, choose=1):
    parsed = Parsed("test", normalize(question), tuple(Option(k, k, normalize(t)) for k, t in zip("ABCD", options)), choose)
    return explain(kb, parsed)


EN = ("Each subnet maps to a single Availability Zone.", "Each subnet spans two or more Availability Zones.")
KO = ("각 서브넷은 하나의 가용 영역에 속한다.", "서브넷은 여러 가용 영역에 걸쳐 있다.")


@pytest.mark.parametrize("question, options", [
    ("Which of the following statements about Amazon VPC subnets is NOT true?", EN),
    ("다음 중 VPC 서브넷에 대한 설명으로 옳지 않은 것은?", KO),
])
def test_the_answer_to_a_not_question_is_the_refuted_statement(kb, question, options):
    ex = _ask(kb, question, options)
    assert ex.negative
    assert ex.decision.answer == ("B",)
    by_key = {s.key: s for s in ex.options}
    assert by_key["A"].verdict == "true-statement" and by_key["A"].score > 0  # still says the statement holds
    assert by_key["B"].verdict == "false-statement" and by_key["B"].score < 0
    doc = explanation_json(kb, ex, Words("en"))
    assert doc["negative"] is True and doc["options"]["B"]["verdict"] == "false-statement"
    # the figure: the refuted key misleads no one; marking a true statement as the answer would
    assert not outcome("x", "dev", "en", "t", ("B",), ex).misleading
    wrong = outcome("x", "dev", "en", "t", ("A",), ex)
    assert wrong.keys_contradicted == ("A",) and wrong.wrong_supported == ("B",)


def test_the_same_options_in_a_positive_question_keep_their_usual_sense(kb):
    ex = _ask(kb, "Which of the following statements about Amazon VPC subnets is true?", EN)
    assert not ex.negative
    assert ex.decision.answer == ("A",)
    assert {s.key: s.verdict for s in ex.options} == {"A": "supported", "B": "contradicted"}
    assert explanation_json(kb, ex, Words("en"))["negative"] is False

"""Verdicts that never mislead: an option is supported or contradicted only by a claim or a rule
about what that option proposes; the figure counts keys marked ✘ and wrong options marked ✔. (That
no verdict on the whole bank misleads is checked in tests/test_explain_bank.py, beside the other
figures of the bank: one explain of the bank per run.)"""

from __future__ import annotations

import pytest

from advisor.explain import explain
from advisor.explain.decide import decide
from advisor.explain.proposals import proposal_end
from advisor.explain.scoring import Evidence, Scored
from advisor.explain.parse import Option, Parsed, normalize


def ask(kb, question, *options, choose=1):
    parsed = Parsed("test", normalize(question), tuple(Option(k, k, normalize(t)) for k, t in zip("ABCDE", options)), choose)
    return {s.key: s for s in explain(kb, parsed).options}, explain(kb, parsed).decision


def test_the_figure_counts_misleading_verdicts(kb):
    from advisor.explain.measure import outcome

    parsed = Parsed("t", normalize("Servers in a private subnet need outbound internet access for patches. What should be done?"),
                    (Option("A", "A", "Create a NAT gateway in a public subnet."),
                     Option("B", "B", "Give every server an Elastic IP address in the private subnet.")), 1)
    ex = explain(kb, parsed)
    right = outcome("x", "dev", "en", "t", ("A",), ex)
    flipped = outcome("x", "dev", "en", "t", ("B",), ex)
    assert not right.misleading
    assert flipped.keys_contradicted == ("B",) and flipped.wrong_supported == ("A",) and flipped.misleading


#: an option that gives its reasons after its proposal
REASONED = "Leave the function outside the VPC; it already reaches public endpoints, and VPC access is only needed for private resources."


@pytest.mark.parametrize("question, options, expected", [
    # "0.0.0.0/0" names the NAT route, but an inbound rule FOR 0.0.0.0/0 proposes a security-group rule
    pytest.param(
        "Application servers in a private subnet must reach the internet to fetch patches, outbound only. Which step is needed?",
        ("Point the private route table's 0.0.0.0/0 route at a NAT gateway.", "Open an inbound rule for 0.0.0.0/0 on the application security group."),
        {"A": "supported", "B": "not supported"}, id="a shared string is not what the option proposes"),
    # "use an Elastic IP" for a fixed address is not "attach Elastic IPs to the load balancer"
    pytest.param(
        "Customers must allow-list one fixed public IP address for a web application that runs behind an Application Load Balancer. What should be done?",
        ("Associate an Elastic IP address with the load balancer.", "Add more instances behind the load balancer."),
        {"A": "not supported"}, id="a rule about a thing does not back putting it on something else"),
    # the reasons an option gives (after "; it already ...") are not what it proposes
    pytest.param(
        "A Lambda function reads from S3 and writes to DynamoDB and uses nothing inside the company's VPC. What should the team do?",
        (REASONED, "Attach the function to the VPC and add a NAT gateway."),
        {"A": "not contradicted"}, id="the reasons an option gives are not its proposal"),
])
def test_what_an_option_proposes_decides_its_verdict(kb, question, options, expected):
    verdicts, _ = ask(kb, question, *options)
    for letter, want in expected.items():
        got = verdicts[letter].verdict
        assert got != want.removeprefix("not ") if want.startswith("not ") else got == want, (letter, got)


def test_the_reasons_an_option_gives_are_cut_off_its_proposal():
    assert REASONED[:proposal_end(REASONED)] == "Leave the function outside the VPC"
    # a statement is judged whole
    statement = "No, hibernation works only for instances with less memory, so the data must be reloaded."
    assert proposal_end(statement) == len(statement)


def test_evidence_every_option_shares_weighs_nothing(kb):
    options, _ = ask(
        kb, "A global audience downloads static images and style sheets. Which design is best?",
        "Serve the files with Amazon CloudFront from EC2 web servers.",
        "Serve the files with Amazon CloudFront from an S3 bucket.",
    )
    shared = {e.id for e in options["A"].evidence} & {e.id for e in options["B"].evidence}
    assert shared and all(e.points == 0 for s in options.values() for e in s.evidence if e.id in shared)


def test_a_true_fact_off_the_situation_does_not_support_an_action(kb):
    """CloudFront can use a load balancer as origin: true, but not an answer to "fixed IP addresses"."""
    options, _ = ask(
        kb, "Partners must allow-list a fixed set of IP addresses for an API behind an Application Load Balancer. Which solution meets this requirement?",
        "Use Amazon CloudFront with the ALB as origin.",
        "Add a second target group.",
    )
    claims = [e for e in options["A"].evidence if e.kind == "claim"]
    assert all(e.points == 0 for e in claims)
    assert options["A"].verdict == "unknown"


def _scored(key, *points):
    s = Scored(key=key, label=key, text=key)
    s.evidence = [Evidence("rule", f"r{i}", p, ()) for i, p in enumerate(points)]
    return s


@pytest.mark.parametrize("others, confidence", [
    ([(-3,), ()], "high"),  # every other option refuted or without evidence
    ([(1,), ()], "medium"),  # another option is supported too
    ([(3, -3), ()], "medium"),  # another option is mixed
])
def test_high_confidence_needs_every_other_option_refuted_or_irrelevant(others, confidence):
    decision = decide([_scored("A", 3, 3)] + [_scored(k, *p) for k, p in zip("BC", others)], 1)
    assert decision.answer == ("A",) and decision.confidence == confidence


def test_putting_a_thing_where_its_rule_speaks_of_is_still_backed(kb):
    """The Elastic IP rule speaks of instances: an Elastic IP on the instance keeps its support."""
    options, _ = ask(
        kb, "Customers must allow-list one fixed public IP address for a web server on a single EC2 instance in a public subnet. What should be done?",
        "Associate an Elastic IP address with the instance.",
        "Associate an Elastic IP address with the load balancer.",
    )
    assert options["A"].verdict == "supported" and options["B"].verdict != "supported"


def test_korean_proposals_are_read_too(kb):
    options, _ = ask(
        kb, "파트너가 허용 목록에 넣을 고정 IP 주소가 필요하다. 웹 애플리케이션은 ALB 뒤에서 실행된다. 가장 적절한 방법은?",
        "ALB에 탄력적 IP를 연결한다.", "탄력적 IP를 로드 밸런서에 할당한다.", "ALB 앞에 AWS Global Accelerator를 둔다.",
    )
    assert options["A"].verdict != "supported" and options["B"].verdict != "supported"
    assert options["C"].verdict == "supported"  # the static IPs in front of an ALB
    options, _ = ask(
        kb, "프라이빗 서브넷의 서버가 보안 패치를 받으려면 인터넷으로 나가는 통신만 필요하다. 무엇을 해야 하는가?",
        "NAT 게이트웨이로 가는 0.0.0.0/0 경로를 추가한다.", "데이터베이스 보안 그룹에 0.0.0.0/0에 대한 인바운드 규칙을 추가한다.",
    )
    assert options["A"].verdict == "supported" and options["B"].verdict != "supported"


def test_two_options_resting_on_the_same_support_are_not_backed_whole(kb):
    """Where one answer is asked for, the support two different options share backs the part they
    share: neither is marked supported on it (a refutation each one earns stays)."""
    question = "A global audience downloads static images and style sheets from a web site. Which design is best?"
    options, decision = ask(
        kb, question,
        "Serve the files through Amazon CloudFront and keep the originals on EBS snapshots.",
        "Serve the files through Amazon CloudFront and copy the originals to tape every night.",
        "Turn on S3 Transfer Acceleration for the downloads.",
    )
    assert options["A"].verdict != "supported" and options["B"].verdict != "supported"
    assert not decision.answer
    # with two answers asked for, the same support may back both
    parsed = Parsed("t", normalize(question), tuple(Option(k, k, options[k].text) for k in "ABC"), 2)
    assert {s.key for s in explain(kb, parsed).options if s.verdict == "supported"} == {"A", "B"}


def test_ssl_termination_is_not_terminating_instances(kb):
    options, _ = ask(
        kb, "A web application runs on EC2 instances behind a load balancer. Which design should be used?",
        "Terminate SSL at the load balancer and keep sessions in a shared cache.",
        "Let the load balancer replace unhealthy instances.",
    )
    assert options["A"].verdict != "contradicted"
    assert options["B"].verdict == "contradicted"


@pytest.mark.parametrize("lower", [
    "Decrease the health check grace period.",
    "Set the health check grace period to a shorter value.",
    "헬스 체크 유예 기간을 줄인다.",
])
def test_a_rule_that_raises_a_setting_does_not_back_lowering_it(kb, lower):
    options, _ = ask(
        kb, "Instances in an Auto Scaling group behind a load balancer take about five minutes to start, and they are "
            "marked unhealthy and replaced before they finish booting. What should be done?",
        "Increase the health check grace period.", lower,
    )
    assert options["A"].verdict == "supported"
    assert options["B"].verdict != "supported"


@pytest.mark.parametrize("question, options, claim, made_by", [
    # the Lambda memory/CPU claim is about the functions: giving the database more memory is not it,
    # even where the question names Lambda and CPU
    pytest.param(
        "Lambda functions open a new connection to an RDS MySQL database on every invocation and the database spends its CPU "
        "on connection handling during peaks. Which solution meets the requirement?",
        ("Give the database a larger DB instance class with more memory.", "Give the Lambda functions more memory."),
        "lambda-more-memory-more-cpu", {"B"}, id="more memory for the database is not Lambda memory"),
    # "Elastic IP in a private subnet" is refuted; an Elastic IP on a host in the PUBLIC subnet is
    # not, although the question also speaks of private subnets
    pytest.param(
        "Administrators manage instances in public and private subnets of a VPC over the internet. Which bastion design limits access?",
        ("Run a bastion host with an Elastic IP address in the public subnet.", "Run a bastion host with an Elastic IP address in the private subnet."),
        "elastic-ip-for-private-subnet", {"B"}, id="an Elastic IP in a public subnet is not the private-subnet mistake"),
    # "a group spans one Region" is about Auto Scaling groups: an option that merely places
    # instances in one Region and another does not make it, even in an auto-scaling question
    pytest.param(
        "An application runs on six EC2 instances kept by auto-scaling and must stay highly available. Which architecture should you choose?",
        ("Run three instances in one Region and three in another Region behind a load balancer.",
         "Create one Auto Scaling group in each Region, because a group spans the Availability Zones of a single Region."),
        "auto-scaling-group-per-region", {"B"}, id="instances in two Regions are not a claim about Auto Scaling groups"),
])
def test_a_claim_is_made_only_by_the_option_it_is_about(kb, question, options, claim, made_by):
    verdicts, _ = ask(kb, question, *options)
    assert {letter for letter, verdict in verdicts.items() if claim in verdict.claims} == made_by

"""Reading traits from a question, and reading options: cues, quantities, negations, terms, claims."""

from __future__ import annotations

import pytest

from advisor.explain.cues import read
from advisor.explain.proposals import asks_for_action, mentions
from advisor.explain.scoring import claims_made
from advisor.explain.parse import normalize


def traits(kb, text, **overrides):
    return read(kb, normalize(text), overrides or None).traits


@pytest.mark.parametrize("text, trait, value", [
    ("Users upload 5 GB video files from far away.", "object_size_gb", 5),
    ("Each upload is about 200 MB.", "object_size_gb", 0.2),
    ("Backups of 5TB are uploaded to the bucket.", "object_size_gb", 5000),
    ("Files of 1,500 MB are uploaded.", "object_size_gb", 1.5),
    ("해외 지점에서 500 메가바이트 크기의 파일을 업로드한다.", "object_size_gb", 0.5),
    ("An instance with 160 GiB of memory must hibernate.", "ram_gb", 160),
    ("메모리가 256GB인 인스턴스를 최대 절전 모드로 전환한다.", "ram_gb", 256),
    ("Objects smaller than 1 GB are uploaded from other continents.", "object_size_gb", 0.999),
])
def test_quantities_go_to_the_trait_whose_words_are_near(kb, text, trait, value):
    assert traits(kb, text)[trait] == pytest.approx(value)


def test_absurd_sizes_are_ignored_with_a_reason(kb):
    reading = read(kb, normalize("Users upload 9000 TB archives from far away."))
    assert "object_size_gb" not in reading.traits
    (ignored,) = reading.ignored
    assert ignored.text == "9000 TB" and "outside what object_size_gb can be" in ignored.reason


def test_several_quantities_take_the_largest(kb):
    assert traits(kb, "Uploads range from 2 GB to 4 GB per file.")["object_size_gb"] == 4


@pytest.mark.parametrize("text, value", [
    ("The site is mostly static content for users around the world.", True),
    ("The content is not static; every page is built per request.", False),
    ("The application serves dynamic, personalised pages.", False),
    ("웹 사이트는 정적 콘텐츠를 제공한다.", True),
    ("정적이 아닌 콘텐츠를 ALB 뒤의 EC2에서 생성한다.", False),
    ("캐시할 수 있는 정적 콘텐츠는 거의 없다.", False),
])
def test_static_content_and_its_negations(kb, text, value):
    assert traits(kb, text)["static_content"] is value


def test_conflicting_cues_leave_the_trait_unknown_and_say_so(kb):
    reading = read(kb, normalize("Static assets live in S3 and the checkout pages are dynamic."))
    assert "static_content" not in reading.traits
    assert {h.value for h in reading.conflicts["static_content"]} == {True, False}


def test_a_cue_votes_once_however_often_its_words_recur(kb):
    reading = read(kb, normalize("Static images, dynamic pages, dynamic API, dynamic everything."))
    assert "static_content" in reading.conflicts


def test_words_are_kept_as_evidence(kb):
    reading = read(kb, normalize("Players connect over UDP from several continents."))
    assert reading.traits["static_content"] is False and reading.traits["global_users"] is True
    (hit,) = [h for h in reading.hits if h.trait == "global_users"]
    assert hit.text == "several continents" and hit.how == "cue"
    assert reading.text[hit.start:hit.end] == hit.text


def test_assumptions_fill_what_the_scenario_leaves_unsaid(kb):
    reading = read(kb, normalize("A static website serves users worldwide."))
    assert reading.traits["multi_region"] is False
    assert [h.how for h in reading.evidence("multi_region")] == ["assumed"]
    assert traits(kb, "The app runs in two Regions.")["multi_region"] is True


def test_a_text_with_nothing_recognisable_gets_no_assumptions(kb):
    assert traits(kb, "Hello there, how are you?") == {}


def test_overrides_win_and_can_forget(kb):
    assert traits(kb, "A static website.", static_content=False)["static_content"] is False
    assert "static_content" not in traits(kb, "A static website.", static_content=None)


@pytest.mark.parametrize("text, term", [
    ("Put a CDN in front of the bucket.", "cloudfront"),
    ("Use static anycast IP addresses.", "global-accelerator"),
    ("Write a bucket policy for the partner.", "bucket-policy"),
    ("Launch a NAT instance in a public subnet.", "nat-instance"),
    ("Create a NAT gateway in a public subnet.", "nat-gateway"),
    ("Use Dedicated Hosts.", "dedicated-hosts"),
    ("Use Dedicated Instances.", "dedicated-instances"),
    ("전용 호스트를 사용한다.", "dedicated-hosts"),
    ("전용 인스턴스를 사용한다.", "dedicated-instances"),
    ("Enable S3 Transfer Acceleration.", "transfer-acceleration"),
])
def test_the_lexicon_knows_aliases_and_prefers_the_longest_name(kb, text, term):
    found = [m.term for m in mentions(kb, text)]
    assert term in found
    if term == "transfer-acceleration":
        assert "s3" not in found


@pytest.mark.parametrize("text, term, negated", [
    ("Use Amazon CloudFront.", "cloudfront", False),
    ("Do not use Amazon CloudFront.", "cloudfront", True),
    ("Amazon CloudFront is not supported here.", "cloudfront", True),
    ("Replace the ALB with AWS Global Accelerator.", "application-load-balancer", True),
    ("Replace the ALB with AWS Global Accelerator.", "global-accelerator", False),
    ("CloudFront를 사용하지 않는다.", "cloudfront", True),
    ("The instance has too much memory to hibernate.", "hibernation", True),
    ("Improve the partition key before buying more shards.", "add-shards", True),
])
def test_negated_mentions(kb, text, term, negated):
    (found,) = [m for m in mentions(kb, text) if m.term == term]
    assert found.negated is negated


@pytest.mark.parametrize("option, question, claim", [
    ("Block the countries with security group rules.", "Block two countries.", "security-groups-block-countries"),
    ("보안 그룹 규칙에 국가 코드를 지정한다.", "특정 국가를 막아야 한다.", "security-groups-block-countries"),
    ("Security groups cannot filter by country.", "", "security-groups-cannot-block-countries"),
    ("Hibernation works for any amount of memory.", "", "hibernation-any-memory-size"),
    ("Create one Auto Scaling group that spans both Regions.", "", "auto-scaling-group-spans-regions"),
    ("Use Global Accelerator to cache the images at the edge.", "", "global-accelerator-caches"),
    ("Give the function an Elastic IP address.", "A Lambda function in a VPC must call the internet.", "lambda-public-ip"),
    ("Reach the internet without a NAT gateway.", "A Lambda function is attached to the VPC.", "lambda-in-vpc-internet-without-nat"),
    ("Enable it; it works with every RDS engine.", "Use IAM database authentication with Oracle?", "iam-database-authentication-every-engine"),
    ("Attach an IAM policy in our account.", "A partner's other AWS account needs the bucket.", "iam-policy-grants-other-account"),
])
def test_claims_are_recognised(kb, option, question, claim):
    assert claim in [c.id for c in claims_made(kb, option, question)]


def test_a_negated_wrong_idea_is_not_the_wrong_idea(kb):
    made = [c.id for c in claims_made(kb, "Security groups cannot block countries.", "")]
    assert "security-groups-block-countries" not in made


@pytest.mark.parametrize("question, action", [
    ("What should a solutions architect do?", True),
    ("Which solution meets these requirements?", True),
    ("가장 적절한 방법은?", True),
    ("Which statement about Global Accelerator is true?", False),
    ("What happens to the files?", False),
    ("설명으로 옳은 것은?", False),
    ("Which of the following options would you consider for the web tier?", True),
    ("Which TWO actions will reduce the cost?", True),
    ("What is the most cost-effective way to store the logs?", True),
    ("Which approach meets the requirements with the LEAST operational overhead?", True),
    ("다음 중 추천할 수 있는 옵션은 무엇입니까?", True),
    ("이 경우, 어떻게 문제를 해결해야 할까요?", True),
    ("Which TWO settings follow Lambda best practice?", False),
])
def test_action_questions(question, action):
    assert asks_for_action(question) is action


# ------------------------------------------------------- negation, rejection, paraphrase (issue 11 §2)

@pytest.mark.parametrize("text, trait", [
    ("Empty receives are not an issue for this consumer.", "empty_receives"),
    ("The service runs without a load balancer in front of it.", "load_balancer"),
    ("The team rejected a load balancer for this service.", "load_balancer"),
    ("The page is built per user, rather than static content.", "static_content"),
    ("We chose EC2 instead of Lambda functions.", "uses_lambda"),
    ("빈 응답은 문제가 되지 않는다.", "empty_receives"),
    ("로드 밸런서 없이 인스턴스 하나로 서비스한다.", "load_balancer"),
    ("로드 밸런서 대신 인스턴스 하나를 쓴다.", "load_balancer"),
    ("람다가 아니라 EC2에서 실행한다.", "uses_lambda"),
    ("람다 말고 EC2를 쓴다.", "uses_lambda"),
    ("정적 콘텐츠를 제공하지 않는다.", "static_content"),
])
def test_a_negated_or_rejected_phrase_never_sets_the_trait_true(kb, text, trait):
    assert traits(kb, text).get(trait) is not True


@pytest.mark.parametrize("text, trait", [
    ("Most polls return empty receives.", "empty_receives"),
    ("The web tier sits behind a load balancer.", "load_balancer"),
    ("빈 응답이 많아 비용이 늘었다.", "empty_receives"),
    ("로드밸런서를 앞에 둔다.", "load_balancer"),
    ("정적 콘텐츠를 제공한다.", "static_content"),
    # what is rejected is the attaching, not the function
    ("The team rejected attaching the Lambda function to the VPC.", "uses_lambda"),
    ("Lambda 함수가 VPC에 연결되지 않은 상태다.", "uses_lambda"),
])
def test_the_same_phrases_unnegated_set_it(kb, text, trait):
    assert traits(kb, text).get(trait) is True


def test_a_rejected_phrase_is_reported_as_ignored(kb):
    reading = read(kb, normalize("The service runs without a load balancer, behind a CDN."))
    assert any(i.trait == "load_balancer" and "negated" in i.reason for i in reading.ignored)


@pytest.mark.parametrize("text", [
    "The function's deployment package grew and cold starts got longer.",
    "Concurrent executions hit the account limit.",
    "Invocations fail after 15 minutes.",
    "배포 패키지가 커졌다.",
    "동시 실행 수가 한도에 닿았다.",
])
def test_a_service_is_implied_by_what_it_does(kb, text):
    assert traits(kb, text).get("uses_lambda") is True


def test_a_bare_size_reaches_the_object_size(kb):
    assert traits(kb, "Customers download a 900 MB installer from the website.")["object_size_gb"] == pytest.approx(0.9)
    assert traits(kb, "고객이 웹 사이트에서 900 MB 설치 파일을 내려받는다.")["object_size_gb"] == pytest.approx(0.9)


def test_defaults_never_override_the_text(kb):
    # two named Regions: not the assumed single Region
    assert traits(kb, "Users in Europe use an app that runs in us-east-1 and eu-west-1.")["multi_region"] is True
    assert traits(kb, "Users in Europe use an app deployed in the Tokyo and Frankfurt Regions.")["multi_region"] is True
    assert traits(kb, "유럽 사용자가 서울과 도쿄 리전에 배포된 앱을 쓴다.")["multi_region"] is True
    assert traits(kb, "유럽 사용자가 서울 리전과 도쿄 리전에 배포된 앱을 쓴다.")["multi_region"] is True
    # the text spoke of the trait, if only to deny it: no default speaks for it
    assert "multi_region" not in traits(kb, "Users in Europe use an app that is not in a single Region.")
    assert traits(kb, "Users in Europe use the app.")["multi_region"] is False


@pytest.mark.parametrize("text, n", [
    ("Which TWO steps are required? (Choose two.)", 2),
    ("Which three actions should be taken?", 3),
    ("Which two statements are true?", 2),
    ("(Select THREE.)", 3),
    ("다음 중 옳은 것 두 개를 고르시오.", 2),
    ("정답 2개를 선택하세요.", 2),
    ("세 가지를 고르시오.", 3),
    ("What should be done?", 1),
    ("가장 적절한 방법은?", 1),
])
def test_choose_n_is_read_in_both_languages(text, n):
    from advisor.explain.parse import choose_from_text

    assert choose_from_text(normalize(text)) == n


@pytest.mark.parametrize("text", ["Put a managed front door for the HTTPS APIs in front of the functions.", "API를 위한 관문을 둔다."])
def test_an_option_names_a_service_by_what_it_does(kb, text):
    assert [m.term for m in mentions(kb, normalize(text))] == ["api-gateway"]


@pytest.mark.parametrize("text, negated", [
    # Korean rejects what comes BEFORE 대신 / 말고 / 없이 / 아니라, never what follows
    ("NAT 게이트웨이 대신 NAT 인스턴스를 사용한다.", {"nat-gateway": True, "nat-instance": False}),
    ("NAT 인스턴스 말고 NAT 게이트웨이를 쓴다.", {"nat-instance": True, "nat-gateway": False}),
    ("NAT 게이트웨이 없이 인터넷 게이트웨이로 보낸다.", {"nat-gateway": True, "internet-gateway": False}),
    ("NAT 인스턴스가 아니라 NAT 게이트웨이를 쓴다.", {"nat-instance": True, "nat-gateway": False}),
    ("인터넷 게이트웨이로 보내고 NAT 게이트웨이는 쓰지 않는다.", {"internet-gateway": False, "nat-gateway": True}),
    ("탄력적 IP를 사용할 수 없다.", {"elastic-ip": True}),
    ("Use a NAT instance instead of a NAT gateway.", {"nat-instance": False, "nat-gateway": True}),
    ("Use a NAT gateway rather than a NAT instance.", {"nat-gateway": False, "nat-instance": True}),
    ("Without a NAT gateway, route through the internet gateway.", {"nat-gateway": True, "internet-gateway": False}),
    # what an option replaces or moves away from is not proposed
    ("Migrate from the NAT instance to a NAT gateway.", {"nat-instance": True, "nat-gateway": False}),
    ("Stop using the NAT instance and use a NAT gateway.", {"nat-instance": True, "nat-gateway": False}),
    ("NAT 인스턴스를 NAT 게이트웨이로 교체한다.", {"nat-instance": True, "nat-gateway": False}),
    ("NAT 인스턴스에서 NAT 게이트웨이로 전환한다.", {"nat-instance": True, "nat-gateway": False}),
])
def test_what_an_option_rejects_is_not_what_it_proposes(kb, text, negated):
    assert {m.term: m.negated for m in mentions(kb, normalize(text))} == negated

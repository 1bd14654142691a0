"""Reading traits from a question, and reading options: cues, quantities, negations, terms, claims."""

from __future__ import annotations

import pytest

from advisor.explain.cues import read
from advisor.explain.options import asks_for_action, claims_made, mentions
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
])
def test_action_questions(question, action):
    assert asks_for_action(question) is action

"""The light Korean normaliser: spacing, particles and endings, for every Korean pattern."""

from __future__ import annotations

import pytest

from advisor.kb.pattern import compile_pattern
from advisor.korean import normalise_pattern
from advisor.explain.cues import read
from advisor.explain.parse import normalize


@pytest.mark.parametrize("pattern, text", [
    ("로드 밸런서", "로드밸런서를 둔다"),
    ("로드밸런서", "로드 밸런서에서 끝낸다"),
    ("프라이빗 서브넷", "프라이빗서브넷에서 실행된다"),
    ("S3에 올린다", "파일을 S3에 올려야 한다"),
    ("S3에 올린다", "S3에 올리고 처리한다"),
    ("S3에 올린다", "S3에 올립니다"),
    ("VPC에 연결한다", "VPC에 연결해야 한다"),
    ("VPC에 연결한다", "VPC에 연결하는 방법"),
    ("연결된다", "VPC에 연결되어 있다"),
    ("쓰지 않는다", "NAT를 쓰지 않아야 한다"),
    ("캐시가 있다", "캐시가 있는 경우"),
])
def test_korean_patterns_match_korean_as_written(pattern, text):
    assert compile_pattern(pattern).search(text), normalise_pattern(pattern)


@pytest.mark.parametrize("pattern, text", [
    ("로드밸런서", "로드 맵"),
    ("S3에 올린다", "S3에서 내린다"),
    ("[가나]다", "라다"),
])
def test_and_nothing_else(pattern, text):
    assert not compile_pattern(pattern).search(text)


def test_english_and_classes_are_left_alone():
    assert normalise_pattern("load balanc(?:er|ers)") == "load balanc(?:er|ers)"
    assert normalise_pattern("[가-힣]+") == "[가-힣]+"


@pytest.mark.parametrize("text, trait", [
    ("프라이빗서브넷에서 실행되는 인스턴스가 인터넷으로 나가야 한다.", "private_subnet_instances"),
    ("정적콘텐츠를 전 세계에 제공한다.", "static_content"),
])
def test_every_korean_cue_benefits(kb, text, trait):
    assert read(kb, normalize(text)).traits.get(trait) is True


def test_a_pattern_the_normaliser_cannot_widen_matches_as_written():
    # a look-behind must keep its width: the pattern is compiled as written
    regex = compile_pattern("(?<!로드)밸런서")
    assert regex.search("밸런서") and not regex.search("로드밸런서")

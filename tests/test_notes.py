"""The notes cover the seed: every fact line of the study note is restated in some note, and
every note points at real seed lines and a real heading path. Skipped when the seed (kept in
the workspace's shared/ folder, not in this repository) is not beside the checkout."""

from __future__ import annotations

import re

import pytest

from conftest import SEED

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="the seed study note is not beside this checkout")


def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def heading_text(line: str) -> str:
    return re.sub(r"^[\s\-#]*", "", line).strip()


def section_parts(kb) -> set[str]:
    return {part.strip() for n in kb.notes.values() for part in n.section.split("›")}


def test_every_seed_fact_line_is_in_some_note(kb):
    lines = seed_lines()
    covered = {n for note in kb.notes.values() for n in note.seed_lines}
    headings = section_parts(kb)
    missing = []
    for number, line in enumerate(lines, start=1):
        text = heading_text(line)
        if not text or number in covered:
            continue
        if re.match(r"^\s*(- )?#{1,6} ", line) or text.startswith("http") or text in headings:
            continue
        missing.append(f"{number}: {line.strip()}")
    assert missing == []


def test_notes_point_at_real_lines_and_headings(kb):
    lines = seed_lines()
    texts = {heading_text(line) for line in lines}
    for note in kb.notes.values():
        assert all(1 <= n <= len(lines) and lines[n - 1].strip() for n in note.seed_lines), note.id
        if note.origin != "seed":
            continue  # an AWS-documentation note names its own section, not a seed heading
        for part in note.section.split("›"):
            assert part.strip() in texts, f"{note.id}: section part {part.strip()!r} is not a seed heading"


def test_notes_are_our_own_words(kb):
    """No restatement repeats a seed line: share at most a short run of characters."""
    lines = [heading_text(line) for line in seed_lines() if len(heading_text(line)) >= 25]
    for note in kb.notes.values():
        for text in (note.text.ko, note.text.en):
            for line in lines:
                assert line not in text, f"{note.id} copies the seed line {line!r}"


def test_notes_have_both_languages_and_corrections_cite_aws(kb):
    for note in kb.notes.values():
        assert note.text.en and note.text.ko
        assert re.search(r"[가-힣]", note.text.ko), note.id
        if note.correction is not None:
            assert note.correction.refs, note.id
            assert all(r.startswith(("https://docs.aws.amazon.com/", "https://aws.amazon.com/")) for r in note.correction.refs), note.id


def test_the_seed_facts_the_issue_names_are_notes(kb):
    required = {
        "sqs-long-polling", "sqs-decoupling", "alb-health-checks", "alb-unhealthy-threshold",
        "alb-unhealthy-until-healthy", "alb-sticky-sessions", "elb-security-group-new-port",
        "nat-gateway-egress", "nat-gateway-route-table", "hibernation-ram-to-ebs-root",
        "hibernation-stopping-state", "hibernation-instance-store-lost", "hibernation-fallback-shutdown",
        "hibernation-ram-limit", "hibernation-auto-scaling-replaced", "elastic-ip-static",
        "security-group-no-geo-restriction", "dedicated-instance", "dedicated-host",
        "asg-health-check-sources", "asg-replaces-unhealthy", "asg-maintains-capacity", "asg-unhealthy-states",
        "asg-health-check-grace-period", "asg-impaired-wait", "asg-elb-failed-not-terminated",
        "asg-largest-capacity-policy", "asg-regional", "global-accelerator-performance",
        "global-accelerator-multi-region", "global-accelerator-no-caching", "iam-db-auth-engines",
        "iam-db-auth-no-password", "user-data-files-owned-by-root", "lambda-vpc-only-for-private",
        "lambda-layers", "lambda-package-size", "lambda-concurrency-alarms", "lambda-timeout-right-size",
        "lambda-no-server-management", "kinesis-shards-short-term", "serverless-services",
        "static-content-s3-cloudfront", "dynamic-content-global-accelerator", "s3-transfer-acceleration",
        "cloudfront-static-distribution", "s3-iam-policies", "s3-bucket-policy",
    }
    assert required <= set(kb.notes)

"""Golden scenarios: the contrasts the exam loves must come out right, said of services and kinds
across a whole evaluation (no rule recommends Global Accelerator for static content, ...). What one
rule must and must not conclude is data, beside the rule: its ``[[rule.example]]`` tables in
knowledge/rules/*.toml, run by tests/test_rule_examples.py."""

from __future__ import annotations

import pytest


def concluded(engine, answers) -> dict[str, set[str]]:
    """kind -> the services (or rule ids, where no service) concluded."""
    ev = engine.evaluate(answers)
    out: dict[str, set[str]] = {}
    for c in ev.conclusions:
        out.setdefault(c.kind.value, set()).add(c.rule.service or c.rule.id)
    return out


def test_static_content_goes_to_s3_and_cloudfront(engine):
    got = concluded(engine, {"static_content": True, "global_users": True, "multi_region": False})
    assert {"Amazon CloudFront", "Amazon S3"} <= got["recommend"]
    assert "AWS Global Accelerator" in got["avoid"]
    assert "AWS Global Accelerator" not in got["recommend"]


def test_dynamic_content_for_far_users_goes_to_global_accelerator(engine):
    got = concluded(engine, {"static_content": False, "global_users": True})
    assert "AWS Global Accelerator" in got["recommend"]
    assert "Amazon CloudFront" not in got.get("recommend", set())


def test_small_uploads_only_warn_about_transfer_acceleration(engine):
    # AWS says "consider CloudFront" below 1 GB, not "do not use Transfer Acceleration": a warning
    # and an advice, never an avoid or a recommendation.
    got = concluded(engine, {"upload_long_distance": True, "object_size_gb": 0.3})
    assert "Amazon S3 Transfer Acceleration" in got["warn"]
    assert "Amazon S3 Transfer Acceleration" not in got.get("avoid", set())
    assert "small-uploads-cloudfront" in got["advise"]  # a rule without a service
    assert "Amazon CloudFront" not in got.get("recommend", set())


@pytest.mark.parametrize("engine_name", ["mysql", "postgresql", "mariadb"])
def test_iam_db_auth_for_supported_engines(engine, engine_name):
    got = concluded(engine, {"passwordless_db_auth": True, "db_engine": engine_name})
    assert "IAM database authentication" in got["recommend"]
    assert "avoid" not in got


@pytest.mark.parametrize("engine_name", ["oracle", "sqlserver"])
def test_no_iam_db_auth_for_other_engines(engine, engine_name):
    got = concluded(engine, {"passwordless_db_auth": True, "db_engine": engine_name})
    assert "IAM database authentication" in got["avoid"]
    assert "recommend" not in got


def test_same_account_uses_iam_policies_cross_account_a_bucket_policy(engine):
    same = concluded(engine, {"s3_access_from": "same-account"})
    cross = concluded(engine, {"s3_access_from": "other-accounts"})
    assert same == {"recommend": {"AWS Identity and Access Management (IAM)"}}
    assert cross["recommend"] == {"Amazon S3"}
    assert cross["avoid"] == {"AWS Identity and Access Management (IAM)"}


def test_licences_need_a_dedicated_host_not_a_dedicated_instance(engine):
    got = concluded(engine, {"byol_licenses": True, "dedicated_hardware": True})
    assert "Amazon EC2 Dedicated Hosts" in got["recommend"]
    assert "Amazon EC2 Dedicated Instances" in got["avoid"]
    isolation = concluded(engine, {"byol_licenses": False, "dedicated_hardware": True})
    assert isolation["recommend"] == {"Amazon EC2 Dedicated Instances"}


def test_hibernation_in_an_auto_scaling_group_is_replaced(engine):
    got = concluded(engine, {"hibernation": True, "in_auto_scaling_group": True, "ram_gb": 32})
    assert "Amazon EC2 Auto Scaling" in got["warn"]


def test_security_groups_cannot_block_countries(engine):
    got = concluded(engine, {"geo_restriction": True})
    assert "Security groups" in got["avoid"]
    assert "AWS WAF" in got["recommend"]


def test_nothing_answered_concludes_nothing(engine):
    ev = engine.evaluate({})
    assert ev.conclusions == [] and ev.trace == []

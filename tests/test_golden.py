"""Golden scenarios: the contrasts the exam loves must come out right."""

from __future__ import annotations

import pytest


def concluded(engine, answers) -> dict[str, set[str]]:
    """kind -> the services (or rule ids, where no service) concluded."""
    ev = engine.evaluate(answers)
    out: dict[str, set[str]] = {}
    for c in ev.conclusions:
        out.setdefault(c.kind.value, set()).add(c.rule.service or c.rule.id)
    return out


def rules_fired(engine, answers) -> set[str]:
    return {c.rule.id for c in engine.evaluate(answers).conclusions}


def test_static_content_goes_to_s3_and_cloudfront(engine):
    got = concluded(engine, {"static_content": True, "global_users": True, "multi_region": False})
    assert {"Amazon CloudFront", "Amazon S3"} <= got["recommend"]
    assert "AWS Global Accelerator" in got["avoid"]
    assert "AWS Global Accelerator" not in got["recommend"]


def test_dynamic_content_for_far_users_goes_to_global_accelerator(engine):
    got = concluded(engine, {"static_content": False, "global_users": True})
    assert "AWS Global Accelerator" in got["recommend"]
    assert "Amazon CloudFront" not in got.get("recommend", set())


def test_several_regions_means_global_accelerator_and_one_group_per_region(engine):
    got = rules_fired(engine, {"multi_region": True, "in_auto_scaling_group": True, "static_public_ip": True, "entry_point": "load-balancer"})
    assert {"multi-region-global-accelerator", "auto-scaling-one-region", "global-accelerator-static-ips"} <= got
    assert "elastic-ip-fixed-address" not in got


def test_one_region_fixed_address_is_an_elastic_ip(engine):
    got = rules_fired(engine, {"multi_region": False, "static_public_ip": True, "entry_point": "instances"})
    assert "elastic-ip-fixed-address" in got
    assert "global-accelerator-static-ips" not in got


@pytest.mark.parametrize("size, expected, not_expected", [
    (5, "large-uploads-transfer-acceleration", "small-uploads-cloudfront"),
    (1, "large-uploads-transfer-acceleration", "small-uploads-cloudfront"),
    (0.2, "small-uploads-cloudfront", "large-uploads-transfer-acceleration"),
])
def test_large_uploads_use_transfer_acceleration_small_ones_cloudfront(engine, size, expected, not_expected):
    got = rules_fired(engine, {"upload_long_distance": True, "object_size_gb": size})
    assert expected in got and not_expected not in got


def test_small_uploads_only_warn_about_transfer_acceleration(engine):
    # AWS says "consider CloudFront" below 1 GB, not "do not use Transfer Acceleration": a warning
    # and an advice, never an avoid or a recommendation.
    got = concluded(engine, {"upload_long_distance": True, "object_size_gb": 0.3})
    assert "Amazon S3 Transfer Acceleration" in got["warn"]
    assert "Amazon S3 Transfer Acceleration" not in got.get("avoid", set())
    assert "small-uploads-cloudfront" in got["advise"]
    assert "Amazon CloudFront" not in got.get("recommend", set())


@pytest.mark.parametrize("answers, fires", [
    ({"upload_long_distance": True, "object_size_gb": 0.3}, True),
    ({"upload_long_distance": True, "object_size_gb": 5}, False),
    ({"upload_long_distance": False, "object_size_gb": 0.3}, False),
])
def test_small_object_rules_fire_only_for_small_long_distance_uploads(engine, answers, fires):
    got = rules_fired(engine, answers)
    assert ("no-transfer-acceleration-small-objects" in got) is fires
    assert ("small-uploads-cloudfront" in got) is fires


@pytest.mark.parametrize("answers, fires", [
    ({"geo_restriction": True, "static_content": False}, True),  # dynamic content served by CloudFront
    ({"geo_restriction": True, "static_content": True}, True),
    ({"geo_restriction": True}, True),
    ({"geo_restriction": False, "static_content": True}, False),
])
def test_geo_restriction_cloudfront_does_not_need_static_content(engine, kb, answers, fires):
    assert ("geo-restriction-cloudfront" in rules_fired(engine, answers)) is fires
    assert "cloudfront-geo-restriction" in kb.rules["geo-restriction-cloudfront"].notes


def test_distribution_to_viewers_is_not_an_upload(engine):
    got = rules_fired(engine, {"static_content": True, "upload_long_distance": False, "object_size_gb": 4})
    assert "static-content-cloudfront" in got
    assert "large-uploads-transfer-acceleration" not in got


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


def test_lambda_private_resources_and_internet_chain_to_a_nat_gateway(engine):
    got = rules_fired(engine, {"uses_lambda": True, "private_resources": True, "internet_egress": True})
    assert {"lambda-attach-to-vpc", "nat-gateway-for-egress", "nat-gateway-route"} <= got
    no_internet = rules_fired(engine, {"uses_lambda": True, "private_resources": True, "internet_egress": False})
    assert "lambda-attach-to-vpc" in no_internet and "nat-gateway-for-egress" not in no_internet


def test_lambda_without_private_resources_stays_out_of_the_vpc(engine):
    got = rules_fired(engine, {"uses_lambda": True, "private_resources": False, "internet_egress": True})
    assert "lambda-stay-out-of-vpc" in got
    assert "lambda-attach-to-vpc" not in got and "nat-gateway-for-egress" not in got


def test_serverless_api_chains_into_the_lambda_best_practices(engine):
    got = rules_fired(engine, {"api_backend": True, "no_server_management": True, "private_resources": True, "internet_egress": True})
    assert {"serverless-api-gateway", "serverless-lambda-backend", "serverless-data-store", "lambda-attach-to-vpc", "nat-gateway-for-egress"} <= got


@pytest.mark.parametrize("ram, blocked", [(160, True), (150, True), (149, False), (16, False)])
def test_hibernation_memory_limit(engine, ram, blocked):
    got = rules_fired(engine, {"hibernation": True, "ram_gb": ram})
    assert ("hibernation-ram-too-large" in got) is blocked
    assert ("hibernation-alternative" in got) is blocked
    assert ("hibernation-setup" in got) is not blocked


def test_private_instances_get_their_fixed_address_from_the_nat_gateway(engine):
    private = {"private_subnet_instances": True, "internet_egress": True, "static_public_ip": True, "multi_region": False}
    got = rules_fired(engine, private)
    assert {"nat-gateway-for-egress", "nat-gateway-fixed-outbound-ip"} <= got
    lam = rules_fired(engine, {"uses_lambda": True, "private_resources": True, "internet_egress": True, "static_public_ip": True})
    assert "nat-gateway-fixed-outbound-ip" in lam
    public = rules_fired(engine, {**private, "private_subnet_instances": False, "entry_point": "instances"})
    assert "elastic-ip-fixed-address" in public and "nat-gateway-fixed-outbound-ip" not in public
    assert "nat-gateway-fixed-outbound-ip" not in rules_fired(engine, {**private, "static_public_ip": False})


def test_hibernation_in_an_auto_scaling_group_is_replaced(engine):
    got = concluded(engine, {"hibernation": True, "in_auto_scaling_group": True, "ram_gb": 32})
    assert "Amazon EC2 Auto Scaling" in got["warn"]
    assert "hibernation-auto-scaling" in rules_fired(engine, {"hibernation": True, "keep_capacity": True})


def test_asg_behind_a_load_balancer_uses_elb_health_checks(engine):
    got = rules_fired(engine, {"load_balancer": True, "in_auto_scaling_group": True})
    assert "auto-scaling-elb-health-checks" in got
    assert "auto-scaling-elb-health-checks" not in rules_fired(engine, {"load_balancer": True})


def test_security_groups_cannot_block_countries(engine):
    got = concluded(engine, {"geo_restriction": True})
    assert "Security groups" in got["avoid"]
    assert "AWS WAF" in got["recommend"]


def test_nothing_answered_concludes_nothing(engine):
    ev = engine.evaluate({})
    assert ev.conclusions == [] and ev.trace == []

"""The compute and edge-routing rules a review found wrong (issue 11 §3): each with a must-fire and a
must-not-fire case, on the engine alone (no question reading involved)."""

from __future__ import annotations

import pytest


def fired(engine, answers) -> set[str]:
    return {c.rule.id for c in engine.evaluate(answers).conclusions}


def recommended(engine, answers) -> set[str]:
    return {c.rule.service for c in engine.evaluate(answers).conclusions if c.kind.value == "recommend" and c.rule.service}


# --- elastic-ip-fixed-address: only for instances that clients reach directly ---------------------

def test_elastic_ip_fires_for_a_public_instance(engine):
    assert "elastic-ip-fixed-address" in fired(
        engine, {"static_public_ip": True, "multi_region": False, "entry_point": "instances"})


@pytest.mark.parametrize("entry", ["load-balancer", "api-gateway", "s3-cloudfront"])
def test_elastic_ip_does_not_fire_for_a_load_balancer_or_api_gateway(engine, entry):
    got = fired(engine, {"static_public_ip": True, "multi_region": False, "entry_point": entry})
    assert "elastic-ip-fixed-address" not in got


def test_elastic_ip_does_not_fire_for_private_instances_calling_out(engine):
    got = fired(engine, {"private_subnet_instances": True, "outbound_fixed_ip": True, "multi_region": False})
    assert "elastic-ip-fixed-address" not in got
    assert "fixed-outbound-ip-nat-gateway" in got  # their fixed address is the NAT gateway's Elastic IP


def test_a_load_balancer_gets_its_fixed_ips_from_a_front(engine):
    got = fired(engine, {"static_public_ip": True, "multi_region": False, "entry_point": "load-balancer"})
    assert "static-ip-front-for-load-balancer" in got
    assert "elastic-ip-fixed-address" not in got


# --- global-accelerator-static-ips: inbound only ----------------------------------------------------

def test_global_accelerator_static_ips_fire_for_inbound_across_regions(engine):
    assert "global-accelerator-static-ips" in fired(engine, {"static_public_ip": True, "multi_region": True})


def test_global_accelerator_static_ips_do_not_fire_for_an_outbound_address(engine):
    got = fired(engine, {"outbound_fixed_ip": True, "multi_region": True, "private_subnet_instances": True})
    assert "global-accelerator-static-ips" not in got
    assert "AWS Global Accelerator" not in recommended(engine, {"outbound_fixed_ip": True, "multi_region": True})
    assert "fixed-outbound-ip-nat-gateway" in got


# --- multi-region-global-accelerator: not for static S3/CloudFront content nor API Gateway ------------

@pytest.mark.parametrize("entry", ["load-balancer", "instances"])
def test_multi_region_global_accelerator_fires_for_load_balancers_and_instances(engine, entry):
    assert "multi-region-global-accelerator" in fired(engine, {"multi_region": True, "entry_point": entry})


def test_multi_region_static_content_goes_to_cloudfront_origin_failover(engine):
    answers = {"multi_region": True, "static_content": True, "entry_point": "s3-cloudfront"}
    got = fired(engine, answers)
    assert "multi-region-global-accelerator" not in got
    assert "multi-region-static-cloudfront" in got
    assert "AWS Global Accelerator" not in recommended(engine, answers)


def test_multi_region_api_gateway_is_routed_by_route53_not_global_accelerator(engine):
    answers = {"multi_region": True, "entry_point": "api-gateway"}
    got = fired(engine, answers)
    assert "multi-region-global-accelerator" not in got
    assert "multi-region-api-route53" in got
    assert "AWS Global Accelerator" not in recommended(engine, answers)


# --- dynamic-content-global-accelerator: the protocol decides ------------------------------------------

def test_plain_http_dynamic_content_also_gets_cloudfront_with_the_alb_as_origin(engine):
    got = recommended(engine, {"static_content": False, "global_users": True, "non_http_protocol": False})
    assert {"Amazon CloudFront", "AWS Global Accelerator"} <= got


def test_non_http_traffic_gets_global_accelerator_and_not_cloudfront(engine):
    answers = {"static_content": False, "global_users": True, "non_http_protocol": True, "load_balancer": True}
    got = fired(engine, answers)
    assert {"non-http-global-accelerator", "network-load-balancer-for-tcp-udp"} <= got
    assert "dynamic-http-cloudfront-origin" not in got
    assert "Amazon CloudFront" not in recommended(engine, answers)


def test_unknown_protocol_keeps_the_global_accelerator_recommendation_only(engine):
    got = recommended(engine, {"static_content": False, "global_users": True})
    assert "AWS Global Accelerator" in got and "Amazon CloudFront" not in got

"""The compute and edge-routing rules a review found wrong (issue 11 §3), said of the services a whole
evaluation recommends. What each rule must and must not conclude is in its ``[[rule.example]]``
tables (knowledge/rules/compute-edge.toml, ec2.toml, networking.toml), run by
tests/test_rule_examples.py."""

from __future__ import annotations


def recommended(engine, answers) -> set[str]:
    return {c.rule.service for c in engine.evaluate(answers).conclusions if c.kind.value == "recommend" and c.rule.service}


def test_an_outbound_address_is_not_global_accelerator(engine):
    assert "AWS Global Accelerator" not in recommended(engine, {"outbound_fixed_ip": True, "multi_region": True})


def test_multi_region_static_content_is_not_global_accelerator(engine):
    answers = {"multi_region": True, "static_content": True, "entry_point": "s3-cloudfront"}
    assert "AWS Global Accelerator" not in recommended(engine, answers)


def test_multi_region_api_gateway_is_not_global_accelerator(engine):
    assert "AWS Global Accelerator" not in recommended(engine, {"multi_region": True, "entry_point": "api-gateway"})


# --- dynamic-content-global-accelerator: the protocol decides ------------------------------------------

def test_plain_http_dynamic_content_also_gets_cloudfront_with_the_alb_as_origin(engine):
    got = recommended(engine, {"static_content": False, "global_users": True, "non_http_protocol": False})
    assert {"Amazon CloudFront", "AWS Global Accelerator"} <= got


def test_non_http_traffic_gets_global_accelerator_and_not_cloudfront(engine):
    answers = {"static_content": False, "global_users": True, "non_http_protocol": True, "load_balancer": True}
    got = recommended(engine, answers)
    assert "AWS Global Accelerator" in got and "Amazon CloudFront" not in got


def test_unknown_protocol_keeps_the_global_accelerator_recommendation_only(engine):
    got = recommended(engine, {"static_content": False, "global_users": True})
    assert "AWS Global Accelerator" in got and "Amazon CloudFront" not in got

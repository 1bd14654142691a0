"""The IAM database authentication caveat (issue 11): direct IAM authentication is suggested below
about 200 new connections per second, so with Lambda functions as clients the advice adds RDS Proxy."""

from __future__ import annotations

from advisor import kb as kbmod
from advisor.engine import engine_for

KB = kbmod.builtin()


def _fired(answers):
    return engine_for(KB).evaluate(answers).fired()


def test_rds_proxy_caveat_fires_for_lambda_clients():
    fired = _fired({"passwordless_db_auth": True, "db_engine": "postgresql", "uses_lambda": True})
    assert "iam-db-auth-through-rds-proxy" in fired
    assert "iam-database-authentication" in fired  # IAM authentication still applies, at the proxy


def test_rds_proxy_caveat_stays_quiet_without_lambda():
    fired = _fired({"passwordless_db_auth": True, "db_engine": "mysql", "uses_lambda": False})
    assert "iam-db-auth-through-rds-proxy" not in fired
    assert "iam-database-authentication" in fired


def test_rds_proxy_caveat_needs_an_engine_with_iam_authentication():
    fired = _fired({"passwordless_db_auth": True, "db_engine": "oracle", "uses_lambda": True})
    assert "iam-db-auth-through-rds-proxy" not in fired
    assert "no-iam-database-authentication" in fired


def test_rds_proxy_caveat_cites_the_200_connections_note():
    rule = KB.rules["iam-db-auth-through-rds-proxy"]
    assert "rds-proxy-connection-pooling" in rule.notes
    assert "200" in KB.notes["rds-proxy-connection-pooling"].text.en
    assert "200" in KB.rules["iam-database-authentication"].detail.en

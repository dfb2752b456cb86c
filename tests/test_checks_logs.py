"""The checks that read the vaults' audit logs, on tiny hand-built snapshots (pass, fail, unknown)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from snapshot_factory import (
    AS_OF,
    KV_SECRETS_USER,
    SUB,
    by_status,
    make_access_policy,
    make_assignment,
    make_gap,
    make_snapshot,
    make_vault,
    run_checks,
)

from assess.config import Config, Thresholds
from assess.snapshot import LogQuery, Vault, VaultAccess

ALICE = "11111111-1111-4111-8111-111111111111"
BUILD = "22222222-2222-4222-8222-222222222222"
GONE = "33333333-3333-4333-8333-333333333333"
TEAM = "44444444-4444-4444-8444-444444444444"


def window_query() -> LogQuery:
    return LogQuery(
        id=f"/subscriptions/{SUB}/logQueries/vault_audit/AZKVAuditLogs",
        scope=f"/subscriptions/{SUB}",
        family="vault_audit",
        table="AZKVAuditLogs",
        start=AS_OF - timedelta(days=30),
        end=AS_OF,
    )


def read(
    vault: Vault, caller: str, ip: str = "10.0.0.4", n: int = 5, denied: int = 0
) -> VaultAccess:
    return VaultAccess(
        id=f"{vault.id}/auditEvents/{caller[:8]}{ip}",
        vault_id=vault.id,
        caller=caller,
        caller_ip=ip,
        operation="SecretGet",
        secret="s",
        events=n,
        denied=denied,
    )


def snapshot(*records: Any) -> Any:
    return make_snapshot(window_query(), *records)


# ---- SE09-7.52: readers still hold a grant --------------------------------------------------------
def test_a_reader_without_any_grant_fails_the_vault() -> None:
    granted = make_vault("kv-granted")
    policy = make_vault("kv-policy", access_policies=(make_access_policy(ALICE),))
    orphan = make_vault("kv-orphan")
    silent = make_vault("kv-silent")
    results = run_checks(
        snapshot(
            granted,
            policy,
            orphan,
            silent,
            make_assignment(ALICE, KV_SECRETS_USER, granted.id),
            read(granted, ALICE),
            read(policy, ALICE),
            read(orphan, GONE),
            read(orphan, ALICE, n=3, denied=3),
        ),
        "SE09-7.52",
    )
    assert by_status(results) == {
        "pass": {"kv-granted", "kv-policy"},
        "fail": {"kv-orphan"},
        # no audit event and no diagnostic setting sending one to a workspace
        "not_applicable": {"kv-silent"},
    }
    message = next(f.message for f in results.findings if f.resource_name == "kv-orphan")
    assert GONE in message and ALICE not in message


def test_a_group_grant_makes_an_unmatched_reader_unknown() -> None:
    vault = make_vault("kv-team")
    results = run_checks(
        snapshot(
            vault,
            make_assignment(TEAM, KV_SECRETS_USER, vault.id, principal_type="Group"),
            read(vault, GONE),
        ),
        "SE09-7.52",
    )
    assert by_status(results) == {"unknown": {"kv-team"}}


# ---- SE09-1.50: production readers stay in production ----------------------------------------------
def test_a_production_vault_read_by_a_non_production_reader_fails() -> None:
    prod = make_vault("kv-payments-prod", tags={"environment": "prod"})
    prod_ok = make_vault("kv-orders-prod", tags={"environment": "prod"})
    dev = make_vault("kv-payments-dev", tags={"environment": "dev"})
    results = run_checks(
        snapshot(
            prod,
            prod_ok,
            dev,
            read(prod, BUILD, ip="198.51.100.20"),
            read(dev, BUILD, ip="10.9.0.5"),
            read(prod_ok, ALICE, ip="10.1.0.9"),
            read(dev, GONE, ip="10.1.0.77", n=2, denied=2),  # refused: not a reader
        ),
        "SE09-1.50",
    )
    assert by_status(results) == {"fail": {"kv-payments-prod"}, "pass": {"kv-orders-prod"}}
    message = next(f.message for f in results.findings if f.status.value == "fail")
    assert f"{BUILD} (also reads kv-payments-dev)" in message


def test_a_shared_address_range_fails_a_production_vault() -> None:
    prod = make_vault("kv-prod", tags={"environment": "prod"})
    test = make_vault("kv-test", tags={"environment": "test"})
    results = run_checks(
        snapshot(
            prod, test, read(prod, ALICE, ip="203.0.113.7"), read(test, BUILD, ip="203.0.113.99")
        ),
        "SE09-1.50",
    )
    assert by_status(results) == {"fail": {"kv-prod"}}
    assert "addresses in 203.0.113.0/24" in results.findings[0].message


# ---- SE09-3.50: calls from expected networks ------------------------------------------------------
def test_public_callers_outside_expected_networks_fail_an_open_vault() -> None:
    open_vault = make_vault("kv-open")
    expected = make_vault("kv-expected")
    private = make_vault("kv-private")
    closed = make_vault("kv-closed", default_action="Deny")
    config = Config(thresholds=Thresholds(expected_networks=("52.160.0.0/16",)))
    results = run_checks(
        snapshot(
            open_vault,
            expected,
            private,
            closed,
            read(open_vault, ALICE, ip="40.112.10.7"),
            read(open_vault, BUILD, ip="40.112.10.8", n=4, denied=4),  # refused: not served
            read(expected, ALICE, ip="52.160.4.20"),
            read(private, ALICE, ip="10.2.3.4"),
            read(closed, ALICE, ip="203.0.113.7"),
        ),
        "SE09-3.50",
        config=config,
    )
    assert by_status(results) == {
        "fail": {"kv-open"},
        "pass": {"kv-expected", "kv-private"},
        "not_applicable": {"kv-closed"},
    }
    failed = next(f for f in results.findings if f.resource_name == "kv-open")
    assert "40.112.10.7: 5" in failed.message and "40.112.10.8" not in failed.message


def test_a_production_pass_needs_the_non_production_vaults_audit_events() -> None:
    # "No reader shared with non-production" rests on every non-production vault's audit events:
    # one unread (or a vault list that failed) may hide a reader of both, so the pass is unknown.
    # A shared reader found in what was read still fails.
    prod = make_vault("kv-orders-prod", tags={"environment": "prod"})
    shared = make_vault("kv-payments-prod", tags={"environment": "prod"})
    dev = make_vault("kv-orders-dev", tags={"environment": "dev"})
    test = make_vault("kv-orders-test", tags={"environment": "test"})
    records = (
        prod,
        shared,
        dev,
        test,
        read(prod, ALICE, ip="10.1.0.9"),
        read(shared, BUILD, ip="10.2.0.9"),
        read(test, BUILD, ip="10.3.0.9"),
    )
    assert by_status(run_checks(snapshot(*records), "SE09-1.50")) == {
        "pass": {"kv-orders-prod"},
        "fail": {"kv-payments-prod"},
    }
    hidden = f"/subscriptions/{SUB}/resourceGroups/rg-hidden"
    for gap in (make_gap("vault_access", dev.id), make_gap("vaults", hidden)):
        found = by_status(run_checks(snapshot(*records, gap), "SE09-1.50"))
        assert found["fail"] == {"kv-payments-prod"}, gap.kind
        assert "kv-orders-prod" in found["unknown"] and "pass" not in found, gap.kind
    # A production vault's own unread log says nothing about the others' readers.
    other = make_vault("kv-other-prod", tags={"environment": "prod"})
    results = run_checks(snapshot(*records, other, make_gap("vault_access", other.id)), "SE09-1.50")
    assert by_status(results)["pass"] == {"kv-orders-prod"}

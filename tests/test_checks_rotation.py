"""SE09-5 checks on hand-built snapshots, run through the real engine."""

from __future__ import annotations

from snapshot_factory import (
    by_status,
    days_after,
    days_before,
    make_gap,
    make_key,
    make_secret,
    make_snapshot,
    make_vault,
    message_of,
    run_checks,
)

from assess.config import Config, Thresholds
from assess.model import Status

KV = make_vault("kv-app")
LOCKED = make_vault("kv-locked", rg="rg-locked")


def test_secrets_need_an_expiration_date_unless_disabled() -> None:
    snap = make_snapshot(
        KV,
        make_secret("db-password", KV, enabled=True, expires=days_after(60)),
        make_secret("api-key", KV, enabled=True),  # no expiry returned: never expires
        make_secret("legacy", KV, enabled=None),  # enabled not reported: Key Vault's default, on
        make_secret("retired", KV, enabled=False),
    )
    results = run_checks(snap, "SE09-5.1")
    assert by_status(results) == {
        "pass": {"db-password"},
        "fail": {"api-key", "legacy"},
        "not_applicable": {"retired"},
    }
    text = message_of(results, "api-key")
    assert "api-key" in text and "kv-app" in text


def test_keys_need_an_expiration_date() -> None:
    snap = make_snapshot(
        KV,
        make_key("signing", KV, enabled=True, expires=days_after(300)),
        make_key("wrapping", KV, enabled=True),
        make_key("old", KV, enabled=False),
    )
    results = run_checks(snap, "SE09-5.2")
    assert by_status(results) == {
        "pass": {"signing"},
        "fail": {"wrapping"},
        "not_applicable": {"old"},
    }
    assert "wrapping" in message_of(results, "wrapping")


def test_secret_age_against_the_configured_maximum() -> None:
    snap = make_snapshot(
        KV,
        make_secret("fresh", KV, created=days_before(10)),
        make_secret("on-the-day", KV, created=days_before(60)),
        make_secret("just-over", KV, created=days_before(60.5)),
        make_secret("stale", KV, created=days_before(400)),
        make_secret("undated", KV),  # created not reported: its age is not known
        make_secret("stale-disabled", KV, created=days_before(400), enabled=False),
    )
    results = run_checks(snap, "SE09-5.3")
    assert by_status(results) == {
        "pass": {"fresh", "on-the-day"},
        "fail": {"just-over", "stale"},
        "unknown": {"undated"},
        "not_applicable": {"stale-disabled"},
    }
    assert "400 days" in message_of(results, "stale") and "kv-app" in message_of(results, "stale")
    assert "no creation date" in message_of(results, "undated")
    strict = Config(thresholds=Thresholds(max_secret_age_days=5))
    assert by_status(run_checks(snap, "SE09-5.3", config=strict))["fail"] >= {"fresh"}


def test_key_age_uses_its_own_maximum() -> None:
    snap = make_snapshot(
        KV,
        make_key("young", KV, created=days_before(200)),
        make_key("old", KV, created=days_before(500)),
        make_key("undated", KV),
    )
    results = run_checks(snap, "SE09-5.4")
    assert by_status(results) == {"pass": {"young"}, "fail": {"old"}, "unknown": {"undated"}}


def test_expired_and_near_expiry_secrets_fail_and_undated_ones_are_left_to_5_1() -> None:
    snap = make_snapshot(
        KV,
        make_secret("far", KV, expires=days_after(200)),
        make_secret("soon", KV, expires=days_after(10)),
        make_secret("expired", KV, expires=days_before(3)),
        make_secret("expired-disabled", KV, expires=days_before(3), enabled=False),
        make_secret("no-date", KV),
    )
    results = run_checks(snap, "SE09-5.5")
    assert by_status(results) == {
        "pass": {"far"},
        "fail": {"soon", "expired"},
        "not_applicable": {"expired-disabled", "no-date"},
    }
    assert "expired on" in message_of(results, "expired")
    assert "expires on" in message_of(results, "soon")


def test_near_expiry_keys_follow_the_configured_window() -> None:
    snap = make_snapshot(KV, make_key("k45", KV, expires=days_after(45)))
    assert by_status(run_checks(snap, "SE09-5.6")) == {"pass": {"k45"}}
    wide = Config(thresholds=Thresholds(near_expiry_days=60))
    assert by_status(run_checks(snap, "SE09-5.6", config=wide)) == {"fail": {"k45"}}


def test_rotation_checks_inside_a_403_gap_are_unknown() -> None:
    snap = make_snapshot(
        KV,
        LOCKED,
        make_secret("ok", KV, created=days_before(1), expires=days_after(80)),
        make_secret("hidden", LOCKED, created=days_before(1), expires=days_after(80)),
        make_key("hidden-key", LOCKED, created=days_before(1), expires=days_after(80)),
        make_gap("secrets", LOCKED.id),
        make_gap("keys", LOCKED.id),
    )
    for check_id in ("SE09-5.1", "SE09-5.3", "SE09-5.5"):
        results = run_checks(snap, check_id)
        assert by_status(results) == {"pass": {"ok"}, "unknown": {"hidden"}}, check_id
    for check_id in ("SE09-5.2", "SE09-5.4", "SE09-5.6"):
        results = run_checks(snap, check_id)
        assert by_status(results) == {"unknown": {"hidden-key"}}, check_id
        assert all("403" in f.reason for f in results.findings)


def test_secrets_never_listed_under_a_gap_are_one_unknown_finding() -> None:
    gap = make_gap("secrets", LOCKED.id)
    results = run_checks(make_snapshot(KV, LOCKED, gap), "SE09-5.1")
    assert [(f.status, f.resource_name) for f in results.findings] == [
        (Status.UNKNOWN, "kv-locked")
    ]

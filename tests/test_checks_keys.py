"""Keys as Resource Manager's Keys_Get and Keys_ListVersions show them: strength, HSM, export,
rotation policy and its interval, older versions left enabled."""

from __future__ import annotations

from snapshot_factory import (
    EVIDENCE_KINDS,
    by_status,
    days_before,
    make_gap,
    make_key,
    make_key_detail,
    make_key_version,
    make_secret,
    make_snapshot,
    make_vault,
    message_of,
    run_checks,
)

from assess.config import Config, Thresholds

KV = make_vault("kv-app", enable_rbac_authorization=True)


def _keys(*specs: tuple[str, dict[str, object]]) -> list[object]:
    records: list[object] = []
    for name, detail in specs:
        key = make_key(name, KV)
        records += [key, make_key_detail(key, **detail)]  # type: ignore[arg-type]
    return records


def test_short_rsa_keys_and_odd_curves_fail_strength() -> None:
    snap = make_snapshot(
        KV,
        *_keys(
            ("rsa-1024", {"key_size": 1024}),
            ("rsa-2048", {"key_size": 2048}),
            ("rsa-hsm-4096", {"kty": "RSA-HSM", "key_size": 4096}),
            ("ec-p256", {"kty": "EC", "key_size": None, "curve_name": "P-256"}),
            ("rsa-unsized", {"key_size": None}),
        ),
        make_key("unread", KV),  # listed, but its Keys_Get answered nothing
    )
    results = run_checks(snap, "SE09-2.5")
    assert by_status(results) == {
        "pass": {"rsa-2048", "rsa-hsm-4096", "ec-p256"},
        "fail": {"rsa-1024"},
        "unknown": {"rsa-unsized", "unread"},
    }
    assert "1024-bit RSA" in message_of(results, "rsa-1024")
    stricter = Config(thresholds=Thresholds(min_rsa_key_bits=3072))
    assert by_status(run_checks(snap, "SE09-2.5", config=stricter))["fail"] == {
        "rsa-1024",
        "rsa-2048",
    }


def test_software_keys_fail_only_where_the_policy_asks_for_hsm() -> None:
    snap = make_snapshot(
        KV, *_keys(("soft", {"kty": "RSA"}), ("hard", {"kty": "RSA-HSM", "key_size": 3072}))
    )
    assert by_status(run_checks(snap, "SE09-2.6")) == {"not_applicable": {"soft", "hard"}}
    strict = Config(thresholds=Thresholds(require_hsm_keys=True))
    results = run_checks(snap, "SE09-2.6", config=strict)
    assert by_status(results) == {"pass": {"hard"}, "fail": {"soft"}}
    assert results.run.thresholds["require_hsm_keys"] is True


def test_exportable_keys_fail() -> None:
    snap = make_snapshot(
        KV,
        *_keys(
            ("released", {"exportable": True}),
            ("kept", {"exportable": False}),
            ("not-said", {}),
        ),
    )
    assert by_status(run_checks(snap, "SE09-2.7")) == {
        "fail": {"released"},
        "pass": {"kept", "not-said"},
    }


def test_keys_need_a_rotate_action_at_most_as_far_apart_as_the_maximum_key_age() -> None:
    snap = make_snapshot(
        KV,
        *_keys(
            ("no-policy", {}),
            ("notify-only", {"policy": True}),
            ("yearly", {"rotate": "P11M"}),
            ("five-years", {"rotate": "P5Y"}),
            ("before-expiry", {"before_expiry": "P30D", "expiry_time": "P1Y"}),
            ("before-nothing", {"before_expiry": "P30D"}),
        ),
        # A certificate's key is renewed with its certificate.
        make_secret("tls-www", KV, content_type="application/x-pkcs12"),
        *_keys(("tls-www", {})),
    )
    results = run_checks(snap, "SE09-5.9", "SE09-5.10")
    assert by_status(results, "SE09-5.9") == {
        "pass": {"yearly", "five-years", "before-expiry", "before-nothing"},
        "fail": {"no-policy", "notify-only"},
        "not_applicable": {"tls-www"},
    }
    assert by_status(results, "SE09-5.10") == {
        "pass": {"yearly", "before-expiry"},
        "fail": {"five-years"},
        "unknown": {"before-nothing"},
        "not_applicable": {"no-policy", "notify-only", "tls-www"},
    }
    interval = [f for f in results.findings if f.check_id == "SE09-5.10"]
    assert "1825 days" in next(f.message for f in interval if f.resource_name == "five-years")


def test_older_key_versions_left_enabled_long_after_a_newer_one_fail() -> None:
    rotated, fresh, tidy, single = (make_key(n, KV) for n in ("rotated", "fresh", "tidy", "one"))
    snap = make_snapshot(
        KV,
        rotated,
        fresh,
        tidy,
        single,
        make_key_version(rotated, "v1", enabled=True, created=days_before(400)),
        make_key_version(rotated, "v2", enabled=True, created=days_before(200)),
        make_key_version(fresh, "v1", enabled=True, created=days_before(300)),
        make_key_version(fresh, "v2", enabled=True, created=days_before(5)),
        make_key_version(tidy, "v1", enabled=False, created=days_before(400)),
        make_key_version(tidy, "v2", enabled=True, created=days_before(200)),
        make_key_version(single, "v1", enabled=True, created=days_before(100)),
    )
    results = run_checks(snap, "SE09-5.11")
    assert by_status(results) == {"fail": {"rotated"}, "pass": {"fresh", "tidy", "one"}}
    assert "v1 (superseded 200 days ago)" in message_of(results, "rotated")


def test_key_details_that_were_not_read_are_unknown_never_passed() -> None:
    key = make_key("cmk", KV)
    gap = make_snapshot(KV, key, make_gap("key_details", key.id))
    assert by_status(run_checks(gap, "SE09-5.9", "SE09-2.5")) == {"unknown": {"cmk"}}
    never = make_snapshot(KV, key, collected=[k for k in EVIDENCE_KINDS if k != "key_details"])
    results = run_checks(never, "SE09-5.9")
    assert {f.status.value for f in results.findings} == {"unknown"}
    assert "--key-details" in results.findings[0].reason

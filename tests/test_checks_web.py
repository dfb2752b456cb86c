"""App Service checks (SE09-2.3, SE09-3.3, SE09-6.1) on hand-built snapshots, through the engine."""

from __future__ import annotations

from snapshot_factory import (
    SUB,
    by_status,
    make_app_setting,
    make_gap,
    make_snapshot,
    make_web_app,
    message_of,
    run_checks,
)

from assess.snapshot import EVIDENCE_KINDS, dumps

CLEAN = make_web_app("app-clean", identity="SystemAssigned")
LEAKY = make_web_app("app-leaky", identity="SystemAssigned, UserAssigned")
PINNED = make_web_app("app-pinned", identity="UserAssigned")
BARE = make_web_app("app-bare", identity="None")
LOCKED = make_web_app("app-locked", rg="rg-locked")

SETTINGS = (
    make_app_setting(CLEAN, "DB_PASSWORD", "key_vault_reference"),
    make_app_setting(CLEAN, "Orders", "key_vault_reference", "connectionstring"),
    make_app_setting(CLEAN, "RUNTIME"),
    make_app_setting(LEAKY, "API_KEY", "credential"),
    make_app_setting(
        LEAKY,
        "Storage",
        "credential",
        "connectionstring",
        rule_ids=("connection-string-secret",),
        preview="Defa…(120 chars)",
    ),
    make_app_setting(LEAKY, "PLAIN_NOTE"),
    make_app_setting(PINNED, "PAYMENT_KEY", "key_vault_reference", versionless=False),
    make_app_setting(PINNED, "DB_PASSWORD", "key_vault_reference"),
    make_app_setting(BARE, "DB_PASSWORD", "key_vault_reference"),
)


def _snapshot() -> object:
    gap = make_gap("app_settings", LOCKED.id)
    return make_snapshot(CLEAN, LEAKY, PINNED, BARE, LOCKED, *SETTINGS, gap)


def test_credentials_in_settings_fail_by_name_and_rule_never_by_value() -> None:
    results = run_checks(_snapshot(), "SE09-2.3")  # type: ignore[arg-type]
    assert by_status(results) == {
        "pass": {"app-clean", "app-pinned", "app-bare"},
        "fail": {"app-leaky"},
        "unknown": {"app-locked"},
    }
    text = message_of(results, "app-leaky")
    assert "API_KEY (app setting: aws-access-key-id)" in text
    assert "Storage (connection string: connection-string-secret)" in text
    assert "PLAIN_NOTE" not in text
    assert "AKIA" not in text and "Defa" not in text  # not even the previews


def test_pinned_key_vault_references_fail_and_apps_without_any_are_not_applicable() -> None:
    plain_only = make_web_app("app-plain")
    snap = make_snapshot(
        CLEAN, PINNED, plain_only, *SETTINGS[:3], *SETTINGS[6:8], make_app_setting(plain_only, "X")
    )
    results = run_checks(snap, "SE09-6.1")
    assert by_status(results) == {
        "pass": {"app-clean"},
        "fail": {"app-pinned"},
        "not_applicable": {"app-plain"},
    }
    text = message_of(results, "app-pinned")
    assert "PAYMENT_KEY" in text and "DB_PASSWORD" not in text


UAMI = f"/subscriptions/{SUB}/resourceGroups/rg-id/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app"
OTHER_UAMI = UAMI.replace("id-app", "id-other")


def test_key_vault_references_need_the_identity_that_resolves_them() -> None:
    apps = (
        # the default: the system-assigned identity, present
        make_web_app("sys-default", identity="SystemAssigned"),
        # explicitly a user-assigned identity that is attached
        make_web_app(
            "uami-ok",
            identity="UserAssigned",
            user_assigned_identities=(UAMI.upper(),),  # ids compare case-insensitively
            key_vault_reference_identity=UAMI,
        ),
        # only user-assigned identities, references left on the system-assigned default
        make_web_app(
            "uami-default",
            identity="UserAssigned",
            user_assigned_identities=(UAMI,),
            key_vault_reference_identity="SystemAssigned",
        ),
        # a user-assigned identity that is not attached (any more)
        make_web_app(
            "uami-detached",
            identity="SystemAssigned, UserAssigned",
            user_assigned_identities=(UAMI,),
            key_vault_reference_identity=OTHER_UAMI,
        ),
        # only user-assigned, and the property was not returned: cannot be told
        make_web_app("uami-unsaid", identity="UserAssigned", user_assigned_identities=(UAMI,)),
    )
    refs = [make_app_setting(a, "DB_PASSWORD", "key_vault_reference") for a in apps]
    gap = make_gap("app_settings", LOCKED.id)
    snap = make_snapshot(*apps, BARE, LEAKY, LOCKED, *refs, SETTINGS[-1], *SETTINGS[3:6], gap)
    results = run_checks(snap, "SE09-3.3")
    assert by_status(results) == {
        "pass": {"sys-default", "uami-ok"},
        "fail": {"app-bare", "uami-default", "uami-detached"},
        "not_applicable": {"app-leaky"},
        "unknown": {"uami-unsaid", "app-locked"},
    }
    assert "has no managed identity (identity.type is none)" in message_of(results, "app-bare")
    assert "system-assigned identity it does not have" in message_of(results, "uami-default")
    assert "id-other, which is not attached" in message_of(results, "uami-detached")
    assert "cannot be told" in message_of(results, "uami-unsaid")


def test_without_web_evidence_collected_every_web_check_is_unknown() -> None:
    kinds = [k for k in EVIDENCE_KINDS if k not in {"web_apps", "app_settings"}]
    snap = make_snapshot(CLEAN, *SETTINGS[:3], collected=kinds)
    results = run_checks(snap, "SE09-2.3", "SE09-3.3", "SE09-6.1")
    assert {f.status.value for f in results.findings} == {"unknown"}
    assert all("web_apps" in f.message for f in results.findings)


def test_the_snapshot_round_trips_the_new_records() -> None:
    snap = make_snapshot(CLEAN, *SETTINGS[:3])
    assert '"value_kind": "key_vault_reference"' in dumps(snap)
    assert SUB in dumps(snap)

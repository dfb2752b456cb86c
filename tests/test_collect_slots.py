"""Deployment slots: listed with the sites, their settings classified in memory (never a value
kept), their slot-sticky names read, and the slot checks (SE09-1.60, SE09-1.61) judged from
them. Shapes as Microsoft publishes them (``GetWebAppSlot``, ``ListSlotConfigurationNames``)."""

from __future__ import annotations

from datetime import UTC, datetime

from snapshot_factory import builtin_registry, by_status, message_of
from test_collect_web import CANARY, SITES, _collect

from assess.config import Config
from assess.results import build_results
from assess.snapshot import Snapshot, dumps


def test_slots_are_read_with_the_sites_and_their_settings_classified_never_kept() -> None:
    snap = _collect()
    assert {(s.name, s.app_id) for s in snap.web_app_slots} == {
        ("staging", f"{SITES}/app-shop"),
        ("qa", f"{SITES}/app-shop"),
    }
    (names,) = snap.slot_config_names
    assert names.site_id == f"{SITES}/app-shop" and names.app_setting_names == ("DB_PASSWORD",)
    staging = {s.name: s for s in snap.slot_settings if s.site_id.endswith("/slots/staging")}
    assert {n: s.value_kind for n, s in staging.items()} == {
        "DB_PASSWORD": "key_vault_reference",
        "PAYMENT_KEY": "credential",
        "WEBSITE_RUN_FROM_PACKAGE": "plain",
        "Ledger": "credential",
    }
    site = {s.name: s for s in snap.app_settings if s.site_id == f"{SITES}/func-orders"}
    # The same key with spaces around it, and the same password in another connection string.
    assert staging["PAYMENT_KEY"].credential_fingerprint == site["API_KEY"].credential_fingerprint
    assert staging["Ledger"].credential_fingerprint == site["Ledger"].credential_fingerprint
    assert staging["Ledger"].credential_target == "sql:sql-ledger-staging"
    assert {"web_app_slots", "slot_settings", "slot_config_names"} <= set(snap.collected)
    text = dumps(snap)
    assert CANARY not in text and "AKIAQ7XZ4RB2NW5TLMKD" not in text


def test_a_refused_slot_settings_list_is_a_gap_on_that_slot_only() -> None:
    snap = _collect()
    gaps = {(g.kind, g.scope, g.status_code) for g in snap.gaps if g.kind == "slot_settings"}
    assert gaps == {("slot_settings", f"{SITES}/app-shop/slots/qa", 403)}


def test_with_web_apps_off_no_slot_is_read() -> None:
    snap = _collect(web_apps=False)
    assert not snap.web_app_slots and not snap.slot_settings
    assert not {"web_app_slots", "slot_settings", "slot_config_names"} & set(snap.collected)


def _results(snap: Snapshot, *checks: str) -> object:
    registry = builtin_registry().select(checks)
    return build_results(snap, registry, Config(), datetime(2026, 11, 1, tzinfo=UTC))


def test_a_staging_slot_holding_production_credentials_fails_as_another_environment() -> None:
    results = _results(_collect(), "SE09-1.60")
    found = by_status(results)  # type: ignore[arg-type]
    assert {"staging", "func-orders"} <= found["fail"]
    # the qa slot's settings and app-locked's were not read: unknown, never "not shared"
    assert {"qa", "app-locked"} <= found["unknown"]
    text = message_of(results, "staging")  # type: ignore[arg-type]
    assert "staging (test) shares Ledger, PAYMENT_KEY with another environment" in text
    assert "production: func-orders app setting API_KEY" in text
    assert "production: func-orders connection string Ledger" in text


def test_production_secrets_not_slot_sticky_fail_the_swap_check() -> None:
    results = _results(_collect(), "SE09-1.61")
    found = by_status(results)  # type: ignore[arg-type]
    assert found == {"fail": {"app-shop"}, "unknown": {"qa", "app-locked"}}
    text = message_of(results, "app-shop")  # type: ignore[arg-type]
    assert "PAYMENT_KEY (production, slot staging)" in text
    assert "Ledger (slot staging)" in text and "DB_PASSWORD" not in text

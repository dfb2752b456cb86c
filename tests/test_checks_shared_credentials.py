"""Shared credentials (SE09-1.60, SE09-3.60, SE09-4.60): values classified by the real collector
code, compared by keyed fingerprint, judged through the engine. Every value here is a fake."""

from __future__ import annotations

from typing import Any

import pytest
from snapshot_factory import (
    SUB_DEV,
    SUB_PROD,
    by_status,
    make_gap,
    make_snapshot,
    make_subscription,
    make_web_app,
    message_of,
    run_checks,
)

from assess.collectors.web import APP_SETTING, CONNECTION_STRING, Classifier
from assess.fingerprints import credential_fingerprint
from assess.redact import Fingerprinter
from assess.snapshot import (
    AppSetting,
    CodeFinding,
    CodeScanEvidence,
    Snapshot,
    WebApp,
    WebAppSlot,
    dumps,
)

CANARY = "FakeCanary-7e6d5c4b3a29-NotASecret"
KEY = "ZmFrZS1zdG9yYWdlLWtleS1mb3ItdGVzdHMtb25seQ=="
"""A fake storage account key (base64 of a sentence)."""

CLASSIFIER = Classifier(Fingerprinter())
SUBS = (make_subscription(SUB_PROD), make_subscription(SUB_DEV))

PROD = make_web_app("app-orders-prod", sub=SUB_PROD, rg="rg-orders-prod", identity="SystemAssigned")
PROD2 = make_web_app("app-billing-prod", sub=SUB_PROD, rg="rg-billing-prod")
DEV = make_web_app("app-orders-dev", sub=SUB_DEV, rg="rg-orders-dev")
LOCKED = make_web_app("app-locked-dev", sub=SUB_DEV, rg="rg-locked-dev")


def setting(app: WebApp, name: str, value: str, source: str = APP_SETTING) -> AppSetting:
    """One setting as the collector keeps it: the value classified in memory and dropped."""
    kind = "Custom" if source == CONNECTION_STRING else None
    return CLASSIFIER.classify(app.id, name, value, source, kind)


def storage(account: str, key: str = KEY, **extra: str) -> str:
    parts = {
        "DefaultEndpointsProtocol": "https",
        "AccountName": account,
        "AccountKey": key,
        "EndpointSuffix": "core.windows.net",
        **extra,
    }
    return ";".join(f"{k}={v}" for k, v in parts.items())


def snapshot(*records: Any, slot_settings: tuple[AppSetting, ...] = ()) -> Snapshot:
    snap = make_snapshot(*SUBS, *records)
    slots = tuple(r for r in records if isinstance(r, WebAppSlot))
    return snap.model_copy(
        update={
            "web_apps": tuple(a for a in snap.web_apps if not isinstance(a, WebAppSlot)),
            "web_app_slots": slots,
            "slot_settings": slot_settings,
        }
    )


def slot_of(app: WebApp, name: str) -> WebAppSlot:
    return WebAppSlot(
        **{**app.model_dump(), "id": f"{app.id}/slots/{name}", "name": name, "tags": {}},
        app_id=app.id,
    )


def test_two_connection_strings_that_differ_but_carry_one_key_fail_across_environments() -> None:
    prod = setting(PROD, "Storage", storage("storders"), CONNECTION_STRING)
    # Another spelling: quoted, other part order, an extra option; the same AccountKey.
    dev = setting(
        DEV,
        "BLOB",
        f'  "AccountKey={KEY};AccountName=storders;BlobEndpoint=https://storders.blob.core.windows.net/"  ',
    )
    assert prod.credential_fingerprint == dev.credential_fingerprint != ""
    results = run_checks(snapshot(PROD, DEV, prod, dev), "SE09-1.60")
    assert by_status(results) == {"fail": {"app-orders-prod", "app-orders-dev"}}
    text = message_of(results, "app-orders-prod")
    assert "production: app-orders-prod connection string Storage" in text
    assert "development: app-orders-dev app setting BLOB" in text
    assert KEY[:8] not in dumps(results) and "ZmFr" not in dumps(results)


def test_a_different_key_passes_and_an_unreadable_app_is_unknown() -> None:
    prod = setting(PROD, "Storage", storage("storders"), CONNECTION_STRING)
    dev = setting(DEV, "Storage", storage("storders", key="ZGV2LW9ubHkta2V5LWZha2U="))
    gap = make_gap("app_settings", LOCKED.id)
    results = run_checks(snapshot(PROD, DEV, LOCKED, prod, dev, gap), "SE09-1.60")
    assert by_status(results) == {
        "pass": {"app-orders-prod", "app-orders-dev"},
        "unknown": {"app-locked-dev"},
    }


@pytest.mark.parametrize(
    "value",
    ["true", "1", "12345678", "Development", "https://api.example.com/v1", "~4", "dotnet"],
)
def test_values_that_cannot_be_credentials_are_never_grouped(value: str) -> None:
    prod = setting(PROD, "ApiKey", value)
    dev = setting(DEV, "ApiKey", value)
    assert prod.credential_fingerprint == ""
    results = run_checks(snapshot(PROD, DEV, prod, dev), "SE09-1.60")
    assert by_status(results) == {"not_applicable": {"app-orders-prod", "app-orders-dev"}}


def test_a_connection_string_without_a_key_part_is_not_a_credential() -> None:
    insights = (
        "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://x/"
    )
    assert credential_fingerprint(insights) == ""
    assert credential_fingerprint(f"https://user:{CANARY}@db.example.com/x") == (
        credential_fingerprint(f"Password={CANARY};Server=db")
    )


def test_one_key_used_by_two_apps_of_production_names_the_managed_identity_replacement() -> None:
    first = setting(PROD, "Storage", storage("storders"), CONNECTION_STRING)
    second = setting(PROD2, "Storage", storage("storders", EndpointSuffix="core.windows.net "))
    results = run_checks(snapshot(PROD, PROD2, first, second), "SE09-3.60")
    assert by_status(results) == {"fail": {"app-orders-prod", "app-billing-prod"}}
    text = message_of(results, "app-orders-prod")
    assert "Storage also used by app-billing-prod" in text
    assert "Storage Blob Data Contributor" in text and "storage account storders" in text


def test_an_app_and_its_own_slot_are_one_consumer() -> None:
    staging = slot_of(PROD, "staging")
    on_site = setting(PROD, "ApiKey", CANARY)
    on_slot = CLASSIFIER.classify(staging.id, "ApiKey", CANARY, APP_SETTING)
    gap = make_gap("app_settings", LOCKED.id)
    results = run_checks(
        snapshot(PROD, DEV, LOCKED, staging, on_site, gap, slot_settings=(on_slot,)), "SE09-3.60"
    )
    assert by_status(results) == {
        "pass": {"app-orders-prod"},
        "not_applicable": {"app-orders-dev"},
        "unknown": {"app-locked-dev"},
    }


def test_a_staging_slot_holding_the_production_credential_is_placed_by_its_own_name() -> None:
    staging = slot_of(PROD, "staging")
    on_site = setting(PROD, "Db", f"Server=tcp:sql-orders.database.windows.net;Password={CANARY}")
    on_slot = CLASSIFIER.classify(
        staging.id, "Db", f"Password='{CANARY}';Server=other", APP_SETTING
    )
    results = run_checks(snapshot(PROD, staging, on_site, slot_settings=(on_slot,)), "SE09-1.60")
    assert by_status(results) == {"fail": {"app-orders-prod", "staging"}}
    assert "test: app-orders-prod/staging slot app setting Db" in message_of(results, "staging")


def _repo(*findings: CodeFinding) -> CodeScanEvidence:
    return CodeScanEvidence(id="repo:src", name="src", path="src", files=3, findings=findings)


def _code(path: str, line: int, value: str, **extra: Any) -> CodeFinding:
    return CodeFinding(
        rule_id="generic-password",
        path=path,
        line=line,
        preview="Fake…(34 chars)",
        credential_fingerprint=credential_fingerprint(value),
        **extra,
    )


def test_a_repository_credential_live_in_production_fails_naming_both_places() -> None:
    live = setting(PROD, "Payments__ApiSecret", CANARY)
    repo = _repo(_code("config/app.json", 12, f'"{CANARY}"'), _code("old.txt", 3, "other-fake-1"))
    results = run_checks(snapshot(PROD, live, repo), "SE09-4.60")
    assert by_status(results) == {"fail": {"src"}}
    text = message_of(results, "src")
    assert "config/app.json:12 is live in app-orders-prod app setting Payments__ApiSecret" in text
    assert "unlock production" in text and "old.txt" not in text


def test_repository_credentials_not_in_the_estate_pass_and_allowlisted_ones_do_not_count() -> None:
    live = setting(PROD, "Payments__ApiSecret", CANARY)
    accepted = _code("tests/fixture.txt", 1, CANARY, allowlisted="test fixture")
    repo = _repo(accepted, _code("old.txt", 3, "other-fake-value-1"))
    results = run_checks(snapshot(PROD, live, repo), "SE09-4.60")
    assert by_status(results) == {"pass": {"src"}}
    empty = run_checks(snapshot(PROD, live, _repo()), "SE09-4.60")
    assert by_status(empty) == {"not_applicable": {"src"}}


def test_without_a_code_scan_the_repository_check_is_unknown() -> None:
    snap = snapshot(PROD).model_copy(
        update={"collected": tuple(k for k in snapshot(PROD).collected if k != "code_scans")}
    )
    assert set(by_status(run_checks(snap, "SE09-4.60"))) == {"unknown"}


def test_the_reports_show_each_group_as_a_table_and_a_diagram_and_never_the_value() -> None:
    from assess.reporters import RenderOptions
    from assess.reporters.html import render as render_html
    from assess.reporters.markdown import render as render_md

    prod = setting(PROD, "Storage", storage("storders", key=CANARY), CONNECTION_STRING)
    dev = setting(DEV, "<b>Blob</b>", f"AccountKey={CANARY};AccountName=storders")
    results = run_checks(snapshot(PROD, DEV, prod, dev), "SE09-1.60")
    (group,) = results.shared_credentials
    assert group.id.startswith("cred-") and group.environments == ("development", "production")
    assert group.target == "storage:storders"
    assert [(p.environment, p.resource_name, p.setting) for p in group.places] == [
        ("production", "app-orders-prod", "Storage"),
        ("development", "app-orders-dev", "<b>Blob</b>"),
    ]
    html = render_html(results, RenderOptions())
    assert 'id="shared"' in html and f'id="{group.id}"' in html and "<svg" in html
    assert "&lt;b&gt;Blob&lt;/b&gt;" in html and "<b>Blob</b>" not in html
    markdown = render_md(results, RenderOptions())
    assert "## Shared credentials" in markdown and "data:image/svg+xml;base64," in markdown
    assert "| production | app-orders-prod | connection string Storage (live) |" in markdown
    for text in (html, markdown, dumps(results)):
        assert CANARY not in text and CANARY[:4] not in text

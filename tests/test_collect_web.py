"""App Service evidence: sites and their settings, classified in memory, never a value kept."""

from __future__ import annotations

import pytest
from test_collect_support import SUB_A, UNIT

from assess.collect import CollectOptions, collect_snapshot
from assess.collectors.web import key_vault_reference
from assess.progress import NullProgress
from assess.redact import ENV_KEY, Fingerprinter
from assess.snapshot import Snapshot, dumps

CASSETTE = UNIT / "web-settings.yaml"
CANARY = "CANARY-web-5d1e-DO-NOT-LEAK"
KEY = "fake-fingerprint-key-0123456789"
SITES = f"/subscriptions/{SUB_A}/resourceGroups/rg-web/providers/Microsoft.Web/sites"


def _collect(web_apps: bool = True) -> Snapshot:
    options = CollectOptions(
        subscriptions=(SUB_A,),
        resource_group="rg-web",
        switches={"web_apps": web_apps},
        replay=CASSETTE,
    )
    return collect_snapshot(options, NullProgress())


@pytest.fixture
def snapshot(monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    monkeypatch.setenv(ENV_KEY, KEY)
    return _collect()


def _kinds(snapshot: Snapshot, site: str) -> dict[tuple[str, str], str]:
    return {
        (s.source, s.name): s.value_kind
        for s in snapshot.app_settings
        if s.site_id == f"{SITES}/{site}"
    }


def test_sites_of_the_named_group_are_kept_with_kind_identity_and_https() -> None:
    snap = _collect()
    assert {(a.name, a.kind, a.identity_type, a.https_only) for a in snap.web_apps} == {
        ("app-shop", "app", "SystemAssigned", True),
        ("func-orders", "functionapp,linux", None, False),
        ("app-locked", "app", "UserAssigned", True),
    }
    assert {"web_apps", "app_settings"} <= set(snap.collected)


def test_every_setting_is_classified_by_name_and_kind(snapshot: Snapshot) -> None:
    assert _kinds(snapshot, "app-shop") == {
        ("appsetting", "DB_PASSWORD"): "key_vault_reference",
        ("appsetting", "PAYMENT_KEY"): "key_vault_reference",
        ("appsetting", "WEBSITE_RUN_FROM_PACKAGE"): "plain",
        ("appsetting", "FEATURE_NOTE"): "plain",
        ("connectionstring", "Orders"): "key_vault_reference",
    }
    assert _kinds(snapshot, "func-orders") == {
        ("appsetting", "AzureWebJobsStorage"): "credential",
        ("appsetting", "API_KEY"): "credential",
        ("appsetting", "FUNCTIONS_WORKER_RUNTIME"): "plain",
        ("connectionstring", "Ledger"): "credential",
        ("connectionstring", "Cache"): "plain",
    }
    versions = {s.name: s.versionless for s in snapshot.app_settings}
    assert versions["DB_PASSWORD"] is True and versions["Orders"] is True
    assert versions["PAYMENT_KEY"] is False
    assert versions["API_KEY"] is None


def test_credentials_keep_rule_preview_and_keyed_fingerprint_only(snapshot: Snapshot) -> None:
    by_name = {s.name: s for s in snapshot.app_settings}
    api_key = by_name["API_KEY"]
    assert api_key.rule_ids == ("aws-access-key-id",)
    assert api_key.preview == "AKIA…(20 chars)"
    assert api_key.fingerprint == Fingerprinter(KEY.encode()).fingerprint("AKIAQ7XZ4RB2NW5TLMKD")
    ledger = by_name["Ledger"]
    assert ledger.connection_type == "SQLAzure" and ledger.rule_ids
    assert ledger.preview.startswith("Serv…(")
    assert by_name["AzureWebJobsStorage"].rule_ids
    plain = by_name["FEATURE_NOTE"]
    assert (plain.preview, plain.fingerprint, plain.rule_ids) == ("", "", ())


def test_the_canary_stays_out_of_the_snapshot(snapshot: Snapshot) -> None:
    assert CANARY in CASSETTE.read_text(encoding="utf-8")  # planted, so the test can fail
    text = dumps(snapshot)
    assert CANARY not in text
    assert "AKIAQ7XZ4RB2NW5TLMKD" not in text
    assert "kv-shop.vault.azure.net" not in text  # reference targets are values too


def test_a_refused_settings_list_is_a_gap_on_that_site(snapshot: Snapshot) -> None:
    locked = f"{SITES}/app-locked"
    site_gaps = [g for g in snapshot.gaps if g.kind == "app_settings"]
    assert {(g.kind, g.scope, g.status_code, g.error_code) for g in site_gaps} == {
        ("app_settings", locked, 403, "AuthorizationFailed")
    }
    assert {g.operation for g in site_gaps} == {
        "POST Microsoft.Web/sites/config/appsettings/list",
        "POST Microsoft.Web/sites/config/connectionstrings/list",
    }
    assert not _kinds(snapshot, "app-locked")


def test_without_web_apps_nothing_of_it_is_read_or_claimed() -> None:
    snap = _collect(web_apps=False)
    assert snap.web_apps == () and snap.app_settings == ()
    assert not {"web_apps", "app_settings"} & set(snap.collected)


@pytest.mark.parametrize(
    ("value", "versionless"),
    [
        ("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)", True),
        ("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)", True),
        ("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/abc123)", False),
        ("@Microsoft.KeyVault(VaultName=kv;SecretName=db)", True),
        ("@Microsoft.KeyVault(VaultName=kv;SecretName=db;SecretVersion=)", True),
        ("@Microsoft.KeyVault(VaultName=kv;SecretName=db;SecretVersion=abc123)", False),
        (" @microsoft.keyvault(secreturi=https://kv.vault.azure.net/secrets/db/v1) ", False),
        ("https://kv.vault.azure.net/secrets/db", None),
        ("prefix @Microsoft.KeyVault(VaultName=kv;SecretName=db)", None),
    ],
)
def test_key_vault_references_and_their_version(value: str, versionless: bool | None) -> None:
    assert key_vault_reference(value) is versionless

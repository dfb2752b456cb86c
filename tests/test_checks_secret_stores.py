"""Other secret stores: Container Apps and jobs (SE09-2.40, 2.41), API Management named values
(SE09-2.42, and SE09-6.40 for their Key Vault references), AKS CSI secret rotation (SE09-6.41).
Bodies in Microsoft's documented shapes (``services_fixtures``); never a value requested."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import services_fixtures as fx
from declared_cassette import collect_group, denied, page, write_cassette
from snapshot_factory import by_status, run_checks
from test_collect_support import ARM, CANARY

from assess import sources
from assess.model import Status

VAULT = "https://kv-app-prod.vault.azure.net/secrets"


@pytest.mark.parametrize(
    ("switch", "check_id", "make"),
    [
        ("container_apps", "SE09-2.40", fx.container_app),
        ("container_app_jobs", "SE09-2.41", fx.container_app_job),
    ],
)
def test_a_secret_stored_in_the_app_fails_and_only_names_are_kept(
    tmp_path: Path, switch: str, check_id: str, make: Any
) -> None:
    source = sources.source(switch)
    assert source.resources is not None
    items = [
        make("app-vaulted", "rg-data", {"db-password": f"{VAULT}/db-password"}),
        make("app-inline", "rg-data", {"api-key": None, "db": f"{VAULT}/db"}),
        make("app-none", "rg-data", {}),
    ]
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(items)}
    )
    snapshot = collect_group(cassette, "rg-data", {switch: True})
    results = run_checks(snapshot, check_id)
    assert by_status(results) == {"pass": {"app-vaulted", "app-none"}, "fail": {"app-inline"}}
    failed = next(f for f in results.findings if f.status is Status.FAIL)
    assert "1 secret value(s) in the app itself instead of Key Vault: api-key" in failed.message
    inline = next(r for r in snapshot.records_of(source.records[0]) if r.name == "app-inline")
    assert inline.each("configuration.secrets[].name") == ("api-key", "db")
    assert inline.each("configuration.secrets[].keyVaultUrl") == (None, f"{VAULT}/db")


def _apim(tmp_path: Path, values: dict[str, list[dict[str, Any]] | None]) -> Any:
    source = sources.source("api_management")
    assert source.resources is not None
    child, backends = source.children
    services = [fx.apim_service(name, "rg-data") for name in values]
    extra = [
        (
            child.operation.url(ARM, resource_id=s["id"]),
            page(values[s["name"]] or [])
            if values[s["name"]] is not None
            else denied(child.operation.permission, "rg-data"),
        )
        for s in services
    ] + [(backends.operation.url(ARM, resource_id=s["id"]), page([])) for s in services]
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(services)}, extra
    )
    return collect_group(cassette, "rg-data", {"api_management": True})


def _sid(name: str) -> str:
    return fx.apim_service(name, "rg-data")["id"]


def test_apim_secret_named_values_must_be_key_vault_references(tmp_path: Path) -> None:
    snapshot = _apim(
        tmp_path,
        {
            "apim-vaulted": [
                fx.named_value(_sid("apim-vaulted"), "plain-setting", secret=False),
                fx.named_value(
                    _sid("apim-vaulted"),
                    "backend-key",
                    secret=True,
                    vault=f"{VAULT}/k",
                    status="Success",
                ),
            ],
            "apim-stored": [fx.named_value(_sid("apim-stored"), "partner-secret", secret=True)],
            "apim-denied": None,
        },
    )
    results = run_checks(snapshot, "SE09-2.42")
    assert by_status(results) == {
        "pass": {"apim-vaulted"},
        "fail": {"apim-stored"},
        "unknown": {"apim-denied"},
    }
    assert "partner-secret" in next(f.message for f in results.findings if f.status is Status.FAIL)
    # A plain value's text is in the answer, never in the snapshot.
    assert "propValue" not in snapshot.model_dump_json()


def test_apim_key_vault_references_that_did_not_refresh_fail_6_40(tmp_path: Path) -> None:
    snapshot = _apim(
        tmp_path,
        {
            "apim-fresh": [
                fx.named_value(
                    _sid("apim-fresh"), "k1", secret=True, vault=f"{VAULT}/k1", status="Success"
                )
            ],
            "apim-broken": [
                fx.named_value(
                    _sid("apim-broken"), "k2", secret=True, vault=f"{VAULT}/k2", status="Success"
                ),
                fx.named_value(
                    _sid("apim-broken"), "k3", secret=True, vault=f"{VAULT}/k3", status="Forbidden"
                ),
                fx.named_value(_sid("apim-broken"), "k4", secret=True, vault=f"{VAULT}/k4"),
            ],
            "apim-plain": [fx.named_value(_sid("apim-plain"), "p", secret=False)],
            # keyVault.lastStatus is read-only and set by the service's fetch: without it, the
            # fetch's outcome is not known (unknown, not failed).
            "apim-unreported": [
                fx.named_value(
                    _sid("apim-unreported"),
                    "k5",
                    secret=True,
                    vault=f"{VAULT}/k5",
                    status="Success",
                ),
                fx.named_value(_sid("apim-unreported"), "k6", secret=True, vault=f"{VAULT}/k6"),
            ],
        },
    )
    results = run_checks(snapshot, "SE09-6.40")
    assert by_status(results) == {
        "pass": {"apim-fresh"},
        "fail": {"apim-broken"},
        "unknown": {"apim-unreported"},
        "not_applicable": {"apim-plain"},
    }
    message = next(f.message for f in results.findings if f.status is Status.FAIL)
    assert "k3 (Forbidden)" in message and "k4" not in message and "k2" not in message
    unreported = next(f for f in results.findings if f.resource_name == "apim-unreported")
    assert "no last fetch status (keyVault.lastStatus) for 1 of its 2" in unreported.message
    assert "k6" in unreported.message and "k5" not in unreported.message


def test_aks_csi_driver_without_rotation_fails_6_41(tmp_path: Path) -> None:
    source = sources.source("aks")
    assert source.resources is not None
    items = [
        fx.aks_cluster("aks-rotating", "rg-data", True, csi=True, rotation="true"),
        fx.aks_cluster("aks-static", "rg-data", True, csi=True, rotation="false"),
        fx.aks_cluster("aks-default", "rg-data", True, csi=True),
        fx.aks_cluster("aks-no-csi", "rg-data", True),
    ]
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(items)}
    )
    results = run_checks(collect_group(cassette, "rg-data", {"aks": True}), "SE09-6.41")
    assert by_status(results) == {
        "pass": {"aks-rotating"},
        "fail": {"aks-static", "aks-default"},
        "not_applicable": {"aks-no-csi"},
    }


def test_a_canary_in_a_plain_named_value_never_reaches_the_snapshot(tmp_path: Path) -> None:
    value = fx.named_value(_sid("apim-canary"), "note", secret=False)
    value["properties"]["value"] = CANARY
    snapshot = _apim(tmp_path, {"apim-canary": [value]})
    assert CANARY not in snapshot.model_dump_json()


def _certificate(name: str, expires: str, *, vault: bool = False) -> dict[str, Any]:
    """Certificates - List's item (../shared certificates-list.json, api-version 2024-11-01)."""
    props: dict[str, Any] = {
        "friendlyName": "",
        "subjectName": f"{name}.contoso.com",
        "hostNames": [f"{name}.contoso.com"],
        "issuer": "CACert",
        "issueDate": "2026-01-12T23:40:25+00:00",
        "expirationDate": expires,
        "thumbprint": "FE703D7411A44163B6D32B3AD9B03E175886EBFE",
    }
    if vault:
        props["keyVaultId"] = (
            "/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-data/providers/Microsoft.KeyVault/vaults/kv-certs"
        )
        props["keyVaultSecretName"] = name
    return {
        "id": f"/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-data/providers/Microsoft.Web/certificates/{name}",
        "name": name,
        "type": "Microsoft.Web/certificates",
        "location": "East US",
        "properties": props,
    }


def test_app_service_certificates_expired_or_near_expiry_fail_5_43(tmp_path: Path) -> None:
    source = sources.source("app_service_certificates")
    assert source.resources is not None
    items = [
        _certificate("cert-valid", "2027-06-30T23:59:59+00:00", vault=True),
        _certificate("cert-expired", "2026-10-01T00:00:00+00:00"),
        _certificate("cert-soon", "2026-11-15T00:00:00+00:00"),
        _certificate("cert-undated", ""),
    ]
    del items[-1]["properties"]["expirationDate"]  # not reported: unknown, never passed
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(items)}
    )
    results = run_checks(
        collect_group(cassette, "rg-data", {"app_service_certificates": True}), "SE09-5.43"
    )
    assert by_status(results) == {
        "pass": {"cert-valid"},
        "fail": {"cert-expired", "cert-soon"},
        "unknown": {"cert-undated"},
    }
    messages = {f.resource_name: f.message for f in results.findings}
    assert "reports no expiration date" in messages["cert-undated"]
    assert "expired 31 days ago" in messages["cert-expired"]
    assert "expires in 14 days, within the 30-day notice window" in messages["cert-soon"]
    assert "imported from Key Vault" in messages["cert-valid"]


def test_the_published_certificate_list_is_read() -> None:
    from test_collect_support import shared_file

    from assess.collectors.declared import parse_declared

    resources = sources.source("app_service_certificates").resources
    assert resources is not None
    body = json.loads(
        shared_file("azure-api-examples", "Microsoft.Web", "certificates-list.json").read_text()
    )
    items = body["responses"]["200"]["body"]["value"]
    parsed = [parse_declared(resources.properties, i) for i in items]
    assert [p.prop("expirationDate") for p in parsed if p] == [
        "2039-12-31T23:59:59+00:00",
        "2040-12-31T23:59:59+00:00",
    ]


def _reference(site_id: str, setting: str, status: str | None) -> dict[str, Any]:
    """Web Apps - Get App Settings Key Vault References' item
    (GetKeyVaultReferencesForAppSettings.json, api-version 2024-11-01), with the ``status`` and
    ``identityType`` the specification's ApiKVReference defines."""
    props: dict[str, Any] = {
        "vaultName": "kv-app-prod",
        "secretName": setting.lower(),
        "identityType": "SystemAssigned",
    }
    if status is not None:
        props["status"] = status
    return {"id": f"{site_id}/config/configreferences/appsettings/{setting}", "properties": props}


def test_app_service_references_that_do_not_resolve_fail_6_42(tmp_path: Path) -> None:
    from assess.sources.web import APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST, SITES_LIST_RG

    sites = {
        name: {
            "id": f"/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-data/providers/Microsoft.Web/sites/{name}",
            "name": name,
            "type": "Microsoft.Web/sites",
            "kind": "app",
            "location": "East US",
            "properties": {"state": "Running", "httpsOnly": True},
        }
        for name in ("app-resolved", "app-broken", "app-plain", "app-silent", "app-initialized")
    }
    refs = {
        "app-resolved": [_reference(sites["app-resolved"]["id"], "DB_PASSWORD", "Resolved")],
        "app-broken": [
            _reference(sites["app-broken"]["id"], "API_KEY", "Resolved"),
            _reference(sites["app-broken"]["id"], "DB_PASSWORD", "AccessToKeyVaultDenied"),
            _reference(sites["app-broken"]["id"], "SB_KEY", None),
        ],
        "app-plain": [],
        # No status reported (the platform sets it when it resolves): not known to resolve,
        # not known to fail either.
        "app-silent": [
            _reference(sites["app-silent"]["id"], "API_KEY", "resolved"),
            _reference(sites["app-silent"]["id"], "DB_PASSWORD", None),
        ],
        # Initialized: registered, not resolved yet (ResolveStatus in the Web Apps spec).
        "app-initialized": [
            _reference(sites["app-initialized"]["id"], "API_KEY", "Resolved"),
            _reference(sites["app-initialized"]["id"], "SMTP_PASSWORD", "Initialized"),
        ],
    }
    (child,) = sources.source("app_service_references").children
    extra = [
        (child.operation.url(ARM, resource_id=s["id"]), page(refs[n])) for n, s in sites.items()
    ]
    posts = [
        (op.url(ARM, scope=s["id"]), (200, {"properties": {}}))
        for s in sites.values()
        for op in (APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST)
    ]
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {SITES_LIST_RG: page(sites.values())}, extra, posts
    )
    snapshot = collect_group(
        cassette, "rg-data", {"web_apps": True, "app_service_references": True}
    )
    results = run_checks(snapshot, "SE09-6.42")
    assert by_status(results) == {
        "pass": {"app-resolved"},
        "fail": {"app-broken"},
        "not_applicable": {"app-plain"},
        "unknown": {"app-silent", "app-initialized"},
    }
    message = next(f.message for f in results.findings if f.status is Status.FAIL)
    assert "DB_PASSWORD (AccessToKeyVaultDenied)" in message and "API_KEY" not in message
    assert "SB_KEY" not in message
    silent = {f.message for f in results.findings if f.status is Status.UNKNOWN}
    assert any("for 1 of its 2" in m and "DB_PASSWORD" in m for m in silent), silent
    assert any("for 1 of its 2" in m and "SMTP_PASSWORD" in m for m in silent), silent

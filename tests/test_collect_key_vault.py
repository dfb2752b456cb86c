"""Key Vault evidence through the real client: vaults listed without properties are read with
their own GET, firewall rules are kept, and a perimeter-secured vault's association is read.

The cassette is written by the test from bodies in the shapes of Microsoft's published examples
(Microsoft.KeyVault 2026-02-01 ``listVaultByResourceGroup`` / ``getVault``, a generic resource
listing that carries no ``properties``, Microsoft.Network 2025-03-01
``NetworkSecurityPerimeterListAll`` and ``NspAssociationList``, ARM's 403 error body)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_collect_support import ARM, SUB_A, builtin_registry

from assess.collect import CollectOptions, collect_snapshot
from assess.collectors.web import parse_web_app, reference_vault
from assess.config import Config
from assess.model import Status
from assess.progress import NullProgress
from assess.results import build_results
from assess.snapshot import Snapshot, norm_id
from assess.sources.authorization import ROLE_ASSIGNMENTS_LIST, ROLE_DEFINITIONS_LIST
from assess.sources.keyvault import (
    KEY_GET,
    KEY_VERSIONS_LIST,
    KEYS_LIST,
    MANAGED_HSMS_LIST_RG,
    SECRETS_LIST,
    VAULT_GET,
    VAULTS_LIST_RG,
)
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST
from assess.sources.network import PERIMETER_ASSOCIATIONS_LIST, PERIMETERS_LIST
from assess.sources.resources import RESOURCE_GROUP_GET, SUBSCRIPTION_GET

GROUP = f"/subscriptions/{SUB_A}/resourceGroups/rg-kv"
VAULTS = f"{GROUP}/providers/Microsoft.KeyVault/vaults"
NSP = f"/subscriptions/{SUB_A}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityPerimeters/nsp-core"
TENANT = "00000000-0000-0000-0000-0000000000f0"


def _bare(name: str) -> dict[str, Any]:
    """A vault as a generic resource listing returns it: no properties at all."""
    return {
        "id": f"{VAULTS}/{name}",
        "name": name,
        "type": "Microsoft.KeyVault/vaults",
        "location": "westeurope",
        "tags": {"environment": "prod"},
    }


def _full(name: str, **properties: Any) -> dict[str, Any]:
    return {
        **_bare(name),
        "properties": {
            "sku": {"family": "A", "name": "standard"},
            "tenantId": TENANT,
            "vaultUri": f"https://{name}.vault.azure.net/",
            "enableSoftDelete": True,
            "enablePurgeProtection": True,
            "enableRbacAuthorization": True,
            "accessPolicies": [],
            "provisioningState": "Succeeded",
            **properties,
        },
    }


DENIED = {
    "error": {
        "code": "AuthorizationFailed",
        "message": "The client '00000000-0000-0000-0000-0000000000c1' with object id "
        "'00000000-0000-0000-0000-0000000000c1' does not have authorization to perform action "
        "'Microsoft.KeyVault/vaults/read' over scope '" + f"{VAULTS}/kv-denied" + "' or the "
        "scope is invalid. If access was recently granted, please refresh your credentials.",
    }
}


def _association(name: str, vault: str, mode: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "Microsoft.Network/networkSecurityPerimeters/resourceAssociations",
        "id": f"{NSP}/resourceAssociations/{name}",
        "properties": {
            "accessMode": mode,
            "hasProvisioningIssues": "no",
            "privateLinkResource": {"id": f"{VAULTS}/{vault}"},
            "profile": {"id": f"{NSP}/profiles/defaultProfile"},
            "provisioningState": "Succeeded",
        },
    }


def _interactions() -> list[tuple[str, int, Any]]:
    empty: dict[str, Any] = {"value": []}
    vaults = ["kv-bare", "kv-denied", "kv-open"]
    associations = PERIMETER_ASSOCIATIONS_LIST.url(ARM, scope=NSP)
    calls: list[tuple[str, int, Any]] = [
        (
            SUBSCRIPTION_GET.url(ARM, subscription_id=SUB_A),
            200,
            {
                "id": f"/subscriptions/{SUB_A}",
                "subscriptionId": SUB_A,
                "tenantId": TENANT,
                "displayName": "Contoso Production",
                "state": "Enabled",
            },
        ),
        (
            RESOURCE_GROUP_GET.url(ARM, subscription_id=SUB_A, resource_group="rg-kv"),
            200,
            {"id": GROUP, "name": "rg-kv", "location": "westeurope", "properties": {}},
        ),
        (
            VAULTS_LIST_RG.url(ARM, subscription_id=SUB_A, resource_group="rg-kv"),
            200,
            {
                "value": [
                    _bare("kv-bare"),
                    _bare("kv-denied"),
                    _full(
                        "kv-open",
                        publicNetworkAccess="Enabled",
                        networkAcls={
                            "bypass": "AzureServices",
                            "defaultAction": "Deny",
                            "ipRules": [{"value": "0.0.0.0/1"}, {"value": "128.0.0.0/1"}],
                            "virtualNetworkRules": [],
                        },
                    ),
                ]
            },
        ),
        (ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=SUB_A), 200, empty),
        (ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=SUB_A), 200, empty),
        (
            VAULT_GET.url(ARM, scope=f"{VAULTS}/kv-bare"),
            200,
            _full("kv-bare", publicNetworkAccess="SecuredByPerimeter"),
        ),
        (VAULT_GET.url(ARM, scope=f"{VAULTS}/kv-denied"), 403, DENIED),
        (
            PERIMETERS_LIST.url(ARM, subscription_id=SUB_A),
            200,
            {
                "value": [
                    {
                        "name": "nsp-core",
                        "type": "Microsoft.Network/networkSecurityPerimeters",
                        "id": NSP,
                        "location": "westeurope",
                        "properties": {"perimeterGuid": "guid", "provisioningState": "Succeeded"},
                        "tags": {},
                    }
                ]
            },
        ),
        (
            associations,
            200,
            {
                "nextLink": associations + "&$skipToken=10",
                "value": [_association("assoc-other", "kv-elsewhere", "Learning")],
            },
        ),
        (
            associations + "&$skipToken=10",
            200,
            {"value": [_association("assoc-bare", "kv-bare", "Enforced")]},
        ),
    ]
    for name in vaults:
        scope = f"{VAULTS}/{name}"
        keys = {"value": [_key_item(n) for n in ("cmk", "weak")]} if name == "kv-open" else empty
        calls += [
            (SECRETS_LIST.url(ARM, scope=scope), 200, empty),
            (KEYS_LIST.url(ARM, scope=scope), 200, keys),
            (DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=scope), 200, empty),
        ]
    return calls + _key_calls() + _hsm_calls()


HSM = f"{GROUP}/providers/Microsoft.KeyVault/managedHSMs/hsm1"


def _hsm_calls() -> list[tuple[str, int, Any]]:
    """A managed HSM pool as ManagedHsms_ListBySubscription (2026-02-01) shows one: sku at the
    top level, purge protection off, hsmUri; its diagnostic settings list is empty."""
    hsm = {
        "name": "hsm1",
        "type": "Microsoft.KeyVault/managedHSMs",
        "id": HSM,
        "location": "westus",
        "properties": {
            "enablePurgeProtection": False,
            "enableSoftDelete": True,
            "hsmUri": "https://westus.hsm1.managedhsm.azure.net",
            "initialAdminObjectIds": ["00000000-0000-0000-0000-000000000000"],
            "provisioningState": "Succeeded",
            "softDeleteRetentionInDays": 90,
            "statusMessage": "ManagedHsm is functional.",
            "tenantId": TENANT,
        },
        "sku": {"name": "Standard_B1", "family": "B"},
        "tags": {"Dept": "hsm", "Environment": "production"},
    }
    return [
        (
            MANAGED_HSMS_LIST_RG.url(ARM, subscription_id=SUB_A, resource_group="rg-kv"),
            200,
            {"value": [hsm]},
        ),
        (DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=HSM), 200, {"value": []}),
    ]


KEYS = f"{VAULTS}/kv-open/keys"


def _key_item(name: str) -> dict[str, Any]:
    """A key as Keys_List returns it (2024-11-01 listKeys): attributes and keyUri only."""
    return {
        "id": f"{KEYS}/{name}",
        "name": name,
        "type": "Microsoft.KeyVault/vaults/keys",
        "location": "westeurope",
        "properties": {
            "attributes": {
                "enabled": True,
                "created": 1735732800,
                "updated": 1735732800,
                "recoveryLevel": "Recoverable+Purgeable",
            },
            "keyUri": f"https://kv-open.vault.azure.net:443/keys/{name}",
        },
    }


def _version(name: str, version: str, created: int, enabled: bool) -> dict[str, Any]:
    """A key version as Keys_ListVersions returns it (2023-02-01 listKeyVersions)."""
    return {
        "id": f"{KEYS}/{name}/versions/{version}",
        "name": version,
        "type": "Microsoft.KeyVault/vaults/keys/versions",
        "location": "westeurope",
        "properties": {
            "attributes": {
                "enabled": enabled,
                "created": created,
                "updated": created,
                "recoveryLevel": "Recoverable+Purgeable",
            },
            "keyUri": f"https://kv-open.vault.azure.net:443/keys/{name}",
            "keyUriWithVersion": f"https://kv-open.vault.azure.net:443/keys/{name}/{version}",
        },
    }


def _key_calls() -> list[tuple[str, int, Any]]:
    cmk = _key_item("cmk")
    cmk["properties"].update(
        {
            "kty": "RSA-HSM",
            "keySize": 3072,
            "keyOps": ["wrapKey", "unwrapKey"],
            "rotationPolicy": {
                "attributes": {"created": 1735732800, "updated": 1735732800, "expiryTime": "P1Y"},
                "lifetimeActions": [
                    {"trigger": {"timeAfterCreate": "P11M"}, "action": {"type": "rotate"}},
                    {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}},
                ],
            },
        }
    )
    cmk["properties"]["attributes"]["exportable"] = False
    versions = KEY_VERSIONS_LIST.url(ARM, scope=f"{KEYS}/cmk")
    denied = {"error": {"code": "AuthorizationFailed", "message": "no keys/read here"}}
    return [
        (KEY_GET.url(ARM, scope=f"{KEYS}/cmk"), 200, cmk),
        (KEY_GET.url(ARM, scope=f"{KEYS}/weak"), 403, denied),
        (
            versions,
            200,
            {
                "value": [_version("cmk", "c2296aa2", 1704067200, True)],
                "nextLink": versions + "&$skiptoken=2",
            },
        ),
        (
            versions + "&$skiptoken=2",
            200,
            {"value": [_version("cmk", "d5a04667", 1735732800, True)]},
        ),
        (
            KEY_VERSIONS_LIST.url(ARM, scope=f"{KEYS}/weak"),
            200,
            {"value": [_version("weak", "a1", 1735732800, True)]},
        ),
    ]


def _cassette(path: Path, calls: list[tuple[str, int, Any]]) -> Path:
    recorded = datetime(2026, 10, 30, tzinfo=UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    interactions = [
        {
            "request": {"method": "GET", "uri": url, "body": None, "headers": {}},
            "response": {
                "status": {"code": status, "message": "OK" if status == 200 else "Forbidden"},
                "headers": {
                    "Content-Type": ["application/json; charset=utf-8"],
                    "Date": [recorded],
                },
                "body": {"string": json.dumps(body)},
            },
        }
        for url, status, body in calls
    ]
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}))
    return path


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    cassette = _cassette(tmp_path_factory.mktemp("kv") / "kv.yaml", _interactions())
    options = CollectOptions(
        subscriptions=(SUB_A,),
        resource_group="rg-kv",
        replay=cassette,
        switches={"key_details": True, "managed_hsms": True},
    )
    return collect_snapshot(options, NullProgress())


def test_a_vault_listed_without_properties_is_read_with_its_own_get(snapshot: Snapshot) -> None:
    bare = snapshot.vault_by_id(f"{VAULTS}/kv-bare")
    assert bare is not None
    assert bare.public_network_access == "SecuredByPerimeter"
    assert bare.enable_purge_protection is True and bare.tenant_id == TENANT


def test_a_vault_whose_own_get_is_refused_is_unknown_never_failed(snapshot: Snapshot) -> None:
    gap = next(g for g in snapshot.gaps if norm_id(g.scope) == norm_id(f"{VAULTS}/kv-denied"))
    assert (gap.kind, gap.status_code, gap.error_code) == ("vaults", 403, "AuthorizationFailed")
    results = build_results(
        snapshot, builtin_registry(), Config(), datetime(2026, 11, 1, tzinfo=UTC)
    )
    settings = {"SE09-2.1", "SE09-2.2", "SE09-3.1", "SE09-3.2", "SE09-7.1"}
    on_denied = [
        f for f in results.findings if f.resource_name == "kv-denied" and f.check_id in settings
    ]
    assert {f.check_id for f in on_denied} == settings
    assert all(f.status is Status.UNKNOWN for f in on_denied)
    assert all("AuthorizationFailed" in f.reason for f in on_denied)


def test_firewall_rules_and_the_perimeter_association_decide_the_network_check(
    snapshot: Snapshot,
) -> None:
    open_vault = snapshot.vault_by_id(f"{VAULTS}/kv-open")
    assert open_vault is not None and open_vault.network_acls is not None
    assert open_vault.network_acls.ip_ranges == ("0.0.0.0/1", "128.0.0.0/1")
    # Both pages of associations were read.
    assert [a.name for a in snapshot.perimeter_associations] == ["assoc-bare", "assoc-other"]
    assert "perimeter_associations" in snapshot.collected
    results = build_results(
        snapshot,
        builtin_registry().select(["SE09-3.1"]),
        Config(),
        datetime(2026, 11, 1, tzinfo=UTC),
    )
    status = {f.resource_name: f.status for f in results.findings}
    assert status == {
        "kv-bare": Status.PASS,
        "kv-open": Status.FAIL,
        "kv-denied": Status.UNKNOWN,
    }


def test_key_vault_references_name_their_vault_and_sites_their_identities() -> None:
    assert (
        reference_vault(
            "@Microsoft.KeyVault(SecretUri=https://KV-Orders-Dev.vault.azure.net/secrets/db/)"
        )
        == "kv-orders-dev"
    )
    assert (
        reference_vault("@Microsoft.KeyVault(VaultName=kv-orders-prod;SecretName=db)")
        == "kv-orders-prod"
    )
    assert reference_vault("plain value") is None
    site = parse_web_app(
        {
            "id": f"/subscriptions/{SUB_A}/resourceGroups/rg-web/providers/Microsoft.Web/sites/app",
            "name": "app",
            "identity": {
                "type": "SystemAssigned, UserAssigned",
                "principalId": "AAAAAAAA-0000-0000-0000-000000000001",
                "tenantId": TENANT,
                "userAssignedIdentities": {
                    "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app": {
                        "principalId": "00000000-0000-0000-0000-000000000002",
                        "clientId": "00000000-0000-0000-0000-000000000003",
                    }
                },
            },
            "properties": {},
        }
    )
    assert site is not None
    assert site.principal_ids == (
        "00000000-0000-0000-0000-000000000002",
        "aaaaaaaa-0000-0000-0000-000000000001",
    )


def test_keys_get_and_versions_give_strength_policy_and_versions(snapshot: Snapshot) -> None:
    (detail,) = snapshot.key_details
    assert (detail.kty, detail.key_size, detail.exportable) == ("RSA-HSM", 3072, False)
    assert detail.rotation_policy is not None
    assert detail.rotation_policy.expiry_time == "P1Y"
    assert [(a.action, a.time_after_create) for a in detail.rotation_policy.lifetime_actions] == [
        ("rotate", "P11M"),
        ("notify", None),
    ]
    # Both pages of cmk's versions, and weak's one.
    assert sorted(v.version for v in snapshot.key_versions) == ["a1", "c2296aa2", "d5a04667"]
    gap = next(g for g in snapshot.gaps if g.kind == "key_details")
    assert norm_id(gap.scope) == norm_id(f"{KEYS}/weak") and gap.status_code == 403
    assert {"key_details", "key_versions"} <= set(snapshot.collected)
    results = build_results(
        snapshot,
        builtin_registry().select(["SE09-2.5", "SE09-5.9", "SE09-5.10", "SE09-5.11"]),
        Config(),
        datetime(2026, 11, 1, tzinfo=UTC),
    )
    status = {(f.check_id, f.resource_name): f.status.value for f in results.findings}
    assert status == {
        ("SE09-2.5", "cmk"): "pass",
        ("SE09-2.5", "weak"): "unknown",
        ("SE09-5.9", "cmk"): "pass",
        ("SE09-5.9", "weak"): "unknown",
        ("SE09-5.10", "cmk"): "pass",
        ("SE09-5.10", "weak"): "unknown",
        # Version c2296aa2 is still enabled 22 months after d5a04667 replaced it.
        ("SE09-5.11", "cmk"): "fail",
        ("SE09-5.11", "weak"): "pass",
    }


def test_managed_hsms_are_listed_with_their_settings_and_judged(snapshot: Snapshot) -> None:
    (hsm,) = snapshot.managed_hsms
    assert (hsm.kind, hsm.sku, hsm.vault_uri) == (
        "managedHSM",
        "Standard_B1",
        "https://westus.hsm1.managedhsm.azure.net",
    )
    assert hsm.enable_purge_protection is False
    assert "managed_hsms" in snapshot.collected
    results = build_results(
        snapshot,
        builtin_registry().select(["SE09-2.8", "SE09-3.5", "SE09-7.6"]),
        Config(),
        datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert {(f.check_id, f.status.value) for f in results.findings} == {
        ("SE09-2.8", "fail"),
        ("SE09-3.5", "fail"),
        ("SE09-7.6", "fail"),
    }

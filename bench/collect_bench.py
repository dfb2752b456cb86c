"""Collection bench: the real collectors against a local fake Resource Manager, 1 worker vs the pool.

    python bench/collect_bench.py [--scale 1.0] [--latency-ms 40] [--workers 16]

A fake Azure Resource Manager runs in a child process on 127.0.0.1 only (an ephemeral port,
never any other address), over HTTPS with a throwaway certificate authority generated into a
temporary folder for this run and trusted through ``REQUESTS_CA_BUNDLE``. It serves a generated
tenant in the shapes of the published REST examples: at ``--scale 1``, 5 subscriptions x 40 resource
groups, 200 vaults with their secrets, keys and diagnostic settings, role assignments and
definitions, the caller's permissions (one subscription grants no subscription-wide vault read, so
its vaults and sites are listed group by group; one group there is denied, and two secret lists are
denied), App Service sites with their settings lists (POSTs; one site's are denied), Event Grid
system topics of about a third of the vaults with their event subscriptions, the Defender for
Key Vault plan of each subscription, storage accounts with their key creation times, deployment
history, ``nextLink`` paging on every big list, and the cloud metadata endpoint. Each answer waits
``--latency-ms`` first. The child stops by itself after ``--max-requests`` answers or
``--max-seconds``, whichever comes first, or when this process goes away.

``collect_snapshot`` runs twice over the same tenant, with ``max_workers=1`` and with
``--workers``; the bench prints requests served, wall seconds of each, the speedup, the ideal
bound (requests x latency / workers), whether both snapshots and both request sets are
identical, and a one-line verdict against :data:`TARGET_SPEEDUP`. Exit status 1 when the
snapshots differ or the collection is incomplete (and, with ``--strict``, below target).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
"""The only address the fake Resource Manager ever binds or is reached at."""
TARGET_SPEEDUP = 5.0
CONTROL = "/_bench/stats"
"""Not an Azure path: answers the request counters, without latency, and is not counted."""

PAGE = {
    "groups": 20,
    "vaults": 10,
    "assignments": 100,
    "definitions": 50,
    "items": 25,
    "sites": 20,
}
FINGERPRINT_KEY = "bench-fake-fingerprint-key-0000"
"""Fixed for the bench so both runs fingerprint settings alike (obviously not a real key)."""
KEYVAULT_API = "2026-02-01"
NOW = datetime(2026, 11, 1, tzinfo=UTC)

BUILTIN_ROLES: tuple[tuple[str, str, list[str], list[str]], ...] = (
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", ["*"], []),
    ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", ["*"], []),
    ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", ["*/read"], []),
    (
        "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        "Key Vault Administrator",
        ["Microsoft.KeyVault/vaults/*/read"],
        ["Microsoft.KeyVault/vaults/*"],
    ),
    (
        "4633458b-17de-408a-b874-0445c86b69e6",
        "Key Vault Secrets User",
        [],
        ["Microsoft.KeyVault/vaults/secrets/getSecret/action"],
    ),
    (
        "21090545-7ca7-4776-b22c-e363652d74d2",
        "Key Vault Reader",
        ["Microsoft.KeyVault/vaults/*/read"],
        ["Microsoft.KeyVault/vaults/*/read"],
    ),
)


def guid(kind: int, n: int) -> str:
    """An obviously fake, deterministic GUID."""
    return f"{kind:08x}-0000-0000-0000-{n:012d}"


# ---- the generated tenant ---------------------------------------------------------------------
@dataclass
class Tenant:
    """Every list the fake Resource Manager answers, keyed by lower-cased path."""

    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    page_size: dict[str, int] = field(default_factory=dict)
    denied: set[str] = field(default_factory=set)
    posts: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Bodies of the documented list POSTs (app settings, connection strings), by path."""
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Single resources a GET answers as they are (not a list), by lower-cased path."""
    expected: Counter[str] = field(default_factory=Counter)
    """What a complete collection must hold: records per evidence kind, and gaps."""

    def add(self, path: str, items: list[dict[str, Any]], page: int = 1000) -> None:
        self.lists[path.lower()] = items
        self.page_size[path.lower()] = page

    def add_group_list(
        self,
        rg_id: str,
        provider_path: str,
        items: list[dict[str, Any]],
        denied_group: str,
        gaps: int,
        page: int = 1000,
    ) -> list[dict[str, Any]]:
        """One resource group's list of a type; the denied group's answers 403 and leaves
        ``gaps`` gaps. Returns what a subscription-wide list shows of it."""
        path = f"{rg_id}/providers/{provider_path}"
        self.add(path, items, page)
        if rg_id.lower() != denied_group:
            return items
        self.denied.add(path.lower())
        self.expected["gaps"] += gaps
        return []


def _epoch(rng: random.Random, low: int, high: int) -> int:
    return int((NOW - timedelta(days=rng.uniform(low, high))).timestamp())


def _attributes(rng: random.Random, recovery: bool) -> dict[str, Any]:
    created = _epoch(rng, 10, 800)
    attrs: dict[str, Any] = {"created": created, "enabled": rng.random() > 0.05, "updated": created}
    if rng.random() < 0.6:
        attrs["exp"] = created + rng.randint(30, 900) * 86_400
    if recovery:
        attrs["recoveryLevel"] = rng.choice(("Purgeable", "Recoverable+Purgeable"))
    return attrs


def build_tenant(scale: float, seed: int = 11) -> Tenant:
    """A deterministic tenant: the same ``scale`` and ``seed`` always give the same answers."""
    rng = random.Random(seed)
    t = Tenant()
    n_subs = max(1, round(5 * scale))
    n_groups = max(1, round(40 * scale))
    n_vaults = max(1, round(200 * scale))
    n_assignments = max(1, round(300 * scale))
    tenant_id = guid(0x7E, 1)
    subs = [guid(0xA1, i) for i in range(n_subs)]
    envs = ("prod", "dev", "test", "shared")
    t.add(
        "/subscriptions",
        [
            {
                "id": f"/subscriptions/{s}",
                "subscriptionId": s,
                "tenantId": tenant_id,
                "displayName": f"contoso-{envs[i % len(envs)]}-{i}",
                "state": "Enabled",
                "subscriptionPolicies": {"quotaId": "EnterpriseAgreement_2014-09-01"},
                "authorizationSource": "RoleBased",
                "tags": {"costcenter": str(100 + i)},
            }
            for i, s in enumerate(subs)
        ],
    )
    # One subscription (when there are several) grants no subscription-wide vault read: its vaults
    # are listed group by group, and one of its groups is denied.
    narrow = subs[-1] if n_subs > 1 else ""
    groups: dict[str, list[str]] = {}
    for i, s in enumerate(subs):
        names = [f"rg-{envs[(i + j) % len(envs)]}-app{j:02d}" for j in range(n_groups)]
        groups[s] = names
        t.add(
            f"/subscriptions/{s}/resourcegroups",
            [
                {
                    "id": f"/subscriptions/{s}/resourceGroups/{g}",
                    "name": g,
                    "type": "Microsoft.Resources/resourceGroups",
                    "location": "westeurope",
                    "tags": {"environment": envs[j % len(envs)]} if j % 3 == 0 else {},
                    "properties": {"provisioningState": "Succeeded"},
                }
                for j, g in enumerate(names)
            ],
            PAGE["groups"],
        )
        grants = (
            [
                {
                    "actions": ["Microsoft.Resources/subscriptions/resourceGroups/read"],
                    "notActions": [],
                }
            ]
            if s == narrow
            else [{"actions": ["*/read"], "notActions": []}]
        )
        t.add(f"/subscriptions/{s}/providers/Microsoft.Authorization/permissions", grants)
        t.expected["subscriptions"] += 1
        t.expected["resource_groups"] += len(names)

    vaults: dict[str, list[dict[str, Any]]] = {}
    denied_group = (
        f"/subscriptions/{narrow}/resourcegroups/{groups[narrow][1 % n_groups]}" if narrow else ""
    )
    for n in range(n_vaults):
        s = subs[n % n_subs]
        group = rng.choice(groups[s])
        vault = _vault(rng, s, group, f"kv-{group[3:]}-{n:03d}", tenant_id)
        vaults.setdefault(f"/subscriptions/{s}/resourcegroups/{group}".lower(), []).append(vault)
    for s in subs:
        mine = [
            v
            for g in groups[s]
            for v in vaults.get(f"/subscriptions/{s}/resourcegroups/{g}".lower(), [])
        ]
        t.add(f"/subscriptions/{s}/providers/Microsoft.KeyVault/vaults", mine, PAGE["vaults"])
        for g in groups[s]:
            rg_id = f"/subscriptions/{s}/resourcegroups/{g}"
            in_group = vaults.get(rg_id.lower(), [])
            path = f"{rg_id}/providers/Microsoft.KeyVault/vaults"
            t.add(path, in_group, PAGE["vaults"])
            if rg_id.lower() == denied_group:
                t.denied.add(path.lower())
                t.expected["gaps"] += 4  # vaults, secrets, keys, diagnostic settings
                continue
            for vault in in_group:
                _vault_contents(rng, t, vault, t.expected["vaults"])
                t.expected["vaults"] += 1

    definitions = [
        _definition(s, g, name, actions, data, "BuiltInRole")
        for s in subs
        for g, name, actions, data in BUILTIN_ROLES
    ]
    for i, s in enumerate(subs):
        customs = [
            _definition(
                s, guid(0xC0, 2 * i), f"app secret reader {i}", [], [BUILTIN_ROLES[4][3][0]]
            ),
            _definition(
                s,
                guid(0xC0, 2 * i + 1),
                f"vault operator {i}",
                ["Microsoft.KeyVault/vaults/write"],
                [],
            ),
        ]
        mine = [d for d in definitions if d["id"].startswith(f"/subscriptions/{s}/")] + customs
        t.add(
            f"/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions",
            mine,
            PAGE["definitions"],
        )
        t.expected["role_definitions"] += 2
    t.expected["role_definitions"] += len(BUILTIN_ROLES)

    principals = [guid(0xB0, i) for i in range(max(1, n_assignments // 3))]
    role_guids = [r[0] for r in BUILTIN_ROLES]
    inherited = [
        _assignment(
            f"/providers/Microsoft.Management/managementGroups/{tenant_id}",
            guid(0xE1, k),
            role_guids[2],
            principals[k % len(principals)],
        )
        for k in range(2)
    ]
    for i, s in enumerate(subs):
        scopes = [f"/subscriptions/{s}"] + [
            f"/subscriptions/{s}/resourceGroups/{g}" for g in groups[s]
        ]
        scopes += [
            v["id"]
            for g in groups[s]
            for v in vaults.get(f"/subscriptions/{s}/resourcegroups/{g}".lower(), [])
        ]
        mine = [
            _assignment(
                rng.choice(scopes),
                guid(0xE0, i * 100_000 + k),
                rng.choice(role_guids),
                rng.choice(principals),
            )
            for k in range(n_assignments)
        ]
        t.add(
            f"/subscriptions/{s}/providers/Microsoft.Authorization/roleAssignments",
            mine + inherited,
            PAGE["assignments"],
        )
        t.expected["role_assignments"] += len(mine)
    t.expected["role_assignments"] += len(inherited)
    _sites(rng, t, subs, groups, tenant_id, max(1, round(60 * scale)), denied_group)
    _topics(rng, t, subs, groups, vaults, denied_group)
    _storage_accounts(rng, t, subs, groups, denied_group)
    _deployments(rng, t, subs, groups, denied_group)
    for s in subs:  # Defender for Key Vault: the narrow subscription's role cannot read it
        path = f"/subscriptions/{s}/providers/Microsoft.Security/pricings/KeyVaults"
        t.objects[path.lower()] = {
            "id": path,
            "name": "KeyVaults",
            "type": "Microsoft.Security/pricings",
            "properties": {"pricingTier": rng.choice(("Standard", "Free")), "enforce": "False"},
        }
        if s == narrow:
            t.denied.add(path.lower())
            t.expected["gaps"] += 1
        else:
            t.expected["defender_plans"] += 1
    return t


def _deployments(
    rng: random.Random,
    t: Tenant,
    subs: list[str],
    groups: dict[str, list[str]],
    denied_group: str,
) -> None:
    """Deployment history per subscription and per group: up to three deployments with plain
    parameters (one in ten holds an obviously fake password in a plain String)."""
    scopes = [(s, None) for s in subs] + [(s, g) for s in subs for g in groups[s]]
    for s, g in scopes:
        base = f"/subscriptions/{s}" + (f"/resourcegroups/{g}" if g else "")
        items = []
        for k in range(rng.randint(0, 3)):
            parameters: dict[str, Any] = {"location": {"type": "String", "value": "westeurope"}}
            parameters["adminPassword"] = (
                {"type": "String", "value": f"Bench-Fake-Passw0rd-{k}!"}
                if rng.random() < 0.1
                else {"type": "SecureString"}
            )
            items.append(
                {
                    "id": f"{base.replace('/resourcegroups/', '/resourceGroups/')}/providers"
                    f"/Microsoft.Resources/deployments/deploy-{k}",
                    "name": f"deploy-{k}",
                    "type": "Microsoft.Resources/deployments",
                    "properties": {
                        "parameters": parameters,
                        "outputs": {},
                        "provisioningState": "Succeeded",
                        "timestamp": (NOW - timedelta(days=rng.randint(1, 300))).isoformat(),
                    },
                }
            )
        path = f"{base}/providers/Microsoft.Resources/deployments"
        t.add(path, items)
        if base.lower() == denied_group:
            t.denied.add(path.lower())
            t.expected["gaps"] += 1
        else:
            t.expected["deployments"] += len(items)


def _storage_accounts(
    rng: random.Random,
    t: Tenant,
    subs: list[str],
    groups: dict[str, list[str]],
    denied_group: str,
) -> None:
    """A storage account in about half the groups, with key creation times (listed like sites)."""
    for s in subs:
        mine: list[dict[str, Any]] = []
        for n, g in enumerate(groups[s]):
            rg_id = f"/subscriptions/{s}/resourcegroups/{g}"
            in_group: list[dict[str, Any]] = []
            if rng.random() < 0.5:
                name = f"st{g[3:].replace('-', '')}{n:02d}"[:24]
                props: dict[str, Any] = {"provisioningState": "Succeeded"}
                if rng.random() < 0.8:
                    props["keyCreationTime"] = {
                        k: (NOW - timedelta(days=rng.randint(1, 600))).isoformat()
                        for k in ("key1", "key2")
                    }
                if rng.random() < 0.2:
                    props["allowSharedKeyAccess"] = False
                in_group.append(
                    {
                        "id": f"/subscriptions/{s}/resourceGroups/{g}/providers"
                        f"/Microsoft.Storage/storageAccounts/{name}",
                        "name": name,
                        "type": "Microsoft.Storage/storageAccounts",
                        "kind": "StorageV2",
                        "location": "westeurope",
                        "properties": props,
                    }
                )
            shown = t.add_group_list(
                rg_id, "Microsoft.Storage/storageAccounts", in_group, denied_group, gaps=1
            )
            mine += shown
            t.expected["storage_accounts"] += len(shown)
        t.add(f"/subscriptions/{s}/providers/Microsoft.Storage/storageAccounts", mine)


def _topics(
    rng: random.Random,
    t: Tenant,
    subs: list[str],
    groups: dict[str, list[str]],
    vaults: dict[str, list[dict[str, Any]]],
    denied_group: str,
) -> None:
    """Event Grid system topics for about one vault in three (listed per subscription and per
    group, the denied group's list a 403), each with one or two event subscriptions."""
    event_types = (
        ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.KeyNearExpiry"],
        ["Microsoft.KeyVault.SecretNewVersionCreated"],
        None,
    )
    for s in subs:
        mine: list[dict[str, Any]] = []
        for g in groups[s]:
            rg_id = f"/subscriptions/{s}/resourcegroups/{g}"
            in_group: list[dict[str, Any]] = []
            for vault in vaults.get(rg_id.lower(), []):
                if rng.random() > 0.33:
                    continue
                topic_id = (
                    f"/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.EventGrid"
                    f"/systemTopics/{vault['name']}-events"
                )
                in_group.append(
                    {
                        "properties": {
                            "provisioningState": "Succeeded",
                            "source": vault["id"],
                            "topicType": "microsoft.keyvault.vaults",
                        },
                        "location": "westeurope",
                        "tags": None,
                        "id": topic_id,
                        "name": f"{vault['name']}-events",
                        "type": "Microsoft.EventGrid/systemTopics",
                    }
                )
                subscriptions = [
                    {
                        "properties": {
                            "topic": topic_id,
                            "provisioningState": "Succeeded",
                            "destination": {"endpointType": "AzureFunction", "properties": {}},
                            "filter": {"includedEventTypes": rng.choice(event_types)},
                        },
                        "id": f"{topic_id}/eventSubscriptions/sub-{k}",
                        "name": f"sub-{k}",
                        "type": "Microsoft.EventGrid/systemTopics/eventSubscriptions",
                    }
                    for k in range(rng.randint(1, 2))
                ]
                t.add(f"{topic_id}/eventSubscriptions", subscriptions)
                if rg_id.lower() != denied_group:
                    t.expected["event_topics"] += 1
                    t.expected["event_subscriptions"] += len(subscriptions)
            # a denied group: event topics and event subscriptions are gaps
            mine += t.add_group_list(
                rg_id, "Microsoft.EventGrid/systemTopics", in_group, denied_group, gaps=2
            )
        t.add(f"/subscriptions/{s}/providers/Microsoft.EventGrid/systemTopics", mine)


def _sites(
    rng: random.Random,
    t: Tenant,
    subs: list[str],
    groups: dict[str, list[str]],
    tenant_id: str,
    count: int,
    denied_group: str,
) -> None:
    """App Service sites per subscription and per group (the narrow subscription is read group
    by group, and its denied group's list is a 403), and their settings lists (one site's are
    denied)."""
    per_sub: dict[str, list[dict[str, Any]]] = {s: [] for s in subs}
    per_group: dict[str, list[dict[str, Any]]] = {}
    for n in range(count):
        s = subs[n % len(subs)]
        group = rng.choice(groups[s])
        hidden = f"/subscriptions/{s}/resourcegroups/{group}".lower() == denied_group
        name = f"app-{group[3:]}-{n:03d}"
        site_id = f"/subscriptions/{s}/resourceGroups/{group}/providers/Microsoft.Web/sites/{name}"
        site: dict[str, Any] = {
            "id": site_id,
            "name": name,
            "type": "Microsoft.Web/sites",
            "kind": rng.choice(("app", "app,linux", "functionapp", "functionapp,linux")),
            "location": "westeurope",
            "tags": {},
            "properties": {"state": "Running", "httpsOnly": rng.random() > 0.2},
        }
        if rng.random() < 0.7:
            site["identity"] = {
                "type": "SystemAssigned",
                "principalId": guid(0xD0, n),
                "tenantId": tenant_id,
            }
        per_sub[s].append(site)
        per_group.setdefault(f"/subscriptions/{s}/resourcegroups/{group}".lower(), []).append(site)
        if hidden:  # never listed, so neither are its settings
            continue
        t.expected["web_apps"] += 1
        settings = {
            "WEBSITE_RUN_FROM_PACKAGE": "1",
            "APP_MODE": rng.choice(("production", "staging")),
            "DB_PASSWORD": "@Microsoft.KeyVault(SecretUri=https://kv-bench.vault.azure.net/"
            f"secrets/db-{n:03d}{'/' + 'ab' * 16 if n % 5 == 0 else ''})",
        }
        if n % 7 == 3:
            settings["STORAGE"] = (
                "DefaultEndpointsProtocol=https;AccountName=benchfake;"
                "AccountKey=YmVuY2gtZmFrZS1hY2NvdW50LWtleS1ub3QtcmVhbA==;EndpointSuffix=core.windows.net"
            )
        strings = {
            "Orders": {
                "value": "Server=tcp:bench.example;Authentication=Active Directory "
                "Managed Identity",
                "type": "SQLAzure",
            }
        }
        for kind, props in (("appsettings", settings), ("connectionstrings", strings)):
            path = f"{site_id}/config/{kind}/list".lower()
            t.posts[path] = {
                "id": f"{site_id}/config/{kind}",
                "name": kind,
                "type": "Microsoft.Web/sites/config",
                "properties": props,
            }
            if n == 1:  # settings need sites/config/list/Action: a refusal is a gap per list
                t.denied.add(path)
                t.expected["gaps"] += 1
            else:
                t.expected["app_settings"] += len(props)
    for s in subs:
        t.add(f"/subscriptions/{s}/providers/Microsoft.Web/sites", per_sub[s], PAGE["sites"])
        for g in groups[s]:
            rg_id = f"/subscriptions/{s}/resourcegroups/{g}"
            in_group = per_group.get(rg_id.lower(), [])
            # a denied group: web apps and app settings are gaps
            t.add_group_list(
                rg_id, "Microsoft.Web/sites", in_group, denied_group, gaps=2, page=PAGE["sites"]
            )


def _vault(rng: random.Random, sub: str, group: str, name: str, tenant_id: str) -> dict[str, Any]:
    """A vault list item in the shape of the 2026-02-01 list examples (flags sometimes absent)."""
    properties: dict[str, Any] = {
        "sku": {"family": "A", "name": rng.choice(("standard", "premium"))},
        "tenantId": tenant_id,
        "accessPolicies": [
            {
                "tenantId": tenant_id,
                "objectId": guid(0xB0, rng.randrange(100)),
                "permissions": {
                    "keys": ["get", "list"],
                    "secrets": ["get", "list"],
                    "certificates": [],
                },
            }
            for _ in range(rng.randint(0, 2))
        ],
        "enabledForDeployment": False,
        "vaultUri": f"https://{name}.vault.azure.net/",
        "provisioningState": "Succeeded",
    }
    if rng.random() < 0.8:
        properties["enableSoftDelete"] = True
        properties["softDeleteRetentionInDays"] = rng.choice((7, 90))
    if rng.random() < 0.5:
        properties["enablePurgeProtection"] = True
    if rng.random() < 0.7:
        properties["enableRbacAuthorization"] = rng.random() < 0.7
    if rng.random() < 0.5:
        properties["publicNetworkAccess"] = rng.choice(("Enabled", "Disabled"))
        properties["networkAcls"] = {
            "bypass": "AzureServices",
            "defaultAction": rng.choice(("Allow", "Deny")),
            "ipRules": [{"value": "124.56.78.91/32"}],
            "virtualNetworkRules": [],
        }
    return {
        "id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.KeyVault/vaults/{name}",
        "name": name,
        "type": "Microsoft.KeyVault/vaults",
        "location": "westeurope",
        "tags": {"environment": rng.choice(("prod", "dev", "test"))} if rng.random() < 0.6 else {},
        "properties": properties,
        "systemData": {"createdAt": "2025-01-01T12:00:00.0000000Z", "createdByType": "User"},
    }


def _vault_items(
    rng: random.Random, vault: dict[str, Any], kind: str, count: int
) -> list[dict[str, Any]]:
    """Secret or key list items as the management plane lists them: attributes, a URI, no value."""
    host = f"https://{vault['name']}.vault.azure.net" + (":443" if kind == "key" else "")
    return [
        {
            "id": f"{vault['id']}/{kind}s/{kind}-{k:02d}",
            "name": f"{kind}-{k:02d}",
            "type": f"Microsoft.KeyVault/vaults/{kind}s",
            "location": "westeurope",
            "properties": {
                "attributes": _attributes(rng, recovery=kind == "key"),
                f"{kind}Uri": f"{host}/{kind}s/{kind}-{k:02d}",
            },
        }
        for k in range(count)
    ]


def _vault_contents(rng: random.Random, t: Tenant, vault: dict[str, Any], index: int) -> None:
    vid = vault["id"]
    secrets = _vault_items(rng, vault, "secret", rng.randint(0, 20))
    t.add(f"{vid}/secrets", secrets, PAGE["items"])
    if index % 97 == 13:  # a denied secret list: a gap, and no secrets counted
        t.denied.add(f"{vid}/secrets".lower())
        t.expected["gaps"] += 1
    else:
        t.expected["secrets"] += len(secrets)
    keys = _vault_items(rng, vault, "key", rng.randint(0, 6))
    t.add(f"{vid}/keys", keys, PAGE["items"])
    t.expected["keys"] += len(keys)
    settings = []
    if index % 2 == 0:
        settings.append(
            {
                "id": f"{vid.lower()}/providers/microsoft.insights/diagnosticSettings/audit",
                "type": "Microsoft.Insights/diagnosticSettings",
                "name": "audit",
                "properties": {
                    "storageAccountId": None,
                    "eventHubAuthorizationRuleId": None,
                    "workspaceId": f"/subscriptions/{guid(0xA1, 0)}/resourceGroups/rg-logs/providers/"
                    "Microsoft.OperationalInsights/workspaces/law-central",
                    "logs": [
                        {"category": "AuditEvent", "categoryGroup": None, "enabled": index % 4 == 0}
                    ],
                    "metrics": [],
                    "logAnalyticsDestinationType": None,
                },
            }
        )
    t.add(f"{vid}/providers/Microsoft.Insights/diagnosticSettings", settings)
    t.expected["diagnostic_settings"] += len(settings)


def _definition(
    sub: str, role: str, name: str, actions: list[str], data: list[str], kind: str = "CustomRole"
) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        "type": "Microsoft.Authorization/roleDefinitions",
        "name": role,
        "properties": {
            "roleName": name,
            "type": kind,
            "description": name,
            "assignableScopes": ["/"] if kind == "BuiltInRole" else [f"/subscriptions/{sub}"],
            "permissions": [
                {"actions": actions, "notActions": [], "dataActions": data, "notDataActions": []}
            ],
        },
    }


def _assignment(scope: str, name: str, role: str, principal: str) -> dict[str, Any]:
    return {
        "id": f"{scope}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "type": "Microsoft.Authorization/roleAssignments",
        "name": name,
        "properties": {
            "roleDefinitionId": f"/providers/Microsoft.Authorization/roleDefinitions/{role}",
            "principalId": principal,
            "principalType": "ServicePrincipal" if int(principal[-3:]) % 3 else "User",
            "scope": scope,
        },
    }


# ---- the fake Resource Manager (child process) ------------------------------------------------
class FakeArm(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, tenant: Tenant, latency: float, max_requests: int) -> None:
        super().__init__((HOST, 0), Handler)
        self.tenant = tenant
        self.latency = latency
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.served = 0
        self.paths: Counter[str] = Counter()
        self.exhausted = threading.Event()

    @property
    def base(self) -> str:
        return f"https://{HOST}:{self.server_address[1]}"

    def count(self, path: str) -> bool:
        """Count one answer; False when the request budget is spent."""
        with self.lock:
            if self.served >= self.max_requests:
                self.exhausted.set()
                return False
            self.served += 1
            self.paths[path] += 1
            return True


class Handler(BaseHTTPRequestHandler):
    server: FakeArm
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else each answer waits for a delayed ACK (~40 ms)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == CONTROL:
            self._send(200, {"served": self.server.served, "paths": dict(self.server.paths)})
            return
        if not self.server.count(f"{url.path.lower()}?{url.query}"):
            self._send(400, _error("BenchBudgetSpent", "the bench's request budget is spent"))
            return
        time.sleep(self.server.latency)
        status, body = answer(self.server.tenant, self.server.base, url.path, parse_qs(url.query))
        self._send(status, body)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))  # keep-alive: drain the body
        url = urlsplit(self.path)
        key = url.path.rstrip("/").lower()
        if key not in self.server.tenant.posts:
            self._send(405, _error("MethodNotAllowed", "only the documented list POSTs are served"))
            return
        if not self.server.count(f"POST {key}?{url.query}"):
            self._send(400, _error("BenchBudgetSpent", "the bench's request budget is spent"))
            return
        time.sleep(self.server.latency)
        if key in self.server.tenant.denied:
            self._send(403, _denied(url.path))
            return
        self._send(200, self.server.tenant.posts[key])

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-ms-ratelimit-remaining-subscription-reads", "11999")
        self.end_headers()
        self.wfile.write(data)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _denied(path: str) -> dict[str, Any]:
    return _error(
        "AuthorizationFailed",
        "The client '00000000-0000-0000-0000-000000000000' with object id "
        "'00000000-0000-0000-0000-000000000000' does not have authorization to perform "
        f"this action over scope '{path}' or the scope is invalid.",
    )


def answer(tenant: Tenant, base: str, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    """Status and body of a GET, as Resource Manager would answer it."""
    key = path.rstrip("/").lower()
    if key == "/metadata/endpoints":
        return 200, [
            {
                "name": "BenchCloud",
                "resourceManager": f"{base}/",
                "authentication": {"loginEndpoint": f"{base}/", "audiences": [f"{base}/"]},
                "suffixes": {"keyVaultDns": "vault.azure.net"},
            }
        ]
    if key in tenant.denied:
        return 403, _denied(path)
    if key in tenant.objects:
        return 200, tenant.objects[key]
    items = tenant.lists.get(key)
    if items is None:
        return 404, _error("ResourceNotFound", f"nothing is served at {path}")
    size = tenant.page_size[key]
    start = int((query.get("$skiptoken") or ["0"])[0])
    page: dict[str, Any] = {"value": items[start : start + size]}
    if start + size < len(items):
        version = (query.get("api-version") or [""])[0]
        page["nextLink"] = f"{base}{path}?api-version={version}&$skiptoken={start + size}"
    return 200, page


def serve(args: argparse.Namespace) -> int:
    """Child process: serve until the budget or the deadline is spent, or stdin closes."""
    tenant = build_tenant(args.scale, args.seed)
    server = FakeArm(tenant, args.latency_ms / 1000, args.max_requests)
    return serve_tls(server, server.exhausted, args.cert_dir, args.max_seconds)


def serve_tls(
    server: ThreadingHTTPServer, exhausted: threading.Event, cert_dir: Path, max_seconds: float
) -> int:
    """Serve over TLS (the certificate of :func:`make_certificates` in ``cert_dir``), print the
    port, and stop once ``exhausted`` is set, ``max_seconds`` pass, or stdin closes."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_dir / "server.pem", cert_dir / "server.key")
    server.socket = context.wrap_socket(
        server.socket, server_side=True, do_handshake_on_connect=False
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()

    def watch_parent() -> None:
        sys.stdin.read()  # returns when the parent closes our stdin, or exits
        stop.set()

    threading.Thread(target=watch_parent, daemon=True).start()
    print(server.server_address[1], flush=True)
    deadline = time.monotonic() + max_seconds
    while not stop.is_set() and not exhausted.is_set() and time.monotonic() < deadline:
        stop.wait(0.2)
    server.shutdown()
    server.server_close()
    return 0


# ---- certificates -----------------------------------------------------------------------------
def make_certificates(folder: Path) -> Path:
    """A throwaway CA and a server certificate for 127.0.0.1 in ``folder``; returns the CA file."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.now(UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "waf-assess bench CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(cert.public_bytes(pem))
    (folder / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "ca.pem"


# ---- the bench (parent process) ---------------------------------------------------------------
@dataclass
class Run:
    workers: int
    seconds: float
    requests: int
    paths: Counter[str]
    snapshot_json: str
    counts: Counter[str]


def stats(base: str, ca: Path) -> tuple[int, Counter[str]]:
    context = ssl.create_default_context(cafile=str(ca))
    with urllib.request.urlopen(f"{base}{CONTROL}", context=context, timeout=10) as response:  # noqa: S310
        data = json.load(response)
    return int(data["served"]), Counter(data["paths"])


SERVED_SOURCES = ("web_apps", "event_grid", "defender", "storage", "deployments")
"""The switchable sources the fake tenant answers for (see :func:`serve`)."""


def collect_once(base: str, ca: Path, workers: int) -> Run:
    from assess import run, sources
    from assess.auth import OfflineCredential
    from assess.config import Config
    from assess.progress import NullProgress
    from assess.snapshot import EVIDENCE_KINDS, dumps

    options = dict(
        arm_endpoint=base,
        all_subscriptions=True,
        max_workers=workers,
        timeout_seconds=30,
        credential=OfflineCredential(),
        # The sources this fake tenant serves; a source it does not serve stays off (its calls
        # would be 404 gaps, not collection cost).
        switches={name: name in SERVED_SOURCES for name in (s.name for s in sources.switches())},
    )
    served_before, paths_before = stats(base, ca)
    started = time.perf_counter()
    snapshot = run.collect(Config(), NullProgress(), **options)
    seconds = time.perf_counter() - started
    served_after, paths_after = stats(base, ca)
    fixed = snapshot.model_copy(update={"collected_at": NOW})  # the only field that may differ
    counts = Counter({k: len(getattr(snapshot, k)) for k in EVIDENCE_KINDS if k != "code_scans"})
    counts["gaps"] = len(snapshot.gaps)
    return Run(
        workers=workers,
        seconds=seconds,
        requests=served_after - served_before,
        paths=paths_after - paths_before,
        snapshot_json=dumps(fixed),
        counts=counts,
    )


def start_server(args: argparse.Namespace, cert_dir: Path) -> tuple[subprocess.Popen[str], str]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--serve",
        "--cert-dir",
        str(cert_dir),
        "--scale",
        str(args.scale),
        "--seed",
        str(args.seed),
        "--latency-ms",
        str(args.latency_ms),
        "--max-requests",
        str(args.max_requests),
        "--max-seconds",
        str(args.max_seconds),
    ]
    return spawn_server(command)


def spawn_server(command: list[str]) -> tuple[subprocess.Popen[str], str]:
    """Start a server child that prints its port first (see :func:`serve_tls`); its base URL."""
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    port = child.stdout.readline().strip()
    if not port.isdigit():
        child.kill()
        raise SystemExit("the fake Resource Manager did not start")
    return child, f"https://{HOST}:{port}"


def stop_server(child: subprocess.Popen[str]) -> None:
    assert child.stdin is not None
    child.stdin.close()  # the child stops when its stdin closes
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def verdict(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the tenant's size")
    parser.add_argument("--latency-ms", type=float, default=40.0, help="wait before each answer")
    parser.add_argument("--workers", type=int, default=16, help="the pool to compare with 1")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--max-requests", type=int, default=20_000, help="the server's budget")
    parser.add_argument("--max-seconds", type=float, default=900, help="the server's lifetime")
    parser.add_argument("--strict", action="store_true", help="exit 1 when below target")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cert-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.latency_ms < 0 or args.workers < 1:
        parser.error("--scale must be positive, --latency-ms not negative, --workers at least 1")
    if args.serve:
        return serve(args)

    tenant = build_tenant(args.scale, args.seed)
    expected = tenant.expected
    from evaluate_bench import machine

    print(machine())
    print(
        f"tenant (scale {args.scale:g}): {expected['subscriptions']} subscriptions, "
        f"{expected['resource_groups']} groups, {expected['vaults']} readable vaults, "
        f"{expected['secrets']} secrets, {expected['keys']} keys, "
        f"{expected['diagnostic_settings']} diagnostic settings, "
        f"{expected['role_assignments']} role assignments, {expected['role_definitions']} "
        f"role definitions, {expected['web_apps']} web apps with {expected['app_settings']} "
        f"settings, {expected['event_topics']} Event Grid topics with "
        f"{expected['event_subscriptions']} event subscriptions, "
        f"{expected['storage_accounts']} storage accounts, "
        f"{expected['deployments']} deployments, "
        f"{expected['gaps']} gaps from denied lists; latency {args.latency_ms:g} ms "
        f"per request, served on {HOST} only"
    )
    with tempfile.TemporaryDirectory(prefix="waf-assess-bench-") as folder:
        ca = make_certificates(Path(folder))
        os.environ["REQUESTS_CA_BUNDLE"] = str(ca)
        os.environ["WAF_ASSESS_FINGERPRINT_KEY"] = FINGERPRINT_KEY
        child, base = start_server(args, Path(folder))
        try:
            runs = [collect_once(base, ca, 1), collect_once(base, ca, args.workers)]
        finally:
            stop_server(child)

    latency = args.latency_ms / 1000
    problems: list[str] = []
    for run in runs:
        bound = run.requests * latency / run.workers
        print(
            f"max_workers={run.workers:<3d} {run.requests:5d} requests  {run.seconds:7.2f} s wall"
            f"   ideal bound {bound:6.2f} s (requests x latency / workers)"
        )
        wrong = {k: (run.counts[k], v) for k, v in expected.items() if run.counts[k] != v}
        if wrong:
            problems.append(f"max_workers={run.workers} collected {wrong} (got, expected)")
    one, many = runs
    same_snapshot = one.snapshot_json == many.snapshot_json
    same_requests = one.paths == many.paths
    digest = hashlib.sha256(one.snapshot_json.encode()).hexdigest()[:12]
    print(
        f"snapshots identical: {'yes' if same_snapshot else 'NO'} (sha256 {digest}); "
        f"same requests: {'yes' if same_requests else 'NO'}"
    )
    if not same_snapshot:
        problems.append("the snapshots of the two runs differ")
    speedup = one.seconds / max(many.seconds, 1e-9)
    print(
        f"comparison: {args.workers} workers {speedup:.1f}x faster than 1 "
        f"(target at least {TARGET_SPEEDUP:g}x): {verdict(speedup >= TARGET_SPEEDUP)}"
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    if problems:
        return 1
    return 1 if args.strict and speedup < TARGET_SPEEDUP else 0


if __name__ == "__main__":
    raise SystemExit(main())

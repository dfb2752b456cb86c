"""Local authentication of data services (SE09-3.40 to 3.47), each from a source collected from
its declaration alone: pass, fail (refused keys off, or the property absent: the service
default) and unknown (a denied resource group, the source switched off).

The list bodies follow Microsoft's REST specification examples (see ``services_fixtures``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import services_fixtures as fx
import yaml
from declared_cassette import collect_group, denied, page, write_cassette
from snapshot_factory import AS_OF, by_status, run_checks
from test_collect_support import ARM, SUB_A

from assess import sources
from assess.model import Status


@dataclass(frozen=True)
class Service:
    check_id: str
    switch: str
    kind: str
    make: Callable[[str, str, Any], dict[str, Any]]
    refused: Any
    """The flag value that keeps keys out."""
    allowed: Any
    """A flag value that lets keys in."""
    words: str
    """A phrase the failing finding says."""
    absent: str = "fail"
    """The verdict when the flag is absent: the service's documented default."""

    @property
    def source(self) -> sources.Source:
        return sources.source(self.switch)


SERVICES = (
    Service(
        "SE09-3.40",
        "service_bus",
        "servicebus_namespaces",
        fx.servicebus_namespace,
        True,
        False,
        "SAS keys",
    ),
    Service(
        "SE09-3.41",
        "event_hubs",
        "eventhub_namespaces",
        fx.eventhub_namespace,
        True,
        False,
        "SAS keys",
    ),
    Service(
        "SE09-3.42",
        "container_registry",
        "container_registries",
        fx.container_registry,
        False,
        True,
        "admin user",
        absent="pass",  # adminUserEnabled "is false by default" (Registries REST reference)
    ),
    Service("SE09-3.43", "redis", "redis_caches", fx.redis_cache, True, False, "access keys"),
    Service(
        "SE09-3.44",
        "app_configuration",
        "app_configuration_stores",
        fx.app_configuration_store,
        True,
        False,
        "access keys",
    ),
    Service("SE09-3.45", "sql_servers", "sql_servers", fx.sql_server, True, False, "SQL logins"),
    Service(
        "SE09-3.46",
        "sql_managed_instances",
        "sql_managed_instances",
        fx.sql_managed_instance,
        True,
        False,
        "SQL logins",
    ),
    Service("SE09-3.47", "aks", "aks_clusters", fx.aks_cluster, True, False, "local cluster-admin"),
)
SERVICES += (
    Service(
        "SE09-3.49",
        "custom_topics",
        "eventgrid_topics",
        fx.eventgrid_topic,
        True,
        False,
        "access keys",
    ),
    Service(
        "SE09-3.70",
        "event_domains",
        "eventgrid_domains",
        fx.eventgrid_domain,
        True,
        False,
        "access keys",
    ),
    Service(
        "SE09-3.71",
        "ai_services",
        "ai_services_accounts",
        fx.ai_services_account,
        True,
        False,
        "API keys",
    ),
    Service(
        "SE09-3.72", "ai_search", "search_services", fx.search_service, True, False, "API keys"
    ),
    Service(
        "SE09-3.73", "signalr", "signalr_services", fx.signalr_service, True, False, "access keys"
    ),
    Service(
        "SE09-3.74",
        "web_pubsub",
        "webpubsub_services",
        fx.webpubsub_service,
        True,
        False,
        "access keys",
    ),
    Service(
        "SE09-3.75",
        "postgresql",
        "postgresql_servers",
        fx.postgresql_server,
        "Disabled",
        "Enabled",
        "password logins",
    ),
)
IDS = [s.switch for s in SERVICES]


def _cassette(tmp_path: Path, service: Service, group: str) -> Path:
    resources = service.source.resources
    assert resources is not None
    if group == "rg-locked":
        answer = denied(resources.in_group.permission, group)
        return write_cassette(tmp_path / "c.yaml", group, {resources.in_group: answer})
    first = resources.in_group.url(ARM, subscription_id=SUB_A, resource_group=group)
    second = f"{first}&$skipToken=page2"
    items = [
        service.make("strict-prod", group, service.refused),
        service.make("open-prod", group, service.allowed),
    ]
    last = service.make("legacy-prod", group, None)
    # A source with lists below each resource (authorization rules) reads them too: none here.
    below = [
        (child.operation.url(ARM, resource_id=item["id"]), page([]))
        for child in service.source.children
        for item in (*items, last)
    ]
    return write_cassette(
        tmp_path / "c.yaml",
        group,
        {resources.in_group: page(items, next_link=second)},
        extra=[(second, page([last])), *below],
    )


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_only_a_resource_that_refuses_local_keys_passes(tmp_path: Path, service: Service) -> None:
    snapshot = collect_group(
        _cassette(tmp_path, service, "rg-data"), "rg-data", {service.switch: True}
    )
    assert service.kind in snapshot.collected
    assert not snapshot.gaps
    # Three resources over two pages; each keeps the declared properties only, absent ones None.
    found = {r.name: r for r in snapshot.records_of(service.kind)}
    assert sorted(found) == ["legacy-prod", "open-prod", "strict-prod"]
    resources = service.source.resources
    assert resources is not None
    assert set(found["strict-prod"].properties) == set(resources.properties)
    results = run_checks(snapshot, service.check_id)
    expected = {"pass": {"strict-prod"}, "fail": {"open-prod"}}
    expected[service.absent].add("legacy-prod")  # absent: the service's documented default
    assert by_status(results) == expected
    failed = {f.resource_name: f for f in results.findings if f.status is Status.FAIL}
    assert service.words in failed["open-prod"].message
    if service.absent == "fail":
        assert "not set" in failed["legacy-prod"].message
    assert failed["open-prod"].evidence.api.startswith("GET Microsoft.")


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_a_denied_group_leaves_its_resources_unknown(tmp_path: Path, service: Service) -> None:
    snapshot = collect_group(
        _cassette(tmp_path, service, "rg-locked"), "rg-locked", {service.switch: True}
    )
    # The resources and what is listed below them are unknown alike.
    assert {(g.kind, g.status_code, g.error_code) for g in snapshot.gaps} == {
        (kind, 403, "AuthorizationFailed") for kind in service.source.records
    }
    results = run_checks(snapshot, service.check_id)
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "403" in results.findings[0].reason


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_switched_off_the_check_is_unknown_and_names_its_flag(
    tmp_path: Path, service: Service
) -> None:
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {})
    snapshot = collect_group(cassette, "rg-data", {service.switch: False})
    assert service.kind not in snapshot.collected
    results = run_checks(snapshot, service.check_id)
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    flag = f"--{service.switch.replace('_', '-')}"
    assert all(f"gathered with {flag}" in f.reason for f in results.findings)


def test_aks_csi_driver_properties_are_kept_from_the_nested_add_on_profile(tmp_path: Path) -> None:
    service = next(s for s in SERVICES if s.switch == "aks")
    resources = service.source.resources
    assert resources is not None
    item = fx.aks_cluster("aks-prod", "rg-data", True, csi=True, rotation="true")
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {resources.in_group: page([item])})
    (cluster,) = collect_group(cassette, "rg-data", {"aks": True}).records_of("aks_clusters")
    assert cluster.properties["addonProfiles.azureKeyvaultSecretsProvider.enabled"] is True
    assert (
        cluster.properties["addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation"]
        == "true"
    )
    assert (
        cluster.properties["addonProfiles.azureKeyvaultSecretsProvider.config.rotationPollInterval"]
        == "2m"
    )


def test_postgresql_password_auth_is_read_without_regard_to_case(tmp_path: Path) -> None:
    resources = sources.source("postgresql").resources
    assert resources is not None
    items = [
        fx.postgresql_server("pg-lower", "rg-data", "disabled"),
        fx.postgresql_server("pg-open", "rg-data", "enabled"),
    ]
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {resources.in_group: page(items)})
    results = run_checks(collect_group(cassette, "rg-data", {"postgresql": True}), "SE09-3.75")
    assert by_status(results) == {"pass": {"pg-lower"}, "fail": {"pg-open"}}


def test_an_add_on_profile_keyed_in_another_case_is_read_6_41(tmp_path: Path) -> None:
    # addonProfiles is a map keyed as the cluster was written: "azurekeyvaultsecretsprovider"
    # is the same add-on (ARM templates write it so), not a cluster without the CSI driver.
    resources = sources.source("aks").resources
    assert resources is not None
    lower = fx.aks_cluster("aks-lower", "rg-data", True, csi=True, rotation="true")
    addons = lower["properties"]["addonProfiles"]
    addons["azurekeyvaultsecretsprovider"] = addons.pop("azureKeyvaultSecretsProvider")
    stale = fx.aks_cluster("aks-stale", "rg-data", True, csi=True, rotation="false")
    none = fx.aks_cluster("aks-none", "rg-data", True)
    items = [lower, stale, none]
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {resources.in_group: page(items)})
    results = run_checks(collect_group(cassette, "rg-data", {"aks": True}), "SE09-6.41")
    assert by_status(results) == {
        "pass": {"aks-lower"},
        "fail": {"aks-stale"},
        "not_applicable": {"aks-none"},
    }


def test_a_sql_server_without_an_entra_admin_fails_and_says_so(tmp_path: Path) -> None:
    resources = sources.source("sql_servers").resources
    assert resources is not None
    item = fx.sql_server("sql-legacy", "rg-data", None, admin=None)
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {resources.in_group: page([item])})
    results = run_checks(collect_group(cassette, "rg-data", {"sql_servers": True}), "SE09-3.45")
    (finding,) = results.findings
    assert finding.status is Status.FAIL
    assert finding.evidence.observed == {
        "administrators.azureADOnlyAuthentication": None,
        "administrators.login": None,
        "publicNetworkAccess": "Enabled",
    }


_VALUE_RETURNING = re.compile(
    r"/(listKeys|listSecrets|listValue|listCredentials?|listConnectionStrings|"
    r"listClusterAdminCredential|listClusterUserCredential|listAdminKeys|listQueryKeys|"
    r"regenerate\w*)(\b|$)",
    re.IGNORECASE,
)


def test_no_source_declares_an_operation_that_returns_keys_or_secret_values() -> None:
    paths = [read.operation.path for s in sources.SOURCES for read in s.reads]
    assert paths  # the declarations were read
    assert [p for p in paths if _VALUE_RETURNING.search(p)] == []


def test_no_recorded_traffic_holds_a_key_or_secret_value_operation() -> None:
    root = Path(__file__).resolve().parents[1]
    cassettes = [*root.glob("cassettes/*.yaml"), *root.glob("tests/cassettes_unit/*.yaml")]
    assert cassettes
    for cassette in cassettes:
        for interaction in yaml.safe_load(cassette.read_text(encoding="utf-8"))["interactions"]:
            uri = interaction["request"]["uri"].split("?", 1)[0]
            assert not _VALUE_RETURNING.search(uri), (cassette.name, uri)


@pytest.mark.parametrize(
    ("switch", "check_id", "make"),
    [
        ("service_bus", "SE09-3.76", fx.servicebus_namespace),
        ("event_hubs", "SE09-3.77", fx.eventhub_namespace),
    ],
)
def test_sas_rules_besides_the_root_rule_fail_while_sas_keys_are_accepted(
    tmp_path: Path, switch: str, check_id: str, make: Callable[[str, str, Any], dict[str, Any]]
) -> None:
    source = sources.source(switch)
    assert source.resources is not None
    (child,) = source.children
    namespaces = {
        "ns-root-only": make("ns-root-only", "rg-data", None),
        "ns-shared": make("ns-shared", "rg-data", False),
        "ns-entra": make("ns-entra", "rg-data", True),
        "ns-denied": make("ns-denied", "rg-data", None),
    }
    root = fx.authorization_rule
    rules = {
        "ns-root-only": [
            root(  # rule names are case-insensitive in Azure: the root rule in another casing
                namespaces["ns-root-only"]["id"],
                "rootmanagesharedaccesskey",
                ["Listen", "Manage", "Send"],
            )
        ],
        "ns-shared": [
            root(
                namespaces["ns-shared"]["id"],
                "RootManageSharedAccessKey",
                ["Listen", "Manage", "Send"],
            ),
            root(namespaces["ns-shared"]["id"], "orders-sender", ["Send"]),
        ],
        "ns-entra": [root(namespaces["ns-entra"]["id"], "legacy-listener", ["Listen"])],
    }
    extra = [
        (child.operation.url(ARM, resource_id=ns["id"]), page(rules[name]))
        for name, ns in namespaces.items()
        if name in rules
    ]
    extra.append(
        (
            child.operation.url(ARM, resource_id=namespaces["ns-denied"]["id"]),
            denied(child.operation.permission, "rg-data"),
        )
    )
    cassette = write_cassette(
        tmp_path / "c.yaml",
        "rg-data",
        {source.resources.in_group: page(namespaces.values())},
        extra,
    )
    snapshot = collect_group(cassette, "rg-data", {switch: True})
    assert child.kind in snapshot.collected
    assert {r.name for r in snapshot.records_of(child.kind)} == {
        "RootManageSharedAccessKey",
        "rootmanagesharedaccesskey",
        "orders-sender",
        "legacy-listener",
    }
    (gap,) = snapshot.gaps
    assert (gap.kind, gap.status_code) == (child.kind, 403) and gap.scope == namespaces[
        "ns-denied"
    ]["id"]
    results = run_checks(snapshot, check_id)
    assert by_status(results) == {
        "pass": {"ns-root-only", "ns-entra"},
        "fail": {"ns-shared"},
        "unknown": {"ns-denied"},
    }
    failed = next(f for f in results.findings if f.status is Status.FAIL)
    assert "orders-sender (Send)" in failed.message


def test_cosmos_key_age_from_keys_metadata_5_40(tmp_path: Path) -> None:
    resources = sources.source("cosmos_db").resources
    assert resources is not None

    def account(name: str, days_old: tuple[int, int, int, int] | None) -> dict[str, Any]:
        # Database Accounts - List By Resource Group (2025-04-15); keysMetadata as the
        # specification's DatabaseAccountKeysMetadata: generationTime per key.
        props: dict[str, Any] = {
            "provisioningState": "Succeeded",
            "databaseAccountOfferType": "Standard",
            "disableLocalAuth": False,
        }
        if days_old is not None:
            keys = (
                "primaryMasterKey",
                "secondaryMasterKey",
                "primaryReadonlyMasterKey",
                "secondaryReadonlyMasterKey",
            )
            props["keysMetadata"] = {
                k: {"generationTime": (AS_OF - timedelta(days=d)).strftime("%Y-%m-%dT%H:%M:%SZ")}
                for k, d in zip(keys, days_old, strict=True)
            }
        rid = f"/subscriptions/{SUB_A}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/{name}"
        return {
            "id": rid,
            "name": name,
            "location": "West Europe",
            "type": "Microsoft.DocumentDB/databaseAccounts",
            "kind": "GlobalDocumentDB",
            "properties": props,
        }

    items = [account("cosmos-fresh", (10, 20, 30, 40)), account("cosmos-stale", (10, 400, 30, 40))]
    cassette = write_cassette(tmp_path / "c.yaml", "rg-data", {resources.in_group: page(items)})
    results = run_checks(collect_group(cassette, "rg-data", {"cosmos_db": True}), "SE09-5.40")
    assert by_status(results) == {"pass": {"cosmos-fresh"}, "fail": {"cosmos-stale"}}
    stale = next(f for f in results.findings if f.status is Status.FAIL)
    assert "secondaryMasterKey 400 days old, over the 60-day maximum" in stale.message

"""The newer resource types give the same verdicts read through Resource Graph as through their
own Resource Manager lists.

One subscription whose caller may read it whole holds, for each type, a resource that passes its
checks and one that fails them (Cosmos DB, Service Bus, Event Hubs, Redis, Container Registry,
SQL, PostgreSQL and MySQL flexible servers, App Configuration, Azure AI services, AKS, Container
Apps and jobs, Automation, Data Factory, Logic Apps, API Management, Event Grid topics). It is
collected twice from replayed answers: once with each type's subscription-wide list
(``services_fixtures`` and ``stores_fixtures``, Microsoft's list shapes), once with those lists
left out and the same resources answered as Resource Graph rows, in the envelope of the
specification's examples (ResourcesFirstPageQuery.json / ResourcesNextPageQuery.json,
api-version 2024-04-01: ``totalRecords``, ``count``, ``resultTruncated``, ``facets``,
``$skipToken``, ``data``), where ``type`` and ``location`` are lower-cased. Child lists (named
values, linked services, authorization rules, ...) are read from Resource Manager both times.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import services_fixtures as sx
import stores_fixtures as fx
import yaml
from declared_cassette import Answer, _interaction, page
from snapshot_factory import run_checks
from test_collect_support import ARM, CANARY, SUB_A

from assess import sources
from assess.collect import CollectOptions, collect_snapshot
from assess.collectors.resourcegraph import COLUMNS
from assess.progress import NullProgress
from assess.snapshot import Snapshot
from assess.sources.authorization import (
    PERMISSIONS_SUBSCRIPTION,
    ROLE_ASSIGNMENTS_LIST,
    ROLE_DEFINITIONS_LIST,
)
from assess.sources.keyvault import VAULTS_LIST
from assess.sources.resourcegraph import QUERY
from assess.sources.resources import RESOURCE_GROUPS_LIST, SUBSCRIPTION_GET

GROUP = "rg-data"
VAULT = "https://kv-app-prod.vault.azure.net/secrets"
PLAIN = f"Server=tcp:sql-orders.database.windows.net;User ID=app;Password={CANARY}Zq9;"


def _cosmos(name: str, disable_local: bool | None) -> dict[str, Any]:
    """Cosmos DB, Database Accounts - List By Resource Group (CosmosDBDatabaseAccountListByResourceGroup.json,
    api-version 2025-04-15), one item, trimmed."""
    props: dict[str, Any] = {
        "provisioningState": "Succeeded",
        "databaseAccountOfferType": "Standard",
    }
    if disable_local is not None:
        props["disableLocalAuth"] = disable_local
    return {
        "id": f"/subscriptions/{SUB_A}/resourceGroups/{GROUP}/providers/"
        f"Microsoft.DocumentDB/databaseAccounts/{name}",
        "name": name,
        "location": "West US",
        "type": "Microsoft.DocumentDB/databaseAccounts",
        "kind": "GlobalDocumentDB",
        "tags": {},
        "properties": props,
    }


Children = Callable[[dict[str, Any]], list[Answer]]
"""The answers of a resource's child lists, in the order its source declares them."""


def _none(_: dict[str, Any]) -> list[Answer]:
    return []


def _estate() -> dict[str, tuple[list[dict[str, Any]], Children]]:
    """switch -> (a passing and a failing resource of its type, their child lists' answers)."""
    rules = {"RootManageSharedAccessKey": ["Listen", "Manage", "Send"]}

    def namespace_rules(item: dict[str, Any]) -> list[Answer]:
        return [page(sx.authorization_rule(item["id"], n, r) for n, r in rules.items())]

    def named_values(item: dict[str, Any]) -> list[Answer]:
        secret = item["name"].endswith("-fail")
        vault = None if secret else f"{VAULT}/k"
        value = sx.named_value(
            item["id"], "backend-key", secret=True, vault=vault, status="Success"
        )
        return [page([value]), page([])]  # its named values, then its backends

    def linked(item: dict[str, Any]) -> list[Answer]:
        conn = PLAIN if item["name"].endswith("-fail") else None
        extra = {"connectionString": conn} if conn else {"password": fx.key_vault_secret("pw")}
        return [page([fx.linked_service(item["id"], "sql", "SqlServer", **extra)])]

    def automation(item: dict[str, Any]) -> list[Answer]:
        leaked = item["name"].endswith("-fail")
        variable = fx.automation_variable(item["id"], "sql", PLAIN if leaked else None)
        return [page([variable]), page([])]

    def mysql(item: dict[str, Any]) -> list[Answer]:
        on = "OFF" if item["name"].endswith("-fail") else "ON"
        admin = fx.mysql_admin(item["id"], "dba-group@contoso.com")
        return [page([admin]), (200, fx.mysql_configuration(item["id"], "aad_auth_only", on))]

    return {
        "cosmos_db": ([_cosmos("cosmos-pass", True), _cosmos("cosmos-fail", None)], _none),
        "service_bus": (
            [
                sx.servicebus_namespace("sb-pass", GROUP, True),
                sx.servicebus_namespace("sb-fail", GROUP, None),
            ],
            namespace_rules,
        ),
        "event_hubs": (
            [
                sx.eventhub_namespace("evh-pass", GROUP, True),
                sx.eventhub_namespace("evh-fail", GROUP, False),
            ],
            namespace_rules,
        ),
        "redis": (
            [sx.redis_cache("redis-pass", GROUP, True), sx.redis_cache("redis-fail", GROUP, None)],
            _none,
        ),
        "container_registry": (
            [
                sx.container_registry("acrpass", GROUP, False),
                sx.container_registry("acrfail", GROUP, True),
            ],
            _none,
        ),
        "sql_servers": (
            [sx.sql_server("sql-pass", GROUP, True), sx.sql_server("sql-fail", GROUP, None)],
            _none,
        ),
        "postgresql": (
            [
                sx.postgresql_server("pg-pass", GROUP, "Disabled"),
                sx.postgresql_server("pg-fail", GROUP, "Enabled"),
            ],
            _none,
        ),
        "mysql": (
            [fx.mysql_server("mysql-pass", GROUP), fx.mysql_server("mysql-fail", GROUP)],
            mysql,
        ),
        "app_configuration": (
            [
                sx.app_configuration_store("appcs-pass", GROUP, True),
                sx.app_configuration_store("appcs-fail", GROUP, None),
            ],
            _none,
        ),
        "ai_services": (
            [
                sx.ai_services_account("ai-pass", GROUP, True),
                sx.ai_services_account("ai-fail", GROUP, None),
            ],
            _none,
        ),
        "aks": (
            [
                sx.aks_cluster("aks-pass", GROUP, True, csi=True, rotation="true"),
                sx.aks_cluster("aks-fail", GROUP, None, csi=True, rotation="false"),
            ],
            _none,
        ),
        "container_apps": (
            [
                sx.container_app("ca-pass", GROUP, {"db": f"{VAULT}/db"}),
                sx.container_app("ca-fail", GROUP, {"api-key": None}),
            ],
            _none,
        ),
        "container_app_jobs": (
            [
                sx.container_app_job("job-pass", GROUP, {"db": f"{VAULT}/db"}),
                sx.container_app_job("job-fail", GROUP, {"api-key": None}),
            ],
            _none,
        ),
        "automation": (
            [fx.automation_account("aa-pass", GROUP), fx.automation_account("aa-fail", GROUP)],
            automation,
        ),
        "data_factory": (
            [fx.data_factory("adf-pass", GROUP), fx.data_factory("adf-fail", GROUP)],
            linked,
        ),
        "logic_apps": (
            [
                fx.logic_workflow("wf-pass", GROUP, {"apiKey": ("SecureString", None)}),
                fx.logic_workflow("wf-fail", GROUP, {"conn": ("String", PLAIN)}),
            ],
            _none,
        ),
        "api_management": (
            [sx.apim_service("apim-pass", GROUP), sx.apim_service("apim-fail", GROUP)],
            named_values,
        ),
        "custom_topics": (
            [
                sx.eventgrid_topic("egt-pass", GROUP, True),
                sx.eventgrid_topic("egt-fail", GROUP, None),
            ],
            _none,
        ),
    }


def _row(item: dict[str, Any]) -> dict[str, Any]:
    """A list item as Resource Graph answers it: the projected columns, ``type`` lower-cased and
    ``location`` as its lower-case short name (ResourcesFirstPageQuery.json)."""
    row = {k: item[k] for k in COLUMNS if k in item}
    row["type"] = str(item["type"]).lower()
    if "location" in item:
        row["location"] = str(item["location"]).replace(" ", "").lower()
    return row


def _cassette(path: Path, *, graph: bool, bare: str = "") -> Path:
    """The estate's answers through Resource Manager's lists, or through Resource Graph; with
    ``bare``, that switch's rows come without ``properties`` and its list is recorded too."""
    sub = f"/subscriptions/{SUB_A}"
    group = {
        "id": f"{sub}/resourceGroups/{GROUP}",
        "name": GROUP,
        "type": "Microsoft.Resources/resourceGroups",
        "location": "westeurope",
        "properties": {"provisioningState": "Succeeded"},
    }
    reader = {"actions": ["*/read"], "notActions": [], "dataActions": [], "notDataActions": []}
    calls: list[tuple[str, str, Answer]] = [
        ("GET", SUBSCRIPTION_GET.url(ARM, subscription_id=SUB_A),
         (200, {"id": sub, "subscriptionId": SUB_A, "displayName": "Contoso Production"})),
        ("GET", RESOURCE_GROUPS_LIST.url(ARM, subscription_id=SUB_A), page([group])),
        ("GET", PERMISSIONS_SUBSCRIPTION.url(ARM, subscription_id=SUB_A), page([reader])),
        ("GET", VAULTS_LIST.url(ARM, subscription_id=SUB_A), page([])),
        ("GET", ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=SUB_A), page([])),
        ("GET", ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=SUB_A), page([])),
    ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    for switch, (items, children) in _estate().items():
        source = sources.source(switch)
        assert source.resources is not None
        # A list asked with $expand (Azure SQL's administrators) stays on Resource Manager.
        own = bool(source.resources.wide.query)
        if graph and not own:
            rows += [
                _row(item) | ({"properties": None} if switch == bare else {}) for item in items
            ]
        if not graph or switch == bare or own:
            calls.append(
                ("GET", source.resources.wide.url(ARM, subscription_id=SUB_A), page(items))
            )
        for item in items:
            for child, answer in zip(source.children, children(item), strict=True):
                calls.append(("GET", child.operation.url(ARM, resource_id=item["id"]), answer))
    if graph:
        rows.sort(key=lambda r: r["id"].lower())
        half = len(rows) // 2
        envelope = {"totalRecords": len(rows), "resultTruncated": "false", "facets": []}
        first = {**envelope, "count": half, "$skipToken": "eyAibm8iOiAibHVjayIgfQ==",
                 "data": rows[:half]}  # fmt: skip
        last = {**envelope, "count": len(rows) - half, "data": rows[half:]}
        url = QUERY.url(ARM)
        calls = [("POST", url, (200, first)), ("POST", url, (200, last)), *calls]
    interactions = [_interaction(method, uri, answer) for method, uri, answer in calls]
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}), encoding="utf-8")
    return path


def _collect(
    path: Path, *, graph: bool, bare: str = "", notes: list[str] | None = None
) -> Snapshot:
    switches = dict.fromkeys(_estate(), True)
    switches["resource_graph"] = graph
    options = CollectOptions(
        subscriptions=(SUB_A,), switches=switches, replay=_cassette(path, graph=graph, bare=bare)
    )
    progress = NullProgress()
    if notes is not None:
        progress.note = notes.append  # type: ignore[method-assign]
    return collect_snapshot(options, progress)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, Snapshot]:
    folder = tmp_path_factory.mktemp("graph")
    return _collect(folder / "arm.yaml", graph=False), _collect(folder / "graph.yaml", graph=True)


def _verdicts(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    names = {item["name"] for items, _ in _estate().values() for item in items}
    return {
        (f.check_id, f.resource_name): f.status.value
        for f in run_checks(snapshot).findings
        if f.resource_name in names
    }


def test_every_newer_type_gets_the_same_verdicts_through_resource_graph(
    both: tuple[Snapshot, Snapshot],
) -> None:
    arm, graph = both
    assert not arm.gaps and not graph.gaps
    through_arm, through_graph = _verdicts(arm), _verdicts(graph)
    assert through_graph == through_arm
    # Every type was judged, and each of its two resources got the verdict it was built for on
    # at least one check: the comparison is not between two empty estates.
    for items, _ in _estate().values():
        for item in items:
            wanted = "pass" if item["name"].endswith("pass") else "fail"
            got = {s for (_, name), s in through_graph.items() if name == item["name"]}
            assert wanted in got, (item["name"], got)


def test_the_rows_keep_the_types_own_casing_and_every_judged_property(
    both: tuple[Snapshot, Snapshot],
) -> None:
    arm, graph = both
    kinds = {kind for switch in _estate() for kind in sources.source(switch).records}
    compared = 0
    for kind in sorted(kinds):
        by_arm = {r.id: r.model_dump() for r in arm.records_of(kind)}
        by_graph = {r.id: r.model_dump() for r in graph.records_of(kind)}
        assert by_graph.keys() == by_arm.keys(), kind
        compared += len(by_arm)
        for rid, record in by_arm.items():
            seen = by_graph[rid]
            # The type as the source declares it; Resource Manager's lists vary its casing
            # (Microsoft.ContainerService/ManagedClusters), Resource Graph lower-cases it.
            assert seen["type"].lower() == record["type"].lower()
            assert seen["properties"] == record["properties"], (kind, rid)
    assert compared >= 2 * len(_estate())
    assert CANARY not in graph.model_dump_json()


def test_rows_without_properties_are_listed_through_resource_manager(
    both: tuple[Snapshot, Snapshot], tmp_path: Path
) -> None:
    # A row without its properties would read as every setting at its default (disableLocalAuth
    # absent: keys accepted), failing accounts that pass: that type is listed through Resource
    # Manager in that subscription instead, and the rest still come from Resource Graph.
    notes: list[str] = []
    bare = _collect(tmp_path / "bare.yaml", graph=True, bare="cosmos_db", notes=notes)
    assert _verdicts(bare) == _verdicts(both[0])
    assert ("SE09-3.4", "cosmos-pass") in _verdicts(bare)
    assert _verdicts(bare)[("SE09-3.4", "cosmos-pass")] == "pass"
    said = [n for n in notes if "without its properties" in n]
    assert len(said) == 1, notes
    assert "Microsoft.DocumentDB/databaseAccounts" in said[0]
    assert "through Resource Manager instead" in said[0]

"""Microsoft Graph: app registrations, service principals, principal names and group members,
read from recorded answers in the shapes Microsoft documents (Graph REST reference: list
applications, list servicePrincipals, passwordCredential, keyCredential, directoryObject getByIds,
group transitiveMembers, the error resource)."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml
from test_collect_support import UNIT

from assess.auth import OfflineCredential
from assess.cloud import AZURE_CHINA, AZURE_PUBLIC, AZURE_US_GOVERNMENT, Cloud, discover_cloud
from assess.collectors import GapSink
from assess.collectors import graph as g
from assess.engine import cause_of
from assess.replay import replay
from assess.snapshot import (
    AccessPolicy,
    DirectoryPrincipal,
    RoleAssignment,
    RoleDefinition,
    Snapshot,
    Vault,
    dumps,
)
from assess.sources import enabled, role_definition

GRAPH = "https://graph.microsoft.com"
SP = "33333333-0000-4000-8000-0000000000a1"
GROUP = "6f0c1d2e-0000-4000-8000-0000000000c1"
USER = "44444444-0000-4000-8000-0000000000d1"
DELETED = "44444444-0000-4000-8000-0000000000d9"


def _client() -> g.GraphClient:
    return g.GraphClient(
        GRAPH, OfflineCredential(), AZURE_PUBLIC.graph_scope, retry_total=2, retry_backoff=0.0
    )


def _read_all(cassette: str) -> tuple[g.GraphEvidence, GapSink]:
    sink = GapSink()
    with replay(UNIT / cassette), _client() as client:
        evidence = g.GraphEvidence(
            g.list_applications(client, sink),
            g.list_service_principals(client, sink),
            g.resolve_principals(client, sorted([SP, GROUP, USER, DELETED]), sink),
        )
        if cassette == "graph.yaml":
            evidence.groups = g.list_group_members(client, GROUP, sink)
    return evidence, sink


def test_app_registrations_are_read_over_every_page_with_their_credentials_dates() -> None:
    evidence, sink = _read_all("graph.yaml")
    assert not sink.gaps()
    apps = {a.display_name: a for a in evidence.applications}
    assert len(apps) == 3  # two on the first page, one behind @odata.nextLink
    build = apps["build-pipeline"]
    assert build.id == "/applications/11111111-0000-4000-8000-0000000000a1"
    assert [(c.kind, c.display_name) for c in build.credentials] == [
        ("secret", "ci-2025"),
        ("secret", "forever"),
    ]
    # Seven fractional digits (Graph's DateTimeOffset) and the year 9999 are read as given.
    assert build.credentials[0].end == datetime(2026, 9, 1, 10, 0, 0, 123456, tzinfo=UTC)
    assert build.credentials[1].end == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert build.federated_credentials == 0
    hostile = next(a for name, a in apps.items() if "Payroll" in name)
    assert hostile.display_name == "<img src=x onerror=alert(1)>Payroll \u202eexe.txt"
    no_start, old = hostile.credentials[1], hostile.credentials[0]
    assert no_start.start is None and no_start.end == datetime(2026, 12, 15, tzinfo=UTC)
    assert old.end == datetime(1999, 6, 30, tzinfo=UTC)
    deploy = apps["deploy-github"]
    assert deploy.federated_credentials == 1
    assert [(c.kind, c.usage) for c in deploy.credentials] == [("certificate", "Verify")]


def test_service_principals_are_read_after_a_throttled_answer() -> None:
    evidence, sink = _read_all("graph.yaml")
    assert not sink.gaps()  # the 429 with Retry-After was retried, then answered
    by_type = {s.service_principal_type: s for s in evidence.service_principals}
    assert set(by_type) == {"Application", "ManagedIdentity"}
    app_sp = by_type["Application"]
    assert [c.display_name for c in app_sp.credentials] == ["sp-side"]
    assert app_sp.owner_tenant_id == "00000000-0000-0000-0000-0000000000f0"


def test_principal_names_are_resolved_and_a_missing_one_is_a_deleted_principal() -> None:
    evidence, _ = _read_all("graph.yaml")
    found = {p.id: p for p in evidence.principals}
    assert found[SP].display_name == "build-pipeline"
    assert found[SP].object_type == "servicePrincipal"
    assert found[GROUP].object_type == "group"
    assert found[USER].display_name == "Alice Example"
    assert found[DELETED] == DirectoryPrincipal(id=DELETED, found=False)


def test_group_members_are_read_transitively() -> None:
    evidence, _ = _read_all("graph.yaml")
    (group,) = evidence.groups
    assert group.id == GROUP
    assert [(m.object_type, m.display_name) for m in group.members] == [
        ("servicePrincipal", "build-pipeline"),
        ("user", "Alice Example"),
        ("group", "grp-nested"),
    ]


def test_no_secret_value_or_hint_reaches_the_snapshot() -> None:
    evidence, _ = _read_all("graph.yaml")
    text = dumps(Snapshot(**evidence.fields()))  # type: ignore[arg-type]
    assert "Zq8" not in text  # every recorded hint is "Zq8": the first characters of a secret
    assert "hint" not in text.lower() and "secrettext" not in text.lower()


def test_recorded_graph_traffic_never_asks_for_a_value() -> None:
    for name in ("graph.yaml", "graph-denied.yaml"):
        data = yaml.safe_load((UNIT / name).read_text(encoding="utf-8"))
        for interaction in data["interactions"]:
            request = interaction["request"]
            uri = request["uri"]
            assert request["method"] == "GET" or uri.endswith("/directoryObjects/getByIds")
            assert "secretText" not in uri and "addPassword" not in uri
            assert "secretText" not in (request["body"] or "")


def test_without_graph_permission_every_kind_is_a_gap_naming_the_permission() -> None:
    evidence, sink = _read_all("graph-denied.yaml")
    assert evidence.applications == [] and evidence.principals == []
    gaps = {gap.kind: gap for gap in sink.gaps()}
    assert set(gaps) == {"entra_applications", "entra_service_principals", "principals"}
    apps = gaps["entra_applications"]
    assert (apps.scope, apps.status_code, apps.error_code) == (
        "/applications",
        403,
        "Authorization_RequestDenied",
    )
    assert cause_of(apps).permission == "Application.Read.All"
    assert cause_of(gaps["principals"]).permission == "Directory.Read.All"
    assert cause_of(apps).source == "graph"


def test_graph_permissions_stay_out_of_the_custom_azure_role() -> None:
    actions = role_definition(enabled({"graph": True}))["Actions"]
    assert not any(a.endswith(".All") for a in actions)


def test_each_cloud_reads_its_own_graph() -> None:
    assert AZURE_PUBLIC.graph_scope == "https://graph.microsoft.com/.default"
    assert AZURE_CHINA.graph_endpoint == "https://microsoftgraph.chinacloudapi.cn"
    assert AZURE_US_GOVERNMENT.graph_endpoint == "https://graph.microsoft.us"
    metadata = {
        "authentication": {
            "loginEndpoint": "https://login.example",
            "audiences": ["https://management.example/"],
        },
        "microsoftGraphResourceId": "https://graph.example/",
    }
    custom = discover_cloud("https://management.example", lambda url: metadata)
    assert custom.graph_endpoint == "https://graph.example"
    del metadata["microsoftGraphResourceId"]
    assert discover_cloud("https://management.example", lambda url: metadata).graph_endpoint == ""


def test_a_cloud_without_a_graph_endpoint_leaves_gaps_and_makes_no_call() -> None:
    cloud = Cloud("Custom", "https://management.example", "https://login.example", "x", "", "")
    assert (
        g.open_client(cloud, None, timeout_seconds=1, pool_size=1, retry_budget_seconds=1) is None
    )
    sink = GapSink()
    g.no_endpoint(cloud, sink)
    assert {gap.kind for gap in sink.gaps()} == set(g.GRAPH_KINDS)
    assert all(gap.error_code == "NoGraphEndpoint" for gap in sink.gaps())


def test_groups_are_expanded_only_where_they_reach_vault_data() -> None:
    secrets_user = RoleDefinition(
        id="/providers/Microsoft.Authorization/roleDefinitions/4633458b",
        guid="4633458b",
        role_name="Key Vault Secrets User",
        data_actions=("Microsoft.KeyVault/vaults/secrets/getSecret/action",),
    )
    reader = RoleDefinition(
        id="/providers/Microsoft.Authorization/roleDefinitions/acdd72a7",
        guid="acdd72a7",
        role_name="Reader",
        actions=("*/read",),
    )

    def assigned(principal: str, guid: str) -> RoleAssignment:
        return RoleAssignment(
            id=f"/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/{principal}",
            scope="/subscriptions/s",
            role_definition_id=guid,
            role_definition_guid=guid,
            principal_id=principal,
            principal_type="Group",
        )

    vault = Vault(
        id="/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
        name="kv",
        subscription_id="s",
        resource_group="rg",
        access_policies=(AccessPolicy(object_id="AP-GROUP", secrets=("get",)),),
    )
    policy_group = DirectoryPrincipal(id="ap-group", object_type="group")
    groups = g.vault_groups(
        [assigned("g-readers", "4633458b"), assigned("g-plain", "acdd72a7")],
        [secrets_user, reader],
        [vault],
        [policy_group],
    )
    assert groups == ["ap-group", "g-readers"]
    assert g.principal_ids([assigned("G-READERS", "4633458b")], [vault]) == [
        "ap-group",
        "g-readers",
    ]
    assert g.batches([str(i) for i in range(2001)])[2] == ("2000",)

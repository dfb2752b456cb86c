"""The collectors and the error parser on real recorded Azure traffic (replayed, read-only).

The recordings were made by other tools against older api-versions, so they replay with a matcher
that ignores ``api-version`` (and path case); everything else about each request must match.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from test_collect_support import EXAMPLES, RECORDINGS

from assess.collectors import GapSink, fetch_one
from assess.collectors._base import list_parsed
from assess.collectors.keyvault import parse_vault
from assess.collectors.monitor import list_diagnostic_settings, parse_diagnostic_setting
from assess.http import ApiError, ArmClient, PartialResponse, api_error
from assess.replay import cassette_from_testproxy, replay
from assess.sources.authorization import ROLE_DEFINITIONS_LIST
from assess.sources.keyvault import VAULTS_LIST_RG

pytestmark = pytest.mark.skipif(not RECORDINGS.is_dir(), reason="shared recordings not present")

ARM = "https://management.azure.com"
SUB0 = "00000000-0000-0000-0000-000000000000"
KV_RG = "test_vaults_test_vaults_operationsf9870e4e"
MONITOR_RG = "test_cli_mgmt_monitor_test_monitor_diagnostic_settings683f167c"


def _recorded_body(name: str, index: int) -> tuple[int, str]:
    data = yaml.safe_load((RECORDINGS / name).read_text())
    response = data["interactions"][index]["response"]
    return response["status"]["code"], response["body"]["string"]


def test_vault_list_by_group_pages_to_an_empty_page() -> None:
    url = VAULTS_LIST_RG.url(ARM, subscription_id=SUB0, resource_group=KV_RG)
    sink = GapSink()
    with (
        replay(RECORDINGS / "keyvault-mgmt-vaults-crud-list-paging.yaml", ignore_api_version=True),
        ArmClient(ARM, None, "") as client,
    ):
        vaults = list_parsed(client, VAULTS_LIST_RG, url, "/", "vaults", sink, parse_vault)
    assert not sink.gaps()
    assert [v.name for v in vaults] == ["pykvf9870e4e"]
    vault = vaults[0]
    assert vault.enable_soft_delete is True
    assert vault.sku == "standard"
    assert vault.access_policies == ()
    # Not in the recorded body: unknown, never False.
    assert vault.enable_purge_protection is None
    assert vault.enable_rbac_authorization is None
    assert vault.soft_delete_retention_days is None


def test_generic_resource_listing_of_vaults_leaves_properties_unknown() -> None:
    url = (
        f"{ARM}/subscriptions/{SUB0}/resources?$filter=resourceType%20eq%20"
        "%27Microsoft.KeyVault%2Fvaults%27&api-version=2015-11-01"
    )
    with (
        replay(RECORDINGS / "keyvault-mgmt-vaults-crud-list-paging.yaml", ignore_api_version=True),
        ArmClient(ARM, None, "") as client,
    ):
        items = client.list_all(url)
    vaults = [v for v in (parse_vault(i) for i in items) if v is not None]
    assert len(vaults) == len(items) > 1
    for vault in vaults:
        assert vault.resource_group and vault.subscription_id == SUB0
        assert vault.enable_soft_delete is None and vault.enable_purge_protection is None
        assert vault.network_acls is None and vault.sku is None


def test_role_definition_404_becomes_a_gap() -> None:
    url = (
        f"{ARM}/subscriptions/{SUB0}/providers/Microsoft.Authorization/roleDefinitions/"
        "7b266cd7-0bba-4ae2-8423-90ede5e1e898?api-version=2022-04-01"
    )
    sink = GapSink()
    with (
        replay(RECORDINGS / "authorization-role-definition-get-404.yaml", ignore_api_version=True),
        ArmClient(ARM, None, "") as client,
    ):
        body = fetch_one(
            client,
            url,
            ROLE_DEFINITIONS_LIST,
            f"/subscriptions/{SUB0}",
            ["role_definitions"],
            sink,
        )
    assert body is None
    (gap,) = sink.gaps()
    assert (gap.kind, gap.status_code, gap.error_code) == (
        "role_definitions",
        404,
        "RoleDefinitionDoesNotExist",
    )
    assert "7b266cd7-0bba-4ae2-8423-90ede5e1e898" in gap.message
    assert "HTTP 404 RoleDefinitionDoesNotExist" in gap.reason


def test_app_service_pascal_case_error_body_is_parsed() -> None:
    status, body = _recorded_body("web-serverfarm-create-site-404-pascalcase-error.yaml", 1)
    error = api_error(status, body, "GET Microsoft.Web/sites", "/subscriptions/x")
    assert error.status == 404
    assert error.code == "NotFound"
    assert error.message.startswith("Cannot find ServerFarm with name myappserviceplan")


def test_diagnostic_settings_category_syntax_from_a_real_recording() -> None:
    workflow = (
        f"/subscriptions/{SUB0}/resourcegroups/{MONITOR_RG}/providers/microsoft.logic/"
        "workflows/workflow683f167c"
    )
    sink = GapSink()
    with (
        replay(
            RECORDINGS / "monitor-diagnostic-settings-create-list-get-delete.yaml",
            ignore_api_version=True,
        ),
        ArmClient(ARM, None, "") as client,
    ):
        settings = list_diagnostic_settings(client, ARM, SimpleNamespace(id=workflow), sink)
    assert not sink.gaps()
    (setting,) = settings
    assert setting.resource_id == workflow
    assert [(log.category, log.category_group, log.enabled) for log in setting.logs] == [
        ("WorkflowRuntime", None, True)
    ]
    assert setting.workspace_id and setting.storage_account_id and setting.has_destination


def test_diagnostic_settings_category_group_syntax_from_the_published_example() -> None:
    example = json.loads(
        (EXAMPLES / "Microsoft.Insights" / "diagnostic-settings-list.json").read_text()
    )
    (item,) = example["responses"]["200"]["body"]["value"]
    setting = parse_diagnostic_setting(item, "/subscriptions/x/resourceGroups/y/providers/z/w/v")
    assert setting is not None
    assert [(log.category, log.category_group) for log in setting.logs] == [(None, "allLogs")]
    assert setting.workspace_id is None  # "" means no workspace
    assert setting.storage_account_id and setting.event_hub_authorization_rule_id


def _query(recording: str, tmp_path: Path) -> object:
    cassette = cassette_from_testproxy(RECORDINGS / recording, tmp_path / "query.yaml")
    url = f"https://api.loganalytics.io/v1/workspaces/{SUB0}/query"
    # A replay answers a log query only with the answer recorded for that query's text.
    entries = json.loads((RECORDINGS / recording).read_text(encoding="utf-8"))["Entries"]
    query = next(e["RequestBody"]["query"] for e in entries if e["RequestUri"].endswith("/query"))
    with replay(cassette), ArmClient("https://api.loganalytics.io", None, "") as client:
        return client.post_json(url, {"query": query})


def test_log_analytics_400_error_body_is_parsed(tmp_path: Path) -> None:
    with pytest.raises(ApiError) as caught:
        _query("loganalytics-query-400-semantic-error.testproxy.json", tmp_path)
    assert not isinstance(caught.value, PartialResponse)
    assert (caught.value.status, caught.value.code) == (400, "BadArgumentError")
    assert caught.value.message == "The request had some invalid properties"


def test_log_analytics_200_with_error_is_partial_not_complete(tmp_path: Path) -> None:
    with pytest.raises(PartialResponse) as caught:
        _query("loganalytics-query-200-partial-error.testproxy.json", tmp_path)
    assert (caught.value.status, caught.value.code) == (200, "PartialError")
    assert caught.value.body["tables"][0]["rows"] == [[2]]


def test_test_proxy_recording_replays_an_empty_list(tmp_path: Path) -> None:
    cassette = cassette_from_testproxy(
        RECORDINGS / "resources-list-by-resource-group-empty.testproxy.json", tmp_path / "rg.yaml"
    )
    url = f"https://Sanitized.azure.com/subscriptions/{SUB0}/resourceGroups/rgname/resources?api-version=2025-04-01"
    with replay(cassette) as played, ArmClient("https://Sanitized.azure.com", None, "") as client:
        assert client.list_all(url) == []
    assert played.all_played

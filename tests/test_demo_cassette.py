"""The demo tenant cassette: current, deterministic, replayable, and shaped like real Azure traffic.

The cassette is replayed by ``assess demo`` and by many tests. These tests walk it the way a
collector does (every URI built from the operations the sources declare, list pages followed by
``nextLink``), so a broken link, a missing call or an orphan interaction fails here rather than
in a collector test.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import requests
import vcr
import yaml

from assess import apis
from assess.collectors.authorization import parse_grant, permits
from assess.collectors.logs import activity_url
from assess.sources.authorization import (
    PERMISSIONS_SUBSCRIPTION,
    ROLE_ASSIGNMENTS_LIST,
    ROLE_DEFINITIONS_LIST,
)
from assess.sources.deployments import DEPLOYMENTS_LIST, DEPLOYMENTS_LIST_RG
from assess.sources.eventgrid import (
    EVENT_SUBSCRIPTIONS_LIST,
    SYSTEM_TOPICS_LIST,
    SYSTEM_TOPICS_LIST_RG,
)
from assess.sources.keyvault import (
    KEY_GET,
    KEY_VERSIONS_LIST,
    KEYS_LIST,
    MANAGED_HSMS_LIST,
    MANAGED_HSMS_LIST_RG,
    SECRETS_LIST,
    VAULTS_LIST,
    VAULTS_LIST_RG,
)
from assess.sources.keyvault_data import (
    CERTIFICATE_POLICY,
    CERTIFICATE_VERSIONS_LIST,
    CERTIFICATES_LIST,
    HSM_ROLE_ASSIGNMENTS_LIST,
    SECRET_VERSIONS_LIST,
)
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST
from assess.sources.network import PERIMETER_ASSOCIATIONS_LIST, PERIMETERS_LIST
from assess.sources.resources import (
    RESOURCE_GROUP_GET,
    RESOURCE_GROUPS_LIST,
    SUBSCRIPTION_GET,
    SUBSCRIPTIONS_LIST,
)
from assess.sources.security import DEFENDER_KEY_VAULT_PRICING
from assess.sources.storage import STORAGE_ACCOUNTS_LIST, STORAGE_ACCOUNTS_LIST_RG
from assess.sources.web import (
    APP_SETTINGS_LIST,
    CONNECTION_STRINGS_LIST,
    SITES_LIST,
    SITES_LIST_RG,
    SLOT_APP_SETTINGS_LIST,
    SLOT_CONFIG_NAMES,
    SLOT_CONNECTION_STRINGS_LIST,
    SLOTS_LIST,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "gen_demo_tenant.py"
CASSETTE = ROOT / "cassettes" / "demo-contoso.yaml"
ARM = "https://management.azure.com"
AS_OF = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
DAY = 86_400


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_demo_tenant", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
CANARY: str = gen.CANARY


@pytest.fixture(scope="module")
def cassette() -> dict[str, Any]:
    data = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def interactions(cassette: dict[str, Any]) -> list[dict[str, Any]]:
    return list(cassette["interactions"])


class Replay:
    """Plays the cassette like vcrpy does: by method + URI, identical requests in recorded order."""

    def __init__(self, interactions: list[dict[str, Any]]) -> None:
        self.interactions = interactions
        self.played: set[int] = set()

    def get(self, uri: str, method: str = "GET") -> tuple[int, dict[str, list[str]], Any]:
        for index, item in enumerate(self.interactions):
            request = item["request"]
            if index not in self.played and request["method"] == method and request["uri"] == uri:
                self.played.add(index)
                response = item["response"]
                return (
                    response["status"]["code"],
                    response["headers"],
                    json.loads(response["body"]["string"]),
                )
        raise AssertionError(f"no recorded response for {method} {uri}")

    def get_ok(self, uri: str) -> Any:
        """One call with the retry a collector makes on 429 (Retry-After honoured)."""
        status, headers, body = self.get(uri)
        if status == 429:
            assert headers.get("retry-after") == ["1"]
            status, headers, body = self.get(uri)
        return status, body

    def pages(self, uri: str) -> tuple[int, list[dict[str, Any]], int]:
        """Follow ``nextLink`` verbatim. Returns (status of first page, items, page count)."""
        status, body = self.get_ok(uri)
        if status != 200:
            return status, [], 1
        items = list(body["value"])
        count = 1
        while body.get("nextLink"):
            status, body = self.get_ok(body["nextLink"])
            assert status == 200
            items.extend(body["value"])
            count += 1
        return 200, items, count


@dataclass
class Listed:
    """A resource type listed like vaults: per subscription, one wide list where the permissions
    vouch for it, else one list per resource group."""

    wide_op: apis.Operation
    group_op: apis.Operation
    whole: dict[str, bool] = field(default_factory=dict)
    seen: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Per subscription, what a collection sees."""
    wide: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Per subscription, what the subscription-wide list answers."""
    by_group: dict[tuple[str, str], tuple[int, list[dict[str, Any]]]] = field(default_factory=dict)

    def all(self) -> list[dict[str, Any]]:
        return [item for items in self.seen.values() for item in items]


class Walk:
    """What a full ``--all-subscriptions`` collection reads, then every answer kept for other runs.

    The collection part follows the collector: per subscription the resource groups and the
    caller's permissions, then for vaults, sites and Event Grid system topics one
    subscription-wide list where those permissions grant their read action, else one list per
    resource group; per site its two settings lists (POST); per key vault topic its event
    subscriptions. The rest of the cassette serves runs limited to ``--resource-group`` (every
    group's GET, vault, site and topic list) and shows, for Production, what the
    subscription-wide lists would have said.
    """

    def __init__(self, interactions: list[dict[str, Any]]) -> None:
        self.replay = Replay(interactions)
        self.page_counts: dict[str, int] = {}
        self.subscriptions: list[dict[str, Any]] = []
        self.groups: dict[str, list[dict[str, Any]]] = {}
        self.permissions: dict[str, list[dict[str, Any]]] = {}
        self.lists_whole: dict[str, bool] = {}
        self.vaults: dict[str, list[dict[str, Any]]] = {}
        """Per subscription, the vaults a collection sees."""
        self.wide: dict[str, list[dict[str, Any]]] = {}
        """Per subscription, what the subscription-wide vault list answers."""
        self.vaults_by_group: dict[tuple[str, str], tuple[int, list[dict[str, Any]]]] = {}
        self.role_definitions: dict[str, list[dict[str, Any]]] = {}
        self.role_assignments: dict[str, list[dict[str, Any]]] = {}
        self.secrets: dict[str, list[dict[str, Any]]] = {}
        self.keys: dict[str, list[dict[str, Any]]] = {}
        self.diagnostics: dict[str, tuple[int, Any]] = {}
        self.sites = Listed(SITES_LIST, SITES_LIST_RG)
        self.topics = Listed(SYSTEM_TOPICS_LIST, SYSTEM_TOPICS_LIST_RG)
        self.accounts = Listed(STORAGE_ACCOUNTS_LIST, STORAGE_ACCOUNTS_LIST_RG)
        self.hsms = Listed(MANAGED_HSMS_LIST, MANAGED_HSMS_LIST_RG)
        self.settings: dict[str, dict[str, tuple[int, Any]]] = {}
        """Per site id, per settings list (``appsettings``, ``connectionstrings``): the answer."""
        self.event_subscriptions: dict[str, list[dict[str, Any]]] = {}
        """Per key vault topic id, its event subscriptions."""
        self.defender: dict[str, tuple[int, Any]] = {}
        """Per subscription, the answer for its Defender for Key Vault plan."""
        self.deployments: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        """Per subscription and per resource group id, its deployment history."""
        self.data_planes: dict[str, int] = {}
        """Per vault id, the status of its data plane's certificate list."""
        self._run()

    def _list(self, uri: str) -> tuple[int, list[dict[str, Any]]]:
        status, items, count = self.replay.pages(uri)
        self.page_counts[uri] = count
        return status, items

    def _group_list(self, sid: str, group: str) -> list[dict[str, Any]]:
        uri = VAULTS_LIST_RG.url(ARM, subscription_id=sid, resource_group=group)
        self.vaults_by_group[(sid, group)] = self._list(uri)
        status, vaults = self.vaults_by_group[(sid, group)]
        return vaults if status == 200 else []

    def _in_group(self, kind: Listed, sid: str, group: str) -> list[dict[str, Any]]:
        uri = kind.group_op.url(ARM, subscription_id=sid, resource_group=group)
        kind.by_group[(sid, group)] = self._list(uri)
        status, items = kind.by_group[(sid, group)]
        return items if status == 200 else []

    def _collect(self, kind: Listed, sid: str, grants: list[Any]) -> None:
        """What a collection reads of ``kind`` in one subscription."""
        kind.whole[sid] = permits(grants, kind.wide_op.permission)
        if kind.whole[sid]:
            _, kind.wide[sid] = self._list(kind.wide_op.url(ARM, subscription_id=sid))
            kind.seen[sid] = kind.wide[sid]
        else:
            groups = [g["name"] for g in self.groups[sid]]
            kind.seen[sid] = [item for g in groups for item in self._in_group(kind, sid, g)]

    def _rest(self, kind: Listed, sid: str) -> None:
        """The answers of ``kind`` kept for other runs (``--resource-group``, the wide list)."""
        if kind.whole[sid]:
            for group in self.groups[sid]:
                self._in_group(kind, sid, group["name"])
        else:
            _, kind.wide[sid] = self._list(kind.wide_op.url(ARM, subscription_id=sid))

    def _run(self) -> None:
        _, self.subscriptions = self._list(SUBSCRIPTIONS_LIST.url(ARM))
        for sub in self.subscriptions:
            sid = sub["subscriptionId"]
            status, body = self.replay.get_ok(SUBSCRIPTION_GET.url(ARM, subscription_id=sid))
            assert status == 200
            assert body == sub
        for sub in self.subscriptions:
            sid = sub["subscriptionId"]
            _, self.groups[sid] = self._list(RESOURCE_GROUPS_LIST.url(ARM, subscription_id=sid))
            status, self.permissions[sid] = self._list(
                PERMISSIONS_SUBSCRIPTION.url(ARM, subscription_id=sid)
            )
            assert status == 200
            grants = [parse_grant(item) for item in self.permissions[sid]]
            self.lists_whole[sid] = permits(grants, VAULTS_LIST.permission)
            if self.lists_whole[sid]:
                _, self.wide[sid] = self._list(VAULTS_LIST.url(ARM, subscription_id=sid))
                self.vaults[sid] = self.wide[sid]
            else:
                self.vaults[sid] = [
                    v for group in self.groups[sid] for v in self._group_list(sid, group["name"])
                ]
            _, self.role_definitions[sid] = self._list(
                ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=sid)
            )
            _, self.role_assignments[sid] = self._list(
                ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=sid)
            )
            for kind in (self.sites, self.topics, self.accounts, self.hsms):
                self._collect(kind, sid, grants)
            self.defender[sid] = self.replay.get_ok(
                DEFENDER_KEY_VAULT_PRICING.url(ARM, subscription_id=sid)
            )
            uri = DEPLOYMENTS_LIST.url(ARM, subscription_id=sid)
            self.deployments[f"/subscriptions/{sid}"] = self._list(uri)
            for group in self.groups[sid]:
                name = group["name"]
                uri = DEPLOYMENTS_LIST_RG.url(ARM, subscription_id=sid, resource_group=name)
                self.deployments[group["id"]] = self._list(uri)
        for site in self.sites.all():
            self.settings[site["id"]] = {
                op.path.split("/")[-2]: self.replay.get(op.url(ARM, scope=site["id"]), "POST")[::2]
                for op in (APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST)
            }
            _, slots = self._list(SLOTS_LIST.url(ARM, scope=site["id"]))
            if slots:
                assert self.replay.get_ok(SLOT_CONFIG_NAMES.url(ARM, scope=site["id"]))
            for slot in slots:
                for op in (SLOT_APP_SETTINGS_LIST, SLOT_CONNECTION_STRINGS_LIST):
                    self.replay.get(op.url(ARM, scope=slot["id"]), "POST")
        for topic in self.topics.all():
            if topic["properties"]["topicType"] == "microsoft.keyvault.vaults":
                uri = EVENT_SUBSCRIPTIONS_LIST.url(ARM, scope=topic["id"])
                _, self.event_subscriptions[topic["id"]] = self._list(uri)
        for vault in self.all_vaults:
            scope = vault["id"]
            _, self.secrets[scope] = self._list(SECRETS_LIST.url(ARM, scope=scope))
            _, self.keys[scope] = self._list(KEYS_LIST.url(ARM, scope=scope))
            for key in self.keys[scope]:
                assert self.replay.get_ok(KEY_GET.url(ARM, scope=key["id"]))[0] == 200
                self._list(KEY_VERSIONS_LIST.url(ARM, scope=key["id"]))
            status, body = self.replay.get_ok(DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=scope))
            self.diagnostics[scope] = (status, body)
        for hsm in self.hsms.all():
            assert self.replay.get_ok(DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=hsm["id"]))
            base = hsm["properties"]["hsmUri"].rstrip("/")
            self._list(HSM_ROLE_ASSIGNMENTS_LIST.url(base))
        # Each vault's data plane, on its own vaultUri: the certificate list; where it answers,
        # each certificate's policy and versions and each secret's versions.
        for vault in self.all_vaults:
            base = vault["properties"]["vaultUri"].rstrip("/")
            status, certificates = self._list(CERTIFICATES_LIST.url(base))
            self.data_planes[vault["id"]] = status
            if status != 200:
                continue
            for certificate in certificates:
                name = certificate["id"].rsplit("/", 1)[-1]
                assert self.replay.get_ok(CERTIFICATE_POLICY.url(base, name=name))[0] == 200
                self._list(CERTIFICATE_VERSIONS_LIST.url(base, name=name))
            for secret in self.secrets[vault["id"]]:
                self._list(SECRET_VERSIONS_LIST.url(base, name=secret["name"]))
        # A vault is secured by a perimeter: every subscription's perimeters and their
        # associations are read.
        for sub in self.subscriptions:
            uri = PERIMETERS_LIST.url(ARM, subscription_id=sub["subscriptionId"])
            for perimeter in self._list(uri)[1]:
                self._list(PERIMETER_ASSOCIATIONS_LIST.url(ARM, scope=perimeter["id"]))
        # Answers for other runs.
        for sub in self.subscriptions:
            sid = sub["subscriptionId"]
            for group in self.groups[sid]:
                one = RESOURCE_GROUP_GET.url(ARM, subscription_id=sid, resource_group=group["name"])
                assert self.replay.get_ok(one) == (200, group)
                if self.lists_whole[sid]:
                    self._group_list(sid, group["name"])
            if not self.lists_whole[sid]:
                _, self.wide[sid] = self._list(VAULTS_LIST.url(ARM, subscription_id=sid))
            for kind in (self.sites, self.topics, self.accounts, self.hsms):
                self._rest(kind, sid)
        # The logs: each subscription's queries (Key Vault audit events in both tables, the
        # application log sample) and its Activity Log.
        self.log_answers: list[tuple[int, Any]] = []
        for sub in self.subscriptions:
            sid = sub["subscriptionId"]
            uri = f"{LOG_ANALYTICS}/v1/subscriptions/{sid}/query"
            queries = sum(1 for i in self.replay.interactions if i["request"]["uri"] == uri)
            for _ in range(queries):
                status, _, body = self.replay.get(uri, "POST")
                self.log_answers.append((status, body))
            start, end = datetime.fromtimestamp(0, UTC), datetime.fromtimestamp(1, UTC)
            activity = _without_window(activity_url(ARM, sid, start, end))
            for item in self.replay.interactions:
                if _without_window(item["request"]["uri"]) == activity:
                    self.replay.get(item["request"]["uri"])

    @property
    def all_vaults(self) -> list[dict[str, Any]]:
        return [v for vaults in self.vaults.values() for v in vaults]


def _without_window(uri: str) -> str:
    """An Activity Log list's URI without its time bounds (the recording's are its own)."""
    return re.sub(r"eventTimestamp%20(ge|le)%20%27.*?%27", "", uri)


@pytest.fixture(scope="module")
def walk(interactions: list[dict[str, Any]]) -> Walk:
    return Walk(interactions)


def _json_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _json_paths(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _json_paths(child, (*path, index))


# ---- the file itself --------------------------------------------------------------------------


def test_committed_cassette_matches_a_fresh_render() -> None:
    assert CASSETTE.read_text(encoding="utf-8") == gen.render(), (
        "cassettes/demo-contoso.yaml is stale: run python scripts/gen_demo_tenant.py"
    )


def test_generator_is_byte_identical_across_processes(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"demo-{seed}.yaml"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, str(SCRIPT), "--output", str(target)],
            check=True,
            capture_output=True,
            env=env,
        )
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == CASSETTE.read_bytes()


def test_check_mode_fails_on_a_stale_cassette(tmp_path: Path) -> None:
    stale = tmp_path / "stale.yaml"
    stale.write_text(CASSETTE.read_text(encoding="utf-8").replace("kv-orders-prod", "kv-other"))
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--output", str(stale)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "stale" in result.stderr
    ok = subprocess.run(
        [sys.executable, str(SCRIPT), "--check", "--output", str(CASSETTE)], capture_output=True
    )
    assert ok.returncode == 0


def test_cassette_is_vcrpy_version_1(cassette: dict[str, Any]) -> None:
    assert cassette["version"] == 1
    for item in cassette["interactions"]:
        assert set(item["request"]) == {"body", "headers", "method", "uri"}
        assert set(item["response"]) == {"body", "headers", "status"}
        assert set(item["response"]["status"]) == {"code", "message"}


LOG_ANALYTICS = "https://api.loganalytics.io"


def test_every_request_is_an_unauthenticated_read_to_resource_manager_or_graph(
    interactions: list[dict[str, Any]],
) -> None:
    posts = queries = 0
    for item in interactions:
        request = item["request"]
        headers = {name.lower() for name in request["headers"]}
        assert "authorization" not in headers
        if request["uri"].startswith(LOG_ANALYTICS + "/"):  # log queries: a query, no value
            assert request["method"] == "POST", request["uri"]
            assert request["uri"].endswith("/query"), request["uri"]
            assert set(json.loads(request["body"])) == {"query", "timespan", "workspaces"}
            queries += 1
            continue
        if request["method"] == "POST":  # only the documented list actions
            path = request["uri"].split("?", 1)[0]
            assert path.endswith(apis.READ_POSTS), request["uri"]
            posts += 1
        else:
            assert request["method"] == "GET"
        assert request["body"] is None
        uri = request["uri"]
        assert uri.startswith((ARM + "/", "https://graph.microsoft.com/v1.0/")) or _data_plane(uri)
        # No Graph call can return a secret's value: none creates one, none selects one.
        assert "addPassword" not in request["uri"] and "secretText" not in request["uri"]
        assert "login.microsoftonline.com" not in request["uri"]
        headers = {name.lower() for name in request["headers"]}
        assert "authorization" not in headers
    assert posts > 0 and queries > 0
    text = CASSETTE.read_text(encoding="utf-8")
    assert "Bearer" not in text
    assert "access_token" not in text


def test_bodies_are_json_with_realistic_headers(interactions: list[dict[str, Any]]) -> None:
    for item in interactions:
        response = item["response"]
        text = response["body"]["string"]
        json.loads(text)
        headers = response["headers"]
        if item["request"]["uri"].startswith(gen.GRAPH):  # Microsoft Graph's own headers
            assert headers["content-type"][0].startswith("application/json;odata.metadata=")
            assert headers["request-id"][0] and headers["date"][0].endswith(" GMT")
            continue
        assert headers["content-type"] == ["application/json; charset=utf-8"]
        assert headers["content-length"] == [str(len(text.encode("utf-8")))]
        assert headers["x-ms-request-id"][0]
        assert headers["date"][0].endswith(" GMT")
        if _data_plane(item["request"]["uri"]):  # Key Vault answers with its own headers
            assert headers["x-ms-keyvault-service-version"][0]
        else:
            assert any(name.startswith("x-ms-ratelimit-remaining-") for name in headers)


def _data_plane(uri: str) -> bool:
    """A vault's or Managed HSM's own host, under the public cloud's suffixes."""
    host = uri.split("/")[2]
    return host.endswith((".vault.azure.net", ".managedhsm.azure.net"))


def test_the_data_planes_answer_or_refuse_as_the_demo_intends(walk: Walk) -> None:
    refused = {vault_id.rsplit("/", 1)[-1] for vault_id, s in walk.data_planes.items() if s != 200}
    assert refused == {"kv-contoso-shared"}


# ---- replay through vcrpy ---------------------------------------------------------------------


def test_vcrpy_replays_paging_and_the_throttled_retry(tmp_path: Path) -> None:
    recorder = vcr.VCR(record_mode="none", match_on=["method", "uri"])
    with recorder.use_cassette(str(CASSETTE)):
        first = requests.get(VAULTS_LIST.url(ARM, subscription_id=gen.PROD_SUB), timeout=5)
        assert first.status_code == 200
        names = [v["name"] for v in first.json()["value"]]
        link = first.json().get("nextLink")
        pages = 1
        while link:
            page = requests.get(link, timeout=5)
            assert page.status_code == 200
            names += [v["name"] for v in page.json()["value"]]
            link = page.json().get("nextLink")
            pages += 1
        assert pages == 3
        assert "KV-Contoso-Legacy" in names

        groups = RESOURCE_GROUPS_LIST.url(ARM, subscription_id=gen.DEV_SUB)
        throttled = requests.get(groups, timeout=5)
        assert throttled.status_code == 429
        assert throttled.headers["Retry-After"] == "1"
        assert throttled.json()["error"]["code"] == "SubscriptionRequestsThrottled"
        retried = requests.get(groups, timeout=5)
        assert retried.status_code == 200
        assert retried.json()["value"]


# ---- the estate, as a collector sees it -------------------------------------------------------


def test_walk_reaches_every_interaction_and_nothing_else(
    walk: Walk, interactions: list[dict[str, Any]]
) -> None:
    orphans = [
        interactions[i]["request"]["uri"]
        for i in range(len(interactions))
        if i not in walk.replay.played
        and not interactions[i]["request"]["uri"].startswith(gen.GRAPH)  # see test_collect_graph
    ]
    assert orphans == []


def test_counts(walk: Walk) -> None:
    assert len(walk.subscriptions) >= 2
    names = {s["displayName"] for s in walk.subscriptions}
    assert {"Contoso Production", "Contoso Development"} <= names
    assert len(walk.all_vaults) >= 8
    items = sum(len(v) for v in walk.secrets.values()) + sum(len(v) for v in walk.keys.values())
    assert items >= 60


def test_paging_has_a_three_page_list_and_an_empty_last_page(
    walk: Walk, interactions: list[dict[str, Any]]
) -> None:
    assert max(walk.page_counts.values()) >= 3
    legacy = next(v for v in walk.all_vaults if v["name"] == "KV-Contoso-Legacy")
    assert walk.page_counts[SECRETS_LIST.url(ARM, scope=legacy["id"])] == 3
    empty_last = [
        item
        for item in interactions
        if "$skiptoken=" in item["request"]["uri"]
        and json.loads(item["response"]["body"]["string"]) == {"value": []}
    ]
    assert empty_last


def test_subscription_list_hides_the_denied_group_that_per_group_listing_reveals(
    walk: Walk,
) -> None:
    denied = []
    for (sid, group), (status, vaults) in walk.vaults_by_group.items():
        listed = {
            v["id"].lower()
            for v in walk.wide[sid]
            if f"/resourcegroups/{group.lower()}/" in v["id"].lower()
        }
        if status == 403:
            denied.append(group)
            assert listed == set()  # the wide list says nothing, not even an error
        else:
            assert status == 200
            assert {v["id"].lower() for v in vaults} == listed
    assert denied == ["rg-finance-prod"]
    denied_uri = VAULTS_LIST_RG.url(
        ARM, subscription_id=gen.PROD_SUB, resource_group="rg-finance-prod"
    )
    status, _, body = Replay(walk.replay.interactions).get(denied_uri)
    assert status == 403
    assert body["error"]["code"] == "AuthorizationFailed"
    assert "Microsoft.KeyVault/vaults/read" in body["error"]["message"]


def test_permissions_decide_how_each_subscription_is_listed(walk: Walk) -> None:
    # Production: the assessor reads group by group, so one wide list could not vouch for all.
    assert walk.lists_whole == {gen.PROD_SUB: False, gen.DEV_SUB: True, gen.SHARED_SUB: True}
    for kind in (walk.sites, walk.topics, walk.accounts):
        assert kind.whole == walk.lists_whole
    (prod,) = walk.permissions[gen.PROD_SUB]
    assert "Microsoft.Resources/subscriptions/resourceGroups/read" in prod["actions"]
    assert prod.keys() == {"actions", "notActions", "dataActions", "notDataActions"}
    for sid in (gen.DEV_SUB, gen.SHARED_SUB):
        assert [p["actions"] for p in walk.permissions[sid]] == [
            ["*/read"],
            ["Microsoft.Web/sites/read", "Microsoft.Web/sites/config/list/Action"],
        ]
    # The permissions match the role assignments: Reader on every production group but one.
    readers = {
        a["properties"]["scope"].rsplit("/", 1)[-1]
        for a in walk.role_assignments[gen.PROD_SUB]
        if a["properties"]["principalId"] == gen.oid("sp-assessor")
        and a["properties"]["roleDefinitionId"].endswith(gen.READER)
    }
    groups = {g["name"] for g in walk.groups[gen.PROD_SUB]}
    assert readers == groups - {"rg-finance-prod"}


def test_the_demo_reports_the_hidden_group_as_unknown_on_every_check_that_reads_it() -> None:
    from test_collect_support import builtin_registry

    from assess.collect import collect_snapshot, options_from_config
    from assess.config import Config
    from assess.model import Status
    from assess.progress import NullProgress
    from assess.results import build_results

    snapshot = collect_snapshot(
        options_from_config(Config(), replay=CASSETTE, all_subscriptions=True),
        NullProgress(),
    )
    assert snapshot.scope.complete_vault_lists == tuple(sorted((gen.DEV_SUB, gen.SHARED_SUB)))
    results = build_results(
        snapshot, builtin_registry(), Config(), datetime(2026, 11, 1, tzinfo=UTC)
    )
    finance = f"/subscriptions/{gen.PROD_SUB}/resourceGroups/rg-finance-prod".lower()
    on_finance = {f.check_id: f for f in results.findings if f.resource_id.lower() == finance}
    # Every check that reads the group's vaults or sites, or what is in them, has one unknown
    # finding there.
    kinds = {"vaults", "secrets", "keys", "diagnostic_settings", "web_apps", "app_settings"}
    kinds |= {"storage_accounts", "deployments", "managed_hsms", "key_details", "key_versions"}
    kinds |= {"certificates", "certificate_policies", "certificate_versions", "secret_versions"}
    # (A check that also needs evidence the demo does not collect, such as a code scan, is
    # "not collected" everywhere instead.)
    collected = set(snapshot.collected)  # a check whose source is off is unknown everywhere
    reads_group = {
        meta.id
        for meta in results.catalog
        if kinds & set(meta.requires) and set(meta.requires) <= collected
    }
    assert {"SE09-2.1", "SE09-5.1", "SE09-7.2", "SE09-2.3", "SE09-3.3", "SE09-6.1"} <= reads_group
    assert set(on_finance) == reads_group
    for finding in on_finance.values():
        assert finding.status is Status.UNKNOWN
        assert "HTTP 403 AuthorizationFailed" in finding.reason
    assert results.scores.coverage is not None and results.scores.coverage < 100


def test_sites_are_listed_like_vaults_and_some_settings_are_refused(walk: Walk) -> None:
    by_sub = {sid: {s["name"] for s in sites} for sid, sites in walk.sites.seen.items()}
    # Production is read group by group: the denied group's list is a 403, not a silent gap.
    assert "app-finance-reports-prod" not in by_sub[gen.PROD_SUB]
    status, _ = walk.sites.by_group[(gen.PROD_SUB, "rg-finance-prod")]
    assert status == 403
    assert {s["name"] for s in walk.sites.wide[gen.PROD_SUB]} == by_sub[gen.PROD_SUB]
    assert sum(len(v) for v in by_sub.values()) >= 8
    kinds = {s["kind"] for s in walk.sites.all()}
    assert {"app", "app,linux", "functionapp", "functionapp,linux"} <= kinds
    identities = {(s.get("identity") or {}).get("type") for s in walk.sites.all()}
    assert {None, "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned"} <= identities
    # Settings: read where the assessor holds the auditor role, refused where it holds Reader.
    refused = sorted(
        site.rsplit("/", 1)[-1]
        for site, lists in walk.settings.items()
        if {status for status, _ in lists.values()} == {403}
    )
    assert refused == ["app-legacy-intranet"]
    for site, lists in walk.settings.items():
        for name, (status, body) in lists.items():
            if status == 200:
                assert body["id"] == f"{site}/config/{name}"
                assert body["type"] == "Microsoft.Web/sites/config"
                if name == "connectionstrings":
                    assert all(v.keys() == {"value", "type"} for v in body["properties"].values())
                else:
                    assert all(isinstance(v, str) for v in body["properties"].values())


def test_topics_are_listed_like_vaults_and_only_vault_topics_are_opened(walk: Walk) -> None:
    status, _ = walk.topics.by_group[(gen.PROD_SUB, "rg-finance-prod")]
    assert status == 403
    seen = walk.topics.all()
    kinds = {t["properties"]["topicType"] for t in seen}
    assert kinds == {"microsoft.keyvault.vaults", "microsoft.storage.storageaccounts"}
    vault_ids = {v["id"].lower() for v in walk.all_vaults}
    for topic in seen:
        if topic["properties"]["topicType"] == "microsoft.keyvault.vaults":
            assert topic["properties"]["source"].lower() in vault_ids
            assert topic["id"] in walk.event_subscriptions
        else:
            assert topic["id"] not in walk.event_subscriptions
    subs = [s for v in walk.event_subscriptions.values() for s in v]
    assert {s["properties"]["provisioningState"] for s in subs} == {"Succeeded", "Failed"}
    assert any("includedEventTypes" not in s["properties"]["filter"] for s in subs)


def test_defender_plans_one_per_subscription_one_refused(walk: Walk) -> None:
    answers = {sid: (status, body) for sid, (status, body) in walk.defender.items()}
    assert answers[gen.PROD_SUB][0] == 403  # the assessor cannot read pricings there
    assert "Microsoft.Security/pricings/read" in answers[gen.PROD_SUB][1]["error"]["message"]
    tiers = {
        sid: body["properties"]["pricingTier"] for sid, (s, body) in answers.items() if s == 200
    }
    assert tiers == {gen.DEV_SUB: "Free", gen.SHARED_SUB: "Standard"}
    for status, body in answers.values():
        if status == 200:
            assert body["properties"]["enforce"] == "False"  # a string, as published


def test_storage_accounts_report_key_ages_not_keys(walk: Walk) -> None:
    status, _ = walk.accounts.by_group[(gen.PROD_SUB, "rg-finance-prod")]
    assert status == 403
    seen = {a["name"]: a["properties"] for a in walk.accounts.all()}
    assert "stfinancereports" not in seen
    assert "keyCreationTime" not in seen["stlegacybackup"]  # an old account: not reported
    assert seen["stplatformevents"]["allowSharedKeyAccess"] is False
    assert all("keys" not in props for props in seen.values())  # never listKeys
    ages = {
        name: (AS_OF - int(datetime.fromisoformat(p["keyCreationTime"]["key1"]).timestamp())) // DAY
        for name, p in seen.items()
        if "keyCreationTime" in p
    }
    assert ages["stpaymentsfuncprod"] > 400 and ages["stordersprod"] < 90


def test_deployment_history_holds_plain_secure_and_linked_values(walk: Walk) -> None:
    prod_history = walk.deployments[f"/subscriptions/{gen.PROD_SUB}"]
    assert prod_history[0] == 403  # no resource read at Production's subscription scope
    finance = f"/subscriptions/{gen.PROD_SUB}/resourceGroups/rg-finance-prod"
    assert walk.deployments[finance][0] == 403
    items = [d for status, ds in walk.deployments.values() if status == 200 for d in ds]
    params = [p for d in items for p in d["properties"]["parameters"].values()]
    assert {"type": "SecureString"} in params  # a secure parameter keeps no value
    assert any(p["type"] == "String" and CANARY in p["value"] for p in params)
    assert any(
        "sig=" in d["properties"].get("templateLink", {}).get("queryString", "") for d in items
    )
    assert any(d["properties"]["outputs"] for d in items)


def test_the_demo_judges_near_expiry_automation_per_vault() -> None:
    from test_collect_support import builtin_registry

    from assess.collect import collect_snapshot, options_from_config
    from assess.config import Config
    from assess.progress import NullProgress
    from assess.results import build_results

    snapshot = collect_snapshot(
        options_from_config(Config(), replay=CASSETTE, all_subscriptions=True), NullProgress()
    )
    results = build_results(
        snapshot, builtin_registry(), Config(), datetime(2026, 11, 1, tzinfo=UTC)
    )
    found: dict[str, set[str]] = {}
    for f in results.findings:
        if f.check_id == "SE09-6.2":
            found.setdefault(f.status.value, set()).add(f.resource_id.rsplit("/", 1)[-1])
    assert found == {
        "pass": {"kv-payments-prod", "kv-contoso-shared"},
        "fail": {
            "kv-identity-prod",
            "kv-payments-dev",
            "kv-ci-dev",
            "kv-sandbox-dev",
            "kv-analytics-shared",
        },
        # Production's topic lists miss rg-finance-prod: a topic there could serve these.
        "unknown": {"kv-orders-prod", "KV-Contoso-Legacy", "kv-platform-prod", "rg-finance-prod"},
    }


def test_the_demo_finds_credentials_pinned_versions_and_missing_identities() -> None:
    from test_collect_support import builtin_registry

    from assess.collect import collect_snapshot, options_from_config
    from assess.config import Config
    from assess.model import Status
    from assess.progress import NullProgress
    from assess.results import build_results

    snapshot = collect_snapshot(
        options_from_config(Config(), replay=CASSETTE, all_subscriptions=True),
        NullProgress(),
    )
    results = build_results(
        snapshot, builtin_registry(), Config(), datetime(2026, 11, 1, tzinfo=UTC)
    )

    def named(check: str, status: Status) -> set[str]:
        return {
            f.resource_id.rsplit("/", 1)[-1]
            for f in results.findings
            if f.check_id == check and f.status is status
        }

    assert named("SE09-2.3", Status.FAIL) == {
        "func-payments-webhooks-prod",
        "app-orders-prod",
        "app-payments-dev",
        "app-sandbox-playground",
    }
    assert named("SE09-6.1", Status.FAIL) == {"func-payments-webhooks-prod", "app-orders-prod"}
    # No identity at all; and an identity, but not the one that resolves the references.
    assert named("SE09-3.3", Status.FAIL) == {"app-identity-portal-prod", "func-ci-hooks-dev"}
    status = {
        a.name: (a.identity_type, a.key_vault_reference_identity, a.user_assigned_identities)
        for a in snapshot.web_apps
    }
    uami = status["app-orders-prod"][2]
    assert len(uami) == 1 and status["app-orders-prod"][1] == uami[0]
    assert status["func-ci-hooks-dev"][:2] == ("UserAssigned", "SystemAssigned")
    for check in ("SE09-2.3", "SE09-3.3", "SE09-6.1"):
        assert named(check, Status.UNKNOWN) == {"app-legacy-intranet", "rg-finance-prod"}
    # Look-alikes are not credentials: an Application Insights connection string, a
    # placeholder password, a managed-identity SQL connection string, Key Vault references.
    plain = {s.name for s in snapshot.app_settings if s.value_kind == "plain"}
    assert {"APPLICATIONINSIGHTS_CONNECTION_STRING", "Debug__AdminPassword", "PaymentsDb"} <= plain


def test_vaults_cover_the_deliberate_mix(walk: Walk) -> None:
    props = {v["name"]: v["properties"] for v in walk.all_vaults}
    assert any(p.get("enableSoftDelete") is True for p in props.values())
    assert any("enableSoftDelete" not in p for p in props.values())
    assert {p.get("enablePurgeProtection", "absent") for p in props.values()} >= {
        True,
        False,
        "absent",
    }
    assert {p.get("enableRbacAuthorization", "absent") for p in props.values()} >= {
        True,
        False,
        "absent",
    }
    assert any(p.get("publicNetworkAccess") == "Disabled" for p in props.values())
    assert any(p.get("networkAcls", {}).get("defaultAction") == "Deny" for p in props.values())
    assert any("networkAcls" not in p and "publicNetworkAccess" not in p for p in props.values())
    assert any(p.get("privateEndpointConnections") for p in props.values())
    policies = [pol for p in props.values() for pol in p["accessPolicies"]]
    assert any(
        {"get", "list"} <= {x.lower() for x in pol["permissions"]["secrets"]} for pol in policies
    )
    for vault in walk.all_vaults:
        assert vault["id"].split("/")[3] == "resourceGroups"
        assert (
            vault["properties"]["vaultUri"] == f"https://{vault['name'].lower()}.vault.azure.net/"
        )
    environments = {v["tags"].get("environment") for v in walk.all_vaults}
    assert {"prod", "dev"} <= environments


def test_diagnostic_settings_shapes(walk: Walk) -> None:
    statuses = [status for status, _ in walk.diagnostics.values()]
    assert statuses.count(403) == 1
    settings = [
        s for status, body in walk.diagnostics.values() if status == 200 for s in body["value"]
    ]
    logs = [entry for s in settings for entry in s["properties"]["logs"]]
    assert any(entry["category"] == "AuditEvent" and entry["enabled"] for entry in logs)
    assert any(entry["categoryGroup"] == "allLogs" for entry in logs)
    assert any(entry["category"] == "AuditEvent" and not entry["enabled"] for entry in logs)
    assert any(
        not s["properties"]["workspaceId"] and not s["properties"]["storageAccountId"]
        for s in settings
    )
    assert any(
        s["type"] is None and s["properties"]["logAnalyticsDestinationType"] is None
        for s in settings
    )
    assert all(
        s["id"] == s["id"].lower().replace("diagnosticsettings", "diagnosticSettings")
        for s in settings
    )
    assert any(body == {"value": []} for status, body in walk.diagnostics.values() if status == 200)


def test_secret_and_key_dates_are_epoch_seconds_around_the_demo_clock(walk: Walk) -> None:
    items = [i for v in walk.secrets.values() for i in v] + [
        i for v in walk.keys.values() for i in v
    ]
    expiries = []
    for item in items:
        attrs = item["properties"]["attributes"]
        for name in ("created", "updated", "exp", "nbf"):
            if name in attrs:
                assert isinstance(attrs[name], int)
        assert attrs["created"] < AS_OF
        assert attrs["updated"] >= attrs["created"]
        expiries.append((attrs.get("exp"), attrs["enabled"]))
    assert any(exp is None for exp, _ in expiries)
    assert any(exp is not None and exp < AS_OF for exp, _ in expiries)
    assert any(exp is not None and AS_OF < exp < AS_OF + 30 * DAY for exp, _ in expiries)
    assert any(exp is not None and exp > AS_OF + 90 * DAY for exp, _ in expiries)
    assert any(not enabled for _, enabled in expiries)
    ages = [(AS_OF - i["properties"]["attributes"]["created"]) // DAY for i in items]
    assert min(ages) < 30
    assert max(ages) > 3 * 365


def test_role_definitions_and_risky_assignments(walk: Walk) -> None:
    prod, dev = gen.PROD_SUB, gen.DEV_SUB
    definitions = {d["name"]: d for d in walk.role_definitions[prod]}
    for builtin in (
        gen.OWNER,
        gen.CONTRIBUTOR,
        gen.READER,
        gen.USER_ACCESS_ADMIN,
        gen.KV_SECRETS_USER,
    ):
        assert definitions[builtin]["properties"]["type"] == "BuiltInRole"
        assert definitions[builtin]["properties"]["permissions"][0].keys() >= {
            "actions",
            "notActions",
            "dataActions",
            "notDataActions",
        }
    custom = {
        d["properties"]["roleName"]: d["properties"]
        for d in definitions.values()
        if d["properties"]["type"] == "CustomRole"
    }
    assert set(custom) == {
        "Contoso Key Vault Operator",
        "Contoso Assessment Scope Reader",
        "Contoso App Settings Auditor",
    }
    assert (
        "Microsoft.KeyVault/*" in custom["Contoso Key Vault Operator"]["permissions"][0]["actions"]
    )
    assert custom["Contoso Assessment Scope Reader"]["assignableScopes"] == [
        f"/subscriptions/{prod}"
    ]

    def grants(sid: str) -> set[tuple[str, str, str]]:
        return {
            (
                a["properties"]["principalId"],
                a["properties"]["roleDefinitionId"].rsplit("/", 1)[-1],
                a["properties"]["scope"],
            )
            for a in walk.role_assignments[sid]
        }

    prod_scope = f"/subscriptions/{prod}"
    assert (gen.oid("sp-payments-api"), gen.CONTRIBUTOR, prod_scope) in grants(prod)
    assert (gen.oid("grp-platform-admins"), gen.OWNER, prod_scope) in grants(prod)
    assert (gen.oid("alice@contoso.example"), gen.KV_ADMINISTRATOR, prod_scope) in grants(prod)
    crossover = gen.oid("mi-payments")
    assert (crossover, gen.KV_SECRETS_USER, gen.vault_id("kv-payments-prod")) in grants(prod)
    assert (crossover, gen.KV_SECRETS_USER, gen.vault_id("kv-payments-dev")) in grants(dev)
    # Every assignment resolves to a listed definition, by trailing GUID.
    for sid in (prod, dev):
        known = {d["name"] for d in walk.role_definitions[sid]}
        assert {g[1] for g in grants(sid)} <= known


def test_hostile_text_is_present_in_tags(walk: Walk) -> None:
    tag_values = [value for v in walk.all_vaults for value in v["tags"].values()]
    assert "<img src=x onerror=alert(1)>" in tag_values
    assert any("<script>alert(1)</script>" in value for value in tag_values)


def test_canary_is_planted_only_where_a_secret_value_could_be(
    interactions: list[dict[str, Any]],
) -> None:
    found = []
    for item in interactions:
        uri = item["request"]["uri"]
        body = json.loads(item["response"]["body"]["string"])
        for path, value in _json_paths(body):
            if isinstance(value, str) and CANARY in value:
                found.append((uri, path))
        assert CANARY not in uri
        assert CANARY not in json.dumps(item["response"]["headers"])
    assert len(found) >= 2
    in_settings = 0
    for uri, path in found:
        if "/Microsoft.Resources/deployments/?" in uri:  # a plain parameter's value
            assert path[0] == "value" and path[2:4] == ("properties", "parameters")
            assert path[-1] == "value"
        elif "/config/appsettings/list?" in uri:  # {"properties": {NAME: VALUE}}
            assert path[0] == "properties" and len(path) == 2
            in_settings += 1
        elif "/config/connectionstrings/list?" in uri:  # {"properties": {NAME: {"value": ...}}}
            assert path[0] == "properties" and path[2:] == ("value",)
            in_settings += 1
        else:
            assert "/secrets?" in uri
            assert path[0] == "value"
            assert path[2:] == ("properties", "value")
    assert in_settings >= 2


def test_a_replayed_collection_keeps_the_canary_out_of_the_snapshot() -> None:
    from assess.collect import collect_snapshot, options_from_config
    from assess.config import Config
    from assess.progress import NullProgress
    from assess.snapshot import dumps

    snapshot = collect_snapshot(
        options_from_config(Config(), replay=CASSETTE, all_subscriptions=True),
        NullProgress(),
    )
    planted = {"orders-db-password", "legacy-sql-connection", "scratch-connection-string"}
    assert planted <= {secret.name for secret in snapshot.secrets}
    read = {s.name for s in snapshot.app_settings}
    assert {"Webhook__SigningSecret", "OrdersReporting"} <= read, sorted(read)  # canary values
    assert CANARY not in dumps(snapshot)


def test_docs_describe_every_vault_secret_key_and_canary_location() -> None:
    doc = (ROOT / "docs" / "demo-tenant.md").read_text(encoding="utf-8")
    assert gen.AS_OF in doc
    assert CANARY in doc
    for vault in gen.VAULTS:
        assert f"### {vault.name}\n" in doc
        for item in (*vault.secrets, *vault.keys):
            assert f"`{item.name}`" in doc, f"{vault.name}/{item.name} is not documented"
        for secret in vault.secrets:
            if secret.planted_value is not None:
                assert f"`{secret.name}` | `{vault.name}`" in doc
    for site in gen.SITES:
        assert f"### {site.name}\n" in doc
        for name, value in (*site.app_settings.items(), *site.connection_strings.items()):
            if CANARY in str(value):
                assert f"`{name}`" in doc, f"{site.name}/{name} carries the canary, undocumented"

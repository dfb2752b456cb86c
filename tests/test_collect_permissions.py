"""Vault listing follows the caller's own permissions, so a resource hidden by RBAC is never a pass.

A subscription-wide list leaves out, without an error, the vaults of resource groups the identity
may not read. The collector reads its permissions at subscription scope first: one wide list only
where they grant ``Microsoft.KeyVault/vaults/read``, otherwise one list per resource group, where a
denied group answers 403 and becomes a gap.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from test_collect_support import ARM, SUB_A, SUB_B, builtin_registry, replay_options

from assess import sources
from assess.apis import GraphOperation, Operation
from assess.collect import collect_snapshot
from assess.collectors.authorization import Grant, action_matches, parse_grant, permits
from assess.config import Config
from assess.http import ArmClient
from assess.model import Status
from assess.progress import NullProgress
from assess.results import build_results
from assess.snapshot import Snapshot, in_scope, norm_id
from assess.sources.authorization import PERMISSIONS_SUBSCRIPTION
from assess.sources.keyvault import VAULTS_LIST, VAULTS_LIST_RG
from assess.sources.resources import RESOURCE_GROUPS_LIST

VAULT_READ = "Microsoft.KeyVault/vaults/read"
AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


# ---- the matcher ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("*", True),
        ("*/read", True),
        ("Microsoft.KeyVault/*", True),
        ("Microsoft.KeyVault/vaults/read", True),
        ("microsoft.keyvault/VAULTS/Read", True),
        ("Microsoft.KeyVault/vaults/*", True),
        ("Microsoft.KeyVault/vaults/*/read", False),  # child types only: secrets/read, keys/read
        ("Microsoft.KeyVault/vaults/secrets/read", False),
        ("Microsoft.Storage/*", False),
        ("*/write", False),
        ("Microsoft.KeyVault/vaults/read/extra", False),
        ("", False),
    ],
)
def test_action_patterns(pattern: str, expected: bool) -> None:
    assert action_matches(pattern, VAULT_READ) is expected


def test_a_namespace_wildcard_covers_every_action_below_it() -> None:
    assert action_matches("Microsoft.KeyVault/vaults/*", "Microsoft.KeyVault/vaults/keys/read")
    assert action_matches("Microsoft.KeyVault/*/read", VAULT_READ)


@pytest.mark.parametrize(
    ("grants", "expected"),
    [
        ([Grant(("*/read",))], True),
        ([Grant(("Microsoft.KeyVault/*",))], True),
        (
            [
                Grant(
                    ("*",), ("Microsoft.Authorization/*/Write", "Microsoft.Authorization/*/Delete")
                )
            ],
            True,
        ),
        ([Grant(("*",), ("Microsoft.KeyVault/*",))], False),
        ([Grant(("*/read",), ("*/read",))], False),
        ([Grant(("*/read",), ("Microsoft.KeyVault/vaults/*/read",))], True),
        # notActions subtract within their own grant only; another grant still allows it.
        ([Grant(("*",), ("Microsoft.KeyVault/*",)), Grant(("*/read",))], True),
        ([Grant(("Microsoft.Authorization/*/read",))], False),
        ([Grant((), ())], False),
        ([], False),
    ],
)
def test_permits_subtracts_not_actions_per_grant(grants: list[Grant], expected: bool) -> None:
    assert permits(grants, VAULT_READ) is expected


def test_a_permissions_item_is_read_tolerantly() -> None:
    item = {
        "actions": ["*/read", 3, None],
        "notActions": None,
        "dataActions": [],
        "notDataActions": [],
    }
    assert parse_grant(item) == Grant(actions=("*/read",), not_actions=())
    assert parse_grant({}) == Grant()


# ---- collection -------------------------------------------------------------------------------
class Calls:
    """Every URL the collector asked Resource Manager for (retries below this level excluded)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.urls: list[str] = []
        original = ArmClient.get_json

        def spy(client: ArmClient, url: str) -> Any:
            self.urls.append(url)
            return original(client, url)

        monkeypatch.setattr(ArmClient, "get_json", spy)

    def count(self, url: str) -> int:
        return self.urls.count(url)


def _collect(cassette: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Snapshot, Calls]:
    calls = Calls(monkeypatch)
    snapshot = collect_snapshot(replay_options(cassette), NullProgress())
    return snapshot, calls


def _is_group_list(url: str, sub: str) -> bool:
    prefix = f"{ARM}/subscriptions/{sub}/resourceGroups/"
    return url.startswith(prefix) and "/providers/Microsoft.KeyVault/vaults?" in url


def _group_list(sub: str, group: str) -> str:
    return VAULTS_LIST_RG.url(ARM, subscription_id=sub, resource_group=group)


def test_permitted_subscription_uses_one_wide_list_and_others_list_per_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot, calls = _collect("tenant-gaps.yaml", monkeypatch)
    # A grants */read at subscription scope: the wide list (two pages), no per-group list.
    assert calls.count(VAULTS_LIST.url(ARM, subscription_id=SUB_A)) == 1
    assert not any(_is_group_list(u, SUB_A) for u in calls.urls)
    # B grants resource-group and authorization reads only: every group is listed on its own.
    assert calls.count(VAULTS_LIST.url(ARM, subscription_id=SUB_B)) == 0
    assert calls.count(_group_list(SUB_B, "rg-shared")) == 1
    assert calls.count(_group_list(SUB_B, "rg-locked")) == 1
    for sub in (SUB_A, SUB_B):
        assert calls.count(PERMISSIONS_SUBSCRIPTION.url(ARM, subscription_id=sub)) == 1
    assert max(Counter(calls.urls).values()) == 1  # every API call made once
    assert snapshot.scope.complete_vault_lists == (SUB_A,)


def test_a_group_without_read_is_an_unknown_finding_not_a_silent_omission(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot, _ = _collect("tenant-gaps.yaml", monkeypatch)
    locked = f"/subscriptions/{SUB_B}/resourceGroups/rg-locked"
    gap = next(g for g in snapshot.gaps if g.kind == "vaults")
    assert (norm_id(gap.scope), gap.status_code, gap.error_code) == (
        norm_id(locked),
        403,
        "AuthorizationFailed",
    )
    results = build_results(snapshot, builtin_registry(), Config(), AS_OF)
    about_group = [f for f in results.findings if norm_id(f.resource_id) == norm_id(locked)]
    vault_checks = {  # the checks on vaults whose evidence this run collected
        f.check_id
        for f in results.findings
        if "vaults" in results.meta(f.check_id).requires
        and set(results.meta(f.check_id).requires) <= set(snapshot.collected)
    }
    assert "SE09-2.1" in vault_checks
    assert {f.check_id for f in about_group} >= vault_checks
    assert all(f.status is Status.UNKNOWN for f in about_group)


def test_unreadable_permissions_fall_back_to_per_group_lists(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot, calls = _collect("permissions-denied.yaml", monkeypatch)
    assert calls.count(PERMISSIONS_SUBSCRIPTION.url(ARM, subscription_id=SUB_A)) == 1
    assert calls.count(VAULTS_LIST.url(ARM, subscription_id=SUB_A)) == 0
    assert sum(_is_group_list(u, SUB_A) for u in calls.urls) == 2
    assert calls.count(_group_list(SUB_A, "rg-app")) == 1
    assert calls.count(_group_list(SUB_A, "rg-data")) == 1
    assert "kv-app" in {v.name for v in snapshot.vaults}
    # The 403 on the permissions themselves loses no evidence, so it is no gap.
    sub_a = f"/subscriptions/{SUB_A}"
    assert not any(in_scope(g.scope, sub_a) for g in snapshot.gaps)
    assert SUB_A not in snapshot.scope.complete_vault_lists
    assert max(Counter(calls.urls).values()) == 1


def test_without_vault_read_or_resource_groups_the_wide_list_is_kept_but_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    snapshot, calls = _collect("permissions-denied.yaml", monkeypatch)
    sub_b = f"/subscriptions/{SUB_B}"
    assert calls.count(VAULTS_LIST.url(ARM, subscription_id=SUB_B)) == 1
    visible = next(v for v in snapshot.vaults if v.name == "kv-visible")
    gaps = {g.kind: g for g in snapshot.gaps if norm_id(g.scope) == norm_id(sub_b)}
    assert set(gaps) == {"resource_groups", "vaults", "secrets", "keys", "diagnostic_settings"}
    for gap in gaps.values():
        assert gap.operation == RESOURCE_GROUPS_LIST.name
        assert (gap.status_code, gap.error_code) == (403, "AuthorizationFailed")
    assert snapshot.scope.complete_vault_lists == ()
    results = build_results(snapshot, builtin_registry(), Config(), AS_OF)
    on_vault = [
        f
        for f in results.findings
        if norm_id(f.resource_id) == norm_id(visible.id)
        and "vaults" in results.meta(f.check_id).requires
    ]
    assert on_vault and all(f.status is Status.UNKNOWN for f in on_vault)
    assert all("resourceGroups" in f.reason for f in on_vault)


def test_a_resource_group_run_asks_for_no_permissions(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = Calls(monkeypatch)
    options = replay_options(
        "resource-group.yaml", subscriptions=(SUB_A,), resource_group="rg-prod"
    )
    collect_snapshot(options, NullProgress())
    assert not any("Microsoft.Authorization/permissions" in u for u in calls.urls)


def test_the_least_privilege_role_allows_every_call() -> None:
    # The role `assess permissions --role-json` prints (and docs/permissions.md shows) with
    # every source switched on.
    role = sources.role_definition(sources.enabled({s.name: True for s in sources.switches()}))
    # Microsoft Graph's permissions are granted in Microsoft Entra ID, not by this role.
    modules = [
        importlib.import_module(f"assess.sources.{m.name}")
        for m in pkgutil.iter_modules(sources.__path__)
    ]
    needed = {
        op.permission
        for module in modules
        for op in vars(module).values()
        if isinstance(op, Operation) and not isinstance(op, GraphOperation) and op.permission
    }
    data = {r.action for s in sources.SOURCES for r in s.reads if r.data_action}
    assert PERMISSIONS_SUBSCRIPTION.permission in needed
    missing = [
        p
        for p in sorted(needed)
        if not permits([Grant(tuple(role["DataActions" if p in data else "Actions"]))], p)
    ]
    assert missing == []

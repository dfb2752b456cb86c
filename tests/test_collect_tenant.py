"""Collecting a recorded tenant: paging, 403s become gaps, gaps make findings unknown."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from test_collect_support import (
    ARM,
    CANARY,
    SUB_A,
    SUB_B,
    UNIT,
    builtin_registry,
    replay_options,
)

from assess.collect import collect_snapshot
from assess.config import Config
from assess.http import ArmClient
from assess.model import Status
from assess.progress import PlainProgress
from assess.replay import replay
from assess.results import build_results
from assess.snapshot import Snapshot, dumps, norm_id
from assess.sources.keyvault import VAULTS_LIST

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)
VAULT_A = (
    f"/subscriptions/{SUB_A}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod-app"
)
VAULT_DEV = (
    f"/subscriptions/{SUB_A}/resourceGroups/rg-dev/providers/Microsoft.KeyVault/vaults/kv-dev-app"
)
VAULT_B = (
    f"/subscriptions/{SUB_B}/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared"
)
LOCKED_RG = f"/subscriptions/{SUB_B}/resourceGroups/rg-locked"


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return collect_snapshot(replay_options("tenant-gaps.yaml"), PlainProgress())


def test_list_follows_next_link_across_pages_until_an_empty_page() -> None:
    with replay(UNIT / "paging-vaults.yaml") as cassette, ArmClient(ARM, None, "") as client:
        items = client.list_all(VAULTS_LIST.url(ARM, subscription_id=SUB_A))
    assert [i["name"] for i in items] == ["kv-page1", "kv-page2", "kv-page3"]
    assert cassette.all_played  # all four pages, including the empty last one


def test_every_vault_page_and_every_vault_is_collected(snapshot: Snapshot) -> None:
    assert [v.name for v in snapshot.vaults] == ["kv-dev-app", "kv-prod-app", "kv-shared"]
    prod = snapshot.vault_by_id(VAULT_A)
    assert prod is not None
    assert prod.enable_purge_protection is True
    assert prod.network_acls is not None and prod.network_acls.default_action == "Deny"
    dev = snapshot.vault_by_id(VAULT_DEV)
    assert dev is not None
    # Absent in the body: unknown, never False.
    assert dev.enable_purge_protection is None
    assert dev.enable_rbac_authorization is None
    assert dev.network_acls is None


def test_key_vault_epoch_seconds_become_utc_datetimes(snapshot: Snapshot) -> None:
    secret = next(s for s in snapshot.secrets if s.vault_id == VAULT_A and s.name == "db-password")
    assert secret.attributes.created == datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
    assert secret.attributes.expires == datetime(2027, 1, 1, tzinfo=UTC)
    key = next(k for k in snapshot.keys if k.vault_id == VAULT_B)
    assert key.attributes.recovery_level == "Recoverable+Purgeable"


def test_forbidden_calls_are_gaps_with_their_reason(snapshot: Snapshot) -> None:
    gaps = {(g.kind, norm_id(g.scope)): g for g in snapshot.gaps}
    assignments = gaps[("role_assignments", f"/subscriptions/{SUB_A}")]
    assert assignments.status_code == 403
    assert assignments.error_code == "AuthorizationFailed"
    assert "roleAssignments/read" in assignments.message
    diagnostics = gaps[("diagnostic_settings", norm_id(VAULT_DEV))]
    assert diagnostics.status_code == 403
    assert diagnostics.operation == "GET Microsoft.Insights/diagnosticSettings"


def test_a_denied_resource_group_is_a_gap_of_that_group_only(snapshot: Snapshot) -> None:
    # Sub B's permissions do not grant vault read at subscription scope: per-group lists decide.
    scopes = {(g.kind, norm_id(g.scope)) for g in snapshot.gaps}
    for kind in ("vaults", "secrets", "keys", "diagnostic_settings"):
        assert (kind, norm_id(LOCKED_RG)) in scopes
    assert ("vaults", f"/subscriptions/{SUB_B}") not in scopes
    assert snapshot.vault_by_id(VAULT_B) is not None
    assert len(snapshot.gaps) == 6


def test_throttled_call_is_retried_and_its_evidence_kept(snapshot: Snapshot) -> None:
    assert {s.name for s in snapshot.secrets if s.vault_id == VAULT_B} == {"api-key", "db-password"}
    assert not any(
        g.kind == "secrets" and norm_id(g.scope) == norm_id(VAULT_B) for g in snapshot.gaps
    )


def test_role_assignments_resolve_definitions_by_guid(snapshot: Snapshot) -> None:
    # Built-in definitions repeat per subscription: one record per GUID.
    assert sorted(d.role_name for d in snapshot.role_definitions) == [
        "Contributor",
        "Key Vault Secrets User",
    ]
    for assignment in snapshot.role_assignments:
        definition = snapshot.role_definition(assignment.role_definition_id)
        assert definition is not None
        assert definition.guid == assignment.role_definition_guid


def test_diagnostic_settings_in_both_syntaxes(snapshot: Snapshot) -> None:
    by_vault = {norm_id(d.resource_id): d for d in snapshot.diagnostic_settings}
    group_syntax = by_vault[norm_id(VAULT_A)]
    assert (
        group_syntax.logs[0].category_group == "allLogs" and group_syntax.logs[0].category is None
    )
    assert group_syntax.workspace_id and group_syntax.storage_account_id is None  # "" is none
    category_syntax = by_vault[norm_id(VAULT_B)]
    assert category_syntax.logs[0].category == "AuditEvent"
    assert category_syntax.logs[0].category_group is None
    assert category_syntax.workspace_id is None and category_syntax.has_destination


def test_snapshot_bookkeeping(snapshot: Snapshot) -> None:
    assert snapshot.identity.type == "replay"
    assert snapshot.tenant_id == "00000000-0000-0000-0000-0000000000f0"
    assert set(snapshot.collected) == {
        "subscriptions",
        "resource_groups",
        "vaults",
        "secrets",
        "keys",
        "role_definitions",
        "role_assignments",
        "diagnostic_settings",
        "perimeter_associations",  # read when a vault is SecuredByPerimeter; none is here
    }
    for kind in ("vaults", "secrets", "role_assignments", "resource_groups", "gaps"):
        records = getattr(snapshot, kind)
        keys = [(r.kind, norm_id(r.scope)) if kind == "gaps" else norm_id(r.id) for r in records]
        assert keys == sorted(keys)


def test_no_secret_value_reaches_the_snapshot(snapshot: Snapshot) -> None:
    # The cassette plants a value in a management-plane secret listing.
    assert CANARY in (UNIT / "tenant-gaps.yaml").read_text()
    assert CANARY not in dumps(snapshot)


def test_same_cassette_gives_the_same_evidence() -> None:
    first = collect_snapshot(replay_options("tenant-gaps.yaml", max_workers=1), PlainProgress())
    second = collect_snapshot(replay_options("tenant-gaps.yaml", max_workers=8), PlainProgress())
    strip = {"collected_at"}
    assert first.model_dump(exclude=strip) == second.model_dump(exclude=strip)


def test_gaps_make_findings_unknown_and_lower_coverage(snapshot: Snapshot) -> None:
    registry = builtin_registry()
    results = build_results(snapshot, registry, Config(), AS_OF)
    complete = build_results(snapshot.model_copy(update={"gaps": ()}), registry, Config(), AS_OF)
    gap_kinds = {g.kind for g in snapshot.gaps}
    affected = [f for f in results.findings if set(results.meta(f.check_id).requires) & gap_kinds]
    assert affected, "some registered check reads an evidence kind with a gap"
    in_gap = [
        f
        for f in affected
        if "did not run" not in f.reason  # evidence never collected (no --web-apps) says so
        and any(
            g.kind in results.meta(f.check_id).requires
            and norm_id(f.resource_id).startswith(norm_id(g.scope))
            for g in snapshot.gaps
        )
    ]
    assert in_gap
    for finding in in_gap:
        assert finding.status is Status.UNKNOWN
        assert "HTTP 403" in finding.reason or "403" in str(finding.model_dump())
    # The locked resource group's vaults could not be listed at all: reported, not passed.
    locked = [f for f in results.findings if norm_id(f.resource_id) == norm_id(LOCKED_RG)]
    assert locked and all(f.status is Status.UNKNOWN for f in locked)
    assert results.scores.coverage is not None and complete.scores.coverage is not None
    assert results.scores.coverage < complete.scores.coverage


class CountingProgress:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.finished: list[str] = []
        self.resources: dict[str, int] = {}

    def start(self, task: str, total: int | None = None) -> None:
        self.started.append(task)

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        self.resources[task] = self.resources.get(task, 0) + resources

    def finish(self, task: str) -> None:
        self.finished.append(task)

    def note(self, text: str) -> None:
        return None

    def calls(self, totals: Any) -> None:
        return None


def test_progress_reports_each_collector_with_what_it_found() -> None:
    progress = CountingProgress()
    snapshot = collect_snapshot(replay_options("tenant-gaps.yaml"), progress)
    assert sorted(progress.started) == sorted(progress.finished)
    assert len(progress.started) == 9
    assert progress.resources["permissions"] == 2  # read for both subscriptions
    assert progress.resources["key vaults"] == len(snapshot.vaults) == 3
    assert progress.resources["secrets"] == len(snapshot.secrets)
    assert progress.resources["diagnostic settings"] == len(snapshot.diagnostic_settings)

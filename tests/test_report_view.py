"""The report view: top fixes, evidence sentences, unknowns with permissions, the PDF cap."""

from __future__ import annotations

import pytest
from results_factory import SUBSCRIPTIONS, finding, make_results, rich_results, sample_catalog

from assess.model import Status
from assess.reporters._view import build_view, permission_for, why
from assess.snapshot import Gap


def test_top_fixes_are_the_checks_losing_most_points() -> None:
    results = rich_results()
    view = build_view(results)
    every = sorted(
        (c.points_lost for i in results.scores.items for c in i.checks if c.points_lost > 0),
        reverse=True,
    )
    assert [fx.points for fx in view.top_fixes] == every[:5]
    assert all(fx.check.failing for fx in view.top_fixes)
    total = sum(c.points_lost for i in results.scores.items for c in i.checks)
    assert results.scores.overall is not None
    assert total == pytest.approx(100 - results.scores.overall, abs=0.1)


def test_evidence_sentence_counts_failures_and_production() -> None:
    purge = next(m for m in sample_catalog() if "purged" in m.title)
    prod, test = SUBSCRIPTIONS[0], SUBSCRIPTIONS[1]
    findings = [
        finding(purge, Status.PASS, f"kv-ok-{n}", sub=test, observed=True) for n in range(9)
    ]
    findings += [
        finding(purge, Status.FAIL, f"kv-bad-{n}", sub=prod, observed=False) for n in range(3)
    ]
    view = build_view(make_results([purge], findings))
    item = next(i for i in view.items if i.id == "SE09-2")
    assert item.answer == "no"
    assert item.sentence == (
        "“Key vaults cannot be purged during the retention period” holds for 9 of 12 key vaults; "
        "3 do not, all in production."
    )
    assert item.checks[0].tally() == "9 of 12 key vaults pass; 3 fail (3 in production)"


def test_yes_and_uncovered_items_are_phrased_from_evidence() -> None:
    purge = next(m for m in sample_catalog() if "purged" in m.title)
    findings = [finding(purge, Status.PASS, f"kv-{n}", observed=True) for n in range(4)]
    view = build_view(make_results([purge], findings))
    items = {i.id: i for i in view.items}
    assert items["SE09-2"].answer == "yes"
    assert (
        items["SE09-2"].sentence
        == "The one critical or high check passes on the 4 resources assessed."
    )
    assert items["SE09-4"].answer == "unknown"
    assert "No automated check covers this item" in items["SE09-4"].sentence


def test_failing_list_is_capped_production_first() -> None:
    purge = next(m for m in sample_catalog() if "purged" in m.title)
    findings = [finding(purge, Status.FAIL, f"kv-dev-{n}", sub=SUBSCRIPTIONS[2]) for n in range(4)]
    findings.append(finding(purge, Status.FAIL, "kv-zz-prod", sub=SUBSCRIPTIONS[0]))
    check = build_view(make_results([purge], findings), max_failing=2).items[1].checks[0]
    assert [f.resource_name for f in check.shown_failing] == ["kv-zz-prod", "kv-dev-0"]
    assert check.more_failing == 3
    full = build_view(make_results([purge], findings)).items[1].checks[0]
    assert len(full.shown_failing) == 5 and full.more_failing == 0


def test_unknowns_name_the_permission_that_would_fix_them() -> None:
    view = build_view(rich_results())
    (gap,) = view.gaps
    assert gap.why == "access denied"
    assert gap.permission.action == "Microsoft.Authorization/roleAssignments/read"
    assert gap.permission.role == "Reader"
    groups = [g for g in view.unknown_groups if g.findings]
    assert groups, "the 403 leaves findings unknown"
    for group in groups:
        assert ("role_assignments", permission_for("role_assignments")) in group.permissions
        assert "403" in group.reason


@pytest.mark.parametrize(
    ("kind", "operation", "action"),
    [
        ("role_assignments", "", "Microsoft.Authorization/roleAssignments/read"),
        ("vaults", "GET Microsoft.KeyVault/vaults", "Microsoft.KeyVault/vaults/read"),
        ("app_settings", "", "Microsoft.Web/sites/config/list/Action"),
        ("code_scans", "", ""),
        ("something_new", "GET Microsoft.Foo/bars", "Microsoft.Foo/bars/read"),
        ("something_new", "POST Microsoft.Foo/bars/list", "Microsoft.Foo/bars/list/action"),
    ],
)
def test_permission_mapping(kind: str, operation: str, action: str) -> None:
    assert permission_for(kind, operation).action == action


@pytest.mark.parametrize(
    ("status", "message", "expected"),
    [
        (403, "", "access denied"),
        (429, "", "throttled, still refused after retries"),
        (None, "Read timed out", "timed out"),
        (404, "", "the parent resource was not found (deleted or moved during collection)"),
    ],
)
def test_gap_reasons_read_plainly(status: int | None, message: str, expected: str) -> None:
    gap = Gap(
        kind="vaults",
        scope="/subscriptions/x",
        operation="GET Microsoft.KeyVault/vaults",
        status_code=status,
        message=message,
    )
    assert why(gap) == expected


def test_one_failed_call_is_one_row_and_one_reason() -> None:
    catalog = sample_catalog()
    soft, purge = catalog[2], catalog[3]
    scope = f"/subscriptions/{SUBSCRIPTIONS[0][0]}/resourceGroups/rg-finance-prod"
    gaps = [
        Gap(
            kind=k,
            scope=scope,
            operation="GET Microsoft.KeyVault/vaults",
            status_code=403,
            error_code="AuthorizationFailed",
            message="denied",
        )
        for k in ("vaults", "secrets", "keys")
    ]
    reason = gaps[0].reason
    findings = [
        finding(m, Status.UNKNOWN, "rg-finance-prod", group="rg-finance-prod", reason=reason)
        for m in (soft, purge)
    ]
    findings.append(finding(soft, Status.PASS, "kv-ok", observed=True))
    view = build_view(make_results([soft, purge], findings, gaps=gaps))
    (gap,) = view.gaps
    assert gap.kinds == ("vaults", "secrets", "keys")
    assert gap.permission.action == "Microsoft.KeyVault/vaults/read"
    (group,) = view.unknown_groups
    assert [m.id for m in group.checks] == [soft.id, purge.id]
    assert group.summary == "GET Microsoft.KeyVault/vaults on rg-finance-prod: access denied"
    assert group.resource_names == ["rg-finance-prod"]
    assert group.permissions == (("vaults, secrets, keys", gap.permission),)


def test_role_follows_the_call_that_failed_not_the_kind() -> None:
    perm = permission_for("diagnostic_settings", "GET Microsoft.KeyVault/vaults")
    assert (perm.action, perm.role) == ("Microsoft.KeyVault/vaults/read", "Reader")

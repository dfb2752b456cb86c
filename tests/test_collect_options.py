"""What collection accepts, and the one-line errors for what it does not."""

from __future__ import annotations

import pytest
from test_collect_support import SUB_A, UNIT

from assess.collect import CollectOptions, collect_snapshot
from assess.errors import UsageError
from assess.progress import NullProgress
from assess.snapshot import norm_id


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (CollectOptions(), "no subscription to assess"),
        (CollectOptions(subscriptions=("not-a-guid",)), "is not a GUID"),
        (CollectOptions(subscriptions=(SUB_A,), all_subscriptions=True), "not both"),
        (CollectOptions(subscriptions=(SUB_A,), resource_group="bad/name"), "not valid"),
    ],
)
def test_invalid_options_are_usage_errors(options: CollectOptions, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        collect_snapshot(options, NullProgress())


def test_resource_group_scope_lists_vaults_in_that_group_and_records_its_gap() -> None:
    options = CollectOptions(
        subscriptions=(SUB_A.upper(), SUB_A),
        resource_group="rg-prod",
        replay=UNIT / "resource-group.yaml",
    )
    snapshot = collect_snapshot(options, NullProgress())
    assert snapshot.scope.resource_group == "rg-prod"
    assert [g.name for g in snapshot.resource_groups] == ["rg-prod"]
    group = f"/subscriptions/{SUB_A}/resourcegroups/rg-prod"
    assert sorted((g.kind, norm_id(g.scope)) for g in snapshot.gaps) == [
        (kind, group) for kind in ("diagnostic_settings", "keys", "secrets", "vaults")
    ]
    assert all(
        g.status_code == 403 and g.error_code == "AuthorizationFailed" for g in snapshot.gaps
    )


def test_a_resource_group_that_does_not_exist_is_a_usage_error() -> None:
    options = CollectOptions(
        subscriptions=(SUB_A,), resource_group="rg-missing", replay=UNIT / "resource-group.yaml"
    )
    with pytest.raises(UsageError, match="resource group 'rg-missing' was not found"):
        collect_snapshot(options, NullProgress())

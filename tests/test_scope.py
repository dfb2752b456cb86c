"""Scope at tenant size: management groups, exclusions, skipped subscriptions, shards.

``management-groups.yaml`` is a tenant of three levels below its root group (shapes from
Microsoft's GetDescendants, GetManagementGroupWithAncestors and GetSubscriptions examples):

    Contoso
      Platform: Contoso Shared Services
      Landing zones
        Production: Contoso Production
        Development: Contoso Development, Contoso Sandbox (Disabled), Contoso Legacy (PastDue),
                     Contoso Trial (Warned), Contoso Hidden (not visible to the identity)
      Decommissioned: Contoso Old, a second "Contoso Production"

The descendants of Contoso come in two pages.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_collect_support import ARM, UNIT

from assess.collectors import GapSink
from assess.errors import UsageError
from assess.http import ArmClient
from assess.progress import NullProgress
from assess.replay import replay
from assess.scope import Resolved, Resolver, Shard, check_request, parse_shard, shard_of

CASSETTE = UNIT / "management-groups.yaml"
PROD = "aaaaaaaa-1111-4000-8000-000000000001"
DEV = "dddddddd-2222-4000-8000-000000000002"
SHARED = "eeeeeeee-3333-4000-8000-000000000003"
SANDBOX = "0000d15a-0000-4000-8000-000000000004"
LEGACY = "0000bad0-0000-4000-8000-000000000005"
TRIAL = "0000a3e0-0000-4000-8000-000000000006"
OLD = "00000001-0000-4000-8000-000000000007"
TWIN = "00000002-0000-4000-8000-000000000008"
HIDDEN = "00000003-0000-4000-8000-000000000009"


def _serial(task: str, func: Any, units: Any) -> list[Any]:
    return [r for unit in units for r in func(unit)]


def resolve(cassette: Path = CASSETTE, **request: Any) -> Resolved:
    with replay(cassette), ArmClient(ARM, None, "") as client:
        resolver = Resolver(client, ARM, GapSink(), NullProgress(), _serial)
        return resolver.resolve(check_request(**request))


def reasons(resolved: Resolved) -> dict[str, str]:
    return {s.subscription_id: s.reason for s in resolved.skipped}


def test_a_management_group_holds_every_subscription_below_it_at_any_depth() -> None:
    resolved = resolve(management_groups=["contoso"])
    assert resolved.ids == tuple(sorted([PROD, DEV, SHARED, OLD, TWIN]))
    (group,) = resolved.management_groups
    assert group.path == ("Tenant Root Group", "Contoso")
    assert group.subscriptions == 9  # every subscription below it, before skips


def test_two_subscriptions_with_one_display_name_stay_two() -> None:
    resolved = resolve(management_groups=["contoso"])
    named = [s for s in resolved.subscriptions if s.display_name == "Contoso Production"]
    assert sorted(s.subscription_id for s in named) == sorted([PROD, TWIN])


def test_disabled_warned_past_due_and_invisible_subscriptions_are_skipped_with_the_reason() -> None:
    skipped = reasons(resolve(management_groups=["contoso"]))
    assert set(skipped) == {SANDBOX, LEGACY, TRIAL, HIDDEN}
    assert "state Disabled" in skipped[SANDBOX]
    assert "state PastDue" in skipped[LEGACY]
    assert "state Warned" in skipped[TRIAL]
    assert "not visible to this identity" in skipped[HIDDEN]


def test_a_subscription_under_two_groups_given_is_read_once() -> None:
    resolved = resolve(management_groups=["contoso-landing-zones", "contoso-prod"])
    assert resolved.ids == (PROD, DEV)
    assert [g.subscriptions for g in resolved.management_groups] == [6, 1]


def test_exclusions_by_group_and_by_subscription_are_listed_as_skipped() -> None:
    resolved = resolve(
        management_groups=["contoso"],
        exclude_management_groups=["contoso-decommissioned"],
        exclude_subscriptions=[SHARED],
    )
    assert resolved.ids == (PROD, DEV)
    skipped = reasons(resolved)
    assert (
        skipped[OLD] == skipped[TWIN] == "excluded: below management group contoso-decommissioned"
    )
    assert skipped[SHARED] == "excluded by --exclude-subscription"


def test_excluding_a_group_outside_the_tree_read_reads_its_descendants() -> None:
    resolved = resolve(all_subscriptions=True, exclude_management_groups=["contoso-decommissioned"])
    assert resolved.ids == tuple(sorted([PROD, DEV, SHARED]))
    assert {OLD, TWIN, SANDBOX, LEGACY, TRIAL} == set(reasons(resolved))


def test_a_group_the_identity_cannot_see_is_one_clear_error() -> None:
    with pytest.raises(UsageError, match="management group mg-missing is not visible"):
        resolve(management_groups=["mg-missing"])


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ({"management_groups": ["Contoso Landing Zones!"]}, "is not a management group id"),
        ({"management_groups": ["contoso"], "all_subscriptions": True}, "not both"),
        ({"all_subscriptions": True, "exclude_subscriptions": ["nope"]}, "is not a GUID"),
        ({"all_subscriptions": True, "shard": "5/4"}, "out of range"),
        ({"all_subscriptions": True, "shard": "half"}, "is not K/N"),
    ],
)
def test_scope_flags_are_checked_before_anything_is_read(
    given: dict[str, Any], problem: str
) -> None:
    with pytest.raises(UsageError, match=problem):
        check_request(**given)


def test_a_group_given_by_its_full_id_is_the_group() -> None:
    request = check_request(
        management_groups=["/providers/Microsoft.Management/managementGroups/contoso/"]
    )
    assert request.management_groups == ("contoso",)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 7])
def test_shards_are_disjoint_and_cover_the_scope(count: int) -> None:
    whole = resolve(management_groups=["contoso"])
    slices = [
        resolve(management_groups=["contoso"], shard=f"{k}/{count}") for k in range(1, 1 + count)
    ]
    read = [s for part in slices for s in part.ids]
    skipped = [s.subscription_id for part in slices for s in part.skipped]
    assert sorted(read) == sorted(whole.ids) and len(set(read)) == len(read)
    assert sorted(skipped) == sorted(reasons(whole)) and len(set(skipped)) == len(skipped)


def test_shards_do_not_depend_on_the_order_azure_lists_subscriptions(tmp_path: Path) -> None:
    data = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))
    rng = random.Random(7)
    for entry in data["interactions"]:
        body = json.loads(entry["response"]["body"]["string"])
        if isinstance(body.get("value"), list):
            rng.shuffle(body["value"])
            entry["response"]["body"]["string"] = json.dumps(body)
    shuffled = tmp_path / "shuffled.yaml"
    shuffled.write_text(yaml.safe_dump(data), encoding="utf-8")
    for k in (1, 2, 3):
        as_listed = resolve(management_groups=["contoso"], shard=f"{k}/3")
        reordered = resolve(shuffled, management_groups=["contoso"], shard=f"{k}/3")
        assert reordered.ids == as_listed.ids
        assert reordered.skipped == as_listed.skipped


def test_a_subscription_keeps_its_shard_whatever_else_is_in_scope() -> None:
    assert shard_of(PROD.upper(), 4) == shard_of(PROD, 4)
    assert Shard(shard_of(PROD, 4), 4).holds(PROD)
    assert parse_shard(" 2 / 4 ") == Shard(2, 4)
    sizes = [
        sum(1 for i in range(4000) if shard_of(f"{i:08x}-0000-4000-8000-{i:012x}", 4) == k)
        for k in (1, 2, 3, 4)
    ]
    assert min(sizes) > 900  # an even spread over many subscriptions

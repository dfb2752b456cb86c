"""How resources are placed in environments: tags first, then names (subscription names too)."""

from __future__ import annotations

import pytest

from assess.config import EnvironmentResolver, Environments
from assess.snapshot import ResourceGroup, Snapshot, Subscription

SUB = "00000000-0000-0000-0000-0000000000c3"
VAULT = f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/kv-app"


def resolver(
    display_name: str = "",
    sub_tags: dict[str, str] | None = None,
    rg_tags: dict[str, str] | None = None,
) -> EnvironmentResolver:
    snap = Snapshot(
        subscriptions=(
            Subscription(
                id=f"/subscriptions/{SUB}",
                subscription_id=SUB,
                display_name=display_name,
                tags=sub_tags or {},
            ),
        ),
        resource_groups=(
            ResourceGroup(
                id=f"/subscriptions/{SUB}/resourceGroups/rg-app",
                name="rg-app",
                subscription_id=SUB,
                tags=rg_tags or {},
            ),
        ),
    )
    return EnvironmentResolver(Environments(), snap)


@pytest.mark.parametrize(
    ("display_name", "expected"),
    [
        ("Contoso Production", "production"),
        ("Contoso Development", "development"),
        ("contoso-prod-01", "production"),
        ("QA subscription", "test"),
        ("Contoso Shared Services", ""),
        ("Product catalogue", ""),
    ],
)
def test_subscription_display_names_place_their_resources(display_name: str, expected: str) -> None:
    assert resolver(display_name)(VAULT) == expected


def test_resource_tags_win_over_group_tags_and_names() -> None:
    r = resolver("Contoso Production", rg_tags={"Environment": "dev"})
    assert r(VAULT) == "development"
    assert r(VAULT, {"env": "PRD"}) == "production"

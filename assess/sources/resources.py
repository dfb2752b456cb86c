"""Microsoft.Resources: the subscriptions in scope and their resource groups (always read)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

SUBSCRIPTIONS_LIST = Operation(
    "GET Microsoft.Resources/subscriptions",
    "/subscriptions",
    "2022-12-01",
    permission="Microsoft.Resources/subscriptions/read",
)
SUBSCRIPTION_GET = Operation(
    "GET Microsoft.Resources/subscriptions",
    "/subscriptions/{subscription_id}",
    "2022-12-01",
    permission="Microsoft.Resources/subscriptions/read",
)
RESOURCE_GROUPS_LIST = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups",
    "2021-04-01",
    permission="Microsoft.Resources/subscriptions/resourceGroups/read",
)
RESOURCE_GROUP_GET = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}",
    "2021-04-01",
    permission="Microsoft.Resources/subscriptions/resourceGroups/read",
)

SOURCES = (
    Source(
        name="resources",
        title="subscriptions and resource groups",
        records=("subscriptions", "resource_groups"),
        reads=(
            Read(SUBSCRIPTIONS_LIST, Listing.TENANT, ("subscriptions",)),
            Read(SUBSCRIPTION_GET, Listing.SUBSCRIPTION, ("subscriptions",)),
            Read(RESOURCE_GROUPS_LIST, Listing.SUBSCRIPTION, ("resource_groups",)),
            Read(RESOURCE_GROUP_GET, Listing.RESOURCE_GROUP, ("resource_groups",)),
        ),
        nouns={
            "subscriptions": ("subscription", "subscriptions"),
            "resourcegroups": ("resource group", "resource groups"),
        },
    ),
)

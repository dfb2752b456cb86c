"""Microsoft.Resources: the subscriptions in scope and their resource groups (always read)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="resources",
        title="subscriptions and resource groups",
        records=("subscriptions", "resource_groups"),
        reads=(
            Read(apis.SUBSCRIPTIONS_LIST, Listing.TENANT, ("subscriptions",)),
            Read(apis.SUBSCRIPTION_GET, Listing.SUBSCRIPTION, ("subscriptions",)),
            Read(apis.RESOURCE_GROUPS_LIST, Listing.SUBSCRIPTION, ("resource_groups",)),
            Read(apis.RESOURCE_GROUP_GET, Listing.RESOURCE_GROUP, ("resource_groups",)),
        ),
        nouns={
            "subscriptions": ("subscription", "subscriptions"),
            "resourcegroups": ("resource group", "resource groups"),
        },
    ),
)

"""Microsoft.Resources deployments: the history of each subscription and resource group (plain
parameter and output values classified in memory and dropped)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

DEPLOYMENTS_LIST_RG = Operation(
    "GET Microsoft.Resources/deployments",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}/providers/Microsoft.Resources/deployments/",
    "2025-04-01",
    permission="Microsoft.Resources/deployments/read",
)
"""A resource group's deployment history, plain parameter and output values included (read in
memory, classified, dropped); secure parameters come back without a value."""
DEPLOYMENTS_LIST = Operation(
    "GET Microsoft.Resources/deployments",
    "/subscriptions/{subscription_id}/providers/Microsoft.Resources/deployments/",
    "2025-04-01",
    permission="Microsoft.Resources/deployments/read",
)
"""The subscription-scope deployment history."""

SOURCES = (
    Source(
        name="deployments",
        title="deployment history (plain parameters, outputs, template links)",
        records=("deployments",),
        reads=(
            Read(
                DEPLOYMENTS_LIST,
                Listing.SUBSCRIPTION,
                ("deployments",),
                reader="assess.collectors.deployments:list_deployments",
                classifies=True,
            ),
            Read(
                DEPLOYMENTS_LIST_RG,
                Listing.RESOURCE_GROUP,
                ("deployments",),
                reader="assess.collectors.deployments:list_group_deployments",
                parents=("resource_groups",),
                classifies=True,
            ),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read deployment history and look for credentials in its plain parameters and "
        "outputs (values never kept).",
        nouns={"deployments": ("deployment", "deployments")},
    ),
)

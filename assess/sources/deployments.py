"""Microsoft.Resources deployments: the history of each subscription and resource group (plain
parameter and output values classified in memory and dropped)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="deployments",
        title="deployment history (plain parameters, outputs, template links)",
        records=("deployments",),
        reads=(
            Read(apis.DEPLOYMENTS_LIST, Listing.SUBSCRIPTION, ("deployments",)),
            Read(apis.DEPLOYMENTS_LIST_RG, Listing.RESOURCE_GROUP, ("deployments",)),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read deployment history and look for credentials in its plain parameters and "
        "outputs (values never kept).",
        nouns={"deployments": ("deployment", "deployments")},
    ),
)

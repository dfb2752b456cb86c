"""Microsoft.Storage: storage accounts, for the age of their access keys (never the keys)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="storage",
        title="storage accounts (key creation times, never the keys)",
        records=("storage_accounts",),
        reads=(
            Read(apis.STORAGE_ACCOUNTS_LIST, Listing.SUBSCRIPTION, ("storage_accounts",)),
            Read(apis.STORAGE_ACCOUNTS_LIST_RG, Listing.RESOURCE_GROUP, ("storage_accounts",)),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read storage accounts for the age of their access keys (never the keys).",
        nouns={"storageaccounts": ("storage account", "storage accounts")},
    ),
)

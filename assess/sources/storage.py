"""Microsoft.Storage: storage accounts, for the age of their access keys (never the keys)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

STORAGE_ACCOUNTS_LIST = Operation(
    "GET Microsoft.Storage/storageAccounts",
    "/subscriptions/{subscription_id}/providers/Microsoft.Storage/storageAccounts",
    "2025-06-01",
    permission="Microsoft.Storage/storageAccounts/read",
)
"""Storage accounts with ``keyCreationTime``, ``keyPolicy`` and ``allowSharedKeyAccess``: the age
of their access keys is read from here; the keys themselves are never listed."""
STORAGE_ACCOUNTS_LIST_RG = Operation(
    "GET Microsoft.Storage/storageAccounts",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.Storage/storageAccounts",
    "2025-06-01",
    permission="Microsoft.Storage/storageAccounts/read",
)

SOURCES = (
    Source(
        name="storage",
        title="storage accounts (key creation times, never the keys)",
        records=("storage_accounts",),
        reads=(
            Read(STORAGE_ACCOUNTS_LIST, Listing.SUBSCRIPTION, ("storage_accounts",)),
            Read(STORAGE_ACCOUNTS_LIST_RG, Listing.RESOURCE_GROUP, ("storage_accounts",)),
        ),
        depends_on=("resources",),
        parser="assess.collectors.storage:parse_storage_account",
        switch=True,
        help="Read storage accounts for the age of their access keys (never the keys).",
        nouns={"storageaccounts": ("storage account", "storage accounts")},
    ),
)

"""Microsoft.DocumentDB: Azure Cosmos DB accounts and how they let clients in.

Kept per account: ``disableLocalAuth`` (true: only Microsoft Entra ID tokens are accepted, the
account keys no longer work), ``disableKeyBasedMetadataWriteAccess`` (true: a key cannot change
databases, containers or throughput) and ``publicNetworkAccess`` (``Enabled``, ``Disabled`` or
``SecuredByPerimeter``). The list answers them in ``properties`` (REST reference, Database
Accounts - List / List By Resource Group, api-version 2025-04-15); an account that leaves one out
has the service default: keys accepted, key-based metadata writes allowed, public access enabled.
``keysMetadata.<key>.generationTime`` says when each of the four account keys was last generated
(absent: not reported). The keys themselves need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, ResourceList, Source

ACCOUNTS_LIST = Operation(
    "GET Microsoft.DocumentDB/databaseAccounts",
    "/subscriptions/{subscription_id}/providers/Microsoft.DocumentDB/databaseAccounts",
    "2025-04-15",
    permission="Microsoft.DocumentDB/databaseAccounts/read",
)
ACCOUNTS_LIST_RG = Operation(
    "GET Microsoft.DocumentDB/databaseAccounts",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.DocumentDB/databaseAccounts",
    "2025-04-15",
    permission="Microsoft.DocumentDB/databaseAccounts/read",
)

KEYS = (
    "primaryMasterKey",
    "secondaryMasterKey",
    "primaryReadonlyMasterKey",
    "secondaryReadonlyMasterKey",
)
KEY_GENERATED = tuple(f"keysMetadata.{key}.generationTime" for key in KEYS)
"""When each account key was last generated (``keysMetadata``), never the key."""

SOURCES = (
    Source(
        name="cosmos_db",
        title="Cosmos DB accounts (local authentication, metadata writes, public access)",
        records=("cosmos_accounts",),
        reads=(
            Read(ACCOUNTS_LIST, Listing.SUBSCRIPTION, ("cosmos_accounts",)),
            Read(ACCOUNTS_LIST_RG, Listing.RESOURCE_GROUP, ("cosmos_accounts",)),
        ),
        resources=ResourceList(
            ACCOUNTS_LIST,
            ACCOUNTS_LIST_RG,
            (
                "disableLocalAuth",
                "disableKeyBasedMetadataWriteAccess",
                "publicNetworkAccess",
                *KEY_GENERATED,
            ),
        ),
        depends_on=("resources",),
        switch=True,
        default=False,
        help="Read Cosmos DB accounts: whether they still accept account keys (never the keys).",
        nouns={"databaseaccounts": ("Cosmos DB account", "Cosmos DB accounts")},
    ),
)

"""Microsoft.AppConfiguration: App Configuration stores and whether they accept access keys.

Kept per store: ``disableLocalAuth`` (true: Microsoft Entra ID only; the store's access keys and
connection strings stop working) and ``publicNetworkAccess``, from the list's ``properties`` (REST
reference, Configuration Stores - List / List By Resource Group, api-version 2024-05-01); absent
means the default, keys accepted. The keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

STORES_LIST, STORES_LIST_RG = list_operations(
    "Microsoft.AppConfiguration/configurationStores", "2024-05-01"
)

SOURCES = (
    listed_type(
        "app_configuration",
        title="App Configuration stores (access key authentication)",
        kind="app_configuration_stores",
        operations=(STORES_LIST, STORES_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        help="Read App Configuration stores: whether they still accept access keys.",
        noun=("App Configuration store", "App Configuration stores"),
    ),
)

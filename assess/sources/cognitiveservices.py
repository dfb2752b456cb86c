"""Microsoft.CognitiveServices: Azure AI services accounts (Azure OpenAI, Speech, Vision, ...)
and whether they still accept API keys.

Kept per account: ``disableLocalAuth`` (true: Microsoft Entra ID tokens only; the account's API
keys stop working) and ``publicNetworkAccess``, from the
list's ``properties`` (REST reference, Accounts - List / List By Resource Group, api-version
2024-10-01); absent means the default, keys accepted. The keys need ``listKeys``, which is not
called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

ACCOUNTS_LIST, ACCOUNTS_LIST_RG = list_operations(
    "Microsoft.CognitiveServices/accounts", "2024-10-01"
)

SOURCES = (
    listed_type(
        "ai_services",
        title="Azure AI services accounts (API key authentication)",
        kind="ai_services_accounts",
        operations=(ACCOUNTS_LIST, ACCOUNTS_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        help="Read Azure AI services accounts: whether they still accept API keys.",
        noun=("Azure AI services account", "Azure AI services accounts"),
    ),
)

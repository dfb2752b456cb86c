"""Microsoft.Search: Azure AI Search services and whether they still accept API keys.

Kept per service: ``disableLocalAuth`` (true: Microsoft Entra ID (role-based) access only; the
admin and query API keys stop working) and ``publicNetworkAccess``, from the list's
``properties`` (REST reference, Services - List By Subscription / List By Resource Group,
api-version 2025-05-01); absent means the default, API keys accepted. The keys need
``listAdminKeys`` and ``listQueryKeys``, which are not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

SERVICES_LIST, SERVICES_LIST_RG = list_operations("Microsoft.Search/searchServices", "2025-05-01")

SOURCES = (
    listed_type(
        "ai_search",
        title="Azure AI Search services (API key authentication)",
        kind="search_services",
        operations=(SERVICES_LIST, SERVICES_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        help="Read Azure AI Search services: whether they still accept API keys.",
        noun=("AI Search service", "AI Search services"),
    ),
)

"""Microsoft.EventGrid: custom topics and domains, and whether publishers may use access keys.

Kept per topic or domain: ``disableLocalAuth`` (true: publishers authenticate with Microsoft
Entra ID only; the access keys and SAS tokens stop working) and ``publicNetworkAccess``, from the
list's ``properties`` (REST reference, Topics - List By Subscription / List By Resource Group and
Domains - the same, api-version 2025-02-15); absent means the default, keys accepted. System
topics (read by the ``event_grid`` source) have no keys. The keys need ``listKeys``, which is not
called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

TOPICS_LIST, TOPICS_LIST_RG = list_operations("Microsoft.EventGrid/topics", "2025-02-15")
DOMAINS_LIST, DOMAINS_LIST_RG = list_operations("Microsoft.EventGrid/domains", "2025-02-15")

SOURCES = (
    listed_type(
        "custom_topics",
        title="Event Grid custom topics (access key authentication)",
        kind="eventgrid_topics",
        operations=(TOPICS_LIST, TOPICS_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        help="Read Event Grid custom topics: whether publishers may still use access keys.",
        noun=("Event Grid topic", "Event Grid topics"),
    ),
    listed_type(
        "event_domains",
        title="Event Grid domains (access key authentication)",
        kind="eventgrid_domains",
        operations=(DOMAINS_LIST, DOMAINS_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        help="Read Event Grid domains: whether publishers may still use access keys.",
        noun=("Event Grid domain", "Event Grid domains"),
    ),
)

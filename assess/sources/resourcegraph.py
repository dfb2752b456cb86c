"""Microsoft.ResourceGraph: the resources of the listed types across many subscriptions in a few
queries (``--resource-graph``).

With Resource Graph on, every resource type collection lists by subscription (Key Vaults,
Managed HSMs, App Service sites, Event Grid system topics, storage accounts and the types sources
declare with a ``ResourceList``) is read for all subscriptions in scope by one query per 1,000
subscriptions (the most the ``subscriptions`` body holds), paged by ``$skipToken``, 1,000 rows a
page, instead of one list call per type and subscription (REST reference, Resources - Resources,
api-version 2024-04-01). A row holds what the type's Resource Manager list returns (``properties``,
``kind``, ``identity``, ``sku``, ``tags``), so the evidence is the same.

Like a subscription-wide list, a query silently leaves out what the caller may not read: its rows
are used only for the subscriptions where the caller's permissions vouch for a subscription-wide
list; elsewhere the type is listed resource group by resource group, as without Resource Graph.
What Resource Graph does not hold stays on Resource Manager: list actions (app settings), the
caller's permissions, diagnostic settings, Key Vault contents, and role assignments (the
``authorizationresources`` table, queried by subscription, leaves out the assignments inherited
from management groups, which the subscription-scope list includes: it is not complete for this
tool's use). When the query is refused or fails, collection says so once and lists through
Resource Manager.

Resource Graph has its own quota per user, about 15 queries every 5 seconds, reported on every
answer (``x-ms-user-quota-remaining``, ``x-ms-user-quota-resets-after``); queries wait for it.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

QUERY = Operation(
    "POST Microsoft.ResourceGraph/resources",
    "/providers/Microsoft.ResourceGraph/resources",
    "2024-04-01",
    permission="Microsoft.ResourceGraph/resources/read",
)
MAX_SUBSCRIPTIONS = 1000
"""Subscriptions one query may name (the ``subscriptions`` array of the body)."""
PAGE_ROWS = 1000
"""Rows one page may hold (``options.$top``)."""

SOURCES = (
    Source(
        name="resource_graph",
        title="resource inventory through Azure Resource Graph",
        records=(),
        reads=(
            Read(
                QUERY,
                Listing.RESOURCE_GRAPH,
                note="lists the resources of the other sources; their own read actions still "
                "decide what it returns",
            ),
        ),
        switch=True,
        default=False,
        help="List resources through Azure Resource Graph, a few queries per 1,000 "
        "subscriptions, instead of one call per type and subscription (falls back to Resource "
        "Manager when refused).",
    ),
)

"""Azure Monitor logs: what the audit and application logs say happened, not only what is configured.

Every query is read-only, bounded in time (``--log-window``, default 30 days, at most 90, ending at
``--as-of``), aggregated in the query itself (``summarize``: names, identities, counts and times)
and row-limited, so no raw log row and never a secret value comes back.

Queries are resource-centric first: one query per subscription through the Log Analytics API's
resource view (``/v1/subscriptions/{id}/query``), which finds a resource's logs in whichever
workspace they land and honours workspace and table permissions. Where that is refused or fails,
each workspace named in the vaults' diagnostic settings is queried instead. Both Key Vault log
schemas are read: the resource-specific ``AZKVAuditLogs`` table and ``AzureDiagnostics``.

Log Analytics limits each user to about 5 concurrent queries and 200 queries per 30 seconds;
the collector keeps inside both.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

QUERY_RESOURCE = Operation(
    "POST Log Analytics query (resource-centric)",
    "/v1{scope}/query",
    "v1",
    permission="Microsoft.Insights/logs/*/read",
)
"""A query over the logs of every resource under ``scope`` (a subscription), in whichever
workspace they land (Log Analytics API, "Query - Resource Execute")."""
QUERY_WORKSPACE = Operation(
    "POST Log Analytics query (workspace)",
    "/v1{scope}/query",
    "v1",
    permission="Microsoft.OperationalInsights/workspaces/query/*/read",
)
"""The same query on one workspace named in a diagnostic setting, by its resource id."""

ACTIVITY_LOG = Operation(
    "GET Microsoft.Insights/eventtypes/management/values",
    "/subscriptions/{subscription_id}/providers/Microsoft.Insights/eventtypes/management/values",
    "2015-04-01",
    permission="Microsoft.Insights/eventtypes/values/read",
)
"""The subscription's Activity Log (Activity Logs - List), filtered to Microsoft.Storage events:
who regenerated or listed storage account keys, and when."""

WINDOW_DAYS = 30
"""The default log window, in days (``--log-window``)."""
MAX_WINDOW_DAYS = 90
"""The longest window: Log Analytics' default retention, and the Activity Log's."""
MAX_ROWS = 5000
"""Rows a query may return; a result of this many rows is cut short and its evidence incomplete."""
CONCURRENT_QUERIES = 5
QUERIES_PER_30_SECONDS = 200
"""Log Analytics' limits per user: concurrent queries, and queries in any 30 seconds."""

SOURCES = (
    Source(
        name="logs",
        title="logs: Key Vault audit events and application logs in Log Analytics, storage key "
        "events in the Activity Log",
        records=("log_queries", "vault_access", "key_events", "log_leaks"),
        reads=(
            Read(
                QUERY_RESOURCE,
                Listing.SUBSCRIPTION,
                ("log_queries", "vault_access", "log_leaks"),
                note="Key Vault audit events (AZKVAuditLogs, AzureDiagnostics) and a sample of "
                "application log lines shaped like credentials, summarised in the query; the "
                "workspace must allow resource-context access",
            ),
            Read(
                QUERY_WORKSPACE,
                Listing.PARENT,
                ("log_queries", "vault_access"),
                role="Log Analytics Reader",
                note="only when the resource-centric query fails: each workspace a vault's "
                "diagnostic settings name",
            ),
            Read(
                ACTIVITY_LOG,
                Listing.SUBSCRIPTION,
                ("key_events",),
                note="storage account key regenerations and key listings of the last 90 days",
            ),
        ),
        depends_on=("key_vaults", "diagnostic_settings"),
        switch=True,
        default=True,
        help="Query Log Analytics over --log-window days for the vaults' audit events (who "
        "read, who was refused: counts and times only) and for credentials in application "
        "logs (checked in memory, never kept), and the Activity Log for storage key events.",
    ),
)

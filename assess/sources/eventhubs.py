"""Microsoft.EventHub: Event Hubs namespaces and whether they still accept SAS keys.

Kept per namespace: ``disableLocalAuth`` (true: Microsoft Entra ID tokens only) and
``publicNetworkAccess``, from the list's ``properties`` (REST reference, Namespaces - List / List
By Resource Group, api-version 2024-01-01); absent means the default, SAS keys accepted. Per
namespace, its shared access authorization rules (Namespaces - List Authorization Rules): each
rule's name and ``rights``; the keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

NAMESPACES_LIST, NAMESPACES_LIST_RG = list_operations("Microsoft.EventHub/namespaces", "2024-01-01")
RULES_LIST = child_operation("Microsoft.EventHub/namespaces", "authorizationRules", "2024-01-01")
ROOT_RULE = "RootManageSharedAccessKey"
"""The rule every namespace is created with; the others were added for some consumer."""

SOURCES = (
    listed_type(
        "event_hubs",
        title="Event Hubs namespaces (local SAS authentication)",
        kind="eventhub_namespaces",
        operations=(NAMESPACES_LIST, NAMESPACES_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        children=(ChildList("eventhub_rules", "eventhub_namespaces", RULES_LIST, ("rights[]",)),),
        help="Read Event Hubs namespaces: whether they still accept SAS keys (never the keys).",
        noun=("Event Hubs namespace", "Event Hubs namespaces"),
    ),
)

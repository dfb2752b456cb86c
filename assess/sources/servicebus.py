"""Microsoft.ServiceBus: Service Bus namespaces and whether they still accept SAS keys.

Kept per namespace: ``disableLocalAuth`` (true: only Microsoft Entra ID tokens are accepted, every
shared access signature and SAS key stops working) and ``publicNetworkAccess``. The list answers
them in ``properties`` (REST reference, Namespaces - List / List By Resource Group, api-version
2024-01-01); a namespace that leaves ``disableLocalAuth`` out has the service default, SAS keys
accepted. Per namespace, its shared access authorization rules (Namespaces - List Authorization
Rules): each rule's name and ``rights``; the keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

NAMESPACES_LIST, NAMESPACES_LIST_RG = list_operations(
    "Microsoft.ServiceBus/namespaces", "2024-01-01"
)
RULES_LIST = child_operation("Microsoft.ServiceBus/namespaces", "authorizationRules", "2024-01-01")
ROOT_RULE = "RootManageSharedAccessKey"
"""The rule every namespace is created with; the others were added for some consumer."""

SOURCES = (
    listed_type(
        "service_bus",
        title="Service Bus namespaces (local SAS authentication)",
        kind="servicebus_namespaces",
        operations=(NAMESPACES_LIST, NAMESPACES_LIST_RG),
        properties=("disableLocalAuth", "publicNetworkAccess"),
        children=(
            ChildList("servicebus_rules", "servicebus_namespaces", RULES_LIST, ("rights[]",)),
        ),
        help="Read Service Bus namespaces: whether they still accept SAS keys (never the keys).",
        noun=("Service Bus namespace", "Service Bus namespaces"),
    ),
)

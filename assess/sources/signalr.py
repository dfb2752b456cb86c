"""Microsoft.SignalRService: Azure SignalR Service and Web PubSub, and their access keys.

Kept per resource: ``disableLocalAuth`` (true: clients and servers authenticate with Microsoft
Entra ID only; the access keys and connection strings stop working), ``disableAadAuth`` and
``publicNetworkAccess``, from the list's ``properties`` (REST reference, SignalR and WebPubSub -
List By Subscription / List By Resource Group, api-version 2024-03-01); absent means the default,
keys accepted. The keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

SIGNALR_LIST, SIGNALR_LIST_RG = list_operations("Microsoft.SignalRService/signalR", "2024-03-01")
WEBPUBSUB_LIST, WEBPUBSUB_LIST_RG = list_operations(
    "Microsoft.SignalRService/webPubSub", "2024-03-01"
)
_PROPERTIES = ("disableLocalAuth", "disableAadAuth", "publicNetworkAccess")

SOURCES = (
    listed_type(
        "signalr",
        title="Azure SignalR Service (access key authentication)",
        kind="signalr_services",
        operations=(SIGNALR_LIST, SIGNALR_LIST_RG),
        properties=_PROPERTIES,
        help="Read Azure SignalR Service: whether it still accepts access keys.",
        noun=("SignalR service", "SignalR services"),
    ),
    listed_type(
        "web_pubsub",
        title="Azure Web PubSub (access key authentication)",
        kind="webpubsub_services",
        operations=(WEBPUBSUB_LIST, WEBPUBSUB_LIST_RG),
        properties=_PROPERTIES,
        help="Read Azure Web PubSub: whether it still accepts access keys.",
        noun=("Web PubSub service", "Web PubSub services"),
    ),
)

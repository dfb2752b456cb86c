"""Microsoft.EventGrid: the system topics of key vaults and their event subscriptions.

A key vault publishes ``Microsoft.KeyVault.SecretNearExpiry``, ``KeyNearExpiry`` and other events
through an Event Grid *system topic* whose ``properties.source`` is the vault's id; an *event
subscription* on that topic sends them somewhere (a function, a webhook, a queue), which is how a
rotation is triggered before a secret expires. Shapes as published (2025-02-15 examples):
``topicType`` is lower-cased (``microsoft.keyvault.vaults``) and so is the provider segment of
``source``; ``filter.includedEventTypes`` null or empty means every event type. A subscription that delivers
with the topic's managed identity has no ``destination``: its endpoint sits in
``deliveryWithResourceIdentity.destination`` (EventSubscriptionProperties, REST spec 2025-02-15).
Only the endpoint *type* is kept, never an endpoint URL or a delivery header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import GapSink, list_parsed, opt_text, props, segment_after, text
from assess.http import ArmClient
from assess.snapshot import KEY_VAULT_TOPIC, EventSubscription, EventTopic
from assess.sources.eventgrid import EVENT_SUBSCRIPTIONS_LIST

__all__ = [
    "KEY_VAULT_TOPIC",
    "list_event_subscriptions",
    "parse_event_subscription",
    "parse_event_topic",
]


def parse_event_topic(item: Mapping[str, Any]) -> EventTopic | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    return EventTopic(
        id=rid,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        subscription_id=segment_after(rid, "subscriptions"),
        resource_group=segment_after(rid, "resourceGroups"),
        source=text(p.get("source")),
        topic_type=text(p.get("topicType")).lower(),
        provisioning_state=opt_text(p.get("provisioningState")),
    )


def parse_event_subscription(item: Mapping[str, Any], topic_id: str) -> EventSubscription | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    found = p.get("filter")
    types = found.get("includedEventTypes") if isinstance(found, Mapping) else None
    included = tuple(str(t) for t in types if isinstance(t, str)) if isinstance(types, list) else ()
    return EventSubscription(
        id=rid,
        topic_id=topic_id,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        included_event_types=included or None,
        endpoint_type=_endpoint_type(p),
        provisioning_state=opt_text(p.get("provisioningState")),
    )


def _endpoint_type(p: Mapping[str, Any]) -> str | None:
    """``destination.endpointType``, else that of ``deliveryWithResourceIdentity.destination``
    (delivery with the topic's managed identity: no key or secret in the subscription)."""
    identity = p.get("deliveryWithResourceIdentity")
    for holder in (p, identity if isinstance(identity, Mapping) else {}):
        destination = holder.get("destination")
        if isinstance(destination, Mapping) and (
            found := opt_text(destination.get("endpointType"))
        ):
            return found
    return None


def list_event_subscriptions(
    client: ArmClient, base: str, topic: EventTopic, sink: GapSink
) -> list[EventSubscription]:
    """A key vault topic's event subscriptions (none read for a topic of another source). A
    failure is an ``event_subscriptions`` gap over the topic's source (the vault), whose
    near-expiry evidence is what went missing."""
    if topic.topic_type != KEY_VAULT_TOPIC:
        return []
    op = EVENT_SUBSCRIPTIONS_LIST
    return list_parsed(
        client,
        op,
        op.url(base, scope=topic.id.rstrip("/")),
        topic.source or topic.id,
        "event_subscriptions",
        sink,
        lambda i: parse_event_subscription(i, topic.id),
    )

"""Microsoft.Resources: subscriptions and resource groups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import segment_after, tags, text
from assess.snapshot import ResourceGroup, Subscription


def parse_subscription(item: Mapping[str, Any]) -> Subscription | None:
    sub_id = text(item.get("subscriptionId")) or segment_after(
        text(item.get("id")), "subscriptions"
    )
    if not sub_id:
        return None
    return Subscription(
        id=text(item.get("id")) or f"/subscriptions/{sub_id}",
        subscription_id=sub_id,
        display_name=text(item.get("displayName")),
        state=text(item.get("state")),
        tenant_id=text(item.get("tenantId")),
        tags=tags(item.get("tags")),
    )


def parse_resource_group(item: Mapping[str, Any]) -> ResourceGroup | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    return ResourceGroup(
        id=rid,
        name=text(item.get("name")) or segment_after(rid, "resourceGroups"),
        subscription_id=segment_after(rid, "subscriptions"),
        location=text(item.get("location")),
        tags=tags(item.get("tags")),
    )

"""Microsoft.Resources: deployment history, and whether its plain values hold credentials.

A deployment keeps its parameters and outputs as they were given: ``{"type": "String", "value":
...}`` for a plain one, no ``value`` for ``SecureString``/``SecureObject``. A password passed as a
plain string, a storage key returned as an output, or a template link with a SAS signature stays
readable by anyone with Reader on the group for as long as the history keeps it (up to 800
deployments per scope). Each plain value is classified in memory the moment it is read, with the
secret detector, and only what was found is kept (name, rule ids, preview, keyed fingerprint).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from assess.collectors._base import (
    GapSink,
    epoch,
    list_parsed,
    opt_text,
    props,
    segment_after,
    text,
)
from assess.collectors.web import Classifier
from assess.http import ArmClient
from assess.snapshot import Deployment, FoundCredential, ResourceGroup
from assess.sources.deployments import DEPLOYMENTS_LIST, DEPLOYMENTS_LIST_RG

SUBSCRIPTION_HISTORY = "providers/Microsoft.Resources/deployments"
"""Below a subscription's id: where its own deployment history lives (the scope of its gap)."""

_SECURE = frozenset({"securestring", "secureobject"})


def _values(section: Any) -> Iterator[tuple[str, str]]:
    """(name, value as text) of each plain entry of a parameters or outputs section."""
    if not isinstance(section, Mapping):
        return
    for name, entry in section.items():
        if not isinstance(entry, Mapping) or "value" not in entry:
            continue
        if str(entry.get("type", "")).lower() in _SECURE:
            continue
        value = entry["value"]
        if value is None:
            continue
        yield str(name), value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def parse_deployment(item: Mapping[str, Any], classifier: Classifier) -> Deployment | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    found: list[FoundCredential] = []
    read = 0
    for source, section in (("parameter", p.get("parameters")), ("output", p.get("outputs"))):
        for name, value in _values(section):
            read += 1
            hit = classifier.found(name, value, source)
            if hit is not None:
                found.append(hit)
    link = p.get("templateLink")
    if isinstance(link, Mapping):
        for key in ("uri", "queryString"):
            linked = link.get(key)
            if isinstance(linked, str) and linked:
                hit = classifier.found(f"templateLink.{key}", linked, "template_link")
                if hit is not None:
                    found.append(hit)
    return Deployment(
        id=rid,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        subscription_id=segment_after(rid, "subscriptions"),
        resource_group=segment_after(rid, "resourceGroups"),
        timestamp=epoch(p.get("timestamp")),
        provisioning_state=opt_text(p.get("provisioningState")),
        values_read=read,
        credentials=tuple(found),
    )


def list_deployments(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink, *, classifier: Classifier
) -> list[Deployment]:
    """The subscription's own deployment history, each plain value classified in memory; a
    failure is a gap over the history itself (it says nothing of the resource groups')."""
    op = DEPLOYMENTS_LIST
    scope = f"/subscriptions/{subscription_id}/{SUBSCRIPTION_HISTORY}"
    url = op.url(base, subscription_id=subscription_id)
    return list_parsed(
        client, op, url, scope, "deployments", sink, lambda i: parse_deployment(i, classifier)
    )


def list_group_deployments(
    client: ArmClient, base: str, group: ResourceGroup, sink: GapSink, *, classifier: Classifier
) -> list[Deployment]:
    """A resource group's deployment history, each plain value classified in memory; a
    failure is a gap over the group."""
    op = DEPLOYMENTS_LIST_RG
    sub, name = group.subscription_id, group.name
    scope = f"/subscriptions/{sub}/resourceGroups/{name}"
    url = op.url(base, subscription_id=sub, resource_group=name)
    return list_parsed(
        client, op, url, scope, "deployments", sink, lambda i: parse_deployment(i, classifier)
    )

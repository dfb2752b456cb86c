"""Microsoft.Network: network security perimeters and the resources associated with them.

A key vault whose ``publicNetworkAccess`` is ``SecuredByPerimeter`` takes its public network rules
from the perimeter it is associated with; the association (``resourceAssociations``) names the
resource (``privateLinkResource.id``) and the perimeter's ``accessMode``. Both lists are Reader
reads. Shapes as published (Microsoft.Network 2025-03-01 examples ``NetworkSecurityPerimeterListAll``
and ``NspAssociationList``): paged with ``nextLink``; ``hasProvisioningIssues`` is a string.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assess.collectors._base import GapSink, Identified, fetch_list, opt_text, props, text
from assess.http import ArmClient
from assess.snapshot import PerimeterAssociation, Vault
from assess.sources.network import PERIMETER_ASSOCIATIONS_LIST, PERIMETERS_LIST

PERIMETER_KINDS = ("perimeter_associations",)


def parse_association(item: Mapping[str, Any]) -> PerimeterAssociation | None:
    rid = text(item.get("id"))
    p = props(item)
    resource = p.get("privateLinkResource")
    target = text(resource.get("id")) if isinstance(resource, Mapping) else ""
    marker = "/resourceassociations/"
    cut = rid.lower().rfind(marker)
    if not rid or not target or cut < 0:
        return None
    return PerimeterAssociation(
        id=rid,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        perimeter_id=rid[:cut],
        resource_id=target,
        access_mode=opt_text(p.get("accessMode")),
        provisioning_state=opt_text(p.get("provisioningState")),
        has_provisioning_issues=opt_text(p.get("hasProvisioningIssues")),
    )


@dataclass(frozen=True)
class Perimeter:
    """A network security perimeter, as far as collection needs it: its id (its associations
    are read below it; the perimeter itself is not kept)."""

    id: str


def secured_by_perimeter(vault: Vault) -> bool:
    """True for a vault whose public network rules come from a network security perimeter."""
    return (vault.public_network_access or "").lower() == "securedbyperimeter"


def list_perimeters(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[Perimeter]:
    """A subscription's perimeters, by id; a failure is a gap over the subscription."""
    op = PERIMETERS_LIST
    scope = f"/subscriptions/{subscription_id}"
    items = fetch_list(
        client, op.url(base, subscription_id=subscription_id), op, scope, PERIMETER_KINDS, sink
    )
    return [Perimeter(i) for i in sorted({text(i.get("id")) for i in items or ()} - {""})]


def list_associations(
    client: ArmClient, base: str, perimeter: Identified, sink: GapSink
) -> list[PerimeterAssociation]:
    """One perimeter's resource associations; a failure is a gap over the perimeter's
    subscription (the vaults it may hold live anywhere in it)."""
    op = PERIMETER_ASSOCIATIONS_LIST
    perimeter_id = perimeter.id
    parts = perimeter_id.strip("/").split("/")
    scope = "/" + "/".join(parts[:2]) if len(parts) >= 2 else perimeter_id
    items = fetch_list(
        client, op.url(base, scope=perimeter_id.rstrip("/")), op, scope, PERIMETER_KINDS, sink
    )
    return [a for a in (parse_association(i) for i in items or ()) if a is not None]

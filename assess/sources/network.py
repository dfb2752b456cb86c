"""Microsoft.Network: network security perimeters and the resources associated with them (always
read when a vault's public network access is ``SecuredByPerimeter``, and only then)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

PERIMETERS_LIST = Operation(
    "GET Microsoft.Network/networkSecurityPerimeters",
    "/subscriptions/{subscription_id}/providers/Microsoft.Network/networkSecurityPerimeters",
    "2025-03-01",
    permission="Microsoft.Network/networkSecurityPerimeters/read",
)
"""The subscription's network security perimeters (``NetworkSecurityPerimeters_ListBySubscription``)."""
PERIMETER_ASSOCIATIONS_LIST = Operation(
    "GET Microsoft.Network/networkSecurityPerimeters/resourceAssociations",
    "{scope}/resourceAssociations",
    "2025-03-01",
    permission="Microsoft.Network/networkSecurityPerimeters/resourceAssociations/read",
)
"""The resources one perimeter holds (``NetworkSecurityPerimeterAssociations_List``): for each,
``privateLinkResource.id`` and ``accessMode`` (``Enforced``, ``Learning``, ``Audit``). A vault whose
``publicNetworkAccess`` is ``SecuredByPerimeter`` is judged from its association."""

SOURCES = (
    Source(
        name="perimeters",
        title="Network security perimeters' resource associations",
        records=("perimeter_associations",),
        reads=(
            Read(
                PERIMETERS_LIST,
                Listing.SUBSCRIPTION,
                ("perimeter_associations",),
                note="only when a vault is secured by a perimeter",
                reader="assess.collectors.network:list_perimeters",
                parents=("vaults",),
                when="assess.collectors.network:secured_by_perimeter",
                yields="network_security_perimeters",
            ),
            Read(
                PERIMETER_ASSOCIATIONS_LIST,
                Listing.PARENT,
                ("perimeter_associations",),
                reader="assess.collectors.network:list_associations",
                parents=("network_security_perimeters",),
            ),
        ),
        depends_on=("key_vaults",),
        nouns={
            "networksecurityperimeters": (
                "network security perimeter",
                "network security perimeters",
            ),
            "resourceassociations": ("perimeter association", "perimeter associations"),
        },
    ),
)

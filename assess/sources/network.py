"""Microsoft.Network: network security perimeters and the resources associated with them (always
read when a vault's public network access is ``SecuredByPerimeter``, and only then)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="perimeters",
        title="Network security perimeters' resource associations",
        records=("perimeter_associations",),
        reads=(
            Read(
                apis.PERIMETERS_LIST,
                Listing.SUBSCRIPTION,
                ("perimeter_associations",),
                note="only when a vault is secured by a perimeter",
            ),
            Read(apis.PERIMETER_ASSOCIATIONS_LIST, Listing.PARENT, ("perimeter_associations",)),
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

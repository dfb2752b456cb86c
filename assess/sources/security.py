"""Microsoft.Security: each subscription's Microsoft Defender for Key Vault plan."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="defender",
        title="the Microsoft Defender for Key Vault plan of each subscription",
        records=("defender_plans",),
        reads=(
            Read(
                apis.DEFENDER_KEY_VAULT_PRICING,
                Listing.SUBSCRIPTION,
                ("defender_plans",),
                role="Reader (or Security Reader)",
            ),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read each subscription's Microsoft Defender for Key Vault plan.",
    ),
)

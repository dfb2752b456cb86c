"""Microsoft.Security: each subscription's Microsoft Defender for Key Vault plan."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

DEFENDER_KEY_VAULT_PRICING = Operation(
    "GET Microsoft.Security/pricings",
    "/subscriptions/{subscription_id}/providers/Microsoft.Security/pricings/KeyVaults",
    "2024-01-01",
    permission="Microsoft.Security/pricings/read",
)
"""The subscription's Microsoft Defender for Key Vault plan: ``properties.pricingTier``
``Standard`` (on) or ``Free`` (off)."""

SOURCES = (
    Source(
        name="defender",
        title="the Microsoft Defender for Key Vault plan of each subscription",
        records=("defender_plans",),
        reads=(
            Read(
                DEFENDER_KEY_VAULT_PRICING,
                Listing.SUBSCRIPTION,
                ("defender_plans",),
                role="Reader (or Security Reader)",
                reader="assess.collectors.security:read_key_vault_plan",
            ),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read each subscription's Microsoft Defender for Key Vault plan.",
    ),
)

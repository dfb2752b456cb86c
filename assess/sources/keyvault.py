"""Microsoft.KeyVault: vaults, and per vault the metadata of its secrets and keys (always read;
management plane only, no value is ever returned)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

VAULTS_LIST = Operation(
    "GET Microsoft.KeyVault/vaults",
    "/subscriptions/{subscription_id}/providers/Microsoft.KeyVault/vaults",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/read",
)
VAULTS_LIST_RG = Operation(
    "GET Microsoft.KeyVault/vaults",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.KeyVault/vaults",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/read",
)
MANAGED_HSMS_LIST = Operation(
    "GET Microsoft.KeyVault/managedHSMs",
    "/subscriptions/{subscription_id}/providers/Microsoft.KeyVault/managedHSMs",
    "2026-02-01",
    permission="Microsoft.KeyVault/managedHSMs/read",
)
"""Managed HSM pools (``ManagedHsms_ListBySubscription``): soft delete, purge protection, public
network access and network rules, ``hsmUri``; ``sku`` at the top level."""
MANAGED_HSMS_LIST_RG = Operation(
    "GET Microsoft.KeyVault/managedHSMs",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.KeyVault/managedHSMs",
    "2026-02-01",
    permission="Microsoft.KeyVault/managedHSMs/read",
)
VAULT_GET = Operation(
    "GET Microsoft.KeyVault/vaults",
    "{scope}",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/read",
)
"""One vault's own body: read when a list returned the vault without ``properties``."""
SECRETS_LIST = Operation(
    "GET Microsoft.KeyVault/vaults/secrets",
    "{scope}/secrets",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/secrets/read",
)
KEYS_LIST = Operation(
    "GET Microsoft.KeyVault/vaults/keys",
    "{scope}/keys",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/keys/read",
)
KEY_GET = Operation(
    "GET Microsoft.KeyVault/vaults/keys",
    "{scope}",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/keys/read",
)
"""One key (``Keys_Get``): ``kty``, ``keySize``, ``curveName``, ``keyOps``,
``attributes.exportable`` and ``rotationPolicy``; no key material."""
KEY_VERSIONS_LIST = Operation(
    "GET Microsoft.KeyVault/vaults/keys/versions",
    "{scope}/versions",
    "2026-02-01",
    permission="Microsoft.KeyVault/vaults/keys/versions/read",
)
"""A key's versions (``Keys_ListVersions``), each with its attributes."""

SOURCES = (
    Source(
        name="key_vaults",
        title="Key Vaults and their secret and key metadata",
        records=("vaults", "secrets", "keys"),
        reads=(
            Read(VAULTS_LIST, Listing.SUBSCRIPTION, ("vaults",)),
            Read(VAULTS_LIST_RG, Listing.RESOURCE_GROUP, ("vaults",)),
            Read(
                VAULT_GET,
                Listing.PARENT,
                ("vaults",),
                note="only for a vault a list returned without properties",
                reader="assess.collectors.keyvault:read_vault",
                parents=("vaults",),
                when="assess.collectors.keyvault:lacks_properties",
            ),
            Read(
                SECRETS_LIST,
                Listing.PARENT,
                ("secrets",),
                note="management-plane metadata only; values are never read",
                reader="assess.collectors.keyvault:list_secrets",
                parents=("vaults",),
            ),
            Read(
                KEYS_LIST,
                Listing.PARENT,
                ("keys",),
                reader="assess.collectors.keyvault:list_keys",
                parents=("vaults",),
            ),
        ),
        depends_on=("resources",),
        parser="assess.collectors.keyvault:parse_vault",
        nouns={
            "vaults": ("key vault", "key vaults"),
            "managedhsms": ("managed HSM", "managed HSMs"),
            "secrets": ("secret", "secrets"),
            "keys": ("key", "keys"),
            "certificates": ("certificate", "certificates"),
        },
    ),
    Source(
        name="managed_hsms",
        title="Managed HSM pools' settings and diagnostic settings",
        records=("managed_hsms",),
        reads=(
            Read(MANAGED_HSMS_LIST, Listing.SUBSCRIPTION, ("managed_hsms",)),
            Read(MANAGED_HSMS_LIST_RG, Listing.RESOURCE_GROUP, ("managed_hsms",)),
        ),
        depends_on=("resources",),
        parser="assess.collectors.keyvault:parse_vault",
        switch=True,
        help="Read Managed HSM pools (soft delete, purge protection, network access, diagnostic "
        "settings) alongside the key vaults.",
    ),
    Source(
        name="key_details",
        title="each key's type, size, exportability, rotation policy and versions",
        records=("key_details", "key_versions"),
        reads=(
            Read(
                KEY_GET,
                Listing.PARENT,
                ("key_details",),
                note="no key material",
                reader="assess.collectors.keyvault:read_key",
                parents=("keys",),
            ),
            Read(
                KEY_VERSIONS_LIST,
                Listing.PARENT,
                ("key_versions",),
                reader="assess.collectors.keyvault:list_key_versions",
                parents=("keys",),
            ),
        ),
        depends_on=("key_vaults",),
        within="key_vaults",
        switch=True,
        help="Read each key's strength, exportability, rotation policy and versions (two calls "
        "per key).",
        nouns={"versions": ("key version", "key versions")},
    ),
)

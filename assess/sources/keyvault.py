"""Microsoft.KeyVault: vaults, and per vault the metadata of its secrets and keys (always read;
management plane only, no value is ever returned)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="key_vaults",
        title="Key Vaults and their secret and key metadata",
        records=("vaults", "secrets", "keys"),
        reads=(
            Read(apis.VAULTS_LIST, Listing.SUBSCRIPTION, ("vaults",)),
            Read(apis.VAULTS_LIST_RG, Listing.RESOURCE_GROUP, ("vaults",)),
            Read(
                apis.VAULT_GET,
                Listing.PARENT,
                ("vaults",),
                note="only for a vault a list returned without properties",
            ),
            Read(
                apis.SECRETS_LIST,
                Listing.PARENT,
                ("secrets",),
                note="management-plane metadata only; values are never read",
            ),
            Read(apis.KEYS_LIST, Listing.PARENT, ("keys",)),
        ),
        depends_on=("resources",),
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
            Read(apis.MANAGED_HSMS_LIST, Listing.SUBSCRIPTION, ("managed_hsms",)),
            Read(apis.MANAGED_HSMS_LIST_RG, Listing.RESOURCE_GROUP, ("managed_hsms",)),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read Managed HSM pools (soft delete, purge protection, network access, diagnostic "
        "settings) alongside the key vaults.",
    ),
    Source(
        name="key_details",
        title="each key's type, size, exportability, rotation policy and versions",
        records=("key_details", "key_versions"),
        reads=(
            Read(apis.KEY_GET, Listing.PARENT, ("key_details",), note="no key material"),
            Read(apis.KEY_VERSIONS_LIST, Listing.PARENT, ("key_versions",)),
        ),
        depends_on=("key_vaults",),
        switch=True,
        help="Read each key's strength, exportability, rotation policy and versions (two calls "
        "per key).",
        nouns={"versions": ("key version", "key versions")},
    ),
)

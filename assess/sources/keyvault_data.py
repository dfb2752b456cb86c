"""Key Vault and Managed HSM data planes: certificate metadata and policies, secret versions,
certificate contacts, Managed HSM local role assignments.

Every call goes to the host of the vault's own ``vaultUri`` (``hsmUri``), and only when that host
lies under the cloud's Key Vault (Managed HSM) DNS suffix. Metadata only: no certificate, private
key or secret value is ever requested. Resource Manager's Reader does not reach a data plane; a
data role (or an access policy) does, and without it these findings are ``unknown`` with the
permission named.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

KEY_VAULT_DATA_API = "7.5"
CERTIFICATES_LIST = Operation(
    "GET Key Vault certificates",
    "/certificates",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/vaults/certificates/read",
)
"""``GetCertificates`` on the vault's data plane: ``value[]`` of ``{id, x5t, attributes, tags}``
(epoch seconds), ``nextLink`` (may be null, may carry ``:443`` and another api-version)."""
CERTIFICATE_POLICY = Operation(
    "GET Key Vault certificate policy",
    "/certificates/{name}/policy",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/vaults/certificates/read",
)
"""``GetCertificatePolicy``: ``key_props``, ``x509_props.validity_months``, ``lifetime_actions``,
``issuer.name``. Never the certificate or its key."""
CERTIFICATE_VERSIONS_LIST = Operation(
    "GET Key Vault certificate versions",
    "/certificates/{name}/versions",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/vaults/certificates/read",
)
CERTIFICATE_CONTACTS = Operation(
    "GET Key Vault certificate contacts",
    "/certificates/contacts",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/vaults/certificatecontacts/write",
)
"""``GetCertificateContacts``: ``{"contacts": [...]}`` (empty for a vault with none). Key Vault has
no read-only permission for it: RBAC asks for the ``certificatecontacts/write`` data action, an
access policy for ``certificates/managecontacts``."""
SECRET_VERSIONS_LIST = Operation(
    "GET Key Vault secret versions",
    "/secrets/{name}/versions",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/vaults/secrets/readMetadata/action",
)
"""``GetSecretVersions``: each version's id and attributes; list items never carry a value."""
HSM_ROLE_ASSIGNMENTS_LIST = Operation(
    "GET Managed HSM role assignments",
    "///providers/Microsoft.Authorization/roleAssignments",
    KEY_VAULT_DATA_API,
    permission="Microsoft.KeyVault/managedHsm/roleAssignments/read/action",
)
"""``RoleAssignments_ListForScope`` with the scope ``/`` written into the path as Azure's SDKs
write it (``{hsmUri}/`` + ``/`` + ``/providers/...``): the HSM's local RBAC,
``value[]`` of ``{id, name, properties: {scope, roleDefinitionId, principalId}}``."""

_ACCESS_POLICY = "or an access policy with certificates list and get"

SOURCES = (
    Source(
        name="key_vault_data",
        title="each vault's certificates (metadata, policy, versions) and secret versions, from "
        "its data plane",
        records=("certificates", "certificate_policies", "certificate_versions", "secret_versions"),
        reads=(
            Read(
                CERTIFICATES_LIST,
                Listing.DATA_PLANE,
                ("certificates",),
                role="Key Vault Reader",
                data_action=True,
                note=f"or Key Vault Certificate User, {_ACCESS_POLICY}; metadata only",
            ),
            Read(
                CERTIFICATE_POLICY,
                Listing.DATA_PLANE,
                ("certificate_policies",),
                role="Key Vault Reader",
                data_action=True,
                note=f"{_ACCESS_POLICY}; never the certificate or its key",
            ),
            Read(
                CERTIFICATE_VERSIONS_LIST,
                Listing.DATA_PLANE,
                ("certificate_versions",),
                role="Key Vault Reader",
                data_action=True,
                note=_ACCESS_POLICY,
            ),
            Read(
                SECRET_VERSIONS_LIST,
                Listing.DATA_PLANE,
                ("secret_versions",),
                role="Key Vault Reader",
                data_action=True,
                note="or Key Vault Secrets User, or an access policy with secrets list; "
                "metadata only, never a value",
            ),
        ),
        depends_on=("key_vaults",),
        within="key_vaults",
        switch=True,
        help="Read each vault's data plane (its vaultUri only): certificate metadata, policies "
        "and versions, and secret versions; needs a Key Vault data role such as Key Vault "
        "Reader (never a value).",
        nouns={"contacts": ("certificate contact list", "certificate contact lists")},
    ),
    Source(
        name="certificate_contacts",
        title="each vault's certificate contacts (who is told before a certificate expires)",
        records=("certificate_contacts",),
        reads=(
            Read(
                CERTIFICATE_CONTACTS,
                Listing.DATA_PLANE,
                ("certificate_contacts",),
                role="Key Vault Certificates Officer",
                data_action=True,
                note="Key Vault has no read-only permission for contacts (an access policy "
                "needs certificates managecontacts); only their number is kept",
            ),
        ),
        depends_on=("key_vaults",),
        switch=True,
        default=False,
        help="Read each vault's certificate contacts (only how many); Key Vault asks for the "
        "certificatecontacts/write data action even to read them, so this is off by default.",
    ),
    Source(
        name="managed_hsm_rbac",
        title="Managed HSM local role assignments at the HSM's / scope, from its data plane",
        records=("hsm_role_assignments",),
        reads=(
            Read(
                HSM_ROLE_ASSIGNMENTS_LIST,
                Listing.DATA_PLANE,
                ("hsm_role_assignments",),
                role="Managed HSM Crypto Auditor",
                data_action=True,
                note="a Managed HSM local role, assigned on the HSM itself",
            ),
        ),
        depends_on=("managed_hsms",),
        switch=True,
        help="Read each Managed HSM's local role assignments (its hsmUri only); needs a local "
        "role such as Managed HSM Crypto Auditor.",
        nouns={"roleassignments": ("role assignment", "role assignments")},
    ),
)

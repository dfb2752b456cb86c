"""The Azure REST operations waf-assess reads, with the api-version of each, in one place.

Collectors build URLs from these; the demo generator and the cassettes use the same table, so a
recording made by one version of the tool replays in the same version. Paths are relative to the
cloud's Resource Manager endpoint (see :mod:`assess.cloud`). Every operation here is a read: a GET,
or a POST to a documented list/query action (``READ_POSTS``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    """Shown in evidence and gaps, e.g. ``GET Microsoft.KeyVault/vaults``."""
    path: str
    """Path template below the ARM endpoint; ``{scope}`` is a full ARM id without trailing slash."""
    api_version: str
    permission: str = ""
    """The Azure RBAC action that allows the call (in the built-in Reader role, except the app
    settings and connection strings lists)."""

    def url(self, base: str, **params: str) -> str:
        return f"{base.rstrip('/')}{self.path.format(**params)}?api-version={self.api_version}"


SUBSCRIPTIONS_LIST = Operation(
    "GET Microsoft.Resources/subscriptions",
    "/subscriptions",
    "2022-12-01",
    permission="Microsoft.Resources/subscriptions/read",
)
SUBSCRIPTION_GET = Operation(
    "GET Microsoft.Resources/subscriptions",
    "/subscriptions/{subscription_id}",
    "2022-12-01",
    permission="Microsoft.Resources/subscriptions/read",
)
RESOURCE_GROUPS_LIST = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups",
    "2021-04-01",
    permission="Microsoft.Resources/subscriptions/resourceGroups/read",
)
RESOURCE_GROUP_GET = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}",
    "2021-04-01",
    permission="Microsoft.Resources/subscriptions/resourceGroups/read",
)
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
DIAGNOSTIC_SETTINGS_LIST = Operation(
    "GET Microsoft.Insights/diagnosticSettings",
    "{scope}/providers/Microsoft.Insights/diagnosticSettings",
    "2021-05-01-preview",
    permission="Microsoft.Insights/diagnosticSettings/read",
)
ROLE_ASSIGNMENTS_LIST = Operation(
    "GET Microsoft.Authorization/roleAssignments",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleAssignments",
    "2022-04-01",
    permission="Microsoft.Authorization/roleAssignments/read",
)
ROLE_DEFINITIONS_LIST = Operation(
    "GET Microsoft.Authorization/roleDefinitions",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions",
    "2022-04-01",
    permission="Microsoft.Authorization/roleDefinitions/read",
)

SITES_LIST = Operation(
    "GET Microsoft.Web/sites",
    "/subscriptions/{subscription_id}/providers/Microsoft.Web/sites",
    "2024-04-01",
    permission="Microsoft.Web/sites/Read",
)
SITES_LIST_RG = Operation(
    "GET Microsoft.Web/sites",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.Web/sites",
    "2024-04-01",
    permission="Microsoft.Web/sites/Read",
)
APP_SETTINGS_LIST = Operation(
    "POST Microsoft.Web/sites/config/appsettings/list",
    "{scope}/config/appsettings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/list/Action",
)
"""The app settings of one site, values included: NOT in Reader (see README, Permissions needed).

The collector classifies each value in memory and keeps none of them."""
CONNECTION_STRINGS_LIST = Operation(
    "POST Microsoft.Web/sites/config/connectionstrings/list",
    "{scope}/config/connectionstrings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/list/Action",
)
"""The connection strings of one site: ``{"properties": {NAME: {"value", "type"}}}``; as above."""
SLOTS_LIST = Operation(
    "GET Microsoft.Web/sites/slots",
    "{scope}/slots",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/Read",
)
"""A site's deployment slots (``WebApps_ListSlots``): site bodies named ``{site}/{slot}``."""
SLOT_APP_SETTINGS_LIST = Operation(
    "POST Microsoft.Web/sites/slots/config/appsettings/list",
    "{scope}/config/appsettings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/config/list/Action",
)
"""A slot's app settings, values included (``WebApps_ListApplicationSettingsSlot``): as a site's."""
SLOT_CONNECTION_STRINGS_LIST = Operation(
    "POST Microsoft.Web/sites/slots/config/connectionstrings/list",
    "{scope}/config/connectionstrings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/config/list/Action",
)
"""A slot's connection strings (``WebApps_ListConnectionStringsSlot``): as a site's."""
SLOT_CONFIG_NAMES = Operation(
    "GET Microsoft.Web/sites/config/slotConfigNames",
    "{scope}/config/slotConfigNames",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/Read",
)
"""The names of a site's slot-sticky settings (``WebApps_ListSlotConfigurationNames``):
``properties.appSettingNames`` and ``properties.connectionStringNames``; no value."""

SYSTEM_TOPICS_LIST = Operation(
    "GET Microsoft.EventGrid/systemTopics",
    "/subscriptions/{subscription_id}/providers/Microsoft.EventGrid/systemTopics",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/read",
)
"""Event Grid system topics: the events an Azure resource (here, a key vault) publishes."""
SYSTEM_TOPICS_LIST_RG = Operation(
    "GET Microsoft.EventGrid/systemTopics",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.EventGrid/systemTopics",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/read",
)
EVENT_SUBSCRIPTIONS_LIST = Operation(
    "GET Microsoft.EventGrid/systemTopics/eventSubscriptions",
    "{scope}/eventSubscriptions",
    "2025-02-15",
    permission="Microsoft.EventGrid/systemTopics/eventSubscriptions/read",
)
"""The event subscriptions of one system topic: ``filter.includedEventTypes`` and where events go."""

STORAGE_ACCOUNTS_LIST = Operation(
    "GET Microsoft.Storage/storageAccounts",
    "/subscriptions/{subscription_id}/providers/Microsoft.Storage/storageAccounts",
    "2025-06-01",
    permission="Microsoft.Storage/storageAccounts/read",
)
"""Storage accounts with ``keyCreationTime``, ``keyPolicy`` and ``allowSharedKeyAccess``: the age
of their access keys is read from here; the keys themselves are never listed."""
STORAGE_ACCOUNTS_LIST_RG = Operation(
    "GET Microsoft.Storage/storageAccounts",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.Storage/storageAccounts",
    "2025-06-01",
    permission="Microsoft.Storage/storageAccounts/read",
)

DEPLOYMENTS_LIST_RG = Operation(
    "GET Microsoft.Resources/deployments",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}/providers/Microsoft.Resources/deployments/",
    "2025-04-01",
    permission="Microsoft.Resources/deployments/read",
)
"""A resource group's deployment history, plain parameter and output values included (read in
memory, classified, dropped); secure parameters come back without a value."""
DEPLOYMENTS_LIST = Operation(
    "GET Microsoft.Resources/deployments",
    "/subscriptions/{subscription_id}/providers/Microsoft.Resources/deployments/",
    "2025-04-01",
    permission="Microsoft.Resources/deployments/read",
)
"""The subscription-scope deployment history."""

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

DEFENDER_KEY_VAULT_PRICING = Operation(
    "GET Microsoft.Security/pricings",
    "/subscriptions/{subscription_id}/providers/Microsoft.Security/pricings/KeyVaults",
    "2024-01-01",
    permission="Microsoft.Security/pricings/read",
)
"""The subscription's Microsoft Defender for Key Vault plan: ``properties.pricingTier``
``Standard`` (on) or ``Free`` (off)."""

PERMISSIONS_SUBSCRIPTION = Operation(
    "GET Microsoft.Authorization/permissions",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/permissions",
    "2022-04-01",
    permission="Microsoft.Authorization/permissions/read",
)
"""The caller's own effective actions at subscription scope (see :data:`PERMISSIONS_RESOURCE_GROUP`)."""
PERMISSIONS_RESOURCE_GROUP = Operation(
    "GET Microsoft.Authorization/permissions",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}/providers/Microsoft.Authorization/permissions",
    "2022-04-01",
    permission="Microsoft.Authorization/permissions/read",
)
"""The caller's own effective actions at one resource group.

What was established, and from where:

* The REST reference "Permissions - List For Resource Group" (learn.microsoft.com,
  rest/api/authorization/permissions, api-version 2022-04-01; operation id
  ``Permissions_ListForResourceGroup``, ``AzurePermissionsForResourceGroup_List`` in the .NET SDK)
  documents this path, answers ``200`` with a ``PermissionGetResult``
  ``{"value": [Permission], "nextLink"?}`` (paged), each ``Permission`` holding ``actions``,
  ``notActions``, ``dataActions``, ``notDataActions``, and names
  ``Microsoft.Authorization/permissions/read`` as the permission needed to call it (included in
  ``Microsoft.Authorization/*/read`` and in Reader's ``*/read``). Errors use the Resource Manager
  ``{"error": {"code", "message"}}`` shape.
* The subscription-scope form has no page of its own in that reference (it lists the
  resource-group and resource forms only). It is documented in the Azure Resource Manager article
  "Use Resource Manager authentication API to access subscriptions" (MicrosoftDocs/azure-docs,
  articles/azure-resource-manager/resource-manager-api-authentication.md), with a sample answer
  ``{"value":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/Write", ...]},
  {"actions":["*/read"],"notActions":[]}]}``, and is what public deployment scripts call with
  api-version 2022-04-01. The same shape and permission are assumed.
* Each element of ``value`` is one set of grants reaching the scope (the article's sample has one
  per role). The article's rule: an action is allowed when it is in some element's ``actions`` and
  not in that same element's ``notActions``; notActions subtract within an element and deny
  nothing granted by another (as in role definitions). Patterns are case-insensitive and ``*``
  matches any run of characters, ``/`` included (``*/read``, ``Microsoft.KeyVault/*``).
* Nothing in the shape expresses deny assignments, nor grants made below the scope: an action
  allowed here can still be refused for some resources below it, and a list call then leaves
  those resources out without an error (see docs/snapshot.md).
"""


# ---- Key Vault and Managed HSM data planes: paths below the vault's own ``vaultUri`` ----------
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


@dataclass(frozen=True)
class GraphOperation(Operation):
    """A Microsoft Graph call. ``path`` is below the cloud's Graph endpoint and its version
    (``api_version``, ``v1.0``); ``query`` holds the OData options; ``permission`` is a Microsoft
    Graph permission granted in Microsoft Entra ID, not an Azure RBAC action (the Directory Readers
    role holds every one named here)."""

    query: str = ""

    def url(self, base: str, **params: str) -> str:
        query = f"?{self.query}" if self.query else ""
        return f"{base.rstrip('/')}/{self.api_version}{self.path.format(**params)}{query}"


GRAPH_APPLICATIONS = GraphOperation(
    "GET Microsoft.Graph/applications",
    "/applications",
    "v1.0",
    permission="Application.Read.All",
    query="$select=id,appId,displayName,tags,passwordCredentials,keyCredentials"
    "&$expand=federatedIdentityCredentials($select=id)&$top=999",
)
"""App registrations with their client secrets and certificates (dates and names: Graph never
returns a secret's value in a list, ``secretText`` is only ever in ``addPassword``'s answer) and
their federated identity credentials (only their ids, to count them). Paged by
``@odata.nextLink``."""
GRAPH_SERVICE_PRINCIPALS = GraphOperation(
    "GET Microsoft.Graph/servicePrincipals",
    "/servicePrincipals",
    "v1.0",
    permission="Application.Read.All",
    query="$select=id,appId,displayName,tags,servicePrincipalType,accountEnabled,"
    "appOwnerOrganizationId,passwordCredentials,keyCredentials&$top=999",
)
"""Service principals (enterprise applications and managed identities) with the credentials
added to the service principal itself, which the portal does not show."""
GRAPH_GET_BY_IDS = GraphOperation(
    "POST Microsoft.Graph/directoryObjects/getByIds",
    "/directoryObjects/getByIds",
    "v1.0",
    permission="Directory.Read.All",
)
"""Users, groups and service principals by object id, up to 1,000 ids a call; an id that names
no object (a deleted principal) is left out of the answer."""
GRAPH_TRANSITIVE_MEMBERS = GraphOperation(
    "GET Microsoft.Graph/groups/transitiveMembers",
    "/groups/{group_id}/transitiveMembers",
    "v1.0",
    permission="GroupMember.Read.All",
    query="$select=id,displayName&$top=999",
)
"""Every member of a group, nested groups' members included; each with its ``@odata.type``."""


def permission_for(operation_name: str) -> str:
    """The RBAC action behind an operation name as shown in evidence and gaps, or ``""``."""
    for value in globals().values():
        if isinstance(value, Operation) and value.name == operation_name and value.permission:
            return value.permission
    return ""


READ_POSTS: tuple[str, ...] = (
    "/config/appsettings/list",
    "/config/connectionstrings/list",
    "/providers/Microsoft.ResourceGraph/resources",
    "/query",
    "/directoryObjects/getByIds",
    "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults",
)
"""Path endings of the documented read-style POST actions waf-assess may call."""

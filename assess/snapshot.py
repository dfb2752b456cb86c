"""The Snapshot: everything the collectors saw, as plain serialisable evidence, and never a secret value.

A snapshot is written by ``assess collect``, read by ``assess evaluate``, and passed to every check.
Its JSON form is versioned by ``schema_version``; a reader refuses any other version.

Conventions (see docs/snapshot.md):

* ids are kept as Azure returned them; compare them with :func:`norm_id`.
* timestamps are UTC ``datetime``; Key Vault epoch seconds are converted by the collectors.
* ``None`` means "the service did not return this property", never "false".
* a call that failed is a :class:`Gap` in ``gaps``; the engine turns every finding inside a gap's
  scope into ``unknown``.
* ``collected`` lists the evidence kinds a collector ran for; a kind absent from it was never looked
  at, and checks that need it are ``unknown``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assess.codefindings import CodeFinding as CodeFinding
from assess.codefindings import ScannerEvidence as ScannerEvidence
from assess.errors import InputError, SchemaVersionError, first_problem
from assess.outputs import write_file
from assess.visible import json_escaped

SCHEMA_VERSION = "1"


def norm_id(resource_id: str) -> str:
    """Canonical form for comparing Azure ids: lower case, no trailing slash, leading slash."""
    value = resource_id.strip().rstrip("/").lower()
    if value and not value.startswith("/") and not value.startswith(("http://", "https://")):
        value = "/" + value
    return value


def in_scope(resource_id: str, scope: str) -> bool:
    """True when ``resource_id`` is ``scope`` or lies below it (case-insensitive)."""
    rid, sc = norm_id(resource_id), norm_id(scope)
    return rid == sc or rid.startswith(sc + "/") or sc == "/"


def subscription_of(resource_id: str) -> str:
    """The subscription GUID in an ARM id, or ``""``."""
    parts = norm_id(resource_id).split("/")
    if len(parts) > 2 and parts[1] == "subscriptions":
        return parts[2]
    return ""


def resource_group_of(resource_id: str) -> str:
    """The resource group name in an ARM id (lower-cased), or ``""``."""
    parts = norm_id(resource_id).split("/")
    if len(parts) > 4 and parts[3] == "resourcegroups":
        return parts[4]
    return ""


def last_segment(resource_id: str) -> str:
    return resource_id.rstrip("/").rsplit("/", 1)[-1]


def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Case-insensitive shell-style glob where ``*`` also crosses ``/`` (for resource ids)."""
    parts = (re.escape(p) for p in pattern.split("*"))
    return re.compile("^" + ".*".join(parts) + "$", re.IGNORECASE)


class Record(BaseModel):
    """Base for evidence records: frozen, extra fields refused."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Subscription(Record):
    id: str
    """``/subscriptions/{guid}``"""
    subscription_id: str
    display_name: str = ""
    state: str = ""
    tenant_id: str = ""
    tags: dict[str, str] = Field(default_factory=dict)


class ResourceGroup(Record):
    id: str
    name: str
    subscription_id: str
    location: str = ""
    tags: dict[str, str] = Field(default_factory=dict)


class NetworkAcls(Record):
    default_action: str | None = None
    """``Allow`` or ``Deny``; None when not returned."""
    bypass: str | None = None
    ip_rules: int = 0
    virtual_network_rules: int = 0
    ip_ranges: tuple[str, ...] = ()
    """``ipRules[].value`` as returned (addresses or CIDR ranges, e.g. ``124.56.78.91/32``)."""


class AccessPolicy(Record):
    object_id: str
    tenant_id: str = ""
    application_id: str | None = None
    secrets: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    certificates: tuple[str, ...] = ()


class TrackedResource(Record):
    """What every resource in a resource group carries: its id, name, place and tags."""

    id: str
    name: str
    subscription_id: str
    resource_group: str
    location: str = ""
    tags: dict[str, str] = Field(default_factory=dict)


class Vault(TrackedResource):
    sku: str | None = None
    tenant_id: str | None = None
    vault_uri: str | None = None
    enable_soft_delete: bool | None = None
    soft_delete_retention_days: int | None = None
    enable_purge_protection: bool | None = None
    enable_rbac_authorization: bool | None = None
    public_network_access: str | None = None
    network_acls: NetworkAcls | None = None
    private_endpoint_states: tuple[str, ...] = ()
    """``privateLinkServiceConnectionState.status`` of each private endpoint connection."""
    access_policies: tuple[AccessPolicy, ...] = ()
    kind: str = "vault"
    """``vault`` or ``managedHSM``."""


class ItemAttributes(Record):
    """Key Vault attributes of a secret or key (current version), converted from epoch seconds."""

    enabled: bool | None = None
    created: datetime | None = None
    updated: datetime | None = None
    expires: datetime | None = None
    not_before: datetime | None = None
    recovery_level: str | None = None


class SecretMeta(Record):
    """Secret metadata from the management plane. Holds no value, by construction."""

    id: str
    name: str
    vault_id: str
    attributes: ItemAttributes = Field(default_factory=ItemAttributes)
    content_type: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)
    managed: bool | None = None
    """True when a Key Vault certificate manages this secret (its backing secret); reported by the
    data plane only, so None when not read."""


class KeyMeta(Record):
    id: str
    name: str
    vault_id: str
    attributes: ItemAttributes = Field(default_factory=ItemAttributes)
    kty: str | None = None
    tags: dict[str, str] = Field(default_factory=dict)


class LifetimeAction(Record):
    """One lifetime action of a key rotation policy: ``rotate`` or ``notify``, and its trigger."""

    action: str
    """As returned, e.g. ``rotate``, ``Rotate``, ``notify``."""
    time_after_create: str | None = None
    """ISO-8601 duration (``P90D``) after the version's creation; None when not set."""
    time_before_expiry: str | None = None
    """ISO-8601 duration before the version's expiry; None when not set."""


class RotationPolicy(Record):
    """``properties.rotationPolicy`` of a key (Resource Manager ``Keys_Get``)."""

    expiry_time: str | None = None
    """``attributes.expiryTime``: the lifetime given to each new version (ISO-8601 duration)."""
    lifetime_actions: tuple[LifetimeAction, ...] = ()


class KeyDetail(Record):
    """What Resource Manager's ``Keys_Get`` adds to a listed key (Reader is enough): its type,
    strength, operations, exportability and rotation policy. Never key material."""

    id: str
    """The key's id, as in :class:`KeyMeta`."""
    vault_id: str
    kty: str | None = None
    """``RSA``, ``RSA-HSM``, ``EC``, ``EC-HSM``, ``oct-HSM``."""
    key_size: int | None = None
    curve_name: str | None = None
    key_ops: tuple[str, ...] = ()
    exportable: bool | None = None
    """``attributes.exportable``; None when not returned (a key without a release policy cannot
    be exported)."""
    rotation_policy: RotationPolicy | None = None
    """None when the key has no rotation policy (absent from the body)."""


class KeyVersion(Record):
    """One version of a key (``Keys_ListVersions``): when it was made and whether it still works."""

    id: str
    key_id: str
    version: str
    attributes: ItemAttributes = Field(default_factory=ItemAttributes)


class Certificate(Record):
    """A Key Vault certificate as the data plane lists it (``GET {vaultUri}/certificates``):
    metadata only, never the certificate's content or its private key."""

    id: str
    """``{vault id}/certificates/{name}``: below the vault's Resource Manager id, so a gap over
    the vault covers it."""
    name: str
    vault_id: str
    attributes: ItemAttributes = Field(default_factory=ItemAttributes)
    tags: dict[str, str] = Field(default_factory=dict)


class CertificateLifetimeAction(Record):
    """One lifetime action of a certificate policy: ``AutoRenew`` or ``EmailContacts``."""

    action: str
    lifetime_percentage: int | None = None
    days_before_expiry: int | None = None


class CertificatePolicy(Record):
    """``GET {vaultUri}/certificates/{name}/policy``: how the certificate is issued and renewed."""

    id: str
    """The certificate's id (as in :class:`Certificate`)."""
    vault_id: str
    issuer: str | None = None
    """``issuer.name``: ``Self`` (self-signed), ``Unknown`` (issued outside the vault) or the name
    of an issuer the vault holds (an integrated CA such as DigiCert or GlobalSign)."""
    validity_months: int | None = None
    kty: str | None = None
    key_size: int | None = None
    curve: str | None = None
    exportable: bool | None = None
    content_type: str | None = None
    ekus: tuple[str, ...] = ()
    """``x509_props.ekus``: extended key usages (``1.3.6.1.5.5.7.3.1`` is TLS server auth)."""
    lifetime_actions: tuple[CertificateLifetimeAction, ...] = ()


class ItemVersion(Record):
    """One version of a certificate or secret as the data plane lists it (metadata only)."""

    id: str
    item_id: str
    """The certificate's or secret's id (as in :class:`Certificate` / :class:`SecretMeta`)."""
    version: str
    attributes: ItemAttributes = Field(default_factory=ItemAttributes)


class CertificateContacts(Record):
    """``GET {vaultUri}/certificates/contacts``: who is told when a certificate nears expiry.
    Only how many contacts there are is kept (never their e-mail addresses or phone numbers)."""

    id: str
    """``{vault id}/certificates/contacts``."""
    vault_id: str
    contacts: int = 0


class HsmRoleAssignment(Record):
    """A Managed HSM local role assignment (data plane
    ``GET {hsmUri}/providers/Microsoft.Authorization/roleAssignments``)."""

    id: str
    """``{managed HSM id}/roleAssignments/{name}``."""
    hsm_id: str
    scope: str
    """``/`` (every key of the HSM), ``/keys`` or ``/keys/{name}``."""
    role_definition_id: str
    principal_id: str


class RoleDefinition(Record):
    id: str
    guid: str
    """The trailing GUID: assignments reference definitions by it, whatever the id's scope."""
    role_name: str
    role_type: str = ""
    """``BuiltInRole`` or ``CustomRole``."""
    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()
    data_actions: tuple[str, ...] = ()
    not_data_actions: tuple[str, ...] = ()
    assignable_scopes: tuple[str, ...] = ()


def unique_definitions(definitions: Iterable[RoleDefinition]) -> tuple[RoleDefinition, ...]:
    """One definition per GUID (built-ins repeat in every subscription), sorted by id; of
    several, the one with the smallest id, whichever subscriptions were read first."""
    chosen: dict[str, RoleDefinition] = {}
    for definition in sorted(definitions, key=lambda d: norm_id(d.id)):
        chosen.setdefault(definition.guid.lower(), definition)
    return tuple(sorted(chosen.values(), key=lambda d: norm_id(d.id)))


class RoleAssignment(Record):
    id: str
    scope: str
    role_definition_id: str
    role_definition_guid: str
    principal_id: str
    principal_type: str = ""
    """``User``, ``Group``, ``ServicePrincipal``, ``ForeignGroup`` or ``Device``."""
    condition: str | None = None


class LogSetting(Record):
    category: str | None = None
    category_group: str | None = None
    enabled: bool = False


class DiagnosticSetting(Record):
    id: str
    name: str
    resource_id: str
    """The resource the setting belongs to (the vault)."""
    logs: tuple[LogSetting, ...] = ()
    workspace_id: str | None = None
    storage_account_id: str | None = None
    event_hub_authorization_rule_id: str | None = None
    marketplace_partner_id: str | None = None

    @property
    def has_destination(self) -> bool:
        return any(
            value
            for value in (
                self.workspace_id,
                self.storage_account_id,
                self.event_hub_authorization_rule_id,
                self.marketplace_partner_id,
            )
        )


class WebApp(TrackedResource):
    """An App Service or Functions site (``Microsoft.Web/sites``)."""

    kind: str = ""
    """As returned, e.g. ``app``, ``app,linux``, ``functionapp``, ``functionapp,linux``."""
    identity_type: str | None = None
    """``identity.type``: ``SystemAssigned``, ``UserAssigned``, both, or ``None``; None when absent."""
    user_assigned_identities: tuple[str, ...] = ()
    """Resource ids of the attached user-assigned identities (``identity.userAssignedIdentities``)."""
    key_vault_reference_identity: str | None = None
    """``properties.keyVaultReferenceIdentity``: the identity that resolves Key Vault references,
    ``SystemAssigned`` or a user-assigned identity's resource id; None when not returned."""
    https_only: bool | None = None
    state: str | None = None
    principal_ids: tuple[str, ...] = ()
    """Object ids of the app's managed identities (``identity.principalId`` and each
    ``userAssignedIdentities[].principalId``), lower-cased: what role assignments name."""


class StorageAccount(TrackedResource):
    """A storage account's access-key facts (``Microsoft.Storage/storageAccounts``), never a key."""

    allow_shared_key_access: bool | None = None
    """``properties.allowSharedKeyAccess``; None when absent (the service default: allowed)."""
    key1_created: datetime | None = None
    """``properties.keyCreationTime.key1``: when key1 was last generated; None when not reported."""
    key2_created: datetime | None = None
    key_expiration_days: int | None = None
    """``properties.keyPolicy.keyExpirationPeriodInDays``: the rotation reminder, when set."""
    created: datetime | None = None


class FoundCredential(Record):
    """A credential found in a value that was read and dropped: never the value itself."""

    name: str
    """The parameter, output or setting it was found in."""
    source: str
    """``parameter``, ``output`` or ``template_link`` for deployments."""
    rule_ids: tuple[str, ...]
    preview: str
    """At most the first 4 characters and the length."""
    fingerprint: str
    """Keyed HMAC-SHA256 of the value (recognises the same secret elsewhere, reveals nothing)."""
    credential_fingerprint: str = ""
    """The run's keyed fingerprint of the credential the value carries, normalised
    (:mod:`assess.fingerprints`); compared across the estate to find shared credentials."""


class Deployment(Record):
    """A deployment in the history of a resource group or subscription
    (``Microsoft.Resources/deployments``): what its plain values held, never the values."""

    id: str
    name: str
    subscription_id: str
    resource_group: str = ""
    """Empty for a subscription-scope deployment."""
    timestamp: datetime | None = None
    provisioning_state: str | None = None
    values_read: int = 0
    """Plain parameter and output values inspected (secure ones come back without a value)."""
    credentials: tuple[FoundCredential, ...] = ()


class DefenderPlan(Record):
    """A subscription's Microsoft Defender plan (``Microsoft.Security/pricings/{name}``)."""

    id: str
    subscription_id: str
    name: str
    """The plan, e.g. ``KeyVaults``."""
    pricing_tier: str | None = None
    """``Standard`` when the plan is on, ``Free`` when it is off."""
    sub_plan: str | None = None
    enablement_time: datetime | None = None


# The topic type of a Key Vault's Event Grid system topic, lower-cased as compared.
KEY_VAULT_TOPIC = "microsoft.keyvault.vaults"


class EventTopic(Record):
    """An Event Grid system topic (``Microsoft.EventGrid/systemTopics``): one resource's events."""

    id: str
    name: str
    subscription_id: str
    resource_group: str
    source: str
    """The resource whose events the topic carries (a key vault's id, as returned)."""
    topic_type: str
    """Lower-cased, e.g. ``microsoft.keyvault.vaults``."""
    provisioning_state: str | None = None


class EventSubscription(Record):
    """An event subscription of a system topic: which events go where (no endpoint URL kept)."""

    id: str
    topic_id: str
    name: str
    included_event_types: tuple[str, ...] | None = None
    """``filter.includedEventTypes``; None when absent or empty, which means every event type."""
    endpoint_type: str | None = None
    """``destination.endpointType``: ``AzureFunction``, ``WebHook``, ``StorageQueue``..."""
    provisioning_state: str | None = None


class AppSetting(Record):
    """One app setting or connection string of a site, classified in memory: never its value."""

    id: str
    """``{site id}/appsettings/{name}`` or ``{site id}/connectionstrings/{name}``."""
    site_id: str
    name: str
    source: str
    """``appsetting`` or ``connectionstring``."""
    value_kind: str
    """``key_vault_reference``, ``credential``, ``plain`` or ``empty``."""
    connection_type: str | None = None
    """A connection string's ``type`` (``SQLAzure``, ``Custom``...); None for app settings."""
    versionless: bool | None = None
    """For a Key Vault reference: True when it names no secret version (rotation is picked up)."""
    rule_ids: tuple[str, ...] = ()
    """For a credential: the detector rules that matched, or ``connection-string-password``."""
    preview: str = ""
    """For a credential: at most 4 leading characters and the length (assess.redact.preview)."""
    fingerprint: str = ""
    """For a credential: keyed HMAC-SHA256 of the value (assess.redact.Fingerprinter)."""
    reference_vault: str | None = None
    """For a Key Vault reference: the vault it reads from, as its lower-cased name (the first
    label of ``SecretUri``'s host, or ``VaultName``); None when it cannot be told."""
    credential_fingerprint: str = ""
    """The run's keyed fingerprint of the credential the value carries, normalised
    (:mod:`assess.fingerprints`); "" when the value cannot be a credential (short, a boolean, a
    number, a URL without a password, a Key Vault reference...)."""
    credential_target: str = ""
    """``service:name`` of what the credential opens when its connection string or URL names it
    (``storage:stpayments``, ``servicebus:sb-orders``; :func:`assess.fingerprints.target_of`);
    a host name, never a value."""


class WebAppSlot(WebApp):
    """A deployment slot of a site (``Microsoft.Web/sites/slots``): a live app of its own, whose
    settings are swapped with the production slot's unless they are slot-sticky."""

    app_id: str
    """The site the slot belongs to."""


class SlotConfigNames(Record):
    """A site's slot-sticky setting names (``config/slotConfigNames``): these stay with their slot
    when slots are swapped; every other setting travels with the swap."""

    id: str
    """``{site id}/config/slotConfigNames``."""
    site_id: str
    app_setting_names: tuple[str, ...] = ()
    connection_string_names: tuple[str, ...] = ()


class PerimeterAssociation(Record):
    """A resource associated with a network security perimeter
    (``Microsoft.Network/networkSecurityPerimeters/{nsp}/resourceAssociations``)."""

    id: str
    name: str
    perimeter_id: str
    """The perimeter's resource id (the association id less ``/resourceAssociations/{name}``)."""
    resource_id: str
    """``properties.privateLinkResource.id``: the associated resource (a key vault's id)."""
    access_mode: str | None = None
    """``Enforced``, ``Learning`` (transition) or ``Audit``; None when not returned."""
    provisioning_state: str | None = None
    has_provisioning_issues: str | None = None
    """``yes`` or ``no``, as returned."""


class LogQuery(Record):
    """One log query the tool ran (``assess.sources.logs``): where, over which window, what came back.

    Only counts and the window are kept; the rows themselves become the records of its family."""

    id: str
    """``{scope}/logQueries/{family}/{table}``: stable for one scope, family and table."""
    scope: str
    """The resource the query ran on: a subscription (resource-centric) or a workspace."""
    family: str
    """``vault_audit``, ``app_log_sample``..."""
    table: str
    via: str = "resource"
    """``resource`` (the subscription's resource-centric view) or ``workspace`` (a workspace
    named in a diagnostic setting)."""
    start: datetime
    end: datetime
    rows: int = 0
    table_found: bool = True
    """False when the table does not exist where the query looked (it answered nothing)."""


class VaultAccess(Record):
    """Key Vault audit events of one vault, summarised in the query by caller, address, operation
    and secret name: counts and times only, never a request or a value."""

    id: str
    """``{vault id}/auditEvents/{digest}``: stable for the same vault, caller, address,
    operation and secret."""
    vault_id: str
    caller: str = ""
    """The caller's object id (else application id, else user principal name) as logged."""
    caller_ip: str = ""
    operation: str = ""
    """``SecretGet``, ``SecretList``, ``VaultGet``..."""
    secret: str = ""
    """The secret's name for secret operations; "" otherwise."""
    events: int = 0
    denied: int = 0
    """Calls refused with HTTP 403 (no permission, or the firewall)."""
    first: datetime | None = None
    last: datetime | None = None
    tables: tuple[str, ...] = ()
    """``AZKVAuditLogs``, ``AzureDiagnostics``: where these events were found."""


class KeyEvent(Record):
    """An Activity Log event on a storage account's access keys: a key regenerated, or the keys
    listed (read). Who, when, and whether it succeeded; never a key."""

    id: str
    """``{account id}/keyEvents/{eventDataId}``."""
    resource_id: str
    """The storage account."""
    operation: str
    """``regenerateKey`` or ``listKeys``."""
    caller: str = ""
    """As the Activity Log names it: a user principal name or an object id."""
    time: datetime | None = None
    status: str = ""
    """``Succeeded``, ``Failed``..."""


class LogLeak(Record):
    """A credential found in an application's log messages (a summarised sample read by a log
    query and checked in memory by the credential detector): never the value itself."""

    id: str
    """``{resource id}/logLeaks/{fingerprint prefix}``: one per resource and value."""
    resource_id: str
    """The app the log lines came from (``_ResourceId``): a site, a container app..."""
    table: str
    """``AppServiceConsoleLogs``, ``AppServiceAppLogs``, ``AppTraces``, ``ContainerAppConsoleLogs_CL``."""
    rule_ids: tuple[str, ...]
    preview: str
    """At most the first 4 characters and the length."""
    fingerprint: str
    """Keyed HMAC-SHA256 of the value (the same secret elsewhere has the same fingerprint)."""
    credential_fingerprint: str = ""
    """The run's keyed fingerprint of the credential, normalised (:mod:`assess.fingerprints`):
    equal to an estate setting's when the same credential is live there."""
    lines: int = 0
    """Log lines with that same message in the window."""
    last: datetime | None = None


class EntraCredential(Record):
    """A client secret (``passwordCredentials``) or certificate (``keyCredentials``) of an app
    registration or a service principal: its name and dates, never its value. Graph lists none
    (``secretText`` is only in the answer that creates a secret) and ``hint``, the secret's first
    three characters, is not kept."""

    key_id: str
    kind: str
    """``secret`` (a password credential) or ``certificate`` (a key credential)."""
    display_name: str = ""
    start: datetime | None = None
    """``startDateTime``; None when absent."""
    end: datetime | None = None
    """``endDateTime``; None when absent (no end date). Year 9999 is kept as given."""
    usage: str | None = None
    """For a certificate: ``Verify`` (signs the app in) or ``Sign`` (signs SAML tokens)."""


class EntraApplication(Record):
    """An app registration (Microsoft Graph ``/applications``)."""

    id: str
    """``/applications/{object id}``: where findings about it point."""
    object_id: str
    app_id: str = ""
    display_name: str = ""
    tags: tuple[str, ...] = ()
    credentials: tuple[EntraCredential, ...] = ()
    federated_credentials: int | None = None
    """How many federated identity credentials it has; None when Graph did not say."""


class EntraServicePrincipal(Record):
    """A service principal (``/servicePrincipals``): an application's identity in this tenant, or
    a managed identity. ``credentials`` are those added to the service principal itself."""

    id: str
    """``/servicePrincipals/{object id}``."""
    object_id: str
    app_id: str = ""
    display_name: str = ""
    tags: tuple[str, ...] = ()
    service_principal_type: str | None = None
    """``Application``, ``ManagedIdentity``, ``Legacy`` or ``SocialIdp``."""
    account_enabled: bool | None = None
    owner_tenant_id: str | None = None
    """``appOwnerOrganizationId``: the tenant that owns its application."""
    credentials: tuple[EntraCredential, ...] = ()


class DirectoryPrincipal(Record):
    """A principal named in a role assignment or access policy, resolved by
    ``directoryObjects/getByIds``; ``found`` False when Graph left it out (it was deleted)."""

    id: str
    """The object id, lower-cased."""
    found: bool = True
    object_type: str = ""
    """``user``, ``group``, ``servicePrincipal``... (from ``@odata.type``)."""
    display_name: str = ""
    app_id: str | None = None
    service_principal_type: str | None = None


class GroupMember(Record):
    id: str
    """The member's object id, lower-cased."""
    object_type: str = ""
    display_name: str = ""


class GroupMembers(Record):
    """The transitive members of a group that holds a Key Vault data role or access policy."""

    id: str
    """The group's object id, lower-cased."""
    members: tuple[GroupMember, ...] = ()


class Gap(Record):
    """A call that failed: the evidence of ``kind`` under ``scope`` is missing or incomplete."""

    kind: str
    """The Snapshot field that is incomplete, e.g. ``role_assignments``."""
    scope: str
    """The id under which evidence is missing (subscription, resource group or resource)."""
    operation: str
    """The API operation, e.g. ``GET Microsoft.Authorization/roleAssignments``."""
    status_code: int | None = None
    error_code: str = ""
    message: str = ""
    """The service's message, shortened; never a secret (error bodies carry none)."""

    @property
    def reason(self) -> str:
        status = f"HTTP {self.status_code} " if self.status_code else ""
        code = f"{self.error_code}: " if self.error_code else ""
        return f"{self.operation} failed ({status}{code}{self.message})".replace(" ()", "")


JsonScalar = str | int | float | bool | None


class DeclaredResource(TrackedResource):
    """A resource of a source collected from its declaration (:mod:`assess.sources`): the
    properties the source names, by their REST names (dotted for nested ones); a property the
    service did not return is ``None``. A name with ``[]`` (``configuration.secrets[].name``)
    reads the field of every element of a list, in order: a tuple, ``None`` for an element
    without it."""

    type: str = ""
    properties: dict[str, JsonScalar | tuple[JsonScalar, ...]] = Field(default_factory=dict)
    parent: str = ""
    """For a resource listed below another (a namespace's authorization rule): the parent's id."""
    fingerprints: dict[str, str] = Field(default_factory=dict)
    """Sealed values (a source's ``values``) that may be credentials: the setting that holds
    each (an entry's key or name, or the property's own name) -> the run's keyed fingerprint of
    the credential it carries (:mod:`assess.fingerprints`). Never the value."""
    targets: dict[str, str] = Field(default_factory=dict)
    """For those settings: ``service:name`` of what the credential opens, when it names one."""

    def prop(self, name: str) -> JsonScalar:
        value = self.properties.get(name)
        return None if isinstance(value, tuple) else value

    def each(self, name: str) -> tuple[JsonScalar, ...]:
        """The values of a ``[]`` property, in list order; empty when the list was absent."""
        value = self.properties.get(name)
        return value if isinstance(value, tuple) else ()


class CodeScanEvidence(Record):
    """One scanned source repository or folder (``assess scan --repo``): redacted findings only."""

    id: str
    """``repo:<path as given>``: stable, and never an Azure id."""
    name: str
    path: str
    files: int = 0
    bytes: int = 0
    history_scanned: bool = False
    findings: tuple[CodeFinding, ...] = ()
    """Own and imported findings, already redacted (preview + keyed fingerprint)."""
    scanner_evidence: tuple[ScannerEvidence, ...] = ()
    bombs: int = 0
    """Archives not fully opened because they broke a limit."""
    unreadable: int = 0
    """Files that could not be scanned (each also recorded as a gap: their content is unknown)."""


class Identity(Record):
    type: str = "unknown"
    """``user``, ``service_principal``, ``managed_identity``, ``workload_identity``, ``replay``."""
    object_id: str = ""
    tenant_id: str = ""


class ManagementGroupScope(Record):
    """A management group the scope was given by (``--management-group``)."""

    id: str
    """The group's id (its name), as given."""
    display_name: str = ""
    path: tuple[str, ...] = ()
    """Display names from the tenant's root group down to this one (empty when not readable)."""
    subscriptions: int = 0
    """Subscriptions found below it, at any depth (before exclusions and skips)."""


class SkippedSubscription(Record):
    """A subscription in the scope asked for that was not read, and why."""

    subscription_id: str
    display_name: str = ""
    reason: str

    @property
    def line(self) -> str:
        """``skipped subscription <id> (<name>): <reason>``: one line for the user."""
        name = f" ({self.display_name})" if self.display_name else ""
        return f"skipped subscription {self.subscription_id}{name}: {self.reason}"


class CollectionScope(Record):
    subscriptions: tuple[str, ...] = ()
    all_subscriptions: bool = False
    resource_group: str | None = None
    management_groups: tuple[ManagementGroupScope, ...] = ()
    excluded_subscriptions: tuple[str, ...] = ()
    """``--exclude-subscription`` ids (lower-cased), as given."""
    excluded_management_groups: tuple[str, ...] = ()
    skipped: tuple[SkippedSubscription, ...] = ()
    """Subscriptions in scope that were not read (disabled, warned, past due, excluded, not
    visible), sorted by id."""
    shard: str | None = None
    """``K/N`` when this snapshot holds one slice of the scope (``assess collect --shard``)."""
    fingerprint_key_id: str = ""
    """Names the stable fingerprint key (``WAF_ASSESS_FINGERPRINT_KEY``) the values were
    fingerprinted with; ``""`` for a random per-run key. Slices merged into one snapshot must share
    it, or equal values in two slices would not match."""
    complete_vault_lists: tuple[str, ...] = ()
    """Subscriptions (lower-cased ids) whose vaults came from one subscription-wide list that the
    identity's permissions there allow (``Microsoft.KeyVault/vaults/read``); the vaults of the
    others were listed resource group by resource group (see docs/snapshot.md)."""


class Snapshot(BaseModel):
    """Everything collected in one run. Plain data; checks read it and never write it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: str = SCHEMA_VERSION
    tool_version: str = ""
    collected_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    cloud: str = "AzureCloud"
    tenant_id: str = ""
    identity: Identity = Field(default_factory=Identity)
    scope: CollectionScope = Field(default_factory=CollectionScope)
    collected: tuple[str, ...] = ()
    subscriptions: tuple[Subscription, ...] = ()
    resource_groups: tuple[ResourceGroup, ...] = ()
    vaults: tuple[Vault, ...] = ()
    managed_hsms: tuple[Vault, ...] = ()
    """Managed HSM pools (``Microsoft.KeyVault/managedHSMs``), as vault records of kind
    ``managedHSM``."""
    secrets: tuple[SecretMeta, ...] = ()
    keys: tuple[KeyMeta, ...] = ()
    key_details: tuple[KeyDetail, ...] = ()
    key_versions: tuple[KeyVersion, ...] = ()
    certificates: tuple[Certificate, ...] = ()
    certificate_policies: tuple[CertificatePolicy, ...] = ()
    certificate_versions: tuple[ItemVersion, ...] = ()
    certificate_contacts: tuple[CertificateContacts, ...] = ()
    secret_versions: tuple[ItemVersion, ...] = ()
    hsm_role_assignments: tuple[HsmRoleAssignment, ...] = ()
    role_definitions: tuple[RoleDefinition, ...] = ()
    role_assignments: tuple[RoleAssignment, ...] = ()
    diagnostic_settings: tuple[DiagnosticSetting, ...] = ()
    web_apps: tuple[WebApp, ...] = ()
    app_settings: tuple[AppSetting, ...] = ()
    web_app_slots: tuple[WebAppSlot, ...] = ()
    slot_settings: tuple[AppSetting, ...] = ()
    """App settings and connection strings of deployment slots (``site_id`` is the slot's id)."""
    slot_config_names: tuple[SlotConfigNames, ...] = ()
    event_topics: tuple[EventTopic, ...] = ()
    event_subscriptions: tuple[EventSubscription, ...] = ()
    defender_plans: tuple[DefenderPlan, ...] = ()
    storage_accounts: tuple[StorageAccount, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    perimeter_associations: tuple[PerimeterAssociation, ...] = ()
    code_scans: tuple[CodeScanEvidence, ...] = ()
    log_queries: tuple[LogQuery, ...] = ()
    vault_access: tuple[VaultAccess, ...] = ()
    key_events: tuple[KeyEvent, ...] = ()
    log_leaks: tuple[LogLeak, ...] = ()
    entra_applications: tuple[EntraApplication, ...] = ()
    entra_service_principals: tuple[EntraServicePrincipal, ...] = ()
    principals: tuple[DirectoryPrincipal, ...] = ()
    """Every principal of a role assignment or access policy, as Microsoft Graph names it."""
    group_members: tuple[GroupMembers, ...] = ()
    declared: dict[str, tuple[DeclaredResource, ...]] = Field(default_factory=dict)
    """Resources of the sources collected from their declarations, by evidence kind."""
    gaps: tuple[Gap, ...] = ()

    # ---- lookups used by checks and the engine (pure; indexed once per snapshot) -----------
    def records_of(self, kind: str) -> tuple[DeclaredResource, ...]:
        """The resources of ``kind``, a source collected from its declaration (e.g. a check's
        ``requires`` entry); empty when none were found or the source did not run."""
        return self.declared.get(kind, ())

    @cached_property
    def _vaults_by_id(self) -> dict[str, Vault]:
        return {norm_id(v.id): v for v in self.vaults}

    @cached_property
    def _settings_by_resource(self) -> dict[str, tuple[DiagnosticSetting, ...]]:
        found: dict[str, list[DiagnosticSetting]] = {}
        for setting in self.diagnostic_settings:
            found.setdefault(norm_id(setting.resource_id), []).append(setting)
        return {resource: tuple(settings) for resource, settings in found.items()}

    @cached_property
    def _definitions_by_guid(self) -> dict[str, RoleDefinition]:
        return {d.guid.lower(): d for d in self.role_definitions}

    @cached_property
    def _subscriptions_by_id(self) -> dict[str, Subscription]:
        return {s.subscription_id.lower(): s for s in self.subscriptions}

    @cached_property
    def _groups_by_key(self) -> dict[tuple[str, str], ResourceGroup]:
        return {(g.subscription_id.lower(), g.name.lower()): g for g in self.resource_groups}

    @cached_property
    def _principals_by_id(self) -> dict[str, DirectoryPrincipal]:
        return {p.id.lower(): p for p in self.principals}

    def principal(self, object_id: str) -> DirectoryPrincipal | None:
        """The principal Graph resolved for ``object_id``, or None when it was not looked up."""
        return self._principals_by_id.get(object_id.lower())

    def vault_by_id(self, vault_id: str) -> Vault | None:
        return self._vaults_by_id.get(norm_id(vault_id))

    def diagnostic_settings_of(self, resource_id: str) -> tuple[DiagnosticSetting, ...]:
        """The diagnostic settings of one resource, in collected order."""
        return self._settings_by_resource.get(norm_id(resource_id), ())

    def role_definition(self, guid_or_id: str) -> RoleDefinition | None:
        return self._definitions_by_guid.get(last_segment(guid_or_id).lower())

    def subscription(self, subscription_id: str) -> Subscription | None:
        return self._subscriptions_by_id.get(subscription_id.lower())

    def resource_group(self, subscription_id: str, name: str) -> ResourceGroup | None:
        return self._groups_by_key.get((subscription_id.lower(), name.lower()))


EVIDENCE_KINDS: tuple[str, ...] = tuple(
    name
    for name, field in Snapshot.model_fields.items()
    if name not in {"gaps", "collected", "scope", "identity"}
    and str(field.annotation).startswith("tuple[")
)
"""Every evidence kind a snapshot can hold (its tuple fields, less gaps and bookkeeping)."""


def dumps(model: BaseModel) -> str:
    """Deterministic JSON: sorted keys, two-space indent, trailing newline."""
    data = model.model_dump(mode="json")
    return json_escaped(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def save_snapshot(snapshot: Snapshot, path: Path) -> None:
    """Write the snapshot, creating its folder; one clear error when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, dumps(snapshot))
    except OSError as exc:
        raise InputError(
            f"cannot write the snapshot to {path}: {exc.strerror or exc}",
            hint="choose another path (a file, not a folder)",
        ) from None


def load_snapshot(path: Path) -> Snapshot:
    """Read a snapshot file, refusing other schema versions with a clear message."""
    data = read_json_file(path, "snapshot")
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: snapshot schema version {version!r} is not supported "
            f"(this tool reads version {SCHEMA_VERSION!r})",
            hint="collect it again with this version of waf-assess",
        )
    try:
        return Snapshot.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: not a valid snapshot: {first_problem(exc)}") from exc


def read_json_file(path: Path, what: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError(f"{what} file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {what} file {path}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"
        ) from exc

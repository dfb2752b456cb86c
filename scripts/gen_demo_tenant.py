"""Generate the demo tenant: ``cassettes/demo-contoso.yaml``, a recorded "Contoso" Azure estate.

The cassette is vcrpy YAML (version 1) that ``assess demo`` and the tests replay offline with
``record_mode="none"``, matching on method and full URI. Every request URI is built from the
operations the source declarations define (``assess/sources/<service>.py``, the single source of
paths and api-versions), or is a ``nextLink`` copied from a response body. There are no token requests and no Authorization headers: replay uses an offline
credential.

Every timestamp is an absolute value computed from the fixed demo clock :data:`AS_OF`
(``assess scan --as-of 2026-11-01T00:00:00Z``), never from the wall clock, so running this script
twice writes byte-identical files. What the estate contains, and why, is in docs/demo-tenant.md.

Usage::

    python scripts/gen_demo_tenant.py            # (re)write cassettes/demo-contoso.yaml
    python scripts/gen_demo_tenant.py --check    # exit 1 when the committed cassette is stale
    python scripts/gen_demo_tenant.py --output other.yaml
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import formatdate
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assess.apis import Operation  # noqa: E402
from assess.collectors.graph import grants_vault_data  # noqa: E402
from assess.snapshot import RoleDefinition  # noqa: E402
from assess.sources.authorization import (  # noqa: E402
    PERMISSIONS_SUBSCRIPTION,
    ROLE_ASSIGNMENTS_LIST,
    ROLE_DEFINITIONS_LIST,
)
from assess.sources.deployments import DEPLOYMENTS_LIST, DEPLOYMENTS_LIST_RG  # noqa: E402
from assess.sources.eventgrid import (  # noqa: E402
    EVENT_SUBSCRIPTIONS_LIST,
    SYSTEM_TOPICS_LIST,
    SYSTEM_TOPICS_LIST_RG,
)
from assess.sources.graph import (  # noqa: E402
    GRAPH_APPLICATIONS,
    GRAPH_GET_BY_IDS,
    GRAPH_SERVICE_PRINCIPALS,
    GRAPH_TRANSITIVE_MEMBERS,
)
from assess.sources.keyvault import (  # noqa: E402
    KEY_GET,
    KEY_VERSIONS_LIST,
    KEYS_LIST,
    MANAGED_HSMS_LIST,
    MANAGED_HSMS_LIST_RG,
    SECRETS_LIST,
    VAULTS_LIST,
    VAULTS_LIST_RG,
)
from assess.sources.keyvault_data import (  # noqa: E402
    CERTIFICATE_POLICY,
    CERTIFICATE_VERSIONS_LIST,
    CERTIFICATES_LIST,
    HSM_ROLE_ASSIGNMENTS_LIST,
    SECRET_VERSIONS_LIST,
)
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST  # noqa: E402
from assess.sources.network import PERIMETER_ASSOCIATIONS_LIST, PERIMETERS_LIST  # noqa: E402
from assess.sources.resources import (  # noqa: E402
    RESOURCE_GROUP_GET,
    RESOURCE_GROUPS_LIST,
    SUBSCRIPTION_GET,
    SUBSCRIPTIONS_LIST,
)
from assess.sources.security import DEFENDER_KEY_VAULT_PRICING  # noqa: E402
from assess.sources.storage import STORAGE_ACCOUNTS_LIST, STORAGE_ACCOUNTS_LIST_RG  # noqa: E402
from assess.sources.web import (  # noqa: E402
    APP_SETTINGS_LIST,
    CONNECTION_STRINGS_LIST,
    SITES_LIST,
    SITES_LIST_RG,
    SLOT_APP_SETTINGS_LIST,
    SLOT_CONFIG_NAMES,
    SLOT_CONNECTION_STRINGS_LIST,
    SLOTS_LIST,
)

ARM = "https://management.azure.com"
DEFAULT_OUTPUT = ROOT / "cassettes" / "demo-contoso.yaml"

AS_OF = "2026-11-01T00:00:00Z"
"""The demo clock: every age and expiry in the tenant is relative to this instant."""
AS_OF_EPOCH = int(datetime(2026, 11, 1, tzinfo=UTC).timestamp())
DAY = 86_400
RECORDED_AT = AS_OF_EPOCH - 2 * 3600
"""When the traffic was "recorded": two hours before the demo clock (response ``date`` headers)."""

CANARY = "CANARY-7f3a9c-DO-NOT-LEAK"
"""Planted only where a careless collector could copy a secret value (see docs/demo-tenant.md)."""

TENANT_ID = "cccccccc-0000-4000-8000-00000000c0de"
PROD_SUB = "aaaaaaaa-1111-4000-8000-000000000001"
DEV_SUB = "dddddddd-2222-4000-8000-000000000002"
SHARED_SUB = "eeeeeeee-3333-4000-8000-000000000003"
MANAGEMENT_GROUP = "/providers/Microsoft.Management/managementGroups/mg-contoso"
ASSESSOR_APP_ID = "0000a55e-55a0-4000-8000-000000000001"
"""The identity the estate was "recorded" with (its client id appears in 403 messages)."""

_NAMESPACE = uuid.UUID("cccccccc-0000-4000-8000-00000000c0de")


def guid(label: str) -> str:
    """A stable GUID for ``label`` (principals, assignments, request ids)."""
    return str(uuid.uuid5(_NAMESPACE, label))


def hex32(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()[:32]


def jitter(label: str, span: int) -> int:
    """A stable offset in ``[0, span)`` seconds, so timestamps do not all fall on midnight."""
    return int(hashlib.sha256(label.encode()).hexdigest()[:8], 16) % span


def days_ago(days: float, label: str) -> int:
    """Epoch seconds ``days`` before the demo clock, less up to three hours of stable jitter."""
    return AS_OF_EPOCH - int(days * DAY) - jitter(label, 3 * 3600)


def days_ahead(days: float, label: str) -> int:
    """Epoch seconds ``days`` after the demo clock (negative = in the past), plus a stable jitter."""
    return AS_OF_EPOCH + int(days * DAY) + jitter(label, 3 * 3600)


def iso7(epoch: int) -> str:
    """ISO-8601 with seven fractional digits and ``Z``, the way systemData reports times."""
    stamp = datetime.fromtimestamp(epoch, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{jitter(str(epoch), 10_000_000):07d}Z"


# ---------------------------------------------------------------------------------------------
# Principals (names are for the docs; only their object ids appear in responses)
# ---------------------------------------------------------------------------------------------

PRINCIPALS: dict[str, str] = {
    "sp-payments-api": "ServicePrincipal",
    "mi-payments": "ServicePrincipal",
    "mi-identity": "ServicePrincipal",
    "mi-orders": "ServicePrincipal",
    "mi-ci-runner": "ServicePrincipal",
    "sp-legacy-batch": "ServicePrincipal",
    "sp-assessor": "ServicePrincipal",
    "grp-platform-admins": "Group",
    "grp-platform-ops": "Group",
    "grp-secops-auditors": "Group",
    "grp-developers": "Group",
    "alice@contoso.example": "User",
    "bob@contoso.example": "User",
    "carol@contoso.example": "User",
}


def oid(principal: str) -> str:
    assert principal in PRINCIPALS, principal
    return guid(f"principal:{principal}")


# ---------------------------------------------------------------------------------------------
# Role definitions (REST shape). Key Vault built-ins converted from the documented CLI shape.
# ---------------------------------------------------------------------------------------------

OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
USER_ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c2a72009"
KV_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483"
KV_CERTIFICATES_OFFICER = "a4417e6f-fecd-4de8-b567-7b0420556985"
KV_CONTRIBUTOR = "f25e0fa2-a7c8-4377-a976-54943a77a395"
KV_CRYPTO_OFFICER = "14b46e9e-c2b7-41b4-b07b-48a6ebf60603"
KV_DATA_ACCESS_ADMIN = "8b54135c-b56d-4d72-a534-26097cfdc8d8"
KV_READER = "21090545-7ca7-4776-b22c-e363652d74d2"
KV_SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"
KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
CUSTOM_KV_OPERATOR = guid("role:Contoso Key Vault Operator")
CUSTOM_ASSESSMENT_SCOPE = guid("role:Contoso Assessment Scope Reader")
CUSTOM_SETTINGS_AUDITOR = guid("role:Contoso App Settings Auditor")

_KV_CONTROL_READ = [
    "Microsoft.Authorization/*/read",
    "Microsoft.Insights/alertRules/*",
    "Microsoft.Resources/deployments/*",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    "Microsoft.Support/*",
    "Microsoft.KeyVault/checkNameAvailability/read",
    "Microsoft.KeyVault/deletedVaults/read",
    "Microsoft.KeyVault/locations/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.KeyVault/operations/read",
]
_KV_ROLE_GUIDS = (
    "00482a5a-887f-4fb3-b363-3b7fe8e74483, a4417e6f-fecd-4de8-b567-7b0420556985, "
    "14b46e9e-c2b7-41b4-b07b-48a6ebf60603, e147488a-f6f5-4113-8e2d-b22465e65bf6, "
    "12338af0-0e69-4776-bea7-57ae8d297424, 21090545-7ca7-4776-b22c-e363652d74d2, "
    "b86a8fe4-44ce-4948-aee5-eccb2c155cd7, 4633458b-17de-408a-b874-0445c86b69e6"
)
_DATA_ACCESS_ADMIN_CONDITION = (
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR "
    "(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
    f"ForAnyOfAnyValues:GuidEquals{{{_KV_ROLE_GUIDS}}})) AND "
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR "
    "(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
    f"ForAnyOfAnyValues:GuidEquals{{{_KV_ROLE_GUIDS}}}))"
)


@dataclass(frozen=True)
class RoleDef:
    guid: str
    name: str
    description: str
    actions: list[str]
    not_actions: list[str] = field(default_factory=list)
    data_actions: list[str] = field(default_factory=list)
    condition: str | None = None
    custom: bool = False
    assignable: tuple[str, ...] = ()
    """A custom role's assignable scopes (empty: :data:`CUSTOM_ROLE_SCOPES`)."""
    created: str = "2020-11-11T20:13:24.4537391Z"
    updated: str = "2024-03-18T15:21:07.1054437Z"


ROLE_DEFS: tuple[RoleDef, ...] = (
    RoleDef(
        OWNER,
        "Owner",
        "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
        ["*"],
        created="2015-02-02T21:55:09.8806423Z",
        updated="2021-11-11T20:13:47.8628684Z",
    ),
    RoleDef(
        CONTRIBUTOR,
        "Contributor",
        "Lets you manage everything except access to resources.",
        ["*"],
        [
            "Microsoft.Authorization/*/Delete",
            "Microsoft.Authorization/*/Write",
            "Microsoft.Authorization/elevateAccess/Action",
            "Microsoft.Blueprint/blueprintAssignments/write",
            "Microsoft.Blueprint/blueprintAssignments/delete",
        ],
        created="2015-02-02T21:55:09.8806423Z",
        updated="2019-02-05T21:24:38.4580610Z",
    ),
    RoleDef(
        READER,
        "Reader",
        "View all resources, but does not allow you to make any changes.",
        ["*/read"],
        created="2015-02-02T21:55:09.8806423Z",
        updated="2021-11-11T20:13:50.6781596Z",
    ),
    RoleDef(
        USER_ACCESS_ADMIN,
        "User Access Administrator",
        "Lets you manage user access to Azure resources.",
        ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
        created="2015-02-02T21:55:09.8806423Z",
        updated="2021-11-11T20:13:50.9931608Z",
    ),
    RoleDef(
        KV_ADMINISTRATOR,
        "Key Vault Administrator",
        "Perform all data plane operations on a key vault and all objects in it, including "
        "certificates, keys, and secrets. Cannot manage key vault resources or manage role "
        "assignments. Only works for key vaults that use the 'Azure role-based access control' "
        "permission model.",
        _KV_CONTROL_READ,
        data_actions=["Microsoft.KeyVault/vaults/*"],
    ),
    RoleDef(
        KV_CERTIFICATES_OFFICER,
        "Key Vault Certificates Officer",
        "Perform any action on the certificates of a key vault, except manage permissions. Only "
        "works for key vaults that use the 'Azure role-based access control' permission model.",
        _KV_CONTROL_READ,
        data_actions=[
            "Microsoft.KeyVault/vaults/certificatecas/*",
            "Microsoft.KeyVault/vaults/certificates/*",
            "Microsoft.KeyVault/vaults/certificatecontacts/write",
        ],
    ),
    RoleDef(
        KV_CONTRIBUTOR,
        "Key Vault Contributor",
        "Lets you manage key vaults, but not access to them.",
        [
            "Microsoft.Authorization/*/read",
            "Microsoft.Insights/alertRules/*",
            "Microsoft.KeyVault/*",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Support/*",
        ],
        [
            "Microsoft.KeyVault/locations/deletedVaults/purge/action",
            "Microsoft.KeyVault/hsmPools/*",
            "Microsoft.KeyVault/managedHsms/*",
        ],
    ),
    RoleDef(
        KV_CRYPTO_OFFICER,
        "Key Vault Crypto Officer",
        "Perform any action on the keys of a key vault, except manage permissions. Only works for "
        "key vaults that use the 'Azure role-based access control' permission model.",
        _KV_CONTROL_READ,
        data_actions=[
            "Microsoft.KeyVault/vaults/keys/*",
            "Microsoft.KeyVault/vaults/keyrotationpolicies/*",
        ],
    ),
    RoleDef(
        KV_DATA_ACCESS_ADMIN,
        "Key Vault Data Access Administrator",
        "Manage access to Azure Key Vault by adding or removing role assignments for the Key Vault "
        "Administrator, Key Vault Certificates Officer, Key Vault Crypto Officer, Key Vault Crypto "
        "Service Encryption User, Key Vault Crypto User, Key Vault Reader, Key Vault Secrets "
        "Officer, or Key Vault Secrets User roles. Includes an ABAC condition to constrain role "
        "assignments.",
        [
            "Microsoft.Authorization/roleAssignments/write",
            "Microsoft.Authorization/roleAssignments/delete",
            "Microsoft.Authorization/*/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
            "Microsoft.Resources/subscriptions/read",
            "Microsoft.Management/managementGroups/read",
            "Microsoft.Resources/deployments/*",
            "Microsoft.Support/*",
            "Microsoft.KeyVault/vaults/*/read",
        ],
        condition=_DATA_ACCESS_ADMIN_CONDITION,
    ),
    RoleDef(
        KV_READER,
        "Key Vault Reader",
        "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive "
        "values such as secret contents or key material. Only works for key vaults that use the "
        "'Azure role-based access control' permission model.",
        _KV_CONTROL_READ,
        data_actions=[
            "Microsoft.KeyVault/vaults/*/read",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    ),
    RoleDef(
        KV_SECRETS_OFFICER,
        "Key Vault Secrets Officer",
        "Perform any action on the secrets of a key vault, except manage permissions. Only works "
        "for key vaults that use the 'Azure role-based access control' permission model.",
        _KV_CONTROL_READ,
        data_actions=["Microsoft.KeyVault/vaults/secrets/*"],
    ),
    RoleDef(
        KV_SECRETS_USER,
        "Key Vault Secrets User",
        "Read secret contents. Only works for key vaults that use the 'Azure role-based access "
        "control' permission model.",
        [],
        data_actions=[
            "Microsoft.KeyVault/vaults/secrets/getSecret/action",
            "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
        ],
    ),
    RoleDef(
        CUSTOM_KV_OPERATOR,
        "Contoso Key Vault Operator",
        "Platform operations: run key vaults end to end (control and data plane).",
        [
            "Microsoft.KeyVault/*",
            "Microsoft.Insights/diagnosticSettings/*",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
        ],
        data_actions=["Microsoft.KeyVault/vaults/*"],
        custom=True,
        created="2025-06-12T09:41:17.2280312Z",
        updated="2026-02-03T14:05:51.9034728Z",
    ),
    RoleDef(
        CUSTOM_ASSESSMENT_SCOPE,
        "Contoso Assessment Scope Reader",
        "Assessment identities: see the subscription, its resource groups and its access "
        "configuration, but none of its resources (those are granted group by group).",
        [
            "Microsoft.Authorization/*/read",
            "Microsoft.Resources/subscriptions/read",
            "Microsoft.Resources/subscriptions/resourceGroups/read",
        ],
        custom=True,
        assignable=(f"/subscriptions/{PROD_SUB}",),
        created="2026-09-28T08:12:40.5127731Z",
        updated="2026-09-28T08:12:40.5127731Z",
    ),
    RoleDef(
        CUSTOM_SETTINGS_AUDITOR,
        "Contoso App Settings Auditor",
        "Assessment identities: list App Service sites and read their app settings and "
        "connection strings (the values included, which is why this is granted apart).",
        ["Microsoft.Web/sites/read", "Microsoft.Web/sites/config/list/Action"],
        custom=True,
        assignable=(
            f"/subscriptions/{PROD_SUB}",
            f"/subscriptions/{DEV_SUB}",
            f"/subscriptions/{SHARED_SUB}",
        ),
        created="2026-10-02T10:27:03.9154408Z",
        updated="2026-10-02T10:27:03.9154408Z",
    ),
)


CUSTOM_ROLE_SCOPES = (f"/subscriptions/{PROD_SUB}", f"/subscriptions/{DEV_SUB}")


def _scopes(role: RoleDef) -> tuple[str, ...]:
    if not role.custom:
        return ("/",)
    return role.assignable or CUSTOM_ROLE_SCOPES


def _assignable(role: RoleDef, subscription_id: str) -> bool:
    """A subscription's list holds the built-ins and the custom roles assignable there."""
    return not role.custom or f"/subscriptions/{subscription_id}" in _scopes(role)


def role_definition_body(role: RoleDef, subscription_id: str) -> dict[str, Any]:
    permission: dict[str, Any] = {
        "actions": list(role.actions),
        "notActions": list(role.not_actions),
        "dataActions": list(role.data_actions),
        "notDataActions": [],
    }
    if role.condition:
        permission["conditionVersion"] = "2.0"
        permission["condition"] = role.condition
    creator = oid("alice@contoso.example") if role.custom else None
    return {
        "properties": {
            "roleName": role.name,
            "type": "CustomRole" if role.custom else "BuiltInRole",
            "description": role.description,
            "assignableScopes": list(_scopes(role)),
            "permissions": [permission],
            "createdOn": role.created,
            "updatedOn": role.updated,
            "createdBy": creator,
            "updatedBy": creator,
        },
        "id": f"/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions/{role.guid}",
        "type": "Microsoft.Authorization/roleDefinitions",
        "name": role.guid,
    }


# ---------------------------------------------------------------------------------------------
# Subscriptions and resource groups
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sub:
    key: str
    subscription_id: str
    display_name: str
    tags: dict[str, str]
    quota_id: str


SUBSCRIPTIONS: tuple[Sub, ...] = (
    Sub(
        "prod",
        PROD_SUB,
        "Contoso Production",
        {"environment": "production", "costCenter": "CC-1001", "businessUnit": "Retail"},
        "EnterpriseAgreement_2014-09-01",
    ),
    Sub(
        "dev",
        DEV_SUB,
        "Contoso Development",
        {"environment": "development", "costCenter": "CC-2002"},
        "MSDNDevTest_2014-09-01",
    ),
    Sub(
        "shared",
        SHARED_SUB,
        "Contoso Shared Services",
        {"costCenter": "CC-0001", "owner": "platform-team@contoso.example"},
        "EnterpriseAgreement_2014-09-01",
    ),
)
SUB_ID = {s.key: s.subscription_id for s in SUBSCRIPTIONS}


@dataclass(frozen=True)
class Group:
    sub: str
    name: str
    location: str
    tags: dict[str, str] | None
    denied: bool = False
    """The recording identity holds no role on this group: listing its vaults answers 403
    AuthorizationFailed, and the subscription-wide list leaves them out without an error."""
    managed_by: str | None = None


GROUPS: tuple[Group, ...] = (
    Group("prod", "rg-payments-prod", "westeurope", {"environment": "prod", "app": "payments"}),
    Group(
        "prod", "rg-identity-prod", "westeurope", {"environment": "production", "app": "identity"}
    ),
    Group("prod", "rg-orders-prod", "northeurope", {"environment": "prod", "app": "orders"}),
    Group("prod", "RG-LEGACY-PROD", "westeurope", None),
    Group("prod", "rg-platform-prod", "westeurope", {"environment": "prod", "team": "platform"}),
    Group(
        "prod",
        "rg-finance-prod",
        "westeurope",
        {"environment": "prod", "app": "finance"},
        denied=True,
    ),
    Group("prod", "rg-network-prod", "westeurope", {"environment": "prod", "team": "network"}),
    Group("prod", "rg-monitoring-prod", "westeurope", {"environment": "prod", "team": "platform"}),
    Group("prod", "NetworkWatcherRG", "westeurope", None),
    Group("dev", "rg-payments-dev", "westeurope", {"environment": "dev", "app": "payments"}),
    Group(
        "dev",
        "rg-sandbox-dev",
        "westeurope",
        {"environment": "sandbox", "description": 'Team playground, Zürich & Lyon "shared"'},
    ),
    Group("dev", "rg-platform-dev", "westeurope", {"environment": "dev", "team": "platform"}),
    Group("dev", "rg-analytics", "northeurope", {"app": "analytics", "team": "data"}),
    Group(
        "dev",
        "MC_rg-aks-dev_aks-dev_westeurope",
        "westeurope",
        {"aks-managed-cluster-name": "aks-dev", "aks-managed-cluster-rg": "rg-aks-dev"},
        managed_by=f"/subscriptions/{DEV_SUB}/resourcegroups/rg-aks-dev/providers/Microsoft.ContainerService/managedClusters/aks-dev",
    ),
    Group("dev", "DefaultResourceGroup-WEU", "westeurope", None),
    Group("shared", "rg-shared-services", "westeurope", {"team": "platform", "purpose": "hub"}),
)


def group_id(group: Group) -> str:
    return f"/subscriptions/{SUB_ID[group.sub]}/resourceGroups/{group.name}"


def group_body(group: Group) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": group_id(group),
        "name": group.name,
        "type": "Microsoft.Resources/resourceGroups",
        "location": group.location,
    }
    if group.managed_by:
        body["managedBy"] = group.managed_by
    if group.tags is not None:
        body["tags"] = dict(group.tags)
    body["properties"] = {"provisioningState": "Succeeded"}
    return body


def subscription_body(sub: Sub) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/{sub.subscription_id}",
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "tags": dict(sub.tags),
        "subscriptionId": sub.subscription_id,
        "tenantId": TENANT_ID,
        "displayName": sub.display_name,
        "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": sub.quota_id,
            "spendingLimit": "Off",
        },
    }


# ---------------------------------------------------------------------------------------------
# Vaults, their secrets and keys
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    name: str
    age: float
    """Days since the current version was created."""
    expires: float | None = None
    """Days from the demo clock to ``exp`` (negative: already expired); None: no expiry set."""
    enabled: bool = True
    updated: float | None = None
    """Days since the last update (defaults to ``age``)."""
    content_type: str | None = None
    not_before: float | None = None
    tags: dict[str, str] | None = None
    planted_value: str | None = None
    """A value in ``properties.value``: the management plane never returns one (canary test)."""
    older: tuple[tuple[float, bool], ...] = ()
    """Earlier versions on the data plane, as (days since created, still enabled), oldest first."""


@dataclass(frozen=True)
class Cert:
    """A Key Vault certificate as its vault's data plane lists it, with its policy."""

    name: str
    age: float
    """Days since the current version was created."""
    validity_months: int
    issuer: str = "Self"
    actions: tuple[tuple[str, int], ...] = (("AutoRenew", 80),)
    """Lifetime actions: (action_type, lifetime_percentage)."""
    key_size: int = 2048
    subject: str = ""
    older: tuple[tuple[float, bool], ...] = ()
    """Earlier versions, as (days since created, still enabled), oldest first."""


@dataclass(frozen=True)
class Key:
    name: str
    age: float
    expires: float | None = None
    enabled: bool = True
    kty: str | None = "RSA"
    key_size: int | None = 2048
    curve: str | None = None
    rotate_after: str | None = None
    """ISO-8601 duration of an automatic-rotation lifetime action, when a policy is set."""
    older: tuple[tuple[float, bool], ...] = ()
    """Earlier versions, as (days since created, still enabled), oldest first."""
    exportable: bool = False


ABSENT: Any = object()
"""A vault property the service does not return at all (older vaults, defaults never written)."""


@dataclass(frozen=True)
class VaultSpec:
    name: str
    sub: str
    group: str
    location: str
    tags: dict[str, str]
    created_days_ago: int | None
    soft_delete: Any
    retention_days: Any
    purge_protection: Any
    rbac: Any
    public_network_access: Any
    network_acls: Any
    private_endpoints: tuple[str, ...]
    access_policies: tuple[dict[str, Any], ...]
    diagnostics: tuple[dict[str, Any], ...] | None
    """None: the diagnostic-settings GET is denied (403)."""
    secrets: tuple[Secret, ...]
    keys: tuple[Key, ...]
    sku: str = "standard"
    secret_page_size: int = 0
    """Split the secrets list into pages of this size (0: one page)."""
    key_page_size: int = 0
    empty_key_tail: bool = False
    """Finish the keys list with a nextLink to an empty page, as the service sometimes does."""
    certificates: tuple[Cert, ...] = ()
    """On the data plane; each also has its backing secret among ``secrets``."""
    data_plane: str = "ok"
    """``ok``; ``firewall`` (403 ForbiddenByFirewall); ``denied`` (403, no data permission)."""

    @property
    def id(self) -> str:
        return (
            f"/subscriptions/{SUB_ID[self.sub]}/resourceGroups/{self.group}"
            f"/providers/Microsoft.KeyVault/vaults/{self.name}"
        )

    @property
    def host(self) -> str:
        return f"{self.name.lower()}.vault.azure.net"


def policy(
    principal: str,
    *,
    secrets: list[str],
    keys: tuple[str, ...] | list[str] = (),
    certificates: tuple[str, ...] | list[str] = (),
) -> dict[str, Any]:
    return {
        "tenantId": TENANT_ID,
        "objectId": oid(principal),
        "permissions": {
            "keys": list(keys),
            "secrets": list(secrets),
            "certificates": list(certificates),
        },
    }


ALL_SECRET_PERMS = ["get", "list", "set", "delete", "backup", "restore", "recover", "purge"]
ALL_KEY_PERMS = [
    "encrypt", "decrypt", "wrapKey", "unwrapKey", "sign", "verify", "get", "list", "create",
    "update", "import", "delete", "backup", "restore", "recover", "purge",
]  # fmt: skip
ALL_CERT_PERMS = [
    "get", "list", "delete", "create", "import", "update", "managecontacts", "getissuers",
    "listissuers", "setissuers", "deleteissuers", "manageissuers", "recover", "purge",
]  # fmt: skip


def acls(
    default_action: str,
    *,
    bypass: str = "AzureServices",
    ip_rules: tuple[str, ...] = (),
    subnets: tuple[str, ...] = (),
) -> dict[str, Any]:
    """``properties.networkAcls`` as the service returns it (CIDR rules, lower-cased subnet ids)."""
    return {
        "bypass": bypass,
        "defaultAction": default_action,
        "ipRules": [{"value": rule} for rule in ip_rules],
        "virtualNetworkRules": [
            {"id": subnet.lower(), "ignoreMissingVnetServiceEndpoint": False} for subnet in subnets
        ],
    }


LAW_PROD = (
    f"/subscriptions/{PROD_SUB}/resourcegroups/rg-monitoring-prod/providers"
    "/microsoft.operationalinsights/workspaces/law-contoso-prod"
)
LAW_DEV = (
    f"/subscriptions/{DEV_SUB}/resourcegroups/rg-platform-dev/providers"
    "/microsoft.operationalinsights/workspaces/law-contoso-dev"
)
STORAGE_AUDIT_PROD = (
    f"/subscriptions/{PROD_SUB}/resourceGroups/rg-monitoring-prod/providers"
    "/Microsoft.Storage/storageAccounts/stcontosoauditprod"
)
STORAGE_AUDIT_DEV = (
    f"/subscriptions/{DEV_SUB}/resourceGroups/rg-platform-dev/providers"
    "/Microsoft.Storage/storageAccounts/stcontosoauditdev"
)


def log(
    category: str | None = None, group: str | None = None, enabled: bool = True
) -> dict[str, Any]:
    return {
        "category": category,
        "categoryGroup": group,
        "enabled": enabled,
        "retentionPolicy": {"enabled": False, "days": 0},
    }


def diag(
    name: str,
    logs: list[dict[str, Any]],
    *,
    workspace: str | None = None,
    storage: str | None = None,
    metrics: bool = True,
    style: str = "typed",
) -> dict[str, Any]:
    """A diagnostic setting; ``style`` "typed" carries a type, "nulls" the explicit nulls Azure sends."""
    return {
        "name": name,
        "logs": logs,
        "workspace": workspace,
        "storage": storage,
        "metrics": metrics,
        "style": style,
    }


VAULTS: tuple[VaultSpec, ...] = (
    # ---- production ---------------------------------------------------------------------
    VaultSpec(
        name="kv-payments-prod",
        sub="prod",
        group="rg-payments-prod",
        location="westeurope",
        tags={"environment": "prod", "app": "payments", "owner": "payments-team@contoso.example"},
        created_days_ago=410,
        soft_delete=True,
        retention_days=90,
        purge_protection=True,
        rbac=True,
        public_network_access="Disabled",
        network_acls=acls("Deny", bypass="None"),
        private_endpoints=("Approved",),
        access_policies=(),
        diagnostics=(
            diag(
                "send-to-law-prod",
                [log("AuditEvent"), log("AzurePolicyEvaluationDetails", enabled=False)],
                workspace=LAW_PROD,
            ),
        ),
        secrets=(
            Secret("payments-db-connection", 21, expires=69, content_type="text/plain"),
            Secret(
                "stripe-api-key",
                34,
                expires=56,
                tags={"rotation": "monthly", "vendor": "stripe"},
                older=((94, False),),
            ),
            Secret("payments-storage-sas", 6, expires=54, content_type="text/plain"),
            Secret("webhook-signing-secret", 48, expires=132, older=((140, False),)),
            Secret(
                "fraud-service-client-secret", 12, expires=168, content_type="application/x-pkcs12"
            ),
            Secret("payments-redis-password", 63, expires=117),
            Secret("ledger-api-token", 2, expires=88),
            Secret("payments-servicebus-connection", 77, expires=103),
        ),
        certificates=(
            Cert(
                "fraud-service-client-secret", 12, 6, issuer="DigiCert", subject="CN=fraud-client"
            ),
        ),
        keys=(
            Key("payments-cmk", 120, expires=610, rotate_after="P90D", older=((400, True),)),
            Key("payments-signing", 45, expires=320, kty="EC", key_size=None, curve="P-256"),
            Key(
                "tokenization-key",
                200,
                expires=530,
                kty="RSA-HSM",
                key_size=3072,
                rotate_after="P180D",
            ),
            Key("payments-backup-wrap", 15, expires=350, key_size=4096, exportable=True),
        ),
        sku="premium",
    ),
    VaultSpec(
        name="kv-identity-prod",
        sub="prod",
        group="rg-identity-prod",
        location="westeurope",
        tags={"environment": "production", "app": "identity"},
        created_days_ago=720,
        soft_delete=True,
        retention_days=90,
        purge_protection=True,
        rbac=True,
        public_network_access="Enabled",
        network_acls=acls(
            "Deny",
            ip_rules=("203.0.113.0/24", "198.51.100.17/32"),
            subnets=(
                f"/subscriptions/{PROD_SUB}/resourceGroups/rg-network-prod/providers"
                "/Microsoft.Network/virtualNetworks/vnet-prod-weu/subnets/snet-identity",
            ),
        ),
        private_endpoints=(),
        access_policies=(),
        diagnostics=(
            diag("all-logs-to-law", [log(group="allLogs")], workspace=LAW_PROD, style="nulls"),
        ),
        secrets=(
            Secret("oidc-client-secret", 40, expires=5, tags={"rotation": "quarterly"}),
            Secret("saml-signing-cert-password", 75, expires=20),
            Secret("scim-bearer-token", 30, expires=150),
            Secret("ldap-bind-password", 55, expires=None),
            Secret("mfa-provider-api-key", 10, expires=80),
            Secret("session-encryption-secret", 60, expires=120, content_type="text/plain"),
            Secret("identity-db-connection", 25, expires=65),
            Secret("saml-signing-cert", 300, expires=60, content_type="application/x-pkcs12"),
        ),
        certificates=(
            Cert(
                "saml-signing-cert", 300, 12, issuer="DigiCert", subject="CN=login.contoso.example"
            ),
        ),
        keys=(
            Key("token-signing", 150, expires=215, rotate_after="P180D"),
            Key("token-signing-next", 5, expires=360),
            Key("cookie-encryption", 90, expires=10, kty="oct-HSM", key_size=256),
        ),
        key_page_size=3,
        empty_key_tail=True,
    ),
    VaultSpec(
        name="kv-orders-prod",
        sub="prod",
        group="rg-orders-prod",
        location="northeurope",
        tags={"environment": "prod", "app": "orders", "cost center ": "CC-1001"},
        created_days_ago=1100,
        soft_delete=True,
        retention_days=7,
        purge_protection=False,
        rbac=False,
        public_network_access="Enabled",
        network_acls=acls("Allow"),
        private_endpoints=(),
        access_policies=(
            policy("mi-orders", secrets=["get", "list"]),
            policy(
                "sp-legacy-batch", secrets=["get", "list", "set", "delete"], keys=["get", "list"]
            ),
            policy(
                "carol@contoso.example",
                secrets=ALL_SECRET_PERMS,
                keys=ALL_KEY_PERMS,
                certificates=ALL_CERT_PERMS,
            ),
        ),
        diagnostics=(
            diag(
                "legacy-archive",
                [
                    log("AuditEvent", enabled=False),
                    log("AzurePolicyEvaluationDetails", enabled=False),
                ],
                storage=STORAGE_AUDIT_PROD,
                metrics=True,
                style="nulls",
            ),
        ),
        secrets=(
            Secret("orders-db-password", 410, expires=None, planted_value=CANARY),
            Secret("erp-integration-key", 200, expires=-45),
            Secret("shipping-partner-api-key", 130, expires=-10, tags={"vendor": "parcelco"}),
            Secret("orders-queue-connection", 380, expires=-200),
            Secret("smtp-relay-password", 700, expires=None, content_type="text/plain"),
            Secret("orders-reporting-readonly", 95, expires=None),
            Secret("old-erp-integration-key", 420, expires=-300, enabled=False),
            Secret("orders-cache-password", 14, expires=150),
            Secret("orders-partner-tls", 200, expires=165, content_type="application/x-pkcs12"),
        ),
        certificates=(
            Cert(
                "orders-partner-tls",
                200,
                12,
                issuer="GlobalSign",
                subject="CN=orders-partner.contoso.example",
            ),
        ),
        keys=(
            Key("orders-archive-cmk", 800, expires=None),
            Key("orders-export-signing", 60, expires=-3),
            Key("orders-cmk-2026", 25, expires=340),
        ),
    ),
    VaultSpec(
        name="KV-Contoso-Legacy",
        sub="prod",
        group="RG-LEGACY-PROD",
        location="westeurope",
        tags={},
        created_days_ago=None,
        soft_delete=ABSENT,
        retention_days=ABSENT,
        purge_protection=ABSENT,
        rbac=ABSENT,
        public_network_access=ABSENT,
        network_acls=ABSENT,
        private_endpoints=(),
        access_policies=(
            policy("sp-legacy-batch", secrets=["Get", "List"]),
            policy("alice@contoso.example", secrets=["all"], keys=["all"], certificates=["all"]),
        ),
        diagnostics=(),
        secrets=(
            Secret("ftp-password", 1900, expires=None),
            Secret("crm-api-key", 1450, expires=None),
            Secret("legacy-sql-sa-password", 1820, expires=None, content_type="password"),
            Secret("report-server-credentials", 990, expires=-700),
            Secret("partner-vpn-psk", 1300, expires=None, enabled=False),
            Secret("payroll-export-key", 1100, expires=-400),
            Secret("legacy-smtp", 1600, expires=None, updated=400),
            Secret("backup-encryption-passphrase", 1700, expires=None),
            Secret("old-crm-api-key", 1460, expires=-1000, enabled=False),
            Secret("fax-gateway-token", 2000, expires=None, enabled=False),
            Secret("legacy-app-settings", 900, expires=None, content_type="application/json"),
            Secret("mainframe-bridge-password", 1250, expires=None),
            Secret(
                "legacy-sql-connection",
                1500,
                expires=None,
                planted_value=f"Server=tcp:sql-legacy.contoso.example;User ID=app;Password={CANARY}",
            ),
            Secret("svc-legacy-batch-secret", 365 + 200, expires=35),
        ),
        keys=(
            Key("legacy-document-key", 1500, expires=None),
            Key("legacy-backup-key", 1300, expires=None, enabled=False, kty=None, key_size=None),
        ),
        secret_page_size=5,
    ),
    VaultSpec(
        name="kv-platform-prod",
        sub="prod",
        group="rg-platform-prod",
        location="westeurope",
        tags={"environment": "prod", "team": "platform"},
        created_days_ago=300,
        soft_delete=True,
        retention_days=90,
        purge_protection=True,
        rbac=True,
        public_network_access="Enabled",
        network_acls=acls("Deny"),
        private_endpoints=("Pending",),
        access_policies=(),
        diagnostics=None,
        secrets=(
            Secret("acr-pull-token", 20, expires=40),
            Secret("grafana-admin-password", 150, expires=215, tags={"rotation": "manual"}),
            Secret("pagerduty-integration-key", 50, expires=130),
            Secret("terraform-state-sas", 3, expires=27),
            Secret(
                "github-app-private-key", 70, expires=295, content_type="application/x-pem-file"
            ),
            Secret("wildcard-contoso-com", 40, expires=140, content_type="application/x-pkcs12"),
        ),
        certificates=(
            Cert("github-app-private-key", 70, 12, issuer="DigiCert", subject="CN=platform-bot"),
            Cert(
                "wildcard-contoso-com",
                40,
                6,
                issuer="DigiCert",
                subject="CN=*.contoso.example",
                older=((220, False),),
            ),
        ),
        keys=(
            Key("platform-sops-key", 100, expires=265),
            Key("platform-cosign-key", 40, expires=325, kty="EC", key_size=None, curve="P-384"),
        ),
    ),
    # ---- development --------------------------------------------------------------------
    VaultSpec(
        name="kv-payments-dev",
        sub="dev",
        group="rg-payments-dev",
        location="westeurope",
        tags={"environment": "dev", "app": "payments"},
        created_days_ago=380,
        soft_delete=True,
        retention_days=7,
        purge_protection=ABSENT,
        rbac=True,
        public_network_access="Enabled",
        network_acls=ABSENT,
        private_endpoints=(),
        access_policies=(),
        diagnostics=(
            diag("audit", [log("AuditEvent")], workspace="", metrics=False, style="nulls"),
        ),
        secrets=(
            Secret("payments-db-connection", 120, expires=None),
            Secret("stripe-api-key", 200, expires=None, tags={"vendor": "stripe", "mode": "test"}),
            Secret("payments-storage-sas", 40, expires=-5),
            Secret("webhook-signing-secret", 15, expires=75),
            Secret("payments-redis-password", 300, expires=None),
            Secret("local-debug-token", 9, expires=None, enabled=False),
        ),
        keys=(
            Key("payments-cmk", 380, expires=None),
            Key("payments-signing", 60, expires=300, kty="EC", key_size=None, curve="P-256"),
        ),
    ),
    VaultSpec(
        name="kv-sandbox-dev",
        sub="dev",
        group="rg-sandbox-dev",
        location="westeurope",
        tags={
            "environment": "sandbox",
            "owner": "<img src=x onerror=alert(1)>",
            "notes": "<script>alert(1)</script>",
        },
        created_days_ago=2100,
        soft_delete=False,
        retention_days=ABSENT,
        purge_protection=ABSENT,
        rbac=False,
        public_network_access="Enabled",
        network_acls=acls("Allow"),
        private_endpoints=(),
        access_policies=(
            policy(
                "grp-developers",
                secrets=ALL_SECRET_PERMS,
                keys=ALL_KEY_PERMS,
                certificates=ALL_CERT_PERMS,
            ),
            policy("sp-payments-api", secrets=["get", "list"]),
        ),
        diagnostics=(),
        secrets=(
            Secret("test-user-password", 250, expires=None),
            Secret(
                "demo-openai-key", 60, expires=None, tags={"owner": "<img src=x onerror=alert(1)>"}
            ),
            Secret("scratch-connection-string", 500, expires=-90, planted_value=CANARY),
            Secret("spike-jwt-secret", 30, expires=None, enabled=False),
            Secret("hackathon-api-key", 400, expires=None, enabled=False),
            Secret("sandbox-sp-secret", 100, expires=50, not_before=-100),
        ),
        keys=(Key("sandbox-test-key", 600, expires=None, key_size=1024),),
    ),
    VaultSpec(
        name="kv-ci-dev",
        sub="dev",
        group="rg-platform-dev",
        location="westeurope",
        tags={"environment": "dev", "team": "platform", "purpose": "ci"},
        created_days_ago=200,
        soft_delete=True,
        retention_days=90,
        purge_protection=True,
        rbac=True,
        public_network_access="Disabled",
        network_acls=acls("Deny"),
        private_endpoints=("Approved", "Rejected"),
        access_policies=(),
        diagnostics=(
            diag(
                "audit-to-storage", [log(group="audit")], storage=STORAGE_AUDIT_DEV, metrics=False
            ),
            diag("metrics-only", [], workspace=LAW_DEV, metrics=True, style="nulls"),
        ),
        secrets=(
            Secret("ci-registry-token", 10, expires=3),
            Secret("sonar-token", 45, expires=135),
            Secret("nuget-feed-pat", 80, expires=100),
            Secret("deploy-sp-secret", 25, expires=155, not_before=-25),
        ),
        keys=(
            Key("ci-artifact-signing", 30, expires=335, kty="EC", key_size=None, curve="P-256"),
            Key("ci-sops-key", 150, expires=215, rotate_after="P90D"),
            Key("ci-release-key", 5, expires=360),
        ),
    ),
    VaultSpec(
        name="kv-analytics-shared",
        sub="dev",
        group="rg-analytics",
        location="northeurope",
        tags={
            "environment": "production",
            "app": "analytics",
            "dataClassification": "confidential",
        },
        created_days_ago=500,
        soft_delete=True,
        retention_days=90,
        purge_protection=ABSENT,
        rbac=True,
        public_network_access="Enabled",
        # "Temporarily" opened to every address for a partner's changing IPs.
        network_acls=acls("Deny", ip_rules=("192.0.2.0/24", "0.0.0.0/0")),
        private_endpoints=(),
        access_policies=(),
        diagnostics=(diag("auditevent-to-prod-law", [log("AuditEvent")], workspace=LAW_PROD),),
        secrets=(
            Secret("warehouse-sql-password", 100, expires=265),
            Secret("powerbi-service-secret", 180, expires=-20),
            Secret("datalake-sas", 7, expires=12),
        ),
        keys=(Key("analytics-cmk", 400, expires=330),),
    ),
    # ---- shared services (no environment of its own) ---------------------------------------
    VaultSpec(
        name="kv-contoso-shared",
        sub="shared",
        group="rg-shared-services",
        location="westeurope",
        tags={"team": "platform", "purpose": "shared certificates and keys"},
        created_days_ago=640,
        soft_delete=True,
        retention_days=90,
        purge_protection=True,
        rbac=True,
        # Its public rules come from network security perimeter nsp-contoso-shared (Enforced).
        public_network_access="SecuredByPerimeter",
        network_acls=acls("Deny"),
        private_endpoints=("Approved",),
        access_policies=(),
        diagnostics=(diag("audit-to-law", [log("AuditEvent")], workspace=LAW_PROD),),
        data_plane="firewall",
        secrets=(
            Secret("wildcard-cert-password", 50, expires=240, content_type="application/x-pkcs12"),
            Secret("smtp-relay-api-key", 35, expires=55),
            Secret("dns-provider-token", 20, expires=160),
        ),
        keys=(Key("hub-backup-cmk", 90, expires=640),),
    ),
)


# ---------------------------------------------------------------------------------------------
# App Service and Functions sites, and what their settings hold
# ---------------------------------------------------------------------------------------------

SETTINGS_AUDITED_PROD_GROUPS = ("rg-payments-prod", "rg-orders-prod", "rg-identity-prod")
"""Production groups where the assessor may read app settings (the custom auditor role). In the
others it holds Reader only, so a site there lists but its settings answer 403."""


def fake_key(label: str, size: int) -> str:
    """An obviously fake, deterministic base64 key of ``size`` bytes (storage keys are 64, shared
    access keys 32): hash output, never a real credential."""
    raw = b""
    block = 0
    while len(raw) < size:
        raw += hashlib.sha256(f"fake-key:{label}:{block}".encode()).digest()
        block += 1
    return base64.b64encode(raw[:size]).decode()


def kv_ref(vault: str, secret: str, version: str | None = None) -> str:
    """``@Microsoft.KeyVault(SecretUri=...)``, versionless unless a version is given."""
    uri = f"https://{vault.lower()}.vault.azure.net/secrets/{secret}"
    if version:
        uri += f"/{version}"
    return f"@Microsoft.KeyVault(SecretUri={uri})"


def kv_ref_by_name(vault: str, secret: str, version: str | None = None) -> str:
    """``@Microsoft.KeyVault(VaultName=...;SecretName=...[;SecretVersion=...])``."""
    tail = f";SecretVersion={version}" if version else ""
    return f"@Microsoft.KeyVault(VaultName={vault};SecretName={secret}{tail})"


def app_insights(label: str) -> str:
    """An Application Insights connection string: an instrumentation key is an id, not a secret."""
    return (
        f"InstrumentationKey={guid('appinsights:' + label)};"
        "IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;"
        "LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/"
    )


def storage_connection(account: str) -> str:
    return (
        f"DefaultEndpointsProtocol=https;AccountName={account};"
        f"AccountKey={fake_key('storage:' + account, 64)};EndpointSuffix=core.windows.net"
    )


@dataclass(frozen=True)
class SlotSpec:
    """A deployment slot of a site, with its own settings."""

    name: str
    app_settings: dict[str, str]
    connection_strings: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteSpec:
    name: str
    sub: str
    group: str
    kind: str
    identity: str | None
    """``identity.type`` (None: the site has no managed identity and no ``identity`` block)."""
    https_only: bool
    app_settings: dict[str, str]
    connection_strings: dict[str, tuple[str, str]]
    """name -> (value, type)"""
    state: str = "Running"
    tags: dict[str, str] = field(default_factory=dict)
    location: str = "West Europe"
    reference_identity: str = "SystemAssigned"
    """``keyVaultReferenceIdentity``: ``SystemAssigned`` (the default) or ``uami`` for the site's
    own user-assigned identity."""
    slots: tuple[SlotSpec, ...] = ()
    sticky_settings: tuple[str, ...] = ()
    """``slotConfigNames``: app setting names that stay with their slot in a swap."""
    sticky_connections: tuple[str, ...] = ()
    """``slotConfigNames``: connection string names that stay with their slot in a swap."""

    @property
    def id(self) -> str:
        return (
            f"/subscriptions/{SUB_ID[self.sub]}/resourceGroups/{self.group}"
            f"/providers/Microsoft.Web/sites/{self.name}"
        )

    @property
    def uami(self) -> str:
        return (
            f"/subscriptions/{SUB_ID[self.sub]}/resourceGroups/{self.group}/providers"
            f"/Microsoft.ManagedIdentity/userAssignedIdentities/id-{self.name}"
        )


PINNED_ORDERS_VERSION = hex32("version:orders-db-password")
PINNED_QUEUE_VERSION = hex32("version:payments-queue")

SITES: tuple[SiteSpec, ...] = (
    # ---- production -------------------------------------------------------------------------
    SiteSpec(
        name="app-payments-prod",
        sub="prod",
        group="rg-payments-prod",
        kind="app",
        identity="SystemAssigned",
        https_only=True,
        tags={"environment": "prod", "app": "payments"},
        app_settings={
            "APPLICATIONINSIGHTS_CONNECTION_STRING": app_insights("payments-prod"),
            "Payments__ProviderApiKey": kv_ref("kv-payments-prod", "psp-api-key"),
            "Payments__WebhookSecret": kv_ref_by_name("kv-payments-prod", "psp-webhook-secret"),
            "WEBSITE_RUN_FROM_PACKAGE": "1",
            "ASPNETCORE_ENVIRONMENT": "Production",
        },
        connection_strings={
            "PaymentsDb": (kv_ref("kv-payments-prod", "payments-db-connection"), "SQLAzure"),
        },
    ),
    SiteSpec(
        name="func-payments-webhooks-prod",
        sub="prod",
        group="rg-payments-prod",
        kind="functionapp,linux",
        identity="SystemAssigned",
        https_only=True,
        tags={"environment": "prod", "app": "payments"},
        app_settings={
            # The storage key in clear text: the usual Functions default nobody revisited.
            "AzureWebJobsStorage": storage_connection("stpaymentsfuncprod"),
            "FUNCTIONS_EXTENSION_VERSION": "~4",
            "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
            # Pinned to one version: a rotation in the vault is not picked up.
            "PaymentsQueue": kv_ref("kv-payments-prod", "payments-queue", PINNED_QUEUE_VERSION),
            "Webhook__SigningSecret": f"whsec-{CANARY}-{hex32('webhook-signing')}",
        },
        connection_strings={},
    ),
    SiteSpec(
        name="app-orders-prod",
        sub="prod",
        group="rg-orders-prod",
        kind="app,linux",
        identity="UserAssigned",
        reference_identity="uami",
        https_only=True,
        tags={"environment": "prod", "app": "orders"},
        app_settings={
            "APPLICATIONINSIGHTS_CONNECTION_STRING": app_insights("orders-prod"),
            "Orders__DbPassword": kv_ref_by_name(
                "kv-orders-prod", "orders-db-password", PINNED_ORDERS_VERSION
            ),
            "Orders__FeatureFlags": "checkout-v2;split-shipments",
            # Borrowed from the payments team's development vault "until prod has its own".
            "Orders__PspSandboxKey": kv_ref("kv-payments-dev", "psp-api-key"),
        },
        connection_strings={
            # A SQL password typed into the portal once, "temporarily".
            "OrdersReporting": (
                "Server=tcp:sql-orders-prod.database.windows.net,1433;Initial Catalog=orders;"
                f"User ID=reporting;Password=Rpt-{CANARY}-2025!;Encrypt=True;",
                "SQLAzure",
            ),
        },
        # A staging slot done right: its own test database password, and every secret setting
        # slot-sticky, so a swap moves no credential between production and staging.
        slots=(
            SlotSpec(
                name="staging",
                app_settings={"Orders__FeatureFlags": "checkout-v3"},
                connection_strings={
                    "OrdersReporting": (
                        "Server=tcp:sql-orders-test.database.windows.net,1433;"
                        f"User ID=reporting;Password=Stg-{hex32('orders-staging-db')};",
                        "SQLAzure",
                    ),
                },
            ),
        ),
        sticky_settings=("Orders__DbPassword", "Orders__FeatureFlags", "Orders__PspSandboxKey"),
        sticky_connections=("OrdersReporting",),
    ),
    SiteSpec(
        name="app-identity-portal-prod",
        sub="prod",
        group="rg-identity-prod",
        kind="app",
        identity=None,
        https_only=True,
        tags={"environment": "production", "app": "identity"},
        app_settings={
            # References with no identity to resolve them: the app sees the literal text.
            "AzureAd__ClientSecret": kv_ref("kv-identity-prod", "portal-client-secret"),
            "AzureAd__ClientId": guid("app:identity-portal"),
            "AzureAd__TenantId": TENANT_ID,
        },
        connection_strings={},
    ),
    SiteSpec(
        name="app-legacy-intranet",
        sub="prod",
        group="RG-LEGACY-PROD",
        kind="app",
        identity=None,
        https_only=False,
        app_settings={"LEGACY_DB_PASSWORD": f"{CANARY}-legacy"},  # never read: 403
        connection_strings={},
    ),
    SiteSpec(
        name="app-finance-reports-prod",
        sub="prod",
        group="rg-finance-prod",
        kind="app",
        identity="SystemAssigned",
        https_only=True,
        tags={"environment": "prod", "app": "finance"},
        app_settings={"FINANCE_API_KEY": f"{CANARY}-finance"},  # never listed: group denied
        connection_strings={},
    ),
    # ---- development ------------------------------------------------------------------------
    SiteSpec(
        name="app-payments-dev",
        sub="dev",
        group="rg-payments-dev",
        kind="app",
        identity="SystemAssigned",
        https_only=True,
        tags={"environment": "dev", "app": "payments"},
        app_settings={
            "Payments__ProviderApiKey": kv_ref("kv-payments-dev", "psp-api-key"),
            "ServiceBus": (
                "Endpoint=sb://sb-payments-dev.servicebus.windows.net/;"
                "SharedAccessKeyName=RootManageSharedAccessKey;"
                f"SharedAccessKey={fake_key('servicebus:payments-dev', 32)}"
            ),
            "ASPNETCORE_ENVIRONMENT": "Development",
            "Debug__AdminPassword": "changeme",
        },
        # The preview slot uses the app's own Service Bus key (written another way): one
        # credential in two places, within one app and one environment, so no check fails, and
        # the report's shared credentials section shows the pair.
        slots=(
            SlotSpec(
                name="preview",
                app_settings={
                    "ASPNETCORE_ENVIRONMENT": "Development",
                    "ServiceBus": (
                        f'"SharedAccessKey={fake_key("servicebus:payments-dev", 32)};'
                        "SharedAccessKeyName=RootManageSharedAccessKey;"
                        'Endpoint=sb://sb-payments-dev.servicebus.windows.net/"'
                    ),
                },
            ),
        ),
        sticky_settings=("ASPNETCORE_ENVIRONMENT",),
        connection_strings={
            "PaymentsDb": (
                "Server=tcp:sql-payments-dev.database.windows.net,1433;Database=payments;"
                "Authentication=Active Directory Managed Identity;Encrypt=True;",
                "SQLAzure",
            ),
        },
    ),
    SiteSpec(
        name="func-ci-hooks-dev",
        sub="dev",
        group="rg-platform-dev",
        kind="functionapp",
        # Moved to a user-assigned identity; the references still name the system-assigned
        # default, which is gone: they no longer resolve.
        identity="UserAssigned",
        https_only=True,
        tags={"environment": "dev", "team": "platform"},
        app_settings={
            "AzureWebJobsStorage__accountName": "stcihooksdev",
            "FUNCTIONS_EXTENSION_VERSION": "~4",
            "FUNCTIONS_WORKER_RUNTIME": "python",
            "GitHub__WebhookSecret": kv_ref("kv-ci-dev", "github-webhook-secret"),
        },
        connection_strings={},
    ),
    SiteSpec(
        name="app-sandbox-playground",
        sub="dev",
        group="rg-sandbox-dev",
        kind="app,linux",
        identity=None,
        https_only=False,
        state="Stopped",
        tags={"environment": "sandbox", "owner": "dev-team@contoso.example"},
        app_settings={
            "DEMO_MODE": "true",
            "STORAGE": storage_connection("stsandboxdev"),
        },
        connection_strings={
            "Cache": (
                "sandbox-redis.redis.cache.windows.net:6380,password="
                f"{fake_key('redis:sandbox', 32)},ssl=True,abortConnect=False",
                "Custom",
            ),
        },
    ),
    # ---- shared services --------------------------------------------------------------------
    SiteSpec(
        name="app-contoso-status",
        sub="shared",
        group="rg-shared-services",
        kind="app,linux",
        identity="SystemAssigned, UserAssigned",
        reference_identity="uami",
        https_only=True,
        tags={"team": "platform"},
        app_settings={
            "APPLICATIONINSIGHTS_CONNECTION_STRING": app_insights("contoso-status"),
            "Smtp__ApiKey": kv_ref("kv-contoso-shared", "smtp-relay-api-key"),
            "Dns__Token": kv_ref_by_name("kv-contoso-shared", "dns-provider-token"),
        },
        connection_strings={},
    ),
)


def site_body(spec: SiteSpec) -> dict[str, Any]:
    """A ``sites`` list item: the published example's shape, trimmed to the properties that
    matter here plus the ``identity`` block ARM adds when the site has a managed identity."""
    host = f"{spec.name}.azurewebsites.net"
    plan = (
        f"/subscriptions/{SUB_ID[spec.sub]}/resourceGroups/{spec.group}"
        f"/providers/Microsoft.Web/serverfarms/asp-{spec.group.lower().removeprefix('rg-')}"
    )
    body: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "type": "Microsoft.Web/sites",
        "kind": spec.kind,
        "location": spec.location,
        "tags": dict(spec.tags),
        "properties": {
            "state": spec.state,
            "hostNames": [host],
            "repositorySiteName": spec.name,
            "usageState": "Normal",
            "enabled": True,
            "enabledHostNames": [host, f"{spec.name}.scm.azurewebsites.net"],
            "availabilityState": "Normal",
            "serverFarmId": plan,
            "reserved": "linux" in spec.kind,
            "lastModifiedTimeUtc": iso7(days_ago(12, "site:" + spec.name)),
            "httpsOnly": spec.https_only,
            "keyVaultReferenceIdentity": (
                spec.uami if spec.reference_identity == "uami" else spec.reference_identity
            ),
            "publicNetworkAccess": "Enabled",
        },
    }
    if spec.identity is not None:
        identity: dict[str, Any] = {"type": spec.identity}
        if "SystemAssigned" in spec.identity:
            identity["principalId"] = guid("site-identity:" + spec.name)
            identity["tenantId"] = TENANT_ID
        if "UserAssigned" in spec.identity:
            identity["userAssignedIdentities"] = {
                spec.uami: {
                    "principalId": guid("uami-principal:" + spec.name),
                    "clientId": guid("uami-client:" + spec.name),
                }
            }
        body["identity"] = identity
    return body


def _site_config(spec: SiteSpec, name: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{spec.id}/config/{name}",
        "name": name,
        "type": "Microsoft.Web/sites/config",
        "location": spec.location,
        "properties": properties,
    }


def slot_id(spec: SiteSpec, slot: SlotSpec) -> str:
    return f"{spec.id}/slots/{slot.name}"


def slot_body(spec: SiteSpec, slot: SlotSpec) -> dict[str, Any]:
    """A ``slots`` list item: the site's body as the published ``GetWebAppSlot`` example shapes
    it (``name`` is ``{site}/{slot}``, type ``Microsoft.Web/sites/slots``)."""
    body = site_body(spec)
    host = f"{spec.name}-{slot.name}.azurewebsites.net"
    body.update(
        id=slot_id(spec, slot), name=f"{spec.name}/{slot.name}", type="Microsoft.Web/sites/slots"
    )
    body["properties"] = {
        **body["properties"],
        "hostNames": [host],
        "enabledHostNames": [host, f"{spec.name}-{slot.name}.scm.azurewebsites.net"],
    }
    return body


def slot_settings_bodies(spec: SiteSpec, slot: SlotSpec) -> tuple[dict[str, Any], dict[str, Any]]:
    sid = slot_id(spec, slot)
    common = {"type": "Microsoft.Web/sites/slots/config", "location": spec.location}
    strings = {n: {"value": v, "type": t} for n, (v, t) in slot.connection_strings.items()}
    return (
        {
            "id": f"{sid}/config/appsettings",
            "name": "appsettings",
            **common,
            "properties": dict(slot.app_settings),
        },
        {
            "id": f"{sid}/config/connectionstrings",
            "name": "connectionstrings",
            **common,
            "properties": strings,
        },
    )


def slot_config_names_body(spec: SiteSpec) -> dict[str, Any]:
    """``config/slotConfigNames`` (``WebApps_ListSlotConfigurationNames``)."""
    return {
        "id": f"{spec.id}/config/slotConfigNames",
        "name": "slotConfigNames",
        "type": "Microsoft.Web/sites/config",
        "properties": {
            "connectionStringNames": list(spec.sticky_connections),
            "appSettingNames": list(spec.sticky_settings),
            "azureStorageConfigNames": [],
        },
    }


def app_settings_body(spec: SiteSpec) -> dict[str, Any]:
    return _site_config(spec, "appsettings", dict(spec.app_settings))


def connection_strings_body(spec: SiteSpec) -> dict[str, Any]:
    return _site_config(
        spec,
        "connectionstrings",
        {n: {"value": v, "type": t} for n, (v, t) in spec.connection_strings.items()},
    )


# ---------------------------------------------------------------------------------------------
# Event Grid system topics of the vaults, and their event subscriptions
# ---------------------------------------------------------------------------------------------

SECRET_NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry"
SECRET_EXPIRED = "Microsoft.KeyVault.SecretExpired"
KEY_NEAR_EXPIRY = "Microsoft.KeyVault.KeyNearExpiry"
SECRET_NEW_VERSION = "Microsoft.KeyVault.SecretNewVersionCreated"


@dataclass(frozen=True)
class EventSubSpec:
    name: str
    events: tuple[str, ...] | None
    """``filter.includedEventTypes``; None: no filter (every event type)."""
    endpoint: str
    """``destination.endpointType``."""
    state: str = "Succeeded"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    sub: str
    group: str
    source: str
    """The id of the resource whose events the topic carries."""
    topic_type: str
    location: str
    subscriptions: tuple[EventSubSpec, ...]

    @property
    def id(self) -> str:
        return (
            f"/subscriptions/{SUB_ID[self.sub]}/resourceGroups/{self.group}"
            f"/providers/Microsoft.EventGrid/systemTopics/{self.name}"
        )


def _vault_topic(vault: str, *subscriptions: EventSubSpec) -> TopicSpec:
    spec = next(v for v in VAULTS if v.name == vault)
    return TopicSpec(
        name=f"{vault}-events",
        sub=spec.sub,
        group=spec.group,
        source=spec.id.replace("/providers/Microsoft.KeyVault/", "/providers/microsoft.keyvault/"),
        topic_type="microsoft.keyvault.vaults",
        location=spec.location,
        subscriptions=subscriptions,
    )


TOPICS: tuple[TopicSpec, ...] = (
    # Near-expiry events of secrets and keys start the rotation function: the model.
    _vault_topic(
        "kv-payments-prod",
        EventSubSpec(
            "rotate-near-expiry",
            (SECRET_NEAR_EXPIRY, SECRET_EXPIRED, KEY_NEAR_EXPIRY),
            "AzureFunction",
        ),
    ),
    # Secrets are covered, the vault's keys are not.
    _vault_topic(
        "kv-identity-prod",
        EventSubSpec("secret-expiry-to-owner", (SECRET_NEAR_EXPIRY, SECRET_EXPIRED), "WebHook"),
    ),
    # The subscription exists but its creation failed: nothing is delivered.
    _vault_topic(
        "kv-payments-dev",
        EventSubSpec("rotate-near-expiry", (SECRET_NEAR_EXPIRY,), "AzureFunction", "Failed"),
    ),
    # Events flow, but only new versions (to redeploy CI), never a warning before expiry.
    _vault_topic(
        "kv-ci-dev",
        EventSubSpec("new-version-to-ci", (SECRET_NEW_VERSION,), "WebHook"),
    ),
    # No event-type filter: every event, near-expiry included, goes to a queue.
    _vault_topic("kv-contoso-shared", EventSubSpec("all-events-to-queue", None, "StorageQueue")),
    # Not a vault: a storage account's topic, whose subscriptions the collector does not read.
    TopicSpec(
        name="stanalyticsdev-events",
        sub="dev",
        group="rg-analytics",
        source=f"/subscriptions/{DEV_SUB}/resourceGroups/rg-analytics/providers"
        "/microsoft.storage/storageaccounts/stanalyticsdev",
        topic_type="microsoft.storage.storageaccounts",
        location="northeurope",
        subscriptions=(
            EventSubSpec("blob-created", ("Microsoft.Storage.BlobCreated",), "WebHook"),
        ),
    ),
)


def topic_body(spec: TopicSpec) -> dict[str, Any]:
    """A ``systemTopics`` list item, in the published example's shape."""
    return {
        "properties": {
            "provisioningState": "Succeeded",
            "source": spec.source,
            "topicType": spec.topic_type,
            "metricResourceId": guid("topic-metrics:" + spec.name),
        },
        "location": spec.location,
        "tags": None,
        "id": spec.id,
        "name": spec.name,
        "type": "Microsoft.EventGrid/systemTopics",
    }


def event_subscription_body(topic: TopicSpec, sub: EventSubSpec) -> dict[str, Any]:
    """An event subscription list item, in the published example's shape (no endpoint secret)."""
    rg = f"/subscriptions/{SUB_ID[topic.sub]}/resourceGroups/{topic.group}/providers"
    destinations: dict[str, dict[str, Any]] = {
        "AzureFunction": {
            "resourceId": f"{rg}/Microsoft.Web/sites/func-rotate-{topic.sub}/functions/rotate",
            "maxEventsPerBatch": 1,
            "preferredBatchSizeInKilobytes": 64,
        },
        "WebHook": {
            "endpointBaseUrl": f"https://hooks.contoso.example/{sub.name}",
            "maxEventsPerBatch": 1,
            "preferredBatchSizeInKilobytes": 64,
        },
        "StorageQueue": {
            "resourceId": f"{rg}/Microsoft.Storage/storageAccounts/stplatformevents",
            "queueName": "keyvault-events",
        },
    }
    event_filter: dict[str, Any] = {
        "subjectBeginsWith": "",
        "subjectEndsWith": "",
        "isSubjectCaseSensitive": False,
    }
    if sub.events is not None:
        event_filter["includedEventTypes"] = list(sub.events)
    return {
        "properties": {
            "topic": topic.id,
            "provisioningState": sub.state,
            "destination": {
                "properties": destinations[sub.endpoint],
                "endpointType": sub.endpoint,
            },
            "filter": event_filter,
            "labels": [],
            "eventDeliverySchema": "EventGridSchema",
            "retryPolicy": {"maxDeliveryAttempts": 30, "eventTimeToLiveInMinutes": 1440},
        },
        "id": f"{topic.id}/eventSubscriptions/{sub.name}",
        "name": sub.name,
        "type": "Microsoft.EventGrid/systemTopics/eventSubscriptions",
    }


# ---------------------------------------------------------------------------------------------
# Storage accounts: the age of their access keys
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountSpec:
    name: str
    sub: str
    group: str
    key_ages: tuple[int, int] | None
    """Days since key1 and key2 were generated; None: ``keyCreationTime`` is not reported."""
    shared_key: bool | None = None
    """``allowSharedKeyAccess``; None: absent (the service default, allowed)."""
    expiration_days: int | None = None
    created_days_ago: int = 900
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return (
            f"/subscriptions/{SUB_ID[self.sub]}/resourceGroups/{self.group}"
            f"/providers/Microsoft.Storage/storageAccounts/{self.name}"
        )


ACCOUNTS: tuple[AccountSpec, ...] = (
    # The functions' storage: keys never rotated since the app went live (and one is in an app
    # setting, see func-payments-webhooks-prod).
    AccountSpec("stpaymentsfuncprod", "prod", "rg-payments-prod", (420, 420)),
    AccountSpec("stordersprod", "prod", "rg-orders-prod", (25, 52), expiration_days=90),
    AccountSpec("stplatformevents", "prod", "rg-platform-prod", (700, 700), shared_key=False),
    # Created before Azure recorded key creation times, never regenerated since.
    AccountSpec("stlegacybackup", "prod", "RG-LEGACY-PROD", None, created_days_ago=2900),
    AccountSpec("stfinancereports", "prod", "rg-finance-prod", (10, 10)),  # never listed: 403
    AccountSpec("stsandboxdev", "dev", "rg-sandbox-dev", (130, 30)),
    AccountSpec("stanalyticsdev", "dev", "rg-analytics", (60, 61), expiration_days=60),
    AccountSpec("stcihooksdev", "dev", "rg-platform-dev", (365, 365), shared_key=False),
    AccountSpec("stcontososhared", "shared", "rg-shared-services", (88, 89), expiration_days=90),
)


def account_body(spec: AccountSpec) -> dict[str, Any]:
    """A ``storageAccounts`` list item in the published shape (trimmed to what matters here)."""
    endpoints = {
        kind: f"https://{spec.name}.{kind}.core.windows.net/"
        for kind in ("blob", "dfs", "file", "queue", "table", "web")
    }
    props: dict[str, Any] = {
        "creationTime": iso7(days_ago(spec.created_days_ago, "account:" + spec.name)),
        "primaryEndpoints": endpoints,
        "primaryLocation": "westeurope",
        "provisioningState": "Succeeded",
        "statusOfPrimary": "available",
        "encryption": {
            "keySource": "Microsoft.Storage",
            "services": {"blob": {"enabled": True, "keyType": "Account"}},
        },
        "minimumTlsVersion": "TLS1_2",
        "supportsHttpsTrafficOnly": True,
    }
    if spec.key_ages is not None:
        props["keyCreationTime"] = {
            f"key{n}": iso7(days_ago(age, f"key{n}:{spec.name}"))
            for n, age in enumerate(spec.key_ages, start=1)
        }
    if spec.expiration_days is not None:
        props["keyPolicy"] = {"keyExpirationPeriodInDays": spec.expiration_days}
    if spec.shared_key is not None:
        props["allowSharedKeyAccess"] = spec.shared_key
    return {
        "id": spec.id,
        "kind": "StorageV2",
        "location": "westeurope",
        "name": spec.name,
        "properties": props,
        "sku": {"name": "Standard_ZRS", "tier": "Standard"},
        "tags": dict(spec.tags),
        "type": "Microsoft.Storage/storageAccounts",
    }


# ---------------------------------------------------------------------------------------------
# Deployment history: plain parameters and outputs
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeploySpec:
    name: str
    sub: str
    group: str | None
    """None: a subscription-scope deployment."""
    days_ago: int
    parameters: dict[str, tuple[str, Any]]
    """name -> (type, value); a ``SecureString`` is written without its value, as Azure does."""
    outputs: dict[str, tuple[str, Any]] = field(default_factory=dict)
    template_query: str | None = None
    """``templateLink.queryString`` (a SAS token), when the template was linked."""

    @property
    def id(self) -> str:
        scope = f"/subscriptions/{SUB_ID[self.sub]}"
        if self.group:
            scope += f"/resourceGroups/{self.group}"
        return f"{scope}/providers/Microsoft.Resources/deployments/{self.name}"


def fake_sas(label: str) -> str:
    """A SAS query string with an obviously fake signature (hash output, not a real key)."""
    sig = base64.b64encode(hashlib.sha256(f"fake-sas:{label}".encode()).digest()).decode()
    return (
        "sv=2024-11-04&ss=b&srt=o&sp=r&se=2027-01-01T00%3A00%3A00Z&spr=https"
        f"&sig={sig.replace('+', '%2B').replace('/', '%2F').replace('=', '%3D')}"
    )


DEPLOYMENTS: tuple[DeploySpec, ...] = (
    # A SQL password passed as a plain String parameter: readable in the history by any Reader.
    DeploySpec(
        "payments-infra-20261012",
        "prod",
        "rg-payments-prod",
        20,
        {
            "location": ("String", "westeurope"),
            "sqlAdminLogin": ("String", "payments_admin"),
            "sqlAdminPassword": ("String", f"Sql-{CANARY}-2026!"),
        },
    ),
    # The same app done right: the password is a secureString.
    DeploySpec(
        "payments-app-20261020",
        "prod",
        "rg-payments-prod",
        12,
        {"appName": ("String", "app-payments-prod"), "adminPassword": ("SecureString", None)},
        outputs={"appHostName": ("String", "app-payments-prod.azurewebsites.net")},
    ),
    # A storage key returned as an output.
    DeploySpec(
        "orders-storage-20260903",
        "prod",
        "rg-orders-prod",
        59,
        {"accountName": ("String", "stordersprod"), "sku": ("String", "Standard_ZRS")},
        outputs={"storageConnectionString": ("String", storage_connection("stordersprod"))},
    ),
    # A linked template whose SAS token stays in the history.
    DeploySpec(
        "ci-hooks-20261101",
        "dev",
        "rg-platform-dev",
        3,
        {"functionAppName": ("String", "func-ci-hooks-dev")},
        template_query=fake_sas("ci-hooks"),
    ),
    DeploySpec(
        "shared-dns-20260712",
        "shared",
        "rg-shared-services",
        112,
        {"zoneName": ("String", "contoso.example"), "ttl": ("Int", 3600)},
    ),
    DeploySpec(
        "dev-landing-zone",
        "dev",
        None,
        240,
        {"budgetAmount": ("Int", 500), "owners": ("Array", ["grp-developers"])},
    ),
)


def deployment_body(spec: DeploySpec) -> dict[str, Any]:
    """A deployments list item in the recorded shape (2020-10-01 recording, 2025-04-01 example)."""
    parameters: dict[str, Any] = {}
    for name, (kind, value) in spec.parameters.items():
        parameters[name] = (
            {"type": kind} if kind == "SecureString" else {"type": kind, "value": value}
        )
    props: dict[str, Any] = {
        "templateHash": str(int(hex32("template:" + spec.name)[:16], 16)),
        "parameters": parameters,
        "mode": "Incremental",
        "provisioningState": "Succeeded",
        "timestamp": iso7(days_ago(spec.days_ago, "deployment:" + spec.name)),
        "duration": "PT41.2837451S",
        "correlationId": guid("correlation:" + spec.name),
        "providers": [],
        "dependencies": [],
        "outputs": {n: {"type": k, "value": v} for n, (k, v) in spec.outputs.items()},
        "outputResources": [],
    }
    if spec.template_query is not None:
        props["templateLink"] = {
            "uri": f"https://stplatformevents.blob.core.windows.net/templates/{spec.name}.json",
            "queryString": spec.template_query,
            "contentVersion": "1.0.0.0",
        }
    return {
        "id": spec.id,
        "name": spec.name,
        "type": "Microsoft.Resources/deployments",
        "properties": props,
    }


# ---------------------------------------------------------------------------------------------
# Role assignments
# ---------------------------------------------------------------------------------------------


def vault_id(name: str) -> str:
    for spec in VAULTS:
        if spec.name == name:
            return spec.id
    raise KeyError(name)


@dataclass(frozen=True)
class Assignment:
    principal: str
    role: str
    scope: str
    created_days_ago: int
    condition: str | None = None


_DATA_ACCESS_CONDITION_NO_ADMIN = (
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR "
    "(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] "
    "ForAnyOfAnyValues:GuidEquals{21090545-7ca7-4776-b22c-e363652d74d2, "
    "4633458b-17de-408a-b874-0445c86b69e6}))"
)

ASSIGNMENTS: dict[str, tuple[Assignment, ...]] = {
    "prod": (
        Assignment("grp-secops-auditors", READER, MANAGEMENT_GROUP, 900),
        Assignment("grp-platform-admins", OWNER, f"/subscriptions/{PROD_SUB}", 1400),
        Assignment("sp-payments-api", CONTRIBUTOR, f"/subscriptions/{PROD_SUB}", 520),
        Assignment("alice@contoso.example", KV_ADMINISTRATOR, f"/subscriptions/{PROD_SUB}", 260),
        Assignment("sp-assessor", CUSTOM_ASSESSMENT_SCOPE, f"/subscriptions/{PROD_SUB}", 30),
        *(
            Assignment("sp-assessor", READER, group_id(g), 30)
            for g in GROUPS
            if g.sub == "prod" and not g.denied
        ),
        *(
            Assignment("sp-assessor", CUSTOM_SETTINGS_AUDITOR, group_id(g), 29)
            for g in GROUPS
            if g.sub == "prod" and g.name in SETTINGS_AUDITED_PROD_GROUPS
        ),
        Assignment(
            "grp-secops-auditors",
            KV_DATA_ACCESS_ADMIN,
            f"/subscriptions/{PROD_SUB}",
            140,
            condition=_DATA_ACCESS_CONDITION_NO_ADMIN,
        ),
        Assignment(
            "sp-legacy-batch",
            USER_ACCESS_ADMIN,
            f"/subscriptions/{PROD_SUB}/resourceGroups/RG-LEGACY-PROD",
            1600,
        ),
        Assignment(
            "grp-platform-ops",
            CUSTOM_KV_OPERATOR,
            f"/subscriptions/{PROD_SUB}/resourceGroups/rg-platform-prod",
            200,
        ),
        Assignment("mi-payments", KV_SECRETS_USER, vault_id("kv-payments-prod"), 400),
        Assignment("grp-secops-auditors", KV_READER, vault_id("kv-payments-prod"), 380),
        Assignment("mi-identity", KV_SECRETS_USER, vault_id("kv-identity-prod"), 700),
        Assignment("grp-platform-ops", KV_CERTIFICATES_OFFICER, vault_id("kv-identity-prod"), 650),
        Assignment("bob@contoso.example", KV_SECRETS_OFFICER, vault_id("kv-platform-prod"), 290),
        Assignment(
            "grp-platform-ops",
            KV_CONTRIBUTOR,
            f"/subscriptions/{PROD_SUB}/resourceGroups/rg-payments-prod",
            405,
        ),
    ),
    "dev": (
        Assignment("grp-secops-auditors", READER, MANAGEMENT_GROUP, 900),
        Assignment("grp-platform-admins", OWNER, f"/subscriptions/{DEV_SUB}", 1400),
        Assignment("grp-developers", CONTRIBUTOR, f"/subscriptions/{DEV_SUB}", 1000),
        Assignment("sp-assessor", READER, f"/subscriptions/{DEV_SUB}", 30),
        Assignment("sp-assessor", CUSTOM_SETTINGS_AUDITOR, f"/subscriptions/{DEV_SUB}", 29),
        Assignment("mi-payments", KV_SECRETS_USER, vault_id("kv-payments-dev"), 370),
        Assignment("grp-developers", KV_SECRETS_OFFICER, vault_id("kv-payments-dev"), 370),
        Assignment(
            "grp-developers",
            KV_ADMINISTRATOR,
            f"/subscriptions/{DEV_SUB}/resourceGroups/rg-sandbox-dev",
            800,
        ),
        Assignment("mi-ci-runner", KV_CRYPTO_OFFICER, vault_id("kv-ci-dev"), 190),
        Assignment("mi-ci-runner", KV_SECRETS_USER, vault_id("kv-ci-dev"), 190),
        Assignment(
            "grp-platform-ops",
            CUSTOM_KV_OPERATOR,
            f"/subscriptions/{DEV_SUB}/resourceGroups/rg-analytics",
            210,
        ),
        Assignment("grp-secops-auditors", KV_READER, vault_id("kv-analytics-shared"), 480),
    ),
    "shared": (
        Assignment("grp-secops-auditors", READER, MANAGEMENT_GROUP, 900),
        Assignment("grp-platform-admins", OWNER, f"/subscriptions/{SHARED_SUB}", 1400),
        Assignment("sp-assessor", READER, f"/subscriptions/{SHARED_SUB}", 30),
        Assignment("sp-assessor", CUSTOM_SETTINGS_AUDITOR, f"/subscriptions/{SHARED_SUB}", 29),
        Assignment("grp-platform-ops", KV_SECRETS_OFFICER, vault_id("kv-contoso-shared"), 600),
        Assignment("mi-ci-runner", KV_SECRETS_USER, vault_id("kv-contoso-shared"), 180),
    ),
}
ASSIGNMENT_PAGE_SIZE = 9


def permissions_body(sub: Sub) -> dict[str, Any]:
    """The assessor's own permissions at subscription scope: one element per role it holds there
    or above (assignments on resource groups below do not count at this scope)."""
    roles = {r.guid: r for r in ROLE_DEFS}
    above = (f"/subscriptions/{sub.subscription_id}", MANAGEMENT_GROUP)
    held = [a for a in ASSIGNMENTS[sub.key] if a.principal == "sp-assessor" and a.scope in above]
    return {
        "value": [
            {
                "actions": list(roles[a.role].actions),
                "notActions": list(roles[a.role].not_actions),
                "dataActions": list(roles[a.role].data_actions),
                "notDataActions": [],
            }
            for a in held
        ]
    }


def assignment_body(a: Assignment, listed_in: str) -> dict[str, Any]:
    name = guid(f"assignment:{a.principal}:{a.role}:{a.scope}")
    if a.scope.startswith("/providers/"):
        role_id = f"/providers/Microsoft.Authorization/roleDefinitions/{a.role}"
    else:
        role_id = (
            f"/subscriptions/{listed_in}/providers/Microsoft.Authorization/roleDefinitions/{a.role}"
        )
    created = iso7(days_ago(a.created_days_ago, name))
    creator = oid("alice@contoso.example")
    return {
        "properties": {
            "roleDefinitionId": role_id,
            "principalId": oid(a.principal),
            "principalType": PRINCIPALS[a.principal],
            "scope": a.scope,
            "condition": a.condition,
            "conditionVersion": "2.0" if a.condition else None,
            "createdOn": created,
            "updatedOn": created,
            "createdBy": creator,
            "updatedBy": creator,
            "delegatedManagedIdentityResourceId": None,
            "description": None,
        },
        "id": f"{a.scope}/providers/Microsoft.Authorization/roleAssignments/{name}",
        "type": "Microsoft.Authorization/roleAssignments",
        "name": name,
    }


# ---------------------------------------------------------------------------------------------
# Response bodies for vaults, secrets, keys, diagnostic settings
# ---------------------------------------------------------------------------------------------


def vault_body(spec: VaultSpec) -> dict[str, Any]:
    props: dict[str, Any] = {
        "sku": {"family": "A", "name": spec.sku},
        "tenantId": TENANT_ID,
        "accessPolicies": [dict(p) for p in spec.access_policies],
        "enabledForDeployment": False,
        "enabledForDiskEncryption": spec.name == "kv-payments-prod",
        "enabledForTemplateDeployment": spec.name in ("KV-Contoso-Legacy", "kv-sandbox-dev"),
    }
    optional = (
        ("enableSoftDelete", spec.soft_delete),
        ("softDeleteRetentionInDays", spec.retention_days),
        ("enableRbacAuthorization", spec.rbac),
        ("enablePurgeProtection", spec.purge_protection),
    )
    for key, value in optional:
        if value is not ABSENT:
            props[key] = value
    props["vaultUri"] = f"https://{spec.host}/"
    if spec.network_acls is not ABSENT:
        props["networkAcls"] = spec.network_acls
    if spec.private_endpoints:
        props["privateEndpointConnections"] = [
            _private_endpoint(spec, n, status) for n, status in enumerate(spec.private_endpoints)
        ]
    props["provisioningState"] = "Succeeded"
    if spec.public_network_access is not ABSENT:
        props["publicNetworkAccess"] = spec.public_network_access
    body: dict[str, Any] = {
        "id": spec.id,
        "name": spec.name,
        "type": "Microsoft.KeyVault/vaults",
        "location": spec.location,
        "tags": dict(spec.tags),
    }
    if spec.created_days_ago is not None:
        created = days_ago(spec.created_days_ago, spec.name)
        body["systemData"] = {
            "createdBy": "alice@contoso.example",
            "createdByType": "User",
            "createdAt": iso7(created),
            "lastModifiedBy": "bob@contoso.example" if spec.sub == "prod" else "mi-ci-runner",
            "lastModifiedByType": "User" if spec.sub == "prod" else "Application",
            "lastModifiedAt": iso7(days_ago(min(spec.created_days_ago, 40), spec.name + ":mod")),
        }
    body["properties"] = props
    return body


def _private_endpoint(spec: VaultSpec, n: int, status: str) -> dict[str, Any]:
    network_sub = SUB_ID[spec.sub]
    network_rg = "rg-network-prod" if spec.sub == "prod" else spec.group
    pe_name = f"pe-{spec.name}-{n + 1}"
    connection = f"{pe_name}.{guid(pe_name)}"
    descriptions = {
        "Approved": "Auto-Approved",
        "Pending": "Awaiting approval by the vault owner",
        "Rejected": "Rejected: request came from an unknown network",
    }
    return {
        "id": f"{spec.id}/privateEndpointConnections/{connection}",
        "etag": f'"{hex32(connection)[:8]}-0000-0d00-0000-{hex32(connection)[8:20]}"',
        "properties": {
            "provisioningState": "Succeeded",
            "privateEndpoint": {
                "id": f"/subscriptions/{network_sub}/resourceGroups/{network_rg}/providers"
                f"/Microsoft.Network/privateEndpoints/{pe_name}"
            },
            "privateLinkServiceConnectionState": {
                "status": status,
                "description": descriptions[status],
                "actionsRequired": "None",
            },
        },
    }


def _attributes(label: str, created: int, updated: int, item: Secret | Key) -> dict[str, Any]:
    attrs: dict[str, Any] = {"enabled": item.enabled}
    if isinstance(item, Secret) and item.not_before is not None:
        attrs["nbf"] = days_ahead(item.not_before, label + ":nbf")
    if item.expires is not None:
        attrs["exp"] = days_ahead(item.expires, label + ":exp")
    attrs["created"] = created
    attrs["updated"] = updated
    return attrs


def secret_body(spec: VaultSpec, secret: Secret) -> dict[str, Any]:
    label = f"{spec.name}/{secret.name}"
    created = days_ago(secret.age, label)
    updated = created if secret.updated is None else days_ago(secret.updated, label + ":upd")
    props: dict[str, Any] = {"attributes": _attributes(label, created, updated, secret)}
    if secret.content_type is not None:
        props["contentType"] = secret.content_type
    if secret.planted_value is not None:
        props["value"] = secret.planted_value
    props["secretUri"] = f"https://{spec.host}/secrets/{secret.name}"
    props["secretUriWithVersion"] = f"https://{spec.host}/secrets/{secret.name}/{hex32(label)}"
    body: dict[str, Any] = {
        "id": f"{spec.id}/secrets/{secret.name}",
        "name": secret.name,
        "type": "Microsoft.KeyVault/vaults/secrets",
        "location": spec.location,
    }
    if secret.tags is not None:
        body["tags"] = dict(secret.tags)
    body["properties"] = props
    return body


def key_body(spec: VaultSpec, key: Key) -> dict[str, Any]:
    label = f"{spec.name}/keys/{key.name}"
    created = days_ago(key.age, label)
    attrs = _attributes(label, created, created, key)
    attrs["recoveryLevel"] = _recovery_level(spec)
    attrs["exportable"] = key.exportable
    props: dict[str, Any] = {"attributes": attrs}
    if key.kty is not None:
        props["kty"] = key.kty
        props["keyOps"] = (
            ["sign", "verify"]
            if key.kty.startswith("EC")
            else ["encrypt", "decrypt", "wrapKey", "unwrapKey"]
            if key.kty.startswith("oct")
            else ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"]
        )
    if key.key_size is not None:
        props["keySize"] = key.key_size
    if key.curve is not None:
        props["curveName"] = key.curve
    props["keyUri"] = f"https://{spec.host}:443/keys/{key.name}"
    props["keyUriWithVersion"] = f"https://{spec.host}:443/keys/{key.name}/{hex32(label)}"
    if key.rotate_after is not None:
        props["rotationPolicy"] = {
            "attributes": {
                "created": created,
                "updated": created,
                "expiryTime": "P1Y",
            },
            "lifetimeActions": [
                {"trigger": {"timeAfterCreate": key.rotate_after}, "action": {"type": "rotate"}},
                {"trigger": {"timeBeforeExpiry": "P30D"}, "action": {"type": "notify"}},
            ],
        }
    return {
        "id": f"{spec.id}/keys/{key.name}",
        "name": key.name,
        "type": "Microsoft.KeyVault/vaults/keys",
        "location": spec.location,
        "properties": props,
    }


def _recovery_level(spec: VaultSpec) -> str:
    if spec.soft_delete is not True:
        return "Purgeable"
    if spec.purge_protection is True:
        return "Recoverable" if spec.retention_days == 90 else "CustomizedRecoverable"
    return (
        "Recoverable+Purgeable" if spec.retention_days == 90 else "CustomizedRecoverable+Purgeable"
    )


def diagnostic_body(spec: VaultSpec, setting: dict[str, Any]) -> dict[str, Any]:
    nulls = setting["style"] == "nulls"
    metrics = (
        [
            {
                "category": "AllMetrics",
                "enabled": True,
                "retentionPolicy": {"enabled": False, "days": 0},
            }
        ]
        if setting["metrics"]
        else []
    )
    props: dict[str, Any] = {
        "storageAccountId": setting["storage"],
        "serviceBusRuleId": None,
        "workspaceId": setting["workspace"],
        "eventHubAuthorizationRuleId": None,
        "eventHubName": None,
        "metrics": metrics,
        "logs": setting["logs"],
        "logAnalyticsDestinationType": None,
    }
    if not nulls:
        props["marketplacePartnerId"] = None
    body: dict[str, Any] = {
        "id": f"{spec.id.lower()}/providers/microsoft.insights/diagnosticSettings/{setting['name']}",
        "type": None if nulls else "Microsoft.Insights/diagnosticSettings",
        "name": setting["name"],
    }
    if nulls:
        body.update({"location": None, "kind": None, "tags": None})
    body["properties"] = props
    if nulls:
        body["identity"] = None
    return body


# ---------------------------------------------------------------------------------------------
# The recorder: turns (uri, status, body) into vcrpy interactions with realistic headers
# ---------------------------------------------------------------------------------------------

STATUS_TEXT = {200: "OK", 400: "Bad Request", 403: "Forbidden", 429: "Too Many Requests"}


class Recorder:
    def __init__(self) -> None:
        self.interactions: list[dict[str, Any]] = []
        self._reads_left: dict[str, int] = {}
        self._tenant_reads_left = 11999

    def add(
        self,
        uri: str,
        body: dict[str, Any],
        *,
        status: int = 200,
        subscription_id: str | None = None,
        provider: str = "arm",
        extra_headers: dict[str, str] | None = None,
        method: str = "GET",
        request_body: str | None = None,
    ) -> None:
        n = len(self.interactions)
        request_id = guid(f"request:{n}:{uri}")
        stamp = RECORDED_AT + n
        when = datetime.fromtimestamp(stamp, tz=UTC)
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        headers: dict[str, str] = {
            "cache-control": "no-cache",
            "content-length": str(len(text.encode("utf-8"))),
            "content-type": "application/json; charset=utf-8",
            "date": formatdate(stamp, usegmt=True),
            "expires": "-1",
            "pragma": "no-cache",
            "strict-transport-security": "max-age=31536000; includeSubDomains",
            "x-content-type-options": "nosniff",
            "x-cache": "CONFIG_NOCACHE",
            "x-ms-correlation-request-id": request_id,
            "x-ms-request-id": guid(f"service-request:{n}") if provider != "arm" else request_id,
            "x-ms-routing-request-id": f"WESTEUROPE:{when:%Y%m%dT%H%M%S}Z:{request_id}",
            "x-msedge-ref": f"Ref A: {hex32(request_id).upper()} Ref B: AMS231032608049 "
            f"Ref C: {when:%Y-%m-%dT%H:%M:%S}Z",
        }
        if provider == "data-plane":  # a vault's own host: no Resource Manager headers
            for name in ("x-cache", "x-ms-correlation-request-id", "x-ms-routing-request-id"):
                headers.pop(name)
            headers["x-ms-keyvault-region"] = "westeurope"
            headers["x-ms-keyvault-service-version"] = "1.9.2403.1"
        elif subscription_id is None:
            headers["x-ms-ratelimit-remaining-tenant-reads"] = str(self._tenant_reads_left)
            self._tenant_reads_left -= 1
        else:
            left = self._reads_left.get(subscription_id, 249)
            headers["x-ms-ratelimit-remaining-subscription-reads"] = str(
                left if status != 429 else 0
            )
            headers["x-ms-ratelimit-remaining-subscription-global-reads"] = str(
                (left * 15) if status != 429 else 0
            )
            self._reads_left[subscription_id] = left - 1
        if provider == "keyvault":
            headers["x-ms-keyvault-service-version"] = "1.5.1520.0"
            headers["x-aspnet-version"] = "4.0.30319"
            headers["x-powered-by"] = "ASP.NET"
            headers["server"] = "Microsoft-IIS/10.0"
        if status == 403:
            headers["x-ms-failure-cause"] = "gateway"
        if provider == "graph":  # Microsoft Graph answers with its own headers
            headers = {
                "cache-control": "no-cache",
                "content-type": "application/json;odata.metadata=minimal;odata.streaming=true;"
                "IEEE754Compatible=false;charset=utf-8",
                "date": formatdate(stamp, usegmt=True),
                "request-id": request_id,
                "client-request-id": request_id,
                "strict-transport-security": "max-age=31536000",
                "x-ms-ags-diagnostic": '{"ServerInfo":{"DataCenter":"West Europe","Slice":"E",'
                '"Ring":"5","ScaleUnit":"004","RoleInstance":"AM2PEPF0001C7B1"}}',
                "x-ms-resource-unit": "1",
            }
        headers.update(extra_headers or {})
        self.interactions.append(
            {
                "request": {
                    "body": request_body,
                    "headers": {
                        "Accept": ["application/json"],
                        "Accept-Encoding": ["gzip, deflate"],
                        "Connection": ["keep-alive"],
                        "User-Agent": ["waf-assess/0.1.0 azsdk-python-core/1.41.0 Python/3.11"],
                        "x-ms-client-request-id": [request_id],
                    },
                    "method": method,
                    "uri": uri,
                },
                "response": {
                    "body": {"string": text},
                    "headers": {k: [v] for k, v in sorted(headers.items())},
                    "status": {"code": status, "message": STATUS_TEXT[status]},
                },
            }
        )

    def add_pages(
        self,
        uri: str,
        items: list[dict[str, Any]],
        *,
        page_size: int,
        token_label: str,
        empty_tail: bool = False,
        subscription_id: str | None,
        provider: str = "arm",
    ) -> None:
        """A list answered in pages linked by ``nextLink`` (the next URI is taken verbatim)."""
        pages = (
            [items[i : i + page_size] for i in range(0, len(items), page_size)]
            if page_size
            else [items]
        )
        if not pages:
            pages = [[]]
        if empty_tail:
            pages.append([])
        current = uri
        for index, page in enumerate(pages):
            body: dict[str, Any] = {"value": page}
            nxt = None
            if index + 1 < len(pages):
                token = (
                    base64.urlsafe_b64encode(f"{token_label}:{index + 1}".encode())
                    .decode()
                    .rstrip("=")
                )
                nxt = f"{uri}&$skiptoken={token}"
                body["nextLink"] = nxt
            self.add(current, body, subscription_id=subscription_id, provider=provider)
            if nxt:
                current = nxt


def authorization_failed(action: str, scope: str) -> dict[str, Any]:
    return {
        "error": {
            "code": "AuthorizationFailed",
            "message": f"The client '{ASSESSOR_APP_ID}' with object id '{oid('sp-assessor')}' does "
            f"not have authorization to perform action '{action}' over scope '{scope}' or the "
            "scope is invalid. If access was recently granted, please refresh your credentials.",
        }
    }


# ---------------------------------------------------------------------------------------------
# The run: the calls a collector makes, in the order it makes them
# ---------------------------------------------------------------------------------------------


def build() -> list[dict[str, Any]]:
    rec = Recorder()
    rec.add(
        SUBSCRIPTIONS_LIST.url(ARM),
        {
            "value": [subscription_body(s) for s in SUBSCRIPTIONS],
            "count": {"type": "Total", "value": len(SUBSCRIPTIONS)},
        },
    )
    for sub in SUBSCRIPTIONS:
        rec.add(
            SUBSCRIPTION_GET.url(ARM, subscription_id=sub.subscription_id),
            subscription_body(sub),
            subscription_id=sub.subscription_id,
        )
    for sub in SUBSCRIPTIONS:
        _subscription_calls(rec, sub)
    for spec in VAULTS:
        _vault_calls(rec, spec)
    for spec in VAULTS:
        _data_plane_calls(rec, spec)
    _hsm_role_assignments(rec)
    for site in SITES:
        _site_calls(rec, site)
    for topic in TOPICS:
        _topic_calls(rec, topic)
    _log_calls(rec)
    _graph_calls(rec)
    return rec.interactions


def _subscription_calls(rec: Recorder, sub: Sub) -> None:
    sid = sub.subscription_id
    groups = [g for g in GROUPS if g.sub == sub.key]
    groups_uri = RESOURCE_GROUPS_LIST.url(ARM, subscription_id=sid)
    if sub.key == "dev":
        # A throttled first attempt; the retry (same request, replayed next) succeeds.
        rec.add(
            groups_uri,
            {
                "error": {
                    "code": "SubscriptionRequestsThrottled",
                    "message": f"Number of requests for subscription '{sid}' and operation "
                    "'GET/SUBSCRIPTIONS/RESOURCEGROUPS' exceeded the backend storage limit. "
                    "Please try again after '1' seconds.",
                }
            },
            status=429,
            subscription_id=sid,
            extra_headers={"retry-after": "1"},
        )
    rec.add(groups_uri, {"value": [group_body(g) for g in groups]}, subscription_id=sid)
    for group in groups:  # read one by one when a run is limited to --resource-group
        rec.add(
            RESOURCE_GROUP_GET.url(ARM, subscription_id=sid, resource_group=group.name),
            group_body(group),
            subscription_id=sid,
        )

    rec.add(
        PERMISSIONS_SUBSCRIPTION.url(ARM, subscription_id=sid),
        permissions_body(sub),
        subscription_id=sid,
    )

    # Answered although a collector reads it only where the permissions allow vault read: in
    # Production it shows what a subscription-wide list silently leaves out.
    visible = [
        vault_body(v)
        for v in VAULTS
        if v.sub == sub.key and not next(g for g in groups if g.name == v.group).denied
    ]
    rec.add_pages(
        VAULTS_LIST.url(ARM, subscription_id=sid),
        visible,
        page_size=3,
        token_label=f"vaults:{sub.key}",
        empty_tail=sub.key == "prod",
        subscription_id=sid,
        provider="keyvault",
    )
    for group in groups:
        uri = VAULTS_LIST_RG.url(ARM, subscription_id=sid, resource_group=group.name)
        if group.denied:
            scope = f"/subscriptions/{sid}/resourceGroups/{group.name}/providers/Microsoft.KeyVault"
            rec.add(
                uri,
                authorization_failed(VAULTS_LIST_RG.permission, scope),
                status=403,
                subscription_id=sid,
            )
            continue
        in_group = [vault_body(v) for v in VAULTS if v.sub == sub.key and v.group == group.name]
        rec.add(uri, {"value": in_group}, subscription_id=sid, provider="keyvault")

    rec.add(
        ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=sid),
        {"value": [role_definition_body(r, sid) for r in ROLE_DEFS if _assignable(r, sid)]},
        subscription_id=sid,
    )
    rec.add_pages(
        ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=sid),
        [assignment_body(a, sid) for a in ASSIGNMENTS[sub.key]],
        page_size=ASSIGNMENT_PAGE_SIZE,
        token_label=f"assignments:{sub.key}",
        subscription_id=sid,
    )
    _site_lists(rec, sub, groups)
    _topic_lists(rec, sub, groups)
    _defender_call(rec, sub)
    _account_lists(rec, sub, groups)
    _deployment_lists(rec, sub, groups)
    _perimeter_calls(rec, sub)
    _hsm_lists(rec, sub, groups)


HSM = (
    f"/subscriptions/{PROD_SUB}/resourceGroups/rg-payments-prod/providers"
    "/Microsoft.KeyVault/managedHSMs/hsm-contoso-payments"
)


def _hsm_lists(rec: Recorder, sub: Sub, groups: list[Group]) -> None:
    """Managed HSM pools (2026-02-01 ManagedHsms_ListBySubscription shape): Production holds one,
    closed to public networks but without purge protection and without a diagnostic setting."""
    items = []
    if sub.subscription_id == PROD_SUB:
        body = {
            "name": "hsm-contoso-payments",
            "type": "Microsoft.KeyVault/managedHSMs",
            "id": HSM,
            "location": "westeurope",
            "properties": {
                "enablePurgeProtection": False,
                "enableSoftDelete": True,
                "hsmUri": HSM_URI,
                "initialAdminObjectIds": [oid("grp-platform-admins")],
                "provisioningState": "Succeeded",
                "publicNetworkAccess": "Disabled",
                "softDeleteRetentionInDays": 90,
                "statusMessage": "ManagedHsm is functional.",
                "tenantId": TENANT_ID,
            },
            "sku": {"name": "Standard_B1", "family": "B"},
            "tags": {"environment": "prod", "app": "payments"},
        }
        items.append(("rg-payments-prod", body))
        rec.add(
            DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=HSM),
            {"value": []},
            subscription_id=sub.subscription_id,
        )
    ops = (MANAGED_HSMS_LIST, MANAGED_HSMS_LIST_RG)
    _lists_by_scope(rec, sub, groups, ops, "Microsoft.KeyVault/managedHSMs/read", items)


PERIMETER = (
    f"/subscriptions/{SHARED_SUB}/resourceGroups/rg-shared-services/providers"
    "/Microsoft.Network/networkSecurityPerimeters/nsp-contoso-shared"
)


def _perimeter_calls(rec: Recorder, sub: Sub) -> None:
    """Network security perimeters (read because a vault is SecuredByPerimeter): the shared
    subscription holds one, and its associations (2025-03-01 NspAssociationList shape)."""
    sid = sub.subscription_id
    mine = sid == SHARED_SUB
    rec.add(
        PERIMETERS_LIST.url(ARM, subscription_id=sid),
        {
            "value": [
                {
                    "name": "nsp-contoso-shared",
                    "type": "Microsoft.Network/networkSecurityPerimeters",
                    "id": PERIMETER,
                    "location": "westeurope",
                    "properties": {"perimeterGuid": guid("nsp"), "provisioningState": "Succeeded"},
                    "tags": {},
                }
            ]
            if mine
            else []
        },
        subscription_id=sid,
    )
    if not mine:
        return
    vault = next(v for v in VAULTS if v.name == "kv-contoso-shared")
    rec.add(
        PERIMETER_ASSOCIATIONS_LIST.url(ARM, scope=PERIMETER),
        {
            "value": [
                {
                    "name": "assoc-kv-contoso-shared",
                    "type": "Microsoft.Network/networkSecurityPerimeters/resourceAssociations",
                    "id": f"{PERIMETER}/resourceAssociations/assoc-kv-contoso-shared",
                    "properties": {
                        "accessMode": "Enforced",
                        "hasProvisioningIssues": "no",
                        "privateLinkResource": {"id": vault.id},
                        "profile": {"id": f"{PERIMETER}/profiles/defaultProfile"},
                        "provisioningState": "Succeeded",
                    },
                }
            ]
        },
        subscription_id=sid,
    )


def _lists_by_scope(
    rec: Recorder,
    sub: Sub,
    groups: list[Group],
    ops: tuple[Operation, Operation],
    denied_action: str,
    items: list[tuple[str, dict[str, Any]]],
) -> None:
    """One resource type listed subscription-wide and group by group, as for vaults: the wide
    list is what a run reads where the permissions vouch for it, the group lists serve every other
    run; a denied group answers 403 and the wide list leaves its items out without an error.
    ``items`` are (group name, list item)."""
    sid = sub.subscription_id
    wide, in_group = ops
    denied = {g.name for g in groups if g.denied}
    rec.add(
        wide.url(ARM, subscription_id=sid),
        {"value": [body for group, body in items if group not in denied]},
        subscription_id=sid,
    )
    provider = denied_action.split("/", 1)[0]
    for group in groups:
        uri = in_group.url(ARM, subscription_id=sid, resource_group=group.name)
        if group.denied:
            scope = f"/subscriptions/{sid}/resourceGroups/{group.name}/providers/{provider}"
            rec.add(
                uri, authorization_failed(denied_action, scope), status=403, subscription_id=sid
            )
            continue
        mine = [body for name, body in items if name == group.name]
        rec.add(uri, {"value": mine}, subscription_id=sid)


def _site_lists(rec: Recorder, sub: Sub, groups: list[Group]) -> None:
    sites = [(s.group, site_body(s)) for s in SITES if s.sub == sub.key]
    ops = (SITES_LIST, SITES_LIST_RG)
    _lists_by_scope(rec, sub, groups, ops, "Microsoft.Web/sites/read", sites)


def _topic_lists(rec: Recorder, sub: Sub, groups: list[Group]) -> None:
    topics = [(t.group, topic_body(t)) for t in TOPICS if t.sub == sub.key]
    ops = (SYSTEM_TOPICS_LIST, SYSTEM_TOPICS_LIST_RG)
    _lists_by_scope(rec, sub, groups, ops, "Microsoft.EventGrid/systemTopics/read", topics)


def _account_lists(rec: Recorder, sub: Sub, groups: list[Group]) -> None:
    accounts = [(a.group, account_body(a)) for a in ACCOUNTS if a.sub == sub.key]
    ops = (STORAGE_ACCOUNTS_LIST, STORAGE_ACCOUNTS_LIST_RG)
    _lists_by_scope(rec, sub, groups, ops, "Microsoft.Storage/storageAccounts/read", accounts)


def _deployment_lists(rec: Recorder, sub: Sub, groups: list[Group]) -> None:
    """The subscription's own deployment history, then each group's. In Production the assessor
    reads no resources at subscription scope, so the subscription's own history answers 403."""
    sid = sub.subscription_id
    uri = DEPLOYMENTS_LIST.url(ARM, subscription_id=sid)
    action = "Microsoft.Resources/deployments/read"
    if sub.key == "prod":
        scope = f"/subscriptions/{sid}/providers/Microsoft.Resources/deployments"
        rec.add(uri, authorization_failed(action, scope), status=403, subscription_id=sid)
    else:
        mine = [deployment_body(d) for d in DEPLOYMENTS if d.sub == sub.key and d.group is None]
        rec.add(uri, {"value": mine}, subscription_id=sid)
    for group in groups:
        uri = DEPLOYMENTS_LIST_RG.url(ARM, subscription_id=sid, resource_group=group.name)
        if group.denied:
            scope = (
                f"/subscriptions/{sid}/resourceGroups/{group.name}/providers/Microsoft.Resources"
            )
            rec.add(uri, authorization_failed(action, scope), status=403, subscription_id=sid)
            continue
        in_group = [
            deployment_body(d) for d in DEPLOYMENTS if d.sub == sub.key and d.group == group.name
        ]
        rec.add(uri, {"value": in_group}, subscription_id=sid)


DEFENDER_TIER = {"prod": None, "dev": "Free", "shared": "Standard"}
"""Defender for Key Vault per subscription; None: the read is refused (in Production the assessor
holds no ``Microsoft.Security/pricings/read`` at subscription scope)."""


def defender_body(sub: Sub, tier: str) -> dict[str, Any]:
    """``pricings/KeyVaults`` in the published shape (``enforce`` a string, as published)."""
    props: dict[str, Any] = {"pricingTier": tier, "freeTrialRemainingTime": "PT0S"}
    if tier == "Standard":
        props["enablementTime"] = iso7(days_ago(410, "defender:" + sub.key))
    props["enforce"] = "False"
    props["resourcesCoverageStatus"] = "FullyCovered" if tier == "Standard" else "NotCovered"
    return {
        "id": f"/subscriptions/{sub.subscription_id}/providers/Microsoft.Security/pricings/KeyVaults",
        "name": "KeyVaults",
        "type": "Microsoft.Security/pricings",
        "properties": props,
    }


def _defender_call(rec: Recorder, sub: Sub) -> None:
    sid = sub.subscription_id
    uri = DEFENDER_KEY_VAULT_PRICING.url(ARM, subscription_id=sid)
    tier = DEFENDER_TIER[sub.key]
    if tier is None:
        scope = f"/subscriptions/{sid}/providers/Microsoft.Security/pricings/KeyVaults"
        body = authorization_failed("Microsoft.Security/pricings/read", scope)
        rec.add(uri, body, status=403, subscription_id=sid)
        return
    rec.add(uri, defender_body(sub, tier), subscription_id=sid)


def _topic_calls(rec: Recorder, topic: TopicSpec) -> None:
    """The event subscriptions of a key vault's topic (other topics' are not read)."""
    if topic.topic_type != "microsoft.keyvault.vaults":
        return
    rec.add(
        EVENT_SUBSCRIPTIONS_LIST.url(ARM, scope=topic.id),
        {"value": [event_subscription_body(topic, s) for s in topic.subscriptions]},
        subscription_id=SUB_ID[topic.sub],
    )


def _site_calls(rec: Recorder, spec: SiteSpec) -> None:
    """The two settings lists of a listed site; 403 where the assessor holds Reader only."""
    sid = SUB_ID[spec.sub]
    group = next(g for g in GROUPS if g.name == spec.group and g.sub == spec.sub)
    if group.denied:
        return
    audited = spec.sub != "prod" or spec.group in SETTINGS_AUDITED_PROD_GROUPS
    for op, body in (
        (APP_SETTINGS_LIST, app_settings_body(spec)),
        (CONNECTION_STRINGS_LIST, connection_strings_body(spec)),
    ):
        uri = op.url(ARM, scope=spec.id)
        if not audited:
            scope = uri.split("?", 1)[0].removeprefix(ARM).removesuffix("/list")
            body = authorization_failed("Microsoft.Web/sites/config/list/action", scope)
        rec.add(uri, body, status=200 if audited else 403, subscription_id=sid, method="POST")
    _slot_calls(rec, spec, audited)


def _slot_calls(rec: Recorder, spec: SiteSpec, audited: bool) -> None:
    """A listed site's slots (Reader reads the list), then, when it has any, its slot-sticky
    names and each slot's two settings lists (403 where the site's are)."""
    sid = SUB_ID[spec.sub]
    rec.add(
        SLOTS_LIST.url(ARM, scope=spec.id),
        {"value": [slot_body(spec, slot) for slot in spec.slots]},
        subscription_id=sid,
    )
    if not spec.slots:
        return
    rec.add(
        SLOT_CONFIG_NAMES.url(ARM, scope=spec.id),
        slot_config_names_body(spec),
        subscription_id=sid,
    )
    for slot in spec.slots:
        bodies = slot_settings_bodies(spec, slot)
        ops = (SLOT_APP_SETTINGS_LIST, SLOT_CONNECTION_STRINGS_LIST)
        for op, body in zip(ops, bodies, strict=True):
            uri = op.url(ARM, scope=slot_id(spec, slot))
            if not audited:
                scope = uri.split("?", 1)[0].removeprefix(ARM).removesuffix("/list")
                body = authorization_failed("Microsoft.Web/sites/slots/config/list/action", scope)
            rec.add(uri, body, status=200 if audited else 403, subscription_id=sid, method="POST")


def _vault_calls(rec: Recorder, spec: VaultSpec) -> None:
    sid = SUB_ID[spec.sub]
    group = next(g for g in GROUPS if g.name == spec.group and g.sub == spec.sub)
    if group.denied:
        return
    rec.add_pages(
        SECRETS_LIST.url(ARM, scope=spec.id),
        [secret_body(spec, s) for s in spec.secrets],
        page_size=spec.secret_page_size,
        token_label=f"secrets:{spec.name}",
        subscription_id=sid,
        provider="keyvault",
    )
    rec.add_pages(
        KEYS_LIST.url(ARM, scope=spec.id),
        [key_body(spec, k) for k in spec.keys],
        page_size=spec.key_page_size,
        token_label=f"keys:{spec.name}",
        empty_tail=spec.empty_key_tail,
        subscription_id=sid,
        provider="keyvault",
    )
    for key in spec.keys:
        _key_calls(rec, spec, key, sid)
    diag_uri = DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=spec.id)
    if spec.diagnostics is None:
        rec.add(
            diag_uri,
            authorization_failed(DIAGNOSTIC_SETTINGS_LIST.permission, spec.id),
            status=403,
            subscription_id=sid,
        )
        return
    rec.add(
        diag_uri,
        {"value": [diagnostic_body(spec, s) for s in spec.diagnostics]},
        subscription_id=sid,
    )


def data_plane_refusal(spec: VaultSpec) -> dict[str, Any]:
    """Key Vault's 403: its firewall refusing the recording machine, or a missing permission."""
    caller = (
        f"appid={ASSESSOR_APP_ID};oid={oid('sp-assessor')};iss=https://sts.windows.net/{TENANT_ID}/"
    )
    where = f"{spec.name};location={spec.location}"
    if spec.data_plane == "firewall":
        message = (
            "Client address is not authorized and caller is not a trusted service.\r\n"
            f"Client address: 203.0.113.25\r\nCaller: {caller}\r\nVault: {where}"
        )
        inner = "ForbiddenByFirewall"
    else:
        message = (
            f"The user, group or application '{caller}' does not have certificates list "
            f"permission on key vault '{where}'. For help resolving this issue, please see "
            "https://go.microsoft.com/fwlink/?linkid=2125287"
        )
        inner = "AccessDenied"
    return {"error": {"code": "Forbidden", "message": message, "innererror": {"code": inner}}}


def _cert_attributes(label: str, created: int, months: int, enabled: bool = True) -> dict[str, Any]:
    return {
        "enabled": enabled,
        "nbf": created - 600,
        "exp": created + months * 30 * DAY,
        "created": created,
        "updated": created,
        "recoveryLevel": "Recoverable",
        "recoverableDays": 90,
    }


def _data_plane_calls(rec: Recorder, spec: VaultSpec) -> None:
    """A vault's data plane (api-version 7.5, GetCertificates / GetCertificatePolicy /
    GetCertificateVersions / GetSecretVersions shapes): certificate metadata and policies,
    versions; never a certificate, key or secret value. A refused vault answers its certificate
    list with a 403 and is asked nothing more."""
    group = next(g for g in GROUPS if g.name == spec.group and g.sub == spec.sub)
    if group.denied:
        return
    base = f"https://{spec.host}"
    if spec.data_plane != "ok":
        rec.add(
            CERTIFICATES_LIST.url(base),
            data_plane_refusal(spec),
            status=403,
            provider="data-plane",
        )
        return
    items = []
    for cert in spec.certificates:
        label = f"{spec.name}/certificates/{cert.name}"
        items.append(
            {
                "id": f"{base}/certificates/{cert.name}",
                "x5t": base64.urlsafe_b64encode(bytes.fromhex(hex32(label)[:40]))
                .decode()
                .rstrip("="),
                "attributes": _cert_attributes(
                    label, days_ago(cert.age, label), cert.validity_months
                ),
            }
        )
    rec.add(CERTIFICATES_LIST.url(base), {"value": items, "nextLink": None}, provider="data-plane")
    for cert in spec.certificates:
        _certificate_calls(rec, spec, cert)
    for secret in spec.secrets:
        label = f"{spec.name}/{secret.name}"
        versions = [
            (hex32(f"{label}:v{n}"), days_ago(age, f"{label}:v{n}"), enabled)
            for n, (age, enabled) in enumerate(secret.older)
        ]
        versions.append((hex32(label), days_ago(secret.age, label), secret.enabled))
        rec.add(
            SECRET_VERSIONS_LIST.url(base, name=secret.name),
            {
                "value": [
                    {
                        "id": f"{base}/secrets/{secret.name}/{version}",
                        "attributes": {
                            "enabled": enabled,
                            "created": created,
                            "updated": created,
                            "recoveryLevel": "Recoverable",
                            "recoverableDays": 90,
                        },
                        **({"contentType": secret.content_type} if secret.content_type else {}),
                    }
                    for version, created, enabled in versions
                ],
                "nextLink": None,
            },
            provider="data-plane",
        )


def _certificate_calls(rec: Recorder, spec: VaultSpec, cert: Cert) -> None:
    base = f"https://{spec.host}"
    label = f"{spec.name}/certificates/{cert.name}"
    created = days_ago(cert.age, label)
    rec.add(
        CERTIFICATE_POLICY.url(base, name=cert.name),
        {
            "id": f"{base}/certificates/{cert.name}/policy",
            "key_props": {
                "exportable": True,
                "kty": "RSA",
                "key_size": cert.key_size,
                "reuse_key": False,
            },
            "secret_props": {"contentType": "application/x-pkcs12"},
            "x509_props": {
                "subject": cert.subject,
                "ekus": ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"],
                "key_usage": ["digitalSignature", "keyEncipherment"],
                "validity_months": cert.validity_months,
                "basic_constraints": {"ca": False},
            },
            "lifetime_actions": [
                {"trigger": {"lifetime_percentage": share}, "action": {"action_type": action}}
                for action, share in cert.actions
            ],
            "issuer": {"name": cert.issuer},
            "attributes": {"enabled": True, "created": created, "updated": created},
        },
        provider="data-plane",
    )
    versions = [
        (hex32(f"{label}:v{n}"), days_ago(age, f"{label}:v{n}"), enabled)
        for n, (age, enabled) in enumerate(cert.older)
    ]
    versions.append((hex32(label), created, True))
    rec.add(
        CERTIFICATE_VERSIONS_LIST.url(base, name=cert.name),
        {
            "value": [
                {
                    "id": f"{base}/certificates/{cert.name}/{version}",
                    "x5t": base64.urlsafe_b64encode(bytes.fromhex(version[:40].ljust(40, "0")))
                    .decode()
                    .rstrip("="),
                    "attributes": _cert_attributes(label, when, cert.validity_months, enabled),
                }
                for version, when, enabled in versions
            ],
            "nextLink": None,
        },
        provider="data-plane",
    )


HSM_URI = "https://westeurope.hsm-contoso-payments.managedhsm.azure.net"
HSM_ROLES = {
    "Managed HSM Administrator": "a290e904-7015-4bba-90c8-60543313cdb4",
    "Managed HSM Crypto User": "21dbd100-6940-42c2-9190-5d6cb909625b",
    "Managed HSM Crypto Auditor": "2c18b078-7c48-4d3a-af88-5a3a1b3f82b3",
}


def _hsm_role_assignments(rec: Recorder) -> None:
    """The Managed HSM's local RBAC (RoleAssignments_ListForScope at /): its administrators, an
    auditor, and a payments identity holding Crypto User over every key (at /)."""
    grants = (
        ("grp-platform-admins", "Managed HSM Administrator", "/"),
        ("grp-secops-auditors", "Managed HSM Crypto Auditor", "/"),
        ("mi-payments", "Managed HSM Crypto User", "/keys/payments-cmk"),
    )
    rec.add(
        HSM_ROLE_ASSIGNMENTS_LIST.url(HSM_URI),
        {
            "value": [
                {
                    "id": f"/providers/Microsoft.Authorization/roleAssignments/{guid(f'hsm:{who}:{role}')}",
                    "name": guid(f"hsm:{who}:{role}"),
                    "type": "Microsoft.Authorization/roleAssignments",
                    "properties": {
                        "scope": scope,
                        "roleDefinitionId": "Microsoft.KeyVault/providers/Microsoft.Authorization"
                        f"/roleDefinitions/{HSM_ROLES[role]}",
                        "principalId": oid(who),
                    },
                }
                for who, role, scope in grants
            ],
            "nextLink": None,
        },
        provider="data-plane",
    )


def _key_calls(rec: Recorder, spec: VaultSpec, key: Key, sid: str) -> None:
    """Keys_Get (type, size, exportability, rotation policy) and Keys_ListVersions of one key."""
    key_id = f"{spec.id}/keys/{key.name}"
    rec.add(KEY_GET.url(ARM, scope=key_id), key_body(spec, key), subscription_id=sid)
    label = f"{spec.name}/keys/{key.name}"
    versions = []
    for n, (age, enabled) in enumerate(key.older):
        created = days_ago(age, f"{label}:v{n}")
        versions.append((hex32(f"{label}:v{n}"), created, enabled))
    versions.append((hex32(label), days_ago(key.age, label), key.enabled))
    rec.add(
        KEY_VERSIONS_LIST.url(ARM, scope=key_id),
        {
            "value": [
                {
                    "id": f"{key_id}/versions/{version}",
                    "name": version,
                    "type": "Microsoft.KeyVault/vaults/keys/versions",
                    "location": spec.location,
                    "properties": {
                        "attributes": {
                            "enabled": enabled,
                            "created": created,
                            "updated": created,
                            "recoveryLevel": _recovery_level(spec),
                        },
                        "keyUri": f"https://{spec.host}:443/keys/{key.name}",
                        "keyUriWithVersion": f"https://{spec.host}:443/keys/{key.name}/{version}",
                    },
                }
                for version, created, enabled in versions
            ]
        },
        subscription_id=sid,
    )


# ---------------------------------------------------------------------------------------------
# Log evidence: Log Analytics queries (resource-centric, per subscription) and the Activity Log
# ---------------------------------------------------------------------------------------------

LOG_ANALYTICS = "https://api.loganalytics.io"


@dataclass(frozen=True)
class AuditRow:
    """Summarised Key Vault audit events of one caller in one vault (one query answer row)."""

    vault: str
    caller: str
    """A principal's label (its object id is logged), or ``caller:<label>`` for a stranger."""
    ip: str
    secrets: tuple[str, ...] | None
    """The secrets it read (SecretGet); None: every enabled secret older than the window."""
    events: int
    denied: int = 0
    days_ago: int = 1


AUDIT_ROWS: tuple[AuditRow, ...] = (
    # The payments API reads its secrets; the CI runner reads one of them too.
    AuditRow("kv-payments-prod", "mi-payments", "10.10.1.4", None, 180),
    AuditRow("kv-payments-prod", "mi-ci-runner", "10.30.0.7", ("stripe-api-key",), 12, days_ago=3),
    AuditRow("kv-analytics-shared", "mi-ci-runner", "10.30.0.9", None, 30),
    AuditRow("kv-contoso-shared", "mi-orders", "10.40.0.5", None, 20),
)
"""kv-identity-prod sends its audit log to the workspace but nothing arrived in the window."""

UNREAD = frozenset({"payments-servicebus-connection"})
"""A secret no one has read in the window (its queue moved to managed identity long ago)."""

LEAKED_LOG_LINE = (
    "2026-10-30T09:14:02Z ERROR PaymentsRepository: cannot open Server=tcp:sql-payments-dev."
    "database.windows.net;User ID=payments;Password=DemoLogLeak-58c2-Rk4Tz9Wq;"
)
"""A line the dev payments app wrote to its console log (the demo's fake password)."""


def log_time(epoch: int) -> str:
    """A Log Analytics datetime cell: ISO 8601 to the second, ``Z``."""
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _caller(label: str) -> str:
    return guid(label) if label.startswith("caller:") else oid(label)


def _audit_rows(sub: Sub) -> list[list[Any]]:
    def when(days: int) -> str:
        return log_time(AS_OF_EPOCH - days * DAY - jitter(f"log:{days}", 3600))

    rows: list[list[Any]] = []
    for spec in AUDIT_ROWS:
        vault = next(v for v in VAULTS if v.name == spec.vault)
        if vault.sub != sub.key:
            continue
        names = spec.secrets
        if names is None:
            names = tuple(s.name for s in vault.secrets if s.enabled and s.name not in UNREAD)
        for name in names:
            rows.append(
                [
                    vault.id.lower(),
                    _caller(spec.caller),
                    spec.ip,
                    "SecretGet",
                    name,
                    spec.events,
                    spec.denied,
                    when(spec.days_ago + 20),
                    when(spec.days_ago),
                ]
            )
    return rows


def _log_table(columns: list[tuple[str, str]], rows: list[list[Any]]) -> dict[str, Any]:
    return {
        "tables": [
            {
                "name": "PrimaryResult",
                "columns": [{"name": n, "type": t} for n, t in columns],
                "rows": rows,
            }
        ]
    }


def _query(rec: Recorder, sub: Sub, query: str, body: dict[str, Any], status: int = 200) -> None:
    start, end = iso7(AS_OF_EPOCH - 30 * DAY), iso7(AS_OF_EPOCH)
    request = json.dumps({"query": query, "timespan": f"{start}/{end}", "workspaces": None})
    rec.add(
        f"{LOG_ANALYTICS}/v1/subscriptions/{sub.subscription_id}/query",
        body,
        status=status,
        provider="loganalytics",
        method="POST",
        request_body=request,
    )


def _log_calls(rec: Recorder) -> None:
    from assess.collectors.logs import (
        APP_LOG_TABLES,
        FAMILY,
        FOUND,
        SAMPLE_FAMILY,
        SUBSCRIPTION_LOGS,
        activity_url,
    )

    columns = [
        ("Part", "string"), ("Table", "string"),
        ("Vault", "string"), ("Caller", "string"), ("CallerIp", "string"),
        ("Operation", "string"), ("Secret", "string"), ("Events", "long"), ("Denied", "long"),
        ("First", "datetime"), ("Last", "datetime"),
        ("Resource", "string"), ("Sample", "string"), ("Lines", "long"),
    ]  # fmt: skip

    names = [n for n, _ in columns]

    def cells(**values: Any) -> list[Any]:
        return [values.get(n) for n in names]

    with_vaults = {v.sub for v in VAULTS}
    for sub in SUBSCRIPTIONS:
        # One query per subscription: the vaults' audit events and the application log sample.
        # AZKVAuditLogs exists; AzureDiagnostics does not (the union leaves it out); in Contoso
        # Shared Services no application log table exists either.
        app_tables = [] if sub.key == "shared" else list(APP_LOG_TABLES)
        rows = [cells(Part=FOUND, Table=t) for t in ["AZKVAuditLogs", *app_tables]]
        if sub.key in with_vaults:
            rows += [
                cells(Part=FAMILY, Table="AZKVAuditLogs", **dict(zip(names[2:11], r, strict=True)))
                for r in _audit_rows(sub)
            ]
        rows += [
            cells(
                Part=SAMPLE_FAMILY,
                Table="AppServiceConsoleLogs",
                Resource=s.id.lower(),
                Sample=LEAKED_LOG_LINE,
                Lines=3,
                Last=log_time(AS_OF_EPOCH - 2 * DAY),
            )
            for s in SITES
            if s.sub == sub.key and s.name == "app-payments-dev"
        ]
        _query(rec, sub, SUBSCRIPTION_LOGS, _log_table(columns, rows))
    end = datetime.fromtimestamp(AS_OF_EPOCH, tz=UTC)
    start = datetime.fromtimestamp(AS_OF_EPOCH - 90 * DAY, tz=UTC)
    for sub in SUBSCRIPTIONS:
        uri = activity_url(ARM, sub.subscription_id, start, end)
        if sub.key == "shared":
            action = "Microsoft.Insights/eventtypes/values/read"
            rec.add(uri, authorization_failed(action, f"/subscriptions/{sub.subscription_id}"),
                    status=403, subscription_id=sub.subscription_id)  # fmt: skip
            continue
        events = [
            _key_event(a, op, days, caller)
            for a, op, days, caller in KEY_EVENTS
            if next(x for x in ACCOUNTS if x.name == a).sub == sub.key
        ]
        rec.add(uri, {"value": events}, subscription_id=sub.subscription_id)


KEY_EVENTS: tuple[tuple[str, str, int, str], ...] = (
    ("stordersprod", "regenerateKey", 25, "alice@contoso.example"),
    ("stpaymentsfuncprod", "listKeys", 3, "sp-legacy-batch"),
    ("stlegacybackup", "regenerateKey", 40, "bob@contoso.example"),
    ("stsandboxdev", "regenerateKey", 30, "bob@contoso.example"),
    ("stanalyticsdev", "regenerateKey", 12, "bob@contoso.example"),
)
"""Activity Log events of the storage accounts' keys (90 days): who regenerated or listed them."""


def _key_event(account: str, operation: str, days: int, caller: str) -> dict[str, Any]:
    spec = next(a for a in ACCOUNTS if a.name == account)
    when = AS_OF_EPOCH - days * DAY - jitter(f"key:{account}:{operation}", 7200)
    event_id = guid(f"event:{account}:{operation}")
    return {
        "caller": caller if "@" in caller else oid(caller),
        "eventDataId": event_id,
        "eventTimestamp": iso7(when),
        "operationName": {
            "value": f"Microsoft.Storage/storageAccounts/{operation}/action",
            "localizedValue": operation,
        },
        "resourceId": spec.id,
        "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
    }


# Microsoft Graph: app registrations, service principals, principal names, group members
# ---------------------------------------------------------------------------------------------

GRAPH = "https://graph.microsoft.com"
DELETED_PRINCIPALS = ("bob@contoso.example",)
"""Left out of ``getByIds``' answer: deleted from the directory, their role assignments remain."""


def graph_time(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _password(label: str, name: str, created_days_ago: float, ends: int | str) -> dict[str, Any]:
    """A passwordCredential as Graph lists it: no secretText, a three-character hint."""
    return {
        "customKeyIdentifier": None,
        "displayName": name,
        "endDateTime": ends if isinstance(ends, str) else graph_time(ends),
        "hint": CANARY[:3],
        "keyId": guid(f"credential:{label}"),
        "secretText": None,
        "startDateTime": graph_time(days_ago(created_days_ago, label)),
    }


def _certificate(
    label: str, name: str, created_days_ago: float, days_left: float
) -> dict[str, Any]:
    return {
        "customKeyIdentifier": hex32(f"thumbprint:{label}")[:40].upper(),
        "displayName": name,
        "endDateTime": graph_time(days_ahead(days_left, label)),
        "key": None,
        "keyId": guid(f"credential:{label}"),
        "startDateTime": graph_time(days_ago(created_days_ago, label)),
        "type": "AsymmetricX509Cert",
        "usage": "Verify",
    }


@dataclass(frozen=True)
class AppSpec:
    principal: str
    """The service principal's key in :data:`PRINCIPALS` (its object id), or a name of its own."""
    name: str
    secrets: tuple[dict[str, Any], ...] = ()
    certificates: tuple[dict[str, Any], ...] = ()
    federated: int = 0
    sp_secrets: tuple[dict[str, Any], ...] = ()
    """Credentials added to the service principal itself (the portal does not show them)."""

    @property
    def app_id(self) -> str:
        return guid(f"app-id:{self.principal}")


APPS: tuple[AppSpec, ...] = (
    AppSpec(
        "sp-payments-api",
        "payments-api",
        secrets=(_password("payments-api:1", "prod", 400, days_ahead(12, "payments-api:1")),),
    ),
    AppSpec(
        "sp-legacy-batch",
        "legacy-batch",
        secrets=(
            _password("legacy-batch:1", "batch-2024", 770, days_ahead(-40, "legacy-batch:1")),
            _password("legacy-batch:2", "never-expires", 2500, "9999-12-31T23:59:59Z"),
        ),
        sp_secrets=(
            _password("legacy-batch:sp", "added-by-script", 300, days_ahead(65, "legacy-batch:sp")),
        ),
    ),
    AppSpec(
        "sp-assessor",
        "waf-assess-reader",
        certificates=(_certificate("assessor:cert", "CN=waf-assess-reader", 30, 335),),
    ),
    AppSpec("app-deploy-pipeline", "deploy-pipeline", federated=2),
)


def _object_id(principal: str) -> str:
    return oid(principal) if principal in PRINCIPALS else guid(f"principal:{principal}")


def _application_body(app: AppSpec) -> dict[str, Any]:
    return {
        "id": guid(f"application:{app.principal}"),
        "appId": app.app_id,
        "displayName": app.name,
        "tags": [],
        "passwordCredentials": list(app.secrets),
        "keyCredentials": list(app.certificates),
        "federatedIdentityCredentials": [
            {"id": guid(f"federated:{app.principal}:{n}")} for n in range(app.federated)
        ],
    }


def _service_principal_body(
    principal: str, name: str, app_id: str, kind: str, secrets: tuple[dict[str, Any], ...] = ()
) -> dict[str, Any]:
    managed = kind == "ManagedIdentity"
    return {
        "id": _object_id(principal),
        "appId": app_id,
        "displayName": name,
        "tags": [] if managed else ["WindowsAzureActiveDirectoryIntegratedApp"],
        "servicePrincipalType": kind,
        "accountEnabled": True,
        "appOwnerOrganizationId": None if managed else TENANT_ID,
        "passwordCredentials": list(secrets),
        # A managed identity's certificate is the platform's, rotated by Azure.
        "keyCredentials": [_certificate(f"{principal}:platform", "", 20, 70)] if managed else [],
    }


def _directory_object(principal: str) -> dict[str, Any]:
    kind = PRINCIPALS[principal]
    if kind == "User":
        return {
            "@odata.type": "#microsoft.graph.user",
            "id": oid(principal),
            "accountEnabled": True,
            "displayName": principal.split("@")[0].capitalize() + " (Contoso)",
            "userPrincipalName": principal,
        }
    if kind == "Group":
        return {
            "@odata.type": "#microsoft.graph.group",
            "id": oid(principal),
            "displayName": principal,
            "securityEnabled": True,
            "mailEnabled": False,
        }
    app = next((a for a in APPS if a.principal == principal), None)
    managed = principal.startswith("mi-")
    return {
        "@odata.type": "#microsoft.graph.servicePrincipal",
        "id": oid(principal),
        "accountEnabled": True,
        "appId": app.app_id if app else guid(f"app-id:{principal}"),
        "displayName": app.name if app else principal,
        "servicePrincipalType": "ManagedIdentity" if managed else "Application",
    }


GROUP_MEMBERS: dict[str, tuple[str, ...]] = {
    "grp-platform-ops": ("carol@contoso.example", "grp-platform-admins", "sp-legacy-batch"),
    "grp-platform-admins": ("alice@contoso.example",),
    "grp-secops-auditors": ("carol@contoso.example",),
    "grp-developers": ("bob@contoso.example", "carol@contoso.example"),
}
"""Direct members; answers list them transitively (nested groups' members included)."""


def _transitive(group: str) -> list[str]:
    found: list[str] = []
    for member in GROUP_MEMBERS.get(group, ()):
        if member not in found:
            found.append(member)
        if PRINCIPALS.get(member) == "Group":
            found += [m for m in _transitive(member) if m not in found]
    return found


def _expanded_groups() -> list[str]:
    """The groups whose members the collector reads: those holding a Key Vault data role (the
    collector's own rule, :func:`assess.collectors.graph.grants_vault_data`) or an access policy
    on a vault it can list."""
    reaching = {
        role.guid
        for role in ROLE_DEFS
        if grants_vault_data(
            RoleDefinition(
                id=role.guid,
                guid=role.guid,
                role_name=role.name,
                data_actions=tuple(role.data_actions),
            )
        )
    }
    listed = [
        v
        for v in VAULTS
        if not next(g for g in GROUPS if g.name == v.group and g.sub == v.sub).denied
    ]
    holders = {a.principal for subs in ASSIGNMENTS.values() for a in subs if a.role in reaching}
    holders |= {
        p
        for p in PRINCIPALS
        for v in listed
        for ap in v.access_policies
        if ap["objectId"] == oid(p)
    }
    return sorted(p for p in holders if PRINCIPALS[p] == "Group")


def _graph_calls(rec: Recorder) -> None:
    """What the Graph source reads: both lists, one getByIds, and the members of each group that
    reaches vault data."""
    rec.add(
        GRAPH_APPLICATIONS.url(GRAPH),
        {
            "@odata.context": f"{GRAPH}/v1.0/$metadata#applications(id,appId,displayName,tags,"
            "passwordCredentials,keyCredentials,federatedIdentityCredentials(id))",
            "value": [_application_body(a) for a in APPS],
        },
        provider="graph",
    )
    service_principals = [
        _service_principal_body(a.principal, a.name, a.app_id, "Application", a.sp_secrets)
        for a in APPS
    ] + [
        _service_principal_body(p, p, guid(f"app-id:{p}"), "ManagedIdentity")
        for p in PRINCIPALS
        if p.startswith("mi-")
    ]
    rec.add(
        GRAPH_SERVICE_PRINCIPALS.url(GRAPH),
        {
            "@odata.context": f"{GRAPH}/v1.0/$metadata#servicePrincipals(id,appId,displayName,"
            "tags,servicePrincipalType,accountEnabled,appOwnerOrganizationId,"
            "passwordCredentials,keyCredentials)",
            "value": service_principals,
        },
        provider="graph",
    )
    rec.add(
        GRAPH_GET_BY_IDS.url(GRAPH),
        {
            "@odata.context": f"{GRAPH}/v1.0/$metadata#directoryObjects",
            "value": [
                _directory_object(p) for p in sorted(PRINCIPALS) if p not in DELETED_PRINCIPALS
            ],
        },
        provider="graph",
        method="POST",
    )
    for group in _expanded_groups():
        members = [m for m in _transitive(group) if m not in DELETED_PRINCIPALS]
        rec.add(
            GRAPH_TRANSITIVE_MEMBERS.url(GRAPH, group_id=oid(group)),
            {
                "@odata.context": f"{GRAPH}/v1.0/$metadata#directoryObjects(id,displayName)",
                "value": [
                    {
                        k: v
                        for k, v in _directory_object(m).items()
                        if k in ("@odata.type", "id", "displayName")
                    }
                    for m in members
                ],
            },
            provider="graph",
        )


def render() -> str:
    """The cassette text. Pure: same code, same bytes."""
    document = {"interactions": build(), "version": 1}
    return yaml.dump(
        document,
        Dumper=yaml.SafeDumper,
        default_flow_style=False,
        sort_keys=True,
        allow_unicode=True,
        width=100,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="cassette to write")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the cassette differs from a fresh render"
    )
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        try:
            current = args.output.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            print(
                f"{args.output} is stale: run `python scripts/gen_demo_tenant.py` and commit it",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output} ({len(build())} interactions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

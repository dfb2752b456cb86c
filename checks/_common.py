"""Small helpers shared by the built-in checks (pure; no I/O).

Besides the API names findings cite, this module holds the two judgements several checks share:

* what a role definition *allows* (its actions minus notActions, Azure's wildcard rules), and so
  whether a role is *broad* (it can reach every vault's secrets, or grant itself that reach);
* which principals *reach the secrets* of which vault, and how (:func:`secret_reach`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from assess.checkapi import EnvironmentClassifier, glob_to_regex
from assess.snapshot import (
    RoleAssignment,
    RoleDefinition,
    SecretMeta,
    Snapshot,
    Vault,
    last_segment,
    norm_id,
    subscription_of,
)
from assess.sources.authorization import ROLE_ASSIGNMENTS_LIST, ROLE_DEFINITIONS_LIST
from assess.sources.keyvault import KEYS_LIST, SECRETS_LIST, VAULTS_LIST
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST

VAULT_TYPE = "Microsoft.KeyVault/vaults"
SECRET_TYPE = "Microsoft.KeyVault/vaults/secrets"
KEY_TYPE = "Microsoft.KeyVault/vaults/keys"
ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"
PRINCIPAL_TYPE = "Entra ID principal"

VAULTS_API = VAULTS_LIST.name
SECRETS_API = SECRETS_LIST.name
KEYS_API = KEYS_LIST.name
DIAGNOSTICS_API = DIAGNOSTIC_SETTINGS_LIST.name
ROLE_ASSIGNMENTS_API = ROLE_ASSIGNMENTS_LIST.name
ROLE_DEFINITIONS_API = ROLE_DEFINITIONS_LIST.name

BROAD_BUILTIN_ROLES: dict[str, str] = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
    "18d7d88d-d35e-4fb5-a5c3-7773c2a72009": "User Access Administrator",
    "00482a5a-887f-4fb3-b363-3b7fe8e74483": "Key Vault Administrator",
}
"""Built-in roles known to be broad by GUID (names can be reused by custom roles; GUIDs cannot)."""

_MG_PREFIX = "/providers/microsoft.management/managementgroups/"

SECRET_READ = "Microsoft.KeyVault/vaults/secrets/getSecret/action"
ASSIGN_ROLES = "Microsoft.Authorization/roleAssignments/write"
EDIT_VAULT = ("Microsoft.KeyVault/vaults/write", "Microsoft.KeyVault/vaults/accessPolicies/write")

# Management operations that hand over every vault's secrets, and what each means in a sentence.
_BROAD_ACTIONS: tuple[tuple[str, str], ...] = (
    (ASSIGN_ROLES, "can assign itself any role"),
    (EDIT_VAULT[0], "can rewrite any vault's access policies and network rules"),
    (EDIT_VAULT[1], "can rewrite any vault's access policies"),
)
_BROAD_DATA_ACTIONS: tuple[tuple[str, str], ...] = (
    (SECRET_READ, "can read every vault's secrets"),
    ("Microsoft.KeyVault/vaults/keys/decrypt/action", "can use every vault's keys"),
)


@cache
def _pattern_matches(pattern: str, operation: str) -> bool:
    return bool(glob_to_regex(pattern).match(operation))


def _allowed(granted: Iterable[str], denied: Iterable[str], operation: str) -> bool:
    return any(_pattern_matches(p, operation) for p in granted) and not any(
        _pattern_matches(p, operation) for p in denied
    )


def allows_action(definition: RoleDefinition, operation: str) -> bool:
    """True when the role's actions, less its notActions, include the management ``operation``."""
    return _allowed(definition.actions, definition.not_actions, operation)


def allows_data_action(definition: RoleDefinition, operation: str) -> bool:
    """True when the role's dataActions, less its notDataActions, include ``operation``."""
    return _allowed(definition.data_actions, definition.not_data_actions, operation)


# A role-assignment condition that limits which roles its holder may assign, in the form
# Microsoft documents for delegating role assignments ("Delegate Azure role assignment management
# to others with conditions"): a write clause, optionally followed by the matching delete clause.
# Only that form is read; any other condition (an extra OR alternative, a principal test
# instead of a role list) is taken to set no limit, which can only over-report.
_GUIDS = r"\{(?P<%s>[0-9a-f\-,\s]*)\}"
_ASSIGN_LIMIT = re.compile(
    r"^\(*\(!\(ActionMatches\{'Microsoft\.Authorization/roleAssignments/write'\}\)\)OR\("
    r"@Request\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\]"
    r"ForAnyOfAnyValues:GuidEquals" + _GUIDS % "write" + r"\)\)"
    r"(AND\(\(!\(ActionMatches\{'Microsoft\.Authorization/roleAssignments/delete'\}\)\)OR\("
    r"@Resource\[Microsoft\.Authorization/roleAssignments:RoleDefinitionId\]"
    r"ForAnyOfAnyValues:GuidEquals" + _GUIDS % "delete" + r"\)\))?\)*$",
    re.IGNORECASE,
)


def assignable_roles(condition: str | None) -> frozenset[str] | None:
    """The role GUIDs (lower case) a role-assignment condition lets its holder assign, or None
    when it sets no limit this reads (no condition, or another form)."""
    found = _ASSIGN_LIMIT.match(re.sub(r"\s+", "", condition or ""))
    if found is None:
        return None
    return frozenset(g.lower() for g in found.group("write").split(",") if g)


def assigns_secret_reach(
    definition: RoleDefinition, condition: str | None, definitions: Mapping[str, RoleDefinition]
) -> bool:
    """True when the role can write role assignments that lead to secrets: with no readable
    limit in the assignment's ``condition``, any role; with one, a listed role that reads
    secrets, assigns roles in turn, or whose definition was not read."""
    if not allows_action(definition, ASSIGN_ROLES):
        return False
    limit = assignable_roles(condition)
    if limit is None:
        return True
    return any(
        (found := definitions.get(guid)) is None
        or allows_data_action(found, SECRET_READ)
        or allows_action(found, ASSIGN_ROLES)
        for guid in limit
    )


def broad_reason(
    guid: str,
    definition: RoleDefinition | None,
    condition: str | None = None,
    definitions: Mapping[str, RoleDefinition] | None = None,
) -> str:
    """Why the role is broad (a phrase), or ``""`` when it is not (or cannot be judged).
    ``condition`` is the assignment's: one that lets it assign only roles that reach no secret
    takes role assignment off the reasons (``definitions`` by GUID, to judge those roles)."""
    if guid.lower() in BROAD_BUILTIN_ROLES and definition is None:
        return "is a broad built-in role"
    if definition is None:
        return ""
    limited = assignable_roles(condition) is not None
    for operation, phrase in _BROAD_ACTIONS:
        if operation == ASSIGN_ROLES and limited:
            if assigns_secret_reach(definition, condition, definitions or {}):
                return "can assign itself a role that reaches secrets"
            continue
        if allows_action(definition, operation):
            return phrase
    for operation, phrase in _BROAD_DATA_ACTIONS:
        if allows_data_action(definition, operation):
            return phrase
    access = key_vault_data_access(definition)
    if access:
        return f"can {', '.join(access)} in every vault beneath it"
    broad = guid.lower() in BROAD_BUILTIN_ROLES and not limited
    return "is a broad built-in role" if broad else ""


def role_label(guid: str, definition: RoleDefinition | None) -> str:
    if definition is not None and definition.role_name:
        return definition.role_name
    return BROAD_BUILTIN_ROLES.get(guid.lower(), f"role {guid}")


def is_broad_scope(scope: str) -> bool:
    """A subscription, a management group, or the tenant root ``/``."""
    parts = norm_id(scope).split("/")
    if norm_id(scope) in ("", "/"):
        return True
    if parts[1] == "subscriptions":
        return len(parts) == 3
    return norm_id(scope).startswith(_MG_PREFIX)


def scope_label(snapshot: Snapshot, scope: str) -> str:
    """``subscription Contoso Prod (guid)``, ``management group mg-root``, ``the tenant root``, ..."""
    if norm_id(scope) in ("", "/"):
        return "the tenant root"
    if norm_id(scope).startswith(_MG_PREFIX):
        return f"management group {last_segment(scope)}"
    if is_broad_scope(scope):
        return subscription_label(snapshot, subscription_of(scope))
    return scope


def subscription_label(snapshot: Snapshot, subscription_id: str) -> str:
    sub = snapshot.subscription(subscription_id)
    if sub is not None and sub.display_name:
        return f"subscription {sub.display_name} ({subscription_id})"
    return f"subscription {subscription_id}"


@dataclass(frozen=True, slots=True)
class Principal:
    """An Entra ID principal as a finding's subject (it has no ARM id of its own)."""

    object_id: str
    principal_type: str = ""
    display_name: str = ""
    """Its name in Microsoft Entra ID (``directoryObjects/getByIds``); "" when not looked up."""
    deleted: bool = False
    """Microsoft Graph was asked and knows no such object: the principal was deleted."""

    @property
    def id(self) -> str:
        return f"/principals/{self.object_id.lower()}"

    @property
    def name(self) -> str:
        return self.object_id.lower()

    @property
    def label(self) -> str:
        """``ServicePrincipal payments-api (oid)``; the id alone when no name was read."""
        kind = self.principal_type or "Principal"
        if self.deleted:
            return f"deleted {kind.lower()} {self.object_id.lower()}"
        if self.display_name:
            return f"{kind} {self.display_name} ({self.object_id.lower()})"
        return f"{kind} {self.object_id.lower()}"


def principal_of(snapshot: Snapshot, object_id: str, principal_type: str = "") -> Principal:
    """The principal ``object_id`` with the name Microsoft Graph gave it, when it was read."""
    found = snapshot.principal(object_id)
    if found is None:
        return Principal(object_id, principal_type)
    if not found.found:
        return Principal(object_id, principal_type, deleted=True)
    return Principal(object_id, principal_type, found.display_name)


@dataclass(frozen=True, slots=True)
class Reach:
    """``principal`` reaches the secrets of ``vault``: it ``reads`` them, or can grant itself that."""

    principal: Principal
    vault: Vault
    direct: bool
    """True: reads secrets now. False: holds a management right that lets it grant itself read."""
    via: str
    """How, in words: ``Key Vault Secrets User at subscription X``, ``an access policy``."""


@dataclass(frozen=True, slots=True)
class _Grant:
    """One role assignment, judged once: where it applies and what it lets the principal do."""

    principal: Principal
    scope: str
    """Normalised scope (``""`` for the tenant root)."""
    via: str
    reads: bool
    """getSecret data action: reads secrets on RBAC vaults."""
    assigns: bool
    """roleAssignments/write: can grant itself read on RBAC vaults."""
    edits: bool
    """vaults/write or accessPolicies/write: can grant itself read on access-policy vaults."""
    group_env: str | None = None
    """For a management-group scope: its environment ("" when not recognised); else None."""


def _grants(snapshot: Snapshot, environment_of: EnvironmentClassifier) -> list[_Grant]:
    definitions = {d.guid.lower(): d for d in snapshot.role_definitions}
    grants = []
    for a in snapshot.role_assignments:
        definition = definitions.get(a.role_definition_guid.lower())
        if definition is None:
            continue  # judged by SE09-7.3; a gap in role_definitions holds back passes
        scope = norm_id(a.scope)
        grant = _Grant(
            principal=principal_of(snapshot, a.principal_id, a.principal_type),
            scope=scope,
            via=f"{definition.role_name} at {scope_label(snapshot, a.scope)}",
            reads=allows_data_action(definition, SECRET_READ),
            assigns=assigns_secret_reach(definition, a.condition, definitions),
            edits=any(allows_action(definition, op) for op in EDIT_VAULT),
            group_env=environment_of(a.scope) if scope.startswith(_MG_PREFIX) else None,
        )
        if grant.reads or grant.assigns or grant.edits:
            grants.append(grant)
    return grants


def ancestors(resource_id: str) -> list[str]:
    """Every id ``resource_id`` (normalised) lies below: each prefix that ends before a ``/``,
    the tenant root ``""`` included. ``x`` starts with ``a + "/"`` exactly when ``a`` is one."""
    parts = resource_id.split("/")
    return ["/".join(parts[:k]) for k in range(1, len(parts))]


@dataclass(frozen=True, slots=True)
class _GrantIndex:
    """The grants by where they apply, so each vault looks up its own instead of testing all.

    A grant applies to a vault when its scope is the vault, lies above it (the tenant root
    included) or below it (one secret). A management group's subscriptions are not in the
    snapshot: one whose environment is recognised applies to the vaults of that environment; any
    other is taken to contain every collected subscription (it was listed by one of them).
    Positions in the grant list keep each vault's grants in the order they were collected.
    """

    grants: list[_Grant]
    at: dict[str, list[int]]
    """Normalised scope -> grants at that scope (management groups excepted)."""
    above: dict[str, list[int]]
    """Normalised id -> grants at scopes below it."""
    groups: dict[str, list[int]]
    """Management-group environment (``""`` for unrecognised: everywhere) -> grants."""

    @classmethod
    def of(cls, grants: list[_Grant]) -> _GrantIndex:
        index = cls(grants, {}, {}, {})
        for i, grant in enumerate(grants):
            if grant.group_env is not None:
                index.groups.setdefault(grant.group_env, []).append(i)
                continue
            index.at.setdefault(grant.scope, []).append(i)
            for parent in ancestors(grant.scope):
                index.above.setdefault(parent, []).append(i)
        return index

    def applying(self, vault_id: str, vault_env: str) -> list[_Grant]:
        """The grants that apply to the vault (normalised id, environment), in order."""
        return [self.grants[i] for i in self.positions(vault_id, vault_env)]

    def positions(self, vault_id: str, vault_env: str) -> list[int]:
        """Where in ``grants`` the grants that apply to the vault are, in order."""
        found = {*self.above.get(vault_id, ()), *self.groups.get("", ())}
        found.update(self.groups.get(vault_env, ()))
        for scope in ("", vault_id, *ancestors(vault_id)):
            found.update(self.at.get(scope, ()))
        return sorted(found)


def secret_reach(snapshot: Snapshot, environment_of: EnvironmentClassifier) -> Iterator[Reach]:
    """Every (principal, vault) pair where the principal can read secrets, or grant itself read.

    RBAC vaults (``enableRbacAuthorization`` true): a role with the getSecret data action reads;
    a role that can write role assignments can grant itself read. Access-policy vaults (false or not
    reported, the service's old default): a policy with secret ``get`` (or ``all``) reads; a role
    that can write the vault or its access policies can grant itself read. A policy with ``list``
    only shows secret names, not values, so it does not count as reading. Managed HSMs hold keys,
    not secrets, and are skipped.
    """
    index = _GrantIndex.of(_grants(snapshot, environment_of))
    for vault in snapshot.vaults:
        if vault.kind.lower() == "managedhsm":
            continue
        rbac, vault_id = vault.enable_rbac_authorization is True, norm_id(vault.id)
        for g in index.applying(vault_id, environment_of(vault.id, vault.tags)):
            able = (g.reads or g.assigns) if rbac else g.edits
            if able:
                yield Reach(g.principal, vault, rbac and g.reads, g.via)
        if rbac:
            continue
        for policy in vault.access_policies:
            if {p.lower() for p in policy.secrets} & {"get", "all"}:
                who = principal_of(snapshot, policy.object_id)
                yield Reach(who, vault, True, "an access policy")


# Key Vault data operations a data role may grant, and what each means in a few words.
_KEY_VAULT_DATA: tuple[tuple[str, str], ...] = (
    (SECRET_READ, "read secrets"),
    ("Microsoft.KeyVault/vaults/secrets/setSecret/action", "write secrets"),
    ("Microsoft.KeyVault/vaults/keys/decrypt/action", "use keys"),
    ("Microsoft.KeyVault/vaults/keys/sign/action", "use keys"),
    ("Microsoft.KeyVault/vaults/keys/unwrap/action", "use keys"),
    ("Microsoft.KeyVault/vaults/keys/create/action", "manage keys"),
    ("Microsoft.KeyVault/vaults/certificates/create/action", "manage certificates"),
    ("Microsoft.KeyVault/vaults/certificates/read", "read certificates"),
    ("Microsoft.KeyVault/vaults/secrets/readMetadata/action", "read metadata"),
    ("Microsoft.KeyVault/vaults/keys/read", "read metadata"),
)


def key_vault_data_access(definition: RoleDefinition) -> tuple[str, ...]:
    """What a role lets its holder do with Key Vault data, in words (``read secrets``...);
    empty when it grants no Key Vault data action."""
    found = {words for op, words in _KEY_VAULT_DATA if allows_data_action(definition, op)}
    return tuple(words for words in dict.fromkeys(w for _, w in _KEY_VAULT_DATA) if words in found)


@dataclass(frozen=True, slots=True)
class DataGrant:
    """A Key Vault data role assigned above a vault (resource group, subscription, management
    group or tenant root): it reaches every vault beneath."""

    principal: Principal
    scope: str
    """As the assignment spells it."""
    via: str
    """``Key Vault Secrets User at resource group /subscriptions/.../resourceGroups/rg-app``."""
    access: tuple[str, ...]


def data_grants_above(
    snapshot: Snapshot, environment_of: EnvironmentClassifier
) -> dict[str, list[DataGrant]]:
    """Normalised vault id -> the Key Vault data roles assigned above it, in collected order.

    A management-group assignment reaches the vaults of its environment when its name or tags
    place it, and every collected vault otherwise (as for :func:`secret_reach`).
    """
    grants: list[_Grant] = []
    details: list[DataGrant] = []
    for a in snapshot.role_assignments:
        definition = snapshot.role_definition(a.role_definition_guid)
        access = key_vault_data_access(definition) if definition is not None else ()
        if definition is None or not access:
            continue
        scope = norm_id(a.scope)
        principal = principal_of(snapshot, a.principal_id, a.principal_type)
        via = f"{definition.role_name} at {_place(snapshot, a.scope)}"
        grants.append(
            _Grant(
                principal=principal,
                scope=scope,
                via=via,
                reads=True,
                assigns=False,
                edits=False,
                group_env=environment_of(a.scope) if scope.startswith(_MG_PREFIX) else None,
            )
        )
        details.append(DataGrant(principal, a.scope, via, access))
    index = _GrantIndex.of(grants)
    found: dict[str, list[DataGrant]] = {}
    for vault in snapshot.vaults:
        vid = norm_id(vault.id)
        env = environment_of(vault.id, vault.tags)
        for i in index.positions(vid, env):
            scope = grants[i].scope
            if scope == vid or scope.startswith(vid + "/"):
                continue  # at the vault, or narrower: not above it
            found.setdefault(vid, []).append(details[i])
    return found


def _place(snapshot: Snapshot, scope: str) -> str:
    """A scope in words: ``resource group rg-app in subscription X (guid)``, a subscription, a
    management group, the tenant root, or the id as given."""
    parts = norm_id(scope).strip("/").split("/")
    if len(parts) == 4 and parts[0] == "subscriptions" and parts[2] == "resourcegroups":
        name = scope.strip("/").split("/")[3]
        return f"resource group {name} in {subscription_label(snapshot, parts[1])}"
    return scope_label(snapshot, scope)


def undefined_grants(snapshot: Snapshot) -> dict[str, str]:
    """Principal id (lower case) -> its role assignments whose definition is not in the snapshot,
    in words (``role d00...ff at subscription X``). Empty when every definition is known."""
    known = {d.guid.lower() for d in snapshot.role_definitions}
    found: dict[str, list[str]] = {}
    for a in snapshot.role_assignments:
        if a.role_definition_guid.lower() not in known:
            label = f"role {a.role_definition_guid} at {scope_label(snapshot, a.scope)}"
            found.setdefault(a.principal_id.lower(), []).append(label)
    return {p: ", ".join(sorted(labels)) for p, labels in found.items()}


def needs_one_vault(assignment: RoleAssignment, narrow: Mapping[str, set[str] | None]) -> str:
    """Why the assignment's principal is, on the evidence, a consumer of one vault; else ``""``.

    A workload identity (principalType ``ServicePrincipal``, which includes managed identities)
    reads the secrets of its own workload: it needs one vault. Any other principal counts when its
    grants below subscription scope (role assignments and access policies) all sit on exactly one
    vault. A principal with no narrower grant, or grants elsewhere, is not shown to need one vault.
    ``narrow`` is :func:`vaults_granted_narrowly` of the snapshot.
    """
    if assignment.principal_type == "ServicePrincipal":
        return "a workload identity needs its own vault only"
    touched = narrow.get(assignment.principal_id.lower(), set())
    if touched is None or len(touched) != 1:
        return ""
    return f"its other grants are on vault {last_segment(next(iter(touched)))} only"


def vaults_granted_narrowly(snapshot: Snapshot) -> dict[str, set[str] | None]:
    """Principal id (lower case) -> the vault ids it holds grants on below subscription scope, or
    None when it holds a grant anywhere that is neither at a broad scope nor on a vault (so it is
    more than a vault user). Principals with no such grant are absent. Vault ids are kept as the
    snapshot spells them (one vault record, one id).
    """
    first: dict[str, int] = {}
    for position, vault in enumerate(snapshot.vaults):
        first.setdefault(norm_id(vault.id), position)
    touched: dict[str, set[str]] = {}
    elsewhere: set[str] = set()
    for assignment in snapshot.role_assignments:
        if is_broad_scope(assignment.scope):
            continue
        principal, scope = assignment.principal_id.lower(), norm_id(assignment.scope)
        # The first vault the scope is, or lies in (a secret, a key).
        inside = [first[i] for i in (scope, *ancestors(scope)) if i in first]
        if inside:
            touched.setdefault(principal, set()).add(snapshot.vaults[min(inside)].id)
        else:
            elsewhere.add(principal)
    for vault in snapshot.vaults:
        for policy in vault.access_policies:
            touched.setdefault(policy.object_id.lower(), set()).add(vault.id)
    narrow: dict[str, set[str] | None] = {**touched, **dict.fromkeys(elsewhere)}
    return narrow


def vault_label(vault_id: str) -> str:
    """``vault kv-app``: where a secret or key lives. A vault's name is unique in its cloud (it
    is a DNS name), and every finding carries its subscription: the sentence need not repeat it,
    once for each of a vault's thousands of secrets."""
    return f"vault {last_segment(vault_id)}"  # a vault id ends in the vault's name


CERTIFICATE_CONTENT_TYPES = frozenset({"application/x-pkcs12", "application/x-pem-file"})
"""The content types Key Vault gives a certificate's backing secret (PFX and PEM)."""


def holds_certificate(secret: SecretMeta) -> bool:
    """True when the secret's content type says it holds a certificate (PFX or PEM)."""
    return (secret.content_type or "").strip().lower() in CERTIFICATE_CONTENT_TYPES


def backs_certificate(secret: SecretMeta) -> bool:
    """True when the secret is (on the evidence) a Key Vault certificate's backing secret.

    The data plane says so with ``managed: true``. Resource Manager lists backing secrets with
    the other secrets but without that flag; there, a PFX or PEM content type is taken as a
    certificate's secret (``managed`` unknown), and only ``managed: false`` makes it a plain one.
    """
    return secret.managed is True or (holds_certificate(secret) and secret.managed is None)


def certificate_items(snapshot: Snapshot) -> frozenset[tuple[str, str]]:
    """``(normalised vault id, lower-cased name)`` of every certificate seen through its backing
    secret: Key Vault gives a certificate's key and secret the certificate's name."""
    return frozenset(
        (norm_id(s.vault_id), s.name.lower()) for s in snapshot.secrets if backs_certificate(s)
    )


_DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?"
    r"(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)
_DAYS_PER = {
    "y": 365.0,
    "mo": 30.0,
    "w": 7.0,
    "d": 1.0,
    "h": 1 / 24,
    "mi": 1 / 1440,
    "s": 1 / 86400,
}


def duration_days(value: str | None) -> float | None:
    """An ISO-8601 duration (``P90D``, ``P1Y``, ``P2M``, ``P1Y6M``, ``PT12H``) in days, a year
    counted as 365 days and a month as 30 (as Key Vault's rotation policies count them); None
    when absent or not a duration."""
    found = _DURATION.match((value or "").strip())
    if not value or found is None or not any(found.groupdict().values()):
        return None
    return sum(float(v) * _DAYS_PER[k] for k, v in found.groupdict().items() if v)


def shown(value: object) -> str:
    """A property value in a sentence: ``not set`` for an absent property."""
    return "not set" if value is None else str(value).lower()

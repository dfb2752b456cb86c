"""Tiny hand-built Snapshots for check tests, and a one-call way to run checks through the engine.

Every value here is synthetic: GUIDs are zero-padded fakes, names are made up. A typical test::

    kv = make_vault("kv-app-prod", enable_purge_protection=True)
    results = run_checks(make_snapshot(kv), "SE09-2.2")
    assert by_status(results) == {"pass": {"kv-app-prod"}}

``make_snapshot`` sorts records into their Snapshot fields by type, adds a Subscription for every
subscription the records mention (unless given), and marks every evidence kind as collected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from assess.config import Config
from assess.registry import Registry, load_registry
from assess.results import Results, build_results
from assess.snapshot import (
    EVIDENCE_KINDS,
    AccessPolicy,
    AppSetting,
    Certificate,
    CertificateContacts,
    CertificatePolicy,
    CodeScanEvidence,
    DefenderPlan,
    Deployment,
    DiagnosticSetting,
    DirectoryPrincipal,
    EntraApplication,
    EntraServicePrincipal,
    EventSubscription,
    EventTopic,
    FoundCredential,
    Gap,
    GroupMembers,
    HsmRoleAssignment,
    ItemAttributes,
    KeyDetail,
    KeyMeta,
    KeyVersion,
    LifetimeAction,
    LogLeak,
    LogQuery,
    LogSetting,
    NetworkAcls,
    PerimeterAssociation,
    ResourceGroup,
    RoleAssignment,
    RoleDefinition,
    RotationPolicy,
    SecretMeta,
    Snapshot,
    StorageAccount,
    Subscription,
    Vault,
    VaultAccess,
    WebApp,
    WebAppSlot,
    subscription_of,
)

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)

SUB = "00000000-0000-0000-0000-0000000000a1"
"""A neutral subscription (its name says nothing about an environment)."""
SUB_PROD = "00000000-0000-0000-0000-0000000000b1"
SUB_DEV = "00000000-0000-0000-0000-0000000000b2"
SUB_NAMES = {SUB: "Shared Services", SUB_PROD: "contoso-prod", SUB_DEV: "contoso-dev"}

# Built-in role GUIDs (Azure's own).
OWNER = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f7382dd24c"
USER_ACCESS_ADMIN = "18d7d88d-d35e-4fb5-a5c3-7773c2a72009"
READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
KV_ADMIN = "00482a5a-887f-4fb3-b363-3b7fe8e74483"
KV_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
KV_SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"
KV_READER = "21090545-7ca7-4776-b22c-e363652d74d2"


def principal(n: int) -> str:
    """A fake principal object id: ``principal(7)`` -> ``00000000-...-000000000007``."""
    return f"00000000-0000-0000-0000-{n:012d}"


def vault_id(name: str, sub: str = SUB, rg: str = "rg-app") -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}"


def make_subscription(
    sub: str = SUB, name: str | None = None, tags: dict[str, str] | None = None
) -> Subscription:
    return Subscription(
        id=f"/subscriptions/{sub}",
        subscription_id=sub,
        display_name=SUB_NAMES.get(sub, "Subscription") if name is None else name,
        tags=tags or {},
    )


def make_resource_group(
    name: str, sub: str = SUB, tags: dict[str, str] | None = None
) -> ResourceGroup:
    return ResourceGroup(
        id=f"/subscriptions/{sub}/resourceGroups/{name}",
        name=name,
        subscription_id=sub,
        tags=tags or {},
    )


def make_vault(name: str, sub: str = SUB, rg: str = "rg-app", **props: Any) -> Vault:
    """A vault; ``props`` are Vault fields. ``default_action=`` is shorthand for networkAcls."""
    if "default_action" in props:
        props["network_acls"] = NetworkAcls(default_action=props.pop("default_action"))
    return Vault(
        id=vault_id(name, sub, rg), name=name, subscription_id=sub, resource_group=rg, **props
    )


def make_web_app(
    name: str, sub: str = SUB, rg: str = "rg-app", identity: str | None = None, **props: Any
) -> WebApp:
    """An App Service site; ``identity`` is ``identity.type``; ``props`` are WebApp fields."""
    site = f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}"
    return WebApp(
        id=site,
        name=name,
        subscription_id=sub,
        resource_group=rg,
        kind=props.pop("kind", "app"),
        identity_type=identity,
        **props,
    )


def make_app_setting(
    app: WebApp, name: str, kind: str = "plain", source: str = "appsetting", **props: Any
) -> AppSetting:
    """One classified setting of ``app``: ``kind`` is the value kind; ``props`` are its fields."""
    if kind == "credential":
        props.setdefault("rule_ids", ("aws-access-key-id",))
        props.setdefault("preview", "AKIA…(20 chars)")
        props.setdefault("fingerprint", "0" * 64)
    if kind == "key_vault_reference":
        props.setdefault("versionless", True)
    return AppSetting(
        id=f"{app.id}/{source}s/{name}",
        site_id=app.id,
        name=name,
        source=source,
        value_kind=kind,
        **props,
    )


def make_access_policy(object_id: str, secrets: Sequence[str] = ("get", "list")) -> AccessPolicy:
    return AccessPolicy(object_id=object_id, secrets=tuple(secrets))


def make_secret(
    name: str,
    vault: Vault,
    *,
    content_type: str | None = None,
    managed: bool | None = None,
    **attrs: Any,
) -> SecretMeta:
    """A secret's metadata; ``attrs`` are ItemAttributes (enabled, created, expires, ...)."""
    return SecretMeta(
        id=f"{vault.id}/secrets/{name}",
        name=name,
        vault_id=vault.id,
        attributes=ItemAttributes(**attrs),
        content_type=content_type,
        managed=managed,
    )


def make_key(name: str, vault: Vault, *, kty: str | None = "RSA", **attrs: Any) -> KeyMeta:
    """A key's metadata; ``attrs`` as for :func:`make_secret`."""
    return KeyMeta.model_validate(
        {
            **make_secret(name, vault, **attrs).model_dump(exclude={"content_type", "managed"}),
            "id": f"{vault.id}/keys/{name}",
            "kty": kty,
        }
    )


def make_key_detail(
    key: KeyMeta,
    *,
    kty: str | None = "RSA",
    key_size: int | None = 2048,
    rotate: str | None = None,
    before_expiry: str | None = None,
    expiry_time: str | None = None,
    policy: bool | None = None,
    **props: Any,
) -> KeyDetail:
    """``Keys_Get`` details of ``key``: ``rotate`` is a Rotate action's timeAfterCreate,
    ``before_expiry`` its timeBeforeExpiry; ``policy=True`` gives a policy with Notify only."""
    actions = []
    if rotate or before_expiry:
        actions.append(
            LifetimeAction(
                action="rotate", time_after_create=rotate, time_before_expiry=before_expiry
            )
        )
    if policy or actions:
        actions.append(LifetimeAction(action="notify", time_before_expiry="P30D"))
    rotation = (
        RotationPolicy(expiry_time=expiry_time, lifetime_actions=tuple(actions))
        if (policy or actions)
        else None
    )
    return KeyDetail(
        id=key.id,
        vault_id=key.vault_id,
        kty=kty,
        key_size=key_size,
        rotation_policy=rotation,
        **props,
    )


def make_key_version(key: KeyMeta, version: str, **attrs: Any) -> KeyVersion:
    return KeyVersion(
        id=f"{key.id}/versions/{version}",
        key_id=key.id,
        version=version,
        attributes=ItemAttributes(**attrs),
    )


def days_before(days: float, as_of: datetime = AS_OF) -> datetime:
    return as_of - timedelta(days=days)


def days_after(days: float, as_of: datetime = AS_OF) -> datetime:
    return as_of + timedelta(days=days)


def make_definition(
    guid: str,
    role_name: str,
    *,
    actions: Sequence[str] = (),
    not_actions: Sequence[str] = (),
    data_actions: Sequence[str] = (),
    not_data_actions: Sequence[str] = (),
    role_type: str = "CustomRole",
) -> RoleDefinition:
    return RoleDefinition(
        id=f"/providers/Microsoft.Authorization/roleDefinitions/{guid}",
        guid=guid,
        role_name=role_name,
        role_type=role_type,
        actions=tuple(actions),
        not_actions=tuple(not_actions),
        data_actions=tuple(data_actions),
        not_data_actions=tuple(not_data_actions),
        assignable_scopes=("/",),
    )


_KV_READS = (
    "Microsoft.Authorization/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
)


def builtin_definitions() -> tuple[RoleDefinition, ...]:
    """The built-in roles the checks care about, with their published permissions."""
    b = "BuiltInRole"
    return (
        make_definition(OWNER, "Owner", actions=["*"], role_type=b),
        make_definition(
            CONTRIBUTOR,
            "Contributor",
            actions=["*"],
            not_actions=[
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
            ],
            role_type=b,
        ),
        make_definition(
            USER_ACCESS_ADMIN,
            "User Access Administrator",
            actions=["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"],
            role_type=b,
        ),
        make_definition(READER, "Reader", actions=["*/read"], role_type=b),
        make_definition(
            KV_ADMIN,
            "Key Vault Administrator",
            actions=_KV_READS,
            data_actions=["Microsoft.KeyVault/vaults/*"],
            role_type=b,
        ),
        make_definition(
            KV_SECRETS_USER,
            "Key Vault Secrets User",
            data_actions=[
                "Microsoft.KeyVault/vaults/secrets/getSecret/action",
                "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            ],
            role_type=b,
        ),
        make_definition(
            KV_SECRETS_OFFICER,
            "Key Vault Secrets Officer",
            actions=_KV_READS,
            data_actions=["Microsoft.KeyVault/vaults/secrets/*"],
            role_type=b,
        ),
        make_definition(
            KV_READER,
            "Key Vault Reader",
            actions=_KV_READS,
            data_actions=[
                "Microsoft.KeyVault/vaults/*/read",
                "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
            ],
            role_type=b,
        ),
    )


def make_assignment(
    principal_id: str,
    role_guid: str,
    scope: str,
    *,
    principal_type: str = "ServicePrincipal",
    name: str | None = None,
) -> RoleAssignment:
    """A role assignment at ``scope``; its id ends in ``name`` (default: a GUID-like fake)."""
    assignment_name = name or f"ra-{principal_id[-4:]}-{role_guid[:8]}"
    prefix = "" if scope in ("", "/") else scope.rstrip("/")
    return RoleAssignment(
        id=f"{prefix}/providers/Microsoft.Authorization/roleAssignments/{assignment_name}",
        scope=scope,
        role_definition_id=f"/providers/Microsoft.Authorization/roleDefinitions/{role_guid}",
        role_definition_guid=role_guid,
        principal_id=principal_id,
        principal_type=principal_type,
    )


def make_diagnostic(
    vault: Vault,
    name: str = "kv-audit",
    *,
    logs: Sequence[tuple[str | None, str | None, bool]] = (("AuditEvent", None, True),),
    workspace: bool = True,
) -> DiagnosticSetting:
    """A diagnostic setting on ``vault``; ``logs`` are (category, categoryGroup, enabled)."""
    return DiagnosticSetting(
        id=f"{vault.id}/providers/microsoft.insights/diagnosticSettings/{name}",
        name=name,
        resource_id=vault.id,
        logs=tuple(LogSetting(category=c, category_group=g, enabled=e) for c, g, e in logs),
        workspace_id=(
            f"/subscriptions/{SUB}/resourceGroups/rg-logs/providers/"
            "Microsoft.OperationalInsights/workspaces/law-central"
            if workspace
            else ""
        ),
    )


def make_vault_topic(vault: Vault, name: str | None = None, rg: str | None = None) -> EventTopic:
    """The Event Grid system topic of ``vault`` (its source id lower-cased as the service does)."""
    group = rg or vault.resource_group
    name = name or f"{vault.name}-events"
    return EventTopic(
        id=f"/subscriptions/{vault.subscription_id}/resourceGroups/{group}"
        f"/providers/Microsoft.EventGrid/systemTopics/{name}",
        name=name,
        subscription_id=vault.subscription_id,
        resource_group=group,
        source=vault.id.lower(),
        topic_type="microsoft.keyvault.vaults",
    )


def make_event_subscription(
    topic: EventTopic,
    name: str,
    events: Sequence[str] | None,
    endpoint: str = "AzureFunction",
    state: str = "Succeeded",
) -> EventSubscription:
    """An event subscription of ``topic``; ``events`` None means no event-type filter."""
    return EventSubscription(
        id=f"{topic.id}/eventSubscriptions/{name}",
        topic_id=topic.id,
        name=name,
        included_event_types=tuple(events) if events is not None else None,
        endpoint_type=endpoint,
        provisioning_state=state,
    )


def make_defender_plan(sub: str, tier: str | None = "Standard") -> DefenderPlan:
    """The Defender for Key Vault plan of subscription ``sub``."""
    return DefenderPlan(
        id=f"/subscriptions/{sub}/providers/Microsoft.Security/pricings/KeyVaults",
        subscription_id=sub,
        name="KeyVaults",
        pricing_tier=tier,
    )


def make_storage_account(
    name: str, sub: str = SUB, rg: str = "rg-app", **props: Any
) -> StorageAccount:
    """A storage account; ``props`` are StorageAccount fields (key1_created, ...)."""
    return StorageAccount(
        id=f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Storage/storageAccounts/{name}",
        name=name,
        subscription_id=sub,
        resource_group=rg,
        **props,
    )


def make_deployment(
    name: str, sub: str = SUB, rg: str | None = "rg-app", leaks: Sequence[str] = ()
) -> Deployment:
    """A deployment in the history of ``rg`` (None: the subscription's own); ``leaks`` are the
    names of parameters found to hold credentials."""
    scope = f"/subscriptions/{sub}" + (f"/resourceGroups/{rg}" if rg else "")
    return Deployment(
        id=f"{scope}/providers/Microsoft.Resources/deployments/{name}",
        name=name,
        subscription_id=sub,
        resource_group=rg or "",
        values_read=len(leaks) + 1,
        credentials=tuple(
            FoundCredential(
                name=leak,
                source="parameter",
                rule_ids=("connection-string-password",),
                preview="Serv…(90 chars)",
                fingerprint="0" * 64,
            )
            for leak in leaks
        ),
    )


def make_association(
    vault: Vault, access_mode: str | None, perimeter: str = "nsp-1"
) -> PerimeterAssociation:
    """``vault`` associated with a network security perimeter in ``access_mode``."""
    nsp = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityPerimeters/{perimeter}"
    return PerimeterAssociation(
        id=f"{nsp}/resourceAssociations/{vault.name}-assoc",
        name=f"{vault.name}-assoc",
        perimeter_id=nsp,
        resource_id=vault.id,
        access_mode=access_mode,
        provisioning_state="Succeeded",
    )


def make_gap(kind: str, scope: str, status_code: int = 403) -> Gap:
    return Gap(
        kind=kind,
        scope=scope,
        operation=f"GET {kind}",
        status_code=status_code,
        error_code="AuthorizationFailed" if status_code == 403 else "Error",
        message="The client does not have authorization to perform this action.",
    )


_FIELD_OF: dict[type, str] = {
    Subscription: "subscriptions",
    ResourceGroup: "resource_groups",
    Vault: "vaults",
    SecretMeta: "secrets",
    KeyMeta: "keys",
    RoleDefinition: "role_definitions",
    RoleAssignment: "role_assignments",
    DiagnosticSetting: "diagnostic_settings",
    WebApp: "web_apps",
    WebAppSlot: "web_app_slots",
    AppSetting: "app_settings",
    EventTopic: "event_topics",
    DefenderPlan: "defender_plans",
    StorageAccount: "storage_accounts",
    Deployment: "deployments",
    EventSubscription: "event_subscriptions",
    PerimeterAssociation: "perimeter_associations",
    KeyDetail: "key_details",
    KeyVersion: "key_versions",
    Certificate: "certificates",
    CertificatePolicy: "certificate_policies",
    CertificateContacts: "certificate_contacts",
    HsmRoleAssignment: "hsm_role_assignments",
    LogQuery: "log_queries",
    VaultAccess: "vault_access",
    LogLeak: "log_leaks",
    CodeScanEvidence: "code_scans",
    EntraApplication: "entra_applications",
    EntraServicePrincipal: "entra_service_principals",
    DirectoryPrincipal: "principals",
    GroupMembers: "group_members",
    Gap: "gaps",
}


def make_snapshot(
    *records: Any,
    collected: Iterable[str] = EVIDENCE_KINDS,
    with_builtin_roles: bool = True,
) -> Snapshot:
    """A Snapshot holding ``records`` (any mix of record types, gaps included)."""
    fields: dict[str, list[Any]] = {name: [] for name in _FIELD_OF.values()}
    for record in records:
        fields[_FIELD_OF[type(record)]].append(record)
    if with_builtin_roles:
        known = {d.guid for d in fields["role_definitions"]}
        fields["role_definitions"] += [d for d in builtin_definitions() if d.guid not in known]
    if not fields["subscriptions"]:
        subs = {subscription_of(getattr(r, "id", "")) for r in records} - {""}
        fields["subscriptions"] = [make_subscription(s) for s in sorted(subs or {SUB})]
    return Snapshot(
        collected_at=AS_OF,
        collected=tuple(collected),
        **{name: tuple(values) for name, values in fields.items()},
    )


_REGISTRY: Registry | None = None


def builtin_registry() -> Registry:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = load_registry(builtins_only=True)
    return _REGISTRY


def run_checks(
    snapshot: Snapshot, *check_ids: str, config: Config | None = None, as_of: datetime = AS_OF
) -> Results:
    """Run the named built-in checks through the real engine."""
    return build_results(snapshot, builtin_registry().select(check_ids), config or Config(), as_of)


def by_status(results: Results, check_id: str | None = None) -> dict[str, set[str]]:
    """``{"pass": {names}, "fail": {...}, ...}`` over the findings (of one check, if given)."""
    out: dict[str, set[str]] = {}
    for finding in results.findings:
        if check_id is None or finding.check_id == check_id:
            out.setdefault(finding.status.value, set()).add(finding.resource_name)
    return out


def message_of(results: Results, resource_name: str) -> str:
    """The message of the one finding about ``resource_name``."""
    found = [f.message for f in results.findings if f.resource_name == resource_name]
    assert len(found) == 1, f"expected one finding about {resource_name}, got {found}"
    return found[0]

"""SE09-7 access control: RBAC, least privilege at the narrowest scope, and every access logged."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import (
    DiagnosticSetting,
    Snapshot,
    Vault,
    in_scope,
    last_segment,
    norm_id,
)
from assess.sources.keyvault_data import HSM_ROLE_ASSIGNMENTS_LIST
from assess.sources.security import DEFENDER_KEY_VAULT_PRICING
from checks._common import (
    DIAGNOSTICS_API,
    ROLE_ASSIGNMENTS_API,
    ROLE_DEFINITIONS_API,
    VAULTS_API,
    broad_reason,
    data_grants_above,
    is_broad_scope,
    needs_one_vault,
    principal_of,
    role_label,
    scope_label,
    secret_reach,
    shown,
    subscription_label,
    vaults_granted_narrowly,
)
from checks._entra import (
    APPLICATIONS_API,
    MEMBERS_API,
    PRINCIPALS_API,
    SERVICE_PRINCIPALS_API,
    applications_by_app_id,
    owner_name,
    secrets_of,
)
from checks._logs import (
    AUDIT_API,
    AUDIT_PROPERTY,
    AccessIndex,
    events,
    plain_vaults,
    readers,
    sends_audit_to_workspace,
    shown_time,
    silent,
    window,
)

AUDIT_GROUPS = {"audit", "alllogs"}
ASSIGNMENTS = {"role_assignments", "role_definitions"}
DEFENDER_API = DEFENDER_KEY_VAULT_PRICING.name


@check("SE09-7.1")
def vault_rbac(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        where = subscription_label(snapshot, vault.subscription_id)
        if vault.kind.lower() == "managedhsm":
            text = f"Managed HSM {vault.name} in {where} always uses its own local RBAC."
            yield ctx.not_applicable(vault, text)
            continue
        # Absent means the access-policy model (the default of every api-version before
        # 2026-02-01 and of existing vaults since), so it fails, as Azure Policy judges it.
        yield ctx.expect(
            vault,
            ok=vault.enable_rbac_authorization is True,
            prop="properties.enableRbacAuthorization",
            observed=vault.enable_rbac_authorization,
            expected=True,
            api=VAULTS_API,
            passed=f"Vault {vault.name} in {where} authorizes data access with Azure RBAC.",
            failed=f"Vault {vault.name} in {where} uses vault access policies "
            f"(enableRbacAuthorization is {shown(vault.enable_rbac_authorization)}).",
        )


@check("SE09-7.2")
def vault_audit_logs(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from _audit_logs(snapshot, ctx, snapshot.vaults, "Vault")


@check("SE09-7.6")
def managed_hsm_audit_logs(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for hsm in snapshot.managed_hsms:
        yield from _audit_logs(snapshot, ctx, (hsm,), "Managed HSM")


def _audit_logs(
    snapshot: Snapshot, ctx: CheckContext, stores: Iterable[Vault], noun: str
) -> Iterator[Outcome]:
    for vault in stores:
        where = subscription_label(snapshot, vault.subscription_id)
        mine = snapshot.diagnostic_settings_of(vault.id)
        # A log entry whose enabled flag is absent was parsed as False: not shown to flow.
        flowing = sorted(d.name for d in mine if d.has_destination and _audits(d))
        yield ctx.expect(
            vault,
            ok=bool(flowing),
            prop="logs[].category|categoryGroup, logs[].enabled, destination",
            observed={"settings": sorted(d.name for d in mine), "sending_audit": flowing},
            expected="a setting with a destination and AuditEvent (or audit/allLogs) enabled",
            api=DIAGNOSTICS_API,
            passed=f"{noun} {vault.name} in {where} sends its audit log through "
            f"diagnostic setting {', '.join(flowing)}.",
            failed=f"{noun} {vault.name} in {where} sends no audit log anywhere "
            + (
                f"({len(mine)} diagnostic setting(s), none with AuditEvent enabled and a "
                "destination)."
                if mine
                else "(no diagnostic setting)."
            ),
            needs=ctx.need("diagnostic_settings", vault.id),  # only this store's own settings
        )


@check("SE09-7.3")
def no_broad_standing_roles(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    narrow = vaults_granted_narrowly(snapshot)
    definitions = {d.guid.lower(): d for d in snapshot.role_definitions}
    for assignment in snapshot.role_assignments:
        if not is_broad_scope(assignment.scope):
            continue
        guid = assignment.role_definition_guid
        definition = snapshot.role_definition(guid)
        role, scope = role_label(guid, definition), scope_label(snapshot, assignment.scope)
        who = principal_of(snapshot, assignment.principal_id, assignment.principal_type).label
        held = f"{who} holds {role} at {scope}"
        reason = broad_reason(guid, definition, assignment.condition, definitions)
        one_vault = needs_one_vault(assignment, narrow)
        if definition is None and not reason:
            # Definition missing and no gap recorded: it cannot be shown narrow, so it fails.
            status, text = Status.FAIL, f"{held}; the role's definition was not found."
        elif not reason:
            status, text = Status.PASS, f"{held}, which reaches no vault's secrets or access."
        elif one_vault:
            status, text = Status.FAIL, f"{held}, which {reason}; yet {one_vault}."
        else:
            # A person or team with broad standing access: judged by the access review, not here.
            status = Status.NOT_APPLICABLE
            text = f"{held}, which {reason}; whether it needs that is for the access review."
        yield ctx.outcome(
            assignment,
            status,
            text,
            prop="properties.roleDefinitionId, properties.scope",
            observed={
                "role": role,
                "scope": assignment.scope,
                "principal": assignment.principal_id,
                "principal type": assignment.principal_type or "not returned",
            },
            expected="a role that reaches no vault, or a narrower scope",
            api=ROLE_ASSIGNMENTS_API,
            # "Its other grants sit on one vault" holds for a person or group only if every
            # subscription's assignments were read: unread ones may hold grants elsewhere.
            needs=ctx.need(ASSIGNMENTS)
            if one_vault and assignment.principal_type != "ServicePrincipal"
            else (),
        )


def _audits(setting: DiagnosticSetting) -> bool:
    return any(
        log.enabled
        and (
            (log.category or "").lower() == "auditevent"
            or (log.category_group or "").lower() in AUDIT_GROUPS
        )
        for log in setting.logs
    )


@check("SE09-7.4")
def defender_for_key_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per subscription that holds a visible vault."""
    plans = {
        p.subscription_id.lower(): p
        for p in snapshot.defender_plans
        if p.name.lower() == "keyvaults"
    }
    holding = {v.subscription_id.lower() for v in snapshot.vaults}
    for sub in snapshot.subscriptions:
        where = subscription_label(snapshot, sub.subscription_id)
        if sub.subscription_id.lower() not in holding:
            yield ctx.not_applicable(  # unless its vaults could not all be listed
                sub, f"No key vault was seen in {where}.", needs=ctx.need("vaults", sub.id)
            )
            continue
        plan = plans.get(sub.subscription_id.lower())
        if plan is None:  # a failed read is a gap over the subscription, so the engine says why
            yield ctx.outcome(
                sub, Status.UNKNOWN, f"The Defender for Key Vault plan of {where} was not returned."
            )
            continue
        yield ctx.expect(
            sub,
            ok=(plan.pricing_tier or "").lower() == "standard",
            prop="properties.pricingTier (pricings/KeyVaults)",
            observed=plan.pricing_tier,
            expected="Standard",
            api=DEFENDER_API,
            passed=f"Microsoft Defender for Key Vault is on in {where}.",
            failed=f"Microsoft Defender for Key Vault is off in {where} (pricingTier is "
            f"{plan.pricing_tier or 'not set'}): unusual secret reads and access from "
            "suspicious addresses raise no alert.",
        )


@check("SE09-7.5")
def no_data_roles_above_vaults(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per vault: the Key Vault data roles assigned above it, scope shown."""
    above = data_grants_above(snapshot, ctx.environment_of)
    for vault in snapshot.vaults:
        where = subscription_label(snapshot, vault.subscription_id)
        if vault.kind.lower() == "managedhsm":
            yield ctx.not_applicable(
                vault, f"Managed HSM {vault.name} in {where} grants data access by its local RBAC."
            )
            continue
        if vault.enable_rbac_authorization is not True:
            # Absent is the access-policy model, as SE09-7.1 and the reach of secrets read it.
            yield ctx.not_applicable(
                vault,
                f"Vault {vault.name} in {where} uses access policies (enableRbacAuthorization is "
                f"{shown(vault.enable_rbac_authorization)}): Azure RBAC data roles do not reach "
                "it (SE09-7.1 judges its permission model).",
                # Like every finding of this check, unknown under a gap in what it requires.
                needs=ctx.need(("vaults", *ASSIGNMENTS), vault.id),
            )
            continue
        grants = above.get(norm_id(vault.id), [])
        routes = sorted({f"{g.principal.label}: {g.via} ({', '.join(g.access)})" for g in grants})
        yield ctx.expect(
            vault,
            ok=not grants,
            prop="properties.roleDefinitionId, properties.scope, properties.principalId",
            observed=routes,
            expected="Key Vault data roles assigned at the vault (or one secret, key or "
            "certificate), none above it",
            api=f"{ROLE_ASSIGNMENTS_API}; {ROLE_DEFINITIONS_API}",
            passed=f"Vault {vault.name} in {where} receives no Key Vault data role from a "
            "resource group, subscription or management group above it.",
            failed=f"Vault {vault.name} in {where} is reached by {len(grants)} Key Vault data "
            f"role assignment(s) made above it, each of which covers every vault beneath its "
            f"scope: {'; '.join(routes)}.",
        )


HSM_KEY_ROLES = {
    "21dbd100-6940-42c2-9190-5d6cb909625b": "Managed HSM Crypto User",
    "515eb02d-2335-4d2d-92f2-b1cbdf9c3778": "Managed HSM Crypto Officer",
    "33413926-3206-4cdd-b39a-83574fe37a17": "Managed HSM Crypto Service Encryption User",
}
"""Managed HSM local roles that use or manage keys: at ``/`` they reach every key of the HSM."""


@check("SE09-7.20")
def hsm_key_roles_scoped_to_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    by_hsm: dict[str, list[str]] = {}
    for assignment in snapshot.hsm_role_assignments:
        role = HSM_KEY_ROLES.get(last_segment(assignment.role_definition_id).lower())
        if role and assignment.scope.strip() in ("/", "/keys"):
            by_hsm.setdefault(norm_id(assignment.hsm_id), []).append(
                f"{role} for {assignment.principal_id} at {assignment.scope.strip()}"
            )
    for hsm in snapshot.managed_hsms:
        broad = sorted(by_hsm.get(norm_id(hsm.id), []))
        yield ctx.expect(
            hsm,
            ok=not broad,
            prop="roleAssignments[].properties.scope, roleDefinitionId",
            observed=broad,
            expected="key roles assigned on single keys (/keys/<name>), not on / or /keys",
            api=HSM_ROLE_ASSIGNMENTS_LIST.name,
            passed=f"Managed HSM {hsm.name} grants no key role over all of its keys.",
            failed=f"Managed HSM {hsm.name} grants key roles over every key it holds: "
            f"{'; '.join(broad)}.",
        )


# ---- from the audit logs (Log Analytics) --------------------------------------------------------
@check("SE09-7.50")
def audit_events_arrive(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each vault whose diagnostic settings send its audit log to a workspace: events arrived."""
    index, span = AccessIndex(snapshot), window(snapshot)
    for vault in plain_vaults(snapshot):
        where = subscription_label(snapshot, vault.subscription_id)
        sending = sorted(
            d.name for d in snapshot.diagnostic_settings_of(vault.id) if sends_audit_to_workspace(d)
        )
        settings = ctx.need("diagnostic_settings", vault.id)
        if not sending:
            yield ctx.not_applicable(
                vault,
                f"Vault {vault.name} in {where} sends no audit log to a Log Analytics workspace "
                "(SE09-7.2 judges its diagnostic settings).",
                needs=settings,
            )
            continue
        seen = index.of(vault)
        count = events(seen)
        latest = max((r.last for r in seen if r.last is not None), default=None)
        period = span.label() if span else "the log window"
        yield ctx.expect(
            vault,
            ok=count > 0,
            prop=AUDIT_PROPERTY,
            observed={"settings": sending, "events": count, "latest": shown_time(latest)},
            expected="at least one audit event in the log window",
            api=AUDIT_API,
            passed=f"Vault {vault.name} in {where}: {count} audit event(s) arrived in {period} "
            f"(latest {shown_time(latest)}).",
            failed=f"Vault {vault.name} in {where} sends its audit log to a workspace "
            f"(diagnostic setting {', '.join(sending)}), yet no audit event arrived in {period}: "
            "the log is configured but not flowing.",
        )


@check("SE09-7.51")
def few_refused_calls(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each vault: no caller was refused (HTTP 403) more often than the threshold in the window."""
    index, span = AccessIndex(snapshot), window(snapshot)
    limit = int(ctx.setting("denied_calls_per_caller"))
    for vault in plain_vaults(snapshot):
        where = subscription_label(snapshot, vault.subscription_id)
        seen = index.of(vault)
        period = span.label() if span else "the log window"
        if not seen:
            yield silent(
                ctx,
                snapshot,
                vault,
                vault,
                f"vault {vault.name} in {where}",
                period,
                "refused calls",
            )
            continue
        refused: dict[tuple[str, str], int] = {}
        for record in seen:
            if record.denied:
                key = (record.caller or "unknown caller", record.caller_ip or "unknown address")
                refused[key] = refused.get(key, 0) + record.denied
        over = sorted(
            ((n, who, ip) for (who, ip), n in refused.items() if n >= limit),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        total = sum(refused.values())
        shown_over = [f"{who} from {ip}: {n}" for n, who, ip in over]
        yield ctx.expect(
            vault,
            ok=not over,
            prop=f"{AUDIT_PROPERTY}: calls with HTTP 403 by caller and address",
            observed={"refused": total, "over the threshold": shown_over},
            expected=f"fewer than {limit} refused calls per caller",
            api=AUDIT_API,
            passed=f"Vault {vault.name} in {where} refused {total} call(s) in {period}, none "
            f"from one caller {limit} times or more.",
            failed=f"Vault {vault.name} in {where} refused {len(over)} caller(s) {limit} times or "
            f"more in {period} ({'; '.join(shown_over)}): someone is probing the vault, or a "
            "workload lost its access (a rotation or role change that broke it).",
        )


@check("SE09-7.52")
def readers_still_hold_access(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each vault: every identity that read a secret in the window still holds a grant on it."""
    index, span = AccessIndex(snapshot), window(snapshot)
    for vault in plain_vaults(snapshot):
        where = subscription_label(snapshot, vault.subscription_id)
        seen = index.of(vault)
        period = span.label() if span else "the log window"
        if not seen:
            yield silent(
                ctx, snapshot, vault, vault, f"vault {vault.name} in {where}", period, "who read it"
            )
            continue
        granted, groups = _grantees(snapshot, vault)
        former = sorted(c for c in readers(seen) if _GUID.match(c) and c not in granted)
        observed = {"readers": len(readers(seen)), "without a grant": former}
        if former and groups:
            yield ctx.outcome(
                vault,
                Status.UNKNOWN,
                f"Vault {vault.name} in {where} was read in {period} by {', '.join(former)}, "
                f"which hold no grant of their own on it; they may reach it as members of "
                f"{len(groups)} group(s) granted access, which the tool does not expand.",
                prop=f"{AUDIT_PROPERTY}: SecretGet callers",
                observed=observed,
                api=f"{AUDIT_API}; {ROLE_ASSIGNMENTS_API}",
            )
            continue
        yield ctx.expect(
            vault,
            ok=not former,
            prop=f"{AUDIT_PROPERTY}: SecretGet callers; role assignments and access policies",
            observed=observed,
            expected="every identity that read a secret holds a role or access policy on the vault",
            api=f"{AUDIT_API}; {ROLE_ASSIGNMENTS_API}",
            passed=f"Every identity that read a secret of vault {vault.name} in {where} in "
            f"{period} still holds a grant on it.",
            failed=f"Vault {vault.name} in {where} was read in {period} by {', '.join(former)}, "
            "which hold no role or access policy on it any more: their access was removed "
            "after they read the secrets (rotate what they read), or reaches them by a route "
            "the role assignments do not show.",
        )


_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _grantees(snapshot: Snapshot, vault: Vault) -> tuple[set[str], set[str]]:
    """The object ids holding a role at or above ``vault`` or one of its access policies, and
    the groups among them."""
    granted = {p.object_id.lower() for p in vault.access_policies}
    groups: set[str] = set()
    for assignment in snapshot.role_assignments:
        if in_scope(vault.id, assignment.scope) or in_scope(assignment.scope, vault.id):
            granted.add(assignment.principal_id.lower())
            if assignment.principal_type.lower() == "group":
                groups.add(assignment.principal_id.lower())
    return granted, groups


# ---- Microsoft Entra identities behind the role assignments ------------------------------------
@check("SE09-7.30")
def secret_readers_without_client_secrets(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """One finding per service principal that reaches a vault's secrets (a role, an access
    policy, or a group it belongs to, nested groups included): which vaults, how, and whether the
    identity itself signs in with a client secret."""
    sps = {s.object_id: s for s in snapshot.entra_service_principals}
    apps = applications_by_app_id(snapshot)
    groups = {g.id: g for g in snapshot.group_members}
    routes: dict[str, set[str]] = {}
    for reach in secret_reach(snapshot, ctx.environment_of):
        # "at <the vault's id>" says nothing the vault's name does not.
        via = re.sub(f" at {re.escape(reach.vault.id)}$", "", reach.via, flags=re.IGNORECASE)
        how = f"{reach.vault.name} ({via}{'' if reach.direct else ', can grant itself read'})"
        holder = reach.principal.object_id.lower()
        if holder in sps:
            routes.setdefault(holder, set()).add(how)
        group = groups.get(holder)
        for member in group.members if group is not None else ():
            if member.id in sps:
                via = f"{how} as a member of {reach.principal.label}"
                routes.setdefault(member.id, set()).add(via)
    for holder in sorted(routes):
        sp, reached = sps[holder], "; ".join(sorted(routes[holder]))
        vaults = sorted({how.split(" (", 1)[0] for how in routes[holder]})
        app = apps.get(sp.app_id.lower())
        secrets = secrets_of(sp.credentials) + secrets_of(app.credentials if app else ())
        managed = (sp.service_principal_type or "").lower() == "managedidentity"
        yield ctx.expect(
            sp,
            ok=managed or not secrets,
            prop="passwordCredentials (service principal and app registration); "
            "properties.roleDefinitionId, properties.principalId; group transitiveMembers",
            observed={"vaults": vaults, "client secrets": len(secrets)},
            expected="an identity that reads secrets signs in without a client secret",
            api=f"{SERVICE_PRINCIPALS_API}; {APPLICATIONS_API}; {ROLE_ASSIGNMENTS_API}; "
            f"{MEMBERS_API}",
            passed=f"{'Managed identity' if managed else 'Service principal'} "
            f"{owner_name(sp)} reaches the secrets of {reached}, and signs in without a "
            "client secret.",
            failed=f"Service principal {owner_name(sp)} reaches the secrets of {reached}, and "
            f"signs in with {len(secrets)} client secret(s): whoever holds one reads those "
            "secrets.",
        )


@check("SE09-7.31")
def role_assignments_of_existing_principals(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """One finding per role assignment whose principal was looked up in Microsoft Entra ID."""
    for assignment in snapshot.role_assignments:
        found = snapshot.principal(assignment.principal_id)
        if found is None:  # not looked up: a gap over the lookup makes this unknown
            continue
        who = principal_of(snapshot, assignment.principal_id, assignment.principal_type).label
        guid = assignment.role_definition_guid
        role = role_label(guid, snapshot.role_definition(guid))
        held = f"{role} at {scope_label(snapshot, assignment.scope)}"
        yield ctx.expect(
            assignment,
            ok=found.found,
            prop="properties.principalId",
            observed={"principal": assignment.principal_id, "found": found.found},
            expected="a principal that exists in Microsoft Entra ID",
            api=f"{ROLE_ASSIGNMENTS_API}; {PRINCIPALS_API}",
            passed=f"{who} holds {held}.",
            failed=f"{role} at {scope_label(snapshot, assignment.scope)} is assigned to a "
            f"{who}: an orphaned assignment that access reviews do not show, and that takes "
            "effect again if the object is restored from deleted items.",
        )

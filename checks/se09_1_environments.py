"""SE09-1 environments: production and non-production never share a vault or an identity."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.sharing import (
    SHARED_PROP,
    Sharing,
    holder_type,
    holders,
    place_text,
)
from assess.snapshot import (
    Certificate,
    CertificatePolicy,
    SlotConfigNames,
    Snapshot,
    WebApp,
    WebAppSlot,
    norm_id,
)
from assess.sources.web import APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST, SLOT_CONFIG_NAMES
from checks._certificates import POLICY_API, judge_certificates
from checks._common import (
    PRINCIPAL_TYPE,
    ROLE_ASSIGNMENTS_API,
    VAULTS_API,
    Principal,
    Reach,
    secret_reach,
    subscription_label,
    undefined_grants,
)
from checks._logs import (
    AUDIT_API,
    AUDIT_PROPERTY,
    SECRET_READ_OPERATION,
    AccessIndex,
    address_range,
    plain_vaults,
    readers,
    silent,
    successful,
    window,
)
from checks.se09_2_storage import settings_of

# Evidence kinds that decide who reaches what; a gap in any of them can hide a reach.
REACH_KINDS = {"vaults", "role_assignments", "role_definitions", "resource_groups", "subscriptions"}


@check("SE09-1.1")
def no_identity_across_environments(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    undefined = undefined_grants(snapshot)
    by_principal: dict[str, list[Reach]] = {}
    for reach in secret_reach(snapshot, ctx.environment_of):
        by_principal.setdefault(reach.principal.object_id.lower(), []).append(reach)
    for key, reaches in by_principal.items():
        env = {r.vault.id: ctx.environment_of(r.vault.id, r.vault.tags) for r in reaches}
        prod = _named((r for r in reaches if env[r.vault.id] == "production"), env)
        other = _named((r for r in reaches if env[r.vault.id] not in ("production", "")), env)
        unplaced = _named((r for r in reaches if not env[r.vault.id]), env)
        if not prod and not other:
            continue  # only unclassified vaults: SE09-1.2 asks for them to be tagged
        # A grant whose role definition is missing (no gap recorded) may reach the other side.
        ok = not (prod and other) and not undefined.get(key)
        who = _principal(reaches)
        yield ctx.outcome(
            who,
            Status.PASS if ok else Status.FAIL,
            _sentence(who, prod, other, unplaced, undefined.get(key, "")),
            prop="role assignments and access policies that read (or can grant) secret read",
            observed={
                key: value
                for key, value in (
                    ("production", prod),
                    ("non-production", other),
                    ("unrecognised", unplaced),
                    ("routes", sorted({f"{r.vault.name}: {r.via}" for r in reaches})),
                    ("principal type", who.principal_type),
                    ("environments reached", sorted({e for e in env.values() if e})),
                )
                if value
            },
            expected="vaults of one side only: production, or non-production",
            api=f"{ROLE_ASSIGNMENTS_API}; {VAULTS_API}",
            resource_type=PRINCIPAL_TYPE,
            # A pass needs every grant of the tenant (one unread list can hide the other side);
            # a fail is proven by the grants that were read.
            needs=ctx.need(REACH_KINDS) if ok else (),
        )


@check("SE09-1.2")
def vault_environment_known(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        where = subscription_label(snapshot, vault.subscription_id)
        # No recognised tag and no recognised name (vault, group, subscription): unplaced.
        env = ctx.environment_of(vault.id, vault.tags)
        yield ctx.expect(
            vault,
            ok=bool(env),
            prop="tags, resource group tags, subscription tags, names",
            observed=env or None,
            expected="production, test or development",
            api=VAULTS_API,
            passed=f"Vault {vault.name} in {where} belongs to {env}.",
            failed=f"Vault {vault.name} in {where} cannot be placed in any environment: "
            "tag it (environment = prod, test or dev).",
        )


@check("SE09-1.3")
def apps_read_their_own_environment(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per placed app: the vaults it reads (Key Vault references in its settings,
    and vaults whose secrets its managed identities read) are all of its own side."""
    vaults = {v.name.lower(): v for v in snapshot.vaults if v.kind.lower() != "managedhsm"}
    readers: dict[str, list[Reach]] = {}
    for reach in secret_reach(snapshot, ctx.environment_of):
        if reach.direct:
            readers.setdefault(reach.principal.object_id.lower(), []).append(reach)
    for app in snapshot.web_apps:
        env = ctx.environment_of(app.id, app.tags)
        if not env:
            yield ctx.not_applicable(app, f"App {app.name} cannot be placed in an environment.")
            continue
        routes: dict[str, tuple[str, str]] = {}  # vault name -> (environment, how)
        for setting in settings_of(snapshot, app.id):
            name = setting.reference_vault
            if setting.value_kind != "key_vault_reference" or not name:
                continue
            vault = vaults.get(name)
            where = (
                ctx.environment_of(vault.id, vault.tags)
                if vault
                else ctx.environment_of(f"/providers/Microsoft.KeyVault/vaults/{name}")
            )
            routes.setdefault(name, (where, f"Key Vault reference {setting.name}"))
        for principal in app.principal_ids:
            for reach in readers.get(principal, ()):
                name = reach.vault.name.lower()
                where = ctx.environment_of(reach.vault.id, reach.vault.tags)
                routes.setdefault(name, (where, f"its identity {principal} ({reach.via})"))
        yield _separation(ctx, app, env, routes)


def _separation(
    ctx: CheckContext, app: WebApp, env: str, routes: dict[str, tuple[str, str]]
) -> Outcome:
    prod = env == "production"
    crossing = sorted(
        f"{name} ({where}) through {how}"
        for name, (where, how) in routes.items()
        if where and (where == "production") != prod
    )
    unplaced = sorted(f"{name} through {how}" for name, (where, how) in routes.items() if not where)
    observed = {
        "app environment": env,
        "vaults read": sorted(f"{n} ({w or 'unrecognised'})" for n, (w, _) in routes.items()),
    }
    common: dict[str, Any] = {
        "prop": "Key Vault references (VaultName / SecretUri host); role assignments and access "
        "policies of the app's managed identities",
        "observed": observed,
        "expected": f"vaults of the {'production' if prod else 'non-production'} side only",
        "api": f"{APP_SETTINGS_LIST.name}; {ROLE_ASSIGNMENTS_API}; {VAULTS_API}",
    }
    side = "production" if prod else f"{env} (non-production)"
    if crossing:
        return ctx.outcome(
            app,
            Status.FAIL,
            f"App {app.name} ({side}) reads secrets from a vault of the other side: "
            f"{'; '.join(crossing)}.",
            **common,
        )
    if unplaced:
        why = f"the environment of {'; '.join(unplaced)} is not recognised (SE09-1.2)"
        return ctx.outcome(app, Status.UNKNOWN, f"App {app.name} ({side}): {why}.", **common)
    # Unread app settings may hide a reference to the other side: the engine makes these unknown.
    unread = ctx.need("app_settings", app.id)
    if not routes:
        return ctx.not_applicable(
            app, f"App {app.name} reads no secret from a key vault.", needs=unread
        )
    return ctx.outcome(
        app,
        Status.PASS,
        f"App {app.name} ({side}) reads secrets from {', '.join(sorted(routes))}, all of its "
        "own side.",
        needs=unread,
        **common,
    )


def _sentence(who: Principal, prod: str, other: str, unplaced: str, undefined: str) -> str:
    if prod and other:
        text = f"{who.label} reaches secrets in both environments: {prod} and {other}."
    else:
        text = f"{who.label} reaches secrets in one environment only: {prod or other}."
    if unplaced:
        text += f" It also reaches {unplaced}, whose environment is not recognised (SE09-1.2)."
    if undefined:
        text += f" It also holds {undefined}, whose definition was not found: it may reach more."
    return text


def _principal(reaches: list[Reach]) -> Principal:
    typed = [r.principal for r in reaches if r.principal.principal_type]
    return typed[0] if typed else reaches[0].principal


def _named(reaches: Iterator[Reach], env: dict[str, str]) -> str:
    """``kv-a (test), kv-b (development, can grant itself read)``: each vault once."""
    seen: dict[str, tuple[str, str, bool]] = {}
    for r in reaches:
        reads = seen.get(r.vault.id, ("", "", False))[2] or r.direct
        seen[r.vault.id] = (r.vault.name, env[r.vault.id], reads)
    parts = []
    for name, where, reads in sorted(seen.values()):
        notes = [n for n in (where, "" if reads else "can grant itself read") if n]
        parts.append(f"{name} ({', '.join(notes)})" if notes else name)
    return ", ".join(parts)


@check("SE09-1.20")
def no_self_signed_certificates_in_production(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    def judge(certificate: Certificate, policy: CertificatePolicy, where: str) -> Outcome:
        vault = snapshot.vault_by_id(certificate.vault_id)
        env = ctx.environment_of(certificate.vault_id, vault.tags if vault else None)
        if env != "production":
            return ctx.not_applicable(
                certificate, f"{where} is not in production ({env or 'unknown'})."
            )
        return ctx.expect(
            certificate,
            ok=(policy.issuer or "").lower() != "self",
            prop="policy.issuer.name",
            observed=policy.issuer,
            expected="a CA issuer (not Self)",
            api=POLICY_API,
            passed=f"{where} is issued by {policy.issuer or 'an issuer outside the vault'}.",
            failed=f"{where} is self-signed in production: clients must be told to trust it "
            "(or to trust anything), and nothing can revoke it.",
        )

    yield from judge_certificates(snapshot, ctx, judge)


# ---- from the audit logs (Log Analytics) --------------------------------------------------------
@check("SE09-1.50")
def production_readers_stay_in_production(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """Each production vault: no identity or address range that read its secrets in the window
    also read the secrets of a non-production vault."""
    index, span = AccessIndex(snapshot), window(snapshot)
    period = span.label() if span else "the log window"
    vaults = plain_vaults(snapshot)
    env = {v.id: ctx.environment_of(v.id, v.tags) for v in vaults}
    elsewhere_callers: dict[str, set[str]] = {}
    elsewhere_ranges: dict[str, set[str]] = {}
    for vault in vaults:
        if env[vault.id] in ("production", ""):
            continue
        for record in index.of(vault):
            if record.operation.lower() != SECRET_READ_OPERATION or not successful(record):
                continue
            if record.caller:
                elsewhere_callers.setdefault(record.caller.lower(), set()).add(vault.name)
            if address_range(record.caller_ip):
                elsewhere_ranges.setdefault(address_range(record.caller_ip), set()).add(vault.name)
    compared = (
        ctx.need("vaults"),
        *(ctx.need("vault_access", v.id) for v in vaults if env[v.id] not in ("production", "")),
    )
    for vault in vaults:
        if env[vault.id] != "production":
            continue
        where = subscription_label(snapshot, vault.subscription_id)
        seen = index.of(vault)
        if not seen:
            yield silent(
                ctx,
                snapshot,
                vault,
                vault,
                f"production vault {vault.name} in {where}",
                period,
                "who read it",
            )
            continue
        shared = sorted(
            f"{caller} (also reads {', '.join(sorted(elsewhere_callers[caller]))})"
            for caller in readers(seen)
            if caller in elsewhere_callers
        )
        shared += sorted(
            {
                f"addresses in {rng} (also read {', '.join(sorted(elsewhere_ranges[rng]))})"
                for r in seen
                if r.operation.lower() == SECRET_READ_OPERATION and successful(r)
                for rng in [address_range(r.caller_ip)]
                if rng and rng in elsewhere_ranges
            }
        )
        yield ctx.expect(
            vault,
            ok=not shared,
            # "No shared reader" holds only if every non-production vault was listed and its
            # audit events read: an unread one may hide a reader of both.
            needs=compared if not shared else (),
            prop=f"{AUDIT_PROPERTY}: SecretGet callers and addresses, by vault environment",
            observed=shared,
            expected="no caller or address range that also reads non-production vaults",
            api=AUDIT_API,
            passed=f"Production vault {vault.name} in {where} was read in {period} only by "
            "identities and address ranges that read no non-production vault.",
            failed=f"Production vault {vault.name} in {where} was read in {period} by "
            f"{'; '.join(shared)}: one identity or machine holds both production and "
            "non-production secrets, so a compromise of the weaker environment reaches production.",
        )


@check("SE09-1.60")
def no_credential_across_environments(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per site or slot: none of its credentials is held in another environment."""
    sharing = Sharing(snapshot, ctx.environment_of)
    for holder in holders(snapshot):
        kind = holder_type(holder)
        held = sharing.live_in(holder.id)
        if not held:
            yield ctx.not_applicable(
                holder,
                f"{holder.name} holds no credential in its settings.",
                resource_type=kind,
                needs=ctx.need(("app_settings", "slot_settings"), holder.id),
            )
            continue
        env = held[0].environment
        if not env:
            yield ctx.not_applicable(
                holder,
                f"{holder.name} cannot be placed in an environment (SE09-1.2).",
                resource_type=kind,
            )
            continue
        crossing = [
            (item, other)
            for item in held
            for other in sharing.others(item)
            if other.environment and other.environment != env
        ]
        shared = sorted({item.place.setting for item, _ in crossing})
        places = sorted(
            {place_text(x) for item, _ in crossing for x in (item, *sharing.others(item))}
        )
        others = sorted({place_text(o) for item, _ in crossing for o in sharing.others(item)})
        yield ctx.expect(
            holder,
            ok=not crossing,
            prop=SHARED_PROP,
            observed={"also held at": others} if crossing else {"compared": len(held)},
            expected="each credential held in one environment only",
            api=f"{APP_SETTINGS_LIST.name}; {CONNECTION_STRINGS_LIST.name}",
            resource_type=kind,
            passed=f"None of the {len(held)} credential(s) of {holder.name} ({env}) is held in "
            "another environment.",
            failed=f"{holder.name} ({env}) shares {', '.join(shared)} with another environment; "
            f"the same credential is held at: {'; '.join(places)}.",
        )


@check("SE09-1.61")
def production_secrets_are_slot_sticky(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per production site with deployment slots: every setting holding a credential
    or a Key Vault reference, on the site or on a slot, is slot-sticky."""
    names = {norm_id(n.site_id): n for n in snapshot.slot_config_names}
    for app in snapshot.web_apps:
        slots = [s for s in snapshot.web_app_slots if norm_id(s.app_id) == norm_id(app.id)]
        if not slots:
            continue
        if ctx.environment_of(app.id, app.tags) != "production":
            yield ctx.not_applicable(app, f"{app.name} is not a production site.")
            continue
        sticky = names.get(norm_id(app.id))
        if sticky is None:  # the engine names the failed call when there is one
            yield ctx.outcome(
                app, Status.UNKNOWN, f"The slot-sticky settings of {app.name} were not read."
            )
            continue
        loose = _loose_secrets(snapshot, app, slots, sticky)
        yield ctx.expect(
            app,
            ok=not loose,
            prop="properties.appSettingNames / connectionStringNames of config/slotConfigNames",
            observed=loose or sorted(sticky.app_setting_names + sticky.connection_string_names),
            expected="every setting holding a secret is slot-sticky",
            api=f"{SLOT_CONFIG_NAMES.name}; {APP_SETTINGS_LIST.name}",
            passed=f"Every secret setting of {app.name} and its {len(slots)} slot(s) stays with "
            "its slot in a swap.",
            failed=f"A swap of {app.name} with {', '.join(s.name for s in slots)} moves secrets "
            f"between production and the slot: {'; '.join(loose)} are not slot-sticky.",
        )


def _loose_secrets(
    snapshot: Snapshot, app: WebApp, slots: list[WebAppSlot], sticky: SlotConfigNames
) -> list[str]:
    """Secret settings (credentials and Key Vault references) of the site and its slots that are
    not slot-sticky, as ``NAME (where)``."""
    stay = {
        "appsetting": {n.lower() for n in sticky.app_setting_names},
        "connectionstring": {n.lower() for n in sticky.connection_string_names},
    }
    places = {norm_id(app.id): "production", **{norm_id(s.id): f"slot {s.name}" for s in slots}}
    found: dict[str, set[str]] = {}
    for setting in (*snapshot.app_settings, *snapshot.slot_settings):
        where = places.get(norm_id(setting.site_id))
        secret = setting.credential_fingerprint or setting.value_kind in (
            "credential",
            "key_vault_reference",
        )
        if where and secret and setting.name.lower() not in stay.get(setting.source, set()):
            found.setdefault(setting.name, set()).add(where)
    return [f"{name} ({', '.join(sorted(w))})" for name, w in sorted(found.items())]

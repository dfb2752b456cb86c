"""SE09-3 distribution: secrets reach workloads by a secure path (here: the vault's network path)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import Snapshot, WebApp, last_segment, norm_id
from checks._common import VAULTS_API, shown, subscription_label
from checks.se09_2_storage import key_vault_references


@check("SE09-3.1")
def vault_public_network(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent publicNetworkAccess means the default, Enabled; absent networkAcls or
        # defaultAction means the default, Allow. Absent both: open to the internet, so it fails.
        access = vault.public_network_access
        default = vault.network_acls.default_action if vault.network_acls else None
        disabled = (access or "").lower() == "disabled"
        denied = (default or "").lower() == "deny"
        where = subscription_label(snapshot, vault.subscription_id)
        yield ctx.expect(
            vault,
            ok=disabled or denied,
            prop="properties.publicNetworkAccess, properties.networkAcls.defaultAction",
            observed={"publicNetworkAccess": access, "defaultAction": default},
            expected="publicNetworkAccess Disabled, or networkAcls.defaultAction Deny",
            api=VAULTS_API,
            passed=f"Vault {vault.name} in {where} "
            + (
                "refuses public network access."
                if disabled
                else "denies every network not on its allow list."
            ),
            failed=f"Vault {vault.name} in {where} accepts calls from any network "
            f"(publicNetworkAccess is {access or 'not set'}, "
            f"networkAcls.defaultAction is {default or 'not set'}).",
        )


@check("SE09-3.2")
def vault_private_endpoint(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # No privateEndpointConnections returned means the vault has none.
        states = [s.lower() for s in vault.private_endpoint_states]
        where = subscription_label(snapshot, vault.subscription_id)
        yield ctx.expect(
            vault,
            ok="approved" in states,
            prop="properties.privateEndpointConnections[].privateLinkServiceConnectionState.status",
            observed=list(vault.private_endpoint_states),
            expected="at least one Approved connection",
            api=VAULTS_API,
            passed=f"Vault {vault.name} in {where} is reachable through an approved private endpoint.",
            failed=f"Vault {vault.name} in {where} has no approved private endpoint "
            + (f"(states: {', '.join(vault.private_endpoint_states)})." if states else "."),
        )


@check("SE09-3.3")
def key_vault_references_use_managed_identity(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    for app in snapshot.web_apps:
        _, skip = key_vault_references(snapshot, ctx, app)
        if skip is not None:
            yield skip
            continue
        yield _reference_identity(ctx, app)


_REFERENCE_IDENTITY = "identity.type, properties.keyVaultReferenceIdentity"


def _reference_identity(ctx: CheckContext, app: WebApp) -> Outcome:
    """Does the identity that resolves the app's Key Vault references exist on the app?

    App Service resolves references with the identity named by ``keyVaultReferenceIdentity``:
    ``SystemAssigned`` (the default) or one user-assigned identity's resource id.
    """
    kinds = {k.strip().lower() for k in (app.identity_type or "").split(",") if k.strip()}
    has_system = "systemassigned" in kinds
    attached = {norm_id(u) for u in app.user_assigned_identities}
    chosen = app.key_vault_reference_identity
    observed = {"identity.type": app.identity_type, "keyVaultReferenceIdentity": chosen}
    common: dict[str, Any] = {
        "prop": _REFERENCE_IDENTITY,
        "observed": observed,
        "api": apis.SITES_LIST.name,
    }
    if not kinds & {"systemassigned", "userassigned"}:
        return ctx.outcome(
            app,
            Status.FAIL,
            f"App {app.name} uses Key Vault references but has no managed identity "
            f"(identity.type is {shown(app.identity_type)}), so they cannot resolve.",
            expected="a managed identity that resolves the references",
            **common,
        )
    if chosen is None and not has_system:
        return ctx.outcome(
            app,
            Status.UNKNOWN,
            f"App {app.name} has only user-assigned identities and keyVaultReferenceIdentity was "
            "not returned, so which identity resolves its Key Vault references cannot be told.",
            **common,
        )
    if chosen is None or chosen.lower() == "systemassigned":
        return ctx.expect(
            app,
            ok=has_system,
            expected="identity.type includes SystemAssigned",
            passed=f"App {app.name} resolves its Key Vault references with its system-assigned "
            "identity.",
            failed=f"App {app.name} resolves its Key Vault references with a system-assigned "
            f"identity it does not have (identity.type is {app.identity_type}); set "
            "keyVaultReferenceIdentity to one of its user-assigned identities.",
            **common,
        )
    return ctx.expect(
        app,
        ok=norm_id(chosen) in attached,
        expected="keyVaultReferenceIdentity names an attached user-assigned identity",
        passed=f"App {app.name} resolves its Key Vault references with its user-assigned "
        f"identity {last_segment(chosen)}.",
        failed=f"App {app.name} resolves its Key Vault references with user-assigned identity "
        f"{last_segment(chosen)}, which is not attached to it, so they cannot resolve.",
        **common,
    )

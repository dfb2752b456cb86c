"""SE09-3 distribution: secrets reach workloads by a secure path (here: the vault's network path)."""

from __future__ import annotations

from collections.abc import Iterator

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.snapshot import Snapshot
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
        kinds = {k.strip().lower() for k in (app.identity_type or "").split(",")}
        yield ctx.expect(
            app,
            ok=bool(kinds & {"systemassigned", "userassigned"}),
            prop="identity.type",
            observed=app.identity_type,
            expected="SystemAssigned or UserAssigned",
            api=apis.SITES_LIST.name,
            passed=f"App {app.name} resolves its Key Vault references with a managed identity "
            f"({app.identity_type}).",
            failed=f"App {app.name} uses Key Vault references but has no managed identity "
            f"(identity.type is {shown(app.identity_type)}), so they cannot resolve.",
        )

"""SE09-3 distribution: secrets reach workloads by a secure path (here: the vault's network path)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator
from typing import Any

from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.sharing import (
    SHARED_PROP,
    Holder,
    Located,
    Sharing,
    consumers,
    entra_replacement,
    holder_type,
)
from assess.snapshot import Snapshot, Vault, WebApp, last_segment, norm_id
from assess.sources import (
    aks,
    appconfiguration,
    cognitiveservices,
    containerregistry,
    eventgridtopics,
    eventhubs,
    postgresql,
    redis,
    search,
    servicebus,
    signalr,
    sql,
    storagepolicies,
)
from assess.sources.cosmosdb import ACCOUNTS_LIST
from assess.sources.keyvault import MANAGED_HSMS_LIST
from assess.sources.network import PERIMETER_ASSOCIATIONS_LIST
from assess.sources.web import APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST, SITES_LIST
from checks._common import VAULTS_API, shown, subscription_label
from checks._entra import (
    APPLICATIONS_API,
    SERVICE_PRINCIPALS_API,
    judged_service_principals,
    owner_name,
    secrets_of,
    sign_in_certificates,
)
from checks._local_auth import LocalAuth, judge_local_auth, judge_sas_rules, mysql_entra_only
from checks._logs import (
    AUDIT_API,
    AUDIT_PROPERTY,
    AccessIndex,
    plain_vaults,
    silent,
    successful,
    window,
)
from checks.se09_2_storage import key_vault_references

PERIMETER_API = PERIMETER_ASSOCIATIONS_LIST.name


@check("SE09-3.1")
def vault_public_network(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent publicNetworkAccess means the default, Enabled; absent networkAcls or
        # defaultAction means the default, Allow. Absent both: open to the internet, so it fails.
        access = vault.public_network_access
        if (access or "").lower() == "securedbyperimeter":
            yield _perimeter_outcome(snapshot, ctx, vault)
            continue
        acls = vault.network_acls
        default = acls.default_action if acls else None
        disabled = (access or "").lower() == "disabled"
        denied = (default or "").lower() == "deny"
        everyone = whole_address_space(acls.ip_ranges) if acls else ()
        where = subscription_label(snapshot, vault.subscription_id)
        observed: dict[str, Any] = {"publicNetworkAccess": access, "defaultAction": default}
        if everyone:
            observed["ipRules"] = list(acls.ip_ranges) if acls else []
        if disabled or not (denied and everyone):
            failed = (
                f"Vault {vault.name} in {where} accepts calls from any network "
                f"(publicNetworkAccess is {access or 'not set'}, "
                f"networkAcls.defaultAction is {default or 'not set'})."
            )
        else:
            failed = (
                f"Vault {vault.name} in {where} denies by default, but its firewall allows "
                f"{' and '.join(everyone)}: every address on the internet may call it."
            )
        yield ctx.expect(
            vault,
            ok=disabled or (denied and not everyone),
            prop="properties.publicNetworkAccess, properties.networkAcls.defaultAction, "
            "properties.networkAcls.ipRules",
            observed=observed,
            expected="publicNetworkAccess Disabled, or networkAcls.defaultAction Deny with no "
            "IP rule covering the whole address space",
            api=VAULTS_API,
            passed=f"Vault {vault.name} in {where} "
            + (
                "refuses public network access."
                if disabled
                else "denies every network not on its allow list."
            ),
            failed=failed,
        )


@check("SE09-3.5")
def managed_hsm_public_network(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for hsm in snapshot.managed_hsms:
        # Absent publicNetworkAccess means Enabled; absent networkAcls means Allow.
        access, acls = hsm.public_network_access, hsm.network_acls
        default = acls.default_action if acls else None
        everyone = whole_address_space(acls.ip_ranges) if acls else ()
        disabled = (access or "").lower() == "disabled"
        yield ctx.expect(
            hsm,
            ok=disabled or ((default or "").lower() == "deny" and not everyone),
            prop="properties.publicNetworkAccess, properties.networkAcls",
            observed={"publicNetworkAccess": access, "defaultAction": default},
            expected="publicNetworkAccess Disabled, or networkAcls.defaultAction Deny",
            api=MANAGED_HSMS_LIST.name,
            passed=f"Managed HSM {hsm.name} is closed to public networks.",
            failed=f"Managed HSM {hsm.name} accepts calls from any network "
            f"(publicNetworkAccess is {access or 'not set'}, networkAcls.defaultAction is "
            f"{default or 'not set'}"
            + (f", IP rules cover all of {' and '.join(everyone)}" if everyone else "")
            + ").",
        )


_FULL_SPACE = {4: ipaddress.ip_network("0.0.0.0/0"), 6: ipaddress.ip_network("::/0")}


def whole_address_space(ranges: Iterable[str]) -> tuple[str, ...]:
    """``("IPv4",)``, ``("IPv6",)``, both or ``()``: the address families whose whole space the
    firewall's IP rules cover together (``0.0.0.0/0``, or ``0.0.0.0/1`` with ``128.0.0.0/1``, ...).
    A value that is not an address or a CIDR range is left out (it allows nothing)."""
    networks: dict[int, list[ipaddress.IPv4Network | ipaddress.IPv6Network]] = {4: [], 6: []}
    for value in ranges:
        try:
            network = ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            continue
        networks[network.version].append(network)
    covered = []
    for version, found in sorted(networks.items()):
        merged = list(ipaddress.collapse_addresses(found))  # type: ignore[type-var]
        if merged == [_FULL_SPACE[version]]:
            covered.append(f"IPv{version}")
    return tuple(covered)


def _perimeter_outcome(snapshot: Snapshot, ctx: CheckContext, vault: Vault) -> Outcome:
    """A vault whose public access is governed by a network security perimeter, judged from its
    association: Enforced passes; Learning (transition) and Audit modes fail, because they let
    traffic the perimeter does not allow through; no readable association is unknown."""
    where = subscription_label(snapshot, vault.subscription_id)
    mine = [
        a for a in snapshot.perimeter_associations if norm_id(a.resource_id) == norm_id(vault.id)
    ]
    common: dict[str, Any] = {
        "prop": "properties.publicNetworkAccess; resourceAssociations[].properties.accessMode",
        "expected": "an association in Enforced mode, or the vault's own firewall denying by "
        "default while the association only learns or audits",
        "api": f"{VAULTS_API}; {PERIMETER_API}",
    }
    if not mine:
        # When the associations could not all be read, the engine gives the failed call's cause.
        return ctx.outcome(
            vault,
            Status.UNKNOWN,
            f"Vault {vault.name} in {where} is secured by a network security perimeter "
            "(publicNetworkAccess SecuredByPerimeter), but no perimeter association read in this "
            "run links it (it may belong to a perimeter in a subscription not assessed).",
            observed={"publicNetworkAccess": vault.public_network_access, "associations": []},
            needs=ctx.need("perimeter_associations"),
            **common,
        )
    modes = sorted({(a.access_mode or "not set") for a in mine})
    perimeters = ", ".join(sorted({last_segment(a.perimeter_id) for a in mine}))
    enforced = all((a.access_mode or "").lower() == "enforced" for a in mine)
    observed: dict[str, Any] = {
        "publicNetworkAccess": vault.public_network_access,
        "associations": [f"{a.perimeter_id} ({a.access_mode or 'not set'})" for a in mine],
    }
    if enforced:
        return ctx.expect(
            vault,
            ok=True,
            observed=observed,
            passed=f"Vault {vault.name} in {where} takes its public network rules from network "
            f"security perimeter {perimeters}, in Enforced mode.",
            failed="",
            **common,
        )
    # Learning (transition) mode falls back to the vault's own firewall for what the perimeter
    # does not allow, and Audit mode only logs what the perimeter would refuse (Microsoft's
    # network security perimeter access modes): either way the vault's own rules decide.
    acls = vault.network_acls
    default = acls.default_action if acls else None
    everyone = whole_address_space(acls.ip_ranges) if acls else ()
    closed = (default or "").lower() == "deny" and not everyone
    observed["defaultAction"] = default
    if everyone:
        observed["ipRules"] = list(acls.ip_ranges) if acls else []
    loose = f"in {', '.join(modes)} mode, which does not enforce the perimeter's rules"
    return ctx.expect(
        vault,
        ok=closed,
        observed=observed,
        passed=f"Vault {vault.name} in {where} is associated with network security perimeter "
        f"{perimeters} {loose}, so its own firewall decides; it denies every network not on "
        "its allow list. Switch the association to Enforced once the perimeter's rules are "
        "complete.",
        failed=f"Vault {vault.name} in {where} is associated with network security perimeter "
        f"{perimeters} {loose}, so its own firewall decides, and that accepts "
        + (
            f"{' and '.join(everyone)}"
            if everyone
            else f"any network (defaultAction {default or 'not set'})"
        )
        + ": switch the association to Enforced, or deny by default.",
        **common,
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


@check("SE09-3.4")
def cosmos_accounts_refuse_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    # Absent properties mean the service defaults: keys accepted, key-based metadata writes
    # allowed, public network access enabled. Only disableLocalAuth true passes.
    for account in snapshot.records_of("cosmos_accounts"):
        local, meta = (
            account.prop("disableLocalAuth"),
            account.prop("disableKeyBasedMetadataWriteAccess"),
        )
        public = account.prop("publicNetworkAccess")
        where = subscription_label(snapshot, account.subscription_id)
        open_to = "any network" if (public or "Enabled") == "Enabled" else f"{public} networks"
        writes = "" if meta is True else ", and a key can also change its databases and throughput"
        yield ctx.expect(
            account,
            ok=local is True,
            prop="properties.disableLocalAuth, properties.disableKeyBasedMetadataWriteAccess, "
            "properties.publicNetworkAccess",
            observed={
                "disableLocalAuth": local,
                "disableKeyBasedMetadataWriteAccess": meta,
                "publicNetworkAccess": public,
            },
            expected="disableLocalAuth true (Microsoft Entra ID only)",
            api=ACCOUNTS_LIST.name,
            passed=f"Cosmos DB account {account.name} in {where} accepts Microsoft Entra ID "
            "tokens only; its account keys do not work.",
            failed=f"Cosmos DB account {account.name} in {where} accepts its account keys "
            f"(disableLocalAuth is {shown(local)}) from {open_to}{writes}.",
        )


# ---- local authentication of data services (SE09-3.40 onwards) -----------------------------
_ENTRA_ONLY = "administrators.azureADOnlyAuthentication"
LOCAL_AUTH: dict[str, LocalAuth] = {
    "SE09-3.40": LocalAuth(
        "servicebus_namespaces",
        servicebus.NAMESPACES_LIST.name,
        "Service Bus namespace",
        "disableLocalAuth",
        True,
        "its SAS keys and shared access signatures",
        ("publicNetworkAccess",),
    ),
    "SE09-3.41": LocalAuth(
        "eventhub_namespaces",
        eventhubs.NAMESPACES_LIST.name,
        "Event Hubs namespace",
        "disableLocalAuth",
        True,
        "its SAS keys and shared access signatures",
        ("publicNetworkAccess",),
    ),
    "SE09-3.42": LocalAuth(
        "container_registries",
        containerregistry.REGISTRIES_LIST.name,
        "Container registry",
        "adminUserEnabled",
        False,
        "its admin user's passwords",
        ("publicNetworkAccess",),
        default=False,  # "false by default" (Registries REST reference)
    ),
    "SE09-3.43": LocalAuth(
        "redis_caches",
        redis.CACHES_LIST.name,
        "Redis cache",
        "disableAccessKeyAuthentication",
        True,
        "its access keys",
        ("publicNetworkAccess", "enableNonSslPort"),
    ),
    "SE09-3.44": LocalAuth(
        "app_configuration_stores",
        appconfiguration.STORES_LIST.name,
        "App Configuration store",
        "disableLocalAuth",
        True,
        "its access keys and connection strings",
        ("publicNetworkAccess",),
    ),
    "SE09-3.45": LocalAuth(
        "sql_servers",
        sql.SERVERS_LIST.name,
        "SQL server",
        _ENTRA_ONLY,
        True,
        "SQL logins with passwords, the server administrator's among them,",
        ("administrators.login", "publicNetworkAccess"),
    ),
    "SE09-3.46": LocalAuth(
        "sql_managed_instances",
        sql.INSTANCES_LIST.name,
        "SQL managed instance",
        _ENTRA_ONLY,
        True,
        "SQL logins with passwords, the instance administrator's among them,",
        ("administrators.login", "publicNetworkAccess"),
    ),
    "SE09-3.47": LocalAuth(
        "aks_clusters",
        aks.CLUSTERS_LIST.name,
        "AKS cluster",
        "disableLocalAccounts",
        True,
        "its local cluster-admin account and static kubeconfig credentials",
        ("aadProfile.managed",),
    ),
    "SE09-3.48": LocalAuth(
        "storage_policies",
        storagepolicies.ACCOUNTS_LIST.name,
        "Storage account",
        storagepolicies.SHARED_KEY,
        False,
        "its access keys and any SAS signed with them",
        (storagepolicies.OAUTH_DEFAULT,),
    ),
    "SE09-3.49": LocalAuth(
        "eventgrid_topics",
        eventgridtopics.TOPICS_LIST.name,
        "Event Grid topic",
        "disableLocalAuth",
        True,
        "its access keys and SAS tokens",
        ("publicNetworkAccess",),
    ),
    "SE09-3.70": LocalAuth(
        "eventgrid_domains",
        eventgridtopics.DOMAINS_LIST.name,
        "Event Grid domain",
        "disableLocalAuth",
        True,
        "its access keys and SAS tokens",
        ("publicNetworkAccess",),
    ),
    "SE09-3.71": LocalAuth(
        "ai_services_accounts",
        cognitiveservices.ACCOUNTS_LIST.name,
        "Azure AI services account",
        "disableLocalAuth",
        True,
        "its API keys",
        ("publicNetworkAccess",),
    ),
    "SE09-3.72": LocalAuth(
        "search_services",
        search.SERVICES_LIST.name,
        "AI Search service",
        "disableLocalAuth",
        True,
        "its admin and query API keys",
        ("publicNetworkAccess",),
    ),
    "SE09-3.73": LocalAuth(
        "signalr_services",
        signalr.SIGNALR_LIST.name,
        "SignalR service",
        "disableLocalAuth",
        True,
        "its access keys and connection strings",
        ("disableAadAuth", "publicNetworkAccess"),
    ),
    "SE09-3.74": LocalAuth(
        "webpubsub_services",
        signalr.WEBPUBSUB_LIST.name,
        "Web PubSub service",
        "disableLocalAuth",
        True,
        "its access keys and connection strings",
        ("disableAadAuth", "publicNetworkAccess"),
    ),
    "SE09-3.75": LocalAuth(
        "postgresql_servers",
        postgresql.SERVERS_LIST.name,
        "PostgreSQL flexible server",
        "authConfig.passwordAuth",
        "Disabled",
        "password logins, the administrator's among them,",
        ("authConfig.activeDirectoryAuth", "network.publicNetworkAccess"),
    ),
}


@check("SE09-3.40")
def service_bus_refuses_sas_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.40"])


@check("SE09-3.41")
def event_hubs_refuse_sas_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.41"])


@check("SE09-3.42")
def registries_have_no_admin_user(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.42"])


@check("SE09-3.43")
def redis_refuses_access_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.43"])


@check("SE09-3.44")
def app_configuration_refuses_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.44"])


@check("SE09-3.45")
def sql_servers_entra_only(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.45"])


@check("SE09-3.46")
def sql_instances_entra_only(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.46"])


@check("SE09-3.47")
def aks_local_accounts_off(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.47"])


@check("SE09-3.49")
def event_grid_topics_refuse_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.49"])


@check("SE09-3.70")
def event_grid_domains_refuse_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.70"])


@check("SE09-3.71")
def ai_services_refuse_api_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.71"])


@check("SE09-3.72")
def ai_search_refuses_api_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.72"])


@check("SE09-3.73")
def signalr_refuses_access_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.73"])


@check("SE09-3.74")
def web_pubsub_refuses_access_keys(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.74"])


@check("SE09-3.75")
def postgresql_refuses_passwords(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.75"])


@check("SE09-3.76")
def service_bus_sas_rules(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    rule, api = LOCAL_AUTH["SE09-3.40"], servicebus.RULES_LIST.name
    yield from judge_sas_rules(snapshot, ctx, rule, "servicebus_rules", servicebus.ROOT_RULE, api)


@check("SE09-3.77")
def event_hubs_sas_rules(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    rule, api = LOCAL_AUTH["SE09-3.41"], eventhubs.RULES_LIST.name
    yield from judge_sas_rules(snapshot, ctx, rule, "eventhub_rules", eventhubs.ROOT_RULE, api)


@check("SE09-3.78")
def mysql_refuses_passwords(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from mysql_entra_only(snapshot, ctx)


@check("SE09-3.48")
def storage_refuses_shared_key(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from judge_local_auth(snapshot, ctx, LOCAL_AUTH["SE09-3.48"])


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
        "api": SITES_LIST.name,
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


# ---- from the audit logs (Log Analytics) --------------------------------------------------------
@check("SE09-3.50")
def calls_from_expected_networks(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each vault whose firewall lets any network in: the calls it served in the window came from
    private addresses, its own IP rules, or the networks named in ``expected_networks``."""
    index, span = AccessIndex(snapshot), window(snapshot)
    period = span.label() if span else "the log window"
    configured = _networks(ctx.setting("expected_networks"))
    for vault in plain_vaults(snapshot):
        where = subscription_label(snapshot, vault.subscription_id)
        acls = vault.network_acls
        closed = (vault.public_network_access or "").lower() in ("disabled", "securedbyperimeter")
        if closed or (acls is not None and (acls.default_action or "").lower() == "deny"):
            yield ctx.not_applicable(
                vault,
                f"Vault {vault.name} in {where} lets in only the networks its firewall names "
                "(SE09-3.1 judges them).",
            )
            continue
        seen = index.of(vault)
        if not seen:
            yield silent(
                ctx,
                snapshot,
                vault,
                vault,
                f"vault {vault.name} in {where}",
                period,
                "where its callers are",
            )
            continue
        expected = configured + _networks(acls.ip_ranges if acls else ())
        outside: dict[str, int] = {}
        for record in seen:
            if successful(record) and _unexpected(record.caller_ip, expected):
                outside[record.caller_ip] = outside.get(record.caller_ip, 0) + successful(record)
        top = sorted(outside.items(), key=lambda item: (-item[1], item[0]))
        shown_top = [f"{ip}: {n}" for ip, n in top[:5]] + (
            [f"and {len(top) - 5} more"] if len(top) > 5 else []
        )
        yield ctx.expect(
            vault,
            ok=not outside,
            prop=f"{AUDIT_PROPERTY}: CallerIpAddress of served calls",
            observed={"public addresses outside the expected networks": shown_top},
            expected="calls only from private addresses, the vault's IP rules or "
            "[thresholds] expected_networks",
            api=AUDIT_API,
            passed=f"Vault {vault.name} in {where} is open to every network, yet every call it "
            f"served in {period} came from an expected network.",
            failed=f"Vault {vault.name} in {where} is open to every network and served calls in "
            f"{period} from {len(top)} public address(es) outside the expected networks "
            f"({'; '.join(shown_top)}): close the firewall to the networks that need it.",
        )


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(values: Iterable[str]) -> list[Network]:
    found: list[Network] = []
    for value in values:
        try:
            found.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            continue
    return found


def _unexpected(address: str, expected: list[Network]) -> bool:
    """A public address outside ``expected``; an empty or unreadable address is not judged."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    if not ip.is_global:
        return False
    return not any(ip.version == n.version and ip in n for n in expected)


@check("SE09-3.60")
def one_consumer_per_credential(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per site (its own deployment slots are the same consumer) and per other
    consumer holding a credential in a plain-text value (a container app, an API Management
    service's named values): none of its credentials is used by another consumer of its
    environment."""
    sharing = Sharing(snapshot, ctx.environment_of)
    for app, mine in consumers(snapshot):
        held = [item for holder in mine for item in sharing.live_in(holder.id)]
        if not held:
            yield ctx.not_applicable(
                app,
                f"{app.name} holds no credential in its settings.",
                needs=ctx.need(("app_settings", "slot_settings"), app.id),
            )
            continue
        shared = _other_consumers(sharing, app, held)
        listed = "; ".join(f"{name} also used by {', '.join(o)}" for (name, _), o in shared)
        fixes = sorted({fix for (_, target), _ in shared if (fix := entra_replacement(target))})
        fix = (
            f" Instead, {'; '.join(fixes)}."
            if fixes
            else " Give each consumer its own key, or a managed identity where the service "
            "accepts one."
        )
        yield ctx.expect(
            app,
            ok=not shared,
            prop=SHARED_PROP,
            observed={name: others for (name, _), others in shared} or {"compared": len(held)},
            expected="one credential per consumer",
            api=f"{APP_SETTINGS_LIST.name}; {CONNECTION_STRINGS_LIST.name}",
            resource_type=holder_type(app),
            passed=f"No other app of its environment uses any of the {len(held)} credential(s) "
            f"of {app.name}.",
            failed=f"{app.name} shares credentials with other apps of its environment: {listed}."
            + fix,
        )


def _other_consumers(
    sharing: Sharing, app: Holder, held: list[Located]
) -> list[tuple[tuple[str, str], list[str]]]:
    """``[((setting, target), [other apps of the same environment using it])]``, sorted."""
    found: dict[tuple[str, str], set[str]] = {}
    for item in held:
        for other in sharing.others(item):
            if (
                other.place.live
                and other.environment == item.environment
                and norm_id(other.place.consumer_id) != norm_id(app.id)
            ):
                key = (item.place.setting, item.place.target)
                found.setdefault(key, set()).add(other.place.resource_name)
    return [(key, sorted(names)) for key, names in sorted(found.items())]


# ---- Microsoft Entra app registrations and service principals ----------------------------------
@check("SE09-3.30")
def apps_without_client_secrets(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per app registration: a client secret is a credential someone distributes."""
    for app in snapshot.entra_applications:
        secrets = secrets_of(app.credentials)
        certificates = sign_in_certificates(app.credentials)
        federated = app.federated_credentials
        has = f"{len(certificates)} certificate(s), {shown(federated)} federated credential(s)"
        instead = (
            f", beside {federated} federated credential(s) it already signs in with"
            if federated
            else ""
        )
        yield ctx.expect(
            app,
            ok=not secrets,
            prop="passwordCredentials, keyCredentials, federatedIdentityCredentials",
            observed={
                "client secrets": len(secrets),
                "certificates": len(certificates),
                "federated credentials": federated,
            },
            expected="no client secret: a federated credential, a managed identity or a "
            "certificate",
            api=APPLICATIONS_API,
            passed=f"App registration {owner_name(app)} signs in without a client secret ({has}).",
            failed=f"App registration {owner_name(app)} holds {len(secrets)} client secret(s)"
            f"{instead}: each is a password copied to every place that signs in as the app.",
        )


@check("SE09-3.31")
def service_principals_without_own_credentials(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """One finding per service principal judged (see ``judged_service_principals``)."""
    for sp in judged_service_principals(snapshot):
        secrets = secrets_of(sp.credentials)
        certificates = sign_in_certificates(sp.credentials)
        yield ctx.expect(
            sp,
            ok=not secrets and not certificates,
            prop="passwordCredentials, keyCredentials[].usage",
            observed={"client secrets": len(secrets), "sign-in certificates": len(certificates)},
            expected="no credential on the service principal itself",
            api=SERVICE_PRINCIPALS_API,
            passed=f"Service principal {owner_name(sp)} holds no credential of its own.",
            failed=f"Service principal {owner_name(sp)} holds {len(secrets)} client secret(s) "
            f"and {len(certificates)} certificate(s) of its own, which the portal's app "
            "registration page does not show.",
        )

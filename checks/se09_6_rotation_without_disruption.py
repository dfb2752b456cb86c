"""SE09-6 rotation without disruption: consumers pick up a rotated secret on their own."""

from __future__ import annotations

from collections.abc import Iterator

from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import (
    KEY_VAULT_TOPIC,
    EventSubscription,
    EventTopic,
    Snapshot,
    norm_id,
)
from assess.sources import aks, webreferences
from assess.sources.eventgrid import SYSTEM_TOPICS_LIST
from assess.sources.web import APP_SETTINGS_LIST
from checks._common import shown, subscription_label
from checks._secret_stores import apim_references_resolve, by_parent
from checks.se09_2_storage import key_vault_references


@check("SE09-6.40")
def apim_key_vault_references_resolve(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from apim_references_resolve(snapshot, ctx)


@check("SE09-6.41")
def aks_csi_driver_rotates(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    # The add-on's enableSecretRotation is the string "true" when on; absent means off.
    enabled, rotation = f"{aks.CSI}.enabled", f"{aks.CSI}.config.enableSecretRotation"
    for cluster in snapshot.records_of("aks_clusters"):
        where = subscription_label(snapshot, cluster.subscription_id)
        if cluster.prop(enabled) is not True:
            yield ctx.not_applicable(
                cluster, f"AKS cluster {cluster.name} does not use the Key Vault CSI driver."
            )
            continue
        on = str(cluster.prop(rotation)).lower() == "true"
        poll = cluster.prop(f"{aks.CSI}.config.rotationPollInterval") or "2m (the default)"
        yield ctx.expect(
            cluster,
            ok=on,
            prop=f"properties.{rotation}",
            observed={"enableSecretRotation": cluster.prop(rotation), "pollInterval": poll},
            expected='"true"',
            api=aks.CLUSTERS_LIST.name,
            passed=f"AKS cluster {cluster.name} in {where} refreshes mounted Key Vault secrets "
            f"every {poll}: pods see a rotated secret without a redeploy.",
            failed=f"AKS cluster {cluster.name} in {where} mounts Key Vault secrets with the CSI "
            f"driver but never refreshes them (enableSecretRotation is "
            f"{shown(cluster.prop(rotation))}): a rotated secret reaches pods only on restart.",
        )


def _unresolved_yet(status: object) -> bool:
    """A Key Vault reference's ``status`` that says nothing of its resolution: none reported, or
    ``Initialized`` (the reference is registered and not resolved yet)."""
    return status is None or str(status).lower() == "initialized"


@check("SE09-6.42")
def app_service_references_resolve(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    below = by_parent(snapshot, "web_kv_references")
    for app in snapshot.web_apps:
        references = below.get(norm_id(app.id), [])
        if not references:
            yield ctx.not_applicable(app, f"App {app.name} has no Key Vault reference.")
            continue
        # status is set by the platform when it resolves the reference: none reported, or
        # Initialized (registered, not resolved yet), says nothing about whether it resolves
        # (as API Management's keyVault.lastStatus).
        silent = sorted(r.name for r in references if _unresolved_yet(r.prop("status")))
        broken = sorted(
            f"{r.name} ({r.prop('status')})"
            for r in references
            if r.name not in silent and str(r.prop("status")).lower() != "resolved"
        )
        if silent and not broken:
            yield ctx.outcome(
                app,
                Status.UNKNOWN,
                f"App {app.name} reports no resolution status for {len(silent)} of its "
                f"{len(references)} Key Vault reference(s) (none, or Initialized: not resolved "
                f"yet), so whether they resolve cannot be told: {', '.join(silent)}.",
                prop="configreferences/appsettings[].properties.status",
                observed={"references": len(references), "no status": silent},
                api=webreferences.REFERENCES_LIST.name,
            )
            continue
        yield ctx.expect(
            app,
            ok=not broken,
            prop="configreferences/appsettings[].properties.status",
            observed={"references": len(references), "unresolved": broken, "no status": silent},
            expected="status Resolved for every Key Vault reference",
            api=webreferences.REFERENCES_LIST.name,
            passed=f"App {app.name} resolves all {len(references)} of its Key Vault references.",
            failed=f"App {app.name} cannot resolve {len(broken)} Key Vault reference(s), so those "
            f"settings hold the reference text or an old value, not the current secret: "
            f"{', '.join(broken)}.",
        )


@check("SE09-6.1")
def key_vault_references_versionless(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for app in snapshot.web_apps:
        references, skip = key_vault_references(snapshot, ctx, app)
        if skip is not None:
            yield skip
            continue
        pinned = sorted(s.name for s in references if s.versionless is not True)
        yield ctx.expect(
            app,
            ok=not pinned,
            prop="Key Vault reference (SecretUri version / SecretVersion)",
            observed=pinned,
            expected=[],
            api=APP_SETTINGS_LIST.name,
            passed=f"App {app.name} reads the current version of "
            + (
                "its Key Vault reference."
                if len(references) == 1
                else f"all {len(references)} Key Vault references."
            ),
            failed=f"App {app.name} pins a secret version in {', '.join(pinned)}: a rotated "
            "secret is not picked up until the setting is changed.",
        )


NEAR_EXPIRY = (
    ("secret", "Microsoft.KeyVault.SecretNearExpiry"),
    ("key", "Microsoft.KeyVault.KeyNearExpiry"),
)
"""Per kind of vault item, the event Key Vault publishes 30 days before that item expires."""


@check("SE09-6.2")
def vaults_announce_near_expiry(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    topics: dict[str, list[EventTopic]] = {}
    for topic in snapshot.event_topics:
        if topic.topic_type == KEY_VAULT_TOPIC:
            topics.setdefault(norm_id(topic.source), []).append(topic)
    by_topic: dict[str, list[EventSubscription]] = {}
    for sub in snapshot.event_subscriptions:
        by_topic.setdefault(norm_id(sub.topic_id), []).append(sub)
    holds = {
        kind: {norm_id(i.vault_id) for i in items if i.attributes.enabled is not False}
        for kind, items in (("secret", snapshot.secrets), ("key", snapshot.keys))
    }
    for vault in snapshot.vaults:
        vid = norm_id(vault.id)
        needed = [event for kind, event in NEAR_EXPIRY if vid in holds[kind]]
        if not needed:  # unless its secrets or keys could not be listed: then unknown
            yield ctx.not_applicable(
                vault,
                f"Vault {vault.name} holds no enabled secret or key.",
                needs=ctx.need(("secrets", "keys"), vault.id),
            )
            continue
        mine = topics.get(vid, [])  # unread event subscriptions are a gap over the vault
        # No topic seen is a fail only if every system topic of its subscription was listed.
        topics_read = (
            ctx.need("event_topics", f"/subscriptions/{vault.subscription_id}") if not mine else ()
        )
        live = [
            s
            for t in mine
            for s in by_topic.get(norm_id(t.id), [])
            if (s.provisioning_state or "Succeeded").lower() == "succeeded"
        ]
        covered = [e for e in needed if any(_delivers(s, e) for s in live)]
        missing = [e for e in needed if e not in covered]
        names = " or ".join(e.rsplit(".", 1)[-1] for e in missing)
        broken = sorted(
            f"{s.name} ({s.provisioning_state})"
            for t in mine
            for s in by_topic.get(norm_id(t.id), [])
            if s not in live
        )
        why = (
            " (it has no Event Grid system topic)"
            if not mine
            else f" (not delivering: {', '.join(broken)})"
            if broken
            else ""
        )
        yield ctx.expect(
            vault,
            ok=not missing,
            prop="Event Grid system topic: event subscriptions' filter.includedEventTypes",
            observed=covered,
            expected=needed,
            api=SYSTEM_TOPICS_LIST.name,
            passed=f"Vault {vault.name} sends its near-expiry events to "
            + ", ".join(sorted({s.endpoint_type or "an endpoint" for s in live}))
            + ".",
            failed=f"Vault {vault.name} sends no {names} event anywhere{why}: nothing starts "
            "a rotation before its items expire.",
            needs=topics_read,
        )


def _delivers(subscription: EventSubscription, event: str) -> bool:
    types = subscription.included_event_types
    return types is None or event.lower() in {t.lower() for t in types}

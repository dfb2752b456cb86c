"""SE09-6 rotation without disruption: consumers pick up a rotated secret on their own."""

from __future__ import annotations

from collections.abc import Iterator

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.snapshot import (
    KEY_VAULT_TOPIC,
    EventSubscription,
    EventTopic,
    Snapshot,
    norm_id,
)
from checks.se09_2_storage import key_vault_references


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
            api=apis.APP_SETTINGS_LIST.name,
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
            api=apis.SYSTEM_TOPICS_LIST.name,
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

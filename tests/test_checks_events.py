"""SE09-6.2: key vaults send near-expiry events to an automation (Event Grid), through the engine."""

from __future__ import annotations

import json
from typing import Any

from snapshot_factory import (
    SUB,
    SUB_PROD,
    by_status,
    make_event_subscription,
    make_gap,
    make_key,
    make_secret,
    make_snapshot,
    make_vault,
    make_vault_topic,
    message_of,
    run_checks,
)
from test_collect_support import shared_file

from assess.collectors.eventgrid import parse_event_subscription, parse_event_topic

NEAR = "Microsoft.KeyVault.SecretNearExpiry"
KEY_NEAR = "Microsoft.KeyVault.KeyNearExpiry"


def _vault_with(name: str, *, keys: bool = False, sub: str = SUB, rg: str = "rg-app") -> list:
    vault = make_vault(name, sub=sub, rg=rg)
    items: list = [vault, make_secret("db-password", vault)]
    if keys:
        items.append(make_key("cmk", vault))
    return items


def test_near_expiry_events_must_reach_a_live_subscription_for_each_kind_held() -> None:
    records: list = []
    cases = {
        "kv-wired": ((NEAR, KEY_NEAR, "Microsoft.KeyVault.SecretExpired"), "Succeeded", True),
        "kv-nofilter": (None, "Succeeded", True),
        "kv-keys-missed": ((NEAR,), "Succeeded", True),
        "kv-failed": ((NEAR,), "Failed", False),
        "kv-wrong-event": (("Microsoft.KeyVault.SecretNewVersionCreated",), "Succeeded", False),
        "kv-case": (("microsoft.keyvault.secretnearexpiry",), "Succeeded", False),
    }
    for name, (events, state, keys) in cases.items():
        vault, *items = _vault_with(name, keys=keys)
        topic = make_vault_topic(vault)
        records += [vault, *items, topic, make_event_subscription(topic, "s", events, state=state)]
    records += _vault_with("kv-no-topic")
    empty = make_vault("kv-empty")
    disabled = make_vault("kv-disabled")
    records += [empty, disabled, make_secret("old", disabled, enabled=False)]
    results = run_checks(make_snapshot(*records), "SE09-6.2")
    assert by_status(results) == {
        "pass": {"kv-wired", "kv-nofilter", "kv-case"},
        "fail": {"kv-keys-missed", "kv-failed", "kv-wrong-event", "kv-no-topic"},
        "not_applicable": {"kv-empty", "kv-disabled"},
    }
    assert "sends no KeyNearExpiry event" in message_of(results, "kv-keys-missed")
    assert "not delivering: s (Failed)" in message_of(results, "kv-failed")
    assert "has no Event Grid system topic" in message_of(results, "kv-no-topic")
    assert "AzureFunction" in message_of(results, "kv-wired")


def test_a_vault_without_a_visible_topic_is_unknown_where_topics_could_not_all_be_listed() -> None:
    hidden_rg = f"/subscriptions/{SUB_PROD}/resourceGroups/rg-hidden"
    prod = _vault_with("kv-prod", sub=SUB_PROD)
    elsewhere = _vault_with("kv-other")  # another subscription: its absence of topic is a fail
    wired = _vault_with("kv-prod-wired", sub=SUB_PROD)
    topic = make_vault_topic(wired[0])
    snap = make_snapshot(
        *prod,
        *elsewhere,
        *wired,
        topic,
        make_event_subscription(topic, "s", (NEAR,)),
        make_gap("event_topics", hidden_rg),
    )
    results = run_checks(snap, "SE09-6.2")
    found = by_status(results)
    assert found["unknown"] >= {"kv-prod"}
    assert found["fail"] == {"kv-other"} and found["pass"] == {"kv-prod-wired"}
    assert "event topics under" in message_of(results, "kv-prod")


def test_a_vault_whose_contents_could_not_be_listed_is_unknown_not_empty() -> None:
    vault = make_vault("kv-unlisted")
    snap = make_snapshot(vault, make_gap("secrets", vault.id), make_gap("keys", vault.id))
    results = run_checks(snap, "SE09-6.2")
    assert by_status(results) == {"unknown": {"kv-unlisted"}}


def test_unread_event_subscriptions_of_the_vaults_topic_are_unknown() -> None:
    vault, *items = _vault_with("kv-locked")
    topic = make_vault_topic(vault, rg="rg-events")  # a topic may sit in another group
    # The collector records the failed list over the topic's source: the vault.
    snap = make_snapshot(vault, *items, topic, make_gap("event_subscriptions", vault.id))
    results = run_checks(snap, "SE09-6.2")
    assert by_status(results) == {"unknown": {"kv-locked"}}
    assert "403" in next(f.reason for f in results.findings)


def _example(path: str) -> dict[str, Any]:
    data = json.loads(
        shared_file("azure-api-examples", *path.split("/")).read_text(encoding="utf-8")
    )
    body: dict[str, Any] = data["responses"]["200"]["body"]
    return body


def test_the_published_examples_parse() -> None:
    topics = _example("Microsoft.EventGrid/system-topics-list-by-subscription.json")
    parsed = [parse_event_topic(item) for item in topics["value"]]
    assert [(t.topic_type, t.resource_group) for t in parsed if t] == [
        ("microsoft.storage.storageaccounts", "examplerg")
    ]
    body = _example("Microsoft.EventGrid/system-topic-event-subscriptions-get.json")
    sub = parse_event_subscription(body, body["properties"]["topic"])
    assert sub is not None
    assert sub.included_event_types == (
        "Microsoft.Storage.BlobCreated",
        "Microsoft.Storage.BlobDeleted",
    )
    assert sub.endpoint_type == "StorageQueue" and sub.provisioning_state == "Succeeded"
    assert "testtrackedsource" not in sub.model_dump_json()  # destination details are not kept


def test_delivery_with_the_topics_managed_identity_names_its_endpoint() -> None:
    # Shape of EventSubscriptionProperties (Event Grid REST spec 2025-02-15): a subscription that
    # delivers with the topic's identity carries deliveryWithResourceIdentity, not destination.
    topic = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.EventGrid/systemTopics/kv-t"
    item = {
        "id": f"{topic}/eventSubscriptions/rotate",
        "name": "rotate",
        "type": "Microsoft.EventGrid/systemTopics/eventSubscriptions",
        "properties": {
            "topic": topic,
            "provisioningState": "Succeeded",
            "deliveryWithResourceIdentity": {
                "identity": {"type": "SystemAssigned"},
                "destination": {
                    "endpointType": "ServiceBusQueue",
                    "properties": {"resourceId": "/subscriptions/s/.../queues/rotation"},
                },
            },
            "filter": {"includedEventTypes": [NEAR]},
        },
    }
    sub = parse_event_subscription(item, topic)
    assert sub is not None and sub.endpoint_type == "ServiceBusQueue"
    vault, *items = _vault_with("kv-msi")
    vault_topic = make_vault_topic(vault)
    parsed = sub.model_copy(update={"topic_id": vault_topic.id})
    results = run_checks(make_snapshot(vault, *items, vault_topic, parsed), "SE09-6.2")
    assert by_status(results) == {"pass": {"kv-msi"}}
    assert "ServiceBusQueue" in message_of(results, "kv-msi")

"""SE09-7.4: Microsoft Defender for Key Vault is on in every subscription that holds vaults."""

from __future__ import annotations

import json

from snapshot_factory import (
    SUB,
    SUB_DEV,
    SUB_PROD,
    by_status,
    make_defender_plan,
    make_gap,
    make_snapshot,
    make_subscription,
    make_vault,
    message_of,
    run_checks,
)
from test_collect_support import shared_file

from assess.collectors.security import parse_defender_plan

EMPTY = "00000000-0000-0000-0000-0000000000e1"
HIDDEN = "00000000-0000-0000-0000-0000000000e2"
UNREAD = "00000000-0000-0000-0000-0000000000e3"


def test_one_finding_per_subscription_holding_vaults() -> None:
    names = {SUB: "plain", SUB_PROD: "on", SUB_DEV: "off", EMPTY: "empty", HIDDEN: "hidden"}
    names[UNREAD] = "unread"
    subs = [make_subscription(s, name=n) for s, n in names.items()]
    snap = make_snapshot(
        *subs,
        make_vault("kv-on", sub=SUB_PROD),
        make_vault("kv-off", sub=SUB_DEV),
        make_vault("kv-plain", sub=SUB),
        make_vault("kv-unread", sub=UNREAD),
        make_defender_plan(SUB_PROD, "Standard"),
        make_defender_plan(SUB_DEV, "Free"),
        make_defender_plan(EMPTY, "Free"),
        make_gap("defender_plans", f"/subscriptions/{UNREAD}"),
        make_gap("vaults", f"/subscriptions/{HIDDEN}/resourceGroups/rg-locked"),
    )
    results = run_checks(snap, "SE09-7.4")
    assert by_status(results) == {
        "pass": {"on"},
        "fail": {"off"},
        "not_applicable": {"empty"},
        # no plan returned; a failed read; no vault seen where vaults could not all be listed
        # (and, as for every vault check, the group whose vaults could not be listed)
        "unknown": {"plain", "unread", "hidden", "rg-locked"},
    }
    assert "pricingTier is Free" in message_of(results, "off")
    hidden = next(f for f in results.findings if f.resource_name == "hidden")
    assert hidden.cause is not None and hidden.cause.evidence == "vaults"
    assert "rg-locked" in message_of(results, "hidden")
    assert "403" in next(f.reason for f in results.findings if f.resource_name == "unread")


def test_the_published_example_parses() -> None:
    data = json.loads(
        shared_file("azure-api-examples", "Microsoft.Security", "pricings-list.json").read_text(
            encoding="utf-8"
        )
    )
    plans = [parse_defender_plan(item, "s") for item in data["responses"]["200"]["body"]["value"]]
    (key_vault,) = [p for p in plans if p is not None and p.name == "KeyVaults"]
    assert key_vault.pricing_tier == "Standard"
    assert key_vault.enablement_time is not None and key_vault.enablement_time.year == 2023

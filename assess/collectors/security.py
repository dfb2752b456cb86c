"""Microsoft.Security: the subscription's Microsoft Defender for Key Vault plan.

One GET per subscription (``pricings/KeyVaults``). Shapes as published (2024-01-01 examples):
``properties.pricingTier`` is ``Standard`` (the plan is on) or ``Free``; ``enforce`` and the
extensions' ``isEnabled`` are strings, not booleans, and are not read here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import GapSink, epoch, fetch_one, opt_text, props, text
from assess.http import ArmClient
from assess.snapshot import DefenderPlan
from assess.sources.security import DEFENDER_KEY_VAULT_PRICING


def parse_defender_plan(item: Mapping[str, Any], subscription_id: str) -> DefenderPlan | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    return DefenderPlan(
        id=rid,
        subscription_id=subscription_id,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        pricing_tier=opt_text(p.get("pricingTier")),
        sub_plan=opt_text(p.get("subPlan")),
        enablement_time=epoch(p.get("enablementTime")),
    )


def read_key_vault_plan(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[DefenderPlan]:
    """The Key Vault plan of one subscription; a failure is a ``defender_plans`` gap over it."""
    op = DEFENDER_KEY_VAULT_PRICING
    body = fetch_one(
        client,
        op.url(base, subscription_id=subscription_id),
        op,
        f"/subscriptions/{subscription_id}",
        ["defender_plans"],
        sink,
    )
    plan = parse_defender_plan(body, subscription_id) if body is not None else None
    return [plan] if plan is not None else []

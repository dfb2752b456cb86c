"""Throttling is retried (Retry-After honoured); a service that stays down is a gap, not a crash."""

from __future__ import annotations

from test_collect_support import ARM, SUB_A, UNIT

from assess.collectors import GapSink
from assess.collectors.keyvault import list_keys, list_secrets, parse_vault
from assess.http import ArmClient
from assess.replay import replay

VAULT = (
    f"/subscriptions/{SUB_A}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults/kv-prod-app"
)
LISTED = parse_vault({"id": VAULT})


def test_429_with_retry_after_is_retried_and_succeeds() -> None:
    sink = GapSink()
    with replay(UNIT / "retry.yaml") as cassette, ArmClient(ARM, None, "", retry_total=2) as client:
        keys = list_keys(client, ARM, LISTED, sink)
    assert [k.name for k in keys] == ["cmk"]
    assert not sink.gaps()
    # Both the 429 and the 200 were served, in that order.
    assert [r["status"]["code"] for r in cassette.responses[:2]] == [429, 200]
    assert cassette.play_counts[0] == cassette.play_counts[1] == 1


def test_persistent_5xx_ends_in_a_gap() -> None:
    sink = GapSink()
    with (
        replay(UNIT / "retry.yaml"),
        ArmClient(ARM, None, "", retry_total=2, retry_backoff=0.0) as client,
    ):
        secrets = list_secrets(client, ARM, LISTED, sink)
    assert secrets == []
    (gap,) = sink.gaps()
    assert (gap.kind, gap.scope, gap.status_code, gap.error_code) == (
        "secrets",
        VAULT,
        503,
        "ServiceUnavailable",
    )
    assert "temporarily unavailable" in gap.reason

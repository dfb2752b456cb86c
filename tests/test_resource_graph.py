"""Inventory through Resource Graph (``--resource-graph``): the same evidence in a few queries.

The Resource Graph answers are built from the demo tenant's own subscription-wide list answers
(each item a row, as Resource Graph returns it: the type lower-cased, ``$skipToken`` paging,
the quota headers), so the two paths read the same estate. With Resource Graph on, those list
calls are taken out of the cassette: a listing that still reached Resource Manager would find
nothing recorded and change the results.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assess.cli import main
from assess.collectors.resourcegraph import observe_quota
from assess.scheduler import GRAPH_QUERIES_BURST, GRAPH_QUERIES_PER_SECOND, TokenBucket

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "cassettes" / "demo-contoso.yaml"
ARM = "https://management.azure.com"
QUERY_URI = f"{ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01"
WIDE = re.compile(
    r"^https://management\.azure\.com/subscriptions/[^/]+/providers/"
    r"(Microsoft\.KeyVault/vaults|Microsoft\.KeyVault/managedHSMs|Microsoft\.Web/sites|"
    r"Microsoft\.EventGrid/systemTopics|Microsoft\.Storage/storageAccounts)\?"
)
COLUMNS = ("id", "name", "type", "location", "tags", "kind", "identity", "sku", "properties")


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _answer(status: int, body: Any) -> dict[str, Any]:
    return {
        "status": {"code": status, "message": "OK" if status == 200 else "Forbidden"},
        "headers": {
            "Content-Type": ["application/json; charset=utf-8"],
            "x-ms-user-quota-remaining": ["14"],
            "x-ms-user-quota-resets-after": ["00:00:05"],
        },
        "body": {"string": json.dumps(body)},
    }


def _post(status: int, body: Any) -> dict[str, Any]:
    request = {"method": "POST", "uri": QUERY_URI, "body": None, "headers": {}}
    return {"request": request, "response": _answer(status, body)}


def graph_cassette(folder: Path, *, denied: bool = False) -> Path:
    """The demo tenant with Resource Graph: its subscription-wide lists answered by two pages of
    one query (those lists themselves left out), or the query refused (everything kept)."""
    demo = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    rows: list[dict[str, Any]] = []
    kept = []
    for entry in demo["interactions"]:
        uri = entry["request"]["uri"]
        if entry["request"]["method"] == "GET" and WIDE.match(uri):
            body = json.loads(entry["response"]["body"]["string"])
            for item in body.get("value", []):
                row = {k: item[k] for k in COLUMNS if k in item}
                row["type"] = str(item.get("type", "")).lower()
                rows.append(row)
            if denied:
                kept.append(entry)
        else:
            kept.append(entry)
    rows.sort(key=lambda r: r["id"].lower())
    half = len(rows) // 2
    if denied:
        error = {"error": {"code": "AuthorizationFailed", "message": "no access (test)"}}
        graph = [_post(403, error)]
    else:
        first = {"totalRecords": len(rows), "count": half, "resultTruncated": "false",
                 "facets": [], "$skipToken": "cGFnZToy", "data": rows[:half]}  # fmt: skip
        last = {"totalRecords": len(rows), "count": len(rows) - half, "resultTruncated": "false",
                "facets": [], "data": rows[half:]}  # fmt: skip
        graph = [_post(200, first), _post(200, last)]
    demo["interactions"] = graph + kept
    out = folder / ("graph-denied.yaml" if denied else "graph.yaml")
    out.write_text(yaml.safe_dump(demo, sort_keys=False), encoding="utf-8")
    return out


def results(folder: Path, cassette: Path, *flags: str) -> tuple[bytes, str]:
    out = folder / f"results{len(list(folder.iterdir()))}.json"
    code, _, err = run(
        "scan", "--replay", str(cassette), "--all-subscriptions", "--as-of", "2026-11-01",
        "-f", "json", "-o", str(out), "--ci", "none", *flags,
    )  # fmt: skip
    assert code == 0, err
    return out.read_bytes(), err


@pytest.fixture(scope="module")
def through_manager(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return results(tmp_path_factory.mktemp("arm"), DEMO)[0]


def test_resource_graph_and_resource_manager_give_identical_results(
    through_manager: bytes, tmp_path: Path
) -> None:
    graph, err = results(tmp_path, graph_cassette(tmp_path), "--resource-graph")
    assert graph == through_manager
    assert "Resource Graph" not in err


def test_a_refused_resource_graph_falls_back_with_one_message(
    through_manager: bytes, tmp_path: Path
) -> None:
    fallback, err = results(tmp_path, graph_cassette(tmp_path, denied=True), "--resource-graph")
    assert fallback == through_manager
    notes = [line for line in err.splitlines() if "Resource Graph" in line]
    assert len(notes) == 1, err
    assert "HTTP 403 AuthorizationFailed" in notes[0]
    assert "listing through Resource Manager instead" in notes[0]


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def _quota(clock: Clock) -> TokenBucket:
    """Resource Graph's quota as the collector keeps it: a token bucket of the scheduler."""
    return TokenBucket(
        GRAPH_QUERIES_BURST, GRAPH_QUERIES_PER_SECOND, clock=clock, sleep=clock.sleep
    )


def test_the_quota_allows_its_burst_then_its_rate() -> None:
    clock = Clock()
    quota = _quota(clock)
    for _ in range(15):
        quota.take()
    assert clock.now == 0.0
    for _ in range(30):
        quota.take()
    assert clock.now == pytest.approx(10.0)  # 3 queries a second after the burst


def test_the_quota_headers_stop_queries_until_the_reset() -> None:
    clock = Clock()
    quota = _quota(clock)
    quota.take()
    observe_quota(
        quota, {"X-Ms-User-Quota-Remaining": "0", "x-ms-user-quota-resets-after": "00:00:04"}
    )
    quota.take()
    assert clock.now >= 4.0


def test_the_remaining_count_caps_the_quota() -> None:
    clock = Clock()
    quota = _quota(clock)
    observe_quota(
        quota, {"x-ms-user-quota-remaining": "2", "x-ms-user-quota-resets-after": "0:0:5"}
    )
    quota.take()
    quota.take()
    assert clock.now == 0.0
    quota.take()  # the service said two were left: the third waits for the refill
    assert clock.now > 0.0

"""Fault injection, end to end: ``assess scan`` against a loopback HTTPS stand-in for Resource Manager.

The stand-in serves the recorded demo tenant; each case of :data:`cases.CASES` injects one fault and
checks what a user would see: the exit code, no traceback, only the findings that depend on the
failed call changed (each to ``unknown`` with the cause), no request to another host, every request
a read, and the run inside its time budget.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cases import CASES, Case, render_markdown
from harness import BUDGET, CASSETTE, ROOT, scan
from results_factory import whole_findings
from standin import StandIn


def by_key(results: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(f["check_id"], f["resource_id"]): f for f in whole_findings(results)}


@pytest.fixture(scope="module")
def baseline(
    trust: None, certificate: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], dict[str, Any]]:
    with StandIn(CASSETTE, *certificate) as standin:
        code, err, results, _ = scan(standin, tmp_path_factory.mktemp("baseline"))
    assert code == 0, err
    assert results is not None
    return by_key(results)


def test_the_stand_in_gives_the_demo_tenant(
    baseline: dict[tuple[str, str], dict[str, Any]],
) -> None:
    """Without a fault the stand-in is the demo tenant: the baseline every case is compared with."""
    statuses = {f["status"] for f in baseline.values()}
    assert {"pass", "fail"} <= statuses
    assert any("kv-payments-prod" in rid for _, rid in baseline)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault(
    case: Case,
    baseline: dict[tuple[str, str], dict[str, Any]],
    certificate: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    with (
        StandIn(CASSETTE, *certificate) as standin,
        StandIn(CASSETTE, *certificate, host="localhost") as foreign,
    ):
        standin.extra_hosts.append(foreign.base)
        standin.faults.extend(case.faults)
        code, err, results, elapsed = scan(standin, tmp_path)

    assert code == case.exit_code, err
    assert "Traceback" not in err and "internal error" not in err
    assert foreign.seen == []  # nothing, and no token, went to another host
    assert {s.host for s in standin.seen} == {f"127.0.0.1:{standin.port}"}
    assert all(s.method == "GET" or s.path.split("?")[0].endswith("/list") for s in standin.seen), (
        "only reads"
    )
    assert all(s.bearer for s in standin.seen if not s.path.startswith("/metadata/"))
    # every call ends within its budget; calls run on 4 workers, so the whole run stays small
    assert elapsed < 8 * BUDGET, f"{elapsed:.1f} s"
    if case.exit_code:
        assert len([line for line in err.splitlines() if line.strip()]) == 1, err
        return
    assert results is not None
    after = by_key(results)
    # A failed list leaves no per-item findings: the unknown is then reported on the parent.
    gone = baseline.keys() - after.keys()
    new = after.keys() - baseline.keys()
    changed = {
        k for k in after.keys() & baseline.keys() if after[k]["status"] != baseline[k]["status"]
    }
    if not case.affected:
        assert (gone, new, changed) == (set(), set(), set())
        return
    assert changed | new, "the fault changed nothing"
    for key in gone | new | changed:
        assert re.search(case.affected, key[1]), f"{key} changed but is not under the fault"
    for key in new | changed:
        if not case.tolerant:
            assert after[key]["status"] == "unknown", key
            assert case.cause in after[key]["reason"], after[key]["reason"]
        else:
            assert after[key]["status"] != "pass" or baseline.get(key, {}).get("status") == "pass"


def test_docs_reliability_md_is_generated_from_the_cases() -> None:
    doc = ROOT / "docs" / "reliability.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(), (
        "docs/reliability.md is stale: run python scripts/reliability_doc.py"
    )

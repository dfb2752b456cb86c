"""The engine's unknown/waiver rules and the scoring model, on tiny hand-built inputs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from assess.checkapi import CheckContext, Outcome, check
from assess.config import Config
from assess.model import Finding, Severity, Status, Waiver
from assess.registry import Registry, build_check
from assess.results import build_results
from assess.scoring import score
from assess.snapshot import Gap, Snapshot, Subscription, Vault

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)
SUB = "00000000-0000-0000-0000-0000000000a1"


def vault(name: str, rg: str = "rg-app", **props: Any) -> Vault:
    return Vault(
        id=f"/subscriptions/{SUB}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}",
        name=name,
        subscription_id=SUB,
        resource_group=rg,
        **props,
    )


def snapshot(
    *vaults: Vault, gaps: tuple[Gap, ...] = (), collected: tuple[str, ...] = ("vaults",)
) -> Snapshot:
    return Snapshot(
        collected=collected,
        subscriptions=(
            Subscription(id=f"/subscriptions/{SUB}", subscription_id=SUB, display_name="Test"),
        ),
        vaults=vaults,
        gaps=gaps,
    )


META = {
    "item": 2,
    "title": "Vaults have purge protection in this test",
    "severity": "high",
    "rationale": "A rationale long enough to satisfy the metadata model.",
    "remediation": {"summary": "Turn it on."},
    "requires": ["vaults"],
}


@check("TEST-2.1", **META)
def purge(snap: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for v in snap.vaults:
        yield ctx.expect(
            v,
            ok=v.enable_purge_protection is True,
            passed=f"{v.name} ok",
            failed=f"{v.name} bad",
            prop="properties.enablePurgeProtection",
            observed=v.enable_purge_protection,
            expected=True,
            api="GET Microsoft.KeyVault/vaults",
        )


@check("TEST-2.2", **{**META, "title": "A check that crashes in this test"})
def crashes(snap: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    raise RuntimeError("boom")
    yield  # pragma: no cover


def registry(*specs: Any) -> Registry:
    return Registry([build_check(s, {}, provider="test-plugin", version="1.0") for s in specs])


def by_status(findings: tuple[Finding, ...] | list[Finding]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in findings:
        out.setdefault(f.status.value, set()).add(f.resource_name)
    return out


def test_pass_and_fail_are_decided_by_the_check() -> None:
    snap = snapshot(vault("kv-a", enable_purge_protection=True), vault("kv-b"))
    results = build_results(snap, registry(purge), Config(), AS_OF)
    assert by_status(results.findings) == {"pass": {"kv-a"}, "fail": {"kv-b"}}
    failing = next(f for f in results.findings if f.status is Status.FAIL)
    assert failing.evidence is not None and failing.evidence.observed is None
    assert results.scores.overall == 50.0


def test_a_gap_turns_findings_inside_its_scope_unknown_and_lowers_coverage() -> None:
    gap = Gap(
        kind="vaults",
        scope=f"/subscriptions/{SUB}/resourceGroups/rg-locked",
        operation="GET Microsoft.KeyVault/vaults",
        status_code=403,
        error_code="AuthorizationFailed",
        message="denied",
    )
    snap = snapshot(
        vault("kv-a", enable_purge_protection=True),
        vault("kv-locked", rg="rg-locked", enable_purge_protection=True),
        gaps=(gap,),
    )
    results = build_results(snap, registry(purge), Config(), AS_OF)
    assert by_status(results.findings) == {"pass": {"kv-a"}, "unknown": {"kv-locked"}}
    unknown = next(f for f in results.findings if f.status is Status.UNKNOWN)
    assert "403" in unknown.reason and "AuthorizationFailed" in unknown.reason
    assert results.scores.coverage == 50.0
    assert results.scores.overall == 100.0


def test_a_gap_with_nothing_listed_under_it_is_one_unknown_finding() -> None:
    gap = Gap(
        kind="vaults",
        scope=f"/subscriptions/{SUB}/resourceGroups/rg-x",
        operation="GET x",
        status_code=403,
    )
    results = build_results(snapshot(gaps=(gap,)), registry(purge), Config(), AS_OF)
    assert [(f.status, f.resource_name) for f in results.findings] == [(Status.UNKNOWN, "rg-x")]
    assert results.scores.items[1].answer == "unknown"


def test_evidence_never_collected_is_unknown_not_pass() -> None:
    snap = snapshot(vault("kv-a", enable_purge_protection=True), collected=())
    results = build_results(snap, registry(purge), Config(), AS_OF)
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "not collected" in results.findings[0].message.lower()
    assert results.scores.overall is None


def test_a_crashing_check_is_unknown_with_its_error() -> None:
    results = build_results(snapshot(vault("kv-a")), registry(crashes), Config(), AS_OF)
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "RuntimeError" in results.findings[0].reason


def test_waivers_apply_until_they_expire_and_expired_ones_are_reported() -> None:
    active = Waiver(
        check="TEST-2.1", resource="*kv-b", reason="migration", owner="ops", expires="2027-01-01"
    )
    expired = Waiver(
        check="TEST-2.1", resource="*kv-c", reason="old", owner="ops", expires="2026-01-01"
    )
    config = Config(waivers=(active, expired))
    snap = snapshot(vault("kv-b"), vault("kv-c"))
    results = build_results(snap, registry(purge), config, AS_OF)
    waived = {f.resource_name for f in results.findings if f.waived}
    assert waived == {"kv-b"}
    assert results.expired_waivers == (expired,)
    assert results.scores.counts.waived == 1 and results.scores.counts.failed == 1
    assert results.scores.overall == 0.0


def finding(
    check_id: str, item: int, status: Status, sev: Severity = Severity.HIGH, name: str = "r"
) -> Finding:
    return Finding(
        check_id=check_id,
        item=f"SE09-{item}",
        severity=sev,
        status=status,
        resource_id=f"/x/{name}",
        resource_name=name,
        message="m",
    )


def metas(*specs: tuple[str, int, str]) -> list[Any]:
    from assess.model import CheckMeta, Remediation

    return [
        CheckMeta(
            id=i,
            item=item,
            title=f"Title of check {i}",
            severity=Severity(sev),
            rationale="A rationale long enough to satisfy the metadata model.",
            remediation=Remediation(summary="fix"),
        )
        for i, item, sev in specs
    ]


def test_item_score_is_severity_weighted_and_points_lost_add_up() -> None:
    catalog = metas(("SE09-2.1", 2, "high"), ("SE09-2.2", 2, "low"), ("SE09-5.1", 5, "medium"))
    findings = [
        finding("SE09-2.1", 2, Status.PASS, name="a"),
        finding("SE09-2.1", 2, Status.FAIL, name="b"),
        finding("SE09-2.2", 2, Status.FAIL, Severity.LOW, name="a"),
        finding("SE09-5.1", 5, Status.PASS, Severity.MEDIUM, name="a"),
        finding("SE09-5.1", 5, Status.UNKNOWN, Severity.MEDIUM, name="b"),
    ]
    card = score(findings, catalog)
    item2 = card.items[1]
    # high weight 4 at 50 %, low weight 1 at 0 %: (4*50 + 1*0) / 5 = 40
    assert item2.score == 40.0
    assert card.items[4].score == 100.0
    assert card.overall == 70.0
    lost = sum(c.points_lost for i in card.items for c in i.checks)
    assert lost == pytest.approx(100 - card.overall, abs=0.02)
    assert item2.answer == "no"
    assert card.items[4].answer == "unknown"  # only a medium check: no decisive evidence
    assert card.coverage == 80.0


def test_yes_needs_every_high_check_passing_with_no_unknowns() -> None:
    catalog = metas(("SE09-7.1", 7, "high"), ("SE09-7.2", 7, "critical"))
    ok = [
        finding("SE09-7.1", 7, Status.PASS),
        finding("SE09-7.2", 7, Status.PASS, Severity.CRITICAL),
    ]
    assert score(ok, catalog).items[6].answer == "yes"
    with_unknown = [*ok, finding("SE09-7.2", 7, Status.UNKNOWN, Severity.CRITICAL, name="z")]
    assert score(with_unknown, catalog).items[6].answer == "unknown"

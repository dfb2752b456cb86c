"""The engine decides ``unknown`` from structure: for each kind of failure, exactly the findings
that read the missing records are unknown, each with a structured cause; none passes."""

from __future__ import annotations

import dataclasses

import pytest
from snapshot_factory import AS_OF, SUB, make_resource_group, make_secret, make_snapshot, make_vault

from assess.config import Config
from assess.model import Failure, Status
from assess.registry import Registry, load_registry
from assess.run import evaluate
from assess.snapshot import Gap, norm_id
from assess.sources import SOURCES, switches

DENIED_GROUP = f"/subscriptions/{SUB}/resourceGroups/rg-denied"
REGISTRY = load_registry(builtins_only=True)
VAULT_READERS = {m.id for m in REGISTRY.metas if "vaults" in m.requires}
ALL_KINDS = tuple(kind for s in SOURCES for kind in s.records)


def _snapshot(gap: Gap | None, collected: tuple[str, ...] = ALL_KINDS):  # type: ignore[no-untyped-def]
    open_vault = make_vault("kv-open", rg="rg-open", enable_purge_protection=True)
    records = [
        make_resource_group("rg-open"),
        make_resource_group("rg-denied"),
        open_vault,
        make_secret("db-password", open_vault),
    ]
    return make_snapshot(*records, *([gap] if gap else []), collected=collected)


@pytest.mark.parametrize(
    ("status", "code", "message", "failure"),
    [
        (403, "AuthorizationFailed", "does not have authorization", Failure.DENIED),
        (429, "TooManyRequests", "retry budget spent", Failure.THROTTLED),
        (None, "ServiceResponseError", "Read timed out", Failure.TIMED_OUT),
        (200, "InvalidJson", "the response was not JSON", Failure.BAD_BODY),
    ],
    ids=["403", "429", "timeout", "bad-body"],
)
def test_a_failed_list_leaves_exactly_its_readers_unknown(
    status: int | None, code: str, message: str, failure: Failure
) -> None:
    gap = Gap(
        kind="vaults",
        scope=DENIED_GROUP,
        operation="GET Microsoft.KeyVault/vaults",
        status_code=status,
        error_code=code,
        message=message,
    )
    results = evaluate(_snapshot(gap), REGISTRY, Config(), AS_OF)
    in_group = [
        f for f in results.findings if norm_id(f.resource_id).startswith(norm_id(DENIED_GROUP))
    ]
    under_gap = [f for f in in_group if f.check_id in VAULT_READERS]
    assert {f.check_id for f in under_gap} == VAULT_READERS  # every check that reads vaults
    for finding in under_gap:
        assert finding.status is Status.UNKNOWN
        cause = finding.cause
        assert cause is not None
        assert (cause.failure, cause.source, cause.evidence) == (failure, "key_vaults", "vaults")
        assert (cause.status, cause.error_code) == (status, code)
        assert norm_id(cause.scope) == norm_id(DENIED_GROUP)
        assert cause.permission == "Microsoft.KeyVault/vaults/read"
    # Outside the gap, or in checks that do not read vaults, nothing carries this cause.
    others = [f for f in results.findings if f not in under_gap]
    assert not any(f.cause and f.cause.evidence == "vaults" for f in others)
    assert any(f.resource_name == "kv-open" and f.status is Status.PASS for f in others)


@pytest.mark.parametrize("source", switches(), ids=[s.name for s in switches()])
def test_a_source_switched_off_leaves_exactly_its_readers_unknown(source) -> None:  # type: ignore[no-untyped-def]
    collected = tuple(k for k in ALL_KINDS if k not in source.records)
    results = evaluate(_snapshot(None, collected), REGISTRY, Config(), AS_OF)
    readers = {m.id for m in REGISTRY.metas if set(m.requires) & set(source.records)}
    for finding in results.findings:
        off = finding.cause is not None and finding.cause.failure is Failure.SWITCHED_OFF
        assert off == (finding.check_id in readers), finding.check_id
        if off:
            assert finding.status is Status.UNKNOWN
            assert finding.cause is not None
            assert (finding.cause.source, finding.cause.option) == (source.name, source.flag)


def test_a_crashing_check_is_unknown_with_its_cause() -> None:
    original = next(r for r in REGISTRY if r.meta.id == "SE09-2.1")

    def boom(*_: object) -> None:
        raise RuntimeError("defect")

    crashing = Registry([dataclasses.replace(original, spec=boom)])  # type: ignore[arg-type]
    results = evaluate(_snapshot(None), crashing, Config(), AS_OF)
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert all(f.cause and f.cause.failure is Failure.CHECK_FAILED for f in results.findings)


def test_reports_group_unknowns_by_cause_one_group_per_failed_call() -> None:
    from assess.reporters._view import build_view

    gaps = [
        Gap(
            kind="vaults",
            scope=f"/subscriptions/{SUB}/resourceGroups/{group}",
            operation="GET Microsoft.KeyVault/vaults",
            status_code=429,
            error_code="TooManyRequests",
            message="Number of read requests exceeded the limit",  # the same text for both
        )
        for group in ("rg-open", "rg-denied")
    ]
    snapshot = _snapshot(None).model_copy(update={"gaps": tuple(gaps)})
    view = build_view(evaluate(snapshot, REGISTRY, Config(), AS_OF))
    groups = [
        g for g in view.unknown_groups if g.findings[0].cause and g.findings[0].cause.operation
    ]
    assert sorted(g.summary for g in groups) == [
        "GET Microsoft.KeyVault/vaults on rg-denied: throttled, still refused after retries",
        "GET Microsoft.KeyVault/vaults on rg-open: throttled, still refused after retries",
    ]
    for group in groups:
        assert {f.cause.scope for f in group.findings if f.cause} == {group.findings[0].cause.scope}  # type: ignore[union-attr]
        assert group.permissions[0][1].action == "Microsoft.KeyVault/vaults/read"


# ---- conclusions that rest on records elsewhere (``needs=``) --------------------------------------
NEEDS_META = {
    "item": 7,
    "title": "A conclusion about each vault that rests on every role assignment",
    "severity": "medium",
    "rationale": "Exercises the engine's handling of declared needs.",
    "remediation": {"summary": "Nothing to do."},
    "requires": ["vaults"],
}


def _needs_registry(status: Status, kinds: tuple[str, ...], scope: str) -> Registry:
    from assess.checkapi import CheckContext, check
    from assess.registry import build_check

    @check("TEST-7.1", **NEEDS_META)
    def rests_on(snapshot, ctx: CheckContext):  # type: ignore[no-untyped-def]
        for vault in snapshot.vaults:
            yield ctx.outcome(vault, status, f"{vault.name}.", needs=ctx.need(kinds, scope))

    return Registry([build_check(rests_on, {})])


@pytest.mark.parametrize("status", [Status.PASS, Status.FAIL, Status.NOT_APPLICABLE])
@pytest.mark.parametrize(
    ("gap_scope", "need_scope", "unknown"),
    [
        (DENIED_GROUP, "/", True),  # a gap anywhere under a tenant-wide need
        (f"/subscriptions/{SUB}", DENIED_GROUP, True),  # a gap above the needed scope
        (DENIED_GROUP, f"/subscriptions/{SUB}/resourceGroups/rg-open", False),  # a sibling
    ],
    ids=["below", "above", "sibling"],
)
def test_a_declared_need_under_a_gap_is_unknown_with_the_gap_cause(
    status: Status, gap_scope: str, need_scope: str, unknown: bool
) -> None:
    gap = Gap(
        kind="role_assignments",
        scope=gap_scope,
        operation="GET Microsoft.Authorization/roleAssignments",
        status_code=403,
        error_code="AuthorizationFailed",
        message="does not have authorization",
    )
    registry = _needs_registry(status, ("role_assignments",), need_scope)
    findings = evaluate(_snapshot(gap), registry, Config(), AS_OF).findings
    mine = [f for f in findings if f.resource_name == "kv-open"]
    assert len(mine) == 1
    if not unknown:
        assert (mine[0].status, mine[0].cause) == (status, None)
        return
    assert mine[0].status is Status.UNKNOWN
    assert mine[0].cause is not None
    assert (mine[0].cause.failure, mine[0].cause.evidence) == (Failure.DENIED, "role_assignments")
    assert norm_id(mine[0].cause.scope) == norm_id(gap_scope)
    assert mine[0].cause.permission == "Microsoft.Authorization/roleAssignments/read"


def test_a_declared_need_that_was_not_collected_is_unknown_naming_its_option() -> None:
    collected = tuple(k for k in ALL_KINDS if k != "diagnostic_settings")
    registry = _needs_registry(Status.PASS, ("diagnostic_settings",), "/")
    (finding,) = evaluate(_snapshot(None, collected), registry, Config(), AS_OF).findings
    assert finding.status is Status.UNKNOWN
    assert finding.cause is not None and finding.cause.evidence == "diagnostic_settings"
    assert finding.cause.failure in (Failure.SWITCHED_OFF, Failure.NOT_COLLECTED)


def test_no_check_reads_the_snapshot_gaps() -> None:
    """The engine alone turns missing evidence into ``unknown``: a check that looked at gaps itself
    would decide it in prose, without the structured cause."""
    import ast
    from pathlib import Path

    import checks

    readers = []
    for path in sorted(Path(checks.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "gaps":
                readers.append(f"{path.name}:{node.lineno}")
    assert readers == [], "declare needs= instead of reading snapshot.gaps: " + ", ".join(readers)

"""Run the catalog over a snapshot: checks -> findings, with gaps, crashes and waivers applied.

The engine, not the checks, decides ``unknown``:

* a check that needs an evidence kind that was never collected gets one ``unknown`` finding per
  subscription in scope ("not collected");
* a finding whose resource lies inside a :class:`~assess.snapshot.Gap` of a kind the check reads
  becomes ``unknown`` with the gap's reason; a gap with no finding inside it (the resources could
  not even be listed) becomes one ``unknown`` finding about the gap's scope;
* an outcome that declares the other records it rests on (:attr:`~assess.checkapi.Outcome.needs`)
  becomes ``unknown`` when a gap of those kinds overlaps their scope, or when those kinds were not
  collected;
* a check that raises becomes one ``unknown`` finding naming the exception.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from assess import sources
from assess.checkapi import CheckContext, Need, Outcome, glob_to_regex
from assess.config import Config, EnvironmentResolver
from assess.model import NETWORK_REFUSALS, Cause, Failure, Finding, Status, Waiver
from assess.registry import RegisteredCheck, Registry
from assess.snapshot import Gap, Snapshot, last_segment, norm_id, subscription_of

log = logging.getLogger(__name__)


def evaluate(
    snapshot: Snapshot, registry: Registry, config: Config, as_of: datetime
) -> tuple[list[Finding], list[Waiver]]:
    """Every finding of every check, sorted; and the waivers that had expired at ``as_of``.

    Python's cyclic garbage collector is paused meanwhile: evaluation makes many small immutable
    objects and no cycles, and the collector's passes over them cost a fifth of the time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _evaluate(snapshot, registry, config, as_of)
    finally:
        if was_enabled:
            gc.enable()


def _evaluate(
    snapshot: Snapshot, registry: Registry, config: Config, as_of: datetime
) -> tuple[list[Finding], list[Waiver]]:
    resolver = EnvironmentResolver(config.environments, snapshot)
    settings = config.settings()
    findings: list[Finding] = []
    for registered in registry:
        ctx = CheckContext(
            as_of=as_of,
            settings=settings,
            environment_of=resolver,
            resource_type=registered.meta.resource_type,
        )
        findings.extend(run_check(registered, snapshot, ctx, resolver))
    active, expired = split_waivers(config.waivers, as_of.date())
    findings = [apply_waivers(f, active) for f in findings]
    findings.sort(key=Finding.sort_key)
    return findings, expired


def run_check(
    registered: RegisteredCheck,
    snapshot: Snapshot,
    ctx: CheckContext,
    resolver: EnvironmentResolver,
) -> list[Finding]:
    meta = registered.meta
    missing = [kind for kind in meta.requires if kind not in snapshot.collected]
    if missing:
        return [
            _unknown(
                registered,
                scope,
                f"Evidence not collected: {', '.join(missing)}.",
                f"the collector for {', '.join(missing)} did not run in this snapshot"
                + _how_to_collect(missing),
                resolver,
                not_collected(missing[0], scope),
            )
            for scope in _scopes(snapshot)
        ]
    try:
        outcomes = list(registered.spec(snapshot, ctx))
    except Exception as exc:
        log.debug("check %s raised", meta.id, exc_info=True)
        return [
            _unknown(
                registered,
                scope,
                f"The check could not be evaluated ({type(exc).__name__}).",
                f"check {meta.id} raised {type(exc).__name__}: {exc}",
                resolver,
                Cause(failure=Failure.CHECK_FAILED, scope=scope, error_code=type(exc).__name__),
            )
            for scope in _scopes(snapshot)
        ]
    gaps = GapIndex(g for g in snapshot.gaps if g.kind in meta.requires)
    needs = NeedIndex(snapshot)
    findings = [_finding(registered, o, gaps, needs, resolver) for o in outcomes]
    covered = {scope for f in findings for scope in _ancestors(norm_id(f.resource_id))}
    for gap in gaps:
        scope = norm_id(gap.scope)
        if scope in covered:
            continue
        covered.update(_ancestors(scope))
        findings.append(
            _unknown(
                registered,
                gap.scope,
                f"Could not be assessed under {last_segment(gap.scope)}: {gap.kind} unavailable.",
                gap.reason,
                resolver,
                cause_of(gap),
            )
        )
    return findings


class GapIndex:
    """Gaps by scope, so that finding the gap over a resource costs one lookup per id segment."""

    def __init__(self, gaps: Iterable[Gap]) -> None:
        self._gaps = list(gaps)
        self._by_scope: dict[str, Gap] = {}
        self._below: dict[str, Gap] = {}
        for gap in self._gaps:
            scope = norm_id(gap.scope)
            self._by_scope.setdefault(scope, gap)
            for ancestor in _ancestors(scope):
                self._below.setdefault(ancestor, gap)

    def __iter__(self) -> Iterator[Gap]:
        return iter(self._gaps)

    def covering(self, resource_id: str) -> Gap | None:
        """The first-recorded gap whose scope is ``resource_id`` or one of its ancestors."""
        if not self._gaps:
            return None
        found: list[Gap] = []
        for scope in _ancestors(norm_id(resource_id)):
            gap = self._by_scope.get(scope)
            if gap is not None:
                found.append(gap)
        if not found:
            return None
        return min(found, key=self._gaps.index)

    def overlapping(self, scope: str) -> Gap | None:
        """A gap over ``scope`` (as :meth:`covering`), else the first-recorded gap inside it."""
        return self.covering(scope) or self._below.get(norm_id(scope))


class NeedIndex:
    """What keeps a declared need (:class:`~assess.checkapi.Need`) from being met: the first gap
    of its kinds overlapping its scope, or a kind that was not collected at all."""

    def __init__(self, snapshot: Snapshot) -> None:
        self._snapshot = snapshot
        self._by_kinds: dict[frozenset[str], GapIndex] = {}

    def unmet(self, needs: Iterable[Need]) -> tuple[str, Cause] | None:
        """(reason, cause) for the first need that is not met, or None when all are."""
        for need in needs:
            missing = sorted(k for k in need.kinds if k not in self._snapshot.collected)
            if missing:
                reason = f"the collector for {missing[0]} did not run in this snapshot"
                return reason + _how_to_collect(missing[:1]), not_collected(missing[0], need.scope)
            index = self._by_kinds.get(need.kinds)
            if index is None:
                index = GapIndex(g for g in self._snapshot.gaps if g.kind in need.kinds)
                self._by_kinds[need.kinds] = index
            gap = index.overlapping(need.scope)
            if gap is not None:
                return gap.reason, cause_of(gap)
        return None


def _ancestors(normalised_id: str) -> Iterator[str]:
    """``/a/b/c`` -> ``/a/b/c``, ``/a/b``, ``/a``, then ``""`` (the root, as ``norm_id("/")``)."""
    current = normalised_id
    while current:
        yield current
        current = current.rsplit("/", 1)[0]
    yield ""


def _scopes(snapshot: Snapshot) -> list[str]:
    subs = [s.id for s in snapshot.subscriptions] or [
        f"/subscriptions/{s}" for s in snapshot.scope.subscriptions
    ]
    return subs or ["/"]


def _finding(
    registered: RegisteredCheck,
    outcome: Outcome,
    gaps: GapIndex,
    needs: NeedIndex,
    resolver: EnvironmentResolver,
) -> Finding:
    meta = registered.meta
    status, reason, cause = outcome.status, "", None
    if status is not Status.NOT_APPLICABLE:
        gap = gaps.covering(outcome.resource_id)
        if gap is not None:
            status, reason, cause = Status.UNKNOWN, gap.reason, cause_of(gap)
    if cause is None and outcome.needs:
        unmet = needs.unmet(outcome.needs)
        if unmet is not None:
            status, (reason, cause) = Status.UNKNOWN, unmet
    return Finding(
        check_id=meta.id,
        item=meta.item_id,
        severity=meta.severity,
        status=status,
        resource_id=outcome.resource_id,
        resource_name=outcome.resource_name,
        resource_type=outcome.resource_type or meta.resource_type,
        subscription_id=subscription_of(outcome.resource_id),
        environment=resolver(outcome.resource_id),
        message=outcome.message
        if status is outcome.status or cause is None
        else _not_assessed(cause, outcome.message),
        evidence=outcome.evidence,
        reason=reason,
        cause=cause,
    )


def _not_assessed(cause: Cause, message: str) -> str:
    """The message of a finding the engine turned ``unknown``: what was missing, then what the
    check saw without it."""
    kind = cause.evidence.replace("_", " ") or "evidence"
    where = last_segment(cause.scope) if norm_id(cause.scope) else ""
    under = f" under {where}" if where else ""
    return f"Not assessed: {kind}{under} not read ({cause.failure.value}). ({message})"


def _unknown(
    registered: RegisteredCheck,
    scope: str,
    message: str,
    reason: str,
    resolver: EnvironmentResolver,
    cause: Cause,
) -> Finding:
    meta = registered.meta
    return Finding(
        check_id=meta.id,
        item=meta.item_id,
        severity=meta.severity,
        status=Status.UNKNOWN,
        resource_id=scope,
        resource_name=last_segment(scope) or scope,
        resource_type=meta.resource_type,
        subscription_id=subscription_of(scope),
        environment=resolver(scope) if scope != "/" else "",
        message=message,
        reason=reason,
        cause=cause,
    )


def failure_of(status: int | None, error_code: str, message: str) -> Failure:
    """The kind of failure behind a failed call, from its HTTP status and error."""
    text = f"{error_code} {message}".lower()
    if error_code in NETWORK_REFUSALS:
        return Failure.NETWORK
    if status in (401, 403):
        return Failure.DENIED
    if status == 404:
        return Failure.NOT_FOUND
    if status == 429:
        return Failure.THROTTLED
    if "timeout" in text or "timed out" in text:
        return Failure.TIMED_OUT
    if error_code in ("InvalidJson", "UnexpectedBody", "PagingLoop") or "unparseable" in text:
        return Failure.BAD_BODY
    if status is not None and status >= 500:
        return Failure.SERVICE_ERROR
    if status is None:
        return Failure.NO_RESPONSE
    return Failure.FAILED


def cause_of(gap: Gap) -> Cause:
    """The structured cause of the findings a gap leaves unknown."""
    declared = sources.source_of(gap.kind)
    permission = sources.action_of(gap.operation)
    if not permission and declared is not None:
        read = next((r for r in declared.reads if r.operation.name == gap.operation), None)
        permission = read.action if read else ""
        if not permission and (reads := declared.reads_of(gap.kind)):
            permission = reads[0].action
    failure = failure_of(gap.status_code, gap.error_code, gap.message)
    if failure is Failure.NETWORK:
        permission = ""  # no role lets the tool past a firewall
    return Cause(
        failure=failure,
        source=declared.name if declared else "",
        evidence=gap.kind,
        scope=gap.scope,
        operation=gap.operation,
        status=gap.status_code,
        error_code=gap.error_code,
        permission=permission,
    )


def not_collected(kind: str, scope: str) -> Cause:
    """The cause when the evidence ``kind`` was not collected at all in this snapshot."""
    declared = sources.source_of(kind)
    switched = declared is not None and declared.switch
    reads = declared.reads_of(kind) if declared is not None else ()
    return Cause(
        failure=Failure.SWITCHED_OFF if switched else Failure.NOT_COLLECTED,
        source=declared.name if declared else "",
        evidence=kind,
        scope=scope,
        permission=reads[0].action if reads else "",
        option=declared.flag if declared is not None else "",
    )


def split_waivers(waivers: Iterable[Waiver], today: date) -> tuple[list[Waiver], list[Waiver]]:
    active: list[Waiver] = []
    expired: list[Waiver] = []
    for waiver in waivers:
        (active if date.fromisoformat(waiver.expires) >= today else expired).append(waiver)
    return active, expired


def apply_waivers(finding: Finding, waivers: Iterable[Waiver]) -> Finding:
    if finding.status is not Status.FAIL:
        return finding
    for waiver in waivers:
        if waiver.check.upper() != finding.check_id:
            continue
        if glob_to_regex(waiver.resource).match(finding.resource_id) or glob_to_regex(
            waiver.resource
        ).match(finding.resource_name):
            return finding.model_copy(update={"waiver": waiver})
    return finding


def _how_to_collect(kinds: list[str]) -> str:
    options = sorted({s.flag for s in map(sources.source_of, kinds) if s is not None and s.flag})
    return f" (gathered with {' and '.join(options)})" if options else ""

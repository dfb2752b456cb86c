"""The report view: everything the HTML, PDF and Markdown reports show, computed once from Results.

Templates only lay this out; every number, grouping and sentence is decided here, so the three
formats agree and the logic is testable without rendering. Nothing here formats markup: estate
text (names, tags, setting names) stays plain strings and the template engine escapes it.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from assess import sources
from assess.config import DEFAULT_BANDS
from assess.model import (
    NETWORK_REFUSALS,
    SEVERITY_ORDER,
    CheckMeta,
    Evidence,
    Failure,
    Finding,
    Severity,
    Status,
    Waiver,
)
from assess.reporters._evidence import portal_url
from assess.reporters._evidence import shown as shown
from assess.reporters._fixes import FilledFix, fill
from assess.reporters._services import ServiceRow, service_rows
from assess.reporters._summary import (
    BarChart,
    Breakdown,
    Trend,
    bar_chart,
    by_environment,
    by_subscription,
    rating,
)
from assess.results import Results
from assess.scoring import CheckScore, ItemScore
from assess.snapshot import Gap, last_segment
from assess.sources import Permission

# ---- permissions that let the tool see what it could not ------------------------------------


_OP_RE = re.compile(r"^(GET|POST)\s+(Microsoft\.[A-Za-z]+(?:/[A-Za-z]+)*)", re.IGNORECASE)


def permission_for(kind: str, operation: str = "") -> Permission:
    """The permission that would let the tool read ``kind`` through ``operation``.

    The action comes from the operation table (:func:`assess.sources.action_of`) when the
    operation is known there, else from the evidence kind, else from the operation's name; the
    role from the source declaring that call (:mod:`assess.sources`).
    """
    known = sources.permission_for_kind(kind)
    action = sources.action_of(operation) if operation else ""
    if action:
        same = sources.permission_for_action(action) or known
        return Permission(action, same.role if same else "Reader", same.note if same else "")
    if known:
        return known
    match = _OP_RE.match(operation.strip())
    if match:
        verb, path = match.group(1).upper(), match.group(2)
        action = f"{path}/read" if verb == "GET" else f"{path}/action"
        return Permission(action, "Reader" if verb == "GET" else "a role granting this action")
    return Permission("", "Reader on the subscription", "the kind of evidence is not mapped")


def why(gap: Gap) -> str:
    """A short reading of a failed call, for people."""
    code = gap.status_code
    if gap.error_code in NETWORK_REFUSALS:
        return (
            "refused by the vault's firewall (a network rule, not a missing role): run from an "
            "allowed network or through a private endpoint"
        )
    if code in (401, 403):
        return "access denied"
    if code == 404:
        return "the parent resource was not found (deleted or moved during collection)"
    if code == 429:
        return "throttled, still refused after retries"
    if code is not None and code >= 500:
        return f"the service failed (HTTP {code})"
    text = f"{gap.error_code} {gap.message}".lower()
    if "timeout" in text or "timed out" in text:
        return "timed out"
    return gap.message or gap.error_code or "the call failed"


# ---- words ----------------------------------------------------------------------------------


def noun(resource_type: str, n: int) -> str:
    """``Microsoft.KeyVault/vaults``, 3 -> ``key vaults``; unknown types are spelled from their name."""
    if resource_type and "/" not in resource_type and "." not in resource_type:
        words = resource_type.strip()  # already a phrase, e.g. "Entra ID principal"
        pair = (words, words if words.endswith("s") else words + "s")
        return pair[0] if n == 1 else pair[1]
    last = resource_type.rstrip("/").rsplit("/", 1)[-1]
    if not last or "." in last:
        pair = ("resource", "resources")
    else:
        # as the sources declare them; a full name tells apart types that share a last segment
        pair = sources.noun_of(resource_type) or _split_camel(last)
    return pair[0] if n == 1 else pair[1]


def _split_camel(word: str) -> tuple[str, str]:
    plural = re.sub(r"(?<=[a-z0-9])([A-Z])", r" \1", word).lower()
    singular = plural[:-1] if plural.endswith("s") and not plural.endswith("ss") else plural
    return singular, plural


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def scope_requested(scope: Any) -> str:
    """The scope as the user gave it (a run's ``CollectionScope``), in words: each management
    group by its path and the subscriptions below it, exclusions, the resource group, the slice."""
    parts = [
        f"management group {' / '.join(g.path) or g.display_name or g.id} "
        f"({plural(g.subscriptions, 'subscription')} below it)"
        for g in scope.management_groups
    ]
    if scope.all_subscriptions:
        parts.append("every subscription the identity can read")
    if scope.subscriptions:
        parts.append(plural(len(scope.subscriptions), "named subscription"))
    text = ", ".join(parts) or "the identity's default subscriptions"
    if scope.resource_group:
        text += f", resource group {scope.resource_group}"
    if scope.excluded_management_groups:
        text += "; excluding what is below management group "
        text += ", ".join(scope.excluded_management_groups)
    if scope.excluded_subscriptions:
        text += f"; excluding {plural(len(scope.excluded_subscriptions), 'named subscription')}"
    if scope.shard:
        text += f"; slice {scope.shard} of the subscriptions only"
    return text


def _env_note(findings: Sequence[Finding]) -> str:
    prod = sum(1 for f in findings if f.environment == "production")
    if not prod:
        return ""
    if prod == len(findings):
        return ", all in production" if prod > 1 else ", in production"
    return f", {prod} of them in production"


# ---- the view -------------------------------------------------------------------------------


@dataclass
class CheckView:
    meta: CheckMeta
    score: CheckScore
    failing: list[Finding]
    """Unwaived failures, production first."""
    passing: list[Finding]
    unknown: list[Finding]
    waived: list[Finding]
    not_applicable: int
    shown_failing: list[Finding] = field(default_factory=list)
    more_failing: int = 0

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def anchor(self) -> str:
        return "check-" + re.sub(r"[^A-Za-z0-9-]", "-", self.meta.id)

    @property
    def assessed(self) -> int:
        return len(self.passing) + len(self.failing)

    @property
    def common_evidence(self) -> Evidence | None:
        """The API, property and expected value every failing resource shares, if they do."""
        seen = {
            (f.evidence.api, f.evidence.property, repr(f.evidence.expected)) if f.evidence else None
            for f in self.failing
        }
        if len(seen) != 1 or None in seen:
            return None
        return self.failing[0].evidence

    def fixes(self, findings: Sequence[Finding]) -> list[FilledFix]:
        """The check's ``az`` command filled in for each of ``findings``."""
        return [fill(self.meta, f) for f in findings]

    @property
    def status(self) -> str:
        """``fail``, ``pass``, ``unknown`` or ``none`` (nothing it applies to)."""
        if self.failing:
            return "fail"
        if self.passing or self.waived:
            return "pass"
        if self.unknown:
            return "unknown"
        return "none"

    @property
    def switched_off(self) -> str:
        """The option that reads this check's evidence, when it assessed nothing because that
        source was switched off (every finding unknown for that reason); else ``""``."""
        if self.assessed or self.waived or not self.unknown:
            return ""
        causes = {f.cause for f in self.unknown}
        if any(c is None or c.failure is not Failure.SWITCHED_OFF for c in causes):
            return ""
        return ", ".join(sorted({c.option for c in causes if c is not None and c.option}))

    def tally(self) -> str:
        """Short counts: ``17 of 24 pass; 7 fail (1 in production)``; ``none in scope`` when the
        evidence was read and holds nothing the check applies to."""
        if not self.assessed:
            if self.switched_off:
                return f"not read (switched off; {self.switched_off} reads it)"
            return f"{len(self.unknown)} not assessed" if self.unknown else "none in scope"
        passes = "passes" if len(self.passing) == 1 else "pass"
        text = (
            f"{len(self.passing)} of {self.assessed} "
            f"{noun(self.meta.resource_type, self.assessed)} {passes}"
        )
        if self.failing:
            prod = sum(1 for f in self.failing if f.environment == "production")
            fails = "fails" if len(self.failing) == 1 else "fail"
            text += f"; {len(self.failing)} {fails}" + (f" ({prod} in production)" if prod else "")
        if self.unknown:
            text += f"; {len(self.unknown)} not assessed"
        if self.waived:
            text += f"; {len(self.waived)} waived"
        return text

    def sentence(self) -> str:
        """One evidence sentence for this check (counts only, never resource names)."""
        title = self.meta.title
        total = self.assessed
        what = noun(self.meta.resource_type, total)
        if self.failing:
            return (
                f"“{title}” holds for {len(self.passing)} of {total} {what}; "
                f"{len(self.failing)} {'does' if len(self.failing) == 1 else 'do'} not"
                f"{_env_note(self.failing)}."
            )
        if total:
            extra = f" ({len(self.unknown)} more could not be assessed)" if self.unknown else ""
            return f"“{title}” holds for all {plural(total, noun(self.meta.resource_type, 1), noun(self.meta.resource_type, 2))}{extra}."
        if self.unknown:
            return f"“{title}” could not be assessed: {self.unknown[0].reason or self.unknown[0].message}"
        return f"“{title}”: none in scope to assess."


@dataclass
class ItemView:
    score: ItemScore
    checks: list[CheckView]
    sentence: str
    manual: tuple[str, ...] = ()
    """Parts of the item no check can observe: for the people in the review to confirm."""

    @property
    def id(self) -> str:
        return self.score.item

    @property
    def anchor(self) -> str:
        return "item-" + self.score.item

    @property
    def answer(self) -> str:
        return self.score.answer

    @property
    def failing(self) -> int:
        return sum(len(c.failing) for c in self.checks)


@dataclass(frozen=True)
class Fix:
    check: CheckView
    points: float
    item: str


@dataclass(frozen=True)
class GapView:
    """One failed call (gaps of several evidence kinds from the same call are merged)."""

    gap: Gap
    kinds: tuple[str, ...]
    why: str
    permission: Permission
    scope_name: str


@dataclass(frozen=True)
class UnknownGroup:
    """Unknown findings that share one reason, across the checks it affected."""

    reason: str
    summary: str
    """The reason, short, for people (a failed call is named, not quoted)."""
    checks: tuple[CheckMeta, ...]
    findings: tuple[Finding, ...]
    permissions: tuple[tuple[str, Permission], ...]
    """(evidence kind, permission) pairs that would let the tool assess these; empty for a defect."""

    @property
    def resource_names(self) -> list[str]:
        return list(dict.fromkeys(f.resource_name for f in self.findings))

    @property
    def switched_off(self) -> str:
        """The option of the source whose switch left these findings unknown, else ``""``."""
        causes = {f.cause for f in self.findings}
        if any(c is None or c.failure is not Failure.SWITCHED_OFF for c in causes):
            return ""
        return ", ".join(sorted({c.option for c in causes if c is not None and c.option}))


@dataclass
class ReportView:
    results: Results
    items: list[ItemView]
    top_fixes: list[Fix]
    gaps: list[GapView]
    unknown_groups: list[UnknownGroup]
    waived: list[tuple[CheckMeta, Finding]]
    expired_waivers: list[Waiver]
    severity_counts: list[tuple[Severity, int]]
    catalog_by_item: list[tuple[ItemScore, list[CheckMeta]]]
    max_failing: int | None
    paper: str
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS
    band: str = ""
    """The overall score's rating band (``strong``, ``adequate``, ...)."""
    items_chart: BarChart | None = None
    subscriptions: list[Breakdown] = field(default_factory=list)
    environments: list[Breakdown] = field(default_factory=list)
    trend: Trend | None = None
    portal_host: str = ""
    services: list[ServiceRow] = field(default_factory=list)
    """Every service assessed (an evidence source some check reads), with its resources in
    scope; ``none in scope`` when it was read and holds nothing."""

    @property
    def run(self) -> Any:
        return self.results.run

    @property
    def scope_requested(self) -> str:
        return scope_requested(self.results.run.scope)

    @property
    def scores(self) -> Any:
        return self.results.scores

    @property
    def checks(self) -> Iterable[CheckView]:
        for item in self.items:
            yield from item.checks

    def portal(self, f: Finding) -> str:
        """The finding's resource in the Azure portal of the run's cloud (``""`` when none)."""
        return portal_url(f.resource_id, self.portal_host, self.run.tenant_id)

    @property
    def largest_unknown_groups(self) -> list[UnknownGroup]:
        """The reasons for unassessed findings, the one covering the most findings first; the
        sources switched off are summed up apart (:attr:`switched_off_groups`)."""
        rest = [g for g in self.unknown_groups if not g.switched_off]
        return sorted(rest, key=lambda g: -len(g.findings))

    @property
    def switched_off_groups(self) -> list[UnknownGroup]:
        """The unassessed findings of sources switched off in this run, one group per source."""
        return [g for g in self.unknown_groups if g.switched_off]

    @property
    def switched_off_counts(self) -> tuple[int, int]:
        """(checks, findings) left unassessed by the sources switched off."""
        groups = self.switched_off_groups
        checks = {m.id for g in groups for m in g.checks}
        return len(checks), sum(len(g.findings) for g in groups)

    @property
    def unknown_count(self) -> int:
        return sum(len(g.findings) for g in self.unknown_groups)

    @property
    def subscription_names(self) -> list[str]:
        return [s.display_name or s.subscription_id for s in self.run.subscriptions]


def _by_env_then_name(f: Finding) -> tuple[int, str, str]:
    order = {"production": 0, "test": 1, "development": 2}
    return (order.get(f.environment, 3), f.resource_name.lower(), f.resource_id.lower())


def build_view(
    results: Results,
    *,
    max_failing: int | None = None,
    paper: str = "a4",
    top: int = 5,
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS,
    target: float | None = None,
    trend: Trend | None = None,
    portal: str = "",
) -> ReportView:
    """Group, count and phrase ``results`` for the reports.

    ``max_failing`` caps the failing resources listed per check (the PDF); ``None`` lists all.
    ``bands`` rate the score, ``target`` (the gate's minimum score) is drawn on the items chart,
    and ``trend`` compares with an earlier run.
    """
    by_check: dict[str, list[Finding]] = defaultdict(list)
    for f in results.findings:
        by_check[f.check_id].append(f)
    metas = {m.id: m for m in results.catalog}

    items: list[ItemView] = []
    for item_score in results.scores.items:
        views: list[CheckView] = []
        for cs in item_score.checks:
            meta = metas.get(cs.check_id)
            if meta is None:
                continue
            fs = by_check.get(cs.check_id, [])
            failing = sorted(
                (f for f in fs if f.status is Status.FAIL and not f.waived), key=_by_env_then_name
            )
            view = CheckView(
                meta=meta,
                score=cs,
                failing=failing,
                passing=sorted((f for f in fs if f.status is Status.PASS), key=_by_env_then_name),
                unknown=[f for f in fs if f.status is Status.UNKNOWN],
                waived=[f for f in fs if f.waived],
                not_applicable=sum(1 for f in fs if f.status is Status.NOT_APPLICABLE),
            )
            cap = len(failing) if max_failing is None else max(0, max_failing)
            view.shown_failing = failing[:cap]
            view.more_failing = len(failing) - len(view.shown_failing)
            views.append(view)
        items.append(
            ItemView(
                score=item_score,
                checks=views,
                sentence=_item_sentence(item_score, views),
                manual=review_prompts().get(item_score.item, ()),
            )
        )

    fixes = sorted(
        (
            Fix(check=c, points=c.score.points_lost, item=i.id)
            for i in items
            for c in i.checks
            if c.score.points_lost > 0
        ),
        key=lambda fx: (-fx.points, -SEVERITY_ORDER[fx.check.meta.severity], fx.check.id),
    )[:top]

    gaps = _gap_views(results.gaps)
    waived = [(metas[f.check_id], f) for f in results.findings if f.waived and f.check_id in metas]
    return ReportView(
        results=results,
        items=items,
        top_fixes=fixes,
        gaps=gaps,
        unknown_groups=_unknown_groups(results, metas, gaps),
        waived=waived,
        expired_waivers=list(results.expired_waivers),
        severity_counts=[(s, results.scores.failed_by_severity.get(s.value, 0)) for s in Severity],
        catalog_by_item=[
            (i, [m for m in results.catalog if m.item == i.number]) for i in results.scores.items
        ],
        max_failing=max_failing,
        paper=paper,
        bands=bands,
        band=rating(results.scores.overall, bands),
        items_chart=bar_chart(
            [(i.id, i.score.score, i.anchor) for i in items], bands=bands, target=target
        ),
        subscriptions=by_subscription(results, bands),
        environments=by_environment(results, bands),
        trend=trend,
        portal_host=portal,
        services=service_rows(results),
    )


def _item_sentence(item: ItemScore, checks: list[CheckView]) -> str:
    """The questionnaire comment for one item, from its findings (counts, no resource names)."""
    decisive = [c for c in checks if c.meta.severity in (Severity.CRITICAL, Severity.HIGH)]
    if not checks:
        return "No automated check covers this item yet; answer it from interviews and documents."
    if item.answer == "no":
        failing = sorted(
            (c for c in decisive if c.failing),
            key=lambda c: (-SEVERITY_ORDER[c.meta.severity], -len(c.failing), c.id),
        )
        text = failing[0].sentence()
        if len(failing) > 1:
            others = len(failing) - 1
            text += f" {plural(others, 'other critical or high check')} also {'fails' if others == 1 else 'fail'}."
        return text
    if item.answer == "yes":
        assessed = sum(c.assessed for c in decisive)
        subject = (
            "The one critical or high check passes"
            if len(decisive) == 1
            else f"All {len(decisive)} critical and high checks pass"
        )
        text = f"{subject} on the {plural(assessed, 'resource')} assessed."
        minor = [c for c in checks if c.failing]
        if minor:
            text += (
                f" {plural(sum(len(c.failing) for c in minor), 'lower-severity failure')} remain"
                f" in {plural(len(minor), 'check')}."
            )
        waived = sum(len(c.waived) for c in checks)
        if waived:
            text += f" {plural(waived, 'failure')} {'is' if waived == 1 else 'are'} waived."
        return text
    # unknown
    if not decisive:
        return (
            "No critical or high check covers this item, so the answer needs a person's judgement."
        )
    unknown = [f for c in decisive for f in c.unknown]
    if unknown:
        reasons = Counter(_short_reason(f) for f in unknown)
        main = reasons.most_common(1)[0][0]
        return (
            f"Not decided: {plural(len(unknown), 'finding')} in critical or high checks could not "
            f"be assessed ({main})."
        )
    return "Not decided: no resource in scope for this item's critical or high checks."


@lru_cache(maxsize=1)
def review_prompts() -> dict[str, tuple[str, ...]]:
    """Item id -> the parts a person answers, from the built-in questionnaire data (if installed)."""
    try:
        text = resources.files("checks").joinpath("questionnaire.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (ModuleNotFoundError, OSError, tomllib.TOMLDecodeError):
        return {}
    return {
        str(entry["id"]): tuple(str(m) for m in entry.get("manual", ()))
        for entry in data.get("item", [])
        if isinstance(entry, dict) and "id" in entry
    }


def _short_reason(f: Finding) -> str:
    reason = f.reason or f.message
    return reason.split(" (")[0].rstrip(".") if len(reason) > 90 else reason.rstrip(".")


def failed_call(gap: Gap) -> tuple[str, str, int | None, str, str]:
    """What identifies the call behind a gap: one failed call can leave several kinds unknown."""
    return (gap.scope.lower(), gap.operation, gap.status_code, gap.error_code, gap.message)


def _gap_views(gaps: Iterable[Gap]) -> list[GapView]:
    merged: dict[tuple[str, str, int | None, str, str], list[Gap]] = {}
    for g in gaps:
        merged.setdefault(failed_call(g), []).append(g)
    views = []
    for same in merged.values():
        first, kinds = same[0], tuple(dict.fromkeys(g.kind for g in same))
        perm = permission_for(first.kind, first.operation)
        if first.error_code in NETWORK_REFUSALS:  # no role gets past a firewall
            perm = Permission("", "none: a network the vault allows, or its private endpoint")
        if len(kinds) > 1:
            perm = Permission(perm.action, perm.role)
        name = last_segment(first.scope) or first.scope
        views.append(GapView(first, kinds, why(first), perm, name))
    return views


def _unknown_groups(
    results: Results, metas: dict[str, CheckMeta], gaps: list[GapView]
) -> list[UnknownGroup]:
    """Unknown findings grouped by their structured cause (the engine's :class:`Cause`): one
    group per failed call, per evidence kind not collected, per check that failed; a finding
    without a cause (an older results file) is grouped by its reason."""
    by_call = {
        (v.gap.scope.lower(), v.gap.operation, v.gap.status_code, v.gap.error_code): v for v in gaps
    }
    by_reason: dict[str, GapView] = {}
    for view in gaps:
        for kind in view.kinds:
            by_reason.setdefault(view.gap.model_copy(update={"kind": kind}).reason, view)
    gap_kinds = {g.kind for g in results.gaps}
    collected = set(results.run.collected)
    grouped: dict[tuple[Any, ...], list[Finding]] = defaultdict(list)
    for f in results.findings:
        if f.status is Status.UNKNOWN and f.check_id in metas:
            grouped[_cause_key(f)].append(f)
    groups: list[UnknownGroup] = []
    for members in grouped.values():
        first = members[0]
        reason = first.reason or first.message
        checks = tuple(metas[c] for c in sorted({f.check_id for f in members}, key=_id_key))
        cause = first.cause
        perms: tuple[tuple[str, Permission], ...]
        call = None
        if cause is not None and cause.operation:
            call = by_call.get(
                (cause.scope.lower(), cause.operation, cause.status, cause.error_code)
            )
        elif cause is None:
            call = by_reason.get(reason)
        if call is not None:
            summary = f"{call.gap.operation} on {call.scope_name}: {call.why}"
            perms = ((", ".join(call.kinds), call.permission),)
        elif (cause is not None and cause.failure is Failure.CHECK_FAILED) or (
            cause is None and re.match(r"check \S+ raised ", reason)
        ):
            summary, perms = reason, ()
        else:
            summary = reason
            kinds = [k for m in checks for k in m.requires if k in gap_kinds or k not in collected]
            kinds = kinds or [k for m in checks for k in m.requires]
            perms = tuple((k, permission_for(k)) for k in dict.fromkeys(kinds))
        groups.append(UnknownGroup(reason, summary, checks, tuple(members), perms))
    groups.sort(key=lambda g: (_id_key(g.checks[0].id), g.reason))
    return groups


def _cause_key(f: Finding) -> tuple[Any, ...]:
    cause = f.cause
    if cause is None:
        return ("reason", f.reason or f.message)
    if cause.operation:  # one failed call, whatever evidence kinds it left unknown
        return ("call", cause.scope.lower(), cause.operation, cause.status, cause.error_code)
    if cause.failure is Failure.CHECK_FAILED:
        return ("check", f.check_id, f.reason)
    return ("missing", cause.failure, cause.source, f.reason or f.message)


def _id_key(check_id: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", check_id))


# ---- small things templates need ------------------------------------------------------------


def gauge_path(
    score: float | None, *, r: float = 80.0, cx: float = 100.0, cy: float = 100.0
) -> str:
    """SVG path of a half-circle gauge arc filled to ``score`` percent (numbers only)."""
    value = max(0.0, min(100.0, score or 0.0))
    angle = math.pi * (1 - value / 100.0)
    x, y = cx + r * math.cos(angle), cy - r * math.sin(angle)
    return f"M {cx - r:.1f} {cy:.1f} A {r:.1f} {r:.1f} 0 0 1 {x:.2f} {y:.2f}"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, marked when cut (for the printed edition)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def location(f: Finding) -> str:
    """Where a resource lives, short: resource group, else the subscription."""
    parts = f.resource_id.split("/")
    lowered = [p.lower() for p in parts]
    if "resourcegroups" in lowered:
        at = lowered.index("resourcegroups") + 1
        if at < len(parts) and parts[at]:
            return parts[at]
    return f.subscription_id

"""The scoring model (README "Scoring"), written so every point lost traces back to findings.

* A check's score is the share of its assessed resources that pass: ``pass / (pass + fail)``.
  ``unknown``, ``not_applicable`` and waived failures are left out of the share.
* An item's score is the severity-weighted mean of its checks' scores (weights in
  :data:`assess.model.SEVERITY_WEIGHT`); checks with nothing assessed do not take part.
* The overall score is the mean of the item scores that exist. An item with no assessed check has
  no score, answers ``unknown``, and shows 0 % coverage.
* Coverage is the share of applicable findings that are not ``unknown``.
* ``points_lost`` of a check is what the overall score would gain if all its failures passed; the
  sum over all checks is exactly ``100 - overall``.
* An item answers ``yes`` only when every critical and high check in it passes on every resource
  it applies to, with no ``unknown`` among them and at least one resource assessed; ``no`` when
  any of them fails; otherwise ``unknown``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from assess.model import (
    ITEMS,
    SEVERITY_WEIGHT,
    CheckMeta,
    Finding,
    Severity,
    Status,
    item_id,
)


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Counts(_M):
    passed: int = 0
    failed: int = 0
    unknown: int = 0
    not_applicable: int = 0
    waived: int = 0

    @property
    def assessed(self) -> int:
        return self.passed + self.failed

    @property
    def applicable(self) -> int:
        return self.passed + self.failed + self.unknown + self.waived


class CheckScore(_M):
    check_id: str
    severity: Severity
    weight: float
    counts: Counts
    score: float | None
    """0..100, or None when nothing was assessed."""
    coverage: float | None
    points_lost: float = 0.0


class ItemScore(_M):
    item: str
    number: int
    slug: str
    title: str
    score: float | None
    coverage: float | None
    answer: str
    """``yes``, ``no`` or ``unknown``."""
    counts: Counts
    checks: tuple[CheckScore, ...]


class ScoreCard(_M):
    overall: float | None
    coverage: float | None
    counts: Counts
    failed_by_severity: dict[str, int]
    items: tuple[ItemScore, ...]


def count(findings: Iterable[Finding]) -> Counts:
    c: Counter[str] = Counter()
    for f in findings:
        if f.waived:
            c["waived"] += 1
        elif f.status is Status.PASS:
            c["passed"] += 1
        elif f.status is Status.FAIL:
            c["failed"] += 1
        elif f.status is Status.UNKNOWN:
            c["unknown"] += 1
        else:
            c["not_applicable"] += 1
    return Counts(**c)


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 2) if whole else None


def score(findings: Iterable[Finding], catalog: Iterable[CheckMeta]) -> ScoreCard:
    all_findings = list(findings)
    by_check: dict[str, list[Finding]] = {}
    for f in all_findings:
        by_check.setdefault(f.check_id, []).append(f)

    raw_items: list[tuple[int, list[CheckScore], Counts]] = []
    for number in ITEMS:
        metas = [m for m in catalog if m.item == number]
        check_scores = []
        for meta in metas:
            counts = count(by_check.get(meta.id, []))
            check_scores.append(
                CheckScore(
                    check_id=meta.id,
                    severity=meta.severity,
                    weight=SEVERITY_WEIGHT[meta.severity],
                    counts=counts,
                    score=_share(counts.passed, counts.assessed),
                    coverage=_share(
                        counts.passed + counts.failed + counts.waived, counts.applicable
                    ),
                )
            )
        item_findings = [f for f in all_findings if f.item == item_id(number)]
        raw_items.append((number, check_scores, count(item_findings)))

    item_scores: dict[int, float | None] = {}
    for number, check_scores, _ in raw_items:
        scored = [c for c in check_scores if c.score is not None and c.weight > 0]
        total = sum(c.weight for c in scored)
        item_scores[number] = (
            round(sum(c.weight * (c.score or 0.0) for c in scored) / total, 2) if total else None
        )
    scored_items = [n for n, s in item_scores.items() if s is not None]

    items: list[ItemScore] = []
    for number, check_scores, counts in raw_items:
        scored = [c for c in check_scores if c.score is not None and c.weight > 0]
        total = sum(c.weight for c in scored)
        with_points = []
        for c in check_scores:
            lost = 0.0
            if c.score is not None and c.weight > 0 and total and scored_items:
                lost = (100.0 - c.score) * (c.weight / total) / len(scored_items)
            with_points.append(c.model_copy(update={"points_lost": round(lost, 2)}))
        slug, title = ITEMS[number]
        items.append(
            ItemScore(
                item=item_id(number),
                number=number,
                slug=slug,
                title=title,
                score=item_scores[number],
                coverage=_share(counts.passed + counts.failed + counts.waived, counts.applicable)
                if counts.applicable
                else (None if not check_scores else 0.0),
                answer=_answer(with_points),
                counts=counts,
                checks=tuple(with_points),
            )
        )

    overall_counts = count(all_findings)
    overall = (
        round(sum(item_scores[n] or 0.0 for n in scored_items) / len(scored_items), 2)
        if scored_items
        else None
    )
    failed_by_severity = Counter(
        f.severity.value for f in all_findings if f.status is Status.FAIL and not f.waived
    )
    return ScoreCard(
        overall=overall,
        coverage=_share(
            overall_counts.passed + overall_counts.failed + overall_counts.waived,
            overall_counts.applicable,
        ),
        counts=overall_counts,
        failed_by_severity={s.value: failed_by_severity.get(s.value, 0) for s in Severity},
        items=tuple(items),
    )


def _answer(checks: list[CheckScore]) -> str:
    decisive = [c for c in checks if c.severity in (Severity.CRITICAL, Severity.HIGH)]
    if any(c.counts.failed for c in decisive):
        return "no"
    if any(c.counts.unknown for c in decisive) or not any(c.counts.assessed for c in decisive):
        return "unknown"
    return "yes"

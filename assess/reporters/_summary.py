"""The executive summary: rating band, gate verdict, breakdowns, charts and trend.

Everything here is numbers and plain strings computed from :class:`~assess.results.Results`;
the templates draw the charts as inline SVG from these numbers (no JavaScript, no fetch), so the
browser and WeasyPrint show the same picture. Estate text (subscription names) is never placed
in SVG markup by this module: the templates escape it like any other text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from assess.config import DEFAULT_BANDS
from assess.model import Finding, Status
from assess.results import Results
from assess.scoring import score

ENVIRONMENT_ORDER: tuple[str, ...] = ("production", "test", "development", "")
"""Environments in the order the summary lists them: production first, unclassified last."""


def rating(value: float | None, bands: Sequence[tuple[str, float]] = DEFAULT_BANDS) -> str:
    """The band a score falls in: the name of the highest band floor it reaches.

    ``bands`` is (name, lowest score) pairs; with the defaults 90+ is ``strong``, 70+
    ``adequate``, 50+ ``weak`` and below 50 ``poor``. No score has no band (``""``).
    """
    if value is None:
        return ""
    ordered = sorted(bands, key=lambda b: -b[1])
    for name, floor in ordered:
        if value >= floor:
            return name
    return ordered[-1][0] if ordered else ""


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown (a subscription or an environment)."""

    label: str
    detail: str
    score: float | None
    coverage: float | None
    band: str
    failing: int
    production_failing: int


def _breakdown(
    label: str,
    detail: str,
    findings: Sequence[Finding],
    results: Results,
    bands: Sequence[tuple[str, float]],
) -> Breakdown:
    card = score(findings, results.catalog)
    failing = [f for f in findings if f.status is Status.FAIL and not f.waived]
    return Breakdown(
        label=label,
        detail=detail,
        score=card.overall,
        coverage=card.coverage,
        band=rating(card.overall, bands),
        failing=len(failing),
        production_failing=sum(1 for f in failing if f.environment == "production"),
    )


def by_subscription(
    results: Results, bands: Sequence[tuple[str, float]] = DEFAULT_BANDS
) -> list[Breakdown]:
    """Score, coverage and failures per subscription, most failing in production first.

    Findings that belong to no subscription (identities, code scans) form a last row,
    "tenant-wide", when there are any.
    """
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in results.findings:
        groups[f.subscription_id.lower()].append(f)
    rows = [
        _breakdown(
            s.display_name or s.subscription_id,
            s.subscription_id,
            groups.get(s.subscription_id.lower(), []),
            results,
            bands,
        )
        for s in results.run.subscriptions
    ]
    rows.sort(key=lambda r: (-r.production_failing, -r.failing, r.label.lower(), r.detail))
    known = {s.subscription_id.lower() for s in results.run.subscriptions}
    rest = [f for key, fs in groups.items() if key not in known for f in fs]
    if rest:
        rows.append(
            _breakdown(
                "tenant-wide", "identities and code, outside any subscription", rest, results, bands
            )
        )
    return rows


def by_environment(
    results: Results, bands: Sequence[tuple[str, float]] = DEFAULT_BANDS
) -> list[Breakdown]:
    """Score, coverage and failures per environment: production, test, development, unclassified."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in results.findings:
        env = f.environment if f.environment in ENVIRONMENT_ORDER else ""
        groups[env].append(f)
    return [
        _breakdown(env or "unclassified", "", groups[env], results, bands)
        for env in ENVIRONMENT_ORDER
        if groups.get(env)
    ]


# ---- charts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    y: float
    width: float
    """Bar length in chart units (0 when there is no value)."""
    text: str
    """The value as printed beside the bar."""
    anchor: str = ""


@dataclass(frozen=True)
class Rule:
    """A vertical line across the chart: a band floor or the gate's minimum score."""

    x: float
    label: str
    kind: str
    """``band`` or ``target``."""


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    rules: list[Rule]
    width: float
    height: float
    left: float
    span: float
    """Chart units for 100 points."""
    bar_height: float


def bar_chart(
    rows: Sequence[tuple[str, float | None, str]],
    *,
    bands: Sequence[tuple[str, float]] = DEFAULT_BANDS,
    target: float | None = None,
    width: float = 640.0,
    left: float = 70.0,
    row: float = 24.0,
) -> BarChart:
    """Geometry of a horizontal bar chart of scores (0..100): rows of (label, score, anchor).

    Band floors above 0 are drawn as dashed rules, the gate's minimum score as a solid one.
    """
    span = width - left - 60.0
    bars = [
        Bar(
            label=label,
            value=value,
            y=8.0 + i * row,
            width=0.0 if value is None else round(span * max(0.0, min(100.0, value)) / 100.0, 2),
            text="no score" if value is None else f"{value:.0f}",
            anchor=anchor,
        )
        for i, (label, value, anchor) in enumerate(rows)
    ]
    rules = [
        Rule(x=round(left + span * floor / 100.0, 2), label=f"{name} {floor:g}", kind="band")
        for name, floor in bands
        if 0 < floor < 100 and floor != target
    ]
    if target is not None:
        same = next((name for name, floor in bands if floor == target), "")
        label = f"gate {target:g}" + (f" ({same})" if same else "")
        rules.append(Rule(x=round(left + span * target / 100.0, 2), label=label, kind="target"))
    height = 8.0 + len(rows) * row + 22.0
    return BarChart(bars, rules, width, height, left, span, row * 0.62)


# ---- trend ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    as_of: str
    overall: float | None
    items: dict[str, float | None]


@dataclass(frozen=True)
class TrendLine:
    name: str
    points: str
    """SVG polyline points, ``x,y`` pairs; a run without a score breaks nothing, it is skipped."""
    last: float | None


@dataclass(frozen=True)
class TrendChart:
    width: float
    height: float
    lines: tuple[TrendLine, ...]
    """The overall score first, then the items."""
    first: str
    last: str


def trend_chart(
    runs: Sequence[TrendPoint], width: float = 360.0, height: float = 90.0
) -> TrendChart:
    """Lines of the overall and item scores (0-100) across ``runs``, evenly spaced in time order."""
    step = width / max(len(runs) - 1, 1)

    def line(name: str, values: Sequence[float | None]) -> TrendLine:
        points = " ".join(
            f"{round(i * step, 2):g},{round(height - height * v / 100.0, 2):g}"
            for i, v in enumerate(values)
            if v is not None
        )
        return TrendLine(name, points, values[-1] if values else None)

    items = sorted({item for run in runs for item in run.items})
    lines = [line("overall", [r.overall for r in runs])]
    lines += [line(item, [r.items.get(item) for r in runs]) for item in items]
    return TrendChart(width, height, tuple(lines), runs[0].as_of, runs[-1].as_of)


@dataclass(frozen=True)
class Trend:
    """How this run compares with an earlier results file."""

    before_as_of: str
    overall_before: float | None
    overall_after: float | None
    coverage_before: float | None
    coverage_after: float | None
    items: dict[str, float | None]
    """Item id -> its score in the earlier run."""
    new_failures: int
    fixed: int
    lost_evidence: int
    runs: tuple[TrendPoint, ...] = ()
    """With a history database: every recorded run before this one and this run, oldest first."""
    new_ids: frozenset[str] = frozenset()
    """Ids of the findings failing now that did not fail in the run compared with."""

    @property
    def chart(self) -> TrendChart | None:
        """The score over the recorded runs: the overall score and each item's, as SVG lines."""
        return trend_chart(self.runs) if len(self.runs) > 1 else None

    @staticmethod
    def delta(before: float | None, after: float | None) -> str:
        if before is None or after is None:
            return ""
        change = round(after - before)
        return "±0" if change == 0 else f"{change:+d}"

    @property
    def overall_delta(self) -> str:
        return self.delta(self.overall_before, self.overall_after)

    def item_delta(self, item: str, after: float | None) -> str:
        return self.delta(self.items.get(item), after)

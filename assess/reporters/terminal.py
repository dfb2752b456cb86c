"""The terminal summary (``--format table``, the default): the seven items, score and coverage."""

from __future__ import annotations

from collections import Counter

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from assess.model import Status
from assess.reporters._view import failed_call, scope_requested
from assess.results import Results
from assess.visible import visible_line as shown

_ANSWER_STYLE = {"yes": "bold green", "no": "bold red", "unknown": "yellow"}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def print_summary(results: Results, console: Console, *, top: int = 5) -> None:
    scores = results.scores
    run = results.run
    subs = shown(", ".join(s.display_name or s.subscription_id for s in run.subscriptions))
    subs = subs or "none"
    header = Text()
    header.append("SE:09 secret protection: ", style="bold")
    header.append(f"score {_score(scores.overall)} / 100", style="bold")
    header.append(f"   evidence coverage {_pct(scores.coverage)}")
    console.print(header)
    console.print(
        Text(
            f"as of {run.as_of:%Y-%m-%d %H:%M}Z · {len(run.subscriptions)} subscription(s): {subs}"
        )
    )
    scope = run.scope
    if scope.management_groups or scope.skipped or scope.excluded_subscriptions:
        skipped = f" · {len(scope.skipped)} skipped" if scope.skipped else ""
        console.print(Text(f"scope: {shown(scope_requested(scope))}{skipped}"))

    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    table.add_column("Item", no_wrap=True)
    table.add_column("Question")
    table.add_column("Answer", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Coverage", justify="right", no_wrap=True)
    table.add_column("Pass", justify="right")
    table.add_column("Fail", justify="right")
    table.add_column("Unknown", justify="right")
    for item in scores.items:
        table.add_row(
            item.item,
            Text(shown(item.title)),
            Text(item.answer, style=_ANSWER_STYLE.get(item.answer, "")),
            _score(item.score),
            _pct(item.coverage),
            str(item.counts.passed),
            str(item.counts.failed),
            str(item.counts.unknown),
        )
    console.print(table)

    lost = sorted(
        (c for i in scores.items for c in i.checks if c.points_lost > 0),
        key=lambda c: (-c.points_lost, c.check_id),
    )[:top]
    if lost:
        console.print(Text("Fixes worth the most points:", style="bold"))
        for c in lost:
            meta = results.meta(c.check_id)
            console.print(
                Text(
                    f"  {f'+{c.points_lost:.1f}':>6}  {c.check_id}  {shown(meta.title)} "
                    f"({c.counts.failed} failing, {meta.severity.value})"
                )
            )
    unknown = sum(1 for f in results.findings if f.status is Status.UNKNOWN)
    calls = len({failed_call(g) for g in results.gaps})
    if results.gaps or unknown:
        console.print(
            Text(
                f"{unknown} finding(s) could not be assessed; {calls} API call(s) "
                "failed. The JSON/HTML report lists each with its reason and the permission needed.",
                style="yellow",
            )
        )
    applied = Counter(f.waiver for f in results.findings if f.waived and f.waiver is not None)
    if applied:
        console.print(
            Text(
                f"Waivers applied: {sum(applied.values())} failing finding(s) accepted",
                style="bold",
            )
        )
    for waiver, n in sorted(applied.items(), key=lambda w: (w[0].check, w[0].resource)):
        console.print(
            Text(
                f"  {waiver.check} {shown(waiver.resource)}: {n} finding(s), owner "
                f"{shown(waiver.owner)}, expires {waiver.expires}: {shown(waiver.reason)}"
            )
        )
    for waiver in results.expired_waivers:
        console.print(
            Text(
                shown(
                    f"Expired waiver no longer applies: {waiver.check} {waiver.resource} "
                    f"(owner {waiver.owner}, expired {waiver.expires})"
                ),
                style="yellow",
            )
        )
    if results.gate is not None:
        if results.gate.passed:
            console.print(Text("Gate: passed", style="green"))
        else:
            console.print(
                Text(shown("Gate: FAILED: " + "; ".join(results.gate.reasons)), style="bold red")
            )

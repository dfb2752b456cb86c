"""The pipeline: collect -> evaluate -> score -> render.

Every command of the CLI, ``assess demo``, the scripts and the benchmarks run an assessment
through these functions; :mod:`assess.cli` only parses arguments and prints. Each step takes and
returns a plain value (a :class:`~assess.snapshot.Snapshot`, a
:class:`~assess.results.Results`, the files written), so a caller can stop after any of them: a
saved snapshot is evaluated later, a results file is rendered later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assess.cloud import portal_of
from assess.codescan.model import CodeScanResult
from assess.codescan.scan import ScanOptions
from assess.config import Config, Gate
from assess.errors import InputError, UsageError, first_problem
from assess.gate import apply_gate
from assess.model import Severity
from assess.outputs import write_output
from assess.progress import Progress
from assess.registry import Registry, load_registry
from assess.reporters import FORMATS, PDF_MAX_FAILING, RenderOptions, parse_formats, write_outputs
from assess.reporters._summary import Trend, TrendPoint
from assess.results import Results, build_results, load_results
from assess.snapshot import Snapshot

DEMO_AS_OF = "2026-11-01T00:00:00Z"
"""The demo tenant's clock: its ages and expiries are computed from this date."""
DEMO_CASSETTE = "cassettes/demo-contoso.yaml"
"""The recorded demo tenant, packaged with the tool."""
PAPERS = ("a4", "letter")
AS_OF_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))
"""The clocks ``--as-of`` accepts: the checks add expiry windows and rotation periods to it, which
must stay inside the years a date can hold."""


def parse_as_of(value: str | None) -> datetime:
    """``--as-of``: an ISO 8601 date or time (UTC when no zone is given); default now, to the second."""
    if value is None:
        return datetime.now(UTC).replace(microsecond=0)
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--as-of {value!r} is not an ISO 8601 date or time",
            hint="e.g. 2026-11-01 or 2026-11-01T12:00:00Z",
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except OverflowError:
        parsed = AS_OF_RANGE[1]  # beyond year 9999 once in UTC: refused below
    if not AS_OF_RANGE[0] <= parsed < AS_OF_RANGE[1]:
        raise UsageError(
            f"--as-of {value!r} is out of range",
            hint=f"give a date from {AS_OF_RANGE[0]:%Y-%m-%d} to before {AS_OF_RANGE[1]:%Y-%m-%d}",
        )
    return parsed


def select_checks(
    config: Config,
    check: Sequence[str] = (),
    skip: Sequence[str] = (),
    builtins_only: bool = False,
) -> Registry:
    """The catalog to run: built-ins and plug-ins, narrowed by the command line and the config."""
    registry = load_registry(
        builtins_only=builtins_only or config.checks.builtins_only,
        blocked=config.checks.blocked_plugins,
    )
    return registry.select(
        select=[*check, *config.checks.select], skip=[*skip, *config.checks.skip]
    )


def resolve_gate(
    config: Config,
    min_score: float | None = None,
    min_coverage: float | None = None,
    fail_on: Severity | None = None,
    min_item_score: float | None = None,
    fail_on_expired_waivers: bool = False,
) -> Gate:
    """The gate: each threshold from the command line, else from the config."""
    base = config.gate
    try:
        return Gate(
            min_score=min_score if min_score is not None else base.min_score,
            min_coverage=min_coverage if min_coverage is not None else base.min_coverage,
            fail_on=fail_on if fail_on is not None else base.fail_on,
            min_item_score=min_item_score if min_item_score is not None else base.min_item_score,
            fail_on_expired_waivers=fail_on_expired_waivers or base.fail_on_expired_waivers,
        )
    except ValidationError as exc:
        raise UsageError(
            f"gate: {first_problem(exc)}", hint="scores and coverage are 0 to 100"
        ) from None


def check_output_options(formats: str | None, paper: str = "a4") -> list[str]:
    """The formats asked for; a typo is a usage error before any evidence is collected."""
    names = parse_formats(formats)
    if paper.lower() not in PAPERS:
        raise UsageError(f"--paper {paper!r} is not a4 or letter")
    return names


def collect(config: Config, progress: Progress, **given: Any) -> Snapshot:
    """Collect: read the estate (or a cassette) into a snapshot.

    ``given`` are the collection options of the command line (``subscriptions``, ``replay``,
    ``web_apps``...); an option left ``None`` takes its value from the config."""
    from assess.collect import collect_snapshot, options_from_config

    return collect_snapshot(options_from_config(config, **given), progress)


def merge(paths: Sequence[Path]) -> Snapshot:
    """Join the snapshots of the slices of one scan (``assess collect --shard K/N``) into one."""
    from assess.merge import merge_snapshots
    from assess.snapshot import load_snapshot

    return merge_snapshots([(str(path), load_snapshot(path)) for path in paths])


def add_code_scan(
    snapshot: Snapshot,
    repos: Sequence[Path],
    *,
    git_history: bool = False,
    allowlist: Path | None = None,
    import_findings: Sequence[Path] = (),
) -> Snapshot:
    """Scan source trees for hard-coded credentials and fold what was found into the snapshot."""
    from assess.codescan.allowlist import load_allowlist
    from assess.codescan.fold import fold_into_snapshot

    missing = [str(p) for p in repos if not p.exists()]
    if missing:
        raise UsageError(f"--repo path not found: {', '.join(missing)}")
    options = ScanOptions(
        git_history=git_history,
        allowlist=load_allowlist(allowlist) if allowlist is not None else None,
        import_findings=tuple(import_findings),
    )
    return fold_into_snapshot(snapshot, scan_code(repos, options))


def scan_code(paths: Sequence[Path], options: ScanOptions) -> CodeScanResult:
    """Scan files, folders and archives for hard-coded credentials (``assess scan-code``)."""
    from assess.codescan.scan import scan_paths

    for path in paths:
        if not path.exists():
            raise InputError(f"path not found: {path}")
    return scan_paths(list(paths), options)


def evaluate(
    snapshot: Snapshot,
    registry: Registry,
    config: Config,
    as_of: datetime,
    gate: Gate | None = None,
    *,
    baseline: Path | None = None,
) -> Results:
    """Evaluate and score: run the checks over the snapshot, then apply the gate if one is set
    (against the ``baseline`` results file, when given)."""
    results = build_results(snapshot, registry, config, as_of)
    old = load_results(baseline) if baseline is not None else None
    return judge(results, gate or Gate(), old, str(baseline or ""))


def judge(
    results: Results, gate: Gate, baseline: Results | None = None, baseline_name: str = ""
) -> Results:
    """``results`` with the gate's verdict, when a threshold or a baseline is given."""
    if not gate.given and baseline is None:
        return results
    return results.model_copy(update={"gate": apply_gate(results, gate, baseline, baseline_name)})


@dataclass(frozen=True)
class Rendered:
    """What :func:`render` produced: the files written, and what goes to standard output."""

    written: list[Path]
    to_stdout: list[str | bytes]


def render(
    results: Results,
    formats: Sequence[str],
    output: Path | None,
    *,
    paper: str = "a4",
    max_failing: int = PDF_MAX_FAILING,
    config: Config | None = None,
    target: float | None = None,
    previous: Results | None = None,
    history: Path | None = None,
) -> Rendered:
    """Render: every format asked for except the terminal table, which the CLI prints itself.

    ``config`` gives the rating bands, ``target`` (the gate's minimum score) is drawn on the
    summary chart, ``previous`` (an earlier run) gives the trend; without it, the latest run
    recorded in the ``history`` database before this one does."""
    if previous is not None:
        trend: Trend | None = trend_since(previous, results)
    else:
        trend = trend_from_history(history, results) if history is not None else None
    options = RenderOptions(
        paper=paper.lower(),
        max_failing_per_check=max_failing,
        bands=(config or Config()).report.band_list(),
        target=target,
        trend=trend,
        portal=portal_of(results.run.cloud),
    )
    written, to_stdout = write_outputs(results, formats, output, options)
    return Rendered(written, to_stdout)


def trend_since(previous: Results, current: Results) -> Trend:
    """The summary's trend: how ``current`` moved since ``previous`` (see :mod:`assess.diff`)."""
    from assess.diff import diff

    moves = diff(previous, current)
    return Trend(
        before_as_of=previous.run.as_of.strftime("%Y-%m-%d"),
        overall_before=moves.overall.before,
        overall_after=moves.overall.after,
        coverage_before=moves.coverage.before,
        coverage_after=moves.coverage.after,
        items={m.item: m.before for m in moves.items},
        new_failures=len(moves.new_failures),
        fixed=len(moves.fixed),
        lost_evidence=len(moves.lost_evidence),
    )


def trend_from_history(path: Path, current: Results) -> Trend | None:
    """The summary's trend from a history database (see :mod:`assess.history`): None when it
    holds no run earlier than ``current``."""
    from assess.history import since_last_run

    last = since_last_run(path, current)
    if last is None:
        return None
    return Trend(
        before_as_of=last.as_of[:10],
        overall_before=last.overall,
        overall_after=current.scores.overall,
        coverage_before=last.coverage,
        coverage_after=current.scores.coverage,
        items=last.items,
        new_failures=last.new_failures,
        fixed=last.fixed,
        lost_evidence=last.lost_evidence,
        runs=(
            *(TrendPoint(r.as_of[:10], r.overall, dict(r.items)) for r in last.earlier),
            TrendPoint(
                current.run.as_of.strftime("%Y-%m-%d"),
                current.scores.overall,
                {i.item: i.score for i in current.scores.items},
            ),
        ),
        new_ids=last.new_ids,
    )


def demo(progress: Progress) -> Results:
    """The recorded demo tenant, collected offline and evaluated at its own clock."""
    from assess.resources import data_path

    config = Config()
    snapshot = collect(
        config,
        progress,
        subscriptions=(),
        all_subscriptions=True,
        cloud="AzureCloud",  # where the demo was recorded, whatever AZURE_CLOUD says
        replay=data_path(DEMO_CASSETTE),
    )
    return evaluate(snapshot, load_registry(builtins_only=True), config, parse_as_of(DEMO_AS_OF))


def write_demo_reports(results: Results, folder: Path) -> list[Path]:
    """The demo's HTML and PDF reports, as ``demo-report.<ext>`` in ``folder``."""
    options = RenderOptions(portal=portal_of(results.run.cloud))
    written = []
    for name in ("html", "pdf"):
        fmt = FORMATS.get(name)
        if fmt is None:
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"demo-report.{fmt.extension}"
        write_output(target, fmt.renderer()(results, options))
        written.append(target)
    return written

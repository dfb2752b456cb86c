"""The ``assess`` command line. Parsing and printing only: the pipeline is :mod:`assess.run`."""

from __future__ import annotations

import functools
import inspect
import logging
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, get_type_hints

import typer
from rich.console import Console

from assess import __version__, run, sources
from assess.commands.scan_code import scan_code
from assess.config import Config, Gate, load_config
from assess.diff import ScoreMove
from assess.errors import EXIT_GATE_FAILED, UsageError
from assess.model import Severity
from assess.outputs import refuse_overwriting_inputs, write_output
from assess.progress import Progress
from assess.registry import Registry, load_registry
from assess.reporters import (
    PDF_MAX_FAILING,
    TABLE,
    check_output_path,
    extension,
    parse_formats,
    planned_targets,
)
from assess.results import Results, load_results
from assess.snapshot import Snapshot, load_snapshot, save_snapshot
from assess.visible import visible_line

DEMO_AS_OF = run.DEMO_AS_OF
LISTED = 25
"""Findings listed per baseline state by `assess gate` (new and worse ones: all of them)."""

EXIT_CODES_HELP = """Exit codes (every command):

\b
  0  done; the gate, if any threshold was given, passed
  1  the gate failed (the last line printed names each failed threshold)
  2  usage or input error: a bad flag, a missing file, not a results file, a results
     file of another schema version (named), a config key
  3  not logged in: no credential worked (az login, or configure OIDC / managed identity)
  4  nothing could be collected at all
  70 internal error: run again with --debug and report it
  130, 143  interrupted (Ctrl-C, SIGTERM); the previous output files are kept"""

app = typer.Typer(
    name="assess",
    help="Assess how an Azure estate protects application secrets (Well-Architected SE:09).",
    epilog=EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
checks_app = typer.Typer(help="Browse the check catalog.", no_args_is_help=True)
app.add_typer(checks_app, name="checks")

err = Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout() -> Console:
    """Standard output; tables get 140 columns when piped, rather than rich's default 80."""
    probe = Console()
    return Console(highlight=False, width=None if probe.is_terminal else 140)


log = logging.getLogger("assess")

# ---- shared options ---------------------------------------------------------------------------
Subscriptions = Annotated[
    list[str] | None,
    typer.Option("--subscription", "-s", help="Subscription id to assess (repeatable)."),
]
AllSubscriptions = Annotated[
    bool, typer.Option("--all-subscriptions", help="Every subscription the identity can list.")
]
ManagementGroups = Annotated[
    list[str] | None,
    typer.Option(
        "--management-group",
        help="Every subscription below this management group, at any depth (repeatable).",
    ),
]
ExcludeSubscriptions = Annotated[
    list[str] | None,
    typer.Option("--exclude-subscription", help="Leave this subscription out (repeatable)."),
]
ExcludeManagementGroups = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-management-group",
        help="Leave out every subscription below this management group (repeatable).",
    ),
]
ResourceGroup = Annotated[
    str | None, typer.Option("--resource-group", "-g", help="Limit to one resource group.")
]
CloudName = Annotated[
    str | None,
    typer.Option(
        "--cloud",
        help="AzureCloud, AzureChinaCloud or AzureUSGovernment (default: AzureCloud).",
    ),
]
ArmEndpoint = Annotated[
    str | None,
    typer.Option("--arm-endpoint", help="Custom Resource Manager endpoint (Azure Stack Hub)."),
]
LogAnalyticsEndpoint = Annotated[
    str | None,
    typer.Option("--log-analytics-endpoint", help="Override the Log Analytics endpoint."),
]
Replay = Annotated[
    Path | None,
    typer.Option("--replay", help="Replay a recorded cassette instead of calling Azure (offline)."),
]
Record = Annotated[
    Path | None,
    typer.Option("--record", help="Record this run's Azure traffic, scrubbed, to a cassette."),
]
LogWindow = Annotated[
    int | None,
    typer.Option(
        "--log-window",
        help="Days of logs the log queries read, ending at --as-of (default 30, at most 90).",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate as if now were this ISO date/time (default: now)."),
]
ConfigFile = Annotated[
    Path | None,
    typer.Option(
        "--config", "-c", help="assess.toml (default: ./assess.toml or [tool.waf-assess])."
    ),
]
Formats = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="Comma-separated: table, json, html, pdf, md, sarif, junit, fixes."
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="A file for one format; a folder for several."),
]
CheckIds = Annotated[
    list[str] | None,
    typer.Option("--check", help="Run only this check or item (e.g. SE09-5.1 or SE09-5)."),
]
SkipIds = Annotated[list[str] | None, typer.Option("--skip", help="Skip this check or item.")]
BuiltinsOnly = Annotated[
    bool, typer.Option("--builtins-only", help="Do not load third-party check plug-ins.")
]
MinScore = Annotated[
    float | None, typer.Option("--min-score", help="Gate: exit 1 when the score is below this.")
]
MinCoverage = Annotated[
    float | None,
    typer.Option("--min-coverage", help="Gate: exit 1 when evidence coverage (%) is below this."),
]
FailOn = Annotated[
    Severity | None,
    typer.Option(
        "--fail-on", help="Gate: exit 1 on any failing finding of this severity or worse."
    ),
]
MinItemScore = Annotated[
    float | None,
    typer.Option("--min-item-score", help="Gate: exit 1 when any SE:09 item scores below this."),
]
FailOnExpired = Annotated[
    bool,
    typer.Option("--fail-on-expired-waivers", help="Gate: exit 1 when a waiver has expired."),
]
Baseline = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        help="Gate against an earlier results file: fail only on findings new or worse since "
        "then (--fail-on bounds their severity); fixed and unchanged ones are listed.",
    ),
]
CiSystem = Annotated[
    str,
    typer.Option(
        "--ci",
        help="CI surfaces (step summary, annotations, task result): auto (detected from "
        "GITHUB_ACTIONS / TF_BUILD), github, azure or none.",
    ),
]
History = Annotated[
    Path | None,
    typer.Option(
        "--history", help="Record this run in a history database (SQLite); see `assess history`."
    ),
]
Paper = Annotated[str, typer.Option("--paper", help="PDF paper size: a4 or letter.")]
MaxFailing = Annotated[
    int,
    typer.Option(
        "--pdf-max-resources",
        "--max-failing",
        min=0,
        help="PDF: failing resources listed per check (the HTML lists them all).",
    ),
]
Previous = Annotated[
    Path | None,
    typer.Option(
        "--previous", help="An earlier results file (JSON): the summary shows the trend since."
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
Debug = Annotated[bool, typer.Option("--debug", help="Verbose logs and tracebacks.")]


SourceSwitches = dict[str, bool | None]
"""``--x/--no-x`` of each switchable evidence source, by source name; None: not given."""


def _with_source_switches(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` a ``--x/--no-x`` flag for every switchable source declared in
    :mod:`assess.sources`, in place of its ``switches`` parameter, which receives them."""
    signature = inspect.signature(command)
    hints = get_type_hints(command, include_extras=True)
    flags = [
        inspect.Parameter(
            s.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=None,
            annotation=Annotated[
                bool | None,
                typer.Option(
                    f"{s.flag}/--no-{s.flag.removeprefix('--')}",
                    help=f"{s.help} Default: {'on' if s.default else 'off'}, or [collect] "
                    f"{s.name} in the config.",
                ),
            ],
        )
        for s in sources.switches()
    ]
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name == "switches":
            params += flags
        else:
            params.append(param.replace(annotation=hints[param.name]))

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        given = {s.name: kwargs.pop(s.name) for s in sources.switches()}
        command(**kwargs, switches=given)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in params}
    return wrapper


def _setup_logging(debug: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("azure").setLevel(logging.INFO if debug else logging.ERROR)
    logging.getLogger("vcr").setLevel(logging.WARNING)
    # WeasyPrint warns about fonts and CSS it does not support; that is for the project, not for
    # someone reading their report.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.INFO if debug else logging.ERROR)


def _progress(quiet: bool) -> AbstractContextManager[Progress]:
    """Collection progress on stderr: a live bar on a terminal, plain lines in a log, or none."""
    from assess.progress import NullProgress, PlainProgress, RichProgress

    if quiet:
        return nullcontext(NullProgress())
    if err.is_terminal:
        return RichProgress()
    return nullcontext(PlainProgress())


def _collect(
    config: Config,
    *,
    subscription: list[str] | None,
    all_subscriptions: bool,
    management_group: list[str] | None = None,
    exclude_subscription: list[str] | None = None,
    exclude_management_group: list[str] | None = None,
    shard: str | None = None,
    resource_group: str | None,
    cloud: str | None,
    arm_endpoint: str | None,
    log_analytics_endpoint: str | None,
    replay: Path | None,
    record: Path | None,
    quiet: bool,
    switches: SourceSwitches | None = None,
    log_window: int | None = None,
    log_window_end: datetime | None = None,
) -> Snapshot:
    given = {
        "log_window_days": log_window,
        "log_window_end": log_window_end,
        "cloud": cloud or None,
        "arm_endpoint": arm_endpoint or None,
        "log_analytics_endpoint": log_analytics_endpoint or None,
        "subscriptions": tuple(subscription or ()),
        "all_subscriptions": all_subscriptions,
        "management_groups": tuple(management_group or ()),
        "exclude_subscriptions": tuple(exclude_subscription or ()),
        "exclude_management_groups": tuple(exclude_management_group or ()),
        "shard": shard,
        "resource_group": resource_group,
        "replay": replay,
        "record": record,
        "switches": switches,
    }
    with _progress(quiet) as progress:
        return run.collect(config, progress, **given)


def _check_snapshot_path(path: Path) -> None:
    """Before collecting: a snapshot goes to a file that can be written, never a folder."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="name the snapshot file, e.g. snapshot.json")
    check_output_path(path)


def _emit(
    results: Results,
    formats: str | None,
    output: Path | None,
    *,
    quiet: bool,
    paper: str = "a4",
    max_failing: int = PDF_MAX_FAILING,
    config: Config | None = None,
    target: float | None = None,
    previous: Path | None = None,
    history: Path | None = None,
) -> bool:
    """Write the reports; True when a document went to standard output. Without ``previous``,
    the trend comes from the ``history`` database (the runs recorded before this one)."""
    names = run.check_output_options(formats, paper)
    if names == [TABLE] and output is not None:
        _write_table(results, output, quiet=quiet)
        return False
    rendered = run.render(
        results,
        names,
        output,
        paper=paper,
        max_failing=max_failing,
        config=config,
        target=target,
        previous=load_results(previous) if previous is not None else None,
        history=history,
    )
    written, to_stdout = rendered.written, rendered.to_stdout
    out = _stdout()
    for content in to_stdout:
        sys.stdout.write(content if isinstance(content, str) else content.decode())
    if "table" in names and not quiet:
        from assess.reporters.terminal import print_summary

        print_summary(results, out if not to_stdout else err)
    for path in written:
        if not quiet:
            err.print(f"wrote {path}")
    return bool(to_stdout)


def _history_path(history: Path | None, config: Config | None) -> Path | None:
    """The history database: ``--history``, else ``[history] path``, else none."""
    return history or (config.history.path if config is not None else None)


def _deliver(
    results: Results,
    formats: str | None,
    output: Path | None,
    *,
    quiet: bool,
    paper: str,
    max_failing: int,
    config: Config,
    gate: Gate,
    previous: Path | None,
    history: Path | None,
    ci: str,
) -> None:
    """The end of `scan` and `evaluate`: the reports (trend from ``previous`` or the history),
    then the CI surfaces, the history record and the gate's verdict."""
    used = _emit(
        results,
        formats,
        output,
        quiet=quiet,
        paper=paper,
        max_failing=max_failing,
        config=config,
        target=gate.min_score,
        previous=previous,
        history=history,
    )
    _conclude(results, ci=ci, history=history, quiet=quiet, stdout_used=used, config=config)


def _conclude(
    results: Results,
    *,
    ci: str,
    history: Path | None,
    quiet: bool,
    stdout_used: bool,
    config: Config | None = None,
) -> None:
    """After the reports: CI surfaces, the history record, the gate's verdict (the last line
    printed; on stderr with --quiet or when a document went to stdout), and the exit code."""
    import os

    from assess.ci import publish, resolve
    from assess.gate import verdict_line

    system = resolve(ci, os.environ)
    lines, summary = publish(system, results, os.environ)
    stream = sys.stderr if stdout_used else sys.stdout
    for line in lines:
        stream.write(line + "\n")
    stream.flush()
    if summary is not None and not quiet:
        err.print(f"appended the summary to {summary}", markup=False)
    target = _history_path(history, config)
    if target is not None:
        from assess.history import record_run

        run_id = record_run(target, results)
        if not quiet:
            err.print(f"recorded run {run_id} in {target}", markup=False)
    if results.gate is not None:
        line = verdict_line(results.gate)
        if quiet or stdout_used:
            err.print(line, markup=False, highlight=False)
        else:
            _stdout().print(line, markup=False, highlight=False, soft_wrap=True)
        if not results.gate.passed:
            raise typer.Exit(EXIT_GATE_FAILED)


def _report_targets(formats: str | None, output: Path | None) -> list[Path]:
    """The files ``-o`` will be written to: the table alone goes to the file (or
    ``report.txt`` in a folder); with other formats it is printed, and they go to the files."""
    if output is None:
        return []
    names = [n for n in parse_formats(formats) if n != TABLE] or [TABLE]
    return [target for _, target in planned_targets(names, output, extension)]


def _check_paths(
    formats: str | None,
    output: Path | None,
    inputs: dict[str, list[Path | None]],
    outputs: dict[str, list[Path | None]] | None = None,
) -> None:
    """Before any work: ``-o`` (and every other output) can be written and is not an input."""
    if output is not None:
        check_output_path(output)
    targets: list[Path | None] = list(_report_targets(formats, output))
    refuse_overwriting_inputs({"-o": targets, **(outputs or {})}, inputs)


def _check_code_scan_inputs(
    repo: list[Path] | None, allowlist: Path | None, import_findings: list[Path] | None
) -> None:
    """Before collecting: the code scan's paths exist and its allowlist reads."""
    missing = [str(p) for p in [*(repo or ()), *(import_findings or ())] if not p.exists()]
    if missing:
        raise UsageError(
            f"not found: {', '.join(missing)}", hint="check --repo and --import-findings"
        )
    if allowlist is not None:
        from assess.codescan.allowlist import load_allowlist

        load_allowlist(allowlist)


def _write_table(results: Results, output: Path, *, quiet: bool) -> None:
    import io

    from assess.reporters.terminal import print_summary

    [target] = _report_targets(TABLE, output)
    buffer = io.StringIO()
    print_summary(results, Console(file=buffer, width=140, color_system=None, highlight=False))
    write_output(target, buffer.getvalue())
    if not quiet:
        err.print(f"wrote {target}")


def _exit_for(results: Results) -> None:
    if results.gate is not None and not results.gate.passed:
        raise typer.Exit(EXIT_GATE_FAILED)


# ---- commands ---------------------------------------------------------------------------------
@app.command()
@_with_source_switches
def scan(
    subscription: Subscriptions = None,
    all_subscriptions: AllSubscriptions = False,
    management_group: ManagementGroups = None,
    exclude_subscription: ExcludeSubscriptions = None,
    exclude_management_group: ExcludeManagementGroups = None,
    resource_group: ResourceGroup = None,
    cloud: CloudName = None,
    arm_endpoint: ArmEndpoint = None,
    log_analytics_endpoint: LogAnalyticsEndpoint = None,
    replay: Replay = None,
    record: Record = None,
    switches: SourceSwitches | None = None,
    log_window: LogWindow = None,
    as_of: AsOf = None,
    config_file: ConfigFile = None,
    format: Formats = None,
    output: Output = None,
    check: CheckIds = None,
    skip: SkipIds = None,
    builtins_only: BuiltinsOnly = False,
    min_score: MinScore = None,
    min_coverage: MinCoverage = None,
    fail_on: FailOn = None,
    min_item_score: MinItemScore = None,
    fail_on_expired_waivers: FailOnExpired = False,
    baseline: Baseline = None,
    ci: CiSystem = "auto",
    history: History = None,
    snapshot_out: Annotated[
        Path | None, typer.Option("--snapshot", help="Also save the collected snapshot here.")
    ] = None,
    repo: Annotated[
        list[Path] | None,
        typer.Option("--repo", help="Also scan this source tree for SE09-4 (repeatable)."),
    ] = None,
    git_history: Annotated[
        bool, typer.Option("--git-history", help="With --repo: scan every blob in its history.")
    ] = False,
    code_allowlist: Annotated[
        Path | None,
        typer.Option(
            "--allowlist", help="With --repo: TOML file of accepted findings, each with a reason."
        ),
    ] = None,
    import_findings: Annotated[
        list[Path] | None,
        typer.Option(
            "--import-findings",
            help="With --repo: a gitleaks, trufflehog, detect-secrets or SARIF report to include "
            "(repeatable).",
        ),
    ] = None,
    paper: Paper = "a4",
    max_failing: MaxFailing = PDF_MAX_FAILING,
    previous: Previous = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Collect evidence from Azure (or a cassette), evaluate it, and report. Exit 1 if the gate fails."""
    _setup_logging(debug)
    run.check_output_options(format, paper)
    if snapshot_out is not None:
        _check_snapshot_path(snapshot_out)
    if record is not None:
        _check_snapshot_path(record)
    if not repo and (git_history or code_allowlist or import_findings):
        raise UsageError(
            "--git-history, --allowlist and --import-findings apply to a code scan",
            hint="add --repo PATH",
        )
    _check_code_scan_inputs(repo, code_allowlist, import_findings)
    _check_paths(
        format,
        output,
        inputs={
            "--config": [config_file],
            "--replay": [replay],
            "--allowlist": [code_allowlist],
            "--import-findings": list(import_findings or ()),
            "--previous": [previous],
        },
        outputs={"--snapshot": [snapshot_out], "--record": [record]},
    )
    config = load_config(config_file)
    when = run.parse_as_of(as_of)
    registry = run.select_checks(config, check or (), skip or (), builtins_only)
    gate = run.resolve_gate(
        config, min_score, min_coverage, fail_on, min_item_score, fail_on_expired_waivers
    )
    snapshot = _collect(
        config,
        subscription=subscription,
        all_subscriptions=all_subscriptions,
        management_group=management_group,
        exclude_subscription=exclude_subscription,
        exclude_management_group=exclude_management_group,
        resource_group=resource_group,
        cloud=cloud,
        arm_endpoint=arm_endpoint,
        log_analytics_endpoint=log_analytics_endpoint,
        replay=replay,
        record=record,
        quiet=quiet,
        switches=switches,
        log_window=log_window,
        log_window_end=when,
    )
    if repo:
        snapshot = run.add_code_scan(
            snapshot,
            repo,
            git_history=git_history,
            allowlist=code_allowlist,
            import_findings=import_findings or (),
        )
    if snapshot_out is not None:
        save_snapshot(snapshot, snapshot_out)
    results = run.evaluate(snapshot, registry, config, when, gate, baseline=baseline)
    _deliver(
        results,
        format,
        output,
        quiet=quiet,
        paper=paper,
        max_failing=max_failing,
        config=config,
        gate=gate,
        previous=previous,
        history=_history_path(history, config),
        ci=ci,
    )


app.command("scan-code")(scan_code)


@app.command("allow-value")
def allow_value(
    reason: Annotated[str, typer.Option("--reason", help="Why this value is accepted.")],
) -> None:
    """Print an allowlist entry for one credential value, read from standard input.

    The value is read from standard input (a hidden prompt on a terminal), never from the command
    line, so it stays out of shell history. The entry is a salted HMAC that reveals nothing
    usable about the value; paste it into the allowlist file given to `scan-code --allowlist`.
    """
    import getpass

    from assess.redact import allow_entry

    if sys.stdin.isatty():
        value = getpass.getpass("value (hidden): ")
    else:
        value = sys.stdin.readline().rstrip("\r\n")
    if not value:
        raise UsageError(
            "no value on standard input", hint="pipe the value in, or type it at the prompt"
        )
    entry = allow_entry(value)
    reason_text = reason.replace('"', "'")
    sys.stdout.write(f'[[allow]]\nfingerprint = "{entry}"\nreason = "{reason_text}"\n')


@app.command()
@_with_source_switches
def collect(
    output: Annotated[Path, typer.Option("--output", "-o", help="Snapshot file to write.")],
    subscription: Subscriptions = None,
    all_subscriptions: AllSubscriptions = False,
    management_group: ManagementGroups = None,
    exclude_subscription: ExcludeSubscriptions = None,
    exclude_management_group: ExcludeManagementGroups = None,
    resource_group: ResourceGroup = None,
    cloud: CloudName = None,
    arm_endpoint: ArmEndpoint = None,
    log_analytics_endpoint: LogAnalyticsEndpoint = None,
    replay: Replay = None,
    record: Record = None,
    switches: SourceSwitches | None = None,
    shard: Annotated[
        str | None,
        typer.Option(
            "--shard",
            help="K/N: collect only the K-th of N slices of the subscriptions in scope (fixed by "
            "each subscription's id); join the N snapshots with `assess merge`.",
        ),
    ] = None,
    log_window: LogWindow = None,
    config_file: ConfigFile = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Collect evidence only, into a snapshot file (no secret values) for `assess evaluate`."""
    _setup_logging(debug)
    _check_snapshot_path(output)
    if record is not None:
        _check_snapshot_path(record)
    refuse_overwriting_inputs(
        {"-o": [output], "--record": [record]}, {"--config": [config_file], "--replay": [replay]}
    )
    config = load_config(config_file)
    snapshot = _collect(
        config,
        subscription=subscription,
        all_subscriptions=all_subscriptions,
        management_group=management_group,
        exclude_subscription=exclude_subscription,
        exclude_management_group=exclude_management_group,
        shard=shard,
        resource_group=resource_group,
        cloud=cloud,
        arm_endpoint=arm_endpoint,
        log_analytics_endpoint=log_analytics_endpoint,
        replay=replay,
        record=record,
        quiet=quiet,
        switches=switches,
        log_window=log_window,
    )
    save_snapshot(snapshot, output)
    if not quiet:
        _print_snapshot_summary(output, snapshot, skipped=False)  # said as they were collected


def _print_snapshot_summary(output: Path, snapshot: Snapshot, *, skipped: bool = True) -> None:
    from assess.reporters._view import failed_call

    shard = f" (shard {snapshot.scope.shard})" if snapshot.scope.shard else ""
    err.print(
        f"wrote {output}{shard}: {len(snapshot.subscriptions)} subscription(s), "
        f"{len(snapshot.vaults)} vault(s), {len(snapshot.web_apps)} web app(s), "
        f"{len({failed_call(g) for g in snapshot.gaps})} failed call(s)"
    )
    for left_out in snapshot.scope.skipped if skipped else ():
        err.print(visible_line(left_out.line), markup=False, highlight=False)


@app.command()
def merge(
    snapshots: Annotated[
        list[Path], typer.Argument(help="The snapshots of every slice (assess collect --shard).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Merged snapshot to write.")],
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Join the snapshots of a scan split across machines into one, for `assess evaluate`."""
    _setup_logging(debug)
    _check_snapshot_path(output)
    refuse_overwriting_inputs({"-o": [output]}, {"SNAPSHOT": list(snapshots)})
    merged = run.merge(snapshots)
    save_snapshot(merged, output)
    if not quiet:
        _print_snapshot_summary(output, merged)


@app.command()
def evaluate(
    snapshot_file: Annotated[Path, typer.Argument(help="A snapshot written by `assess collect`.")],
    as_of: AsOf = None,
    config_file: ConfigFile = None,
    format: Formats = None,
    output: Output = None,
    check: CheckIds = None,
    skip: SkipIds = None,
    builtins_only: BuiltinsOnly = False,
    min_score: MinScore = None,
    min_coverage: MinCoverage = None,
    fail_on: FailOn = None,
    min_item_score: MinItemScore = None,
    fail_on_expired_waivers: FailOnExpired = False,
    baseline: Baseline = None,
    ci: CiSystem = "auto",
    history: History = None,
    paper: Paper = "a4",
    max_failing: MaxFailing = PDF_MAX_FAILING,
    previous: Previous = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Evaluate a saved snapshot offline. Same snapshot, config and --as-of: identical JSON."""
    _setup_logging(debug)
    run.check_output_options(format, paper)
    _check_paths(
        format,
        output,
        inputs={"snapshot": [snapshot_file], "--config": [config_file], "--previous": [previous]},
    )
    config = load_config(config_file)
    when = run.parse_as_of(as_of)
    registry = run.select_checks(config, check or (), skip or (), builtins_only)
    gate = run.resolve_gate(
        config, min_score, min_coverage, fail_on, min_item_score, fail_on_expired_waivers
    )
    snapshot = load_snapshot(snapshot_file)
    results = run.evaluate(snapshot, registry, config, when, gate, baseline=baseline)
    _deliver(
        results,
        format,
        output,
        quiet=quiet,
        paper=paper,
        max_failing=max_failing,
        config=config,
        gate=gate,
        previous=previous,
        history=_history_path(history, config),
        ci=ci,
    )


@app.command()
def report(
    results_file: Annotated[Path, typer.Argument(help="A results file from `--format json`.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: html, pdf, md, json, sarif.")
    ] = "html",
    output: Output = None,
    paper: Paper = "a4",
    max_failing: MaxFailing = PDF_MAX_FAILING,
    previous: Previous = None,
    config_file: ConfigFile = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Render a results file to reports (HTML, PDF, Markdown questionnaire, ...)."""
    _setup_logging(debug)
    run.check_output_options(format, paper)
    _check_paths(
        format,
        output,
        inputs={"results": [results_file], "--config": [config_file], "--previous": [previous]},
    )
    config = load_config(config_file)
    results = load_results(results_file)
    _emit(
        results,
        format,
        output,
        quiet=quiet,
        paper=paper,
        max_failing=max_failing,
        config=config,
        previous=previous,
        history=config.history.path,
    )


@app.command("gate")
def gate_command(
    results_file: Annotated[Path, typer.Argument(help="A results file from `--format json`.")],
    min_score: MinScore = None,
    min_item_score: MinItemScore = None,
    min_coverage: MinCoverage = None,
    fail_on: FailOn = None,
    fail_on_expired_waivers: FailOnExpired = False,
    baseline: Baseline = None,
    config_file: ConfigFile = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="Also write the results with the gate's verdict: json, junit, sarif, md, html, pdf.",
        ),
    ] = None,
    output: Output = None,
    ci: CiSystem = "auto",
    history: History = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Gate a results file on thresholds (and a baseline), without collecting again.

    Thresholds not given on the command line come from [gate] in assess.toml. Exit 0 when every
    threshold holds, 1 when one fails; the last line printed names each failed threshold with
    the value seen and the bar.
    """
    from assess.gate import baseline_lists

    _setup_logging(debug)
    if format:
        run.check_output_options(format)
    if output is not None:
        check_output_path(output)
    config = load_config(config_file)
    gate = run.resolve_gate(
        config, min_score, min_coverage, fail_on, min_item_score, fail_on_expired_waivers
    )
    if not gate.given and baseline is None:
        raise UsageError(
            "no gate threshold given",
            hint="pass --min-score, --min-item-score, --min-coverage, --fail-on, "
            "--fail-on-expired-waivers or --baseline, or set them under [gate] in assess.toml",
        )
    results = load_results(results_file)
    old = load_results(baseline) if baseline is not None else None
    results = run.judge(results, gate, old, str(baseline or ""))
    verdict = results.gate
    assert verdict is not None
    used = False
    if format:
        used = _emit(results, format, output, quiet=True)
    if not quiet:
        from rich.text import Text

        out = err if used else _stdout()
        for check in verdict.checks:
            out.print(Text(f"{'pass' if check.passed else 'FAIL'}  {check.line}"))
        if old is not None:
            lists = baseline_lists(results, old, verdict)
            for state, title in (
                ("new", "New failing since the baseline"),
                ("worse", "Worse since the baseline"),
                ("unchanged", "Failing in both (not counted)"),
                ("fixed", "Fixed since the baseline"),
                ("waived", "Waived now"),
                ("lost", "Assessed in the baseline, unknown now"),
            ):
                found = lists[state]
                out.print(Text(f"{title}: {len(found)}", style="bold"))
                shown = found if state in ("new", "worse") else found[:LISTED]
                for f in shown:
                    out.print(
                        Text(f"  {f.id}  {f.check_id} [{f.severity.value}] {f.resource_name}")
                    )
                if len(shown) < len(found):
                    out.print(Text(f"  ... and {len(found) - len(shown)} more (-f json)"))
    _conclude(results, ci=ci, history=history, quiet=quiet, stdout_used=used, config=config)


@app.command("history")
def history_command(
    database: Annotated[Path, typer.Argument(help="A history database written by --history.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="Comma-separated: table, json, md, html.")
    ] = "table",
    output: Output = None,
    last: Annotated[int | None, typer.Option("--last", min=1, help="Only the last N runs.")] = None,
    debug: Debug = False,
) -> None:
    """Print the trend of recorded runs: score, coverage, new and fixed findings per run."""
    from assess.history import TREND_FORMATS, load_trend, render_trend
    from assess.reporters import output_targets

    _setup_logging(debug)
    names = [n.strip().lower() for n in format.split(",") if n.strip()]
    for name in names:
        if name not in TREND_FORMATS:
            raise UsageError(
                f"unknown format {name!r}", hint=f"choose from {', '.join(TREND_FORMATS)}"
            )
    if output is not None:
        check_output_path(output)
    trend = load_trend(database, last=last)
    if output is None:
        for name in names:
            sys.stdout.write(render_trend(trend, name))
        return
    for name, target in output_targets(names, output, lambda n: "txt" if n == "table" else n):
        write_output(target, render_trend(trend, name))
        err.print(f"wrote {target}", markup=False)


@app.command("inventory")
def inventory_command(
    source: Annotated[
        Path, typer.Argument(help="A snapshot (every column) or a results file (fewer columns).")
    ],
    results_file: Annotated[
        Path | None,
        typer.Option(
            "--results", help="With a snapshot: take the findings from this results file."
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or csv,xlsx.")] = "csv",
    output: Output = None,
    as_of: AsOf = None,
    config_file: ConfigFile = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Export every secret, key and certificate: store, environment, expiry, age, last rotation,
    enabled, who can read it and the findings on it. Never a value."""
    from assess.inventory import FORMATS as INVENTORY_FORMATS
    from assess.inventory import build
    from assess.inventory import render as render_inventory
    from assess.reporters import output_targets

    _setup_logging(debug)
    names = [n.strip().lower() for n in format.split(",") if n.strip()]
    for name in names:
        if name not in INVENTORY_FORMATS:
            raise UsageError(f"unknown format {name!r}", hint="choose csv or xlsx")
    if output is None and "xlsx" in names:
        raise UsageError("format xlsx is binary", hint="write it to a file with -o")
    if output is not None:
        check_output_path(output)
    config = load_config(config_file)
    when = run.parse_as_of(as_of) if as_of is not None else None
    inventory = build(source, results_file, config, when)
    if inventory.note and not quiet:
        err.print(f"note: {inventory.note}", markup=False)
    if output is None:
        for name in names:
            sys.stdout.write(str(render_inventory(inventory, name)))
        return
    for name, target in output_targets(names, output, lambda n: n):
        write_output(target, render_inventory(inventory, name))
        if not quiet:
            err.print(f"wrote {target}: {len(inventory.rows)} item(s)", markup=False)


@app.command()
def demo(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Without --format: the folder for demo-report.html and .pdf (default: here). "
            "With --format: a file for one format, a folder for several.",
        ),
    ] = None,
    format: Formats = None,
    paper: Paper = "a4",
    max_failing: MaxFailing = PDF_MAX_FAILING,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Scan the recorded demo tenant (offline) and print its assessment.

    With --format, write those formats like `assess scan` does (e.g. -f json,fixes -o out/)."""
    _setup_logging(debug)
    if format is not None:
        run.check_output_options(format, paper)
        if output is not None:
            check_output_path(output)
    with _progress(quiet) as progress:
        results = run.demo(progress)
    if format is not None:
        _emit(results, format, output, quiet=quiet, paper=paper, max_failing=max_failing)
        return
    _emit(results, "table", None, quiet=quiet)
    for target in run.write_demo_reports(results, output or Path(".")):
        if not quiet:
            err.print(f"wrote {target}")


def _move(m: ScoreMove) -> str:
    def shown(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f}"

    return f"{shown(m.before)} -> {shown(m.after)}"


@app.command("diff")
def diff_command(
    before: Annotated[Path, typer.Argument(help="The earlier results file (JSON).")],
    after: Annotated[Path, typer.Argument(help="The later results file (JSON).")],
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    fail_on_new: Annotated[
        bool, typer.Option("--fail-on-new", help="Exit 1 when anything newly fails.")
    ] = False,
) -> None:
    """Compare two runs: score moves, new failures, fixes, and evidence that went missing."""
    from rich.text import Text

    from assess.diff import diff
    from assess.snapshot import dumps

    result = diff(load_results(before), load_results(after))
    if format == "json":
        sys.stdout.write(dumps(result))
    elif format == "table":
        out = Console(highlight=False, soft_wrap=True)

        out.print(Text(f"score {_move(result.overall)}   coverage {_move(result.coverage)}"))
        for m in result.items:
            out.print(Text(f"  {m.item}: {_move(m)}"))
        for title, refs in (
            ("New failures", result.new_failures),
            ("Fixed", result.fixed),
            ("Evidence lost (assessed before, unknown now)", result.lost_evidence),
        ):
            out.print(Text(f"{title}: {len(refs)}", style="bold"))
            for ref in refs:
                line = f"  {ref.check_id} [{ref.severity}] {ref.resource_name}: {ref.message}"
                out.print(Text(visible_line(line)))
    else:
        raise UsageError(f"unknown format {format!r}", hint="choose table or json")
    if fail_on_new and result.new_failures:
        raise typer.Exit(EXIT_GATE_FAILED)


@app.command("schema")
def schema_command(
    which: Annotated[str, typer.Argument(help="snapshot or results")],
) -> None:
    """Print the JSON Schema of the snapshot or results file format."""
    import json

    from pydantic import BaseModel

    from assess.results import ResultsFile

    models: dict[str, type[BaseModel]] = {"snapshot": Snapshot, "results": ResultsFile}
    if which not in models:
        raise UsageError(f"unknown schema {which!r}", hint="choose snapshot or results")
    schema = models[which].model_json_schema(mode="serialization")
    sys.stdout.write(json.dumps(schema, indent=2, sort_keys=True) + "\n")


@checks_app.command("list")
def checks_list(
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    builtins_only: BuiltinsOnly = False,
) -> None:
    """List every check: id, severity, title, and where it comes from."""
    import json

    from rich.table import Table
    from rich.text import Text

    registry = load_registry(builtins_only=builtins_only)
    if format == "json":
        data = [m.model_dump(mode="json") for m in registry.metas]
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")
        return
    if format != "table":
        raise UsageError(f"unknown format {format!r}", hint="choose table or json")
    table = Table(title=f"{len(registry)} checks · catalog {registry.catalog_version()}")
    for column in ("Id", "Severity", "Title", "Evidence", "Provider"):
        table.add_column(column)
    for m in registry.metas:
        table.add_row(
            m.id, m.severity.value, Text(m.title), ", ".join(m.requires), Text(m.provider)
        )
    _stdout().print(table)


@checks_app.command("show")
def checks_show(check_id: Annotated[str, typer.Argument(help="e.g. SE09-2.2")]) -> None:
    """Show one check (rationale, what it reads, how to fix a failure), or one item and its checks."""
    from rich.text import Text

    registry = load_registry()
    out = _stdout()
    item = _item_number(check_id)
    if item is not None:
        _show_item(out, registry, item)
        return
    meta = registry.get(check_id).meta
    out.print(Text(f"{meta.id}  {meta.title}", style="bold"))
    out.print(
        Text(f"item {meta.item_id} · severity {meta.severity.value} · provider {meta.provider}")
    )
    out.print(
        Text(f"reads: {', '.join(meta.requires) or 'n/a'}  ·  applies to: {meta.resource_type}")
    )
    for kind in meta.requires:
        declared = sources.source_of(kind)
        if declared is None:
            continue
        for read in declared.reads_of(kind):
            out.print(
                Text(
                    f"  {kind}: {read.operation.name} ({read.listing.value}), needs "
                    f"{read.action} ({read.role})"
                )
            )
        if not declared.reads and declared.flag:
            out.print(Text(f"  {kind}: gathered with {declared.flag}"))
    out.print()
    out.print(Text(meta.rationale.strip()))
    out.print()
    if meta.method:
        out.print(Text("How it decides: " + meta.method))
        out.print()
    out.print(Text("Remediation: " + meta.remediation.summary, style="bold"))
    for number, step in enumerate(meta.remediation.portal, start=1):
        out.print(Text(f"  {number}. {step}"))
    if meta.remediation.cli:
        out.print(Text("\n  " + meta.remediation.cli.strip()))
    if meta.remediation.bicep:
        out.print(Text("\nBicep:\n" + meta.remediation.bicep.strip("\n")))


def _item_number(text: str) -> int | None:
    """``SE09-5`` -> 5 when it names one of the seven items, else None."""
    from assess.model import ITEMS

    prefix, _, number = text.strip().upper().partition("-")
    if prefix == "SE09" and number.isdigit() and int(number) in ITEMS:
        return int(number)
    return None


def _show_item(out: Console, registry: Registry, number: int) -> None:
    from rich.text import Text

    from assess.model import ITEMS, item_id
    from assess.reporters._view import review_prompts

    ident = item_id(number)
    out.print(Text(f"{ident}  {ITEMS[number][1]}", style="bold"))
    out.print()
    for meta in registry.select(select=[ident]).metas:
        out.print(Text(f"  {meta.id}  [{meta.severity.value}]  {visible_line(meta.title)}"))
    prompts = review_prompts().get(ident, ())
    if prompts:
        out.print()
        out.print(Text("For the review to confirm (no API shows these):"))
        for prompt in prompts:
            out.print(Text(f"  - {prompt}"))
    out.print()
    out.print(Text(f"assess checks show {ident}.1 shows one check in full."))


@app.command()
@_with_source_switches
def permissions(
    role_json: Annotated[
        bool,
        typer.Option(
            "--role-json",
            help="Print a least-privilege custom role (az role definition create) instead.",
        ),
    ] = False,
    config_file: ConfigFile = None,
    switches: SourceSwitches | None = None,
) -> None:
    """The Azure calls a scan makes and the permission each needs, for the sources switched on."""
    import json

    from rich.table import Table
    from rich.text import Text

    config = load_config(config_file)
    on = {s.name: config.collect.on(s.name) for s in sources.switches()}
    on.update({k: v for k, v in (switches or {}).items() if v is not None})
    chosen = sources.enabled(on)
    if role_json:
        sys.stdout.write(json.dumps(sources.role_definition(chosen), indent=2) + "\n")
        return
    table = Table(title="Permissions for the sources switched on")
    for column in ("Source", "Call", "Listed", "Evidence", "Action", "Role", "Leave out with"):
        table.add_column(column, no_wrap=column in ("Call", "Action"))
    for row in sources.permission_rows(chosen):
        table.add_row(
            Text(row.source.title),
            Text(row.read.operation.name),
            row.read.listing.value,
            ", ".join(row.read.records) or "(steers listing)",
            Text(row.read.action),
            Text(row.read.role),
            row.switch,
        )
    out = _stdout()
    if not out.is_terminal:  # piped: one line per call, for grep and scripts
        out = Console(highlight=False, width=max(out.width, 240))
    out.print(table)


@app.command()
def version() -> None:
    """Print the tool version and the check catalog version (also: assess --version)."""
    registry = load_registry(builtins_only=True)
    sys.stdout.write(
        f"waf-assess {__version__} (catalog {registry.catalog_version()}, {len(registry)} checks)\n"
    )


def _version_flag(value: bool) -> None:
    if value:
        version()
        raise typer.Exit()


@app.callback()
def _main(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version",
            is_eager=True,
            callback=_version_flag,
            help="Print the tool version and the check catalog version, then exit.",
        ),
    ] = False,
) -> None:
    """Assess how an Azure estate protects application secrets (Well-Architected SE:09)."""


# ---- entry point ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    """Run the CLI; every error ends as one line on stderr and an exit code (:mod:`assess.entry`)."""
    from assess.entry import main as entry_main

    return entry_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())

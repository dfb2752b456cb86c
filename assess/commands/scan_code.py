"""``assess scan-code PATH...`` as a Typer command: its help, its errors, and its place in ``assess``.

The work is :func:`assess.commands.scan_code_run.run`; a plain command line skips Typer and
reaches it through :func:`~assess.commands.scan_code_run.quick_parse` (see that module).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assess.commands.scan_code_run import ScanCodeArgs, run

app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)


def scan_code(
    paths: Annotated[
        list[Path], typer.Argument(help="Folders, files or archives to scan.", show_default=False)
    ],
    no_gitignore: Annotated[
        bool, typer.Option("--no-gitignore", help="Scan files .gitignore would leave out.")
    ] = False,
    git_history: Annotated[
        bool,
        typer.Option("--git-history", help="Also scan every blob in the repository's history."),
    ] = False,
    import_findings: Annotated[
        list[Path] | None,
        typer.Option(
            "--import-findings",
            help="A gitleaks, trufflehog, detect-secrets or SARIF report to include (repeatable).",
        ),
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="Comma-separated: table, json, sarif.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="A file for one format; a folder for several."),
    ] = None,
    allowlist: Annotated[
        Path | None,
        typer.Option("--allowlist", help="TOML file of accepted findings (path, fingerprint)."),
    ] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="Pattern engine: auto, hyperscan, re2 or re.")
    ] = "auto",
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes (default: one per core)."),
    ] = None,
    fail_on_findings: Annotated[
        bool,
        typer.Option(
            "--fail-on-findings",
            help="Exit 1 when any finding is not allowlisted, or when an archive could not be "
            "fully opened (what it holds was not scanned).",
        ),
    ] = False,
    ci: Annotated[
        str,
        typer.Option(
            "--ci",
            help="Annotate open findings at their file and line for the CI system: auto "
            "(detected from GITHUB_ACTIONS / TF_BUILD), github, azure or none.",
        ),
    ] = "auto",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Verbose logs and tracebacks.")] = False,
) -> None:
    """Scan source trees and build artifacts for hard-coded secrets (values are never shown)."""
    code = run(
        ScanCodeArgs(
            paths=tuple(paths),
            no_gitignore=no_gitignore,
            git_history=git_history,
            import_findings=tuple(import_findings or ()),
            format=format,
            output=output,
            allowlist=allowlist,
            engine=engine,
            workers=workers,
            fail_on_findings=fail_on_findings,
            ci=ci,
            quiet=quiet,
            debug=debug,
        )
    )
    if code:
        raise typer.Exit(code)


app.command()(scan_code)

"""``assess scan-code PATH...``: parse the options, call :func:`scan_paths`, print, set the exit code."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from assess.codescan.allowlist import load_allowlist
from assess.codescan.model import CodeScanResult
from assess.codescan.scan import ScanOptions, scan_paths
from assess.errors import EXIT_GATE_FAILED
from assess.reporters.code_scan import parse_formats, write_outputs

if TYPE_CHECKING:
    from rich.console import Console

# Imports here stay on the code scanner's side: this command starts in pre-commit hooks on every
# commit, so it must not load collection, checks or scoring (``bench/codescan/startup.py``).


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
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    formats = parse_formats(format)
    meter = ScanMeter(sys.stderr) if not quiet and sys.stderr.isatty() else None
    options = ScanOptions(
        gitignore=not no_gitignore,
        git_history=git_history,
        engine=engine,
        workers=workers,
        allowlist=load_allowlist(allowlist) if allowlist is not None else None,
        import_findings=tuple(import_findings or ()),
        progress=meter,
    )
    try:
        result = scan_paths(list(paths), options)
    finally:
        if meter is not None:
            meter.close()
    written = write_outputs(result, formats, output, consoles=_console, quiet=quiet)
    _annotate(ci, result, to_stderr=output is None and any(f != "table" for f in formats))
    if not quiet:
        for target in written:
            _console(True).print(f"wrote {target}", markup=False)
    if fail_on_findings and (result.open_findings or result.bombs):
        if result.bombs and not result.open_findings:
            _console(True).print(
                f"{len(result.bombs)} archive(s) could not be fully opened: not shown clean",
                markup=False,
            )
        raise typer.Exit(EXIT_GATE_FAILED)


def _console(to_stderr: bool) -> Console:
    """The console for stderr or stdout, made (and rich loaded) when something is printed."""
    from rich.console import Console

    if to_stderr:
        return Console(stderr=True, highlight=False, soft_wrap=True)
    stdout = Console(highlight=False)
    if not stdout.is_terminal:
        # Piped or captured: wide enough that a table row stays one line for grep and logs.
        stdout = Console(highlight=False, width=max(stdout.width, 200))
    return stdout


class ScanMeter:
    """Progress of a code scan on a terminal: files, MB and MB/s, redrawn at most 5 times a second."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream, self.clock = stream, clock
        self.files = self.bytes = 0
        self.start = self.last = clock()

    def __call__(self, files: int, done: int) -> None:
        self.files += files
        self.bytes += done
        now = self.clock()
        if now - self.last >= 0.2:
            self.last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float) -> str:
        mb = self.bytes / 1e6
        rate = mb / max(now - self.start, 1e-3)
        return f"scanned {self.files} files, {mb:.1f} MB, {rate:.1f} MB/s"

    def close(self) -> None:
        if self.files:
            self.stream.write("\r" + self.line(self.clock()) + "\n")
            self.stream.flush()


def _annotate(ci: str, result: CodeScanResult, *, to_stderr: bool) -> None:
    """CI annotations for the open findings (on stderr when a report went to stdout)."""
    import os

    from assess.ci import annotation_lines, code_annotations, resolve

    lines = annotation_lines(resolve(ci, os.environ), code_annotations(result.open_findings))
    stream = sys.stderr if to_stderr else sys.stdout
    for line in lines:
        stream.write(line + "\n")
    stream.flush()


app.command()(scan_code)

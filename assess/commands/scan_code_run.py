"""``assess scan-code`` without Typer: its options as a record, a quick parser, and the run.

A pre-commit hook starts ``assess scan-code`` on every commit, and Typer (with the pydantic it
loads to convert parameters) costs about half of that start. So :mod:`assess.entry` first tries
:func:`quick_parse`, which reads only the plain, unambiguous forms of the command line
(``--name value``, ``--name=value``, ``-f value``, ``-fvalue``, flags, paths, ``--``) and gives
up (returns ``None``) on anything else: ``--help``, an unknown or clustered option, a missing or
malformed value, no path. Then the Typer command (:mod:`assess.commands.scan_code`) parses the
same words and prints its usual help or error. Either way :func:`run` does the work, so a
command line means the same on both paths (a test holds the quick parser to Click's reading).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from assess.errors import EXIT_GATE_FAILED

if TYPE_CHECKING:
    from rich.console import Console

    from assess.codescan.model import CodeScanResult

# Imports here stay on the code scanner's side: this command starts in pre-commit hooks on every
# commit, so it must not load collection, checks, scoring, Typer or pydantic
# (``bench/codescan/startup.py``).


@dataclass(frozen=True)
class ScanCodeArgs:
    """What ``assess scan-code`` was asked to do: one field per option of the Typer command."""

    paths: tuple[Path, ...]
    no_gitignore: bool = False
    git_history: bool = False
    import_findings: tuple[Path, ...] = ()
    format: str | None = None
    output: Path | None = None
    allowlist: Path | None = None
    engine: str = "auto"
    workers: int | None = None
    fail_on_findings: bool = False
    ci: str = "auto"
    quiet: bool = False
    debug: bool = False


FLAGS: dict[str, str] = {
    "--no-gitignore": "no_gitignore",
    "--git-history": "git_history",
    "--fail-on-findings": "fail_on_findings",
    "--quiet": "quiet",
    "-q": "quiet",
    "--debug": "debug",
}
"""Options that take no value, by every spelling: the field each sets to true."""

VALUES: dict[str, str] = {
    "--import-findings": "import_findings",
    "--format": "format",
    "-f": "format",
    "--output": "output",
    "-o": "output",
    "--allowlist": "allowlist",
    "--engine": "engine",
    "--workers": "workers",
    "--ci": "ci",
}
"""Options that take one value, by every spelling: the field it sets (``import_findings`` repeats)."""

_PATH_FIELDS = frozenset({"output", "allowlist"})


def quick_parse(argv: Sequence[str]) -> ScanCodeArgs | None:
    """The options of a plain command line, or ``None`` when Typer should read it instead."""
    paths: list[Path] = []
    imports: list[Path] = []
    settings: dict[str, Any] = {}
    words = list(argv)
    position = 0
    options_done = False
    while position < len(words):
        word = words[position]
        position += 1
        if options_done or not word.startswith("-"):
            if not word:
                return None
            paths.append(Path(word))
            continue
        if word == "--":
            options_done = True
            continue
        name, attached = _split(word)
        if name in FLAGS and attached is None:
            settings[FLAGS[name]] = True
            continue
        if name not in VALUES:
            return None  # --help, an unknown option, a cluster such as -qf, a lone "-"
        if attached is None:
            if position >= len(words):
                return None
            attached = words[position]
            position += 1
        if not attached or attached.startswith("-"):
            return None
        target = VALUES[name]
        if target == "import_findings":
            imports.append(Path(attached))
        elif target == "workers":
            if not (attached.isascii() and attached.isdigit()) or int(attached) < 1:
                return None
            settings[target] = int(attached)
        else:
            settings[target] = Path(attached) if target in _PATH_FIELDS else attached
    if not paths:
        return None
    return replace(ScanCodeArgs(paths=tuple(paths), import_findings=tuple(imports)), **settings)


def _split(word: str) -> tuple[str, str | None]:
    """``--name=value`` -> (``--name``, ``value``); ``-fvalue`` -> (``-f``, ``value``)."""
    if word.startswith("--"):
        name, equals, value = word.partition("=")
        return name, (value if equals else None)
    if len(word) > 2 and "=" not in word:
        return word[:2], word[2:]
    return word, None


def run(args: ScanCodeArgs) -> int:
    """Scan, write the reports, annotate for CI; the exit code (1 when the gate fails)."""
    from assess.codescan.allowlist import load_allowlist
    from assess.codescan.scan import ScanOptions, scan_paths
    from assess.reporters.code_scan import parse_formats, write_outputs

    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    formats = parse_formats(args.format)
    meter = ScanMeter(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    options = ScanOptions(
        gitignore=not args.no_gitignore,
        git_history=args.git_history,
        engine=args.engine,
        workers=args.workers,
        allowlist=load_allowlist(args.allowlist) if args.allowlist is not None else None,
        import_findings=args.import_findings,
        progress=meter,
    )
    try:
        result = scan_paths(list(args.paths), options)
    finally:
        if meter is not None:
            meter.close()
    written = write_outputs(result, formats, args.output, consoles=_console, quiet=args.quiet)
    to_stderr = args.output is None and any(f != "table" for f in formats)
    _annotate(args.ci, result, to_stderr=to_stderr)
    if not args.quiet:
        for target in written:
            _console(True).print(f"wrote {target}", markup=False)
    if args.fail_on_findings and (result.open_findings or result.bombs):
        if result.bombs and not result.open_findings:
            _console(True).print(
                f"{len(result.bombs)} archive(s) could not be fully opened: not shown clean",
                markup=False,
            )
        return EXIT_GATE_FAILED
    return 0


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

"""Output formats: one registry for the assessment and ``assess scan-code``.

Each format is one module exposing ``render(results, options) -> str | bytes``; a format that also
serves the code scan names the function rendering a :class:`~assess.codescan.model.CodeScanResult`
(``code``). ``table``, the terminal summary, is printed by the command itself and known to both.

``write_outputs`` applies the output convention shared by every command: ``--format`` takes a
comma-separated list; ``-o`` is a file when one format is asked for, and a folder (created if
missing, files named ``report.<ext>``) when several are. With no ``-o``, a single text format goes
to standard output.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from assess.errors import UsageError
from assess.outputs import write_output

if TYPE_CHECKING:  # not at run time: scan-code's outputs start without the assessment side
    from assess.codescan.model import CodeScanResult
    from assess.reporters._summary import Trend
    from assess.results import Results

Renderer = Callable[["Results", "RenderOptions"], "str | bytes"]
CodeRenderer = Callable[["CodeScanResult"], str]
TABLE = "table"
"""The terminal table: printed, not rendered by a format module; ``.txt`` when written to a file."""


def _default_bands() -> tuple[tuple[str, float], ...]:
    from assess.config import DEFAULT_BANDS

    return DEFAULT_BANDS


PDF_MAX_FAILING = 5
"""Failing resources the PDF lists per check unless ``--pdf-max-resources`` says otherwise."""


@dataclass(frozen=True)
class RenderOptions:
    paper: str = "a4"
    max_failing_per_check: int = PDF_MAX_FAILING
    """PDF: failing resources listed per check (``--pdf-max-resources``); the HTML lists all."""
    bands: tuple[tuple[str, float], ...] = field(default_factory=lambda: _default_bands())
    """Rating bands of the score (``[report] bands``), best first."""
    target: float | None = None
    """The gate's minimum score, drawn on the summary chart when given."""
    trend: Trend | None = None
    """How this run compares with an earlier one (``--previous``), shown on the summary."""
    portal: str = ""
    """The Azure portal of the run's cloud (``assess.cloud``), for links to each resource."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    module: str
    binary: bool = False
    code: str = ""
    """``module:function`` that renders a code scan in this format; empty: assessment only."""

    def renderer(self) -> Renderer:
        module = importlib.import_module(self.module)
        return cast(Renderer, module.render)

    def code_renderer(self) -> CodeRenderer:
        module, _, function = self.code.partition(":")
        return cast(CodeRenderer, getattr(importlib.import_module(module), function))


FORMATS: dict[str, Format] = {
    "json": Format(
        "json",
        "json",
        "assess.reporters.json_report",
        code="assess.reporters.code_scan:render_json",
    ),
    "junit": Format("junit", "xml", "assess.reporters.junit"),
    "html": Format("html", "html", "assess.reporters.html"),
    "pdf": Format("pdf", "pdf", "assess.reporters.pdf", binary=True),
    "md": Format("md", "md", "assess.reporters.markdown"),
    "fixes": Format("fixes", "sh", "assess.reporters.fixes"),
    "sarif": Format(
        "sarif", "sarif", "assess.reporters.sarif", code="assess.reporters.sarif:render_code"
    ),
}
"""Known formats. Reporter modules add themselves here (one line each)."""


def register_format(fmt: Format) -> None:
    FORMATS[fmt.name] = fmt


def known_formats(code_scan: bool = False) -> set[str]:
    """The format names the assessment (or, with ``code_scan``, ``assess scan-code``) accepts."""
    return {TABLE, *(name for name, fmt in FORMATS.items() if fmt.code or not code_scan)}


def extension(name: str) -> str:
    return "txt" if name == TABLE else FORMATS[name].extension


def parse_formats(value: str | None, default: str = TABLE, *, code_scan: bool = False) -> list[str]:
    names = [n.strip().lower() for n in (value or default).split(",") if n.strip()]
    known = known_formats(code_scan)
    for name in names:
        if name not in known:
            raise UsageError(
                f"unknown format {name!r}", hint=f"choose from {', '.join(sorted(known))}"
            )
    return list(dict.fromkeys(names))


def write_outputs(
    results: Results, formats: Sequence[str], output: Path | None, options: RenderOptions
) -> tuple[list[Path], list[str | bytes]]:
    """Render ``formats`` (``table`` excluded). Returns the files written, and what goes to stdout."""
    wanted = [f for f in formats if f != "table"]
    written: list[Path] = []
    to_stdout: list[str | bytes] = []
    if not wanted:
        return written, to_stdout
    if output is None:
        for name in wanted:
            fmt = FORMATS[name]
            if fmt.binary:
                raise UsageError(f"format {name} is binary", hint="write it to a file with -o")
            to_stdout.append(fmt.renderer()(results, options))
        return written, to_stdout
    for name, target in output_targets(wanted, output, extension):
        content = FORMATS[name].renderer()(results, options)
        write_output(target, content)
        written.append(target)
    return written, to_stdout


def output_targets(
    names: Sequence[str], output: Path, extension: Callable[[str], str]
) -> list[tuple[str, Path]]:
    """The output convention: ``output`` is the file for one format, or a folder (created if
    missing) holding ``report.<ext>`` for each of several formats (or when it is a folder)."""
    targets = planned_targets(names, output, extension)
    several = len(names) > 1 or output.is_dir()
    if several:
        if output.exists() and not output.is_dir():
            raise UsageError(
                f"{output} is a file, but several formats need a folder",
                hint="name a folder with -o, or ask for one format",
            )
        _make_folder(output)
    else:
        _make_folder(output.parent)
    return targets


def planned_targets(
    names: Sequence[str], output: Path, extension: Callable[[str], str]
) -> list[tuple[str, Path]]:
    """The files :func:`output_targets` will write, without creating anything."""
    if len(names) > 1 or output.is_dir():
        return [(name, output / f"report.{extension(name)}") for name in names]
    return [(name, output) for name in names]


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"cannot create the output folder {folder}: {exc.strerror or exc}",
            hint="choose another -o path",
        ) from None


def check_output_path(output: Path) -> None:
    """Refuse, before any work, an ``-o`` path that cannot be written: its nearest existing
    ancestor must be a writable folder (or the path an existing writable file or folder)."""
    probe = output
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    writable = os.access(probe, os.W_OK)
    if probe == output and probe.exists():
        if writable:
            return
    elif probe.is_dir() and writable:
        return
    raise UsageError(f"cannot write to {output}", hint="choose another -o path")

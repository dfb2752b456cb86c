"""Code-scan outputs: a terminal table, JSON and SARIF, written by the shared output convention.

``--format`` takes a comma-separated list; ``-o`` is a file for one format, a folder (files named
``report.<ext>``) for several; without ``-o`` text formats go to standard output. Nothing here
sees a secret value: findings hold previews and fingerprints only.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from assess import reporters
from assess.codescan.model import CodeScanResult
from assess.outputs import write_output
from assess.reporters import FORMATS, TABLE, extension, output_targets
from assess.visible import json_escaped, visible_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console


def parse_formats(value: str | None) -> list[str]:
    """The formats ``assess scan-code`` was asked for (``table`` by default)."""
    return reporters.parse_formats(value, code_scan=True) or [TABLE]


def render_json(result: CodeScanResult) -> str:
    data = asdict(result)
    return json_escaped(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def shown(text: str) -> str:
    """``text`` with control characters escaped: names from files and archives may carry
    terminal escape sequences, which must show as text, not move the cursor."""
    return visible_line(text)


def render_table(result: CodeScanResult, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    findings = [*result.findings, *result.imported]
    if findings:
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        for column in ("severity", "rule", "location", "preview", "fingerprint"):
            table.add_column(column, no_wrap=column != "location", overflow="fold")
        table.add_column("note", overflow="fold", ratio=1)
        for f in findings:
            location = f"{f.path}:{f.line}:{f.column}" if f.line else f.path
            if not f.line and f.offset >= 0:
                location += f" (byte {f.offset})"
            if f.cell:
                location += f" ({f.cell})"
            notes = []
            if f.commit:
                notes.append(f"commit {f.commit[:12]}")
            if f.source != "waf-assess":
                notes.append(f"from {f.source}")
            if f.allowlisted:
                notes.append(f"allowlisted: {f.allowlisted}")
            table.add_row(
                Text(str(f.severity)),
                Text(shown(f.rule_id)),
                Text(shown(location)),
                Text(shown(f.preview)),
                Text(f.fingerprint[:12]),
                Text(shown("; ".join(notes))),
            )
        console.print(table)
    for bomb in result.bombs:
        console.print(
            Text(shown(f"archive not fully opened: {bomb.path} ({bomb.limit}: {bomb.detail})"))
        )
    for line in result.errors:
        console.print(Text(shown(f"not scanned: {line}")))
    open_count = len(result.open_findings)
    allowed = len(findings) - open_count
    skipped = ", ".join(f"{k} {v}" for k, v in result.skipped.items()) or "none"
    history = f", {result.blobs_scanned} history blobs" if result.blobs_scanned else ""
    console.print(
        Text(
            f"{open_count} finding(s) open, {allowed} allowlisted; {result.files_scanned} files"
            f"{history}, {result.bytes_scanned} bytes scanned; skipped: {skipped}; "
            f"engine {result.engine}, rules {result.rules_version}"
        )
    )
    if result.scanner_evidence:
        for e in result.scanner_evidence:
            gate = "" if e.blocking else " (does not gate)"
            console.print(Text(f"scanner in place: {e.tool} via {e.kind} in {e.path}{gate}"))
    elif any(Path(root).is_dir() for root in result.roots):
        console.print(Text("scanner in place: none found (pre-commit, CI, push protection)"))


def write_outputs(
    result: CodeScanResult,
    formats: Sequence[str],
    output: Path | None,
    *,
    consoles: Callable[[bool], Console],
    quiet: bool,
) -> list[Path]:
    """Write or print each format; returns the files written. ``consoles(to_stderr)`` gives the
    console a table is printed on (asked for only when one is printed)."""
    written: list[Path] = []
    if output is None:
        for name in formats:
            if name == TABLE:
                if not quiet:
                    render_table(result, consoles(len(formats) != 1))
            else:
                sys.stdout.write(FORMATS[name].code_renderer()(result))
        return written
    for name, target in output_targets(formats, output, extension):
        if name == TABLE:
            from rich.console import Console

            buffer = io.StringIO()
            render_table(result, Console(file=buffer, width=160, highlight=False))
            content = buffer.getvalue()
        else:
            content = FORMATS[name].code_renderer()(result)
        write_output(target, content)
        written.append(target)
    return written

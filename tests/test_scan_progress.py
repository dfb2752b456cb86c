"""``assess scan-code`` progress: the scanner reports files and bytes done through a callback, and
the terminal meter shows files, MB and MB/s (on a TTY only)."""

from __future__ import annotations

import io
from pathlib import Path

from assess.codescan.scan import ScanOptions, scan_paths
from assess.commands.scan_code_run import ScanMeter


def test_the_scanner_reports_every_file_and_byte(tmp_path: Path) -> None:
    sizes = [10, 2000, 70_000]
    for n, size in enumerate(sizes):
        (tmp_path / f"f{n}.txt").write_text("x" * size)
    calls: list[tuple[int, int]] = []
    scan_paths([tmp_path], ScanOptions(workers=1, progress=lambda f, b: calls.append((f, b))))
    assert sum(f for f, _ in calls) == len(sizes)
    assert sum(b for _, b in calls) == sum(sizes)


def test_the_meter_shows_files_megabytes_and_rate() -> None:
    now = [100.0]
    out = io.StringIO()
    meter = ScanMeter(out, clock=lambda: now[0])
    meter(1, 1_000_000)  # too soon after the start: not drawn
    assert out.getvalue() == ""
    now[0] = 102.0
    meter(3, 3_000_000)
    assert out.getvalue() == "\rscanned 4 files, 4.0 MB, 2.0 MB/s"
    meter.close()
    assert out.getvalue().endswith("scanned 4 files, 4.0 MB, 2.0 MB/s\n")


def test_no_meter_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from assess.cli import app

    (tmp_path / "a.txt").write_text("nothing here\n")
    result = CliRunner().invoke(app, ["scan-code", str(tmp_path)])
    assert "MB/s" not in result.output

"""Two runs at once writing the same files: each file is always one run's whole output, never a mix.

Every output goes through :func:`assess.outputs.write_file` (a temporary file with a name unique to
the write, in the target's folder, renamed over the target), so a reader sees the old file or the
new one, and two writers each replace it whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_cli import snapshot_file as snapshot_file  # the fixture

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assess.outputs import write_file

    target, fill, times = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    content = (fill * 1_000_000).encode()
    for _ in range(times):
        write_file(target, content)
    """
)

EVALUATOR = textwrap.dedent(
    """
    import sys
    from assess.cli import main

    snapshot, folder, as_of, times = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    for _ in range(times):
        code = main(["evaluate", snapshot, "--as-of", as_of, "-f", "json,md", "-o", folder, "-q"])
        assert code == 0, code
    """
)


def _spawn(script: str, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", script, *args], stderr=subprocess.PIPE)


def test_two_writers_never_interleave(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    writers = [_spawn(WRITER, str(target), fill, "60") for fill in ("a", "b")]
    reads = 0
    while any(w.poll() is None for w in writers):
        if target.exists():
            data = target.read_bytes()
            assert data in (b"a" * 1_000_000, b"b" * 1_000_000), f"mixed file of {len(data)} bytes"
            reads += 1
    for writer in writers:
        assert writer.wait() == 0, writer.stderr.read() if writer.stderr else ""
    assert reads > 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


@pytest.mark.slow
def test_two_scans_into_one_folder_leave_whole_reports(snapshot_file: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    runs = [
        _spawn(EVALUATOR, str(snapshot_file), str(folder), as_of, "4")
        for as_of in ("2026-11-01", "2026-12-01")
    ]
    seen: set[str] = set()
    while any(r.poll() is None for r in runs):
        report = folder / "report.json"
        if report.exists():
            seen.add(json.loads(report.read_text())["run"]["as_of"])
        time.sleep(0.01)
    for run in runs:
        assert run.wait() == 0, run.stderr.read() if run.stderr else ""
    assert seen <= {"2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"} and seen
    assert sorted(p.name for p in folder.iterdir()) == ["report.json", "report.md"]
    markdown = (folder / "report.md").read_text()
    assert markdown.startswith("# ") and markdown.endswith("\n")
    if os.name == "posix":
        assert all((folder / n).stat().st_mode & 0o077 == 0 for n in ("report.json", "report.md"))

"""The scale bench runs end to end in its quick mode and prints every row of its table.

No figure is asserted (performance is read from the bench's own output): this only proves the
script still works against the current collector, with or without the ``bench`` extra installed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "scale_bench.py"


def _row(output: str, start: str) -> str:
    found = [line for line in output.splitlines() if line.startswith(start)]
    assert len(found) == 1, output
    return found[0]


def test_scale_bench_quick_prints_every_row_and_target() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "on 127.0.0.1 only" in out
    for label in (
        "project",
        "project serial, 0 ms",
        "throttled",
        "throttled, no budget",
        "project small",
        "project large",
    ):
        assert "FAILED" not in _row(out, f"{label:<22} "), out
    sdk = importlib.util.find_spec("azure.mgmt.keyvault") is not None
    if sdk:
        assert "FAILED" not in _row(out, f"{'azure-mgmt (threads)':<22} "), out
        assert _row(out, "  client CPU per call below the azure-mgmt client's:")
    else:
        assert "azure-mgmt client: not installed" in out
    for target in (
        "  effective parallelism >= 32:",
        "  peak RSS < 1024 MB for the whole scan:",
        "  throttled stand-in (",
        "  Retry-After honoured",
        "  results < 50 MB:",
        "  cost linear in resources",
        "  cost grows with resources",
    ):
        assert _row(out, target)
    assert _row(out, "  snapshot byte-identical to a serial run:").endswith("yes PASS")

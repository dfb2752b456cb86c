"""The tenant bench runs end to end in its quick mode: every run of its table completes, and the
figures that do not depend on the machine (fewer list calls through Resource Graph, merged shards
and the two listing paths byte-identical) hold. Speed is read from the bench's own output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "tenant_bench.py"


def test_tenant_bench_quick_completes_every_run() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--latency-ms", "5"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert "FAILED" not in out
    runs = ["groups: --management-group", "large: Resource Manager", "large: Resource Graph"]
    runs += [f"large: --shard {k}/4" for k in range(1, 5)]
    for label in runs:
        assert sum(line.startswith(f"{label:<28} ") for line in out.splitlines()) == 1, out
    for figure in ("list calls, large tenant:", "shards 1/4..4/4 merged:", "Resource Graph and"):
        line = next(line for line in out.splitlines() if line.startswith(figure))
        assert line.endswith("PASS"), line

"""Start-up of ``assess scan-code`` on an empty folder: what a pre-commit hook pays per commit.

    python bench/codescan/startup.py [--runs 5]

Runs ``python -m assess scan-code EMPTY -q`` (what the ``assess`` script runs) ``--runs`` times and prints the best wall-clock
and CPU seconds beside the target (0.2 s), then the modules that cost most to import (from
``python -X importtime``), so a regression names its cause. A bare ``python -c pass`` is timed
too: what no change here can remove.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 0.2
REPO = Path(__file__).resolve().parents[2]


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as empty:
        scan = [sys.executable, "-m", "assess", "scan-code", empty, "-q"]
        bare = [sys.executable, "-c", "pass"]
        rows = []
        for name, cmd in (("python -c pass", bare), ("assess scan-code EMPTY", scan)):
            runs = [timed(cmd) for _ in range(args.runs)]
            rows.append((name, min(w for w, _ in runs), min(c for _, c in runs)))
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "assess", "scan-code", empty, "-q"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    print(f"Start-up, best of {args.runs} ({os.cpu_count()} cores, load {os.getloadavg()[0]:.1f})")
    print(f"{'command':26} {'wall s':>8} {'CPU s':>8}  target")
    for name, wall, cpu in rows:
        target = f"< {TARGET_SECONDS} s wall" if name.startswith("assess") else ""
        verdict = ("met" if wall < TARGET_SECONDS else "NOT MET") if target else ""
        print(f"{name:26} {wall:8.3f} {cpu:8.3f}  {target} {verdict}")
    costs = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        top_level = len(parts) == 3 and parts[2].startswith(" ") and parts[2][1:2] != " "
        if top_level and parts[1].strip().isdigit():
            costs.append((int(parts[1]), parts[2].strip()))
    print("\nTop-level imports by cumulative time (us), from -X importtime:")
    for cumulative, name in sorted(costs, reverse=True)[:12]:
        print(f"  {cumulative:9d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The evaluation and collection benches run end to end at a tiny size and print their comparison.

No timing is asserted here (performance is read from the benches' own output); these only prove the
scripts still work against the current engine and collectors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _line(output: str, start: str) -> str:
    found = [line for line in output.splitlines() if line.startswith(start)]
    assert len(found) == 1, output
    return found[0]


def test_evaluate_bench_prints_figures_against_target_and_baseline() -> None:
    out = _run("evaluate_bench.py", "--scale", "0.01")
    assert "findings" in _line(out, "evaluate:")
    assert "JSON serialisation" in out
    assert "per item: SE09-1" in out
    assert "baseline (scale 0.001, same run)" in out
    comparison = _line(out, "comparison:")
    assert "target <" in comparison
    assert "x linear" in comparison


def test_collect_bench_collects_the_same_snapshot_with_one_worker_and_the_pool() -> None:
    out = _run("collect_bench.py", "--scale", "0.01", "--latency-ms", "0")
    assert "served on 127.0.0.1 only" in out
    assert _line(out, "max_workers=1 ")
    assert _line(out, "max_workers=16 ")
    assert _line(out, "snapshots identical:").startswith("snapshots identical: yes")
    assert "PROBLEM" not in out
    comparison = _line(out, "comparison:")
    assert "faster than 1" in comparison
    assert "target at least" in comparison


def test_fingerprint_bench_groups_the_spellings_of_one_key_and_prints_its_verdicts() -> None:
    out = _run("fingerprint_bench.py", "--values", "2000")
    # One key in several spellings is one group: 2,000 values make 101 keys, each held by
    # several apps, and the values that cannot be credentials are in no group.
    assert "2,000 values: fingerprint" in out and "groups holding" in out
    assert "(target <= 2.5; linear is 2.0)" in _line(out, "scaling x2 values")
    assert _line(out, "scaling x2 values").endswith(("PASS", "MISS"))
    assert "(target <= 5.0 s)" in _line(out, "2,000 values fingerprinted and grouped")

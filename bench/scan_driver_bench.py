"""Throughput of the code-scan driver (``scan_paths``) on a generated tree, one process vs the pool.

    python bench/scan_driver_bench.py [--mb 200] [--tree /tmp/waf-assess-scan-tree] [--workers N]

Generates (once, deterministically) a tree of source files, config files, a minified bundle with
megabyte lines, UTF-16 scripts, notebooks and nested archives (jar in war in tar.gz, whl, zip),
with a fake credential planted every few files. Then scans it with ``workers=1`` and with the
pool, and prints MB/s (file bytes read, archive members expanded), files per second, findings,
and the peak resident memory of the parent and of the busiest worker.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import tarfile
import time
import zipfile
from pathlib import Path

from assess.codescan.scan import ScanOptions, scan_paths

FAKE = "AKIAZ3MSJX5LQ2W7RT4B"
WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "config",
    "value",
    "client",
    "request",
    "handler",
    "result",
    "token",
    "user",
]


def _source(rng: random.Random, lines: int, plant: bool) -> str:
    out = []
    for number in range(lines):
        word = rng.choice(WORDS)
        out.append(f"    {word}_{number} = compute('{word}', {rng.randint(0, 10**6)})  # {word}\n")
        if plant and number == lines // 2:
            out.append(f'    aws_access_key_id = "{FAKE}"\n')
    return "def handler():\n" + "".join(out)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def generate(root: Path, megabytes: int, seed: int = 20261123) -> None:
    marker = root / ".generated.json"
    if marker.exists() and json.loads(marker.read_text()).get("mb") == megabytes:
        return
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    budget = megabytes << 20
    written = 0
    index = 0
    while written < budget:
        folder = root / f"svc{index % 20:02}" / f"pkg{index % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = index % 25
        if kind == 0:
            line = "".join(f"var a{i}=function(){{return {i}}};" for i in range(60_000))
            data = (line + f'k="{FAKE}";' + line + "\n").encode()
            path = folder / f"bundle{index}.min.js"
        elif kind == 1:
            data = _source(rng, 400, True).encode("utf-16")
            path = folder / f"deploy{index}.ps1"
        elif kind == 2:
            cells = [
                {"cell_type": "code", "source": _source(rng, 40, c == 3), "outputs": []}
                for c in range(8)
            ]
            data = json.dumps({"cells": cells, "nbformat": 4, "metadata": {}}).encode()
            path = folder / f"analysis{index}.ipynb"
        elif kind == 3:
            jar = _zip(
                {f"com/x/C{i}.properties": _source(rng, 200, i == 5).encode() for i in range(10)}
            )
            war = _zip({"WEB-INF/lib/core.jar": jar, "WEB-INF/web.xml": b"<web-app/>"})
            buffer = io.BytesIO()
            with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
                info = tarfile.TarInfo("dist/app.war")
                info.size = len(war)
                archive.addfile(info, io.BytesIO(war))
            data = buffer.getvalue()
            path = folder / f"release{index}.tar.gz"
        else:
            data = _source(rng, rng.randint(200, 3000), index % 5 == 0).encode()
            path = folder / f"module{index}.py"
        path.write_bytes(data)
        written += len(data)
        index += 1
    marker.write_text(json.dumps({"mb": megabytes, "files": index}))


def run(root: Path, workers: int | None) -> dict[str, float]:
    started = time.perf_counter()
    result = scan_paths(
        [root], ScanOptions(gitignore=False, workers=workers, scanner_evidence=False)
    )
    seconds = time.perf_counter() - started
    return {
        "workers": float(workers or os.cpu_count() or 1),
        "seconds": seconds,
        "mb": result.bytes_scanned / 1e6,
        "mb_per_s": result.bytes_scanned / 1e6 / seconds,
        "files_per_s": result.files_scanned / seconds,
        "findings": float(len(result.findings)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--tree", type=Path, default=Path("/tmp/waf-assess-scan-tree"))
    parser.add_argument("--workers", type=int, default=None, help="pool size (default: cores)")
    args = parser.parse_args()
    generate(args.tree, args.mb)
    one = run(args.tree, 1)
    pool = run(args.tree, args.workers)
    for row in (one, pool):
        print(
            f"workers={int(row['workers'])}: {row['mb']:.0f} MB in {row['seconds']:.2f} s = "
            f"{row['mb_per_s']:.1f} MB/s, {row['files_per_s']:.0f} files/s, "
            f"{int(row['findings'])} findings"
        )
    print(f"pool speed-up: x{pool['mb_per_s'] / one['mb_per_s']:.2f} on {os.cpu_count()} cores")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: parent {parent:.0f} MB, largest worker {child:.0f} MB")


if __name__ == "__main__":
    main()

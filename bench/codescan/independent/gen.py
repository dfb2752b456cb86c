"""Writes the independent labelled corpus: ``OUT/files/...`` and ``OUT/labels.jsonl``.

    python bench/codescan/independent/gen.py [--out bench/codescan/corpus/independent] [--seed N]

Deterministic: the same seed writes byte-identical files and labels. Labels follow the
benchmark's format (``bench/codescan/README.md``): one JSON object a line with ``file``,
``line``, ``end_line``, ``family``, ``kind`` (``true`` or ``lookalike``), ``variant`` and the
``value_sha256`` of the planted text (never the value), plus ``cell``/``cell_line`` in notebooks
and ``whole_file`` for binaries; archive members are named ``archive.zip!member``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``independent`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from independent import files_binary, files_code, files_config, files_more
from independent.forge import Forge
from independent.tree import Tree

DEFAULT_SEED = 16_0917
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "corpus" / "independent"


def build(seed: int = DEFAULT_SEED) -> Tree:
    """The whole corpus in memory (files, labels, and the planted values for self-checks)."""
    tree = Tree()
    fx = Forge(seed)
    files_code.build(tree, fx)
    files_config.build(tree, fx)
    files_binary.build(tree, fx)
    files_more.build(tree, fx)
    return tree


def write(out: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED) -> Tree:
    tree = build(seed)
    files = out / "files"
    if files.exists():
        shutil.rmtree(files)
    for rel, data in sorted(tree.files.items()):
        path = files / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    rows = sorted(
        tree.labels, key=lambda r: (str(r["file"]), int(str(r["line"])), str(r["variant"]))
    )
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in rows)
    (out / "labels.jsonl").write_text(text, encoding="utf-8")
    return tree


def summary(tree: Tree) -> str:
    kinds = Counter(str(r["kind"]) for r in tree.labels)
    families = Counter(str(r["family"]) for r in tree.labels if r["kind"] == "true")
    archives = sum(
        1 for p in tree.files if p.endswith((".zip", ".jar", ".whl", ".nupkg", ".tar.gz"))
    )
    return (
        f"{len(tree.files)} files ({archives} archives), {kinds['true']} true credentials in "
        f"{len(families)} families, {kinds['lookalike']} look-alikes"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    tree = write(args.out, args.seed)
    print(f"{args.out}: {summary(tree)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The third independent code-scan corpus: deterministic, labels that point at their values
without holding them, look-alikes at least as many as credentials, in formats of its own."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

from independent3 import gen  # noqa: E402


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("independent3")
    gen.write(out)
    return out


def _tree(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_seed_writes_byte_identical_files_and_labels(written: Path, tmp_path: Path) -> None:
    gen.write(tmp_path)
    assert _tree(tmp_path) == _tree(written)


def test_labels_point_at_values_without_holding_them(written: Path) -> None:
    files, labels = gen.build()
    text = "\n".join(data.decode("utf-8", "replace") for data in files.values())
    assert "⟪" not in text and "⟫" not in text  # every slot was filled (archives are packed)
    rows = [json.loads(line) for line in (written / "labels.jsonl").read_text().splitlines()]
    assert rows == labels
    for row in rows:
        assert row["line"] >= 1 and row["end_line"] >= row["line"]
        assert row["value_sha256"] not in text


def test_negatives_outnumber_credentials_in_formats_the_other_corpora_lack() -> None:
    files, labels = gen.build()
    kinds = Counter(lb["kind"] for lb in labels)
    assert kinds["lookalike"] >= kinds["true"] >= 100
    suffixes = {Path(name.split("!")[0]).suffix for name in files}
    assert {
        ".exs",
        ".scala",
        ".lua",
        ".pl",
        ".dart",
        ".swift",
        ".m",
        ".hs",
        ".nim",
        ".zig",
    } <= suffixes
    assert {
        ".conf",
        ".hcl",
        ".sls",
        ".service",
        ".adoc",
        ".rst",
        ".tsv",
        ".ipynb",
        ".gz",
    } <= suffixes
    members = [lb for lb in labels if "!" in str(lb["file"])]
    assert members and all(str(lb["file"]).startswith("dist/") for lb in members)

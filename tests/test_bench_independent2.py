"""The second independent code-scan corpus: deterministic, labels that point at their values
without holding them, every class the issue lists, and rows the benchmark prints side by side."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

from independent2 import gen  # noqa: E402


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("independent2")
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
    assert "⟪" not in text and "⟫" not in text  # every slot was filled
    stored = (written / "labels.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in stored.splitlines()]
    assert rows == labels
    for row in rows:
        assert set(row) == {"file", "line", "end_line", "family", "kind", "variant", "value_sha256"}
        assert row["line"] >= 1 and row["end_line"] >= row["line"]
        assert len(row["value_sha256"]) == 64 and row["value_sha256"] not in text


def test_a_slot_whose_label_would_miss_its_value_is_refused() -> None:
    import random

    text, labels = gen.fill("a = 1\nkey = ⟪T generic-secret x alnum:20⟫\n", random.Random(1), "f")
    assert labels[0]["line"] == 2
    value = text.splitlines()[1].split(" = ")[1]
    assert labels[0]["value_sha256"] == hashlib.sha256(value.encode()).hexdigest()


def test_covers_the_classes_of_the_issue() -> None:
    _, labels = gen.build()
    trues = Counter(lb["family"] for lb in labels if lb["kind"] == "true")
    assert sum(trues.values()) >= 150
    assert sum(1 for lb in labels if lb["kind"] == "lookalike") >= 75
    for family in (
        "password", "db-url", "db-connection", "private-key", "jwt", "slack", "twilio", "stripe",
        "sendgrid", "mailgun", "gitlab", "bitbucket", "ado-pat", "azure-sas", "azure-storage",
        "azure-cosmos", "azure-servicebus", "gcp", "aws", "openai", "anthropic", "huggingface",
        "digitalocean", "atlassian", "postman", "npm", "pypi", "nuget", "rubygems",
    ):  # fmt: skip
        assert trues[family] >= 1, family
    variants = {lb["variant"] for lb in labels}
    assert {"openssh", "putty-v3", "pem-encrypted-legacy", "pgp-armour", "xoxe-refresh"} <= variants


def test_the_summary_sets_both_corpora_beside_the_target(written: Path) -> None:
    import anchors
    import run

    labels = run.load_labels(written / "labels.jsonl")
    trues = [lb for lb in labels if lb.kind == "true"]
    every = [
        anchors.Detection(file=lb.file, line=lb.line, rule="r", family="", cell="") for lb in trues
    ]
    results: dict[str, dict[str, object]] = {
        "ours": {key: run.score(labels, every) for key in run.BLIND_KEYS},
        "other": {"independent2": run.score(labels, every[::3])},
    }
    summary = run.render_blind_summary(results)
    rows = {line.split()[0]: line.split() for line in summary.splitlines()[1:] if line.strip()}
    assert rows["ours"][1:] == ["1.00", "1.00", "meets"] * len(run.BLIND_KEYS)
    assert rows["other"][1:4] == ["-", "-", "no"] and rows["other"][7] == "misses"
    assert rows["other"][8:] == ["-", "-", "no", "figure"] * (len(run.BLIND_KEYS) - 2)
    assert rows["target"][1:3] == [">=", "0.95"]
    table = run.render_independent(results, labels, written, key="independent2")
    for lb in labels:  # aggregate figures only: no file of the corpus is named
        assert lb.file not in table.split("\n", 1)[1]

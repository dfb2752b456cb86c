"""The independent code-scan corpus: deterministic, as large as the issue asks, labels that point
at their values without holding them, and a format the benchmark's scorer reads."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import sys
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

from independent import forge, gen  # noqa: E402
from independent.tree import Tree  # noqa: E402


@pytest.fixture(scope="module")
def tree() -> Tree:
    return gen.build()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("independent")
    gen.write(out)
    return out


def _member(tree: Tree, name: str) -> bytes:
    parts = name.split("!")
    data = tree.files[parts[0]]
    for parent, part in itertools.pairwise(parts):
        if parent.endswith(".tar.gz"):
            with tarfile.open(fileobj=io.BytesIO(data)) as tf:
                member = tf.extractfile(part)
                assert member is not None
                data = member.read()
        else:
            data = zipfile.ZipFile(io.BytesIO(data)).read(part)
    return data


def _text(data: bytes) -> str:
    return data.decode("utf-16") if data.startswith(b"\xff\xfe") else data.decode()


def test_same_seed_writes_byte_identical_files_and_labels(written: Path, tmp_path: Path) -> None:
    gen.write(tmp_path)

    def tree_of(root: Path) -> dict[Path, bytes]:
        return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    assert tree_of(written) == tree_of(tmp_path)
    assert len(tree_of(tmp_path)) > 60


def test_size_and_spread_meet_the_brief(tree: Tree) -> None:
    kinds = Counter(str(r["kind"]) for r in tree.labels)
    families = {r["family"] for r in tree.labels if r["kind"] == "true"}
    assert len(tree.files) >= 60
    assert 150 <= kinds["true"] <= 250
    assert kinds["lookalike"] >= 0.8 * kinds["true"]
    assert len(families) >= 20
    suffixes = {Path(p).suffix or Path(p).name for p in tree.files}
    for kind in (".py", ".ts", ".java", ".cs", ".go", ".rb", ".php", ".sh", ".ps1", ".tf",
                 ".bicep", ".ipynb", ".jar", ".zip", ".md", ".log", ".sql", ".npmrc", ".netrc"):  # fmt: skip
        assert kind in suffixes, kind


def test_every_label_points_at_its_value_and_no_value_is_written(tree: Tree, written: Path) -> None:
    for row, value in zip(tree.labels, tree.values, strict=True):
        assert row["value_sha256"] == hashlib.sha256(value.encode()).hexdigest()
        data = _member(tree, str(row["file"]))
        if row.get("whole_file"):
            assert (
                value.encode() in data
                or value.encode("utf-16-le") in data
                or row["kind"] == "lookalike"
            )
            continue
        lines = _text(data).splitlines()[int(str(row["line"])) - 1 : int(str(row["end_line"]))]
        span = "\n".join(lines)
        assert value in span or json.dumps(value)[1:-1] in span, (row["file"], row["line"])
    labels_text = (written / "labels.jsonl").read_text()
    assert all(len(v) < 12 or v not in labels_text for v in tree.values)


def test_no_line_holds_both_a_credential_and_a_look_alike(tree: Tree) -> None:
    kinds: dict[tuple[str, int], set[str]] = {}
    for r in tree.labels:
        if not r.get("whole_file"):
            for ln in range(int(str(r["line"])), int(str(r["end_line"])) + 1):
                kinds.setdefault((str(r["file"]), ln), set()).add(str(r["kind"]))
    assert not [k for k, v in kinds.items() if len(v) > 1]


def test_checksummed_and_structured_formats_are_well_formed() -> None:
    fx = forge.Forge(7)
    for _ in range(50):
        token = fx.github_classic()
        assert len(token) == 40 and forge.crc_b62_ok(token, "ghp_")
        assert forge.crc_b62_ok(fx.npm(), "npm_")
        bad = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert not forge.crc_b62_ok(bad, "ghp_")
        assert len(fx.entra_secret()) == 40 and len(fx.storage_key()) == 88
        assert len(fx.nuget()) == 46 and len(fx.devops_pat_v2()) == 84
    assert fx.pypi().startswith("pypi-AgEIcHlwaS5vcmc")


def test_archive_notebook_and_binary_labels_use_the_benchmark_conventions(tree: Tree) -> None:
    files = {str(r["file"]) for r in tree.labels}
    assert any(f.count("!") == 2 for f in files)  # a zip inside a zip
    cells = [r for r in tree.labels if r.get("cell")]
    assert cells and all(str(r["cell"]).startswith("cell ") for r in cells)
    assert any("output" in str(r["cell"]) for r in cells)
    assert any(r.get("whole_file") and "!" in str(r["file"]) for r in tree.labels)


def test_the_benchmark_scores_perfect_detections_as_perfect(written: Path) -> None:
    import anchors
    import run

    labels = run.load_labels(written / "labels.jsonl")
    perfect = [
        anchors.Detection(file=lb.file, line=lb.line, rule="r", family="", cell="")
        for lb in labels
        if lb.kind == "true"
    ]
    sc = run.score(labels, perfect)
    assert sc.prf()[:2] == (1.0, 1.0)
    noisy = perfect + [
        anchors.Detection(file=lb.file, line=lb.line, rule="r", family="", cell="")
        for lb in labels
        if lb.kind == "lookalike"
    ]
    assert run.score(labels, noisy).prf()[0] < 0.6


def test_the_benchmark_table_gives_aggregates_and_the_verdict_against_the_target(
    written: Path,
) -> None:
    import anchors
    import run

    labels = run.load_labels(written / "labels.jsonl")
    trues = [lb for lb in labels if lb.kind == "true"]
    half = [
        anchors.Detection(file=lb.file, line=lb.line, rule="r", family="", cell="")
        for lb in trues[::2]
    ]
    results: dict[str, dict[str, object]] = {
        "perfect": {"independent": run.score(labels, [*half, *[
            anchors.Detection(file=lb.file, line=lb.line, rule="r", family="", cell="")
            for lb in trues[1::2]
        ]])},
        "half": {"independent": run.score(labels, half)},
        "broken": {"independent": anchors.ToolRun(tool="broken", note="exit 2", detections=[])},
    }  # fmt: skip
    text = run.render_independent(results, labels, written)
    rows = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    assert rows["perfect"][1:4] == ["1.00", "1.00", "1.00"] and rows["perfect"][-1] == "meets"
    recall = run.score(labels, half).prf()[1]
    assert 0.4 < recall < 0.7  # lines holding two halves of a key pair count for both labels
    assert rows["half"][2] == f"{recall:.2f}" and rows["half"][-1] == "misses"
    assert "no figure: exit 2" in text
    assert ">= 0.95" in text
    table = text.split("\n", 1)[1]  # below the title (which names this corpus's README)
    for lb in labels:  # aggregate figures only: no file of the corpus is named
        assert lb.file not in table

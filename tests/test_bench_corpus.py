"""The code-scan benchmark's corpus generator: deterministic, large enough, well-labelled."""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

import gen_corpus  # noqa: E402
import keyformats  # noqa: E402


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, object]]]:
    out = tmp_path_factory.mktemp("corpus")
    gen_corpus.write_labelled(out)
    labels = [json.loads(line) for line in (out / "labels.jsonl").read_text().splitlines()]
    return out, labels


def test_same_seed_gives_byte_identical_corpus(
    corpus: tuple[Path, list[dict[str, object]]], tmp_path: Path
) -> None:
    first, _ = corpus
    gen_corpus.write_labelled(tmp_path / "again")
    assert _tree(first) == _tree(tmp_path / "again")
    gen_corpus.write_labelled(tmp_path / "other", seed=7)
    assert _tree(first) != _tree(tmp_path / "other")


def test_counts_meet_the_issue(corpus: tuple[Path, list[dict[str, object]]]) -> None:
    out, labels = corpus
    kinds = [lb["kind"] for lb in labels]
    assert kinds.count("true") >= 150
    assert kinds.count("lookalike") >= 150
    files = [p for p in (out / "files").rglob("*") if p.is_file()]
    assert len(files) >= 60
    names = {p.name for p in files}
    assert any(n.endswith(".ipynb") for n in names)
    for suffix in (".zip", ".jar", ".whl", ".nupkg", ".tar.gz", ".pfx", ".ps1"):
        assert any(n.endswith(suffix) for n in names), suffix
    # every Azure family and every look-alike kind the issue names is present
    families = {lb["family"] for lb in labels if lb["kind"] == "true"}
    assert set(gen_corpus.AZURE_FAMILIES) <= families
    variants = {lb["variant"] for lb in labels if lb["kind"] == "lookalike"}
    for v in ("guid", "git-sha", "lockfile-hash", "base64-image", "placeholder",
              "keyvault-reference", "vendor-sample"):  # fmt: skip
        assert v in variants, v


def test_labels_point_at_their_value_and_hold_no_value(
    corpus: tuple[Path, list[dict[str, object]]],
) -> None:
    out, _labels = corpus
    text = (out / "labels.jsonl").read_text()
    for doc in gen_corpus.build():
        for lb in gen_corpus.labels_for(doc):
            if "!" in lb.file or lb.whole_file or lb.file.endswith(".ipynb"):
                continue
            path = out / "files" / lb.file
            raw = path.read_bytes()
            body = raw.decode("utf-16") if raw[:2] == b"\xff\xfe" else raw.decode("utf-8")
            lines = body.replace("\r\n", "\n").split("\n")
            assert lb.kind in ("true", "lookalike")
            assert 1 <= lb.line <= lb.end_line <= len(lines)
    for doc in gen_corpus.build():
        stack = [doc]
        while stack:
            d = stack.pop()
            if isinstance(d, gen_corpus.Archive):
                stack.extend(d.members)
                continue
            for plant in d.plants:
                if plant.kind == "true" and len(plant.value) > 8:
                    assert plant.value not in text


def test_archive_members_are_labelled_with_bang_paths(
    corpus: tuple[Path, list[dict[str, object]]],
) -> None:
    out, labels = corpus
    nested = [lb for lb in labels if str(lb["file"]).count("!") == 2]
    assert nested, "a member of an archive inside an archive is labelled"
    outer, inner, member = str(nested[0]["file"]).split("!")
    with zipfile.ZipFile(out / "files" / outer) as zf, zf.open(inner) as fh:
        assert member in zipfile.ZipFile(fh).namelist()


def test_checksummed_formats_validate() -> None:
    import random

    rng = random.Random(1)
    # Published test vectors of the Marvin32 hash and of the base62 checksum encoder.
    assert keyformats.marvin64(b"abc", 0xD53CD9CECD0893B7) == 0x22C74339492769BF
    assert keyformats.base62_fixed(2883656711, 6) == "399Wq7"
    for _ in range(20):
        key = keyformats.identifiable_key(rng, 64, "+ASt", keyformats.SEED_STORAGE)
        assert len(key) == 88 and key[76:80] == "+ASt"
        assert keyformats.identifiable_key_is_valid(key, keyformats.SEED_STORAGE)
        secret = keyformats.entra_client_secret(rng)
        assert len(secret) == 40 and keyformats.entra_secret_is_valid(secret)
        token = keyformats.github_token(rng)
        assert keyformats.github_token_is_valid(token)
        cask = keyformats.cask_key(rng)
        assert len(cask) == 84 and cask[52:58] == "JQQJ99" and cask[76:80] == "AZDO"


def test_throughput_corpus_reaches_size_and_is_cached(tmp_path: Path) -> None:
    out = tmp_path / "thr"
    written = gen_corpus.write_throughput(out, 1)
    assert written >= 1_000_000
    stamp = (out / ".stamp").stat().st_mtime_ns
    assert gen_corpus.write_throughput(out, 1) == written
    assert (out / ".stamp").stat().st_mtime_ns == stamp


def test_heldout_contexts_use_other_file_kinds(tmp_path: Path) -> None:
    seed = gen_corpus.DEFAULT_SEED + gen_corpus.HELDOUT_SEED_OFFSET
    labels = gen_corpus.write_labelled(tmp_path, seed, plan=gen_corpus.HELDOUT_PLAN)
    assert {lb.kind for lb in labels} == {"true", "lookalike"}
    main_names = {Path(d.path).name for d in gen_corpus.build()}
    held_names = {Path(d.path).name for d in gen_corpus.build(seed, plan=gen_corpus.HELDOUT_PLAN)}
    assert not main_names & held_names

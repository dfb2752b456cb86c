"""The sixth independent corpus (bench/codescan/independent6): deterministic, and every label
points at its value in the bytes a scanner reads (after notebook serialisation and archive
packing)."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

from independent2 import gen as slots  # noqa: E402
from independent6 import gen  # noqa: E402
from test_bench_independent4 import _texts  # noqa: E402  (archive members, UTF-16 files)


@pytest.fixture(scope="module")
def built() -> tuple[dict[str, bytes], list[dict[str, object]], list[str]]:
    """The corpus, its labels, and the value of each slot in order (recorded as the filler makes
    them; values the corpus's own ``x:`` formats draw on the way are not slots)."""
    values: list[str] = []
    inside_extra = [0]
    real_make = slots.make

    def recording_make(rng, spec):  # type: ignore[no-untyped-def]
        value = real_make(rng, spec)
        if not inside_extra[0]:
            values.append(value)
        return value

    def quiet(fn):  # type: ignore[no-untyped-def]
        def run(rng):  # type: ignore[no-untyped-def]
            inside_extra[0] += 1
            try:
                return fn(rng)
            finally:
                inside_extra[0] -= 1

        return run

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(slots, "make", recording_make)
        for name, fn in list(gen.EXTRA.items()):
            mp.setitem(gen.EXTRA, name, quiet(fn))
        files, labels = gen.build()
    return files, labels, values


def test_same_seed_gives_identical_bytes_and_labels(built) -> None:  # type: ignore[no-untyped-def]
    files, labels, _ = built
    again_files, again_labels = gen.build()
    assert again_files == files
    assert again_labels == labels


def test_every_label_points_at_its_value_in_the_written_bytes(built) -> None:  # type: ignore[no-untyped-def]
    files, labels, values = built
    texts = _texts(files)
    assert len(values) == len(labels)
    for label, value in zip(labels, values, strict=True):
        assert hashlib.sha256(value.encode()).hexdigest() == label["value_sha256"]
        lines = texts[str(label["file"])].split("\n")
        first, last = int(label["line"]), int(label["end_line"])  # type: ignore[call-overload]
        assert value in "\n".join(lines[first - 1 : last]), (label["file"], first)


def test_notebooks_are_valid_json_with_output_cells(built) -> None:  # type: ignore[no-untyped-def]
    files, labels, _ = built
    notebooks = [name for name in files if name.endswith(".ipynb")]
    assert notebooks
    for name in notebooks:
        doc = json.loads(files[name])
        assert any(cell.get("outputs") for cell in doc["cells"])
    in_outputs = [
        label
        for label in labels
        if str(label["file"]).endswith(".ipynb") and "output" in str(label["variant"])
    ]
    assert any(label["kind"] == "true" for label in in_outputs)


def test_more_look_alikes_than_credentials_across_many_files(built) -> None:  # type: ignore[no-untyped-def]
    files, labels, _ = built
    kinds = Counter(str(label["kind"]) for label in labels)
    assert kinds["true"] >= 140
    assert kinds["lookalike"] >= kinds["true"]
    assert kinds["true"] + kinds["lookalike"] >= 300
    assert len(files) >= 120
    assert len({label["family"] for label in labels if label["kind"] == "true"}) >= 40

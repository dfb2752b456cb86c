"""The independent corpora written blind to the rules (bench/codescan/independent4, 5 and 6):
each deterministic, and every label points at its value in the bytes a scanner reads (after
notebook serialisation, archive packing and UTF-16 encoding)."""

from __future__ import annotations

import hashlib
import importlib
import io
import json
import sys
import tarfile
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "codescan"
sys.path.insert(0, str(BENCH))

from independent2 import gen as slots  # noqa: E402


@dataclass(frozen=True)
class Corpus:
    package: str
    credentials: int
    """At least this many credential slots."""
    slots: int
    files: int
    notebook_outputs: bool
    """A credential sits in a notebook's output cell."""


CORPORA = (
    Corpus("independent4", credentials=200, slots=400, files=120, notebook_outputs=False),
    Corpus("independent5", credentials=150, slots=350, files=150, notebook_outputs=True),
    Corpus("independent6", credentials=140, slots=300, files=120, notebook_outputs=True),
)

Built = tuple[ModuleType, dict[str, bytes], list[dict[str, object]], list[str]]


def _members(name: str, data: bytes) -> dict[str, bytes]:
    if name.endswith(".tar.gz"):
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            return {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}  # type: ignore[union-attr]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """Every scannable text of the corpus by label path (archive members as ``outer!member``)."""
    out: dict[str, str] = {}
    for name, data in files.items():
        if name.endswith((".tar.gz", ".jar", ".zip")):
            for member, body in _members(name, data).items():
                out[f"{name}!{member}"] = body.decode("utf-8")
        elif data.startswith(b"\xff\xfe"):
            out[name] = data[2:].decode("utf-16-le").replace("\r\n", "\n")
        else:
            out[name] = data.decode("utf-8")
    return out


def _build_recording(
    gen: ModuleType,
) -> tuple[dict[str, bytes], list[dict[str, object]], list[str]]:
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


@pytest.fixture(scope="module", params=CORPORA, ids=lambda c: c.package)
def built(request: pytest.FixtureRequest) -> tuple[Corpus, Built]:
    corpus: Corpus = request.param
    gen = importlib.import_module(f"{corpus.package}.gen")
    return corpus, (gen, *_build_recording(gen))


def test_same_seed_gives_identical_bytes_and_labels(built: tuple[Corpus, Built]) -> None:
    _, (gen, files, labels, _) = built
    again_files, again_labels = gen.build()
    assert again_files == files
    assert again_labels == labels


def test_every_label_points_at_its_value_in_the_written_bytes(
    built: tuple[Corpus, Built],
) -> None:
    _, (_, files, labels, values) = built
    texts = _texts(files)
    assert len(values) == len(labels)
    for label, value in zip(labels, values, strict=True):
        assert hashlib.sha256(value.encode()).hexdigest() == label["value_sha256"]
        lines = texts[str(label["file"])].split("\n")
        first, last = int(label["line"]), int(label["end_line"])  # type: ignore[call-overload]
        assert value in "\n".join(lines[first - 1 : last]), (label["file"], first)


def test_notebooks_are_valid_json_with_output_cells(built: tuple[Corpus, Built]) -> None:
    corpus, (_, files, labels, _) = built
    notebooks = [name for name in files if name.endswith(".ipynb")]
    assert notebooks
    for name in notebooks:
        json.loads(files[name])
    if not corpus.notebook_outputs:
        return
    for name in notebooks:
        assert any(cell.get("outputs") for cell in json.loads(files[name])["cells"])
    in_outputs = [
        label
        for label in labels
        if str(label["file"]).endswith(".ipynb") and "output" in str(label["variant"])
    ]
    assert any(label["kind"] == "true" for label in in_outputs)


def test_more_look_alikes_than_credentials_across_many_files(
    built: tuple[Corpus, Built],
) -> None:
    corpus, (_, files, labels, _) = built
    kinds = Counter(str(label["kind"]) for label in labels)
    assert kinds["true"] >= corpus.credentials
    assert kinds["lookalike"] >= kinds["true"]
    assert kinds["true"] + kinds["lookalike"] >= corpus.slots
    assert len(files) >= corpus.files
    assert len({label["family"] for label in labels if label["kind"] == "true"}) >= 40

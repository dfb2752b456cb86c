"""A third independent labelled corpus: hand-written files in other languages and formats.

    python bench/codescan/independent3/gen.py [ROOT]   # writes ROOT/files and ROOT/labels.jsonl

The files (``files_*.py``) are written out by hand with the slot notation of the second
independent corpus (``⟪T family variant spec⟫`` for a credential a scanner must report,
``⟪F family variant spec⟫`` for a look-alike it must not; every other line must stay silent),
and filled by that corpus's generator (:func:`independent2.gen.fill`) from this corpus's own
seed. A notebook is serialised before its slots are filled (labels carry the raw ``.ipynb``
line) and archive members carry their own lines (``outer.tar.gz!member``).

The same seed gives byte-identical files. Labels use the schema of the benchmark's other corpora.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from independent2 import gen as slots  # noqa: E402

SEED = 20261206
_MTIME = 1_790_000_000


def _targz(members: dict[str, bytes]) -> bytes:
    """A deterministic .tar.gz: fixed times, owners and modes, no gzip name or time."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), _MTIME, 0o644
            info.uname = info.gname = "build"
            archive.addfile(info, io.BytesIO(data))
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as packed:
        packed.write(raw.getvalue())
    return out.getvalue()


def build() -> tuple[dict[str, bytes], list[dict[str, object]]]:
    """Every file of the corpus (path -> bytes) and its labels."""
    import files_code
    import files_data
    import files_lookalikes
    import files_ops

    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    for module in (files_code, files_ops, files_data, files_lookalikes):
        texts.update(module.FILES)
    texts["notebooks/reserving.ipynb"] = slots.notebook(files_data.NOTEBOOK_CELLS)
    files: dict[str, bytes] = {}
    labels: list[dict[str, object]] = []
    for name in sorted(texts):
        text, found = slots.fill(texts[name], rng, name)
        files[name] = text.encode("utf-8")
        labels.extend(found)
    for name, members in sorted(files_data.ARCHIVES.items()):
        packed: dict[str, bytes] = {}
        for member, template in members.items():
            text, found = slots.fill(template, rng, f"{name}!{member}")
            packed[member] = text.encode()
            labels.extend(found)
        files[name] = _targz(packed)
    return files, labels


def write(root: Path) -> None:
    files, labels = build()
    target = root / "files"
    if target.exists():
        for old in sorted(target.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    lines = [json.dumps(label, sort_keys=True) for label in labels]
    (root / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / "independent3")

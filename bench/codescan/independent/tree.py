"""Documents with planted values, and the tree of files (and archives) they are written into.

A ``Doc`` is a text file built line by line; ``doc.t(...)`` plants a true credential and
``doc.f(...)`` a look-alike, each given as a line template holding ``§`` where the value goes.
The line numbers of every planted value are known when the file is written, so labels never
have to be found again by searching the text (notebooks excepted: their raw JSON lines are
located after serialisation).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import zipfile
from dataclasses import dataclass, field

PH = "§"
_ZIP_TIME = (2026, 10, 1, 12, 0, 0)


@dataclass
class Mark:
    kind: str  # "true" or "lookalike"
    family: str
    variant: str
    value: str
    line: int
    end_line: int
    cell: str = ""
    cell_line: int = 0


class Doc:
    def __init__(self, *text: str) -> None:
        self.lines: list[str] = []
        self.marks: list[Mark] = []
        self(*text)

    def __call__(self, *text: str) -> Doc:
        """Plain lines (each argument may hold several, separated by newlines)."""
        for chunk in text:
            self.lines.extend(chunk.split("\n"))
        return self

    def _put(
        self, kind: str, family: str, variant: str, text: str, value: str, up: int, down: int
    ) -> Doc:
        if PH not in text:
            raise ValueError(f"template without {PH}: {text!r}")
        start = len(self.lines) + text[: text.index(PH)].count("\n") + 1
        self.lines.extend(text.replace(PH, value).split("\n"))
        end = start + value.count("\n")
        self.marks.append(Mark(kind, family, variant, value, start - up, end + down))
        return self

    def t(
        self, family: str, variant: str, text: str, value: str, up: int = 0, down: int = 0
    ) -> Doc:
        """A true credential; ``up``/``down`` widen the label to lines around it (a key pair)."""
        return self._put("true", family, variant, text, value, up, down)

    def f(self, family: str, variant: str, text: str, value: str) -> Doc:
        """A look-alike a good scanner must not report."""
        return self._put("lookalike", family, variant, text, value, 0, 0)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class Cell:
    kind: str  # "code" or "markdown"
    source: Doc
    outputs: list[tuple[str, Doc]] = field(default_factory=list)
    """(mime or "stream", document); a mime output holds one line."""


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


class Tree:
    """Files by relative path, with their labels; nests into zip archives."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.labels: list[dict[str, object]] = []
        self.values: list[str] = []
        """The planted value of each label (kept in memory for tests, never written)."""

    def _label(self, path: str, m: Mark, whole_file: bool = False) -> None:
        row: dict[str, object] = {
            "file": path,
            "line": m.line,
            "end_line": m.end_line,
            "family": m.family,
            "kind": m.kind,
            "variant": m.variant,
            "value_sha256": _sha(m.value),
        }
        if m.cell:
            row["cell"], row["cell_line"] = m.cell, m.cell_line
        if whole_file:
            row["whole_file"] = True
        self.labels.append(row)
        self.values.append(m.value)

    def add(self, path: str, doc: Doc, encoding: str = "utf-8", crlf: bool = False) -> None:
        if path in self.files:
            raise ValueError(f"two files at {path}")
        text = doc.text().replace("\n", "\r\n") if crlf else doc.text()
        self.files[path] = text.encode(encoding)  # "utf-16" writes a byte-order mark
        for m in doc.marks:
            self._label(path, m)

    def blob(self, path: str, data: bytes, marks: list[Mark]) -> None:
        """A binary file; its labels cover the whole file."""
        self.files[path] = data
        for m in marks:
            self._label(path, m, whole_file=True)

    def nest(self, path: str, sub: Tree) -> None:
        """``sub`` as an archive at ``path`` (zip, or gzip-compressed tar for ``.tar.gz``);
        its labels are named ``path!member``."""
        self.files[path] = sub.to_tar_gz() if path.endswith(".tar.gz") else sub.to_zip()
        for row, value in zip(sub.labels, sub.values, strict=True):
            self.labels.append({**row, "file": f"{path}!{row['file']}"})
            self.values.append(value)

    def to_tar_gz(self) -> bytes:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tf:
            for name in sorted(self.files):
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = len(self.files[name]), 1_790_000_000, 0o644
                tf.addfile(info, io.BytesIO(self.files[name]))
        return gzip.compress(buf.getvalue(), mtime=0)

    def to_zip(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, self.files[name])
        return buf.getvalue()

    def notebook(self, path: str, cells: list[Cell]) -> None:
        """A Jupyter notebook in nbformat 4 layout; labels on the raw ``.ipynb`` line."""
        nb_cells: list[dict[str, object]] = []
        pending: list[Mark] = []
        count = 0
        for i, cell in enumerate(cells, 1):
            lines = cell.source.lines
            source = [ln + "\n" for ln in lines[:-1]] + lines[-1:]
            for m in cell.source.marks:
                pending.append(
                    Mark(m.kind, m.family, m.variant, m.value, 0, 0, f"cell {i}", m.line)
                )
            if cell.kind == "markdown":
                nb_cells.append({"cell_type": "markdown", "metadata": {}, "source": source})
                continue
            count += 1
            outputs: list[dict[str, object]] = []
            for j, (mime, out) in enumerate(cell.outputs, 1):
                for m in out.marks:
                    pending.append(
                        Mark(m.kind, m.family, m.variant, m.value, 0, 0, f"cell {i} output {j}", m.line)
                    )  # fmt: skip
                olines = [ln + "\n" for ln in out.lines[:-1]] + out.lines[-1:]
                if mime == "stream":
                    outputs.append({"name": "stdout", "output_type": "stream", "text": olines})
                else:
                    outputs.append(
                        {
                            "data": {mime: "".join(olines), "text/plain": ["<Figure>"]},
                            "metadata": {},
                            "output_type": "display_data",
                        }
                    )
            nb_cells.append(
                {
                    "cell_type": "code",
                    "execution_count": count,
                    "id": f"c{i:02d}",
                    "metadata": {},
                    "outputs": outputs,
                    "source": source,
                }
            )
        nb = {
            "cells": nb_cells,
            "metadata": {
                "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                "language_info": {"name": "python", "version": "3.11.9"},
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
        text = json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
        self.files[path] = text.encode()
        for m in pending:
            needle = json.dumps(m.value, ensure_ascii=False)[1:-1]
            if text.count(needle) != 1:
                raise ValueError(f"{path}: a planted value is not unique in the notebook")
            m.line = m.end_line = text[: text.index(needle)].count("\n") + 1
            self._label(path, m)

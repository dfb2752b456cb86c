"""Bytes to text: byte-order marks, UTF-16 without a BOM, UTF-8, a Latin-1 fallback, notebooks.

:func:`sniff` decides from a file's first bytes whether it is text and in which encoding;
:func:`decode_stream` then turns a binary stream into text pieces of bounded size, so a file of
any length (or a single line of megabytes) is read in constant memory. :func:`notebook_parts`
turns a Jupyter notebook into its cells' sources and outputs, each labelled, so a finding can
name the cell it sits in.
"""

from __future__ import annotations

import bisect
import codecs
import json
import json.decoder
import json.scanner
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

SNIFF_BYTES = 8192
"""How much of a file decides whether it is text."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Longest first: a UTF-32 LE BOM starts with the UTF-16 LE one."""

_TEXT_CONTROLS = frozenset(b"\t\n\r\f\b\x1b\x0b")


def sniff(head: bytes) -> str | None:
    """The encoding to read a file with, or ``None`` when its first bytes say it is binary."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    if not head:
        return "utf-8"
    if b"\x00" in head:
        return _utf16_without_bom(head)
    if _looks_utf8(head):
        return "utf-8"
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS)
    if controls * 10 > len(head):
        return None
    return "latin-1"


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text of mostly ASCII has a zero in every other byte; anything else with NULs is binary."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.7 and even_nul < 0.1:
        return "utf-16-le"
    if even_nul > 0.7 and odd_nul < 0.1:
        return "utf-16-be"
    return None


def _looks_utf8(head: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        # Not final: the sniffed head may end inside a multi-byte character.
        decoder.decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def decode_stream(stream: IO[bytes], encoding: str, *, chunk_bytes: int = 1 << 20) -> Iterator[str]:
    """Text pieces of at most about ``chunk_bytes`` characters; undecodable bytes become U+FFFD."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    while True:
        block = stream.read(chunk_bytes)
        if not block:
            break
        text = decoder.decode(block, final=False)
        if text:
            yield text
    tail = decoder.decode(b"", final=True)
    if tail:
        yield tail


def decode_bytes(data: bytes) -> str | None:
    """The whole of ``data`` as text, or ``None`` when it is binary. For small inputs only."""
    encoding = sniff(data[:SNIFF_BYTES])
    if encoding is None:
        return None
    return data.decode(encoding, errors="replace")


def is_notebook(path: str) -> bool:
    return path.lower().endswith(".ipynb")


class _Located(str):
    """A JSON string value that remembers where its literal starts in the raw text."""

    at: int


_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class _Dumped(_Located):
    """A JSON output value serialised again for scanning: located at its first string."""


def _located_loads(text: str) -> Any:
    """``json.loads`` whose string values carry ``.at``: the raw offset just past the opening
    quote (the pure-Python scanner is used, since the C one cannot report positions)."""
    decoder = json.JSONDecoder()

    def parse_string(s: str, end: int, strict: bool = True) -> tuple[str, int]:
        value, stop = _scanstring(s, end, strict)
        located = _Located(value)
        located.at = end
        return located, stop

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder.decode(text)


class _RawLines:
    """Offsets in a JSON text to 1-based (line, column) of the raw file."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        find = text.find
        pos = find("\n")
        while pos >= 0:
            self.starts.append(pos + 1)
            pos = find("\n", pos + 1)

    def raw_offset(self, value: _Located, k: int) -> int:
        """Where the ``k``-th decoded character of ``value`` sits in the raw literal."""
        text, i = self.text, value.at
        for _ in range(min(k, len(value))):
            if text[i] != "\\":
                i += 1
            elif text[i + 1] != "u":
                i += 2
            else:
                code = int(text[i + 2 : i + 6], 16)
                pair = 0xD800 <= code < 0xDC00 and text[i + 6 : i + 8] == "\\u"
                i += 12 if pair and 0xDC00 <= int(text[i + 8 : i + 12], 16) < 0xE000 else 6
        return i

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


@dataclass(frozen=True)
class NotebookPart:
    """One cell's source, or one of its outputs, as scanned text that knows its raw lines."""

    label: str
    """``cell 3`` or ``cell 3 output 1`` (1-based)."""
    text: str
    pieces: tuple[tuple[int, str], ...]
    """``(offset in text, JSON string it came from)``, in order."""
    raw: _RawLines

    @property
    def output(self) -> bool:
        """An output (printed text, a result, a traceback): console text, read as a log is."""
        return " output " in self.label

    def locate(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the raw ``.ipynb`` of ``text[offset]``."""
        i = max(bisect.bisect_right(self.pieces, offset, key=lambda piece: piece[0]) - 1, 0)
        start, value = self.pieces[i]
        k = max(0, offset - start)
        while not isinstance(value, _Located) and i > 0:  # a joining newline: the line before
            i -= 1
            value = self.pieces[i][1]
            k = len(value)
        if not isinstance(value, _Located) or value.at < 0:
            return 0, 0
        if isinstance(value, _Dumped):
            k = 0  # a JSON output re-serialised: its first string's place stands for all of it
        return self.raw.where(self.raw.raw_offset(value, k))


def notebook_parts(data: bytes) -> list[NotebookPart] | None:
    """A notebook's text as labelled parts: each cell's source, then each output.

    Every part maps an offset in its text back to the line and column of the raw ``.ipynb``
    file, so a finding points at the line a person (or GitHub) sees. ``None`` when the file is
    not a notebook in JSON form; the caller then scans it as plain text.
    """
    text = decode_bytes(data)
    if text is None:
        return None
    try:
        document = _located_loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        return None
    raw = _RawLines(text)
    parts: list[NotebookPart] = []

    def add(label: str, pieces: list[str]) -> None:
        spans: list[tuple[int, str]] = []
        offset = 0
        for piece in pieces:
            if piece:
                spans.append((offset, piece))
                offset += len(piece)
        if spans:
            parts.append(NotebookPart(label, "".join(p for _, p in spans), tuple(spans), raw))

    for number, cell in enumerate(document["cells"], start=1):
        if not isinstance(cell, dict):
            continue
        add(f"cell {number}", _lines(cell.get("source")))
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        # A value the cell prints or shows alone (print(os.environ["API_KEY"])) is read as bound
        # to the name it was printed by.
        shown = _printed_name("".join(_lines(cell.get("source"))))
        for index, output in enumerate(outputs, start=1):
            pieces = _output_pieces(output)
            printed = "".join(str(p) for p in pieces).strip()
            if shown is not None and printed and not any(c.isspace() for c in printed):
                pieces = [f"{shown} = ", *pieces]
            add(f"cell {number} output {index}", pieces)
    return parts


def _printed_name(source: str) -> str | None:
    from assess.codescan import grammar  # with the detector; an empty tree never loads it

    return grammar.printed_name(source)


def _lines(value: Any) -> list[str]:
    """nbformat stores multi-line strings as a string or a list of lines."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _first_located(value: Any) -> _Located | None:
    if isinstance(value, _Located):
        return value
    children = (
        value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    )
    for child in children:
        found = _first_located(child)
        if found is not None:
            return found
    return None


def _output_pieces(output: Any) -> list[str]:
    if not isinstance(output, dict):
        return []
    groups = [_lines(output.get("text"))]
    data = output.get("data")
    if isinstance(data, dict):
        for mime in sorted(data):
            if mime.startswith("text/") or mime.endswith("json"):
                value = data[mime]
                if isinstance(value, dict):
                    # A JSON document: scanned as its dump, located at its first string.
                    dumped = _Dumped(json.dumps(value, indent=1))
                    first = _first_located(value)
                    dumped.at = first.at if first is not None else -1
                    groups.append([dumped] if first is not None else [str(dumped)])
                else:
                    groups.append(_lines(value))
    traceback = output.get("traceback")
    if isinstance(traceback, list):
        lines = [item for item in traceback if isinstance(item, str)]
        groups.append([piece for line in lines for piece in (line, "\n")][:-1])
    pieces: list[str] = []
    for group in groups:
        if not any(group):
            continue
        if pieces:
            pieces.append("\n")
        pieces.extend(group)
    return pieces

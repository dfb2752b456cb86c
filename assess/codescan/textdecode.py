"""Bytes to text: byte-order marks, UTF-16 without a BOM, UTF-8, a Latin-1 fallback, notebooks.

:func:`sniff` decides from a file's first bytes whether it is text and in which encoding;
:func:`decode_stream` then turns a binary stream into text pieces of bounded size, so a file of
any length (or a single line of megabytes) is read in constant memory. :func:`notebook_parts`
turns a Jupyter notebook into its cells' sources and outputs, each labelled, so a finding can
name the cell it sits in.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
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


def notebook_parts(data: bytes) -> list[tuple[str, str]] | None:
    """A notebook's text as ``(label, text)`` pairs: each cell's source, then each output.

    Labels read ``cell 3`` or ``cell 3 output 1`` (1-based). ``None`` when the file is not a
    notebook in JSON form; the caller then scans it as plain text.
    """
    text = decode_bytes(data)
    if text is None:
        return None
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        return None
    parts: list[tuple[str, str]] = []
    for number, cell in enumerate(document["cells"], start=1):
        if not isinstance(cell, dict):
            continue
        source = _joined(cell.get("source"))
        if source:
            parts.append((f"cell {number}", source))
        outputs = cell.get("outputs")
        if not isinstance(outputs, list):
            continue
        for index, output in enumerate(outputs, start=1):
            body = _output_text(output)
            if body:
                parts.append((f"cell {number} output {index}", body))
    return parts


def _joined(value: Any) -> str:
    """nbformat stores multi-line strings as a string or a list of lines."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(item for item in value if isinstance(item, str))
    return ""


def _output_text(output: Any) -> str:
    if not isinstance(output, dict):
        return ""
    pieces = [_joined(output.get("text"))]
    data = output.get("data")
    if isinstance(data, dict):
        for mime in sorted(data):
            if mime.startswith("text/") or mime.endswith("json"):
                value = data[mime]
                pieces.append(
                    _joined(value) if not isinstance(value, dict) else json.dumps(value, indent=1)
                )
    traceback = output.get("traceback")
    if isinstance(traceback, list):
        pieces.append("\n".join(item for item in traceback if isinstance(item, str)))
    return "\n".join(piece for piece in pieces if piece)

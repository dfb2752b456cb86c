"""Text inside binary files: printable ASCII and UTF-16LE runs, as ``strings`` prints them.

Native libraries, compiled classes (``.class`` in a jar), .NET assemblies and opaque blobs keep
their string constants as runs of printable characters: ASCII or UTF-8 bytes, or UTF-16LE (two
bytes a character, as .NET and Windows store them). :func:`string_runs` reads a binary stream in
blocks of bounded size and hands back, per block, the runs of at least :data:`MIN_RUN`
characters as text, one run a line, with a map from a position in that text to the byte offset
of the character in the file. The detector then scans that text like any other.

Bounded work: at most :data:`MAX_BYTES` of one file or archive member are read; a run longer
than :data:`MAX_RUN` characters is cut there. Media and compressed data, where printable runs
are noise, are recognised by their magic bytes and not read (:func:`is_noise`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

MIN_RUN = 8
"""Shortest run kept, in characters (``strings`` uses 4; credentials are longer than 8)."""
MAX_RUN = 64 << 10
"""A run is cut at this many characters (a base64 blob inside a binary stays bounded)."""
MAX_BYTES = 64 << 20
"""Bytes of one binary file or member read for strings; the rest is reported as not read."""
BLOCK_BYTES = 4 << 20

_ASCII = re.compile(rb"[\x20-\x7e\t]{%d,%d}" % (MIN_RUN, MAX_RUN))
_UTF16LE = re.compile(rb"(?:[\x20-\x7e\t]\x00){%d,%d}" % (MIN_RUN, MAX_RUN))

_NOISE_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"RIFF",  # WAV, AVI, WebP
    b"OggS",
    b"fLaC",
    b"ID3",  # MP3
    b"\x1a\x45\xdf\xa3",  # Matroska, WebM
    b"wOFF",
    b"wOF2",
    b"\x00\x01\x00\x00\x00",  # TrueType
    b"OTTO",  # OpenType
    b"\x1f\x8b",  # gzip that is not a tar
    b"BZh",
    b"\xfd7zXZ\x00",
    b"(\xb5/\xfd",  # zstd
    b"7z\xbc\xaf\x27\x1c",
)


def is_noise(head: bytes) -> bool:
    """Media, fonts and compressed data: printable runs in them are chance, not strings."""
    return head.startswith(_NOISE_MAGIC) or head[4:8] == b"ftyp"  # MP4, MOV, HEIC


@dataclass(frozen=True)
class Strings:
    """The runs of one block as text (one run a line) and where each run sits in the file."""

    text: str
    starts: tuple[int, ...]
    """Offset in ``text`` where each run begins."""
    offsets: tuple[int, ...]
    """Byte offset in the file where each run begins."""
    widths: tuple[int, ...]
    """Bytes a character: 1 (ASCII) or 2 (UTF-16LE)."""

    def byte_offset(self, position: int) -> int:
        """The file's byte offset of ``text[position]``."""
        i = max(bisect.bisect_right(self.starts, position) - 1, 0)
        return self.offsets[i] + (position - self.starts[i]) * self.widths[i]


_MARSHAL_SHORT = frozenset(b"zZaA")
"""Python marshal's short-string type codes (``z``/``Z`` ASCII, ``a``/``A`` interned), each
followed by a one-byte length; with the reference flag (0x80) set the code is not printable."""
_MARSHAL_FLAGGED = frozenset(c | 0x80 for c in _MARSHAL_SHORT)


def _length_prefix(block: bytes, at: int, run: bytes) -> int:
    """How many leading bytes of an ASCII run are a string's type and length header rather than
    text: a Java class constant (tag 1, two length bytes) or a Python marshal short string
    (``.pyc``). Only a header whose length fits inside the run counts; 0 when there is none."""
    if len(run) < 2:
        return 0
    if at >= 2 and block[at - 2 : at] == b"\x01\x00" and run[0] + 1 <= len(run):
        return 1  # CONSTANT_Utf8: 0x01, length high byte 0, length low byte printable
    if at >= 1 and block[at - 1] in _MARSHAL_FLAGGED and run[0] + 1 <= len(run):
        return 1
    if run[0] in _MARSHAL_SHORT and run[1] + 2 <= len(run):
        return 2
    return 0


def _ascii_runs(block: bytes) -> list[tuple[int, str, int]]:
    """ASCII runs, with a length-prefixed string cut out into a line of its own: its header
    and whatever printable bytes follow it would otherwise hide where a credential starts and
    ends (``zESG.xxxxN)`` for SendGrid's ``SG.xxxx`` in a ``.pyc``)."""
    out = []
    for m in _ASCII.finditer(block):
        run, at = m.group(), m.start()
        cut = _length_prefix(block, at, run)
        if cut:
            size = run[cut - 1]
            for piece_at, piece in (
                (at, run[:cut]),
                (at + cut, run[cut : cut + size]),
                (at + cut + size, run[cut + size :]),
            ):
                if piece:
                    out.append((piece_at, piece.decode("ascii"), 1))
            continue
        out.append((at, run.decode("ascii"), 1))
    return out


def _runs(block: bytes, base: int) -> Strings | None:
    found = _ascii_runs(block)
    found += [(m.start(), m.group().decode("utf-16-le"), 2) for m in _UTF16LE.finditer(block)]
    if not found:
        return None
    found.sort()
    starts, offsets, widths, lines = [], [], [], []
    position = 0
    for at, text, width in found:
        starts.append(position)
        offsets.append(base + at)
        widths.append(width)
        lines.append(text)
        position += len(text) + 1
    return Strings("\n".join(lines), tuple(starts), tuple(offsets), tuple(widths))


def string_runs(stream: IO[bytes], first: bytes = b"") -> Iterator[Strings]:
    """The printable runs of a binary stream, block by block (``first`` is already read).

    A run that reaches the end of a block is carried into the next one, so no run is split
    by block boundaries. Stops after :data:`MAX_BYTES`; :func:`read_all` tells whether it did.
    """
    base = 0
    carry = first
    read = len(first)
    while True:
        want = min(BLOCK_BYTES, MAX_BYTES - read)
        block = stream.read(want) if want > 0 else b""
        read += len(block)
        data = carry + block
        final = not block
        if not data:
            return
        cut = len(data) if final else _safe_cut(data)
        strings = _runs(data[:cut], base)
        if strings is not None:
            yield strings
        base += cut
        carry = data[cut:]
        if final:
            return


def _safe_cut(data: bytes) -> int:
    """Where to end a block so that no run (ASCII or UTF-16LE) is cut: after the last byte that
    can belong to neither, within the last :data:`MAX_RUN` * 2 bytes."""
    floor = max(0, len(data) - 2 * MAX_RUN - 2)
    for i in range(len(data) - 1, floor - 1, -1):
        b = data[i]
        if (b < 0x20 and b not in (0x09, 0x00)) or b > 0x7E:
            return i + 1
    return len(data)

"""Opening build artifacts: zip (jar, war, ear, whl, nupkg, ...) and tar (plain, gz, bz2, xz).

Members are handed out one at a time as streams, so an archive never has to fit in memory. Every
top-level archive gets one :class:`Budget` shared by everything nested in it: the number of
members, the total expanded bytes, the nesting depth and the compression ratio of each member are
bounded, and crossing a bound raises :class:`ArchiveLimitError`, which the scanner records as a
finding of its own (an archive bomb) instead of expanding on. Sizes are charged *before* a
member is read, from the size the archive declares, and zip members cannot yield more than they
declare, so a lying header cannot make the walker expand more than the budget allows.
"""

from __future__ import annotations

import lzma
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

ZIP_SUFFIXES = (
    ".zip",
    ".jar",
    ".war",
    ".ear",
    ".aar",
    ".whl",
    ".nupkg",
    ".snupkg",
    ".vsix",
    ".egg",
    ".apk",
)
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")

RATIO_FLOOR_BYTES = 1 << 20
"""A member smaller than this is never a ratio bomb, whatever its ratio (tiny files compress well)."""

SPOOL_BYTES = 8 << 20
"""Nested zips larger than this are spooled to a temporary file instead of memory."""

MALFORMED = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    OverflowError,
    UnicodeDecodeError,
    # tarfile's gzip reader calls ord() on an empty read when a header is cut short (Python 3.11).
    TypeError,
)
"""What the standard library raises for a damaged, truncated, encrypted or exotic archive."""


class ArchiveLimitError(Exception):
    """An archive broke one of the limits: ``limit`` names which."""

    def __init__(self, limit: str, detail: str) -> None:
        super().__init__(f"{limit}: {detail}")
        self.limit = limit
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Limits:
    max_depth: int = 4
    """Archives inside archives: a top-level archive is depth 1."""
    max_members: int = 20_000
    max_expanded_bytes: int = 2 << 30
    max_ratio: float = 200.0


@dataclass
class Budget:
    """What one top-level archive (with everything nested in it) has used so far."""

    limits: Limits
    members: int = 0
    expanded: int = 0

    def charge(self, name: str, size: int, compressed: int | None) -> None:
        self.members += 1
        if self.members > self.limits.max_members:
            raise ArchiveLimitError(
                "members", f"more than {self.limits.max_members} members (at {name})"
            )
        size = max(size, 0)
        refused = self.refused(name, size, compressed)
        if refused:
            raise ArchiveLimitError("ratio", refused)
        self.expanded += size
        if self.expanded > self.limits.max_expanded_bytes:
            raise ArchiveLimitError(
                "expanded_bytes",
                f"more than {self.limits.max_expanded_bytes} bytes expanded (at {name})",
            )

    def refused(self, name: str, size: int, compressed: int | None) -> str:
        """Why a member's compression ratio is refused, or ``""``."""
        if (
            compressed is not None
            and size > RATIO_FLOOR_BYTES
            and size > self.limits.max_ratio * max(compressed, 1)
        ):
            return (
                f"{name} expands {size} bytes from {compressed} (over {self.limits.max_ratio:g}:1)"
            )
        return ""


class _Counted:
    """A read-only stream that refuses to yield more than ``allowed`` bytes (a lying header)."""

    def __init__(self, raw: IO[bytes], allowed: int, name: str) -> None:
        self.raw = raw
        self.left = allowed
        self.name = name

    def read(self, n: int = -1) -> bytes:
        want = self.left + 1 if n is None or n < 0 else min(n, self.left + 1)
        data = self.raw.read(want)
        self.left -= len(data)
        if self.left < 0:
            raise ArchiveLimitError("expanded_bytes", f"{self.name} holds more than it declares")
        return data


@dataclass(frozen=True, slots=True)
class Member:
    name: str
    size: int
    stream: IO[bytes] | None
    refused: str = ""
    """Set (and ``stream`` is None) when this one member was not opened: its ratio is too high."""


def archive_kind(name: str, head: bytes) -> str | None:
    """``zip`` or ``tar`` when a file should be opened as an archive, from its name or its magic."""
    lower = name.lower()
    if lower.endswith(TAR_SUFFIXES):
        return "tar"
    if lower.endswith(ZIP_SUFFIXES):
        return "zip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if len(head) >= 262 and head[257:262] == b"ustar":
        return "tar"
    return None


def members(fileobj: IO[bytes], kind: str, name: str, budget: Budget) -> Iterator[Member]:
    """The regular-file members of an archive, each charged to ``budget`` before it is read."""
    if kind == "zip":
        yield from _zip_members(fileobj, name, budget)
    else:
        yield from _tar_members(fileobj, name, budget)


def _declared_entries(fileobj: IO[bytes]) -> int | None:
    """The entry count the end-of-central-directory record declares, read before any parsing."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:
        return None
    record = end_record(fileobj)
    fileobj.seek(0)
    index = getattr(zipfile, "_ECD_ENTRIES_TOTAL", 4)
    return int(record[index]) if record else None


def _zip_members(fileobj: IO[bytes], name: str, budget: Budget) -> Iterator[Member]:
    # A central directory of millions of entries would be parsed into memory before the member
    # limit could apply: refuse it from the count the archive declares.
    declared = _declared_entries(fileobj)
    if declared is not None and budget.members + declared > budget.limits.max_members:
        raise ArchiveLimitError(
            "members", f"{name} declares {declared} entries (limit {budget.limits.max_members})"
        )
    with zipfile.ZipFile(fileobj) as archive:
        for info in archive.infolist():
            inner = f"{name}!{info.filename}"
            refused = budget.refused(inner, info.file_size, info.compress_size)
            if refused:
                # Zip members are read on demand: skipping this one costs nothing, the rest is read.
                budget.charge(inner, 0, None)
                yield Member(info.filename, info.file_size, None, refused)
                continue
            # Every entry counts against the member limit, folders included.
            budget.charge(inner, 0 if info.is_dir() else info.file_size, info.compress_size)
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                continue  # encrypted: nothing to read without the password
            with archive.open(info) as raw:
                yield Member(info.filename, info.file_size, _stream(raw, info.file_size, inner))


def _stream(raw: IO[bytes], size: int, name: str) -> IO[bytes]:
    return _Counted(raw, size, name)  # type: ignore[return-value]


def _tar_members(fileobj: IO[bytes], name: str, budget: Budget) -> Iterator[Member]:
    compressed = _Position(fileobj)
    # Stream mode ("r|*"): no seeking, members in order, gzip/bzip2/xz detected from the magic.
    with tarfile.open(fileobj=compressed, mode="r|*") as archive:  # type: ignore[call-overload]
        for info in archive:
            inner = f"{name}!{info.name}"
            # Charged whether read or skipped: in stream mode a skipped member is decompressed too.
            # The ratio is the stream's so far: expanded bytes against compressed bytes consumed.
            budget.charge(inner, info.size if info.isfile() else 0, None)
            if not info.isfile():
                continue
            expanded = budget.expanded
            if expanded > RATIO_FLOOR_BYTES and expanded > budget.limits.max_ratio * max(
                compressed.consumed, 1
            ):
                raise ArchiveLimitError(
                    "ratio",
                    f"{name} expands to {expanded} bytes from {compressed.consumed} "
                    f"(over {budget.limits.max_ratio:g}:1)",
                )
            stream = archive.extractfile(info)
            if stream is None:
                continue
            yield Member(info.name, info.size, _stream(stream, info.size, inner))


class _Position:
    """Counts the compressed bytes a tar reader has consumed."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.consumed = 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.consumed += len(data)
        return data


@contextmanager
def seekable_copy(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    """A nested zip needs seeking: copy the member to memory, or to a temporary file when large."""
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        while True:
            block = stream.read(1 << 20)
            if not block:
                break
            spool.write(block)
        spool.seek(0)
        yield spool


__all__ = [
    "MALFORMED",
    "ArchiveLimitError",
    "Budget",
    "Limits",
    "Member",
    "archive_kind",
    "members",
    "seekable_copy",
]

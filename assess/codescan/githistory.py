"""Every blob a repository's history can reach, each read once, with the commit that introduced it.

``git rev-list --objects --all`` names every reachable object with a path; ``git cat-file
--batch-check`` keeps the blobs (deduplicated by blob id, so a file unchanged over a thousand
commits is read once) and their sizes; ``git log --all --reverse --raw`` gives, for each blob id,
the oldest commit that added or changed a path to it. Contents are streamed from one ``git
cat-file --batch`` process, blob after blob, without holding more than one read window.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from assess.errors import InputError


@dataclass(frozen=True, slots=True)
class Blob:
    oid: str
    path: str
    """A path the blob had in some commit (the first one ``rev-list`` names)."""
    size: int
    commit: str = ""
    """The oldest commit that introduced this blob at a path; ``""`` when only a merge did."""
    order: int = 0
    """The commit's position, oldest first: smaller means introduced earlier."""


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as exc:
        raise InputError(f"cannot run git for {repo}: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise InputError(
            f"git {args[0]} failed in {repo}: {message[0] if message else done.returncode}"
        )
    return done.stdout


def is_bare(repo: Path) -> bool:
    """True for a bare repository (a mirror clone): history without a work tree."""
    try:
        return _git(repo, "rev-parse", "--is-bare-repository").strip() == b"true"
    except InputError:
        return False


def is_shallow(repo: Path) -> bool:
    """True for a shallow clone, whose history stops at a grafted commit."""
    return _git(repo, "rev-parse", "--is-shallow-repository").strip() == b"true"


def history_blobs(repo: Path) -> list[Blob]:
    """Distinct blobs reachable from any ref, with a path and the commit that introduced each."""
    listed = _git(repo, "rev-list", "--objects", "--all")
    paths: dict[str, str] = {}
    for line in listed.decode("utf-8", errors="surrogateescape").splitlines():
        oid, _, path = line.partition(" ")
        if path and oid not in paths:
            paths[oid] = path
    if not paths:
        return []
    checked = _git(
        repo,
        "cat-file",
        "--batch-check=%(objectname) %(objecttype) %(objectsize)",
        stdin="".join(f"{oid}\n" for oid in paths).encode(),
    )
    sizes: dict[str, int] = {}
    for line in checked.decode().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] == "blob":
            sizes[parts[0]] = int(parts[2])
    introduced = _introducing_commits(repo)
    blobs = []
    for oid, size in sizes.items():
        # The path the blob had in the commit that introduced it (a later rename does not move
        # the finding to a path that commit never had).
        commit, order, path = introduced.get(oid, ("", 1 << 62, paths[oid]))
        blobs.append(Blob(oid, path or paths[oid], size, commit, order))
    blobs.sort(key=lambda blob: (blob.order, blob.path, blob.oid))
    return blobs


def _introducing_commits(repo: Path) -> dict[str, tuple[str, int, str]]:
    """blob id -> (oldest commit adding or modifying a path to it, that commit's position, the
    path it had there)."""
    log = _git(
        repo,
        "-c",
        "core.quotePath=false",
        "log",
        "--all",
        "--reverse",
        "--topo-order",
        "--format=commit %H",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "--diff-filter=AMT",
    )
    found: dict[str, tuple[str, int, str]] = {}
    commit = ""
    order = 0
    for line in log.decode("utf-8", errors="surrogateescape").splitlines():
        if line.startswith("commit "):
            commit = line[7:].strip()
            order += 1
        elif line.startswith(":"):
            head, _, path = line.partition("\t")
            fields = head.split()
            if len(fields) >= 4:
                new = fields[3]
                if new not in found:
                    found[new] = (commit, order, path)
    return found


class _BlobStream:
    """Exactly ``size`` bytes of a ``cat-file --batch`` answer, as a read-only stream."""

    def __init__(self, raw: IO[bytes], size: int) -> None:
        self.raw = raw
        self.left = size

    def read(self, n: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        want = self.left if n is None or n < 0 else min(n, self.left)
        data = self.raw.read(want)
        self.left -= len(data)
        if not data:
            self.left = 0
        return data

    def drain(self) -> None:
        while self.read(1 << 20):
            pass


def read_blobs(repo: Path, oids: Iterable[str]) -> Iterator[tuple[str, int, IO[bytes]]]:
    """``(oid, size, stream)`` for each blob, in order. Read (or leave) each stream before the next."""
    wanted = list(oids)
    process = subprocess.Popen(
        ["git", "-C", str(repo), "cat-file", "--batch"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def feed() -> None:
        try:
            for oid in wanted:
                stdin.write(f"{oid}\n".encode())
            stdin.close()
        except OSError:
            pass  # the reader stopped early

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        for _ in wanted:
            header = stdout.readline().decode("utf-8", errors="replace").split()
            if len(header) < 2:
                break
            if header[1] == "missing":
                continue
            oid, size = header[0], int(header[2])
            stream = _BlobStream(stdout, size)
            yield oid, size, stream  # type: ignore[misc]
            stream.drain()
            stdout.read(1)  # the newline after each object
    finally:
        stdout.close()
        process.kill()
        process.wait()
        writer.join(timeout=5)

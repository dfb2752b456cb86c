"""The code-scan driver: ``scan_paths(paths, options) -> CodeScanResult``.

Files are spread over a process pool (one detector per worker); each worker decodes its files,
runs the detector and turns every match into a redacted :class:`CodeFinding` before anything
leaves the worker, so secret values never cross a process boundary. Text is read in windows of
``window_chars`` characters that overlap by ``overlap_chars``, so memory stays bounded whatever
the file (a 2 GB log, a minified bundle on one line). A match is reported by the window where it
starts, and only when it starts before the overlap (the next window sees it whole), which makes
windowing invisible in the results for values shorter than the overlap.
"""

from __future__ import annotations

import itertools
import logging
import os
import secrets
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from assess import fingerprints
from assess.codescan import archives, binstrings, githistory, ids
from assess.codescan.allowlist import Allowlist, inline_reason
from assess.codescan.model import (
    ArchiveBomb,
    CodeFinding,
    CodeScanResult,
    ImportedReport,
    ScannerEvidence,
)
from assess.codescan.textdecode import (
    SNIFF_BYTES,
    decode_stream,
    is_notebook,
    notebook_parts,
    sniff,
)
from assess.codescan.walker import WalkStats, git_root, walk
from assess.errors import InputError

if TYPE_CHECKING:
    from concurrent.futures import Future

    from assess.codescan.detector import Detector, Match
    from assess.redact import Fingerprinter

log = logging.getLogger("assess.codescan")

BINARY_DETECT_BYTES = 4 << 20
"""Binary files up to this size are handed to the key-store detector (PFX/P12); larger are skipped."""

NOTEBOOK_MAX_BYTES = 64 << 20
"""Notebooks are parsed whole; a larger ``.ipynb`` is scanned as plain text."""

BATCH_FILES = 128
BATCH_BYTES = 16 << 20
MIN_BATCH_BYTES = 256 << 10
BATCHES_PER_WORKER = 4
"""A tree is cut into at least this many batches per worker (when it is large enough), so the
last batches to finish are small and no core idles while one works through a big batch."""
INLINE_BYTES = 4 << 20
"""Less than this in all is scanned in this process: starting a pool would cost more."""


@dataclass(frozen=True)
class ScanOptions:
    """How ``scan_paths`` runs. Every field has a safe default."""

    gitignore: bool = True
    git_history: bool = False
    max_archive_depth: int = 4
    max_archive_members: int = 20_000
    max_expanded_bytes: int = 2 << 30
    max_ratio: float = 200.0
    workers: int | None = None
    """Processes; ``None`` means one per core, ``1`` scans in this process."""
    engine: str = "auto"
    allowlist: Allowlist | None = None
    import_findings: tuple[Path, ...] = ()
    """Other scanners' reports to ingest (gitleaks, trufflehog, detect-secrets, SARIF)."""
    fingerprint_key: bytes | None = None
    """Key for fingerprints; ``None`` uses the run's key from :mod:`assess.redact`."""
    scanner_evidence: bool = True
    """Look for a secret scanner configured in each scanned repository."""
    window_chars: int = 1 << 20
    overlap_chars: int = 16 << 10
    progress: Callable[[int, int], None] | None = field(default=None, compare=False)
    """Called as files are scanned with (files, bytes) just done, for a progress display."""

    @property
    def limits(self) -> archives.Limits:
        return archives.Limits(
            max_depth=self.max_archive_depth,
            max_members=self.max_archive_members,
            max_expanded_bytes=self.max_expanded_bytes,
            max_ratio=self.max_ratio,
        )


# ---- what one worker reports ----------------------------------------------------------------
@dataclass
class Report:
    findings: list[CodeFinding] = field(default_factory=list)
    files: int = 0
    bytes: int = 0
    blobs: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    bombs: list[ArchiveBomb] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def add(self, other: Report) -> None:
        self.findings.extend(other.findings)
        self.files += other.files
        self.bytes += other.bytes
        self.blobs += other.blobs
        self.skipped.update(other.skipped)
        self.bombs.extend(other.bombs)
        self.errors.extend(other.errors)
        self.unreadable.extend(other.unreadable)


@dataclass(frozen=True, slots=True)
class FileTask:
    path: str
    display: str
    size: int


@dataclass(frozen=True, slots=True)
class BlobTask:
    repo: str
    blobs: tuple[tuple[str, str, str], ...]
    """``(blob id, display path, introducing commit)``."""


class _Metered:
    """Counts the bytes read through it (the file's own bytes, before decoding)."""

    def __init__(self, raw: IO[bytes], head: bytes = b"") -> None:
        self.raw = raw
        self.head = head
        self.read_bytes = len(head)

    def read(self, n: int = -1) -> bytes:
        if self.head:
            if n is None or n < 0:
                rest = self.raw.read()
                self.read_bytes += len(rest)
                data, self.head = self.head + rest, b""
                return data
            data, self.head = self.head[:n], self.head[n:]
            return data
        data = self.raw.read(n)
        self.read_bytes += len(data)
        return data


def _read_head(stream: IO[bytes]) -> bytes:
    head = b""
    while len(head) < SNIFF_BYTES:
        block = stream.read(SNIFF_BYTES - len(head))
        if not block:
            break
        head += block
    return head


@dataclass(frozen=True)
class WorkerConfig:
    engine: str
    key: bytes
    limits: archives.Limits
    allowlist: Allowlist
    window_chars: int
    overlap_chars: int
    stable_key: bool = False
    """The fingerprint key is the user's own (stable): ids then derive from the value."""
    credential_key: bytes = b""
    """The run's key for credential fingerprints (:func:`assess.fingerprints.run_key`), handed
    to the worker processes so that their fingerprints match the collected estate's."""


class FileScanner:
    """Scans files, archive members and blobs in one process, keeping only redacted findings."""

    def __init__(self, config: WorkerConfig) -> None:
        from assess.codescan.detector import Detector, detect_binary
        from assess.redact import Fingerprinter, preview

        self.config = config
        self.detector: Detector = Detector(engine=config.engine)
        self.detect_binary = detect_binary
        self.fingerprinter: Fingerprinter = Fingerprinter(config.key)
        self.preview = preview

    # -- entry points ---------------------------------------------------------------------
    def run(self, task: FileTask | BlobTask) -> Report:
        report = Report()
        if isinstance(task, FileTask):
            self.scan_file(task, report)
        else:
            self.scan_blobs(task, report)
        return report

    def scan_file(self, task: FileTask, report: Report) -> None:
        try:
            with open(task.path, "rb") as handle:
                self.scan_stream(handle, task.display, task.size, report, depth=0, budget=None)
        except OSError as exc:
            report.skipped["unreadable"] += 1
            report.errors.append(f"{task.display}: {exc.strerror or exc}")
            report.unreadable.append(task.display)
        except Exception as exc:  # one odd file must not end the whole scan
            # The exception's text may quote file content: only its type is ever shown.
            log.debug("scanning %s failed: %s", task.display, type(exc).__name__)
            report.skipped["failed"] += 1
            report.errors.append(f"{task.display}: could not be scanned ({type(exc).__name__})")
            report.unreadable.append(task.display)

    def scan_blobs(self, task: BlobTask, report: Report) -> None:
        commits = {oid: (display, commit) for oid, display, commit in task.blobs}
        for oid, size, stream in githistory.read_blobs(Path(task.repo), list(commits)):
            display, commit = commits[oid]
            found = Report()
            try:
                self.scan_stream(stream, display, size, found, depth=0, budget=None)
            except Exception as exc:  # one odd blob must not end the whole scan
                found.skipped["failed"] += 1
                found.errors.append(f"{display}: could not be scanned ({type(exc).__name__})")
                found.unreadable.append(display)
            for finding in found.findings:
                report.findings.append(replace(finding, commit=commit))
            report.blobs += 1
            report.bytes += found.bytes
            report.skipped.update(found.skipped)
            report.bombs.extend(
                replace(bomb, path=f"{bomb.path}@{commit[:12]}") for bomb in found.bombs
            )
            report.errors.extend(found.errors)
            report.unreadable.extend(found.unreadable)

    # -- one stream -----------------------------------------------------------------------
    def scan_stream(
        self,
        raw: IO[bytes],
        display: str,
        size: int,
        report: Report,
        *,
        depth: int,
        budget: archives.Budget | None,
    ) -> None:
        head = _read_head(raw)
        stream = _Metered(raw, head)
        name = display.rsplit("!", 1)[-1]
        kind = archives.archive_kind(name, head)
        if kind is not None:
            self._scan_archive(stream, raw, kind, display, report, depth=depth, budget=budget)
            return
        encoding = sniff(head)
        if encoding is None:
            self._scan_binary(stream, display, size, report)
            report.bytes += stream.read_bytes
            return
        report.files += 1
        if is_notebook(name) and size <= NOTEBOOK_MAX_BYTES:
            data = stream.read()
            parts = notebook_parts(data)
            if parts is not None:
                for part in parts:
                    self.scan_text(
                        [part.text],
                        display,
                        report,
                        cell=part.label,
                        locate=part.locate,
                        policy=f"{display}.log" if part.output else "",
                    )
                report.bytes += stream.read_bytes
                return
            self.scan_text([data.decode(encoding, errors="replace")], display, report)
        else:
            self.scan_text(
                decode_stream(stream, encoding, chunk_bytes=self.config.window_chars),  # type: ignore[arg-type]
                display,
                report,
            )
        report.bytes += stream.read_bytes

    def _scan_binary(self, stream: _Metered, display: str, size: int, report: Report) -> None:
        """Binary content: the key-store detector on the whole file (when small enough), and
        the printable ASCII and UTF-16LE strings in it through the text detector."""
        if binstrings.is_noise(stream.head):
            report.skipped["binary_media"] += 1
            return
        report.files += 1
        first = b""
        if size <= BINARY_DETECT_BYTES:
            first = stream.read(BINARY_DETECT_BYTES + 1)
            if len(first) <= BINARY_DETECT_BYTES:
                self._record(self.detect_binary(first, display), display, report, line_text=None)
        for strings in binstrings.string_runs(stream, first):  # type: ignore[arg-type]
            matches = self.detector.scan_text(strings.text, display)
            self._record(
                matches, display, report, line_text=strings.text, byte_offset=strings.byte_offset
            )
        if stream.read(1):
            report.skipped["binary_truncated"] += 1
            report.errors.append(
                f"{display}: binary content past {binstrings.MAX_BYTES >> 20} MB was not read "
                "for strings"
            )
            report.unreadable.append(display)

    def _scan_archive(
        self,
        stream: _Metered,
        raw: IO[bytes],
        kind: str,
        display: str,
        report: Report,
        *,
        depth: int,
        budget: archives.Budget | None,
    ) -> None:
        """Scan an archive's members; a broken limit or a damaged archive is recorded, not raised."""
        limits = self.config.limits
        if depth + 1 > limits.max_depth:
            report.bombs.append(
                ArchiveBomb(
                    path=display,
                    limit="depth",
                    detail=f"archive nested deeper than {limits.max_depth} levels; not opened",
                )
            )
            return
        top = budget is None
        budget = budget if budget is not None else archives.Budget(limits)
        try:
            if kind == "zip":
                seekable = raw.seekable() if hasattr(raw, "seekable") else False
                if seekable and raw.tell() == len(stream.head):
                    raw.seek(0)
                    self._scan_members(raw, kind, display, report, depth, budget)
                else:
                    with archives.seekable_copy(stream) as copy:  # type: ignore[arg-type]
                        self._scan_members(copy, kind, display, report, depth, budget)
            else:
                self._scan_members(stream, kind, display, report, depth, budget)  # type: ignore[arg-type]
        except archives.ArchiveLimitError as exc:
            if not top:
                raise
            report.bombs.append(ArchiveBomb(path=display, limit=exc.limit, detail=exc.detail))
        except archives.MALFORMED as exc:
            report.skipped["malformed_archive"] += 1
            report.errors.append(f"{display}: not a readable {kind} archive ({type(exc).__name__})")
            # What a damaged archive holds was not scanned either: it counts as not fully opened.
            report.bombs.append(
                ArchiveBomb(path=display, limit="damaged", detail=type(exc).__name__)
            )

    def _scan_members(
        self,
        fileobj: IO[bytes],
        kind: str,
        display: str,
        report: Report,
        depth: int,
        budget: archives.Budget,
    ) -> None:
        for member in archives.members(fileobj, kind, display, budget):
            inner = f"{display}!{member.name}"
            if member.stream is None:
                report.bombs.append(ArchiveBomb(path=inner, limit="ratio", detail=member.refused))
                continue
            self.scan_stream(
                member.stream, inner, member.size, report, depth=depth + 1, budget=budget
            )

    # -- text -----------------------------------------------------------------------------
    def scan_text(
        self,
        pieces: Iterable[str],
        display: str,
        report: Report,
        *,
        cell: str = "",
        locate: Callable[[int], tuple[int, int]] | None = None,
        policy: str = "",
    ) -> None:
        """Scan text arriving in pieces, in overlapping windows of bounded size.

        ``policy`` is the path whose file-type rules apply, when not ``display`` (a notebook's
        outputs are read as a log)."""
        window = self.config.window_chars
        overlap = self.config.overlap_chars
        buffer = ""
        line_at_base, column_at_base = 1, 0
        carry_end = 0
        base = 0
        iterator = iter(pieces)
        exhausted = False
        while True:
            while not exhausted and len(buffer) < window + overlap:
                piece = next(iterator, None)
                if piece is None:
                    exhausted = True
                else:
                    buffer += piece
            final = exhausted and len(buffer) <= window + overlap
            text = buffer if final else buffer[: window + overlap]
            limit = len(text) if final else window
            matches = [
                m
                for m in self.detector.scan_text(text, policy or display)
                if m.start < limit and base + m.start >= carry_end
            ]
            for match in matches:
                carry_end = max(carry_end, base + match.end) if not final else carry_end
            self._record(
                matches,
                display,
                report,
                line_text=text,
                line_at_base=line_at_base,
                column_at_base=column_at_base,
                cell=cell,
                locate=_shifted(locate, base) if locate else None,
            )
            if final:
                return
            consumed = buffer[:window]
            newlines = consumed.count("\n")
            line_at_base += newlines
            last = consumed.rfind("\n")
            column_at_base = window - last - 1 if last >= 0 else column_at_base + window
            buffer = buffer[window:]
            base += window

    def _record(
        self,
        matches: Sequence[Match],
        display: str,
        report: Report,
        *,
        line_text: str | None,
        line_at_base: int = 1,
        column_at_base: int = 0,
        cell: str = "",
        locate: Callable[[int], tuple[int, int]] | None = None,
        byte_offset: Callable[[int], int] | None = None,
    ) -> None:
        for match in matches:
            offset, length, note = -1, 0, ""
            if line_text is None:
                # Binary content: a whole-file detector has no line; a string run has an offset.
                line, column, marker, context = 0, 0, "", ""
                offset, length = match.start, match.end - match.start
                note = "binary file judged as a whole; no lines" if offset == 0 else ""
            else:
                # The detector's line and column are relative to this window's text.
                line = line_at_base + match.line - 1
                column = match.column if match.line > 1 else column_at_base + match.column
                if locate is not None:
                    line, column = locate(match.start)
                last = line_text.rfind("\n", max(0, match.start - 4096), match.start)
                start = last + 1 if last >= 0 else max(0, match.start - 4096)
                stop = line_text.find("\n", match.end, match.end + 4096)
                stop = stop if stop >= 0 else min(len(line_text), match.end + 4096)
                marker = inline_reason(line_text[start:stop])
                context = ids.line_context(line_text, match.start, match.end)
                if byte_offset is not None:
                    offset = byte_offset(match.start)
                    length = byte_offset(match.end) - offset
                    line, column = 0, 0
                    note = f"in a string read from binary content at byte {offset}"
            fingerprint = self.fingerprinter.fingerprint(match.secret)
            reason = marker or self.config.allowlist.reason_for(
                match.rule_id, display, fingerprint, match.secret
            )
            report.findings.append(
                CodeFinding(
                    rule_id=match.rule_id,
                    family=match.family,
                    severity=match.severity,
                    description=match.description,
                    path=display,
                    line=line,
                    column=column,
                    cell=cell,
                    offset=offset,
                    length=length,
                    location_note=note,
                    preview=self.preview(match.secret),
                    fingerprint=fingerprint,
                    credential_fingerprint=fingerprints.credential_fingerprint(
                        match.secret, self.config.credential_key or None
                    ),
                    id=ids.code_finding_id(
                        match.rule_id,
                        display,
                        context,
                        fingerprint if self.config.stable_key else "",
                    ),
                    value_group=fingerprint[:16],
                    allowlisted=reason,
                )
            )


def _shifted(
    locate: Callable[[int], tuple[int, int]], base: int
) -> Callable[[int], tuple[int, int]]:
    """``locate`` for offsets in a window that starts at ``base``."""
    return lambda offset: locate(base + offset)


# ---- the process pool -----------------------------------------------------------------------
_WORKER: FileScanner | None = None
_BUILT: dict[int, FileScanner] = {}
"""Scanners the driver compiled before starting a pool, by pool. Workers forked from the driver
(the default on Linux) inherit them and skip importing and compiling the rules again; workers
started afresh (spawn, forkserver) find none and build their own."""
_POOLS = itertools.count()


def _init_worker(config: WorkerConfig, pool: int = -1) -> None:
    global _WORKER
    _WORKER = _BUILT.get(pool) or FileScanner(config)


def _run_batch(batch: Sequence[FileTask | BlobTask]) -> Report:
    assert _WORKER is not None
    report = Report()
    for task in batch:
        report.add(_WORKER.run(task))
    return report


def _task_bytes(task: FileTask | BlobTask) -> int:
    return task.size if isinstance(task, FileTask) else BATCH_BYTES


def batch_bytes(total: int, workers: int) -> int:
    """How many bytes one batch holds: at most :data:`BATCH_BYTES`, and small enough that every
    worker gets several batches (a tree of a few megabytes still keeps every core busy)."""
    return max(MIN_BATCH_BYTES, min(BATCH_BYTES, total // max(workers * BATCHES_PER_WORKER, 1)))


def _batches(
    tasks: Iterable[FileTask | BlobTask], total: int, workers: int
) -> Iterator[list[FileTask | BlobTask]]:
    """Batches that shrink as the work left shrinks (each sized by :func:`batch_bytes` of what
    is left): few round trips at first, and small batches at the end, so that a worker slowed
    down by the machine's other load does not hold the whole scan up with a large last batch."""
    batch: list[FileTask | BlobTask] = []
    size = 0
    left = total
    limit = batch_bytes(left, workers)
    for task in tasks:
        batch.append(task)
        size += _task_bytes(task)
        if len(batch) >= BATCH_FILES or size >= limit:
            yield batch
            left -= size
            batch, size = [], 0
            limit = batch_bytes(left, workers)
    if batch:
        yield batch


def _run(
    tasks: list[FileTask | BlobTask],
    config: WorkerConfig,
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    tick = progress or (lambda files, done: None)
    total = Report()
    if not tasks:
        return total  # nothing to read: the rules are not even compiled
    size = sum(_task_bytes(t) for t in tasks)
    scanner = FileScanner(config)  # compiled once, here: forked workers inherit it
    if workers <= 1 or len(tasks) < 2 or size < INLINE_BYTES:
        for task in tasks:
            total.add(scanner.run(task))
            tick(1, _task_bytes(task))
        return total
    key = next(_POOLS)
    _BUILT[key] = scanner
    try:
        _pool_run(tasks, config, workers, size, key, total, tick)
    finally:
        del _BUILT[key]
    return total


def _pool_run(
    tasks: list[FileTask | BlobTask],
    config: WorkerConfig,
    workers: int,
    size: int,
    key: int,
    total: Report,
    tick: Callable[[int, int], None],
) -> None:
    # Imported here: the process pool and multiprocessing cost an empty scan's start-up.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(config, key)
    ) as pool:
        pending: dict[Future[Report], tuple[int, int]] = {}

        def finish(futures: Iterable[Future[Report]]) -> None:
            for future in futures:
                total.add(future.result())
                tick(*pending.pop(future))

        for batch in _batches(tasks, size, workers):
            future = pool.submit(_run_batch, batch)
            pending[future] = (len(batch), sum(_task_bytes(t) for t in batch))
            if len(pending) >= workers * 4:
                finish(wait(pending, return_when=FIRST_COMPLETED).done)
        finish(list(pending))


# ---- the driver -----------------------------------------------------------------------------
def _utf8(name: str) -> str:
    """A file name as text every output can carry: bytes that are not UTF-8 (kept by the OS as
    surrogates) become ``\\xNN`` escapes instead of breaking JSON and SARIF."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _display_prefixes(roots: Sequence[Path]) -> list[str]:
    """With one root, paths are relative to it; with several, each is prefixed by its root's name."""
    if len(roots) == 1:
        return [""]
    names: list[str] = []
    for root in roots:
        name = root.resolve().name or "root"
        candidate, n = name, 2
        while candidate in names:
            candidate, n = f"{name}~{n}", n + 1
        names.append(candidate)
    return [f"{name}/" for name in names]


def root_names(paths: Sequence[Path | str]) -> list[str]:
    """How each root is named in finding paths (``""`` for a single root)."""
    return _display_prefixes([Path(p) for p in paths])


def _history_tasks(
    root: Path, prefix: str, report: Report, commit_order: dict[str, int]
) -> list[FileTask | BlobTask]:
    """Blob batches of ``root``'s repository (limited to ``root`` when it is a subfolder)."""
    top = git_root(root)
    if top is None and root.is_dir() and githistory.is_bare(root):
        top = root  # a bare or mirror clone: all history, no work tree
    if top is None:
        report.errors.append(f"{root}: not in a git repository; --git-history skipped")
        return []
    below = root.resolve().relative_to(top.resolve()).as_posix()
    below = "" if below == "." else below
    single_file = not root.is_dir()
    if githistory.is_shallow(top):
        # CI checkouts are often shallow (depth 1): the older history is not there to scan.
        note = (
            f"{root}: a shallow clone; history before its oldest commit was not scanned "
            "(fetch it with git fetch --unshallow)"
        )
        report.errors.append(note)
        report.unreadable.append(prefix + "(history before the shallow clone's oldest commit)")
    blobs = githistory.history_blobs(top)
    for blob in blobs:
        commit_order.setdefault(blob.commit, blob.order)
    tasks: list[FileTask | BlobTask] = []
    chunk: list[tuple[str, str, str]] = []
    chunk_bytes = 0
    for blob in blobs:
        if single_file:
            if blob.path != below:
                continue
            rel = root.name
        elif below and not blob.path.startswith(below + "/"):
            continue
        else:
            rel = blob.path[len(below) + 1 :] if below else blob.path
        chunk.append((blob.oid, prefix + rel, blob.commit))
        chunk_bytes += blob.size
        if len(chunk) >= 256 or chunk_bytes >= BATCH_BYTES:
            tasks.append(BlobTask(str(top), tuple(chunk)))
            chunk, chunk_bytes = [], 0
    if chunk:
        tasks.append(BlobTask(str(top), tuple(chunk)))
    return tasks


def _history_first(findings: list[CodeFinding], order: dict[str, int]) -> list[CodeFinding]:
    """One finding per value and path: the one from the oldest commit that introduced it."""
    best: dict[tuple[str, str, str], CodeFinding] = {}
    for finding in findings:
        key = (finding.rule_id, finding.fingerprint, finding.path)
        held = best.get(key)
        if held is None or order.get(finding.commit, 1 << 62) < order.get(held.commit, 1 << 62):
            best[key] = finding
    return list(best.values())


def scan_paths(paths: Sequence[Path | str], options: ScanOptions | None = None) -> CodeScanResult:
    """Scan files, folders, archives (and history) under ``paths``; only redacted findings come back."""
    from assess.codescan import engines

    options = options or ScanOptions()
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise InputError(f"path not found: {root}")
    # Which engine runs, without compiling the rules here (the workers do, when there is work).
    engine_name = engines.build([engines.Anchor("=")], options.engine).name
    key = options.fingerprint_key if options.fingerprint_key is not None else run_key()
    config = WorkerConfig(
        engine=options.engine,
        key=key,
        limits=options.limits,
        allowlist=options.allowlist or Allowlist(),
        window_chars=options.window_chars,
        overlap_chars=options.overlap_chars,
        stable_key=options.fingerprint_key is not None or redact_env_key_set(),
        credential_key=fingerprints.run_key(),
    )
    total = Report()
    stats = WalkStats()
    tasks: list[FileTask | BlobTask] = []
    history: list[FileTask | BlobTask] = []
    commit_order: dict[str, int] = {}
    for root, prefix in zip(roots, _display_prefixes(roots), strict=True):
        for entry in walk(root, gitignore=options.gitignore, stats=stats):
            if root.is_dir():
                display = prefix + entry.display
            else:  # a file named on the command line (as pre-commit passes them): as given
                display = root.as_posix() if prefix else entry.display
            tasks.append(FileTask(str(entry.path), _utf8(display), entry.size))
        if options.git_history:
            history.extend(_history_tasks(root, prefix, total, commit_order))
    workers = options.workers if options.workers is not None else (os.cpu_count() or 1)
    # Large files first, so one big file does not finish last on an otherwise idle pool.
    tasks.sort(key=lambda task: -task.size if isinstance(task, FileTask) else 0)
    total.add(_run(tasks, config, workers, options.progress))
    if history:
        found = _run(history, config, workers, options.progress)
        total.findings.extend(_history_first(found.findings, commit_order))
        total.blobs += found.blobs
        total.bytes += found.bytes
        total.bombs.extend(found.bombs)
        total.errors.extend(found.errors)
        total.unreadable.extend(found.unreadable)
    if stats.ignored:
        total.skipped["ignored"] += stats.ignored
    if stats.not_regular:
        total.skipped["not_regular"] += stats.not_regular
    evidence = _evidence(roots) if options.scanner_evidence else []
    imported, reports = _imports(options, key, config.allowlist)
    return CodeScanResult(
        roots=tuple(str(root) for root in roots),
        files_scanned=total.files,
        bytes_scanned=total.bytes,
        blobs_scanned=total.blobs,
        skipped=dict(sorted(total.skipped.items())),
        bombs=tuple(sorted(set(total.bombs), key=lambda b: (b.path, b.limit))),
        findings=_numbered(total.findings),
        imported=tuple(sorted(set(imported), key=CodeFinding.sort_key)),
        imported_reports=tuple(reports),
        scanner_evidence=tuple(evidence),
        engine=engine_name,
        rules_version=_rules_version(),
        errors=tuple(sorted(set(total.errors))),
        unreadable=tuple(sorted(set(total.unreadable))),
    )


def _numbered(findings: Iterable[CodeFinding]) -> tuple[CodeFinding, ...]:
    """Sorted findings whose ids are unique: a repeat of the same line in a file (or in one
    commit's version of it) gets an id from its order."""
    ordered = sorted(set(findings), key=CodeFinding.sort_key)
    return tuple(
        ids.number_repeats(
            ordered,
            key=lambda f: (f.id, f.commit),
            rename=lambda f, n: replace(f, id=ids.repeat_id(f.id, n)),
        )
    )


def redact_env_key_set() -> bool:
    from assess import redact

    return bool(os.environ.get(redact.ENV_KEY))


def run_key() -> bytes:
    """The fingerprint key: ``WAF_ASSESS_FINGERPRINT_KEY`` when set (stable), else random per run."""
    from assess import redact

    redact.Fingerprinter.from_env()  # refuses a key that is too short
    raw = os.environ.get(redact.ENV_KEY)
    return raw.encode("utf-8") if raw is not None else secrets.token_bytes(32)


def _rules_version() -> str:
    from assess.codescan.model import RULES_VERSION

    return RULES_VERSION


def _evidence(roots: Sequence[Path]) -> list[ScannerEvidence]:
    """Scanner evidence of each root, its path named like finding paths (prefixed when several)."""
    from assess.codescan.evidence import scanner_evidence

    found: list[ScannerEvidence] = []
    for root, prefix in zip(roots, _display_prefixes(roots), strict=True):
        if root.is_dir():
            found.extend(replace(item, path=prefix + item.path) for item in scanner_evidence(root))
    return found


def _imports(
    options: ScanOptions, key: bytes, allowlist: Allowlist
) -> tuple[list[CodeFinding], list[ImportedReport]]:
    if not options.import_findings:
        return [], []
    from assess.codescan.imports import import_findings

    findings: list[CodeFinding] = []
    reports: list[ImportedReport] = []
    for path in options.import_findings:
        tool, found = import_findings(path, key=key, allowlist=allowlist)
        findings.extend(found)
        reports.append(ImportedReport(path=str(path), tool=tool, findings=len(found)))
    return findings, reports

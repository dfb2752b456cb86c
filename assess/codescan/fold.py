"""A code scan as Snapshot evidence: one :class:`CodeScanEvidence` record per scanned root.

``assess scan --repo PATH`` scans the repository, folds the result into the collected snapshot
with :func:`fold_into_snapshot`, and the item-4 checks read ``snapshot.code_scans``.
"""

from __future__ import annotations

from pathlib import Path

from assess.codescan.model import CodeFinding, CodeScanResult, ScannerEvidence
from assess.codescan.scan import root_names
from assess.snapshot import CodeScanEvidence, Gap, Snapshot


def scan_records(result: CodeScanResult) -> tuple[CodeScanEvidence, ...]:
    """One record per root of ``result``; imported findings go with the root they name."""
    prefixes = root_names(result.roots) if result.roots else []
    single = len(prefixes) == 1
    records: list[CodeScanEvidence] = []
    claimed: set[int] = set()
    everything = [*result.findings, *result.imported]
    for root, prefix in zip(result.roots, prefixes, strict=True):
        mine: list[CodeFinding] = []
        for index, finding in enumerate(everything):
            if single or finding.path.startswith(prefix):
                mine.append(finding)
                claimed.add(index)
        evidence: list[ScannerEvidence] = [
            e for e in result.scanner_evidence if single or e.path.startswith(prefix)
        ]
        records.append(
            CodeScanEvidence(
                id=f"repo:{root}",
                name=Path(root).resolve().name or root,
                path=root,
                files=result.files_scanned if single else 0,
                bytes=result.bytes_scanned if single else 0,
                history_scanned=result.blobs_scanned > 0,
                findings=tuple(mine),
                scanner_evidence=tuple(evidence),
                bombs=sum(1 for b in result.bombs if single or b.path.startswith(prefix)),
                unreadable=sum(1 for u in result.unreadable if single or u.startswith(prefix)),
            )
        )
    leftover = tuple(f for i, f in enumerate(everything) if i not in claimed)
    if leftover:
        # Imported findings whose paths name no scanned root: kept as their own record.
        records.append(
            CodeScanEvidence(
                id="repo:imported-reports",
                name="imported reports",
                path=", ".join(r.path for r in result.imported_reports),
                findings=leftover,
            )
        )
    return tuple(records)


def fold_into_snapshot(snapshot: Snapshot, result: CodeScanResult) -> Snapshot:
    """``snapshot`` with the code scan added as ``code_scans`` evidence (and marked collected).

    A repository with files that could not be scanned gets a :class:`Gap`: what those files hold
    is unknown, so its item-4 findings are ``unknown`` rather than a pass.
    """
    collected = snapshot.collected
    if "code_scans" not in collected:
        collected = (*collected, "code_scans")
    records = scan_records(result)
    gaps = tuple(
        Gap(
            kind="code_scans",
            scope=record.id,
            operation="read source files",
            message=f"{record.unreadable} file(s) could not be scanned",
        )
        for record in records
        if record.unreadable
    )
    return snapshot.model_copy(
        update={
            "code_scans": (*snapshot.code_scans, *records),
            "collected": collected,
            "gaps": (*snapshot.gaps, *gaps),
        }
    )

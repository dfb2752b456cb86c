"""What a code scan records: redacted findings and counts, never a secret value.

A :class:`CodeFinding` names a rule, a place (``path``, ``line``, ``column``; archive members as
``outer.zip!inner/path``; history findings carry the ``commit`` that introduced them), a redacted
``preview`` (at most four leading characters and the length) and a keyed ``fingerprint`` that
recognises the same value elsewhere without storing it.

Plain frozen dataclasses (no pydantic): a scan of an empty tree in a pre-commit hook loads
nothing it does not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assess.codefindings import CodeFinding as CodeFinding
from assess.codefindings import ScannerEvidence as ScannerEvidence

RULES_VERSION = "2026.12.15"
"""The rule set's version (``assess/codescan/rules/``), recorded in every result: bumped whenever a
rule is added, removed or changes what it reports. Kept here so that an empty scan can name it
without loading the rules."""

ARCHIVE_SEPARATOR = "!"
"""Separates an archive's path from a member's path: ``dist/app.war!WEB-INF/web.xml``."""


@dataclass(frozen=True, kw_only=True)
class ArchiveBomb:
    """An archive that was not fully expanded because it broke a limit."""

    path: str
    limit: str
    """``depth``, ``members``, ``expanded_bytes``, ``ratio`` or ``malformed``."""
    detail: str


@dataclass(frozen=True, kw_only=True)
class ImportedReport:
    """One file given to ``--import-findings``."""

    path: str
    tool: str
    findings: int


@dataclass(frozen=True, kw_only=True)
class CodeScanResult:
    """Everything one ``scan_paths`` run found. Deterministic order; no secret values."""

    roots: tuple[str, ...] = ()
    files_scanned: int = 0
    bytes_scanned: int = 0
    blobs_scanned: int = 0
    """History mode: distinct blobs read."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Why files were not scanned, with counts: ``binary``, ``ignored``, ``unreadable``, ``too_large``."""
    bombs: tuple[ArchiveBomb, ...] = ()
    findings: tuple[CodeFinding, ...] = ()
    imported: tuple[CodeFinding, ...] = ()
    imported_reports: tuple[ImportedReport, ...] = ()
    scanner_evidence: tuple[ScannerEvidence, ...] = ()
    engine: str = ""
    rules_version: str = ""
    errors: tuple[str, ...] = ()
    """Files, archives or repositories that could not be read, one line each."""
    unreadable: tuple[str, ...] = ()
    """Files and blobs that could not be scanned at all: their content is unknown."""

    @property
    def open_findings(self) -> tuple[CodeFinding, ...]:
        """Findings not covered by the allowlist (own and imported)."""
        return tuple(f for f in (*self.findings, *self.imported) if not f.allowlisted)

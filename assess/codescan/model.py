"""What a code scan records: redacted findings and counts, never a secret value.

A :class:`CodeFinding` names a rule, a place (``path``, ``line``, ``column``; archive members as
``outer.zip!inner/path``; history findings carry the ``commit`` that introduced them), a redacted
``preview`` (at most four leading characters and the length) and a keyed ``fingerprint`` that
recognises the same value elsewhere without storing it.
"""

from __future__ import annotations

from pydantic import Field

from assess.model import Frozen
from assess.snapshot import CodeFinding as CodeFinding
from assess.snapshot import ScannerEvidence as ScannerEvidence

RULES_VERSION = "2026.12.3"
"""The rule set's version (``assess/codescan/rules/``), recorded in every result: bumped whenever a
rule is added, removed or changes what it reports. Kept here so that an empty scan can name it
without loading the rules."""

ARCHIVE_SEPARATOR = "!"
"""Separates an archive's path from a member's path: ``dist/app.war!WEB-INF/web.xml``."""


class ArchiveBomb(Frozen):
    """An archive that was not fully expanded because it broke a limit."""

    path: str
    limit: str
    """``depth``, ``members``, ``expanded_bytes``, ``ratio`` or ``malformed``."""
    detail: str


class ImportedReport(Frozen):
    """One file given to ``--import-findings``."""

    path: str
    tool: str
    findings: int


class CodeScanResult(Frozen):
    """Everything one ``scan_paths`` run found. Deterministic order; no secret values."""

    roots: tuple[str, ...] = ()
    files_scanned: int = 0
    bytes_scanned: int = 0
    blobs_scanned: int = 0
    """History mode: distinct blobs read."""
    skipped: dict[str, int] = Field(default_factory=dict)
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

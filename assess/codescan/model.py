"""What a code scan records: redacted findings and counts, never a secret value.

A :class:`CodeFinding` names a rule, a place (``path``, ``line``, ``column``; archive members as
``outer.zip!inner/path``; history findings carry the ``commit`` that introduced them), a redacted
``preview`` (at most four leading characters and the length) and a keyed ``fingerprint`` that
recognises the same value elsewhere without storing it.
"""

from __future__ import annotations

from pydantic import Field

from assess.model import Frozen, Severity

ARCHIVE_SEPARATOR = "!"
"""Separates an archive's path from a member's path: ``dist/app.war!WEB-INF/web.xml``."""


class CodeFinding(Frozen):
    """One hard-coded credential found in a file, an archive member or a history blob."""

    rule_id: str
    family: str = ""
    severity: Severity = Severity.HIGH
    description: str = ""
    path: str
    """Relative to the scanned root where possible; archive members use ``outer!inner``."""
    line: int = 0
    """1-based; 0 when the place has no lines (a binary key store)."""
    column: int = 0
    """1-based, in characters."""
    cell: str = ""
    """For notebooks: which cell and part, e.g. ``cell 3 output 1``; line and column are relative to it."""
    preview: str = ""
    """Redacted: at most four leading characters and the length, e.g. ``AKIA…(20 chars)``."""
    fingerprint: str = ""
    """Keyed fingerprint of the value: equal values give equal fingerprints within one key."""
    commit: str = ""
    """For history scans: the first commit whose tree introduced the blob holding the value."""
    allowlisted: str = ""
    """The allowlist reason when an allowlist entry or an inline marker covers the finding."""
    source: str = "waf-assess"
    """Which scanner reported it: ``waf-assess`` or an imported report's tool (``gitleaks``...)."""

    def sort_key(self) -> tuple[str, str, int, int, str, str, str, str]:
        return (
            self.path,
            self.cell,
            self.line,
            self.column,
            self.rule_id,
            self.commit,
            self.source,
            self.fingerprint,
        )


class ArchiveBomb(Frozen):
    """An archive that was not fully expanded because it broke a limit."""

    path: str
    limit: str
    """``depth``, ``members``, ``expanded_bytes``, ``ratio`` or ``malformed``."""
    detail: str


class ScannerEvidence(Frozen):
    """A secret scanner configured to run before code lands, as seen in the repository's files."""

    tool: str
    """``gitleaks``, ``detect-secrets``, ``trufflehog``, ``ggshield``, ``github-secret-scanning``..."""
    kind: str
    """``pre-commit``, ``ci``, ``push-protection`` or ``config`` (configured, not run)."""
    path: str
    """The file that says so, relative to the repository root."""
    detail: str = ""
    blocking: bool = True
    """False when the scanner is configured but cannot stop code landing (e.g. a manual trigger)."""


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

"""What a code scan reports: a redacted finding and a secret scanner seen in a repository.

Plain frozen dataclasses, so that ``assess scan-code`` (run by pre-commit hooks on every commit)
starts without loading pydantic. The snapshot holds them as they are (``CodeScanEvidence``);
pydantic validates them there like its own models, unknown fields refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from assess.levels import Severity

_FORBID_EXTRA: dict[str, Any] = {"extra": "forbid"}
"""Read by pydantic when a snapshot is loaded (``__pydantic_config__``): unknown fields are refused."""


@dataclass(frozen=True, kw_only=True)
class CodeFinding:
    """One hard-coded credential found in a file, an archive member or a history blob."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    rule_id: str
    family: str = ""
    severity: Severity = Severity.HIGH
    description: str = ""
    path: str
    """Relative to the scanned root where possible; archive members use ``outer!inner``."""
    line: int = 0
    """1-based line of the file itself (of the raw ``.ipynb`` for notebook cells, of the member
    for archive members); 0 only when the place has no lines, and then ``location_note`` says why."""
    column: int = 0
    """1-based, in characters."""
    cell: str = ""
    """For notebooks: which cell and part, e.g. ``cell 3 output 1`` (line and column are of the
    raw ``.ipynb`` file)."""
    offset: int = -1
    """Byte offset in the file (or member) for findings in binary content; -1 for text."""
    length: int = 0
    """With ``offset``: how many bytes the finding covers."""
    location_note: str = ""
    """Why ``line`` is 0, e.g. a detector that judges a whole binary file."""
    id: str = ""
    """Stable id: the same finding keeps it across runs, machines and moved checkouts (see
    :func:`assess.codescan.ids.code_finding_id`)."""
    value_group: str = ""
    """Equal for findings that hold the same value within one run (one value in two places is
    two findings sharing a group)."""
    preview: str = ""
    """Redacted: at most four leading characters and the length, e.g. ``AKIA…(20 chars)``."""
    fingerprint: str = ""
    """Keyed fingerprint of the value: equal values give equal fingerprints within one key."""
    credential_fingerprint: str = ""
    """The run's keyed fingerprint of the credential, normalised (:mod:`assess.fingerprints`):
    equal to an estate setting's when the same credential is live there."""
    commit: str = ""
    """For history scans: the first commit whose tree introduced the blob holding the value."""
    allowlisted: str = ""
    """The allowlist reason when an allowlist entry or an inline marker covers the finding."""
    source: str = "waf-assess"
    """Which scanner reported it: ``waf-assess`` or an imported report's tool (``gitleaks``...)."""

    def sort_key(self) -> tuple[str, str, int, int, int, str, str, str, str]:
        return (
            self.path,
            self.cell,
            self.line,
            self.column,
            self.offset,
            self.rule_id,
            self.commit,
            self.source,
            self.fingerprint,
        )


@dataclass(frozen=True, kw_only=True)
class ScannerEvidence:
    """A secret scanner configured to run before code lands, as seen in the repository's files."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _FORBID_EXTRA

    tool: str
    """``gitleaks``, ``detect-secrets``, ``trufflehog``, ``ggshield``, ``github-secret-scanning``..."""
    kind: str
    """``pre-commit``, ``ci``, ``push-protection`` or ``config`` (configured, not run)."""
    path: str
    """The file that says so, relative to the repository root."""
    detail: str = ""
    blocking: bool = True
    """False when the scanner is configured but cannot stop code landing (e.g. a manual trigger)."""

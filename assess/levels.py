"""Status and severity: the two enumerations every finding carries.

Plain enums with no dependencies, so that a command that only scans code (``assess scan-code``)
can name a severity without loading the validated models of :mod:`assess.model`, which
re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What a check concluded about one resource."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not_applicable"


class Severity(StrEnum):
    """How much a failure matters. Order matters: see ``SEVERITY_ORDER``."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"


SEVERITY_ORDER: dict[Severity, int] = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}

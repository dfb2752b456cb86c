"""Findings and check metadata: the vocabulary shared by checks, the engine, scoring and reporters.

Everything here is a plain, validated, JSON-serialisable value. Nothing here does I/O.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assess.findingid import finding_id
from assess.levels import SEVERITY_ORDER as SEVERITY_ORDER
from assess.levels import Severity as Severity
from assess.levels import Status as Status

ITEMS: dict[int, tuple[str, str]] = {
    1: ("environments", "Secrets are not shared between development, test and production"),
    2: ("storage", "Secrets are kept in a secret store with strong encryption"),
    3: ("distribution", "Secrets reach workloads by a secure path"),
    4: ("detection", "Hard-coded secrets are found and removed automatically"),
    5: ("rotation", "Keys and secrets are rotated and old ones expire"),
    6: ("rotation-without-disruption", "Rotation happens without disrupting consumers"),
    7: ("access-control", "Access to secrets is role-based, least-privilege and audited"),
}
"""The seven SE:09 questionnaire items, in the questionnaire's order: number -> (slug, title)."""


def item_id(number: int) -> str:
    """``3`` -> ``"SE09-3"``: the stable item id used in every output."""
    return f"SE09-{number}"


SEVERITY_WEIGHT: dict[Severity, float] = {
    Severity.CRITICAL: 8.0,
    Severity.HIGH: 4.0,
    Severity.MEDIUM: 2.0,
    Severity.LOW: 1.0,
    Severity.INFO: 0.0,
}
"""Weights of a check's score inside its item's severity-weighted mean. ``info`` checks are
reported but never move the score."""


class Frozen(BaseModel):
    """Base for immutable value models: unknown fields are refused, instances are hashable."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(Frozen):
    """What was read to reach a conclusion: which API, which property, what was there, what should be."""

    api: str
    """The API operation read, e.g. ``GET Microsoft.KeyVault/vaults``."""
    property: str
    """The property path read, e.g. ``properties.enablePurgeProtection``."""
    observed: Any = None
    """The value seen (``None`` when the service did not return the property)."""
    expected: Any = None
    """The value a passing resource has."""


class Waiver(Frozen):
    """An accepted risk, from configuration, with an owner and an expiry date."""

    check: str
    resource: str = "*"
    reason: str
    owner: str
    expires: str
    """ISO date (YYYY-MM-DD). An expired waiver no longer applies and is reported."""


class Failure(StrEnum):
    """Why evidence is missing, as reports group unknowns."""

    DENIED = "denied"
    NETWORK = "refused by network rules"
    """A firewall refused the caller's address (Key Vault's ``ForbiddenByFirewall``): no role
    would help; an allowed network or a private endpoint would."""
    NOT_FOUND = "not found"
    THROTTLED = "throttled"
    TIMED_OUT = "timed out"
    BAD_BODY = "unreadable answer"
    SERVICE_ERROR = "service error"
    NO_RESPONSE = "no response"
    FAILED = "failed"
    SWITCHED_OFF = "switched off"
    NOT_COLLECTED = "not collected"
    CHECK_FAILED = "check failed"


NETWORK_REFUSALS = frozenset({"ForbiddenByFirewall"})
"""Error codes of a call refused for where it came from, not for who made it."""


class Cause(Frozen):
    """The structured reason a finding is ``unknown``, set by the engine, never by a check."""

    failure: Failure
    source: str = ""
    """The evidence source (``assess.sources``) whose records are missing; "" for a crash."""
    evidence: str = ""
    """The evidence kind (a check's ``requires`` entry) that is missing."""
    scope: str = ""
    """The id under which it is missing (subscription, resource group, resource)."""
    operation: str = ""
    """The call that failed, e.g. ``GET Microsoft.KeyVault/vaults``."""
    status: int | None = None
    """Its HTTP status; None without a response (or when nothing was called)."""
    error_code: str = ""
    permission: str = ""
    """The RBAC action that would let the tool read it ("" when no permission is at stake)."""
    option: str = ""
    """The option that gathers it when it was not collected (``--web-apps``, ``--repo PATH``)."""


class Finding(Frozen):
    """One check's conclusion about one resource. Never holds a secret value."""

    check_id: str
    item: str
    severity: Severity
    status: Status
    resource_id: str
    """Full Azure resource id (or a file path / scope for non-Azure evidence)."""
    resource_name: str
    resource_type: str = ""
    subscription_id: str = ""
    environment: str = ""
    """The environment the resource was classified into (``production``, ``development``, ...)."""
    message: str
    """One human sentence naming the resource and what was found."""
    evidence: Evidence | None = None
    reason: str = ""
    """For ``unknown``: why the evidence is missing (e.g. ``403 AuthorizationFailed on ...``)."""
    waiver: Waiver | None = None
    """Set when a failing finding is covered by an unexpired waiver."""
    cause: Cause | None = None
    """For ``unknown``: the structured reason (source, scope, failure, HTTP status, error code,
    the permission that would let the tool see it)."""
    id: str = ""
    """Stable id: the same check and resource give the same id on any machine and in any run
    (:func:`assess.findingid.finding_id`). Always derived, never read from a file."""

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and "check_id" in data and "resource_id" in data:
            data = {
                **data,
                "id": finding_id(
                    str(data["check_id"]),
                    str(data["resource_id"]),
                    str(data.get("resource_name", "")),
                ),
            }
        return data

    @property
    def waived(self) -> bool:
        return self.waiver is not None and self.status is Status.FAIL

    def sort_key(self) -> tuple[str, str, str]:
        return (self.check_id, self.resource_id.lower(), self.message)


class Remediation(Frozen):
    """How to fix a failing resource, in the forms people actually use."""

    summary: str
    portal: list[str] = Field(default_factory=list)
    """Numbered portal steps, in order."""
    cli: str = ""
    """An ``az`` command line (a command, not a link)."""
    bicep: str = ""
    """A Bicep snippet showing the compliant setting."""
    references: list[str] = Field(default_factory=list)

    @field_validator("cli")
    @classmethod
    def _cli_is_a_command(cls, value: str) -> str:
        if value and not value.lstrip().startswith(("az ", "#")):
            raise ValueError("remediation.cli must be an az command, not a link or prose")
        return value


_ID_RE = re.compile(r"^SE09-[1-7]\.\d{1,3}$")
_PLUGIN_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[1-7]\.\d{1,3}$")

Title = Annotated[str, Field(min_length=8, max_length=90)]


class CheckMeta(Frozen):
    """A check's metadata, validated the same way for built-in and third-party checks."""

    id: str
    item: int = Field(ge=1, le=7)
    title: Title
    severity: Severity
    rationale: str = Field(min_length=20, max_length=700)
    """Why it matters, in a few sentences a reviewer reads in the report."""
    method: str = ""
    """How the check decides, where that needs more than the title (shown by ``checks show``)."""
    remediation: Remediation
    requires: tuple[str, ...] = ()
    """Evidence kinds (Snapshot fields) the check reads; a gap in one makes findings unknown."""
    resource_type: str = ""
    """What one finding is about, e.g. ``Microsoft.KeyVault/vaults``."""
    tags: tuple[str, ...] = ()
    provider: str = "waf-assess"
    """Distribution that provided the check (``waf-assess`` for built-ins)."""
    provider_version: str = ""

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not (_ID_RE.match(value) or _PLUGIN_ID_RE.match(value)):
            raise ValueError(f"check id {value!r} must look like SE09-<item>.<n>")
        return value

    @field_validator("rationale", "method")
    @classmethod
    def _one_paragraph(cls, value: str) -> str:
        return " ".join(value.split())

    @field_validator("title")
    @classmethod
    def _title_style(cls, value: str) -> str:
        if value.lower().startswith("ensure"):
            raise ValueError("a title states the good state; do not start it with 'Ensure'")
        if value.endswith("."):
            raise ValueError("a title does not end with a full stop")
        return value

    @property
    def item_id(self) -> str:
        return item_id(self.item)

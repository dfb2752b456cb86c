"""Verdicts imported from Microsoft Defender for Cloud and Azure Policy (pure; no I/O).

They are evidence the platform already produced: each finding says it is imported and from where,
and the checks that report them are of severity ``info``, which the score never weighs, so an
imported verdict never overrides (or fills in for) the tool's own evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assess.checkapi import CheckContext, Outcome
from assess.model import Status
from assess.snapshot import DeclaredResource, Snapshot, last_segment
from assess.sources import defenderassessments, policystates

IMPORTED = "Imported from Microsoft Defender for Cloud"


@dataclass(frozen=True)
class Assessed:
    """A finding's subject: the assessment (its id lies below the assessed resource's), named
    after the resource it assessed."""

    id: str
    name: str


def defender_verdicts(
    snapshot: Snapshot, ctx: CheckContext, *, secret_scanning: bool
) -> Iterator[Outcome]:
    """One finding per Defender assessment of the chosen family: Healthy passes, Unhealthy
    fails, NotApplicable (or any other code) is not applicable."""
    for found in snapshot.records_of("defender_assessments"):
        title = str(found.prop("displayName") or "")
        if bool(re.search(defenderassessments.SECRET_FINDINGS, title, re.I)) != secret_scanning:
            continue
        yield _verdict(ctx, found, title)


def _verdict(ctx: CheckContext, found: DeclaredResource, title: str) -> Outcome:
    assessed = str(found.prop("resourceDetails.id") or found.id)
    subject = Assessed(found.id, last_segment(assessed) or found.name)
    code = str(found.prop("status.code") or "")
    said = f"{IMPORTED}: '{title}' is {code or 'without a status'} for {assessed}"
    cause = found.prop("status.description") or found.prop("status.cause")
    if not code:  # status.code is required: an assessment without one was not read whole
        return ctx.outcome(subject, Status.UNKNOWN, f"{said}.", prop="properties.status.code")
    if code.lower() not in ("healthy", "unhealthy"):
        return ctx.not_applicable(subject, f"{said}{f' ({cause})' if cause else ''}.")
    return ctx.expect(
        subject,
        ok=code.lower() == "healthy",
        prop="properties.status.code",
        observed={"source": "Microsoft Defender for Cloud", "assessment": title, "status": code},
        expected="Healthy",
        api=defenderassessments.ASSESSMENTS_LIST.name,
        passed=f"{said}.",
        failed=f"{said}{f': {cause}' if cause else ''}. Follow the recommendation in Defender "
        "for Cloud; this tool's own checks are scored separately.",
    )


POLICY = "Imported from Azure Policy"


def policy_verdicts(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per Azure Policy state of a Key Vault built-in: Compliant passes,
    NonCompliant fails, a state Azure Policy could not settle (Unknown, NotStarted, Conflict, or
    none returned) is unknown, and an exemption (Exempt, Protected) is not applicable."""
    for found in snapshot.records_of("policy_states"):
        definition = str(found.prop("policyDefinitionName") or found.name)
        title = policystates.BUILT_INS.get(definition.lower(), definition)
        assessed = str(found.prop("resourceId") or found.id)
        subject = Assessed(found.id, last_segment(assessed) or found.name)
        state = str(found.prop("complianceState") or "")
        assignment = str(found.prop("policyAssignmentName") or "")
        said = (
            f"{POLICY}: '{title}' (assignment {assignment or 'unnamed'}) is "
            f"{state or 'without a state'} for {assessed}"
        )
        settled = state.lower() in ("compliant", "noncompliant")
        if not settled and state.lower() in ("exempt", "protected"):
            yield ctx.not_applicable(subject, f"{said}.")
            continue
        if not settled:
            yield ctx.outcome(subject, Status.UNKNOWN, f"{said}.", prop="complianceState")
            continue
        yield ctx.expect(
            subject,
            ok=state.lower() == "compliant",
            prop="complianceState",
            observed={
                "source": "Azure Policy",
                "definition": title,
                "assignment": assignment,
                "state": state,
                "evaluated": found.prop("timestamp"),
            },
            expected="Compliant",
            api=policystates.STATES_QUERY.name,
            passed=f"{said}.",
            failed=f"{said}. Fix the resource as the policy asks; this tool's own checks are "
            "scored separately.",
        )

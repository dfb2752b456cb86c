"""Microsoft.Security: Microsoft Defender for Cloud's own assessments of secrets and Key Vault,
imported as labelled evidence.

Kept per assessment whose ``displayName`` is about secrets, keys, certificates or Key Vault
(secret-scanning findings on machines and in DevOps repositories, Key Vault recommendations):
``displayName``, ``status.code`` (``Healthy``, ``Unhealthy``, ``NotApplicable``), ``status.cause``,
``status.description`` and ``resourceDetails.id`` (the assessed resource), from Assessments - List
(REST reference, ``/{scope}/providers/Microsoft.Security/assessments``, api-version 2021-06-01,
scope a subscription or a resource group). Every other assessment of the answer is dropped as it
is read. Defender's verdicts are shown beside the tool's own and never change them.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, ResourceList, Source

_PATH = "/providers/Microsoft.Security/assessments"
ASSESSMENTS_LIST = Operation(
    "GET Microsoft.Security/assessments",
    f"/subscriptions/{{subscription_id}}{_PATH}",
    "2021-06-01",
    "Microsoft.Security/assessments/read",
)
ASSESSMENTS_LIST_RG = Operation(
    "GET Microsoft.Security/assessments",
    f"/subscriptions/{{subscription_id}}/resourceGroups/{{resource_group}}{_PATH}",
    "2021-06-01",
    "Microsoft.Security/assessments/read",
)
SECRET_FINDINGS = r"secrets? (scanning )?findings|secret scanning"
"""Defender's secret-scanning recommendations (machines, Azure DevOps, GitHub, GitLab)."""
ABOUT_SECRETS = rf"{SECRET_FINDINGS}|key ?vault|secrets?\b|\bkeys?\b|certificates?"

SOURCES = (
    Source(
        name="security_assessments",
        title="Defender for Cloud assessments of secrets and Key Vault (imported)",
        records=("defender_assessments",),
        reads=(
            Read(ASSESSMENTS_LIST, Listing.SUBSCRIPTION, ("defender_assessments",)),
            Read(ASSESSMENTS_LIST_RG, Listing.RESOURCE_GROUP, ("defender_assessments",)),
        ),
        resources=ResourceList(
            ASSESSMENTS_LIST,
            ASSESSMENTS_LIST_RG,
            (
                "displayName",
                "status.code",
                "status.cause",
                "status.description",
                "resourceDetails.id",
            ),
            match=("displayName", ABOUT_SECRETS),
        ),
        depends_on=("resources",),
        switch=True,
        default=False,
        help="Import Defender for Cloud's secret-scanning and Key Vault assessments (labelled).",
        nouns={"microsoft.security/assessments": ("Defender assessment", "Defender assessments")},
    ),
)

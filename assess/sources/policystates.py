"""Microsoft.PolicyInsights: Azure Policy's compliance states for the Key Vault data-plane
built-in definitions, imported as labelled evidence.

Policy States - List Query Results For Subscription / For Resource Group (REST reference,
``POST .../providers/Microsoft.PolicyInsights/policyStates/latest/queryResults``, api-version
2024-10-01, a documented read-style POST), filtered to :data:`BUILT_INS` and paged by
``@odata.nextLink`` (each page a POST again). Kept per state: ``complianceState``,
``policyDefinitionName``, ``policyAssignmentName``, ``policyAssignmentScope``, ``resourceId``,
``resourceType`` and ``timestamp``. The states exist only where a customer assigned these
definitions; Azure Policy's verdicts are shown beside the tool's own and never change them.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

_PATH = "/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults"
_ACTION = "Microsoft.PolicyInsights/policyStates/queryResults/read"
STATES_QUERY = Operation(
    "POST Microsoft.PolicyInsights/policyStates/queryResults",
    f"/subscriptions/{{subscription_id}}{_PATH}",
    "2024-10-01",
    _ACTION,
)
STATES_QUERY_RG = Operation(
    "POST Microsoft.PolicyInsights/policyStates/queryResults",
    f"/subscriptions/{{subscription_id}}/resourceGroups/{{resource_group}}{_PATH}",
    "2024-10-01",
    _ACTION,
)

BUILT_INS: dict[str, str] = {
    "98728c90-32c7-4049-8429-847dc0f4fe37": "Key Vault secrets should have an expiration date",
    "152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0": "Key Vault keys should have an expiration date",
    "0a075868-4c26-42ef-914c-5bc007359560": (
        "Certificates should have the specified maximum validity period"
    ),
    "f772fb64-8e40-40ad-87bc-7706e1949427": (
        "Certificates should not expire within the specified number of days"
    ),
    "82067dbb-e53b-4e06-b631-546d197452d9": (
        "Keys using RSA cryptography should have a specified minimum key size"
    ),
    "cee51871-e572-4576-855c-047c820360f0": "Manage minimum key size for RSA certificates",
}
"""The SE:09-relevant built-in policy definitions (name -> display name), as published in
Azure/azure-policy (built-in-policies/policyDefinitions/Key Vault)."""

FILTER = " or ".join(f"PolicyDefinitionName eq '{name}'" for name in sorted(BUILT_INS))
"""The query's ``$filter``: only states of :data:`BUILT_INS`."""

PROPERTIES = (
    "complianceState",
    "policyDefinitionName",
    "policyAssignmentName",
    "policyAssignmentScope",
    "resourceId",
    "resourceType",
    "timestamp",
)

SOURCES = (
    Source(
        name="policy_states",
        title="Azure Policy compliance of the Key Vault data-plane built-ins (imported)",
        records=("policy_states",),
        reads=(
            Read(
                STATES_QUERY,
                Listing.SUBSCRIPTION,
                ("policy_states",),
                note="a read-style POST (a query)",
                reader="assess.collectors.policystates:query_policy_states",
            ),
            Read(
                STATES_QUERY_RG,
                Listing.RESOURCE_GROUP,
                ("policy_states",),
                reader="assess.collectors.policystates:query_group_policy_states",
            ),
        ),
        depends_on=("resources",),
        declared_records=True,
        switch=True,
        default=False,
        help="Import Azure Policy's compliance states for the Key Vault built-ins (labelled).",
        nouns={"microsoft.policyinsights/policystates": ("policy state", "policy states")},
    ),
)

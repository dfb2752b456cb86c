"""Microsoft.Authorization: role definitions and assignments, and the caller's own permissions
(which decide whether a subscription-wide list can be trusted; always read)."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

ROLE_ASSIGNMENTS_LIST = Operation(
    "GET Microsoft.Authorization/roleAssignments",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleAssignments",
    "2022-04-01",
    permission="Microsoft.Authorization/roleAssignments/read",
)
ROLE_DEFINITIONS_LIST = Operation(
    "GET Microsoft.Authorization/roleDefinitions",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions",
    "2022-04-01",
    permission="Microsoft.Authorization/roleDefinitions/read",
)
PERMISSIONS_SUBSCRIPTION = Operation(
    "GET Microsoft.Authorization/permissions",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/permissions",
    "2022-04-01",
    permission="Microsoft.Authorization/permissions/read",
)
"""The caller's own effective actions at subscription scope.

What was established, and from where:

* The REST reference "Permissions - List For Resource Group" (learn.microsoft.com,
  rest/api/authorization/permissions, api-version 2022-04-01; operation id
  ``Permissions_ListForResourceGroup``, ``AzurePermissionsForResourceGroup_List`` in the .NET SDK)
  documents the resource-group form of this path (``.../resourcegroups/{resource_group}`` before
  ``/providers``), answers ``200`` with a ``PermissionGetResult``
  ``{"value": [Permission], "nextLink"?}`` (paged), each ``Permission`` holding ``actions``,
  ``notActions``, ``dataActions``, ``notDataActions``, and names
  ``Microsoft.Authorization/permissions/read`` as the permission needed to call it (included in
  ``Microsoft.Authorization/*/read`` and in Reader's ``*/read``). Errors use the Resource Manager
  ``{"error": {"code", "message"}}`` shape.
* The subscription-scope form read here has no page of its own in that reference (it lists the
  resource-group and resource forms only). It is documented in the Azure Resource Manager article
  "Use Resource Manager authentication API to access subscriptions" (MicrosoftDocs/azure-docs,
  articles/azure-resource-manager/resource-manager-api-authentication.md), with a sample answer
  ``{"value":[{"actions":["*"],"notActions":["Microsoft.Authorization/*/Write", ...]},
  {"actions":["*/read"],"notActions":[]}]}``, and is what public deployment scripts call with
  api-version 2022-04-01. The same shape and permission are assumed.
* Each element of ``value`` is one set of grants reaching the scope (the article's sample has one
  per role). The article's rule: an action is allowed when it is in some element's ``actions`` and
  not in that same element's ``notActions``; notActions subtract within an element and deny
  nothing granted by another (as in role definitions). Patterns are case-insensitive and ``*``
  matches any run of characters, ``/`` included (``*/read``, ``Microsoft.KeyVault/*``).
* Nothing in the shape expresses deny assignments, nor grants made below the scope: an action
  allowed here can still be refused for some resources below it, and a list call then leaves
  those resources out without an error (see docs/snapshot.md).
"""

SOURCES = (
    Source(
        name="authorization",
        title="role definitions and role assignments",
        records=("role_definitions", "role_assignments"),
        reads=(
            Read(
                ROLE_DEFINITIONS_LIST,
                Listing.SUBSCRIPTION,
                ("role_definitions",),
                reader="assess.collectors.authorization:list_role_definitions",
            ),
            Read(
                ROLE_ASSIGNMENTS_LIST,
                Listing.SUBSCRIPTION,
                ("role_assignments",),
                reader="assess.collectors.authorization:list_role_assignments",
            ),
            Read(PERMISSIONS_SUBSCRIPTION, Listing.SUBSCRIPTION),
        ),
        depends_on=("resources",),
        nouns={
            "roleassignments": ("role assignment", "role assignments"),
            "roledefinitions": ("role definition", "role definitions"),
        },
    ),
)

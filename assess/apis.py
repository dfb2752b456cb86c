"""The Azure REST operations waf-assess reads, with the api-version of each, in one place.

Collectors build URLs from these; the demo generator and the cassettes use the same table, so a
recording made by one version of the tool replays in the same version. Paths are relative to the
cloud's Resource Manager endpoint (see :mod:`assess.cloud`). Every operation here is a read: a GET,
or a POST to a documented list/query action (``READ_POSTS``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Operation:
    name: str
    """Shown in evidence and gaps, e.g. ``GET Microsoft.KeyVault/vaults``."""
    path: str
    """Path template below the ARM endpoint; ``{scope}`` is a full ARM id without trailing slash."""
    api_version: str

    def url(self, base: str, **params: str) -> str:
        return f"{base.rstrip('/')}{self.path.format(**params)}?api-version={self.api_version}"


SUBSCRIPTIONS_LIST = Operation(
    "GET Microsoft.Resources/subscriptions", "/subscriptions", "2022-12-01"
)
SUBSCRIPTION_GET = Operation(
    "GET Microsoft.Resources/subscriptions", "/subscriptions/{subscription_id}", "2022-12-01"
)
RESOURCE_GROUPS_LIST = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups",
    "2021-04-01",
)
RESOURCE_GROUP_GET = Operation(
    "GET Microsoft.Resources/resourceGroups",
    "/subscriptions/{subscription_id}/resourcegroups/{resource_group}",
    "2021-04-01",
)
VAULTS_LIST = Operation(
    "GET Microsoft.KeyVault/vaults",
    "/subscriptions/{subscription_id}/providers/Microsoft.KeyVault/vaults",
    "2026-02-01",
)
VAULTS_LIST_RG = Operation(
    "GET Microsoft.KeyVault/vaults",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.KeyVault/vaults",
    "2026-02-01",
)
SECRETS_LIST = Operation("GET Microsoft.KeyVault/vaults/secrets", "{scope}/secrets", "2026-02-01")
KEYS_LIST = Operation("GET Microsoft.KeyVault/vaults/keys", "{scope}/keys", "2026-02-01")
DIAGNOSTIC_SETTINGS_LIST = Operation(
    "GET Microsoft.Insights/diagnosticSettings",
    "{scope}/providers/Microsoft.Insights/diagnosticSettings",
    "2021-05-01-preview",
)
ROLE_ASSIGNMENTS_LIST = Operation(
    "GET Microsoft.Authorization/roleAssignments",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleAssignments",
    "2022-04-01",
)
ROLE_DEFINITIONS_LIST = Operation(
    "GET Microsoft.Authorization/roleDefinitions",
    "/subscriptions/{subscription_id}/providers/Microsoft.Authorization/roleDefinitions",
    "2022-04-01",
)

READ_POSTS: tuple[str, ...] = (
    "/config/appsettings/list",
    "/config/connectionstrings/list",
    "/providers/Microsoft.ResourceGraph/resources",
    "/query",
)
"""Path endings of the documented read-style POST actions waf-assess may call."""

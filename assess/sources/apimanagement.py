"""Microsoft.ApiManagement: API Management services and their named values.

Per service, its named values (REST reference, Named Value - List By Service, api-version
2024-05-01): each one's ``displayName``, ``secret`` (true: a secret the service stores), and for a
Key Vault-backed value ``keyVault.secretIdentifier`` and ``keyVault.lastStatus`` (``code`` and
``timeStampUtc`` of the service's last fetch from the vault). The list answers a plain (not
secret) value's text too: it is sealed (read in memory, kept only as what it held and, when it
carries a credential, as the run's keyed fingerprint of that credential). Secret values need ``listValue``, which is not called.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

SERVICES_LIST, SERVICES_LIST_RG = list_operations("Microsoft.ApiManagement/service", "2024-05-01")
NAMED_VALUES_LIST = child_operation("Microsoft.ApiManagement/service", "namedValues", "2024-05-01")

SOURCES = (
    listed_type(
        "api_management",
        title="API Management services and their named values (never the values)",
        kind="apim_services",
        operations=(SERVICES_LIST, SERVICES_LIST_RG),
        properties=("publicNetworkAccess",),
        children=(
            ChildList(
                "apim_named_values",
                "apim_services",
                NAMED_VALUES_LIST,
                (
                    "displayName",
                    "secret",
                    "keyVault.secretIdentifier",
                    "keyVault.lastStatus.code",
                    "keyVault.lastStatus.message",
                    "keyVault.lastStatus.timeStampUtc",
                ),
                values=("value",),
            ),
        ),
        help="Read API Management named values: secret or Key Vault-backed (never values).",
        noun=("API Management service", "API Management services"),
    ),
)

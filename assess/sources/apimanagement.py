"""Microsoft.ApiManagement: API Management services, their named values and their backends.

Per service, its named values (REST reference, Named Value - List By Service, api-version
2024-05-01): each one's ``displayName``, ``secret`` (true: a secret the service stores), and for a
Key Vault-backed value ``keyVault.secretIdentifier`` and ``keyVault.lastStatus`` (``code`` and
``timeStampUtc`` of the service's last fetch from the vault). The list answers a plain (not
secret) value's text too: it is sealed (read in memory, kept only as what it held and, when it
carries a credential, as the run's keyed fingerprint of that credential). Secret values need ``listValue``, which is not called.

Per service, its backends (Backend - List By Service, same api-version): the list answers each
backend's ``credentials`` in clear text, the way they were written: ``header`` and ``query`` (a
map of header or query parameter name to a list of values), ``authorization`` (``scheme`` and
``parameter``, the Authorization header sent to the backend) and the client certificates
(``certificateIds``), and its ``proxy`` (``url``, ``username``, ``password``). The documented
way to put a secret there is a named value reference, ``{{name}}``, resolved by the service (from
Key Vault for a Key Vault-backed named value). The header and query names, the authorization
scheme and the certificate ids are kept; the backend's ``url`` (which may carry a key in its
query), every header and query value, the authorization parameter and the proxy password are
sealed: read in memory, kept only as what they held
(``named_value_reference``, ``credential``, ``text``...) and, for a credential, its fingerprint.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

SERVICES_LIST, SERVICES_LIST_RG = list_operations("Microsoft.ApiManagement/service", "2024-05-01")
NAMED_VALUES_LIST = child_operation("Microsoft.ApiManagement/service", "namedValues", "2024-05-01")
BACKENDS_LIST = child_operation("Microsoft.ApiManagement/service", "backends", "2024-05-01")

HEADER_NAMES = "credentials.header{}"
HEADER_VALUES = "credentials.header{}[]"
"""Each value of each header, sealed and read under its header's name (a header may have more
than one value: the list is flattened, so it does not line up with :data:`HEADER_NAMES`)."""
QUERY_NAMES = "credentials.query{}"
QUERY_VALUES = "credentials.query{}[]"
AUTHORIZATION_SCHEME = "credentials.authorization.scheme"
AUTHORIZATION_PARAMETER = "credentials.authorization.parameter"
"""The credentials of the Authorization header the service sends (``Basic`` user:password in
base64, a ``Bearer`` token), unless it is a named value reference."""
CERTIFICATE_IDS = "credentials.certificateIds[]"
URL = "url"
"""The backend's runtime URL, sealed: it may carry a key (an Azure Functions ``?code=``, a SAS
``sig``) or a password in its user info."""
PROXY_PASSWORD = "proxy.password"
BACKEND_VALUES = (URL, HEADER_VALUES, QUERY_VALUES, AUTHORIZATION_PARAMETER, PROXY_PASSWORD)

SOURCES = (
    listed_type(
        "api_management",
        title="API Management services, their named values and backend credentials (never the "
        "values)",
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
            ChildList(
                "apim_backends",
                "apim_services",
                BACKENDS_LIST,
                (HEADER_NAMES, QUERY_NAMES, AUTHORIZATION_SCHEME, CERTIFICATE_IDS),
                values=BACKEND_VALUES,
            ),
        ),
        help="Read API Management named values (secret or Key Vault-backed) and backend "
        "credentials (named value references or clear text); never the values.",
        noun=("API Management service", "API Management services"),
    ),
)

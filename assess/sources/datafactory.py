"""Microsoft.DataFactory: data factories and where their linked services keep credentials.

Per factory (REST reference, Factories - List / List By Resource Group, api-version 2018-06-01),
its linked services (Linked Services - List By Factory): each one's ``type`` and, sealed (read in
memory, kept only as what they held), the properties of ``typeProperties`` that carry a
credential. Each holds an ``AzureKeyVaultSecret`` reference (the value stays in Key Vault), a
``SecureString`` (the factory keeps the value itself; the answer masks it) or plain text, which
may carry a password in clear (a connection string's ``Password=`` part); a linked service may
instead carry an ``encryptedCredential``, its credentials encrypted by a self-hosted integration
runtime and kept on that machine.

Per factory, its global parameters (``properties.globalParameters`` of the factory, each a
``type``, ``String``, ``Object``, ``Int``, ``Float``, ``Bool`` or ``Array``, and a ``value``): the
list answers every value in clear text, so each is sealed (an ``Object``'s or ``Array``'s text
leaves are read too); the names and types are kept.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

_TYPE = "Microsoft.DataFactory/factories"
FACTORIES_LIST, FACTORIES_LIST_RG = list_operations(_TYPE, "2018-06-01")
LINKED_SERVICES_LIST = child_operation(_TYPE, "linkedservices", "2018-06-01")

SECRET_PROPERTIES = tuple(
    f"typeProperties.{name}"
    for name in (
        # Strings that may carry a credential (string, SecureString or AzureKeyVaultSecret).
        "connectionString",
        "sasUri",
        "pwd",
        # HTTP headers "used for authorization" (REST, HTTP and OData linked services): key
        # value pairs in clear text, an Authorization or API key header among them.
        "authHeaders",
        # The properties the 2018-06-01 specification types SecretBase (a SecureString or an
        # AzureKeyVaultSecret reference) in the linked services' typeProperties.
        "accessKey",
        "accessToken",
        "accessTokenSecret",
        "accountKey",
        "apiKey",
        "apiToken",
        "clientKey",
        "clientSecret",
        "clusterPassword",
        "clusterSshPassword",
        "consumerKey",
        "consumerSecret",
        "credential",
        "developerToken",
        "functionKey",
        "key",
        "keyFileContent",
        "mwsAuthToken",
        "passPhrase",
        "password",
        "privateKey",
        "privateKeyContent",
        "refreshToken",
        "sasToken",
        "secretAccessKey",
        "secretKey",
        "securityToken",
        "servicePrincipalCredential",
        "servicePrincipalEmbeddedCert",
        "servicePrincipalEmbeddedCertPassword",
        "servicePrincipalKey",
        "sessionToken",
        "userToken",
    )
)
"""The linked-service properties that hold a credential (a ``SecretBase`` or a string)."""

ENCRYPTED_CREDENTIAL = "typeProperties.encryptedCredential"
"""A linked service's credentials encrypted by a self-hosted integration runtime (DPAPI, kept on
its node: "Encrypt credentials for on-premises data stores in Azure Data Factory"); the
specification describes it as "Credentials are encrypted using the integration runtime
credential manager". Sealed like the credentials: only that it is there is kept."""

GLOBAL_PARAMETER_NAMES = "globalParameters{}"
GLOBAL_PARAMETER_TYPES = "globalParameters{}.type"
GLOBAL_PARAMETER_VALUES = "globalParameters{}.value"

SOURCES = (
    listed_type(
        "data_factory",
        title="Data Factory linked services and global parameters (inline credentials or Key "
        "Vault, never values)",
        kind="data_factories",
        operations=(FACTORIES_LIST, FACTORIES_LIST_RG),
        properties=("publicNetworkAccess", GLOBAL_PARAMETER_NAMES, GLOBAL_PARAMETER_TYPES),
        values=(GLOBAL_PARAMETER_VALUES,),
        children=(
            ChildList(
                "data_factory_linked_services",
                "data_factories",
                LINKED_SERVICES_LIST,
                ("type",),
                values=(*SECRET_PROPERTIES, ENCRYPTED_CREDENTIAL),
            ),
        ),
        help="Read Data Factory linked services and global parameters: inline credentials or "
        "Key Vault (no values).",
        noun=("data factory", "data factories"),
    ),
)

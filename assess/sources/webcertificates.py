"""Microsoft.Web: App Service and Functions certificates, and when they expire.

Kept per certificate: ``expirationDate`` and ``issueDate`` (ISO-8601 with a ``+00:00`` offset),
``subjectName``, ``issuer``, ``thumbprint``, and ``keyVaultId`` / ``keyVaultSecretName`` for a
certificate imported from Key Vault, from the list's ``properties`` (REST reference, Certificates
- List / List By Resource Group, api-version 2024-11-01). The private key (``pfxBlob``) is
write-only and never answered.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

CERTIFICATES_LIST, CERTIFICATES_LIST_RG = list_operations(
    "Microsoft.Web/certificates", "2024-11-01"
)

SOURCES = (
    listed_type(
        "app_service_certificates",
        title="App Service certificates (expiry)",
        kind="web_certificates",
        operations=(CERTIFICATES_LIST, CERTIFICATES_LIST_RG),
        properties=(
            "expirationDate",
            "issueDate",
            "subjectName",
            "issuer",
            "thumbprint",
            "keyVaultId",
            "keyVaultSecretName",
        ),
        help="Read App Service certificates: their expiry dates (never the private keys).",
        noun=("App Service certificate", "App Service certificates"),
    ),
)

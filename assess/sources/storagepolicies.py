"""Microsoft.Storage: how storage accounts let clients in with shared keys, and the policies that
bound their keys and SAS tokens.

Kept per account: ``allowSharedKeyAccess`` (false: the access keys and every SAS signed with
them stop working), ``defaultToOAuthAuthentication`` (the portal signs in with Microsoft Entra ID
rather than the key), ``keyPolicy.keyExpirationPeriodInDays`` and ``sasPolicy`` (its
``sasExpirationPeriod`` as ``d.hh:mm:ss`` and ``expirationAction``), from the list's
``properties`` (REST reference, Storage Accounts - List / List By Resource Group, api-version
2025-08-01); absent means the defaults: shared keys accepted, no policy. A separate switch
(``shared_key_access``) from ``storage`` (key ages): off by default. The keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

ACCOUNTS_LIST, ACCOUNTS_LIST_RG = list_operations("Microsoft.Storage/storageAccounts", "2025-08-01")
SHARED_KEY = "allowSharedKeyAccess"
OAUTH_DEFAULT = "defaultToOAuthAuthentication"
KEY_DAYS = "keyPolicy.keyExpirationPeriodInDays"
SAS_PERIOD = "sasPolicy.sasExpirationPeriod"
SAS_ACTION = "sasPolicy.expirationAction"

SOURCES = (
    listed_type(
        "shared_key_access",
        title="Storage accounts (shared key access, key and SAS expiration policies)",
        kind="storage_policies",
        operations=(ACCOUNTS_LIST, ACCOUNTS_LIST_RG),
        properties=(SHARED_KEY, OAUTH_DEFAULT, KEY_DAYS, SAS_PERIOD, SAS_ACTION),
        help="Read storage accounts' shared key access and key and SAS expiration policies.",
        noun=("storage account", "storage accounts"),
    ),
)

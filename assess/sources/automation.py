"""Microsoft.Automation: Automation accounts and the secrets kept in them.

Per account (REST reference, Automation Account - List / List By Resource Group, api-version
2023-11-01), its variables (Variable - List By Automation Account: ``isEncrypted``; the ``value``
of an unencrypted variable is returned in clear text, so it is sealed: read in memory, kept only as
what it held) and its credential assets (Credential - List By Automation Account: the name and
``lastModifiedTime``; the password is never returned). Both lists are paged by ``nextLink``.
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

_TYPE = "Microsoft.Automation/automationAccounts"
ACCOUNTS_LIST, ACCOUNTS_LIST_RG = list_operations(_TYPE, "2023-11-01")
VARIABLES_LIST = child_operation(_TYPE, "variables", "2023-11-01")
CREDENTIALS_LIST = child_operation(_TYPE, "credentials", "2023-11-01")

SOURCES = (
    listed_type(
        "automation",
        title="Automation accounts: variables and credential assets (never the values)",
        kind="automation_accounts",
        operations=(ACCOUNTS_LIST, ACCOUNTS_LIST_RG),
        properties=("publicNetworkAccess",),
        children=(
            ChildList(
                "automation_variables",
                "automation_accounts",
                VARIABLES_LIST,
                ("isEncrypted",),
                values=("value",),
            ),
            ChildList(
                "automation_credentials",
                "automation_accounts",
                CREDENTIALS_LIST,
                ("lastModifiedTime",),
            ),
        ),
        help="Read Automation accounts: unencrypted variables and credential assets (no values).",
        noun=("Automation account", "Automation accounts"),
    ),
)

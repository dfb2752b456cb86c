"""Microsoft.DBforMySQL: Azure Database for MySQL flexible servers and how logins authenticate.

Kept per server: ``administratorLogin`` (the MySQL administrator, whose password is never
returned) and ``network.publicNetworkAccess``, from the list's ``properties`` (REST reference,
Servers - List / List By Resource Group, api-version 2023-12-30); below each server its Microsoft
Entra administrators (Azure AD Administrators - List By Server: ``administratorType``, ``login``)
and the server parameter ``aad_auth_only`` (Configurations - Get: ``value`` ``ON`` when only
Microsoft Entra logins are accepted, ``OFF`` by default).
"""

from __future__ import annotations

from assess.sources._declare import ChildList
from assess.sources._listed import child_operation, list_operations, listed_type

_TYPE = "Microsoft.DBforMySQL/flexibleServers"
SERVERS_LIST, SERVERS_LIST_RG = list_operations(_TYPE, "2023-12-30")
ADMINS_LIST = child_operation(_TYPE, "administrators", "2023-12-30")
ENTRA_ONLY_GET = child_operation(_TYPE, "configurations", "2023-12-30", name="aad_auth_only")

SOURCES = (
    listed_type(
        "mysql",
        title="Azure Database for MySQL flexible servers (password authentication)",
        kind="mysql_servers",
        operations=(SERVERS_LIST, SERVERS_LIST_RG),
        properties=("administratorLogin", "network.publicNetworkAccess"),
        children=(
            ChildList(
                "mysql_entra_admins", "mysql_servers", ADMINS_LIST, ("administratorType", "login")
            ),
            ChildList("mysql_entra_only", "mysql_servers", ENTRA_ONLY_GET, ("value",), one=True),
        ),
        help="Read MySQL flexible servers: whether password logins are still accepted.",
        noun=("MySQL flexible server", "MySQL flexible servers"),
    ),
)

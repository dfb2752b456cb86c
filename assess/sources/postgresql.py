"""Microsoft.DBforPostgreSQL: Azure Database for PostgreSQL flexible servers and how logins
authenticate.

Kept per server: ``authConfig.passwordAuth`` (``Disabled``: PostgreSQL passwords, the
administrator's among them, no longer work), ``authConfig.activeDirectoryAuth`` (``Enabled``:
Microsoft Entra ID logins accepted) and ``network.publicNetworkAccess``, from the list's
``properties`` (REST reference, Servers - List / List By Resource Group, api-version 2024-08-01).
The administrator password is never returned.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

SERVERS_LIST, SERVERS_LIST_RG = list_operations(
    "Microsoft.DBforPostgreSQL/flexibleServers", "2024-08-01"
)

SOURCES = (
    listed_type(
        "postgresql",
        title="Azure Database for PostgreSQL flexible servers (password authentication)",
        kind="postgresql_servers",
        operations=(SERVERS_LIST, SERVERS_LIST_RG),
        properties=(
            "authConfig.passwordAuth",
            "authConfig.activeDirectoryAuth",
            "network.publicNetworkAccess",
        ),
        help="Read PostgreSQL flexible servers: whether password logins are still accepted.",
        noun=("PostgreSQL flexible server", "PostgreSQL flexible servers"),
    ),
)

"""Microsoft.Sql: Azure SQL logical servers and managed instances, and how logins authenticate.

Kept per server or instance: ``administrators.azureADOnlyAuthentication`` (true: SQL
authentication is off, the administrator password no longer works), ``administrators.login`` and
``administrators.principalType`` (the Microsoft Entra admin, absent when none is set) and
``publicNetworkAccess``, from the list's ``properties`` (REST reference, Servers - List / List By
Resource Group and Managed Instances - List / List By Resource Group, api-version 2023-08-01,
asked with ``$expand=administrators/activedirectory``, without which ``administrators`` is not
returned). Resource Graph's rows are not used for these two types: they hold what the plain GET
returns.
The SQL administrator's password is never returned by these calls.
"""

from __future__ import annotations

from dataclasses import replace

from assess.sources._listed import list_operations, listed_type

EXPAND = "$expand=administrators/activedirectory"
"""Without it the lists leave ``administrators`` out (the specification's examples
ServerList.json and ServerListWithExpandEqualsAdministrators.json, ManagedInstanceList.json and
ManagedInstanceListWithExpandEqualsAdministrators.json): every server would read as having no
Microsoft Entra administrator and SQL authentication on."""
SERVERS_LIST, SERVERS_LIST_RG = (
    replace(op, query=EXPAND) for op in list_operations("Microsoft.Sql/servers", "2023-08-01")
)
INSTANCES_LIST, INSTANCES_LIST_RG = (
    replace(op, query=EXPAND)
    for op in list_operations("Microsoft.Sql/managedInstances", "2023-08-01")
)

_AUTH = (
    "administrators.azureADOnlyAuthentication",
    "administrators.login",
    "administrators.principalType",
    "publicNetworkAccess",
)

SOURCES = (
    listed_type(
        "sql_servers",
        title="Azure SQL servers (Microsoft Entra-only authentication)",
        kind="sql_servers",
        operations=(SERVERS_LIST, SERVERS_LIST_RG),
        properties=_AUTH,
        help="Read Azure SQL servers: whether SQL logins with passwords are still accepted.",
        noun=("SQL server", "SQL servers"),
    ),
    listed_type(
        "sql_managed_instances",
        title="Azure SQL managed instances (Microsoft Entra-only authentication)",
        kind="sql_managed_instances",
        operations=(INSTANCES_LIST, INSTANCES_LIST_RG),
        properties=_AUTH,
        help="Read SQL managed instances: whether SQL logins with passwords are still accepted.",
        noun=("SQL managed instance", "SQL managed instances"),
    ),
)

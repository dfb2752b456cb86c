"""Microsoft.ContainerRegistry: container registries and their admin user.

Kept per registry: ``adminUserEnabled`` (true: a user name and two passwords that reach every
repository with push and pull rights) and ``publicNetworkAccess``, from the list's ``properties``
(REST reference, Registries - List / List By Resource Group, api-version 2022-12-01). The
passwords need ``listCredentials``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

REGISTRIES_LIST, REGISTRIES_LIST_RG = list_operations(
    "Microsoft.ContainerRegistry/registries", "2022-12-01"
)

SOURCES = (
    listed_type(
        "container_registry",
        title="Container registries (admin user)",
        kind="container_registries",
        operations=(REGISTRIES_LIST, REGISTRIES_LIST_RG),
        properties=("adminUserEnabled", "publicNetworkAccess"),
        help="Read container registries: whether the admin user (a shared password) is on.",
        noun=("container registry", "container registries"),
    ),
)

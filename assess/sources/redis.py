"""Microsoft.Cache: Azure Cache for Redis and whether it still accepts access keys.

Kept per cache: ``disableAccessKeyAuthentication`` (true: only Microsoft Entra ID tokens are
accepted), ``publicNetworkAccess`` and ``enableNonSslPort``, from the list's ``properties`` (REST
reference, Redis - List By Subscription / List By Resource Group, api-version 2024-11-01); absent
means the default, access keys accepted. The keys need ``listKeys``, which is not called.
"""

from __future__ import annotations

from assess.sources._listed import list_operations, listed_type

CACHES_LIST, CACHES_LIST_RG = list_operations("Microsoft.Cache/redis", "2024-11-01")

SOURCES = (
    listed_type(
        "redis",
        title="Azure Cache for Redis (access key authentication)",
        kind="redis_caches",
        operations=(CACHES_LIST, CACHES_LIST_RG),
        properties=("disableAccessKeyAuthentication", "publicNetworkAccess", "enableNonSslPort"),
        help="Read Azure Cache for Redis: whether it still accepts access keys (never the keys).",
        noun=("Redis cache", "Redis caches"),
    ),
)

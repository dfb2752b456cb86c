"""Microsoft.Storage: storage accounts and the age of their access keys, never the keys.

The list answers ``properties.keyCreationTime.{key1,key2}`` (when each key was last generated),
``keyPolicy.keyExpirationPeriodInDays`` and ``allowSharedKeyAccess``; older accounts and most
published list items leave them out, which means "not reported" (``None``), not "never rotated".
The keys themselves need ``listKeys``, which is not called.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import epoch, opt_bool, props, tracked
from assess.snapshot import StorageAccount


def parse_storage_account(item: Mapping[str, Any]) -> StorageAccount | None:
    common = tracked(item)
    if common is None:
        return None
    p = props(item)
    created = p.get("keyCreationTime")
    created = created if isinstance(created, Mapping) else {}
    policy = p.get("keyPolicy")
    days = policy.get("keyExpirationPeriodInDays") if isinstance(policy, Mapping) else None
    return StorageAccount(
        **common,
        allow_shared_key_access=opt_bool(p.get("allowSharedKeyAccess")),
        key1_created=epoch(created.get("key1")),
        key2_created=epoch(created.get("key2")),
        key_expiration_days=days if isinstance(days, int) and not isinstance(days, bool) else None,
        created=epoch(p.get("creationTime")),
    )

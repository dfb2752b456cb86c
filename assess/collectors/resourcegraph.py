"""Resource Graph: the resources of many types and subscriptions in a few paged queries.

:class:`GraphInventory` runs one query for every listed type over the subscriptions in scope
(1,000 subscriptions a query, 1,000 rows a page, ``$skipToken`` paging) the first time a listing
asks for it, and hands each subscription-wide listing the rows of its type and subscription,
shaped as that list's items. When the query is refused or fails, it says so once and answers
``None``, and the listing reads Resource Manager as without it; so it does for a type and
subscription where a row came without its ``properties`` (every setting would read as its
default), and for a type whose list is asked with options of its own (Azure SQL's
``$expand=administrators/activedirectory``), which answers more than the GET Resource Graph
holds. The queries keep within Resource Graph's own per-user quota through one of the
scheduler's token buckets (:func:`graph_quota`), corrected by the quota headers of each answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from assess.apis import Operation
from assess.http import ApiError, ArmClient
from assess.scheduler import (
    GRAPH_QUERIES_BURST,
    GRAPH_QUERIES_PER_SECOND,
    TokenBucket,
    parse_seconds,
)
from assess.sources.resourcegraph import MAX_SUBSCRIPTIONS, PAGE_ROWS, QUERY

COLUMNS = ("id", "name", "type", "location", "tags", "kind", "identity", "sku", "properties")
"""What a Resource Manager list item carries that the collectors read, projected by name."""
REMAINING = "x-ms-user-quota-remaining"
RESETS_AFTER = "x-ms-user-quota-resets-after"


def graph_quota() -> TokenBucket:
    """Resource Graph's per-user quota as one of the scheduler's token buckets: 15 queries,
    refilled at 3 a second (15 per 5 seconds)."""
    return TokenBucket(GRAPH_QUERIES_BURST, GRAPH_QUERIES_PER_SECOND)


def observe_quota(bucket: TokenBucket, headers: Mapping[str, str]) -> None:
    """Correct ``bucket`` from an answer's quota headers: the remaining count caps its tokens,
    and none left pauses it until the reset the service names (absent headers change nothing)."""
    remaining = _int(_header(headers, REMAINING))
    if remaining is None:
        return
    resets = parse_seconds(_header(headers, RESETS_AFTER))
    bucket.observe(remaining, resets if remaining > 0 else (resets or 1.0))


class GraphInventory:
    """Rows of the listed resource types for the subscriptions in scope, queried once."""

    def __init__(
        self,
        client: ArmClient,
        base: str,
        subscriptions: Sequence[str],
        operations: Sequence[Operation],
        note: Callable[[str], None],
        quota: TokenBucket | None = None,
    ) -> None:
        self.client = client
        self.base = base
        self.subscriptions = sorted({s.lower() for s in subscriptions})
        # A list asked with options of its own ($expand) answers more than the resource's GET,
        # which is what Resource Graph holds: such types are listed through Resource Manager.
        self.types = {
            resource_type(op).lower(): resource_type(op) for op in operations if not op.query
        }
        self.note = note
        self.quota = quota or graph_quota()
        self.queries = 0
        self._rows: dict[tuple[str, str], list[dict[str, Any]]] | None = None
        self._partial: set[tuple[str, str]] = set()
        """(type, subscription) with a row that holds no ``properties``: listed through Resource
        Manager instead, whose list answers them."""
        self._failed = False
        self._lock = threading.Lock()

    def items(self, operation: Operation, subscription: str) -> list[dict[str, Any]] | None:
        """What the subscription-wide list ``operation`` of ``subscription`` would return, or
        None when Resource Graph could not be read (then list through Resource Manager)."""
        with self._lock:
            if self._rows is None and not self._failed:
                self._load()
        if self._rows is None:
            return None
        key = (resource_type(operation).lower(), subscription.lower())
        if key[0] not in self.types or key in self._partial:
            return None
        return list(self._rows.get(key, ()))

    def _load(self) -> None:
        rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
        partial: set[tuple[str, str]] = set()
        try:
            for start in range(0, len(self.subscriptions), MAX_SUBSCRIPTIONS):
                for row in self._query(self.subscriptions[start : start + MAX_SUBSCRIPTIONS]):
                    item = self._item(row)
                    if item is None:
                        continue
                    key = item.pop("_key")
                    rows.setdefault(key, []).append(item)
                    if not isinstance(item.get("properties"), Mapping) and key not in partial:
                        # Absent properties would read as every setting at its default.
                        partial.add(key)
                        self.note(
                            f"Resource Graph returned {item['type']} {item.get('name', '')} "
                            f"without its properties: listing {item['type']} in subscription "
                            f"{key[1]} through Resource Manager instead"
                        )
        except ApiError as exc:
            self._failed = True
            self.note(
                f"Resource Graph could not be read ({exc.summary}): listing through Resource "
                "Manager instead"
            )
            return
        self._rows, self._partial = rows, partial

    def _query(self, subscriptions: Sequence[str]) -> list[dict[str, Any]]:
        quoted = ", ".join(f"'{t}'" for t in sorted(self.types))
        body: dict[str, Any] = {
            "subscriptions": list(subscriptions),
            "query": f"resources | where type in~ ({quoted}) | project {', '.join(COLUMNS)}"
            " | order by id asc",
            "options": {"$top": PAGE_ROWS, "resultFormat": "objectArray"},
        }
        url = QUERY.url(self.base)
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        while True:
            self.quota.take()
            headers: dict[str, str] = {}
            page = self.client.post_json(url, body, headers_out=headers)
            self.queries += 1
            observe_quota(self.quota, headers)
            if not isinstance(page, Mapping) or not isinstance(page.get("data"), list):
                raise ApiError(200, "UnexpectedBody", "the Resource Graph answer held no rows")
            if str(page.get("resultTruncated", "false")).lower() == "true":
                raise ApiError(200, "ResultTruncated", "Resource Graph truncated the result")
            found += [r for r in page["data"] if isinstance(r, dict)]
            token = page.get("$skipToken")
            if not isinstance(token, str) or not token:
                return found
            if token in seen:
                raise ApiError(200, "PagingLoop", "Resource Graph repeated a $skipToken")
            seen.add(token)
            body = {**body, "options": {**body["options"], "$skipToken": token}}

    def _item(self, row: Mapping[str, Any]) -> dict[str, Any] | None:
        """A row as the type's Resource Manager list item: the type's own casing (Resource Graph
        lower-cases it), and no key for a column the resource does not have."""
        rid = row.get("id")
        canonical = self.types.get(str(row.get("type") or "").lower())
        if not isinstance(rid, str) or canonical is None:
            return None
        parts = rid.strip("/").split("/")
        if len(parts) < 2 or parts[0].lower() != "subscriptions":
            return None
        item = {k: row[k] for k in COLUMNS if row.get(k) not in (None, "")}
        item["type"] = canonical
        item["_key"] = (canonical.lower(), parts[1].lower())
        return item


def resource_type(operation: Operation) -> str:
    """``Microsoft.KeyVault/vaults`` from a subscription-wide list's path."""
    return operation.path.split("/providers/", 1)[-1].strip("/")


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

"""What every collector shares: calls that turn failures into gaps, and value conversions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from assess.apis import Operation
from assess.http import ApiError, ArmClient
from assess.redact import preview, secret_like_name
from assess.snapshot import Gap, norm_id

R = TypeVar("R")


class Identified(Protocol):
    """What a per-parent read needs of its parent record: its full resource id."""

    @property
    def id(self) -> str: ...


class GapSink:
    """Collects gaps from many threads; one gap per (kind, scope, operation)."""

    def __init__(self) -> None:
        self._gaps: dict[tuple[str, str, str], Gap] = {}
        self._lock = threading.Lock()

    def add(self, error: ApiError, operation: Operation, scope: str, kinds: Iterable[str]) -> None:
        with self._lock:
            for kind in kinds:
                key = (kind, norm_id(scope), operation.name)
                if key not in self._gaps:
                    self._gaps[key] = gap_from_error(error, operation, scope, kind)

    def extend(self, gap: Gap, kinds: Iterable[str]) -> None:
        """Record ``gap``'s failure again for other ``kinds`` (evidence that depended on it)."""
        with self._lock:
            for kind in kinds:
                key = (kind, norm_id(gap.scope), gap.operation)
                if key not in self._gaps:
                    self._gaps[key] = gap.model_copy(update={"kind": kind})

    def gaps(self) -> tuple[Gap, ...]:
        with self._lock:
            return tuple(self._gaps[k] for k in sorted(self._gaps))


def gap_from_error(error: ApiError, operation: Operation, scope: str, kind: str) -> Gap:
    return Gap(
        kind=kind,
        scope=scope,
        operation=operation.name,
        status_code=error.status,
        error_code=error.code,
        message=error.message,
    )


def fetch_list(
    client: ArmClient,
    url: str,
    operation: Operation,
    scope: str,
    kinds: Iterable[str],
    sink: GapSink,
) -> list[dict[str, Any]] | None:
    """All items of a paged list, or None when the call failed (a gap is recorded for ``kinds``).

    When a later page fails, the items read so far are returned AND the gap is recorded: the
    evidence exists but is incomplete, so findings in ``scope`` stay ``unknown``.
    """
    try:
        return client.list_all(url)
    except ApiError as exc:
        sink.add(exc, operation, scope, kinds)
        return exc.partial_items or None


def list_parsed(
    client: ArmClient,
    operation: Operation,
    url: str,
    scope: str,
    kind: str,
    sink: GapSink,
    parse: Callable[[dict[str, Any]], R | None],
) -> list[R]:
    """Parsed records of every item of a list call; a failure is a ``kind`` gap over ``scope``."""
    items = fetch_list(client, url, operation, scope, [kind], sink)
    return [r for r in (parse(i) for i in items or ()) if r is not None]


def fetch_one(
    client: ArmClient,
    url: str,
    operation: Operation,
    scope: str,
    kinds: Iterable[str],
    sink: GapSink,
) -> dict[str, Any] | None:
    """One resource body, or None when the call failed (a gap is recorded for ``kinds``)."""
    try:
        body = client.get_json(url)
    except ApiError as exc:
        sink.add(exc, operation, scope, kinds)
        return None
    return body if isinstance(body, dict) else None


# ---- conversions ------------------------------------------------------------------------------
def props(item: Mapping[str, Any]) -> Mapping[str, Any]:
    value = item.get("properties")
    if type(value) is dict:  # what JSON gives: no abstract-class check per item
        return value
    return value if isinstance(value, Mapping) else {}


def text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def opt_text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def opt_bool(value: Any) -> bool | None:
    """True/False from a JSON bool or a "true"/"false" string; None when absent or unreadable."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def opt_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def tags(value: Any) -> dict[str, str]:
    """A resource's tags; the value of a tag named like a credential (``adminPassword``) is kept
    only as its redacted preview: tags are read by anyone with Reader, and people do put
    passwords in them."""
    if value is None or not isinstance(value, Mapping):
        return {}
    found = {str(k): "" if v is None else str(v) for k, v in value.items()}
    return {k: preview(v) if v and secret_like_name(k) else v for k, v in found.items()}


def strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value if isinstance(v, str))


def epoch(value: Any) -> datetime | None:
    """Key Vault attribute times: Unix epoch seconds (int, float or digits) to UTC datetimes."""
    if type(value) is int:  # what Key Vault sends (a bool is not an int here)
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.isdigit():
            return datetime.fromtimestamp(int(stripped), UTC)
        try:
            parsed = datetime.fromisoformat(stripped.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def tracked(item: Mapping[str, Any]) -> dict[str, Any] | None:
    """The fields of :class:`~assess.snapshot.TrackedResource` from a list item, or None without
    an id: id, name (else the id's last segment), subscription, resource group, location, tags."""
    rid = text(item.get("id"))
    if not rid:
        return None
    return {
        "id": rid,
        "name": text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        "subscription_id": segment_after(rid, "subscriptions"),
        "resource_group": segment_after(rid, "resourceGroups"),
        "location": text(item.get("location")),
        "tags": tags(item.get("tags")),
    }


def segment_after(resource_id: str, name: str) -> str:
    """The id segment after ``name`` (case-insensitive), in its original casing, or ``""``."""
    parts = resource_id.strip("/").split("/")
    for i, part in enumerate(parts[:-1]):
        if part.lower() == name.lower():
            return parts[i + 1]
    return ""


def by_id(records: Iterable[Any]) -> tuple[Any, ...]:
    """Records sorted by id (case-insensitive), duplicates (same normalised id) dropped."""
    unique: dict[str, Any] = {}
    for record in records:
        unique.setdefault(norm_id(record.id), record)
    return tuple(unique[k] for k in sorted(unique))

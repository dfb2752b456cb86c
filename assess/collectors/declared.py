"""Resources of a source collected from its declaration (:class:`assess.sources.ResourceList`):
the common fields of a tracked resource and the declared properties, nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import props, text, tracked
from assess.snapshot import DeclaredResource, JsonScalar


def parse_declared(properties: tuple[str, ...], item: Mapping[str, Any]) -> DeclaredResource | None:
    """One list item as a :class:`DeclaredResource` keeping only ``properties`` (dotted names
    reach into nested objects); a value that is absent or not a JSON scalar is ``None``."""
    common = tracked(item)
    if common is None:
        return None
    return DeclaredResource(
        **common,
        type=text(item.get("type")),
        properties={name: _scalar(props(item), name) for name in properties},
    )


def _scalar(properties: Mapping[str, Any], dotted: str) -> JsonScalar:
    value: Any = properties
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value if isinstance(value, str | int | float | bool) else None

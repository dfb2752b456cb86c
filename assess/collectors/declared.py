"""Resources of a source collected from its declaration (:class:`assess.sources.ResourceList`):
the common fields of a tracked resource and the declared properties, nothing else."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assess.collectors._base import props, text, tracked
from assess.snapshot import DeclaredResource, JsonScalar


def parse_declared(
    properties: tuple[str, ...],
    item: Mapping[str, Any],
    *,
    parent: str = "",
    match: tuple[str, str] | None = None,
) -> DeclaredResource | None:
    """One list item as a :class:`DeclaredResource` keeping only ``properties`` (dotted names
    reach into nested objects, ``[]`` into each element of a list); a value that is absent or
    not a JSON scalar is ``None``. With ``match`` (a property and a regular expression), an
    item whose property does not match is left out (None)."""
    common = tracked(item)
    if common is None:
        return None
    if match is not None and not re.search(
        match[1], str(_scalar(props(item), match[0]) or ""), re.I
    ):
        return None
    return DeclaredResource(
        **common,
        type=text(item.get("type")),
        properties={name: _scalar(props(item), name) for name in properties},
        parent=parent,
    )


def _scalar(properties: Mapping[str, Any], dotted: str) -> JsonScalar | tuple[JsonScalar, ...]:
    if "[]" in dotted:
        head, _, tail = dotted.partition("[]")
        found = _value(properties, head)
        elements = found if isinstance(found, list) else []
        return tuple(_plain(_value(e, tail.lstrip(".")) if tail else e) for e in elements)
    return _plain(_value(properties, dotted))


def _value(properties: Any, dotted: str) -> Any:
    value: Any = properties
    for part in filter(None, dotted.split(".")):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _plain(value: Any) -> JsonScalar:
    return value if isinstance(value, str | int | float | bool) else None

"""Resources of a source collected from its declaration (:class:`assess.sources.ResourceList`):
the common fields of a tracked resource and the declared properties, nothing else.

A sealed property (``values`` of the declaration) may hold a secret: its value is classified here,
in memory, and only what it held is kept (:class:`~assess.sources.Held`), never the value."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from assess.collectors._base import props, text, tracked
from assess.collectors.web import Classifier, key_vault_reference
from assess.redact import Fingerprinter
from assess.snapshot import DeclaredResource, JsonScalar
from assess.sources import Held

_classifier_lock = threading.Lock()
_classifier: Classifier | None = None


def _detect(name: str, value: str) -> bool:
    """Does ``value``, read under ``name``, carry a credential? (One detector per process; the
    rules compile once.)"""
    global _classifier
    with _classifier_lock:
        if _classifier is None:
            _classifier = Classifier(Fingerprinter())
        classifier = _classifier
    return bool(classifier.credential_rules(name, value))


def held(value: Any, name: str) -> JsonScalar:
    """What a sealed value held (:class:`Held`, or a JSON object's ``type``); None when absent."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        kind = value.get("type")
        return kind if isinstance(kind, str) and kind else Held.OBJECT.value
    if isinstance(value, list):
        return Held.OBJECT.value
    if not isinstance(value, str):
        return Held.TEXT.value
    if not value.strip():
        return Held.EMPTY.value
    if key_vault_reference(value) is not None:
        return Held.KEY_VAULT_REFERENCE.value
    return Held.CREDENTIAL.value if _detect(name, value) else Held.TEXT.value


def parse_declared(
    properties: tuple[str, ...],
    item: Mapping[str, Any],
    *,
    parent: str = "",
    match: tuple[str, str] | None = None,
    values: tuple[str, ...] = (),
) -> DeclaredResource | None:
    """One list item as a :class:`DeclaredResource` keeping only ``properties`` (dotted names
    reach into nested objects, ``[]`` into each element of a list, ``{}`` into each entry of an
    object, ``parameters{}`` alone naming its keys); a value that is absent or not a JSON scalar
    is ``None``. ``values`` are sealed: each is kept as what it held (:func:`held`). With
    ``match`` (a property and a regular expression), an item whose property does not match is
    left out (None)."""
    common = tracked(item)
    if common is None:
        return None
    if match is not None and not re.search(
        match[1], str(_scalar(props(item), match[0]) or ""), re.I
    ):
        return None
    name = common["name"]
    kept = {p: _scalar(props(item), p) for p in properties}
    kept.update({p: _scalar(props(item), p, sealed=name) for p in values})
    return DeclaredResource(**common, type=text(item.get("type")), properties=kept, parent=parent)


def _scalar(
    properties: Mapping[str, Any], dotted: str, sealed: str | None = None
) -> JsonScalar | tuple[JsonScalar, ...]:
    """The value at ``dotted`` (each element's or entry's for ``[]``/``{}``); with ``sealed`` (the
    name the value is read under) what it held instead of the value."""
    marks = [i for i in (dotted.find("[]"), dotted.find("{}")) if i >= 0]
    if marks:
        at = min(marks)
        head, mark, tail = dotted[:at], dotted[at : at + 2], dotted[at + 2 :].lstrip(".")
        found = _value(properties, head)
        if mark == "[]":
            entries = [("", e) for e in found] if isinstance(found, list) else []
        else:
            entries = [(str(k), v) for k, v in found.items()] if isinstance(found, Mapping) else []
            if not tail:
                return tuple(k for k, _ in entries)
        return tuple(
            _leaf(_value(e, tail) if tail else e, sealed and (key or sealed)) for key, e in entries
        )
    return _leaf(_value(properties, dotted), sealed)


def _leaf(value: Any, sealed: str | None) -> JsonScalar:
    return held(value, sealed) if sealed is not None else _plain(value)


def _value(properties: Any, dotted: str) -> Any:
    value: Any = properties
    for part in filter(None, dotted.split(".")):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _plain(value: Any) -> JsonScalar:
    return value if isinstance(value, str | int | float | bool) else None

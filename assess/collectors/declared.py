"""Resources of a source collected from its declaration (:class:`assess.sources.ResourceList`):
the common fields of a tracked resource and the declared properties, nothing else.

A sealed property (``values`` of the declaration) may hold a secret: its value is classified here,
in memory, and only what it held is kept (:class:`~assess.sources.Held`), never the value; a
value that carries a credential (the detector matched, or it is stored under a credential's
name) also leaves the run's keyed fingerprint of that credential (:mod:`assess.fingerprints`),
so the same credential is recognised wherever else the tool saw it."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from assess.collectors._base import props, text, tracked
from assess.collectors.web import Classifier, key_vault_reference
from assess.fingerprints import credential_fingerprint, target_of
from assess.redact import Fingerprinter, secret_like_name
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


_SECRET_BASE = {"securestring", "azurekeyvaultsecret"}
"""The ``type`` of a ``SecretBase`` object (Data Factory): masked by the service or a reference
to Key Vault, never a credential in its own leaves."""


def held(value: Any, name: str) -> JsonScalar:
    """What a sealed value held (:class:`Held`, or a JSON object's ``type``); None when absent.
    An object or list whose text leaves carry a credential (a Logic Apps ``Object`` parameter
    ``{"type": "Basic", "password": ...}``) held a credential."""
    if value is None:
        return None
    if isinstance(value, Mapping | list):
        if _nested_credentials(value, name):
            return Held.CREDENTIAL.value
        kind = value.get("type") if isinstance(value, Mapping) else None
        return kind if isinstance(kind, str) and kind else Held.OBJECT.value
    if not isinstance(value, str):
        return Held.TEXT.value
    if not value.strip():
        return Held.EMPTY.value
    if key_vault_reference(value) is not None:
        return Held.KEY_VAULT_REFERENCE.value
    if _NAMED_VALUE.search(value):
        # What is written around the references is read as it stands ("{{user}}:s3cr3t...").
        rest = _NAMED_VALUE.sub("", value)
        if rest.strip() and _detect(name, rest):
            return Held.CREDENTIAL.value
        return Held.NAMED_VALUE_REFERENCE.value
    return Held.CREDENTIAL.value if _detect(name, value) else Held.TEXT.value


_NAMED_VALUE = re.compile(r"\{\{[A-Za-z0-9._-]+\}\}")
"""An API Management named value reference (``{{name}}``; a named value's name takes letters,
digits, periods, dashes and underscores)."""


def _nested_credentials(value: Any, name: str) -> list[tuple[str, str]]:
    """The text leaves of an object or list (each read under its own key, a list's elements
    under the list's) that carry a credential; none inside a ``SecretBase`` object."""
    if isinstance(value, Mapping):
        kind = value.get("type")
        if isinstance(kind, str) and kind.lower() in _SECRET_BASE:
            return []
        entries = [(str(k), v) for k, v in value.items()]
    elif isinstance(value, list):
        entries = [(name, v) for v in value]
    else:
        return []
    found: list[tuple[str, str]] = []
    for key, leaf in entries:
        if isinstance(leaf, str):
            if leaf.strip() and key_vault_reference(leaf) is None and _detect(key, leaf):
                found.append((key, leaf))
        else:
            found += _nested_credentials(leaf, key)
    return found


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
    # A value is judged under the name its users know it by: an API Management named value's
    # displayName (policies write {{displayName}}), not its resource name, often a generated id.
    shown = props(item).get("displayName")
    name = shown if isinstance(shown, str) and shown.strip() else common["name"]
    kept = {p: _scalar(props(item), p) for p in properties}
    kept.update({p: _scalar(props(item), p, sealed=name) for p in values})
    fingerprints: dict[str, str] = {}
    targets: dict[str, str] = {}
    for path in values:
        for setting, value in _texts(props(item), path, name):
            fingerprint = _fingerprint(setting, value)
            if fingerprint:
                label = _unique(setting, fingerprints)
                fingerprints[label] = fingerprint
                if target := target_of(value):
                    targets[label] = target
    return DeclaredResource(
        **common,
        type=text(item.get("type")),
        properties=kept,
        parent=parent,
        fingerprints=fingerprints,
        targets=targets,
    )


def _fingerprint(setting: str, value: str) -> str:
    """The credential fingerprint of a sealed text, when it can be a credential: the detector
    matched, or it is stored under a credential's name (``adminPassword``); else ``""``."""
    kept = held(value, setting)
    if kept == Held.CREDENTIAL.value or (
        secret_like_name(setting) and kept != Held.NAMED_VALUE_REFERENCE.value
    ):
        return credential_fingerprint(value)
    return ""


def _unique(label: str, taken: dict[str, str]) -> str:
    n, found = 1, label
    while found in taken:
        n += 1
        found = f"{label} ({n})"
    return found


def _texts(properties: Any, dotted: str, name: str) -> list[tuple[str, str]]:
    """The text values at a sealed ``dotted`` path, each with the setting it is read under: a
    ``{}`` entry's key, a ``[]`` element's ``name`` (else the name of what holds it), else the
    record's ``name`` for a bare ``value`` and the property's own name otherwise."""
    split = _split(dotted)
    if split is None:
        value = _value(properties, dotted)
        leaf = dotted.rsplit(".", 1)[-1]
        return _text_of(name if leaf == "value" else leaf, value)
    head, mark, tail = split
    texts: list[tuple[str, str]] = []
    for key, entry in _entries(_value(properties, head), mark):
        # An element without a name is read under what holds it (a header's values, under the
        # header), as :func:`_scalar` reads it.
        under = name if key.isdigit() else key
        if _split(tail) is not None:
            texts += _texts(entry, tail, under)
        else:
            texts += _text_of(under, _value(entry, tail) if tail else entry)
    return texts


def _text_of(setting: str, value: Any) -> list[tuple[str, str]]:
    """A sealed text under its setting, or the credentials inside a sealed object or list, each
    under ``setting.key``."""
    if isinstance(value, str):
        return [(setting, value)]
    return [(f"{setting}.{key}", leaf) for key, leaf in _nested_credentials(value, setting)]


def _scalar(
    properties: Any, dotted: str, sealed: str | None = None
) -> JsonScalar | tuple[JsonScalar, ...]:
    """The value at ``dotted`` (each element's or entry's for ``[]``/``{}``, flattened when they
    nest); with ``sealed`` (the name the value is read under) what it held instead of the value."""
    split = _split(dotted)
    if split is None:
        return _leaf(_value(properties, dotted), sealed)
    head, mark, tail = split
    entries = _entries(_value(properties, head), mark)
    if mark == "{}" and not tail:
        return tuple(key for key, _ in entries)
    found: list[JsonScalar] = []
    for key, entry in entries:
        under = sealed and (sealed if key.isdigit() else key)
        if _split(tail) is not None:
            inner = _scalar(entry, tail, under)
            found.extend(inner if isinstance(inner, tuple) else (inner,))
        else:
            found.append(_leaf(_value(entry, tail) if tail else entry, under))
    return tuple(found)


def _split(dotted: str) -> tuple[str, str, str] | None:
    """``a.b[].c`` -> (``a.b``, ``[]``, ``c``): the path before its first ``[]`` or ``{}``, the
    mark and the rest; None for a path without one."""
    marks = [i for i in (dotted.find("[]"), dotted.find("{}")) if i >= 0]
    if not marks:
        return None
    at = min(marks)
    return dotted[:at], dotted[at : at + 2], dotted[at + 2 :].lstrip(".")


def _entries(found: Any, mark: str) -> list[tuple[str, Any]]:
    """A list's elements, each with its ``name`` (else its position), or an object's entries
    with their keys."""
    if mark == "{}":
        return [(str(k), v) for k, v in found.items()] if isinstance(found, Mapping) else []
    return [
        (str(e.get("name")) if isinstance(e, Mapping) and e.get("name") else str(i), e)
        for i, e in enumerate(found if isinstance(found, list) else [])
    ]


def _leaf(value: Any, sealed: str | None) -> JsonScalar:
    return held(value, sealed) if sealed is not None else _plain(value)


def _value(properties: Any, dotted: str) -> Any:
    value: Any = properties
    for part in filter(None, dotted.split(".")):
        if not isinstance(value, Mapping):
            return None
        value = value[part] if part in value else _key_any_case(value, part)
    return value


def _key_any_case(mapping: Mapping[str, Any], name: str) -> Any:
    """The value under ``name`` spelt in any case, None when absent: a map keyed by the user
    (AKS ``addonProfiles``: ``azureKeyvaultSecretsProvider`` or ``azurekeyvaultsecretsprovider``,
    as the cluster was created) keeps the casing it was written with."""
    found = [v for k, v in mapping.items() if isinstance(k, str) and k.lower() == name.lower()]
    return found[0] if len(found) == 1 else None


def _plain(value: Any) -> JsonScalar:
    return value if isinstance(value, str | int | float | bool) else None

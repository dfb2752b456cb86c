"""Traceable evidence for one finding: portal link, short structured facts, identities.

Plain strings and lists only; the one function that returns markup, :func:`wrap_id`, escapes
the text first and adds nothing but ``<wbr>`` break opportunities.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from assess.model import Finding

_BREAK_AFTER = re.compile(r"([/.\-])")


def wrap_id(text: Any) -> Markup:
    """``text`` escaped, with a break opportunity (``<wbr>``) after each ``/``, ``-`` and ``.``,
    so a long identifier wraps at its separators and never inside a word.

    The text is escaped first; no entity the escaping writes (``&amp;``, ``&lt;``, ``&#34;``...)
    holds a separator, so adding ``<wbr>`` after them cannot split one."""
    return Markup(_BREAK_AFTER.sub(r"\1<wbr>", str(escape(str(text)))))  # noqa: S704 - escaped


def portal_url(resource_id: str, portal: str, tenant_id: str = "") -> str:
    """The page of an ARM resource in ``portal`` (the run's cloud's portal, from
    :mod:`assess.cloud`), or ``""`` when there is none (not an ARM id, or no portal known).

    The id is percent-encoded (``/`` kept), so estate text cannot leave the portal's URL.
    """
    if not portal.startswith("https://") or not resource_id.lower().startswith("/subscriptions/"):
        return ""
    portal = portal.rstrip("/")
    path = quote(resource_id, safe="/")
    tenant = quote(tenant_id, safe="") if tenant_id else ""
    return f"{portal}/#@{tenant}/resource{path}" if tenant else f"{portal}/#resource{path}"


def facts(value: Any) -> list[str]:
    """An observed or expected value as short facts, one line each (never cut)."""
    if value is None or isinstance(value, bool):
        return [shown(value)]
    if isinstance(value, Mapping):
        lines: list[str] = []
        for key, inner in value.items():
            if key in IDENTITY_KEYS:
                continue
            if isinstance(inner, list | tuple) and inner:
                lines += [f"{key}: {shown(v)}" for v in inner]
            else:
                lines.append(f"{key}: {shown(inner)}")
        return lines or ["none"]
    if isinstance(value, list | tuple):
        return [shown(v) for v in value] or ["none"]
    text = str(value)
    return [part.strip() for part in text.split("; ")] if "; " in text else [text]


def shown(value: Any) -> str:
    """An observed or expected value as people read it, on one line."""
    if value is None:
        return "not returned"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value) or "none"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) or "none"
    return str(value)


IDENTITY_KEYS = ("principal type", "principal", "environments reached")
"""Keys of an observed value that name an identity; shown as the identity, not as facts."""


def identity(f: Finding) -> str:
    """``ServicePrincipal 3aa1…`` for findings about an identity, else ``""``."""
    observed = f.evidence.observed if f.evidence else None
    if not isinstance(observed, Mapping) or "principal type" not in observed:
        return ""
    kind = str(observed.get("principal type") or "principal")
    who = observed.get("principal") or f.resource_name
    return f"{kind} {who}"


def reaches(f: Finding) -> str:
    """The environments an identity reaches (``production, development``), or the finding's own
    environment, or ``unclassified``."""
    observed = f.evidence.observed if f.evidence else None
    if isinstance(observed, Mapping) and observed.get("environments reached"):
        return "reaches " + ", ".join(str(e) for e in observed["environments reached"])
    return f.environment or "unclassified"


_SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]]{2}[.!?])\s+(?=[A-Z])")


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (the printed edition's short rationale)."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]

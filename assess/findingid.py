"""Stable finding ids: the same check and resource give the same id on any machine, in any run.

An assessment finding's id is derived from its check id and the identity of its resource, never
from a secret value, the run's fingerprint key, the clock or the working directory:

* an Azure resource is identified by its id compared as Azure compares them (case-insensitive,
  no trailing slash);
* a scanned repository (``repo:<path as given>``) by the name of its folder, so that a checkout
  moved to another directory or another runner keeps the same ids.

SARIF ``partialFingerprints``, JUnit test-case names, ``assess diff``, ``assess gate --baseline``
and the history database all match findings on this id.
"""

from __future__ import annotations

import hashlib

FINDING_ID_VERSION = "v1"

_ID_LENGTH = 20
"""Hex characters kept: 80 bits, far from colliding in any estate."""


def resource_identity(resource_id: str, resource_name: str = "") -> str:
    """What identifies the resource of a finding across machines and runs."""
    value = resource_id.strip()
    if value.startswith("repo:"):
        name = resource_name.strip() or value[5:].replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
        return "repo:" + name.lower()
    value = value.rstrip("/").lower()
    if value and not value.startswith(("/", "http://", "https://")):
        value = "/" + value
    return value


def finding_id(check_id: str, resource_id: str, resource_name: str = "") -> str:
    """The stable id of the finding of ``check_id`` on one resource (20 hex characters)."""
    text = f"{FINDING_ID_VERSION}\0{check_id.strip().upper()}\0"
    text += resource_identity(resource_id, resource_name)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_ID_LENGTH]

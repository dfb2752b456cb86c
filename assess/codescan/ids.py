"""Stable finding ids: the same finding gets the same id in every run, on every machine, in any
checkout folder, so CI alerts and baselines follow it instead of reopening.

:func:`stable_id` is the general recipe (a SHA-256 of named parts, none of them a secret);
:func:`code_finding_id` applies it to a code-scan finding. An id is made of

* the rule that found it,
* the path relative to the scan root (archive members as ``outer.zip!inner``), never absolute,
* and either the surrounding line with the value cut out and whitespace normalised (the
  default, so no value ever goes into the id) or, when a stable fingerprint key is configured
  (``WAF_ASSESS_FINGERPRINT_KEY``), the keyed fingerprint of the value.

Two findings that would share an id (the same line twice in one file) are told apart by their
order in the file: :func:`number_repeats`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

ID_LENGTH = 32
"""Hex characters kept of the SHA-256 (128 bits)."""
CONTEXT_CHARS = 200
"""Characters of the line kept on each side of the value."""

T = TypeVar("T")


def stable_id(*parts: str) -> str:
    """A stable, opaque id of ``parts`` (order matters); never pass a secret value."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:ID_LENGTH]


def line_context(text: str, start: int, end: int) -> str:
    """The line around ``text[start:end]`` without the value: up to :data:`CONTEXT_CHARS` on
    each side, whitespace runs folded to one space, so re-indenting keeps the id."""
    line_start = text.rfind("\n", max(0, start - CONTEXT_CHARS), start) + 1
    line_start = max(line_start, start - CONTEXT_CHARS)
    line_end = text.find("\n", end, end + CONTEXT_CHARS)
    line_end = line_end if line_end >= 0 else min(len(text), end + CONTEXT_CHARS)
    before = " ".join(text[line_start:start].split())
    after = " ".join(text[end:line_end].split())
    return f"{before}\x00{after}"


def code_finding_id(rule_id: str, path: str, context: str, keyed_fingerprint: str = "") -> str:
    """The id of a code-scan finding: rule, relative path and either the value's keyed
    fingerprint (when the key is stable) or the line context from :func:`line_context`."""
    if keyed_fingerprint:
        return stable_id("code/value", rule_id, path, keyed_fingerprint)
    return stable_id("code/line", rule_id, path, context)


def number_repeats(
    items: Sequence[T], key: Callable[[T], Hashable], rename: Callable[[T, int], T]
) -> list[T]:
    """``items`` (in a stable order) with the 2nd, 3rd... item sharing a ``key`` passed to
    ``rename(item, n)`` so that every id ends up unique and still stable."""
    seen: dict[Hashable, int] = {}
    out: list[T] = []
    for item in items:
        k = key(item)
        n = seen.get(k, 0) + 1
        seen[k] = n
        out.append(item if n == 1 else rename(item, n))
    return out


def repeat_id(base: str, n: int) -> str:
    """The id of the ``n``-th finding that shares ``base``."""
    return stable_id("repeat", base, str(n))

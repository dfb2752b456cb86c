"""Accepted findings: by fingerprint, by path glob, or by a marker comment on the line, each with a reason.

An allowlist file is TOML::

    [[allow]]
    path = "tests/fixtures/**"          # a gitignore-style glob over finding paths
    rule = "aws-access-key-id"           # optional: only this rule
    reason = "documented example keys"

    [[allow]]
    fingerprint = "fp1:3b1f..."          # one value, wherever it appears
    reason = "revoked in 2026-10, history kept"

An inline marker on the same line as the value (``waf-assess:allow <reason>``; the markers of
gitleaks and detect-secrets are honoured too) allowlists that one occurrence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pathspec

from assess.errors import InputError

_MARKER = re.compile(
    r"(?:waf-assess:allow(?P<reason>[^\r\n]*)|gitleaks:allow|pragma:\s*allowlist[ -]secret)"
)


def inline_reason(line_text: str) -> str:
    """The reason of an allowlist marker in ``line_text``, or ``""`` when there is none."""
    found = _MARKER.search(line_text)
    if found is None:
        return ""
    reason = (found.group("reason") or "").strip(" \t:-#*/>\"'")
    return f"inline marker: {reason}" if reason else "inline marker"


@dataclass(frozen=True)
class AllowEntry:
    reason: str
    path: str = ""
    rule: str = ""
    fingerprint: str = ""

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec | None:
        return pathspec.GitIgnoreSpec.from_lines([self.path]) if self.path else None

    def covers(self, rule_id: str, path: str, fingerprint: str) -> bool:
        if self.rule and self.rule != rule_id:
            return False
        if self.fingerprint and self.fingerprint != fingerprint:
            return False
        if self._spec is not None:
            # Archive members are matched by their full name and by the archive's own path.
            names = (path, path.split("!", 1)[0])
            if not any(self._spec.match_file(name) for name in names):
                return False
        return True


@dataclass(frozen=True)
class Allowlist:
    entries: tuple[AllowEntry, ...] = field(default_factory=tuple)

    def reason_for(self, rule_id: str, path: str, fingerprint: str) -> str:
        for entry in self.entries:
            if entry.covers(rule_id, path, fingerprint):
                return entry.reason
        return ""


def load_allowlist(path: Path) -> Allowlist:
    """Read an allowlist file; one clear line for a missing or malformed file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"allowlist file not found: {path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read allowlist file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path} is not valid TOML: {exc}") from exc
    raw = data.get("allow", [])
    if not isinstance(raw, list):
        raise InputError(f"{path}: 'allow' must be an array of tables ([[allow]])")
    entries = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{path}: allow entry {number} is not a table")
        unknown = set(item) - {"reason", "path", "rule", "fingerprint"}
        if unknown:
            raise InputError(f"{path}: allow entry {number} has unknown keys: {sorted(unknown)}")
        values = {key: item.get(key, "") for key in ("reason", "path", "rule", "fingerprint")}
        if not all(isinstance(value, str) for value in values.values()):
            raise InputError(f"{path}: allow entry {number}: every value must be a string")
        if not values["reason"].strip():
            raise InputError(f"{path}: allow entry {number} needs a reason")
        if not (values["path"] or values["fingerprint"]):
            raise InputError(f"{path}: allow entry {number} needs a path or a fingerprint")
        entries.append(AllowEntry(**values))
    return Allowlist(tuple(entries))

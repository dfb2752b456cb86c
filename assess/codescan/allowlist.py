"""Accepted findings: by fingerprint, by path glob, or by a marker comment on the line, each with a reason.

An allowlist file is TOML::

    [[allow]]
    path = "tests/fixtures/**"          # a gitignore-style glob over finding paths
    rule = "aws-access-key-id"           # optional: only this rule
    reason = "documented example keys"

    [[allow]]
    fingerprint = "hmac-sha256:<salt>:<mac>"   # one value, wherever it appears
    reason = "revoked in 2026-10, history kept"

A value's entry is a salted HMAC made by :func:`assess.redact.allow_entry` from the value held in
memory; it reveals nothing usable about the value and survives across runs. A finding's own
``fingerprint`` is accepted too, but it only stays the same across runs when a stable key is set
in ``WAF_ASSESS_FINGERPRINT_KEY``.

An inline marker on the same line as the value (``waf-assess:allow <reason>``; the markers of
gitleaks and detect-secrets are honoured too) allowlists that one occurrence.
"""

from __future__ import annotations

import hmac
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from assess import redact
from assess.errors import InputError

if TYPE_CHECKING:  # imported when first needed (start-up of scan-code)
    import pathspec

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
class AllowRule:
    reason: str
    path: str = ""
    rule: str = ""
    fingerprint: str = ""

    @cached_property
    def _spec(self) -> pathspec.GitIgnoreSpec | None:
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines([self.path]) if self.path else None

    def covers(self, rule_id: str, path: str, fingerprint: str, value: str | None) -> bool:
        if self.rule and self.rule != rule_id:
            return False
        if self.fingerprint and not self._same_value(fingerprint, value):
            return False
        if self._spec is not None:
            # Archive members are matched by their full name and by the archive's own path.
            names = (path, path.split("!", 1)[0])
            if not any(self._spec.match_file(name) for name in names):
                return False
        return True

    def _same_value(self, fingerprint: str, value: str | None) -> bool:
        if self.fingerprint.startswith("hmac-sha256:"):
            return value is not None and redact.allowlisted(value, [self.fingerprint])
        return bool(fingerprint) and hmac.compare_digest(self.fingerprint, fingerprint)


@dataclass(frozen=True)
class Allowlist:
    entries: tuple[AllowRule, ...] = field(default_factory=tuple)

    def reason_for(
        self, rule_id: str, path: str, fingerprint: str, value: str | None = None
    ) -> str:
        """The reason of the first entry covering a finding (``value`` stays in memory)."""
        for entry in self.entries:
            if entry.covers(rule_id, path, fingerprint, value):
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
        if values["fingerprint"].startswith("hmac-sha256:"):
            redact.AllowEntry.parse(values["fingerprint"])  # refuses a malformed entry
        entries.append(AllowRule(**values))
    return Allowlist(tuple(entries))

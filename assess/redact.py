"""What may be kept of a secret value: a redacted preview and a keyed fingerprint, nothing else.

Used wherever a value is classified in memory (source files, app settings, deployment
parameters). The value itself never leaves the process.

Preview
    :func:`preview` keeps at most 4 leading characters and the length, and fewer for short values
    (a quarter of the length at most), e.g. ``"AKIA…(20 chars)"``, ``"Fa…(9 chars)"``.

Fingerprint
    :class:`Fingerprinter` computes HMAC-SHA256 of the value under a key. By default the key is
    random per run, so fingerprints let a report say "these two settings hold the same secret"
    (e.g. dev and prod share a key) without giving anyone a value to brute-force offline against
    a published hash. For fingerprints comparable *across* runs (trend, diff of two result files),
    set a stable key in the environment variable ``WAF_ASSESS_FINGERPRINT_KEY`` (at least 16
    characters; keep it as secret as the values it fingerprints) and use
    :meth:`Fingerprinter.from_env`.

Allowlist
    An allowlist entry must survive across runs while the run key changes, so an entry carries its
    own random salt and the HMAC of the value under that salt:
    ``hmac-sha256:<salt hex>:<mac hex>``. :func:`allowlisted` recomputes the HMAC with each entry's
    salt and compares in constant time; the entry reveals nothing usable about the value, and
    :func:`allow_entry` is how a user (or the CLI) makes one from a value they hold in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from assess.errors import InputError

ENV_KEY = "WAF_ASSESS_FINGERPRINT_KEY"
_ENTRY_PREFIX = "hmac-sha256"


_SECRET_NAME = re.compile(
    r"(?i)pass(word|wd|phrase)?|pwd|secret|token|api[-_ ]?key|access[-_ ]?key|account[-_ ]?key"
    r"|private[-_ ]?key|signing[-_ ]?key|conn(ection)?[-_ ]?str(ing)?|\bsas\b|credential"
)


def secret_like_name(name: str) -> bool:
    """A name under which people put credentials (``adminPassword``, ``api_key``, ``sasToken``):
    what is stored under it is treated as a value, not as text."""
    return _SECRET_NAME.search(name) is not None


def preview(value: str) -> str:
    """At most 4 leading characters and the length; never more than a quarter of the value."""
    shown = min(4, len(value) // 4)
    return f"{value[:shown]}…({len(value)} chars)"


class Fingerprinter:
    """Keyed HMAC-SHA256 fingerprints; ``key=None`` draws a random key for this run."""

    __slots__ = ("_key", "stable")

    def __init__(self, key: bytes | None = None) -> None:
        self.stable = key is not None
        self._key = key if key is not None else secrets.token_bytes(32)

    @classmethod
    def from_env(cls) -> Fingerprinter:
        """A stable key from ``WAF_ASSESS_FINGERPRINT_KEY`` if set, else a random per-run key."""
        raw = os.environ.get(ENV_KEY)
        if raw is None:
            return cls()
        if len(raw) < 16:
            raise InputError(f"{ENV_KEY} is too short", hint="use at least 16 random characters")
        return cls(raw.encode("utf-8"))

    def __repr__(self) -> str:
        return f"Fingerprinter(stable={self.stable})"

    @property
    def key_id(self) -> str:
        """Names a stable key without revealing it (equal for equal keys), so that snapshots
        fingerprinted with different keys are told apart; ``""`` for a random per-run key."""
        if not self.stable:
            return ""
        return hmac.new(self._key, b"waf-assess fingerprint key id", hashlib.sha256).hexdigest()[
            :16
        ]

    def fingerprint(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
        return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class AllowEntry:
    """One allowlisted value, stored as its own salt and the HMAC of the value under it."""

    salt: bytes = field(repr=False)
    mac: bytes = field(repr=False)

    def __str__(self) -> str:
        return f"{_ENTRY_PREFIX}:{self.salt.hex()}:{self.mac.hex()}"

    @classmethod
    def parse(cls, text: str) -> AllowEntry:
        parts = text.strip().split(":")
        if len(parts) != 3 or parts[0] != _ENTRY_PREFIX:
            raise InputError(
                f"not an allowlist entry: {text[:20]!r}",
                hint=f"expected {_ENTRY_PREFIX}:<salt>:<mac>",
            )
        try:
            salt, mac = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError as exc:
            raise InputError("allowlist entry is not hexadecimal") from exc
        if len(salt) < 16 or len(mac) != 32:
            raise InputError("allowlist entry has the wrong size")
        return cls(salt, mac)

    def matches(self, value: str) -> bool:
        mac = hmac.new(self.salt, value.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
        return hmac.compare_digest(mac, self.mac)


def allow_entry(value: str, salt: bytes | None = None) -> AllowEntry:
    """Make an allowlist entry for ``value`` (a fresh random salt unless one is given)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    return AllowEntry(
        salt, hmac.new(salt, value.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()
    )


def allowlisted(value: str, entries: Iterable[AllowEntry | str]) -> bool:
    """True if ``value`` matches any entry (``AllowEntry`` objects or their text form)."""
    for entry in entries:
        parsed = AllowEntry.parse(entry) if isinstance(entry, str) else entry
        if parsed.matches(value):
            return True
    return False

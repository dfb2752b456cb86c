"""One credential, one fingerprint: how a value read in memory is compared across the estate.

Wherever the tool legitimately holds a value for an instant (an app setting, a slot's connection
string, a deployment parameter, a line of a scanned file), :func:`credential_fingerprint` reduces
it to the credential it carries and returns a keyed fingerprint of that credential, or ``""`` when
the value cannot be a credential. The value is never kept.

Normalising
    One credential matches in any spelling: surrounding whitespace and quotes are dropped; a
    connection string (``Key=Value;...``, or Redis's ``host:port,password=...``) is reduced to its
    key or password part (``AccountKey``, ``SharedAccessKey``, ``Password``, ``pwd``...), so two
    connection strings that differ in endpoint or options but carry the same key are one
    credential; a URL is reduced to the password of its user info, or to its ``sig`` (a SAS
    signature). Comparison is exact after that: nothing fuzzy.

Never grouped
    Values that cannot be credentials: shorter than :data:`MIN_LENGTH` characters, booleans,
    numbers, URLs without a password, connection strings without a key or password part, Key
    Vault references, and well-known words such as ``Development`` (:data:`WELL_KNOWN`).

The key
    HMAC-SHA256 under a key drawn at random once per process (:func:`run_key`) and never written
    anywhere: not from ``WAF_ASSESS_FINGERPRINT_KEY``, not into the snapshot. Fingerprints made in
    one run (collection and ``--repo`` scan together) compare with each other, also when the saved
    snapshot is evaluated offline later; fingerprints of two different runs are never comparable.
    :func:`key_id` names the key (an HMAC of a fixed label, not the key), so that evidence made
    under different keys can be told apart.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Hashable, Iterable
from typing import TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

MIN_LENGTH = 8
"""A credential part shorter than this is never grouped (``1``, ``true``, ``~4``, ``dotnet``)."""

SECRET_PARTS = frozenset(
    {
        "accountkey",
        "sharedaccesskey",
        "password",
        "pwd",
        "accesskey",
        "primarykey",
        "secondarykey",
        "sharedaccesssignature",
        "sig",
        "apikey",
        "api-key",
        "clientsecret",
        "client_secret",
        "secret",
    }
)
"""Parts of a connection string (lower-cased names) that hold the credential itself."""

WELL_KNOWN = frozenset(
    {
        "development",
        "production",
        "staging",
        "testing",
        "release",
        "debug",
        "information",
        "warning",
        "disabled",
        "enabled",
        "default",
        "localhost",
        "anonymous",
        "undefined",
        "notapplicable",
        "dotnet-isolated",
        "node",
        "python",
        "powershell",
        "placeholder",
    }
)
"""Words that are configuration, not credentials, whatever name they are stored under."""

_BOOLEAN = frozenset({"true", "false", "yes", "no", "on", "off", "null", "none", "nil"})
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_QUOTES = "\"'`"
_KEY_VAULT_REFERENCE = re.compile(r"^@Microsoft\.KeyVault\(", re.IGNORECASE)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

T = TypeVar("T", bound=Hashable)

_key_lock = threading.Lock()
_key: bytes | None = None


def run_key() -> bytes:
    """This process's fingerprint key: 32 random bytes drawn on first use, never written."""
    global _key
    with _key_lock:
        if _key is None:
            _key = secrets.token_bytes(32)
        return _key


def key_id(key: bytes | None = None) -> str:
    """A short name of the key (not the key, nor anything that helps guess a value)."""
    mac = hmac.new(key if key is not None else run_key(), b"waf-assess key id", hashlib.sha256)
    return mac.hexdigest()[:16]


def _unquoted(value: str) -> str:
    text = value.strip()
    while len(text) >= 2 and text[0] == text[-1] and text[0] in _QUOTES:
        text = text[1:-1].strip()
    return text


def _parts(value: str) -> dict[str, str] | None:
    """``Key=Value`` parts of a connection string (``;`` or, for Redis, ``,`` separated), names
    lower-cased; None when the value is not one."""
    separator = ";" if ";" in value else ("," if "," in value else "")
    pieces = value.split(separator) if separator else [value]
    found: dict[str, str] = {}
    for piece in pieces:
        name, sep, rest = piece.partition("=")
        if sep and name.strip() and " " not in name.strip():
            found[name.strip().lower()] = rest
    # One lone "a=b" is an assignment, not a connection string, unless it names a secret part.
    if not found or (len(found) == 1 and not (found.keys() & SECRET_PARTS)):
        return None
    return found


def credential_part(value: str) -> str | None:
    """The credential ``value`` carries, normalised; None when it cannot be a credential."""
    text = _unquoted(value)
    if not text or _KEY_VAULT_REFERENCE.match(text):
        return None
    if _URL.match(text):
        try:
            split = urlsplit(text)
            password = split.password
        except ValueError:
            return None
        if password:
            text = unquote(password)
        else:
            sig = [v for k, v in parse_qsl(split.query) if k.lower() == "sig"]
            if not sig:
                return None  # a URL without user info holds no credential
            text = sig[0]
    else:
        parts = _parts(text)
        if parts is not None:
            secret = sorted(v for k, v in parts.items() if k in SECRET_PARTS and _unquoted(v))
            if not secret:
                return None  # an endpoint, an instrumentation key: no password or key part
            text = secret[0]
    text = _unquoted(text)
    if _never_grouped(text):
        return None
    return text


def _never_grouped(text: str) -> bool:
    lowered = text.lower()
    return (
        len(text) < MIN_LENGTH
        or lowered in _BOOLEAN
        or lowered in WELL_KNOWN
        or _NUMBER.match(text) is not None
    )


def fingerprint_of(credential: str, key: bytes | None = None) -> str:
    """HMAC-SHA256 of an already normalised credential under the run's key (or ``key``)."""
    digest = hmac.new(
        key if key is not None else run_key(),
        credential.encode("utf-8", "surrogatepass"),
        hashlib.sha256,
    )
    return digest.hexdigest()


def credential_fingerprint(value: str, key: bytes | None = None) -> str:
    """The keyed fingerprint of the credential ``value`` carries, or ``""`` when it carries none."""
    credential = credential_part(value)
    return "" if credential is None else fingerprint_of(credential, key)


def group_id(fingerprint: str) -> str:
    """The short id reports give a group of places sharing one credential."""
    return f"cred-{fingerprint[:10]}"


def groups(places: Iterable[tuple[str, T]]) -> dict[str, list[T]]:
    """``(fingerprint, place)`` pairs -> the places of each fingerprint held by two places or
    more, in input order; one pass over a hash map, linear in the number of pairs."""
    found: dict[str, list[T]] = {}
    for fingerprint, place in places:
        if fingerprint:
            found.setdefault(fingerprint, []).append(place)
    return {fp: mine for fp, mine in found.items() if len(set(mine)) > 1}


_HOSTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (service, re.compile(pattern, re.IGNORECASE))
    for service, pattern in (
        ("servicebus", r"^(?:sb|https|amqps?)://([^./:]+)\.servicebus\."),
        ("cosmosdb", r"^(?:https://)?([^./:]+)\.documents\."),
        ("sql", r"^(?:tcp:)?([^./:,]+)\.database\."),
        ("redis", r"^([^./:]+)\.redis\.cache\."),
        ("appconfig", r"^(?:https://)?([^./:]+)\.azconfig\."),
        ("acr", r"^(?:https://)?([^./:]+)\.azurecr\."),
        ("keyvault", r"^(?:https://)?([^./:]+)\.vault\."),
        ("storage", r"^(?:https://)?([^./:]+)\.(?:blob|queue|table|file|dfs)\.core\."),
    )
)


def target_of(value: str) -> str:
    """``service:name`` of the Azure service a connection string or URL opens (a host name,
    never the credential), or ``""`` when it names none."""
    text = _unquoted(value)
    parts = _parts(text) or {}
    account = _unquoted(parts.get("accountname", ""))
    if account and parts.keys() & {"accountkey", "sharedaccesssignature"}:
        return f"storage:{account.lower()}"
    candidates = [_unquoted(v) for k, v in sorted(parts.items()) if k not in SECRET_PARTS]
    candidates += [text, text.split(",", 1)[0]]
    for candidate in candidates:
        for service, pattern in _HOSTS:
            found = pattern.match(candidate)
            if found:
                return f"{service}:{found.group(1).lower()}"
    return ""

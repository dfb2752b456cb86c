"""Checks that turn "looks like a key" into "is a key": checksums, decodable structure, entropy.

Every validator here is a pure function of the candidate value. Rules name the validator they
need (``validator = "github_crc32"``) and may pass arguments (``validator_args``) from their TOML
file; :data:`VALIDATORS` maps those names to functions.

Sources the checksum schemes were learnt from (implemented here from their description):

* **GitHub tokens** (``ghp_``, ``gho_``, ``ghu_``, ``ghs_``, ``ghr_``), described in GitHub's post
  "Behind GitHub's new authentication token formats" (2021): a 4-character prefix, 30 random
  base62 characters, then a CRC32 (IEEE) of the random part written in base62 (alphabet
  ``0-9A-Za-z``) left-padded with ``0`` to six characters.
* **Microsoft identifiable keys** (the "HIS" formats of the open-source
  ``microsoft/security-utilities`` library): the key is base64 (or base64url) of N bytes; the last
  four bytes are a Marvin32 hash, little-endian, of all preceding bytes, computed with a 64-bit
  seed specific to the key kind (the seed is the ASCII of an 8-character name such as
  ``"Default0"`` read big-endian). A 4-character service signature (``+ASt`` for storage,
  ``ACDb`` for Cosmos DB, ``AzFu`` for Functions, ``APIM``, ``AzSe``, ...) sits immediately before
  the six encoded checksum characters. The Marvin32 collapse to 32 bits is ``hi ^ lo`` of the
  64-bit Marvin result.
* **Common annotated keys** (CASK, the 84-character format of new Azure DevOps PATs): 52 base62
  characters, the signature ``JQQJ9`` at offset 52, a provider signature at offset 76 (``AZDO`` for
  Azure DevOps), and four final characters that are the base64 of the first three little-endian
  bytes of Marvin32 (seed ``"Default0"``) over the base64-decoded first 80 characters.
  (That Azure DevOps uses ``AZDO`` as its provider signature is our reading of the format, not
  confirmed by a published example; keys with any other provider are still reported, checksum
  verified, as ``microsoft-annotated-key``.)
* **Entra ID client secrets** (``xxx8Q~...``, 40 characters): the last three characters are the
  first three characters of the Marvin32 hash (seed ``"AadPwd00"``) of the first 37 characters,
  written most-significant digit first in the alphabet ``a-zA-Z0-9.-_~`` with no padding (a
  hash below 66**5 has fewer than six digits, and its leading digits are still the ones kept;
  a hash below 66**2 has fewer than three, and no secret can carry it).
  The older ``7Q~`` form carries no checksum and is accepted on structure and entropy.
* **Legacy Azure DevOps PATs** (52 characters of lower-case base32): the decoded 32 bytes hold a
  CRC32 (IEEE) of 28 of them, XOR-ed with a per-kind constant, scattered over bytes 2, 7, 8, 22.

Helpers named ``make_*`` build syntactically valid *fake* values (any content you choose, with a
correct checksum); they exist for tests and benchmarks, which must never hold real credentials.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import struct
import urllib.parse
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
AAD_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890.-_~"
_MASK32 = 0xFFFFFFFF


def seed_from_name(name: str) -> int:
    """The 64-bit Marvin seed of a key kind: its 8-character ASCII name read big-endian."""
    raw = name.encode("ascii")
    if len(raw) != 8:
        raise ValueError("a checksum seed name has exactly 8 ASCII characters")
    return int.from_bytes(raw, "big")


DEFAULT_SEED = seed_from_name("Default0")
AAD_SEED = seed_from_name("AadPwd00")


# --- Marvin32 ---------------------------------------------------------------------------------


def _rotl(value: int, shift: int) -> int:
    return ((value << shift) | (value >> (32 - shift))) & _MASK32


def _mix(p0: int, p1: int) -> tuple[int, int]:
    p1 ^= p0
    p0 = _rotl(p0, 20)
    p0 = (p0 + p1) & _MASK32
    p1 = _rotl(p1, 9)
    p1 ^= p0
    p0 = _rotl(p0, 27)
    p0 = (p0 + p1) & _MASK32
    p1 = _rotl(p1, 19)
    return p0, p1


def marvin64(data: bytes, seed: int) -> int:
    """Marvin hash of ``data`` (64-bit result: high word ``p1``, low word ``p0``)."""
    p0 = seed & _MASK32
    p1 = (seed >> 32) & _MASK32
    whole = len(data) & ~3
    for (word,) in struct.iter_unpack("<I", data[:whole]):
        p0 = (p0 + word) & _MASK32
        p0, p1 = _mix(p0, p1)
    tail = data[whole:]
    # The final block is the remaining 0-3 bytes followed by a single 0x80 byte.
    p0 = (p0 + int.from_bytes(tail + b"\x80", "little")) & _MASK32
    p0, p1 = _mix(p0, p1)
    p0, p1 = _mix(p0, p1)
    return (p1 << 32) | p0


def marvin32(data: bytes, seed: int) -> int:
    """Marvin collapsed to 32 bits (unsigned): high word XOR low word."""
    h = marvin64(data, seed)
    return ((h >> 32) ^ h) & _MASK32


# --- encodings --------------------------------------------------------------------------------


def b64decode_loose(text: str) -> bytes | None:
    """Decode standard or URL-safe base64, with or without padding; ``None`` if not base64."""
    text = text.rstrip("=").replace("-", "+").replace("_", "/")
    if len(text) % 4 == 1:
        return None
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def _canonical(raw: bytes, trimmed: str) -> bool:
    """Base64 re-encodes to the same text (rejects values that differ only in padding bits)."""
    again = base64.b64encode(raw).decode("ascii").rstrip("=")
    return again == trimmed.replace("-", "+").replace("_", "/")


def _encode_digits(value: int, alphabet: str, width: int) -> str:
    base = len(alphabet)
    digits = []
    while value:
        value, rem = divmod(value, base)
        digits.append(alphabet[rem])
    while len(digits) < width:
        digits.append(alphabet[0])
    return "".join(reversed(digits))


def base62_encode(value: int, width: int = 6) -> str:
    return _encode_digits(value, BASE62, width)


# --- GitHub -----------------------------------------------------------------------------------


def github_checksum(random_part: str) -> str:
    return base62_encode(zlib.crc32(random_part.encode("ascii")), 6)


def github_crc32(value: str, **_: Any) -> bool:
    """``ghp_`` + 30 base62 characters + 6 base62 CRC32 characters."""
    if len(value) != 40 or value[3] != "_" or not value.isascii():
        return False
    body, check = value[4:34], value[34:]
    return github_checksum(body) == check


def make_github_token(prefix: str, body30: str) -> str:
    if len(body30) != 30:
        raise ValueError("the random part of a GitHub token has 30 characters")
    return f"{prefix}{body30}{github_checksum(body30)}"


# --- Microsoft identifiable keys --------------------------------------------------------------


def _seeds(args: Mapping[str, Any]) -> list[int]:
    raw: Sequence[str] = args.get("seeds", ("Default0",))
    return [seed_from_name(name) for name in raw]


def identifiable_key(value: str, **args: Any) -> bool:
    """A Microsoft identifiable key: Marvin32 of all but the last 4 bytes equals those 4 bytes."""
    signature: str = args["signature"]
    trimmed = value.rstrip("=")
    if len(trimmed) < 16 or trimmed[-10:-6] != signature:
        return False
    raw = b64decode_loose(value)
    if raw is None or len(raw) < 24 or not _canonical(raw, trimmed):
        return False
    expected = int.from_bytes(raw[-4:], "little")
    return any(marvin32(raw[:-4], seed) == expected for seed in _seeds(args))


def make_identifiable_key(
    filler: str, signature: str, seed_name: str = "Default0", nbytes: int = 64, url: bool = False
) -> str:
    """A fake identifiable key: ``filler`` characters, the signature, a valid checksum.

    ``filler`` is repeated/truncated to fill the random part; the signature is placed so that it
    appears verbatim in the encoding. Raises ``ValueError`` if no valid layout exists.
    """
    seed = seed_from_name(seed_name)
    total_chars = 4 * math.ceil(nbytes / 3)
    pad = (3 - nbytes % 3) % 3
    body_chars = total_chars - pad - 10  # random part, then 4 signature chars, 6 checksum chars
    for shift in range(len(filler)):
        rot = (filler[shift:] + filler[:shift]) * (body_chars // max(1, len(filler)) + 2)
        draft = rot[:body_chars] + signature + "AAAAAA" + "=" * pad
        raw = b64decode_loose(draft)
        if raw is None or len(raw) != nbytes:
            continue
        check = marvin32(raw[:-4], seed).to_bytes(4, "little")
        key = base64.b64encode(raw[:-4] + check).decode("ascii")
        if url:
            key = key.replace("+", "-").replace("/", "_")
        if key.rstrip("=")[-10:-6] == signature and key.startswith(rot[: body_chars - 2]):
            return key
    raise ValueError("cannot place the signature with this filler")


# --- Common annotated security keys (84-character form) ---------------------------------------


def cask_checksum(first80: str) -> str | None:
    raw = b64decode_loose(first80)
    if raw is None:
        return None
    digest = marvin32(raw, DEFAULT_SEED).to_bytes(4, "little")[:3]
    return base64.b64encode(digest).decode("ascii")


def cask_key(value: str, **args: Any) -> bool:
    if len(value) != 84 or value[52:57] != "JQQJ9":
        return False
    provider = args.get("provider")
    if provider and value[76:80] != provider:
        return False
    return cask_checksum(value[:80]) == value[80:]


def make_cask_key(filler52: str, middle18: str, provider: str) -> str:
    """A fake 84-character annotated key; ``middle18`` starts with a date/kind section."""
    if len(filler52) != 52 or len(middle18) != 18 or len(provider) != 4:
        raise ValueError("layout: 52 + 'JQQJ99' + 18 + 4 provider + 4 checksum")
    first80 = f"{filler52}JQQJ99{middle18}{provider}"
    check = cask_checksum(first80)
    if check is None or not check.isalnum():
        raise ValueError("checksum not base62 for this filler; pick another")
    return first80 + check


# --- Entra ID (Azure AD) client secrets -------------------------------------------------------


def aad_checksum(first37: str) -> str | None:
    """The three checksum characters an ``8Q~`` secret ends with; ``None`` if the hash is too
    small to have three digits (no valid secret exists for that body)."""
    digest = marvin32(first37.encode("latin-1"), AAD_SEED)
    digits = _encode_digits(digest, AAD_ALPHABET, 0)
    return digits[:3] if len(digits) >= 3 else None


def entra_client_secret(value: str, **_: Any) -> bool:
    if len(value) < 37 or value[4:6] != "Q~":
        return False
    if value[3] == "8":
        return len(value) == 40 and aad_checksum(value[:37]) == value[37:]
    if value[3] == "7":
        return shannon_entropy(value) >= 4.0
    return False


def make_entra_secret(body34: str, prefix3: str = "Fak") -> str:
    first37 = f"{prefix3}8Q~{body34[:31]}"
    if len(first37) != 37:
        raise ValueError("an Entra secret has 3 + '8Q~' + 31 characters before its checksum")
    check = aad_checksum(first37)
    if check is None:
        raise ValueError("the checksum of this body has fewer than three digits; pick another")
    return first37 + check


# --- legacy Azure DevOps PAT ------------------------------------------------------------------

_B32 = "abcdefghijklmnopqrstuvwxyz234567"
ADO_PAT_SEEDS = (0xE0B9692D, 0x1019F92E)


def _b32decode(text: str) -> bytes:
    bits = 0
    nbits = 0
    out = bytearray()
    for ch in text:
        bits = (bits << 5) | _B32.index(ch)
        nbits += 5
        if nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
    return bytes(out)


def _b32encode(raw: bytes) -> str:
    bits = int.from_bytes(raw, "big")
    nbits = len(raw) * 8
    out = []
    for shift in range(nbits - 5, -5, -5):
        out.append(_B32[(bits >> shift) & 31] if shift >= 0 else _B32[(bits << -shift) & 31])
    return "".join(out)[: math.ceil(nbits / 5)]


def _ado_split(raw: bytes) -> tuple[bytes, int]:
    data = raw[0:2] + raw[3:7] + raw[9:22] + raw[23:32]
    stored = int.from_bytes(bytes((raw[22], raw[8], raw[7], raw[2])), "little")
    return data, stored


def ado_legacy_pat(value: str, **_: Any) -> bool:
    if len(value) != 52 or value.strip(_B32):
        return False
    raw = _b32decode(value)
    if len(raw) != 32:
        return False
    data, stored = _ado_split(raw)
    crc = zlib.crc32(data)
    return any(crc ^ magic == stored for magic in ADO_PAT_SEEDS)


def make_ado_legacy_pat(data28: bytes) -> str:
    if len(data28) != 28:
        raise ValueError("28 payload bytes")
    check = (zlib.crc32(data28) ^ ADO_PAT_SEEDS[0]).to_bytes(4, "little")
    raw = bytearray(32)
    raw[0:2], raw[3:7], raw[9:22], raw[23:32] = data28[0:2], data28[2:6], data28[6:19], data28[19:]
    raw[22], raw[8], raw[7], raw[2] = check
    return _b32encode(bytes(raw))


# --- structure and entropy --------------------------------------------------------------------


def shannon_entropy(value: str) -> float:
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def entropy(value: str, **args: Any) -> bool:
    return shannon_entropy(value) >= float(args.get("min", 3.0))


def _b64url_json(part: str) -> Any:
    raw = b64decode_loose(part)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def jwt(value: str, **_: Any) -> bool:
    """Three base64url parts; the header decodes to a JSON object naming an ``alg``."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[2]:
        return False
    header = _b64url_json(parts[0])
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str):
        return False
    if header["alg"].lower() == "none":
        return False
    payload = _b64url_json(parts[1])
    # The sample token shown on jwt.io and in countless tutorials is not a credential.
    return not (
        isinstance(payload, dict)
        and payload.get("sub") == "1234567890"
        and payload.get("name") == "John Doe"
    )


_PEM_BODY_NOISE = re.compile(r"\\+[nr]|\s|-----[A-Z0-9 ]+-----|^[A-Za-z-]+:.*$", re.MULTILINE)


def pem_body(value: str, **_: Any) -> bool:
    """A PEM block whose body holds real base64 (not ``...`` or ``<key>``)."""
    body = _PEM_BODY_NOISE.sub("", value)
    if len(body) < 64 or b64decode_loose(body[: len(body) - len(body) % 4]) is None:
        return False
    return shannon_entropy(body) >= 4.5


def pem_private_key_base64(value: str, **_: Any) -> bool:
    """Base64 of a PEM private key block (kubeconfig ``client-key-data``, a Secret's ``tls.key``)
    whose own body is real base64."""
    raw = b64decode_loose(value[: len(value) - len(value) % 4])
    if raw is None:
        return False
    text = raw.decode("ascii", errors="replace")
    begin = text.find("-----BEGIN ")
    label_end = text.find("-----", begin + 11)
    if begin < 0 or label_end < 0 or "PRIVATE KEY" not in text[begin:label_end]:
        return False
    end = text.find("-----END", label_end)
    return pem_body(text[label_end + 5 : end if end > 0 else len(text)])


def storage_key(value: str, **args: Any) -> bool:
    """A base64 key of the expected decoded size with key-like entropy."""
    raw = b64decode_loose(value)
    sizes = args.get("sizes", (64,))
    return (
        raw is not None
        and len(raw) in sizes
        and shannon_entropy(value) >= float(args.get("min", 4.0))
    )


def url_safe_key(value: str, **args: Any) -> bool:
    """URL-safe base64 (it holds a '-' or '_') of exactly ``size`` random-looking bytes."""
    if "-" not in value and "_" not in value:
        return False
    raw = b64decode_loose(value)
    if raw is None or len(raw) != int(args["size"]) or not _canonical(raw, value.rstrip("=")):
        return False
    return shannon_entropy(value) >= float(args.get("min", 4.5))


def sas_signature(value: str, **_: Any) -> bool:
    """A SAS ``sig``: base64 (often URL-encoded) of a 32-byte HMAC-SHA256."""
    raw = b64decode_loose(urllib.parse.unquote(value))
    return raw is not None and len(raw) == 32


_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_DOTTED_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:(?:\.|::|->)[A-Za-z_][A-Za-z0-9_]*)+(?:\(\))?")
# Words and identifiers: lower-case words, Capitalised humps, ACRONYMS, joined by _ or - or not.
_WORD = r"(?:[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]{2,})"
_HUMP = r"(?:[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+)"
_WORDS = re.compile(rf"{_WORD}(?:[_-]?{_HUMP})*")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_GIT_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_INTEGRITY = re.compile(r"(?:sha1|sha256|sha384|sha512|md5)[-:]", re.IGNORECASE)
_PATH_OR_URL = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://|\.{0,2}/|~/|[A-Za-z]:\\|arn:|urn:)", re.IGNORECASE
)


def generic_value(value: str, **args: Any) -> bool:
    """A value assigned to a secret-like name that is plausibly a real secret.

    Rejects: low entropy, GUIDs, git object ids (40 or 64 lower-case hex; 32-hex API keys stay
    reportable), integrity hashes (``sha512-...``), dotted or namespaced names
    (``settings.db.password``), ALL_CAPS environment-variable names, short letters-only words
    and identifiers (``AWSAccessKeyId``), paths, plain URLs, ARNs/URNs and pure numbers.
    """
    if shannon_entropy(value) < float(args.get("min", 3.0)):
        return False
    if (
        value.isdigit()
        or _GUID.fullmatch(value)
        or _GIT_SHA.fullmatch(value)
        or _INTEGRITY.match(value)
    ):
        return False
    if _DOTTED_NAME.fullmatch(value) or _ENV_NAME.fullmatch(value):
        return False
    if len(value) < 20 and _WORDS.fullmatch(value):  # an identifier or a word, not a secret
        return False
    if not _PATH_OR_URL.match(value):
        return True
    from assess.codescan import grammar  # the grammar loads with the detector, not before

    return grammar.base64_key(value)  # a key starting with '/' is not a path


def basic_auth(value: str, **_: Any) -> bool:
    """Base64 of ``user:password`` (HTTP Basic, npm ``_auth``, Docker ``auth``)."""
    from assess.codescan import grammar  # the grammar loads with the detector, not before

    return grammar.basic_credentials(value)


def password_value(value: str, **_: Any) -> bool:
    """A value that would count as a secret under a password-like name (see ``grammar.py``)."""
    from assess.codescan import grammar

    return grammar.value_is_secret(value, grammar.STRONG_NAME, quoted=True)


def random_value(value: str, **_: Any) -> bool:
    """A value random enough to be a key or token on its own (see ``grammar.py``)."""
    from assess.codescan import grammar

    return grammar.value_is_secret(value, grammar.KEYISH, quoted=True)


def discord_bot_token(value: str, **_: Any) -> bool:
    """A Discord bot token: the bot's user id (a snowflake of 17 to 20 digits) in base64, a
    6-character timestamp and an HMAC part, joined by dots."""
    parts = value.split(".")
    if len(parts) != 3 or len(parts[1]) != 6 or not 27 <= len(parts[2]) <= 40:
        return False
    raw = b64decode_loose(parts[0])
    if raw is None or not (17 <= len(raw) <= 20 and raw.isdigit()):
        return False
    return shannon_entropy(parts[2]) >= 3.5


Validator = Callable[..., bool]

VALIDATORS: dict[str, Validator] = {
    "github_crc32": github_crc32,
    "identifiable_key": identifiable_key,
    "cask_key": cask_key,
    "entra_client_secret": entra_client_secret,
    "ado_legacy_pat": ado_legacy_pat,
    "entropy": entropy,
    "jwt": jwt,
    "pem_body": pem_body,
    "storage_key": storage_key,
    "pem_private_key_base64": pem_private_key_base64,
    "sas_signature": sas_signature,
    "url_safe_key": url_safe_key,
    "generic_value": generic_value,
    "basic_auth": basic_auth,
    "password_value": password_value,
    "random_value": random_value,
    "discord_bot_token": discord_bot_token,
}

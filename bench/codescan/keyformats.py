"""Generators for well-formed but random credential values, used only by the benchmark corpus.

Every value comes from a seeded ``random.Random``: it is fake by provenance and never a real
credential. Formats whose issuers publish a checksum are generated with a valid checksum, so a
scanner that verifies checksums sees them as genuine:

* Microsoft "identifiable" keys (HIS v1): a 3-byte signature placed so that it shows as four fixed
  base64 characters near the end, followed by a 4-byte Marvin32 checksum (seeded per key kind) of
  everything before it.
* Common annotated security keys (84 characters, ``JQQJ99`` at offset 52, provider signature such
  as ``AZDO`` at offset 76, then the first four base64 characters of a Marvin32 checksum).
* Entra ID client secrets (``xxx8Q~...``, 40 characters): the last three characters are the first
  three digits of a Marvin32 checksum written in the client-password alphabet.
* GitHub tokens (``ghp_`` and siblings): 30 base62 characters and a 6-character base62 CRC32.
* Legacy Azure DevOps PATs (52 lower-case base32 characters) with their embedded CRC32.

These are written from the formats' public descriptions (the open-source
``microsoft/security-utilities`` library and GitHub's token-format post) independently of
``assess/codescan/validators.py`` on purpose: a benchmark that built its expected keys with the
code under test could not catch that code's mistakes.
"""

from __future__ import annotations

import base64
import random
import string
import zlib

MASK32 = 0xFFFFFFFF
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
ENTRA_ALPHABET = string.ascii_lowercase + string.ascii_uppercase + "1234567890" + ".-_~"


def _rotl(x: int, n: int) -> int:
    return ((x << n) | (x >> (32 - n))) & MASK32


def _block(p0: int, p1: int) -> tuple[int, int]:
    p1 ^= p0
    p0 = _rotl(p0, 20)
    p0 = (p0 + p1) & MASK32
    p1 = _rotl(p1, 9)
    p1 ^= p0
    p0 = _rotl(p0, 27)
    p0 = (p0 + p1) & MASK32
    p1 = _rotl(p1, 19)
    return p0, p1


def marvin64(data: bytes, seed: int) -> int:
    """Marvin32's 64-bit state as an unsigned integer (p1 high, p0 low)."""
    p0, p1 = seed & MASK32, (seed >> 32) & MASK32
    full = len(data) - len(data) % 4
    for i in range(0, full, 4):
        p0 = (p0 + int.from_bytes(data[i : i + 4], "little")) & MASK32
        p0, p1 = _block(p0, p1)
    rest = data[full:]
    final = 0x80 << (8 * len(rest))
    for i, b in enumerate(rest):
        final |= b << (8 * i)
    p0 = (p0 + final) & MASK32
    p0, p1 = _block(p0, p1)
    p0, p1 = _block(p0, p1)
    return (p1 << 32) | p0


def marvin32(data: bytes, seed: int) -> int:
    """The 64-bit Marvin hash folded to an unsigned 32-bit value (high xor low)."""
    h = marvin64(data, seed)
    return ((h >> 32) ^ h) & MASK32


def checksum_seed(kind: str) -> int:
    """An HIS v1 checksum seed from its 8-character name (e.g. ``Default0``)."""
    if len(kind) != 8 or not kind[-1].isdigit():
        raise ValueError("a seed name has 8 characters and ends with a digit")
    return int.from_bytes(kind.encode("ascii"), "big")


# Seeds and signatures, as published with the identifiable-key format.
SEED_STORAGE = checksum_seed("Default0")
SEED_COSMOS_RW = checksum_seed("MastRW00")
SEED_MSG_MANAGE = checksum_seed("Manage00")
SEED_MSG_SEND = checksum_seed("Send0000")
SEED_IOT_HUB = checksum_seed("IoTHub00")
SEED_FUNCTION = checksum_seed("Functi00")
SEED_ENTRA = checksum_seed("AadPwd00")
SEED_CASK = checksum_seed("Default0")


def rand_bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def rand_str(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def b64(data: bytes, url: bool = False) -> str:
    return (base64.urlsafe_b64encode if url else base64.b64encode)(data).decode("ascii")


def identifiable_key(
    rng: random.Random, nbytes: int, signature: str, seed: int, *, url: bool = False
) -> str:
    """An HIS v1 identifiable key: random bytes, a fixed signature, a Marvin32 checksum."""
    key = bytearray(rand_bytes(rng, nbytes))
    sig_std = signature.replace("-", "+").replace("_", "/")
    sig = base64.b64decode(sig_std)
    pad = ((nbytes - 7) * 8) % 6
    mask = {2: 0xFCFFFFFF, 4: 0xF0FFFFFF}.get(pad, MASK32)
    word = (key[nbytes - 8] << 24) & mask
    word |= (sig[0] << (16 + pad)) | (sig[1] << (8 + pad)) | (sig[2] << pad)
    key[nbytes - 8 : nbytes - 4] = word.to_bytes(4, "big")
    key[nbytes - 4 :] = marvin32(bytes(key[: nbytes - 4]), seed).to_bytes(4, "little")
    text = b64(bytes(key), url=url)
    if signature not in text:
        raise AssertionError("signature did not land on a base64 boundary")
    return text


def identifiable_key_is_valid(text: str, seed: int, *, url: bool = False) -> bool:
    """Check an HIS v1 key's checksum (used by the corpus self-test)."""
    raw = (base64.urlsafe_b64decode if url else base64.b64decode)(text + "=" * (-len(text) % 4))
    return marvin32(raw[:-4], seed).to_bytes(4, "little") == raw[-4:]


def cask_key(rng: random.Random, provider: str = "AZDO", year: int = 2025, month: int = 3) -> str:
    """An 84-character common annotated security key with a valid checksum prefix."""
    body = (
        rand_str(rng, 52)
        + "JQQJ99"
        + chr(ord("A") + year - 2024)
        + chr(ord("A") + month - 1)
        + rand_str(rng, 16)
        + provider
    )
    raw = base64.b64decode(body)  # 80 characters -> 60 bytes
    check = marvin32(raw, SEED_CASK).to_bytes(4, "little")
    return body + b64(check)[:4]


def _encode_alphabet(value: int, alphabet: str) -> str:
    out = ""
    base = len(alphabet)
    while value > 0:
        out = alphabet[value % base] + out
        value //= base
    return out


def entra_client_secret(rng: random.Random) -> str:
    """A 40-character Entra ID client secret in the current ``8Q~`` format."""
    while True:
        head = rand_str(rng, 3, ENTRA_ALPHABET) + "8Q~" + rand_str(rng, 31, ENTRA_ALPHABET)
        digits = _encode_alphabet(marvin32(head.encode("latin-1"), SEED_ENTRA), ENTRA_ALPHABET)
        if len(digits) >= 3:
            return head + digits[:3]


def entra_secret_is_valid(secret: str) -> bool:
    head, tail = secret[:-3], secret[-3:]
    digits = _encode_alphabet(marvin32(head.encode("latin-1"), SEED_ENTRA), ENTRA_ALPHABET)
    return secret[3:6] == "8Q~" and digits[:3] == tail


def base62_fixed(value: int, width: int) -> str:
    return _encode_alphabet(value, BASE62).rjust(width, "0")


def github_token(rng: random.Random, prefix: str = "ghp_") -> str:
    entropy = rand_str(rng, 30, BASE62)
    return prefix + entropy + base62_fixed(zlib.crc32(entropy.encode("ascii")), 6)


def github_token_is_valid(token: str) -> bool:
    entropy, check = token[4:-6], token[-6:]
    return base62_fixed(zlib.crc32(entropy.encode("ascii")), 6) == check


B32_LOWER = "abcdefghijklmnopqrstuvwxyz234567"
ADO_USER_PAT_MAGIC = 0xE0B9692D


def ado_legacy_pat(rng: random.Random) -> str:
    """A 52-character legacy Azure DevOps PAT: lower-case base32 of 32 bytes, where a CRC32 of
    28 of them, XOR-ed with the user-PAT constant, is stored little-endian in bytes 22, 8, 7, 2."""
    data = rand_bytes(rng, 28)
    check = (zlib.crc32(data) ^ ADO_USER_PAT_MAGIC).to_bytes(4, "little")
    raw = bytearray(32)
    raw[0:2], raw[3:7], raw[9:22], raw[23:32] = data[0:2], data[2:6], data[6:19], data[19:28]
    raw[22], raw[8], raw[7], raw[2] = check
    bits = int.from_bytes(bytes(raw), "big") << 4  # 256 bits padded to 260 = 52 characters
    return "".join(B32_LOWER[(bits >> (5 * (51 - i))) & 31] for i in range(52))

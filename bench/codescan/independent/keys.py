"""Real private keys, public keys and certificates from seeded randomness, byte-identical per seed.

``cryptography`` (installed with the project's Azure dependencies) serialises the keys; the
OpenSSH private-key container is written here (its layout is in OpenSSH's PROTOCOL.key) because
the library puts a fresh random check value in it on every call.
"""

from __future__ import annotations

import base64
import datetime as dt
import struct

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID

from independent.forge import Forge

_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
_NOENC = serialization.NoEncryption()
_PEM = serialization.Encoding.PEM


def ec_private(fx: Forge, container: str = "sec1") -> str:
    scalar = int.from_bytes(fx.raw(32), "big") % (_P256_ORDER - 1) + 1
    key = ec.derive_private_key(scalar, ec.SECP256R1())
    fmt = (
        serialization.PrivateFormat.TraditionalOpenSSL
        if container == "sec1"
        else serialization.PrivateFormat.PKCS8
    )
    return key.private_bytes(_PEM, fmt, _NOENC).decode()


def ec_public(fx: Forge) -> str:
    scalar = int.from_bytes(fx.raw(32), "big") % (_P256_ORDER - 1) + 1
    key = ec.derive_private_key(scalar, ec.SECP256R1()).public_key()
    return key.public_bytes(_PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


_SMALL_PRIMES = [p for p in range(3, 2000, 2) if all(p % q for q in range(3, int(p**0.5) + 1, 2))]


def _probable_prime(fx: Forge, bits: int) -> int:
    """A probable prime (trial division, then Miller-Rabin with 16 seeded bases)."""
    while True:
        n = int.from_bytes(fx.raw(bits // 8), "big") | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if any(n % p == 0 for p in _SMALL_PRIMES):
            continue
        d, s = n - 1, 0
        while d % 2 == 0:
            d, s = d // 2, s + 1
        for base in [2] + [fx.int(3, n - 2) for _ in range(15)]:
            x = pow(base, d, n)
            if x in (1, n - 1):
                continue
            for _ in range(s - 1):
                x = pow(x, 2, n)
                if x == n - 1:
                    break
            else:
                break
        else:
            return n


def rsa_private(fx: Forge, bits: int = 1024, container: str = "pkcs1") -> str:
    e = 65537
    while True:
        p, q = _probable_prime(fx, bits // 2), _probable_prime(fx, bits // 2)
        phi = (p - 1) * (q - 1)
        if p != q and phi % e:
            break
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(e, p * q)
    )
    fmt = (
        serialization.PrivateFormat.TraditionalOpenSSL
        if container == "pkcs1"
        else serialization.PrivateFormat.PKCS8
    )
    return numbers.private_key().private_bytes(_PEM, fmt, _NOENC).decode()


def _ssh_str(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def openssh_ed25519(fx: Forge, comment: str) -> tuple[str, str]:
    """(private key file text, public key line) for an Ed25519 key from a seeded seed."""
    seed = fx.raw(32)
    pub = (
        ed25519.Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    pub_blob = _ssh_str(b"ssh-ed25519") + _ssh_str(pub)
    check = fx.raw(4)
    private = (
        check + check + _ssh_str(b"ssh-ed25519") + _ssh_str(pub) + _ssh_str(seed + pub)
        + _ssh_str(comment.encode())
    )  # fmt: skip
    pad = 1
    while len(private) % 8:
        private += bytes([pad])
        pad += 1
    blob = (
        b"openssh-key-v1\x00" + _ssh_str(b"none") + _ssh_str(b"none") + _ssh_str(b"")
        + struct.pack(">I", 1) + _ssh_str(pub_blob) + _ssh_str(private)
    )  # fmt: skip
    b64 = base64.b64encode(blob).decode()
    body = "\n".join(b64[i : i + 70] for i in range(0, len(b64), 70))
    text = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"
    return text, f"ssh-ed25519 {base64.b64encode(pub_blob).decode()} {comment}"


def certificate(fx: Forge, common_name: str) -> str:
    """A self-signed certificate (Ed25519 signatures are deterministic, so the bytes are too)."""
    key = ed25519.Ed25519PrivateKey.from_private_bytes(fx.raw(32))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=fx.int(0, 200))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(int.from_bytes(fx.raw(16), "big") >> 1)
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=365))
        .sign(key, None)
    )
    return cert.public_bytes(_PEM).decode()

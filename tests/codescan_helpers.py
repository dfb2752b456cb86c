"""Fixtures shared by the code-scan tests: fake credentials, a canary, and small tree builders."""

from __future__ import annotations

import base64
import io
import json
import random
import re
import string
import subprocess
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from assess.codescan import validators as v
from assess.codescan.model import CodeScanResult
from assess.codescan.scan import ScanOptions, scan_paths

CANARY = "AKIAZ3MSJX5LQ2W7RT4B"
"""A fake AWS access key id (right shape, never issued). It must never appear in any output."""
CANARY_LINE = f'aws_access_key_id = "{CANARY}"\n'

PASSWORD = "Tr0ub4dor&3-xkcd-Zeta"
"""A fake password that the generic assignment rule reports."""
PASSWORD_LINE = f'password = "{PASSWORD}"\n'


def scan(*paths: Path, **options: object) -> CodeScanResult:
    """Scan in this process unless a test asks for workers."""
    options.setdefault("workers", 1)
    options.setdefault("fingerprint_key", b"k" * 32)
    return scan_paths(list(paths), ScanOptions(**options))  # type: ignore[arg-type]


def rules_at(result: CodeScanResult) -> list[tuple[str, str, int, int]]:
    return [(f.rule_id, f.path, f.line, f.column) for f in result.findings]


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(repo),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")


def assert_no_canary(texts: Sequence[str | bytes]) -> None:
    for text in texts:
        data = text if isinstance(text, str) else text.decode("utf-8", errors="replace")
        for value in (CANARY, PASSWORD):
            assert value not in data
            assert value[4:] not in data


def notebook(cells: list[dict[str, object]], indent: int | None = None) -> bytes:
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=indent).encode()


# --- random example values ---------------------------------------------------------------------

_KINDS = {
    "alnum": string.ascii_letters + string.digits,
    "hex": "0123456789abcdef",
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "-_",
    "lower": string.ascii_lowercase + string.digits,
    "upper": string.ascii_uppercase + "234567",
    "digit": string.digits,
    "letters": string.ascii_letters,
    "pw": string.ascii_letters + string.digits + "!*-_+=~^",
}
_TEMPLATE = re.compile(r"@@([a-z0-9]+)(?::([^@]+))?@@")


def random_value(rng: random.Random, kind: str, length: int) -> str:
    """``length`` random characters of ``kind``, mixing its character classes (never words)."""
    alphabet = _KINDS[kind]
    while True:
        value = "".join(rng.choice(alphabet) for _ in range(length))
        classes = sum(
            any(test(c) for c in value)
            for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
        )
        wanted = {"hex": 2, "lower": 2, "upper": 2, "digit": 1, "letters": 2, "pw": 3}.get(
            kind, 3 if length >= 12 else 2
        )
        if value[0].isalnum() and classes >= wanted:
            return value


def expand(example: str, seed: str) -> str:
    """Fill ``@@kind:n@@`` slots with random values (seeded by ``seed``, so reruns agree).

    ``@@basic@@`` is base64 of ``user:<random password>``; checksum formats are built with
    ``validators.make_*`` around random bodies: ``@@entra@@``, ``@@gh:ghp_@@``, ``@@adopat@@``,
    ``@@his:+ASt:Default0:64@@`` (signature, seed name, bytes, optional ``url``),
    ``@@cask:AZDO@@``; ``@@bytes:64@@`` is base64 of 64 random bytes (``:url``, ``:pct``),
    ``@@pem:192@@`` a PEM body of random bytes (``:esc`` for backslash-n line breaks),
    ``@@jwt@@`` an HS256 token with random claims and signature, ``@@discord@@`` a Discord bot
    token; a trailing ``:bad`` breaks the checksum (last character changed).
    """
    rng = random.Random(seed)

    def fill(m: re.Match[str]) -> str:
        kind, arg = m.group(1), m.group(2) or ""
        args = arg.split(":") if arg else []
        bad = bool(args) and args[-1] == "bad"
        if bad:
            args = args[:-1]
        value = _make(rng, kind, args)
        if bad:
            i = len(value.rstrip("=")) - 1
            value = value[:i] + ("B" if value[i] != "B" else "C") + value[i + 1 :]
        return value

    return _TEMPLATE.sub(fill, example)


def _random_bytes(rng: random.Random, count: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(count))


def _make(rng: random.Random, kind: str, args: list[str]) -> str:
    if kind == "bytes":
        # base64 of random bytes, as keys are issued: ``std`` (default), ``url`` or ``pct``
        # (the standard form URL-encoded, as a SAS ``sig=`` travels in a query string).
        raw = _random_bytes(rng, int(args[0]))
        form = args[1] if len(args) > 1 else "std"
        if form == "url":
            return base64.urlsafe_b64encode(raw).decode()
        text = base64.b64encode(raw).decode()
        if form == "pct":
            return text.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
        return text
    if kind == "pem":
        # A PEM body of random bytes in 64-character lines; ``esc`` joins them with a written
        # backslash-n, as a key sits inside a JSON or YAML string.
        body = base64.b64encode(_random_bytes(rng, int(args[0]))).decode()
        joiner = "\\n" if len(args) > 1 and args[1] == "esc" else "\n"
        return joiner.join(body[i : i + 64] for i in range(0, len(body), 64))
    if kind == "jwt":

        def part(data: bytes) -> str:
            return base64.urlsafe_b64encode(data).decode().rstrip("=")

        claims = {
            "sub": random_value(rng, "lower", 12),
            "iat": 1_700_000_000 + rng.randrange(10**7),
            "scope": "orders.read",
        }
        header = part(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        payload = part(json.dumps(claims, separators=(",", ":")).encode())
        return f"{header}.{payload}.{part(_random_bytes(rng, 32))}"
    if kind == "discord":
        # A Discord bot token: base64 of a snowflake user id, a timestamp part, an HMAC part.
        snowflake = str(rng.randrange(10**17, 10**19)).encode()
        head = base64.b64encode(snowflake).decode().rstrip("=")
        return f"{head}.{random_value(rng, 'b64url', 6)}.{random_value(rng, 'b64url', 38)}"
    if kind == "basic":
        pair = f"deploy:{random_value(rng, 'pw', 16)}".encode()
        return base64.b64encode(pair).decode()
    if kind == "b64of":
        if args[0] == "url":
            inner = f"postgres://app:{random_value(rng, 'alnum', 20)}@db.host.invalid:5432/app"
        elif args[0] == "dockercfg":
            pair = base64.b64encode(f"ci:{random_value(rng, 'pw', 20)}".encode()).decode()
            inner = json.dumps({"auths": {"registry.host.invalid": {"auth": pair}}})
        elif args[0] == "pemkey":
            body = base64.b64encode(_random_bytes(rng, 121)).decode()
            lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
            inner = f"-----BEGIN EC PRIVATE KEY-----\n{lines}\n-----END EC PRIVATE KEY-----\n"
        else:
            inner = random_value(rng, args[0], int(args[1]))
        return base64.b64encode(inner.encode()).decode()
    if kind == "entra":
        while True:
            try:
                return v.make_entra_secret(
                    random_value(rng, "alnum", 34), random_value(rng, "alnum", 3)
                )
            except ValueError:
                continue
    if kind == "gh":
        return v.make_github_token(args[0], random_value(rng, "alnum", 30))
    if kind == "adopat":
        return v.make_ado_legacy_pat(bytes(rng.randrange(256) for _ in range(28)))
    if kind == "his":
        signature, seed_name, nbytes = args[0], args[1], int(args[2])
        url = len(args) > 3 and args[3] == "url"
        while True:
            try:
                return v.make_identifiable_key(
                    random_value(rng, "alnum", 97), signature, seed_name, nbytes, url=url
                )
            except ValueError:
                continue
    if kind == "cask":
        while True:
            try:
                middle = "AAAD" + random_value(rng, "alnum", 14)
                return v.make_cask_key(random_value(rng, "alnum", 52), middle, args[0])
            except ValueError:
                continue
    return random_value(rng, kind, int(args[0]))

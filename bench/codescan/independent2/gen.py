"""A second independent labelled corpus: hand-written files with marked slots, filled from one seed.

    python bench/codescan/independent2/gen.py [ROOT]   # writes ROOT/files and ROOT/labels.jsonl

Each file in ``files_*.py`` is written out as text by hand, in the idiom of its ecosystem, with a
slot wherever a value goes: ``⟪T family variant spec⟫`` for a credential a scanner must report,
``⟪F family variant spec⟫`` for a look-alike it must not. ``spec`` says how the value is made
(see :func:`make`). The slot's line (and, for a value spanning lines, its last line) becomes the
label; archives and notebooks are serialised first, so labels carry the member's own line or the
raw ``.ipynb`` line. Every line without a ``T`` slot is one a scanner should stay silent on.

The same seed gives byte-identical files. Labels use the schema of the benchmark's other corpora
(``file, line, end_line, family, kind, variant, value_sha256``), so ``run.py`` scores them alike.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import re
import string
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import keyformats  # noqa: E402  (the benchmark's checksum formats, independent of the scanner)

SEED = 20261205
SLOT = re.compile(r"⟪([TF]) ([a-z0-9-]+) ([A-Za-z0-9_.-]+) (.*?)⟫")
_ZIP_TIME = (2026, 11, 2, 9, 30, 0)

ALPHABETS = {
    "alnum": string.ascii_letters + string.digits,
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "lower": string.ascii_lowercase + string.digits,
    "upper": string.ascii_uppercase + string.digits,
    "letters": string.ascii_letters,
    "digits": string.digits,
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "-_",
    "b32": "abcdefghijklmnopqrstuvwxyz234567",
    "pw": string.ascii_letters + string.digits + "!#%^*-_+=.",
}
HUMAN_WORDS = (
    "Harbor",
    "Copper",
    "Lantern",
    "Meadow",
    "Falcon",
    "Orchid",
    "Granite",
    "Willow",
    "Comet",
    "Saffron",
    "Tundra",
    "Mosaic",
    "Quartz",
    "Juniper",
    "Velvet",
    "Summit",
    "Cobalt",
    "Thistle",
)


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    chars = ALPHABETS[alphabet]
    while True:
        value = "".join(rng.choice(chars) for _ in range(n))
        if alphabet in ("digits", "b32", "hex", "HEX") or n < 8:
            return value
        kinds = sum(
            (
                any(c.islower() for c in value),
                any(c.isupper() for c in value),
                any(c.isdigit() for c in value),
            )
        )
        if kinds >= (1 if alphabet in ("lower", "upper", "letters") else 2):
            return value


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _b64url(data: bytes, pad: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode()
    return text if pad else text.rstrip("=")


def _crc_b62(body: str) -> str:
    return keyformats.base62_fixed(zlib.crc32(body.encode()), 6)


def _pem(rng: random.Random, label: str, nbytes: int, headers: str = "") -> str:
    body = _b64(keyformats.rand_bytes(rng, nbytes))
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    head = f"-----BEGIN {label}-----\n" + (headers + "\n\n" if headers else "")
    return head + "\n".join(lines) + f"\n-----END {label}-----"


def _openssh(rng: random.Random) -> str:
    # openssh-key-v1 magic, then random key material (the body is base64 in 70-column lines).
    raw = (
        b"openssh-key-v1\x00"
        + b"\x00\x00\x00\x04none\x00\x00\x00\x04none"
        + keyformats.rand_bytes(rng, 340)
    )
    body = _b64(raw)
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    return (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + "\n".join(lines)
        + "\n-----END OPENSSH PRIVATE KEY-----"
    )


def _putty(rng: random.Random) -> str:
    public = _b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + keyformats.rand_bytes(rng, 32))
    private = _b64(b"\x00\x00\x00\x20" + keyformats.rand_bytes(rng, 32))
    return (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: build-agent\n"
        f"Public-Lines: 2\n{public[:64]}\n{public[64:]}\nPrivate-Lines: 1\n{private}\n"
        f"Private-MAC: {rand(rng, 'hex', 64)}"
    )


def _jwt(rng: random.Random) -> str:
    header = _b64url(
        json.dumps({"typ": "JWT", "alg": "RS256", "kid": rand(rng, "alnum", 10)}).encode()
    )
    claims = {
        "iss": "https://auth.tessaly.io/",
        "aud": "api://billing",
        "exp": 1_790_000_000 + rng.randrange(10**6),
        "oid": rand(rng, "hex", 24),
    }
    return f"{header}.{_b64url(json.dumps(claims).encode())}.{_b64url(keyformats.rand_bytes(rng, 256))}"


def _human(rng: random.Random) -> str:
    return rng.choice(HUMAN_WORDS) + str(rng.randrange(1970, 2030)) + rng.choice("!#$%&*?")


def _runs(rng: random.Random, template: str) -> str:
    """``template`` with each ``{ALPHABET:N}`` (or ``{bytes:N}``) replaced by a random run."""

    def run(m: re.Match[str]) -> str:
        if m.group(1) == "bytes":
            return _b64(keyformats.rand_bytes(rng, int(m.group(2))))
        return rand(rng, m.group(1), int(m.group(2)))

    return re.sub(r"\{(\w+):(\d+)\}", run, template)


def make(rng: random.Random, spec: str) -> str:
    """A value from its spec.

    ``lit:TEXT`` as written; ``ALPHABET:N`` N random characters (alnum, hex, HEX, lower, upper,
    letters, digits, b64, b64url, b32, pw); ``bytes:N`` / ``bytesurl:N`` base64 of N random
    bytes; ``fmt:...{ALPHABET:N}...`` a template of random runs; ``human`` a password a person
    picks; ``gh:PREFIX`` and ``npm`` CRC32-checked tokens; ``entra``, ``adopat``, ``cask``
    (Azure DevOps 84-character) from ``keyformats``; ``pem:LABEL:N``, ``pemenc``, ``openssh``,
    ``putty``, ``jwt``, ``b64of:TEXT`` (base64 of a text with its own slots written ``{...}``).
    """
    kind, _, arg = spec.partition(":")
    if kind == "lit":
        return arg
    if kind in ALPHABETS:
        return rand(rng, kind, int(arg))
    if kind == "bytes":
        return _b64(keyformats.rand_bytes(rng, int(arg)))
    if kind == "bytesurl":
        return _b64url(keyformats.rand_bytes(rng, int(arg)), pad=True)
    if kind == "fmt":
        return _runs(rng, arg)
    if kind == "b64of":
        return _b64(_runs(rng, arg).encode())
    if kind == "human":
        return _human(rng)
    if kind == "gh":
        body = rand(rng, "alnum", 30)
        return arg + body + _crc_b62(body)
    if kind == "npm":
        body = rand(rng, "alnum", 30)
        return "npm_" + body + _crc_b62(body)
    if kind == "entra":
        return keyformats.entra_client_secret(rng)
    if kind == "adopat":
        return keyformats.ado_legacy_pat(rng)
    if kind == "cask":
        return keyformats.cask_key(rng, "AZDO")
    if kind == "pem":
        label, _, n = arg.rpartition(":")
        return _pem(rng, label, int(n))
    if kind == "pemenc":
        return _pem(
            rng,
            "RSA PRIVATE KEY",
            1190,
            f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{rand(rng, 'HEX', 32)}",
        )
    if kind == "openssh":
        return _openssh(rng)
    if kind == "putty":
        return _putty(rng)
    if kind == "jwt":
        return _jwt(rng)
    raise ValueError(f"unknown spec {spec!r}")


def fill(text: str, rng: random.Random, name: str) -> tuple[str, list[dict[str, object]]]:
    """``text`` with every slot filled, and the labels of its slots (lines of the result)."""
    out: list[str] = []
    labels: list[dict[str, object]] = []
    values: list[str] = []
    pos = 0
    line = 1
    for m in SLOT.finditer(text):
        before = text[pos : m.start()]
        out.append(before)
        line += before.count("\n")
        kind, family, variant, spec = m.groups()
        value = make(rng, spec)
        values.append(value)
        out.append(value)
        labels.append(
            {
                "file": name,
                "line": line,
                "end_line": line + value.count("\n"),
                "family": family,
                "kind": "true" if kind == "T" else "lookalike",
                "variant": variant,
                "value_sha256": hashlib.sha256(value.encode()).hexdigest(),
            }
        )
        line += value.count("\n")
        pos = m.end()
    out.append(text[pos:])
    result = "".join(out)
    lines = result.split("\n")
    for label, value in zip(
        labels, values, strict=True
    ):  # self-check: each label points at its value
        first, last = int(label["line"]), int(label["end_line"])  # type: ignore[call-overload]
        if value not in "\n".join(lines[first - 1 : last]):
            raise AssertionError(f"{name}: label at line {first} does not hold its value")
    return result, labels


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, _ZIP_TIME), data)
    return buffer.getvalue()


def notebook(cells: list[tuple[str, str]]) -> str:
    """An .ipynb (indent 1, as Jupyter saves it) of (kind, source) cells; slots stay slots."""
    doc = {
        "cells": [
            {
                "cell_type": kind,
                "metadata": {},
                "source": source.splitlines(keepends=True),
                **({"execution_count": None, "outputs": []} if kind == "code" else {}),
            }
            for kind, source in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def build() -> tuple[dict[str, bytes], list[dict[str, object]]]:
    """Every file of the corpus (path -> bytes) and its labels."""
    import files_apps
    import files_infra
    import files_misc

    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    for module in (files_apps, files_infra, files_misc):
        texts.update(module.FILES)
    files: dict[str, bytes] = {}
    labels: list[dict[str, object]] = []
    for name in sorted(texts):
        text, found = fill(texts[name], rng, name)
        encoding = "utf-16" if name.endswith(".utf16.ps1") else "utf-8"
        files[name] = text.encode(encoding)
        labels.extend(found)
    for name, members in sorted(files_misc.ARCHIVES.items()):
        packed: dict[str, bytes] = {}
        for member, template in members.items():
            text, found = fill(template, rng, f"{name}!{member}")
            packed[member] = text.encode()
            labels.extend(found)
        files[name] = _zip(packed)
    return files, labels


def write(root: Path) -> None:
    files, labels = build()
    target = root / "files"
    if target.exists():
        for old in sorted(target.rglob("*"), reverse=True):
            old.unlink() if old.is_file() else old.rmdir()
    for name, data in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    lines = [json.dumps(label, sort_keys=True) for label in labels]
    (root / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / "independent2")

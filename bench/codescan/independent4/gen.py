"""A fourth independent labelled corpus: hand-written files of a ferry operator's estate.

    python bench/codescan/independent4/gen.py [ROOT]   # writes ROOT/files and ROOT/labels.jsonl

The files (``files_*.py``) are written out by hand with the slot notation of the second
independent corpus (``⟪T family variant spec⟫`` for a credential a scanner must report,
``⟪F family variant spec⟫`` for a look-alike it must not; every other line must stay silent)
and filled by its generator (:func:`independent2.gen.fill`) from this corpus's own seed. A few
formats that filler does not make are drawn here first (``x:NAME`` specs, see :data:`EXTRA`) and
handed to it as literals, so every label still comes from the same filler. Notebooks are
serialised before their slots are filled (labels carry the raw ``.ipynb`` line); archive members
carry their own lines (``outer.tar.gz!member``, ``outer.jar!member``); a Windows registry export
is written in UTF-16LE with its byte-order mark, as ``regedit`` saves it.

The same seed gives byte-identical files. Labels use the schema of the benchmark's other corpora.
"""

from __future__ import annotations

import base64
import json
import random
import re
import shutil
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from independent2 import gen as slots  # noqa: E402
from independent3 import gen as plumbing  # noqa: E402

SEED = 20261207
_EXTRA_SLOT = re.compile(r"(⟪[TF] [a-z0-9-]+ [A-Za-z0-9_.-]+ )x:([a-z0-9-]+)⟫")
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_AWS_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_FIRST = ("marta", "owen", "priya", "tomas", "ines", "callum", "yusuf", "greta")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _bytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.randrange(256) for _ in range(n))


def _sas(rng: random.Random) -> str:
    """An account SAS query string as the portal issues it (signature URL-encoded)."""
    sig = urllib.parse.quote(_b64(_bytes(rng, 32)), safe="")
    day = rng.randrange(1, 28)
    return (
        f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-0{rng.randrange(1, 9)}-{day:02d}"
        f"T17:{rng.randrange(10, 59)}:00Z&st=2026-11-{day:02d}T09:00:00Z&spr=https&sig={sig}"
    )


def _service_sas(rng: random.Random) -> str:
    """A blob service SAS (``sr=b``) with a stored access policy name, signature URL-encoded."""
    sig = urllib.parse.quote(_b64(_bytes(rng, 32)), safe="")
    return f"sp=r&st=2026-10-01T00:00:00Z&se=2027-04-01T00:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={sig}"


def _gcp_key(rng: random.Random) -> str:
    """A service-account JSON ``private_key`` value: PKCS#8 PEM with escaped newlines."""
    body = _b64(
        b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01"
        + _bytes(rng, 1196)
    )
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    return "-----BEGIN PRIVATE KEY-----\\n" + "\\n".join(lines) + "\\n-----END PRIVATE KEY-----\\n"


def _aws_id(rng: random.Random, prefix: str = "AKIA") -> str:
    return prefix + "".join(rng.choice(_AWS_ID) for _ in range(16))


def _age(rng: random.Random) -> str:
    return "AGE-SECRET-KEY-1" + "".join(rng.choice(_BECH32) for _ in range(58)).upper()


def _age_public(rng: random.Random) -> str:
    return "age1" + "".join(rng.choice(_BECH32) for _ in range(58))


def _basic(rng: random.Random) -> str:
    """``Authorization: Basic`` credentials: base64 of ``user:password``."""
    return _b64(f"{rng.choice(_FIRST)}.ops:{slots.make(rng, 'human')}".encode())


def _b64_adopat(rng: random.Random) -> str:
    """An Azure Artifacts ``.npmrc`` ``_password``: base64 of a personal access token."""
    return _b64(slots.make(rng, "adopat").encode())


def _b64_plain(rng: random.Random) -> str:
    """A Kubernetes Secret ``data`` value that holds no secret (a host name, a port)."""
    return _b64(rng.choice(("sailings-db.internal", "5432", "true", "harbour", "eu-west")).encode())


def _b64_key(rng: random.Random) -> str:
    """base64 of a PEM private key, as kubeconfig ``client-key-data`` holds it."""
    return _b64(slots.make(rng, "pem:EC PRIVATE KEY:121").encode())


def _b64_cert(rng: random.Random) -> str:
    """base64 of a PEM certificate, as kubeconfig ``certificate-authority-data`` holds it."""
    return _b64(slots.make(rng, "pem:CERTIFICATE:780").encode())


def _telegram(rng: random.Random) -> str:
    return f"{rng.randrange(10**9, 8 * 10**9)}:AA{slots.make(rng, 'b64url:33')}"


def _discord(rng: random.Random) -> str:
    user = base64.b64encode(str(rng.randrange(10**17, 10**18)).encode()).decode().rstrip("=")
    return f"{user}.{slots.make(rng, 'b64url:6')}.{slots.make(rng, 'b64url:38')}"


def _mapbox_secret(rng: random.Random) -> str:
    claims = base64.urlsafe_b64encode(
        f'{{"u":"halcyonmaps","a":"{slots.make(rng, "lower:25")}"}}'.encode()
    )
    return f"sk.{claims.decode().rstrip('=')}.{slots.make(rng, 'b64url:22')}"


def _guid(rng: random.Random) -> str:
    h = slots.make(rng, "hex:32")
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}"


def _bcrypt(rng: random.Random) -> str:
    alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    return "$2y$10$" + "".join(rng.choice(alphabet) for _ in range(53))


def _sha512_crypt(rng: random.Random) -> str:
    alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    salt = "".join(rng.choice(alphabet) for _ in range(16))
    return f"$6${salt}$" + "".join(rng.choice(alphabet) for _ in range(86))


def _sops(rng: random.Random) -> str:
    data = _b64(_bytes(rng, rng.randrange(12, 30)))
    return (
        f"ENC[AES256_GCM,data:{data},iv:{_b64(_bytes(rng, 32))},"
        f"tag:{_b64(_bytes(rng, 16))},type:str]"
    )


def _sealed(rng: random.Random) -> str:
    return "AgB" + _b64(_bytes(rng, 540))


def _url_password(rng: random.Random) -> str:
    """A picked password with characters a URL must escape, percent-encoded."""
    raw = slots.make(rng, "human").replace("!", "@").replace("?", "/")
    return urllib.parse.quote(raw, safe="")


EXTRA: dict[str, Callable[[random.Random], str]] = {
    "sas": _sas,
    "service-sas": _service_sas,
    "gcp-key": _gcp_key,
    "aws-id": _aws_id,
    "aws-sts-id": lambda rng: _aws_id(rng, "ASIA"),
    "age": _age,
    "age-public": _age_public,
    "basic": _basic,
    "b64-adopat": _b64_adopat,
    "b64-plain": _b64_plain,
    "b64-key": _b64_key,
    "b64-cert": _b64_cert,
    "telegram": _telegram,
    "discord": _discord,
    "mapbox-secret": _mapbox_secret,
    "guid": _guid,
    "bcrypt": _bcrypt,
    "sha512-crypt": _sha512_crypt,
    "sops": _sops,
    "sealed": _sealed,
    "url-password": _url_password,
}


def expand(text: str, rng: random.Random) -> str:
    """``text`` with each ``x:NAME`` slot's value drawn here and written back as a ``lit:``."""

    def one(m: re.Match[str]) -> str:
        value = EXTRA[m.group(2)](rng)
        if "\n" in value or "⟫" in value:
            raise AssertionError(f"x:{m.group(2)} made a value the filler cannot carry")
        return f"{m.group(1)}lit:{value}⟫"

    return _EXTRA_SLOT.sub(one, text)


def _fill(template: str, rng: random.Random, name: str) -> tuple[str, list[dict[str, object]]]:
    return slots.fill(expand(template, rng), rng, name)


def build() -> tuple[dict[str, bytes], list[dict[str, object]]]:
    """Every file of the corpus (path -> bytes) and its labels."""
    import files_config
    import files_docs
    import files_platform
    import files_services

    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    for module in (files_services, files_config, files_platform, files_docs):
        clash = texts.keys() & module.FILES.keys()
        if clash:
            raise AssertionError(f"file written twice: {sorted(clash)}")
        texts.update(module.FILES)
    for name, cells in files_docs.NOTEBOOKS.items():
        texts[name] = slots.notebook(cells)
    files: dict[str, bytes] = {}
    labels: list[dict[str, object]] = []
    for name in sorted(texts):
        text, found = _fill(texts[name], rng, name)
        if name.endswith(".reg"):
            files[name] = b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le")
        else:
            files[name] = text.encode("utf-8")
        labels.extend(found)
    for name, members in sorted(files_docs.ARCHIVES.items()):
        packed: dict[str, bytes] = {}
        for member, template in members.items():
            text, found = _fill(template, rng, f"{name}!{member}")
            packed[member] = text.encode()
            labels.extend(found)
        files[name] = plumbing._targz(packed) if name.endswith(".tar.gz") else slots._zip(packed)
    return files, labels


def write(root: Path) -> None:
    """Replace ``root/files`` with the corpus and ``root/labels.jsonl`` with its labels."""
    files, labels = build()
    shutil.rmtree(root / "files", ignore_errors=True)
    for name, data in files.items():
        (root / "files" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "files" / name).write_bytes(data)
    rows = "".join(json.dumps(label, sort_keys=True) + "\n" for label in labels)
    (root / "labels.jsonl").write_text(rows, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / "independent4")

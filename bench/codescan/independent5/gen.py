"""A fifth independent labelled corpus: hand-written files of a freight forwarder's estate.

    python bench/codescan/independent5/gen.py [ROOT]   # writes ROOT/files and ROOT/labels.jsonl

The files (``files_*.py``) are written out by hand with the slot notation of the second
independent corpus (``⟪T family variant spec⟫`` for a credential a scanner must report,
``⟪F family variant spec⟫`` for a look-alike it must not; every other line must stay silent)
and filled by its generator (:func:`independent2.gen.fill`) from this corpus's own seed. Formats
that filler does not make are drawn here first (``x:NAME`` specs, see :data:`EXTRA`, which
extends the fourth corpus's table) and handed to it as literals, so every label still comes
from the same filler. Notebooks, with their output cells, are serialised before their slots are
filled (labels carry the raw ``.ipynb`` line); archive members carry their own lines
(``outer.zip!member``, ``outer.tar.gz!member``); one PowerShell profile is written in UTF-16LE
with a byte-order mark and CRLF line ends, as Windows PowerShell 5 saves it.

The same seed gives byte-identical files. Labels use the schema of the benchmark's other corpora.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import keyformats  # noqa: E402  (the benchmark's checksum formats, independent of the scanner)
from independent2 import gen as slots  # noqa: E402
from independent3 import gen as plumbing  # noqa: E402
from independent4 import gen as fourth  # noqa: E402

SEED = 20261208
_EXTRA_SLOT = re.compile(r"(⟪[TF] [a-z0-9-]+ [A-Za-z0-9_.-]+ )x:([a-z0-9-]+)⟫")
_CRYPT = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _idk(
    nbytes: int, signature: str, seed: int, *, url: bool = False
) -> Callable[[random.Random], str]:
    """An Azure identifiable key (HIS v1: fixed signature, Marvin32 checksum) of one service."""
    return lambda rng: keyformats.identifiable_key(rng, nbytes, signature, seed, url=url)


def _github_fine(rng: random.Random) -> str:
    """A fine-grained GitHub personal access token (``github_pat_`` 22 + ``_`` + 59)."""
    return f"github_pat_11{slots.make(rng, 'upper:20')}_{slots.make(rng, 'alnum:59')}"


def _pypi(rng: random.Random) -> str:
    """A PyPI API token: ``pypi-`` and a base64url macaroon whose header names pypi.org."""
    body = b"\x02\x01\x08pypi.org\x02" + bytes(rng.getrandbits(8) for _ in range(150))
    return "pypi-AgEIcHlwaS5vcmc" + base64.urlsafe_b64encode(body[11:]).decode().rstrip("=")


def _teams_webhook(rng: random.Random) -> str:
    g = fourth._guid
    return (
        f"https://ventocargo.webhook.office.com/webhookb2/{g(rng)}@{g(rng)}/IncomingWebhook/"
        f"{slots.make(rng, 'hex:32')}/{g(rng)}/V2{slots.make(rng, 'b64url:40')}"
    )


def _blob_sas_url(rng: random.Random) -> str:
    return (
        f"https://vcmanifests{rng.randrange(10, 99)}.blob.core.windows.net/waybills/"
        f"export-{rng.randrange(1000, 9999)}.csv?{fourth._service_sas(rng)}"
    )


def _apr1(rng: random.Random) -> str:
    salt = "".join(rng.choice(_CRYPT) for _ in range(8))
    return f"$apr1${salt}$" + "".join(rng.choice(_CRYPT) for _ in range(22))


def _pbkdf2(rng: random.Random) -> str:
    salt = slots.make(rng, "alnum:22")
    digest = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(32))).decode()
    return f"pbkdf2_sha256$870000${salt}${digest}"


def _sri(rng: random.Random) -> str:
    return "sha512-" + base64.b64encode(bytes(rng.getrandbits(8) for _ in range(64))).decode()


def _ssh_public(rng: random.Random) -> str:
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(
        rng.getrandbits(8) for _ in range(32)
    )
    return "ssh-ed25519 " + base64.b64encode(blob).decode() + " deploy@ventocargo"


def _b64_text(rng: random.Random) -> str:
    """base64 of plain, non-secret text (a host, a region, a flag)."""
    text = rng.choice(
        ("depot-hamburg.internal:5672", "eu-central", "enabled", "waybill-sync", "LOG_LEVEL=info")
    )
    return base64.b64encode(text.encode()).decode()


def _sha256_of_text(rng: random.Random) -> str:
    return hashlib.sha256(slots.make(rng, "alnum:16").encode()).hexdigest()


def _docker_auth(rng: random.Random) -> str:
    """Docker ``config.json`` ``auth``: base64 of ``user:token``."""
    return base64.b64encode(f"vcbuild:{slots.make(rng, 'alnum:32')}".encode()).decode()


def _url_guid(rng: random.Random) -> str:
    return f"https://portal.azure.com/#resource/subscriptions/{fourth._guid(rng)}/overview"


def _ed25519_seed_hex(rng: random.Random) -> str:
    return slots.make(rng, "hex:64")


def _masked(rng: random.Random) -> str:
    return slots.make(rng, "alnum:4") + "*" * rng.randrange(12, 28)


def _jwt_hs(rng: random.Random) -> str:
    """A session JWT signed with HS256 (header, claims, 32-byte signature)."""

    def enc(part: dict[str, object]) -> str:
        raw = json.dumps(part, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    claims = {
        "sub": f"driver-{rng.randrange(10**5)}",
        "iss": "vento-dispatch",
        "exp": 1_800_000_000 + rng.randrange(10**6),
    }
    sig = (
        base64.urlsafe_b64encode(bytes(rng.getrandbits(8) for _ in range(32))).decode().rstrip("=")
    )
    return f"{enc({'alg': 'HS256', 'typ': 'JWT'})}.{enc(claims)}.{sig}"


def _mapbox_secret(rng: random.Random) -> str:
    """A Mapbox secret token: ``sk.``, base64url claims naming the account, a signature."""
    claims = f'{{"u":"ventocargo","a":"{slots.make(rng, "lower:25")}"}}'.encode()
    body = base64.urlsafe_b64encode(claims).decode().rstrip("=")
    return f"sk.{body}.{slots.make(rng, 'b64url:22')}"


EXTRA: dict[str, Callable[[random.Random], str]] = {
    **fourth.EXTRA,
    "mapbox-secret": _mapbox_secret,
    "storage-idk": _idk(64, "+ASt", keyformats.SEED_STORAGE),
    "cosmos-idk": _idk(64, "ACDb", keyformats.SEED_COSMOS_RW),
    "sb-idk": _idk(32, "+ASb", keyformats.SEED_MSG_MANAGE),
    "eh-idk": _idk(32, "+AEh", keyformats.SEED_MSG_MANAGE),
    "func-idk": _idk(40, "AzFu", keyformats.SEED_FUNCTION, url=True),
    "github-fine": _github_fine,
    "pypi": _pypi,
    "teams-webhook": _teams_webhook,
    "blob-sas-url": _blob_sas_url,
    "apr1": _apr1,
    "pbkdf2": _pbkdf2,
    "sri": _sri,
    "ssh-public": _ssh_public,
    "b64-text": _b64_text,
    "sha256-text": _sha256_of_text,
    "docker-auth": _docker_auth,
    "url-guid": _url_guid,
    "hex-seed": _ed25519_seed_hex,
    "masked": _masked,
    "jwt-hs": _jwt_hs,
}


def expand(text: str, rng: random.Random) -> str:
    """``text`` with each ``x:NAME`` slot's value drawn here and written back as a ``lit:``."""

    def one(m: re.Match[str]) -> str:
        value = EXTRA[m.group(2)](rng)
        if "\n" in value or "⟫" in value:
            raise AssertionError(f"x:{m.group(2)} made a value the filler cannot carry")
        return f"{m.group(1)}lit:{value}⟫"

    return _EXTRA_SLOT.sub(one, text)


def notebook(cells: list[tuple[str, str, str | None]]) -> str:
    """An .ipynb (indent 1, as Jupyter saves it) of (kind, source, printed output) cells; a code
    cell's output, when given, is a ``stream`` on stdout, as ``print`` leaves it."""
    out = []
    for n, (kind, source, printed) in enumerate(cells, start=1):
        cell: dict[str, object] = {
            "cell_type": kind,
            "metadata": {},
            "source": source.splitlines(keepends=True),
        }
        if kind == "code":
            cell["execution_count"] = n
            cell["outputs"] = (
                [
                    {
                        "name": "stdout",
                        "output_type": "stream",
                        "text": printed.splitlines(keepends=True),
                    }
                ]
                if printed
                else []
            )
        out.append(cell)
    doc = {
        "cells": out,
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def _fill(template: str, rng: random.Random, name: str) -> tuple[str, list[dict[str, object]]]:
    return slots.fill(expand(template, rng), rng, name)


def build() -> tuple[dict[str, bytes], list[dict[str, object]]]:
    """Every file of the corpus (path -> bytes) and its labels."""
    from independent5 import files_ci, files_conf, files_docs, files_langs

    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    for module in (files_langs, files_conf, files_ci, files_docs):
        clash = texts.keys() & module.FILES.keys()
        if clash:
            raise AssertionError(f"file written twice: {sorted(clash)}")
        texts.update(module.FILES)
    for name, cells in files_docs.NOTEBOOKS.items():
        texts[name] = notebook(cells)
    files: dict[str, bytes] = {}
    labels: list[dict[str, object]] = []
    for name in sorted(texts):
        text, found = _fill(texts[name], rng, name)
        if name.endswith(".utf16.ps1"):
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
    save(root, *build())


def save(root: Path, files: dict[str, bytes], labels: list[dict[str, object]]) -> None:
    """Replace ``root/files`` with ``files`` and ``root/labels.jsonl`` with ``labels``."""
    shutil.rmtree(root / "files", ignore_errors=True)
    for name, data in files.items():
        (root / "files" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "files" / name).write_bytes(data)
    rows = "".join(json.dumps(label, sort_keys=True) + "\n" for label in labels)
    (root / "labels.jsonl").write_text(rows, encoding="utf-8")


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / "independent5")

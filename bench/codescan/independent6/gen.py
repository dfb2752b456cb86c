"""A sixth independent labelled corpus: hand-written files of a games studio's estate.

    python bench/codescan/independent6/gen.py [ROOT]   # writes ROOT/files and ROOT/labels.jsonl

The files (``files_*.py``) are written by hand with the slot notation of the second independent
corpus (``⟪T family variant spec⟫`` for a credential a scanner must report, ``⟪F family variant
spec⟫`` for a look-alike it must not; every other line must stay silent) and filled by its
generator (:func:`independent2.gen.fill`) from this corpus's own seed. Formats that filler does
not make are drawn first (``x:NAME`` specs, see :data:`EXTRA`, which extends the fifth corpus's
table) and handed to it as literals, so every label still comes from the same filler. Notebooks
keep their output cells (labels carry the raw ``.ipynb`` line); archive members carry their own
lines (``outer.zip!member``, ``outer.tar.gz!member``).

The same seed gives byte-identical files. Labels use the schema of the benchmark's other corpora.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from independent2 import gen as slots  # noqa: E402
from independent3 import gen as plumbing  # noqa: E402
from independent5 import gen as fifth  # noqa: E402

SEED = 20261205
_EXTRA_SLOT = re.compile(r"(⟪[TF] [a-z0-9-]+ [A-Za-z0-9_.-]+ )x:([a-z0-9-]+)⟫")


def _htpasswd_sha(rng: random.Random) -> str:
    """An Apache ``{SHA}`` password hash (base64 of a SHA-1 digest): a hash, not a secret."""
    digest = hashlib.sha1(slots.make(rng, "alnum:12").encode(), usedforsecurity=False).digest()
    return "{SHA}" + base64.b64encode(digest).decode()


def _lfs_oid(rng: random.Random) -> str:
    return "sha256:" + hashlib.sha256(slots.make(rng, "alnum:20").encode()).hexdigest()


def _unity_guid(rng: random.Random) -> str:
    """A Unity asset GUID (``.meta`` files): 32 lower-case hex digits."""
    return slots.make(rng, "hex:32")


def _steam_ticket(rng: random.Random) -> str:
    """A Steam Web API key: 32 upper-case hex digits."""
    return slots.make(rng, "HEX:32")


def _anthropic(rng: random.Random) -> str:
    return f"sk-ant-api03-{slots.make(rng, 'b64url:93')}AA"


def _openai(rng: random.Random) -> str:
    return f"sk-proj-{slots.make(rng, 'b64url:58')}T3BlbkFJ{slots.make(rng, 'b64url:58')}"


def _slack_webhook(rng: random.Random) -> str:
    return (
        f"https://hooks.slack.com/services/T{slots.make(rng, 'upper:8')}/"
        f"B{slots.make(rng, 'upper:10')}/{slots.make(rng, 'alnum:24')}"
    )


def _pgpass_line(rng: random.Random) -> str:
    return slots.make(rng, "pw:18")


def _b64_json_cfg(rng: random.Random) -> str:
    """base64 of a harmless JSON settings blob (a region and a build flavour)."""
    text = json.dumps({"region": rng.choice(("eu-west", "us-east")), "flavour": "retail"})
    return base64.b64encode(text.encode()).decode()


EXTRA: dict[str, Callable[[random.Random], str]] = {
    **fifth.EXTRA,
    "htpasswd-sha": _htpasswd_sha,
    "lfs-oid": _lfs_oid,
    "unity-guid": _unity_guid,
    "steam-key": _steam_ticket,
    "anthropic": _anthropic,
    "openai": _openai,
    "slack-webhook": _slack_webhook,
    "pgpass": _pgpass_line,
    "b64-json": _b64_json_cfg,
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
    from independent6 import files_code, files_conf, files_docs

    rng = random.Random(SEED)
    texts: dict[str, str] = {}
    for module in (files_code, files_conf, files_docs):
        clash = texts.keys() & module.FILES.keys()
        if clash:
            raise AssertionError(f"file written twice: {sorted(clash)}")
        texts.update(module.FILES)
    for name, cells in files_docs.NOTEBOOKS.items():
        texts[name] = fifth.notebook(cells)
    files: dict[str, bytes] = {}
    labels: list[dict[str, object]] = []
    for name in sorted(texts):
        text, found = _fill(texts[name], rng, name)
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
    fifth.save(root, *build())


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "corpus" / "independent6")

"""Seeded makers of credential-shaped values, each written from the issuer's public format notes.

Every value comes from one ``random.Random(seed)``: the same seed gives the same values, and none
of them was ever issued by anyone (fake by provenance). Where a format's public description gives
a length, an alphabet, a prefix or a checksum, the value follows it:

- GitHub classic tokens and npm tokens: prefix, 30 base62 characters, then CRC32 of those 30
  characters in 6 base62 digits (GitHub's 2021 token-format post, npm's changelog of the same year).
- GitHub fine-grained tokens: ``github_pat_``, 22 characters, ``_``, 59 characters.
- Azure Storage / Cosmos DB account keys: 64 random bytes in base64 (88 characters);
  Service Bus / Event Hubs / IoT Hub / SignalR / App Configuration shared keys: 32 bytes (44).
- Entra ID client secrets: 40 characters from ``[A-Za-z0-9._~-]`` with ``8Q~`` at offset 3
  (no checksum: the check digits are not reproduced here).
- Azure DevOps PATs: the legacy 52-character lowercase base32 form, and the 84-character form
  with ``JQQJ99`` at offset 52 (both without their checksums).
- NuGet API keys: ``oy2`` and 43 characters of lowercase base32 with the fixed bits the public
  detection pattern shows.
- PyPI tokens: ``pypi-`` and a version-2 binary macaroon (location ``pypi.org``, an identifier,
  a JSON caveat, a 32-byte signature) in unpadded base64url.
- Private keys are real keys from seeded scalars/primes (``cryptography`` serialises them).
"""

from __future__ import annotations

import base64
import json
import random
import string
import uuid
import zlib
from urllib.parse import quote

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
B32_LOWER = string.ascii_lowercase + "234567"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
ENTRA = ALNUM + "._~-"

# Neutral words for human-chosen passwords: nothing here says "test", "fake" or "example".
_WORDS = (
    "harbor", "lantern", "copper", "meadow", "falcon", "granite", "orchid", "tundra", "saffron",
    "willow", "quartz", "ember", "canyon", "juniper", "marble", "velvet", "cobalt", "thistle",
    "pelican", "summit", "breeze", "walnut", "glacier", "indigo", "maple", "raven", "cedar",
)  # fmt: skip


def b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, rem = divmod(n, 62)
        out = B62[rem] + out
    return out.rjust(width, "0")


def crc_b62_token(prefix: str, body: str) -> str:
    return prefix + body + b62(zlib.crc32(body.encode()), 6)


def crc_b62_ok(token: str, prefix: str) -> bool:
    body, check = token[len(prefix) : -6], token[-6:]
    return b62(zlib.crc32(body.encode()), 6) == check


def b64_text(text: str) -> str:
    """Standard base64 of a text's UTF-8 bytes (Kubernetes ``data:``, Docker ``auth``, Basic)."""
    return base64.b64encode(text.encode()).decode()


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Forge:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    # -- primitives --------------------------------------------------------------------------
    def pick(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def raw(self, n: int) -> bytes:
        return self.r.randbytes(n)

    def b64(self, n: int) -> str:
        return base64.b64encode(self.raw(n)).decode()

    def b64url(self, n: int) -> str:
        return b64u(self.raw(n))

    def hex(self, n: int) -> str:
        return self.pick(HEX, n)

    def digits(self, n: int) -> str:
        return str(self.r.randint(1, 9)) + self.pick(string.digits, n - 1)

    def guid(self) -> str:
        return str(uuid.UUID(bytes=self.raw(16), version=4))

    def int(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def word(self) -> str:
        return self.r.choice(_WORDS)

    # -- passwords ---------------------------------------------------------------------------
    def password(self, style: str = "mixed") -> str:
        """A password as people and generators make them; ``url`` stays URL-safe unescaped."""
        if style == "words":
            a, b = self.r.sample(_WORDS, 2)
            return f"{a.capitalize()}{self.r.choice('!#*.-')}{b.capitalize()}{self.int(10, 9999)}"
        if style == "url":
            return self.pick(ALNUM, self.int(14, 22)) + self.pick("-_.~", 1) + self.pick(ALNUM, 3)
        if style == "shell":  # safe inside single quotes and in most config syntaxes
            return self.pick(ALNUM, self.int(12, 18)) + self.pick("!#%^*-_.+", 2) + self.digits(2)
        body = self.pick(ALNUM + "!#*-_.+", self.int(16, 24))
        return body[:4] + self.pick("!#*.", 1) + self.digits(1) + body[4:]

    # -- Azure -------------------------------------------------------------------------------
    def storage_key(self) -> str:
        return self.b64(64)

    def shared_key(self) -> str:
        return self.b64(32)

    def sas_sig(self) -> str:
        return quote(self.b64(32), safe="")

    def account_sas(self) -> str:
        return (
            f"sv=2024-05-04&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-0{self.int(1, 9)}-1"
            f"{self.int(0, 9)}T18:{self.int(10, 59)}:00Z&st=2026-11-0{self.int(1, 9)}T10:00:00Z"
            f"&spr=https&sig={self.sas_sig()}"
        )

    def blob_sas(self) -> str:
        return (
            f"sp=r&st=2026-10-1{self.int(0, 9)}T08:00:00Z&se=2026-12-3{self.int(0, 1)}T08:00:00Z"
            f"&spr=https&sv=2022-11-02&sr=b&sig={self.sas_sig()}"
        )

    def entra_secret(self) -> str:
        return self.pick(ENTRA, 3) + "8Q~" + self.pick(ENTRA, 34)

    def devops_pat(self) -> str:
        return self.pick(B32_LOWER, 52)

    def devops_pat_v2(self) -> str:
        return (
            self.pick(ALNUM, 52) + "JQQJ99" + self.pick(ALNUM, 1) + self.pick("ABCDEFGHIJKL", 1)
            + self.pick(ALNUM, 16) + self.pick(string.ascii_letters, 1) + self.pick(ALNUM, 7)
        )  # fmt: skip

    def function_key(self) -> str:
        return self.pick(URLSAFE, 54) + "=="

    def cognitive_key(self) -> str:
        return self.hex(32)

    def search_admin_key(self) -> str:
        return self.pick("0123456789ABCDEF", 32)

    # -- other clouds ------------------------------------------------------------------------
    def aws_key_id(self) -> str:
        return "AKIA" + self.pick(string.ascii_uppercase + "234567", 16)

    def aws_secret(self) -> str:
        return self.pick(ALNUM + "+/", 40)

    def google_api_key(self) -> str:
        return "AIza" + self.pick(URLSAFE, 35)

    # -- code hosts and registries -----------------------------------------------------------
    def github_classic(self, kind: str = "ghp") -> str:
        return crc_b62_token(kind + "_", self.pick(B62, 30))

    def github_fine_grained(self) -> str:
        return "github_pat_" + self.pick(ALNUM, 22) + "_" + self.pick(ALNUM, 59)

    def gitlab(self, prefix: str = "glpat-") -> str:
        return prefix + self.pick(URLSAFE, 20)

    def npm(self) -> str:
        return crc_b62_token("npm_", self.pick(B62, 30))

    def pypi(self) -> str:
        def field(kind: int, data: bytes) -> bytes:
            return bytes([kind, len(data)]) + data

        ident = json.dumps({"nonce": self.hex(32), "version": 1}, separators=(",", ":")).encode()
        caveat = json.dumps({"permissions": "user", "version": 1}, separators=(",", ":")).encode()
        blob = (
            b"\x02" + field(1, b"pypi.org") + field(2, ident) + b"\x00"
            + field(2, caveat) + b"\x00" + b"\x00" + field(6, self.raw(32))
        )  # fmt: skip
        return "pypi-" + b64u(blob)

    def nuget(self) -> str:
        return (
            "oy2" + self.pick("abcdefghijklmnop", 1) + self.pick(B32_LOWER, 15) + self.pick("aq", 1)
            + self.pick(B32_LOWER, 11) + self.pick("eu", 1) + self.pick("bdfhjlnprtvxz357", 1)
            + self.pick("abcdefghijklmnop", 1) + self.pick(B32_LOWER, 11) + self.pick("aeimquy4", 1)
        )  # fmt: skip

    def docker_pat(self) -> str:
        return "dckr_pat_" + self.pick(URLSAFE, 27)

    # -- SaaS --------------------------------------------------------------------------------
    def slack_bot(self) -> str:
        return f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.pick(ALNUM, 24)}"

    def slack_user(self) -> str:
        return f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{self.hex(32)}"

    def slack_webhook(self) -> str:
        up = string.ascii_uppercase + string.digits
        return (
            f"https://hooks.slack.com/services/T{self.pick(up, 10)}/B{self.pick(up, 10)}/"
            f"{self.pick(ALNUM, 24)}"
        )

    def stripe(self, kind: str = "sk_live_") -> str:
        return kind + self.pick(ALNUM, self.r.choice((24, 99)))

    def stripe_webhook(self) -> str:
        return "whsec_" + self.pick(ALNUM, 32)

    def sendgrid(self) -> str:
        return "SG." + self.pick(URLSAFE, 22) + "." + self.pick(URLSAFE, 43)

    def twilio_token(self) -> str:
        return self.hex(32)

    def twilio_api_key(self) -> tuple[str, str]:
        return "SK" + self.hex(32), self.pick(ALNUM, 32)

    def openai(self) -> str:
        if self.r.random() < 0.5:
            return "sk-" + self.pick(ALNUM, 20) + "T3BlbkFJ" + self.pick(ALNUM, 20)
        return "sk-proj-" + self.pick(URLSAFE, 64) + "T3BlbkFJ" + self.pick(URLSAFE, 64)

    def anthropic(self) -> str:
        return "sk-ant-api03-" + self.pick(URLSAFE, 93) + "AA"

    def vault(self) -> str:
        if self.r.random() < 0.5:
            return "hvs." + self.pick(ALNUM, 24)
        return "hvs.CAESI" + self.pick(URLSAFE, 86)

    def huggingface(self) -> str:
        return "hf_" + self.pick(string.ascii_letters, 34)

    def databricks(self) -> str:
        return "dapi" + self.hex(32)

    def shopify(self) -> str:
        return "shpat_" + self.hex(32)

    def mailgun(self) -> str:
        return "key-" + self.hex(32)

    def rubygems(self) -> str:
        return "rubygems_" + self.hex(48)

    def crates(self) -> str:
        return "cio" + self.pick(ALNUM, 32)

    def terraform_cloud(self) -> str:
        return self.pick(ALNUM, 14) + ".atlasv1." + self.pick(ALNUM, 67)

    def wireguard_key(self) -> str:
        return self.b64(32)

    def openvpn_static_key(self) -> str:
        body = "\n".join(self.hex(32) for _ in range(16))
        return (
            "-----BEGIN OpenVPN Static key V1-----\n"
            + body
            + "\n-----END OpenVPN Static key V1-----"
        )

    # -- structured --------------------------------------------------------------------------
    def jwt(self, alg: str = "HS256", claims: dict[str, object] | None = None) -> str:
        header = {"alg": alg, "typ": "JWT"}
        if alg.startswith("RS"):
            header["kid"] = self.b64url(16)
        body: dict[str, object] = {
            "iss": self.r.choice(
                ["https://login.northwind.internal", "api.contoso-ops.net", "auth0|ledger"]
            ),
            "sub": self.guid(),
            "aud": self.r.choice(["orders-api", "https://graph.contoso-ops.net", "ledger"]),
            "iat": 1_780_000_000 + self.int(0, 9_000_000),
            "exp": 1_800_000_000 + self.int(0, 9_000_000),
        }
        body.update(claims or {})
        sig = self.raw(256 if alg.startswith("RS") else 32)
        return ".".join(
            (
                b64u(json.dumps(header, separators=(",", ":")).encode()),
                b64u(json.dumps(body, separators=(",", ":")).encode()),
                b64u(sig),
            )
        )

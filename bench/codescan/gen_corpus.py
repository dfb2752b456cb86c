"""Generate the labelled code-scan corpus and the throughput corpus, deterministically.

    python bench/codescan/gen_corpus.py [--out bench/codescan/corpus] [--seed 20261123]
                                        [--throughput-mb 200]

Writes ``<out>/files/`` (the labelled corpus: source, config, CI files, a notebook, a UTF-16
script, a PFX and nested zip/jar/whl/nupkg/tar.gz archives), ``<out>/labels.jsonl`` (one line per
planted value: ``file``, ``line``, ``end_line``, ``family``, ``kind`` = ``true`` | ``lookalike``,
``variant``, ``value_sha256``; never the value) and, with ``--throughput-mb``, ``<out>/throughput/``.

Every planted value is drawn from a seeded generator: fake by provenance, never a real
credential. Look-alikes are values a scanner must not report: GUIDs, git SHAs, lock-file and
SRI hashes, base64 images, placeholders, Key Vault references, public keys and certificates, and
vendors' published sample values (the storage emulator's well-known key, the jwt.io sample token,
AWS's ``EXAMPLE`` keys). Labels for archive members use ``outer.zip!inner/path``; notebook labels
also carry the cell (``cell 3 output 1``) and the line within it.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import hashlib
import io
import json
import random
import shutil
import string
import sys
import tarfile
import urllib.parse
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import keyformats as kf

GENERATOR_VERSION = "3"
DEFAULT_SEED = 20261123

AZURE_FAMILIES = (
    "azure-storage",
    "azure-sas",
    "entra-client-secret",
    "azure-cosmos",
    "azure-messaging",
    "azure-function-key",
    "azure-app-config",
    "azure-devops-pat",
)
FAMILIES = (
    *AZURE_FAMILIES,
    "db-connection-string",
    "private-key",
    "jwt",
    "aws",
    "gcp-service-account",
    "github-token",
    "gitlab-token",
    "slack",
    "stripe",
    "generic-password",
)

# Vendors' published sample values: documented, public, never credentials.
EMULATOR_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
JWT_IO_SAMPLE = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
AWS_EXAMPLE_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452")


# ----------------------------------------------------------------------------------------------
# Documents and plants


@dataclass
class Plant:
    value: str
    family: str
    kind: str  # "true" | "lookalike"
    variant: str
    locate: str = ""  # the text as it appears in the file, when it differs from the value
    whole_file: bool = False


@dataclass
class Doc:
    path: str
    lines: list[str] = field(default_factory=list)
    plants: list[Plant] = field(default_factory=list)
    encoding: str = "utf-8"
    data: bytes | None = None  # binary documents (a PFX)
    notebook: dict[str, object] | None = None

    def add(self, *lines: str) -> Doc:
        for line in lines:
            self.lines.extend(line.split("\n"))
        return self

    def _plant(self, kind: str, family: str, variant: str, value: str, template: str) -> Doc:
        if "{v}" not in template:
            raise ValueError(f"template without {{v}}: {template!r}")
        rendered = template.replace("{v}", value)
        self.plants.append(Plant(value, family, kind, variant, locate=rendered))
        return self.add(rendered)

    def true(self, family: str, variant: str, value: str, template: str = "{v}") -> Doc:
        return self._plant("true", family, variant, value, template)

    def fake(self, family: str, variant: str, value: str, template: str = "{v}") -> Doc:
        return self._plant("lookalike", family, variant, value, template)

    def text(self) -> str:
        if self.notebook is not None:
            return json.dumps(self.notebook, indent=1) + "\n"
        return "\n".join(self.lines) + "\n"

    def payload(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.encoding == "utf-16":
            return self.text().replace("\n", "\r\n").encode("utf-16")
        return self.text().encode("utf-8")


@dataclass
class Archive:
    path: str
    members: list[Doc | Archive]

    def payload(self) -> bytes:
        if self.path.endswith((".tar.gz", ".tgz")):
            raw = io.BytesIO()
            with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
                for member in self.members:
                    body = member.payload()
                    info = tarfile.TarInfo(member.path)
                    info.size, info.mtime, info.mode = len(body), 1_700_000_000, 0o644
                    tar.addfile(info, io.BytesIO(body))
            out = io.BytesIO()
            with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
                gz.write(raw.getvalue())
            return out.getvalue()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for member in self.members:
                info = zipfile.ZipInfo(member.path, date_time=(2024, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, member.payload())
        return out.getvalue()


@dataclass(frozen=True)
class Label:
    file: str
    line: int
    end_line: int
    family: str
    kind: str
    variant: str
    value_sha256: str
    cell: str = ""
    cell_line: int = 0
    whole_file: bool = False

    def as_json(self) -> str:
        data = {k: v for k, v in self.__dict__.items() if v not in ("", 0, False) or k == "line"}
        return json.dumps(data, sort_keys=True)


def read_labels(path: Path) -> list[Label]:
    """The labels file written by :func:`write_labelled`."""
    return [Label(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]


def _line_of(text: str, needle: str, where: str) -> tuple[int, int]:
    idx = text.find(needle)
    if idx < 0:
        raise AssertionError(f"planted value not found in {where}")
    if text.find(needle, idx + 1) >= 0:
        raise AssertionError(f"planted value appears twice in {where}")
    line = text.count("\n", 0, idx) + 1
    return line, line + needle.count("\n")


def _notebook_cell_of(doc: Doc, value: str) -> tuple[str, int]:
    assert doc.notebook is not None
    cells = doc.notebook["cells"]
    assert isinstance(cells, list)
    for number, cell in enumerate(cells, start=1):
        parts = [(f"cell {number}", "".join(cell.get("source", [])))]
        for index, output in enumerate(cell.get("outputs", []), start=1):
            body = "".join(output.get("text", [])) or "".join(
                output.get("data", {}).get("text/plain", [])
            )
            parts.append((f"cell {number} output {index}", body))
        for label, body in parts:
            idx = body.find(value)
            if idx >= 0:
                return label, body.count("\n", 0, idx) + 1
    return "", 0


def labels_for(doc: Doc | Archive, prefix: str = "") -> Iterator[Label]:
    name = prefix + doc.path
    if isinstance(doc, Archive):
        for member in doc.members:
            yield from labels_for(member, name + "!")
        return
    text = doc.text() if doc.data is None else ""
    for plant in doc.plants:
        digest = hashlib.sha256(plant.value.encode("utf-8")).hexdigest()
        if plant.whole_file:
            yield Label(
                name, 1, 1, plant.family, plant.kind, plant.variant, digest, whole_file=True
            )
            continue
        needle = plant.locate or plant.value
        if doc.notebook is not None:
            needle = json.dumps(plant.value)[1:-1]
        line, end = _line_of(text, needle, name)
        cell, cell_line = ("", 0)
        if doc.notebook is not None:
            cell, cell_line = _notebook_cell_of(doc, plant.value)
        yield Label(
            name, line, end, plant.family, plant.kind, plant.variant, digest, cell, cell_line
        )


# ----------------------------------------------------------------------------------------------
# Values


class Values:
    """Random, well-formed values. One instance per corpus, seeded."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    # plain shapes
    def s(self, n: int, alphabet: str = kf.ALNUM) -> str:
        return kf.rand_str(self.r, n, alphabet)

    def hex(self, n: int) -> str:
        return self.s(n, "0123456789abcdef")

    def guid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def name(self, stem: str) -> str:
        return f"{stem}{self.s(6, string.ascii_lowercase + string.digits)}"

    def b64key(self, nbytes: int, url: bool = False) -> str:
        return kf.b64(kf.rand_bytes(self.r, nbytes), url=url)

    def password(self) -> str:
        words = ["Blue", "Falcon", "River", "Quartz", "Maple", "Orbit", "Cedar", "Nimbus", "Vertex"]
        return (
            self.r.choice(words)
            + self.s(4, string.digits)
            + self.r.choice("!#%*-_")
            + self.s(self.r.randint(8, 14), kf.ALNUM)
        )

    # Azure
    def storage_key(self) -> str:
        return self.b64key(64)

    def storage_his(self) -> str:
        return kf.identifiable_key(self.r, 64, "+ASt", kf.SEED_STORAGE)

    def storage_conn(self, key: str) -> str:
        return (
            f"DefaultEndpointsProtocol=https;AccountName={self.name('st')};"
            f"AccountKey={key};EndpointSuffix=core.windows.net"
        )

    def sas_query(self, encoded: bool = True) -> str:
        sig = self.b64key(32)
        if encoded:
            sig = urllib.parse.quote(sig, safe="")
        return (
            f"sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2027-0{self.r.randint(1, 9)}-"
            f"{self.r.randint(10, 28)}T00:00:00Z&st=2025-01-01T00:00:00Z&spr=https&sig={sig}"
        )

    def sas_url(self) -> str:
        return (
            f"https://{self.name('st')}.blob.core.windows.net/{self.name('data')}/"
            f"export.csv?sv=2022-11-02&sr=b&sp=r&se=2027-03-01T00:00:00Z&spr=https"
            f"&sig={urllib.parse.quote(self.b64key(32), safe='')}"
        )

    def bus_sas(self) -> str:
        return (
            f"SharedAccessSignature sr=https%3A%2F%2F{self.name('sb')}.servicebus.windows.net%2F"
            f"orders&sig={urllib.parse.quote(self.b64key(32), safe='')}&se=1893456000"
            f"&skn=RootManageSharedAccessKey"
        )

    def entra(self) -> str:
        return kf.entra_client_secret(self.r)

    def cosmos_key(self) -> str:
        return self.b64key(64)

    def cosmos_his(self) -> str:
        return kf.identifiable_key(self.r, 64, "ACDb", kf.SEED_COSMOS_RW)

    def cosmos_conn(self, key: str) -> str:
        return f"AccountEndpoint=https://{self.name('cosmos')}.documents.azure.com:443/;AccountKey={key};"

    def _shared_access_key(self, identifiable: bool, signature: str, seed: int) -> str:
        if identifiable:
            return kf.identifiable_key(self.r, 32, signature, seed)
        return self.b64key(32)

    def bus_conn(self, identifiable: bool) -> str:
        key = self._shared_access_key(identifiable, "+ASb", kf.SEED_MSG_MANAGE)
        return (
            f"Endpoint=sb://{self.name('sb')}.servicebus.windows.net/;"
            f"SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"
        )

    def hub_conn(self, identifiable: bool) -> str:
        key = self._shared_access_key(identifiable, "+AEh", kf.SEED_MSG_SEND)
        return (
            f"Endpoint=sb://{self.name('evh')}.servicebus.windows.net/;"
            f"SharedAccessKeyName=send;SharedAccessKey={key};EntityPath=telemetry"
        )

    def iot_conn(self, identifiable: bool) -> str:
        key = self._shared_access_key(identifiable, "AIoT", kf.SEED_IOT_HUB)
        return (
            f"HostName={self.name('iot')}.azure-devices.net;SharedAccessKeyName=iothubowner;"
            f"SharedAccessKey={key}"
        )

    def function_key(self, identifiable: bool) -> str:
        if identifiable:
            return kf.identifiable_key(self.r, 40, "AzFu", kf.SEED_FUNCTION, url=True)
        return self.b64key(40, url=True)

    def function_url(self, key: str) -> str:
        return f"https://{self.name('func')}.azurewebsites.net/api/ProcessOrder?code={key}"

    def appconfig_conn(self) -> str:
        return (
            f"Endpoint=https://{self.name('appcs')}.azconfig.io;"
            f"Id={self.s(4)}-l0-s0:{self.s(20)};Secret={self.b64key(32)}"
        )

    def ado_legacy(self) -> str:
        return kf.ado_legacy_pat(self.r)

    def ado_cask(self) -> str:
        return kf.cask_key(self.r, "AZDO", year=2025, month=self.r.randint(1, 12))

    # Others
    def sql_conn(self) -> str:
        return (
            f"Server=tcp:{self.name('sql')}.database.windows.net,1433;Initial Catalog=orders;"
            f"User ID=appadmin;Password={self.password()};Encrypt=True;"
        )

    def pg_url(self) -> str:
        return f"postgresql://app_user:{self.password().replace('#', 'x')}@{self.name('pg')}.postgres.database.azure.com:5432/app"

    def npgsql(self) -> str:
        return f"Host={self.name('pg')}.postgres.database.azure.com;Database=app;Username=app;Password={self.password()}"

    def mongo_url(self) -> str:
        return (
            f"mongodb+srv://svc_reader:{self.s(18)}@cluster0.{self.s(5).lower()}.mongodb.net/prod"
        )

    def jdbc(self) -> str:
        return f"jdbc:sqlserver://{self.name('sql')}.database.windows.net:1433;database=app;user=app;password={self.password()};"

    def pem(self, label: str, nbytes: int) -> str:
        body = kf.b64(kf.rand_bytes(self.r, nbytes))
        if label == "OPENSSH PRIVATE KEY":
            body = kf.b64(b"openssh-key-v1\x00" + kf.rand_bytes(self.r, nbytes))
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        if label == "OPENSSH PRIVATE KEY":
            lines = [body[i : i + 70] for i in range(0, len(body), 70)]
        return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"

    def jwt(self) -> str:
        def enc(obj: object) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

        header = enc({"alg": self.r.choice(["HS256", "RS256"]), "typ": "JWT"})
        body = enc(
            {
                "sub": self.guid(),
                "aud": f"api://{self.name('api')}",
                "iat": 1_730_000_000 + self.r.randint(0, 10**6),
                "exp": 1_830_000_000,
                "scope": "orders.read",
            }
        )
        sig = kf.b64(kf.rand_bytes(self.r, 32), url=True).rstrip("=")
        return f"{header}.{body}.{sig}"

    def aws_id(self) -> str:
        return "AKIA" + self.s(16, string.ascii_uppercase + "234567")

    def aws_secret(self) -> str:
        return self.s(40, kf.ALNUM + "+/")

    def gcp_sa(self) -> str:
        project = self.name("proj-")
        key = self.pem("PRIVATE KEY", 640).replace("\n", "\\n") + "\\n"
        return json.dumps(
            {
                "type": "service_account",
                "project_id": project,
                "private_key_id": self.hex(40),
                "private_key": key,
                "client_email": f"deployer@{project}.iam.gserviceaccount.com",
                "client_id": self.s(21, string.digits),
                "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                "token_uri": "https://oauth2.googleapis.com/token",
            },
            indent=2,
        )

    def github(self, prefix: str = "ghp_") -> str:
        return kf.github_token(self.r, prefix)

    def gitlab(self) -> str:
        return "glpat-" + self.s(20, kf.ALNUM + "_-")

    def slack_bot(self) -> str:
        return f"xoxb-{self.s(12, string.digits)}-{self.s(13, string.digits)}-{self.s(24)}"

    def slack_user(self) -> str:
        return f"xoxp-{self.s(12, string.digits)}-{self.s(12, string.digits)}-{self.s(13, string.digits)}-{self.hex(32)}"

    def slack_webhook(self) -> str:
        return (
            f"https://hooks.slack.com/services/T{self.s(8, string.ascii_uppercase + string.digits)}"
            f"/B{self.s(10, string.ascii_uppercase + string.digits)}/{self.s(24)}"
        )

    def stripe(self) -> str:
        return "sk_live_" + self.s(self.r.choice([24, 99]))

    # Look-alike shapes
    def git_sha(self) -> str:
        return self.hex(40)

    def sha512_integrity(self) -> str:
        return "sha512-" + self.b64key(64)

    def sri(self) -> str:
        return "sha384-" + self.b64key(48)

    def png_data_uri(self) -> str:
        return "data:image/png;base64," + kf.b64(PNG_HEADER + kf.rand_bytes(self.r, 180))

    def ssh_pub(self) -> str:
        return (
            "ssh-rsa "
            + kf.b64(b"\x00\x00\x00\x07ssh-rsa" + kf.rand_bytes(self.r, 270))
            + " dev@build"
        )

    def kv_ref(self) -> str:
        return f"@Microsoft.KeyVault(SecretUri=https://{self.name('kv')}.vault.azure.net/secrets/{self.name('app-')}/)"

    def kv_ref2(self) -> str:
        return f"@Microsoft.KeyVault(VaultName={self.name('kv')};SecretName={self.name('db-')})"


# ----------------------------------------------------------------------------------------------
# Templates: each returns one document (or archive). ``v`` draws values, ``i`` varies contexts.

ST, SAS, ENTRA, COSMOS, MSG, FUNC, APPCS, ADO = AZURE_FAMILIES
DB, PK, JWT, AWS, GCP, GH, GL, SLACK, STRIPE, GEN = FAMILIES[8:]


def appsettings(v: Values, i: int) -> Doc:
    d = Doc(f"services/orders{i}/appsettings.json")
    d.add("{", '  "Logging": { "LogLevel": { "Default": "Information" } },')
    d.add('  "AllowedHosts": "*",', f'  "TenantId": "{v.guid()}",')
    d.fake(ST, "guid", v.guid(), '  "ClientId": "{v}",')
    d.true(ST, "storage-connection-string", v.storage_conn(v.storage_key()), '  "Storage": "{v}",')
    d.true(ENTRA, "client-secret-json", v.entra(), '  "ClientSecret": "{v}",')
    d.fake(DB, "keyvault-reference", v.kv_ref(), '  "SqlPassword": "{v}",')
    d.true(MSG, "service-bus-connection-string", v.bus_conn(i % 2 == 0), '  "ServiceBus": "{v}",')
    d.fake(
        GEN,
        "connection-without-secret",
        f"InstrumentationKey={v.guid()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/",
        '  "ApplicationInsights": "{v}",',
    )
    d.true(
        COSMOS,
        "cosmos-connection-string",
        v.cosmos_conn(v.cosmos_his() if i % 2 else v.cosmos_key()),
        '  "Cosmos": "{v}"',
    )
    d.add("}")
    return d


def appsettings_dev(v: Values, i: int) -> Doc:
    d = Doc(f"services/orders{i}/appsettings.Development.json")
    d.add("{")
    d.fake(ST, "vendor-sample", "UseDevelopmentStorage=true", '  "Storage": "{v}",')
    d.fake(
        ST,
        "vendor-sample",
        f"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={EMULATOR_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
        '  "StorageEmulator": "{v}",',
    )
    d.fake(ENTRA, "placeholder", "<client-secret>", '  "ClientSecret": "{v}",')
    d.fake(
        COSMOS,
        "placeholder",
        "AccountEndpoint=https://localhost:8081/;AccountKey=${COSMOS_KEY};",
        '  "Cosmos": "{v}",',
    )
    d.fake(
        DB,
        "connection-without-secret",
        "Server=(localdb)\\\\mssqllocaldb;Database=orders;Trusted_Connection=True;",
        '  "Sql": "{v}"',
    )
    d.add("}")
    return d


def local_settings(v: Values, i: int) -> Doc:
    d = Doc(f"functions/ingest{i}/local.settings.json")
    d.add("{", '  "IsEncrypted": false,', '  "Values": {')
    d.add('    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",')
    d.true(
        ST,
        "storage-connection-string",
        v.storage_conn(v.storage_his()),
        '    "AzureWebJobsStorage": "{v}",',
    )
    d.true(
        MSG,
        "event-hubs-connection-string",
        v.hub_conn(i % 2 == 1),
        '    "EventHubConnection": "{v}",',
    )
    d.true(
        MSG, "iot-hub-connection-string", v.iot_conn(i % 2 == 0), '    "IotHubConnection": "{v}",'
    )
    d.fake(ST, "keyvault-reference", v.kv_ref2(), '    "ArchiveStorage": "{v}",')
    d.fake(
        MSG,
        "placeholder",
        "Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>",
        '    "Bus": "{v}",',
    )
    d.true(
        FUNC,
        "function-key-identifiable" if i % 2 else "function-key",
        v.function_key(i % 2 == 1),
        '    "DownstreamFunctionKey": "{v}"',
    )
    d.add("  }", "}")
    return d


def dotenv(v: Values, i: int) -> Doc:
    d = Doc(f"deploy/env{i}/.env")
    d.add("# runtime configuration", "APP_ENV=production", f"APP_PORT={8000 + i}")
    d.true(ST, "storage-account-key", v.storage_key(), "AZURE_STORAGE_KEY={v}")
    d.true(ENTRA, "client-secret-env", v.entra(), "AZURE_CLIENT_SECRET={v}")
    d.fake(ENTRA, "guid", v.guid(), "AZURE_CLIENT_ID={v}")
    d.fake(ENTRA, "guid", v.guid(), "AZURE_TENANT_ID={v}")
    d.true(AWS, "aws-access-key-id", v.aws_id(), "AWS_ACCESS_KEY_ID={v}")
    d.true(AWS, "aws-secret-access-key", v.aws_secret(), "AWS_SECRET_ACCESS_KEY={v}")
    d.true(GH, "github-pat", v.github("ghp_"), "GITHUB_TOKEN={v}")
    d.true(DB, "postgres-url", v.pg_url(), "DATABASE_URL={v}")
    d.true(GEN, "password-env", v.password(), "SMTP_PASSWORD={v}")
    d.fake(GEN, "placeholder", "changeme", "ADMIN_PASSWORD={v}")
    d.fake(GEN, "git-sha", v.git_sha(), "BUILD_COMMIT={v}")
    return d


def dotenv_example(v: Values, i: int) -> Doc:
    d = Doc(f"deploy/env{i}/.env.example")
    d.fake(ST, "placeholder", "<your-storage-account-key>", "AZURE_STORAGE_KEY={v}")
    d.fake(ENTRA, "placeholder", "your-client-secret-here", "AZURE_CLIENT_SECRET={v}")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_ID, "AWS_ACCESS_KEY_ID={v}")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_SECRET, "AWS_SECRET_ACCESS_KEY={v}")
    d.fake(GH, "placeholder", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "GITHUB_TOKEN={v}")
    d.fake(DB, "placeholder", "postgresql://user:password@localhost:5432/app", "DATABASE_URL={v}")
    d.fake(GEN, "placeholder", "********", "SMTP_PASSWORD={v}")
    return d


def python_settings(v: Values, i: int) -> Doc:
    d = Doc(f"src/app{i}/settings.py")
    d.add('"""Application settings."""', "import os", "", f'PROJECT = "app{i}"', "DEBUG = False")
    d.true(GEN, "django-secret-key", v.s(50, kf.ALNUM + "!@#%^&*(-_=+)"), "SECRET_KEY = '{v}'")
    d.fake(GEN, "env-reference", 'os.environ["DB_PASSWORD"]', "DATABASE_PASSWORD = {v}")
    d.true(DB, "mongodb-url", v.mongo_url(), 'MONGO_URI = "{v}"')
    d.true(SLACK, "slack-webhook", v.slack_webhook(), 'ALERT_WEBHOOK = "{v}"')
    d.fake(GEN, "env-reference", 'os.getenv("API_KEY", "")', "API_KEY = {v}")
    d.fake(GEN, "guid", v.guid(), 'REQUEST_NAMESPACE = "{v}"')
    d.true(STRIPE, "stripe-live-key", v.stripe(), 'STRIPE_API_KEY = "{v}"')
    d.fake(STRIPE, "publishable-key", "pk_live_" + v.s(24), 'STRIPE_PUBLISHABLE_KEY = "{v}"')
    return d


def python_storage(v: Values, i: int) -> Doc:
    d = Doc(f"src/app{i}/storage_client.py")
    d.add("from azure.storage.blob import BlobServiceClient", "", "")
    d.add("def client() -> BlobServiceClient:")
    d.true(
        ST,
        "storage-key-in-code",
        v.storage_his() if i % 2 else v.storage_key(),
        '    return BlobServiceClient("https://acct.blob.core.windows.net", credential="{v}")',
    )
    d.add("", "", "def export_url() -> str:")
    d.true(SAS, "sas-url-encoded", v.sas_url(), '    return "{v}"')
    d.add("", "", "def docs_url() -> str:")
    d.fake(
        SAS,
        "url-without-signature",
        f"https://{v.name('st')}.blob.core.windows.net/public/readme.txt",
        '    return "{v}"',
    )
    d.add("", "", "def bearer() -> dict[str, str]:")
    d.true(JWT, "jwt-in-code", v.jwt(), '    return {"Authorization": "Bearer {v}"}')
    d.add("", "", "def sample_token() -> str:")
    d.fake(JWT, "vendor-sample", JWT_IO_SAMPLE, '    return "{v}"  # the jwt.io example')
    return d


def python_alerts(v: Values, i: int) -> Doc:
    d = Doc(f"src/app{i}/alerts.py")
    d.add("import requests", "")
    d.true(SLACK, "slack-bot-token", v.slack_bot(), 'SLACK_TOKEN = "{v}"')
    d.true(GL, "gitlab-pat", v.gitlab(), 'GITLAB_HEADERS = {"PRIVATE-TOKEN": "{v}"}')
    d.fake(
        GEN, "hash-digest", hashlib.sha256(v.s(20).encode()).hexdigest(), 'EXPECTED_SHA256 = "{v}"'
    )
    d.true(AWS, "aws-access-key-id", v.aws_id(), 'boto3.client("s3", aws_access_key_id="{v}",')
    d.true(
        AWS, "aws-secret-access-key", v.aws_secret(), '             aws_secret_access_key="{v}")'
    )
    d.add(
        "", "def post(msg: str) -> None:", "    requests.post(URL, json={'text': msg}, timeout=5)"
    )
    return d


def csharp_program(v: Values, i: int) -> Doc:
    d = Doc(f"src/Orders{i}/Program.cs")
    d.add(
        "using Azure.Storage;",
        "using Azure.Identity;",
        "",
        "var builder = WebApplication.CreateBuilder(args);",
    )
    d.true(
        ST,
        "storage-key-in-code",
        v.storage_key(),
        'var cred = new StorageSharedKeyCredential("ordersacct", "{v}");',
    )
    d.true(
        ENTRA,
        "client-secret-in-code",
        v.entra(),
        'var app = new ClientSecretCredential(tenantId, clientId, "{v}");',
    )
    d.fake(ENTRA, "guid", v.guid(), 'const string ClientId = "{v}";')
    d.true(
        COSMOS,
        "cosmos-key-in-code",
        v.cosmos_his() if i % 2 == 0 else v.cosmos_key(),
        'var cosmos = new CosmosClient("https://orders.documents.azure.com:443/", "{v}");',
    )
    d.fake(
        GEN,
        "env-reference",
        'Environment.GetEnvironmentVariable("ORDERS_API_KEY")',
        "var apiKey = {v};",
    )
    d.true(DB, "sql-connection-string", v.sql_conn(), 'var sql = new SqlConnection("{v}");')
    d.fake(
        DB,
        "connection-without-secret",
        f"Server=tcp:{v.name('sql')}.database.windows.net,1433;Database=orders;Authentication=Active Directory Default;",
        'var sqlMi = new SqlConnection("{v}");',
    )
    d.add("var app = builder.Build();", "app.Run();")
    return d


def csharp_startup(v: Values, i: int) -> Doc:
    d = Doc(f"src/Orders{i}/Startup.cs")
    d.add(
        "public class Startup",
        "{",
        "    public void ConfigureServices(IServiceCollection services)",
        "    {",
    )
    d.true(
        APPCS,
        "app-config-connection-string",
        v.appconfig_conn(),
        '        builder.AddAzureAppConfiguration("{v}");',
    )
    d.true(
        MSG,
        "service-bus-connection-string",
        v.bus_conn(i % 2 == 1),
        '        services.AddSingleton(new ServiceBusClient("{v}"));',
    )
    d.fake(
        APPCS,
        "connection-without-secret",
        f"https://{v.name('appcs')}.azconfig.io",
        '        builder.AddAzureAppConfiguration(new Uri("{v}"), new DefaultAzureCredential());',
    )
    d.true(SAS, "sas-bus-token", v.bus_sas(), '        var sas = "{v}";')
    d.fake(GEN, "git-sha", v.git_sha(), '        const string BuildSha = "{v}";')
    d.add("    }", "}")
    return d


def java_config(v: Values, i: int) -> Doc:
    d = Doc(f"src/main/java/com/contoso/billing{i}/Config.java")
    d.add(f"package com.contoso.billing{i};", "", "public final class Config {")
    d.true(DB, "jdbc-url", v.jdbc(), '    static final String JDBC = "{v}";')
    d.true(STRIPE, "stripe-live-key", v.stripe(), '    static final String STRIPE = "{v}";')
    d.true(
        GEN,
        "password-in-code",
        v.password(),
        '    private static final String KEYSTORE_PASSWORD = "{v}";',
    )
    d.fake(
        GEN,
        "placeholder",
        "${KEYSTORE_PASSWORD}",
        '    private static final String TRUSTSTORE_PASSWORD = "{v}";',
    )
    d.fake(GEN, "guid", v.guid(), '    static final String TENANT = "{v}";')
    d.add("}")
    return d


def application_properties(v: Values, i: int) -> Doc:
    d = Doc("BOOT-INF/classes/application.properties")
    d.add("server.port=8080", "spring.application.name=billing")
    d.true(DB, "jdbc-url", v.jdbc(), "spring.datasource.url={v}")
    d.true(GEN, "password-properties", v.password(), "spring.datasource.password={v}")
    d.true(
        ST,
        "storage-connection-string",
        v.storage_conn(v.storage_key()),
        "azure.storage.connection-string={v}",
    )
    d.fake(GEN, "placeholder", "${SPRING_MAIL_PASSWORD}", "spring.mail.password={v}")
    d.fake(ST, "keyvault-reference", v.kv_ref(), "azure.storage.account-key={v}")
    return d


def node_index(v: Values, i: int) -> Doc:
    d = Doc(f"web/api{i}/src/index.js")
    d.add("const express = require('express');", "const app = express();")
    d.true(
        FUNC,
        "function-url-code",
        v.function_url(v.function_key(i % 2 == 0)),
        "const PROCESS_URL = '{v}';",
    )
    d.true(GH, "github-oauth", v.github("gho_"), "const octokit = new Octokit({ auth: '{v}' });")
    d.fake(GEN, "env-reference", "process.env.SESSION_SECRET", "app.use(session({ secret: {v} }));")
    d.true(JWT, "jwt-in-code", v.jwt(), "const serviceToken = '{v}';")
    d.fake(
        FUNC,
        "placeholder",
        "https://<app>.azurewebsites.net/api/ProcessOrder?code=<function-key>",
        "// call {v}",
    )
    d.true(SLACK, "slack-user-token", v.slack_user(), "const slack = new WebClient('{v}');")
    d.add("app.listen(3000);")
    return d


def minified_js(v: Values, i: int) -> Doc:
    d = Doc(f"web/api{i}/public/app.min.js")
    chunks = [f"function a{n}(e){{return e.map(t=>t*{n}).filter(Boolean)}}" for n in range(40)]
    d.add(";".join(chunks[:20]) + ";")
    d.true(
        FUNC,
        "function-key-minified",
        v.function_key(i % 2 == 1),
        'var k={fk:"{v}",r:3};' + ";".join(chunks[20:]) + ";",
    )
    d.fake(GEN, "minified-hash", v.hex(20), 'var b={chunk:"{v}"};' + ";".join(chunks[:10]))
    d.true(
        APPCS,
        "app-config-minified",
        v.appconfig_conn(),
        'var c={cfg:"{v}",t:1};' + ";".join(chunks[10:30]),
    )
    d.fake(GEN, "base64-image", v.png_data_uri(), 'var i="{v}";' + ";".join(chunks[5:15]))
    return d


def go_main(v: Values, i: int) -> Doc:
    d = Doc(f"cmd/worker{i}/main.go")
    d.add("package main", "", 'import "fmt"', "")
    d.true(GH, "github-server-token", v.github("ghs_"), 'const ghToken = "{v}"')
    d.true(DB, "postgres-url", v.pg_url(), 'var dsn = "{v}"')
    d.true(MSG, "event-hubs-connection-string", v.hub_conn(i % 2 == 0), 'var hub = "{v}"')
    d.fake(GEN, "git-sha", v.git_sha(), 'var commit = "{v}"')
    d.fake(GEN, "guid", v.guid(), 'var instance = "{v}"')
    d.add("", "func main() {", '\tfmt.Println("worker")', "}")
    return d


def web_config(v: Values, i: int) -> Doc:
    d = Doc(f"legacy/site{i}/Web.config")
    d.add('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <connectionStrings>")
    d.true(
        DB,
        "sql-connection-string",
        v.sql_conn(),
        '    <add name="Main" connectionString="{v}" providerName="System.Data.SqlClient" />',
    )
    d.fake(
        DB,
        "connection-without-secret",
        "Data Source=.;Initial Catalog=Legacy;Integrated Security=True",
        '    <add name="Local" connectionString="{v}" />',
    )
    d.add("  </connectionStrings>", "  <appSettings>")
    d.true(
        ST,
        "storage-connection-string",
        v.storage_conn(v.storage_key()),
        '    <add key="StorageConnectionString" value="{v}" />',
    )
    d.true(GEN, "password-xml", v.password(), '    <add key="SmtpPassword" value="{v}" />')
    d.fake(
        GEN, "placeholder", "__SmtpPassword__", '    <add key="BackupSmtpPassword" value="{v}" />'
    )
    d.true(ENTRA, "client-secret-xml", v.entra(), '    <add key="ida:ClientSecret" value="{v}" />')
    d.fake(ENTRA, "guid", v.guid(), '    <add key="ida:ClientId" value="{v}" />')
    d.add("  </appSettings>", "</configuration>")
    return d


def nuget_config(v: Values, i: int) -> Doc:
    d = Doc("NuGet.Config" if i == 0 else f"tools/feed{i}/nuget.config")
    d.add(
        '<?xml version="1.0" encoding="utf-8"?>',
        "<configuration>",
        "  <packageSourceCredentials>",
        "    <contoso>",
    )
    d.add('      <add key="Username" value="build" />')
    d.true(
        ADO,
        "ado-pat-legacy" if i % 2 == 0 else "ado-pat-identifiable",
        v.ado_legacy() if i % 2 == 0 else v.ado_cask(),
        '      <add key="ClearTextPassword" value="{v}" />',
    )
    d.add("    </contoso>", "    <internal>")
    d.fake(
        ADO, "placeholder", "%NUGET_FEED_PAT%", '      <add key="ClearTextPassword" value="{v}" />'
    )
    d.add("    </internal>", "  </packageSourceCredentials>", "</configuration>")
    return d


def compose(v: Values, i: int) -> Doc:
    d = Doc(f"deploy/stack{i}/docker-compose.yml")
    d.add("services:", "  api:", f"    image: contoso/api:{i}.4.1", "    environment:")
    d.true(DB, "postgres-url", v.pg_url(), "      DATABASE_URL: {v}")
    d.true(GEN, "password-yaml", v.password(), "      POSTGRES_PASSWORD: {v}")
    d.fake(GEN, "placeholder", "${REDIS_PASSWORD}", "      REDIS_PASSWORD: {v}")
    d.true(ST, "storage-connection-string", v.storage_conn(v.storage_his()), '      STORAGE: "{v}"')
    d.fake(GEN, "hash-digest", "sha256:" + v.hex(64), "    image: contoso/worker@{v}")
    return d


def helm_values(v: Values, i: int) -> Doc:
    d = Doc(f"charts/orders{i}/values.yaml")
    d.add("replicaCount: 2", "image:", "  repository: contoso/orders")
    d.fake(GEN, "git-sha", v.git_sha(), "  tag: {v}")
    d.add("secrets:")
    d.true(ENTRA, "client-secret-yaml", v.entra(), "  clientSecret: {v}")
    d.true(SAS, "sas-token-yaml", "?" + v.sas_query(encoded=True), '  sasToken: "{v}"')
    d.fake(GEN, "placeholder", "{{ .Values.global.dbPassword }}", '  dbPassword: "{v}"')
    d.true(COSMOS, "cosmos-account-key", v.cosmos_key(), "  cosmosKey: {v}")
    d.fake(
        COSMOS,
        "keyvault-reference",
        f"https://{v.name('kv')}.vault.azure.net/secrets/cosmos-key",
        "  cosmosKeyRef: {v}",
    )
    return d


def dockerfile(v: Values, i: int) -> Doc:
    d = Doc(f"docker/svc{i}/Dockerfile")
    d.add("FROM python:3.11-slim@sha256:" + v.hex(64), "WORKDIR /app")
    d.true(AWS, "aws-access-key-id", v.aws_id(), "ENV AWS_ACCESS_KEY_ID={v}")
    d.true(AWS, "aws-secret-access-key", v.aws_secret(), "ENV AWS_SECRET_ACCESS_KEY={v}")
    d.true(ADO, "ado-pat-legacy", v.ado_legacy(), "ARG AZDO_PAT={v}")
    d.fake(
        ADO,
        "env-reference",
        "${AZDO_PAT}",
        "RUN pip config set global.index-url https://build:{v}@pkgs.dev.azure.com/contoso/_packaging/feed/pypi/simple/",
    )
    d.true(GEN, "password-dockerfile", v.password(), "ENV ADMIN_PASSWORD={v}")
    d.fake(GEN, "git-sha", v.git_sha(), "LABEL org.opencontainers.image.revision={v}")
    d.add("COPY . .", 'CMD ["python", "-m", "app"]')
    return d


def github_workflow(v: Values, i: int) -> Doc:
    d = Doc(f".github/workflows/deploy{i}.yml")
    d.add(
        "name: deploy",
        "on: [push]",
        "jobs:",
        "  deploy:",
        "    runs-on: ubuntu-latest",
        "    steps:",
    )
    d.fake(GEN, "git-sha", v.git_sha(), "      - uses: actions/checkout@{v} # v4")
    d.fake(
        GEN,
        "placeholder",
        "${{ secrets.AZURE_CLIENT_SECRET }}",
        "      - run: az login --service-principal -u $CLIENT_ID -p {v} --tenant $TENANT",
    )
    d.true(
        ENTRA,
        "client-secret-cli",
        v.entra(),
        "      - run: az login --service-principal -u app -p {v} --tenant contoso.onmicrosoft.com",
    )
    d.true(SAS, "sas-in-azcopy", v.sas_url(), '      - run: azcopy copy ./dist "{v}"')
    d.true(GH, "github-pat", v.github("ghp_"), "          GH_TOKEN: {v}")
    d.fake(GEN, "guid", v.guid(), "          AZURE_SUBSCRIPTION_ID: {v}")
    return d


def azure_pipelines(v: Values, i: int) -> Doc:
    d = Doc("azure-pipelines.yml" if i == 0 else f"pipelines/release{i}.yml")
    d.add("trigger:", "  - main", "pool:", "  vmImage: ubuntu-latest", "variables:")
    d.true(
        ADO,
        "ado-pat-identifiable" if i % 2 == 0 else "ado-pat-legacy",
        v.ado_cask() if i % 2 == 0 else v.ado_legacy(),
        "  AZDO_PAT: {v}",
    )
    d.fake(ADO, "placeholder", "$(System.AccessToken)", "  SYSTEM_TOKEN: {v}")
    d.true(
        FUNC,
        "function-key-header",
        v.function_key(i % 2 == 0),
        "  - script: curl -H 'x-functions-key: {v}' https://orders.azurewebsites.net/api/health",
    )
    d.true(ST, "storage-account-key", v.storage_his(), "  STORAGE_KEY: {v}")
    d.fake(GEN, "git-sha", v.git_sha(), "  PINNED_COMMIT: {v}")
    return d


def gitlab_ci(v: Values, i: int) -> Doc:
    d = Doc(".gitlab-ci.yml" if i == 0 else f"ci/gitlab{i}.yml")
    d.add("stages: [build, deploy]", "deploy:", "  stage: deploy", "  variables:")
    d.true(GL, "gitlab-pat", v.gitlab(), "    GITLAB_TOKEN: {v}")
    d.fake(GL, "placeholder", "$CI_JOB_TOKEN", "    JOB_TOKEN: {v}")
    d.true(AWS, "aws-access-key-id", v.aws_id(), "    AWS_ACCESS_KEY_ID: {v}")
    d.true(AWS, "aws-secret-access-key", v.aws_secret(), "    AWS_SECRET_ACCESS_KEY: {v}")
    d.fake(GEN, "git-sha", v.git_sha(), "    BASE_SHA: {v}")
    d.add("  script:", "    - ./deploy.sh")
    return d


def terraform(v: Values, i: int) -> Doc:
    d = Doc(f"infra/env{i}/main.tf")
    d.add('provider "azurerm" {', "  features {}")
    d.true(ENTRA, "client-secret-terraform", v.entra(), '  client_secret = "{v}"')
    d.fake(ENTRA, "guid", v.guid(), '  subscription_id = "{v}"')
    d.add("}", "", 'resource "azurerm_function_app" "app" {')
    d.fake(
        ST,
        "terraform-reference",
        "azurerm_storage_account.sa.primary_access_key",
        "  storage_account_access_key = {v}",
    )
    d.true(ST, "storage-account-key", v.storage_key(), '  backup_storage_key = "{v}"')
    d.add("}", "", 'resource "azurerm_key_vault_secret" "db" {', '  name = "db-password"')
    d.fake(GEN, "terraform-reference", "random_password.db.result", "  value = {v}")
    d.true(GEN, "password-terraform", v.password(), '  administrator_login_password = "{v}"')
    d.add("}")
    return d


def aws_credentials(v: Values, i: int) -> Doc:
    d = Doc(f"ops/aws{i}/credentials")
    d.add("[default]")
    d.true(AWS, "aws-access-key-id", v.aws_id(), "aws_access_key_id = {v}")
    d.true(AWS, "aws-secret-access-key", v.aws_secret(), "aws_secret_access_key = {v}")
    d.add("", "[docs-example]")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_ID, "aws_access_key_id = {v}")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_SECRET, "aws_secret_access_key = {v}")
    return d


def gcp_key(v: Values, i: int) -> Doc:
    d = Doc(f"ops/gcp/deployer-{i}.json")
    d.true(GCP, "service-account-json", v.gcp_sa())
    return d


def pem_key(v: Values, i: int) -> Doc:
    kinds = [
        ("certs/server{}.key", "RSA PRIVATE KEY", 1190),
        ("certs/ec{}.pem", "EC PRIVATE KEY", 121),
        ("certs/service{}.pkcs8.pem", "PRIVATE KEY", 1218),
        ("ops/ssh/id_ed25519_{}", "OPENSSH PRIVATE KEY", 387),
    ]
    path, label, size = kinds[i % len(kinds)]
    d = Doc(path.format(i))
    d.true(PK, label.lower().replace(" ", "-"), v.pem(label, size))
    return d


def public_material(v: Values, i: int) -> Doc:
    d = Doc(f"certs/public{i}.pem")
    d.fake(PK, "certificate", v.pem("CERTIFICATE", 900))
    d.add("")
    d.fake(PK, "public-key", v.pem("PUBLIC KEY", 294))
    return d


def ssh_pub(v: Values, i: int) -> Doc:
    d = Doc(f"ops/ssh/authorized_keys{i}")
    d.fake(PK, "ssh-public-key", v.ssh_pub())
    d.fake(PK, "ssh-public-key", v.ssh_pub())
    return d


def readme(v: Values, i: int) -> Doc:
    d = Doc("README.md" if i == 0 else f"docs/guide{i}.md")
    d.add("# Orders platform", "", "Local development uses the storage emulator:", "```")
    d.fake(ST, "vendor-sample", f"AccountKey={EMULATOR_KEY}", "{v}")
    d.add("```", "", "A token looks like this (from jwt.io):", "")
    d.fake(JWT, "vendor-sample", JWT_IO_SAMPLE, "    Authorization: Bearer {v}")
    d.add("", "AWS documentation's example credentials:", "")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_ID, "    export AWS_ACCESS_KEY_ID={v}")
    d.fake(AWS, "vendor-sample", AWS_EXAMPLE_SECRET, "    export AWS_SECRET_ACCESS_KEY={v}")
    d.fake(
        ST,
        "placeholder",
        "DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net",
        "    {v}",
    )
    d.fake(GEN, "base64-image", v.png_data_uri(), "![logo]({v})")
    d.fake(
        SAS,
        "placeholder",
        "https://<account>.blob.core.windows.net/<container>?<sas-token>",
        "Upload with `azcopy copy ./out '{v}'`.",
    )
    return d


def html_page(v: Values, i: int) -> Doc:
    d = Doc(f"web/site{i}/index.html")
    d.add("<!doctype html>", "<html>", "<head>")
    d.fake(
        GEN,
        "sri-hash",
        v.sri(),
        '  <script src="https://cdn.example.net/lib.min.js" integrity="{v}" crossorigin="anonymous"></script>',
    )
    d.fake(
        GEN,
        "sri-hash",
        v.sri(),
        '  <link rel="stylesheet" href="https://cdn.example.net/lib.css" integrity="{v}">',
    )
    d.add("</head>", "<body>")
    d.fake(GEN, "base64-image", v.png_data_uri(), '  <img alt="logo" src="{v}">')
    d.true(
        FUNC,
        "function-url-code",
        v.function_url(v.function_key(i % 2 == 1)),
        '  <form action="{v}" method="post"></form>',
    )
    d.add("</body>", "</html>")
    return d


def css(v: Values, i: int) -> Doc:
    d = Doc(f"web/site{i}/styles.css")
    d.add("body { font-family: sans-serif; }")
    d.fake(GEN, "base64-image", v.png_data_uri(), ".logo { background-image: url('{v}'); }")
    d.fake(
        GEN,
        "base64-image",
        "data:font/woff2;base64," + v.b64key(300),
        "@font-face { font-family: Brand; src: url({v}) format('woff2'); }",
    )
    return d


def package_lock(v: Values, i: int) -> Doc:
    d = Doc(f"web/api{i}/package-lock.json")
    d.add("{", f'  "name": "api{i}",', '  "lockfileVersion": 3,', '  "packages": {')
    for n in range(4):
        d.add(f'    "node_modules/dep{n}": {{', f'      "version": "1.{n}.0",')
        d.add(f'      "resolved": "https://registry.npmjs.org/dep{n}/-/dep{n}-1.{n}.0.tgz",')
        d.fake(GEN, "lockfile-hash", v.sha512_integrity(), '      "integrity": "{v}"')
        d.add("    }" + ("," if n < 3 else ""))
    d.add("  }", "}")
    return d


def poetry_lock(v: Values, i: int) -> Doc:
    d = Doc(f"src/app{i}/poetry.lock")
    for n in range(3):
        d.add("[[package]]", f'name = "lib{n}"', f'version = "2.{n}.1"', "files = [")
        d.fake(
            GEN,
            "lockfile-hash",
            "sha256:" + v.hex(64),
            '    {file = "lib' + str(n) + "-2." + str(n) + '.1-py3-none-any.whl", hash = "{v}"},',
        )
        d.add("]", "")
    return d


def go_sum(v: Values, i: int) -> Doc:
    d = Doc(f"cmd/worker{i}/go.sum")
    for n in range(3):
        d.fake(
            GEN, "lockfile-hash", "h1:" + v.b64key(32), f"github.com/contoso/mod{n} v1.{n}.0 {{v}}"
        )
    return d


def changelog(v: Values, i: int) -> Doc:
    d = Doc(f"CHANGELOG{i}.md")
    d.add("# Changelog", "")
    for n in range(3):
        d.fake(GEN, "git-sha", v.git_sha(), f"- 1.{n}.0: fix retries ({{v}})")
    d.fake(GEN, "guid", v.guid(), "- incident {v} resolved")
    return d


def powershell_utf16(v: Values, i: int) -> Doc:
    d = Doc(f"scripts/setup{i}.ps1", encoding="utf-16")
    d.add("# Provision storage for the nightly export", "param([string]$Environment = 'prod')")
    d.true(ST, "storage-account-key-utf16", v.storage_key(), '$key = "{v}"')
    d.true(SAS, "sas-query-utf16", v.sas_query(encoded=True), '$sas = "?{v}"')
    d.true(
        ENTRA,
        "client-secret-utf16",
        v.entra(),
        '$secret = ConvertTo-SecureString "{v}" -AsPlainText -Force',
    )
    d.fake(GEN, "guid", v.guid(), "$subscription = '{v}'")
    d.fake(ST, "placeholder", "$env:STORAGE_KEY", "$key2 = {v}")
    return d


def shell_deploy(v: Values, i: int) -> Doc:
    d = Doc(f"scripts/deploy{i}.sh")
    d.add("#!/usr/bin/env bash", "set -euo pipefail")
    d.true(
        ADO,
        "ado-pat-in-url",
        v.ado_cask() if i % 2 else v.ado_legacy(),
        "git clone https://build:{v}@dev.azure.com/contoso/orders/_git/orders",
    )
    d.true(
        JWT,
        "jwt-bearer-curl",
        v.jwt(),
        'curl -H "Authorization: Bearer {v}" https://api.contoso.example/orders',
    )
    d.true(SAS, "sas-url-curl", v.sas_url(), 'curl -o data.csv "{v}"')
    d.fake(
        GEN,
        "env-reference",
        "$(az keyvault secret show --vault-name kv --name db --query value -o tsv)",
        "DB_PASSWORD={v}",
    )
    d.true(GEN, "password-shell", v.password(), "export PGPASSWORD='{v}'")
    d.fake(GEN, "hash-digest", v.hex(64), "echo '{v}  artifact.tgz' | sha256sum -c")
    return d


def ruby_billing(v: Values, i: int) -> Doc:
    d = Doc(f"billing/lib/billing{i}.rb")
    d.add("require 'stripe'", "")
    d.true(STRIPE, "stripe-restricted-key", "rk_live_" + v.s(24), "Stripe.api_key = '{v}'")
    d.true(SLACK, "slack-webhook", v.slack_webhook(), "NOTIFY = '{v}'")
    d.fake(STRIPE, "env-reference", "ENV.fetch('STRIPE_KEY')", "FALLBACK = {v}")
    return d


def php_config(v: Values, i: int) -> Doc:
    d = Doc(f"legacy/php{i}/config.php")
    d.add("<?php", "return [")
    d.true(
        DB,
        "mysql-url",
        f"mysql://shop:{v.s(16)}@{v.name('mysql')}.mysql.database.azure.com:3306/shop",
        "    'database_url' => '{v}',",
    )
    d.true(GEN, "password-php", v.password(), "    'mail_password' => '{v}',")
    d.fake(GEN, "placeholder", "", "    'redis_password' => '{v}',")
    d.add("];")
    return d


def kv_refs_json(v: Values, i: int) -> Doc:
    d = Doc(f"infra/env{i}/appservice-settings.json")
    d.add("[")
    for name in ("Storage", "Sql", "ServiceBus"):
        d.fake(
            GEN,
            "keyvault-reference",
            v.kv_ref() if name != "Sql" else v.kv_ref2(),
            '  { "name": "' + name + '", "value": "{v}", "slotSetting": false },',
        )
    d.add('  { "name": "WEBSITE_RUN_FROM_PACKAGE", "value": "1", "slotSetting": false }', "]")
    return d


def bicep(v: Values, i: int) -> Doc:
    d = Doc(f"infra/env{i}/main.bicep")
    d.add("param location string = resourceGroup().location", "@secure()")
    d.fake(GEN, "placeholder", "''", "param adminPassword string = {v}")
    d.fake(
        ST, "terraform-reference", "listKeys(sa.id, sa.apiVersion).keys[0].value", "var key = {v}"
    )
    d.true(GEN, "password-bicep", v.password(), "var fallbackPassword = '{v}'")
    d.fake(ST, "guid", v.guid(), "var roleId = '{v}'")
    return d


def notebook(v: Values, i: int) -> Doc:
    d = Doc(f"notebooks/analysis{i}.ipynb")
    storage = v.storage_conn(v.storage_key())
    sas = v.sas_url()
    png = v.png_data_uri().split(",", 1)[1]
    token = v.github("ghp_")
    guid = v.guid()
    entra = v.entra()
    cells = [
        {
            "cell_type": "markdown",
            "metadata": {},
            "source": ["# Sales analysis\n", "Loads the export."],
        },
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": [
                "import os\n",
                "from azure.storage.blob import BlobServiceClient\n",
                f'conn = "{storage}"\n',
            ],
            "outputs": [],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "source": ["print(os.environ['EXPORT_URL'])\n", "print(os.environ['GH'])"],
            "outputs": [
                {"name": "stdout", "output_type": "stream", "text": [f"{sas}\n", f"{token}\n"]},
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 3,
            "metadata": {},
            "source": ["show_logo()\n", f"tenant = '{guid}'"],
            "outputs": [
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {"image/png": png, "text/plain": ["<Figure size 640x480>"]},
                }
            ],
        },
        {
            "cell_type": "code",
            "execution_count": 4,
            "metadata": {},
            "source": ["cred = get_credential()\n", "cred"],
            "outputs": [
                {
                    "output_type": "execute_result",
                    "execution_count": 4,
                    "metadata": {},
                    "data": {"text/plain": [f"ClientSecretCredential(secret='{entra}')"]},
                }
            ],
        },
    ]
    d.notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    d.plants += [
        Plant(storage, ST, "true", "storage-connection-string-notebook"),
        Plant(sas, SAS, "true", "sas-url-notebook-output"),
        Plant(token, GH, "true", "github-pat-notebook-output"),
        Plant(guid, GEN, "lookalike", "guid"),
        Plant(png, GEN, "lookalike", "base64-image-notebook-output"),
        Plant(entra, ENTRA, "true", "client-secret-notebook-output"),
    ]
    return d


def pfx(v: Values, i: int) -> Doc:
    d = Doc(f"certs/client{i}.pfx")
    d.data = _pkcs12_keybag(v)
    d.plants.append(
        Plant(hashlib.sha256(d.data).hexdigest(), PK, "true", "pkcs12-file", whole_file=True)
    )
    return d


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        head = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + head + body


def _oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    out = bytearray([parts[0] * 40 + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(chunk))
    return _der(0x06, bytes(out))


def _pkcs12_keybag(v: Values) -> bytes:
    """A PKCS#12 file holding one unencrypted key bag (deterministic: no salt, no MAC).

    The private key is an EC P-256 key derived from a seeded random scalar when the
    ``cryptography`` package is importable; otherwise random bytes in a PKCS#8 shell.
    """
    scalar = v.r.getrandbits(255) | 1
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        key = ec.derive_private_key(scalar, ec.SECP256R1())
        pkcs8 = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    except ImportError:
        algo = _der(0x30, _oid("1.2.840.10045.2.1") + _oid("1.2.840.10045.3.1.7"))
        inner = _der(0x30, _der(0x02, b"\x01") + _der(0x04, scalar.to_bytes(32, "big")))
        pkcs8 = _der(0x30, _der(0x02, b"\x00") + algo + _der(0x04, inner))
    attrs = _der(
        0x31,
        _der(
            0x30,
            _oid("1.2.840.113549.1.9.20") + _der(0x31, _der(0x1E, "client".encode("utf-16-be"))),
        ),
    )
    bag = _der(0x30, _oid("1.2.840.113549.1.12.10.1.1") + _der(0xA0, pkcs8) + attrs)
    safe_contents = _der(0x30, bag)
    data_oid = _oid("1.2.840.113549.1.7.1")
    auth_safe = _der(0x30, _der(0x30, data_oid + _der(0xA0, _der(0x04, safe_contents))))
    return _der(
        0x30, _der(0x02, b"\x03") + _der(0x30, data_oid + _der(0xA0, _der(0x04, auth_safe)))
    )


# Archives ---------------------------------------------------------------------------------------


def wheel(v: Values, i: int) -> Archive:
    cfg = Doc("contoso_client/_config.py")
    cfg.add('"""Defaults baked into the build."""')
    cfg.true(COSMOS, "cosmos-connection-string", v.cosmos_conn(v.cosmos_key()), 'COSMOS = "{v}"')
    cfg.true(GH, "github-pat", v.github("ghp_"), 'TOKEN = "{v}"')
    cfg.fake(GEN, "git-sha", v.git_sha(), 'BUILD = "{v}"')
    record = Doc("contoso_client-1.0.dist-info/RECORD")
    record.fake(
        GEN,
        "lockfile-hash",
        "sha256=" + v.b64key(32, url=True).rstrip("="),
        "contoso_client/_config.py,{v},311",
    )
    return Archive(f"dist/contoso_client-1.{i}.0-py3-none-any.whl", [cfg, record])


def nupkg(v: Values, i: int) -> Archive:
    settings = Doc("content/appsettings.json")
    settings.add("{")
    settings.true(MSG, "service-bus-connection-string", v.bus_conn(True), '  "Bus": "{v}",')
    settings.true(
        APPCS, "app-config-connection-string", v.appconfig_conn(), '  "AppConfig": "{v}",'
    )
    settings.fake(GEN, "guid", v.guid(), '  "InstanceId": "{v}"')
    settings.add("}")
    nuspec = Doc(f"Contoso.Orders.Client{i}.nuspec")
    nuspec.add('<?xml version="1.0"?>', "<package><metadata>", f"<id>Contoso.Orders.Client{i}</id>")
    nuspec.fake(GEN, "git-sha", v.git_sha(), '<repository type="git" commit="{v}" />')
    nuspec.add("</metadata></package>")
    return Archive(f"dist/Contoso.Orders.Client{i}.1.0.0.nupkg", [settings, nuspec])


def jar(v: Values, i: int) -> Archive:
    manifest = Doc("META-INF/MANIFEST.MF").add(
        "Manifest-Version: 1.0", "Main-Class: com.contoso.App"
    )
    return Archive(f"dist/billing{i}.jar", [manifest, application_properties(v, i)])


def tarball(v: Values, i: int) -> Archive:
    env = Doc("backup/.env")
    env.true(ST, "storage-account-key", v.storage_his(), "STORAGE_KEY={v}")
    env.true(MSG, "iot-hub-connection-string", v.iot_conn(True), "IOT={v}")
    env.fake(GEN, "placeholder", "${DB_PASSWORD}", "DB_PASSWORD={v}")
    key = Doc("backup/id_rsa")
    key.true(PK, "rsa-private-key-in-tar", v.pem("RSA PRIVATE KEY", 1190))
    return Archive(f"backups/config-{i}.tar.gz", [env, key, gcp_key(v, 100 + i)])


def nested_zip(v: Values, i: int) -> Archive:
    inner_cfg = Doc("config/secrets.yaml")
    inner_cfg.true(ENTRA, "client-secret-yaml", v.entra(), "clientSecret: {v}")
    inner_cfg.true(ADO, "ado-pat-identifiable", v.ado_cask(), "azdoPat: {v}")
    inner_cfg.fake(GEN, "keyvault-reference", v.kv_ref(), "dbPassword: '{v}'")
    inner_cfg.true(FUNC, "function-key-identifiable", v.function_key(True), "functionKey: {v}")
    inner = Archive("payload/inner.zip", [inner_cfg])
    notes = Doc("RELEASE.md").add("# Release")
    notes.fake(GEN, "git-sha", v.git_sha(), "Built from {v}.")
    inner_jar = Archive("lib/plugin.jar", [application_properties(v, 50 + i)])
    return Archive(f"releases/release-{i}.zip", [notes, inner, inner_jar])


def bundle_zip(v: Values, i: int) -> Archive:
    return Archive(
        f"dist/site-bundle-{i}.zip",
        [appsettings(v, 90 + i), dotenv(v, 90 + i), html_page(v, 90 + i)],
    )


# Held-out contexts -----------------------------------------------------------------------------
# File kinds and surroundings that the main plan does not use. They are scored separately so a
# scanner tuned on the main corpus is also measured on contexts it was not tuned on.


def maven_settings(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/maven{i}/settings.xml")
    d.add("<settings>", "  <servers>", "    <server>", "      <id>contoso-feed</id>")
    d.add("      <username>build</username>")
    d.true(
        ADO,
        "ado-pat-maven",
        v.ado_cask() if i % 2 else v.ado_legacy(),
        "      <password>{v}</password>",
    )
    d.add("    </server>", "    <server>", "      <id>mirror</id>")
    d.fake(GEN, "placeholder", "${env.MIRROR_PASSWORD}", "      <password>{v}</password>")
    d.add("    </server>", "  </servers>", "</settings>")
    return d


def npmrc(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/web{i}/.npmrc")
    d.add("registry=https://registry.npmjs.org/", "@contoso:registry=https://npm.pkg.github.com/")
    d.true(GH, "github-pat-npmrc", v.github("ghp_"), "//npm.pkg.github.com/:_authToken={v}")
    d.fake(GH, "placeholder", "${NPM_TOKEN}", "//registry.npmjs.org/:_authToken={v}")
    return d


def k8s_secret(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/k8s{i}/secret.yaml")
    d.add(
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        f"  name: orders-{i}",
        "type: Opaque",
        "stringData:",
    )
    d.true(
        ST,
        "storage-connection-string-k8s",
        v.storage_conn(v.storage_his() if i % 2 else v.storage_key()),
        '  AZURE_STORAGE_CONNECTION_STRING: "{v}"',
    )
    d.true(ENTRA, "client-secret-k8s", v.entra(), "  AZURE_CLIENT_SECRET: {v}")
    d.true(
        MSG,
        "iot-device-connection-string",
        v.iot_conn(False).replace("SharedAccessKeyName=iothubowner;", f"DeviceId=sensor-{i};"),
        '  IOT_DEVICE: "{v}"',
    )
    d.fake(ENTRA, "guid", v.guid(), "  AZURE_CLIENT_ID: {v}")
    d.fake(GEN, "placeholder", '""', "  REDIS_PASSWORD: {v}")
    return d


def jenkinsfile(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/jenkins{i}/Jenkinsfile")
    d.add("pipeline {", "  agent any", "  environment {")
    d.true(SAS, "sas-url-jenkins", v.sas_url(), "    DROP_URL = '{v}'")
    d.fake(GEN, "env-reference", "credentials('storage-key')", "    STORAGE_KEY = {v}")
    d.add("  }", "  stages {", "    stage('deploy') {", "      steps {")
    d.true(
        ENTRA,
        "client-secret-groovy",
        v.entra(),
        '        sh "az login --service-principal -u $APP_ID -p {v} --tenant $TENANT"',
    )
    d.fake(GEN, "git-sha", v.git_sha(), "        echo 'deploying {v}'")
    d.add("      }", "    }", "  }", "}")
    return d


def ansible_vars(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/ansible{i}/group_vars/all.yml")
    d.add("---", "app_user: orders")
    d.true(GEN, "password-ansible", v.password(), "ansible_become_password: {v}")
    d.true(
        COSMOS,
        "cosmos-key-ansible",
        v.cosmos_his() if i % 2 == 0 else v.cosmos_key(),
        "cosmos_primary_key: {v}",
    )
    d.fake(GEN, "placeholder", "!vault |", "db_password: {v}")
    d.add("  $ANSIBLE_VAULT;1.1;AES256")
    d.fake(GEN, "git-sha", v.git_sha(), "release_commit: {v}")
    return d


def arm_parameters(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/arm{i}/azuredeploy.parameters.json")
    d.add(
        "{",
        '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",',
        '  "parameters": {',
    )
    d.true(GEN, "password-arm", v.password(), '    "adminPassword": { "value": "{v}" },')
    d.true(ST, "storage-key-arm", v.storage_key(), '    "storageAccountKey": { "value": "{v}" },')
    d.fake(
        GEN,
        "keyvault-reference",
        f"/subscriptions/{v.guid()}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{v.name('kv')}",
        '    "sqlPassword": { "reference": { "keyVault": { "id": "{v}" }, "secretName": "sql" } },',
    )
    d.fake(GEN, "guid", v.guid(), '    "tenantId": { "value": "{v}" }')
    d.add("  }", "}")
    return d


def http_requests(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/api{i}/requests.http")
    d.add("### list orders", "GET https://api.contoso.example/orders")
    d.true(JWT, "jwt-http-file", v.jwt(), "Authorization: Bearer {v}")
    d.add("", "### run function", "POST https://orders.azurewebsites.net/api/ProcessOrder")
    d.true(FUNC, "function-key-http-file", v.function_key(i % 2 == 0), "x-functions-key: {v}")
    d.add("", "### with a variable")
    d.fake(JWT, "placeholder", "{{$aadToken}}", "Authorization: Bearer {v}")
    return d


def app_log(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/logs/app{i}.log")
    d.add("2025-10-01T10:00:00Z INFO starting orders worker")
    d.true(
        MSG,
        "service-bus-in-log",
        v.bus_conn(i % 2 == 0),
        "2025-10-01T10:00:01Z DEBUG connecting with {v}",
    )
    d.true(SAS, "sas-url-in-log", v.sas_url(), "2025-10-01T10:00:02Z WARN GET {v} returned 403")
    d.fake(
        SAS,
        "redacted",
        "https://st.blob.core.windows.net/c/b.csv?sv=2022-11-02&sr=b&sig=REDACTED",
        "2025-10-01T10:00:03Z WARN GET {v} returned 403",
    )
    d.fake(GEN, "guid", v.guid(), "2025-10-01T10:00:04Z INFO traceId={v} done")
    d.fake(
        ST,
        "redacted",
        "AccountName=st;AccountKey=***;",
        "2025-10-01T10:00:05Z INFO storage configured: {v}",
    )
    return d


def rust_source(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/rs{i}/src/config.rs")
    d.add("pub struct Config;", "")
    d.true(AWS, "aws-access-key-id", v.aws_id(), 'pub const AWS_KEY_ID: &str = "{v}";')
    d.true(AWS, "aws-secret-access-key", v.aws_secret(), 'pub const AWS_SECRET: &str = "{v}";')
    d.true(STRIPE, "stripe-live-key", v.stripe(), 'pub const STRIPE: &str = "{v}";')
    d.fake(GEN, "hash-digest", v.hex(64), 'pub const SCHEMA_SHA256: &str = "{v}";')
    return d


def gradle_properties(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/android{i}/gradle.properties")
    d.add("org.gradle.jvmargs=-Xmx2g", "android.useAndroidX=true")
    d.true(ADO, "ado-pat-gradle", v.ado_legacy() if i % 2 else v.ado_cask(), "azdoArtifactsPat={v}")
    d.true(GEN, "password-gradle", v.password(), "signing.password={v}")
    d.fake(GEN, "placeholder", "REPLACE_ME", "storePassword={v}")
    return d


def cli_script(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/ops{i}/upload.sh")
    d.add("#!/bin/sh")
    d.true(
        ST,
        "storage-key-cli",
        v.storage_key(),
        "az storage blob upload --account-name st --account-key '{v}' -f out.zip -c drops",
    )
    d.true(
        SAS,
        "sas-token-cli",
        v.sas_query(encoded=False),
        'az storage blob upload --account-name st --sas-token "{v}" -f out.zip -c drops',
    )
    d.fake(ST, "env-reference", "$STORAGE_KEY", "az storage blob list --account-key {v} -c drops")
    d.true(
        GL,
        "gitlab-pat-cli",
        v.gitlab(),
        'curl --header "PRIVATE-TOKEN: {v}" https://gitlab.example.com/api/v4/projects',
    )
    return d


def kotlin_app(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/kt{i}/AppConfig.kt")
    d.add("object AppConfig {")
    d.true(APPCS, "app-config-kotlin", v.appconfig_conn(), '    const val APP_CONFIG = "{v}"')
    d.true(SLACK, "slack-bot-token", v.slack_bot(), '    const val SLACK = "{v}"')
    d.true(DB, "mongodb-url", v.mongo_url(), '    const val MONGO = "{v}"')
    d.fake(GEN, "guid", v.guid(), '    const val INSTANCE = "{v}"')
    d.add("}")
    return d


def pgpass(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/db{i}/pgpass.conf")
    d.true(
        DB,
        "pgpass-line",
        f"{v.name('pg')}.postgres.database.azure.com:5432:app:app_user:{v.password()}",
        "{v}",
    )
    d.fake(DB, "placeholder", "localhost:5432:*:postgres:postgres", "{v}")
    return d


def razor_view(v: Values, i: int) -> Doc:
    d = Doc(f"heldout/mvc{i}/Views/Home/Index.cshtml")
    d.add("@{", '    ViewData["Title"] = "Home";', "}")
    d.true(COSMOS, "cosmos-conn-razor", v.cosmos_conn(v.cosmos_key()), "@* debug: {v} *@")
    d.fake(GEN, "base64-image", v.png_data_uri(), '<img src="{v}" />')
    return d


HELDOUT_PLAN: list[tuple[Template, int]] = [
    (maven_settings, 2),
    (npmrc, 2),
    (k8s_secret, 2),
    (jenkinsfile, 2),
    (ansible_vars, 2),
    (arm_parameters, 2),
    (http_requests, 2),
    (app_log, 2),
    (rust_source, 1),
    (gradle_properties, 2),
    (cli_script, 2),
    (kotlin_app, 1),
    (pgpass, 1),
    (razor_view, 1),
]
HELDOUT_SEED_OFFSET = 1009

Template = Callable[[Values, int], "Doc | Archive"]

PLAN: list[tuple[Template, int]] = [
    (appsettings, 3),
    (appsettings_dev, 2),
    (local_settings, 2),
    (dotenv, 3),
    (dotenv_example, 2),
    (python_settings, 2),
    (python_storage, 3),
    (python_alerts, 2),
    (csharp_program, 2),
    (csharp_startup, 2),
    (java_config, 2),
    (node_index, 2),
    (minified_js, 2),
    (go_main, 2),
    (web_config, 2),
    (nuget_config, 2),
    (compose, 2),
    (helm_values, 2),
    (dockerfile, 2),
    (github_workflow, 2),
    (azure_pipelines, 2),
    (gitlab_ci, 1),
    (terraform, 2),
    (aws_credentials, 1),
    (gcp_key, 2),
    (pem_key, 5),
    (public_material, 1),
    (ssh_pub, 1),
    (readme, 2),
    (html_page, 2),
    (css, 1),
    (package_lock, 2),
    (poetry_lock, 1),
    (go_sum, 1),
    (changelog, 1),
    (powershell_utf16, 2),
    (shell_deploy, 2),
    (ruby_billing, 1),
    (php_config, 1),
    (kv_refs_json, 1),
    (bicep, 1),
    (notebook, 1),
    (pfx, 1),
    (wheel, 1),
    (nupkg, 1),
    (jar, 1),
    (tarball, 1),
    (nested_zip, 1),
    (bundle_zip, 1),
]


def build(
    seed: int = DEFAULT_SEED, scale: int = 1, plan: list[tuple[Template, int]] | None = None
) -> list[Doc | Archive]:
    """All documents of the labelled corpus. ``scale`` > 1 repeats the plan with fresh values."""
    v = Values(random.Random(seed))
    docs: list[Doc | Archive] = []
    for round_ in range(scale):
        for template, count in PLAN if plan is None else plan:
            for n in range(count):
                doc = template(v, n)
                if round_:
                    doc.path = f"round{round_}/{doc.path}"
                docs.append(doc)
    paths = [d.path for d in docs]
    if len(paths) != len(set(paths)):
        raise AssertionError("two documents share a path")
    return docs


def write_labelled(
    out: Path,
    seed: int = DEFAULT_SEED,
    scale: int = 1,
    plan: list[tuple[Template, int]] | None = None,
) -> list[Label]:
    """Write ``out/files/`` and ``out/labels.jsonl``; return the labels."""
    files = out / "files"
    if files.exists():
        shutil.rmtree(files)
    docs = build(seed, scale, plan)
    labels: list[Label] = []
    for doc in docs:
        target = files / doc.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(doc.payload())
        labels.extend(labels_for(doc))
    labels.sort(key=lambda lb: (lb.file, lb.line, lb.family))
    (out / "labels.jsonl").write_text(
        "".join(lb.as_json() + "\n" for lb in labels), encoding="utf-8"
    )
    return labels


# ----------------------------------------------------------------------------------------------
# Throughput corpus: realistic filler with the labelled corpus's text lines mixed in.

FILLER = [
    "def handle_{w}(request, *args, **kwargs):",
    "    result = service.{w}(request.data, timeout={n})",
    "    if not result.ok:",
    "        logger.warning('retrying {w} after %s ms', {n})",
    "    return JsonResponse({{'status': 'ok', 'count': {n}}})",
    "public async Task<IActionResult> {W}Async(int id, CancellationToken ct)",
    "        var entity = await _db.{W}s.FirstOrDefaultAsync(x => x.Id == id, ct);",
    "        if (entity is null) return NotFound();",
    "  {w}: {{ enabled: true, retries: {n}, region: westeurope }}",
    '    "{w}": {{ "timeoutSeconds": {n}, "endpoint": "https://{w}.contoso.example/api" }},',
    "2025-11-{d}T10:{d}:{d}.{n}Z INFO  [{w}] processed batch of {n} messages in {n} ms",
    "export function {w}(items) {{ return items.filter(i => i.{w} > {n}).map(format); }}",
    "// TODO({w}): remove the fallback once the {W} migration is complete",
    "SELECT id, name, created_at FROM {w} WHERE tenant_id = @tenant AND id > {n};",
    "      - name: {w}",
    "        run: make {w} JOBS={n}",
    '<add key="{W}.Enabled" value="true" />',
    "    for (int i = 0; i < {n}; i++) {{ buffer[i] = (byte)(i ^ 0x{n}); }}",
    'resource "azurerm_{w}" "main" {{ name = "{w}-{n}" }}',
    "",
]
WORDS = [
    "orders",
    "invoice",
    "customer",
    "shipment",
    "ledger",
    "catalog",
    "payment",
    "report",
    "session",
    "audit",
    "inventory",
    "tenant",
    "profile",
    "billing",
    "export",
    "import",
]


def _filler_lines(rng: random.Random, count: int) -> list[str]:
    out = []
    for _ in range(count):
        w = rng.choice(WORDS)
        out.append(
            rng.choice(FILLER).format(
                w=w, W=w.capitalize(), n=rng.randint(1, 99999), d=f"{rng.randint(0, 59):02d}"
            )
        )
    return out


def write_throughput(out: Path, size_mb: int, seed: int = DEFAULT_SEED) -> int:
    """Write about ``size_mb`` MB of text under ``out``; return the bytes written.

    A stamp file makes a second call with the same arguments a no-op.
    """
    stamp = out / ".stamp"
    want = f"{GENERATOR_VERSION}:{seed}:{size_mb}"
    if stamp.is_file() and stamp.read_text() == want:
        return sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.name != ".stamp")
    if out.exists():
        for p in sorted(out.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    planted: list[str] = []
    for doc in build(seed + 2, scale=2):
        if isinstance(doc, Doc) and doc.data is None and doc.notebook is None:
            planted.extend(doc.lines)
    pool = _filler_lines(rng, 20_000)
    minified = ";".join(f"function f{n}(a){{return a*{n}}}" for n in range(600))
    target = size_mb * 1_000_000
    file_size = 256_000
    written = 0
    index = 0
    exts = [".py", ".cs", ".js", ".yaml", ".json", ".xml", ".go", ".tf", ".log", ".md"]
    while written < target:
        lines: list[str] = []
        size = 0
        while size < file_size:
            if rng.random() < 0.005:
                line = rng.choice(planted)
            elif rng.random() < 0.0003:
                line = minified
            else:
                line = pool[rng.randrange(len(pool))]
            lines.append(line)
            size += len(line) + 1
        body = ("\n".join(lines) + "\n").encode("utf-8")
        path = out / f"part{index // 100:03d}" / f"file{index:05d}{exts[index % len(exts)]}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written += len(body)
        index += 1
    stamp.write_text(want)
    return written


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--out", type=Path, default=here / "corpus")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--throughput-mb", type=int, default=0)
    args = ap.parse_args(argv)
    labels = write_labelled(args.out, args.seed)
    trues = sum(1 for lb in labels if lb.kind == "true")
    files = len({lb.file.split("!")[0] for lb in labels})
    print(
        f"labelled corpus: {files} files, {trues} true, {len(labels) - trues} look-alikes -> {args.out}"
    )
    if args.throughput_mb:
        n = write_throughput(args.out / "throughput", args.throughput_mb, args.seed)
        print(f"throughput corpus: {n / 1e6:.1f} MB -> {args.out / 'throughput'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The detector as its callers see it: positions, suppression, engines that agree, no leaks."""

from __future__ import annotations

import base64
import random

import pytest
from codescan_helpers import expand, random_value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assess.codescan import Detector, available_engines, detect_binary, load_rules
from assess.codescan import validators as v
from assess.codescan.detector import Match
from assess.errors import UsageError
from assess.redact import Fingerprinter, preview

RULES = load_rules()
ENGINES = available_engines()
DETECTORS = {name: Detector(RULES, engine=name) for name in ENGINES}
DEFAULT = Detector(RULES)
RNG = random.Random(16)
PW = random_value(RNG, "pw", 18)
PW2 = random_value(RNG, "pw", 14)
AWS_ID = "AKIA" + random_value(RNG, "upper", 16)
AWS_SECRET = random_value(RNG, "b64", 40)

GH = v.make_github_token("ghp_", "Zq4LmP2zK9vRt4WcN8bJ3yHd6Fs1Gu")
STORAGE = base64.b64encode(
    b"fake storage account key for unit tests only; not a credential!!"
).decode()
CANARY = v.make_github_token("ghs_", "Cn7QwX2pL9mVb4RtK8sJ3hYd6Fg1Zu")


def ids(text: str, path: str = "") -> list[str]:
    return [m.rule_id for m in DEFAULT.scan_text(text, path)]


def test_auto_picks_the_fastest_installed_engine_and_unknown_engines_are_refused() -> None:
    assert DEFAULT.engine_name == ENGINES[0]
    assert "re" in ENGINES
    with pytest.raises(UsageError, match="unknown scan engine"):
        Detector(RULES, engine="grep")


def test_line_and_column_are_1_based_and_count_characters() -> None:
    text = "first line\n# ünïcödé prefix → ok\n\tx = 1\nconfig = {'t': '" + GH + "'}\n"
    [m] = DEFAULT.scan_text(text)
    assert (m.rule_id, m.family, m.line, m.column) == ("github-token", "github", 4, 17)
    assert text[m.start : m.end] == GH == m.secret
    assert text.splitlines()[m.line - 1][m.column - 1 :].startswith("ghp_")


def test_several_matches_come_back_in_text_order_with_their_lines() -> None:
    text = f"a={GH}\n\nAccountName=fake;AccountKey={STORAGE};\nkey: {AWS_ID}\n"
    found = [(m.rule_id, m.line) for m in DEFAULT.scan_text(text)]
    assert found == [
        ("github-token", 1),
        ("azure-storage-account-key", 3),
        ("aws-access-key-id", 4),
    ]


def test_position_on_a_megabyte_minified_line() -> None:
    filler = "var a=function(t){return t.token+t.secret};" * 25_000
    text = filler + f'x="{GH}";' + filler
    [m] = DEFAULT.scan_text(text, "app.min.js")
    assert (m.line, m.column) == (1, len(filler) + 4)


@pytest.mark.parametrize(
    "line",
    [
        'password = "<your-password>"',
        'password = "changeme"',
        'api_key = "xxxxxxxxxxxxxxxxxxxx"',
        'secret = "${APP_SECRET}"',
        'secret = "$(AppSecret)"',
        'secret = "{{ app_secret }}"',
        'password = "%(password)s"',
        "password = process.env.DB_PASSWORD",
        "password = os.environ['DB_PASSWORD']",
        'client_secret = "@Microsoft.KeyVault(VaultName=fake-kv;SecretName=app)"',
        'client_secret = "https://fake-kv.vault.azure.net/secrets/app/0000"',
        "AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "aws_access_key_id=AKIAIOSFODNN7EXAMPLE\naws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        '"integrity": "sha512-FakeIntegrityHash0FakeIntegrityHash0FakeIntegrityHash0FakeIntegrityHash0=="',
        'last_token = "0123456789abcdef0123456789abcdef01234567"',
        'client_secret = "00000000-0000-0000-0000-000000000000"',
    ],
)
def test_placeholders_references_and_documented_examples_are_not_reported(line: str) -> None:
    assert ids(line, "settings.py") == []


LOCK_TEXT = (
    '{"name": "fake", "lockfileVersion": 3, "packages": {"node_modules/x": {\n'
    '  "resolved": "https://registry.npmjs.org/x/-/x-1.0.0.tgz",\n'
    '  "integrity": "sha512-ZmFrZSBpbnRlZ3JpdHkgaGFzaCBmb3IgdW5pdCB0ZXN0cyBvbmx5IG5vdCBhIHNlY3JldA==",\n'
    '  "token": "Qm9x7LkPz2VtR8sWc4NbJ6yHd1Xf",\n'
    '  "key": "AKIAQ3MSJX5LQ2W7RT4B"}}}\n'
)


def test_lock_files_report_only_checksum_proven_formats() -> None:
    assert set(ids(LOCK_TEXT, "app/package-lock.json")) == set()
    assert set(ids(LOCK_TEXT, "app/other.json")) == {
        "generic-secret-assignment",
        "aws-access-key-id",
    }
    proven = LOCK_TEXT + f'"_auth": "{GH}"\n'
    for lock in (
        "package-lock.json",
        "yarn.lock",
        "poetry.lock",
        "Cargo.lock",
        "go.sum",
        "deps.lock",
    ):
        assert ids(proven, lock) == ["github-token"], lock


def test_unquoted_values_count_only_in_configuration_files() -> None:
    line = f"DB_PASSWORD={PW}\n"
    assert ids(line, "deploy/.env") == ["generic-secret-config"]
    assert ids(line, "deploy/app.yaml") == ["generic-secret-config"]
    assert ids(line, "src/app.py") == []


def test_the_most_specific_rule_wins_an_overlap() -> None:
    secret = v.make_entra_secret("Xq7LmP2zK9vRt4WcN8bJ3yHd6Fs1Gu5Ae0")
    assert ids(f'client_secret = "{secret}"') == ["entra-client-secret"]


PAT = v.make_ado_legacy_pat(b"fake-ado-pat-payload-28bytes")
NOT_PAT = PAT[:30] + ("a" if PAT[30] != "a" else "b") + PAT[31:]


@pytest.mark.parametrize(
    ("path", "template"),
    [
        (
            "NuGet.Config",
            '<configuration>\n  <add key="ClearTextPassword" value="{}" />\n</configuration>',
        ),
        ("settings.xml", "<server>\n  <id>feed</id>\n  <password>{}</password>\n</server>"),
    ],
)
def test_a_checksum_valid_devops_pat_in_feed_credentials_is_reported_as_a_pat(
    path: str, template: str
) -> None:
    text = template.format(PAT)
    [m] = DEFAULT.scan_text(text, path)
    line = text[: text.index(PAT)].count("\n") + 1
    assert (m.rule_id, m.line, m.secret) == ("azure-devops-pat-legacy", line, PAT)
    # The same shape without the checksum is still a password, reported by the generic rule.
    assert ids(template.format(NOT_PAT), path) == ["generic-secret-xml-setting"]


ARM_PARAMETERS = f"""{{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "parameters": {{
    "adminPassword": {{ "value": "{PW}" }},
    "sqlPassword": {{ "reference": {{ "keyVault": {{ "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/fake-kv" }}, "secretName": "sql" }} }},
    "vmPassword": {{ "value": "[parameters('adminPassword')]" }},
    "apiKey": {{ "value": "" }},
    "tenantId": {{ "value": "00000000-0000-0000-0000-000000000000" }}
  }}
}}
"""


@pytest.mark.parametrize(
    "path",
    ["infra/azuredeploy.parameters.json", "main.parameters.json", "main.parameters.dev.json"],
)
def test_deployment_parameter_files_report_literal_secrets_not_vault_references(path: str) -> None:
    [m] = DEFAULT.scan_text(ARM_PARAMETERS, path)
    assert (m.rule_id, m.line, m.secret) == ("arm-parameter-secret", 4, PW)


PGPASS = (
    "# host:port:database:user:password\n"
    f"db.postgres.database.azure.com:5432:app:app_user:{PW}\n"
    "localhost:5432:*:postgres:postgres\n"
    f"*:*:*:replicator:{PW2[:7]}\\:{PW2[7:]}\n"
)


def test_password_file_entries_are_found_only_in_password_files() -> None:
    paths = (".pgpass", "home/app/.pgpass", "AppData/Roaming/postgresql/pgpass.conf")
    for path, text in [(p, t) for p in paths for t in (PGPASS, PGPASS.replace("\n", "\r\n"))]:
        found = [(m.rule_id, m.line, m.secret) for m in DEFAULT.scan_text(text, path)]
        assert found == [
            ("pgpass-password", 2, PW),
            ("pgpass-password", 4, f"{PW2[:7]}\\:{PW2[7:]}"),
        ], path
    assert ids(PGPASS, "notes.txt") == []
    assert ids(PGPASS, "nginx.conf") == []


def test_a_short_aws_secret_name_counts_only_beside_a_key_id() -> None:
    secret = AWS_SECRET
    rust = f'pub const AWS_KEY_ID: &str = "{AWS_ID}";\npub const AWS_SECRET: &str = "{secret}";\n'
    found = [(m.rule_id, m.line) for m in DEFAULT.scan_text(rust, "src/config.rs")]
    assert found == [("aws-access-key-id", 1), ("aws-secret-key-beside-key-id", 2)]
    alone = f'pub const AWS_SECRET: &str = "{secret}";\n'
    assert "aws-secret-key-beside-key-id" not in ids(alone, "src/config.rs")


def test_pkcs12_is_found_by_structure_or_extension() -> None:
    inner = bytes.fromhex("06092a864886f70d010701") + b"\xa0\x03\x04\x01\x00"
    auth_safe = b"\x30" + bytes([len(inner)]) + inner
    body = b"\x02\x01\x03" + auth_safe + b"\x30\x10" + b"\x00" * 16
    pfx = b"\x30\x82" + len(body).to_bytes(2, "big") + body
    [m] = detect_binary(pfx, "certs/whatever.bin")
    assert (m.rule_id, m.family, m.line) == ("pkcs12-container", "private-key", 1)
    assert m.secret.encode("latin-1") == pfx
    [m] = detect_binary(base64.encodebytes(pfx), "certs/cert.txt")
    assert m.rule_id == "pkcs12-container"
    [m] = detect_binary(b"\x00garbage", "certs/site.PFX")
    assert m.rule_id == "pkcs12-file-name"
    assert detect_binary(b"\x30\x82\x00\x10" + b"\x00" * 40, "x.bin") == []
    assert detect_binary(b"", "x.p12") == []
    assert [x.rule_id for x in DEFAULT.detect_binary(pfx, "a.p12")] == ["pkcs12-container"]


def test_the_secret_never_shows_in_any_repr() -> None:
    text = f"token = '{CANARY}'\n"
    matches = DEFAULT.scan_text(text, "x.py")
    assert [m.secret for m in matches] == [CANARY]
    fp = Fingerprinter()
    shown = "\n".join(
        [
            repr(matches),
            str(matches),
            repr(DEFAULT),
            repr(RULES),
            repr(list(RULES)),
            repr(fp),
            preview(matches[0].secret),
            fp.fingerprint(matches[0].secret),
        ]
    )
    assert CANARY not in shown
    assert CANARY[4:20] not in shown
    assert "secret=" not in repr(matches[0])


def _mixed_corpus() -> str:
    parts = []
    for rule in RULES:
        parts.extend(expand(ex, rule.id) for ex in rule.examples_match)
        parts.extend(expand(ex, rule.id) for ex in rule.examples_nomatch)
    noise = [
        "Ünïcödé → 日本語 tokens 🙂 secret password pwd= token=",
        "\ud800 lone surrogate then AccountKey=" + STORAGE,
        "overlapping anchors: xoxb-xoxp-sk_live_sk_live_ghp_ghp_" + GH,
        f"PASSWORD={PW}; server=db; Pwd={PW2}",
        "KELVIN \u212aey and long ſecret: " + "x" * 5000 + GH,
    ]
    return "\n".join(parts + noise) * 3


def _signature(found: list[Match]) -> list[tuple[str, int, int, int, int]]:
    return [(m.rule_id, m.start, m.end, m.line, m.column) for m in found]


@pytest.mark.parametrize("ascii_only", [False, True], ids=["unicode", "ascii"])
def test_all_engines_agree_on_a_mixed_corpus(ascii_only: bool) -> None:
    corpus = _mixed_corpus()
    if ascii_only:  # ASCII text takes a different path in the re and re2 engines
        corpus = "\n".join(line for line in corpus.split("\n") if line.isascii())
        assert corpus.isascii()
    results = {name: _signature(d.scan_text(corpus, "corpus.txt")) for name, d in DETECTORS.items()}
    reference = results["re"]
    assert len(reference) > 40
    for name, found in results.items():
        assert found == reference, name


ANCHORS = sorted({a for r in RULES for a in r.anchors})


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(ANCHORS),
            st.sampled_from(["=", '"', "\n", ":", GH]),
        ),
        max_size=40,
    )
)
def test_engines_agree_and_nothing_crashes_on_random_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    results = [_signature(d.scan_text(text, "fuzz.env")) for d in DETECTORS.values()]
    assert all(r == results[0] for r in results)


@settings(max_examples=150, deadline=2000)
@given(st.binary(max_size=4000), st.sampled_from(["a.py", "b.pfx", "package-lock.json", ""]))
def test_random_bytes_never_crash(data: bytes, path: str) -> None:
    DEFAULT.scan_text(data.decode("latin-1"), path)
    DEFAULT.scan_text(data.decode("utf-8", "surrogateescape"), path)
    detect_binary(data, path)


def test_auto_falls_back_when_the_fast_engine_cannot_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from assess.codescan import engines

    def broken(_anchors: object) -> None:
        raise RuntimeError("this CPU cannot run it")

    monkeypatch.setattr(engines, "HyperscanEngine", broken)
    monkeypatch.setattr(engines, "Re2Engine", broken)
    monkeypatch.setattr(engines, "AhoEngine", broken)
    detector = Detector(RULES)
    assert detector.engine_name == "re"
    assert [m.rule_id for m in detector.scan_text(f"t = '{GH}'")] == ["github-token"]


def test_xml_settings_and_shell_or_docker_config() -> None:
    key = random_value(RNG, "alnum", 32)
    xml = f'<appSettings>\n  <add key="Payments:ApiKey" value="{key}" />\n</appSettings>'
    [m] = DEFAULT.scan_text(xml, "web.config")
    assert (m.rule_id, m.line, m.secret) == ("generic-secret-xml-setting", 2, key)
    assert ids(f"ENV DB_PASSWORD={PW}\n", "Dockerfile") == ["generic-secret-config"]
    assert ids("export DB_PASSWORD=$(cat /run/secrets/db)\n", "deploy.sh") == []


def test_context_words_decide_for_key_shaped_values() -> None:
    value = expand("@@bytes:64@@", "key-shaped")
    assert ids(f"storage_key: {value}\n", "values.yaml") == ["azure-account-key-shape"]
    assert ids(f"content_digest: {value}\n", "values.yaml") == []  # rejected by a nearby word
    assert ids(f"payload: {value}\n", "values.yaml") == []  # no key-like word nearby
    assert ids(f'"integrity": "sha512-{value}"\n', "index.html") == []


def test_pagination_and_type_names_are_not_secret_names() -> None:
    value = "ZmFrZSBwYWdpbmF0aW9uIGN1cnNvcg0x"
    assert ids(f'"accessToken": "{value}"') == ["generic-secret-assignment"]
    for name in (
        "NextToken",
        "next_token",
        "pageToken",
        "continuation-token",
        "AWS::Lambda::Secret",
    ):
        assert ids(f'"{name}": "{value}"') == [], name

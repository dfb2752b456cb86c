"""The assignment grammar: names scored by sub-words, values by alphabet, every syntax both ways.

Values are random (drawn by the test helpers); the syntaxes follow the formats' documentation
(YAML, TOML, INI, .env, HCL, Bicep, ARM, netrc, npmrc, HTTP, Kubernetes Secret manifests).
"""

from __future__ import annotations

import base64
import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector, grammar

DETECTOR = Detector()
RNG = random.Random(1609)
PW = random_value(RNG, "pw", 18)
KEY = random_value(RNG, "b64", 44)
HEX40 = random_value(RNG, "hex", 40)


def found(text: str, path: str = "") -> list[tuple[str, str]]:
    return [(m.rule_id, m.secret) for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("password", grammar.STRONG_NAME),
        ("dbPass", grammar.STRONG_NAME),
        ("db_pass", grammar.STRONG_NAME),
        ("password2", grammar.STRONG_NAME),
        ("clientSecretValue", grammar.STRONG_NAME),
        ("DB_PASSWORD_PROD", grammar.STRONG_NAME),
        ("dbpassword", grammar.STRONG_NAME),
        ("api-key", grammar.STRONG_NAME),
        ("spring.datasource.password", grammar.STRONG_NAME),
        ("Payments:ApiKey", grammar.STRONG_NAME),
        ("myServiceKey", grammar.KEYISH),
        ("signingKey", grammar.STRONG_NAME),
        ("Ocp-Apim-Subscription-Key", grammar.KEYISH),
        ("key", grammar.BARE),
        ("_auth", grammar.BARE),
        ("password_hash", grammar.NONE),
        ("commitSha", grammar.NONE),
        ("publicKey", grammar.NONE),
        ("client_id", grammar.NONE),
        ("secretName", grammar.NONE),
        ("tokenUrl", grammar.NONE),
        ("passwordLength", grammar.NONE),
        ("partitionKey", grammar.NONE),
        ("recaptchaSiteKey", grammar.NONE),
        ("nextPageToken", grammar.NONE),
        ("tokenizer", grammar.NONE),
        ("AWS::SecretsManager::Secret", grammar.NONE),
    ],
)
def test_names_are_scored_by_their_sub_words(name: str, level: int) -> None:
    assert grammar.name_level(name) == level


def test_values_are_judged_by_their_alphabet() -> None:
    assert grammar.alphabet(HEX40) == ("hex", 16)
    assert grammar.alphabet("MFRGGZDFMZTWQ2LK") == ("base32", 32)
    assert grammar.alphabet(random_value(RNG, "b64url", 30).replace("-", "_") + "-_")[0] == (
        "base64url"
    )
    assert grammar.value_is_secret(HEX40, grammar.STRONG_NAME)
    assert grammar.value_is_secret(KEY, grammar.KEYISH)
    assert not grammar.value_is_secret("a" * 40, grammar.STRONG_NAME)
    assert not grammar.value_is_secret("0123456789abcdef" * 2, grammar.KEYISH)
    # A bare key needs a value that is unmistakably random, and longer.
    assert not grammar.value_is_secret(random_value(RNG, "alnum", 12), grammar.BARE)


def test_hex_under_a_secret_name_is_a_secret_and_beside_a_hash_word_it_is_not() -> None:
    assert found(f'secret_key = "{HEX40}"') == [("generic-secret-assignment", HEX40)]
    assert found(f'SECRET_KEY = "{HEX40[:32]}"') == [("generic-secret-assignment", HEX40[:32])]
    assert found(f'secret_key_sha1 = "{HEX40}"') == []
    assert found(f'commit = "{HEX40}"') == []
    assert found(f'"integrity": "sha1-{KEY}"') == []


@pytest.mark.parametrize(
    "value",
    [
        "not-a-real-password",
        "fake_stripe_key_for_tests",
        "test-token-123",
        "YourApiKeyHere",
        "dummy-secret-value",
        "sample_client_secret",
        "ChangeMe123",
        "NotARealSecret",
        "placeholder-api-key",
    ],
)
def test_self_described_fakes_are_not_reported(value: str) -> None:
    assert grammar.looks_fake(value) or grammar.looks_like_placeholder(value)
    assert found(f'password = "{value}"') == []
    assert found(f"API_TOKEN={value}\n", ".env") == []


def test_random_values_with_a_marker_glued_on_stay_reportable() -> None:
    value = random_value(RNG, "alnum", 24) + "-test"
    assert not grammar.looks_fake(value)
    assert found(f'token = "{value}"') == [("generic-secret-assignment", value)]


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('const string ApiKey = "{v}";', "Settings.cs"),
        ('password: str = "{v}"', "settings.py"),
        ('val token: String = "{v}"', "Config.kt"),
        ('const API_KEY: &str = "{v}";', "main.rs"),
        ('var apiKey string = "{v}"', "main.go"),
        ("param adminPassword string = '{v}'", "main.bicep"),
        ('let clientSecret: string = "{v}";', "app.ts"),
        ("$dbPassword = '{v}'", "deploy.ps1"),
        ("'db_password' => '{v}',", "config.php"),
        (':password => "{v}"', "app.rb"),
        ('connect(host="db", password="{v}")', "db.py"),
        ('os.environ.setdefault("DB_PASSWORD", "{v}")', "settings.py"),
        ('db_password = "{v}"', "main.tf"),
        ('password = "{v}"', "pyproject.toml"),
        ("password = {v}\n", "app.ini"),
        ("db.password={v}\n", "application.properties"),
        ("  password: {v}\n", "values.yaml"),
        ("export DB_PASSWORD={v}\n", "deploy.sh"),
        ("ENV DB_PASSWORD={v}\n", "Dockerfile"),
        ("//npm.pkg.host.invalid/:_password={v}\n", ".npmrc"),
        ("[pypi]\nusername = deploy\npassword = {v}\n", ".pypirc"),
        ("machine ftp.host.invalid\n  login deploy\n  password {v}\n", ".netrc"),
        ('<add key="ClearTextPassword" value="{v}" />', "nuget.config"),
        ("<password>{v}</password>", "settings.xml"),
        ('{{"name": "DB_PASSWORD", "value": "{v}"}}', "task-definition.json"),
        ("- name: DB_PASSWORD\n  value: {v}\n", "deployment.yaml"),
        ("az sql server create --admin-password {v} -n db\n", "provision.sh"),
        ('var c={{apiKey:"{v}",retries:3}};', "bundle.min.js"),
    ],
)
def test_a_secret_bound_to_a_name_is_found_in_every_syntax(text: str, path: str) -> None:
    body = text.format(v=PW)
    assert [s for _, s in found(body, path)] == [PW], body


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('password = os.environ["DB_PASSWORD"]', "settings.py"),
        ('password = getenv("DB_PASSWORD", "")', "settings.py"),
        ("password = config.db.password", "settings.py"),
        ("password = get_secret('db')", "settings.py"),
        ('password = "{{{{ db_password }}}}"', "settings.py"),
        ("password: ${{DB_PASSWORD}}\n", "values.yaml"),
        ("password: $(DbPassword)\n", "azure-pipelines.yml"),
        ("password: <your-password>\n", "values.yaml"),
        ("set PASSWORD=%DB_PASSWORD%\n", "run.cmd"),
        (
            'client_secret = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/x/)"',
            "a.py",
        ),
        ("password = {v}\n", "settings.py"),
        ('if password == "{v}":', "login.py"),
        ("password_min_length = 12\n", "app.ini"),
        ('"adminPassword": {{ "value": "[parameters(\'pw\')]" }}', "main.parameters.json"),
        ("Password must be at least 12 characters: {v}\n", "README.md"),
        ('tenant_id = "00000000-0000-0000-0000-000000000000"', "main.tf"),
        ('"password": {{"type": "securestring"}}', "azuredeploy.json"),
    ],
)
def test_references_expressions_and_prose_are_not_reported(text: str, path: str) -> None:
    assert found(text.format(v=PW), path) == []


def test_iac_defaults_are_found_and_parameters_without_defaults_are_not() -> None:
    arm = f'"adminPassword": {{\n  "type": "securestring",\n  "defaultValue": "{PW}"\n}}'
    assert found(arm, "azuredeploy.json") == [("iac-parameter-default", PW)]
    hcl = f'variable "db_password" {{\n  type    = string\n  default = "{PW}"\n}}'
    assert found(hcl, "variables.tf") == [("iac-parameter-default", PW)]
    assert found('variable "db_password" {\n  type = string\n}', "variables.tf") == []


def test_credentials_with_no_name_attached() -> None:
    pair = base64.b64encode(f"deploy:{PW}".encode()).decode()
    token = random_value(RNG, "b64url", 40)
    assert found(f'curl -H "Authorization: Basic {pair}" https://h.invalid') == [
        ("http-basic-auth", pair)
    ]
    assert found(f"curl -H 'Authorization: Bearer {token}' https://h.invalid") == [
        ("http-bearer-token", token)
    ]
    assert found(f"curl -u deploy:{PW} https://h.invalid") == [("cli-user-password", PW)]
    assert found(f'ConvertTo-SecureString "{PW}" -AsPlainText -Force') == [
        ("powershell-plaintext-securestring", PW)
    ]
    assert found(f"REDIS_URL=redis://:{PW}@cache.host.invalid:6380") == [("url-credentials", PW)]
    assert found('curl -H "Authorization: Bearer $TOKEN" https://h.invalid') == []


def test_secrets_base64_encoded_in_a_kubernetes_secret_are_found_at_the_encoded_value() -> None:
    encoded = base64.b64encode(PW.encode()).decode()
    manifest = (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\n"
        f"data:\n  username: YXBw\n  password: {encoded}\n"
    )
    [m] = DETECTOR.scan_text(manifest, "k8s/db-secret.yaml")
    assert (m.rule_id, m.line, m.secret) == ("kubernetes-secret-data", 8, PW)
    assert manifest[m.start : m.end] == encoded
    url = base64.b64encode(f"postgres://app:{PW}@db:5432/app".encode()).decode()
    assert found(manifest.replace(encoded, url), "secret.yaml")[0][0] == "kubernetes-secret-data"
    fake = base64.b64encode(b"changeme").decode()
    assert found(manifest.replace(encoded, fake), "secret.yaml") == []
    assert found(manifest.replace("kind: Secret", "kind: ConfigMap"), "cm.yaml") != [
        ("kubernetes-secret-data", PW)
    ]


def test_docker_config_auth_is_base64_of_user_and_password() -> None:
    auth = base64.b64encode(f"ci:{PW}".encode()).decode()
    config = f'{{"auths": {{"registry.host.invalid": {{"auth": "{auth}"}}}}}}'
    assert found(config, ".docker/config.json") == [("generic-secret-assignment", auth)]
    empty = base64.b64encode(b"ci:").decode()
    assert found(f'{{"auths": {{"r": {{"auth": "{empty}"}}}}}}', "config.json") == []


def test_secrets_in_a_minified_bundle_are_found() -> None:
    filler = "function(e){return e.key+e.token};var t=e.secret||null;" * 4000
    key = random_value(RNG, "alnum", 32)
    bundle = filler + f'var cfg={{clientSecret:"{key}"}};' + filler
    [m] = DETECTOR.scan_text(bundle, "dist/app.min.js")
    assert (m.rule_id, m.secret, m.line) == ("generic-secret-assignment", key, 1)


def test_query_parameters_and_keyed_xml_entries() -> None:
    key = random_value(RNG, "alnum", 32)
    assert found(f'url = "https://api.host.invalid/v1/items?limit=5&api_key={key}&page=2"') == [
        ("generic-secret-assignment", key)
    ]
    assert found('url = "https://api.host.invalid/v1/items?api_key={API_KEY}"') == []
    assert found(f'<entry key="db.password">{PW}</entry>', "context.xml") == [
        ("generic-secret-xml-setting", PW)
    ]
    assert found('<entry key="db.password">${db.password}</entry>', "context.xml") == []


def test_connection_string_parts_escaped_quotes_and_keyword_lines() -> None:
    key = random_value(RNG, "b64", 43) + "="
    conn = f'"SignalR": "Endpoint=https://app.service.signalr.net;AccessKey={key};Version=1.0;"'
    assert found(conn, "appsettings.json") == [("generic-secret-assignment", key)]
    embedded = f'{{"source": ["db_password = \\"{PW}\\"\\n"]}}'
    assert [s for _, s in found(embedded, "notes.json")] == [PW]
    assert [s for _, s in found(f'#define API_KEY "{PW}"', "config.h")] == [PW]
    assert [s for _, s in found(f"SetEnv DB_PASSWORD {PW}\n", "site.conf")] == [PW]
    assert found("#define API_KEY_LENGTH 32", "config.h") == []
    assert [s for _, s in found(f"ENV['API_TOKEN'] ||= '{PW}'", "boot.rb")] == [PW]


def test_tuples_and_sets_of_words_are_not_name_value_pairs() -> None:
    assert found('_SUFFIXES = ("password", "secret", "connectionstring", "accesskey")') == []
    assert (
        found('KEYS = frozenset({"auth", "tls.key", "ssh-privatekey", ".dockerconfigjson"})') == []
    )
    assert [s for _, s in found(f"define('DB_PASSWORD', '{PW}');", "wp-config.php")] == [PW]


# --- classes of credentials measured as missed on unfamiliar material ------------------------

PW2 = random_value(RNG, "alnum", 20)
DOTTED = random_value(RNG, "alnum", 14) + "." + random_value(RNG, "alnum", 5)
GUID = "-".join(random_value(RNG, "hex", n) for n in (8, 4, 4, 4, 12))


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        # Random passwords with a dot in them are values, not attribute paths.
        ("Makefile", f"SFTP_PASSWORD := {DOTTED}\n", DOTTED),
        ("kustomization.yaml", f"  literals:\n    - password={DOTTED}\n", DOTTED),
        ("compose.yml", f'    command: ["redis-server", "--requirepass", "{DOTTED}"]\n', DOTTED),
        # Inside quotes, a value may start with characters that are syntax outside them.
        ("Db.java", f'    private static final String DB_PASSWORD = "*{PW2}";\n', f"*{PW2}"),
        ("compose.yml", f'      MSSQL_SA_PASSWORD: "#{PW2}"\n', f"#{PW2}"),
        ("Dockerfile", f"ENV ADMIN_PASSWORD #{PW2}\n", f"#{PW2}"),
        # printf conversions are placeholders only where they stand as conversions.
        (
            "app.properties",
            f"spring.mail.password={PW2[:6]}%d^{PW2[6:]}\n",
            f"{PW2[:6]}%d^{PW2[6:]}",
        ),
        # Directive files: a name, a space, one value (redis.conf, Gradle credentials blocks).
        ("redis.conf", f"requirepass {HEX40}\n", HEX40),
        ("redis.conf", f"masterauth {PW2}\n", PW2),
        ("build.gradle", f"    credentials {{\n        password '{PW2}'\n    }}\n", PW2),
        # A value in Markdown code after the name.
        ("runbook.md", f"Break-glass login: user `ops`, password `{PW2}`.\n", PW2),
        # Hex and GUIDs under explicit secret names; vendor-qualified keys.
        ("secrets.rb", f'  config.secret_key_base = "{HEX40}{HEX40}"\n', HEX40 + HEX40),
        ("ci.yml", f"      CODECOV_TOKEN: {GUID}\n", GUID),
        ("hooks.yaml", f"  pagerduty_routing_key: {HEX40[:32]}\n", HEX40[:32]),
        # Property lists: the value is the <string> after the <key>.
        (
            "Config.plist",
            f"<dict>\n  <key>AnalyticsWriteKey</key>\n  <string>{PW2}</string>\n",
            PW2,
        ),
        # Tables: a secret-like column heading binds each row's value.
        ("partners.csv", f"partner,api_key,region\nacme,{PW2},eu\n", PW2),
        # Quoted values may start with %; only %NAME% is a reference.
        ("claims.conf", f'    password => "%{PW2}"\n', f"%{PW2}"),
        # Puppet Hiera names scope with ::; CloudFormation parameters keep a Default.
        ("common.yaml", f"profile::db::password: {PW2}\n", PW2),
        ("stack.yaml", f"Parameters:\n  DbPassword:\n    Type: String\n    Default: {PW2}\n", PW2),
        # Elixir module attributes, Erlang/Elixir tuples.
        ("client.ex", f'  @api_key "{HEX40}"\n', HEX40),
        ("sys.config", f' {{telemetry, [{{password, "{PW2}"}}, {{user, "otel"}}]}}\n', PW2),
        # C arrays and C++ brace initialisers; psk is a pre-shared key.
        ("uplink.c", f'static const char wifi_psk[] = "{PW2}";\n', PW2),
        ("modem.cpp", f'const std::string kApnPassword{{"{PW2}"}};\n', PW2),
        # An auth scheme inside the value.
        ("credentials.toml", f'[registries.corp]\ntoken = "Bearer {PW2}"\n', PW2),
        # Dot-files and formats read as configuration.
        (".Renviron", f"WAREHOUSE_PWD={PW2}\n", PW2),
        ("redis.sls", f"redis:\n  requirepass: {PW2}\n", PW2),
        (
            "0007_seed.sql",
            f"INSERT INTO api_clients (name, client_secret) VALUES ('portal', '{KEY}');\n",  # noqa: S608
            KEY,
        ),
    ],
)
def test_unfamiliar_syntaxes_are_read(path: str, text: str, secret: str) -> None:
    assert secret in [s for _, s in found(text, path)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("config.py", "DB_PASSWORD = settings.DB_PASSWORD\n"),
        ("app.js", "const apiKey = this.props.apiKey;\n"),
        ("compose.yml", "      MONGO_INITDB_ROOT_PASSWORD: ${MONGO_ROOT_PASSWORD:?required}\n"),
        ("values.yaml", "  existingSecret: orders-postgresql\n"),
        ("flags.json", '  "flagKey": "new-checkout-592eb4aa"\n'),
        ("ci.yml", f"      tenant_id: {GUID}\n"),
        ("ci.yml", "      CODECOV_TOKEN: 00000000-0000-0000-0000-000000000000\n"),
        ("amqp.yaml", "  routing_key: orders.created.v1\n"),
        ("app.config", f'    <add key="ThumbprintOfSigningCert" value="{HEX40.upper()}" />\n'),
        ("conftest.py", '    monkeypatch.setenv("DB_PASSWORD", "hunter2")\n'),
        ("README.md", "docker run -e POSTGRES_PASSWORD=mysecretpassword postgres:16\n"),
        ("app.env", "ADMIN_PASSWORD=SuperSecret123\n"),
        ("redis.conf", "# requirepass foobared\n"),
        ("notes.txt", "password reset\n"),
        ("Config.plist", "<dict>\n  <key>CFBundleName</key>\n  <string>Orders</string>\n"),
        ("hashes.csv", f"file,sha256\napp.jar,{HEX40}{HEX40[:24]}\n"),
        ("flags.yaml", "flags:\n  new-rating:\n    key: new-rating-engine-2026\n"),
        ("Web.config", '<machineKey validationKey="AutoGenerate,IsolateApps" />\n'),
        ("stack.yaml", "Parameters:\n  DbPassword:\n    Type: String\n    NoEcho: true\n"),
        ("template.yaml", "  Type: AWS::SecretsManager::Secret\n"),
        (
            "sealed.yaml",
            f"spec:\n  encryptedData:\n    password: {KEY}{KEY}{KEY}\n  template:\n    metadata: {{}}\n",
        ),
    ],
)
def test_look_alikes_of_those_syntaxes_stay_silent(path: str, text: str) -> None:
    assert found(text, path) == []


def test_self_described_values_are_not_credentials() -> None:
    for value in ("mysecretpassword", "SuperSecret123", "admin-password", "rootpassword1"):
        assert grammar.self_described(value), value
    for value in (PW, PW2, "Mosaic2005?", "tokenized", "S3cr3t!x"):
        assert not grammar.self_described(value), value

"""Credential classes written as their formats document them, each with look-alikes that stay silent.

API clients' stored API-key auth (Postman, Bruno, Insomnia), passwords and signing keys passed
by position to well-known calls (C# target-typed ``new(...)`` included), definition lists in
AsciiDoc and Markdown, blocks whose members are tokens (Consul ACL ``tokens``), YAML block
scalars, keytool's ``-storepass``, password words of other languages, and base64 keys that start
with ``/``. Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import base64
import random
import uuid

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector, calls, grammar
from assess.codescan.rules import load_rules

DETECTOR = Detector()
RNG = random.Random(2612)
PW = random_value(RNG, "pw", 18)
KEY = random_value(RNG, "alnum", 32)
TOKEN = str(uuid.UUID(int=RNG.getrandbits(128), version=4))
TOKEN2 = str(uuid.UUID(int=RNG.getrandbits(128), version=4))


def slash_key(size: int, rng: random.Random) -> str:
    """A base64 key of ``size`` random bytes that starts with '/' (one key in 64 does)."""
    while True:
        key = base64.b64encode(bytes(rng.randrange(256) for _ in range(size))).decode()
        if key.startswith("/"):
            return key


SB_KEY = slash_key(32, RNG)  # 44 characters ending '='
STORAGE_KEY = slash_key(64, RNG)  # 88 characters ending '=='
HEX = random_value(RNG, "hex", 32)
SALT = random_value(RNG, "pw", 64)
TELEGRAM = f"{RNG.randrange(10**9, 10**10)}:AA{random_value(RNG, 'b64url', 33)}"
AGE = "".join(RNG.choice("qpzry9x8gf2tvdw0s3jn54khce6mua7l") for _ in range(58))


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        # Postman collection v2.1: auth attributes, in either order inside each attribute.
        (
            "orders.postman_collection.json",
            '{"auth": {"type": "apikey", "apikey": [\n'
            f'  {{"key": "value", "value": "{KEY}", "type": "string"}},\n'
            '  {"key": "key", "value": "X-Api-Key", "type": "string"},\n'
            '  {"key": "in", "value": "header", "type": "string"}]}}\n',
            KEY,
        ),
        (
            "orders.postman_collection.json",
            '"apikey": [{"type": "string", "value": "header", "key": "in"},'
            f' {{"type": "string", "value": "{KEY}", "key": "value"}}]\n',
            KEY,
        ),
        # A pair written value first (Postman environments, .NET appSettings).
        ("dev.postman_environment.json", f'{{"value": "{KEY}", "key": "apiToken"}}\n', KEY),
        ("Web.config", f'<add value="{PW}" key="SmtpPassword" />\n', PW),
        # Bruno and Insomnia keep the key in a block or object of type apikey.
        ("orders.bru", f"auth:apikey {{\n  key: x-api-key\n  value: {KEY}\n}}\n", KEY),
        (
            "insomnia.json",
            f'"authentication": {{"type": "apikey", "key": "X-Api-Key", "value": "{KEY}"}}\n',
            KEY,
        ),
        # Definition lists: AsciiDoc (same line or the next) and Markdown.
        ("runbook.adoc", f"Admin password::\n  {PW}\n", PW),
        ("runbook.adoc", f"Service token:: {KEY}\n", KEY),
        ("runbook.md", f"Database password\n: `{PW}`\n", PW),
        # Consul ACL tokens: the block names them, the members' own names say nothing.
        (
            "consul.hcl",
            f'acl {{\n  enabled = true\n  tokens {{\n    initial_management = "{TOKEN}"\n'
            f'    agent = "{TOKEN2}"\n  }}\n}}\n',
            TOKEN2,
        ),
        ("consul.json", f'{{"acl": {{"tokens": {{"agent": "{TOKEN}"}}}}}}\n', TOKEN),
        ("consul.yaml", f"acl:\n  tokens:\n    replication: {TOKEN}\n", TOKEN),
        ("consul.env", f"CONSUL_HTTP_TOKEN={TOKEN}\n", TOKEN),
        # Joken's configured signer secret.
        ("config.exs", f'config :joken, default_signer: "{KEY}"\n', KEY),
        ("config.exs", f'config :joken, hs256: [signer_alg: "HS256", key_octet: "{KEY}"]\n', KEY),
        # Passwords by position: C# target-typed new, and the third argument of a connect call.
        ("Mailer.cs", f'NetworkCredential login = new("mailer", "{PW}");\n', PW),
        (
            "Mailer.cs",
            f'var c = new NetworkCredential(Environment.UserName, "{PW}", "CORP");\n',
            PW,
        ),
        ("sensor.ino", f'if (client.connect("sensor-07", "telemetry", "{PW}")) {{\n', PW),
        ("Gateway.cs", f'client.Connect(Guid.NewGuid().ToString(), "gateway", "{PW}");\n', PW),
        # A user name and a password side by side in a client's or credential type's arguments.
        (
            "modem.cpp",
            f'auto link = MqttClient("mqtts://broker.host.invalid", "fleet", "{KEY}");\n',
            KEY,
        ),
        ("Shipping.cs", f'static ShippingCredential Legacy() => new("svc_ship", "{PW}");\n', PW),
        # A password word in prose, its value in code at the start of the next line.
        ("onboarding.adoc", f"use the account `relay` with passphrase\n`{PW}` for now.\n", PW),
        (
            "Db.java",
            f'Connection c = DriverManager.getConnection(\n    url,\n    "app",\n    "{PW}");\n',
            PW,
        ),
        ("db.php", f"$db = new PDO($dsn, 'orders', '{PW}');\n", PW),
        ("mail.go", f'auth := smtp.PlainAuth("", "bot@host.invalid", "{PW}", host)\n', PW),
        # HMAC and JWT signers, the key wrapped in the usual byte conversions.
        ("auth.ex", f'signer = Joken.Signer.create("HS256", "{KEY}")\n', KEY),
        ("Jwt.java", f'Algorithm algorithm = Algorithm.HMAC256("{KEY}");\n', KEY),
        ("token.rb", f"JWT.encode(payload, '{KEY}', 'HS256')\n", KEY),
        ("sign.php", f"hash_hmac('sha256', $body, '{KEY}');\n", KEY),
        ("Auth.cs", f'new SymmetricSecurityKey(Encoding.UTF8.GetBytes("{KEY}"))\n', KEY),
        ("jwt.go", f'token.SignedString([]byte("{KEY}"))\n', KEY),
        ("jwt.rs", f'EncodingKey::from_secret(b"{KEY}")\n', KEY),
        ("Keys.kt", f'Keys.hmacShaKeyFor("{KEY}".toByteArray())\n', KEY),
        # HTTP basic and bearer helpers, builders' password methods, libcurl, OpenLDAP tools.
        ("client.rs", f'client.get(url).basic_auth("svc", Some("{PW}")).send()\n', PW),
        ("client.rs", f'client.get(url).bearer_auth("{KEY}").send()\n', KEY),
        ("Http.kt", f'header("Authorization", Credentials.basic("svc", "{PW}"))\n', PW),
        ("req.go", f'req.SetBasicAuth("svc", "{PW}")\n', PW),
        ("fetch.py", f'auth = aiohttp.BasicAuth("svc", "{PW}")\n', PW),
        ("Db.java", f'DataSourceBuilder.create().username("app").password("{PW}").build();\n', PW),
        ("sync.php", f'curl_setopt($ch, CURLOPT_USERPWD, "svc:{PW}");\n', PW),
        ("ldap.sh", f'ldapsearch -x -D "cn=reader,dc=corp" -w {PW} -b "dc=corp"\n', PW),
        # Commented-out settings, in code too; prose; keyword maps; CMake; Perl hashes; HTML.
        ("settings.py", f"# DB_PASSWORD={PW}\n", PW),
        ("Startup.cs", f"    // apiKey: {KEY}\n", KEY),
        ("NOTES.txt", f"The admin password is {PW}\n", PW),
        ("db.clj", f'(def db {{:dbtype "postgresql" :user "app" :password "{PW}"}})\n', PW),
        ("config.edn", f'{{:api-key "{KEY}"}}\n', KEY),
        ("CMakeLists.txt", f'set(API_KEY "{KEY}")\n', KEY),
        ("deploy.pl", f"$ENV{{API_KEY}} = '{KEY}';\n", KEY),
        ("login.html", f'<input type="password" name="pw" value="{PW}">\n', PW),
        ("env.fish", f"set -gx API_TOKEN {KEY}\n", KEY),
        # name=value pairs on one line; Windows-style flags; command-line tools' own forms.
        ("hosts", f"web1 ansible_host=10.0.0.5 ansible_password={PW} ansible_port=22\n", PW),
        ("setup.cmd", f"cmdkey /add:files.corp /user:CORP\\svc /pass:{PW}\n", PW),
        ("build.ps1", f"msbuild app.sln /p:DeployOnBuild=true /p:Password={PW}\n", PW),
        ("tls.sh", f"openssl pkcs12 -export -in c.pem -out app.pfx -passout pass:{PW}\n", PW),
        ("pack.sh", f"zip -P {PW} backup.zip db.sql\n", PW),
        ("pack.sh", f"7z a -p{PW} -mhe=on backup.7z data/\n", PW),
        ("db.sh", f"mysqladmin -u root -p{PW} status\n", PW),
        ("db.sh", f"sqlplus -s reporting/{PW}@orcl @report.sql\n", PW),
        ("login.exp", f'spawn ssh admin@host\nexpect "password:"\nsend "{PW}\\r"\n', PW),
        # A command line inside a quoted string ends at the closing quote (Jenkins sh "...").
        ("Jenkinsfile", f'sh "docker login registry.host.invalid -u ci -p {KEY}"\n', KEY),
        # SNMP community strings are passwords.
        ("vars.yml", f"snmp_community: {KEY}\n", KEY),
        ("snmpd.conf", f"rocommunity {KEY} 10.0.0.0/8\n", KEY),
        # A parameter declared secure: its default is a secret whatever its name says.
        (
            "template.json",
            f'"eventGridKey": {{\n  "type": "securestring",\n  "defaultValue": "{SB_KEY}"\n}}\n',
            SB_KEY,
        ),
        ("main.bicep", f"@secure()\nparam routingKey string = '{PW}'\n", PW),
        # cloud-init chpasswd lists, shell history, a URL password with an unencoded '/'.
        ("user-data.yaml", f"chpasswd:\n  expire: false\n  list: |\n    root:{PW}\n", PW),
        (".bash_history", f"export AWS_SESSION_TOKEN={KEY}{KEY}\n", KEY + KEY),
        (
            ".git-credentials",
            f"https://build:{KEY[:20]}/{KEY[20:]}@dev.host.invalid\n",
            f"{KEY[:20]}/{KEY[20:]}",
        ),
        # A service's name split by camelCase qualifies its key (pagerDutyRoutingKey).
        ("Alerts.kt", f'val pagerDutyRoutingKey = System.getenv("PD_KEY") ?: "{HEX}"\n', HEX),
        # A positional record's parameter named as a password, by target-typed new.
        (
            "Gateway.cs",
            "record PortalOptions(string Url, string User, string Password);\n"
            f'static readonly PortalOptions Legacy =\n    new("https://portal", "svc", "{PW}");\n',
            PW,
        ),
        # A token after an auth scheme in an unquoted value; WordPress salts; Telegram bots.
        ("Dockerfile", f"ARG REGISTRY_TOKEN=Bearer {KEY}\n", KEY),
        ("wp-config.php", f"define( 'NONCE_SALT', '{SALT}' );\n", SALT),
        ("bot.py", f'bot = "{TELEGRAM}"\n', TELEGRAM),
        # A YAML block scalar holding one line.
        ("values.yaml", f"db:\n  password: |\n    {PW}\n  port: 5432\n", PW),
        ("values.yaml", f"api:\n  token: >-\n    {KEY}\n", KEY),
        # keytool and jarsigner passwords, and other names run together with pass.
        ("sign.sh", f"jarsigner -keystore release.jks -storepass {PW} app.apk release\n", PW),
        ("import.sh", f"keytool -importkeystore -srckeystore a.p12 -srcstorepass {PW}\n", PW),
        ("gradle.properties", f"RELEASE_KEYPASS={PW}\n", PW),
        # Password words of other languages, the qualifier before or after.
        ("app.properties", f"datenbank.passwort={PW}\n", PW),
        ("app.env", f"CONTRASENA_BD={PW}\n", PW),
        ("app.env", f"SENHA_ADMIN={PW}\n", PW),
        ("config.ini", f"mot_de_passe = {PW}\n", PW),
        ("config.ini", f"wachtwoord = {PW}\n", PW),
        # Base64 keys that start with '/' are keys, not paths.
        ("bus.yaml", f"orders-bus-key: {SB_KEY}\n", SB_KEY),
        ("app.env", f"SERVICEBUS_KEY={SB_KEY}\n", SB_KEY),
        ("storage.tf", f'  storage-key = "{STORAGE_KEY}"\n', STORAGE_KEY),
        ("settings.json", f'{{"storageKey": "{SB_KEY}"}}\n', SB_KEY),
    ],
)
def test_documented_forms_are_found(path: str, text: str, secret: str) -> None:
    assert secret in secrets(text, path)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (
            "c.postman_collection.json",
            '"apikey": [{"key": "value", "value": "{{apiKey}}"}, {"key": "in", "value": "header"}]\n',
        ),
        ("orders.bru", "auth:apikey {\n  key: x-api-key\n  value: {{apiKey}}\n}\n"),
        ("consul.hcl", 'acl {\n  tokens {\n    enabled = true\n    agent = ""\n  }\n}\n'),
        ("k8s.yaml", "secrets:\n  name: app-secrets\n  mountPath: /etc/secrets\n"),
        ("aws.yaml", "credentials:\n  region: us-east-1\n  profile: default\n"),
        ("compose.yaml", "secrets:\n  db_password:\n    file: ./db_password.txt\n"),
        ("deploy.yml", "    secrets: inherit\n"),
        ("tokens.json", '{"tokens": {"ttl": "1h", "issuer": "https://login.host.invalid"}}\n'),
        ("runbook.adoc", "Password:: see the vault entry\nToken:: none\n"),
        ("runbook.md", "Password\n: The password of the admin user.\n"),
        ("jwt.yaml", 'signer: "HS256"\ndefault_signer: ES256K\n'),
        ("Names.cs", 'List<string> names = new("orders", "invoices");\n'),
        ("Db.java", "Connection c = DriverManager.getConnection(url, user, password);\n"),
        ("mqtt.py", "client.connect(broker, 1883, 60)\n"),
        ("Api.cs", f'var client = new HttpClient("orders-api", "{KEY}");\n'),
        ("Auth.cs", 'new SymmetricSecurityKey(Encoding.UTF8.GetBytes(config["Jwt:Key"]))\n'),
        ("token.rb", "JWT.encode(payload, ENV.fetch('HMAC_SECRET'), 'HS256')\n"),
        ("files.py", f'sftp = SFTP("files.host.invalid", "ops", "{PW}")\n'),
        ("client.rs", "client.get(url).basic_auth(user, Some(password)).send()\n"),
        ("Form.java", 'form.password("Password").required();\n'),
        ("Db.java", "DataSourceBuilder.create().password(props.getPassword()).build();\n"),
        ("sync.php", "curl_setopt($ch, CURLOPT_USERPWD, $user . ':' . $password);\n"),
        ("ldap.sh", 'ldapsearch -x -D "cn=reader,dc=corp" -W -b "dc=corp"\n'),
        ("settings.py", "# password: must be at least 12 characters\n"),
        ("app.ts", "// token: see the vault\n"),
        (".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
        ("NOTES.txt", "The admin password is stored in the vault.\n"),
        ("NOTES.txt", "The password is required.\n"),
        ("db.clj", '(def db {:user "app" :password (System/getenv "DB_PASSWORD")})\n'),
        ("CMakeLists.txt", 'set(API_KEY "$ENV{API_KEY}")\n'),
        ("login.html", '<input type="password" name="pw" value="">\n'),
        ("keys.h", "#define API_KEY_LENGTH 32\n"),
        ("claims.log", f"INFO cache key={KEY.lower()} hit=true\n"),
        ("hosts", "web1 ansible_host=10.0.0.5 ansible_password={{ vault_pw }} ansible_port=22\n"),
        ("tls.sh", "openssl pkcs12 -export -in c.pem -out app.pfx -passout env:PFX_PASSWORD\n"),
        ("fetch.sh", "curl -k https://self-signed.host.invalid/\n"),
        ("pack.sh", "unzip -p bundle.zip manifest.json\n"),
        ("db.sh", "sqlplus / as sysdba\n"),
        ("login.exp", 'expect "login:"\nsend "admin\\r"\n'),
        # Password hashes and verifiers, ciphertext, and values public by design.
        ("roles.sql", f"CREATE ROLE reporting LOGIN PASSWORD 'md5{HEX}';\n"),
        ("users.json", f'{{"password": "pbkdf2_sha256$600000${KEY[:12]}${SB_KEY}"}}\n'),
        (
            "app.pubxml.user",
            f"<EncryptedPassword>AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA{KEY}</EncryptedPassword>\n",
        ),
        ("keys.txt", f"# public key: age1{AGE}\n"),
        ("agents.env", f"PUSHER_APP_KEY={HEX[:20]}\n"),
        ("maps.ts", f'const accessToken = "pk.eyJ1{KEY}.{KEY[:22]}";\n'),
        (
            "secrets.yml",
            "development:\n  secret_key_base: dev-secret-key-base-not-for-production\n",
        ),
        (
            "main.go",
            f'azidentity.NewClientSecretCredential(\n    "{TOKEN}",\n    "{TOKEN2}",\n    opts)\n',
        ),
        ("externalsecret.yaml", "    remoteRef:\n      key: turnstile-vendor-token\n"),
        ("ci.yaml", "script: |\n  echo building\n"),
        ("values.yaml", "password: |\n  {{ .Values.db.password }}\n"),
        ("tls.yaml", f"token: |\n  {KEY}\n  {PW}\n"),
        ("filters.py", "highpass = 0.5\nlowpass = 0.25\n"),
        ("app.env", "wachtwoord = geheim\n"),
        ("sign.sh", "jarsigner -keystore release.jks -storepass $STOREPASS app.apk release\n"),
        # Paths under key names stay paths.
        ("app.env", "LIB_KEY_PATH=/usr/lib/x86_64-linux-gnu\n"),
        ("api.yaml", "rotate_key: /api/v1/keys/rotate\n"),
        ("tls.yaml", "tls_key: /etc/ssl/private/tls.key\n"),
        ("paths.yaml", "signing_key: /srv/App/keys/Key2024A=\n"),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


def test_base64_keys_starting_with_a_slash_are_not_paths() -> None:
    rng = random.Random(64)
    for size in (16, 32, 33, 64):
        for _ in range(25):
            assert grammar.base64_key(slash_key(size, rng))
    for path in (
        "/usr/lib/x86_64-linux-gnu",
        "/api/v1/keys/rotate",
        "/api/V1/Users/12345678",
        "/home/User1/Documents/Proj/2024",
        "/opt/Contoso/Secrets/Prod01",
        "/var/run/secrets/kubernetes.io/serviceaccount/token",
    ):
        assert not grammar.base64_key(path), path


def test_the_call_rules_anchor_every_callee_of_the_table() -> None:
    anchors = {a for r in load_rules().rules if r.parser == "calls" for a in r.anchors}
    expected = {*calls.CALLS, *calls.GENERIC_ANCHORS, *calls.DECLARATION_ANCHORS, "new(", "new ("}
    assert anchors == expected
    by_rule = {r.id: set(r.anchors) for r in load_rules().rules if r.parser == "calls"}
    for callee, call in calls.CALLS.items():
        assert callee in by_rule[call.rule], callee

"""Credential classes of estates written in other languages and of less common idioms, each with
look-alikes that stay silent.

Names for a key, a secret or a token in other languages (German ``Schlüssel``, Spanish
``clave``, Turkish ``anahtarı``, Chinese ``密钥``, Japanese ``APIキー``...), values after a
full-width colon, ``NAME=#value`` in INI files, and the hints and published example values that
are not credentials. Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import base64
import random
import uuid
from pathlib import Path

import pytest
from codescan_helpers import notebook, random_value, scan

from assess.codescan import Detector, grammar

DETECTOR = Detector()
RNG = random.Random(1605)
PW = random_value(RNG, "pw", 16)
KEY = random_value(RNG, "alnum", 32)
HEX = random_value(RNG, "hex", 40)


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        # Key words with the qualifier after them (Spanish, Portuguese, Italian, French, Polish).
        ("config.rs", f'    clave_api: "{KEY}",\n', KEY),
        ("Pedidos.php", f"    private const CLAVE_PEDIDOS = '{KEY}';\n", KEY),
        ("settings.py", f'CHAVE_DE_ACESSO = "{KEY}"\n', KEY),
        ("config.py", f'chiave_segreta = "{KEY}"\n', KEY),
        ("config.py", f'cle_secrete = "{KEY}"\n', KEY),
        ("app.py", f'klucz_api = "{KEY}"\n', KEY),
        ("app.py", f'llave_api = "{KEY}"\n', KEY),
        ("app.py", f'klíč_api = "{KEY}"\n', KEY),
        # ... or before them (German, Dutch, Turkish with its possessive suffix).
        ("Maut.scala", f'  private val zollApiSchluessel = "{KEY}"\n', KEY),
        ("Maut.kt", f'  val zugangsSchlüssel = "{KEY}"\n', KEY),
        ("app.py", f'api_sleutel = "{KEY}"\n', KEY),
        ("kargo.rb", f'  config.x.depo.api_anahtari = "{HEX}"\n', HEX),
        ("depo.sls", f"depo:\n  anahtar: {KEY}\n", KEY),
        # Secret and token words.
        ("settings.py", f'geheimnis = "{PW}"\n', PW),
        ("settings.py", f'secreto_cliente = "{PW}"\n', PW),
        ("settings.py", f'jeton = "{KEY}"\n', KEY),
        # Chinese, Japanese and Russian names, written without separators.
        ("shenzhen.js", f'  接口密钥: "{KEY}",\n', KEY),
        ("notes.md", f"数据库密码：{PW}\n", PW),
        ("app.yaml", f"管理员密码: {PW}\n", PW),
        ("shenzhen.js", f'  访问令牌: "{KEY}",\n', KEY),
        ("osaka.ts", f'  APIキー: "{KEY}",\n', KEY),
        ("osaka.ts", f'  アクセストークン: "{KEY}",\n', KEY),
        ("settings.py", f'api_ключ = "{KEY}"\n', KEY),
        # A full-width colon, as Chinese and Japanese text writes it.
        ("notes.md", f"测试账号：svc，密码：{PW}\n", PW),
        # odbc.ini: '#' right after '=' is part of the value.
        ("odbc.ini", f"[orders]\nDriver=PostgreSQL\nPWD=#{PW}\n", f"#{PW}"),
    ],
)
def test_names_in_other_languages_are_read(path: str, text: str, secret: str) -> None:
    assert secrets(text, path) == [secret]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Public, primary, foreign, cache and language keys, in those languages.
        ("schema.py", f'clave_primaria = "{KEY}"\n'),
        ("keys.py", f'chave_publica = "{KEY}"\n'),
        ("keys.py", f'oeffentlicher_schluessel = "{KEY}"\n'),
        ("cache.py", f'clave_cache = "{KEY}"\n'),
        ("keys.py", f'公钥 = "{KEY}"\n'),
        # A name about the secret, not the secret: its name, hint, length (the words after it).
        ("notes.md", "密钥名称：prod-db-key-v2\n"),
        ("settings.py", f'パスワードのヒント = "{PW}"\n'),
        ("app.yaml", f"密码提示: {PW}\n"),
        ("app.yaml", f"비밀번호힌트: {PW}\n"),
        # A key word whose value is a word or an identifier, and a keyboard.
        ("i18n.py", 'clave = "nombre_usuario"\n'),
        ("ui.py", f'キーボード = "{KEY}"\n'),
        # A bare key word needs a random value of some length.
        ("depo.sls", "depo:\n  anahtar: kd7\n"),
        # A comment after '#' preceded by a space, and YAML's comment after ': '.
        ("odbc.ini", "PWD= # set by the installer\n"),
        ("app.yaml", f"password: #{PW}\n"),
    ],
)
def test_look_alikes_in_other_languages_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


@pytest.mark.parametrize(
    "hint",
    [
        "generate-with-openssl-rand-hex-32",
        "set_in_the_vault",
        "run-pwgen-24",
        "paste-the-key-from-the-portal",
        "use.a.long.random.value",
    ],
)
def test_instruction_hints_are_not_secrets(hint: str) -> None:
    assert grammar.instruction_hint(hint)
    assert secrets(f"SESSION_SECRET={hint}\n", ".env.example") == []


@pytest.mark.parametrize("value", [PW, KEY, "orbit-" + KEY, "set-" + KEY])
def test_random_values_are_not_hints(value: str) -> None:
    assert not grammar.instruction_hint(value)
    assert secrets(f"SESSION_SECRET={value}\n", ".env") == [value]


def test_a_passphrase_of_words_is_not_a_hint() -> None:
    assert not grammar.instruction_hint("tundra-velvet-anchor-pillow")


def test_published_example_totp_secrets_stay_silent() -> None:
    for documented in ("JBSWY3DPEHPK3PXP", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"):
        assert secrets(f'  otp_secret: "{documented}"\n', "users.yml") == []
    issued = "".join(RNG.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(32))
    assert secrets(f'  otp_secret: "{issued}"\n', "users.yml") == [issued]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Node.js: a fallback after process.env (logical OR and nullish coalescing).
        ("config.js", "const db = process.env.DB_PASSWORD || '{v}';\n"),
        ("config.ts", 'const db = process.env.DB_PASSWORD ?? "{v}";\n'),
        # Elixir's System.get_env/1 with ||, its variable or the key being the secret name.
        ("runtime.exs", '  password: System.get_env("DB_HOST_PW") || "{v}",\n'),
        ("runtime.exs", '  db: System.get_env("ORDERS_DB_PASSWORD") || "{v}",\n'),
        # Python: os.getenv and os.environ.get, with a default argument or `or`.
        ("settings.py", 'db = os.getenv("DB_PASSWORD", "{v}")\n'),
        ("settings.py", 'db = os.environ.get("DB_PASSWORD") or "{v}"\n'),
        # Ruby: ENV.fetch with a default argument or a block, ENV[] with ||.
        ("carriers.rb", 'db = ENV.fetch("DB_PASSWORD", "{v}")\n'),
        ("carriers.rb", 'db = ENV.fetch("DB_PASSWORD") {{ "{v}" }}\n'),
        ("carriers.rb", 'db = ENV.fetch("DB_PASSWORD") {{ |_name| "{v}" }}\n'),
        ("carriers.rb", 'db = ENV["DB_PASSWORD"] || "{v}"\n'),
        # Rust: std::env::var then unwrap_or / unwrap_or_else with the usual conversions.
        ("config.rs", 'let db = env::var("DB_PASSWORD").unwrap_or("{v}".to_string());\n'),
        ("config.rs", 'let db = env::var("DB_PASSWORD").unwrap_or_else(|_| "{v}".into());\n'),
        (
            "config.rs",
            'let db = env::var("DB_PASSWORD").unwrap_or_else(|_| String::from("{v}"));\n',
        ),
        # Go helper, Java's Map.getOrDefault, C#'s ??, Kotlin's ?:, PHP's ?:, Perl's //.
        ("main.go", 'db := getEnv("DB_PASSWORD", "{v}")\n'),
        ("App.java", 'String db = System.getenv().getOrDefault("DB_PASSWORD", "{v}");\n'),
        ("App.cs", 'var db = Environment.GetEnvironmentVariable("DB_PASSWORD") ?? "{v}";\n'),
        ("App.kt", 'val db = System.getenv("DB_PASSWORD") ?: "{v}"\n'),
        ("db.php", "$db = getenv('DB_PASSWORD') ?: '{v}';\n"),
        ("db.pl", "my $db = $ENV{{DB_PASSWORD}} // '{v}';\n"),
        # Java's Optional, Scala's Option, Swift's and Dart's environment maps, PHP's $_SERVER,
        # Go 1.22's cmp.Or, python-decouple's and environs' keyword default.
        (
            "App.java",
            'String db = Optional.ofNullable(System.getenv("DB_PASSWORD")).orElse("{v}");\n',
        ),
        ("App.scala", 'val db = sys.env.get("DB_PASSWORD").getOrElse("{v}")\n'),
        ("App.swift", 'let db = ProcessInfo.processInfo.environment["DB_PASSWORD"] ?? "{v}"\n'),
        ("app.dart", "final db = Platform.environment['DB_PASSWORD'] ?? '{v}';\n"),
        ("db.php", "$db = $_SERVER['DB_PASSWORD'] ?? '{v}';\n"),
        ("main.go", 'db := cmp.Or(os.Getenv("DB_PASSWORD"), "{v}")\n'),
        ("settings.py", 'DB = config("DB_PASSWORD", default="{v}")\n'),
        ("settings.py", 'DB = env.str("DB_PASSWORD", default="{v}")\n'),
        # Shell parameter expansion with a default, quoted or not, or assigning it.
        ("start.sh", ': "${{DB_PASSWORD:={v}}}"\n'),
        ("start.sh", "DB=${{DB_PASSWORD:-{v}}}\n"),
        ("start.sh", 'export DB="${{DB_PASSWORD:-{v}}}"\n'),
        # A C# auto-property's initialiser after its accessors.
        ("SmtpOptions.cs", '    public string Password {{ get; init; }} = "{v}";\n'),
        ("SmtpOptions.cs", '    public string ApiKey {{ get; private set; }} = "{v}";\n'),
    ],
)
def test_fallback_defaults_and_initialisers_are_read(path: str, text: str) -> None:
    assert secrets(text.format(v=PW), path) == [PW]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("config.js", "const db = process.env.DB_PASSWORD || '';\n"),
        ("config.js", 'const db = process.env.DB_PASSWORD || "changeme";\n'),
        ("config.js", "const db = process.env.DB_PASSWORD || process.env.PGPASSWORD;\n"),
        ("runtime.exs", '  host: System.get_env("DB_HOST") || "db.host.invalid",\n'),
        ("runtime.exs", f'  pool: System.get_env("POOL_SIZE") || "{PW}",\n'),
        ("config.rs", 'let db = env::var("DB_PASSWORD").unwrap_or_default();\n'),
        ("config.rs", 'let db = env::var("DB_PASSWORD").expect("DB_PASSWORD must be set");\n'),
        ("start.sh", "DB=${DB_PASSWORD:?set DB_PASSWORD}\n"),
        ("main.go", f'db := fmt.Sprintf(os.Getenv("DB_PASSWORD"), "{PW}")\n'),
        ("settings.py", 'DB = config("DB_PASSWORD", cast=str)\n'),
        ("start.sh", "DB=${DB_PASSWORD:-$PGPASSWORD}\n"),
        ("SmtpOptions.cs", "    public string Password { get; init; } = string.Empty;\n"),
        ("SmtpOptions.cs", f'    public string Host {{ get; init; }} = "{PW}";\n'),
    ],
)
def test_fallbacks_that_hold_no_secret_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Scala case classes, Kotlin data classes and Java records built by position, their
        # password parameter declared in the same file.
        (
            "Tolls.scala",
            "case class Creds(user: String, password: String)\n"
            'object Tolls {{\n  val creds: Creds = Creds("svc-tolls", "{v}")\n}}\n',
        ),
        (
            "Db.kt",
            "data class Login(val host: String, val user: String, val password: String)\n"
            'val login = Login("db.host.invalid", "svc", "{v}")\n',
        ),
        (
            "Db.java",
            'record Login(String user, String password) {{}}\nvar l = new Login("svc", "{v}");\n',
        ),
    ],
)
def test_declared_types_built_by_position_are_read(path: str, text: str) -> None:
    assert secrets(text.format(v=PW), path) == [PW]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # The password's place holds a lookup; a type with no password parameter.
        (
            "Tolls.scala",
            'case class Creds(user: String, password: String)\nval c = Creds("svc", sys.env("PW"))\n',
        ),
        (
            "Tolls.scala",
            f'case class Route(name: String, region: String)\nval r = Route("svc", "{PW}")\n',
        ),
    ],
)
def test_declared_types_without_a_literal_password_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Apache mod_headers, nginx's proxy module, HAProxy: a request header the proxy adds.
        ("edi-vhost.conf", '    RequestHeader set X-Api-Key "{v}"\n'),
        ("edi-vhost.conf", '    RequestHeader set X-Partner-Key "{v}"\n'),
        ("edi-vhost.conf", "    RequestHeader append X-Auth-Token {v}\n"),
        (".htaccess", "RequestHeader set X-Api-Key {v}\n"),
        ("site.conf", "    proxy_set_header X-Api-Key {v};\n"),
        ("site.conf", '    proxy_set_header X-Api-Key "{v}";\n'),
        ("haproxy.cfg", "    http-request set-header X-Api-Key {v}\n"),
        ("Caddyfile", "\treverse_proxy backend:8080 {{\n\t\theader_up X-Api-Key {v}\n\t}}\n"),
        ("haproxy.cfg", '    http-request set-header Authorization "Bearer {v}"\n'),
    ],
)
def test_headers_set_in_server_config_are_read(path: str, text: str) -> None:
    assert secrets(text.format(v=KEY), path) == [KEY]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Passed through from the client or the environment, removed, or not a credential.
        ("site.conf", "    proxy_set_header X-Api-Key $http_x_api_key;\n"),
        ("site.conf", "    proxy_set_header Authorization $http_authorization;\n"),
        ("edi-vhost.conf", '    RequestHeader set X-Api-Key "%{EDI_API_KEY}e"\n'),
        ("haproxy.cfg", "    http-request set-header X-Api-Key %[env(EDI_API_KEY)]\n"),
        ("edi-vhost.conf", "    RequestHeader unset X-Api-Key\n"),
        ("haproxy.cfg", "    http-request set-header X-Forwarded-Proto https\n"),
    ],
)
def test_headers_without_a_credential_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


def discord_token(rng: random.Random) -> str:
    """A Discord bot token as documented: base64 of a snowflake id, a timestamp, an HMAC."""
    head = base64.b64encode(str(rng.randrange(10**17, 10**19)).encode()).decode().rstrip("=")
    return f"{head}.{random_value(rng, 'b64url', 6)}.{random_value(rng, 'b64url', 38)}"


DISCORD = discord_token(RNG)
SONAR = "squ_" + random_value(RNG, "hex", 40)
COOKIE = random_value(RNG, "upper", 20)


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        # Puppet's Sensitive type wraps the literal; it hides it from logs, not from the file.
        ("init.pp", f"  Sensitive[String] $admin_password = Sensitive('{PW}'),\n", PW),
        ("init.pp", f"  $admin_password = Sensitive.new('{PW}')\n", PW),
        # The Erlang distribution cookie RabbitMQ nodes share: Hiera, Helm values, env, vm.args.
        ("common.yaml", f"profile::rabbitmq::erlang_cookie: '{COOKIE}'\n", COOKIE),
        ("values.yaml", f"auth:\n  erlangCookie: {COOKIE}\n", COOKIE),
        ("rabbitmq.env", f"RABBITMQ_ERLANG_COOKIE={COOKIE}\n", COOKIE),
        ("vm.args", f"-name node@host\n-setcookie {COOKIE}\n", COOKIE),
        # Redis AUTH as a client method: lua-resty-redis, ioredis, Jedis (Redis 6 ACL), Predis.
        ("limits.lua", f'local ok, err = red:auth("{KEY}")\n', KEY),
        ("cache.js", f'await redis.auth("{PW}");\n', PW),
        ("Cache.java", f'jedis.auth("svc", "{PW}");\n', PW),
        ("cache.php", f"$client->auth('{PW}');\n", PW),
        # Discord bot tokens, after the "Bot " scheme or under the service's name.
        ("bot.go", f'dg, _ := discordgo.New("Bot " + "{DISCORD}")\n', DISCORD),
        ("bot.py", f'headers = {{"Authorization": "Bot {DISCORD}"}}\n', DISCORD),
        ("bot.js", f'client.login("{DISCORD}");\n', DISCORD),
        ("bot.py", f'bot.run("{DISCORD}")\n', DISCORD),
        # Redis's AUTH command written out, piped or given to redis-cli.
        ("warm.sh", f'echo "AUTH {PW}" | redis-cli -h cache.host.invalid --tls\n', PW),
        ("warm.sh", f"redis-cli -h cache.host.invalid AUTH default {PW}\n", PW),
        # SonarScanner's sonar.login holds a token (SonarCloud's have no prefix).
        ("pom.xml", f"    <sonar.login>{HEX}</sonar.login>\n", HEX),
        # SonarQube user and analysis tokens.
        ("pom.xml", f"    <sonar.login>{SONAR}</sonar.login>\n", SONAR),
        ("ci.sh", f"sonar-scanner -Dsonar.token={SONAR}\n", SONAR),
    ],
)
def test_named_formats_and_calls_are_read(path: str, text: str, secret: str) -> None:
    assert secrets(text, path) == [secret]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("init.pp", "  $admin_password = Sensitive(lookup('mq::admin_password'))\n"),
        ("common.yaml", "profile::rabbitmq::erlang_cookie: \"%{lookup('mq_cookie')}\"\n"),
        ("common.yaml", f"profile::rabbitmq::session_cookie_name: '{COOKIE}x'\n"),
        ("limits.lua", 'local ok, err = red:auth(os.getenv("REDIS_PASSWORD"))\n'),
        ("app.js", "firebase.auth().signInAnonymously()\n"),
        ("spec.js", 'request(app).get("/").auth("svc", process.env.SVC_PASSWORD)\n'),
        ("cookies.php", f'setcookie("lang", "{KEY}");\n'),
        ("bot.go", 'dg, _ := discordgo.New("Bot " + os.Getenv("DISCORD_TOKEN"))\n'),
        # The shape of a bot token whose first part is not a user id.
        (
            "bot.go",
            f'dg, _ := discordgo.New("Bot M{random_value(RNG, "b64url", 23)}.abcdef.{KEY}")\n',
        ),
        ("pom.xml", "<sonar.login>squ_" + "0" * 40 + "</sonar.login>\n"),
        ("pom.xml", "<sonar.login>${env.SONAR_TOKEN}</sonar.login>\n"),
        ("warm.sh", 'echo "AUTH $REDIS_PASSWORD" | redis-cli -h cache.host.invalid\n'),
        ("mail.md", f"The server answers AUTH LOGIN with a challenge, then {PW} follows.\n"),
    ],
)
def test_look_alikes_of_named_formats_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


def test_a_named_argument_is_reported_once() -> None:
    text = f'case class Creds(user: String, password: String)\nval c = Creds("svc", password = "{PW}")\n'
    assert secrets(text, "Tolls.scala") == [PW]


# --- UTF-16 profiles, notebook outputs ------------------------------------------------------


def test_a_utf16_powershell_profile_is_read_with_its_lines(tmp_path: Path) -> None:
    """Windows PowerShell 5 saves scripts as UTF-16 LE with a byte-order mark and CRLF."""
    text = (
        "# profile of the jump host\r\nSet-Alias k kubectl\r\n"
        f"$env:DISPATCH_URL = 'https://dispatch.host.invalid'\r\n$env:DISPATCH_KEY = '{KEY}'\r\n"
        f"$env:DISPATCH_TENANT = '{uuid.UUID(int=RNG.getrandbits(128), version=4)}'\r\n"
    )
    (tmp_path / "profile.ps1").write_bytes(text.encode("utf-16"))
    result = scan(tmp_path)
    assert [(f.path, f.line, f.column) for f in result.findings] == [("profile.ps1", 4, 22)]


@pytest.mark.parametrize(
    ("source", "output"),
    [
        # A secret-named variable printed, or shown as the cell's result (text/plain repr).
        (
            'import os\nprint(os.environ["WEATHER_KEY"])',
            {"output_type": "stream", "name": "stdout", "text": [f"{HEX}\n"]},
        ),
        (
            'os.getenv("WEATHER_API_KEY")',
            {
                "output_type": "execute_result",
                "execution_count": 3,
                "metadata": {},
                "data": {"text/plain": [f"'{HEX}'"]},
            },
        ),
        (
            "display(weather_token)",
            {"output_type": "display_data", "metadata": {}, "data": {"text/plain": [f"'{HEX}'"]}},
        ),
    ],
)
def test_a_secret_printed_in_a_notebook_output_is_read(
    tmp_path: Path, source: str, output: dict[str, object]
) -> None:
    cell = {
        "cell_type": "code",
        "metadata": {},
        "source": source.splitlines(keepends=True),
        "outputs": [output],
    }
    raw = notebook([cell], indent=1)
    (tmp_path / "forecast.ipynb").write_bytes(raw)
    result = scan(tmp_path)
    line = next(i for i, text in enumerate(raw.decode().splitlines(), start=1) if HEX in text)
    assert [(f.path, f.line) for f in result.findings] == [("forecast.ipynb", line)]


@pytest.mark.parametrize(
    "source",
    [
        # What is printed is not the value: a hash of it, its length, a non-secret name.
        'print(hashlib.sha256(os.environ["WEATHER_KEY"].encode()).hexdigest())',
        'print(len(os.environ["WEATHER_KEY"]))',
        'print(os.environ["WEATHER_STATION"])',
        "model.fit(x, y)",
    ],
)
def test_other_printed_outputs_stay_silent(tmp_path: Path, source: str) -> None:
    output = {"output_type": "stream", "name": "stdout", "text": [f"{HEX}\n"]}
    cell = {"cell_type": "code", "metadata": {}, "source": [source], "outputs": [output]}
    (tmp_path / "forecast.ipynb").write_bytes(notebook([cell], indent=1))
    assert scan(tmp_path).findings == ()


# --- labels in documents written in other languages ---------------------------------------


@pytest.mark.parametrize(
    ("path", "line", "secret"),
    [
        # A label with words around its secret word, a parenthesis, then the value ending the line.
        ("docs/es/naviera.md", f"Contraseña de respaldo (sólo si falla la principal): {PW}\n", PW),
        ("docs/fr/depot.md", f"> Mot de passe du portail transporteur : {PW}\n", PW),
        ("docs/tr/depo.md", f"Eski sistemin şifresi (kapatılana kadar): {PW}\n", PW),
        ("docs/ja/office.md", f"- APIキー（本番）: `{KEY}`\n", KEY),
        ("docs/de/zugang.md", f"- **Schlüssel der Maut-API**: `{KEY}`\n", KEY),
        ("docs/en/runbook.md", f"Password for the reporting replica: {PW}\n", PW),
        # A PIN: 4 to 12 digits under a PIN name.
        ("docs/de/zugang.md", "- Zertifikats-PIN: `803416`\n", "803416"),
        ("sim.env", "MODEM_SIM_PIN=4821\n", "4821"),
    ],
)
def test_labelled_values_in_documents_are_read(path: str, line: str, secret: str) -> None:
    assert secrets(f"# Zugang\n\n{line}", path) == [secret]


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ("docs/fr/depot.md", f"Clé publique du tunnel WireGuard : `{KEY}`\n"),
        ("docs/en/runbook.md", f"Password policy (minimum length): {PW}\n"),
        ("docs/en/runbook.md", "Password for the reporting replica: see the vault\n"),
        ("docs/en/runbook.md", f"The password we used last year was rotated, see ticket: {PW}\n"),
        (
            "docs/es/naviera.md",
            "Contraseña de respaldo (sólo si falla la principal): pregunte a TI\n",
        ),
        ("docs/de/zugang.md", "- Zertifikats-PIN: `0000`\n"),
        ("docs/de/zugang.md", "- Zertifikats-PIN: `1234`\n"),
        ("board.h", "#define LED_PIN 13\n"),
        ("board.py", "BUTTON_PIN = 27\n"),
    ],
)
def test_labels_without_a_secret_stay_silent(path: str, line: str) -> None:
    assert secrets(f"# Zugang\n\n{line}", path) == []


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ('print(os.environ["WEATHER_KEY"])', "WEATHER_KEY"),
        ('println(ENV["API_TOKEN"])', "API_TOKEN"),  # Julia
        ('cat(Sys.getenv("API_KEY"))', "API_KEY"),  # R
        ("import os\nsettings.api_key", "api_key"),
        ("print(len(api_key))", None),
        ("print(api_key[:4])", None),
        ('print(os.environ["WEATHER_STATION"])', None),
    ],
)
def test_the_name_a_cell_prints_is_read_from_its_last_line(source: str, name: str | None) -> None:
    assert grammar.printed_name(source) == name

"""Credential forms outside the ASCII vocabulary and the usual assignment shapes, each with
look-alikes that stay silent.

Password names in other scripts (``пароль``, ``密码``, ``パスワード``, ``비밀번호``,
``كلمة_المرور``) or starting with a marked letter (``şifre``, ``hasło``); Go struct tags that give
a field its default (envconfig, caarlos0/env, cleanenv); what a notebook prints (its outputs are
read as a log: ``Your token is: ...``); a private key's base64 DER on one line in a ``*.key``
file, however long; a CloudFormation JSON parameter's ``Default``; a YAML value holding ``=``.
Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest
from codescan_helpers import notebook, random_value, scan
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from assess.codescan import Detector, available_engines

DETECTOR = Detector()
RNG = random.Random(3112)
PW = random_value(RNG, "pw", 18)
KEY = random_value(RNG, "alnum", 40)


def secrets(text: str, path: str, detector: Detector = DETECTOR) -> list[str]:
    return [m.secret for m in detector.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("settings.py", f'пароль = "{PW}"\n'),
        ("config.yaml", f"db:\n  Пароль_БД: {PW}\n"),
        ("config.yaml", f"数据库:\n  密码: {PW}\n"),
        ("app.env", f"数据库密码={PW}\n"),
        ("app.properties", f"パスワード={PW}\n"),
        ("config.json", f'{{"비밀번호": "{PW}"}}\n'),
        ("config.json", f'{{"كلمة_المرور": "{PW}"}}\n'),
        ("db.ts", f'const şifre = "{PW}";\n'),
        ("db.yaml", f"Şifre: {PW}\n"),
        ("db.yaml", f"hasło: {PW}\n"),
        ("app.ini", f"Lösenord = {PW}\n"),
    ],
)
def test_password_names_in_other_scripts_are_read(path: str, text: str) -> None:
    assert secrets(text, path) == [PW]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        # Labels and prompts in the language itself: words, not secrets.
        ("ru.json", '{"пароль": "Пароль"}\n'),
        ("zh.json", '{"密码": "请输入密码"}\n'),
        ("ja.json", '{"パスワード": "パスワードを入力してください"}\n'),
        ("ko.yaml", "비밀번호: 비밀번호를 입력하세요\n"),
        ("app.yaml", "密码长度: 12\n"),
        ("login.py", 'пароль = input("Введите пароль: ")\n'),
        ("values.yaml", '비밀번호: "{{ .Values.password }}"\n'),
        ("app.env", "ŞİFRE=${DB_SIFRE}\n"),
        ("README.md", "Пароль должен содержать не менее 12 символов.\n"),
    ],
)
def test_labels_in_other_scripts_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


@pytest.mark.parametrize("engine", available_engines())
def test_every_engine_reads_names_in_other_scripts(engine: str) -> None:
    detector = Detector(engine=engine)
    text = f'пароль = "{PW}"\ntoken = "{KEY}"\n'
    assert secrets(text, "a.py", detector) == [PW, KEY]


@pytest.mark.parametrize(
    "text",
    [
        f'type Config struct {{\n\tUser     string `env:"DB_USER" default:"app"`\n'
        f'\tPassword string `env:"DB_PASSWORD" default:"{PW}"`\n}}\n',
        f'type Settings struct {{\n\tAPIKey string `envconfig:"API_KEY" default:"{KEY}"`\n}}\n',
        f'type C struct {{\n\tToken string `env:"TOKEN" envDefault:"{KEY}"`\n}}\n',
        f'type C struct {{\n\tDBPassword string `env:"DB_PASSWORD" env-default:"{PW}"`\n}}\n',
    ],
)
def test_go_struct_tag_defaults_are_found(text: str) -> None:
    found = secrets(text, "config.go")
    assert found in ([PW], [KEY])


@pytest.mark.parametrize(
    "text",
    [
        'type C struct {\n\tPassword string `json:"password" yaml:"password"`\n}\n',
        'type C struct {\n\tPassword string `env:"DB_PASSWORD" default:""`\n}\n',
        'type C struct {\n\tToken string `env:"TOKEN" envDefault:"${GITHUB_TOKEN}"`\n}\n',
        'type C struct {\n\tPasswordFile string `default:"/run/secrets/db_password"`\n}\n',
        'type C struct {\n\tTokenTTL time.Duration `default:"15m"`\n}\n',
    ],
)
def test_go_struct_tags_without_a_secret_default_stay_silent(text: str) -> None:
    assert secrets(text, "config.go") == []


def _notebook_printing(lines: list[str], source: list[str]) -> bytes:
    return notebook(
        [
            {
                "cell_type": "code",
                "execution_count": 1,
                "metadata": {},
                "source": source,
                "outputs": [{"name": "stdout", "output_type": "stream", "text": lines}],
            }
        ],
        indent=1,
    )


@pytest.mark.parametrize(
    "printed",
    [f"Your token is: {KEY}\n", f"API key: {KEY}\n", f"Generated password: {PW}\n"],
)
def test_what_a_notebook_prints_is_read_as_a_log(tmp_path: Path, printed: str) -> None:
    data = _notebook_printing(["Created the service principal\n", printed], ["run()\n"])
    (tmp_path / "explore.ipynb").write_bytes(data)
    value = printed.split(": ")[1].strip()
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if value in text)
    findings = scan(tmp_path).findings
    assert [(f.cell, f.line) for f in findings] == [("cell 1 output 1", line)]
    assert findings[0].preview.startswith(value[:4])


@pytest.mark.parametrize(
    "printed",
    [
        "Your token is: ready.\n",
        "Your token is: ********\n",
        "API key: see the vault\n",
        "Generated password: <hidden>\n",
    ],
)
def test_a_notebook_printing_no_secret_stays_silent(tmp_path: Path, printed: str) -> None:
    source = ["token = create_token()\n", 'print("Your token is:", token)\n']
    (tmp_path / "explore.ipynb").write_bytes(_notebook_printing([printed], source))
    assert scan(tmp_path).findings == ()


def _b64(der: bytes) -> str:
    return base64.b64encode(der).decode()


RSA = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC = ec.generate_private_key(ec.SECP256R1())


@pytest.mark.parametrize(
    "der",
    [
        RSA.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
        RSA.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
        EC.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
    ],
)
def test_a_private_key_as_one_base64_line_in_a_key_file_is_found(der: bytes) -> None:
    token = _b64(der)
    assert secrets(token + "\n", "certs/server.key") == [token]


def test_public_keys_as_one_long_base64_line_stay_silent() -> None:
    big = rsa.generate_private_key(public_exponent=65537, key_size=4096).public_key()
    spki = _b64(big.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1))
    assert len(spki) > 512
    assert secrets(spki + "\n", "certs/server.pub.key") == []
    words = " ".join(["lorem"] * 200)
    assert secrets(words, "notes.key") == []


def test_a_cloudformation_json_parameter_default_is_found() -> None:
    template = {"Parameters": {"MasterUserPassword": {"Type": "String", "NoEcho": "true"}}}
    template["Parameters"]["MasterUserPassword"]["Default"] = PW
    assert secrets(json.dumps(template, indent=2), "template.json") == [PW]
    template["Parameters"]["MasterUserPassword"]["Default"] = "{{resolve:ssm-secure:db-pw:1}}"
    assert secrets(json.dumps(template, indent=2), "template.json") == []


def test_a_yaml_value_holding_an_equals_sign_is_one_value() -> None:
    value = f"{PW[:4]}={PW[4:]}"
    assert secrets(f"mysql_root_password: {value}\n", "group_vars/all.yml") == [value]
    # A typed declaration still reads its value after the type.
    assert secrets(f'password: str = "{PW}"\n', "settings.py") == [PW]

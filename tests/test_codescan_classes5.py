"""Credential classes of estates written in other languages and of less common idioms, each with
look-alikes that stay silent.

Names for a key, a secret or a token in other languages (German ``Schlüssel``, Spanish
``clave``, Turkish ``anahtarı``, Chinese ``密钥``, Japanese ``APIキー``...), values after a
full-width colon, ``NAME=#value`` in INI files, and the hints and published example values that
are not credentials. Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import random

import pytest
from codescan_helpers import random_value

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

"""Credential forms as their documentation writes them, each with look-alikes that stay silent.

A vendor's name joined to a role word with no secret word (Algolia's admin API key as
``algoliaAdmin``, Stripe's live-mode key as ``stripeLive``, SendGrid's as ``sendgridApi``);
password names with diacritics (``contraseña``) or in more languages (``heslo``, ``passord``,
``sifre``); key files whose whole content is one bare token (Rails' ``config/master.key`` and
``config/credentials/<environment>.key``); sbt's ``Credentials(realm, host, user, password)``.
Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector

DETECTOR = Detector()
RNG = random.Random(1612)
KEY = random_value(RNG, "alnum", 32)
PW = random_value(RNG, "pw", 16)


def secrets(text: str, path: str) -> list[str]:
    return [text[m.start : m.end] for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        ("App.kt", f'val algoliaAdmin = "{KEY}"\n', KEY),
        ("Config.swift", f'let sendgridApi: String = "{KEY}"\n', KEY),
        ("config.dart", f"const String mapboxPrivate = '{KEY}';\n", KEY),
        ("settings.yaml", f"stripe_live: {KEY}\n", KEY),
        ("app.env", f"TWILIO_MASTER={KEY}\n", KEY),
        ("config.ts", f'export const pagerDutyApi = "{KEY}";\n', KEY),
        ("es.json", f'{{"contraseña": "{PW}"}}\n', PW),
        ("tr.yaml", f"veritabani_sifre: {PW}\n", PW),
        ("cs.properties", f"db.heslo={PW}\n", PW),
        ("no.ini", f"passord = {PW}\n", PW),
    ],
)
def test_documented_forms_are_found(path: str, text: str, secret: str) -> None:
    assert secrets(text, path) == [secret]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("a.js", 'const stripeApi = require("stripe")(process.env.STRIPE_SECRET_KEY);\n'),
        ("a.js", 'const sendgridApi = "https://api.sendgrid.com/v3/mail/send";\n'),
        ("a.js", "const algoliaAdmin = process.env.ALGOLIA_ADMIN_KEY;\n"),
        ("a.js", "const stripeLive = true;\n"),
        ("a.js", 'const mapboxPrivate = "${MAPBOX_PRIVATE}";\n'),
        ("a.js", 'const slackApi = "slack_api_client_v2";\n'),
        ("a.js", 'const algoliaServer = "algolia-server-01.internal";\n'),
        ("a.js", 'const oktaAdmin = "admin@acme.io";\n'),
        ("a.js", 'const stripeLiveMode = "enabled";\n'),
        ("a.yaml", "datadog:\n  api: https://api.datadoghq.eu\n"),
        ("a.js", f'const stripeAdminId = "{KEY}";\n'),
        ("a.yaml", 'contraseña: "${DB_PASS}"\n'),
        ("a.yaml", 'heslo: "<vase-heslo>"\n'),
        ("es.yml", "es:\n  contraseña: Contraseña\n"),  # a translated label
        ("ru.yml", "ru:\n  senha: Пароль\n"),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


HEX32 = random_value(RNG, "hex", 32)
B64 = random_value(RNG, "b64", 44)


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        ("config/master.key", f"{HEX32}", HEX32),
        ("config/credentials/production.key", f"{HEX32}\n", HEX32),
        ("deploy/app.key", f"  {B64}\r\n", B64),
        ("release.zip!config/master.key", f"{HEX32}\n", HEX32),
    ],
)
def test_a_key_file_holding_one_bare_token_is_reported(path: str, text: str, secret: str) -> None:
    found = DETECTOR.scan_text(text, path)
    assert [(m.rule_id, m.secret, m.line) for m in found] == [("key-file-token", secret, 1)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("config/master.key", ""),
        ("public.key", f"-----BEGIN PUBLIC KEY-----\n{B64}\n{B64}\n-----END PUBLIC KEY-----\n"),
        ("ids/tenant.key", "6f1c2a9b\n"),
        ("ids/object.key", "3f2504e0-4f89-41d3-9a0c-0305e82c3301\n"),
        ("config/master.key", "<paste-the-master-key-here>\n"),
        ("config/master.key", "your_master_key_goes_here_replace_me\n"),
        ("notes.txt", f"{HEX32}\n"),
        ("authorized.key", f"ssh-ed25519 {B64} deploy@build\n"),
        ("config/master.key", f"{HEX32[:24]}\n"),
        # An Ed25519 and a P-256 public key (SubjectPublicKeyInfo, DER) written without PEM lines.
        ("config/signing.key", "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"),
        (
            "jwt/verify.key",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEVs/o5+uQbTjL3chynL4wXgUg2R9q9UU8I5mEovUf86QZ7kOBIjJ"
            "wqnzD1omageEHWwHdBO6B+dFabmdT9POxg==\n",
        ),
    ],
)
def test_key_files_that_hold_no_bare_secret_stay_silent(path: str, text: str) -> None:
    assert [m.rule_id for m in DETECTOR.scan_text(text, path)] == []


SBT_REALM = 'credentials += Credentials("Artifactory Realm", "repo.example.invalid", "ci-bot", '


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SBT_REALM + f'"{PW}")\n', [PW]),  # sbt: realm, host, user, password
        (SBT_REALM + 'sys.env("ARTIFACTORY_PASSWORD"))\n', []),
        ('credentials += Credentials(Path.userHome / ".sbt" / ".credentials")\n', []),
        (f'val c = new Credentials("svc-user", "{PW}")\n', [PW]),  # another library's pair
    ],
)
def test_sbt_credentials_report_the_password_not_the_user(text: str, expected: list[str]) -> None:
    assert secrets(text, "build.sbt") == expected

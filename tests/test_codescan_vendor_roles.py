"""A vendor's name joined to a role word, and password names written with diacritics.

Provider SDK docs name credentials by vendor and role with no secret word (Algolia's admin API
key as ``algoliaAdmin``, Stripe's live-mode key as ``stripeLive``, SendGrid's as
``sendgridApi``); configuration in Spanish, Portuguese or Turkish writes ``contraseña`` or
``sifre``. Values are drawn at random; none describes itself.
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
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []

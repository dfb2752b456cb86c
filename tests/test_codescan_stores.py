"""Secrets handed to the tools that store them, and kept in the files those tools write, each
with look-alikes that stay silent.

``dotnet user-secrets set`` and ``gh secret set --body``; AWS CDK's
``SecretValue.unsafePlainText``; ipsec.secrets ``: PSK "..."``; a BIND ``key`` block's
``secret "...";``; an XML element with attributes (FileZilla's ``<Pass encoding="base64">``);
ASP.NET's ``<machineKey validationKey=...>``; Mercurial's ``.hgrc`` ``[auth]``; SQL*Plus
``CONNECT user/password@db``; a login pair in a document ("Login: admin / ..."); a Word
document's text. Values are drawn at random; none describes itself.
"""

from __future__ import annotations

import base64
import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector

DETECTOR = Detector()
RNG = random.Random(3116)
PW = random_value(RNG, "pw", 16)
KEY = random_value(RNG, "alnum", 32)
B64 = base64.b64encode(bytes(RNG.randrange(256) for _ in range(32))).decode()
HEX = random_value(RNG, "hex", 128).upper()


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text", "secret"),
    [
        ("setup.sh", f'dotnet user-secrets set "Stripe:ApiKey" "{KEY}"\n', KEY),
        ("setup.sh", f'gh secret set API_TOKEN --body "{KEY}"\n', KEY),
        ("stack.ts", f"masterUserPassword: SecretValue.unsafePlainText('{PW}'),\n", PW),
        ("ipsec.secrets", f'gw.host.invalid 10.0.0.1 : PSK "{PW}"\n', PW),
        (
            "named.conf",
            f'key "transfer" {{\n  algorithm hmac-sha256;\n  secret "{B64}";\n}};\n',
            B64,
        ),
        (
            "sitemanager.xml",
            f'<Server>\n  <User>ops</User>\n  <Pass encoding="base64">{B64}</Pass>\n</Server>\n',
            B64,
        ),
        ("web.config", f'<machineKey validationKey="{HEX}" validation="HMACSHA256" />\n', HEX),
        (".hgrc", f"[auth]\nfiles.prefix = hg.host.invalid\nfiles.password = {PW}\n", PW),
        ("deploy.sql", f"WHENEVER SQLERROR EXIT 1\nCONNECT reporting/{PW}@orcl\n", PW),
        ("handover.md", f"Login: admin / {PW}\n", PW),
        ("handover.md", f"User/Password: ops / {PW}\n", PW),
        ("word/document.xml", f"<w:p><w:r><w:t>Password: {PW}</w:t></w:r></w:p>\n", PW),
    ],
)
def test_stored_secrets_are_found(path: str, text: str, secret: str) -> None:
    assert secrets(text, path) == [secret]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("setup.sh", 'dotnet user-secrets set "Api:BaseUrl" "https://api.host.invalid"\n'),
        ("setup.sh", 'gh secret set API_TOKEN --body "$API_TOKEN"\n'),
        ("stack.ts", "masterUserPassword: SecretValue.secretsManager('db-admin'),\n"),
        ("ipsec.secrets", ": RSA server.key\n"),
        ("sitemanager.xml", '<Pass encoding="base64" />\n<Protocol>0</Protocol>\n'),
        ("settings.xml", '<Pass encoding="base64">base64</Pass>\n'),
        ("web.config", '<machineKey validationKey="AutoGenerate,IsolateApps" />\n'),
        ("deploy.sql", "CONNECT / AS SYSDBA\n"),
        ("README.md", "Then connect to/from the host.\n"),
        ("handover.md", "Login: admin / see the vault\n"),
        ("word/document.xml", "<w:t>Password: must be rotated yearly</w:t>\n"),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []

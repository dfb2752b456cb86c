"""Credentials written into documents (runbooks, wikis, handover notes, exported pages), in the
languages such documents are written in, each with look-alikes that stay silent.

A label and its value: "Das Passwort für den Server lautet: v", "Le mot de passe est : v",
"Password for ops: v", "Token (prod): v", "API key for staging: v", Markdown bold and tables,
HTML list items, code and table cells, "Credentials: admin/v". Then values that only look bound
to a secret name: a literal an expression continues (``'prefix.' + str(id)``), a format
template (``"...{}".format(x)``), a short pattern under a ``pat`` name, GPG fingerprints after
``--recv-keys``, and keyword arguments beside ``user=`` read as a libpq string. Values are drawn
at random; none describes itself.
"""

from __future__ import annotations

import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector

DETECTOR = Detector()
RNG = random.Random(3115)
PW = random_value(RNG, "pw", 14)
KEY = random_value(RNG, "alnum", 32)


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    "line",
    [
        "Das Passwort für den Server lautet: {}",
        "Das Passwort ist {}",
        "Le mot de passe est : {}",
        "La contraseña es: {}",
        "A senha é: {}",
        "La password è: {}",
        "Het wachtwoord is: {}",
        "Hasło to: {}",
        "Пароль от сервера: {}",
        "密码：{}",
        "Lösenordet är: {}",
        "Salasana on {}",
        "Heslo je: {}",
        "The password for the admin account is: {}",
        "Password for ops: {}",
        "Token (prod): {}",
        "API key for staging: {}",
        "- **Password:** {}",
        "**Password**: {}",
        "| Admin password | `{}` |",
        "Credentials: admin/{}",
    ],
)
def test_a_label_in_a_document_gives_its_value(line: str) -> None:
    assert secrets("# Access\n\n" + line.format(PW) + "\n", "runbook.md") == [PW]


@pytest.mark.parametrize(
    "text",
    [
        f"<p>Passwort: <code>{PW}</code></p>\n",
        f"<li><b>Password:</b> {PW}</li>\n",
        f"<tr><td>Password</td><td>{PW}</td></tr>\n",
        f"<dl><dt>Token</dt><dd>{PW}</dd></dl>\n",
    ],
)
def test_html_pages_give_their_values(text: str) -> None:
    assert secrets(text, "handover.html") == [PW]


@pytest.mark.parametrize(
    "line",
    [
        "Das Passwort muss mindestens 12 Zeichen lang sein.",
        "Le mot de passe est stocké dans le coffre.",
        "Passwort: siehe Tresor",
        "Пароль: хранится в хранилище ключей",
        "The password is stored in Key Vault.",
        "Password: ********",
        "| Password | see vault |",
        f"Secret version: {KEY}",
        f"API key ID: {KEY}",
        "Password hint: the name of the first ferry",
        "| outputs that hold a credential | `--deployments` |",
        "Token lifetime: 3600",
        "Password reset link: https://portal.host.invalid/reset",
        f"2026-05-01 INFO login user=admin password: **** {KEY}",
        f"token: **** **** {KEY[:12]}",
    ],
)
def test_prose_without_a_credential_stays_silent(line: str) -> None:
    assert secrets("# Access\n\n" + line + "\n", "runbook.md") == []


def test_a_command_naming_a_secret_is_not_a_label() -> None:
    text = f"kubectl create secret generic db --from-literal=password={PW}\n"
    assert secrets(text, "deploy.sh") == [PW]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("local.py", "self.key = '_threading_local._localimpl.' + str(id(self))\n"),
        ("reg.py", 'base_key = "Software\\\\Python\\\\PythonCore\\\\{}.{}".format(major, minor)\n'),
        ("news.py", "GROUP_PAT = 'fr.comp.lang.*'\n"),
        (
            "README.md",
            "gpg --keyserver hkps://keys.openpgp.org --recv-keys "
            f"{random_value(RNG, 'hex', 40).upper()}\n",
        ),
        ("nntp.py", "def login(self, user=None, password=None, usenetrc=True):\n"),
        ("nntp.py", "nntp = NNTP(host, user=baduser, password=badpw, usenetrc=False)\n"),
        ("app.lua", "local key = 'cache:' .. user_id\n"),
        ("app.php", "$token = 'prefix-' . $id;\n"),
    ],
)
def test_values_that_only_look_bound_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


def test_a_literal_followed_by_another_literal_is_still_read() -> None:
    text = f'password = "{PW}"  # rotated yearly\ntoken = "{KEY}"\n'
    assert secrets(text, "settings.py") == [PW, KEY]
    assert secrets(f'dsn = "host=db user=app password={PW} dbname=app"\n', "db.py") == [PW]

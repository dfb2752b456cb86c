"""Literals written in the less usual ways each language allows, bound to a secret-like name,
each with look-alikes that stay silent.

XML ``CDATA`` sections, triple-quoted one-line strings (TOML, Python, Kotlin), a literal fallback
after an indexer or a call
(``config["Db:Password"] ?? "..."``), and setters whose name argument is not the first
(``setattr(cfg, "password", ...)``, ``ConfigParser.set(section, "password", ...)``). Values are
drawn at random; none describes itself.
"""

from __future__ import annotations

import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector

DETECTOR = Detector()
PW = random_value(random.Random(3118), "pw", 16)


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("settings.xml", f"<password><![CDATA[{PW}]]></password>\n"),
        ("config.toml", f"password = '''{PW}'''\n"),
        ("Config.kt", f'val password = """{PW}"""\n'),
        ("Db.cs", f'var password = config["Db:Password"] ?? "{PW}";\n'),
        ("Db.cs", f'var password = GetPassword() ?? "{PW}";\n'),
        ("conf.py", f'setattr(cfg, "password", "{PW}")\n'),
        ("conf.py", f'parser.set("db", "password", "{PW}")\n'),
    ],
)
def test_literals_are_found(path: str, text: str) -> None:
    assert secrets(text, path) == [PW]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("settings.xml", "<password><![CDATA[${DB_PASSWORD}]]></password>\n"),
        ("settings.py", "password = (\n    get_password()\n)\n"),
        ("config.ts", 'const config = {\n  password:\n    process.env.X,\n  other: "abc",\n};\n'),
        ("values.yaml", f'password:\n  name: "{PW}"\n'),
        ("query.kt", 'val query = """SELECT password FROM users"""\n'),
        ("doc.py", 'password = """\nThe password of the service account.\n"""\n'),
        ("Db.cs", 'var password = config["Db:Password"] ?? "";\n'),
        ("labels.py", 'labels = ("password", "Password:")\n'),
        ("conf.py", 'parser.set("db", "password", os.environ["DB_PASSWORD"])\n'),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []

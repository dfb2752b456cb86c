"""Values that sit where a secret would and are not one, written as real projects write them.

Template expressions that name a secret inside them (Ansible ``lookup('hashi_vault',
'secret=kv/db:password')``), namespaced cache and Redis keys under a key name
(``redis_key = "session:..."``), translated labels made of compound words (``"Zugangstoken"``,
``"Kennwortrichtlinie"``). The credentials beside them are still found. Values are drawn at
random; none describes itself.
"""

from __future__ import annotations

import base64
import random

import pytest
from codescan_helpers import random_value

from assess.codescan import Detector, grammar

DETECTOR = Detector()
RNG = random.Random(3117)
PW = random_value(RNG, "pw", 16)
KEY = random_value(RNG, "alnum", 32)


def secrets(text: str, path: str) -> list[str]:
    return [m.secret for m in DETECTOR.scan_text(text, path)]


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("site.yml", "password: \"{{ lookup('hashi_vault', 'secret=kv/db:password') }}\"\n"),
        ("site.yml", "token: \"{{ lookup('env', 'API_TOKEN') | default('none') }}\"\n"),
        ("cache.py", f'redis_key = "session:{random_value(RNG, "alnum", 8)}"\n'),
        ("cache.ts", f"const cacheKey = `user_profile:{random_value(RNG, 'alnum', 10)}`;\n"),
        ("de.json", '{"login.token": "Zugangstoken", "login.password": "Kennwortrichtlinie"}\n'),
        ("pl.json", '{"password": "Wprowadzasz"}\n'),
    ],
)
def test_look_alikes_stay_silent(path: str, text: str) -> None:
    assert secrets(text, path) == []


def test_the_credentials_beside_them_are_found() -> None:
    text = (
        f"password: \"{{{{ lookup('env', 'DB_PASSWORD') }}}}\"\nbackup_password: \"{PW}\"\n"
        f'redis_key = "{KEY}"\n'
    )
    assert secrets(text, "site.yml") == [PW, KEY]
    laravel = base64.b64encode(bytes(RNG.randrange(256) for _ in range(32))).decode()
    assert secrets(f"APP_KEY=base64:{laravel}\n", ".env") == [f"base64:{laravel}"]


def test_compound_words_read_as_words_and_random_letters_do_not() -> None:
    for word in ("Zugangstoken", "Kennwortrichtlinie", "Zugangsdaten", "Wprowadzasz"):
        assert grammar._wordlike(word), word
    rng = random.Random(17)
    letters = "bcdfghjklmnpqrstvwxz" * 3 + "aeiou"
    randoms = ["".join(rng.choice(letters) for _ in range(12)) for _ in range(200)]
    assert sum(grammar._wordlike(r) for r in randoms) <= 4

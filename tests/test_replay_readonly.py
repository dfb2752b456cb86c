"""Read-only: every recorded request in the project is a GET or a documented read-style POST."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from assess.apis import READ_POSTS

ROOT = Path(__file__).resolve().parent.parent
CASSETTES = sorted(
    p
    for folder in (ROOT / "cassettes", ROOT / "tests")
    if folder.is_dir()
    for p in [*folder.rglob("*.yaml"), *folder.rglob("*.yml")]
)


def is_read(method: str, uri: str) -> bool:
    if method.upper() == "GET":
        return True
    path = urlsplit(uri).path.rstrip("/").lower()
    return method.upper() == "POST" and path.endswith(tuple(s.lower() for s in READ_POSTS))


def test_the_rule_itself() -> None:
    assert is_read("GET", "https://management.azure.com/subscriptions")
    assert is_read(
        "POST",
        "https://m/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a/config/appsettings/list?api-version=1",
    )
    assert not is_read(
        "POST", "https://m/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a/listKeys"
    )
    assert not is_read("PUT", "https://m/subscriptions/s/resourceGroups/g")
    assert not is_read("DELETE", "https://m/subscriptions/s/resourceGroups/g")


def test_there_are_cassettes_to_check() -> None:
    assert any(p.parent.name == "cassettes_unit" for p in CASSETTES)


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_recorded_request_is_a_read(cassette: Path) -> None:
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "interactions" not in data:
        pytest.skip("not a vcrpy cassette")
    writes = [
        f"{i['request']['method']} {i['request']['uri']}"
        for i in data["interactions"] or ()
        if not is_read(i["request"]["method"], i["request"]["uri"])
    ]
    assert writes == []

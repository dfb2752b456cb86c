"""A tag named like a credential keeps only its redacted preview in the snapshot (found by the
end-to-end canary test: tags were copied whole, and people do put passwords in tags)."""

from __future__ import annotations

import pytest

from assess.collectors._base import tags
from assess.redact import secret_like_name


@pytest.mark.parametrize(
    "name", ["adminPassword", "db_pwd", "API_KEY", "sasToken", "clientSecret", "ConnectionString"]
)
def test_a_credential_named_tag_keeps_only_its_preview(name: str) -> None:
    value = "TagCanary-8a0e-Lm2Qw9Jt"
    kept = tags({name: value, "environment": "production"})
    assert value not in kept[name]
    assert kept[name].endswith(f"({len(value)} chars)")
    assert kept["environment"] == "production"


@pytest.mark.parametrize("name", ["environment", "owner", "costCenter", "keyVaultName-x", "monkey"])
def test_ordinary_tags_are_kept_as_they_are(name: str) -> None:
    assert not secret_like_name(name)
    assert tags({name: "value-1"}) == {name: "value-1"}

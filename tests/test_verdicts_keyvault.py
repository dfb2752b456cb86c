"""Key Vault verdicts on answers in the shapes Resource Manager returns (Secrets - List,
api-version 2026-02-01: ``attributes`` in epoch seconds, ``exp``/``nbf`` only when set,
``enabled`` always present): what an absent attribute means for each check."""

from __future__ import annotations

from typing import Any

from snapshot_factory import AS_OF, by_status, make_snapshot, make_vault, run_checks

from assess.collectors.keyvault import parse_secret
from assess.model import Status
from assess.snapshot import SecretMeta, Snapshot

VAULT = make_vault("kv-app", enable_rbac_authorization=True)
DAY = 86_400
NOW = int(AS_OF.timestamp())


def _item(name: str, content_type: str | None = None, **attributes: Any) -> dict[str, Any]:
    """One Secrets - List item (listSecrets.json's shape) with the given attributes."""
    properties: dict[str, Any] = {
        "attributes": attributes,
        "secretUri": f"https://kv-app.vault.azure.net/secrets/{name}",
        "secretUriWithVersion": f"https://kv-app.vault.azure.net/secrets/{name}/40af42fbc1",
    }
    if content_type is not None:
        properties["contentType"] = content_type
    return {
        "name": name,
        "type": "Microsoft.KeyVault/vaults/secrets",
        "id": f"{VAULT.id}/secrets/{name}",
        "location": "westus",
        "properties": properties,
    }


def _secrets(*items: dict[str, Any]) -> Snapshot:
    parsed = [parse_secret(i, VAULT.id) for i in items]
    return make_snapshot(VAULT, *(p for p in parsed if isinstance(p, SecretMeta)))


def test_a_secret_without_a_creation_date_has_an_unknown_age_never_a_failed_one() -> None:
    snapshot = _secrets(
        _item("fresh", created=NOW - 10 * DAY, updated=NOW - 10 * DAY, enabled=True),
        _item("stale", created=NOW - 400 * DAY, updated=NOW - 400 * DAY, enabled=True),
        _item("undated", enabled=True),
        _item("off", created=NOW - 900 * DAY, enabled=False),
    )
    results = run_checks(snapshot, "SE09-5.3")
    assert by_status(results) == {
        "pass": {"fresh"},
        "fail": {"stale"},
        "unknown": {"undated"},
        "not_applicable": {"off"},
    }
    (undated,) = [f for f in results.findings if f.resource_name == "undated"]
    assert "reports no creation date" in undated.message


def test_a_certificate_backing_secret_without_exp_is_unknown_for_expiry() -> None:
    snapshot = _secrets(
        _item(
            "tls-later",
            "application/x-pkcs12",
            created=NOW - 30 * DAY,
            exp=NOW + 200 * DAY,
            nbf=NOW - 30 * DAY,
            enabled=True,
        ),
        _item("tls-soon", "application/x-pem-file", created=NOW, exp=NOW + 5 * DAY, enabled=True),
        _item("tls-undated", "application/x-pkcs12", created=NOW, enabled=True),
    )
    results = run_checks(snapshot, "SE09-5.8")
    assert by_status(results) == {
        "pass": {"tls-later"},
        "fail": {"tls-soon"},
        "unknown": {"tls-undated"},
    }
    (undated,) = [f for f in results.findings if f.status is Status.UNKNOWN]
    assert "reports no expiry date" in undated.message

"""Key Vault data plane: certificates, their policies and versions, secret versions, through the
real client, replayed from cassettes in Microsoft's published shapes and from real recordings.

Bodies come from ``../shared/azure-api-examples/KeyVault.DataPlane`` (epoch seconds, a ``nextLink``
with ``:443`` and an older api-version) and ``../shared/azure-recordings`` (a 401 challenge,
rotation policies); a cassette is assembled from them in each test, never guessed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_collect_support import SUB_A, shared_file

from assess.auth import OfflineCredential
from assess.collect import CollectOptions, collect_snapshot
from assess.collectors._base import GapSink
from assess.collectors.keyvault import _rotation_policy
from assess.collectors.keyvault_data import (
    DataPlanes,
    PlaneSettings,
    VaultBucket,
    VaultChallengePolicy,
    VaultClient,
    data_plane_base,
)
from assess.progress import NullProgress
from assess.replay import replay
from assess.snapshot import Snapshot, Vault
from assess.sources.authorization import ROLE_ASSIGNMENTS_LIST, ROLE_DEFINITIONS_LIST
from assess.sources.keyvault import KEYS_LIST, SECRETS_LIST, VAULTS_LIST_RG
from assess.sources.keyvault_data import (
    CERTIFICATE_POLICY,
    CERTIFICATE_VERSIONS_LIST,
    CERTIFICATES_LIST,
    SECRET_VERSIONS_LIST,
)
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST
from assess.sources.resources import RESOURCE_GROUP_GET, SUBSCRIPTION_GET

ARM = "https://management.azure.com"
GROUP = f"/subscriptions/{SUB_A}/resourceGroups/rg-certs"
EXAMPLES = ("azure-api-examples", "KeyVault.DataPlane")
SETTINGS = PlaneSettings(OfflineCredential(), "vault.azure.net", "managedhsm.azure.net")


def example(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(shared_file(*EXAMPLES, name).read_text())
    return body["responses"]["200"]["body"]  # type: ignore[no-any-return]


def interaction(
    uri: str, body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "request": {"method": "GET", "uri": uri, "body": None, "headers": {}},
        "response": {
            "status": {"code": status, "message": "OK" if status == 200 else "Error"},
            "headers": {"Content-Type": ["application/json; charset=utf-8"]}
            | {k: [v] for k, v in (headers or {}).items()},
            "body": {"string": body if isinstance(body, str) else json.dumps(body)},
        },
    }


def cassette(path: Path, interactions: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}))
    return path


def vault_body(name: str, uri: str) -> dict[str, Any]:
    return {
        "id": f"{GROUP}/providers/Microsoft.KeyVault/vaults/{name}",
        "name": name,
        "type": "Microsoft.KeyVault/vaults",
        "location": "westeurope",
        "tags": {"environment": "production"},
        "properties": {
            "sku": {"family": "A", "name": "standard"},
            "tenantId": "00000000-0000-0000-0000-0000000000f0",
            "vaultUri": uri,
            "enableRbacAuthorization": True,
        },
    }


def vault(name: str, uri: str | None) -> Vault:
    return Vault(
        id=f"{GROUP}/providers/Microsoft.KeyVault/vaults/{name}",
        name=name,
        subscription_id=SUB_A,
        resource_group="rg-certs",
        vault_uri=uri,
    )


def arm_calls(vaults: list[dict[str, Any]], secrets: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The Resource Manager answers for one resource group holding ``vaults``."""
    calls = [
        interaction(
            SUBSCRIPTION_GET.url(ARM, subscription_id=SUB_A),
            {"id": f"/subscriptions/{SUB_A}", "subscriptionId": SUB_A, "displayName": "Prod"},
        ),
        interaction(
            RESOURCE_GROUP_GET.url(ARM, subscription_id=SUB_A, resource_group="rg-certs"),
            {"id": GROUP, "name": "rg-certs", "location": "westeurope"},
        ),
        interaction(
            VAULTS_LIST_RG.url(ARM, subscription_id=SUB_A, resource_group="rg-certs"),
            {"value": vaults},
        ),
        interaction(ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=SUB_A), {"value": []}),
        interaction(ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=SUB_A), {"value": []}),
    ]
    for body in vaults:
        scope = body["id"]
        items = [
            {
                "id": f"{scope}/secrets/{name}",
                "name": name,
                "properties": {"attributes": {"enabled": True}},
            }
            for name in secrets.get(body["name"], [])
        ]
        calls += [
            interaction(SECRETS_LIST.url(ARM, scope=scope), {"value": items}),
            interaction(KEYS_LIST.url(ARM, scope=scope), {"value": []}),
            interaction(DIAGNOSTIC_SETTINGS_LIST.url(ARM, scope=scope), {"value": []}),
        ]
    return calls


def collect(path: Path, **switches: bool) -> Snapshot:
    options = CollectOptions(
        subscriptions=(SUB_A,),
        resource_group="rg-certs",
        replay=path,
        switches={"key_vault_data": True, **switches},
    )
    return collect_snapshot(options, NullProgress())


def data_plane_calls(host: str) -> list[dict[str, Any]]:
    """One vault's data plane, in the published examples' shapes: two certificates, one policy
    each, versions, and a secret whose versions come in two pages (the second through a
    ``nextLink`` naming ``:443`` and api-version 7.2, as published)."""
    certificates = example("get-certificates.json")
    policy = example("get-certificate-policy.json")
    versions = example("get-secret-versions.json")
    text = json.dumps(certificates).replace("https://myvault.vault.azure.net", f"https://{host}")
    calls = [interaction(CERTIFICATES_LIST.url(f"https://{host}"), text)]
    for name in ("listCert01", "listCert02"):
        calls += [
            interaction(CERTIFICATE_POLICY.url(f"https://{host}", name=name), policy),
            interaction(
                CERTIFICATE_VERSIONS_LIST.url(f"https://{host}", name=name),
                {
                    "value": [
                        {
                            "id": f"https://{host}/certificates/{name}/v1",
                            "attributes": {"enabled": True, "created": 1482188987},
                        }
                    ],
                    "nextLink": None,
                },
            ),
        ]
    # The published nextLink names the default port; vcrpy records the request without it.
    assert ":443/" in versions["nextLink"]
    second = versions["nextLink"].replace(":443/", "/")
    calls += [
        interaction(
            SECRET_VERSIONS_LIST.url(f"https://{host}", name="listsecretversionstest"),
            versions,
        ),
        interaction(
            second,
            {
                "value": [
                    {
                        "id": f"https://{host}/secrets/listsecretversionstest/0f0e",
                        "attributes": {
                            "enabled": True,
                            "created": 1481851600,
                            "updated": 1481851600,
                        },
                    }
                ],
                "nextLink": None,
            },
        ),
    ]
    return calls


def test_certificates_policies_and_paged_secret_versions_are_read_from_the_data_plane(
    tmp_path: Path,
) -> None:
    calls = arm_calls(
        [vault_body("myvault", "https://myvault.vault.azure.net/")],
        {"myvault": ["listsecretversionstest"]},
    ) + data_plane_calls("myvault.vault.azure.net")
    snapshot = collect(cassette(tmp_path / "kv.yaml", calls))

    assert not snapshot.gaps
    vault_id = f"{GROUP}/providers/Microsoft.KeyVault/vaults/myvault"
    assert [c.id for c in snapshot.certificates] == [
        f"{vault_id}/certificates/listCert01",
        f"{vault_id}/certificates/listCert02",
    ]
    first = snapshot.certificates[0]
    assert first.attributes.expires is not None and first.attributes.expires.year == 2039
    policy = snapshot.certificate_policies[0]
    assert (policy.issuer, policy.kty, policy.key_size, policy.validity_months) == (
        "Unknown",
        "RSA",
        2048,
        297,
    )
    assert [(a.action, a.lifetime_percentage) for a in policy.lifetime_actions] == [
        ("EmailContacts", 80)
    ]
    # Both pages of versions, the second reached through the published nextLink.
    secret_id = f"{vault_id}/secrets/listsecretversionstest"
    assert sorted(v.version for v in snapshot.secret_versions) == [
        "0f0e",
        "11a536561da34d6b8b452d880df58f3a",
    ]
    assert {v.item_id for v in snapshot.secret_versions} == {secret_id}
    assert {"certificates", "secret_versions"} <= set(snapshot.collected)


def test_a_denied_or_firewalled_vault_leaves_only_its_own_data_plane_unknown(
    tmp_path: Path,
) -> None:
    firewall = {
        "error": {
            "code": "Forbidden",
            "message": "Client address is not authorized and caller is not a trusted service."
            "\r\nClient address: 203.0.113.7\r\nCaller: appid=...\r\nVault: kv-closed;location=westeurope",
            "innererror": {"code": "ForbiddenByFirewall"},
        }
    }
    rbac = {
        "error": {
            "code": "Forbidden",
            "message": "Caller is not authorized to perform action on resource.",
            "innererror": {"code": "ForbiddenByRbac"},
        }
    }
    calls = arm_calls(
        [
            vault_body("myvault", "https://myvault.vault.azure.net/"),
            vault_body("kv-closed", "https://kv-closed.vault.azure.net/"),
            vault_body("kv-norole", "https://kv-norole.vault.azure.net/"),
        ],
        {"myvault": ["listsecretversionstest"], "kv-norole": ["db-password"]},
    )
    calls += data_plane_calls("myvault.vault.azure.net")
    calls.append(
        interaction(CERTIFICATES_LIST.url("https://kv-closed.vault.azure.net"), firewall, 403)
    )
    calls.append(interaction(CERTIFICATES_LIST.url("https://kv-norole.vault.azure.net"), rbac, 403))
    snapshot = collect(cassette(tmp_path / "kv.yaml", calls))

    by_vault = {(g.scope.rsplit("/", 1)[-1], g.kind): g for g in snapshot.gaps}
    assert {scope for scope, _ in by_vault} == {"kv-closed", "kv-norole"}
    assert by_vault["kv-closed", "certificates"].error_code == "ForbiddenByFirewall"
    assert "private endpoint" in by_vault["kv-closed", "certificates"].message
    assert by_vault["kv-norole", "certificates"].error_code == "ForbiddenByRbac"
    assert by_vault["kv-norole", "secret_versions"].status_code == 403
    assert len(snapshot.certificates) == 2  # the readable vault is unaffected
    # A refused vault is not asked again for each secret's versions.
    assert not [g for g in snapshot.gaps if g.error_code == "NotRecorded"]


@pytest.mark.parametrize(
    "uri",
    [
        "https://evil.example.com/",
        "https://myvault.vault.azure.net.evil.example.com/",
        "https://myvault.vault.azure.net@evil.example.com/",
        "https://othervault.vault.azure.net/",
        "http://myvault.vault.azure.net/",
        "https://myvault.vault.azure.net:8443/",
        "https://myvault.vault.azure.net/certificates/../../x",
        "https://user:pw@myvault.vault.azure.net/",
        "",
    ],
)
def test_a_vault_uri_outside_the_clouds_key_vault_suffix_is_refused(uri: str) -> None:
    refused = data_plane_base(vault("myvault", uri), "vault.azure.net")
    assert not isinstance(refused, str)
    assert refused.code in ("ForeignVaultUri", "NoVaultUri")


def test_the_vault_uri_is_trusted_only_under_its_own_cloud() -> None:
    assert data_plane_base(
        vault("myvault", "https://MyVault.vault.azure.net/"), "vault.azure.net"
    ) == ("https://myvault.vault.azure.net")
    china = vault("myvault", "https://myvault.vault.azure.cn/")
    assert data_plane_base(china, "vault.azure.cn") == "https://myvault.vault.azure.cn"
    assert not isinstance(data_plane_base(china, "vault.azure.net"), str)


def test_a_hostile_vault_uri_sends_nothing_and_is_reported(tmp_path: Path) -> None:
    calls = arm_calls(
        [vault_body("myvault", "https://myvault.vault.azure.net.evil.example.com/")],
        {"myvault": ["listsecretversionstest"]},
    )
    path = cassette(tmp_path / "kv.yaml", calls)
    snapshot = collect(path)

    gaps = {g.kind: g for g in snapshot.gaps}
    assert set(gaps) == {
        "certificates",
        "certificate_policies",
        "certificate_versions",
        "secret_versions",
    }
    assert {g.error_code for g in gaps.values()} == {"ForeignVaultUri"}
    assert "evil.example.com" in gaps["certificates"].message
    # Every recorded answer was Resource Manager's: no request left for the hostile host.
    recorded = yaml.safe_load(path.read_text())["interactions"]
    assert all(i["request"]["uri"].startswith(ARM) for i in recorded)


def test_a_replay_missing_the_data_plane_leaves_those_findings_unknown_instead_of_failing(
    tmp_path: Path,
) -> None:
    calls = arm_calls([vault_body("myvault", "https://myvault.vault.azure.net/")], {})
    snapshot = collect(cassette(tmp_path / "kv.yaml", calls))

    assert len(snapshot.vaults) == 1
    assert {(g.kind, g.error_code) for g in snapshot.gaps} == {
        (kind, "NotRecorded")
        for kind in (
            "certificates",
            "certificate_policies",
            "certificate_versions",
            "secret_versions",
        )
    }


# ---- the real client over real recordings ----------------------------------------------------
def recorded(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load(shared_file("azure-recordings", name).read_text())
    return data["interactions"]  # type: ignore[no-any-return]


def as_get(entry: dict[str, Any], uri: str) -> dict[str, Any]:
    """A recorded answer, asked for by ``GET uri`` (the recording's own request was a write)."""
    return {
        "request": {"method": "GET", "uri": uri, "body": None, "headers": {}},
        "response": entry["response"],
    }


def test_the_recorded_401_challenge_is_answered_once_and_the_list_is_read(tmp_path: Path) -> None:
    entries = recorded("keyvault-secrets-dataplane-set-list-401-challenge.yaml")
    challenge = next(e for e in entries if e["response"]["status"]["code"] == 401)
    listing = next(e for e in entries if e["request"]["uri"].split("?")[0].endswith("/secrets"))
    url = listing["request"]["uri"]
    path = cassette(tmp_path / "challenge.yaml", [as_get(challenge, url), listing])

    tokens: list[tuple[str, ...]] = []

    class Recording(OfflineCredential):
        def get_token(self, *scopes: str, **kwargs: Any) -> Any:
            tokens.append(scopes)
            return super().get_token(*scopes, **kwargs)

    settings = PlaneSettings(Recording(), "vault.azure.net", "")
    with (
        replay(path) as played,
        VaultClient("https://vaultname.vault.azure.net", settings, "vault.azure.net") as client,
    ):
        items = client.list_all(url)
        assert played.play_count == 2  # the 401, then the answer to the retried request
    assert [i["id"].rsplit("/", 1)[-1] for i in items] == [f"key{n}" for n in range(7)]
    assert set(tokens) == {("https://vault.azure.net/.default",)}
    assert len(tokens) == 2  # the first token, then a fresh one after the challenge


def test_the_recorded_secret_list_parses_without_any_value(tmp_path: Path) -> None:
    entries = recorded("keyvault-secrets-dataplane-set-list-401-challenge.yaml")
    source = shared_file(
        "azure-recordings", "keyvault-secrets-dataplane-set-list-401-challenge.yaml"
    )
    vaultname = vault("vaultname", "https://vaultname.vault.azure.net/")
    sink = GapSink()
    # The recording's own api-version (7.1) is older than the tool's: match without it.
    with replay(source, ignore_api_version=True), DataPlanes(SETTINGS, sink) as planes:
        from assess.collectors.keyvault_data import parse_version

        client = planes._client(vaultname, ("certificates",), CERTIFICATES_LIST)
        assert client is not None
        items = client.list_all(
            CERTIFICATES_LIST.url(client.base_url).replace("/certificates", "/secrets")
        )
    records = [parse_version(i, vaultname.id + "/secrets/x") for i in items]
    assert len(records) == 7 and not sink.gaps()
    dumped = json.dumps([r.model_dump(mode="json") for r in records if r is not None])
    planted = {f"value{n}" for n in range(7)}
    assert all(v in source.read_text() for v in planted)  # the recording holds the values ...
    assert not any(f'"{v}"' in dumped for v in planted)  # ... the records never do
    assert all(r is not None and r.attributes.created is not None for r in records)
    assert entries  # the recording was read


def test_a_challenge_for_another_audience_is_not_answered() -> None:
    policy = VaultChallengePolicy(OfflineCredential(), "vault.azure.net")
    assert policy.accepts("https://vault.azure.net")
    assert policy.accepts("https://vault.azure.net/.default")
    assert not policy.accepts("https://evil.example.com")
    assert not policy.accepts("https://vault.azure.net.evil.example.com")
    assert not policy.accepts("http://vault.azure.net")


def test_the_recorded_rotation_policy_replays_through_the_client(tmp_path: Path) -> None:
    entries = recorded("keyvault-keys-dataplane-rotation-policy.yaml")
    gets = [
        e
        for e in entries
        if e["request"]["method"] == "GET" and "rotationpolicy" in e["request"]["uri"]
    ]
    assert gets, "the recording holds GETs of a rotation policy"
    path = cassette(tmp_path / "policy.yaml", gets[:1])
    url = gets[0]["request"]["uri"]
    host = url.split("/")[2]
    with replay(path), VaultClient(f"https://{host}", SETTINGS, "vault.azure.net") as client:
        body = client.get_json(url)
    policy = _rotation_policy(body)
    assert policy is not None
    # The service adds a Notify action 30 days before expiry when only Rotate was sent.
    assert {a.action.lower() for a in policy.lifetime_actions} >= {"notify"}


def test_each_vault_is_throttled_by_its_own_bucket() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    bucket = VaultBucket(rate=10.0, burst=2.0, clock=lambda: now[0], sleep=sleep)
    assert [bucket.take() for _ in range(4)] == [0.0, 0.0, pytest.approx(0.1), pytest.approx(0.1)]
    assert sum(slept) == pytest.approx(0.2)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_managed_hsm_uri_may_carry_a_region_label_as_published() -> None:
    hsm = vault("hsm1", "https://westus.hsm1.managedhsm.azure.net").model_copy(
        update={"kind": "managedHSM"}
    )
    assert (
        data_plane_base(hsm, "managedhsm.azure.net") == "https://westus.hsm1.managedhsm.azure.net"
    )
    for hostile in (
        "https://a.b.hsm1.managedhsm.azure.net",
        "https://westus.hsm2.managedhsm.azure.net",
    ):
        assert not isinstance(
            data_plane_base(hsm.model_copy(update={"vault_uri": hostile}), "managedhsm.azure.net"),
            str,
        )
    plain = vault("hsm1", "https://westus.hsm1.vault.azure.net")
    assert not isinstance(data_plane_base(plain, "vault.azure.net"), str)

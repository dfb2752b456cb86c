"""MySQL flexible servers (SE09-3.78), Automation accounts (SE09-2.43, 2.44), Data Factory linked
services (SE09-2.45) and Logic Apps workflow parameters (SE09-2.46), each collected from its
declaration out of a replayed cassette: pass, fail and unknown. Bodies in Microsoft's documented
shapes (``stores_fixtures``); a value that may be a secret is read in memory only, so a canary
planted in one never reaches the snapshot."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import stores_fixtures as fx
from declared_cassette import Answer, collect_group, denied, page, write_cassette
from snapshot_factory import by_status, run_checks
from test_collect_support import ARM, CANARY, SUB_A

from assess import sources
from assess.model import Status
from assess.snapshot import Snapshot
from assess.sources import policystates

GROUP = "rg-data"
PASSWORD = f"Server=tcp:sql-orders.database.windows.net;User ID=app;Password={CANARY}Zq9;"
ACCOUNT_KEY = (
    f"DefaultEndpointsProtocol=https;AccountName=storders;AccountKey={CANARY}Qm4w==;"
    "EndpointSuffix=core.windows.net"
)


def _collect(
    tmp_path: Path,
    switch: str,
    items: list[dict[str, Any]],
    below: dict[str, list[Answer]],
    extra_pages: list[tuple[str, Answer]] | None = None,
) -> Snapshot:
    """Collect ``items`` of ``switch``'s listed type; ``below``: item name -> the answers of its
    child lists, in the order the source declares them; ``extra``: further pages."""
    source = sources.source(switch)
    assert source.resources is not None
    extra = [
        (child.operation.url(ARM, resource_id=item["id"]), answer)
        for item in items
        for child, answer in zip(source.children, below.get(item["name"], []), strict=False)
    ]
    extra += extra_pages or []
    cassette = write_cassette(
        tmp_path / "c.yaml", GROUP, {source.resources.in_group: page(items)}, extra
    )
    return collect_group(cassette, GROUP, {switch: True})


def _failed(results: Any, name: str) -> str:
    return next(f.message for f in results.findings if f.resource_name == name)


def test_mysql_passes_only_with_entra_only_authentication(tmp_path: Path) -> None:
    names = ("mysql-entra", "mysql-admin-off", "mysql-passwords", "mysql-denied")
    servers = [fx.mysql_server(n, GROUP) for n in names]
    sid = {s["name"]: s["id"] for s in servers}
    admins = sources.source("mysql").children[0].operation

    def below(name: str, admin: str | None, only: str) -> list[Answer]:
        found = page([fx.mysql_admin(sid[name], admin)] if admin else [])
        return [found, (200, fx.mysql_configuration(sid[name], "aad_auth_only", only))]

    snapshot = _collect(
        tmp_path,
        "mysql",
        servers,
        {
            "mysql-entra": below("mysql-entra", "dba-group@contoso.com", "ON"),
            "mysql-admin-off": below("mysql-admin-off", "bob@contoso.com", "OFF"),
            "mysql-passwords": below("mysql-passwords", None, "OFF"),
            "mysql-denied": [
                denied(admins.permission, GROUP),
                (200, fx.mysql_configuration(sid["mysql-denied"], "aad_auth_only", "OFF")),
            ],
        },
    )
    results = run_checks(snapshot, "SE09-3.78")
    assert by_status(results) == {
        "pass": {"mysql-entra"},
        "fail": {"mysql-admin-off", "mysql-passwords"},
        "unknown": {"mysql-denied"},
    }
    assert "(bob@contoso.com) but aad_auth_only is OFF" in _failed(results, "mysql-admin-off")
    assert "no Microsoft Entra administrator" in _failed(results, "mysql-passwords")
    assert "administrator cloudsa's" in _failed(results, "mysql-passwords")


def test_automation_variables_and_credential_assets(tmp_path: Path) -> None:
    names = ("aa-clean", "aa-leaky", "aa-assets", "aa-denied")
    accounts = [fx.automation_account(n, GROUP) for n in names]
    aid = {a["name"]: a["id"] for a in accounts}
    variables = sources.source("automation").children[0].operation
    second = variables.url(ARM, resource_id=aid["aa-leaky"]) + "&$skip=100"
    leaked = fx.automation_variable(aid["aa-leaky"], "storage-key", ACCOUNT_KEY)
    snapshot = _collect(
        tmp_path,
        "automation",
        accounts,
        {
            "aa-clean": [
                page(
                    [
                        fx.automation_variable(aid["aa-clean"], "sql-host", "server9.domain.com"),
                        fx.automation_variable(aid["aa-clean"], "sql-password", None),
                    ]
                ),
                page([]),
            ],
            "aa-leaky": [
                page(
                    [fx.automation_variable(aid["aa-leaky"], "region", "westeurope")],
                    next_link=second,
                ),
                page([]),
            ],
            "aa-assets": [
                page([]),
                page([fx.automation_credential(aid["aa-assets"], "legacy-sql-login")]),
            ],
            "aa-denied": [denied(variables.permission, GROUP), page([])],
        },
        extra_pages=[(second, page([leaked]))],
    )
    results = run_checks(snapshot, "SE09-2.43")
    assert by_status(results) == {
        "pass": {"aa-clean", "aa-assets"},
        "fail": {"aa-leaky"},
        "unknown": {"aa-denied"},
    }
    # The credential was on the second page (nextLink); the plain variable is not named.
    assert "1 unencrypted variable(s)" in _failed(results, "aa-leaky")
    assert "storage-key" in _failed(results, "aa-leaky")
    assert "region" not in _failed(results, "aa-leaky")
    assets = run_checks(snapshot, "SE09-2.44")
    assert by_status(assets) == {
        "pass": {"aa-clean", "aa-leaky", "aa-denied"},
        "fail": {"aa-assets"},
    }
    assert "legacy-sql-login" in _failed(assets, "aa-assets")
    kept = {v.name: v.prop("value") for v in snapshot.records_of("automation_variables")}
    assert kept == {
        "sql-host": "text",
        "sql-password": None,
        "region": "text",
        "storage-key": "credential",
    }
    assert CANARY not in snapshot.model_dump_json()


def test_data_factory_credentials_must_be_key_vault_references(tmp_path: Path) -> None:
    names = ("adf-vault", "adf-secure", "adf-plain", "adf-denied")
    factories = [fx.data_factory(n, GROUP) for n in names]
    fid = {f["name"]: f["id"] for f in factories}
    linked = sources.source("data_factory").children[0].operation
    no_password = "Data Source=tcp:sql-orders.database.windows.net;Initial Catalog=orders;"
    snapshot = _collect(
        tmp_path,
        "data_factory",
        factories,
        {
            "adf-vault": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-vault"],
                            "sql",
                            "AzureSqlDatabase",
                            connectionString=no_password,
                            password=fx.key_vault_secret("sql-password"),
                        ),
                        fx.linked_service(fid["adf-vault"], "blob-msi", "AzureBlobStorage"),
                    ]
                )
            ],
            "adf-secure": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-secure"],
                            "storage",
                            "AzureStorage",
                            connectionString=fx.SECURE_STRING,
                        )
                    ]
                )
            ],
            "adf-plain": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-plain"], "orders-db", "SqlServer", connectionString=PASSWORD
                        )
                    ]
                )
            ],
            "adf-denied": [denied(linked.permission, GROUP)],
        },
    )
    results = run_checks(snapshot, "SE09-2.45")
    assert by_status(results) == {
        "pass": {"adf-vault"},
        "fail": {"adf-secure", "adf-plain"},
        "unknown": {"adf-denied"},
    }
    assert "storage (connectionString: SecureString)" in _failed(results, "adf-secure")
    assert "orders-db (connectionString: in clear text)" in _failed(results, "adf-plain")
    assert "1 are Key Vault references" in _failed(results, "adf-vault")
    assert CANARY not in snapshot.model_dump_json()


def test_every_secret_property_of_the_specification_is_judged(tmp_path: Path) -> None:
    # The 2018-06-01 specification types these SecretBase in typeProperties (SftpServer's
    # privateKeyContent and passPhrase, AzureFunction's functionKey, AzureSearch's key): a
    # SecureString there is kept by the factory, an AzureKeyVaultSecret is not; a
    # CredentialReference (a factory credential naming a managed identity) holds no secret.
    names = ("adf-sftp", "adf-function", "adf-vaulted", "adf-credential-ref")
    factories = [fx.data_factory(n, GROUP) for n in names]
    fid = {f["name"]: f["id"] for f in factories}
    reference = {"referenceName": "uami-orders", "type": "CredentialReference"}
    snapshot = _collect(
        tmp_path,
        "data_factory",
        factories,
        {
            "adf-sftp": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-sftp"],
                            "partner-sftp",
                            "Sftp",
                            privateKeyContent=fx.SECURE_STRING,
                            passPhrase=fx.SECURE_STRING,
                        )
                    ]
                )
            ],
            "adf-function": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-function"],
                            "fn",
                            "AzureFunction",
                            functionKey=fx.SECURE_STRING,
                        )
                    ]
                )
            ],
            "adf-vaulted": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-vaulted"],
                            "search",
                            "AzureSearch",
                            key=fx.key_vault_secret("search-admin-key"),
                        )
                    ]
                )
            ],
            "adf-credential-ref": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-credential-ref"], "lake", "AzureBlobFS", credential=reference
                        )
                    ]
                )
            ],
        },
    )
    results = run_checks(snapshot, "SE09-2.45")
    assert by_status(results) == {
        "pass": {"adf-vaulted", "adf-credential-ref"},
        "fail": {"adf-sftp", "adf-function"},
    }
    sftp = _failed(results, "adf-sftp")
    assert "partner-sftp (privateKeyContent: SecureString)" in sftp
    assert "partner-sftp (passPhrase: SecureString)" in sftp
    assert "fn (functionKey: SecureString)" in _failed(results, "adf-function")
    assert "1 are Key Vault references" in _failed(results, "adf-vaulted")


def test_logic_apps_parameters_holding_credentials_in_clear_text_fail(tmp_path: Path) -> None:
    workflows = [
        fx.logic_workflow(
            "wf-secure",
            GROUP,
            {"apiKey": ("SecureString", None), "region": ("String", "westeurope")},
        ),
        fx.logic_workflow(
            "wf-plain",
            GROUP,
            {"storage": ("String", ACCOUNT_KEY), "retries": ("Int", 3)},
        ),
        fx.logic_workflow("wf-none", GROUP, {}),
    ]
    snapshot = _collect(tmp_path, "logic_apps", workflows, {})
    results = run_checks(snapshot, "SE09-2.46")
    assert by_status(results) == {"pass": {"wf-secure", "wf-none"}, "fail": {"wf-plain"}}
    assert "1 place(s)" in _failed(results, "wf-plain")
    assert "storage (String)" in _failed(results, "wf-plain")
    assert "2 parameter(s), 1 secure" in _failed(results, "wf-secure")
    plain = next(w for w in snapshot.records_of("logic_workflows") if w.name == "wf-plain")
    assert plain.each("parameters{}") == ("storage", "retries")
    assert plain.each("parameters{}.value") == ("credential", "text")
    assert CANARY not in snapshot.model_dump_json()


@pytest.mark.parametrize(
    ("switch", "check_id"),
    [
        ("mysql", "SE09-3.78"),
        ("automation", "SE09-2.43"),
        ("automation", "SE09-2.44"),
        ("data_factory", "SE09-2.45"),
        ("logic_apps", "SE09-2.46"),
    ],
)
def test_a_denied_group_or_a_switched_off_source_is_unknown(
    tmp_path: Path, switch: str, check_id: str
) -> None:
    source = sources.source(switch)
    assert source.resources is not None
    listed = source.resources.in_group
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-locked", {listed: denied(listed.permission, "rg-locked")}
    )
    results = run_checks(collect_group(cassette, "rg-locked", {switch: True}), check_id)
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "403" in results.findings[0].reason
    off = write_cassette(tmp_path / "off.yaml", GROUP, {})
    results = run_checks(collect_group(off, GROUP, {switch: False}), check_id)
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    flag = f"--{switch.replace('_', '-')}"
    assert all(f"gathered with {flag}" in f.reason for f in results.findings)


def _states_url(group: str) -> str:
    op = policystates.STATES_QUERY_RG
    url = op.url(ARM, subscription_id=SUB_A, resource_group=group)
    return url + "&$filter=" + quote(policystates.FILTER, safe="")


def test_policy_states_of_the_key_vault_built_ins_are_imported_5_45(tmp_path: Path) -> None:
    vault = f"/subscriptions/{SUB_A}/resourceGroups/{GROUP}/providers/Microsoft.KeyVault/vaults"
    secrets_expire = "98728c90-32c7-4049-8429-847dc0f4fe37"
    cert_validity = "0a075868-4c26-42ef-914c-5bc007359560"
    first = _states_url(GROUP)
    second = first + "&$skiptoken=WpmWfBSvPhkAK6QD"
    cassette = write_cassette(
        tmp_path / "c.yaml",
        GROUP,
        {},
        posts=[
            (
                first,
                (
                    200,
                    fx.policy_page(
                        [
                            fx.policy_state(
                                f"{vault}/kv-orders", secrets_expire, "NonCompliant", "kv-audit"
                            ),
                            fx.policy_state(
                                f"{vault}/kv-billing", secrets_expire, "Compliant", "kv-audit"
                            ),
                        ],
                        SUB_A,
                        second,
                    ),
                ),
            ),
            (
                second,
                (
                    200,
                    fx.policy_page(
                        [
                            fx.policy_state(f"{vault}/kv-orders", cert_validity, "Exempt", "certs"),
                            # Azure Policy could not tell: not known here either.
                            fx.policy_state(
                                f"{vault}/kv-ledger", cert_validity, "Unknown", "certs"
                            ),
                        ],
                        SUB_A,
                        None,
                    ),
                ),
            ),
        ],
    )
    snapshot = collect_group(cassette, GROUP, {"policy_states": True})
    assert "policy_states" in snapshot.collected and not snapshot.gaps
    results = run_checks(snapshot, "SE09-5.45")
    assert sorted((f.status.value, f.resource_name) for f in results.findings) == [
        ("fail", "kv-orders"),
        ("not_applicable", "kv-orders"),
        ("pass", "kv-billing"),
        ("unknown", "kv-ledger"),
    ]
    failed = next(f for f in results.findings if f.status is Status.FAIL)
    assert failed.message.startswith(
        "Imported from Azure Policy: 'Key Vault secrets should have an expiration date' "
        "(assignment kv-audit) is NonCompliant"
    )
    # Imported verdicts are severity info: never weighed in the score.
    assert failed.severity.value == "info"


def test_refused_policy_states_leave_the_check_unknown(tmp_path: Path) -> None:
    forbidden = denied(policystates.STATES_QUERY_RG.permission, GROUP)
    cassette = write_cassette(
        tmp_path / "c.yaml", GROUP, {}, posts=[(_states_url(GROUP), forbidden)]
    )
    snapshot = collect_group(cassette, GROUP, {"policy_states": True})
    (gap,) = snapshot.gaps
    assert (gap.kind, gap.status_code) == ("policy_states", 403)
    results = run_checks(snapshot, "SE09-5.45")
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    off = write_cassette(tmp_path / "off.yaml", GROUP, {})
    results = run_checks(collect_group(off, GROUP, {"policy_states": False}), "SE09-5.45")
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "gathered with --policy-states" in results.findings[0].reason

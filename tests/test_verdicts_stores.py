"""Where Data Factory, API Management and Logic Apps keep a credential, as their documentation
says it is kept: a linked service's ``encryptedCredential`` (SE09-2.45), a plain API Management
named value that holds a credential (SE09-2.42), a Logic Apps ``Object`` parameter or a
definition's ``defaultValue`` that holds one (SE09-2.46). Bodies in the shapes of Microsoft's
REST specification examples; every value that may be a secret is read in memory only, so a
canary planted in one never reaches the snapshot."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import services_fixtures as sfx
import stores_fixtures as fx
from declared_cassette import page
from snapshot_factory import by_status, run_checks
from test_checks_secret_stores import _apim, _sid
from test_checks_stores_more import GROUP, _collect, _failed
from test_collect_support import CANARY

# What New-AzDataFactoryV2LinkedServiceEncryptedCredential puts in the linked service's JSON: a
# DPAPI-protected blob, base64 (the value itself never matters; it must never be kept).
ENCRYPTED = base64.b64encode(f"{CANARY}-dpapi-blob-".encode() * 6).decode()
PASSWORD = f"{CANARY}Zq9!vR2#"


def test_an_encrypted_credential_is_kept_by_the_integration_runtime_not_key_vault(
    tmp_path: Path,
) -> None:
    # Data movement security considerations: credentials "stored within data factory" are
    # encrypted on the self-hosted integration runtime (DPAPI) or "referenced ... from Azure Key
    # Vault". An encryptedCredential with no Key Vault reference is the former: outside Key Vault.
    names = ("adf-encrypted", "adf-encrypted-vaulted", "adf-msi")
    factories = [fx.data_factory(n, GROUP) for n in names]
    fid = {f["name"]: f["id"] for f in factories}
    runtime = {"referenceName": "shir-onprem", "type": "IntegrationRuntimeReference"}

    def on_premises(factory: str, **extra: Any) -> dict[str, Any]:
        service = fx.linked_service(
            fid[factory],
            "sql-onprem",
            "SqlServer",
            connectionString="Data Source=sql01;Initial Catalog=orders;Integrated Security=False;",
            encryptedCredential=ENCRYPTED,
            **extra,
        )
        service["properties"]["connectVia"] = runtime
        return service

    snapshot = _collect(
        tmp_path,
        "data_factory",
        factories,
        {
            "adf-encrypted": [page([on_premises("adf-encrypted")])],
            "adf-encrypted-vaulted": [
                page(
                    [
                        on_premises(
                            "adf-encrypted-vaulted", password=fx.key_vault_secret("sql-password")
                        )
                    ]
                )
            ],
            "adf-msi": [page([fx.linked_service(fid["adf-msi"], "lake", "AzureBlobFS")])],
        },
    )
    results = run_checks(snapshot, "SE09-2.45")
    assert by_status(results) == {
        "pass": {"adf-encrypted-vaulted", "adf-msi"},
        "fail": {"adf-encrypted"},
    }
    failed = _failed(results, "adf-encrypted")
    assert "sql-onprem (encryptedCredential: by its integration runtime)" in failed
    assert "1 are Key Vault references" in _failed(results, "adf-encrypted-vaulted")
    kept = snapshot.model_dump_json()
    assert CANARY not in kept and ENCRYPTED not in kept


def test_a_plain_named_value_holding_a_credential_fails_without_its_value(tmp_path: Path) -> None:
    # Named Value - List By Service answers a plain value's text (ApiManagementListNamedValues:
    # "value": "propValue"); a secret one's only through listValue, never called.
    def plain(service: str, name: str, value: str) -> dict[str, Any]:
        found = sfx.named_value(_sid(service), name, secret=False)
        found["properties"]["value"] = value
        return found

    generated = plain("apim-generated-id", "backend-password", PASSWORD)
    # The portal names a named value by a generated id; policies use its displayName.
    generated["name"] = "64f1b2c3d4e5f60718293a4b"
    snapshot = _apim(
        tmp_path,
        {
            "apim-plain-key": [
                plain(
                    "apim-plain-key", "partner-api-key", f"sk_live_{CANARY}4eC39HqLyjWDarjtT1zdp7dc"
                ),
                plain("apim-plain-key", "region", "westeurope"),
            ],
            "apim-generated-id": [generated],
            "apim-words": [
                plain("apim-words", "backend-url", "https://orders.contoso.com/api"),
                plain("apim-words", "token-lifetime", "3600"),
                plain("apim-words", "password-policy", "Require 12 characters"),
            ],
        },
    )
    results = run_checks(snapshot, "SE09-2.42")
    assert by_status(results) == {
        "pass": {"apim-words"},
        "fail": {"apim-plain-key", "apim-generated-id"},
    }
    failed = _failed(results, "apim-plain-key")
    assert "1 plain named value(s), not marked secret" in failed
    assert "partner-api-key" in failed and "region" not in failed
    assert "backend-password" in _failed(results, "apim-generated-id")
    kept = snapshot.model_dump_json()
    assert CANARY not in kept
    for finding in results.findings:
        assert CANARY not in finding.model_dump_json()


def test_logic_apps_object_parameters_and_definition_defaults(tmp_path: Path) -> None:
    # Workflows_Get.json (2019-05-01): "$connections" is an Object parameter whose value names
    # API connections (ids, no secret) and whose definition default is {}.
    connections = {
        "azureblob": {
            "connectionId": f"/subscriptions/x/resourceGroups/{GROUP}/providers/"
            "Microsoft.Web/connections/azureblob",
            "connectionName": "azureblob",
            "id": "/subscriptions/x/providers/Microsoft.Web/locations/brazilsouth/"
            "managedApis/azureblob",
        }
    }
    basic = {"type": "Basic", "username": "svc-orders", "password": PASSWORD}
    workflows = [
        fx.logic_workflow("wf-connections", GROUP, {"$connections": ("Object", connections)}),
        fx.logic_workflow("wf-object", GROUP, {"backendAuth": ("Object", basic)}),
        fx.logic_workflow("wf-secure-object", GROUP, {"backendAuth": ("SecureObject", None)}),
        fx.logic_workflow(
            "wf-default",
            GROUP,
            {"apiKey": ("SecureString", None)},
            defaults={"apiKey": f"Server=tcp:sql01;User ID=app;Password={CANARY}Zq9;"},
        ),
        fx.logic_workflow(
            "wf-word-default", GROUP, {"region": ("String", None)}, defaults={"region": "westus"}
        ),
    ]
    snapshot = _collect(tmp_path, "logic_apps", workflows, {})
    results = run_checks(snapshot, "SE09-2.46")
    assert by_status(results) == {
        "pass": {"wf-connections", "wf-secure-object", "wf-word-default"},
        "fail": {"wf-object", "wf-default"},
    }
    assert "backendAuth (Object)" in _failed(results, "wf-object")
    assert "apiKey (default of a SecureString parameter in the definition)" in _failed(
        results, "wf-default"
    )
    assert "1 parameter(s), 1 secure" in _failed(results, "wf-secure-object")
    assert CANARY not in snapshot.model_dump_json()


def test_authorization_headers_of_a_rest_linked_service_are_read_for_credentials(
    tmp_path: Path,
) -> None:
    # RestService / HttpServer / OData linked services: authHeaders, "The additional HTTP headers
    # in the request to RESTful API used for authorization. Type: key value pairs" (2018-06-01),
    # answered in clear text, unlike a SecretBase.
    names = ("adf-header-key", "adf-header-plain")
    factories = [fx.data_factory(n, GROUP) for n in names]
    fid = {f["name"]: f["id"] for f in factories}
    url = "https://partner.contoso.com/api/v2"
    keyed = {"x-api-key": f"{CANARY}9f8e7d6c5b4a3f2e1d0c9b8a", "Accept": "application/json"}
    snapshot = _collect(
        tmp_path,
        "data_factory",
        factories,
        {
            "adf-header-key": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-header-key"], "partner-api", "RestService",
                            url=url, authenticationType="Anonymous", authHeaders=keyed,
                        )
                    ]
                )
            ],
            "adf-header-plain": [
                page(
                    [
                        fx.linked_service(
                            fid["adf-header-plain"], "partner-api", "RestService",
                            url=url, authenticationType="ManagedServiceIdentity",
                            authHeaders={"Accept": "application/json"},
                        )
                    ]
                )
            ],
        },
    )  # fmt: skip
    results = run_checks(snapshot, "SE09-2.45")
    assert by_status(results) == {"pass": {"adf-header-plain"}, "fail": {"adf-header-key"}}
    assert "partner-api (authHeaders: in clear text)" in _failed(results, "adf-header-key")
    assert CANARY not in snapshot.model_dump_json()


def test_a_credential_written_into_a_workflow_definition_fails(tmp_path: Path) -> None:
    # "Secure parameters in workflow definitions" (Secure access and data in Azure Logic Apps):
    # an HTTP action's basic authentication reads @parameters('basicAuthPasswordParam'), a
    # securestring parameter; a password written into the action instead is part of the
    # definition, returned to every reader.
    def http(authentication: dict[str, Any] | None = None, **inputs: Any) -> dict[str, Any]:
        found = {"method": "GET", "uri": "https://www.microsoft.com", **inputs}
        if authentication is not None:
            found["authentication"] = authentication
        return {"type": "Http", "inputs": found, "runAfter": {}}

    by_parameter = {
        "type": "Basic",
        "username": "@parameters('basicAuthUsernameParam')",
        "password": "@parameters('basicAuthPasswordParam')",
    }
    manual = {"manual": {"type": "Request", "kind": "Http", "inputs": {"schema": {}}}}
    secure = {
        "basicAuthPasswordParam": ("SecureString", None),
        "basicAuthUsernameParam": ("SecureString", None),
    }
    written = {"type": "Basic", "username": "svc-orders", "password": PASSWORD}
    key = f"{CANARY}3f9a8b7c6d5e4f3a2b1c0d9e"
    scope = {"type": "Scope", "actions": {"Call_partner": http(headers={"x-api-key": key})}}
    polled = {
        "type": "Http",
        "recurrence": {"frequency": "Hour", "interval": 1},
        "inputs": {
            "method": "GET",
            "uri": f"https://fn-orders.azurewebsites.net/api/poll?code={key}",
        },
    }
    workflows = [
        fx.logic_workflow(
            "wf-documented", GROUP, secure, actions={"HTTP": http(by_parameter)}, triggers=manual
        ),
        fx.logic_workflow(
            "wf-written", GROUP, {}, actions={"HTTP": http(written)}, triggers=manual
        ),
        fx.logic_workflow("wf-nested", GROUP, {}, actions={"Partner": scope}, triggers=manual),
        fx.logic_workflow("wf-trigger", GROUP, {}, triggers={"Every_hour": polled}),
    ]
    snapshot = _collect(tmp_path, "logic_apps", workflows, {})
    results = run_checks(snapshot, "SE09-2.46")
    assert by_status(results) == {
        "pass": {"wf-documented"},
        "fail": {"wf-written", "wf-nested", "wf-trigger"},
    }
    assert "HTTP (action inputs)" in _failed(results, "wf-written")
    assert "Partner (an action nested in it)" in _failed(results, "wf-nested")
    assert "Every_hour (trigger inputs)" in _failed(results, "wf-trigger")
    assert CANARY not in snapshot.model_dump_json()


def test_a_global_parameter_holding_a_credential_fails_the_factory(tmp_path: Path) -> None:
    # FactoryProperties.globalParameters (2018-06-01): name -> {type, value}, answered in clear
    # text with the factory; an Object's text is read too, a number or a plain path is not.
    def with_parameters(name: str, parameters: dict[str, tuple[str, Any]]) -> dict[str, Any]:
        factory = fx.data_factory(name, GROUP)
        factory["properties"]["globalParameters"] = {
            key: {"type": kind, "value": value} for key, (kind, value) in parameters.items()
        }
        return factory

    plain = {"waitTime": ("Int", 5), "sourceFolder": ("String", "input")}
    factories = [
        with_parameters("adf-gp-key", {**plain, "partnerApiKey": ("String", PASSWORD)}),
        with_parameters(
            "adf-gp-object",
            {"partner": ("Object", {"url": "https://partner.contoso.com", "password": PASSWORD})},
        ),
        with_parameters("adf-gp-plain", plain),
    ]
    snapshot = _collect(
        tmp_path, "data_factory", factories, {f["name"]: [page([])] for f in factories}
    )
    results = run_checks(snapshot, "SE09-2.45")
    assert by_status(results) == {
        "pass": {"adf-gp-plain"},
        "fail": {"adf-gp-key", "adf-gp-object"},
    }
    assert "global parameter partnerApiKey (String: in clear text)" in _failed(
        results, "adf-gp-key"
    )
    assert "global parameter partner (Object: in clear text)" in _failed(results, "adf-gp-object")
    assert "or 2 global parameter(s)" in _failed(results, "adf-gp-plain")
    factory = next(r for r in snapshot.records_of("data_factories") if r.name == "adf-gp-key")
    assert set(factory.fingerprints) == {"partnerApiKey"}
    assert CANARY not in snapshot.model_dump_json()

"""Credentials held outside App Service compared across the estate (issue: one credential, one
fingerprint): a container's environment variable with an inline value and an API Management named
value that is not secret, read from the list answers in Microsoft's documented shapes
(``services_fixtures``), kept only as fingerprints; and a credential written to an application
log that is live in a setting (SE09-4.61)."""

from __future__ import annotations

import base64
import random
from pathlib import Path
from typing import Any

import services_fixtures as fx
from declared_cassette import collect_group, page, write_cassette
from snapshot_factory import by_status, make_snapshot, run_checks
from test_collect_support import ARM, CANARY, SUB_A

from assess import sources
from assess.cli import main
from assess.fingerprints import credential_fingerprint
from assess.sharing import shared_credentials
from assess.snapshot import AppSetting, LogLeak, Snapshot, WebApp, dumps
from assess.sources.web import SITES_LIST_RG

# A fake Service Bus key: the same credential in two spellings.
KEY = base64.b64encode(random.Random(9).randbytes(32)).decode()  # fixed: the same every run
BUS = f"Endpoint=sb://sb-orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={KEY}"


def _tagged(item: dict[str, Any], environment: str) -> dict[str, Any]:
    item["tags"] = {"environment": environment}
    return item


def _collect(tmp_path: Path, apps: list[dict[str, Any]], values: list[dict[str, Any]]) -> Snapshot:
    apps_source, apim = sources.source("container_apps"), sources.source("api_management")
    assert apps_source.resources is not None and apim.resources is not None
    child, backends = apim.children
    service = _tagged(fx.apim_service("apim-orders-dev", "rg-data"), "development")
    cassette = write_cassette(
        tmp_path / "c.yaml",
        "rg-data",
        {
            apps_source.resources.in_group: page(apps),
            apim.resources.in_group: page([service]),
            SITES_LIST_RG: page([]),  # the settings compared against: none in this group
        },
        [
            (child.operation.url(ARM, resource_id=service["id"]), page(values)),
            (backends.operation.url(ARM, resource_id=service["id"]), page([])),
        ],
    )
    switches = {"container_apps": True, "api_management": True, "web_apps": True}
    return collect_group(cassette, "rg-data", switches)


def _named_value(name: str, value: str, *, secret: bool = False) -> dict[str, Any]:
    item = fx.named_value(fx.apim_service("apim-orders-dev", "rg-data")["id"], name, secret=secret)
    if not secret:
        item["properties"]["value"] = value
    return item


def test_an_inline_variable_and_a_plain_named_value_holding_one_key_are_one_group(
    tmp_path: Path,
) -> None:
    env = [
        {"name": "ServiceBus__Connection", "value": BUS},
        {"name": "DB_PASSWORD", "value": CANARY},
        {"name": "API_TOKEN", "secretRef": "api-token"},  # a reference: never read
        {"name": "ASPNETCORE_ENVIRONMENT", "value": "Production"},
    ]
    app = _tagged(fx.container_app("ca-orders-prod", "rg-data", {}, env=env), "production")
    # An init container's inline variables are read too (the spec's initContainers).
    app["properties"]["template"]["initContainers"] = [
        {
            "image": "repo/migrate:v1",
            "name": "migrate",
            "env": [{"name": "SA_PASSWORD", "value": KEY[:20]}],
        }
    ]
    snapshot = _collect(
        tmp_path,
        [app],
        [_named_value("orders-bus-key", KEY), _named_value("vault-key", "", secret=True)],
    )
    held = {name for r in snapshot.records_of("container_apps") for name in r.fingerprints}
    assert held == {"ServiceBus__Connection", "DB_PASSWORD", "SA_PASSWORD"}
    text = snapshot.model_dump_json()
    assert KEY[:20] not in text and CANARY not in text  # only fingerprints are kept

    groups = shared_credentials(snapshot, lambda rid, tags: (tags or {}).get("environment", ""))
    assert [
        sorted((p.resource_name, p.setting, p.kind, p.environment) for p in g.places)
        for g in groups
    ] == [
        [
            (
                "apim-orders-dev/orders-bus-key",
                "orders-bus-key",
                "API Management named value",
                "development",
            ),
            (
                "ca-orders-prod",
                "ServiceBus__Connection",
                "container app environment variable",
                "production",
            ),
        ]
    ]
    assert groups[0].target == "servicebus:sb-orders"

    results = run_checks(snapshot, "SE09-1.60")
    assert by_status(results) == {"fail": {"ca-orders-prod", "orders-bus-key"}}
    failed = next(f for f in results.findings if f.resource_name == "ca-orders-prod")
    assert "apim-orders-dev/orders-bus-key" in failed.message
    assert failed.resource_type == "Microsoft.App/containerApps"

    # Neither the key nor the canary reaches any output of an offline evaluation.
    saved, out = tmp_path / "snapshot.json", tmp_path / "out"
    saved.write_text(dumps(snapshot), encoding="utf-8")
    args = ["evaluate", str(saved), "-f", "json,html,md,sarif,junit", "-o", str(out), "-q"]
    assert main(args) in (0, 1)
    outputs = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    assert len(outputs) == 5 and "cred-" in outputs["report.json"]
    for name, text in outputs.items():
        assert KEY not in text and CANARY not in text, name


def test_one_key_in_two_consumers_of_one_environment_fails_3_60_with_the_entra_role(
    tmp_path: Path,
) -> None:
    apps = [
        _tagged(
            fx.container_app(name, "rg-data", {}, env=[{"name": "BUS", "value": BUS}]),
            "development",
        )
        for name in ("ca-orders-dev", "ca-billing-dev")
    ]
    apps.append(
        _tagged(
            fx.container_app(
                "ca-alone-dev", "rg-data", {}, env=[{"name": "DB_PASSWORD", "value": CANARY}]
            ),
            "development",
        )
    )
    snapshot = _collect(tmp_path, apps, [])
    results = run_checks(snapshot, "SE09-3.60")
    assert by_status(results) == {
        "fail": {"ca-orders-dev", "ca-billing-dev"},
        "pass": {"ca-alone-dev"},
    }
    failed = next(f for f in results.findings if f.resource_name == "ca-orders-dev")
    assert "also used by ca-billing-dev" in failed.message
    assert "Azure Service Bus Data Sender" in failed.message


def test_a_container_app_without_inline_credentials_is_no_holder(tmp_path: Path) -> None:
    env = [{"name": "API_TOKEN", "secretRef": "api-token"}, {"name": "LOG_LEVEL", "value": "debug"}]
    app = _tagged(fx.container_app("ca-clean-prod", "rg-data", {}, env=env), "production")
    snapshot = _collect(tmp_path, [app], [])
    assert all(not r.fingerprints for r in snapshot.records_of("container_apps"))
    assert by_status(run_checks(snapshot, "SE09-1.60", "SE09-3.60")) == {}


SITE = f"/subscriptions/{SUB_A}/resourceGroups/rg-web/providers/Microsoft.Web/sites"


def _site(name: str, environment: str) -> WebApp:
    return WebApp(
        id=f"{SITE}/{name}",
        name=name,
        subscription_id=SUB_A,
        resource_group="rg-web",
        tags={"environment": environment},
    )


def _setting(site: WebApp, name: str, value: str) -> AppSetting:
    return AppSetting(
        id=f"{site.id}/appsettings/{name}",
        site_id=site.id,
        name=name,
        source="appsetting",
        value_kind="credential",
        credential_fingerprint=credential_fingerprint(value),
    )


def _leak(site: WebApp, value: str) -> LogLeak:
    fingerprint = credential_fingerprint(value)
    return LogLeak(
        id=f"{site.id}/logLeaks/{fingerprint[:16]}",
        resource_id=site.id,
        table="AppServiceConsoleLogs",
        rule_ids=("azure-servicebus-connection-string",),
        preview="Endp…(120)",
        fingerprint=fingerprint,
        credential_fingerprint=fingerprint,
        lines=3,
    )


def test_a_logged_credential_live_in_production_fails_4_61_and_a_dead_one_passes() -> None:
    prod, dev = _site("app-orders-prod", "production"), _site("app-orders-dev", "development")
    dead = "Password=" + base64.b64encode(random.Random(10).randbytes(18)).decode()
    snapshot = make_snapshot(
        prod,
        dev,
        _setting(prod, "ServiceBus", BUS),
        _leak(dev, BUS),
        _leak(prod, dead),
    )
    results = run_checks(snapshot, "SE09-4.61")
    assert by_status(results) == {"fail": {"app-orders-dev"}, "pass": {"app-orders-prod"}}
    failed = next(f for f in results.findings if f.status.value == "fail")
    assert "live in app-orders-prod app setting ServiceBus (production)" in failed.message
    # The dev app's own settings hold nothing: a credential in its logs is not its setting.
    assert by_status(run_checks(snapshot, "SE09-1.60"))["not_applicable"] == {"app-orders-dev"}

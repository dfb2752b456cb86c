"""Issue 21's other value sources: an inline environment variable of a container app and of a
job, an unencrypted Automation variable, a plain API Management named value, a plain Logic Apps
parameter, a Data Factory linked service's connection string and a credential seen in an app's
logs each feed the run's keyed fingerprints. The same canary key planted in all of them, collected
from a replayed cassette in Microsoft's documented shapes, is one shared-credential group, and the
canary is in no snapshot, results file or report; a ``secretRef`` or a short value is never
grouped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import services_fixtures as sfx
import stores_fixtures as fx
from declared_cassette import collect_group, page, write_cassette
from snapshot_factory import run_checks
from test_collect_support import ARM

from assess import sources
from assess.codescan.detector import Detector
from assess.collectors.logs import _leaks_in
from assess.redact import Fingerprinter
from assess.reporters import RenderOptions
from assess.reporters.html import render as render_html
from assess.reporters.junit import render as render_junit
from assess.reporters.markdown import render as render_md
from assess.reporters.sarif import render as render_sarif
from assess.snapshot import Snapshot, dumps

CANARY = "ZmFrZS1zaGFyZWQtY2FuYXJ5LWtleS1Ob3RBU2VjcmV0"
"""A fake storage account key (base64 of a sentence), planted in every place."""
GROUP = "rg-data"


def conn(account: str, key: str = CANARY) -> str:
    return (
        f"DefaultEndpointsProtocol=https;AccountName={account};AccountKey={key};"
        "EndpointSuffix=core.windows.net"
    )


def _app(make: Any, name: str) -> dict[str, Any]:
    """A container app (or job) whose container has an inline credential, a secretRef and a
    short value in its environment (the specification's EnvironmentVar: name, value or
    secretRef)."""
    item: dict[str, Any] = make(name, GROUP, {"db-password": None})
    item["properties"]["template"]["containers"][0]["env"] = [
        {"name": "STORAGE_CONNECTION", "value": conn("storders")},
        {"name": "DB_PASSWORD", "secretRef": "db-password"},
        {"name": "RETRIES", "value": "3"},
    ]
    return item


def _snapshot(tmp_path: Path) -> Snapshot:
    apps = sources.source("container_apps").resources
    jobs = sources.source("container_app_jobs").resources
    apim = sources.source("api_management")
    automation = sources.source("automation")
    factory = sources.source("data_factory")
    logic = sources.source("logic_apps").resources
    assert apps and jobs and apim.resources and automation.resources and factory.resources
    assert logic is not None
    service = sfx.apim_service("apim-orders", GROUP)
    named = sfx.named_value(service["id"], "storage-key", secret=False)
    named["properties"]["value"] = CANARY
    account = fx.automation_account("aa-orders", GROUP)
    linked = fx.data_factory("adf-orders", GROUP)
    variables, credentials = automation.children
    lists = {
        apps.in_group: page([_app(sfx.container_app, "ca-orders")]),
        jobs.in_group: page([_app(sfx.container_app_job, "job-orders")]),
        apim.resources.in_group: page([service]),
        automation.resources.in_group: page([account]),
        factory.resources.in_group: page([linked]),
        logic.in_group: page(
            [fx.logic_workflow("wf-orders", GROUP, {"storage": ("String", conn("storbackup"))})]
        ),
    }
    extra = [
        (
            apim.children[0].operation.url(ARM, resource_id=service["id"]),
            page([named]),
        ),
        (apim.children[1].operation.url(ARM, resource_id=service["id"]), page([])),
        (
            variables.operation.url(ARM, resource_id=account["id"]),
            page([fx.automation_variable(account["id"], "storage-conn", conn("storders"))]),
        ),
        (credentials.operation.url(ARM, resource_id=account["id"]), page([])),
        (
            factory.children[0].operation.url(ARM, resource_id=linked["id"]),
            page(
                [
                    fx.linked_service(
                        linked["id"], "blob", "AzureBlobStorage", connectionString=conn("storders")
                    )
                ]
            ),
        ),
    ]
    cassette = write_cassette(tmp_path / "c.yaml", GROUP, lists, extra)
    switches = {
        name: True
        for name in (
            "container_apps",
            "container_app_jobs",
            "api_management",
            "automation",
            "data_factory",
            "logic_apps",
        )
    }
    return collect_group(cassette, GROUP, switches)


def test_one_key_in_every_new_place_is_one_group_and_in_no_output(tmp_path: Path) -> None:
    snapshot = _snapshot(tmp_path)
    assert not snapshot.gaps
    app = next(r for r in snapshot.records_of("container_apps"))
    # Names and what each value held are kept; the secretRef and the short value are not
    # fingerprinted, and a secretRef's value is never in the answer.
    assert app.each("template.containers[].env[].name") == (
        "STORAGE_CONNECTION",
        "DB_PASSWORD",
        "RETRIES",
    )
    assert app.each("template.containers[].env[].value") == ("credential", None, "text")
    assert set(app.fingerprints) == {"STORAGE_CONNECTION"}
    assert app.targets == {"STORAGE_CONNECTION": "storage:storders"}
    # A credential an app wrote to its logs (found by the detector in a log sample).
    (leak,) = _leaks_in(
        {
            "Resource": app.id,
            "Table": "ContainerAppConsoleLogs_CL",
            "Sample": f"connecting with {conn('storders')}",
            "Lines": 4,
        },
        Detector(),
        Fingerprinter(),
    )
    snapshot = snapshot.model_copy(update={"log_leaks": (leak,)})
    results = run_checks(snapshot, "SE09-1.60")
    groups = [
        {(p.resource_name, p.setting) for p in group.places} for group in results.shared_credentials
    ]
    assert {
        ("ca-orders", "STORAGE_CONNECTION"),
        ("job-orders", "STORAGE_CONNECTION"),
        ("aa-orders/storage-conn", "storage-conn"),
        ("apim-orders/storage-key", "storage-key"),
        ("adf-orders/blob", "connectionString"),
        ("wf-orders", "storage"),
        ("ca-orders", "ContainerAppConsoleLogs_CL"),
    } in groups
    rendered = {
        "snapshot": dumps(snapshot),
        "results": dumps(results),
        "html": render_html(results, RenderOptions()),
        "markdown": render_md(results, RenderOptions()),
        "sarif": render_sarif(results, RenderOptions()),
        "junit": render_junit(results, RenderOptions()),
    }
    for name, text in rendered.items():
        assert CANARY not in text and CANARY[:8] not in text, name


def test_a_credential_in_a_container_app_environment_variable_fails_2_40(tmp_path: Path) -> None:
    apps = sources.source("container_apps").resources
    assert apps is not None
    secret = "https://kv-orders-prod.vault.azure.net/secrets/db"
    clean = sfx.container_app("ca-clean", GROUP, {"db": secret})
    clean["properties"]["template"]["containers"][0]["env"] = [
        {"name": "DB", "secretRef": "db"},
        {"name": "REGION", "value": "westeurope"},
    ]
    leaky = sfx.container_app("ca-leaky", GROUP, {"db": secret})
    leaky["properties"]["template"]["containers"][0]["env"] = [
        {"name": "STORAGE_CONNECTION", "value": conn("storders")}
    ]
    cassette = write_cassette(tmp_path / "c.yaml", GROUP, {apps.in_group: page([clean, leaky])})
    results = run_checks(collect_group(cassette, GROUP, {"container_apps": True}), "SE09-2.40")
    assert {f.resource_name: f.status.value for f in results.findings} == {
        "ca-clean": "pass",
        "ca-leaky": "fail",
    }
    failed = next(f for f in results.findings if f.status.value == "fail")
    assert failed.message.endswith(
        "passes a credential in clear text in 1 environment variable(s) instead of a secret "
        "reference: STORAGE_CONNECTION."
    )
    assert CANARY not in dumps(results)

"""Secrets never leave memory, end to end: canaries planted in every place an Azure answer or a
scanned file can carry a value never appear in anything the tool writes or prints.

``assess scan --debug --record`` runs against the Resource Manager stand-in (the demo tenant, whose
deployment history already carries a canary password) with more canaries planted: an app setting, a
connection string, a deployment parameter and output, a secret-like tag, a service error message
(a deployment's recorded failure quoting a parameter value), an application log line a log query
returns, a scanned source file and an archive member. The run writes every report
format, the snapshot and the recording; stdout, stderr (debug logs included), every file and the
text of the PDF are searched for each canary.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from harness import CASSETTE, scan_every_output
from standin import Answer, Fault, StandIn, json_edit

DEMO_CANARY = "CANARY-7f3a9c-DO-NOT-LEAK"
CANARIES = {
    "app setting": "AppSettingCanary-4b1f-Zq8vX2mN7pL0",
    "connection string": "ConnStrCanary-93d2-Kf7Wq1Tz",
    "deployment parameter": "DeployParamCanary-5e7a-Hy3Ub8Rc",
    "deployment output": "DeployOutCanary-21c9-Pn6Vd4Sx",
    "secret-like tag": "TagCanary-8a0e-Lm2Qw9Jt",
    "deployment error echoing a parameter": "ErrorEchoCanary-6f4b-Gz5Xc3Nb",
    "scanned file": "FileCanary-0d3c-Aq7Rt2Ye",
    "archive member": "ZipCanary-7b5a-Wx1Ki8Ou",
    "demo deployment password": DEMO_CANARY,
    "application log line": "LogLineCanary-5c1e-Tq4Wm8Zr",
}


def _plant_setting(data: Any, standin: StandIn, path: str) -> Any:
    data["properties"]["PAYMENT_API_PASSWORD"] = CANARIES["app setting"]
    return data


def _plant_connection(data: Any, standin: StandIn, path: str) -> Any:
    value = f"Server=tcp:db.example;User ID=app;Password={CANARIES['connection string']};"
    data["properties"]["CanaryDb"] = {"value": value, "type": "SQLAzure"}
    return data


def _plant_deployment(data: Any, standin: StandIn, path: str) -> Any:
    for item in data.get("value", []):
        props = item.setdefault("properties", {})
        props.setdefault("parameters", {})["adminPassword"] = {
            "type": "String",
            "value": CANARIES["deployment parameter"],
        }
        props.setdefault("outputs", {})["storageKey"] = {
            "type": "String",
            "value": CANARIES["deployment output"],
        }
        echo = CANARIES["deployment error echoing a parameter"]
        props["error"] = {
            "code": "InvalidTemplateDeployment",
            "message": f"The value '{echo}' of parameter 'adminPassword' is not valid.",
        }
        props["statusMessage"] = {"error": {"message": f"adminPassword '{echo}' rejected"}}
    return data


def _log_answer(answer: Answer, standin: StandIn, path: str) -> Answer:
    """Every Log Analytics query answers one sampled application log line holding a password (the
    subscription query's union: a row saying the table exists, and the sample row)."""
    line = f"db connect failed: Server=tcp:db;Password={CANARIES['application log line']};"
    site = f"{path.split('/query')[0].removeprefix('/v1')}/providers/Microsoft.Web/sites/app-logs"
    columns = [("Part", "string"), ("Table", "string"), ("Resource", "string")]
    columns += [("Sample", "string"), ("Lines", "long"), ("Last", "datetime")]
    rows = [
        ["table", "AppServiceConsoleLogs", None, None, None, None],
        ["app_log_sample", "AppServiceConsoleLogs", site.lower(), line, 3, "2026-10-30T00:00:00Z"],
    ]
    body = {
        "tables": [
            {
                "name": "PrimaryResult",
                "columns": [{"name": n, "type": t} for n, t in columns],
                "rows": rows,
            }
        ]
    }
    return Answer(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def _plant_tag(data: Any, standin: StandIn, path: str) -> Any:
    for item in data.get("value", []):
        item.setdefault("tags", {})["adminPassword"] = CANARIES["secret-like tag"]
    return data


@pytest.mark.slow
def test_no_canary_leaves_memory(
    trust: None, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "settings.py").write_text(f'DB_PASSWORD = "{CANARIES["scanned file"]}"\n')
    with zipfile.ZipFile(repo / "build.zip", "w") as archive:
        archive.writestr("app/config.env", f"API_SECRET={CANARIES['archive member']}\n")
    with StandIn(CASSETTE, *certificate) as standin:
        standin.faults += [
            Fault(r"/config/appsettings/list", json_edit(_plant_setting)),
            Fault(r"/config/connectionstrings/list", json_edit(_plant_connection)),
            Fault(r"/Microsoft\.Resources/deployments/\?", json_edit(_plant_deployment)),
            Fault(r"/Microsoft\.KeyVault/vaults\?", json_edit(_plant_tag)),
            Fault(r"^/v1/subscriptions/[^/]+/query", _log_answer),
        ]
        results, texts = scan_every_output(
            standin, tmp_path, repo, "--log-analytics-endpoint", standin.base
        )
    leaked = [f for f in results["findings"] if f["check_id"] == "SE09-4.50"]
    names = [results["resources"][f["resource"]]["name"] for f in leaked]
    assert {f["status"] for f, name in zip(leaked, names, strict=True) if name == "app-logs"} == {
        "fail"
    }
    for where, canary in CANARIES.items():
        for name, text in texts.items():
            assert canary not in text, f"the {where} canary reached {name}"

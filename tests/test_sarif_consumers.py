"""SARIF that the services which read it accept: Microsoft's SARIF Multitool with the SARIF, GitHub
code scanning (Ghas) and GitHub Advanced Security for Azure DevOps (GHAzDO) rules, and the SARIF
2.1.0 JSON schema. Both SARIF files are checked: ``scan-code``'s and the assessment's.

The Multitool and the schema come from ``npm ci`` (package.json); without them these tests skip,
naming what is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from codescan_helpers import CANARY, CANARY_LINE, PASSWORD_LINE, zip_bytes
from test_demo_tenant import scan as demo_scan

from assess.cli import main

ROOT = Path(__file__).resolve().parents[1]
MULTITOOL_BIN = ROOT / "node_modules" / ".bin" / "sarif-multitool"
SCHEMA = ROOT / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "sarif-2.1.0.json"

AZURE_PIPELINES = {
    "TF_BUILD": "True",
    "SYSTEM_COLLECTIONURI": "https://dev.azure.com/contoso/",
    "SYSTEM_TEAMPROJECT": "Payments",
    "SYSTEM_DEFINITIONID": "42",
    "BUILD_DEFINITIONNAME": "payments-ci",
    "SYSTEM_PHASEID": "3a1e6f0c-2b7d-4c8e-9f10-5d6e7a8b9c0d",
    "SYSTEM_PHASENAME": "Job",
    "BUILD_SOURCEBRANCH": "refs/heads/main",
    "BUILD_BUILDID": "1234",
}
"""What an Azure Pipelines job sets (GHAzDO reads the pipeline and phase from them)."""


def _multitool() -> Path:
    """The Multitool's native program (the npm wrapper passes arguments through a shell)."""
    if not MULTITOOL_BIN.exists() or shutil.which("node") is None:
        pytest.skip("SARIF Multitool not installed: run `npm ci` in the repository")
    done = subprocess.run(
        ["node", "-e", "process.stdout.write(require('@microsoft/sarif-multitool'))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    native = Path(done.stdout.strip())
    if done.returncode != 0 or not native.is_file():
        pytest.skip(f"SARIF Multitool has no program for this platform ({done.stderr.strip()})")
    return native


def multitool_problems(sarif: Path, rule_kinds: str, tmp_path: Path) -> list[str]:
    """Every error and warning the Multitool reports on ``sarif``, as readable lines."""
    out = tmp_path / f"{sarif.stem}.validation.sarif"
    done = subprocess.run(
        [
            str(_multitool()),
            "validate",
            "--rule-kind",
            rule_kinds,
            "--log",
            "ForceOverwrite",
            "-o",
            str(out),
            str(sarif),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert out.exists(), f"the Multitool wrote no log (exit {done.returncode}): {done.stdout}"
    log = json.loads(out.read_text(encoding="utf-8-sig"))
    run = log["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"].get("rules", [])}
    problems = []
    for result in run.get("results", []):
        level = result.get("level", "warning")
        if level not in ("error", "warning"):
            continue
        message = result["message"]
        template = rules.get(result["ruleId"], {}).get("messageStrings", {})
        text = template.get(message.get("id", ""), {}).get("text", "")
        try:
            text = text.format(*message.get("arguments", []))
        except (IndexError, KeyError):
            text = json.dumps(message)
        problems.append(f"{level} {result['ruleId']}: {text or message.get('text', '')}")
    for notice in run["invocations"][0].get("toolExecutionNotifications", []):
        if notice.get("level", "warning") in ("error", "warning"):
            problems.append(f"notification: {notice['message'].get('text', '')}")
    return problems


def schema_errors(document: dict[str, Any]) -> list[str]:
    if not SCHEMA.exists():
        pytest.skip("SARIF 2.1.0 schema not present: run `npm ci` in the repository")
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def _code_sarif(tmp_path: Path) -> Path:
    """A scan-code SARIF with a plain finding, archive members (one nested two deep), a
    notebook cell, a string in a binary (a byte region), an allowlisted finding and an archive
    that could not be opened."""
    tree = tmp_path / "tree"
    (tree / "dist").mkdir(parents=True)
    (tree / "app.py").write_text(CANARY_LINE)
    (tree / "ok.py").write_text(PASSWORD_LINE.rstrip("\n") + "  # waf-assess:allow test value\n")
    inner = zip_bytes({"conf/db.properties": b"# settings\n" + PASSWORD_LINE.encode()})
    (tree / "dist" / "app.war").write_bytes(
        zip_bytes({"WEB-INF/lib/inner.jar": inner, "WEB-INF/app.env": CANARY_LINE.encode()})
    )
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Notes\n"]},
            {
                "cell_type": "code",
                "metadata": {},
                "execution_count": 1,
                "outputs": [],
                "source": ["import boto3\n", CANARY_LINE],
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (tree / "explore.ipynb").write_text(json.dumps(notebook, indent=1))
    (tree / "dist" / "libagent.so").write_bytes(
        b"\x7fELF\x02\x01\x01\x00" + bytes(range(1, 32)) * 8 + CANARY_LINE.encode() + b"\x00" * 16
    )
    (tree / "dist" / "deep.zip").write_bytes(
        zip_bytes({"a.zip": zip_bytes({"b.zip": zip_bytes({"c.zip": zip_bytes({"d.zip": b""})})})})
    )
    out = tmp_path / "code.sarif"
    code = main(
        ["scan-code", str(tree), "-f", "sarif", "-o", str(out), "--workers", "1", "--quiet"]
    )
    assert code == 0
    return out


def _assessment_sarif(tmp_path: Path) -> Path:
    out = tmp_path / "assessment.sarif"
    assert demo_scan(tmp_path, "-f", "sarif", "-o", str(out), "--quiet") == 0
    return out


@pytest.mark.slow
@pytest.mark.parametrize("make", [_code_sarif, _assessment_sarif], ids=["scan-code", "assessment"])
def test_github_code_scanning_accepts_the_sarif(
    make: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _multitool()
    for name in AZURE_PIPELINES:
        monkeypatch.delenv(name, raising=False)
    sarif = make(tmp_path)
    document = json.loads(sarif.read_text(encoding="utf-8"))
    assert document["runs"][0]["results"], "a SARIF without results proves nothing"
    assert multitool_problems(sarif, "Sarif;Ghas", tmp_path) == []
    assert CANARY not in sarif.read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("make", [_code_sarif, _assessment_sarif], ids=["scan-code", "assessment"])
def test_azure_devops_accepts_the_sarif_in_a_pipeline(
    make: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _multitool()
    for name, value in AZURE_PIPELINES.items():
        monkeypatch.setenv(name, value)
    sarif = make(tmp_path)
    assert multitool_problems(sarif, "Sarif;Ghas;GHAzDO", tmp_path) == []
    automation = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["automationDetails"]
    assert automation["id"].startswith("azuredevops/pipeline/build/contoso/Payments/42/")


@pytest.mark.parametrize("make", [_code_sarif, _assessment_sarif], ids=["scan-code", "assessment"])
def test_the_sarif_follows_the_2_1_0_schema(make: Any, tmp_path: Path) -> None:
    document = json.loads(make(tmp_path).read_text(encoding="utf-8"))
    assert schema_errors(document) == []


def test_the_schema_check_catches_a_broken_file(tmp_path: Path) -> None:
    document = json.loads(_code_sarif(tmp_path).read_text(encoding="utf-8"))
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert schema_errors(document) == [
        "['runs', 0, 'results', 0, 'level']: 'fatal' is not one of ['none', 'note', 'warning', 'error']"
    ]

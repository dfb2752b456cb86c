"""App Service collection from the command line: on by default, off by flag or by config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from results_factory import whole_findings
from test_collect_support import SUB_A, UNIT

from assess.cli import main

CASSETTE = UNIT / "web-settings.yaml"
WEB_CHECKS = {"SE09-2.3", "SE09-3.3", "SE09-6.1"}


def _scan(tmp_path: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / "results.json"
    # The cassette records Resource Manager only: Microsoft Graph is left out.
    args = ["scan", "--replay", str(CASSETTE), "--subscription", SUB_A, "--no-graph"]
    args += ["--resource-group", "rg-web", "-f", "json", "-o", str(out), "-q", *extra]
    assert main(args) == 0
    results = json.loads(out.read_text())
    assert isinstance(results, dict)
    return results


def _web_statuses(results: dict[str, object]) -> dict[str, set[str]]:
    statuses: dict[str, set[str]] = {}
    for finding in whole_findings(results):
        if finding["check_id"] in WEB_CHECKS:
            statuses.setdefault(finding["check_id"], set()).add(finding["status"])
    return statuses


def test_scan_reads_app_service_settings_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    statuses = _web_statuses(_scan(tmp_path))
    assert set(statuses) == WEB_CHECKS
    assert "fail" in statuses["SE09-2.3"]  # the storage key in func-orders' settings
    assert statuses != {check: {"unknown"} for check in WEB_CHECKS}


def test_no_web_apps_leaves_those_checks_unknown_never_passed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    results = _scan(tmp_path, "--no-web-apps")
    assert _web_statuses(results) == {check: {"unknown"} for check in WEB_CHECKS}
    reasons = {f["reason"] for f in whole_findings(results) if f["check_id"] in WEB_CHECKS}
    assert all("gathered with --web-apps" in r for r in reasons)  # says how to get the evidence


def test_config_can_turn_web_apps_off_and_the_flag_back_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "assess.toml").write_text("[collect]\nweb_apps = false\n")
    off = _web_statuses(_scan(tmp_path))
    assert off == {check: {"unknown"} for check in WEB_CHECKS}
    on = _web_statuses(_scan(tmp_path, "--web-apps"))
    assert "fail" in on["SE09-2.3"]

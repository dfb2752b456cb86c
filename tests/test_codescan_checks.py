"""Item 4 from a code scan: snapshot evidence, SE09-4.1/4.2 findings, the scan-code command, outputs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from codescan_helpers import CANARY_LINE, PASSWORD_LINE, assert_no_canary, scan, zip_bytes

from assess.cli import app, main
from assess.codescan.fold import fold_into_snapshot
from assess.commands.scan_code import scan_code
from assess.config import Config
from assess.model import Status
from assess.registry import load_registry
from assess.reporters.sarif import render, render_code
from assess.results import build_results
from assess.snapshot import Snapshot, dumps

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)


def test_the_cli_registers_scan_code() -> None:
    registered = {command.name: command.callback for command in app.registered_commands}
    assert registered.get("scan-code") is scan_code


def _repo(root: Path, *, leaked: bool, scanner: bool) -> Path:
    root.mkdir(parents=True)
    (root / "app.py").write_text(CANARY_LINE if leaked else "import os\n")
    (root / "dist").mkdir()
    (root / "dist" / "app.jar").write_bytes(
        zip_bytes({"conf/db.properties": PASSWORD_LINE.encode()})
    )
    if scanner:
        (root / ".pre-commit-config.yaml").write_text(
            "repos:\n  - repo: https://github.com/gitleaks/gitleaks\n    rev: v8.21.2\n"
            "    hooks:\n      - id: gitleaks\n"
        )
    return root


def _results(snapshot: Snapshot):  # type: ignore[no-untyped-def]
    registry = load_registry(builtins_only=True).select(select=["SE09-4.1", "SE09-4.2"], skip=[])
    return build_results(snapshot, registry, Config(), AS_OF)


def test_item_4_findings_per_repository(tmp_path: Path) -> None:
    leaky = _repo(tmp_path / "leaky", leaked=True, scanner=False)
    clean = _repo(tmp_path / "clean", leaked=False, scanner=True)
    (clean / "dist" / "app.jar").unlink()
    snapshot = Snapshot(collected_at=AS_OF)
    for repo in (leaky, clean):
        snapshot = fold_into_snapshot(snapshot, scan(repo))
    assert [r.name for r in snapshot.code_scans] == ["leaky", "clean"]
    assert "code_scans" in snapshot.collected
    results = _results(snapshot)
    got = {(f.check_id, f.resource_name): (f.status, f.message) for f in results.findings}
    assert got[("SE09-4.1", "leaky")] == (
        Status.FAIL,
        "leaky holds 2 hard-coded credential(s) in 2 file(s): "
        "aws-access-key-id x1, generic-secret-assignment x1. Where: app.py:1 (aws-access-key-id), "
        "dist/app.jar!conf/db.properties:1 (generic-secret-assignment).",
    )
    assert got[("SE09-4.1", "clean")][0] is Status.PASS
    assert got[("SE09-4.2", "leaky")][0] is Status.FAIL
    assert got[("SE09-4.2", "clean")] == (
        Status.PASS,
        "clean runs a secret scanner before code lands: "
        "gitleaks (pre-commit, .pre-commit-config.yaml).",
    )
    assert_no_canary([dumps(snapshot), dumps(results), render(results)])


def test_allowlisted_findings_pass_with_a_note(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r", leaked=True, scanner=False)
    (repo / "app.py").write_text(CANARY_LINE.rstrip("\n") + "  # waf-assess:allow sample key\n")
    (repo / "dist" / "app.jar").unlink()
    results = _results(fold_into_snapshot(Snapshot(collected_at=AS_OF), scan(repo)))
    finding = next(f for f in results.findings if f.check_id == "SE09-4.1")
    assert finding.status is Status.PASS
    assert "1 more allowlisted with a reason" in finding.message


def test_without_a_code_scan_item_4_is_unknown_not_pass(tmp_path: Path) -> None:
    snapshot = Snapshot(collected_at=AS_OF, collected=("vaults",))
    results = _results(snapshot)
    assert all(f.status is not Status.PASS for f in results.findings)


def test_sarif_for_code_has_locations_and_no_values(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "r", leaked=True, scanner=False)
    result = scan(repo)
    document = json.loads(render_code(result))
    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [
        "aws-access-key-id",
        "generic-secret-assignment",
    ]
    located = [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"].get("region"),
            r["properties"].get("archiveMember"),
        )
        for r in run["results"]
    ]
    # The member is a nested artifact of the archive (SARIF 2.1.0 parentIndex), with its line.
    assert located == [
        ("aws-access-key-id", "app.py", {"startLine": 1, "startColumn": 22}, None),
        (
            "generic-secret-assignment",
            "conf/db.properties",
            {"startLine": 1, "startColumn": 13},
            "conf/db.properties",
        ),
    ]
    member = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert run["artifacts"][member["index"]] == {
        "location": {"uri": "conf/db.properties"},
        "parentIndex": 0,
    }
    assert run["artifacts"][0] == {"location": {"uri": "dist/app.jar"}}
    assert [r["partialFingerprints"]["wafAssessFindingId/v1"] for r in run["results"]] == [
        f.id for f in result.findings
    ]
    assert_no_canary([json.dumps(document)])


# ---- the command ------------------------------------------------------------------------------
def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["scan-code", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_outputs_never_show_the_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    repo = _repo(tmp_path / "r", leaked=True, scanner=False)
    code, table, _ = _run(capsys, str(repo), "--workers", "1")
    assert code == 0
    assert "aws-access-key-id" in table and "app.py:1:22" in table
    assert "dist/app.jar!conf/db.properties:1:13" in table
    code, out, _ = _run(capsys, str(repo), "-f", "json", "--workers", "1")
    data = json.loads(out)
    assert [f["rule_id"] for f in data["findings"]] == [
        "aws-access-key-id",
        "generic-secret-assignment",
    ]
    folder = tmp_path / "out"
    code, _, err = _run(
        capsys, str(repo), "-f", "table,json,sarif", "-o", str(folder), "--workers", "1"
    )
    assert sorted(p.name for p in folder.iterdir()) == ["report.json", "report.sarif", "report.txt"]
    assert "wrote" in err
    code, debug_out, debug_err = _run(capsys, str(repo), "--debug", "--git-history")
    assert code == 0
    assert_no_canary([table, out, debug_out, debug_err, *(p.read_text() for p in folder.iterdir())])


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repo(tmp_path / "r", leaked=True, scanner=False)
    code, _, _ = _run(capsys, str(repo), "--fail-on-findings", "-q", "--workers", "1")
    assert code == 1
    allow = tmp_path / "allow.toml"
    allow.write_text('[[allow]]\npath = "**"\nreason = "all accepted for the test"\n')
    code, _, _ = _run(capsys, str(repo), "--fail-on-findings", "--allowlist", str(allow), "-q")
    assert code == 0

    code, _, err = _run(capsys, str(tmp_path / "missing"))
    assert code == 2
    assert err.strip().splitlines() == [f"error: path not found: {tmp_path / 'missing'}"]

    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a report"}')
    code, _, err = _run(capsys, str(repo), "--import-findings", str(bad))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "not a gitleaks" in err

    code, _, err = _run(capsys, str(repo), "-f", "pdf")
    assert code == 2 and "unknown format" in err


def test_assessment_sarif_locates_findings_by_resource_id(tmp_path: Path) -> None:
    from assess.reporters import FORMATS, RenderOptions

    repo = _repo(tmp_path / "leaky", leaked=True, scanner=False)
    results = _results(fold_into_snapshot(Snapshot(collected_at=AS_OF), scan(repo)))
    document = json.loads(FORMATS["sarif"].renderer()(results, RenderOptions()))
    run = document["runs"][0]
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} == {"SE09-4.1", "SE09-4.2"}
    located = sorted(
        (r["ruleId"], r["kind"], r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"])
        for r in run["results"]
    )
    assert located == [
        ("SE09-4.1", "fail", f"repo:{repo}"),
        ("SE09-4.2", "fail", f"repo:{repo}"),
    ]
    assert_no_canary([json.dumps(document)])


def test_item_4_findings_reach_the_html_report_without_values(tmp_path: Path) -> None:
    from assess.reporters import FORMATS, RenderOptions

    repo = _repo(tmp_path / "leaky", leaked=True, scanner=False)
    results = _results(fold_into_snapshot(Snapshot(collected_at=AS_OF), scan(repo)))
    html = FORMATS["html"].renderer()(results, RenderOptions())
    assert isinstance(html, str)
    assert "leaky holds 2 hard-coded credential(s)" in html
    assert "SE09-4.2" in html
    assert_no_canary([html])


def test_unreadable_files_make_item_4_unknown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assess.codescan import scan as scan_module

    repo = _repo(tmp_path / "r", leaked=False, scanner=True)
    (repo / "locked.py").write_text("x = 1\n")
    real_open = open

    def refusing_open(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(scan_module, "open", refusing_open, raising=False)
    result = scan(repo)
    assert result.unreadable == ("locked.py",)
    assert result.skipped["unreadable"] == 1
    snapshot = fold_into_snapshot(Snapshot(collected_at=AS_OF), result)
    assert [g.message for g in snapshot.gaps] == ["1 file(s) could not be scanned"]
    statuses = {f.check_id: f.status for f in _results(snapshot).findings}
    assert statuses["SE09-4.1"] is Status.UNKNOWN

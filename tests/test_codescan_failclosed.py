"""What the code scanner could not read is never shown clean; names stay text in every output."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from codescan_helpers import CANARY_LINE, scan
from snapshot_factory import run_checks

from assess.cli import main
from assess.codescan.fold import fold_into_snapshot
from assess.model import Status
from assess.reporters.code_scan import shown
from assess.snapshot import Snapshot

DAMAGED_ZIP = b"PK\x03\x04" + b"\x00" * 40  # a local header and nothing that makes sense


def _clean_repo_with_a_damaged_archive(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text("print('hello')\n")
    (repo / "bundle.zip").write_bytes(DAMAGED_ZIP)
    return repo


def test_an_archive_not_fully_opened_fails_the_gate_and_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _clean_repo_with_a_damaged_archive(tmp_path)
    result = scan(repo)
    assert result.findings == () and [b.path for b in result.bombs] == ["bundle.zip"]
    out = tmp_path / "out"
    code = main(["scan-code", str(repo), "-f", "json,sarif", "-o", str(out), "--fail-on-findings"])
    assert code == 1
    assert "could not be fully opened" in capsys.readouterr().err
    sarif = json.loads((out / "report.sarif").read_text())
    (notice,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notice["level"] == "warning" and "not scanned" in notice["message"]["text"]
    assert main(["scan-code", str(repo), "-q"]) == 0  # without the gate: a report, not a failure


def test_item_4_is_unknown_not_pass_when_an_archive_was_not_opened(tmp_path: Path) -> None:
    repo = _clean_repo_with_a_damaged_archive(tmp_path)
    snapshot = fold_into_snapshot(Snapshot(), scan(repo))
    results = run_checks(snapshot, "SE09-4.1")
    (finding,) = results.findings
    assert finding.status is Status.UNKNOWN
    assert "cannot be shown clean" in finding.message
    (repo / "settings.py").write_text(CANARY_LINE)  # a real finding still fails
    results = run_checks(fold_into_snapshot(Snapshot(), scan(repo)), "SE09-4.1")
    assert results.findings[0].status is Status.FAIL


def test_files_named_on_the_command_line_keep_their_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for folder in ("src", "lib"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "config.py").write_text(CANARY_LINE)
    monkeypatch.chdir(tmp_path)
    result = scan(Path("src/config.py"), Path("lib/config.py"))
    assert sorted(f.path for f in result.findings) == ["lib/config.py", "src/config.py"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names are bytes")
def test_a_file_name_that_is_not_utf8_does_not_break_json(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    with open(os.path.join(os.fsencode(repo), b"conf\xff.py"), "wb") as handle:
        handle.write(CANARY_LINE.encode())
    out = tmp_path / "scan.json"
    assert main(["scan-code", str(repo), "-f", "json", "-o", str(out), "-q"]) == 0
    paths = [f["path"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]
    assert paths == ["conf\\xff.py"]


def test_control_characters_in_names_are_escaped_on_the_terminal() -> None:
    hostile = "evil.zip!ok\x1b[2K\x1b[1A.py"
    assert shown(hostile) == "evil.zip!ok‹U+001B›[2K‹U+001B›[1A.py"
    assert "\x1b" not in shown(hostile)


def test_scan_repo_takes_the_allowlist_and_other_scanners_reports(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "settings.py").write_text(CANARY_LINE)
    first = scan(repo)
    (finding,) = first.findings
    allow = tmp_path / "allow.toml"
    allow.write_text(
        '[[allow]]\npath = "settings.py"\nrule = "aws-access-key-id"\n'
        'reason = "a fixture key of the test suite"\n'
    )
    report = tmp_path / "gitleaks.json"
    report.write_text(
        json.dumps(
            [
                {
                    "RuleID": "generic-api-key",
                    "File": "legacy/keys.py",
                    "StartLine": 3,
                    "Secret": "not-kept-abcdefghijklmnop",
                    "Match": "api_key = not-kept-abcdefghijklmnop",
                    "Fingerprint": "legacy/keys.py:generic-api-key:3",
                }
            ]
        )
    )
    out = tmp_path / "results.json"
    cassette = Path(__file__).resolve().parent.parent / "cassettes" / "demo-contoso.yaml"
    base = ["scan", "--replay", str(cassette), "--all-subscriptions", "--repo", str(repo)]
    code = main(
        [
            *base,
            "--allowlist",
            str(allow),
            "--import-findings",
            str(report),
            "--check",
            "SE09-4.1",
            "-f",
            "json",
            "-o",
            str(out),
            "-q",
        ]
    )
    assert code == 0
    text = out.read_text()
    (item,) = json.loads(text)["findings"]
    assert item["status"] == "fail"  # the imported finding still counts; the allowlisted one not
    assert "generic-api-key" in item["message"] and "aws-access-key-id" not in item["message"]
    assert "not-kept-abcdefghijklmnop" not in text
    assert finding.rule_id == "aws-access-key-id"


def test_code_scan_options_without_repo_are_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["scan", "--git-history", "--all-subscriptions"]) == 2
    assert "add --repo PATH" in capsys.readouterr().err

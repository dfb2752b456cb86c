"""``assess scan-code`` over this project's own files finds nothing but the allowlisted fixtures."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from assess.cli import main

ROOT = Path(__file__).resolve().parents[1]
ALLOW = ROOT / "tests" / "self-scan-allow.toml"


def _project_files() -> list[str]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the project's own file list is unknown")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [name for name in listed.split("\0") if name and (ROOT / name).is_file()]


@pytest.mark.slow
def test_the_project_holds_no_credential_outside_its_fixtures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    files = _project_files()
    code = main(
        ["scan-code", *files, "--allowlist", str(ALLOW), "--fail-on-findings", "-f", "json"]
    )
    out, err = capsys.readouterr()
    found = json.loads(out)["findings"]
    loose = [f"{f['path']}:{f['line']} {f['rule_id']}" for f in found if not f.get("allowlisted")]
    assert loose == [], "credentials outside the allowlisted fixtures"
    assert code == 0, err
    assert any(f.get("allowlisted") for f in found)  # the fixtures are there, and allowed


def test_the_allowlist_does_not_hide_the_tool_itself(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A credential in the tool's own code would fail: the allowlist names fixtures only."""
    monkeypatch.chdir(tmp_path)
    planted = Path("assess") / "settings.py"
    planted.parent.mkdir()
    key = base64.b64encode(hashlib.sha512(b"waf-assess self-scan").digest()).decode()
    planted.write_text(
        f'DB = "DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey={key}"\n'
    )
    code = main(
        ["scan-code", str(planted), "--allowlist", str(ALLOW), "--fail-on-findings", "-f", "json"]
    )
    assert code == 1, capsys.readouterr().err

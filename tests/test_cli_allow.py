"""``assess allow-value`` makes an entry that ``scan-code --allowlist`` honours across runs."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assess.cli import main
from assess.codescan.validators import make_github_token


def test_an_allowed_value_is_accepted_and_never_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    token = make_github_token("ghp_", "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "deploy.sh").write_text(f"export GH_TOKEN={token}\n")

    assert main(["scan-code", str(repo), "--fail-on-findings", "-q"]) == 1
    capsys.readouterr()

    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    assert main(["allow-value", "--reason", "revoked, kept in history"]) == 0
    entry, err = capsys.readouterr()
    assert token not in entry + err
    allowlist = tmp_path / "allow.toml"
    allowlist.write_text(entry)

    out = tmp_path / "findings.json"
    code = main(
        [
            "scan-code",
            str(repo),
            "--allowlist",
            str(allowlist),
            "--fail-on-findings",
            "-f",
            "json",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    text = out.read_text()
    assert token not in text
    findings = json.loads(text)["findings"]
    assert [f["allowlisted"] for f in findings] == ["revoked, kept in history"]


def test_no_value_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["allow-value", "--reason", "x"]) == 2

"""CI surfaces: the GitHub step summary, annotations and Azure Pipelines logging commands,
detected from the systems' documented variables, escaped against hostile estate text."""

from __future__ import annotations

from pathlib import Path

import pytest
from gate_helpers import save, vaults_snapshot

from assess.ci import (
    azure_data,
    azure_property,
    code_annotations,
    detect,
    github_data,
    github_property,
)
from assess.cli import main
from assess.codescan.model import CodeFinding

SUB = "00000000-0000-0000-0000-0000000000e5"
HOSTILE = "kv-evil%0A::error::pwned,x:y;]\r\n##vso[task.complete result=Succeeded;]ok"


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    return save(tmp_path, "snapshot", vaults_snapshot(SUB, {HOSTILE: False}))


def evaluate(snapshot_file: Path, *extra: str) -> int:
    return main(
        ["evaluate", str(snapshot_file), "--as-of", "2026-11-01", "--check", "SE09-2.2", *extra]
    )


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "TF_BUILD"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_detection_follows_the_documented_variables() -> None:
    assert detect({"GITHUB_ACTIONS": "true"}) == "github"
    assert detect({"TF_BUILD": "True"}) == "azure"
    assert detect({"CI": "true"}) == "none"
    assert detect({}) == "none"


def test_escaping_follows_each_format() -> None:
    assert github_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert azure_data("50%\r\n;]") == "50%AZP25%0D%0A;]"
    assert azure_property("a;b]c%\n") == "a%3Bb%5Dc%AZP25%0A"


def test_the_step_summary_is_appended_to_the_file_github_names(
    snapshot_file: Path,
    tmp_path: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    clean_env.setenv("GITHUB_ACTIONS", "true")
    clean_env.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert evaluate(snapshot_file, "--min-score", "90", "-q") == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n## waf-assess SE:09")
    assert "**Gate ❌ failed**" in text
    assert "score 0 &lt; 90 (--min-score)" in text  # Markdown-escaped
    assert "| SE09-2 " in text and "### Top failures (1 of 1)" in text
    # the hostile name is literal Markdown text: no new line, no table cell break
    row = next(line for line in text.splitlines() if "kv-evil" in line)
    assert row.count(" | ") == 3 and "\\|" not in row.split("kv-evil")[0]
    assert "\r" not in text


def test_github_annotations_escape_hostile_names(
    snapshot_file: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("GITHUB_ACTIONS", "true")
    assert evaluate(snapshot_file, "-q") == 0
    out = capsys.readouterr().out
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1, out
    command = commands[0]
    assert command.startswith("::error title=SE09-2.2 ")
    message = command.split("::", 2)[2]
    assert "%0D%0A##vso" in message and "%250A" in message
    assert "\r" not in out  # the name cannot start a command of its own on a new line


def test_azure_pipelines_logissue_and_task_complete(
    snapshot_file: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clean_env.setenv("TF_BUILD", "True")
    assert evaluate(snapshot_file, "--fail-on", "high", "-q") == 1
    out = capsys.readouterr().out
    lines = [line for line in out.splitlines() if line.startswith("##vso[")]
    assert len(lines) == 2, out
    issue, complete = lines
    assert issue.startswith("##vso[task.logissue type=error;code=SE09-2.2;]SE09-2.2 ")
    assert "%0D%0A##vso" in issue and "%AZP250A" in issue
    assert complete.startswith("##vso[task.complete result=Failed;]waf-assess: gate failed: 1 ")
    assert "\r" not in out


def test_ci_none_turns_it_all_off(
    snapshot_file: Path,
    tmp_path: Path,
    clean_env: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    summary = tmp_path / "summary.md"
    clean_env.setenv("GITHUB_ACTIONS", "true")
    clean_env.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert evaluate(snapshot_file, "--ci", "none", "-q") == 0
    assert "::" not in capsys.readouterr().out
    assert not summary.exists()


def test_outside_ci_nothing_is_written(
    snapshot_file: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluate(snapshot_file, "-q") == 0
    assert capsys.readouterr().out == ""


def test_a_document_on_stdout_sends_the_commands_to_stderr(
    snapshot_file: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    clean_env.setenv("GITHUB_ACTIONS", "true")
    assert evaluate(snapshot_file, "-f", "json") == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "::error " in captured.err


def test_code_findings_are_annotated_at_their_file_and_line() -> None:
    findings = [
        CodeFinding(
            rule_id="aws-access-key",
            path="src/app,1.py",
            line=3,
            column=7,
            preview="AKIA…(20 chars)",
        ),
        CodeFinding(
            rule_id="generic-password",
            path="dist/app.zip!conf/app.ini",
            line=2,
            preview="Tr0u…(21 chars)",
        ),
        CodeFinding(
            rule_id="generic-password",
            path="old.py",
            line=9,
            commit="a" * 40,
            preview="Tr0u…(21 chars)",
        ),
        CodeFinding(rule_id="generic-password", path="ok.py", line=1, allowlisted="test data"),
    ]
    notes = code_annotations(findings)
    assert [(n.file, n.line, n.column) for n in notes] == [
        ("src/app,1.py", 3, 7),
        ("dist/app.zip", 0, 0),
        ("old.py", 0, 0),
    ]
    from assess.ci import github_command

    assert github_command(notes[0]).startswith("::error file=src/app%2C1.py,line=3,col=7,title=")
    assert "in conf/app.ini" in notes[1].message
    assert "introduced in commit aaaaaaaaaaaa" in notes[2].message


def test_scan_code_annotates_open_findings_in_github(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    password = "Tr0ub4dor&3-xkcd-Zeta"  # a fake credential the generic rule reports
    (tmp_path / "settings.py").write_text(f'\n\npassword = "{password}"\n')
    clean_env.setenv("GITHUB_ACTIONS", "true")
    clean_env.chdir(tmp_path)
    assert main(["scan-code", ".", "-q"]) == 0
    out = capsys.readouterr().out
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1, out
    assert commands[0].startswith("::warning file=settings.py,line=3,col=13,title=")
    assert password not in out


def test_the_summary_counts_the_moves_since_a_baseline(
    tmp_path: Path, clean_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from gate_helpers import evaluate_json

    before = evaluate_json(tmp_path, "b", vaults_snapshot(SUB, {"kv-a": False}), ("SE09-2.2",))
    after = evaluate_json(
        tmp_path, "a", vaults_snapshot(SUB, {"kv-a": True, "kv-b": False}), ("SE09-2.2",)
    )
    summary = tmp_path / "summary.md"
    clean_env.setenv("GITHUB_ACTIONS", "true")
    clean_env.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["gate", str(after), "--baseline", str(before), "-q"]) == 1
    from assess.reporters.markdown import escape

    expected = f"- since the baseline {escape(str(before))}: 1 new, 0 worse, 1 fixed, 0 lost"
    assert expected in summary.read_text()

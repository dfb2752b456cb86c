"""The known defects of the first wave, each as the user met it (each test failed before its fix)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, run
from test_cli import snapshot_file as snapshot_file  # the fixture

from assess.cli import main

REPLAY = ["--replay", "cassettes/none.yaml", "--all-subscriptions"]


@pytest.fixture
def no_azure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to collect fails the test: these errors must come before the first call."""
    import assess.collect

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("evidence was collected before the arguments were checked")

    monkeypatch.setattr(assess.collect, "collect_snapshot", refuse)


# 3. --as-of out of range ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+01:00", "9999-12-30", "1900-01-01"],
)
def test_an_as_of_out_of_range_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, value: str
) -> None:
    code, _out, err = run(capsys, "evaluate", str(snapshot_file), "--as-of", value)
    assert code == 2
    assert_one_line_error(err, "--as-of", "out of range")


def test_an_unparseable_as_of_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, _, err = run(capsys, "evaluate", str(snapshot_file), "--as-of", "2026-02-30")
    assert code == 2
    assert_one_line_error(err, "--as-of", "ISO 8601")


# 4. an output that is an input ------------------------------------------------------------------
def test_evaluate_refuses_to_write_over_its_snapshot(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    before = snapshot_file.read_bytes()
    code, _, err = run(
        capsys, "evaluate", str(snapshot_file), "-f", "json", "-o", str(snapshot_file)
    )
    assert code == 2
    assert_one_line_error(err, "would overwrite", "snapshot")
    assert snapshot_file.read_bytes() == before


def test_a_folder_output_holding_the_input_is_refused(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    results = tmp_path / "report.json"
    assert main(["evaluate", str(snapshot_file), "-f", "json", "-o", str(results)]) == 0
    before = results.read_bytes()
    capsys.readouterr()
    code, _, err = run(capsys, "report", str(results), "-f", "json,html", "-o", str(tmp_path))
    assert code == 2
    assert_one_line_error(err, "would overwrite", "results")
    assert results.read_bytes() == before
    assert not (tmp_path / "report.html").exists()  # refused before anything was written


def test_a_snapshot_output_over_the_report_output_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, no_azure: None
) -> None:
    same = str(tmp_path / "out.json")
    code, _, err = run(capsys, "scan", *REPLAY, "-f", "json", "-o", same, "--snapshot", same)
    assert code == 2
    assert_one_line_error(err, "would overwrite")


# 5. everything checked before the first Azure call ----------------------------------------------
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--repo", "/nonexistent/src"], "/nonexistent/src"),
        (["--repo", ".", "--import-findings", "/nonexistent/gitleaks.json"], "gitleaks.json"),
        (["--repo", ".", "--allowlist", "/nonexistent/allow.toml"], "allow.toml"),
        (["-o", "/proc/version/report.json"], "cannot write"),
        (["--record", "/proc/version/run.yaml"], "cannot write"),
        (["--format", "json,xls"], "xls"),
        (["--min-score", "101"], "gate"),
        (["--as-of", "tomorrow"], "--as-of"),
        (["--check", "SE09-99"], "SE09-99"),
        (["--cloud", "Mars"], "Mars"),
    ],
)
def test_local_mistakes_are_refused_before_any_evidence_is_collected(
    capsys: pytest.CaptureFixture[str], no_azure: None, args: list[str], says: str
) -> None:
    code, _out, err = run(capsys, "scan", "--all-subscriptions", *args)
    assert code == 2, err
    assert_one_line_error(err, says)


# 6. --format table -o FILE --------------------------------------------------------------------
def test_the_table_goes_to_the_file_named_by_o(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "summary.txt"
    code, out, err = run(
        capsys,
        "evaluate",
        str(snapshot_file),
        "--as-of",
        "2026-11-01",
        "-f",
        "table",
        "-o",
        str(target),
    )
    assert code == 0
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert "SE:09 secret protection: score" in text
    assert "SE09-2" in text and "\x1b[" not in text  # plain text, no terminal colours
    assert f"wrote {target}" in err


# 7. checks show ITEM ----------------------------------------------------------------------------
def test_checks_show_takes_an_item_id_and_lists_its_checks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "checks", "show", "SE09-5")
    assert code == 0
    assert out.startswith("SE09-5  Keys and secrets are rotated")
    for check in ("SE09-5.1", "SE09-5.3", "SE09-5.7"):
        assert check in out
    assert "SE09-2.1" not in out
    code, _, err = run(capsys, "checks", "show", "SE09-8")
    assert code == 2
    assert_one_line_error(err, "SE09-8")


# 8. interrupted writes -------------------------------------------------------------------------
def test_ctrl_c_while_writing_keeps_the_previous_report(
    capsys: pytest.CaptureFixture[str],
    snapshot_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "results.json"
    target.write_text('{"previous": "good"}\n')

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    code, _, _ = run(capsys, "evaluate", str(snapshot_file), "-f", "json", "-o", str(target))
    assert code == 130
    assert json.loads(target.read_text()) == {"previous": "good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "snapshot.json"]


SLOW_WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path

    def slow_fsync(fd, _real=os.fsync):
        Path(sys.argv[1]).write_text("writing")  # the temporary file is written, not yet renamed
        time.sleep(60)

    os.fsync = slow_fsync
    from assess.cli import main
    sys.exit(main(sys.argv[2:]))
    """
)


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM and file modes are POSIX")
def test_sigterm_while_writing_keeps_the_previous_report(
    snapshot_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "results.json"
    target.write_text('{"previous": "good"}\n')
    marker = tmp_path / "marker"
    args = ["evaluate", str(snapshot_file), "-f", "json", "-o", str(target)]
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(marker), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), proc.communicate()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert json.loads(target.read_text()) == {"previous": "good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["marker", "results.json", "snapshot.json"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_every_output_is_readable_by_its_owner_only(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    code, _, _ = run(
        capsys, "evaluate", str(snapshot_file), "-f", "json,html,md,sarif,junit", "-o", str(folder)
    )
    assert code == 0
    assert (tmp_path / "snapshot.json").exists()
    table = tmp_path / "table.txt"
    assert main(["evaluate", str(snapshot_file), "-o", str(table)]) == 0
    snapshot = tmp_path / "snap2.json"
    assert (
        main(
            [
                "collect",
                "--replay",
                "cassettes/demo-contoso.yaml",
                "--all-subscriptions",
                "-q",
                "-o",
                str(snapshot),
            ]
        )
        == 0
    )
    files = [*folder.iterdir(), table, snapshot]
    assert len(files) == 7
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path

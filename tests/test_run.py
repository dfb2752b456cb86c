"""One pipeline: the CLI's commands give what ``assess.run`` gives; one registry of formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from snapshot_factory import AS_OF, make_secret, make_snapshot, make_vault

from assess import run
from assess.cli import main
from assess.config import Config
from assess.snapshot import save_snapshot


def _snapshot_file(tmp_path: Path) -> Path:
    vault = make_vault("kv-pipeline", enable_purge_protection=False)
    snapshot = make_snapshot(vault, make_secret("db-password", vault, expires=None))
    path = tmp_path / "snapshot.json"
    save_snapshot(snapshot, path)
    return path


def test_evaluate_command_writes_what_the_pipeline_renders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _snapshot_file(tmp_path)
    code = main(["evaluate", str(path), "--as-of", "2026-11-01", "-f", "json", "--min-score", "90"])
    printed = capsys.readouterr().out

    from assess.snapshot import load_snapshot

    config = Config()
    results = run.evaluate(
        load_snapshot(path),
        run.select_checks(config),
        config,
        AS_OF,
        run.resolve_gate(config, min_score=90),
    )
    rendered = run.render(results, ["json"], None)
    assert printed == rendered.to_stdout[0]
    assert results.gate is not None and not results.gate.passed
    assert code == 1  # the gate failed, as the pipeline's results say


def test_scan_and_scan_code_take_their_formats_from_one_registry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scan-code", str(tmp_path), "-f", "html"]) == 2
    assert "choose from json, sarif, table" in capsys.readouterr().err
    assert main(["evaluate", str(_snapshot_file(tmp_path)), "-f", "docx"]) == 2
    assert "choose from fixes, html, json, junit, md, pdf, sarif, table" in capsys.readouterr().err


def test_scan_code_writes_a_folder_of_every_code_format(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("print('clean')\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["scan-code", str(tmp_path / "src"), "-f", "table,json,sarif", "-o", str(out), "-q"]
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["report.json", "report.sarif", "report.txt"]

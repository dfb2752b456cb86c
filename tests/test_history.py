"""The history database: runs appended, the trend read back, migrations, concurrent writers."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gate_helpers import evaluate_json, vaults_snapshot

from assess.cli import main
from assess.history import MIGRATIONS, SCHEMA_VERSION, load_trend, new_since_last_run, record_run
from assess.results import load_results

SUB = "00000000-0000-0000-0000-0000000000d4"


def results_for(tmp_path: Path, name: str, as_of: str, failing: tuple[str, ...]) -> Path:
    """SE09-2.2 results over kv-a, kv-b, kv-c; those named in ``failing`` lack purge protection."""
    purge = {v: v not in failing for v in ("kv-a", "kv-b", "kv-c")}
    return evaluate_json(tmp_path, name, vaults_snapshot(SUB, purge), ("SE09-2.2",), as_of=as_of)


def test_three_runs_appended_and_the_trend_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "audit" / "history.db"
    runs = [
        ("2026-11-01", ("kv-a", "kv-b")),
        ("2026-11-08", ("kv-b", "kv-c")),
        ("2026-11-15", ()),
    ]
    for n, (as_of, failing) in enumerate(runs):
        results = results_for(tmp_path, f"r{n}", as_of, failing)
        assert main(["gate", str(results), "--min-score", "0", "--history", str(db), "-q"]) == 0
    capsys.readouterr()
    trend = load_trend(db)
    assert [r.as_of[:10] for r in trend.runs] == [as_of for as_of, _ in runs]
    assert [r.failing for r in trend.runs] == [2, 2, 0]
    assert [(r.new, r.fixed) for r in trend.runs] == [(0, 0), (1, 1), (0, 2)]
    assert [round(r.overall or 0, 2) for r in trend.runs] == [33.33, 33.33, 100.0]
    assert [r.items["SE09-2"] for r in trend.runs] == [r.overall for r in trend.runs]
    assert all(r.gate_passed for r in trend.runs)

    assert main(["history", str(db), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["new"] for r in data["runs"]] == [0, 1, 0]
    assert main(["history", str(db)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "run",
        "as",
        "of",
        "score",
        "coverage",
        "%",
        "failing",
        "new",
        "fixed",
        "gate",
    ]
    assert table[2].split()[4:7] == ["2", "+1", "-1"]
    out = tmp_path / "trend"
    assert main(["history", str(db), "-f", "md,html", "-o", str(out)]) == 0
    assert "| 3 | 2026-11-15" in (out / "report.md").read_text()
    assert "<polyline" in (out / "report.html").read_text()


def test_new_since_last_run_marks_what_the_reports_flag(tmp_path: Path) -> None:
    db = tmp_path / "h.db"
    first = load_results(results_for(tmp_path, "a", "2026-11-01", ("kv-a",)))
    second = load_results(results_for(tmp_path, "b", "2026-11-08", ("kv-a", "kv-c")))
    record_run(db, first)
    new = new_since_last_run(db, second)
    kv_c = next(f.id for f in second.findings if f.resource_name == "kv-c")
    assert new == {kv_c}
    assert new_since_last_run(db, first) is None


def test_a_version_1_database_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute(
        "INSERT INTO runs (recorded_at, as_of, tool_version, catalog_version, tenant_id, overall,"
        " coverage, passed, failed, unknown, waived, not_applicable)"
        " VALUES ('2026-10-01T00:00:00+00:00', '2026-10-01T00:00:00+00:00', '0.0.9', 'c1', '',"
        " 40.0, 80.0, 1, 1, 0, 0, 0)"
    )
    conn.execute("INSERT INTO findings VALUES (1, 'abc', 'SE09-2.2', '/x', 'high', 'fail')")
    conn.commit()
    conn.close()

    record_run(db, load_results(results_for(tmp_path, "r", "2026-11-01", ("kv-a",))))

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version FROM schema_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert conn.execute("SELECT count(*) FROM check_scores WHERE run_id = 2").fetchone()[0] == 1
    assert conn.execute("SELECT gate_passed FROM runs ORDER BY id").fetchall() == [(None,), (None,)]
    conn.close()
    trend = load_trend(db)
    assert [r.failing for r in trend.runs] == [1, 1]
    assert trend.runs[1].new == 1 and trend.runs[1].fixed == 1  # 'abc' is not kv-a's id


def test_a_newer_database_is_refused_naming_the_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "future.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (9)")
    conn.commit()
    conn.close()
    assert main(["history", str(db)]) == 2
    err = capsys.readouterr().err
    assert "history schema version 9 is newer" in err and "Traceback" not in err


def test_not_a_database_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("hello, not sqlite\n" * 200)
    assert main(["history", str(bogus)]) == 2
    assert "is not a waf-assess history database" in capsys.readouterr().err
    assert main(["history", str(tmp_path / "missing.db")]) == 2
    assert "history database not found" in capsys.readouterr().err


WRITER = """
import sys
from pathlib import Path
from assess.history import record_run
from assess.results import load_results
results = load_results(Path(sys.argv[2]))
for _ in range(int(sys.argv[3])):
    record_run(Path(sys.argv[1]), results)
"""


def test_two_processes_writing_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    results = results_for(tmp_path, "r", "2026-11-01", ("kv-a",))
    db = tmp_path / "shared.db"
    per_writer = 15
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(results), str(per_writer)])
        for _ in range(2)
    ]
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    runs = conn.execute("SELECT count(*) FROM runs").fetchone()[0]
    findings = conn.execute("SELECT count(*) FROM findings").fetchone()[0]
    per_run = conn.execute("SELECT count(*) FROM findings WHERE run_id = 1").fetchone()[0]
    conn.close()
    assert runs == 2 * per_writer
    assert findings == runs * per_run  # every run complete: one transaction each

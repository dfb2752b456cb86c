"""`assess gate`: every exit code, each threshold's verdict line, baselines, JUnit, stable ids."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gate_helpers import AS_OF, evaluate_json, save, vaults_snapshot
from results_factory import whole_findings
from test_cli_collect_errors import NoLogin

from assess import auth
from assess.cli import main
from assess.findingid import finding_id
from assess.sources.resources import SUBSCRIPTIONS_LIST

SUB = "00000000-0000-0000-0000-0000000000c3"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults"
SE09_2 = ("SE09-2.1", "SE09-2.2", "SE09-2.3")
"""Soft delete, purge protection (both high) and app settings (not collected: unknown)."""
DEMO = Path(__file__).parents[1] / "cassettes" / "demo-contoso.yaml"


def results_file(
    tmp_path: Path,
    name: str,
    purge: dict[str, bool],
    config: Path | None = None,
    items: tuple[str, ...] = SE09_2,
) -> Path:
    """Results of three SE09-2 checks (or ``items``) over vaults (name -> purge protection on?).
    Over kv-a failing purge protection and kv-b passing: SE09-2 scores 75 (2.1 passes twice,
    2.2 fails once, 2.3 has no web apps to read), coverage 80 %."""
    return evaluate_json(tmp_path, name, vaults_snapshot(SUB, purge), items, config=config)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def last_line(text: str) -> str:
    return [line for line in text.splitlines() if line.strip()][-1]


@pytest.fixture
def before(tmp_path: Path) -> Path:
    """kv-a fails purge protection; kv-b passes."""
    return results_file(tmp_path, "before", {"kv-a": False, "kv-b": True})


@pytest.fixture
def after(tmp_path: Path) -> Path:
    """kv-a fixed, kv-b now fails, kv-c new and failing."""
    return results_file(tmp_path, "after", {"kv-a": True, "kv-b": False, "kv-c": False})


# ---- exit codes --------------------------------------------------------------------------------
def test_exit_0_when_every_threshold_holds(
    capsys: pytest.CaptureFixture[str], before: Path
) -> None:
    code, out, _ = run(capsys, "gate", str(before), "--min-score", "10")
    assert code == 0
    assert last_line(out).startswith("gate passed: score ")
    assert "(--min-score)" in last_line(out)


def test_exit_1_when_the_gate_fails(capsys: pytest.CaptureFixture[str], before: Path) -> None:
    code, out, _ = run(capsys, "gate", str(before), "--min-score", "99")
    assert code == 1
    assert last_line(out).startswith("gate failed: score ")
    assert last_line(out).endswith("< 99 (--min-score)")


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        (None, ["results file not found", "missing.json"]),
        ("{not json", ["not valid JSON"]),
        (json.dumps({"schema_version": "1", "vaults": []}), ["not a valid results file"]),
        (json.dumps({"schema_version": "7", "findings": []}), ["schema version '7'"]),
        (json.dumps(["a", "list"]), ["schema version None"]),
    ],
)
def test_exit_2_for_a_file_that_is_not_a_readable_results_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str | None, needles: list[str]
) -> None:
    path = tmp_path / "missing.json"
    if content is not None:
        path.write_text(content)
    code, _, err = run(capsys, "gate", str(path), "--min-score", "50")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    for needle in needles:
        assert needle in lines[0]


def test_exit_2_for_a_snapshot_given_as_results(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    snap = save(tmp_path, "s", vaults_snapshot(SUB, {"kv-a": False}))
    code, _, err = run(capsys, "gate", str(snap), "--min-score", "50")
    assert code == 2
    assert "not a valid results file" in err


def test_exit_2_without_any_threshold(capsys: pytest.CaptureFixture[str], before: Path) -> None:
    code, _, err = run(capsys, "gate", str(before))
    assert code == 2
    assert "no gate threshold given" in err


def test_exit_3_when_not_logged_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import assess.collect

    monkeypatch.setattr(auth, "default_credential", lambda cloud: NoLogin())
    monkeypatch.setattr(
        assess.collect, "default_credential", lambda cloud: NoLogin(), raising=False
    )
    code, _, err = run(capsys, "scan", "--all-subscriptions", "--min-score", "50", "-q")
    assert code == 3
    assert "az login" in err


def test_exit_4_when_nothing_could_be_collected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A tenant that shows the identity no subscription at all (the list is empty)."""
    cassette = tmp_path / "empty-tenant.yaml"
    url = SUBSCRIPTIONS_LIST.url("https://management.azure.com")
    cassette.write_text(
        "interactions:\n- request:\n    method: GET\n"
        f"    uri: {url}\n"
        "    body: null\n    headers: {}\n"
        "  response:\n    status: {code: 200, message: OK}\n"
        "    headers:\n      Content-Type: [application/json; charset=utf-8]\n"
        "    body: {string: '{\"value\":[]}'}\nversion: 1\n"
    )
    code, _, err = run(
        capsys, "scan", "--replay", str(cassette), "--all-subscriptions", "--min-score", "50", "-q"
    )
    assert code == 4
    assert "no subscription is visible" in err


def test_the_help_shows_the_exit_code_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for needle in (
        "0  done",
        "1  the gate failed",
        "2  usage or input error",
        "3  not logged in",
        "4  nothing could be collected",
    ):
        assert needle in out


# ---- each threshold ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--min-score", "90"], "score 75 < 90 (--min-score)"),
        (["--min-item-score", "80"], "item SE09-2 score 75 < 80 (--min-item-score)"),
        (
            ["--fail-on", "high"],
            "1 unwaived failing finding(s) of severity high or worse (--fail-on high)",
        ),
    ],
)
def test_each_failed_threshold_is_named_with_value_and_bar(
    capsys: pytest.CaptureFixture[str], before: Path, options: list[str], expected: str
) -> None:
    code, out, _ = run(capsys, "gate", str(before), *options)
    assert code == 1
    assert last_line(out) == f"gate failed: {expected}"


def test_coverage_below_the_bar(capsys: pytest.CaptureFixture[str], before: Path) -> None:
    code, out, _ = run(capsys, "gate", str(before), "--min-coverage", "90")
    assert code == 1
    assert last_line(out) == "gate failed: evidence coverage 80% < 90% (--min-coverage)"


def test_an_item_with_nothing_assessed_fails_an_item_bar(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Secrets were never collected: SE09-5 has no score, which is never a pass."""
    results = results_file(tmp_path, "r", {"kv-a": True}, items=(*SE09_2, "SE09-5"))
    code, out, _ = run(capsys, "gate", str(results), "--min-item-score", "10")
    assert code == 1
    assert last_line(out) == (
        "gate failed: item SE09-5 has no score (nothing assessed) < 10 (--min-item-score)"
    )


def test_two_failed_thresholds_are_both_on_the_last_line(
    capsys: pytest.CaptureFixture[str], before: Path
) -> None:
    code, out, _ = run(capsys, "gate", str(before), "--min-score", "90", "--fail-on", "medium")
    assert code == 1
    line = last_line(out)
    assert "score 75 < 90 (--min-score)" in line
    assert "(--fail-on medium)" in line


def test_expired_waivers_fail_the_gate_when_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    config = tmp_path / "assess.toml"
    config.write_text(
        '[[waivers]]\ncheck = "SE09-2.2"\nresource = "kv-a"\nreason = "legacy"\n'
        'owner = "platform@contoso.example"\nexpires = "2026-10-01"\n'
    )
    results = results_file(tmp_path, "r", {"kv-a": False}, config=config)
    code, out, _ = run(capsys, "gate", str(results), "--min-score", "0")
    assert code == 0
    code, out, _ = run(capsys, "gate", str(results), "--fail-on-expired-waivers")
    assert code == 1
    assert last_line(out) == (
        "gate failed: 1 expired waiver(s): SE09-2.2 kv-a (expired 2026-10-01) "
        "(--fail-on-expired-waivers)"
    )


def test_thresholds_come_from_assess_toml(
    capsys: pytest.CaptureFixture[str],
    before: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "assess.toml").write_text("[gate]\nmin_item_score = 80\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "gate", str(before))
    assert code == 1
    assert last_line(out) == "gate failed: item SE09-2 score 75 < 80 (--min-item-score)"
    code, out, _ = run(capsys, "gate", str(before), "--min-item-score", "40")
    assert code == 0  # the command line wins over the file


def test_the_verdict_is_printed_when_every_output_is_a_file(
    capsys: pytest.CaptureFixture[str], before: Path, tmp_path: Path
) -> None:
    snap = tmp_path / "before.snapshot.json"
    args = ["evaluate", str(snap), "--as-of", AS_OF, "--check", "SE09-2.2", "--min-score", "90"]
    args += ["-f", "json", "-o", str(tmp_path / "out" / "results.json")]
    code, out, err = run(capsys, *args)
    assert code == 1
    assert last_line(out) == "gate failed: score 50 < 90 (--min-score)"
    code, out, err = run(capsys, *args, "--quiet")
    assert code == 1
    assert out == ""
    assert err.strip() == "gate failed: score 50 < 90 (--min-score)"


def test_a_document_on_stdout_keeps_the_verdict_on_stderr(
    capsys: pytest.CaptureFixture[str], before: Path, tmp_path: Path
) -> None:
    snap = tmp_path / "before.snapshot.json"
    code, out, err = run(
        capsys,
        "evaluate",
        str(snap),
        "--as-of",
        AS_OF,
        "-f",
        "json",
        "--min-score",
        "10",
        "--check",
        "SE09-2.2",
    )
    assert code == 0
    assert json.loads(out)["gate"]["passed"] is True
    assert last_line(err) == "gate passed: score 50 >= 10 (--min-score)"


# ---- baselines -----------------------------------------------------------------------------------
def test_a_baseline_fails_only_on_new_or_worse_findings(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path
) -> None:
    code, out, _ = run(capsys, "gate", str(after), "--baseline", str(before))
    assert code == 1
    assert last_line(out) == (
        "gate failed: 2 new or worse failing finding(s) since the baseline (--baseline)"
    )
    assert "New failing since the baseline: 2" in out
    assert "Fixed since the baseline: 1" in out
    new_ids = {finding_id("SE09-2.2", f"{RG}/{name}") for name in ("kv-b", "kv-c")}
    for fid in new_ids:
        assert fid in out


def test_unchanged_failures_are_listed_not_counted(
    capsys: pytest.CaptureFixture[str], after: Path
) -> None:
    code, out, _ = run(capsys, "gate", str(after), "--baseline", str(after), "--fail-on", "low")
    assert code == 0
    assert "Failing in both (not counted): 2" in out
    assert last_line(out) == (
        "gate passed: 0 new or worse failing finding(s) of severity low or worse since the "
        "baseline (--baseline --fail-on low)"
    )


def test_fail_on_bounds_the_severity_of_new_findings(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path
) -> None:
    """SE09-2.2 is high: new high findings do not fail a --fail-on critical baseline gate."""
    code, _, _ = run(capsys, "gate", str(after), "--baseline", str(before), "--fail-on", "critical")
    assert code == 0


def test_baseline_ids_survive_a_change_of_case_in_resource_ids(
    capsys: pytest.CaptureFixture[str], before: Path, tmp_path: Path
) -> None:
    data = json.loads(before.read_text())
    for resource in data["resources"]:
        resource["id"] = resource["id"].upper()
    shouted = tmp_path / "shouted.json"
    shouted.write_text(json.dumps(data))
    code, out, _ = run(capsys, "gate", str(shouted), "--baseline", str(before))
    assert code == 0, out


def test_junit_holds_a_gate_case_failing_with_the_reasons(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path, tmp_path: Path
) -> None:
    target = tmp_path / "gate.xml"
    code, _, _ = run(
        capsys,
        "gate",
        str(after),
        "--baseline",
        str(before),
        "--min-score",
        "90",
        "-f",
        "junit",
        "-o",
        str(target),
    )
    assert code == 1
    root = ET.parse(target).getroot()  # noqa: S314 (our own report)
    suite = next(s for s in root.iter("testsuite") if s.get("name") == "gate")
    failure = suite.find("testcase/failure")
    assert failure is not None
    message = failure.get("message", "")
    assert "< 90 (--min-score)" in message
    assert "2 new or worse failing finding(s)" in message
    names = {c.get("name") for c in root.iter("testcase")}
    kv_c = finding_id("SE09-2.2", f"{RG}/kv-c")
    assert f"SE09-2.2 kv-c [{kv_c}]" in names


def test_sarif_carries_the_id_and_the_baseline_state(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path, tmp_path: Path
) -> None:
    target = tmp_path / "gate.sarif"
    run(capsys, "gate", str(after), "--baseline", str(before), "-f", "sarif", "-o", str(target))
    results = json.loads(target.read_text())["runs"][0]["results"]
    states = {
        r["partialFingerprints"]["wafAssessFindingId/v1"]: r["baselineState"]
        for r in results
        if r["ruleId"] == "SE09-2.2"
    }
    assert states == {
        finding_id("SE09-2.2", f"{RG}/kv-b"): "new",
        finding_id("SE09-2.2", f"{RG}/kv-c"): "new",
    }


def test_diff_matches_on_finding_ids(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path
) -> None:
    code, out, _ = run(capsys, "diff", str(before), str(after), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert {r["id"] for r in data["fixed"]} == {finding_id("SE09-2.2", f"{RG}/kv-a")}
    assert len(data["new_failures"]) == 2


# ---- stable ids on two machines -------------------------------------------------------------------
def _demo_run(tmp_path: Path, where: str, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / where
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("WAF_ASSESS_FINGERPRINT_KEY", raising=False)
    code = main(
        [
            "scan",
            "--replay",
            str(DEMO),
            "--all-subscriptions",
            "--as-of",
            AS_OF,
            "--repo",
            str(repo),
            "-f",
            "json,sarif",
            "-o",
            "out",
            "-q",
            "--ci",
            "none",
        ]
    )
    assert code == 0
    return folder / "out"


def test_two_machines_give_the_same_ids_and_sarif_fingerprints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Different working directories, checkouts in different places, no fingerprint key."""
    source = tmp_path / "src" / "app"
    source.mkdir(parents=True)
    (source / "settings.py").write_text('password = "Tr0ub4dor&3-xkcd-Zeta"\n')
    moved = tmp_path / "elsewhere" / "deep" / "app"
    shutil.copytree(source, moved)
    one = _demo_run(tmp_path, "machine-one", source, monkeypatch)
    two = _demo_run(tmp_path, "machine-two", moved, monkeypatch)

    def ids(folder: Path) -> list[tuple[str, str, str]]:
        data = json.loads((folder / "report.json").read_text())
        return [(f["check_id"], f["resource_name"], f["id"]) for f in whole_findings(data)]

    def prints(folder: Path) -> list[str]:
        data = json.loads((folder / "report.sarif").read_text())
        return [
            r["partialFingerprints"]["wafAssessFindingId/v1"] for r in data["runs"][0]["results"]
        ]

    assert ids(one) == ids(two)
    assert any(check == "SE09-4.1" for check, _, _ in ids(one))
    assert prints(one) == prints(two) and prints(one)
    assert len({fid for _, _, fid in ids(one)}) == len(ids(one))


def test_the_baseline_sarif_is_accepted_by_code_scanning(
    capsys: pytest.CaptureFixture[str], before: Path, after: Path, tmp_path: Path
) -> None:
    """baselineState and the partial fingerprint pass the SARIF Multitool (SARIF and GitHub
    rules) and the 2.1.0 schema; skips, naming it, without `npm ci`."""
    from test_sarif_consumers import multitool_problems, schema_errors

    target = tmp_path / "gate.sarif"
    run(capsys, "gate", str(after), "--baseline", str(before), "-f", "sarif", "-o", str(target))
    assert schema_errors(json.loads(target.read_text())) == []
    assert multitool_problems(target, "Sarif;Ghas", tmp_path) == []

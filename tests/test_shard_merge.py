"""A scan split across machines, and the demo tenant under management groups, end to end.

``assess collect --shard K/N`` of the recorded demo tenant, joined by ``assess merge``, gives the
snapshot and the results of the unsplit run byte for byte; slices that cannot be one run's are one
clear error. ``--management-group`` over the demo tenant placed in a management-group tree reads
the same evidence as ``--all-subscriptions`` and says what it skipped.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
import yaml
from results_factory import whole_findings
from test_collect_support import UNIT

from assess.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "cassettes" / "demo-contoso.yaml"
AS_OF = "2026-11-01"
KEY = "shared-fingerprint-key-for-the-test"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def stable_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAF_ASSESS_FINGERPRINT_KEY", KEY)
    for name in ("AZURE_CLOUD", "AZURE_ARM_ENDPOINT"):
        monkeypatch.delenv(name, raising=False)


def collect(out: Path, *extra: str, cassette: Path = DEMO) -> Path:
    code, _, err = run("collect", "--replay", str(cassette), "-o", str(out), "-q", *extra)
    assert code == 0, err
    return out


def evaluate(snapshot: Path, out: Path) -> bytes:
    code, _, err = run("evaluate", str(snapshot), "--as-of", AS_OF, "-f", "json", "-o", str(out))
    assert code == 0, err
    return out.read_bytes()


@pytest.fixture(scope="module")
def slices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("slices")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WAF_ASSESS_FINGERPRINT_KEY", KEY)
        found = {"whole": collect(folder / "whole.json", "--all-subscriptions")}
        for k in (1, 2, 3):
            found[f"{k}/3"] = collect(
                folder / f"shard-{k}.json", "--all-subscriptions", "--shard", f"{k}/3"
            )
    return found


def test_the_merged_slices_are_the_unsplit_snapshot_and_give_its_results_byte_for_byte(
    slices: dict[str, Path], tmp_path: Path
) -> None:
    parts = [slices[f"{k}/3"] for k in (3, 1, 2)]  # in any order
    subs = [json.loads(p.read_text())["subscriptions"] for p in parts]
    assert all(len(s) == 1 for s in subs)  # three subscriptions, one a slice here
    merged = tmp_path / "merged.json"
    code, _, err = run("merge", *map(str, parts), "-o", str(merged))
    assert code == 0, err
    assert "3 subscription(s)" in err
    assert merged.read_bytes() == slices["whole"].read_bytes()
    whole = evaluate(slices["whole"], tmp_path / "whole-results.json")
    assert evaluate(merged, tmp_path / "merged-results.json") == whole


def _edited(path: Path, folder: Path, **changes: object) -> Path:
    data = json.loads(path.read_text())
    data.update(changes)
    out = folder / f"edited-{path.name}"
    out.write_text(json.dumps(data))
    return out


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (("1/3", "1/3", "2/3", "3/3"), "overlapping slices: shard 1/3 is both"),
        (("1/3", "2/3"), "shard 3/3 is missing"),
        (("whole", "1/3"), "is not a shard"),
        (("whole", "whole"), "overlapping slices: subscription"),
        (("1/3", "2/3", "old-version"), "different versions of waf-assess ("),
    ],
)
def test_slices_that_are_not_one_run_are_one_clear_error(
    slices: dict[str, Path], tmp_path: Path, pick: tuple[str, ...], message: str
) -> None:
    given = {
        **slices,
        "old-version": _edited(slices["3/3"], tmp_path, tool_version="0.0.1"),
    }
    code, _, err = run("merge", *(str(given[p]) for p in pick), "-o", str(tmp_path / "m.json"))
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], err
    assert not (tmp_path / "m.json").exists()


def test_a_shard_needs_the_shared_fingerprint_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WAF_ASSESS_FINGERPRINT_KEY")
    code, _, err = run(
        "collect", "--replay", str(DEMO), "--all-subscriptions", "--shard", "1/2",
        "-o", str(tmp_path / "s.json"),
    )  # fmt: skip
    assert code == 2
    assert "--shard needs WAF_ASSESS_FINGERPRINT_KEY" in err


def test_slices_fingerprinted_with_different_keys_are_refused(
    slices: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAF_ASSESS_FINGERPRINT_KEY", "another-key-entirely-0123")
    other = collect(tmp_path / "other.json", "--all-subscriptions", "--shard", "3/3")
    code, _, err = run(
        "merge", str(slices["1/3"]), str(slices["2/3"]), str(other), "-o", str(tmp_path / "m.json")
    )
    assert code == 2 and "different fingerprint keys" in err


# ---- the demo tenant under management groups ------------------------------------------------
def demo_under_groups(folder: Path) -> Path:
    """The demo cassette with the management-group tree of ``management-groups.yaml`` (whose
    subscription list replaces the demo's)."""
    demo = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    groups = yaml.safe_load((UNIT / "management-groups.yaml").read_text(encoding="utf-8"))
    listing = "https://management.azure.com/subscriptions?api-version="
    kept = [i for i in demo["interactions"] if not i["request"]["uri"].startswith(listing)]
    demo["interactions"] = groups["interactions"] + kept
    out = folder / "demo-under-groups.yaml"
    out.write_text(yaml.safe_dump(demo, sort_keys=False), encoding="utf-8")
    return out


def findings(results: Path) -> list[dict[str, object]]:
    data = json.loads(results.read_text())
    return sorted(whole_findings(data), key=lambda f: (str(f["check_id"]), str(f["resource_id"])))


def test_a_management_group_scan_reads_the_tenant_and_says_what_it_skipped(
    tmp_path: Path,
) -> None:
    cassette = demo_under_groups(tmp_path)
    snapshot = tmp_path / "groups.json"
    code, _, err = run(
        "collect", "--replay", str(cassette), "-o", str(snapshot),
        "--management-group", "contoso", "--exclude-management-group", "contoso-decommissioned",
    )  # fmt: skip
    assert code == 0, err
    assert "0000d15a-0000-4000-8000-000000000004 (Contoso Sandbox): state Disabled" in err
    assert "excluded: below management group contoso-decommissioned" in err

    results = tmp_path / "groups-results.json"
    code, _, err = run("evaluate", str(snapshot), "--as-of", AS_OF, "-f", "json", "-o", str(results))  # fmt: skip
    assert code == 0, err
    code, out, err = run("evaluate", str(snapshot), "--as-of", AS_OF)
    assert code == 0, err
    assert "scope: management group Tenant Root Group / Contoso (9 subscriptions below it)" in out
    assert "6 skipped" in out
    scope = json.loads(results.read_text())["run"]["scope"]
    assert scope["management_groups"][0]["path"] == ["Tenant Root Group", "Contoso"]
    assert len(scope["skipped"]) == 6

    whole = collect(tmp_path / "all.json", "--all-subscriptions")
    evaluate(whole, tmp_path / "all-results.json")
    assert findings(results) == findings(tmp_path / "all-results.json")

"""Defender for Cloud's own verdicts, imported as labelled evidence (SE09-4.40, SE09-5.44):
they are shown, never scored, and never change the tool's own findings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from declared_cassette import collect_group, page, write_cassette
from snapshot_factory import by_status, make_snapshot, make_vault, run_checks
from test_collect_support import SUB_A

from assess import sources
from assess.model import Status

RG = f"/subscriptions/{SUB_A}/resourceGroups/rg-data"


def _assessment(resource: str, key: str, title: str, code: str, **status: str) -> dict[str, Any]:
    """Assessments - List's item (ListAssessments_example.json, api-version 2021-06-01)."""
    return {
        "id": f"{resource}/providers/Microsoft.Security/assessments/{key}",
        "name": key,
        "type": "Microsoft.Security/assessments",
        "properties": {
            "resourceDetails": {"source": "Azure", "id": resource},
            "displayName": title,
            "status": {"code": code, **status},
        },
    }


VM = f"{RG}/providers/Microsoft.Compute/virtualMachines/vm-build"
KV = f"{RG}/providers/Microsoft.KeyVault/vaults/kv-app-prod"
ITEMS = [
    _assessment(
        VM,
        "a1",
        "Machines should have secrets findings resolved",
        "Unhealthy",
        cause="",
        description="2 secrets found on the machine",
    ),
    _assessment(KV, "a2", "Key Vault secrets should have an expiration date", "Healthy"),
    _assessment(
        KV,
        "a3",
        "Key Vault keys should have an expiration date",
        "NotApplicable",
        cause="OffByPolicy",
        description="The effective policy was evaluated to off",
    ),
    _assessment(VM, "a4", "Install endpoint protection solution on virtual machines", "Unhealthy"),
]


def _snapshot(tmp_path: Path) -> Any:
    source = sources.source("security_assessments")
    assert source.resources is not None
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(ITEMS)}
    )
    return collect_group(cassette, "rg-data", {"security_assessments": True})


def test_only_assessments_about_secrets_and_key_vault_are_kept(tmp_path: Path) -> None:
    kept = {r.prop("displayName") for r in _snapshot(tmp_path).records_of("defender_assessments")}
    assert kept == {
        "Machines should have secrets findings resolved",
        "Key Vault secrets should have an expiration date",
        "Key Vault keys should have an expiration date",
    }


def test_imported_verdicts_are_labelled_and_never_scored(tmp_path: Path) -> None:
    results = run_checks(_snapshot(tmp_path), "SE09-4.40", "SE09-5.44")
    assert by_status(results, "SE09-4.40") == {"fail": {"vm-build"}}
    assert by_status(results, "SE09-5.44") == {
        "pass": {"kv-app-prod"},
        "not_applicable": {"kv-app-prod"},
    }
    failed = next(f for f in results.findings if f.status is Status.FAIL)
    assert failed.message.startswith("Imported from Microsoft Defender for Cloud: ")
    assert "2 secrets found on the machine" in failed.message
    assert (
        failed.evidence is not None
        and failed.evidence.observed["source"] == "Microsoft Defender for Cloud"
    )
    # Info severity: a failing import takes no point from any score.
    assert results.scores.overall is None
    assert all(c.points_lost == 0 for i in results.scores.items for c in i.checks)


def test_an_assessment_without_a_status_code_is_unknown_and_codes_ignore_case(
    tmp_path: Path,
) -> None:
    kv = f"{RG}/providers/Microsoft.KeyVault/vaults/kv-lower"
    items = [
        _assessment(KV, "b1", "Key Vault secrets should have an expiration date", "healthy"),
        _assessment(kv, "b2", "Key Vault keys should have an expiration date", "unhealthy"),
    ]
    items.append(_assessment(kv, "b3", "Key Vault secrets should have an expiration date", ""))
    del items[-1]["properties"]["status"]["code"]  # required by the spec; not read here
    source = sources.source("security_assessments")
    assert source.resources is not None
    cassette = write_cassette(
        tmp_path / "c.yaml", "rg-data", {source.resources.in_group: page(items)}
    )
    snapshot = collect_group(cassette, "rg-data", {"security_assessments": True})
    assert by_status(run_checks(snapshot, "SE09-5.44")) == {
        "pass": {"kv-app-prod"},
        "fail": {"kv-lower"},
        "unknown": {"kv-lower"},
    }


def test_an_imported_verdict_does_not_change_the_tools_own_finding(tmp_path: Path) -> None:
    vault = make_vault("kv-app-prod", sub=SUB_A, rg="rg-data", enable_soft_delete=False)
    imported = _snapshot(tmp_path).records_of("defender_assessments")
    alone = run_checks(make_snapshot(vault), "SE09-2.1")
    both = run_checks(
        make_snapshot(vault).model_copy(update={"declared": {"defender_assessments": imported}}),
        "SE09-2.1",
        "SE09-5.44",
    )
    own = [f for f in both.findings if f.check_id == "SE09-2.1"]
    assert [(f.status, f.message) for f in own] == [(f.status, f.message) for f in alone.findings]
    assert both.scores.overall == alone.scores.overall

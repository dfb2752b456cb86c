"""SE09-3.4 from the Cosmos DB source, which is collected from its declaration alone.

The cassette follows the Database Accounts - List By Resource Group example of the Cosmos DB REST
specification (api-version 2025-04-15), paged with ``nextLink``, and a 403 error body.
"""

from __future__ import annotations

from snapshot_factory import by_status, run_checks
from test_collect_support import SUB_A, UNIT

from assess.collect import CollectOptions, collect_snapshot
from assess.model import Status
from assess.progress import NullProgress
from assess.snapshot import Snapshot

CASSETTE = UNIT / "cosmos-accounts.yaml"


def _collect(group: str, on: bool = True) -> Snapshot:
    options = CollectOptions(
        subscriptions=(SUB_A,),
        resource_group=group,
        switches={"cosmos_db": on},
        replay=CASSETTE,
    )
    return collect_snapshot(options, NullProgress())


def test_accounts_are_listed_with_the_declared_properties_only() -> None:
    snapshot = _collect("rg-data")
    assert "cosmos_accounts" in snapshot.collected
    accounts = {a.name: a for a in snapshot.records_of("cosmos_accounts")}
    assert sorted(accounts) == ["cosmos-catalog-prod", "cosmos-legacy-prod", "cosmos-orders-prod"]
    assert accounts["cosmos-orders-prod"].properties == {
        "disableLocalAuth": True,
        "disableKeyBasedMetadataWriteAccess": True,
        "publicNetworkAccess": "Disabled",
        # keysMetadata is absent from the example: the keys' ages are not reported.
        "keysMetadata.primaryMasterKey.generationTime": None,
        "keysMetadata.secondaryMasterKey.generationTime": None,
        "keysMetadata.primaryReadonlyMasterKey.generationTime": None,
        "keysMetadata.secondaryReadonlyMasterKey.generationTime": None,
    }
    legacy = accounts["cosmos-legacy-prod"]  # the page behind nextLink, as the example: none set
    assert set(legacy.properties.values()) == {None}
    assert not snapshot.gaps


def test_only_an_account_that_refuses_keys_passes() -> None:
    results = run_checks(_collect("rg-data"), "SE09-3.4")
    assert by_status(results) == {
        "pass": {"cosmos-orders-prod"},
        "fail": {"cosmos-catalog-prod", "cosmos-legacy-prod"},
    }
    failed = {f.resource_name: f for f in results.findings if f.status is Status.FAIL}
    catalog = failed["cosmos-catalog-prod"]
    assert "accepts its account keys" in catalog.message and "any network" in catalog.message
    assert "databases and throughput" in catalog.message
    assert catalog.evidence is not None
    assert catalog.evidence.observed["publicNetworkAccess"] == "Enabled"
    legacy = failed["cosmos-legacy-prod"].evidence
    assert legacy is not None and legacy.observed["disableLocalAuth"] is None


def test_a_denied_group_leaves_its_accounts_unknown_never_passed() -> None:
    snapshot = _collect("rg-locked")
    (gap,) = snapshot.gaps
    assert (gap.kind, gap.status_code, gap.error_code) == (
        "cosmos_accounts",
        403,
        "AuthorizationFailed",
    )
    results = run_checks(snapshot, "SE09-3.4")
    assert [f.status for f in results.findings] == [Status.UNKNOWN]
    assert "403" in results.findings[0].reason


def test_switched_off_by_default_the_check_is_unknown_and_says_how_to_read_it() -> None:
    snapshot = _collect("rg-data", on=False)
    assert "cosmos_accounts" not in snapshot.collected
    assert snapshot.records_of("cosmos_accounts") == ()
    results = run_checks(snapshot, "SE09-3.4")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert all("gathered with --cosmos-db" in f.reason for f in results.findings)


def test_key_age_passes_only_for_keyless_accounts_here_5_40() -> None:
    # No account of the example reports keysMetadata: only the one refusing keys can pass; the
    # ages of the others' keys are not known, never passed and never failed.
    results = run_checks(_collect("rg-data"), "SE09-5.40")
    assert by_status(results) == {
        "pass": {"cosmos-orders-prod"},
        "unknown": {"cosmos-catalog-prod", "cosmos-legacy-prod"},
    }
    unknown = {f.resource_name: f.message for f in results.findings if f.status is Status.UNKNOWN}
    assert "does not report when primaryMasterKey" in unknown["cosmos-legacy-prod"]

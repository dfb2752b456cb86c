"""Storage accounts beyond key age, from the ``shared_key_access`` source: SE09-3.48 (shared key
access off) and SE09-5.41 (key and SAS expiration policies within the maximum)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import services_fixtures as fx
from declared_cassette import collect_group, denied, page, write_cassette
from snapshot_factory import by_status, message_of, run_checks
from test_collect_support import shared_file

from assess import sources
from assess.collectors.declared import parse_declared
from assess.model import Status
from assess.snapshot import Snapshot
from checks.se09_5_rotation import sas_period

ITEMS = [
    fx.storage_account("stkeyless", "rg-data", shared_key=False, oauth=True),
    fx.storage_account(
        "stpolicies", "rg-data", shared_key=True, key_days=30, sas=("1.00:00:00", "Block")
    ),
    fx.storage_account("stlong", "rg-data", key_days=365, sas=("365.00:00:00", "Log")),
    fx.storage_account("stkeysonly", "rg-data", key_days=30),
    fx.storage_account("stdefaults", "rg-data"),  # nothing set: keys on, no policy
]


def _snapshot(tmp_path: Path, group: str = "rg-data") -> Snapshot:
    resources = sources.source("shared_key_access").resources
    assert resources is not None
    answer = page(ITEMS) if group == "rg-data" else denied(resources.in_group.permission, group)
    cassette = write_cassette(tmp_path / "c.yaml", group, {resources.in_group: answer})
    return collect_group(cassette, group, {"shared_key_access": True})


def test_the_published_example_is_read_with_its_sas_and_key_policies() -> None:
    path = shared_file(
        "azure-api-examples", "Microsoft.Storage", "storage-accounts-create-with-key-policy.json"
    )
    body = json.loads(path.read_text(encoding="utf-8"))["responses"]["200"]["body"]
    resources = sources.source("shared_key_access").resources
    assert resources is not None
    account = parse_declared(resources.properties, body)
    assert account is not None
    assert account.properties == {
        "allowSharedKeyAccess": True,
        "defaultToOAuthAuthentication": None,  # sent in the request, not echoed in the answer
        "keyPolicy.keyExpirationPeriodInDays": 20,
        "sasPolicy.sasExpirationPeriod": "1.15:59:59",
        "sasPolicy.expirationAction": "Log",
    }


def test_sas_periods_are_read_as_dotnet_time_spans() -> None:
    assert sas_period("1.15:59:59") == timedelta(days=1, hours=15, minutes=59, seconds=59)
    assert sas_period("00:30:00") == timedelta(minutes=30)
    assert sas_period("7.00:00:00") == timedelta(days=7)
    assert sas_period("P7D") is None and sas_period(None) is None and sas_period("1.2:3") is None


def test_only_an_account_without_shared_key_access_passes_3_48(tmp_path: Path) -> None:
    results = run_checks(_snapshot(tmp_path), "SE09-3.48")
    assert by_status(results) == {
        "pass": {"stkeyless"},
        "fail": {"stpolicies", "stlong", "stkeysonly", "stdefaults"},
    }
    assert "(allowSharedKeyAccess is not set)" in message_of(results, "stdefaults")
    stdefaults = next(f for f in results.findings if f.resource_name == "stdefaults")
    assert stdefaults.evidence is not None
    assert stdefaults.evidence.observed == {
        "allowSharedKeyAccess": None,
        "defaultToOAuthAuthentication": None,
    }


def test_key_and_sas_policies_within_the_maximum_pass_5_41(tmp_path: Path) -> None:
    results = run_checks(_snapshot(tmp_path), "SE09-5.41")
    assert by_status(results) == {
        "pass": {"stkeyless", "stpolicies"},
        "fail": {"stlong", "stkeysonly", "stdefaults"},
    }
    assert "no key expiration policy and no SAS expiration policy" in message_of(
        results, "stdefaults"
    )
    assert (
        "a key expiration policy of 365 days and account-key SAS tokens allowed for "
        "365.00:00:00, against a 60-day maximum" in message_of(results, "stlong")
    )
    only_keys = message_of(results, "stkeysonly")
    assert "no SAS expiration policy" in only_keys and "key expiration" not in only_keys
    assert "(Block when longer)" in message_of(results, "stpolicies")


def test_a_denied_group_is_unknown_never_a_pass(tmp_path: Path) -> None:
    snapshot = _snapshot(tmp_path, "rg-locked")
    for check_id in ("SE09-3.48", "SE09-5.41"):
        results = run_checks(snapshot, check_id)
        assert {f.status for f in results.findings} == {Status.UNKNOWN}, check_id
        assert "403" in results.findings[0].reason

"""SE09-5.7: storage account access keys are rotated within the maximum age, or shared keys are off."""

from __future__ import annotations

import json

from snapshot_factory import (
    by_status,
    days_before,
    make_gap,
    make_snapshot,
    make_storage_account,
    message_of,
    run_checks,
)
from test_collect_support import shared_file

from assess.collectors.storage import parse_storage_account
from assess.config import Config


def _accounts() -> list:
    return [
        make_storage_account("stfresh", key1_created=days_before(10), key2_created=days_before(55)),
        make_storage_account(
            "stone",
            key1_created=days_before(10),
            key2_created=days_before(400),
            key_expiration_days=90,
        ),
        make_storage_account("stnever"),  # no keyCreationTime reported
        # Undated keys, but the account is younger than the maximum age: so are its keys.
        make_storage_account("stnew", created=days_before(20)),
        make_storage_account("stolder", created=days_before(900)),
        make_storage_account("stnokeys", allow_shared_key_access=False),
        make_storage_account(
            "stboth", key1_created=days_before(200), key2_created=days_before(300)
        ),
    ]


def test_keys_past_the_maximum_age_fail_and_keyless_accounts_pass() -> None:
    results = run_checks(make_snapshot(*_accounts()), "SE09-5.7")
    assert by_status(results) == {
        "pass": {"stfresh", "stnokeys", "stnew"},
        "fail": {"stone", "stnever", "stboth", "stolder"},
    }
    assert "was created 20 days ago" in message_of(results, "stnew")
    assert "key2 400 days old, over the 60-day maximum" in message_of(results, "stone")
    assert "key expiration policy is 90 days" in message_of(results, "stone")
    assert "key1 200 days old and key2 300 days old" in message_of(results, "stboth")
    assert "does not report when key1 and key2 were created" in message_of(results, "stnever")


def test_the_maximum_age_comes_from_the_configuration() -> None:
    config = Config.model_validate({"thresholds": {"max_secret_age_days": 500}})
    results = run_checks(make_snapshot(*_accounts()), "SE09-5.7", config=config)
    assert by_status(results)["pass"] == {"stfresh", "stnokeys", "stone", "stboth", "stnew"}


def test_a_group_whose_accounts_could_not_be_listed_is_unknown() -> None:
    gap = make_gap(
        "storage_accounts",
        "/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg-locked",
    )
    results = run_checks(make_snapshot(*_accounts()[:1], gap), "SE09-5.7")
    assert by_status(results) == {"pass": {"stfresh"}, "unknown": {"rg-locked"}}


def test_the_published_examples_parse() -> None:
    folder = shared_file("azure-api-examples", "Microsoft.Storage")
    one = json.loads((folder / "storage-accounts-get-properties.json").read_text(encoding="utf-8"))
    account = parse_storage_account(one["responses"]["200"]["body"])
    assert account is not None
    assert account.key1_created is not None and account.key1_created.year == 2021
    assert account.allow_shared_key_access is None and account.key_expiration_days is None
    listed = json.loads((folder / "storage-accounts-list.json").read_text(encoding="utf-8"))
    accounts = [parse_storage_account(i) for i in listed["responses"]["200"]["body"]["value"]]
    assert accounts and all(a is not None for a in accounts)
    assert any(a is not None and a.key1_created is None for a in accounts)  # most omit it

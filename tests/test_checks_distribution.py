"""SE09-3 checks on hand-built snapshots, run through the real engine."""

from __future__ import annotations

from snapshot_factory import (
    SUB,
    by_status,
    make_gap,
    make_snapshot,
    make_vault,
    message_of,
    run_checks,
)

from assess.config import Config
from assess.model import Waiver


def test_public_access_passes_when_disabled_or_firewall_denies() -> None:
    snap = make_snapshot(
        make_vault("kv-closed", public_network_access="Disabled"),
        make_vault("kv-firewalled", public_network_access="Enabled", default_action="Deny"),
        make_vault("kv-open", public_network_access="Enabled", default_action="Allow"),
        make_vault("kv-silent"),  # neither property returned: the open default
        make_vault("kv-acl-only-allow", default_action="Allow"),
        make_vault("kv-lowercase", public_network_access="disabled"),
    )
    results = run_checks(snap, "SE09-3.1")
    assert by_status(results) == {
        "pass": {"kv-closed", "kv-firewalled", "kv-lowercase"},
        "fail": {"kv-open", "kv-silent", "kv-acl-only-allow"},
    }
    text = message_of(results, "kv-silent")
    assert "kv-silent" in text and "not set" in text and "Shared Services" in text


def test_public_access_inside_a_403_gap_is_unknown() -> None:
    locked = make_vault("kv-locked", rg="rg-locked", public_network_access="Disabled")
    gap = make_gap("vaults", f"/subscriptions/{SUB}/resourceGroups/rg-locked")
    results = run_checks(make_snapshot(make_vault("kv-open"), locked, gap), "SE09-3.1")
    assert by_status(results) == {"fail": {"kv-open"}, "unknown": {"kv-locked"}}


def test_a_waiver_covers_a_failing_vault_until_it_expires() -> None:
    snap = make_snapshot(make_vault("kv-open"), make_vault("kv-other"))
    waiver = Waiver(
        check="SE09-3.1",
        resource="*kv-open",
        reason="migration",
        owner="team",
        expires="2026-12-31",
    )
    results = run_checks(snap, "SE09-3.1", config=Config(waivers=(waiver,)))
    waived = {f.resource_name for f in results.findings if f.waived}
    assert waived == {"kv-open"}
    assert by_status(results) == {"fail": {"kv-open", "kv-other"}}


def test_private_endpoint_needs_an_approved_connection() -> None:
    snap = make_snapshot(
        make_vault("kv-pe", private_endpoint_states=("Approved",)),
        make_vault("kv-pe-mixed", private_endpoint_states=("Rejected", "Approved")),
        make_vault("kv-pending", private_endpoint_states=("Pending",)),
        make_vault("kv-none"),
    )
    results = run_checks(snap, "SE09-3.2")
    assert by_status(results) == {
        "pass": {"kv-pe", "kv-pe-mixed"},
        "fail": {"kv-pending", "kv-none"},
    }
    assert "kv-pending" in message_of(results, "kv-pending")


def test_private_endpoint_inside_a_gap_is_unknown() -> None:
    snap = make_snapshot(
        make_vault("kv-pe", private_endpoint_states=("Approved",)),
        make_gap("vaults", f"/subscriptions/{SUB}"),
    )
    assert by_status(run_checks(snap, "SE09-3.2")) == {"unknown": {"kv-pe"}}

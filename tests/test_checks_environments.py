"""SE09-1 checks on hand-built snapshots, run through the real engine."""

from __future__ import annotations

from snapshot_factory import (
    CONTRIBUTOR,
    KV_SECRETS_USER,
    OWNER,
    SUB,
    SUB_DEV,
    SUB_PROD,
    by_status,
    make_access_policy,
    make_assignment,
    make_gap,
    make_resource_group,
    make_snapshot,
    make_subscription,
    make_vault,
    message_of,
    principal,
    run_checks,
)

from assess.config import Config, Environments
from assess.model import Status
from assess.snapshot import Snapshot

RBAC = {"enable_rbac_authorization": True}
POLICIES = {"enable_rbac_authorization": False}

PROD = make_vault("kv-orders", SUB_PROD, **RBAC)  # production by its subscription's name
DEV = make_vault("kv-orders", SUB_DEV, **RBAC)  # development, same vault name elsewhere
TEST_POLICY = make_vault(
    "kv-legacy-test",
    **POLICIES,
    access_policies=(
        make_access_policy(principal(3), ["get"]),
        make_access_policy(principal(4), ["list"]),  # names only: does not read values
    ),
)
SHARED = make_vault("kv-shared", **RBAC)  # no environment anywhere
SUBS = (
    make_subscription(SUB_PROD),
    make_subscription(SUB_DEV),
    make_subscription(SUB),
)


def reader(
    n: int, vault_or_scope: str, kind: str = "ServicePrincipal", role: str = KV_SECRETS_USER
):
    return make_assignment(principal(n), role, vault_or_scope, principal_type=kind, name=f"a{n}")


def test_identities_crossing_production_and_non_production_fail() -> None:
    snap = make_snapshot(
        *SUBS,
        PROD,
        DEV,
        TEST_POLICY,
        SHARED,
        reader(1, PROD.id),
        make_assignment(principal(1), KV_SECRETS_USER, DEV.id, name="a1-dev"),
        reader(2, PROD.id),  # production only
        reader(3, f"{PROD.id}/secrets/orders-db"),  # secret scope counts; plus test via policy
        reader(4, DEV.id),  # list-only policy on test: development only
        reader(5, f"/subscriptions/{SUB_DEV}/resourceGroups/rg-app"),  # dev via resource group
        make_assignment(principal(5), KV_SECRETS_USER, SHARED.id, name="a5-shared"),
        reader(6, SHARED.id),  # only an unplaced vault: no finding
        reader(7, PROD.id),
        make_assignment(principal(7), KV_SECRETS_USER, TEST_POLICY.id, name="a7-t"),  # no effect
    )
    results = run_checks(snap, "SE09-1.1")
    assert by_status(results) == {
        "fail": {principal(1), principal(3)},
        "pass": {principal(2), principal(4), principal(5), principal(7)},
    }
    crossed = message_of(results, principal(1))
    assert "kv-orders (production)" in crossed and "kv-orders (development)" in crossed
    assert "kv-legacy-test (test)" in message_of(results, principal(3))
    assert "kv-shared" in message_of(results, principal(5))
    assert "not recognised" in message_of(results, principal(5))


def test_management_roles_that_can_grant_read_count_as_reach() -> None:
    prod_policy = make_vault("kv-pay-prod", **POLICIES)
    dev_rbac = make_vault("kv-pay-dev", **RBAC)
    snap = make_snapshot(
        prod_policy,
        dev_rbac,
        # Contributor can rewrite access policies (prod) but not role assignments (dev RBAC)
        reader(11, f"/subscriptions/{SUB}", kind="User", role=CONTRIBUTOR),
        # Owner at the subscription can do both
        reader(12, f"/subscriptions/{SUB}", kind="User", role=OWNER),
        # a pipeline that reads dev secrets and can rewrite the prod vault's policies
        reader(13, dev_rbac.id),
        make_assignment(principal(13), CONTRIBUTOR, prod_policy.id, name="a13-prod"),
    )
    results = run_checks(snap, "SE09-1.1")
    assert by_status(results) == {"pass": {principal(11)}, "fail": {principal(12), principal(13)}}
    assert "can grant itself read" in message_of(results, principal(12))
    assert "User" in message_of(results, principal(12))


def test_management_group_grants_follow_the_group_environment_or_cover_everything() -> None:
    mg = "/providers/Microsoft.Management/managementGroups/"
    snap = make_snapshot(
        *SUBS,
        PROD,
        DEV,
        make_vault("hsm-orders", SUB_DEV, kind="managedHSM", **RBAC),  # keys only: no secrets
        reader(31, f"{mg}mg-prod"),  # named for production: reaches the production vault only
        reader(32, f"{mg}mg-contoso"),  # unplaced group: taken to hold every subscription
        make_assignment(principal(33), KV_SECRETS_USER, f"{mg}mg-prod", name="a33-p"),
        make_assignment(principal(33), KV_SECRETS_USER, f"{mg}mg-dev", name="a33-d"),
    )
    results = run_checks(snap, "SE09-1.1")
    assert by_status(results) == {"pass": {principal(31)}, "fail": {principal(32), principal(33)}}
    assert "hsm-orders" not in message_of(results, principal(32))
    routes = next(f for f in results.findings if f.resource_name == principal(31)).evidence
    assert routes is not None
    assert routes.observed["routes"] == [
        "kv-orders: Key Vault Secrets User at management group mg-prod"
    ]


def test_a_grant_with_an_unknown_role_definition_keeps_an_identity_from_passing() -> None:
    snap = make_snapshot(
        *SUBS,
        PROD,
        DEV,
        reader(41, PROD.id),
        make_assignment(principal(41), "d0000000-0000-0000-0000-0000000000ff", DEV.id, name="x"),
        reader(42, PROD.id),
    )
    results = run_checks(snap, "SE09-1.1")
    assert by_status(results) == {"fail": {principal(41)}, "pass": {principal(42)}}
    assert "definition was not found" in message_of(results, principal(41))


def test_environments_come_from_tags_before_names() -> None:
    tagged = make_vault("kv-a", tags={"Environment": "Production"}, **RBAC)
    by_group = make_vault("kv-b", rg="rg-payments", **RBAC)
    snap = make_snapshot(
        tagged,
        by_group,
        make_resource_group("rg-payments", tags={"env": "dev"}),
        reader(21, tagged.id),
        make_assignment(principal(21), KV_SECRETS_USER, by_group.id, name="a21-b"),
    )
    results = run_checks(snap, "SE09-1.1")
    assert by_status(results) == {"fail": {principal(21)}}


def test_a_gap_holds_back_would_be_passes_but_not_failures() -> None:
    snap = make_snapshot(
        *SUBS,
        PROD,
        DEV,
        reader(1, PROD.id),
        make_assignment(principal(1), KV_SECRETS_USER, DEV.id, name="a1-dev"),
        reader(2, PROD.id),
        make_gap("role_assignments", f"/subscriptions/{SUB_DEV}"),
    )
    results = run_checks(snap, "SE09-1.1")
    # principal 2 reaches production only as far as was read: not a pass while a list is missing
    assert by_status(results) == {"fail": {principal(1)}, "unknown": {principal(2), SUB_DEV}}
    for unknown in (f for f in results.findings if f.status is Status.UNKNOWN):
        assert "403" in unknown.reason
        assert unknown.cause is not None and unknown.cause.evidence == "role_assignments"


def test_a_waived_crossing_identity() -> None:
    from assess.model import Waiver

    snap = make_snapshot(
        *SUBS,
        PROD,
        DEV,
        reader(1, PROD.id),
        make_assignment(principal(1), KV_SECRETS_USER, DEV.id, name="a1-dev"),
    )
    waiver = Waiver(
        check="SE09-1.1",
        resource=principal(1),
        reason="break-glass",
        owner="sec",
        expires="2027-01-01",
    )
    (finding,) = run_checks(snap, "SE09-1.1", config=Config(waivers=(waiver,))).findings
    assert finding.status is Status.FAIL and finding.waived


# ---- SE09-1.2 ----------------------------------------------------------------------------------
def test_every_vault_needs_a_recognisable_environment() -> None:
    snap = make_snapshot(
        *SUBS,
        PROD,  # subscription display name "contoso-prod"
        make_vault("kv-x", tags={"env": "uat"}),
        make_vault("kv-y", rg="rg-tagged"),
        make_resource_group("rg-tagged", tags={"stage": "sandbox"}),
        make_vault("kv-z-dev"),
        make_vault("kv-shared"),
        make_vault("kv-odd", tags={"environment": "blue"}),  # unknown value, neutral names
    )
    results = run_checks(snap, "SE09-1.2")
    assert by_status(results) == {
        "pass": {"kv-orders", "kv-x", "kv-y", "kv-z-dev"},
        "fail": {"kv-shared", "kv-odd"},
    }
    text = message_of(results, "kv-shared")
    assert "kv-shared" in text and "Shared Services" in text and "tag it" in text
    assert "production" in message_of(results, "kv-orders")


def test_configured_names_place_a_vault() -> None:
    snap = make_snapshot(make_vault("kv-shared", tags={"environment": "blue"}))
    config = Config(environments=Environments(production=("blue",)))
    assert by_status(run_checks(snap, "SE09-1.2", config=config)) == {"pass": {"kv-shared"}}


def test_vault_placement_inside_a_gap_is_unknown() -> None:
    snap = make_snapshot(
        make_vault("kv-shared"),
        make_gap("resource_groups", f"/subscriptions/{SUB}/resourceGroups/rg-app"),
    )
    assert by_status(run_checks(snap, "SE09-1.2")) == {"unknown": {"kv-shared"}}


def test_results_are_byte_identical_across_processes_and_hash_seeds() -> None:
    # Set and dict order of strings changes with PYTHONHASHSEED; the output must not.
    import os
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).parent
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import test_checks_environments as t; from snapshot_factory import run_checks;"
        "from assess.snapshot import dumps;"
        "print(dumps(run_checks(t.crossing_snapshot(), 'SE09-1', 'SE09-7')), end='')"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(here)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "SE09-1.1" in outputs.pop()


def crossing_snapshot() -> Snapshot:
    return make_snapshot(
        *SUBS,
        PROD,
        DEV,
        TEST_POLICY,
        SHARED,
        reader(1, PROD.id),
        make_assignment(principal(1), KV_SECRETS_USER, DEV.id, name="a1-dev"),
        make_assignment(principal(1), KV_SECRETS_USER, TEST_POLICY.id, name="a1-t"),
        make_vault("kv-api", SUB_DEV, **RBAC),
        make_vault("kv-web", SUB_DEV, **RBAC),
        make_vault("kv-jobs", SUB_DEV, **RBAC),
        reader(5, SHARED.id),
        make_assignment(principal(5), OWNER, f"/subscriptions/{SUB_DEV}", name="a5-dev"),
        reader(12, f"/subscriptions/{SUB}", kind="User", role=OWNER),
    )

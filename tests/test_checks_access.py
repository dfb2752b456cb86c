"""SE09-7 checks on hand-built snapshots, run through the real engine."""

from __future__ import annotations

from snapshot_factory import (
    CONTRIBUTOR,
    KV_ADMIN,
    KV_SECRETS_USER,
    OWNER,
    READER,
    SUB,
    USER_ACCESS_ADMIN,
    by_status,
    make_access_policy,
    make_assignment,
    make_definition,
    make_diagnostic,
    make_gap,
    make_snapshot,
    make_vault,
    message_of,
    principal,
    run_checks,
)

from assess.config import Config
from assess.model import Waiver

SUB_SCOPE = f"/subscriptions/{SUB}"
MG_SCOPE = "/providers/Microsoft.Management/managementGroups/mg-root"


# ---- SE09-7.1 RBAC permission model ----------------------------------------------------------
def test_rbac_model_passes_only_when_reported_true() -> None:
    snap = make_snapshot(
        make_vault("kv-rbac", enable_rbac_authorization=True),
        make_vault("kv-policies", enable_rbac_authorization=False),
        make_vault("kv-silent"),  # absent: the access-policy model
        make_vault("hsm-keys", kind="managedHSM"),  # local RBAC, no permission-model switch
    )
    results = run_checks(snap, "SE09-7.1")
    assert by_status(results) == {
        "pass": {"kv-rbac"},
        "fail": {"kv-policies", "kv-silent"},
        "not_applicable": {"hsm-keys"},
    }
    assert "kv-silent" in message_of(results, "kv-silent")
    assert "not set" in message_of(results, "kv-silent")


def test_rbac_model_inside_a_gap_is_unknown() -> None:
    snap = make_snapshot(
        make_vault("kv-rbac", enable_rbac_authorization=True),
        make_gap("vaults", SUB_SCOPE, status_code=429),
    )
    results = run_checks(snap, "SE09-7.1")
    assert by_status(results) == {"unknown": {"kv-rbac"}}
    assert "429" in results.findings[0].reason


# ---- SE09-7.2 audit logs ---------------------------------------------------------------------
def test_audit_logs_need_a_destination_and_an_audit_category() -> None:
    names = ["kv-event", "kv-group", "kv-alllogs", "kv-off", "kv-nowhere", "kv-metrics", "kv-none"]
    kv = {n: make_vault(n) for n in names}
    snap = make_snapshot(
        *kv.values(),
        make_diagnostic(kv["kv-event"]),
        make_diagnostic(kv["kv-group"], logs=[(None, "audit", True)]),
        make_diagnostic(kv["kv-alllogs"], logs=[(None, "allLogs", True)]),
        make_diagnostic(kv["kv-off"], logs=[("AuditEvent", None, False)]),
        make_diagnostic(kv["kv-nowhere"], workspace=False),
        make_diagnostic(kv["kv-metrics"], logs=[("AzurePolicyEvaluationDetails", None, True)]),
    )
    results = run_checks(snap, "SE09-7.2")
    assert by_status(results) == {
        "pass": {"kv-event", "kv-group", "kv-alllogs"},
        "fail": {"kv-off", "kv-nowhere", "kv-metrics", "kv-none"},
    }
    assert "no diagnostic setting" in message_of(results, "kv-none")
    assert "kv-audit" in message_of(results, "kv-event")


def test_one_finding_per_vault_even_with_several_settings() -> None:
    kv = make_vault("kv-two")
    snap = make_snapshot(
        kv,
        make_diagnostic(kv, "a", logs=[("AuditEvent", None, False)]),
        make_diagnostic(kv, "b", logs=[(None, "audit", True)]),
    )
    results = run_checks(snap, "SE09-7.2")
    assert [(f.resource_name, f.status.value) for f in results.findings] == [("kv-two", "pass")]


def test_audit_logs_of_a_vault_whose_settings_were_denied_are_unknown() -> None:
    kv, locked = make_vault("kv-a"), make_vault("kv-locked")
    snap = make_snapshot(
        kv, locked, make_diagnostic(kv), make_gap("diagnostic_settings", locked.id)
    )
    assert by_status(run_checks(snap, "SE09-7.2")) == {"pass": {"kv-a"}, "unknown": {"kv-locked"}}


# ---- SE09-7.3 broad roles --------------------------------------------------------------------
def test_broad_builtins_at_subscription_or_above_fail_for_workload_identities() -> None:
    kv = make_vault("kv-app", enable_rbac_authorization=True)
    snap = make_snapshot(
        kv,
        make_assignment(principal(1), OWNER, SUB_SCOPE, name="sp-owner"),
        make_assignment(principal(2), CONTRIBUTOR, SUB_SCOPE, name="sp-contributor"),
        make_assignment(principal(3), USER_ACCESS_ADMIN, MG_SCOPE, name="sp-uaa-mg"),
        make_assignment(principal(4), KV_ADMIN, "/", name="sp-kvadmin-root"),
        make_assignment(principal(5), KV_SECRETS_USER, SUB_SCOPE, name="sp-secrets-sub"),
        make_assignment(principal(6), READER, SUB_SCOPE, name="sp-reader"),
        # below subscription scope: not this check's business
        make_assignment(principal(7), OWNER, kv.id, name="sp-owner-vault"),
        make_assignment(principal(8), OWNER, f"{SUB_SCOPE}/resourceGroups/rg-app", name="sp-rg"),
    )
    results = run_checks(snap, "SE09-7.3")
    assert by_status(results) == {
        "pass": {"sp-reader"},
        "fail": {
            "sp-owner",
            "sp-contributor",
            "sp-uaa-mg",
            "sp-kvadmin-root",
            "sp-secrets-sub",
        },
    }
    text = message_of(results, "sp-owner")
    assert "workload identity" in text
    assert principal(1) in text and "Owner" in text and "Shared Services" in text
    assert "management group mg-root" in message_of(results, "sp-uaa-mg")


def test_custom_roles_are_judged_by_actions_minus_not_actions() -> None:
    roles = {
        "everything": make_definition(
            "c0000000-0000-0000-0000-000000000001", "Everything", actions=["*"]
        ),
        "kv-star": make_definition(
            "c0000000-0000-0000-0000-000000000002", "KV operator", actions=["Microsoft.KeyVault/*"]
        ),
        "assigner": make_definition(
            "c0000000-0000-0000-0000-000000000003",
            "Assigner",
            actions=["Microsoft.Authorization/*/write"],
        ),
        "data-star": make_definition(
            "c0000000-0000-0000-0000-000000000004",
            "Vault data",
            data_actions=["Microsoft.KeyVault/vaults/*"],
        ),
        "tamed": make_definition(
            "c0000000-0000-0000-0000-000000000005",
            "Tamed",
            actions=["Microsoft.KeyVault/*"],
            not_actions=[
                "Microsoft.KeyVault/vaults/write",
                "Microsoft.KeyVault/vaults/accessPolicies/*",
            ],
        ),
        "tamed-data": make_definition(
            "c0000000-0000-0000-0000-000000000006",
            "Tamed data",
            data_actions=["Microsoft.KeyVault/vaults/*"],
            not_data_actions=[
                "Microsoft.KeyVault/vaults/secrets/*",
                "Microsoft.KeyVault/vaults/keys/*",
            ],
        ),
        "reader": make_definition(
            "c0000000-0000-0000-0000-000000000007", "Readish", actions=["*/read"]
        ),
    }
    assignments = [
        make_assignment(principal(i + 1), role.guid, SUB_SCOPE, name=key)
        for i, (key, role) in enumerate(roles.items())
    ]
    results = run_checks(make_snapshot(*roles.values(), *assignments), "SE09-7.3")
    assert by_status(results) == {
        "pass": {"tamed", "reader"},
        # Certificates only, yet still a Key Vault data role over every vault beneath.
        "fail": {"everything", "kv-star", "assigner", "data-star", "tamed-data"},
    }


def test_people_with_broad_roles_are_not_applicable_unless_they_use_one_vault() -> None:
    kv = make_vault("kv-team", enable_rbac_authorization=True)
    kv_other = make_vault("kv-ops", access_policies=(make_access_policy(principal(13)),))
    snap = make_snapshot(
        kv,
        kv_other,
        make_assignment(principal(11), OWNER, SUB_SCOPE, principal_type="User", name="admin"),
        # a user whose only other grant is a data role on one vault: a vault user
        make_assignment(principal(12), CONTRIBUTOR, SUB_SCOPE, principal_type="User", name="dev"),
        make_assignment(
            principal(12), KV_SECRETS_USER, kv.id, principal_type="User", name="dev-kv"
        ),
        # a group with grants on two vaults: not shown to need one vault
        make_assignment(principal(13), OWNER, SUB_SCOPE, principal_type="Group", name="ops"),
        make_assignment(
            principal(13), KV_SECRETS_USER, kv.id, principal_type="Group", name="ops-kv"
        ),
        # a user with a non-broad role at subscription scope
        make_assignment(principal(14), READER, SUB_SCOPE, principal_type="User", name="auditor"),
    )
    results = run_checks(snap, "SE09-7.3")
    assert by_status(results) == {
        "pass": {"auditor"},
        "fail": {"dev"},
        "not_applicable": {"admin", "ops"},
    }
    assert "access review" in message_of(results, "admin")
    assert "kv-team only" in message_of(results, "dev")
    assert principal(11) in message_of(results, "admin")


def test_a_missing_role_definition_never_passes() -> None:
    unknown_guid = "d0000000-0000-0000-0000-0000000000ff"
    snap = make_snapshot(
        make_assignment(principal(21), unknown_guid, SUB_SCOPE, name="orphan"),
        make_assignment(principal(22), OWNER, SUB_SCOPE, name="owner-undefined"),
        with_builtin_roles=False,
    )
    results = run_checks(snap, "SE09-7.3")
    assert by_status(results) == {"fail": {"orphan", "owner-undefined"}}
    assert "not found" in message_of(results, "orphan")
    assert "Owner" in message_of(results, "owner-undefined")


def test_role_definitions_gap_makes_assignments_unknown() -> None:
    snap = make_snapshot(
        make_assignment(principal(31), "d0000000-0000-0000-0000-0000000000ee", SUB_SCOPE, name="x"),
        make_gap("role_definitions", SUB_SCOPE),
    )
    results = run_checks(snap, "SE09-7.3")
    assert by_status(results) == {"unknown": {"x"}}
    assert "403" in results.findings[0].reason


def test_a_waived_broad_assignment_stays_failing_but_carries_the_waiver() -> None:
    snap = make_snapshot(make_assignment(principal(41), OWNER, SUB_SCOPE, name="pipeline"))
    waiver = Waiver(
        check="SE09-7.3",
        resource="*/pipeline",
        reason="deploys the landing zone",
        owner="platform",
        expires="2027-01-31",
    )
    results = run_checks(snap, "SE09-7.3", config=Config(waivers=(waiver,)))
    (finding,) = results.findings
    assert finding.waived and finding.waiver == waiver

"""Key Vault verdicts on real-estate shapes: certificates' secrets, firewall rules that open the
vault to everyone, perimeters, data roles above vaults, apps crossing environments, assignments
in subscriptions that could not be read, and the default secret lifetime."""

from __future__ import annotations

from snapshot_factory import (
    KV_READER,
    KV_SECRETS_OFFICER,
    KV_SECRETS_USER,
    OWNER,
    SUB,
    SUB_DEV,
    SUB_PROD,
    by_status,
    days_after,
    days_before,
    make_app_setting,
    make_assignment,
    make_association,
    make_diagnostic,
    make_gap,
    make_key,
    make_resource_group,
    make_secret,
    make_snapshot,
    make_vault,
    make_web_app,
    message_of,
    principal,
    run_checks,
)

from assess.config import Config, Thresholds
from assess.model import Status
from assess.snapshot import EVIDENCE_KINDS, NetworkAcls

KV = make_vault("kv-app", enable_rbac_authorization=True)
PFX = "application/x-pkcs12"
PEM = "application/x-pem-file"


# ---- 1. certificates' backing secrets ----------------------------------------------------------
def test_a_certificates_backing_secret_is_judged_as_a_certificate_not_as_a_secret() -> None:
    snap = make_snapshot(
        KV,
        # A yearly auto-renewed certificate: its secret is 300 days old and expires in 65 days.
        make_secret(
            "tls-www", KV, content_type=PFX, created=days_before(300), expires=days_after(65)
        ),
        make_secret("tls-api", KV, content_type=PEM, managed=True, expires=days_after(10)),
        make_secret("db-password", KV, created=days_before(300)),
    )
    results = run_checks(snap, "SE09-5.1", "SE09-5.3", "SE09-5.5", "SE09-5.8")
    for check in ("SE09-5.1", "SE09-5.3", "SE09-5.5"):
        assert {"tls-www", "tls-api"} <= by_status(results, check)["not_applicable"]
    assert by_status(results, "SE09-5.3")["fail"] == {"db-password"}
    assert by_status(results, "SE09-5.8") == {"pass": {"tls-www"}, "fail": {"tls-api"}}
    assert "backing secret of certificate tls-www" in message_of(
        run_checks(snap, "SE09-5.3"), "tls-www"
    )


def test_a_pfx_kept_as_a_plain_secret_is_its_own_finding_and_still_a_secret() -> None:
    snap = make_snapshot(
        KV,
        make_secret("uploaded-pfx", KV, content_type=PFX, managed=False, created=days_before(400)),
        make_secret("issued-cert", KV, content_type=PFX, managed=True),
        make_secret("paired-cert", KV, content_type=PEM),  # a key of the same name backs it
        make_key("paired-cert", KV),
        make_secret("unpaired-pem", KV, content_type=PEM),  # Resource Manager only: cannot tell
        make_secret("api-key", KV, content_type="text/plain"),
    )
    results = run_checks(snap, "SE09-2.4", "SE09-5.3")
    assert by_status(results, "SE09-2.4") == {
        "pass": {"issued-cert", "paired-cert"},
        "fail": {"uploaded-pfx"},
        "unknown": {"unpaired-pem"},
    }
    assert "uploaded-pfx" in by_status(results, "SE09-5.3")["fail"]
    found = next(f for f in results.findings if f.resource_name == "unpaired-pem")
    assert "data plane" in found.message


# ---- 3. firewall rules covering the whole address space ----------------------------------------
def _vault_with_rules(name: str, *ranges: str, default: str = "Deny") -> object:
    acls = NetworkAcls(default_action=default, ip_rules=len(ranges), ip_ranges=ranges)
    return make_vault(name, network_acls=acls)


def test_an_ip_rule_covering_every_address_makes_a_public_vault() -> None:
    snap = make_snapshot(
        _vault_with_rules("kv-everyone", "0.0.0.0/0"),
        _vault_with_rules("kv-halves", "0.0.0.0/1", "128.0.0.0/1"),
        _vault_with_rules("kv-v6", "::/0"),
        _vault_with_rules("kv-office", "124.56.78.91/32", "10.0.0.0/8"),
        _vault_with_rules("kv-almost", "0.0.0.0/1", "128.0.0.0/2"),
        make_vault("kv-closed", public_network_access="Disabled", default_action="Allow"),
    )
    results = run_checks(snap, "SE09-3.1")
    assert by_status(results) == {
        "fail": {"kv-everyone", "kv-halves", "kv-v6"},
        "pass": {"kv-office", "kv-almost", "kv-closed"},
    }
    assert "IPv4" in message_of(results, "kv-halves")
    found = next(f for f in results.findings if f.resource_name == "kv-everyone")
    assert found.evidence is not None and found.evidence.observed["ipRules"] == ["0.0.0.0/0"]


# ---- 4. network security perimeters -------------------------------------------------------------
def test_a_perimeter_secured_vault_is_judged_from_its_association() -> None:
    enforced = make_vault("kv-nsp-enforced", public_network_access="SecuredByPerimeter")
    learning = make_vault("kv-nsp-learning", public_network_access="SecuredByPerimeter")
    lost = make_vault("kv-nsp-elsewhere", public_network_access="SecuredByPerimeter")
    snap = make_snapshot(
        enforced,
        learning,
        lost,
        make_association(enforced, "Enforced"),
        make_association(learning, "Learning"),
    )
    results = run_checks(snap, "SE09-3.1")
    assert by_status(results) == {
        "pass": {"kv-nsp-enforced"},
        "fail": {"kv-nsp-learning"},
        "unknown": {"kv-nsp-elsewhere"},
    }
    passed = next(f for f in results.findings if f.resource_name == "kv-nsp-enforced")
    assert passed.evidence is not None and "nsp-1" in str(passed.evidence.observed)
    assert "Learning" in message_of(results, "kv-nsp-learning")


def test_a_perimeter_that_only_learns_or_audits_leaves_the_vaults_own_firewall_to_decide() -> None:
    # Learning (transition) falls back to the resource's own firewall; Audit only logs.
    closed = NetworkAcls(default_action="Deny", ip_ranges=("203.0.113.0/24",))
    learning_closed = make_vault(
        "kv-learning-closed", public_network_access="SecuredByPerimeter", network_acls=closed
    )
    audit_open = make_vault(
        "kv-audit-open",
        public_network_access="SecuredByPerimeter",
        network_acls=NetworkAcls(default_action="Allow"),
    )
    audit_everyone = make_vault(
        "kv-audit-everyone",
        public_network_access="SecuredByPerimeter",
        network_acls=NetworkAcls(default_action="Deny", ip_ranges=("0.0.0.0/0",)),
    )
    snap = make_snapshot(
        learning_closed,
        audit_open,
        audit_everyone,
        make_association(learning_closed, "Learning"),
        make_association(audit_open, "Audit"),
        make_association(audit_everyone, "Audit"),
    )
    results = run_checks(snap, "SE09-3.1")
    assert by_status(results) == {
        "pass": {"kv-learning-closed"},
        "fail": {"kv-audit-open", "kv-audit-everyone"},
    }
    assert "does not enforce" in message_of(results, "kv-learning-closed")
    assert "own firewall decides" in message_of(results, "kv-audit-open")
    assert "IPv4" in message_of(results, "kv-audit-everyone")


def test_a_perimeter_secured_vault_whose_associations_could_not_be_read_is_unknown() -> None:
    vault = make_vault("kv-nsp", public_network_access="SecuredByPerimeter")
    unread = make_snapshot(vault, make_gap("perimeter_associations", f"/subscriptions/{SUB}"))
    assert by_status(run_checks(unread, "SE09-3.1")) == {"unknown": {"kv-nsp"}}
    never = make_snapshot(
        vault, collected=[k for k in EVIDENCE_KINDS if k != "perimeter_associations"]
    )
    results = run_checks(never, "SE09-3.1")
    assert by_status(results) == {"unknown": {"kv-nsp"}}
    (finding,) = results.findings
    assert finding.cause is not None and finding.cause.evidence == "perimeter_associations"


# ---- 5. data roles assigned above the vault -----------------------------------------------------
def test_data_roles_above_a_vault_are_broad_grants_for_each_vault_they_reach() -> None:
    shared = make_vault("kv-shared", rg="rg-app", enable_rbac_authorization=True)
    sibling = make_vault("kv-sibling", rg="rg-app", enable_rbac_authorization=True)
    other = make_vault("kv-other", rg="rg-other", enable_rbac_authorization=True)
    tidy = make_vault("kv-tidy", rg="rg-tidy", enable_rbac_authorization=True)
    policies = make_vault("kv-policies", rg="rg-app", enable_rbac_authorization=False)
    unset = make_vault("kv-unset", rg="rg-app")  # absent: the access-policy model
    group = f"/subscriptions/{SUB}/resourceGroups/rg-app"
    snap = make_snapshot(
        shared,
        sibling,
        other,
        tidy,
        policies,
        unset,
        make_assignment(principal(1), KV_SECRETS_USER, group),
        make_assignment(principal(2), KV_READER, f"/subscriptions/{SUB}/resourceGroups/rg-other"),
        make_assignment(principal(3), KV_SECRETS_OFFICER, tidy.id),  # at the vault: fine
        make_assignment(principal(4), OWNER, f"/subscriptions/{SUB}"),  # no data role
    )
    results = run_checks(snap, "SE09-7.5")
    assert by_status(results) == {
        "fail": {"kv-shared", "kv-sibling", "kv-other"},
        "pass": {"kv-tidy"},
        "not_applicable": {"kv-policies", "kv-unset"},
    }
    text = message_of(results, "kv-shared")
    assert "Key Vault Secrets User at resource group rg-app" in text and "read secrets" in text
    assert "Key Vault Reader" in message_of(results, "kv-other")


def test_a_data_role_at_subscription_scope_is_broad_in_the_standing_roles_check() -> None:
    snap = make_snapshot(KV, make_assignment(principal(5), KV_READER, f"/subscriptions/{SUB}"))
    results = run_checks(snap, "SE09-7.3", "SE09-7.5")
    assert by_status(results, "SE09-7.3") == {"fail": {f"ra-0005-{KV_READER[:8]}"}}
    assert by_status(results, "SE09-7.5") == {"fail": {"kv-app"}}


# ---- 6. apps reading from a vault of the other environment --------------------------------------
def _env_snapshot(*records: object) -> object:
    return make_snapshot(
        make_resource_group("rg-app", SUB_PROD, tags={"environment": "prod"}),
        make_resource_group("rg-app", SUB_DEV, tags={"environment": "dev"}),
        *records,
    )


def test_a_production_app_reading_a_non_production_vault_fails_environment_separation() -> None:
    prod_vault = make_vault("kv-orders-prod", SUB_PROD, enable_rbac_authorization=True)
    dev_vault = make_vault("kv-orders-dev", SUB_DEV, enable_rbac_authorization=True)
    by_reference = make_web_app("app-orders", SUB_PROD, identity="SystemAssigned")
    by_identity = make_web_app(
        "app-billing", SUB_PROD, identity="SystemAssigned", principal_ids=(principal(21),)
    )
    clean = make_web_app("app-shop", SUB_PROD, identity="SystemAssigned")
    dev_app = make_web_app("app-orders", SUB_DEV, identity="SystemAssigned")
    unplaced = make_web_app("app-misc", SUB_PROD, identity="SystemAssigned")
    snap = _env_snapshot(
        prod_vault,
        dev_vault,
        by_reference,
        by_identity,
        clean,
        dev_app,
        unplaced,
        make_app_setting(
            by_reference, "Db__Password", "key_vault_reference", reference_vault="kv-orders-dev"
        ),
        make_app_setting(
            clean, "Db__Password", "key_vault_reference", reference_vault="kv-orders-prod"
        ),
        make_app_setting(
            dev_app, "Db__Password", "key_vault_reference", reference_vault="kv-orders-dev"
        ),
        make_app_setting(
            unplaced, "Api__Key", "key_vault_reference", reference_vault="kv-somewhere"
        ),
        make_assignment(principal(21), KV_SECRETS_USER, dev_vault.id),
    )
    results = run_checks(snap, "SE09-1.3")
    statuses = {(f.resource_id.split("/")[2], f.resource_name): f.status for f in results.findings}
    assert statuses == {
        (SUB_PROD, "app-orders"): Status.FAIL,
        (SUB_PROD, "app-billing"): Status.FAIL,
        (SUB_PROD, "app-shop"): Status.PASS,
        (SUB_DEV, "app-orders"): Status.PASS,
        (SUB_PROD, "app-misc"): Status.UNKNOWN,
    }
    failed = next(f for f in results.findings if f.resource_name == "app-billing")
    assert "kv-orders-dev (development)" in failed.message and principal(21) in failed.message


def test_an_app_whose_settings_could_not_be_read_is_not_passed() -> None:
    app = make_web_app("app-orders", SUB_PROD, identity="SystemAssigned")
    snap = _env_snapshot(app, make_gap("app_settings", app.id))
    assert by_status(run_checks(snap, "SE09-1.3")) == {"unknown": {"app-orders"}}


# ---- 7. assignments in subscriptions that could not be read -------------------------------------
def test_one_vault_is_not_claimed_when_another_subscriptions_assignments_are_missing() -> None:
    vault = make_vault("kv-team", enable_rbac_authorization=True)
    broad = make_assignment(principal(31), OWNER, f"/subscriptions/{SUB}", principal_type="User")
    narrow = make_assignment(principal(31), KV_SECRETS_USER, vault.id, principal_type="User")
    complete = make_snapshot(vault, broad, narrow)
    assert by_status(run_checks(complete, "SE09-7.3"))["fail"] == {broad.id.rsplit("/", 1)[-1]}
    missing = make_snapshot(
        vault, broad, narrow, make_gap("role_assignments", f"/subscriptions/{SUB_DEV}")
    )
    results = run_checks(missing, "SE09-7.3")
    found = next(f for f in results.findings if f.resource_id == broad.id)
    assert found.status is Status.UNKNOWN
    assert found.cause is not None and found.cause.scope == f"/subscriptions/{SUB_DEV}"


# ---- 8. the default maximum secret age ----------------------------------------------------------
def test_the_default_maximum_secret_age_is_sixty_days_and_is_reported() -> None:
    snap = make_snapshot(
        KV,
        make_secret("seventy-days", KV, created=days_before(70)),
        make_secret("fifty-days", KV, created=days_before(50)),
    )
    results = run_checks(snap, "SE09-5.3")
    assert by_status(results) == {"pass": {"fifty-days"}, "fail": {"seventy-days"}}
    assert "more than the 60 allowed" in message_of(results, "seventy-days")
    assert results.run.thresholds["max_secret_age_days"] == 60
    relaxed = Config(thresholds=Thresholds(max_secret_age_days=90))
    assert by_status(run_checks(snap, "SE09-5.3", config=relaxed))["pass"] == {
        "fifty-days",
        "seventy-days",
    }


# ---- Managed HSM ----------------------------------------------------------------------------------
def _hsm(name: str, **props: object) -> object:
    hsm = make_vault(name, kind="managedHSM", **props)
    return hsm.model_copy(update={"id": hsm.id.replace("/vaults/", "/managedHSMs/")})


def test_managed_hsm_settings_and_audit_logs() -> None:
    good = _hsm(
        "hsm-good",
        enable_soft_delete=True,
        enable_purge_protection=True,
        public_network_access="Disabled",
    )
    loose = _hsm("hsm-loose", enable_soft_delete=True, enable_purge_protection=False)
    unread = _hsm("hsm-unread", enable_soft_delete=True, enable_purge_protection=True)
    snap = make_snapshot(
        make_diagnostic(good, "audit"),
        make_gap("diagnostic_settings", unread.id),
    ).model_copy(update={"managed_hsms": (good, loose, unread)})
    results = run_checks(snap, "SE09-2.8", "SE09-3.5", "SE09-7.6")
    assert by_status(results, "SE09-2.8") == {
        "pass": {"hsm-good", "hsm-unread"},
        "fail": {"hsm-loose"},
    }
    assert by_status(results, "SE09-3.5") == {
        "pass": {"hsm-good"},
        "fail": {"hsm-loose", "hsm-unread"},
    }
    assert by_status(results, "SE09-7.6") == {
        "pass": {"hsm-good"},
        "fail": {"hsm-loose"},
        "unknown": {"hsm-unread"},
    }
    assert "enablePurgeProtection is false" in message_of(run_checks(snap, "SE09-2.8"), "hsm-loose")

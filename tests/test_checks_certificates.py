"""Certificates and versions from the vaults' data planes: renewal, TLS lifetime, key strength,
self-signed in production, contacts, older versions left enabled, Managed HSM local roles; and
``unknown`` naming the data role when a vault's data plane refused the tool."""

from __future__ import annotations

from typing import Any

from snapshot_factory import (
    AS_OF,
    SUB_DEV,
    SUB_PROD,
    by_status,
    days_after,
    days_before,
    make_secret,
    make_snapshot,
    make_vault,
    message_of,
    run_checks,
)

from assess.model import Failure, Status
from assess.reporters._view import why
from assess.snapshot import (
    Certificate,
    CertificateContacts,
    CertificateLifetimeAction,
    CertificatePolicy,
    Gap,
    HsmRoleAssignment,
    ItemAttributes,
    ItemVersion,
    Snapshot,
    Vault,
)

PROD = make_vault("kv-web-prod", sub=SUB_PROD, tags={"environment": "production"})
DEV = make_vault("kv-web-dev", sub=SUB_DEV, tags={"environment": "development"})
RENEW = CertificateLifetimeAction(action="AutoRenew", lifetime_percentage=80)
EMAIL = CertificateLifetimeAction(action="EmailContacts", lifetime_percentage=80)


def cert(name: str, vault: Vault = PROD, **attrs: Any) -> Certificate:
    return Certificate(
        id=f"{vault.id}/certificates/{name}",
        name=name,
        vault_id=vault.id,
        attributes=ItemAttributes(enabled=True, **attrs),
    )


def policy(c: Certificate, **fields: Any) -> CertificatePolicy:
    values: dict[str, Any] = {
        "issuer": "DigiCert",
        "validity_months": 6,
        "kty": "RSA",
        "key_size": 2048,
        "lifetime_actions": (RENEW,),
    }
    values.update(fields)
    return CertificatePolicy(id=c.id, vault_id=c.vault_id, **values)


def pair(name: str, vault: Vault = PROD, **fields: Any) -> list[Any]:
    c = cert(name, vault)
    return [c, policy(c, **fields)]


def version(parent: str, label: str, created_days_ago: float, enabled: bool = True) -> ItemVersion:
    return ItemVersion(
        id=f"{parent}/versions/{label}",
        item_id=parent,
        version=label,
        attributes=ItemAttributes(enabled=enabled, created=days_before(created_days_ago)),
    )


def test_certificates_without_auto_renewal_or_from_an_outside_issuer_fail() -> None:
    snap = make_snapshot(
        PROD,
        *pair("renews"),
        *pair("emails-only", lifetime_actions=(EMAIL,)),
        *pair("imported", issuer="Unknown", lifetime_actions=(EMAIL,)),
        *pair("self-renews", issuer="Self"),
    )
    results = run_checks(snap, "SE09-5.20")
    assert by_status(results) == {
        "pass": {"renews", "self-renews"},
        "fail": {"emails-only", "imported"},
    }
    assert "cannot renew it" in message_of(results, "imported")


def test_tls_certificates_longer_than_twelve_months_fail_and_others_are_not_applicable() -> None:
    snap = make_snapshot(
        PROD,
        *pair("six-months"),
        *pair("two-years", validity_months=24),
        *pair("client-auth-only", validity_months=24, ekus=("1.3.6.1.5.5.7.3.2",)),
        *pair("tls-13-months", validity_months=13, ekus=("1.3.6.1.5.5.7.3.1",)),
    )
    assert by_status(run_checks(snap, "SE09-5.21")) == {
        "pass": {"six-months"},
        "fail": {"two-years", "tls-13-months"},
        "not_applicable": {"client-auth-only"},
    }


def test_short_rsa_certificate_keys_fail_and_ec_keys_are_not_judged() -> None:
    snap = make_snapshot(
        PROD,
        *pair("rsa-1024", key_size=1024),
        *pair("rsa-4096", key_size=4096),
        *pair("ec", kty="EC", key_size=None, curve="P-256"),
    )
    assert by_status(run_checks(snap, "SE09-2.20")) == {
        "pass": {"rsa-4096"},
        "fail": {"rsa-1024"},
        "not_applicable": {"ec"},
    }


def test_self_signed_certificates_fail_in_production_only() -> None:
    snap = make_snapshot(
        PROD,
        DEV,
        *pair("prod-self", issuer="Self"),
        *pair("prod-ca"),
        *pair("dev-self", DEV, issuer="Self"),
    )
    assert by_status(run_checks(snap, "SE09-1.20")) == {
        "pass": {"prod-ca"},
        "fail": {"prod-self"},
        "not_applicable": {"dev-self"},
    }


def test_vaults_with_certificates_need_a_contact() -> None:
    quiet = make_vault("kv-quiet", sub=SUB_PROD)
    told = make_vault("kv-told", sub=SUB_PROD)
    empty = make_vault("kv-empty", sub=SUB_PROD)
    snap = make_snapshot(
        quiet,
        told,
        empty,
        cert("a", quiet),
        cert("b", told),
        CertificateContacts(id=f"{told.id}/certificates/contacts", vault_id=told.id, contacts=2),
        CertificateContacts(id=f"{quiet.id}/certificates/contacts", vault_id=quiet.id),
    )
    assert by_status(run_checks(snap, "SE09-5.23")) == {
        "pass": {"kv-told"},
        "fail": {"kv-quiet"},
        "not_applicable": {"kv-empty"},
    }


def test_older_certificate_and_secret_versions_left_enabled_fail() -> None:
    tidy, stale = cert("tidy"), cert("stale")
    rotated = make_secret("rotated", PROD, enabled=True, created=days_before(400))
    clean = make_secret("clean", PROD, enabled=True, created=days_before(400))
    snap = make_snapshot(PROD, tidy, stale, rotated, clean).model_copy(
        update={
            "certificate_versions": (
                version(tidy.id, "t1", 200, enabled=False),
                version(tidy.id, "t2", 100),
                version(stale.id, "s1", 200),
                version(stale.id, "s2", 100),
            ),
            "secret_versions": (
                version(rotated.id, "r1", 400),
                version(rotated.id, "r2", 10),
                version(rotated.id, "r0", 500),
                version(clean.id, "c1", 400, enabled=False),
                version(clean.id, "c2", 45),
            ),
        }
    )
    assert by_status(run_checks(snap, "SE09-5.22")) == {"pass": {"tidy"}, "fail": {"stale"}}
    # r0 was superseded by r1 400 days ago and is still enabled; r1 only 10 days ago (grace 30).
    results = run_checks(snap, "SE09-5.24")
    assert by_status(results) == {"pass": {"clean"}, "fail": {"rotated"}}
    assert "r0" in message_of(results, "rotated") and "r1 " not in message_of(results, "rotated")


def test_a_secrets_age_is_its_newest_versions_when_versions_were_read() -> None:
    # Resource Manager reports the secret as 400 days old; its newest version is 10 days old.
    fresh = make_secret("fresh", PROD, enabled=True, created=days_before(400))
    old = make_secret("old", PROD, enabled=True, created=days_before(400))
    snap: Snapshot = make_snapshot(PROD, fresh, old).model_copy(
        update={"secret_versions": (version(fresh.id, "v1", 400), version(fresh.id, "v2", 10))}
    )
    assert by_status(run_checks(snap, "SE09-5.3")) == {"pass": {"fresh"}, "fail": {"old"}}


def test_certificate_expiry_prefers_the_data_planes_certificate() -> None:
    backing = make_secret(
        "web-tls",
        PROD,
        content_type="application/x-pkcs12",
        enabled=True,
        expires=days_after(400),
    )
    renewed_late = cert("web-tls", expires=days_after(5))
    results = run_checks(make_snapshot(PROD, backing, renewed_late), "SE09-5.8")
    assert by_status(results) == {"fail": {"web-tls"}}
    finding = results.findings[0]
    assert finding.evidence is not None and finding.evidence.api == "GET Key Vault certificates"


def test_a_vault_whose_data_plane_refused_the_tool_is_unknown_with_the_data_role() -> None:
    other = make_vault("kv-open", sub=SUB_PROD)
    gap = Gap(
        kind="certificates",
        scope=PROD.id,
        operation="GET Key Vault certificates",
        status_code=403,
        error_code="ForbiddenByRbac",
        message="Caller is not authorized to perform action on resource.",
    )
    snap = make_snapshot(PROD, other, *pair("open", other), gap)
    results = run_checks(snap, "SE09-5.20")
    unknown = [f for f in results.findings if f.status is Status.UNKNOWN]
    assert [f.resource_name for f in unknown] == ["kv-web-prod"]
    cause = unknown[0].cause
    assert cause is not None and cause.failure is Failure.DENIED
    assert cause.permission == "Microsoft.KeyVault/vaults/certificates/read"
    assert by_status(results)["pass"] == {"open"}


def test_a_firewall_refusal_is_a_network_refusal_with_its_remedy() -> None:
    gap = Gap(
        kind="certificates",
        scope=PROD.id,
        operation="GET Key Vault certificates",
        status_code=403,
        error_code="ForbiddenByFirewall",
        message="Client address is not authorized and caller is not a trusted service.",
    )
    results = run_checks(make_snapshot(PROD, gap), "SE09-5.20")
    (finding,) = results.findings
    assert finding.status is Status.UNKNOWN
    assert finding.cause is not None and finding.cause.failure is Failure.NETWORK
    assert finding.cause.permission == ""  # no role would help
    assert "not a missing role" in why(gap) and "private endpoint" in why(gap)


def test_managed_hsm_key_roles_at_the_root_fail() -> None:
    hsm = make_vault("hsm-pay", sub=SUB_PROD, kind="managedHSM").model_copy(
        update={
            "id": f"/subscriptions/{SUB_PROD}/resourceGroups/rg-app/providers/Microsoft.KeyVault/managedHSMs/hsm-pay"
        }
    )
    tidy = make_vault("hsm-tidy", sub=SUB_PROD, kind="managedHSM").model_copy(
        update={
            "id": f"/subscriptions/{SUB_PROD}/resourceGroups/rg-app/providers/Microsoft.KeyVault/managedHSMs/hsm-tidy"
        }
    )

    def assignment(h: Vault, n: int, role: str, scope: str) -> HsmRoleAssignment:
        return HsmRoleAssignment(
            id=f"{h.id}/roleAssignments/a{n}",
            hsm_id=h.id,
            scope=scope,
            role_definition_id=f"Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/{role}",
            principal_id=f"00000000-0000-0000-0000-00000000000{n}",
        )

    user = "21dbd100-6940-42c2-9190-5d6cb909625b"
    admin = "a290e904-7015-4bba-90c8-60543313cdb4"
    snap = make_snapshot(
        assignment(hsm, 1, user, "/"),
        assignment(tidy, 2, user, "/keys/payments"),
        assignment(tidy, 3, admin, "/"),
    ).model_copy(update={"managed_hsms": (hsm, tidy)})
    results = run_checks(snap, "SE09-7.20")
    assert by_status(results) == {"pass": {"hsm-tidy"}, "fail": {"hsm-pay"}}
    assert "Managed HSM Crypto User" in message_of(results, "hsm-pay")


def test_certificate_checks_are_unknown_when_the_data_plane_was_not_read() -> None:
    snap = make_snapshot(PROD, collected=("vaults", "secrets"))
    results = run_checks(snap, "SE09-5.20")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert all("--key-vault-data" in f.reason for f in results.findings)
    assert AS_OF  # the factory's clock is the demo clock

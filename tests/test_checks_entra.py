"""Checks on Microsoft Entra app registrations and service principals (SE09-3.30, 3.31, 5.30,
5.31, 5.32, 7.30, 7.31) and principal names in role-assignment findings, on tiny snapshots."""

from __future__ import annotations

from datetime import UTC, datetime

from snapshot_factory import (
    KV_SECRETS_USER,
    SUB,
    by_status,
    days_after,
    days_before,
    make_access_policy,
    make_assignment,
    make_gap,
    make_snapshot,
    make_vault,
    principal,
    run_checks,
)

from assess.config import Config
from assess.model import Status
from assess.snapshot import (
    EVIDENCE_KINDS,
    DirectoryPrincipal,
    EntraApplication,
    EntraCredential,
    EntraServicePrincipal,
    GroupMember,
    GroupMembers,
)


def secret(name: str, start: datetime | None, end: datetime | None) -> EntraCredential:
    return EntraCredential(
        key_id=f"k-{name}", kind="secret", display_name=name, start=start, end=end
    )


def certificate(name: str, end: datetime | None, usage: str = "Verify") -> EntraCredential:
    return EntraCredential(
        key_id=f"c-{name}", kind="certificate", display_name=name, start=days_before(30), end=end,
        usage=usage,
    )  # fmt: skip


def app(name: str, *credentials: EntraCredential, federated: int = 0) -> EntraApplication:
    oid = f"a-{name}"
    return EntraApplication(
        id=f"/applications/{oid}",
        object_id=oid,
        app_id=f"appid-{name}",
        display_name=name,
        credentials=credentials,
        federated_credentials=federated,
    )


def sp(
    name: str, *credentials: EntraCredential, kind: str = "Application", oid: str = ""
) -> EntraServicePrincipal:
    oid = oid or f"s-{name}"
    return EntraServicePrincipal(
        id=f"/servicePrincipals/{oid}",
        object_id=oid,
        app_id=f"appid-{name}",
        display_name=name,
        service_principal_type=kind,
        credentials=credentials,
    )


def test_client_secrets_expired_expiring_endless_or_too_long_fail() -> None:
    snapshot = make_snapshot(
        app(
            "ci",
            secret("fresh", days_before(10), days_after(90)),
            secret("expired", days_before(400), days_before(5)),
            secret("soon", days_before(100), days_after(10)),
            secret("forever", days_before(100), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
            secret("no-end", days_before(100), None),
            secret("two-years", days_before(10), days_after(720)),
            secret("no-start", None, days_after(60)),
            secret("no-start-long", None, days_after(400)),
            secret("last-century", datetime(1999, 1, 1, tzinfo=UTC), datetime(1999, 6, 30, tzinfo=UTC)),
        )
    )  # fmt: skip
    results = run_checks(snapshot, "SE09-5.30")
    # Graph sets startDateTime and endDateTime on every credential it stores: a date missing from
    # its answer is unread evidence (unknown), unless the other date alone proves a failure.
    assert by_status(results) == {
        "pass": {"ci: fresh"},
        "unknown": {"ci: no-end", "ci: no-start"},
        "fail": {
            "ci: expired",
            "ci: soon",
            "ci: forever",
            "ci: two-years",
            "ci: no-start-long",
            "ci: last-century",
        },
    }
    messages = {f.resource_name: f.message for f in results.findings}
    assert "never expires (endDateTime 9999-12-31)" in messages["ci: forever"]
    assert "expired on 1999-06-30" in messages["ci: last-century"]
    assert "has no end date" in messages["ci: no-end"]
    assert "no start date (startDateTime)" in messages["ci: no-start"]
    assert (
        "730 days" in messages["ci: two-years"] and "180-day maximum" in messages["ci: two-years"]
    )
    assert "within the 30-day notice window" in messages["ci: soon"]
    assert "no start date" in messages["ci: no-start-long"]
    finding = next(f for f in results.findings if f.resource_name == "ci: expired")
    assert finding.resource_id == "/applications/a-ci/passwordCredentials/k-expired"
    assert finding.evidence is not None
    assert finding.evidence.api == "GET Microsoft.Graph/applications"


def test_the_maximum_lifetime_is_configurable() -> None:
    snapshot = make_snapshot(app("ci", secret("year", days_before(10), days_after(355))))
    config = Config.model_validate({"thresholds": {"max_client_secret_days": 400}})
    assert by_status(run_checks(snapshot, "SE09-5.30", config=config)) == {"pass": {"ci: year"}}
    assert by_status(run_checks(snapshot, "SE09-5.30")) == {"fail": {"ci: year"}}


def test_client_secrets_on_apps_fail_with_their_count() -> None:
    snapshot = make_snapshot(
        app("two-secrets", secret("a", None, days_after(9)), secret("b", None, days_after(9))),
        app("mixed", secret("a", None, days_after(9)), federated=1),
        app("federated", federated=2),
        app("certificate", certificate("cert", days_after(200))),
    )
    results = run_checks(snapshot, "SE09-3.30")
    assert by_status(results) == {
        "pass": {"federated", "certificate"},
        "fail": {"two-secrets", "mixed"},
    }
    messages = {f.resource_name: f.message for f in results.findings}
    assert "holds 2 client secret(s)" in messages["two-secrets"]
    assert "beside 1 federated credential(s)" in messages["mixed"]


def test_credentials_on_service_principals_are_found_and_judged() -> None:
    snapshot = make_snapshot(
        sp("hidden-secret", secret("script", days_before(10), days_after(60))),
        sp("saml", certificate("signing", days_after(300), usage="Sign")),
        sp("clean"),
        sp("mi", certificate("platform", days_after(20)), kind="ManagedIdentity"),
        sp("old-cert", certificate("verify", days_before(3))),
    )
    assert by_status(run_checks(snapshot, "SE09-3.31")) == {
        "pass": {"saml", "clean"},
        "fail": {"hidden-secret", "old-cert"},
    }
    # A managed identity's certificate is the platform's: not judged.
    assert by_status(run_checks(snapshot, "SE09-5.31")) == {
        "pass": {"hidden-secret: script"},
        "fail": {"old-cert: verify"},
    }


def test_app_certificates_are_judged_by_their_dates() -> None:
    snapshot = make_snapshot(
        app("a", certificate("ok", days_after(200)), certificate("due", days_after(5))),
    )
    assert by_status(run_checks(snapshot, "SE09-5.32")) == {"pass": {"a: ok"}, "fail": {"a: due"}}


def _reach_snapshot(*extra: object) -> tuple[object, ...]:
    vault = make_vault("kv-prod", enable_rbac_authorization=True)
    return (
        vault,
        make_assignment("s-ci", KV_SECRETS_USER, vault.id),
        make_assignment("s-mi", KV_SECRETS_USER, vault.id),
        make_assignment("g-readers", KV_SECRETS_USER, vault.id, principal_type="Group"),
        sp("ci", oid="s-ci"),
        app("ci", secret("deploy", days_before(10), days_after(90))),
        sp("mi", kind="ManagedIdentity", oid="s-mi"),
        sp("batch", oid="s-batch"),
        app("batch", secret("nightly", days_before(10), days_after(90))),
        sp("quiet", oid="s-quiet"),
        *extra,
    )


def test_identities_that_read_secrets_with_a_client_secret_fail_groups_included() -> None:
    members = GroupMembers(
        id="g-readers",
        members=(
            GroupMember(id="s-batch", object_type="servicePrincipal", display_name="batch"),
            GroupMember(id="u-1", object_type="user", display_name="Alice"),
        ),
    )
    snapshot = make_snapshot(*_reach_snapshot(members))
    results = run_checks(snapshot, "SE09-7.30")
    assert by_status(results) == {"pass": {"mi"}, "fail": {"ci", "batch"}}
    batch = next(f for f in results.findings if f.resource_name == "batch")
    assert "kv-prod (Key Vault Secrets User" in batch.message
    assert "as a member of Group g-readers" in batch.message
    assert batch.resource_id == "/servicePrincipals/s-batch"


def test_a_group_whose_members_could_not_be_read_is_unknown() -> None:
    gap = make_gap("group_members", "/groups/g-readers")
    snapshot = make_snapshot(*_reach_snapshot(gap))
    results = run_checks(snapshot, "SE09-7.30")
    assert by_status(results)["unknown"] == {"g-readers"}
    assert by_status(results)["fail"] == {"ci"}


def test_without_graph_the_entra_checks_are_unknown_naming_the_permission() -> None:
    collected = [k for k in EVIDENCE_KINDS if k not in {"entra_applications", "principals"}]
    snapshot = make_snapshot(make_vault("kv"), collected=collected)
    results = run_checks(snapshot, "SE09-3.30", "SE09-7.31")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    causes = {f.check_id: f.cause for f in results.findings}
    assert causes["SE09-3.30"] is not None
    assert causes["SE09-3.30"].permission == "Application.Read.All"
    assert causes["SE09-3.30"].option == "--graph"
    assert causes["SE09-7.31"] is not None
    assert causes["SE09-7.31"].permission == "Directory.Read.All"
    denied = make_gap("entra_applications", "/applications")
    results = run_checks(make_snapshot(app("x", secret("s", None, None)), denied), "SE09-5.30")
    assert by_status(results) == {"unknown": {"x: s"}}


def test_orphaned_role_assignments_fail_and_names_replace_ids() -> None:
    vault = make_vault("kv-prod", enable_rbac_authorization=True)
    gone, alive = principal(1), principal(2)
    snapshot = make_snapshot(
        vault,
        make_assignment(gone, KV_SECRETS_USER, vault.id, principal_type="User", name="ra-gone"),
        make_assignment(alive, KV_SECRETS_USER, f"/subscriptions/{SUB}", name="ra-alive"),
        DirectoryPrincipal(id=gone, found=False),
        DirectoryPrincipal(id=alive, object_type="servicePrincipal", display_name="payments-api"),
    )
    results = run_checks(snapshot, "SE09-7.31", "SE09-7.5")
    assert by_status(results, "SE09-7.31") == {"fail": {"ra-gone"}, "pass": {"ra-alive"}}
    orphan = next(f for f in results.findings if f.resource_name == "ra-gone")
    assert f"deleted user {gone}" in orphan.message
    reached = next(f for f in results.findings if f.check_id == "SE09-7.5")
    assert f"ServicePrincipal payments-api ({alive})" in reached.message


def test_principal_ids_stay_ids_without_names() -> None:
    vault = make_vault("kv-prod", enable_rbac_authorization=True)
    snapshot = make_snapshot(
        vault, make_assignment(principal(2), KV_SECRETS_USER, f"/subscriptions/{SUB}")
    )
    reached = run_checks(snapshot, "SE09-7.5").findings[0]
    assert f"ServicePrincipal {principal(2)}:" in reached.message


def test_access_policy_principals_reach_through_their_names() -> None:
    vault = make_vault(
        "kv-legacy", enable_rbac_authorization=False, access_policies=(make_access_policy("s-ci"),)
    )
    snapshot = make_snapshot(
        vault, sp("ci", oid="s-ci"), app("ci", secret("deploy", days_before(1), days_after(60)))
    )
    results = run_checks(snapshot, "SE09-7.30")
    assert by_status(results) == {"fail": {"ci"}}
    assert "kv-legacy (an access policy)" in results.findings[0].message


def test_hostile_app_and_credential_names_stay_text_in_the_html_report() -> None:
    from report_parse import parse_html

    from assess.reporters import RenderOptions
    from assess.reporters import html as html_report

    hostile = '<img src=x onerror="alert(1)">payroll'
    snapshot = make_snapshot(
        app(hostile, secret("<script>alert('x')</script>", days_before(1), days_before(0.5)))
    )
    results = run_checks(snapshot, "SE09-3.30", "SE09-5.30")
    assert {f.status for f in results.findings} == {Status.FAIL}
    html = html_report.render(results, RenderOptions())
    page = parse_html(html)
    assert not page.all("img") and not any("onerror" in e.attrs for e in page.elements)
    assert hostile not in html and "<script>alert('x')</script>" not in html
    assert hostile in page.text  # shown as typed

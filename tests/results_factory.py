"""Results fixtures for the report tests, the report bench and the report images.

Everything here is synthetic and deterministic (seeded). ``sample_catalog`` is a made-up catalog in
the shape of the real one, so reports can be exercised whatever the built-in checks are today.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from assess.model import CheckMeta, Evidence, Finding, Remediation, Severity, Status, Waiver
from assess.results import Results, RunInfo, SubscriptionRef
from assess.scoring import score
from assess.snapshot import CollectionScope, Gap, Identity

AS_OF = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ZERO = "00000000-0000-0000-0000-000000000000"

SUBSCRIPTIONS = (
    ("11111111-0000-0000-0000-000000000001", "contoso-prod"),
    ("11111111-0000-0000-0000-000000000002", "contoso-test"),
    ("11111111-0000-0000-0000-000000000003", "contoso-dev"),
)
ENV_OF_SUB = {"contoso-prod": "production", "contoso-test": "test", "contoso-dev": "development"}

# (item, title, severity, resource type, property, expected, requires)
_CHECKS: tuple[tuple[int, str, Severity, str, str, object, tuple[str, ...]], ...] = (
    (
        1,
        "Production and non-production never share a key vault",
        Severity.CRITICAL,
        "Microsoft.KeyVault/vaults",
        "tags.environment",
        "one environment",
        ("vaults",),
    ),
    (
        1,
        "No identity can read secrets in both production and non-production",
        Severity.HIGH,
        "Microsoft.Authorization/roleAssignments",
        "scope",
        "one environment",
        ("role_assignments", "role_definitions"),
    ),
    (
        2,
        "Key vaults keep deleted secrets recoverable (soft delete)",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults",
        "properties.enableSoftDelete",
        True,
        ("vaults",),
    ),
    (
        2,
        "Key vaults cannot be purged during the retention period",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults",
        "properties.enablePurgeProtection",
        True,
        ("vaults",),
    ),
    (
        2,
        "Production key vaults use the premium (HSM-backed) tier",
        Severity.LOW,
        "Microsoft.KeyVault/vaults",
        "sku.name",
        "premium",
        ("vaults",),
    ),
    (
        3,
        "Key vaults are reachable only through private endpoints",
        Severity.MEDIUM,
        "Microsoft.KeyVault/vaults",
        "properties.publicNetworkAccess",
        "Disabled",
        ("vaults",),
    ),
    (
        3,
        "Key vault firewalls deny traffic by default",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults",
        "properties.networkAcls.defaultAction",
        "Deny",
        ("vaults",),
    ),
    (
        5,
        "Every secret has an expiry date",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults/secrets",
        "attributes.exp",
        "set",
        ("secrets",),
    ),
    (
        5,
        "No secret is older than the rotation policy allows",
        Severity.MEDIUM,
        "Microsoft.KeyVault/vaults/secrets",
        "attributes.updated",
        "within 90 days",
        ("secrets",),
    ),
    (
        5,
        "Keys have a rotation policy that rotates them automatically",
        Severity.MEDIUM,
        "Microsoft.KeyVault/vaults/keys",
        "rotationPolicy.lifetimeActions",
        "Rotate",
        ("keys",),
    ),
    (
        6,
        "Near-expiry events reach an automation that rotates the secret",
        Severity.MEDIUM,
        "Microsoft.KeyVault/vaults",
        "eventSubscriptions",
        "SecretNearExpiry",
        ("vaults",),
    ),
    (
        7,
        "Key vaults authorise data access with Azure RBAC",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults",
        "properties.enableRbacAuthorization",
        True,
        ("vaults",),
    ),
    (
        7,
        "Key vault audit logs flow to a Log Analytics workspace",
        Severity.HIGH,
        "Microsoft.KeyVault/vaults",
        "diagnosticSettings.logs[AuditEvent]",
        "enabled",
        ("diagnostic_settings",),
    ),
    (
        7,
        "Secret access roles are granted at vault scope, not above",
        Severity.MEDIUM,
        "Microsoft.Authorization/roleAssignments",
        "scope",
        "the vault",
        ("role_assignments",),
    ),
)


def sample_catalog(extra_per_item: int = 0) -> tuple[CheckMeta, ...]:
    """A catalog shaped like the real one (14 checks over items 1-3 and 5-7; none for item 4)."""
    metas: list[CheckMeta] = []
    counters: dict[int, int] = {}
    rows = list(_CHECKS)
    for k in range(extra_per_item):
        for item in (1, 2, 3, 5, 6, 7):
            rows.append(
                (
                    item,
                    f"Additional control {k + 1} holds for item {item}",
                    Severity.MEDIUM,
                    "Microsoft.KeyVault/vaults",
                    f"properties.control{k + 1}",
                    True,
                    ("vaults",),
                )
            )
    for item, title, severity, rtype, prop, expected, requires in rows:
        counters[item] = counters.get(item, 0) + 1
        check_id = f"SE09-{item}.{counters[item]}"
        metas.append(
            CheckMeta(
                id=check_id,
                item=item,
                title=title,
                severity=severity,
                resource_type=rtype,
                requires=requires,
                rationale=(
                    f"Without this control ({prop} is not {expected}), a leaked or misused "
                    "credential reaches further and stays useful for longer than it should."
                ),
                remediation=Remediation(
                    summary=f"Set {prop} to {expected} on every affected resource.",
                    portal=[
                        "Open the resource in the Azure portal.",
                        f"Under Settings, change {prop} to {expected}.",
                        "Select Save and re-run the assessment.",
                    ],
                    cli=f"az resource update --ids <resource-id> --set {prop}={expected}",
                    bicep=(
                        "resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {\n"
                        "  name: vaultName\n"
                        "  location: location\n"
                        "  properties: {\n"
                        f"    // {prop}: {expected}\n"
                        "  }\n"
                        "}"
                    ),
                ),
            )
        )
    return tuple(metas)


def make_results(
    catalog: Sequence[CheckMeta],
    findings: Iterable[Finding],
    *,
    gaps: Sequence[Gap] = (),
    expired_waivers: Sequence[Waiver] = (),
    subscriptions: Sequence[tuple[str, str]] = SUBSCRIPTIONS,
    tenant_id: str = ZERO,
    collected: Sequence[str] | None = None,
) -> Results:
    """Results around ``findings``, scored with the real scoring model."""
    all_findings = sorted(findings, key=Finding.sort_key)
    kinds = sorted({k for m in catalog for k in m.requires})
    return Results(
        run=RunInfo(
            tool_version="0.1.0",
            catalog_version="sha256:0123456789abcdef",
            catalog_size=len(catalog),
            as_of=AS_OF,
            collected_at=AS_OF,
            cloud="AzureCloud",
            tenant_id=tenant_id,
            identity=Identity(type="service_principal", object_id=ZERO, tenant_id=tenant_id),
            scope=CollectionScope(subscriptions=tuple(s for s, _ in subscriptions)),
            subscriptions=tuple(
                SubscriptionRef(id=f"/subscriptions/{s}", subscription_id=s, display_name=n)
                for s, n in subscriptions
            ),
            collected=tuple(kinds if collected is None else sorted(collected)),
            thresholds={"max_secret_age_days": 90, "max_key_age_days": 365, "near_expiry_days": 30},
        ),
        scores=score(all_findings, catalog),
        findings=tuple(all_findings),
        catalog=tuple(catalog),
        gaps=tuple(gaps),
        expired_waivers=tuple(expired_waivers),
    )


def finding(
    meta: CheckMeta,
    status: Status,
    name: str,
    *,
    sub: tuple[str, str] = SUBSCRIPTIONS[0],
    group: str | None = None,
    observed: object = None,
    message: str | None = None,
    reason: str = "",
    waiver: Waiver | None = None,
    environment: str | None = None,
) -> Finding:
    sub_id, sub_name = sub
    group = group or f"rg-{sub_name}"
    last = meta.resource_type.rsplit("/", 1)[-1] if meta.resource_type else "resources"
    provider = (
        meta.resource_type.rsplit("/", 1)[0] if "/" in meta.resource_type else "Microsoft.Resources"
    )
    rid = f"/subscriptions/{sub_id}/resourceGroups/{group}/providers/{provider}/{last}/{name}"
    expected = _expected(meta)
    return Finding(
        check_id=meta.id,
        item=meta.item_id,
        severity=meta.severity,
        status=status,
        resource_id=rid,
        resource_name=name,
        resource_type=meta.resource_type,
        subscription_id=sub_id,
        environment=ENV_OF_SUB.get(sub_name, "") if environment is None else environment,
        message=message
        or (
            f"{name}: {meta.title.lower()}."
            if status is Status.PASS
            else f"{name} does not meet the control (observed {observed!r})."
        ),
        evidence=Evidence(
            api=f"GET {meta.resource_type}",
            property=_prop(meta),
            observed=observed,
            expected=expected,
        )
        if status in (Status.PASS, Status.FAIL)
        else None,
        reason=reason,
        waiver=waiver,
    )


def _prop(meta: CheckMeta) -> str:
    return meta.rationale.split("(", 1)[1].split(" is not ", 1)[0]


def _expected(meta: CheckMeta) -> object:
    text = meta.rationale.split(" is not ", 1)[1].split(")", 1)[0]
    return True if text == "True" else text


def rich_results(seed: int = 7, vaults_per_sub: int = 8) -> Results:
    """A plausible three-subscription estate: failures, passes, a 403 gap, waivers, one expired."""
    rng = random.Random(seed)
    catalog = sample_catalog()
    waiver = Waiver(
        check="SE09-2.3",
        resource="*kv-legacy*",
        reason="Premium tier budgeted for Q1; compensating HSM key in the payments vault",
        owner="platform-security@contoso.example",
        expires="2027-03-31",
    )
    expired = Waiver(
        check="SE09-3.1",
        resource="*",
        reason="Private endpoints rolled out after the network redesign",
        owner="network-team@contoso.example",
        expires="2026-06-30",
    )
    denied_sub = SUBSCRIPTIONS[2]
    gaps = [
        Gap(
            kind="role_assignments",
            scope=f"/subscriptions/{denied_sub[0]}",
            operation="GET Microsoft.Authorization/roleAssignments",
            status_code=403,
            error_code="AuthorizationFailed",
            message="The client does not have authorization to perform action "
            "'Microsoft.Authorization/roleAssignments/read' over scope "
            f"'/subscriptions/{denied_sub[0]}'.",
        )
    ]
    findings: list[Finding] = []
    apps = ("payments", "orders", "identity", "catalog", "search", "billing", "legacy", "reports")
    for sub in SUBSCRIPTIONS:
        short = ENV_OF_SUB[sub[1]][:4]
        for n in range(vaults_per_sub):
            vault = f"kv-{apps[n % len(apps)]}-{short}"
            for meta in catalog:
                if meta.resource_type.endswith("roleAssignments"):
                    name = f"{apps[n % len(apps)]}-api-{short} (Key Vault Secrets User)"
                elif meta.resource_type.endswith("secrets"):
                    name = f"{vault}/db-password-{n}"
                elif meta.resource_type.endswith("keys"):
                    name = f"{vault}/cmk-{n}"
                else:
                    name = vault
                if sub == denied_sub and "role_assignments" in meta.requires:
                    findings.append(
                        finding(
                            meta,
                            Status.UNKNOWN,
                            name,
                            sub=sub,
                            reason=gaps[0].reason,
                            message="Not assessed: evidence incomplete.",
                        )
                    )
                    continue
                strict = {"production": 0.92, "test": 0.75, "development": 0.6}[ENV_OF_SUB[sub[1]]]
                if meta.severity is Severity.CRITICAL:
                    strict = 0.93
                if meta.item == 3 and meta.severity is Severity.HIGH:
                    strict = 1.0
                ok = rng.random() < strict
                fail_obs: object = False if _expected(meta) is True else "not set"
                waived = None
                if not ok and meta.id == waiver.check and "legacy" in name:
                    waived = waiver
                findings.append(
                    finding(
                        meta,
                        Status.PASS if ok else Status.FAIL,
                        name,
                        sub=sub,
                        observed=_expected(meta) if ok else fail_obs,
                        waiver=waived,
                    )
                )
    return make_results(catalog, findings, gaps=gaps, expired_waivers=[expired])


def large_results(n_findings: int = 10_000, n_resources: int = 500, seed: int = 1) -> Results:
    """``n_findings`` findings spread over ``n_resources`` resources (for the bench)."""
    rng = random.Random(seed)
    per_resource = max(1, n_findings // n_resources)
    base = sample_catalog()
    extra = max(0, -(-(per_resource - len(base)) // 6))
    catalog = sample_catalog(extra_per_item=extra)[:per_resource]
    findings = []
    for r in range(n_resources):
        sub = SUBSCRIPTIONS[r % 3]
        name = f"kv-app{r:04d}-{ENV_OF_SUB[sub[1]][:4]}"
        for meta in catalog:
            roll = rng.random()
            status = Status.PASS if roll < 0.6 else Status.FAIL if roll < 0.95 else Status.UNKNOWN
            findings.append(
                finding(
                    meta,
                    status,
                    name,
                    sub=sub,
                    group=f"rg-app{r // 10:03d}",
                    observed=False,
                    reason="GET Microsoft.KeyVault/vaults failed (HTTP 429 TooManyRequests)"
                    if status is Status.UNKNOWN
                    else "",
                )
            )
    return make_results(catalog, findings)


HOSTILE = (
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<link rel="stylesheet" href="http://127.0.0.1:1/evil.css">',
    "url(file:///etc/passwd)",
    '<img src="http://127.0.0.1:1/x">',
)


def hostile_results() -> Results:
    """Every estate-provided text field carries markup, CSS and URLs that must stay text."""
    catalog = sample_catalog()[:4]
    text = " ".join(HOSTILE)
    waiver = Waiver(
        check=catalog[2].id, resource="*", reason=text, owner=HOSTILE[1], expires="2027-01-01"
    )
    findings = []
    for i, meta in enumerate(catalog):
        name = f"{HOSTILE[i % len(HOSTILE)]}-vault{i}"
        findings.append(
            finding(
                meta,
                Status.FAIL,
                name,
                observed=text,
                message=f"{name} {text}",
                environment=HOSTILE[4],
                waiver=waiver if i == 2 else None,
            )
        )
        findings.append(finding(meta, Status.PASS, f"{HOSTILE[3]}-ok{i}", observed=HOSTILE[0]))
        findings.append(finding(meta, Status.UNKNOWN, f"{HOSTILE[2]}-u{i}", reason=text))
    gap = Gap(
        kind=HOSTILE[0],
        scope="/subscriptions/" + HOSTILE[4],
        operation="GET " + HOSTILE[1],
        status_code=403,
        error_code=HOSTILE[2],
        message=text,
    )
    return make_results(
        catalog,
        findings,
        gaps=[gap],
        subscriptions=[(SUBSCRIPTIONS[0][0], text)],
        tenant_id=HOSTILE[3],
        expired_waivers=[waiver.model_copy(update={"expires": "2020-01-01"})],
    )


def whole_findings(data: object) -> list[dict[str, object]]:
    """The findings of a results document as written by ``--format json``, each whole: its
    resource, item, severity and id filled in, as ``assess`` reads them back."""
    from assess.results import parse_results

    return [f.model_dump(mode="json") for f in parse_results(data).findings]

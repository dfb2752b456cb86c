"""SE09-5 rotation: secrets and keys expire, are rotated, and nothing outlives its policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

from assess.checkapi import CheckContext, Outcome, Resource, check
from assess.model import Status
from assess.snapshot import (
    Certificate,
    CertificatePolicy,
    EntraApplication,
    EntraCredential,
    EntraServicePrincipal,
    KeyDetail,
    KeyEvent,
    KeyMeta,
    KeyVersion,
    LifetimeAction,
    RotationPolicy,
    SecretMeta,
    Snapshot,
    norm_id,
)
from assess.sources import cosmosdb, storagepolicies, webcertificates
from assess.sources.keyvault import KEY_VERSIONS_LIST
from assess.sources.keyvault_data import (
    CERTIFICATE_CONTACTS,
    CERTIFICATE_VERSIONS_LIST,
    SECRET_VERSIONS_LIST,
)
from assess.sources.logs import ACTIVITY_LOG
from assess.sources.storage import STORAGE_ACCOUNTS_LIST
from checks._certificates import (
    CERTIFICATES_API,
    POLICY_API,
    SERVER_AUTH,
    Version,
    certificate_label,
    judge_certificates,
    stale_versions,
    versions_by_item,
)
from checks._common import (
    KEYS_API,
    SECRETS_API,
    backs_certificate,
    certificate_items,
    duration_days,
    vault_label,
)
from checks._entra import (
    APPLICATIONS_API,
    SERVICE_PRINCIPALS_API,
    credential_ref,
    describe,
    judge,
    judged_service_principals,
    secrets_of,
    sign_in_certificates,
)
from checks._imported import defender_verdicts, policy_verdicts
from checks._logs import (
    AUDIT_API,
    AUDIT_PROPERTY,
    SECRET_READ_OPERATION,
    AccessIndex,
    plain_vaults,
    shown_time,
    silent,
    window,
)
from checks.se09_2_storage import KEY_GET_API, judge_keys

STORAGE_API = STORAGE_ACCOUNTS_LIST.name

Item = SecretMeta | KeyMeta


@check("SE09-5.1")
def secret_expiry_set(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from _expiry_set(snapshot, ctx, snapshot.secrets, "Secret", SECRETS_API)


@check("SE09-5.2")
def key_expiry_set(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from _expiry_set(snapshot, ctx, snapshot.keys, "Key", KEYS_API)


@check("SE09-5.3")
def secret_age(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    days = int(ctx.setting("max_secret_age_days"))
    newest = {
        item: max(dates)
        for item, versions in versions_by_item(snapshot.secret_versions).items()
        if (dates := [v.attributes.created for v in versions if v.attributes.created])
    }
    secrets = [
        s.model_copy(
            update={
                "attributes": s.attributes.model_copy(update={"created": newest[norm_id(s.id)]})
            }
        )
        if norm_id(s.id) in newest
        else s
        for s in snapshot.secrets
    ]
    yield from _age(snapshot, ctx, secrets, "Secret", SECRETS_API, days)


@check("SE09-5.4")
def key_age(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    days = int(ctx.setting("max_key_age_days"))
    yield from _age(snapshot, ctx, snapshot.keys, "Key", KEYS_API, days)


@check("SE09-5.5")
def secret_not_expiring(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from _falling_due(snapshot, ctx, snapshot.secrets, "Secret", SECRETS_API)


@check("SE09-5.6")
def key_not_expiring(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from _falling_due(snapshot, ctx, snapshot.keys, "Key", KEYS_API)


def _subject(
    snapshot: Snapshot,
    ctx: CheckContext,
    item: Item,
    kind: str,
    certificates: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[str, Outcome | None]:
    """The item in words, and a not-applicable outcome when it is disabled (nothing can use it).

    ``enabled`` None means not reported; Key Vault's default is enabled, so the item is judged.
    """
    where = f"{kind} {item.name} in {vault_label(item.vault_id)}"
    if item.attributes.enabled is False:
        return where, ctx.not_applicable(item, f"{where} is disabled: nothing can use it.")
    if isinstance(item, KeyMeta) and (norm_id(item.vault_id), item.name.lower()) in certificates:
        return where, ctx.not_applicable(
            item,
            f"{where} is the key of certificate {item.name}: it is renewed with the "
            "certificate and judged as one.",
        )
    if isinstance(item, SecretMeta) and backs_certificate(item):
        return where, ctx.not_applicable(
            item,
            f"{where} is the backing secret of certificate {item.name} "
            f"(contentType {item.content_type or 'not set'}"
            + (", managed" if item.managed else "")
            + "): its lifetime and renewal are the certificate's, and it is judged as one.",
        )
    return where, None


def _expiry_set(
    snapshot: Snapshot, ctx: CheckContext, items: Iterable[Item], kind: str, api: str
) -> Iterator[Outcome]:
    certificates = certificate_items(snapshot)
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind, certificates)
        if disabled:
            yield disabled
            continue
        # expires None: the attribute is absent, which means the item never expires.
        expires = item.attributes.expires
        yield ctx.expect(
            item,
            ok=expires is not None,
            prop="attributes.exp",
            observed=expires.isoformat() if expires else None,
            expected="an expiration date",
            api=api,
            passed=f"{where} has an expiration date ({expires.date().isoformat() if expires else ''}).",
            failed=f"{where} never expires (no expiration date is set).",
        )


def _age(
    snapshot: Snapshot, ctx: CheckContext, items: Iterable[Item], kind: str, api: str, days: int
) -> Iterator[Outcome]:
    certificates = certificate_items(snapshot)
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind, certificates)
        if disabled:
            yield disabled
            continue
        # created None: Key Vault returns it on every item, so its absence is missing evidence.
        created = item.attributes.created
        age = ctx.as_of - created if created else None
        if age is None:
            yield ctx.outcome(
                item,
                Status.UNKNOWN,
                f"{where} reports no creation date (attributes.created), so its age is unknown.",
                prop="attributes.created",
                expected=f"created within the last {days} days",
                api=api,
            )
            continue
        yield ctx.expect(
            item,
            ok=age <= timedelta(days=days),
            prop="attributes.created",
            observed=created.isoformat() if created else None,
            expected=f"created within the last {days} days",
            api=api,
            passed=f"{where} got its current version {_days(age)} days ago (policy: {days} days).",
            failed=f"{where} got its current version {_days(age)} days ago, more than the {days} allowed.",
        )


def _days(age: timedelta | None) -> int:
    return age.days if age is not None else 0


def _falling_due(
    snapshot: Snapshot, ctx: CheckContext, items: Iterable[Item], kind: str, api: str
) -> Iterator[Outcome]:
    certificates = certificate_items(snapshot)
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind, certificates)
        expires = item.attributes.expires
        # No expiry date: nothing falls due (SE09-5.1 and 5.2 judge that).
        if disabled or expires is None:
            yield disabled or ctx.not_applicable(item, f"{where} has no expiration date.")
            continue
        yield _due(ctx, item, where, expires, api, "attributes.exp", "rotate it.")


def _due(
    ctx: CheckContext, item: Item, where: str, expires: datetime, api: str, prop: str, fix: str
) -> Outcome:
    """Pass when ``expires`` lies beyond the near-expiry window, else fail with ``fix``."""
    window = int(ctx.setting("near_expiry_days"))
    horizon = ctx.as_of + timedelta(days=window)
    due = "expired on" if expires <= ctx.as_of else "expires on"
    return ctx.expect(
        item,
        ok=expires > horizon,
        prop=prop,
        observed=expires.isoformat(),
        expected=f"later than {horizon.date().isoformat()} ({window} days ahead)",
        api=api,
        passed=f"{where} expires on {expires.date().isoformat()}, beyond the {window}-day window.",
        failed=f"{where} is enabled and {due} {expires.date().isoformat()}: {fix}",
    )


@check("SE09-5.8")
def certificates_not_expiring(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Certificates, judged by their backing secrets' expiry (Resource Manager lists them with the
    other secrets, and a backing secret expires with its certificate)."""
    listed = {(norm_id(c.vault_id), c.name.lower()): c for c in snapshot.certificates}
    for secret in snapshot.secrets:
        if not backs_certificate(secret):
            continue
        where = f"Certificate {secret.name} in {vault_label(secret.vault_id)}"
        # The data plane's own certificate, when it was read, is the better witness.
        own = listed.get((norm_id(secret.vault_id), secret.name.lower()))
        attributes = own.attributes if own is not None else secret.attributes
        expires = attributes.expires
        if attributes.enabled is False:
            yield ctx.not_applicable(secret, f"{where} is disabled: nothing can use it.")
            continue
        if expires is None:
            # Every X.509 certificate has an end of validity: an absent exp is not read.
            yield ctx.outcome(
                secret,
                Status.UNKNOWN,
                f"{where} reports no expiry date (attributes.exp), so when it falls due is "
                "unknown.",
                prop="attributes.exp",
                api=CERTIFICATES_API if own is not None else SECRETS_API,
            )
            continue
        yield _due(
            ctx,
            secret,
            where,
            expires,
            CERTIFICATES_API if own is not None else SECRETS_API,
            "attributes.exp"
            if own is not None
            else "attributes.exp (the certificate's backing secret)",
            "renew it, and let its policy renew it automatically.",
        )


def _rotations(detail: KeyDetail) -> list[LifetimeAction]:
    policy = detail.rotation_policy
    return [a for a in policy.lifetime_actions if a.action.lower() == "rotate"] if policy else []


def _interval_days(policy: RotationPolicy | None, action: LifetimeAction) -> float | None:
    """How many days a version lives before the action rotates it, or None when it cannot be told
    (a trigger before expiry with no expiryTime)."""
    after = duration_days(action.time_after_create)
    if after is not None:
        return after
    before = duration_days(action.time_before_expiry)
    lifetime = duration_days(policy.expiry_time) if policy else None
    return lifetime - before if before is not None and lifetime is not None else None


@check("SE09-5.9")
def keys_rotate_automatically(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    def judge(key: KeyMeta, detail: KeyDetail, where: str) -> Outcome:
        policy = detail.rotation_policy
        actions = sorted({a.action for a in policy.lifetime_actions}) if policy else []
        return ctx.expect(
            key,
            ok=bool(_rotations(detail)),
            prop="properties.rotationPolicy.lifetimeActions[].action.type",
            observed=actions if policy else None,
            expected="a lifetime action of type Rotate",
            api=KEY_GET_API,
            passed=f"{where} is rotated by its rotation policy.",
            failed=f"{where} "
            + (
                "has no rotation policy: nothing makes a new version."
                if policy is None
                else "has a rotation policy without a Rotate action "
                f"({', '.join(actions) or 'no action'}): it only notifies, or does nothing."
            ),
        )

    yield from judge_keys(snapshot, ctx, judge, skip_certificates=True)


@check("SE09-5.10")
def key_rotation_interval(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    days = int(ctx.setting("max_key_age_days"))

    def judge(key: KeyMeta, detail: KeyDetail, where: str) -> Outcome:
        rotations, policy = _rotations(detail), detail.rotation_policy
        if not rotations:
            return ctx.not_applicable(key, f"{where} has no Rotate action (SE09-5.9 judges it).")
        known = [i for i in (_interval_days(policy, a) for a in rotations) if i is not None]
        triggers = [
            f"timeAfterCreate {a.time_after_create}"
            if a.time_after_create
            else f"timeBeforeExpiry {a.time_before_expiry}"
            for a in rotations
        ]
        observed = {"triggers": triggers, "expiryTime": policy.expiry_time if policy else None}
        prop = "properties.rotationPolicy.lifetimeActions[].trigger, attributes.expiryTime"
        if not known:
            text = f"{where} rotates before an expiry its policy does not set (no expiryTime)."
            return ctx.outcome(
                key, Status.UNKNOWN, text, observed=observed, api=KEY_GET_API, prop=prop
            )
        every = min(known)
        return ctx.expect(
            key,
            ok=every <= days,
            prop=prop,
            observed=observed,
            expected=f"a new version at most every {days} days (max_key_age_days)",
            api=KEY_GET_API,
            passed=f"{where} is rotated every {every:g} days (policy: {days}).",
            failed=f"{where} is rotated only every {every:g} days, more than the {days} allowed.",
        )

    yield from judge_keys(snapshot, ctx, judge, skip_certificates=True)


@check("SE09-5.11")
def old_key_versions_disabled(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    grace = int(ctx.setting("old_key_version_days"))
    versions: dict[str, list[KeyVersion]] = {}
    for version in snapshot.key_versions:
        versions.setdefault(norm_id(version.key_id), []).append(version)
    certificates = certificate_items(snapshot)
    for key in snapshot.keys:
        where, settled = _subject(snapshot, ctx, key, "Key", certificates)
        mine, stale = stale_versions(ctx, versions.get(norm_id(key.id), []), grace)
        if settled is not None or not mine:
            yield settled or ctx.not_applicable(key, f"{where}: no version was listed.")
            continue
        yield ctx.expect(
            key,
            ok=not stale,
            prop="versions[].attributes.enabled, versions[].attributes.created",
            observed=stale,
            expected=f"older versions disabled within {grace} days of a newer one",
            api=KEY_VERSIONS_LIST.name,
            passed=f"{where} has {len(mine)} version(s), none left enabled long after a newer one.",
            failed=f"{where} keeps {len(stale)} older version(s) enabled long after a newer one "
            f"was made: {', '.join(stale)}. Disable them once nothing needs them to decrypt.",
        )


def sas_period(text: str | None) -> timedelta | None:
    """A storage ``sasExpirationPeriod`` (``d.hh:mm:ss``, or ``hh:mm:ss``) as a duration."""
    days, _, clock = (text or "").strip().rpartition(".")
    parts = clock.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or (days and not days.isdigit()):
        return None
    hours, minutes, seconds = (int(p) for p in parts)
    return timedelta(days=int(days or 0), hours=hours, minutes=minutes, seconds=seconds)


def _instant(value: object) -> datetime | None:
    """An ISO-8601 date as App Service and Cosmos DB answer it (``2039-12-31T23:59:59+00:00``),
    or None."""
    try:
        found = datetime.fromisoformat(str(value)) if isinstance(value, str) else None
    except ValueError:
        return None
    return found.replace(tzinfo=found.tzinfo or UTC) if found else None


@check("SE09-5.40")
def cosmos_keys_rotated(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each Cosmos DB account: keys refused, or all four account keys younger than the maximum."""
    days = int(ctx.setting("max_secret_age_days"))
    for account in snapshot.records_of("cosmos_accounts"):
        keyless = account.prop("disableLocalAuth") is True
        made = {
            k: _instant(account.prop(p))
            for k, p in zip(cosmosdb.KEYS, cosmosdb.KEY_GENERATED, strict=True)
        }
        ages = {k: (ctx.as_of - t).days if t else None for k, t in made.items()}
        unreported = [k for k, age in ages.items() if age is None]
        old = [f"{k} {age} days old" for k, age in ages.items() if age is not None and age > days]
        prop = "properties.disableLocalAuth, properties.keysMetadata.*.generationTime"
        observed = {"disableLocalAuth": account.prop("disableLocalAuth"), **ages}
        expected = f"every key at most {days} days old, or disableLocalAuth true"
        api = cosmosdb.ACCOUNTS_LIST.name
        if not keyless and unreported and not old:
            # keysMetadata is read-only and may be left out: an age not reported is not known.
            yield ctx.outcome(
                account,
                Status.UNKNOWN,
                f"Cosmos DB account {account.name} accepts keys and does not report when "
                f"{', '.join(unreported)} were generated (keysMetadata), so their age is unknown.",
                prop=prop,
                observed=observed,
                expected=expected,
                api=api,
            )
            continue
        yield ctx.expect(
            account,
            ok=keyless or not old,
            passed=f"Cosmos DB account {account.name} accepts no key, whatever its age."
            if keyless
            else f"Cosmos DB account {account.name} regenerated all four keys within {days} days.",
            failed=f"Cosmos DB account {account.name} accepts keys and has {', '.join(old)}, "
            f"over the {days}-day maximum.",
            prop=prop,
            observed=observed,
            expected=expected,
            api=api,
        )


@check("SE09-5.43")
def app_service_certificates_valid(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each App Service certificate: not expired, and not within the near-expiry window."""
    window = int(ctx.setting("near_expiry_days"))
    for cert in snapshot.records_of("web_certificates"):
        expires = _instant(cert.prop("expirationDate"))
        left = (expires - ctx.as_of).days if expires else None
        source = "imported from Key Vault" if cert.prop("keyVaultId") else "uploaded to App Service"
        subject = cert.prop("subjectName") or cert.name
        if left is None:
            yield ctx.outcome(
                cert,
                Status.UNKNOWN,
                f"App Service certificate {cert.name} ({subject}, {source}) reports no "
                "expiration date, so how long it stays valid is unknown.",
                prop="properties.expirationDate",
                observed=cert.prop("expirationDate"),
                expected=f"more than {window} days away",
                api=webcertificates.CERTIFICATES_LIST.name,
            )
            continue
        yield ctx.expect(
            cert,
            ok=left > window,
            prop="properties.expirationDate",
            observed=cert.prop("expirationDate"),
            expected=f"more than {window} days away",
            api=webcertificates.CERTIFICATES_LIST.name,
            passed=f"App Service certificate {cert.name} ({subject}, {source}) expires in "
            f"{left} days.",
            failed=f"App Service certificate {cert.name} ({subject}, {source}) "
            + (
                f"expired {-left} days ago."
                if left < 0
                else f"expires in {left} days, within the {window}-day notice window."
            ),
        )


@check("SE09-5.44")
def defender_key_vault_verdicts(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from defender_verdicts(snapshot, ctx, secret_scanning=False)


@check("SE09-5.45")
def policy_key_vault_verdicts(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from policy_verdicts(snapshot, ctx)


@check("SE09-5.41")
def storage_expiry_policies(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each storage account: shared keys off, or both a key expiration policy and a SAS
    expiration policy within the maximum age."""
    days = int(ctx.setting("max_secret_age_days"))
    for account in snapshot.records_of("storage_policies"):
        keyless = account.prop(storagepolicies.SHARED_KEY) is False
        sas_text = account.prop(storagepolicies.SAS_PERIOD)
        period, policy = sas_period(str(sas_text or "")), account.prop(storagepolicies.KEY_DAYS)
        gaps = []
        if not isinstance(policy, int) or policy > days:
            gaps.append(
                f"a key expiration policy of {policy} days"
                if isinstance(policy, int)
                else "no key expiration policy"
            )
        if period is None or period > timedelta(days=days):
            gaps.append(
                "no SAS expiration policy (an account-key SAS can be signed to last for years)"
                if period is None
                else f"account-key SAS tokens allowed for {sas_text}"
            )
        action = account.prop(storagepolicies.SAS_ACTION) or "Log"
        yield ctx.expect(
            account,
            ok=keyless or not gaps,
            prop=f"properties.{storagepolicies.KEY_DAYS}, properties.{storagepolicies.SAS_PERIOD}",
            observed={"keyExpirationPeriodInDays": policy, "sasExpirationPeriod": sas_text},
            expected=f"both policies at most {days} days, or allowSharedKeyAccess false",
            api=storagepolicies.ACCOUNTS_LIST.name,
            passed=f"Storage account {account.name} accepts no shared key, so no access key or "
            "account-key SAS can be used."
            if keyless
            else f"Storage account {account.name} flags its access keys as due every {policy} "
            f"days and limits account-key SAS tokens to {sas_text} ({action} when longer).",
            failed=f"Storage account {account.name} accepts shared keys with "
            f"{' and '.join(gaps)}, against a {days}-day maximum.",
        )


@check("SE09-5.7")
def storage_keys_rotated(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each storage account: shared keys off, or both access keys younger than the maximum."""
    days = int(ctx.setting("max_secret_age_days"))
    for account in snapshot.storage_accounts:
        if account.allow_shared_key_access is False:
            yield ctx.outcome(
                account,
                Status.PASS,
                f"Storage account {account.name} accepts no shared key: its access keys cannot "
                "be used, whatever their age.",
                prop="properties.allowSharedKeyAccess",
                observed=False,
                expected="false, or both keys younger than the maximum age",
                api=STORAGE_API,
            )
            continue
        ages = {
            name: (ctx.as_of - created).days if created else None
            for name, created in (("key1", account.key1_created), ("key2", account.key2_created))
        }
        unknown = sorted(name for name, age in ages.items() if age is None)
        old = sorted(name for name, age in ages.items() if age is not None and age > days)
        # A key is never older than its account: an undated key of an account created within
        # the maximum age is within it too (creationTime is on every account).
        lifetime = (ctx.as_of - account.created).days if account.created else None
        bounded = bool(unknown) and lifetime is not None and lifetime <= days
        policy = (
            f"; its key expiration policy is {account.key_expiration_days} days"
            if account.key_expiration_days
            else "; it has no key expiration policy"
        )
        if unknown:
            failed = (
                f"Storage account {account.name} does not report when {' and '.join(unknown)} "
                f"{'were' if len(unknown) > 1 else 'was'} created (the service records it once a "
                f"key is regenerated), so the age cannot be shown to be within {days} "
                f"days{policy}."
            )
        else:
            failed = (
                f"Storage account {account.name} has "
                + " and ".join(f"{name} {ages[name]} days old" for name in old)
                + f", over the {days}-day maximum{policy}."
            )
        yield ctx.expect(
            account,
            ok=(not unknown or bounded) and not old,
            prop="properties.keyCreationTime.key1 / key2"
            + (", properties.creationTime" if bounded else ""),
            observed={**ages, "account age": lifetime} if bounded else dict(ages),
            expected=f"both at most {days} days old, or allowSharedKeyAccess false",
            api=STORAGE_API,
            passed=f"Storage account {account.name} was created {lifetime} days ago, so neither "
            f"access key is older than that ({' and '.join(unknown)} not dated), within {days} "
            "days."
            if bounded
            else f"Storage account {account.name} rotated both access keys within "
            f"{days} days (key1 {ages['key1']} days, key2 {ages['key2']} days old).",
            failed=failed,
        )


# ---- certificates and versions from the vaults' data planes -------------------------------------
@check("SE09-5.20")
def certificates_renew_automatically(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    def judge(certificate: Certificate, policy: CertificatePolicy, where: str) -> Outcome:
        actions = sorted({a.action for a in policy.lifetime_actions})
        renews = any(a.action.lower() == "autorenew" for a in policy.lifetime_actions)
        issuer = policy.issuer or "not set"
        unknown_issuer = issuer.lower() == "unknown"
        return ctx.expect(
            certificate,
            ok=renews and not unknown_issuer,
            prop="policy.lifetime_actions[].action.action_type, policy.issuer.name",
            observed={"actions": actions, "issuer": policy.issuer},
            expected="an AutoRenew lifetime action, with an issuer the vault can renew from",
            api=POLICY_API,
            passed=f"{where} renews itself ({issuer} issuer, AutoRenew action).",
            failed=f"{where} "
            + (
                "comes from an issuer outside the vault (Unknown): the vault cannot renew it, "
                "so someone must replace it by hand before it expires."
                if unknown_issuer
                else f"has no AutoRenew action ({', '.join(actions) or 'no action'}): it will "
                "expire unless someone renews it."
            ),
        )

    yield from judge_certificates(snapshot, ctx, judge)


@check("SE09-5.21")
def tls_certificates_short_lived(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    months = 12

    def judge(certificate: Certificate, policy: CertificatePolicy, where: str) -> Outcome:
        ekus = set(policy.ekus)
        if ekus and SERVER_AUTH not in ekus:
            return ctx.not_applicable(certificate, f"{where} is not a TLS server certificate.")
        if policy.validity_months is None:
            return ctx.not_applicable(certificate, f"{where}: its policy sets no validity.")
        return ctx.expect(
            certificate,
            ok=policy.validity_months <= months,
            prop="policy.x509_props.validity_months",
            observed=policy.validity_months,
            expected=f"at most {months} months",
            api=POLICY_API,
            passed=f"{where} is issued for {policy.validity_months} months.",
            failed=f"{where} is issued for {policy.validity_months} months, more than {months}: "
            "public CAs no longer issue TLS certificates that long, and a leaked key stays "
            "usable for all of it.",
        )

    yield from judge_certificates(snapshot, ctx, judge)


def _old_versions_outcome(
    ctx: CheckContext,
    item: Resource,
    where: str,
    versions: Sequence[Version],
    *,
    api: str,
    after: str,
    consequence: str,
) -> Outcome:
    """An item's older versions were disabled within ``old_key_version_days`` of a newer one."""
    grace = int(ctx.setting("old_key_version_days"))
    ordered, stale = stale_versions(ctx, versions, grace)
    return ctx.expect(
        item,
        ok=not stale,
        prop="versions[].attributes.enabled, versions[].attributes.created",
        observed=stale,
        expected=f"older versions disabled within {grace} days of a newer one",
        api=api,
        passed=f"{where} has {len(ordered)} version(s), none left enabled long after a newer one.",
        failed=f"{where} keeps {len(stale)} older version(s) enabled long after {after}: "
        f"{', '.join(stale)}. {consequence}",
    )


@check("SE09-5.22")
def old_certificate_versions_disabled(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    versions = versions_by_item(snapshot.certificate_versions)
    for certificate in snapshot.certificates:
        where = certificate_label(snapshot, certificate)
        mine = versions.get(norm_id(certificate.id), [])
        if certificate.attributes.enabled is False:
            yield ctx.not_applicable(certificate, f"{where} is disabled: nothing can use it.")
            continue
        if not mine:
            yield ctx.outcome(certificate, Status.UNKNOWN, f"{where}: no version was listed.")
            continue
        yield _old_versions_outcome(
            ctx,
            certificate,
            where,
            mine,
            api=CERTIFICATE_VERSIONS_LIST.name,
            after="a renewal",
            consequence="Disable them, so a leaked old key cannot be presented.",
        )


@check("SE09-5.23")
def certificate_contacts_set(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    contacts = {norm_id(c.vault_id): c for c in snapshot.certificate_contacts}
    holding = {norm_id(c.vault_id) for c in snapshot.certificates}
    for vault in snapshot.vaults:
        if norm_id(vault.id) not in holding:
            yield ctx.not_applicable(vault, f"Vault {vault.name} holds no certificate.")
            continue
        found = contacts.get(norm_id(vault.id))
        count = found.contacts if found is not None else 0
        yield ctx.expect(
            vault,
            ok=count > 0,
            prop="contacts[]",
            observed=count,
            expected="at least one contact",
            api=CERTIFICATE_CONTACTS.name,
            passed=f"Vault {vault.name} tells {count} contact(s) before its certificates expire.",
            failed=f"Vault {vault.name} holds certificates but names no certificate contact: "
            "nobody is e-mailed before one expires.",
        )


@check("SE09-5.24")
def old_secret_versions_disabled(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    versions = versions_by_item(snapshot.secret_versions)
    certificates = certificate_items(snapshot)
    for secret in snapshot.secrets:
        where, settled = _subject(snapshot, ctx, secret, "Secret", certificates)
        mine = versions.get(norm_id(secret.id), [])
        if settled is not None or not mine:
            yield settled or ctx.outcome(secret, Status.UNKNOWN, f"{where}: no version was listed.")
            continue
        yield _old_versions_outcome(
            ctx,
            secret,
            where,
            mine,
            api=SECRET_VERSIONS_LIST.name,
            after="it was rotated",
            consequence="A rotated-out value still works until its version is disabled.",
        )


# ---- from the audit logs (Log Analytics) --------------------------------------------------------
@check("SE09-5.50")
def secrets_in_use(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each enabled secret older than the log window: read at least once in it."""
    index, span = AccessIndex(snapshot), window(snapshot)
    vaults = {norm_id(v.id): v for v in plain_vaults(snapshot)}
    for secret in snapshot.secrets:
        vault = vaults.get(norm_id(secret.vault_id))
        if vault is None:
            continue
        where = vault_label(secret.vault_id)
        created = secret.attributes.created
        if secret.attributes.enabled is False or backs_certificate(secret):
            yield ctx.not_applicable(
                secret,
                f"Secret {secret.name} in {where} is disabled or backs a certificate: "
                "nothing reads it by name.",
            )
            continue
        if span is not None and created is not None and created > span.start:
            yield ctx.not_applicable(
                secret,
                f"Secret {secret.name} in {where} was created {created:%Y-%m-%d}, inside "
                f"{span.label()}: too new to call unused.",
            )
            continue
        seen = index.of(vault)
        period = span.label() if span else "the log window"
        if not seen:
            yield silent(
                ctx, snapshot, secret, vault, where, period, f"whether secret {secret.name} is read"
            )
            continue
        reads = [
            r
            for r in seen
            if r.operation.lower() == SECRET_READ_OPERATION
            and r.secret.lower() == secret.name.lower()
        ]
        count = sum(r.events - r.denied for r in reads)
        readers = sorted({r.caller for r in reads if r.caller and r.events > r.denied})
        last = max((r.last for r in reads if r.last is not None), default=None)
        yield ctx.expect(
            secret,
            ok=count > 0,
            prop=f"{AUDIT_PROPERTY}: SecretGet by secret name",
            observed={"reads": count, "readers": len(readers), "last read": shown_time(last)},
            expected="read at least once in the log window",
            api=AUDIT_API,
            passed=f"Secret {secret.name} in {where} was read {count} time(s) in {period} by "
            f"{len(readers)} identit{'y' if len(readers) == 1 else 'ies'} (last "
            f"{shown_time(last)}).",
            failed=f"Secret {secret.name} in {where} was not read once in {period}: if nothing "
            "uses it any more, disable it and then delete it, so it cannot leak unnoticed.",
        )


@check("SE09-5.51")
def storage_keys_regenerated(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """Each storage account that accepts shared keys: the Activity Log shows a key regenerated
    within the maximum secret age (and names who listed the keys)."""
    days = int(ctx.setting("max_secret_age_days"))
    spans = {norm_id(q.scope): q for q in snapshot.log_queries if q.family == "activity_log"}
    events: dict[str, list[KeyEvent]] = {}
    for event in snapshot.key_events:
        events.setdefault(norm_id(event.resource_id), []).append(event)
    for account in snapshot.storage_accounts:
        if account.allow_shared_key_access is False:
            yield ctx.not_applicable(
                account, f"Storage account {account.name} accepts no shared key."
            )
            continue
        span = spans.get(norm_id(f"/subscriptions/{account.subscription_id}"))
        mine = [e for e in events.get(norm_id(account.id), []) if _succeeded(e)]
        regenerated = [e.time for e in mine if e.operation == "regenerateKey" and e.time]
        listers = sorted({e.caller for e in mine if e.operation == "listKeys" and e.caller})
        last = max(regenerated, default=None)
        age = (ctx.as_of - last).days if last is not None else None
        if span is None:
            yield ctx.outcome(
                account,
                Status.UNKNOWN,
                f"The Activity Log of storage account {account.name}'s subscription was not read.",
            )
            continue
        covered = (span.end - span.start).days >= days
        if last is None and not covered:
            yield ctx.outcome(
                account,
                Status.UNKNOWN,
                f"The Activity Log of storage account {account.name} shows no key regeneration, "
                f"and it keeps fewer days than the {days}-day maximum age.",
            )
            continue
        period = f"{(span.end - span.start).days} days"
        observed = {
            "last regeneration": f"{last:%Y-%m-%d}" if last else None,
            "days since": age,
            "listed the keys": listers,
        }
        listed = f" Keys listed by: {', '.join(listers)}." if listers else ""
        yield ctx.expect(
            account,
            ok=age is not None and age <= days,
            prop="Activity Log: Microsoft.Storage/storageAccounts/regenerateKey/action, "
            "listKeys/action",
            observed=observed,
            expected=f"a key regenerated within {days} days",
            api=ACTIVITY_API,
            passed=f"Storage account {account.name} had a key regenerated {age} days ago "
            f"({last:%Y-%m-%d}), within {days} days.{listed}"
            if last
            else "",
            failed=(
                f"Storage account {account.name} last had a key regenerated {age} days ago "
                f"({last:%Y-%m-%d}), over the {days}-day maximum.{listed}"
                if last
                else f"Storage account {account.name} had no key regenerated in the {period} "
                f"the Activity Log covers, over the {days}-day maximum.{listed}"
            ),
        )


ACTIVITY_API = ACTIVITY_LOG.name


def _succeeded(event: KeyEvent) -> bool:
    return event.status.lower() in ("succeeded", "")


# ---- Microsoft Entra app registrations and service principals ----------------------------------
@check("SE09-5.30")
def app_client_secrets_within_policy(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per client secret of an app registration."""
    longest = int(ctx.setting("max_client_secret_days"))
    for app in snapshot.entra_applications:
        for secret in secrets_of(app.credentials):
            yield _entra_credential(ctx, app, secret, longest, APPLICATIONS_API)


@check("SE09-5.31")
def service_principal_credentials_within_policy(
    snapshot: Snapshot, ctx: CheckContext
) -> Iterator[Outcome]:
    """One finding per credential added to a service principal itself."""
    longest = int(ctx.setting("max_client_secret_days"))
    for sp in judged_service_principals(snapshot):
        for secret in secrets_of(sp.credentials):
            yield _entra_credential(ctx, sp, secret, longest, SERVICE_PRINCIPALS_API)
        for certificate in sign_in_certificates(sp.credentials):
            yield _entra_credential(ctx, sp, certificate, None, SERVICE_PRINCIPALS_API)


@check("SE09-5.32")
def app_certificates_not_expiring(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per sign-in certificate of an app registration: its dates only."""
    for app in snapshot.entra_applications:
        for certificate in sign_in_certificates(app.credentials):
            yield _entra_credential(ctx, app, certificate, None, APPLICATIONS_API)


def _entra_credential(
    ctx: CheckContext,
    owner: EntraApplication | EntraServicePrincipal,
    credential: EntraCredential,
    longest: int | None,
    api: str,
) -> Outcome:
    window = int(ctx.setting("near_expiry_days"))
    ok, why = judge(credential, ctx.as_of, window, longest)
    part = "passwordCredentials" if credential.kind == "secret" else "keyCredentials"
    lifetime = f"an end date at most {longest} days after its start, " if longest else ""
    status = Status.UNKNOWN if ok is None else Status.PASS if ok else Status.FAIL
    return ctx.outcome(
        credential_ref(owner, credential),
        status,
        f"{describe(owner, credential)} {why}.",
        prop=f"{part}[].startDateTime, {part}[].endDateTime",
        observed={
            "startDateTime": credential.start.isoformat() if credential.start else None,
            "endDateTime": credential.end.isoformat() if credential.end else None,
        },
        expected=f"{lifetime}more than {window} days ahead",
        api=api,
    )

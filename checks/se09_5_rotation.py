"""SE09-5 rotation: secrets and keys expire, are rotated, and nothing outlives its policy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import KeyMeta, SecretMeta, Snapshot
from checks._common import KEYS_API, SECRETS_API, backs_certificate, vault_label

STORAGE_API = apis.STORAGE_ACCOUNTS_LIST.name

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
    yield from _age(snapshot, ctx, snapshot.secrets, "Secret", SECRETS_API, days)


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
    snapshot: Snapshot, ctx: CheckContext, item: Item, kind: str
) -> tuple[str, Outcome | None]:
    """The item in words, and a not-applicable outcome when it is disabled (nothing can use it).

    ``enabled`` None means not reported; Key Vault's default is enabled, so the item is judged.
    """
    where = f"{kind} {item.name} in {vault_label(snapshot, item.vault_id)}"
    if item.attributes.enabled is False:
        return where, ctx.not_applicable(item, f"{where} is disabled: nothing can use it.")
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
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind)
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
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind)
        if disabled:
            yield disabled
            continue
        # created None: the age cannot be shown to be within policy, so it fails.
        created = item.attributes.created
        age = ctx.as_of - created if created else None
        yield ctx.expect(
            item,
            ok=age is not None and age <= timedelta(days=days),
            prop="attributes.created",
            observed=created.isoformat() if created else None,
            expected=f"created within the last {days} days",
            api=api,
            passed=f"{where} got its current version {_days(age)} days ago (policy: {days} days).",
            failed=f"{where} got its current version {_days(age)} days ago, more than the {days} allowed."
            if age is not None
            else f"{where} reports no creation date, so its age cannot be shown to be within "
            f"{days} days.",
        )


def _days(age: timedelta | None) -> int:
    return age.days if age is not None else 0


def _falling_due(
    snapshot: Snapshot, ctx: CheckContext, items: Iterable[Item], kind: str, api: str
) -> Iterator[Outcome]:
    for item in items:
        where, disabled = _subject(snapshot, ctx, item, kind)
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
    for secret in snapshot.secrets:
        if not backs_certificate(secret):
            continue
        where = f"Certificate {secret.name} in {vault_label(snapshot, secret.vault_id)}"
        expires = secret.attributes.expires
        if secret.attributes.enabled is False:
            yield ctx.not_applicable(secret, f"{where} is disabled: nothing can use it.")
            continue
        if expires is None:
            yield ctx.not_applicable(secret, f"{where} reports no expiry date.")
            continue
        yield _due(
            ctx,
            secret,
            where,
            expires,
            SECRETS_API,
            "attributes.exp (the certificate's backing secret)",
            "renew it, and let its policy renew it automatically.",
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
            ok=not unknown and not old,
            prop="properties.keyCreationTime.key1 / key2",
            observed={k: v for k, v in ages.items()},
            expected=f"both at most {days} days old, or allowSharedKeyAccess false",
            api=STORAGE_API,
            passed=f"Storage account {account.name} rotated both access keys within "
            f"{days} days (key1 {ages['key1']} days, key2 {ages['key2']} days old).",
            failed=failed,
        )

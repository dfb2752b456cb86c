"""The judgements behind the "other secret stores" checks (pure; no I/O).

Container Apps, Container Apps jobs and API Management keep secrets of their own. A secret kept
there as a value (rather than as a reference to a Key Vault secret) lives outside the vault: it
is copied in by whoever deployed it, is not versioned, audited or rotated by Key Vault, and fails
item SE09-2. A Key Vault reference the service can no longer resolve fails item SE09-6.
"""

from __future__ import annotations

from collections.abc import Iterator

from assess.checkapi import CheckContext, Outcome
from assess.snapshot import DeclaredResource, Snapshot, norm_id
from assess.sources import apimanagement, containerapps
from checks._common import subscription_label


def app_secrets_in_vault(
    snapshot: Snapshot, ctx: CheckContext, kind: str, noun: str, api: str
) -> Iterator[Outcome]:
    """One finding per app or job: every secret is a Key Vault reference (``keyVaultUrl``)."""
    for app in snapshot.records_of(kind):
        names = app.each(containerapps.SECRET_NAMES)
        urls = app.each(containerapps.SECRET_VAULT_URLS)
        inline = sorted(str(n) for n, url in zip(names, urls, strict=False) if not url)
        where = subscription_label(snapshot, app.subscription_id)
        yield ctx.expect(
            app,
            ok=not inline,
            prop="properties.configuration.secrets[].keyVaultUrl",
            observed={"secrets": len(names), "stored in the app": inline},
            expected="every secret a Key Vault reference (keyVaultUrl)",
            api=api,
            passed=f"{noun} {app.name} in {where} keeps "
            + (f"its {len(names)} secret(s) in Key Vault." if names else "no secret of its own."),
            failed=f"{noun} {app.name} in {where} stores {len(inline)} secret value(s) in the "
            f"app itself instead of Key Vault: {', '.join(inline)}.",
        )


def by_parent(snapshot: Snapshot, kind: str) -> dict[str, list[DeclaredResource]]:
    """The records of ``kind`` (listed below other resources), by their parent's id."""
    below: dict[str, list[DeclaredResource]] = {}
    for found in snapshot.records_of(kind):
        below.setdefault(norm_id(found.parent), []).append(found)
    return below


def _label(value: DeclaredResource) -> str:
    return str(value.prop("displayName") or value.name)


def apim_secrets_in_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per API Management service: no named value is a secret kept by the service."""
    below = by_parent(snapshot, "apim_named_values")
    for service in snapshot.records_of("apim_services"):
        values = below.get(norm_id(service.id), [])
        stored = sorted(
            _label(v)
            for v in values
            if v.prop("secret") is True and not v.prop("keyVault.secretIdentifier")
        )
        where = subscription_label(snapshot, service.subscription_id)
        yield ctx.expect(
            service,
            ok=not stored,
            prop="namedValues[].properties.secret, .keyVault.secretIdentifier",
            observed={"named values": len(values), "secrets stored in the service": stored},
            expected="every secret named value backed by Key Vault",
            api=apimanagement.NAMED_VALUES_LIST.name,
            passed=f"API Management service {service.name} in {where} keeps no secret named "
            "value of its own (secrets are Key Vault references).",
            failed=f"API Management service {service.name} in {where} stores {len(stored)} "
            f"secret named value(s) itself instead of in Key Vault: {', '.join(stored)}.",
        )


def apim_references_resolve(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per API Management service with Key Vault-backed named values: the service's
    last fetch of each succeeded (``keyVault.lastStatus.code`` is ``Success``)."""
    below = by_parent(snapshot, "apim_named_values")
    for service in snapshot.records_of("apim_services"):
        backed = [
            v for v in below.get(norm_id(service.id), []) if v.prop("keyVault.secretIdentifier")
        ]
        if not backed:
            yield ctx.not_applicable(
                service, f"API Management service {service.name} has no Key Vault-backed value."
            )
            continue
        broken = sorted(
            f"{_label(v)} ({v.prop('keyVault.lastStatus.code') or 'no status'})"
            for v in backed
            if v.prop("keyVault.lastStatus.code") != "Success"
        )
        yield ctx.expect(
            service,
            ok=not broken,
            prop="namedValues[].properties.keyVault.lastStatus.code",
            observed={"Key Vault-backed": len(backed), "not refreshed": broken},
            expected="lastStatus.code Success for every Key Vault-backed named value",
            api=apimanagement.NAMED_VALUES_LIST.name,
            passed=f"API Management service {service.name} last fetched all {len(backed)} of "
            "its Key Vault-backed named values successfully.",
            failed=f"API Management service {service.name} could not fetch {len(broken)} Key "
            f"Vault-backed named value(s) on its last refresh, so they keep an old value or "
            f"none: {', '.join(broken)}.",
        )

"""SE09-2 storage: secrets live in a secret store with strong encryption and recovery protection."""

from __future__ import annotations

from collections.abc import Iterator

from assess import apis
from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import AppSetting, Snapshot, WebApp, in_scope, norm_id
from checks._common import KEYS_API, SECRETS_API, VAULTS_API, holds_certificate, shown, vault_label


@check("SE09-2.1")
def vault_soft_delete(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent means the service did not report it: not shown to be on, so it fails.
        on = vault.enable_soft_delete is True
        yield ctx.expect(
            vault,
            ok=on,
            prop="properties.enableSoftDelete",
            observed=vault.enable_soft_delete,
            expected=True,
            api=VAULTS_API,
            passed=f"Vault {vault.name} keeps deleted secrets recoverable "
            f"for {vault.soft_delete_retention_days or 90} days.",
            failed=f"Vault {vault.name} does not report soft delete as enabled "
            f"(enableSoftDelete is {shown(vault.enable_soft_delete)}).",
        )


@check("SE09-2.2")
def vault_purge_protection(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent means the default, which is off.
        yield ctx.expect(
            vault,
            ok=vault.enable_purge_protection is True,
            prop="properties.enablePurgeProtection",
            observed=vault.enable_purge_protection,
            expected=True,
            api=VAULTS_API,
            passed=f"Vault {vault.name} has purge protection on.",
            failed=f"Vault {vault.name} can be purged before its retention period ends "
            f"(enablePurgeProtection is {shown(vault.enable_purge_protection)}).",
        )


def settings_of(snapshot: Snapshot, site_id: str) -> list[AppSetting]:
    """The app settings and connection strings of one site, in collected order."""
    site = norm_id(site_id)
    return [s for s in snapshot.app_settings if norm_id(s.site_id) == site]


def settings_unread(snapshot: Snapshot, site_id: str) -> bool:
    """True when a refused or failed list left this site's settings unknown (or incomplete)."""
    return any(g.kind == "app_settings" and in_scope(site_id, g.scope) for g in snapshot.gaps)


def key_vault_references(
    snapshot: Snapshot, ctx: CheckContext, app: WebApp
) -> tuple[list[AppSetting], Outcome | None]:
    """An app's Key Vault references, or the outcome when there is nothing to judge.

    Unread settings give ``unknown`` (not "uses none"); an app with no reference is not applicable.
    """
    if settings_unread(snapshot, app.id):
        return [], ctx.outcome(
            app, Status.UNKNOWN, f"The app settings of {app.name} could not be read."
        )
    found = [s for s in settings_of(snapshot, app.id) if s.value_kind == "key_vault_reference"]
    if not found:
        return [], ctx.not_applicable(app, f"App {app.name} uses no Key Vault reference.")
    return found, None


@check("SE09-2.3")
def app_settings_hold_no_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for app in snapshot.web_apps:
        if settings_unread(snapshot, app.id):
            yield ctx.outcome(
                app, Status.UNKNOWN, f"The app settings of {app.name} could not be read."
            )
            continue
        found = [s for s in settings_of(snapshot, app.id) if s.value_kind == "credential"]
        named = ", ".join(
            f"{s.name} ({'connection string' if s.source == 'connectionstring' else 'app setting'}: "
            f"{', '.join(s.rule_ids)})"
            for s in found
        )
        yield ctx.expect(
            app,
            ok=not found,
            prop="properties (app settings and connection strings)",
            observed=[s.name for s in found],
            expected=[],
            api=apis.APP_SETTINGS_LIST.name,
            passed=f"App {app.name} keeps no credential in its app settings or connection strings.",
            failed=f"App {app.name} holds credentials in clear text: {named}.",
        )


@check("SE09-2.4")
def certificates_not_stored_as_secrets(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per secret holding a PFX or PEM: managed by a Key Vault certificate, or not."""
    keys = {(norm_id(k.vault_id), k.name.lower()) for k in snapshot.keys}
    for secret in snapshot.secrets:
        if not holds_certificate(secret):
            continue
        where = f"Secret {secret.name} in {vault_label(snapshot, secret.vault_id)}"
        paired = (norm_id(secret.vault_id), secret.name.lower()) in keys
        observed = {"contentType": secret.content_type, "managed": secret.managed}
        if secret.managed is None and not paired:
            yield ctx.outcome(
                secret,
                Status.UNKNOWN,
                f"{where} holds a certificate ({secret.content_type}); whether a Key Vault "
                "certificate manages it is reported by the data plane only (secret list, "
                "'managed'), which was not read, and no key of the same name backs it.",
                prop="contentType, managed",
                observed=observed,
                api=SECRETS_API,
            )
            continue
        yield ctx.expect(
            secret,
            ok=secret.managed is not False,
            prop="contentType, managed" + ("" if secret.managed is not None else "; keys[].name"),
            observed=observed if secret.managed is not None else {**observed, "key": secret.name},
            expected="a certificate object's backing secret (managed true), not a plain secret",
            api=SECRETS_API if secret.managed is not None else f"{SECRETS_API}; {KEYS_API}",
            passed=f"{where} is the backing secret of certificate {secret.name}"
            + (
                "."
                if secret.managed
                else ", as the key of the same name Key Vault creates with it shows."
            ),
            failed=f"{where} holds a certificate ({secret.content_type}) stored as a plain "
            "secret: no certificate object renews it or warns before it expires. Import it as "
            "a Key Vault certificate.",
        )

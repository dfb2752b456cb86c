"""SE09-2 storage: secrets live in a secret store with strong encryption and recovery protection."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from assess.checkapi import CheckContext, Outcome, check
from assess.model import Status
from assess.snapshot import (
    AppSetting,
    Certificate,
    CertificatePolicy,
    KeyDetail,
    KeyMeta,
    Snapshot,
    WebApp,
    norm_id,
)
from assess.sources import containerapps
from assess.sources.keyvault import KEY_GET, MANAGED_HSMS_LIST
from assess.sources.keyvault_data import CERTIFICATES_LIST
from assess.sources.web import APP_SETTINGS_LIST
from checks._certificates import POLICY_API, judge_certificates
from checks._common import (
    KEYS_API,
    SECRETS_API,
    VAULTS_API,
    certificate_items,
    holds_certificate,
    shown,
    vault_label,
)
from checks._secret_stores import (
    apim_backend_credentials,
    apim_secrets_in_vault,
    app_secrets_in_vault,
    automation_credentials,
    automation_variables,
    factory_linked_services,
    workflow_parameters,
)

KEY_GET_API = KEY_GET.name


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


def key_vault_references(
    snapshot: Snapshot, ctx: CheckContext, app: WebApp
) -> tuple[list[AppSetting], Outcome | None]:
    """An app's Key Vault references, or the outcome when there is nothing to judge.

    An app with no reference is not applicable, unless its settings could not be read: the engine
    then makes it ``unknown`` (not "uses none").
    """
    found = [s for s in settings_of(snapshot, app.id) if s.value_kind == "key_vault_reference"]
    if not found:
        return [], ctx.not_applicable(
            app,
            f"App {app.name} uses no Key Vault reference.",
            needs=ctx.need("app_settings", app.id),
        )
    return found, None


@check("SE09-2.3")
def app_settings_hold_no_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for app in snapshot.web_apps:  # unread settings are a gap over the app: the engine says why
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
            api=APP_SETTINGS_LIST.name,
            passed=f"App {app.name} keeps no credential in its app settings or connection strings.",
            failed=f"App {app.name} holds credentials in clear text: {named}.",
        )


@check("SE09-2.4")
def certificates_not_stored_as_secrets(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per secret holding a PFX or PEM: managed by a Key Vault certificate, or not."""
    keys = {(norm_id(k.vault_id), k.name.lower()) for k in snapshot.keys}
    certificates = {(norm_id(c.vault_id), c.name.lower()) for c in snapshot.certificates}
    versioned = {norm_id(v.item_id) for v in snapshot.secret_versions}
    for secret in snapshot.secrets:
        if not holds_certificate(secret):
            continue
        where = f"Secret {secret.name} in {vault_label(secret.vault_id)}"
        paired = (norm_id(secret.vault_id), secret.name.lower()) in keys
        observed = {"contentType": secret.content_type, "managed": secret.managed}
        if secret.managed is None and norm_id(secret.id) in versioned:
            # The vault's data plane answered: its certificate list says whether one manages it.
            listed = (norm_id(secret.vault_id), secret.name.lower()) in certificates
            yield ctx.expect(
                secret,
                ok=listed,
                prop="contentType; certificates[].id",
                observed={**observed, "certificate listed": listed},
                expected="a certificate object's backing secret, not a plain secret",
                api=f"{SECRETS_API}; {CERTIFICATES_LIST.name}",
                passed=f"{where} is the backing secret of certificate {secret.name}, which the "
                "vault's data plane lists.",
                failed=f"{where} holds a certificate ({secret.content_type}) stored as a plain "
                "secret (the vault lists no certificate of that name): nothing renews it or warns "
                "before it expires. Import it as a Key Vault certificate.",
            )
            continue
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


def judge_keys(
    snapshot: Snapshot,
    ctx: CheckContext,
    judge: Callable[[KeyMeta, KeyDetail, str], Outcome],
    *,
    skip_certificates: bool = False,
) -> Iterator[Outcome]:
    """``judge(key, its Keys_Get details, its name in words)`` for each key, unless something
    settles it first: disabled (not applicable), a certificate's key (when asked; judged with the
    certificate), or details not returned (unknown)."""
    details = {norm_id(d.id): d for d in snapshot.key_details}
    certificates = certificate_items(snapshot) if skip_certificates else frozenset()
    for key in snapshot.keys:
        where = f"Key {key.name} in {vault_label(key.vault_id)}"
        detail = details.get(norm_id(key.id))
        if key.attributes.enabled is False:
            yield ctx.not_applicable(key, f"{where} is disabled.")
        elif (norm_id(key.vault_id), key.name.lower()) in certificates:
            text = f"{where} is the key of certificate {key.name}, judged with the certificate."
            yield ctx.not_applicable(key, text)
        elif detail is None:
            yield ctx.outcome(
                key, Status.UNKNOWN, f"{where}: its Keys_Get details were not returned."
            )
        else:
            yield judge(key, detail, where)


_CURVES = {"p-256", "p-256k", "p-384", "p-521"}


@check("SE09-2.40")
def container_app_secrets_in_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    api = containerapps.APPS_LIST.name
    yield from app_secrets_in_vault(snapshot, ctx, "container_apps", "Container app", api)


@check("SE09-2.41")
def container_job_secrets_in_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    api = containerapps.JOBS_LIST.name
    yield from app_secrets_in_vault(snapshot, ctx, "container_app_jobs", "Container app job", api)


@check("SE09-2.42")
def apim_named_values_in_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from apim_secrets_in_vault(snapshot, ctx)


@check("SE09-2.43")
def automation_variables_encrypted(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from automation_variables(snapshot, ctx)


@check("SE09-2.44")
def automation_no_credential_assets(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from automation_credentials(snapshot, ctx)


@check("SE09-2.45")
def factory_credentials_in_vault(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from factory_linked_services(snapshot, ctx)


@check("SE09-2.46")
def workflow_parameters_not_plain(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from workflow_parameters(snapshot, ctx)


@check("SE09-2.47")
def apim_backends_no_clear_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from apim_backend_credentials(snapshot, ctx)


@check("SE09-2.5")
def keys_are_strong(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    bits = int(ctx.setting("min_rsa_key_bits"))

    def judge(key: KeyMeta, detail: KeyDetail, where: str) -> Outcome:
        kty = (detail.kty or "").upper()
        observed = {"kty": detail.kty, "keySize": detail.key_size, "curveName": detail.curve_name}
        if kty.startswith("RSA") and detail.key_size is None:
            text = f"{where} is an RSA key whose size (keySize) was not returned."
            return ctx.outcome(key, Status.UNKNOWN, text, observed=observed, api=KEY_GET_API)
        if kty.startswith("RSA"):
            ok, shown_size = (detail.key_size or 0) >= bits, f"{detail.key_size}-bit RSA"
        elif kty.startswith("EC"):
            ok = (detail.curve_name or "").lower() in _CURVES
            shown_size = f"EC on curve {detail.curve_name or 'not set'}"
        else:
            ok, shown_size = True, f"{detail.kty or 'unknown type'} key"
        return ctx.expect(
            key,
            ok=ok,
            prop="properties.kty, properties.keySize, properties.curveName",
            observed=observed,
            expected=f"RSA of at least {bits} bits, or EC on P-256, P-256K, P-384 or P-521",
            api=KEY_GET_API,
            passed=f"{where} is a {shown_size} key.",
            failed=f"{where} is a {shown_size} key, weaker than the {bits} bits required: "
            "create a stronger key and move its users to it.",
        )

    yield from judge_keys(snapshot, ctx, judge)


@check("SE09-2.6")
def keys_are_hsm_protected(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    if not ctx.setting("require_hsm_keys"):
        for key in snapshot.keys:
            text = (
                f"Key {key.name}: the estate's policy does not ask for HSM keys (require_hsm_keys)."
            )
            yield ctx.not_applicable(key, text)
        return

    def judge(key: KeyMeta, detail: KeyDetail, where: str) -> Outcome:
        return ctx.expect(
            key,
            ok=(detail.kty or "").upper().endswith("-HSM"),
            prop="properties.kty",
            observed=detail.kty,
            expected="RSA-HSM, EC-HSM or oct-HSM",
            api=KEY_GET_API,
            passed=f"{where} is protected by an HSM ({detail.kty}).",
            failed=f"{where} is a software-protected key ({detail.kty or 'kty not set'}), "
            "where the estate's policy asks for HSM keys.",
        )

    yield from judge_keys(snapshot, ctx, judge)


@check("SE09-2.7")
def keys_are_not_exportable(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    def judge(key: KeyMeta, detail: KeyDetail, where: str) -> Outcome:
        # Absent means not exportable: a key can be exported only with a release policy.
        return ctx.expect(
            key,
            ok=detail.exportable is not True,
            prop="properties.attributes.exportable",
            observed=detail.exportable,
            expected="false or not set",
            api=KEY_GET_API,
            passed=f"{where} cannot be exported from the vault.",
            failed=f"{where} is exportable: its private material can leave the vault under its "
            "release policy.",
        )

    yield from judge_keys(snapshot, ctx, judge, skip_certificates=True)


@check("SE09-2.8")
def managed_hsm_recovery(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for hsm in snapshot.managed_hsms:
        # Absent means not reported: not shown to be on, so it fails (as for vaults).
        observed = {
            "enableSoftDelete": hsm.enable_soft_delete,
            "enablePurgeProtection": hsm.enable_purge_protection,
        }
        yield ctx.expect(
            hsm,
            ok=hsm.enable_soft_delete is True and hsm.enable_purge_protection is True,
            prop="properties.enableSoftDelete, properties.enablePurgeProtection",
            observed=observed,
            expected={"enableSoftDelete": True, "enablePurgeProtection": True},
            api=MANAGED_HSMS_LIST.name,
            passed=f"Managed HSM {hsm.name} keeps deleted keys recoverable for "
            f"{hsm.soft_delete_retention_days or 90} days and cannot be purged before then.",
            failed=f"Managed HSM {hsm.name} can lose its keys for good (enableSoftDelete is "
            f"{shown(hsm.enable_soft_delete)}, enablePurgeProtection is "
            f"{shown(hsm.enable_purge_protection)}).",
        )


@check("SE09-2.20")
def certificate_keys_are_strong(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    bits = int(ctx.setting("min_rsa_key_bits"))

    def judge(certificate: Certificate, policy: CertificatePolicy, where: str) -> Outcome:
        kty = (policy.kty or "").upper()
        observed = {"kty": policy.kty, "key_size": policy.key_size, "crv": policy.curve}
        if not kty.startswith("RSA"):
            return ctx.not_applicable(certificate, f"{where} has a {policy.kty or 'non-RSA'} key.")
        return ctx.expect(
            certificate,
            ok=policy.key_size is not None and policy.key_size >= bits,
            prop="policy.key_props.kty, policy.key_props.key_size",
            observed=observed,
            expected=f"RSA of at least {bits} bits (min_rsa_key_bits)",
            api=POLICY_API,
            passed=f"{where} has a {policy.key_size}-bit RSA key.",
            failed=f"{where} has an RSA key of {policy.key_size or 'unreported'} bits, below "
            f"{bits}: renew it with a longer key.",
        )

    yield from judge_certificates(snapshot, ctx, judge)

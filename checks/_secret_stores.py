"""The judgements behind the "other secret stores" checks (pure; no I/O).

Container Apps, Container Apps jobs, API Management, Automation accounts, Data Factory linked
services and Logic Apps workflows keep secrets of their own. A secret kept
there as a value (rather than as a reference to a Key Vault secret) lives outside the vault: it
is copied in by whoever deployed it, is not versioned, audited or rotated by Key Vault, and fails
item SE09-2. A Key Vault reference the service can no longer resolve fails item SE09-6.
"""

from __future__ import annotations

from collections.abc import Iterator

from assess.checkapi import CheckContext, Outcome
from assess.model import Status
from assess.snapshot import DeclaredResource, JsonScalar, Snapshot, norm_id
from assess.sources import Held, apimanagement, automation, containerapps, datafactory, logicapps
from checks._common import subscription_label


def app_secrets_in_vault(
    snapshot: Snapshot, ctx: CheckContext, kind: str, noun: str, api: str
) -> Iterator[Outcome]:
    """One finding per app or job: every secret is a Key Vault reference (``keyVaultUrl``), and
    no environment variable holds a credential in clear text (instead of a ``secretRef``)."""
    for app in snapshot.records_of(kind):
        names = app.each(containerapps.SECRET_NAMES)
        urls = app.each(containerapps.SECRET_VAULT_URLS)
        inline = sorted(str(n) for n, url in zip(names, urls, strict=False) if not url)
        held = zip(
            app.each(containerapps.ENV_NAMES), app.each(containerapps.ENV_VALUES), strict=False
        )
        # Init containers' variables are fingerprinted but not named in the properties: their
        # names are the fingerprints' settings (a second one of a name is ``NAME (2)``).
        plain = sorted(
            {str(n) for n, value in held if value == Held.CREDENTIAL.value}
            | {setting.split(" (", 1)[0] for setting in app.fingerprints}
        )
        where = subscription_label(snapshot, app.subscription_id)
        wrong = []
        if inline:
            wrong.append(
                f"stores {len(inline)} secret value(s) in the app itself instead of Key Vault: "
                f"{', '.join(inline)}"
            )
        if plain:
            wrong.append(
                f"passes a credential in clear text in {len(plain)} environment variable(s) "
                f"instead of a secret reference: {', '.join(plain)}"
            )
        yield ctx.expect(
            app,
            ok=not wrong,
            prop="properties.configuration.secrets[].keyVaultUrl, "
            "template.containers[].env[].value (read in memory, never kept)",
            observed={
                "secrets": len(names),
                "stored in the app": inline,
                "credentials in environment variables": plain,
            },
            expected="every secret a Key Vault reference (keyVaultUrl), no credential in an "
            "environment variable's value",
            api=api,
            passed=f"{noun} {app.name} in {where} keeps "
            + (f"its {len(names)} secret(s) in Key Vault." if names else "no secret of its own."),
            failed=f"{noun} {app.name} in {where} {'; it '.join(wrong)}.",
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
    """One finding per API Management service: no named value is a secret kept by the service,
    and no plain one (not ``secret``, no ``keyVault``; its value is in every list answer) holds
    what the secret detector reads as a credential, judged from its displayName and the value's
    shape in memory (the value is never kept)."""
    below = by_parent(snapshot, "apim_named_values")
    for service in snapshot.records_of("apim_services"):
        values = below.get(norm_id(service.id), [])
        unvaulted = [v for v in values if not v.prop("keyVault.secretIdentifier")]
        stored = sorted(_label(v) for v in unvaulted if v.prop("secret") is True)
        plain = sorted(
            _label(v)
            for v in unvaulted
            if v.prop("secret") is not True and v.prop("value") == Held.CREDENTIAL.value
        )
        where = subscription_label(snapshot, service.subscription_id)
        wrong = []
        if stored:
            wrong.append(
                f"stores {len(stored)} secret named value(s) itself instead of in Key Vault: "
                f"{', '.join(stored)}"
            )
        if plain:
            wrong.append(
                f"keeps what looks like a credential in {len(plain)} plain named value(s), not "
                "marked secret, whose values every reader of the service can list (the values "
                f"were read in memory only, never kept): {', '.join(plain)}"
            )
        yield ctx.expect(
            service,
            ok=not wrong,
            prop="namedValues[].properties.secret, .keyVault.secretIdentifier, .displayName, "
            ".value (read in memory, never kept)",
            observed={
                "named values": len(values),
                "secrets stored in the service": stored,
                "plain values holding a credential": plain,
            },
            expected="every secret named value backed by Key Vault, no credential in a plain one",
            api=apimanagement.NAMED_VALUES_LIST.name,
            passed=f"API Management service {service.name} in {where} keeps no secret named "
            "value of its own (secrets are Key Vault references).",
            failed=f"API Management service {service.name} in {where} {'; it '.join(wrong)}.",
        )


_LITERAL = {Held.TEXT.value, Held.CREDENTIAL.value}
"""What a sealed value held when it was written in, rather than a reference to a named value."""


def apim_backend_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per API Management service: no backend sends a credential written in clear
    text. A header or query value, or the backend's URL, fails when the secret detector read a
    credential in it; the Authorization parameter and the proxy password are credentials by
    definition, so either fails whenever it is written in rather than a ``{{named value}}``."""
    below = by_parent(snapshot, "apim_backends")
    for service in snapshot.records_of("apim_services"):
        backends = sorted(below.get(norm_id(service.id), []), key=lambda b: b.name)
        clear = [f"{b.name} ({place})" for b in backends for place in _backend_credentials(b)]
        references = sum(
            _sealed(b, path).count(Held.NAMED_VALUE_REFERENCE.value)
            for b in backends
            for path in apimanagement.BACKEND_VALUES
        )
        headers = sorted({str(n) for b in backends for n in b.each(apimanagement.HEADER_NAMES)})
        query = sorted({str(n) for b in backends for n in b.each(apimanagement.QUERY_NAMES)})
        where = subscription_label(snapshot, service.subscription_id)
        yield ctx.expect(
            service,
            ok=not clear,
            prop="backends[].properties.credentials.header{}, .query{}, .authorization, "
            ".url, .proxy.password (values read in memory, never kept)",
            observed={
                "backends": len(backends),
                "headers": headers,
                "query parameters": query,
                "named value references": references,
                "credentials in clear text": clear,
            },
            expected="every backend credential a {{named value}} reference (Key Vault-backed), "
            "none written in clear text",
            api=apimanagement.BACKENDS_LIST.name,
            passed=f"API Management service {service.name} in {where} "
            + (
                f"sends no credential written in clear text to its {len(backends)} backend(s)"
                + (f"; {references} value(s) are named value references." if references else ".")
                if backends
                else "has no backend."
            ),
            failed=f"API Management service {service.name} in {where} sends {len(clear)} "
            "credential(s) written in clear text to its backends instead of a named value "
            "reference, shown to every reader of the service (read in memory only, never "
            f"kept): {', '.join(clear)}.",
        )


def _sealed(record: DeclaredResource, path: str) -> tuple[JsonScalar, ...]:
    """What each value at a sealed path held: one for a property, each element's for a list."""
    kept = record.properties.get(path)
    return kept if isinstance(kept, tuple) else (kept,)


def _backend_credentials(backend: DeclaredResource) -> list[str]:
    """Where one backend holds a credential in clear text: its headers and query parameters
    (named by the fingerprints the collector took of them), its URL, its Authorization
    parameter, its proxy password."""
    credential = Held.CREDENTIAL.value
    named = {setting.split(" (", 1)[0] for setting in backend.fingerprints}
    found = []
    for what, names, values in (
        ("header", apimanagement.HEADER_NAMES, apimanagement.HEADER_VALUES),
        ("query parameter", apimanagement.QUERY_NAMES, apimanagement.QUERY_VALUES),
    ):
        count = backend.each(values).count(credential)
        if count:
            shown = sorted(str(n) for n in backend.each(names) if str(n) in named)
            found.append(f"{count} {what} value(s)" + (f": {', '.join(shown)}" if shown else ""))
    if backend.prop(apimanagement.URL) == credential:
        found.append("url")
    if backend.prop(apimanagement.AUTHORIZATION_PARAMETER) in _LITERAL:
        scheme = backend.prop(apimanagement.AUTHORIZATION_SCHEME)
        found.append(f"Authorization {scheme} parameter" if scheme else "Authorization parameter")
    if backend.prop(apimanagement.PROXY_PASSWORD) in _LITERAL:
        found.append("proxy password")
    return found


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
        codes = {_label(v): v.prop("keyVault.lastStatus.code") for v in backed}
        broken = sorted(
            f"{label} ({code})"
            for label, code in codes.items()
            if code is not None and str(code).lower() != "success"
        )
        silent = sorted(label for label, code in codes.items() if code is None)
        if silent and not broken:  # no status reported: whether the fetch worked is not known
            yield ctx.outcome(
                service,
                Status.UNKNOWN,
                f"API Management service {service.name} reports no last fetch status "
                f"(keyVault.lastStatus) for {len(silent)} of its {len(backed)} Key Vault-backed "
                f"named value(s), so whether they refresh cannot be told: {', '.join(silent)}.",
                prop="namedValues[].properties.keyVault.lastStatus.code",
                observed={"Key Vault-backed": len(backed), "no status": silent},
                api=apimanagement.NAMED_VALUES_LIST.name,
            )
            continue
        yield ctx.expect(
            service,
            ok=not broken,
            prop="namedValues[].properties.keyVault.lastStatus.code",
            observed={
                "Key Vault-backed": len(backed),
                "not refreshed": broken,
                "no status": silent,
            },
            expected="lastStatus.code Success for every Key Vault-backed named value",
            api=apimanagement.NAMED_VALUES_LIST.name,
            passed=f"API Management service {service.name} last fetched all {len(backed)} of "
            "its Key Vault-backed named values successfully.",
            failed=f"API Management service {service.name} could not fetch {len(broken)} Key "
            f"Vault-backed named value(s) on its last refresh, so they keep an old value or "
            f"none: {', '.join(broken)}.",
        )


# ---- Automation, Data Factory, Logic Apps: secrets kept in the service (SE09-2.43 onwards) -----
_IN_SERVICE = {"securestring", Held.CREDENTIAL.value}
"""What a sealed credential property held when the value is kept by the service itself: a
``SecureString`` (encrypted by the service, masked in answers) or a credential in clear text."""


def automation_variables(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per Automation account: no unencrypted variable holds a credential."""
    below = by_parent(snapshot, "automation_variables")
    for account in snapshot.records_of("automation_accounts"):
        variables = below.get(norm_id(account.id), [])
        plain = [v for v in variables if v.prop("isEncrypted") is not True]
        exposed = sorted(v.name for v in plain if v.prop("value") == Held.CREDENTIAL.value)
        where = subscription_label(snapshot, account.subscription_id)
        yield ctx.expect(
            account,
            ok=not exposed,
            prop="variables[].properties.isEncrypted, .value (read in memory, never kept)",
            observed={
                "variables": len(variables),
                "unencrypted": len(plain),
                "unencrypted holding a credential": exposed,
            },
            expected="no unencrypted variable holding a credential",
            api=automation.VARIABLES_LIST.name,
            passed=f"Automation account {account.name} in {where} keeps no credential in an "
            f"unencrypted variable ({len(plain)} unencrypted variable(s) hold none).",
            failed=f"Automation account {account.name} in {where} keeps a credential in "
            f"{len(exposed)} unencrypted variable(s), returned in clear text to anyone who can "
            f"read the account: {', '.join(exposed)}.",
        )


def automation_credentials(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per Automation account: it keeps no credential asset (a user name and
    password stored by the account rather than in Key Vault)."""
    below = by_parent(snapshot, "automation_credentials")
    for account in snapshot.records_of("automation_accounts"):
        assets = sorted(c.name for c in below.get(norm_id(account.id), []))
        where = subscription_label(snapshot, account.subscription_id)
        yield ctx.expect(
            account,
            ok=not assets,
            prop="credentials[].name",
            observed={"credential assets": assets},
            expected="no credential asset (managed identity, or secrets read from Key Vault)",
            api=automation.CREDENTIALS_LIST.name,
            passed=f"Automation account {account.name} in {where} keeps no credential asset.",
            failed=f"Automation account {account.name} in {where} keeps {len(assets)} "
            f"credential asset(s), passwords stored in the account instead of Key Vault: "
            f"{', '.join(assets)}.",
        )


def factory_linked_services(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per data factory: every credential of its linked services is a Key Vault
    reference (``AzureKeyVaultSecret``), none a ``SecureString``, clear text, or an
    ``encryptedCredential`` kept by a self-hosted integration runtime in place of Key Vault; and
    no global parameter's value (a ``String``, or the text inside an ``Object`` or ``Array``)
    holds what the secret detector reads as a credential."""
    below = by_parent(snapshot, "data_factory_linked_services")
    for factory in snapshot.records_of("data_factories"):
        services = below.get(norm_id(factory.id), [])
        inline: list[str] = []
        in_vault = 0
        for service in sorted(services, key=lambda s: s.name):
            kept = [str(service.prop(path) or "").lower() for path in datafactory.SECRET_PROPERTIES]
            inline += [
                f"{service.name} ({path.rsplit('.', 1)[-1]}: {_said(what)})"
                for path, what in zip(datafactory.SECRET_PROPERTIES, kept, strict=True)
                if what in _IN_SERVICE
            ]
            vaulted = kept.count("azurekeyvaultsecret")
            in_vault += vaulted
            # Encrypted by the runtime and kept on its node: the credentials are outside Key
            # Vault unless the linked service takes them from Key Vault references.
            encrypted = service.prop(datafactory.ENCRYPTED_CREDENTIAL) not in _NOTHING
            if encrypted and not vaulted:
                inline.append(f"{service.name} (encryptedCredential: by its integration runtime)")
        parameters = factory.each(datafactory.GLOBAL_PARAMETER_NAMES)
        inline += sorted(
            f"global parameter {name} ({kind or 'no type'}: in clear text)"
            for name, kind, held in zip(
                parameters,
                factory.each(datafactory.GLOBAL_PARAMETER_TYPES),
                factory.each(datafactory.GLOBAL_PARAMETER_VALUES),
                strict=False,
            )
            if held == Held.CREDENTIAL.value
        )
        where = subscription_label(snapshot, factory.subscription_id)
        yield ctx.expect(
            factory,
            ok=not inline,
            prop="linkedservices[].properties.typeProperties.<credential>.type, "
            ".typeProperties.encryptedCredential; properties.globalParameters{}.value (read in "
            "memory, never kept)",
            observed={
                "linked services": len(services),
                "global parameters": len(parameters),
                "Key Vault references": in_vault,
                "credentials kept in the factory": inline,
            },
            expected="every linked-service credential an AzureKeyVaultSecret reference",
            api=datafactory.LINKED_SERVICES_LIST.name,
            passed=f"Data factory {factory.name} in {where} keeps no credential in its "
            f"{len(services)} linked service(s)"
            + (f" or {len(parameters)} global parameter(s)" if parameters else "")
            + (f"; {in_vault} are Key Vault references." if in_vault else "."),
            failed=f"Data factory {factory.name} in {where} keeps {len(inline)} credential(s) "
            f"itself instead of in Key Vault: {', '.join(inline)}.",
        )


_NOTHING = (None, Held.EMPTY.value)


def _said(kept: str) -> str:
    return "in clear text" if kept == Held.CREDENTIAL.value else "SecureString"


def workflow_parameters(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per Logic Apps workflow: no parameter value other than a secure one's (not
    returned) holds a credential, in text or inside an ``Object``, and no parameter of the
    definition has a credential as its ``defaultValue`` (part of the definition, returned
    whatever the parameter's type)."""
    for workflow in snapshot.records_of("logic_workflows"):
        names = workflow.each(logicapps.PARAMETER_NAMES)
        types = workflow.each(logicapps.PARAMETER_TYPES)
        held = workflow.each(logicapps.PARAMETER_VALUES)
        exposed = sorted(
            f"{name} ({kind or 'no type'})"
            for name, kind, value in zip(names, types, held, strict=False)
            if value == Held.CREDENTIAL.value
        )
        defaults = sorted(
            f"{name} (default of a {kind or 'untyped'} parameter in the definition)"
            for name, kind, value in zip(
                workflow.each(logicapps.DEFINITION_NAMES),
                workflow.each(logicapps.DEFINITION_TYPES),
                workflow.each(logicapps.DEFINITION_DEFAULTS),
                strict=False,
            )
            if value == Held.CREDENTIAL.value
        )
        inline = _inline_in_definition(workflow)
        secure = sum(1 for kind in types if str(kind or "").lower().startswith("secure"))
        where = subscription_label(snapshot, workflow.subscription_id)
        found = exposed + defaults + inline
        yield ctx.expect(
            workflow,
            ok=not found,
            prop="properties.parameters{}.type, .value; properties.definition.parameters{}"
            ".defaultValue, .actions{}, .triggers{}.inputs (read in memory, never kept)",
            observed={
                "parameters": len(names),
                "secure": secure,
                "plain parameters holding a credential": exposed,
                "definition defaults holding a credential": defaults,
                "actions and triggers holding a credential": inline,
            },
            expected="credentials in SecureString or SecureObject parameters without a default, "
            "or in Key Vault; never in a String or Object value, a definition's defaultValue or "
            "an action's or trigger's inputs",
            api=logicapps.WORKFLOWS_LIST.name,
            passed=f"Logic Apps workflow {workflow.name} in {where} holds no credential in a "
            f"plain parameter ({len(names)} parameter(s), {secure} secure).",
            failed=f"Logic Apps workflow {workflow.name} in {where} holds a credential in clear "
            f"text in {len(found)} place(s) of its parameters or definition, shown to every "
            f"reader of the workflow: {', '.join(found)}.",
        )


def _inline_in_definition(workflow: DeclaredResource) -> list[str]:
    """The actions and triggers of a workflow's definition whose inputs (or nested actions)
    hold a credential written in, rather than a parameter expression."""
    credential = Held.CREDENTIAL.value
    parts = [workflow.each(path) for path in logicapps.ACTION_PARTS]
    found = []
    for i, name in enumerate(workflow.each(logicapps.ACTION_NAMES)):
        kept = [p[i] if i < len(p) else None for p in parts]
        if kept[0] == credential:
            found.append(f"{name} (action inputs)")
        elif credential in kept[1:]:
            found.append(f"{name} (an action nested in it)")
    triggers = zip(
        workflow.each(logicapps.TRIGGER_NAMES),
        workflow.each(logicapps.TRIGGER_INPUTS),
        strict=False,
    )
    found += [f"{name} (trigger inputs)" for name, kept in triggers if kept == credential]
    return sorted(found)

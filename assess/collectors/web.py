"""Microsoft.Web: App Service and Functions sites, and what their settings hold, never the values.

The app settings and connection strings lists answer with every value in clear text. Each value
is classified here, in memory, the moment it is read, and only the classification is kept:

* ``key_vault_reference``: ``@Microsoft.KeyVault(SecretUri=...)`` or
  ``@Microsoft.KeyVault(VaultName=...;SecretName=...;SecretVersion=...)``, with whether it names a
  secret version (a versioned reference keeps the old value after a rotation);
* ``credential``: the secret detector matched the value (its rule ids are kept), or a connection
  string carries a password, ``AccountKey`` or ``SharedAccessKey`` part; a redacted preview and a
  keyed fingerprint are kept;
* ``plain``: anything else.

Shapes as published (Microsoft.Web 2024-11-01 examples): ``sites`` list items carry ``kind``,
``identity.type`` and ``properties.httpsOnly``/``state``; the app settings list is
``{"properties": {NAME: VALUE}}``; the connection strings list is
``{"properties": {NAME: {"value": VALUE, "type": "SQLAzure"}}}``.
Both lists are POSTs needing ``Microsoft.Web/sites/config/list/Action``, which Reader does not
grant: a refusal is an ``app_settings`` gap on the site, so its findings are ``unknown``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from typing import Any

from assess.apis import Operation
from assess.codescan.detector import Detector
from assess.collectors._base import (
    GapSink,
    opt_bool,
    opt_text,
    props,
    text,
    tracked,
)
from assess.fingerprints import credential_fingerprint, target_of
from assess.http import ApiError, ArmClient
from assess.redact import Fingerprinter, preview, secret_like_name
from assess.snapshot import AppSetting, FoundCredential, WebApp
from assess.sources.web import APP_SETTINGS_LIST, CONNECTION_STRINGS_LIST

APP_SETTING = "appsetting"
CONNECTION_STRING = "connectionstring"
KEY_VAULT_REFERENCE = "key_vault_reference"
CREDENTIAL = "credential"
PLAIN = "plain"
CONNECTION_STRING_RULE = "connection-string-secret"
"""The rule id given to a connection string whose password or key part holds a value."""

_REFERENCE = re.compile(r"^\s*@Microsoft\.KeyVault\((?P<body>.*)\)\s*$", re.IGNORECASE | re.DOTALL)
_SECRET_PARTS = frozenset({"password", "pwd", "accountkey", "sharedaccesskey"})


def parse_web_app(item: Mapping[str, Any]) -> WebApp | None:
    common = tracked(item)
    if common is None:
        return None
    p = props(item)
    identity = item.get("identity")
    return WebApp(
        **common,
        kind=text(item.get("kind")),
        identity_type=opt_text(identity.get("type")) if isinstance(identity, Mapping) else None,
        user_assigned_identities=_user_assigned(identity),
        key_vault_reference_identity=opt_text(p.get("keyVaultReferenceIdentity")),
        https_only=opt_bool(p.get("httpsOnly")),
        state=opt_text(p.get("state")),
        principal_ids=_principals(identity),
    )


def _principals(identity: Any) -> tuple[str, ...]:
    """``identity.principalId`` and each user-assigned identity's ``principalId``, lower-cased."""
    if not isinstance(identity, Mapping):
        return ()
    found = {text(identity.get("principalId")).lower()}
    assigned = identity.get("userAssignedIdentities")
    for entry in assigned.values() if isinstance(assigned, Mapping) else ():
        if isinstance(entry, Mapping):
            found.add(text(entry.get("principalId")).lower())
    return tuple(sorted(found - {""}))


def _user_assigned(identity: Any) -> tuple[str, ...]:
    found = identity.get("userAssignedIdentities") if isinstance(identity, Mapping) else None
    return tuple(sorted(str(k) for k in found)) if isinstance(found, Mapping) else ()


def key_vault_reference(value: str) -> bool | None:
    """For a Key Vault reference: True when versionless, False when versioned; else None."""
    found = _REFERENCE.match(value)
    if found is None:
        return None
    body = found.group("body").strip()
    parts = _parts(body)
    if "secreturi" in parts:
        path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", parts["secreturi"], flags=re.IGNORECASE)
        segments = [s for s in path.split("/") if s]
        # /secrets/{name} is versionless; /secrets/{name}/{version} names one version.
        return len(segments) < 3
    return not parts.get("secretversion", "")


def reference_vault(value: str) -> str | None:
    """The vault a Key Vault reference reads from, as its lower-cased name; None when the value is
    not a reference or names no vault."""
    found = _REFERENCE.match(value)
    if found is None:
        return None
    parts = _parts(found.group("body").strip())
    if "secreturi" in parts:
        host = re.match(r"^[a-z][a-z0-9+.-]*://([^/:]+)", parts["secreturi"], re.IGNORECASE)
        name = host.group(1).split(".", 1)[0] if host else ""
    else:
        name = parts.get("vaultname", "")
    return name.strip().lower() or None


def _parts(value: str) -> dict[str, str]:
    """``Key=Value;Key=Value`` parts, keys lower-cased (the value may contain ``=``)."""
    found: dict[str, str] = {}
    for part in value.split(";"):
        key, sep, rest = part.partition("=")
        if sep:
            found[key.strip().lower()] = rest.strip()
    return found


class Classifier:
    """Classifies setting values in memory; one per run (the detector compiles its rules once)."""

    def __init__(self, fingerprinter: Fingerprinter, detector: Detector | None = None) -> None:
        self._fingerprinter = fingerprinter
        self._detector = detector
        self._lock = threading.Lock()

    def _detect(self, name: str, value: str) -> list[str]:
        with self._lock:
            if self._detector is None:
                self._detector = Detector()
            detector = self._detector
        # The name gives assignment-style rules their context; only matches inside the value count.
        line = f"{name}={value}"
        offset = len(name) + 1
        return sorted({m.rule_id for m in detector.scan_text(line) if m.end > offset})

    def credential_rules(self, name: str, value: str) -> list[str]:
        """The detector's rule ids for a value read under ``name`` (a connection string with a
        password or key part counts too); empty when the value holds no credential."""
        rules = self._detect(name, value) if value else []
        if not rules and any(v for k, v in _parts(value).items() if k in _SECRET_PARTS):
            rules = [CONNECTION_STRING_RULE]
        return rules

    def found(self, name: str, value: str, source: str) -> FoundCredential | None:
        """A credential found in ``value``, as it may be kept: rules, preview and fingerprint."""
        rules = self.credential_rules(name, value)
        if not rules:
            return None
        return FoundCredential(
            name=name,
            source=source,
            rule_ids=tuple(rules),
            preview=preview(value),
            fingerprint=self._fingerprinter.fingerprint(value),
            credential_fingerprint=credential_fingerprint(value),
        )

    def classify(
        self,
        site_id: str,
        name: str,
        value: str,
        source: str,
        connection_type: str | None = None,
    ) -> AppSetting:
        base = site_id.rstrip("/")
        record_id = f"{base}/{source}s/{name}"
        common: dict[str, Any] = {
            "id": record_id,
            "site_id": site_id,
            "name": name,
            "source": source,
            "connection_type": connection_type,
        }
        versionless = key_vault_reference(value)
        if versionless is not None:
            return AppSetting(
                value_kind=KEY_VAULT_REFERENCE,
                versionless=versionless,
                reference_vault=reference_vault(value),
                **common,
            )
        rules = self.credential_rules(name, value)
        if rules:
            return AppSetting(
                value_kind=CREDENTIAL,
                rule_ids=tuple(rules),
                preview=preview(value),
                fingerprint=self._fingerprinter.fingerprint(value),
                **_shared(value),
                **common,
            )
        # A value the detector does not recognise, stored under a credential's name
        # (``Payments__WebhookSecret``), is still compared with the rest of the estate.
        return AppSetting(
            value_kind=PLAIN, **(_shared(value) if secret_like_name(name) else {}), **common
        )

    def app_settings(self, site_id: str, body: Any) -> list[AppSetting]:
        """Records of an app settings list body; the values are read here and dropped."""
        found: list[AppSetting] = []
        for name, value in _properties(body).items():
            found.append(self.classify(site_id, str(name), _value_text(value), APP_SETTING))
        return found

    def connection_strings(self, site_id: str, body: Any) -> list[AppSetting]:
        """Records of a connection strings list body; the values are read here and dropped."""
        found: list[AppSetting] = []
        for name, entry in _properties(body).items():
            value = entry.get("value") if isinstance(entry, Mapping) else entry
            kind = opt_text(entry.get("type")) if isinstance(entry, Mapping) else None
            found.append(
                self.classify(site_id, str(name), _value_text(value), CONNECTION_STRING, kind)
            )
        return found


def _shared(value: str) -> dict[str, str]:
    """What a setting keeps to be compared across the estate: the credential's fingerprint and the
    service it opens (a host name), both empty when the value cannot be a credential."""
    fingerprint = credential_fingerprint(value)
    if not fingerprint:
        return {}
    return {"credential_fingerprint": fingerprint, "credential_target": target_of(value)}


def _properties(body: Any) -> Mapping[str, Any]:
    return props(body) if isinstance(body, Mapping) else {}


def _value_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def list_app_settings(
    client: ArmClient,
    base: str,
    app: WebApp,
    sink: GapSink,
    *,
    classifier: Classifier,
    ops: tuple[Operation, Operation] = (
        APP_SETTINGS_LIST,
        CONNECTION_STRINGS_LIST,
    ),
    kind: str = "app_settings",
) -> list[AppSetting]:
    """Both lists of one site (or, with the slot operations, of one deployment slot), classified;
    a refused or failed call is a ``kind`` gap on it."""
    found: list[AppSetting] = []
    for op, read in (
        (ops[0], classifier.app_settings),
        (ops[1], classifier.connection_strings),
    ):
        try:
            body = client.post_json(op.url(base, scope=app.id.rstrip("/")))
        except ApiError as exc:
            sink.add(exc, op, app.id, [kind])
            continue
        found += read(app.id, body)
        del body
    return found

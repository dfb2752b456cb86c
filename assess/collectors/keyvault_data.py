"""Key Vault and Managed HSM data planes: certificate metadata and policies, certificate and
secret versions, certificate contacts, Managed HSM local role assignments.

Where the calls go. Each vault is read on the host of its own ``vaultUri`` (``hsmUri`` for a
Managed HSM), never on a name built from a suffix, so sovereign clouds work unchanged. A URI whose
host is not ``<vault name>.<the cloud's Key Vault DNS suffix>`` (https, port 443, no user, no path)
is not called: the token would go wherever the URI points, and a vault's properties are estate
data anyone with write access to the vault can shape. The vault's data-plane evidence is then a
gap with the code ``ForeignVaultUri``, and the report says why.

The token. A data plane takes a token for its own audience (``https://vault.azure.net`` in the
public cloud; the audience is ``https://`` + the cloud's suffix). A 401 carries a
``WWW-Authenticate`` challenge naming the audience: a challenge for another audience is refused
(the request fails, nothing is sent again); one for this audience gets a fresh token and one retry.

What is kept. Metadata only (attributes in epoch seconds, policy fields, version ids); a ``value``
in any body is dropped before reading, contacts are kept as a count (never an address). Records
take ids below the vault's Resource Manager id (``{vault id}/certificates/{name}``), so a gap over
the vault (a 403, a firewall refusal) makes exactly its data-plane findings ``unknown``.

Throttling. Key Vault limits each vault (Microsoft's service limits: 4,000 GETs per 10 seconds
per vault for secrets and certificates): every call to one vault takes a token from that vault's
bucket first, and a 429 is retried after its ``Retry-After`` within the run's retry budget.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from azure.core.credentials import TokenCredential
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import BearerTokenCredentialPolicy
from azure.core.pipeline.policies._utils import get_challenge_parameter

from assess.apis import Operation
from assess.collectors._base import (
    GapSink,
    by_id,
    fetch_list,
    fetch_one,
    opt_bool,
    opt_int,
    opt_text,
    strings,
    tags,
    text,
)
from assess.collectors.keyvault import item_attributes as _attributes
from assess.http import ApiError, ArmClient
from assess.snapshot import (
    Certificate,
    CertificateContacts,
    CertificateLifetimeAction,
    CertificatePolicy,
    HsmRoleAssignment,
    ItemVersion,
    SecretMeta,
    Vault,
    norm_id,
)
from assess.sources.keyvault_data import (
    CERTIFICATE_CONTACTS,
    CERTIFICATE_POLICY,
    CERTIFICATE_VERSIONS_LIST,
    CERTIFICATES_LIST,
    HSM_ROLE_ASSIGNMENTS_LIST,
    SECRET_VERSIONS_LIST,
)

DATA_KINDS = ("certificates", "certificate_policies", "certificate_versions", "secret_versions")
"""What one vault's data plane holds for the ``key_vault_data`` source."""
CERTIFICATE_DETAIL_KINDS = ("certificate_policies", "certificate_versions")

VAULT_RATE_PER_SECOND = 400.0
"""Key Vault's limit for secret and certificate GETs: 4,000 per 10 seconds per vault."""
VAULT_BURST = 400.0
FIREWALL_REMEDY = (
    "run the assessment from a network the vault's firewall allows, or through a private "
    "endpoint of the vault"
)


# ---- where a vault's data plane is ------------------------------------------------------------
def data_plane_base(vault: Vault, suffix: str) -> str | ApiError:
    """``https://<host>`` of the vault's data plane from its ``vaultUri`` (``hsmUri``), or the
    :class:`ApiError` that says why it is refused (nothing is then sent to it)."""
    uri = (vault.vault_uri or "").strip()
    if not uri:
        return ApiError(
            None, "NoVaultUri", "the vault reported no vaultUri; its data plane was not read"
        )
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    expected = f"{vault.name.lower()}.{suffix.lower()}" if suffix else ""
    # Managed HSM URIs may carry a region label first (``westus.hsm1.managedhsm.azure.net`` in
    # Microsoft's published examples); a vault's never does.
    regional = vault.kind == "managedHSM" and host.count(".") == expected.count(".") + 1
    own = host == expected or (regional and host.split(".", 1)[1] == expected)
    if (
        not expected
        or parts.scheme.lower() != "https"
        or not own
        or port not in (None, 443)
        or parts.username is not None
        or parts.password is not None
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        shown = uri if len(uri) <= 120 else uri[:119] + "…"
        where = f"https://{expected}/" if expected else "a host under the cloud's DNS suffix"
        return ApiError(
            None,
            "ForeignVaultUri",
            f"vaultUri {shown!r} is not {where}; its data plane was not called (the token "
            "would have gone there)",
        )
    return f"https://{host}"


def data_plane_audience(suffix: str) -> str:
    """The token scope of a data plane under ``suffix`` (``https://vault.azure.net/.default``)."""
    return f"https://{suffix.lower()}/.default"


class VaultChallengePolicy(BearerTokenCredentialPolicy[Any, Any]):
    """Bearer tokens for one data plane's audience; a 401 challenge is answered once, and only
    when it names that audience (``resource=`` or ``scope=``)."""

    def __init__(self, credential: TokenCredential, suffix: str) -> None:
        self.suffix = suffix.lower()
        super().__init__(credential, data_plane_audience(suffix))

    def on_challenge(
        self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]
    ) -> bool:
        headers = response.http_response.headers
        resource = get_challenge_parameter(
            headers, "Bearer", "resource"
        ) or get_challenge_parameter(headers, "Bearer", "scope")
        if not resource or not self.accepts(resource):
            return False
        self.authorize_request(request, data_plane_audience(self.suffix))
        return True

    def accepts(self, resource: str) -> bool:
        """True when a challenge's audience is this data plane's own."""
        audience = resource.strip().removesuffix("/.default").rstrip("/")
        host = (urlsplit(audience).hostname or "").lower()
        return urlsplit(audience).scheme == "https" and host == self.suffix


# ---- throttling ------------------------------------------------------------------------------
class VaultBucket:
    """A token bucket: ``rate`` calls a second, up to ``burst`` at once (one per vault)."""

    def __init__(
        self,
        rate: float = VAULT_RATE_PER_SECOND,
        burst: float = VAULT_BURST,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst = rate, burst
        self._clock, self._sleep = clock, sleep
        self._tokens, self._at = burst, clock()
        self._lock = threading.Lock()

    def take(self) -> float:
        """Wait for one call's token; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
            self._at = now
            self._tokens -= 1
            wait = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if wait:
            self._sleep(wait)
        return wait


# ---- parsing ---------------------------------------------------------------------------------
def _without_value(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if isinstance(k, str) and k.lower() != "value"}


def _last(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def parse_certificate(item: Mapping[str, Any], vault: Vault) -> Certificate | None:
    """A ``GetCertificates`` item (``id`` is ``https://{vault}/certificates/{name}``)."""
    top = _without_value(item)
    name = _last(text(top.get("id")))
    if not name:
        return None
    return Certificate(
        id=f"{vault.id.rstrip('/')}/certificates/{name}",
        name=name,
        vault_id=vault.id,
        attributes=_attributes(top.get("attributes")),
        tags=tags(top.get("tags")),
    )


def _lifetime_action(value: Any) -> CertificateLifetimeAction | None:
    if not isinstance(value, Mapping):
        return None
    action, trigger = value.get("action"), value.get("trigger")
    kind = text(action.get("action_type")) if isinstance(action, Mapping) else ""
    when = trigger if isinstance(trigger, Mapping) else {}
    if not kind:
        return None
    return CertificateLifetimeAction(
        action=kind,
        lifetime_percentage=opt_int(when.get("lifetime_percentage")),
        days_before_expiry=opt_int(when.get("days_before_expiry")),
    )


def parse_certificate_policy(
    body: Mapping[str, Any], certificate: Certificate
) -> CertificatePolicy:
    """A ``GetCertificatePolicy`` body (snake_case properties, as the service writes them)."""
    top = _without_value(body)
    key, x509, secret, issuer = (
        _mapping(top.get(name)) for name in ("key_props", "x509_props", "secret_props", "issuer")
    )
    actions = top.get("lifetime_actions")
    return CertificatePolicy(
        id=certificate.id,
        vault_id=certificate.vault_id,
        issuer=opt_text(issuer.get("name")),
        validity_months=opt_int(x509.get("validity_months")),
        kty=opt_text(key.get("kty")),
        key_size=opt_int(key.get("key_size")),
        curve=opt_text(key.get("crv")),
        exportable=opt_bool(key.get("exportable")),
        content_type=opt_text(secret.get("contentType")),
        ekus=strings(x509.get("ekus")),
        lifetime_actions=tuple(
            a
            for a in (_lifetime_action(v) for v in (actions if isinstance(actions, list) else ()))
            if a is not None
        ),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def parse_version(item: Mapping[str, Any], parent_id: str) -> ItemVersion | None:
    """A version list item (``id`` is ``https://{vault}/{kind}/{name}/{version}``)."""
    top = _without_value(item)
    version = _last(text(top.get("id")))
    if not version:
        return None
    return ItemVersion(
        id=f"{parent_id.rstrip('/')}/versions/{version}",
        item_id=parent_id,
        version=version,
        attributes=_attributes(top.get("attributes")),
    )


def parse_contacts(body: Mapping[str, Any], vault: Vault) -> CertificateContacts:
    contacts = body.get("contacts")
    return CertificateContacts(
        id=f"{vault.id.rstrip('/')}/certificates/contacts",
        vault_id=vault.id,
        contacts=len([c for c in contacts if isinstance(c, Mapping)])
        if isinstance(contacts, list)
        else 0,
    )


def parse_hsm_assignment(item: Mapping[str, Any], hsm: Vault) -> HsmRoleAssignment | None:
    props = item.get("properties")
    p: Mapping[str, Any] = props if isinstance(props, Mapping) else {}
    name = text(item.get("name")) or _last(text(item.get("id")))
    if not name:
        return None
    return HsmRoleAssignment(
        id=f"{hsm.id.rstrip('/')}/roleAssignments/{name}",
        hsm_id=hsm.id,
        scope=text(p.get("scope")),
        role_definition_id=text(p.get("roleDefinitionId")),
        principal_id=text(p.get("principalId")).lower(),
    )


# ---- reading ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlaneSettings:
    """How data-plane clients are built (the run's own settings)."""

    credential: TokenCredential | None
    vault_suffix: str
    hsm_suffix: str
    timeout_seconds: float = 60
    retry_budget_seconds: float = 300
    rate: float = VAULT_RATE_PER_SECOND
    burst: float = VAULT_BURST


class VaultClient(ArmClient):
    """A read-only client of one data plane: tokens for its audience, and every request (each
    page of a list too) waits for a token of the vault's bucket first."""

    def __init__(self, base: str, settings: PlaneSettings, suffix: str) -> None:
        credential = settings.credential
        super().__init__(
            base,
            None,
            "",
            timeout_seconds=settings.timeout_seconds,
            pool_size=4,
            retry_budget_seconds=settings.retry_budget_seconds,
            auth_policy=VaultChallengePolicy(credential, suffix) if credential else None,
        )
        self.bucket = VaultBucket(settings.rate, settings.burst)

    def get_json(self, url: str) -> Any:
        self.bucket.take()
        try:
            return super().get_json(url)
        except ApiError as exc:
            if exc.code == "ForbiddenByFirewall":  # where the call came from, not who made it
                exc.message = f"{exc.message} To read it, {FIREWALL_REMEDY}."
            raise


class DataPlanes:
    """One client (and throttling bucket) per data-plane host, shared by the run's threads;
    every failed or refused call is a gap over the record its answer would have filled."""

    def __init__(self, settings: PlaneSettings, sink: GapSink) -> None:
        self.settings = settings
        self.sink = sink
        self._clients: dict[str, VaultClient] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    def __enter__(self) -> DataPlanes:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _client(self, vault: Vault, kinds: tuple[str, ...], op: Operation) -> VaultClient | None:
        """The vault's client, or None after recording why its data plane is not called."""
        hsm = vault.kind == "managedHSM"
        suffix = self.settings.hsm_suffix if hsm else self.settings.vault_suffix
        base = data_plane_base(vault, suffix)
        if isinstance(base, ApiError):
            self.sink.add(base, op, vault.id, kinds)
            return None
        with self._lock:
            client = self._clients.get(base)
            if client is None:
                client = self._clients[base] = VaultClient(base, self.settings, suffix)
        return client

    def certificates(self, vault: Vault) -> list[Certificate]:
        op = CERTIFICATES_LIST
        client = self._client(vault, DATA_KINDS, op)
        if client is None:
            return []
        items = fetch_list(client, op.url(client.base_url), op, vault.id, DATA_KINDS, self.sink)
        return [c for c in (parse_certificate(i, vault) for i in items or ()) if c is not None]

    def certificate_policy(self, vault: Vault, certificate: Certificate) -> list[CertificatePolicy]:
        op, kinds = CERTIFICATE_POLICY, ("certificate_policies",)
        client = self._client(vault, kinds, op)
        if client is None:
            return []
        url = op.url(client.base_url, name=quote(certificate.name, safe=""))
        body = fetch_one(client, url, op, certificate.id, kinds, self.sink)
        return [parse_certificate_policy(body, certificate)] if body is not None else []

    def certificate_versions(self, vault: Vault, certificate: Certificate) -> list[ItemVersion]:
        op = CERTIFICATE_VERSIONS_LIST
        return self._versions(vault, op, certificate.name, certificate.id, "certificate_versions")

    def secret_versions(self, vault: Vault, secret: SecretMeta) -> list[ItemVersion]:
        op = SECRET_VERSIONS_LIST
        return self._versions(vault, op, secret.name, secret.id, "secret_versions")

    def _versions(
        self, vault: Vault, op: Operation, name: str, parent: str, kind: str
    ) -> list[ItemVersion]:
        client = self._client(vault, (kind,), op)
        if client is None:
            return []
        url = op.url(client.base_url, name=quote(name, safe=""))
        items = fetch_list(client, url, op, parent, (kind,), self.sink)
        return [v for v in (parse_version(i, parent) for i in items or ()) if v is not None]

    def contacts(self, vault: Vault) -> list[CertificateContacts]:
        op, kinds = CERTIFICATE_CONTACTS, ("certificate_contacts",)
        client = self._client(vault, kinds, op)
        if client is None:
            return []
        body = fetch_one(client, op.url(client.base_url), op, vault.id, kinds, self.sink)
        return [parse_contacts(body, vault)] if body is not None else []

    def hsm_role_assignments(self, hsm: Vault) -> list[HsmRoleAssignment]:
        op, kinds = HSM_ROLE_ASSIGNMENTS_LIST, ("hsm_role_assignments",)
        client = self._client(hsm, kinds, op)
        if client is None:
            return []
        items = fetch_list(client, op.url(client.base_url), op, hsm.id, kinds, self.sink)
        return [a for a in (parse_hsm_assignment(i, hsm) for i in items or ()) if a is not None]


Phase = Callable[
    [dict[str, tuple[Callable[[Any], list[Any]], Sequence[Any]]]], dict[str, list[Any]]
]
"""Runs named tasks' units on the run's pool (``assess.collect``'s phases)."""


def read_data_planes(
    planes: DataPlanes,
    phase: Phase,
    vaults: Sequence[Vault],
    secrets: Sequence[SecretMeta],
    hsms: Sequence[Vault],
    on: Callable[[str], bool],
) -> tuple[dict[str, tuple[Any, ...]], list[str]]:
    """Every data-plane read the switches ask for, in two rounds on the run's pool: each vault's
    certificate list (and contacts, and the HSMs' role assignments); then each certificate's
    policy and versions and each secret's versions, in the vaults whose list was answered (a
    refused list already stands for all of that vault's data-plane evidence). Returns the
    Snapshot fields and the kinds read."""
    kinds: list[str] = []
    jobs: dict[str, tuple[Callable[[Any], list[Any]], Sequence[Any]]] = {}
    if on("key_vault_data"):
        kinds += DATA_KINDS
        jobs["certificates"] = (planes.certificates, list(vaults))
    if on("certificate_contacts"):
        kinds.append("certificate_contacts")
        jobs["certificate contacts"] = (planes.contacts, list(vaults))
    if on("managed_hsm_rbac") and on("managed_hsms"):
        kinds.append("hsm_role_assignments")
        jobs["managed HSM role assignments"] = (planes.hsm_role_assignments, list(hsms))
    first = phase(jobs)
    certificates: list[Certificate] = first.get("certificates", [])
    second: dict[str, list[Any]] = {}
    if on("key_vault_data"):
        refused = {norm_id(g.scope) for g in planes.sink.gaps() if g.kind == "certificates"}
        readable = {norm_id(v.id): v for v in vaults if norm_id(v.id) not in refused}
        owned = [(readable[norm_id(c.vault_id)], c) for c in certificates]
        pairs = [
            (readable[norm_id(s.vault_id)], s) for s in secrets if norm_id(s.vault_id) in readable
        ]
        second = phase(
            {
                "certificate policies": (lambda pair: planes.certificate_policy(*pair), owned),
                "certificate versions": (lambda pair: planes.certificate_versions(*pair), owned),
                "secret versions": (lambda pair: planes.secret_versions(*pair), pairs),
            }
        )
    fields = {
        "certificates": certificates,
        "certificate_policies": second.get("certificate policies", []),
        "certificate_versions": second.get("certificate versions", []),
        "secret_versions": second.get("secret versions", []),
        "certificate_contacts": first.get("certificate contacts", []),
        "hsm_role_assignments": first.get("managed HSM role assignments", []),
    }
    return {name: by_id(records) for name, records in fields.items() if name in kinds}, kinds

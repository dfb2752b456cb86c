"""Microsoft Graph: app registrations, service principals, principal names and group members.

Graph is read through the same azure-core pipeline as Resource Manager (:class:`GraphClient`, an
:class:`~assess.http.ArmClient` on the cloud's Graph endpoint with a Graph token), in two steps:

1. side by side: ``/applications`` and ``/servicePrincipals`` (``$select`` of the credential
   properties, pages followed by ``@odata.nextLink``), and ``directoryObjects/getByIds`` for every
   principal named in a role assignment or a vault access policy, 1,000 ids a call;
2. ``/groups/{id}/transitiveMembers`` of each group that holds a Key Vault data role or a vault
   access policy (who really has access).

No value is ever requested or kept: Graph lists no secret value (``secretText`` only exists in the
answer that creates a secret), the ``hint`` (a secret's first three characters) and a
certificate's ``key`` are dropped when parsed. A failed call is a gap: the applications' under
``/applications``, the service principals' under ``/servicePrincipals``, a name lookup's over the
whole estate (``/``: which assignments it would have named is not known), a group's under
``/groups/{id}``. A cloud whose Graph endpoint is not known records the same gaps without a call.
An id that ``getByIds`` leaves out is a deleted principal, kept as such (``found`` False).

Graph throttles per application and tenant (429 with ``Retry-After``, which the retry policy
obeys within the call's budget); :class:`GraphClient` also paces its own requests with a token
bucket, so a wide group expansion does not run into those limits in the first place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from azure.core.credentials import TokenCredential

from assess.apis import GraphOperation
from assess.cloud import Cloud
from assess.collectors._base import GapSink, opt_bool, opt_text, strings, text
from assess.http import ApiError, ArmClient
from assess.snapshot import (
    DirectoryPrincipal,
    EntraApplication,
    EntraCredential,
    EntraServicePrincipal,
    GroupMember,
    GroupMembers,
    RoleAssignment,
    RoleDefinition,
    Vault,
    glob_to_regex,
)
from assess.sources.graph import (
    GRAPH_APPLICATIONS,
    GRAPH_GET_BY_IDS,
    GRAPH_SERVICE_PRINCIPALS,
    GRAPH_TRANSITIVE_MEMBERS,
)

NEXT_LINK = "@odata.nextLink"
BATCH = 1000
"""Ids per ``getByIds`` call: the documented maximum."""
GRAPH_KINDS = ("entra_applications", "entra_service_principals", "principals", "group_members")
APPLICATIONS_SCOPE = "/applications"
SERVICE_PRINCIPALS_SCOPE = "/servicePrincipals"
ESTATE_SCOPE = "/"

# Key Vault data operations: a role granting any of them makes its groups worth expanding.
_VAULT_DATA = (
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.KeyVault/vaults/secrets/readMetadata/action",
    "Microsoft.KeyVault/vaults/secrets/setSecret/action",
    "Microsoft.KeyVault/vaults/keys/decrypt/action",
    "Microsoft.KeyVault/vaults/keys/unwrap/action",
    "Microsoft.KeyVault/vaults/keys/sign/action",
    "Microsoft.KeyVault/vaults/certificates/read",
)


# ---- the client -------------------------------------------------------------------------------
class TokenBucket:
    """At most ``rate`` requests a second on average, ``burst`` at once; thread-safe."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self._tokens = float(burst)
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
            self._last = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            self._tokens -= 1
        if wait > 0:
            time.sleep(wait)


GRAPH_RATE = 20.0
"""Requests a second. Graph's identity and access limits allow an application several hundred
resource units a second per tenant (a list page costs one to a few); twenty leaves room for
everything else the identity does."""
GRAPH_BURST = 40


class GraphClient(ArmClient):
    """An :class:`ArmClient` on Microsoft Graph: same pipeline, retries and ``Retry-After``
    handling, host guard for next links, and a token bucket before every request."""

    def __init__(self, *args: Any, bucket: TokenBucket | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bucket = bucket or TokenBucket(GRAPH_RATE, GRAPH_BURST)

    def get_json(self, url: str) -> Any:
        self.bucket.take()
        return super().get_json(url)

    def post_json(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        *,
        headers_out: dict[str, str] | None = None,
    ) -> Any:
        self.bucket.take()
        return super().post_json(url, body, headers_out=headers_out)


def open_client(
    cloud: Cloud,
    credential: TokenCredential | None,
    *,
    timeout_seconds: float,
    pool_size: int,
    retry_budget_seconds: float,
) -> GraphClient | None:
    """A client on the cloud's Graph endpoint, or None when the cloud names none."""
    if not cloud.graph_endpoint:
        return None
    return GraphClient(
        cloud.graph_endpoint,
        credential,
        cloud.graph_scope,
        timeout_seconds=timeout_seconds,
        pool_size=pool_size,
        retry_budget_seconds=retry_budget_seconds,
    )


def no_endpoint(cloud: Cloud, sink: GapSink) -> None:
    """Gaps for every Graph evidence kind when the cloud's Graph endpoint is not known."""
    error = ApiError(
        None,
        "NoGraphEndpoint",
        f"the Microsoft Graph endpoint of cloud {cloud.name} is not known (its metadata names "
        "no microsoftGraphResourceId)",
    )
    sink.add(error, GRAPH_APPLICATIONS, APPLICATIONS_SCOPE, ["entra_applications"])
    sink.add(
        error, GRAPH_SERVICE_PRINCIPALS, SERVICE_PRINCIPALS_SCOPE, ["entra_service_principals"]
    )
    sink.add(error, GRAPH_GET_BY_IDS, ESTATE_SCOPE, ["principals", "group_members"])


# ---- parsing ----------------------------------------------------------------------------------
def graph_time(value: Any) -> datetime | None:
    """An ISO-8601 ``DateTimeOffset`` (``2021-09-09T19:50:29.3086381Z``: seven fractional digits,
    year 9999 or 1900 allowed) as a UTC datetime; None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    stamp = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    head, dot, rest = stamp.partition(".")
    if dot:  # Python reads at most six fractional digits
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        stamp = f"{head}.{digits[:6]}{zone}"
    try:
        parsed = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_credential(item: Mapping[str, Any], kind: str) -> EntraCredential | None:
    """A ``passwordCredential`` (``kind`` ``secret``) or ``keyCredential`` (``certificate``):
    name and dates only; ``hint``, ``secretText`` and ``key`` are never read."""
    key_id = text(item.get("keyId"))
    if not key_id:
        return None
    return EntraCredential(
        key_id=key_id.lower(),
        kind=kind,
        display_name=text(item.get("displayName")),
        start=graph_time(item.get("startDateTime")),
        end=graph_time(item.get("endDateTime")),
        usage=opt_text(item.get("usage")) if kind == "certificate" else None,
    )


def _credentials(item: Mapping[str, Any]) -> tuple[EntraCredential, ...]:
    found: list[EntraCredential] = []
    for key, kind in (("passwordCredentials", "secret"), ("keyCredentials", "certificate")):
        values = item.get(key)
        for entry in values if isinstance(values, list) else ():
            parsed = parse_credential(entry, kind) if isinstance(entry, Mapping) else None
            if parsed is not None:
                found.append(parsed)
    return tuple(
        sorted(found, key=lambda c: (c.kind, c.end or datetime.max.replace(tzinfo=UTC), c.key_id))
    )


def _entra_object(item: Mapping[str, Any], scope: str) -> dict[str, Any] | None:
    """What an app registration and a service principal share, or None without an id."""
    object_id = text(item.get("id")).lower()
    if not object_id:
        return None
    return {
        "id": f"{scope}/{object_id}",
        "object_id": object_id,
        "app_id": text(item.get("appId")).lower(),
        "display_name": text(item.get("displayName")),
        "tags": strings(item.get("tags")),
        "credentials": _credentials(item),
    }


def parse_application(item: Mapping[str, Any]) -> EntraApplication | None:
    common = _entra_object(item, APPLICATIONS_SCOPE)
    if common is None:
        return None
    federated = item.get("federatedIdentityCredentials")
    count = len(federated) if isinstance(federated, list) else None
    return EntraApplication(**common, federated_credentials=count)


def parse_service_principal(item: Mapping[str, Any]) -> EntraServicePrincipal | None:
    common = _entra_object(item, SERVICE_PRINCIPALS_SCOPE)
    if common is None:
        return None
    return EntraServicePrincipal(
        **common,
        service_principal_type=opt_text(item.get("servicePrincipalType")),
        account_enabled=opt_bool(item.get("accountEnabled")),
        owner_tenant_id=opt_text(item.get("appOwnerOrganizationId")),
    )


def object_type(item: Mapping[str, Any]) -> str:
    """``#microsoft.graph.servicePrincipal`` -> ``servicePrincipal``."""
    return text(item.get("@odata.type")).rsplit(".", 1)[-1]


def parse_principal(item: Mapping[str, Any]) -> DirectoryPrincipal | None:
    object_id = text(item.get("id")).lower()
    if not object_id:
        return None
    return DirectoryPrincipal(
        id=object_id,
        object_type=object_type(item),
        display_name=text(item.get("displayName")),
        app_id=opt_text(item.get("appId")),
        service_principal_type=opt_text(item.get("servicePrincipalType")),
    )


def parse_member(item: Mapping[str, Any]) -> GroupMember | None:
    object_id = text(item.get("id")).lower()
    if not object_id:
        return None
    return GroupMember(
        id=object_id, object_type=object_type(item), display_name=text(item.get("displayName"))
    )


# ---- what to look up --------------------------------------------------------------------------
def principal_ids(assignments: Iterable[RoleAssignment], vaults: Iterable[Vault]) -> list[str]:
    """Every principal named by a role assignment or a vault access policy, lower-cased, sorted."""
    found = {a.principal_id.lower() for a in assignments if a.principal_id}
    found |= {p.object_id.lower() for v in vaults for p in v.access_policies if p.object_id}
    return sorted(found)


def grants_vault_data(definition: RoleDefinition) -> bool:
    """True when the role's data actions (less its notDataActions) reach Key Vault data."""
    allowed = [glob_to_regex(p) for p in definition.data_actions]
    denied = [glob_to_regex(p) for p in definition.not_data_actions]
    return any(
        any(a.match(op) for a in allowed) and not any(d.match(op) for d in denied)
        for op in _VAULT_DATA
    )


def vault_groups(
    assignments: Iterable[RoleAssignment],
    definitions: Iterable[RoleDefinition],
    vaults: Iterable[Vault],
    principals: Iterable[DirectoryPrincipal],
) -> list[str]:
    """Groups (object ids, sorted) holding a Key Vault data role or a vault access policy: the
    groups whose transitive members are read."""
    reaching = {d.guid.lower() for d in definitions if grants_vault_data(d)}
    groups = {
        a.principal_id.lower()
        for a in assignments
        if a.principal_type.lower() == "group" and a.role_definition_guid.lower() in reaching
    }
    is_group = {p.id for p in principals if p.object_type.lower() == "group"}
    groups |= {
        p.object_id.lower()
        for v in vaults
        for p in v.access_policies
        if p.object_id.lower() in is_group
    }
    return sorted(groups)


# ---- calls ------------------------------------------------------------------------------------
def _listed(
    client: ArmClient,
    operation: GraphOperation,
    url: str,
    scope: str,
    kind: str,
    sink: GapSink,
) -> list[dict[str, Any]]:
    try:
        return client.list_all(url, next_key=NEXT_LINK)
    except ApiError as exc:
        sink.add(exc, operation, scope, [kind])
        return exc.partial_items


def list_applications(client: ArmClient, sink: GapSink) -> list[EntraApplication]:
    op = GRAPH_APPLICATIONS
    items = _listed(
        client, op, op.url(client.base_url), APPLICATIONS_SCOPE, "entra_applications", sink
    )
    return [a for a in map(parse_application, items) if a is not None]


def list_service_principals(client: ArmClient, sink: GapSink) -> list[EntraServicePrincipal]:
    op = GRAPH_SERVICE_PRINCIPALS
    url = op.url(client.base_url)
    items = _listed(client, op, url, SERVICE_PRINCIPALS_SCOPE, "entra_service_principals", sink)
    return [s for s in map(parse_service_principal, items) if s is not None]


def resolve_principals(
    client: ArmClient, ids: Sequence[str], sink: GapSink
) -> list[DirectoryPrincipal]:
    """One ``getByIds`` call for up to :data:`BATCH` ids: each id Graph returns, and each it
    leaves out as a deleted principal. A failed call is a ``principals`` gap over the estate."""
    op = GRAPH_GET_BY_IDS
    try:
        body = client.post_json(op.url(client.base_url), {"ids": list(ids)})
    except ApiError as exc:
        sink.add(exc, op, ESTATE_SCOPE, ["principals"])
        return []
    values = body.get("value") if isinstance(body, Mapping) else None
    if not isinstance(values, list):
        error = ApiError(200, "UnexpectedBody", "directoryObjects/getByIds did not return a list")
        sink.add(error, op, ESTATE_SCOPE, ["principals"])
        return []
    found = {
        p.id: p
        for p in (parse_principal(v) for v in values if isinstance(v, Mapping))
        if p is not None
    }
    return [found.get(i.lower()) or DirectoryPrincipal(id=i.lower(), found=False) for i in ids]


def list_group_members(client: ArmClient, group_id: str, sink: GapSink) -> list[GroupMembers]:
    op = GRAPH_TRANSITIVE_MEMBERS
    url = op.url(client.base_url, group_id=group_id)
    try:
        items = client.list_all(url, next_key=NEXT_LINK)
    except ApiError as exc:
        sink.add(exc, op, f"/groups/{group_id}", ["group_members"])
        return []
    members = {m.id: m for m in map(parse_member, items) if m is not None}
    return [GroupMembers(id=group_id.lower(), members=tuple(members[k] for k in sorted(members)))]


def batches(ids: Sequence[str], size: int = BATCH) -> list[tuple[str, ...]]:
    return [tuple(ids[i : i + size]) for i in range(0, len(ids), size)]


@dataclass
class GraphEvidence:
    """What the Graph source read, as the Snapshot's fields."""

    applications: list[EntraApplication] = field(default_factory=list)
    service_principals: list[EntraServicePrincipal] = field(default_factory=list)
    principals: list[DirectoryPrincipal] = field(default_factory=list)
    groups: list[GroupMembers] = field(default_factory=list)

    def fields(self) -> dict[str, tuple[Any, ...]]:
        return {
            "entra_applications": tuple(sorted(self.applications, key=lambda a: a.id)),
            "entra_service_principals": tuple(sorted(self.service_principals, key=lambda s: s.id)),
            "principals": tuple(
                sorted({p.id: p for p in self.principals}.values(), key=lambda p: p.id)
            ),
            "group_members": tuple(sorted(self.groups, key=lambda g: g.id)),
        }

"""Shared by the checks on Microsoft Entra app registrations and service principals (pure).

A credential has no Azure resource id: a finding about one points at
``/applications/{object id}/passwordCredentials/{keyId}`` (or ``keyCredentials``, or below
``/servicePrincipals/{object id}``), which is also where the collector's gaps sit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from assess.snapshot import EntraApplication, EntraCredential, EntraServicePrincipal, Snapshot
from assess.sources.graph import (
    GRAPH_APPLICATIONS,
    GRAPH_GET_BY_IDS,
    GRAPH_SERVICE_PRINCIPALS,
    GRAPH_TRANSITIVE_MEMBERS,
)

APPLICATIONS_API = GRAPH_APPLICATIONS.name
SERVICE_PRINCIPALS_API = GRAPH_SERVICE_PRINCIPALS.name
PRINCIPALS_API = GRAPH_GET_BY_IDS.name
MEMBERS_API = GRAPH_TRANSITIVE_MEMBERS.name
NEVER = 9999
"""An ``endDateTime`` in this year is how Microsoft Entra ID spells "never expires"."""

Owner = EntraApplication | EntraServicePrincipal


@dataclass(frozen=True, slots=True)
class CredentialRef:
    """One credential as a finding's subject."""

    id: str
    name: str


def credential_ref(owner: Owner, credential: EntraCredential) -> CredentialRef:
    part = "passwordCredentials" if credential.kind == "secret" else "keyCredentials"
    label = credential.display_name or credential.key_id
    return CredentialRef(f"{owner.id}/{part}/{credential.key_id}", f"{owner_name(owner)}: {label}")


def owner_name(owner: Owner) -> str:
    return owner.display_name or owner.object_id


def describe(owner: Owner, credential: EntraCredential) -> str:
    """``Client secret "ci" of app registration build (appId 2222...)``."""
    what = "Client secret" if credential.kind == "secret" else "Certificate"
    name = f' "{credential.display_name}"' if credential.display_name else f" {credential.key_id}"
    kind = "app registration" if isinstance(owner, EntraApplication) else "service principal"
    return f"{what}{name} of {kind} {owner_name(owner)} (appId {owner.app_id or 'not returned'})"


def _day(when: datetime) -> str:
    return when.date().isoformat()


def judge(
    credential: EntraCredential,
    as_of: datetime,
    window_days: int,
    max_days: int | None,
) -> tuple[bool | None, str]:
    """Whether a credential is within policy, and why in words (completing "<credential> ...").

    Fails: an end in year 9999 (never expires), expired, valid longer than ``max_days`` (from
    ``startDateTime``; without one, from now, which can only shorten it), or ending within the
    notice window. ``None`` (not known) when Microsoft Graph returned no ``endDateTime``, or no
    ``startDateTime`` while the lifetime from now is within ``max_days``: Graph sets both on
    every credential it stores, so a missing one is unread evidence, not a credential that never
    expires. ``max_days`` None judges the dates only (certificates).
    """
    end, start = credential.end, credential.start
    if end is None:
        return (
            None,
            "has no end date in Microsoft Graph's answer (endDateTime), so it is not known when it expires",
        )
    if end.year >= NEVER:
        return False, f"never expires (endDateTime {_day(end)})"
    if end <= as_of:
        return False, f"expired on {_day(end)}, {(as_of - end).days} days ago"
    if max_days is not None:
        since = start if start is not None else as_of
        lifetime = (end - since).days
        if lifetime > max_days:
            span = f"from {_day(start)}" if start is not None else "from today (no start date)"
            return False, (
                f"is valid for {lifetime} days ({span} to {_day(end)}), longer than the "
                f"{max_days}-day maximum"
            )
    if end <= as_of + timedelta(days=window_days):
        return False, (
            f"expires on {_day(end)}, within the {window_days}-day notice window: rotate it now"
        )
    if max_days is not None and start is None:
        return None, (
            f"is valid until {_day(end)}, but Microsoft Graph returned no start date "
            f"(startDateTime), so whether it lives longer than {max_days} days is not known"
        )
    return True, f"is valid until {_day(end)}"


def secrets_of(credentials: tuple[EntraCredential, ...]) -> list[EntraCredential]:
    return [c for c in credentials if c.kind == "secret"]


def sign_in_certificates(credentials: tuple[EntraCredential, ...]) -> list[EntraCredential]:
    """Certificates that sign an identity in (usage ``Verify``); SAML token-signing ones
    (``Sign``) are the tenant's own signing keys, not credentials anyone is handed."""
    return [c for c in credentials if c.kind == "certificate" and (c.usage or "") != "Sign"]


def judged_service_principals(snapshot: Snapshot) -> Iterator[EntraServicePrincipal]:
    """The service principals whose own credentials are judged: applications' (managed
    identities' certificates are the platform's and rotate on their own), this tenant's
    applications and any other that holds a credential."""
    for sp in snapshot.entra_service_principals:
        if (sp.service_principal_type or "").lower() == "managedidentity":
            continue
        own = not snapshot.tenant_id or (sp.owner_tenant_id or "").lower() == (
            snapshot.tenant_id.lower()
        )
        if own or secrets_of(sp.credentials) or sign_in_certificates(sp.credentials):
            yield sp


def applications_by_app_id(snapshot: Snapshot) -> dict[str, EntraApplication]:
    return {a.app_id.lower(): a for a in snapshot.entra_applications if a.app_id}

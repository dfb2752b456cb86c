"""Credentials: who is reading the estate, checked once before anything is collected.

By default :class:`azure.identity.DefaultAzureCredential` with the cloud's authority, so every
usual sign-in works unchanged: ``az login`` (and ``azd``/PowerShell), a service principal in
``AZURE_CLIENT_ID``/``AZURE_TENANT_ID``/``AZURE_CLIENT_SECRET`` (or a certificate), a managed
identity (``IDENTITY_ENDPOINT``/IMDS), and workload identity federation
(``AZURE_FEDERATED_TOKEN_FILE``, as CI systems with OIDC set it up).

:func:`probe` gets one token before collection starts, so a missing or expired sign-in is one clear
line (:class:`~assess.errors.AuthError`, exit 3) instead of a gap on every call. The token's claims
(decoded without verification; the token itself is never logged or stored) say what kind of
identity is reading, for ``Snapshot.identity``.

:class:`OfflineCredential` is used for replays: it hands out an obviously fake token and never
touches the network.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import Mapping
from typing import Any

from azure.core.credentials import AccessToken, TokenCredential
from azure.core.exceptions import ClientAuthenticationError

from assess.cloud import Cloud
from assess.errors import AuthError
from assess.snapshot import Identity

FAKE_TOKEN = "fake-token"
LOGIN_HINT = (
    "run `az login` (add `--tenant` if needed), or set AZURE_CLIENT_ID, AZURE_TENANT_ID and "
    "AZURE_CLIENT_SECRET for a service principal"
)


class OfflineCredential:
    """A credential for replays: an obviously fake token, valid for a day, no I/O."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(FAKE_TOKEN, int(time.time()) + 86_400)


def default_credential(cloud: Cloud) -> TokenCredential:
    from azure.identity import DefaultAzureCredential

    return DefaultAzureCredential(authority=cloud.authority_host)


def probe(credential: TokenCredential, scope: str) -> AccessToken:
    """Get one token for ``scope``, or raise :class:`AuthError` with a one-line hint."""
    try:
        return credential.get_token(scope)
    except ClientAuthenticationError as exc:  # CredentialUnavailableError is a subclass
        raise AuthError(_auth_message(exc), hint=LOGIN_HINT) from None


def _auth_message(exc: ClientAuthenticationError) -> str:
    text = str(getattr(exc, "message", "") or exc).lower()
    if any(
        marker in text
        for marker in (
            "expired",
            "aadsts700082",
            "aadsts50173",
            "aadsts70043",
            "interaction_required",
        )
    ):
        return "the Azure sign-in has expired"
    return "no Azure credential could get a token for Resource Manager"


def token_claims(token: str) -> dict[str, Any]:
    """The JWT payload, decoded WITHOUT verifying the signature (only to describe the caller)."""
    parts = token.split(".")
    if len(parts) < 2:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        data = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeError):
        return {}
    return data if isinstance(data, dict) else {}


def identity_from_claims(
    claims: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> Identity:
    """Classify the caller: user, service principal, managed identity or workload identity."""
    env = os.environ if environ is None else environ
    oid = str(claims.get("oid") or "")
    tid = str(claims.get("tid") or "")
    idtyp = str(claims.get("idtyp") or "").lower()
    if not claims:
        kind = "unknown"
    elif claims.get("xms_mirid"):
        kind = "managed_identity"
    elif idtyp == "user" or claims.get("scp") or claims.get("upn") or claims.get("unique_name"):
        kind = "user"
    elif idtyp == "app" or claims.get("appid") or claims.get("azp"):
        kind = "workload_identity" if env.get("AZURE_FEDERATED_TOKEN_FILE") else "service_principal"
    else:
        kind = "unknown"
    return Identity(type=kind, object_id=oid, tenant_id=tid)

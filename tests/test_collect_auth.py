"""Credentials: a failing sign-in is one clear AuthError (exit 3); the caller is identified."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CredentialUnavailableError
from test_collect_support import SUB_A

from assess.auth import FAKE_TOKEN, OfflineCredential, identity_from_claims, token_claims
from assess.collect import CollectOptions, collect_snapshot
from assess.errors import EXIT_AUTH, AuthError
from assess.progress import NullProgress


class FailingCredential:
    def __init__(self, error: Exception) -> None:
        self.error = error
        self.calls = 0

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        raise self.error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            CredentialUnavailableError("DefaultAzureCredential failed to retrieve a token"),
            "no Azure credential",
        ),
        (ClientAuthenticationError("AADSTS700082: The refresh token has expired"), "expired"),
    ],
)
def test_no_working_credential_is_an_auth_error(error: Exception, expected: str) -> None:
    credential = FailingCredential(error)
    options = CollectOptions(subscriptions=(SUB_A,), credential=credential)  # type: ignore[arg-type]
    with pytest.raises(AuthError) as caught:
        collect_snapshot(options, NullProgress())
    assert caught.value.exit_code == EXIT_AUTH
    line = str(caught.value)
    assert expected in line and "az login" in line and "\n" not in line
    assert credential.calls == 1


def _jwt(claims: dict[str, Any]) -> str:
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none'})}.{part(claims)}.fake-signature"


TENANT = "00000000-0000-0000-0000-0000000000f0"
OID = "00000000-0000-0000-0000-0000000000c1"


@pytest.mark.parametrize(
    ("claims", "env", "kind"),
    [
        ({"idtyp": "user", "scp": "user_impersonation", "oid": OID, "tid": TENANT}, {}, "user"),
        (
            {
                "idtyp": "app",
                "appid": "00000000-0000-0000-0000-0000000000a1",
                "oid": OID,
                "tid": TENANT,
            },
            {},
            "service_principal",
        ),
        (
            {
                "idtyp": "app",
                "appid": "x",
                "oid": OID,
                "tid": TENANT,
                "xms_mirid": "/subscriptions/0/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id",
            },
            {},
            "managed_identity",
        ),
        (
            {"idtyp": "app", "appid": "x", "oid": OID, "tid": TENANT},
            {"AZURE_FEDERATED_TOKEN_FILE": "/var/run/token"},
            "workload_identity",
        ),
    ],
)
def test_identity_type_from_token_claims(
    claims: dict[str, Any], env: dict[str, str], kind: str
) -> None:
    identity = identity_from_claims(token_claims(_jwt(claims)), env)
    assert (identity.type, identity.object_id, identity.tenant_id) == (kind, OID, TENANT)


def test_a_token_that_is_not_a_jwt_is_an_unknown_identity() -> None:
    assert token_claims(FAKE_TOKEN) == {}
    assert identity_from_claims({}, {}).type == "unknown"


def test_offline_credential_is_obviously_fake() -> None:
    token = OfflineCredential().get_token("https://management.azure.com/.default")
    assert token.token == "fake-token"

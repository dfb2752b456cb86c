"""Every error shape Azure uses becomes one ApiError; failures without an answer are gaps too."""

from __future__ import annotations

import json
import socket

import pytest

from assess.collectors import GapSink, fetch_list
from assess.http import ArmClient, PartialResponse, api_error, check_partial, shorten
from assess.sources.keyvault import VAULTS_LIST


@pytest.mark.parametrize(
    ("status", "body", "code", "message"),
    [
        (
            403,
            {"error": {"code": "AuthorizationFailed", "message": "no access"}},
            "AuthorizationFailed",
            "no access",
        ),
        (
            404,
            {"Error": {"Code": "ResourceNotFound", "Message": "gone"}},
            "ResourceNotFound",
            "gone",
        ),
        (
            404,
            {
                "Code": "NotFound",
                "Message": "Cannot find Site",
                "Target": None,
                "Details": [],
                "Innererror": None,
            },
            "NotFound",
            "Cannot find Site",
        ),
        (
            429,
            {"error": {"code": "TooManyRequests", "message": "The request is being throttled."}},
            "TooManyRequests",
            "The request is being throttled.",
        ),
        (
            400,
            {
                "error": {
                    "code": "Forbidden",
                    "message": "x",
                    "innererror": {"code": "ForbiddenByRbac"},
                }
            },
            "ForbiddenByRbac",  # Key Vault's inner code says why (firewall, RBAC, access policy)
            "x",
        ),
        (502, "<html>Bad Gateway</html>", "", "<html>Bad Gateway</html>"),
        (500, "", "", ""),
    ],
)
def test_error_shapes(status: int, body: object, code: str, message: str) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    error = api_error(status, text, "GET X", "/subscriptions/s")
    assert (error.status, error.code, error.message) == (status, code, message)
    assert (error.operation, error.scope) == ("GET X", "/subscriptions/s")


def test_a_200_carrying_an_error_is_partial() -> None:
    lro = {"status": "Failed", "error": {"code": "InvalidTemplate", "message": "bad template"}}
    with pytest.raises(PartialResponse) as caught:
        check_partial(200, lro)
    assert (caught.value.code, caught.value.body) == ("InvalidTemplate", lro)
    check_partial(200, {"value": [], "error": None})  # an explicit null is no error
    check_partial(200, {"value": []})


def test_messages_are_shortened_and_never_carry_tokens() -> None:
    token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJvaWQiOiIwIn0.c2lnbmF0dXJl"
    text = f"failed\r\nAuthorization: Bearer {token} url https://a/b?sv=1&sig=abcDEF123%3D&x=1"
    short = shorten(text + " padding" * 100)
    assert token not in short and "abcDEF123" not in short
    assert "\n" not in short and len(short) <= 300


def test_no_answer_at_all_is_a_gap_without_status() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: connection refused
    base = f"http://127.0.0.1:{port}"
    sink = GapSink()
    with ArmClient(base, None, "", retry_total=0, timeout_seconds=5) as client:
        url = VAULTS_LIST.url(base, subscription_id="0")
        assert (
            fetch_list(client, url, VAULTS_LIST, "/subscriptions/0", ["vaults", "secrets"], sink)
            is None
        )
    gaps = sink.gaps()
    assert [g.kind for g in gaps] == ["secrets", "vaults"]
    assert all(g.status_code is None and g.error_code == "ServiceRequestError" for g in gaps)
    assert "no response" not in gaps[0].reason and gaps[0].reason.startswith(
        "GET Microsoft.KeyVault/vaults failed"
    )


def test_only_documented_read_posts_can_be_sent() -> None:
    with (
        ArmClient("https://management.azure.com", None, "") as client,
        pytest.raises(ValueError, match="refusing POST"),
    ):
        client.post_json(
            "https://management.azure.com/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a/listKeys?api-version=1"
        )

"""Each default scrubber of a recording, one test each: a canary under it never reaches a cassette.

``before_record_response`` (vcrpy's hook for response bodies) and the request hook are what
``assess scan --record`` installs; scrubbing cannot be switched off. Every key of the secret-key
list, every secret-like suffix, App Service config bodies, tokens, SAS signatures, cookies, the
request headers that carry credentials, token traffic, and a resource's recorded failure are
covered here by name.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from assess import replay

CANARY = "ScrubCanary-4e1d-Vb7Nq2Lx"


def _recorded(body: Any) -> str:
    response = {"headers": {}, "body": {"string": json.dumps(body).encode()}}
    out = replay.before_record_response(response)
    return out["body"]["string"].decode()


@pytest.mark.parametrize("key", sorted(replay._SECRET_KEYS))
def test_every_secret_key_is_scrubbed(key: str) -> None:
    text = _recorded({"id": "/x", "properties": {key: CANARY, "nested": {key: [CANARY]}}})
    assert CANARY not in text
    assert replay.SCRUBBED in text


@pytest.mark.parametrize("suffix", replay._SECRET_SUFFIXES)
def test_every_secret_suffix_is_scrubbed(suffix: str) -> None:
    text = _recorded({"properties": {f"sqlAdmin{suffix.capitalize()}": CANARY}})
    assert CANARY not in text


def test_app_service_config_bodies_are_scrubbed_whatever_the_names() -> None:
    body = {
        "id": "/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/a/config/appsettings",
        "type": "Microsoft.Web/sites/config",
        "properties": {"FEATURE_FLAG_COLOUR": CANARY},
    }
    assert CANARY not in _recorded(body)


@pytest.mark.parametrize(
    "text",
    [
        f"Bearer eyJ0eXAiOiJKV1QifQ.{CANARY}.c2ln",
        f"https://store.blob.core.windows.net/t/main.json?sv=2022-11-02&sig={CANARY}",
    ],
    ids=["token", "sas-signature"],
)
def test_tokens_and_sas_signatures_anywhere_are_scrubbed(text: str) -> None:
    assert CANARY not in _recorded({"properties": {"templateLink": {"uri": text}}, "note": text})


@pytest.mark.parametrize("key", sorted(replay._ECHOING_KEYS))
def test_a_resources_recorded_failure_is_scrubbed(key: str) -> None:
    failure = {"code": "InvalidTemplate", "message": f"value '{CANARY}' is not valid"}
    text = _recorded({"value": [{"id": "/d", "properties": {key: failure}}]})
    assert CANARY not in text


def test_a_calls_own_error_answer_is_kept_for_the_replay() -> None:
    text = _recorded({"error": {"code": "AuthorizationFailed", "message": "no access to kv-a"}})
    assert "no access to kv-a" in text


def test_set_cookie_is_dropped() -> None:
    response = {"headers": {"Set-Cookie": [CANARY]}, "body": {"string": b"{}"}}
    assert "Set-Cookie" not in replay.before_record_response(response)["headers"]


@pytest.mark.parametrize("header", sorted(replay._DROP_REQUEST_HEADERS))
def test_credential_request_headers_are_dropped(header: str) -> None:
    hook = replay.make_before_record_request()
    request = SimpleNamespace(
        uri="https://management.azure.com/subscriptions", headers={header: CANARY}
    )
    assert header not in hook(request).headers


@pytest.mark.parametrize(
    "uri",
    [
        "https://login.microsoftonline.com/tenant/oauth2/v2.0/token",
        "https://arm.local/adfs/oauth2/token",
        "https://login.microsoftonline.com/common/discovery/instance?api-version=1.1",
        "http://169.254.169.254/metadata/identity/oauth2/token?resource=x",
    ],
)
def test_token_traffic_is_never_recorded(uri: str) -> None:
    hook = replay.make_before_record_request()
    assert hook(SimpleNamespace(uri=uri, headers={})) is None

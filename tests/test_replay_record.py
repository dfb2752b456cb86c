"""Recording is scrubbed by default: a planted canary never reaches a cassette."""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests
import yaml
from test_collect_support import CANARY, RECORDINGS

from assess.http import ArmClient
from assess.replay import before_record_response, record, replay

SITE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Web/sites/app"
BODIES: dict[str, Any] = {
    f"{SITE}/config/appsettings/list": {
        "id": f"{SITE}/config/appsettings",
        "name": "appsettings",
        "type": "Microsoft.Web/sites/config",
        "location": "West US",
        "properties": {"DB_PASSWORD": CANARY, "FEATURE_FLAG": f"on-{CANARY}"},
    },
    f"{SITE}/config/connectionstrings/list": {
        "id": f"{SITE}/config/connectionstrings",
        "name": "connectionstrings",
        "type": "Microsoft.Web/sites/config",
        "properties": {"main": {"value": f"Server=db;Password={CANARY}", "type": "SQLAzure"}},
    },
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/Microsoft.Resources/deployments/": {
        "value": [
            {
                "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Resources/deployments/d1",
                "name": "d1",
                "properties": {
                    "parameters": {
                        "location": {"type": "String", "value": "West US"},
                        "adminPassword": {"type": "SecureString", "value": CANARY},
                    },
                    "outputs": {"conn": {"type": "String", "value": CANARY}},
                },
            }
        ]
    },
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st/listKeys": {
        "keys": [
            {
                "creationTime": "2025-01-01T00:00:00Z",
                "keyName": "key1",
                "value": CANARY,
                "permissions": "FULL",
            }
        ]
    },
    "/secrets/db-password/40af42fbc10047f8a756a73211492f56": {
        "value": CANARY,
        "id": "https://kv.vault.azure.net/secrets/db-password/40af42fbc10047f8a756a73211492f56",
        "attributes": {"enabled": True, "created": 1493938410, "updated": 1493938410},
    },
    "/00000000-0000-0000-0000-000000000000/oauth2/v2.0/token": {
        "token_type": "Bearer",
        "expires_in": 3599,
        "access_token": CANARY,
    },
    "/metadata/identity/oauth2/token": {"access_token": CANARY, "expires_on": "1700000000"},
    "/gzipped": {"properties": {"secret": CANARY}, "id": "/gz"},
    "/subscriptions": {"value": [{"id": "/subscriptions/0", "displayName": "plain"}]},
}


class Handler(BaseHTTPRequestHandler):
    seen_agents: ClassVar[list[str]] = []

    def _answer(self) -> None:
        path = self.path.split("?", 1)[0]
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        payload = json.dumps(BODIES[path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Set-Cookie", f"session={CANARY}; path=/; secure; httponly")
        if path == "/gzipped":
            payload = gzip.compress(payload)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_planted_canary_never_reaches_a_recorded_cassette(server: str, tmp_path: Path) -> None:
    cassette = tmp_path / "recorded.yaml"
    secret_headers = {"Authorization": f"Bearer {CANARY}", "Cookie": f"c={CANARY}"}
    with record(cassette):
        for path in BODIES:
            method = (
                "GET" if path in ("/subscriptions", "/gzipped") or path.endswith("/") else "POST"
            )
            answer = requests.request(
                method, server + path + "?api-version=1", headers=secret_headers, timeout=10
            )
            # The live answer had it; only the cassette is scrubbed.
            assert CANARY in answer.text or path == "/subscriptions"
        with ArmClient(server, None, "") as client:
            assert client.get_json(server + "/subscriptions?api-version=2")["value"]

    text = cassette.read_text()
    assert CANARY not in text
    data = yaml.safe_load(text)
    uris = [i["request"]["uri"] for i in data["interactions"]]
    assert not any("oauth2" in u or "/metadata/identity" in u for u in uris)  # token calls dropped
    assert len(uris) == len(BODIES) - 2 + 1
    for interaction in data["interactions"]:
        assert "Authorization" not in interaction["request"]["headers"]
        assert "Cookie" not in interaction["request"]["headers"]
        assert not any(h.lower() == "set-cookie" for h in interaction["response"]["headers"])
    # Names survive (checks need them); values do not.
    assert "DB_PASSWORD" in text and "adminPassword" in text and "<scrubbed>" in text
    assert '"location":{"type":"String","value":"<scrubbed>"}' in text
    assert any(agent.startswith("waf-assess/") for agent in Handler.seen_agents)

    # The scrubbed cassette still replays.
    with replay(cassette), ArmClient(server, None, "") as client:
        assert client.get_json(server + "/subscriptions?api-version=2")["value"]


@pytest.mark.skipif(not RECORDINGS.is_dir(), reason="shared recordings not present")
def test_real_secret_values_are_scrubbed_from_recorded_responses() -> None:
    data = yaml.safe_load(
        (RECORDINGS / "keyvault-secrets-dataplane-set-list-401-challenge.yaml").read_text()
    )
    canaries = [f"value{i}" for i in range(7)]
    original = json.dumps([i["response"] for i in data["interactions"]])
    assert all(c in original for c in canaries)
    scrubbed = [before_record_response(i["response"]) for i in data["interactions"]]
    text = json.dumps(scrubbed)
    assert not any(c in text for c in canaries)
    listing = json.loads(scrubbed[8]["body"]["string"])
    assert len(listing["value"]) == 7  # the list wrapper is kept; only values go


def test_deployment_parameters_outputs_and_sas_signatures_are_scrubbed() -> None:
    sig = "q9Zt1xN0fAkEsIgNaTuRe0000000000000000000000%3D"
    body = {
        "value": [
            {
                "id": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Resources/deployments/d",
                "properties": {
                    "parameters": {"sqlAdminPassword": {"type": "String", "value": "Pw-1234!"}},
                    "outputs": {"storageKey": {"type": "String", "value": "a2V5LWtleQ=="}},
                    "templateLink": {
                        "uri": f"https://st.blob.core.windows.net/t/main.json?sv=2024&sig={sig}",
                        "queryString": f"sv=2024-11-04&sp=r&sig={sig}",
                    },
                },
            }
        ]
    }
    response = {
        "status": {"code": 200, "message": "OK"},
        "headers": {"Content-Type": ["application/json"]},
        "body": {"string": json.dumps(body)},
    }
    text = json.dumps(before_record_response(response))
    for secret in ("Pw-1234!", "a2V5LWtleQ==", sig):
        assert secret not in text
    assert "sig=<scrubbed>" in text and "sv=2024-11-04" in text  # the rest of the link stays

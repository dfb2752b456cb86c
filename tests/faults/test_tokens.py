"""Logins that outlive a scan: tokens come from the credential for each request, and a 401 gets
one new token and one retry.

The stand-in refuses (401, as Resource Manager does) every token past its expiry, and the
credential hands out tokens that live about two seconds, so a scan of the demo tenant made slow
(80 ms a call) outlives many tokens. The stand-in also revokes tokens now and then: one request in
every fifteen is refused once, whatever its token, and must be retried with a new one.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from azure.core.credentials import AccessToken
from harness import CASSETTE, scan
from results_factory import whole_findings
from standin import Answer, Fault, StandIn, status

import assess.collect

LIFETIME = 2.0
LATENCY = 0.08
REVOKE_EVERY = 15
ORDERS = r"/vaults/kv-orders-prod/secrets\?"


class ShortLivedCredential:
    """Each token is new and expires ``LIFETIME`` seconds after it is issued (its expiry is
    written in its last part, where the stand-in reads it)."""

    def __init__(self) -> None:
        self.issued = 0
        self._lock = threading.Lock()

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        with self._lock:
            self.issued += 1
            serial = self.issued
        claims = {"tid": "cccccccc-0000-4000-8000-00000000c0de", "oid": "0" * 8, "idtyp": "app"}
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
        expires = time.time() + LIFETIME
        stamp = f"{int(expires * 1000)}-{serial}"
        return AccessToken(f"eyJhbGciOiJub25lIn0.{payload}.{stamp}", int(expires))


class Gatekeeper:
    """Refuses expired tokens and, once every ``REVOKE_EVERY`` requests, a valid one."""

    def __init__(self) -> None:
        self.requests = 0
        self.expired = 0
        self.revoked = 0
        self._lock = threading.Lock()

    def __call__(self, path: str, authorization: str) -> Answer | None:
        time.sleep(LATENCY)
        if path.startswith("/metadata/"):
            return None
        token = authorization.removeprefix("Bearer ")
        stamp = token.rsplit(".", 1)[-1].split("-")[0]
        expires = int(stamp) / 1000 if stamp.isdigit() else 0.0
        with self._lock:
            self.requests += 1
            if expires <= time.time():
                self.expired += 1
                return _unauthorized("ExpiredAuthenticationToken")
            if self.requests % REVOKE_EVERY == 0:
                self.revoked += 1
                return _unauthorized("InvalidAuthenticationToken")
        return None


def _unauthorized(code: str) -> Answer:
    body = {"error": {"code": code, "message": "The access token is not valid (stand-in)."}}
    return Answer(
        401,
        json.dumps(body).encode(),
        {
            "Content-Type": "application/json",
            "WWW-Authenticate": 'Bearer authorization_uri="https://login.windows.net/", '
            'error="invalid_token", error_description="The access token is not valid."',
        },
    )


def _statuses(results: dict[str, Any] | None) -> dict[tuple[str, str], str]:
    assert results is not None
    return {
        (str(f["check_id"]), str(f["resource_id"])): str(f["status"])
        for f in whole_findings(results)
    }


@pytest.fixture(scope="module")
def baseline(
    trust: None, certificate: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], str]:
    with StandIn(CASSETTE, *certificate) as standin:
        code, err, results, _ = scan(standin, tmp_path_factory.mktemp("baseline"))
    assert code == 0, err
    return _statuses(results)


def test_a_scan_outlives_many_short_tokens_and_revoked_ones(
    baseline: dict[tuple[str, str], str],
    certificate: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    credential = ShortLivedCredential()
    monkeypatch.setattr(assess.collect, "default_credential", lambda cloud: credential)
    gate = Gatekeeper()
    with StandIn(CASSETTE, *certificate) as standin:
        standin.gatekeeper = gate
        code, err, results, elapsed = scan(standin, tmp_path)

    assert code == 0, err
    assert elapsed > 2 * LIFETIME, f"the scan took {elapsed:.1f} s: too short to prove anything"
    assert credential.issued > elapsed / LIFETIME  # tokens came from the credential all along
    assert gate.revoked >= 5
    # every refused request was retried with a new token: the results are the undisturbed ones
    assert _statuses(results) == baseline


def test_a_second_401_makes_the_call_unknown_with_its_cause(
    baseline: dict[tuple[str, str], str],
    certificate: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    fault = Fault(ORDERS, status(401, "InvalidAuthenticationToken"))
    with StandIn(CASSETTE, *certificate) as standin:
        standin.faults.append(fault)
        code, err, results, _ = scan(standin, tmp_path)

    assert code == 0, err
    assert fault.hits == 2  # the call, then one retry with a new token; no more
    assert results is not None
    findings = whole_findings(results)
    orders = [f for f in findings if "kv-orders-prod/secrets" in str(f["resource_id"])]
    vault = [
        f
        for f in findings
        if str(f["resource_id"]).endswith("kv-orders-prod") and f["status"] == "unknown"
    ]
    assert not orders  # no secret was read, so none passes
    assert vault and all("401" in str(f["reason"]) for f in vault)

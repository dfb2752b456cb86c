"""The collectors' transport (``assess.http.PooledTransport``): TLS is always verified.

A server whose certificate the client does not trust is refused before anything is sent: the
call fails as a transport failure (a gap, never an answer); trusted through
``REQUESTS_CA_BUNDLE``, the same server is read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import CASSETTE
from standin import StandIn

from assess.http import ArmClient, TransportFailure

METADATA = "/metadata/endpoints?api-version=2022-09-01"


def test_an_untrusted_certificate_is_refused(
    certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    with (
        StandIn(CASSETTE, *certificate) as standin,
        ArmClient(standin.base, None, "", retry_total=0, timeout_seconds=5) as client,
    ):
        with pytest.raises(TransportFailure) as refused:
            client.get_json(f"{standin.base}{METADATA}")
        assert not standin.seen  # nothing reached the server's handler
    assert refused.value.status is None
    assert refused.value.code == "ServiceRequestError"
    assert "CERTIFICATE_VERIFY_FAILED" in refused.value.message


def test_a_certificate_trusted_through_the_environment_is_read(
    certificate: tuple[Path, Path], trust: None
) -> None:
    with (
        StandIn(CASSETTE, *certificate) as standin,
        ArmClient(standin.base, None, "", retry_total=0, timeout_seconds=5) as client,
    ):
        body = client.get_json(f"{standin.base}{METADATA}")
    assert body[0]["resourceManager"] == standin.base

"""Fixtures of the fault-injection suite: the stand-in's certificate, trusted by the client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import FakeCredential
from standin import make_certificate


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def trust(certificate: tuple[Path, Path]) -> Iterator[None]:
    import assess.collect

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REQUESTS_CA_BUNDLE", str(certificate[0]))
        for name in ("AZURE_CLOUD", "AZURE_ARM_ENDPOINT", "WAF_ASSESS_ARM_ENDPOINT"):
            mp.delenv(name, raising=False)
        mp.setattr(assess.collect, "default_credential", lambda cloud: FakeCredential())
        yield

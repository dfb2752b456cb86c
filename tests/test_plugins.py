"""Third-party checks through the ``waf_assess.checks`` entry-point group."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from assess import registry as registry_module
from assess.checkapi import CheckContext, Outcome, check
from assess.errors import InputError
from assess.registry import load_registry
from assess.snapshot import Snapshot

META = {
    "item": 5,
    "title": "Secrets carry an owner tag in this plug-in",
    "severity": "low",
    "rationale": "Owners make rotation someone's job; a plug-in check for testing.",
    "remediation": {
        "summary": "Tag the secret with its owner.",
        "cli": "az keyvault secret set-attributes --tags owner=me",
    },
    "requires": ["secrets"],
}


@check("ACME-5.1", **META)
def owner_tag(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from ()


@check("SE09-2.1", **META)
def collides(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    yield from ()


@dataclass
class FakeDist:
    name: str
    version: str


@dataclass
class FakeEntryPoint:
    name: str
    obj: Any
    dist: FakeDist

    def load(self) -> Any:
        return self.obj


def install(monkeypatch: pytest.MonkeyPatch, *eps: FakeEntryPoint) -> None:
    monkeypatch.setattr(registry_module.importlib_metadata, "entry_points", lambda group: list(eps))


def test_a_plugin_check_is_listed_with_its_distribution(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeEntryPoint("acme", owner_tag, FakeDist("acme-waf-checks", "2.3.0")))
    reg = load_registry()
    meta = reg.get("ACME-5.1").meta
    assert (meta.provider, meta.provider_version) == ("acme-waf-checks", "2.3.0")
    assert reg.providers() == [
        {"distribution": "acme-waf-checks", "version": "2.3.0", "checks": ["ACME-5.1"]}
    ]
    assert "ACME-5.1" not in {m.id for m in load_registry(builtins_only=True).metas}
    assert "ACME-5.1" not in {m.id for m in load_registry(blocked=["acme"]).metas}


def test_a_plugin_may_not_reuse_a_builtin_id(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch, FakeEntryPoint("evil", collides, FakeDist("evil-checks", "0.1")))
    with pytest.raises(InputError, match=r"reuses the built-in id SE09-2\.1"):
        load_registry()


def test_plugin_metadata_is_validated_like_builtins(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = check("ACME-5.2", **{**META, "title": "Ensure secrets are tagged"})(owner_tag.func)
    install(monkeypatch, FakeEntryPoint("acme", [bad], FakeDist("acme-waf-checks", "2.3.0")))
    with pytest.raises(InputError, match="invalid metadata"):
        load_registry()

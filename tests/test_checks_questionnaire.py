"""The built-in catalog and the questionnaire data file agree, and metadata reads as promised."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import checks
from assess.model import ITEMS, item_id
from assess.registry import load_registry
from assess.snapshot import EVIDENCE_KINDS
from checks._common import PRINCIPAL_TYPE

QUESTIONNAIRE = Path(checks.__file__).with_name("questionnaire.toml")


def _items() -> list[dict[str, Any]]:
    return list(tomllib.loads(QUESTIONNAIRE.read_text(encoding="utf-8"))["item"])


def test_questionnaire_lists_the_seven_items_in_order() -> None:
    items = _items()
    assert [i["id"] for i in items] == [item_id(n) for n in sorted(ITEMS)]
    for item in items:
        assert item["question"].strip().endswith("?")
        assert item["manual"], f"{item['id']} names no manual part"


def test_every_catalog_check_is_in_the_questionnaire_and_vice_versa() -> None:
    catalog = {m.id: m.item_id for m in load_registry(builtins_only=True).metas}
    listed = {c: i["id"] for i in _items() for c in i["checks"]}
    assert sum(len(i["checks"]) for i in _items()) == len(listed), "a check is listed twice"
    assert listed == catalog


def test_azure_checks_give_portal_cli_and_bicep_remediation() -> None:
    # Checks about Azure resources (and the principals in them) can always show all three forms.
    azure = [
        m
        for m in load_registry(builtins_only=True).metas
        if m.resource_type.startswith("Microsoft.") or m.resource_type == PRINCIPAL_TYPE
    ]
    assert len(azure) >= 15
    for meta in azure:
        assert meta.remediation.portal and meta.remediation.bicep.strip(), meta.id
        assert meta.remediation.cli.startswith("az "), meta.id
        assert meta.requires and set(meta.requires) <= set(EVIDENCE_KINDS), meta.id
        assert meta.resource_type, meta.id

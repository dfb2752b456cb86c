"""The built-in catalog and the questionnaire data file agree, and metadata reads as promised."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import checks
from assess import sources
from assess.model import ITEMS, item_id
from assess.registry import load_registry
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


def test_questionnaire_check_lists_agree_with_the_catalog() -> None:
    # A check belongs to the item its id names (SE09-3.4 answers SE09-3); an item's ``checks``
    # list, where given, names built-in checks of that item only, each once.
    catalog = {m.id: m.item_id for m in load_registry(builtins_only=True).metas}
    assert all(check_id.startswith(item + ".") for check_id, item in catalog.items())
    listed = {c: i["id"] for i in _items() for c in i.get("checks", ())}
    assert sum(len(i.get("checks", ())) for i in _items()) == len(listed), "listed twice"
    assert listed.items() <= catalog.items()


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
        assert meta.requires and all(sources.source_of(k) for k in meta.requires), meta.id
        assert meta.resource_type, meta.id

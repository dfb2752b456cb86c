"""Invisible characters from the estate are shown, not obeyed, in every output format.

A terminal escape, a C1 control, a bidirectional override (``U+202E``, which reorders what a
reader sees), an isolate, a zero-width joiner or space and a byte-order mark are planted in a
subscription's name, vault names and tags. Every format (terminal, Markdown, HTML, PDF, SARIF,
JUnit, JSON) must carry none of them raw, and show each as ``‹U+XXXX›``.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_parse import pdf_pages
from rich.console import Console

from assess.cli import main
from assess.config import Config
from assess.registry import load_registry
from assess.reporters import FORMATS, RenderOptions
from assess.reporters.terminal import print_summary
from assess.results import Results, build_results
from assess.snapshot import (
    CollectionScope,
    Identity,
    ResourceGroup,
    SecretMeta,
    Snapshot,
    Subscription,
    Vault,
    save_snapshot,
)
from assess.visible import json_escaped, visible

SUB = "00000000-0000-0000-0000-0000000000cc"
PLANTED = {
    "\x1b": "‹U+001B›",  # ESC: starts a terminal escape sequence
    "\x9b": "‹U+009B›",  # CSI, the C1 form of ESC [
    "\x07": "‹U+0007›",  # BEL
    "\r": "‹U+000D›",  # carriage return: overwrite a terminal line
    "\u202e": "‹U+202E›",  # RIGHT-TO-LEFT OVERRIDE
    "\u2066": "‹U+2066›",  # LEFT-TO-RIGHT ISOLATE
    "\u200d": "‹U+200D›",  # ZERO WIDTH JOINER
    "\u200b": "‹U+200B›",  # ZERO WIDTH SPACE
    "\ufeff": "‹U+FEFF›",  # byte-order mark / zero width no-break space
}
NAME = "kv-prod\u202egpj.exe\u200d"
TAG = "\x1b[2J\x1b]8;;https://evil.example\x07owner\x9b31m\r\u2066fake\u200b\ufeff"


def tenant() -> Results:
    tags = {"environment": "prod", "owner": TAG}
    vaults = tuple(
        Vault(
            id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v{i}",
            name=f"{NAME}{i}",
            subscription_id=SUB,
            resource_group="rg",
            tags=tags,
            enable_soft_delete=True,
            enable_purge_protection=False,
        )
        for i in range(2)
    )
    snapshot = Snapshot(
        collected_at=datetime(2026, 11, 20, tzinfo=UTC),
        tenant_id="00000000-0000-0000-0000-000000000000",
        identity=Identity(type="service_principal"),
        scope=CollectionScope(subscriptions=(SUB,)),
        collected=("subscriptions", "resource_groups", "vaults"),
        subscriptions=(
            Subscription(
                id=f"/subscriptions/{SUB}", subscription_id=SUB, display_name=TAG, tags=tags
            ),
        ),
        resource_groups=(
            ResourceGroup(
                id=f"/subscriptions/{SUB}/resourceGroups/rg", name="rg", subscription_id=SUB
            ),
        ),
        vaults=vaults,
    )
    return build_results(
        snapshot, load_registry(builtins_only=True), Config(), datetime(2026, 11, 20, tzinfo=UTC)
    )


def assert_shown_not_obeyed(text: str, *, tokens: tuple[str, ...] = ("‹U+202E›",)) -> None:
    for raw in PLANTED:
        assert raw not in text, f"{raw!r} reached the output raw"
    for token in tokens:
        assert token in text


@pytest.mark.parametrize(
    ("name", "token"),
    [("md", "‹U+2066›"), ("html", "‹U+202E›"), ("sarif", "‹U+202E›"), ("junit", "‹U+202E›")],
)
def test_text_formats_show_each_invisible_character(name: str, token: str) -> None:
    text = FORMATS[name].renderer()(tenant(), RenderOptions())
    assert isinstance(text, str)
    assert_shown_not_obeyed(text, tokens=(token,))


def test_the_terminal_summary_shows_them(monkeypatch: pytest.MonkeyPatch) -> None:
    buffer = io.StringIO()
    print_summary(tenant(), Console(file=buffer, width=300, color_system=None))
    assert_shown_not_obeyed(buffer.getvalue(), tokens=("‹U+001B›", "‹U+2066›", "‹U+009B›"))


def test_json_results_keep_the_data_but_hold_no_invisible_character() -> None:
    text = FORMATS["json"].renderer()(tenant(), RenderOptions())
    assert isinstance(text, str)
    for raw in PLANTED:
        assert raw not in text  # written as \\u202e escapes
    assert json.loads(text)["run"]["subscriptions"][0]["display_name"] == TAG  # data round-trips


@pytest.mark.slow
def test_the_pdf_shows_them() -> None:
    data = FORMATS["pdf"].renderer()(tenant(), RenderOptions())
    assert isinstance(data, bytes)
    text = "".join("".join(pdf_pages(data)).split())
    assert_shown_not_obeyed(text)


def test_every_control_format_and_separator_character_is_made_visible() -> None:
    missed = [
        f"U+{c:04X}"
        for c in range(0x110000)
        if unicodedata.category(chr(c)) in {"Cc", "Cf", "Cs", "Zl", "Zp"}
        and chr(c) not in "\t\n"
        and visible(chr(c)) == chr(c)
    ]
    assert missed == []


@given(st.text())
def test_visible_output_holds_nothing_invisible_and_keeps_the_rest(text: str) -> None:
    shown = visible(text)
    assert all(
        unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Zl", "Zp"} or c in "\t\n" for c in shown
    )
    if "‹" not in text:  # each token reads back as the character it stands for
        assert re.sub("‹U\\+([0-9A-F]{4,6})›", lambda m: chr(int(m[1], 16)), shown) == text


@given(st.text())
def test_json_escaped_reads_back_the_same_data(text: str) -> None:
    document = json_escaped(json.dumps({"k": text}, ensure_ascii=False))
    assert all(visible(c) == c for c in document)
    assert json.loads(document) == {"k": text}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_inventory_shows_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    vault = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v0"
    snapshot = Snapshot(
        collected_at=datetime(2026, 11, 20, tzinfo=UTC),
        collected=("subscriptions", "vaults", "secrets"),
        subscriptions=(
            Subscription(id=f"/subscriptions/{SUB}", subscription_id=SUB, display_name=TAG),
        ),
        vaults=(Vault(id=vault, name=NAME, subscription_id=SUB, resource_group="rg"),),
        secrets=(SecretMeta(id=f"{vault}/secrets/s", name=f"=cmd|{NAME}", vault_id=vault),),
    )
    source = tmp_path / "snapshot.json"
    save_snapshot(snapshot, source)
    target = tmp_path / f"inventory.{fmt}"
    assert main(["inventory", str(source), "-f", fmt, "-o", str(target), "-q"]) == 0, (
        capsys.readouterr().err
    )
    if fmt == "csv":
        text = target.read_text(encoding="utf-8")
    else:
        from zipfile import ZipFile

        with ZipFile(target) as book:
            text = book.read("xl/sharedStrings.xml").decode()
    assert_shown_not_obeyed(text, tokens=("‹U+202E›", "‹U+200D›"))

"""Hostile estate text stays text in HTML and PDF, and the PDF renderer fetches nothing."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from report_parse import parse_html, pdf_pages
from results_factory import HOSTILE, hostile_results

from assess.config import Config
from assess.registry import load_registry
from assess.reporters import RenderOptions
from assess.reporters import html as html_report
from assess.reporters import pdf as pdf_report
from assess.results import Results, build_results
from assess.snapshot import CollectionScope, Identity, ResourceGroup, Snapshot, Subscription, Vault

SUB = "00000000-0000-0000-0000-0000000000aa"


def hostile_tenant() -> Results:
    """A tenant whose names and tags carry markup, evaluated by the real built-in checks."""
    tag = {"environment": HOSTILE[0], "owner": HOSTILE[1], "css": HOSTILE[3]}
    vaults = tuple(
        Vault(
            id=f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v{i}",
            name=f"{text}-v{i}",
            subscription_id=SUB,
            resource_group="rg",
            tags=tag,
            enable_soft_delete=i % 2 == 0,
            enable_purge_protection=False,
        )
        for i, text in enumerate(HOSTILE)
    )
    snapshot = Snapshot(
        collected_at=datetime(2026, 11, 20, tzinfo=UTC),
        tenant_id="00000000-0000-0000-0000-000000000000",
        identity=Identity(type="service_principal"),
        scope=CollectionScope(subscriptions=(SUB,)),
        collected=("subscriptions", "resource_groups", "vaults"),
        subscriptions=(
            Subscription(
                id=f"/subscriptions/{SUB}", subscription_id=SUB, display_name=HOSTILE[2], tags=tag
            ),
        ),
        resource_groups=(
            ResourceGroup(
                id=f"/subscriptions/{SUB}/resourceGroups/rg",
                name="rg",
                subscription_id=SUB,
                tags=tag,
            ),
        ),
        vaults=vaults,
    )
    return build_results(
        snapshot, load_registry(builtins_only=True), Config(), datetime(2026, 11, 20, tzinfo=UTC)
    )


@pytest.fixture(params=["factory", "tenant"])
def results(request: pytest.FixtureRequest) -> Results:
    return hostile_results() if request.param == "factory" else hostile_tenant()


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a))  # type: ignore[arg-type]
    return attempts


def test_html_shows_hostile_text_as_text(results: Results) -> None:
    html = html_report.render(results, RenderOptions())
    page = parse_html(html)
    assert len(page.all("script")) == 1 and "alert" not in page.all("script")[0].text
    assert not page.all("img") and not page.all("link")
    assert not any("onerror" in e.attrs for e in page.elements)
    names = [f.resource_name for f in results.findings]
    assert any(HOSTILE[0] in n for n in names)
    for name in {n for n in names if "<" in n}:
        assert name in page.text  # visible, as typed
    for raw in HOSTILE:
        if "<" in raw:
            assert raw not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html


def test_pdf_shows_hostile_text_and_fetches_nothing(
    results: Results, no_network: list[Any]
) -> None:
    html = pdf_report.render_html_for_print(results, RenderOptions())
    fetcher = pdf_report.make_url_fetcher()
    text = " ".join(pdf_pages(pdf_report.html_to_pdf(html, fetcher)))
    assert fetcher.attempts == []
    assert no_network == []
    # Long cells wrap anywhere, so a name can span two lines: compare without the line breaks.
    solid = "".join(text.split())
    assert "<script>alert('x')</script>" in solid
    assert "url(file:///etc/passwd)" in solid
    assert "root:x:0:0" not in solid


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
        "https://example.com/a.css",
        "data:text/css,body{}",
        "ftp://127.0.0.1/x",
    ],
)
def test_fetcher_refuses_every_url(url: str, no_network: list[Any]) -> None:
    fetcher = pdf_report.make_url_fetcher()
    with pytest.raises(pdf_report.RefusedFetch):
        fetcher.fetch(url)
    assert fetcher.attempts == [url] and no_network == []


def test_markup_that_asks_for_urls_gets_nothing(no_network: list[Any], tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("canary-9f1c", encoding="utf-8")
    html = (
        "<html><head><link rel='stylesheet' href='http://127.0.0.1:1/x.css'>"
        f"<style>body {{ background: url({secret.as_uri()}); }}</style></head><body>"
        "<img src='http://127.0.0.1:1/x'><img src='data:image/png;base64,iVBORw0KGgo='>"
        f"<object data='{secret.as_uri()}'></object><p>plain</p></body></html>"
    )
    fetcher = pdf_report.make_url_fetcher()
    text = " ".join(pdf_pages(pdf_report.html_to_pdf(html, fetcher)))
    assert "plain" in text and "canary-9f1c" not in text
    assert any(a.startswith("http://127.0.0.1:1/") for a in fetcher.attempts)
    assert no_network == []


def test_allowed_root_serves_only_files_inside_it(tmp_path: Path) -> None:
    root = tmp_path / "assets"
    root.mkdir()
    (root / "a.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "outside.css").write_text("p{}", encoding="utf-8")
    fetcher = pdf_report.make_url_fetcher(allowed_root=root)
    assert fetcher.fetch((root / "a.css").as_uri()).read() == b"p{}"
    for url in (
        (root / ".." / "outside.css").as_uri(),
        (tmp_path / "outside.css").as_uri(),
        "file:///etc/passwd",
    ):
        with pytest.raises(pdf_report.RefusedFetch):
            fetcher.fetch(url)


def test_redirects_are_not_followed() -> None:
    fetcher = pdf_report.make_url_fetcher()
    with pytest.raises(pdf_report.RefusedFetch):
        fetcher.open("http://127.0.0.1:1/redirected")


def test_control_characters_in_estate_text_keep_junit_well_formed() -> None:
    import xml.etree.ElementTree as ET

    from assess.reporters import junit

    results = hostile_tenant()
    evil = "\x1b[31mred\x1b]0;title\x07\x00"
    renamed = [
        f.model_copy(update={"resource_name": evil, "message": f.message + evil})
        for f in results.findings
    ]
    text = junit.render(results.model_copy(update={"findings": tuple(renamed)}), RenderOptions())
    root = ET.fromstring(text.encode())  # noqa: S314 -- our own output, checked well-formed
    assert "‹U+001B›[31mred" in text and "\x1b" not in text and "\x00" not in text
    assert root.tag == "testsuites"

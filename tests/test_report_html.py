"""The HTML report, read back from its own markup."""

from __future__ import annotations

import itertools
import re
import shlex
from pathlib import Path

import pytest
from report_parse import Page, parse_html
from results_factory import rich_results

from assess.errors import InputError
from assess.reporters import FORMATS, RenderOptions
from assess.reporters import html as html_report
from assess.resources import data_path
from assess.results import Results


@pytest.fixture(scope="module")
def results() -> Results:
    return rich_results()


@pytest.fixture(scope="module")
def html(results: Results) -> str:
    return html_report.render(results, RenderOptions())


@pytest.fixture(scope="module")
def page(html: str) -> Page:
    return parse_html(html)


def test_registered_as_a_text_format() -> None:
    assert FORMATS["html"].module == "assess.reporters.html" and not FORMATS["html"].binary


def test_sections_are_present_in_order(page: Page) -> None:
    ids = [e.attrs.get("id") for e in page.all("section")]
    top = [
        i
        for i in ids
        if i in {"summary", "questionnaire", "findings", "waivers", "unknowns", "appendix"}
    ]
    assert top == ["summary", "questionnaire", "findings", "waivers", "unknowns", "appendix"]
    assert [h.text for h in page.all("h1")] == ["Application secret protection assessment"]
    h2 = [h.text for h in page.all("h2")]
    assert h2[0] == "Summary" and "The SE:09 questionnaire" in h2 and h2[-1].startswith("Appendix")


def test_summary_shows_score_coverage_and_every_item(page: Page, results: Results) -> None:
    summary = page.by_id("summary").text
    assert results.scores.overall is not None
    assert f"{results.scores.overall:.0f}" in page.by_id("summary").text
    assert f"{results.scores.coverage:.0f}%" in summary
    for item in results.scores.items:
        assert item.item in summary
        assert item.title in summary
    gauge = page.all("figure")[0]
    assert gauge.attrs["role"] == "img" and "Overall score" in str(gauge.attrs["aria-label"])


def test_item_answers_match_the_score_card(page: Page, results: Results) -> None:
    items_table = next(t for t in page.all("table") if t.attrs.get("class") == "items")
    answers = {}
    for row in page.all("tr"):
        text = " ".join(row.text.split())
        m = re.match(r"(SE09-\d) .*?\b(Not determined|Yes|No)\b", text)
        if m and text in " ".join(items_table.text.split()):
            answers[m.group(1)] = m.group(2)
    word = {"yes": "Yes", "no": "No", "unknown": "Not determined"}
    assert answers == {i.item: word[i.answer] for i in results.scores.items}


def test_top_fixes_list_points(page: Page, results: Results) -> None:
    fixes = next(t for t in page.all("table") if "fixes" in str(t.attrs.get("class")))
    best = max(c.points_lost for i in results.scores.items for c in i.checks)
    assert f"+{best:.1f}" in fixes.text


def test_findings_carry_evidence_and_remediation(page: Page, results: Results) -> None:
    failing = next(f for f in results.findings if f.status.value == "fail" and not f.waived)
    section = page.by_id("check-" + failing.check_id.replace(".", "-"))
    meta = results.meta(failing.check_id)
    assert failing.resource_name in section.text
    assert meta.rationale.split()[0] in section.text
    # the az command is filled in with the resource's own id, as one shell word
    commands = [
        e.text for e in page.elements if e.tag == "pre" and "cli" in str(e.attrs.get("class"))
    ]
    words = [w for text in commands for w in shlex.split(text, comments=True)]
    assert failing.resource_id in words and "<resource-id>" not in words
    assert "Bicep" in section.text and "In the Azure portal" in section.text
    # passing resources are there but collapsed
    assert any(e.tag == "details" for e in page.elements)


def test_waived_and_unknown_are_shown_apart(page: Page) -> None:
    waivers = page.by_id("waivers").text
    assert "Premium tier budgeted for Q1" in waivers and "2027-03-31" in waivers
    assert "Expired waivers" in waivers and "2026-06-30" in waivers
    unknowns = page.by_id("unknowns").text
    assert "Microsoft.Authorization/roleAssignments/read" in unknowns
    assert "access denied" in unknowns and "Reader" in unknowns


def test_appendix_has_scope_versions_and_catalog(page: Page, results: Results) -> None:
    appendix = page.by_id("appendix").text
    for text in (
        results.run.tenant_id,
        "contoso-prod",
        "--as-of",
        "2026-11-20 09:30:00",
        "service principal",
        results.run.catalog_version,
        "critical 8, high 4",
    ):
        assert text in appendix
    for meta in results.catalog:
        assert meta.id in appendix


def test_self_contained_and_accessible(html: str, page: Page) -> None:
    assert not page.all("link") and not page.all("img")
    (script,) = page.all("script")
    assert "src" not in script.attrs
    for el in page.elements:
        for name, value in el.attrs.items():
            if name == "href" and value and value.startswith("https://portal.azure.com/#"):
                continue  # a link to the resource in the Azure portal, never fetched
            if name in {"src", "href"}:
                assert value and value.startswith("#"), (el.tag, name, value)
    assert "@import" not in html and "url(" not in html.split("</style>")[0]
    assert "@font-face" not in html
    assert page.all("html")[0].attrs["lang"] == "en"
    tables = html.split("<table")[1:]
    assert tables and all("<th" in t.split("</table>")[0] for t in tables)
    # headings do not skip levels
    levels = [int(e.tag[1]) for e in page.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_templates_never_mark_text_safe() -> None:
    for path in data_path("report_templates").glob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b", text), path.name
        assert "autoescape false" not in text, path.name


def test_gate_outcome_is_reported(results: Results) -> None:
    from assess.results import GateResult

    gated = results.model_copy(
        update={"gate": GateResult(passed=False, reasons=("score 62.0 is below 80",))}
    )
    text = " ".join(
        parse_html(html_report.render(gated, RenderOptions())).by_id("summary").text.split()
    )
    assert "Pipeline gate: FAILED" in text and "score 62.0 is below 80" in text
    assert "Pipeline gate" not in parse_html(html_report.render(results, RenderOptions())).text


def test_templates_are_found_in_a_wheel_and_in_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assess.resources as resources

    wheel_pkg = tmp_path / "site-packages" / "assess"
    (wheel_pkg / "_data" / "report_templates").mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE_DIR", wheel_pkg)
    assert resources.data_path("report_templates") == wheel_pkg / "_data" / "report_templates"
    checkout = tmp_path / "repo"
    (checkout / "assess").mkdir(parents=True)
    (checkout / "report_templates").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", checkout / "assess")
    assert resources.data_path("report_templates") == checkout / "report_templates"
    with pytest.raises(InputError):
        resources.data_path("missing")

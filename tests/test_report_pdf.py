"""The PDF report, read back with pypdf: cover, contents, sections, answers, page furniture."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from report_parse import parse_html, pdf_outline, pdf_pages
from results_factory import SUBSCRIPTIONS, finding, make_results, rich_results, sample_catalog

from assess.errors import UsageError
from assess.model import Status
from assess.reporters import FORMATS, RenderOptions, write_outputs
from assess.reporters import pdf as pdf_report
from assess.results import Results

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def results() -> Results:
    return rich_results()


@pytest.fixture(scope="module")
def pdf(results: Results) -> bytes:
    return pdf_report.render(results, RenderOptions())


@pytest.fixture(scope="module")
def pages(pdf: bytes) -> list[str]:
    return pdf_pages(pdf)


def test_registered_as_a_binary_format() -> None:
    assert FORMATS["pdf"].binary and FORMATS["pdf"].extension == "pdf"


def test_cover_then_summary_on_the_first_page_after_it(pages: list[str], results: Results) -> None:
    assert 5 <= len(pages) <= 40
    cover = pages[0]
    assert "Application secret protection assessment" in cover and "Contents" in cover
    assert "Page " not in cover  # no running footer on the cover
    assert pages[1].startswith("Summary This assessment measures")
    assert f"{results.scores.overall:.0f}" in pages[1]
    assert f"Page 2 of {len(pages)}" in pages[1]


def test_contents_give_the_page_of_each_section(pages: list[str]) -> None:
    cover = pages[0]
    for title in (
        "Summary",
        "The SE:09 questionnaire",
        "Findings by item",
        "What could not be assessed",
        "Appendix: scope, method and check catalog",
    ):
        m = re.search(re.escape(title) + r"\s*\.*\s*(\d+)", cover)
        assert m, title
        assert title in pages[int(m.group(1)) - 1]


def test_every_item_answer_is_printed(pages: list[str], results: Results) -> None:
    questionnaire = next(p for p in pages if "The SE:09 questionnaire How do you protect" in p)
    text = " ".join(pages[pages.index(questionnaire) : pages.index(questionnaire) + 2])
    word = {"yes": "YES", "no": "NO", "unknown": "NOT DETERMINED"}
    for item in results.scores.items:
        assert re.search(
            re.escape(item.item) + r" · " + re.escape(item.title) + r" " + word[item.answer], text
        ), item.item


def test_bookmarks_follow_the_sections(pdf: bytes) -> None:
    outline = pdf_outline(pdf)
    top = [t for d, t in outline if d == 0]
    assert top[:3] == ["Summary", "The SE:09 questionnaire", "Findings by item"]
    assert "What could not be assessed" in top
    assert any(d == 1 and t.startswith("SE09-2 ·") for d, t in outline)
    assert any(d == 2 and t.startswith("SE09-2.") for d, t in outline)


def test_paper_sizes() -> None:
    from pypdf import PdfReader

    small = make_results(sample_catalog()[:1], [])
    a4 = PdfReader(io.BytesIO(pdf_report.render(small, RenderOptions()))).pages[1].mediabox
    letter = (
        PdfReader(io.BytesIO(pdf_report.render(small, RenderOptions(paper="letter"))))
        .pages[1]
        .mediabox
    )
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    letter_pages = pdf_pages(pdf_report.render(rich_results(), RenderOptions(paper="letter")))
    assert letter_pages[1].startswith("Summary")  # the cover still fits one page
    with pytest.raises(UsageError):
        pdf_report.render(small, RenderOptions(paper="a3"))


def test_failing_resources_are_capped_with_a_pointer() -> None:
    purge = next(m for m in sample_catalog() if "purged" in m.title)
    findings = [
        finding(purge, Status.FAIL, f"kv-many-{n:02d}", sub=SUBSCRIPTIONS[0]) for n in range(30)
    ]
    text = " ".join(
        pdf_pages(
            pdf_report.render(
                make_results([purge], findings), RenderOptions(max_failing_per_check=25)
            )
        )
    )
    assert "kv-many-24" in text and "kv-many-25" not in text
    assert "and 5 more failing resources: the HTML report lists them all" in text


def test_the_cap_defaults_to_five_resources_per_check() -> None:
    purge = next(m for m in sample_catalog() if "purged" in m.title)
    findings = [
        finding(purge, Status.FAIL, f"kv-many-{n:02d}", sub=SUBSCRIPTIONS[0]) for n in range(12)
    ]
    text = " ".join(pdf_pages(pdf_report.render(make_results([purge], findings), RenderOptions())))
    assert "kv-many-04" in text and "kv-many-05" not in text
    assert "and 7 more failing resources" in text


def test_print_edition_lays_out_without_warnings(
    results: Results, caplog: pytest.LogCaptureFixture
) -> None:
    """Invalid print CSS or a refused fetch would show up as a WeasyPrint warning."""
    caplog.set_level("WARNING")
    pdf_report.render(results, RenderOptions(paper="letter"))
    warned = [r.getMessage() for r in caplog.records if r.levelname in {"WARNING", "ERROR"}]
    # Not about the report: WeasyPrint >= 70 says so on machines without HarfBuzz's subsetter.
    assert [m for m in warned if "HarfBuzz-Subset" not in m] == []


def test_all_three_formats_through_the_output_convention(tmp_path: Path) -> None:
    results = rich_results(vaults_per_sub=2)
    written, stdout = write_outputs(
        results, ["html", "pdf", "md"], tmp_path / "out", RenderOptions()
    )
    assert [p.name for p in written] == ["report.html", "report.pdf", "report.md"] and not stdout
    assert (tmp_path / "out" / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert "<!DOCTYPE html>" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "### [" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_same_results_give_byte_identical_reports() -> None:
    from pypdf import PdfReader

    from assess.reporters import html as html_report
    from assess.reporters import markdown

    one, two = rich_results(vaults_per_sub=2), rich_results(vaults_per_sub=2)
    for module in (html_report, markdown, pdf_report):
        assert module.render(one, RenderOptions()) == module.render(two, RenderOptions())
    meta = PdfReader(io.BytesIO(pdf_report.render(one, RenderOptions()))).metadata
    assert meta is not None and meta.title == "Application secret protection assessment"
    assert str(meta.get("/CreationDate", "")).startswith("D:20261120093000")


def test_observed_values_are_one_fact_a_line_and_never_cut() -> None:
    from assess.reporters import html as html_report

    purge = next(m for m in sample_catalog() if "purged" in m.title)
    routes = [f"kv-{n:03d}-prod: Owner at subscription Production" for n in range(40)]
    results = make_results(
        [purge], [finding(purge, Status.FAIL, "kv-wide", observed={"routes": routes})]
    )
    for html in (
        html_report.render(results, RenderOptions()),
        pdf_report.render_html_for_print(results, RenderOptions()),
    ):
        facts = [
            " ".join(e.text.split())
            for e in parse_html(html).elements
            if e.tag == "li" and e.text.strip().startswith("routes:")
        ]
        assert facts == [f"routes: {r}" for r in routes]
        assert "…" not in html

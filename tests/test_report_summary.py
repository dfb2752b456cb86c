"""The executive summary (band, gate verdict, charts, breakdowns, trend) and traceable evidence
(full id, portal link, API and property, identities), read back from the rendered HTML and PDF."""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_parse import Page, parse_html, pdf_pages
from results_factory import SUBSCRIPTIONS, finding, make_results, rich_results, sample_catalog

from assess.config import load_config
from assess.errors import InputError
from assess.history import record_run
from assess.model import CheckMeta, Status
from assess.reporters import RenderOptions
from assess.reporters import html as html_report
from assess.reporters import pdf as pdf_report
from assess.reporters._fixes import fill
from assess.reporters._summary import rating
from assess.results import GateResult, Results
from assess.run import render, trend_from_history, trend_since


@pytest.fixture(scope="module")
def results() -> Results:
    return rich_results()


@pytest.fixture(scope="module")
def gated(results: Results) -> Results:
    return results.model_copy(
        update={"gate": GateResult(passed=False, reasons=("score 62.0 is below the minimum 80",))}
    )


def summary_of(results: Results, options: RenderOptions | None = None) -> Page:
    page = parse_html(html_report.render(results, options or RenderOptions()))
    return page


def text_of(page: Page, element_id: str) -> str:
    return " ".join(page.by_id(element_id).text.split())


def test_rating_bands_default_and_edges() -> None:
    assert [rating(s) for s in (100, 90, 89.9, 70, 50, 49.9, 0)] == [
        "strong",
        "strong",
        "adequate",
        "adequate",
        "weak",
        "poor",
        "poor",
    ]
    assert rating(None) == ""


def test_summary_holds_band_gate_verdict_and_a_bar_per_item(gated: Results) -> None:
    page = summary_of(gated, RenderOptions(target=80))
    text = text_of(page, "summary")
    band = rating(gated.scores.overall)
    assert f"Rated {band}" in text
    assert "Pipeline gate: FAILED" in text and "score 62.0 is below the minimum 80" in text
    chart = next(e for e in page.elements if e.tag == "figure" and "chart" in str(e.attrs))
    labels = re.findall(r"SE09-\d", chart.text)
    assert labels == [i.item for i in gated.scores.items]
    for item in gated.scores.items:
        shown = "no score" if item.score is None else f"{item.score:.0f}"
        assert f"{item.item} {shown}" in " ".join(chart.text.split())
    assert "gate 80" in chart.text and "strong 90" in chart.text


def test_passed_gate_and_no_gate(results: Results) -> None:
    passed = results.model_copy(update={"gate": GateResult(passed=True)})
    assert "Pipeline gate: passed" in text_of(summary_of(passed), "summary")
    assert "Pipeline gate" not in text_of(summary_of(results), "summary")


def test_bands_come_from_the_config(tmp_path: Path, results: Results) -> None:
    config_file = tmp_path / "assess.toml"
    config_file.write_text("[report.bands]\ngood = 40\nbad = 0\n")
    bands = load_config(config_file).report.band_list()
    assert bands == (("good", 40.0), ("bad", 0.0))
    text = text_of(summary_of(results, RenderOptions(bands=bands)), "summary")
    assert "Rated good" in text and "good 40+, bad below 40" in text
    config_file.write_text("[report.bands]\ngood = 40\n")
    with pytest.raises(InputError, match="one band must start at 0"):
        load_config(config_file)


def test_breakdowns_list_production_first_and_every_subscription(results: Results) -> None:
    page = summary_of(results)
    tables = [e for e in page.elements if e.tag == "table" and "breakdown" in str(e.attrs)]
    env_text, sub_text = (" ".join(t.text.split()) for t in tables)
    envs = [e for e in ("production", "test", "development", "unclassified") if e in env_text]
    assert envs[0] == "production"
    assert env_text.index("production") < env_text.index("development")
    for _, name in SUBSCRIPTIONS:
        assert name in sub_text


def test_trend_against_a_previous_run() -> None:
    catalog = sample_catalog()
    purge = next(m for m in catalog if "purged" in m.title)
    before = make_results(catalog, [finding(purge, Status.FAIL, f"kv-{n}") for n in range(4)])
    after = make_results(
        catalog,
        [
            finding(purge, Status.PASS, "kv-0"),
            *(finding(purge, Status.FAIL, f"kv-{n}") for n in (1, 2, 3, 9)),
        ],
    )
    text = text_of(summary_of(after, RenderOptions(trend=trend_since(before, after))), "summary")
    assert "Since 2026-11-20" in text
    assert "1 new failure" in text and "1 fixed" in text
    assert "Change" in text


def test_trend_from_the_history_database(tmp_path: Path) -> None:
    catalog = sample_catalog()
    purge = next(m for m in catalog if "purged" in m.title)
    week_ago = make_results(catalog, [finding(purge, Status.FAIL, f"kv-{n}") for n in range(4)])
    week_ago = week_ago.model_copy(
        update={
            "run": week_ago.run.model_copy(update={"as_of": datetime(2026, 11, 13, tzinfo=UTC)})
        }
    )
    now = make_results(
        catalog,
        [
            finding(purge, Status.PASS, "kv-0"),
            finding(purge, Status.UNKNOWN, "kv-1"),
            *(finding(purge, Status.FAIL, f"kv-{n}") for n in (2, 3, 9)),
        ],
    )
    database = tmp_path / "history.db"
    assert trend_from_history(database, now) is None  # no database yet: no trend, no error
    record_run(database, week_ago)
    record_run(database, now)  # the run itself may be recorded already: only earlier runs count
    render(now, ["html"], tmp_path / "report.html", history=database)
    text = text_of(parse_html((tmp_path / "report.html").read_text(encoding="utf-8")), "summary")
    assert "Since 2026-11-13" in text
    assert "1 new failure" in text and "1 fixed" in text and "1 no longer assessed" in text
    assert "Change" in text
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    # The score chart over the two runs: one bold overall line with a point per run.
    overall = re.search(r'class="trend-overall"[^>]*points="([^"]*)"', html)
    assert overall is not None and len(overall.group(1).split()) == 2
    assert "Score over 2 runs" in text
    # Only kv-9 failed now and not then: it alone carries the mark.
    assert html.count("new since 2026-11-13") == 1
    row = html[html.index("new since 2026-11-13") - 600 : html.index("new since 2026-11-13")]
    assert "kv-9" in row
    # A history that holds only later runs gives no trend.
    assert trend_from_history(database, week_ago) is None


def test_pdf_summary_page_has_band_verdict_and_items(gated: Results) -> None:
    pages = pdf_pages(pdf_report.render(gated, RenderOptions(target=80)))
    summary = pages[1]
    assert summary.startswith("Summary")
    assert f"Rated {rating(gated.scores.overall)}" in summary
    assert "Pipeline gate: FAILED" in summary
    for item in gated.scores.items:
        assert item.item in summary


# ---- traceable evidence ----------------------------------------------------------------------


PORTAL = "https://portal.azure.com"


def test_a_finding_shows_its_full_id_portal_link_api_and_property(results: Results) -> None:
    page = parse_html(html_report.render(results, RenderOptions(portal=PORTAL)))
    f = next(x for x in results.findings if x.status is Status.FAIL and not x.waived)
    section = page.by_id("check-" + f.check_id.replace(".", "-"))
    text = section.text
    assert f.resource_id in text
    assert f.evidence is not None
    assert f.evidence.api in text and f.evidence.property in text
    links = [e.attrs.get("href") for e in page.elements if e.tag == "a"]
    assert f"https://portal.azure.com/#@{results.run.tenant_id}/resource{f.resource_id}" in links


def test_portal_links_follow_the_cloud_and_stay_inside_the_portal() -> None:
    from assess.cloud import portal_of
    from assess.reporters._evidence import portal_url

    rid = "/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/v"
    china, usgov = portal_of("AzureChinaCloud"), portal_of("AzureUSGovernment")
    assert portal_url(rid, china).startswith("https://portal.azure.cn/#resource/")
    assert portal_url(rid, usgov).startswith("https://portal.azure.us/#resource/")
    assert portal_of("MyStack") == "" and portal_url(rid, "") == ""  # custom cloud: not known
    assert portal_url("/principals/abc", PORTAL) == ""
    hostile = portal_url('/subscriptions/s/x"><script>#?&/javascript:', PORTAL)
    assert hostile.startswith("https://portal.azure.com/#resource/subscriptions/s/")
    assert '"' not in hostile and "<" not in hostile and "?" not in hostile


def test_long_identifiers_wrap_only_at_separators(results: Results) -> None:
    html = html_report.render(results, RenderOptions())
    f = next(x for x in results.findings if x.status is Status.FAIL and not x.waived)
    wrapped = re.sub(r"([/.\-])", r"\1<wbr>", f.resource_id)
    assert wrapped in html
    assert "overflow-wrap: anywhere" not in html.split("pre {")[0]


# ---- fixes filled in -------------------------------------------------------------------------


HOSTILE = "kv-x; rm -rf ~ $(curl evil) `id` 'q' \"dq\""


def purge_check_with(cli: str) -> CheckMeta:
    meta = next(m for m in sample_catalog() if "purged" in m.title)
    remediation = meta.remediation.model_copy(update={"cli": cli})
    return meta.model_copy(update={"remediation": remediation})


def test_a_hostile_name_stays_one_quoted_word_in_the_command() -> None:
    meta = purge_check_with(
        "az keyvault update --name <vault> --resource-group <group> --enable-purge-protection true"
    )
    f = finding(meta, Status.FAIL, HOSTILE, group="rg-$(reboot);x")
    fixed = fill(meta, f)
    words = shlex.split(fixed.cli)
    assert words == [
        "az",
        "keyvault",
        "update",
        "--name",
        HOSTILE,
        "--resource-group",
        "rg-$(reboot);x",
        "--enable-purge-protection",
        "true",
    ]
    assert fixed.unfilled == ()


def test_unknown_placeholders_stay_and_say_what_goes_there() -> None:
    meta = purge_check_with(
        "az network private-endpoint create --name <vault>-pe --vnet-name <vnet> --subnet <subnet>"
    )
    fixed = fill(meta, finding(meta, Status.FAIL, "kv-a"))
    assert "kv-a-pe" in shlex.split(fixed.cli)
    hints = dict(fixed.unfilled)
    assert set(hints) == {"<vnet>", "<subnet>"} and "network" in hints["<vnet>"]


def test_hostile_names_are_quoted_in_the_rendered_commands() -> None:
    meta = next(m for m in sample_catalog() if "purged" in m.title)
    results = make_results([meta], [finding(meta, Status.FAIL, HOSTILE)])
    page = parse_html(html_report.render(results, RenderOptions()))
    (cli,) = [e.text for e in page.elements if e.tag == "pre" and "cli" in str(e.attrs)]
    commands = [line for line in cli.splitlines() if line.startswith("az ")]
    (command,) = commands
    ids = shlex.split(command)[shlex.split(command).index("--ids") + 1]
    assert ids == results.findings[0].resource_id and ids.endswith(HOSTILE)

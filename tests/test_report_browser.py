"""The HTML report in a real headless browser (Chromium): the script runs, the contents stay in
view, and the filter hides the rows that do not match. Skips with the reason when no Chromium is
installed (``apt-get install chromium``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from report_parse import parse_html
from results_factory import rich_results

from assess.reporters import RenderOptions
from assess.reporters import html as html_report

pytestmark = pytest.mark.slow

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)


def dump_dom(page: Path, fragment: str = "") -> str:
    if BROWSER is None:
        pytest.skip("no headless browser: apt-get install chromium")
    run = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri() + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "report.html"
    path.write_text(html_report.render(rich_results(), RenderOptions()), encoding="utf-8")
    return path


def test_the_script_runs_and_shows_the_filter_in_the_contents(page: Path) -> None:
    dom = parse_html(dump_dom(page))
    (form,) = [e for e in dom.elements if e.attrs.get("id") == "filters"]
    assert "hidden" not in form.attrs  # the script ran and showed it
    (nav,) = [e for e in dom.elements if e.tag == "nav"]
    assert "Summary" in nav.text and "SE09-1" in nav.text and "Filter resources" in nav.text
    assert "position: sticky" in page.read_text()


def test_a_filter_in_the_address_hides_the_rows_that_do_not_match(page: Path) -> None:
    results = rich_results()
    wanted = next(f for f in results.findings if f.status.value == "fail" and not f.waived)
    name = wanted.resource_name
    dom = parse_html(dump_dom(page, "#filter=" + name))
    rows = [e for e in dom.elements if "res" in str(e.attrs.get("class", "")).split()]
    shown = [r for r in rows if "hidden" not in r.attrs]
    hidden = [r for r in rows if "hidden" in r.attrs]
    assert shown and hidden
    assert all(name.lower() in " ".join(r.text.split()).lower() for r in shown)
    assert not any(name.lower() in r.text.lower() for r in hidden)

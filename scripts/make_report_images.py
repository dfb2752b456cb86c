"""Refresh the report pictures in docs/images/: a screenshot of the HTML report and PNG pages of the PDF.

Renders the recorded demo tenant (offline replay of cassettes/demo-contoso.yaml) when the collectors
and the cassette are present, else a synthetic results fixture. Needs Debian's ``chromium`` and
``poppler-utils`` (``pdftoppm``)::

    apt-get update && apt-get install -y chromium poppler-utils
    python scripts/make_report_images.py [--out docs/images]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from assess.reporters import RenderOptions  # noqa: E402
from assess.reporters import html as html_report  # noqa: E402
from assess.reporters import markdown as md_report  # noqa: E402
from assess.reporters import pdf as pdf_report  # noqa: E402
from assess.results import Results  # noqa: E402

PDF_PAGES = (1, 2, 4, 7)
"""Cover, summary, questionnaire, a findings page."""

GATE_MIN_SCORE = 70.0
"""The pictures show the summary as a CI run with ``--min-score 70`` would: with the verdict."""


def demo_results() -> Results | None:
    """The demo tenant's results, or None when its cassette or collectors are not there yet."""
    try:
        from assess import run
        from assess.progress import NullProgress
    except ImportError:
        return None
    cassette = ROOT / "cassettes" / "demo-contoso.yaml"
    if not cassette.exists():
        return None
    return run.demo(NullProgress())  # what `assess demo` reports


def synthetic_results() -> Results:
    from results_factory import rich_results

    return rich_results()


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("chromium not found: apt-get install -y chromium")


def screenshot(html_file: Path, png: Path, *, width: int = 1280, height: int = 2000) -> None:
    with tempfile.TemporaryDirectory(prefix="report-shot-") as profile:
        subprocess.run(
            [
                chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--window-size={width},{height}",
                f"--screenshot={png}",
                html_file.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def pdf_pngs(pdf_file: Path, out: Path, pages: tuple[int, ...], dpi: int = 80) -> list[Path]:
    if not shutil.which("pdftoppm"):
        raise SystemExit("pdftoppm not found: apt-get install -y poppler-utils")
    made = []
    for page in pages:
        prefix = out / f"report-pdf-page-{page}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-singlefile",
                "-r",
                str(dpi),
                "-f",
                str(page),
                "-l",
                str(page),
                str(pdf_file),
                str(prefix),
            ],
            check=True,
            timeout=120,
        )
        made.append(prefix.with_suffix(".png"))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--synthetic", action="store_true", help="use the synthetic fixture")
    args = parser.parse_args()
    results = None if args.synthetic else demo_results()
    source = "demo tenant"
    if results is None:
        results, source = synthetic_results(), "synthetic fixture"
    args.out.mkdir(parents=True, exist_ok=True)
    from assess.cloud import portal_of
    from assess.config import Gate
    from assess.gate import apply_gate

    results = results.model_copy(
        update={"gate": apply_gate(results, Gate(min_score=GATE_MIN_SCORE))}
    )
    options = RenderOptions(target=GATE_MIN_SCORE, portal=portal_of(results.run.cloud))
    with tempfile.TemporaryDirectory(prefix="report-images-") as tmp:
        html_file = Path(tmp) / "report.html"
        html_file.write_text(html_report.render(results, options), encoding="utf-8")
        pdf_file = Path(tmp) / "report.pdf"
        pdf_file.write_bytes(pdf_report.render(results, options))
        screenshot(html_file, args.out / "report-html.png")
        made = pdf_pngs(pdf_file, args.out, PDF_PAGES)
    (args.out / "report-questionnaire.md").write_text(
        md_report.render(results, options), encoding="utf-8"
    )
    print(
        f"rendered the {source}: {args.out / 'report-html.png'}, "
        + ", ".join(p.name for p in made)
        + ", report-questionnaire.md"
    )


if __name__ == "__main__":
    main()

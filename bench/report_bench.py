"""Report bench: render a generated estate (10,000 findings over 500 resources) to HTML and PDF.

Prints seconds and peak memory of each, the PDF page count, and the page count of the demo
tenant's PDF, next to the targets (HTML under 3 s, PDF under 30 s on 2 cores, PDF under 80 pages,
demo PDF at most 20 pages)::

    python bench/report_bench.py [--findings 10000] [--resources 500] [--pdf-max-resources 10]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from results_factory import large_results  # noqa: E402

from assess.reporters import RenderOptions  # noqa: E402
from assess.reporters import html as html_report  # noqa: E402
from assess.reporters import pdf as pdf_report  # noqa: E402

TARGETS = {"html_seconds": 3.0, "pdf_seconds": 30.0, "pdf_pages": 80, "demo_pages": 20}


def _peak_rss_mib() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to the current RSS
        return True
    except OSError:
        return False


def measure(func: Callable[[], Any]) -> tuple[Any, float, str]:
    """(result, seconds, peak memory) of one call.

    Peak memory is the process's peak resident set size during the call (Linux, C libraries
    included); elsewhere, Python allocations traced by tracemalloc in a second, untimed run.
    """
    if _reset_peak_rss():
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
        return result, seconds, f"peak RSS {_peak_rss_mib() or 0:7.1f} MiB"
    started = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, f"peak Python allocations {peak / 2**20:7.1f} MiB"


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--resources", type=int, default=500)
    parser.add_argument(
        "--pdf-max-resources", type=int, default=RenderOptions().max_failing_per_check
    )
    args = parser.parse_args()

    results = large_results(args.findings, args.resources)
    options = RenderOptions(max_failing_per_check=args.pdf_max_resources)
    print(
        f"estate: {len(results.findings)} findings, {args.resources} resources, "
        f"{len(results.catalog)} checks, {results.scores.counts.failed} failing"
    )

    # untimed warm-up: template compilation and WeasyPrint's imports are one-off costs
    html_report.render(large_results(60, 3), options)
    pdf_report.render(large_results(60, 3), options)

    html, html_s, html_mb = measure(lambda: html_report.render(results, options))
    pdf, pdf_s, pdf_mb = measure(lambda: pdf_report.render(results, options))

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    demo_pages = _demo_pages(options)
    ok = (
        html_s < TARGETS["html_seconds"]
        and pdf_s < TARGETS["pdf_seconds"]
        and pages < TARGETS["pdf_pages"]
        and (demo_pages is None or demo_pages <= TARGETS["demo_pages"])
    )
    print(
        f"HTML: {html_s:6.2f} s  {html_mb}  {len(html) / 2**20:5.1f} MiB written"
        f"   target < {TARGETS['html_seconds']:.0f} s: {verdict(html_s < TARGETS['html_seconds'])}"
    )
    print(
        f"PDF:  {pdf_s:6.2f} s  {pdf_mb}  {len(pdf) / 2**20:5.1f} MiB written"
        f"   target < {TARGETS['pdf_seconds']:.0f} s: {verdict(pdf_s < TARGETS['pdf_seconds'])}"
    )
    print(
        f"PDF pages: {pages}   target < {TARGETS['pdf_pages']}: {verdict(pages < TARGETS['pdf_pages'])}"
    )
    if demo_pages is None:
        print("demo PDF pages: not measured (cassettes/demo-contoso.yaml is not in this checkout)")
    else:
        within = demo_pages <= TARGETS["demo_pages"]
        print(
            f"demo PDF pages: {demo_pages}   target <= {TARGETS['demo_pages']}: {verdict(within)}"
        )
    return 0 if ok else 1


def _demo_pages(options: RenderOptions) -> int | None:
    """Pages of the demo tenant's PDF (the recorded cassette, evaluated at its own clock)."""
    from pypdf import PdfReader

    from assess import run
    from assess.progress import NullProgress

    if not (ROOT / run.DEMO_CASSETTE).is_file():
        return None
    demo = run.demo(NullProgress())
    return len(PdfReader(io.BytesIO(pdf_report.render(demo, options))).pages)


if __name__ == "__main__":
    raise SystemExit(main())

"""``--format pdf``: the HTML report's print edition, laid out by WeasyPrint.

WeasyPrint is imported here, lazily, and gets a URL fetcher that refuses everything: the print
edition is self-contained (inline CSS and SVG), so any URL it meets came from somewhere else and is
not fetched (no ``file:``, ``http(s):`` or ``data:``). Refusals are logged by WeasyPrint and
rendering goes on; a test asserts no fetch happens for hostile estate text.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import url2pathname

from assess.errors import UsageError
from assess.reporters import RenderOptions
from assess.reporters.html import asset, render_page, view_for
from assess.resources import data_path
from assess.results import Results

log = logging.getLogger(__name__)

PAPER: dict[str, tuple[str, str]] = {"a4": ("A4", "297mm"), "letter": ("letter", "279.4mm")}
"""``--paper`` value -> (CSS page size, page height for the full-bleed cover)."""


class RefusedFetch(ValueError):
    """A URL the report renderer will not fetch."""


def make_url_fetcher(allowed_root: Path | None = None) -> Any:
    """A WeasyPrint fetcher that refuses every URL, except files inside ``allowed_root``.

    The report templates use no external resource, so the default (``allowed_root=None``) refuses
    everything. ``attempts`` records each URL asked for, for tests and logs.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LockedFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
            self.attempts: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.attempts.append(url)
            if allowed_root is not None and url.startswith("file:"):
                path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:")))
                target = path.resolve()
                if target.is_file() and target.is_relative_to(allowed_root.resolve()):
                    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(
                        target.as_uri(), target.read_bytes(), {"Content-Type": kind}
                    )
            log.warning("refused to fetch %r while rendering the PDF", url[:200])
            raise RefusedFetch(f"the report renderer fetches nothing ({url[:80]!r} refused)")

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            raise RefusedFetch("the report renderer follows no redirects")

    return LockedFetcher()


def print_css(paper: str) -> str:
    try:
        size, height = PAPER[paper.lower()]
    except KeyError:
        raise UsageError(f"unknown paper size {paper!r}", hint="use a4 or letter") from None
    page = f"@page {{ size: {size}; }}\n.cover {{ height: {height}; }}\n"
    return page + str(asset("print.css"))


def render_html_for_print(results: Results, options: RenderOptions) -> str:
    view = view_for(results, options, printed=True)
    return render_page(view, print_css=print_css(options.paper))


FONT_EPOCH = "315532800"
"""1980-01-01, the font timestamp written into embedded font subsets when the caller sets none."""


@contextmanager
def _reproducible_font_subsets() -> Iterator[None]:
    """Same results, same PDF bytes.

    Where HarfBuzz's subsetter is not installed, WeasyPrint subsets fonts with fontTools, which
    stamps each subset with the current time unless ``SOURCE_DATE_EPOCH`` (the reproducible-builds
    convention) is set. A value the user set is kept.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = FONT_EPOCH
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def html_to_pdf(html: str, fetcher: Any | None = None) -> bytes:
    """Lay out ``html`` with WeasyPrint behind the locked fetcher."""
    import weasyprint

    fetcher = fetcher or make_url_fetcher()
    document = weasyprint.HTML(
        string=html,
        base_url=data_path("report_templates").as_uri() + "/",
        url_fetcher=fetcher,
    )
    with _reproducible_font_subsets():
        return bytes(document.write_pdf())


def render(results: Results, options: RenderOptions) -> bytes:
    return html_to_pdf(render_html_for_print(results, options))

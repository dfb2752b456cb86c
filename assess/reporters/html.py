"""``--format html``: one self-contained file (inline CSS, inline SVG, no fonts, no network).

The same templates render the PDF (:mod:`assess.reporters.pdf`) with ``print=True``. Autoescaping
is on for every template; estate text is never marked safe. The only markup passed through
unescaped is packaged with the tool (the stylesheets and the small filter script).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from assess.reporters import RenderOptions
from assess.reporters._evidence import facts, first_sentence, identity, reaches, wrap_id
from assess.reporters._shared import column_of, diagram, summary
from assess.reporters._view import ReportView, build_view, clip, gauge_path, location, plural, shown
from assess.resources import data_path
from assess.results import Results
from assess.visible import visible

TITLE = "Application secret protection assessment"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(data_path("report_templates"))),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=_visible,
    )
    env.globals.update(
        shown=shown,
        location=location,
        gauge=gauge_path,
        plural=plural,
        clip=clip,
        facts=facts,
        identity=identity,
        reaches=reaches,
        first_sentence=first_sentence,
        shared_diagram=lambda group: Markup(diagram(group)),  # noqa: S704 - escaped in _shared
        shared_summary=summary,
        shared_column=column_of,
    )
    env.filters["wrap_id"] = wrap_id
    return env


def _visible(value: Any) -> Any:
    """Every ``{{ ... }}``: invisible characters shown, in text and in markup built from it (the
    ``‹U+XXXX›`` tokens hold no character HTML gives a meaning to)."""
    if isinstance(value, Markup):
        return Markup(visible(str(value)))  # noqa: S704 - already escaped; only tokens added
    return visible(value) if isinstance(value, str) else value


def asset(name: str) -> Markup:
    """A packaged template asset (CSS or script), trusted because it ships with the tool."""
    text = (data_path("report_templates") / name).read_text(encoding="utf-8")
    return Markup(text)  # noqa: S704 - packaged file, never estate data


def render_page(view: ReportView, *, print_css: str = "") -> str:
    """The report page; with ``print_css`` it is the print edition the PDF is made from."""
    extra = Markup(print_css) if print_css else asset("screen.css")  # noqa: S704
    context: dict[str, Any] = {
        "v": view,
        "title": TITLE,
        "print": bool(print_css),
        "css": asset("report.css") + Markup("\n") + extra,
        "script": asset("filter.js"),
    }
    return environment().get_template("base.html.j2").render(context)


def view_for(results: Results, options: RenderOptions, *, printed: bool = False) -> ReportView:
    """The report view for ``options``; the printed edition caps failing resources per check."""
    return build_view(
        results,
        max_failing=options.max_failing_per_check if printed else None,
        paper=options.paper,
        bands=options.bands,
        target=options.target,
        trend=options.trend,
        portal=options.portal,
    )


def render(results: Results, options: RenderOptions) -> str:
    return render_page(view_for(results, options))

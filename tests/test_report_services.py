"""The services assessed, in the HTML and Markdown reports: one row per evidence source some check
reads, with its resources in scope; a service read with no resource says "none in scope" (never a
pass), one switched off names the option that reads it."""

from __future__ import annotations

from pathlib import Path

import stores_fixtures as fx
from declared_cassette import collect_group, page, write_cassette
from snapshot_factory import run_checks
from test_collect_support import ARM

from assess import sources
from assess.reporters import RenderOptions
from assess.reporters._services import service_rows
from assess.reporters.html import render as render_html
from assess.reporters.markdown import render as render_md
from assess.results import Results

GROUP = "rg-data"


def _results(tmp_path: Path, servers: int, on: bool = True) -> Results:
    resources = sources.source("mysql").resources
    assert resources is not None
    items = [fx.mysql_server(f"mysql-{n}", GROUP) for n in range(servers)]
    admins, entra_only = sources.source("mysql").children
    extra = [
        answer
        for item in items
        for answer in (
            (
                admins.operation.url(ARM, resource_id=item["id"]),
                page([]),
            ),
            (
                entra_only.operation.url(ARM, resource_id=item["id"]),
                (200, fx.mysql_configuration(item["id"], "aad_auth_only", "OFF")),
            ),
        )
    ]
    cassette = write_cassette(
        tmp_path / "c.yaml", GROUP, {resources.in_group: page(items)} if on else {}, extra
    )
    snapshot = collect_group(cassette, GROUP, {"mysql": on})
    return run_checks(snapshot, "SE09-3.78", "SE09-2.43")


def test_each_service_says_in_scope_none_in_scope_or_not_read(tmp_path: Path) -> None:
    rows = {r.title: r for r in service_rows(_results(tmp_path, 2))}
    mysql = rows["Azure Database for MySQL flexible servers (password authentication)"]
    assert (mysql.read, mysql.resources, mysql.failing, mysql.checks) == (
        True,
        2,
        2,
        ("SE09-3.78",),
    )
    assert mysql.tally == "2 in scope: 2 with a failing check"
    automation = rows["Automation accounts: variables and credential assets (never the values)"]
    assert automation.tally == "not read (--automation reads it)"
    assert list(rows) == [mysql.title, automation.title]  # in scope first, then not read

    (tmp_path / "none").mkdir()
    none = service_rows(_results(tmp_path / "none", 0))
    assert none[0].tally == "none in scope"


def test_the_reports_list_the_services_assessed(tmp_path: Path) -> None:
    results = _results(tmp_path, 1)
    html = render_html(results, RenderOptions())
    assert 'id="services"' in html
    assert "1 in scope: 1 with a failing check" in html
    assert "not read (--automation reads it)" in html
    markdown = render_md(results, RenderOptions())
    assert "## Services assessed" in markdown
    assert (
        "| Azure Database for MySQL flexible servers (password authentication) | 1 in scope: 1 "
        "with a failing check | SE09-3.78 |"
    ) in markdown

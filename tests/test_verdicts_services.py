"""Azure SQL servers and managed instances are listed with ``$expand=administrators/activedirectory``:
without it the lists leave ``administrators`` out, and a server that accepts Microsoft Entra ID
only would read as accepting SQL passwords (SE09-3.45, SE09-3.46).

Both answers are recorded, each in its documented shape: the plain list as ServerList.json
(api-version 2023-08-01, no ``administrators``) and the expanded one as
ServerListWithExpandEqualsAdministrators.json (``administrators`` with
``azureADOnlyAuthentication``); likewise for managed instances.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import services_fixtures as fx
from declared_cassette import collect_group, page, write_cassette
from snapshot_factory import by_status, run_checks
from test_collect_support import ARM, SUB_A

from assess import sources


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the list answers it without $expand: no ``administrators``."""
    props = {k: v for k, v in item["properties"].items() if k != "administrators"}
    return {**item, "properties": props}


@pytest.mark.parametrize(
    ("switch", "check_id", "make", "provider"),
    [
        ("sql_servers", "SE09-3.45", fx.sql_server, "Microsoft.Sql/servers"),
        (
            "sql_managed_instances",
            "SE09-3.46",
            fx.sql_managed_instance,
            "Microsoft.Sql/managedInstances",
        ),
    ],
)
def test_entra_only_is_read_from_the_expanded_list(
    tmp_path: Path, switch: str, check_id: str, make: Any, provider: str
) -> None:
    resources = sources.source(switch).resources
    assert resources is not None
    items = [make("sql-entra", "rg-data", True), make("sql-mixed", "rg-data", False)]
    plain = (
        f"{ARM}/subscriptions/{SUB_A}/resourceGroups/rg-data/providers/{provider}"
        f"?api-version={resources.in_group.api_version}"
    )
    assert resources.in_group.url(ARM, subscription_id=SUB_A, resource_group="rg-data") != plain
    cassette = write_cassette(
        tmp_path / "c.yaml",
        "rg-data",
        {resources.in_group: page(items)},
        extra=[(plain, page([_plain(i) for i in items]))],
    )
    results = run_checks(collect_group(cassette, "rg-data", {switch: True}), check_id)
    assert by_status(results) == {"pass": {"sql-entra"}, "fail": {"sql-mixed"}}

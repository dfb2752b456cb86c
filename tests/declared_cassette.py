"""Cassettes for the sources collected from their declarations, built from response bodies.

A test names the bodies each list call answers (Microsoft's documented shapes, see
``tests/services_fixtures.py``); :func:`write_cassette` adds what collecting one resource group of
``SUB_A`` always reads (the subscription, the group, its vaults, role definitions and assignments)
and writes a vcrpy cassette that replays with ``record_mode="none"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from test_collect_support import ARM, SUB_A

from assess.apis import Operation
from assess.collect import CollectOptions, collect_snapshot
from assess.progress import NullProgress
from assess.snapshot import Snapshot
from assess.sources.authorization import ROLE_ASSIGNMENTS_LIST, ROLE_DEFINITIONS_LIST
from assess.sources.keyvault import VAULTS_LIST_RG
from assess.sources.resources import RESOURCE_GROUP_GET, SUBSCRIPTION_GET

Answer = tuple[int, Mapping[str, Any]]
"""An HTTP status and its JSON body."""

GROUPS = ("rg-data", "rg-locked")


def denied(action: str, group: str) -> Answer:
    """Resource Manager's 403 for a caller without ``action`` on ``group``."""
    scope = f"/subscriptions/{SUB_A}/resourceGroups/{group}"
    message = (
        "The client '00000000-0000-0000-0000-0000000000c1' with object id "
        f"'00000000-0000-0000-0000-0000000000c1' does not have authorization to perform action "
        f"'{action}' over scope '{scope}' or the scope is invalid. If access was recently "
        "granted, please refresh your credentials."
    )
    return 403, {"error": {"code": "AuthorizationFailed", "message": message}}


def page(items: Iterable[Mapping[str, Any]], next_link: str = "") -> Answer:
    body: dict[str, Any] = {"value": list(items)}
    if next_link:
        body["nextLink"] = next_link
    return 200, body


def _interaction(method: str, uri: str, answer: Answer) -> dict[str, Any]:
    status, body = answer
    return {
        "request": {
            "method": method,
            "uri": uri,
            "body": None,
            "headers": {"Accept": ["application/json"], "User-Agent": ["waf-assess/0.1.0"]},
        },
        "response": {
            "status": {"code": status, "message": "OK" if status == 200 else "Forbidden"},
            "headers": {"Content-Type": ["application/json; charset=utf-8"]},
            "body": {"string": json.dumps(body)},
        },
    }


def _preamble(group: str) -> list[dict[str, Any]]:
    sub = f"/subscriptions/{SUB_A}"
    return [
        _interaction(
            "GET",
            SUBSCRIPTION_GET.url(ARM, subscription_id=SUB_A),
            (200, {"id": sub, "subscriptionId": SUB_A, "displayName": "Contoso Production"}),
        ),
        _interaction(
            "GET",
            RESOURCE_GROUP_GET.url(ARM, subscription_id=SUB_A, resource_group=group),
            (
                200,
                {
                    "id": f"{sub}/resourceGroups/{group}",
                    "name": group,
                    "type": "Microsoft.Resources/resourceGroups",
                    "location": "westeurope",
                    "properties": {"provisioningState": "Succeeded"},
                },
            ),
        ),
        _interaction(
            "GET",
            VAULTS_LIST_RG.url(ARM, subscription_id=SUB_A, resource_group=group),
            page([]),
        ),
        _interaction("GET", ROLE_DEFINITIONS_LIST.url(ARM, subscription_id=SUB_A), page([])),
        _interaction("GET", ROLE_ASSIGNMENTS_LIST.url(ARM, subscription_id=SUB_A), page([])),
    ]


def write_cassette(
    path: Path,
    group: str,
    lists: Mapping[Operation, Answer],
    extra: Iterable[tuple[str, Answer]] = (),
    posts: Iterable[tuple[str, Answer]] = (),
) -> Path:
    """A cassette for collecting ``group`` of ``SUB_A``: each per-group list of ``lists``
    answered as given, then ``extra`` (a full URI and its answer, e.g. a ``nextLink`` page) and
    ``posts`` (the same, for documented read-style POSTs)."""
    interactions = _preamble(group)
    for operation, answer in lists.items():
        url = operation.url(ARM, subscription_id=SUB_A, resource_group=group)
        interactions.append(_interaction("GET", url, answer))
    interactions += [_interaction("GET", uri, answer) for uri, answer in extra]
    interactions += [_interaction("POST", uri, answer) for uri, answer in posts]
    path.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}), encoding="utf-8")
    return path


def collect_group(cassette: Path, group: str, switches: Mapping[str, bool]) -> Snapshot:
    """Collect ``group`` of ``SUB_A`` from ``cassette`` with only ``switches`` on."""
    options = CollectOptions(
        subscriptions=(SUB_A,), resource_group=group, switches=dict(switches), replay=cassette
    )
    return collect_snapshot(options, NullProgress())

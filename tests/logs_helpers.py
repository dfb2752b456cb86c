"""Recorded Log Analytics answers for the log tests, in the shapes Microsoft publishes.

Bodies follow ``OperationalInsights.DataPlane/query-post.json`` (``tables[].columns[{name, type}]``
and positional ``rows``), the recorded 400 semantic error (``BadArgumentError`` with nested
``innererror`` ``SEM0100``) and the recorded 200 partial result (tables and ``error``
``PartialError`` side by side). An answer is what the tool's one query per scope gives: the rows of
a ``union isfuzzy=true`` whose ``Part`` and ``Table`` columns say which question and which table
each row answers, with one ``Part == "table"`` row for each table that exists (:func:`union`).
Each cassette is written with vcrpy's YAML layout and replayed with ``record_mode="none"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from assess.collectors.logs import FAMILY, FOUND, SAMPLE_FAMILY, SUBSCRIPTION_LOGS, VAULT_AUDIT

LA = "https://api.loganalytics.io"
AS_OF = datetime(2026, 11, 1, tzinfo=UTC)
WINDOW = (AS_OF - timedelta(days=30), AS_OF)
COLUMNS = (
    ("Vault", "string"),
    ("Caller", "string"),
    ("CallerIp", "string"),
    ("Operation", "string"),
    ("Secret", "string"),
    ("Events", "long"),
    ("Denied", "long"),
    ("First", "datetime"),
    ("Last", "datetime"),
)


def row(
    vault_id: str,
    caller: str,
    ip: str,
    operation: str,
    secret: str,
    events: int,
    denied: int = 0,
    days_ago: int = 2,
) -> list[Any]:
    """One summarised row; counts as strings half the time, as the published example has them."""
    last = AS_OF - timedelta(days=days_ago)
    first = last - timedelta(days=3)
    return [
        vault_id.lower(),
        caller,
        ip,
        operation,
        secret,
        str(events),
        denied,
        first.strftime("%Y-%m-%dT%H:%M:%SZ"),
        last.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    ]


UNION_COLUMNS = (
    ("Part", "string"),
    ("Table", "string"),
    *COLUMNS,
    ("Resource", "string"),
    ("Sample", "string"),
    ("Lines", "long"),
)
"""The columns of the union of the audit parts (:data:`COLUMNS`) and the sample parts."""


def _cells(**values: Any) -> list[Any]:
    return [values.get(name) for name, _ in UNION_COLUMNS]


def union(
    audit: Mapping[str, Sequence[list[Any]]] | None = None,
    sampled: Sequence[tuple[str, str, str, int]] = (),
    app_tables: Sequence[str] = (),
) -> dict[str, Any]:
    """One scope's answer: ``audit`` rows (of :func:`row`) by the audit table that holds them
    (each table named exists, rows or not), ``sampled`` application log lines as (resource id,
    table, message, lines), and ``app_tables`` that exist besides those the lines came from."""
    audit = audit or {}
    last = (AS_OF - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    tables = [*audit, *dict.fromkeys([*app_tables, *(t for _, t, _, _ in sampled)])]
    rows = [_cells(Part=FOUND, Table=t) for t in tables]
    for name, found in audit.items():
        names = [n for n, _ in COLUMNS]
        rows += [_cells(Part=FAMILY, Table=name, **dict(zip(names, r, strict=True))) for r in found]
    rows += [
        _cells(Part=SAMPLE_FAMILY, Table=t, Resource=r.lower(), Sample=m, Lines=n, Last=last)
        for r, t, m, n in sampled
    ]
    return {
        "tables": [
            {
                "name": "PrimaryResult",
                "columns": [{"name": n, "type": t} for n, t in UNION_COLUMNS],
                "rows": rows,
            }
        ]
    }


def audit(rows: Sequence[list[Any]], *tables: str) -> dict[str, Any]:
    """The same audit ``rows`` in each of ``tables`` (default: both), no application log."""
    return union(dict.fromkeys(tables or ("AZKVAuditLogs", "AzureDiagnostics"), rows))


def missing_table(name: str) -> dict[str, Any]:
    return {
        "error": {
            "message": "The request had some invalid properties",
            "code": "BadArgumentError",
            "correlationId": "d215782f-99e5-4f0d-9a9a-aba25c937179",
            "innererror": {
                "code": "SemanticError",
                "message": "A semantic error occurred.",
                "innererror": {
                    "code": "SEM0100",
                    "message": f"'extend' operator: Failed to resolve table or column expression "
                    f"named '{name}'",
                },
            },
        }
    }


def partial(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` (rows) with a partial result's error beside it."""
    body = dict(body)
    body["error"] = {
        "code": "PartialError",
        "message": "There were some errors when processing your query.",
        "details": [
            {
                "code": "EngineError",
                "message": "Something went wrong processing your query on the server.",
                "innererror": {
                    "code": "-2133196788",
                    "message": "Query exceeded the memory limit; results may be incomplete.",
                    "severity": 2,
                    "severityName": "Error",
                },
            }
        ],
    }
    return body


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def answer(scope: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    """One recorded query and its answer: a subscription's (the audit events and the application
    log sample) or a workspace's (the audit events)."""
    text = SUBSCRIPTION_LOGS if scope.count("/") == 2 else VAULT_AUDIT
    return query_answer(scope, text, status, body)


def query_answer(scope: str, query: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "request": {
            "method": "POST",
            "uri": f"{LA}/v1{scope}/query",
            "body": json.dumps({"query": query}),
            "headers": {"Content-Type": ["application/json"]},
        },
        "response": {
            "status": {"code": status, "message": "OK" if status == 200 else "Error"},
            "headers": {
                "Content-Type": ["application/json; charset=utf-8"],
                "Date": ["Sat, 31 Oct 2026 22:00:00 GMT"],
            },
            "body": {"string": json.dumps(body)},
        },
    }


def write_cassette(path: Path, interactions: Sequence[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"interactions": list(interactions), "version": 1}))
    return path


NO_APP_LOGS = missing_table("AppServiceConsoleLogs")

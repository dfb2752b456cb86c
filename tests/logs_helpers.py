"""Recorded Log Analytics answers for the log tests, in the shapes Microsoft publishes.

Bodies follow ``OperationalInsights.DataPlane/query-post.json`` (``tables[].columns[{name, type}]``
and positional ``rows``), the recorded 400 semantic error (``BadArgumentError`` with nested
``innererror`` ``SEM0100``) and the recorded 200 partial result (tables and ``error``
``PartialError`` side by side). Each cassette is written with vcrpy's YAML layout and replayed with
``record_mode="none"``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml

from assess.collectors.logs import APP_LOG_SAMPLE, VAULT_AUDIT

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


def table(rows: Sequence[list[Any]]) -> dict[str, Any]:
    return {
        "tables": [
            {
                "name": "PrimaryResult",
                "columns": [{"name": n, "type": t} for n, t in COLUMNS],
                "rows": list(rows),
            }
        ]
    }


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


def partial(rows: Sequence[list[Any]]) -> dict[str, Any]:
    body = table(rows)
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


def answer(scope: str, table_name: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    """One recorded vault audit query (``scope``: a subscription or workspace id), its answer."""
    return query_answer(scope, VAULT_AUDIT[table_name], status, body)


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


def both(scope: str, status: int, body: dict[str, Any]) -> list[dict[str, Any]]:
    """The same answer to both tables' queries on ``scope``."""
    return [answer(scope, name, status, body) for name in VAULT_AUDIT]


def write_cassette(path: Path, interactions: Sequence[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump({"interactions": list(interactions), "version": 1}))
    return path


SAMPLE_COLUMNS = (
    ("Resource", "string"),
    ("Table", "string"),
    ("Sample", "string"),
    ("Lines", "long"),
    ("Last", "datetime"),
)


def sample_answer(scope: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    """The recorded application log sample query on ``scope`` and its answer."""
    return query_answer(scope, APP_LOG_SAMPLE, status, body)


def samples(rows: Sequence[tuple[str, str, str, int]]) -> dict[str, Any]:
    """A sample answer: (resource id, table, message, lines) per row."""
    last = (AS_OF - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "tables": [
            {
                "name": "PrimaryResult",
                "columns": [{"name": n, "type": t} for n, t in SAMPLE_COLUMNS],
                "rows": [[r.lower(), t, m, n, last] for r, t, m, n in rows],
            }
        ]
    }


NO_APP_LOGS = missing_table("AppServiceConsoleLogs")

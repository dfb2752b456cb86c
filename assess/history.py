"""The history database: one row per run, with item and check scores and finding ids, in SQLite.

``--history PATH`` (or ``[history] path``) on ``scan``, ``evaluate`` and ``gate`` records the run;
``assess history PATH`` prints the trend. The schema is documented in docs/ci/history.md; its
version lives in the ``schema_version`` table and older databases are migrated forward, one step
at a time, when they are opened.

Several processes may record into one database at once (two pipelines sharing a file share, say):
the database is in WAL mode, every run is written in one ``BEGIN IMMEDIATE`` transaction, and a
writer waits for the other instead of failing (``busy_timeout``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assess.errors import InputError
from assess.model import Status
from assess.results import Results

MIGRATIONS: tuple[str, ...] = (
    # version 1: runs, item scores, findings
    """
    CREATE TABLE schema_version (version INTEGER NOT NULL);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        recorded_at TEXT NOT NULL,
        as_of TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        catalog_version TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        overall REAL,
        coverage REAL,
        passed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        unknown INTEGER NOT NULL,
        waived INTEGER NOT NULL,
        not_applicable INTEGER NOT NULL
    );
    CREATE TABLE item_scores (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        item TEXT NOT NULL,
        score REAL,
        coverage REAL,
        answer TEXT NOT NULL,
        PRIMARY KEY (run_id, item)
    );
    CREATE TABLE findings (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        finding_id TEXT NOT NULL,
        check_id TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        status TEXT NOT NULL
    );
    CREATE INDEX findings_by_run ON findings (run_id, status);
    INSERT INTO schema_version (version) VALUES (1);
    """,
    # version 2: check scores, the gate's verdict, waived findings apart
    """
    CREATE TABLE check_scores (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        check_id TEXT NOT NULL,
        score REAL,
        coverage REAL,
        points_lost REAL NOT NULL,
        PRIMARY KEY (run_id, check_id)
    );
    ALTER TABLE runs ADD COLUMN gate_passed INTEGER;
    ALTER TABLE findings ADD COLUMN waived INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX findings_by_id ON findings (finding_id);
    UPDATE schema_version SET version = 2;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_SECONDS = 60.0


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise InputError(f"cannot open the history database {path}: {exc}") from None
    try:
        _while_locked(lambda: conn.execute("PRAGMA journal_mode=WAL"))
        conn.execute("PRAGMA foreign_keys=ON")
        _while_locked(lambda: _migrate(conn, path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError(
            f"{path} is not a waf-assess history database: {exc}",
            hint="name a new file, or one written by --history",
        ) from None
    except BaseException:
        conn.close()
        raise
    return conn


def _while_locked(step: Callable[[], object]) -> None:
    """Run ``step``, again while another process holds the database locked, for up to
    :data:`BUSY_TIMEOUT_SECONDS`: switching to WAL and creating the schema can meet a lock that
    SQLite reports at once rather than waiting for (two runs creating one file together)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _version(conn: sqlite3.Connection) -> int:
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if found is None:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise sqlite3.DatabaseError("it has tables but no schema_version table")
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION`, each step in its own transaction."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = _version(conn)
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"{path}: history schema version {version} is newer than this tool reads "
                    f"(version {SCHEMA_VERSION})",
                    hint="upgrade waf-assess",
                )
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


@contextmanager
def open_history(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection to the (migrated) database at ``path``, closed afterwards."""
    conn = _connect(path)
    try:
        yield conn
    finally:
        conn.close()


def record_run(path: Path, results: Results, *, recorded_at: datetime | None = None) -> int:
    """Record ``results`` as one run, in one transaction; returns the run's id."""
    when = (recorded_at or datetime.now(UTC)).replace(microsecond=0)
    scores = results.scores
    counts = scores.counts
    gate = results.gate
    with open_history(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = conn.execute(
                "INSERT INTO runs (recorded_at, as_of, tool_version, catalog_version, tenant_id,"
                " overall, coverage, passed, failed, unknown, waived, not_applicable, gate_passed)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    when.isoformat(),
                    results.run.as_of.isoformat(),
                    results.run.tool_version,
                    results.run.catalog_version,
                    results.run.tenant_id,
                    scores.overall,
                    scores.coverage,
                    counts.passed,
                    counts.failed,
                    counts.unknown,
                    counts.waived,
                    counts.not_applicable,
                    None if gate is None else int(gate.passed),
                ),
            )
            run_id = int(cursor.lastrowid or 0)
            conn.executemany(
                "INSERT INTO item_scores (run_id, item, score, coverage, answer)"
                " VALUES (?, ?, ?, ?, ?)",
                [(run_id, i.item, i.score, i.coverage, i.answer) for i in scores.items],
            )
            conn.executemany(
                "INSERT INTO check_scores (run_id, check_id, score, coverage, points_lost)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (run_id, c.check_id, c.score, c.coverage, c.points_lost)
                    for i in scores.items
                    for c in i.checks
                ],
            )
            conn.executemany(
                "INSERT INTO findings (run_id, finding_id, check_id, resource_id, severity,"
                " status, waived) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        run_id,
                        f.id,
                        f.check_id,
                        f.resource_id,
                        f.severity.value,
                        f.status.value,
                        int(f.waived),
                    )
                    for f in results.findings
                ],
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return run_id


# ---- the trend -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendRun:
    """One recorded run, as the trend shows it."""

    id: int
    recorded_at: str
    as_of: str
    overall: float | None
    coverage: float | None
    failing: int
    """Unwaived failing findings."""
    new: int
    """Failing now and not failing in the run before (0 for the first run)."""
    fixed: int
    """Failing in the run before and not failing now."""
    gate_passed: bool | None
    items: dict[str, float | None] = field(default_factory=dict)
    """Item id -> score."""
    new_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trend:
    path: str
    runs: tuple[TrendRun, ...]


def _failing_ids(conn: sqlite3.Connection, run_id: int) -> set[str]:
    rows = conn.execute(
        "SELECT finding_id FROM findings WHERE run_id = ? AND status = ? AND waived = 0",
        (run_id, Status.FAIL.value),
    )
    return {str(r[0]) for r in rows}


def load_trend(path: Path, *, last: int | None = None) -> Trend:
    """Every recorded run (or the ``last`` ones), oldest first, with new and fixed findings
    counted against the run before. This is the data the reports chart."""
    if not path.is_file():
        raise InputError(f"history database not found: {path}")
    with open_history(path) as conn:
        rows = conn.execute(
            "SELECT id, recorded_at, as_of, overall, coverage, gate_passed FROM runs"
            " ORDER BY as_of, id"
        ).fetchall()
        items: dict[int, dict[str, float | None]] = {}
        for run_id, item, item_score in conn.execute(
            "SELECT run_id, item, score FROM item_scores ORDER BY run_id, item"
        ):
            items.setdefault(int(run_id), {})[str(item)] = item_score
        runs: list[TrendRun] = []
        previous: set[str] | None = None
        for run_id, recorded_at, as_of, overall, coverage, gate_passed in rows:
            failing = _failing_ids(conn, int(run_id))
            new = sorted(failing - previous) if previous is not None else []
            fixed = len(previous - failing) if previous is not None else 0
            runs.append(
                TrendRun(
                    id=int(run_id),
                    recorded_at=str(recorded_at),
                    as_of=str(as_of),
                    overall=overall,
                    coverage=coverage,
                    failing=len(failing),
                    new=len(new),
                    fixed=fixed,
                    gate_passed=None if gate_passed is None else bool(gate_passed),
                    items=items.get(int(run_id), {}),
                    new_ids=tuple(new),
                )
            )
            previous = failing
    chosen = runs[-last:] if last else runs
    return Trend(path=str(path), runs=tuple(chosen))


def new_since_last_run(path: Path, results: Results) -> set[str] | None:
    """Ids of the findings of ``results`` that fail now and did not fail in the latest run
    recorded before it (by ``as_of``); None when no earlier run is recorded. The reports mark
    these "new since last run"."""
    trend = load_trend(path)
    as_of = results.run.as_of.isoformat()
    earlier = [r for r in trend.runs if r.as_of < as_of]
    if not earlier:
        return None
    with open_history(path) as conn:
        before = _failing_ids(conn, earlier[-1].id)
    now = {f.id for f in results.findings if f.status is Status.FAIL and not f.waived}
    return now - before


@dataclass(frozen=True)
class SinceLastRun:
    """How ``results`` moved since the latest run recorded before it (by ``as_of``)."""

    as_of: str
    overall: float | None
    coverage: float | None
    items: dict[str, float | None]
    new_failures: int
    fixed: int
    lost_evidence: int
    """Assessed (pass or fail) in that run, unknown now."""
    earlier: tuple[TrendRun, ...]
    """Every run recorded before ``results``, oldest first (the last one is compared)."""
    new_ids: frozenset[str]
    """Findings failing now that did not fail in the run compared with."""


def since_last_run(path: Path, results: Results) -> SinceLastRun | None:
    """The comparison the reports' summary shows when a history is given; None when the
    database does not exist yet or holds no run earlier than ``results``."""
    if not path.is_file():
        return None
    as_of = results.run.as_of.isoformat()
    earlier = [r for r in load_trend(path).runs if r.as_of < as_of]
    if not earlier:
        return None
    last = earlier[-1]
    with open_history(path) as conn:
        before = {
            str(finding_id): (str(status), bool(waived))
            for finding_id, status, waived in conn.execute(
                "SELECT finding_id, status, waived FROM findings WHERE run_id = ?", (last.id,)
            )
        }
    # The same rules as `assess diff`: fixed = failing then, passing now; lost = assessed then,
    # unknown now.
    failing_before = {
        i for i, (status, waived) in before.items() if status == "fail" and not waived
    }
    assessed_before = {
        i for i, (status, _) in before.items() if status in (Status.PASS.value, Status.FAIL.value)
    }
    now = {f.id: f for f in results.findings}
    failing_now = {i for i, f in now.items() if f.status is Status.FAIL and not f.waived}
    return SinceLastRun(
        as_of=last.as_of,
        overall=last.overall,
        coverage=last.coverage,
        items=dict(last.items),
        new_failures=len(failing_now - failing_before),
        fixed=sum(1 for i in failing_before if i in now and now[i].status is Status.PASS),
        lost_evidence=sum(
            1 for i, f in now.items() if f.status is Status.UNKNOWN and i in assessed_before
        ),
        earlier=tuple(earlier),
        new_ids=frozenset(failing_now - failing_before),
    )


# ---- rendering the trend ---------------------------------------------------------------------------
TREND_FORMATS = ("table", "json", "md", "html")


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{round(value, 1):g}"


def _gate_word(value: bool | None) -> str:
    return "—" if value is None else ("passed" if value else "failed")


def trend_json(trend: Trend) -> str:
    import json
    from dataclasses import asdict

    data = {"path": trend.path, "runs": [asdict(r) for r in trend.runs]}
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _rows(trend: Trend) -> list[list[str]]:
    return [
        [
            str(r.id),
            r.as_of,
            _shown(r.overall),
            _shown(r.coverage),
            str(r.failing),
            f"+{r.new}",
            f"-{r.fixed}",
            _gate_word(r.gate_passed),
        ]
        for r in trend.runs
    ]


TREND_HEADER = ["run", "as of", "score", "coverage %", "failing", "new", "fixed", "gate"]


def trend_markdown(trend: Trend) -> str:
    lines = [
        "# waf-assess history",
        "",
        "| " + " | ".join(TREND_HEADER) + " |",
        "| " + " | ".join("---" for _ in TREND_HEADER) + " |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(trend)]
    return "\n".join(lines) + "\n"


def _sparkline(values: list[float | None], width: int = 480, height: int = 120) -> str:
    points = [(i, v) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    step = width / max(len(values) - 1, 1)
    coords = " ".join(f"{i * step:.1f},{height - v * height / 100:.1f}" for i, v in points)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="overall score by run">'
        f'<rect width="{width}" height="{height}" fill="#f6f8fa"/>'
        f'<polyline fill="none" stroke="#0969da" stroke-width="2" points="{coords}"/></svg>'
    )


def trend_html(trend: Trend) -> str:
    from html import escape

    head = "".join(f"<th>{escape(h)}</th>" for h in TREND_HEADER)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in _rows(trend)
    )
    chart = _sparkline([r.overall for r in trend.runs])
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>waf-assess history</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:2em}"
        "table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.3em .6em;"
        "text-align:right}</style></head><body>"
        f"<h1>waf-assess history</h1><p>{escape(trend.path)}: {len(trend.runs)} run(s)</p>"
        f"{chart}<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        "</body></html>\n"
    )


def trend_table(trend: Trend) -> str:
    rows = [TREND_HEADER, *_rows(trend)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(TREND_HEADER))]
    return (
        "\n".join(
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
        )
        + "\n"
    )


def render_trend(trend: Trend, fmt: str) -> str:
    renderers = {
        "table": trend_table,
        "json": trend_json,
        "md": trend_markdown,
        "html": trend_html,
    }
    return renderers[fmt](trend)

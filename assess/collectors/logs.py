"""Log Analytics: summarised Key Vault audit events, through ``azure-monitor-query``.

:class:`LogsReader` sends each query with ``LogsQueryClient`` (the cloud's Log Analytics endpoint
and token audience, TLS verified, bounded retries) inside Log Analytics' per-user limits
(:class:`QueryBudget`), and turns every answer that is not complete data into a :class:`LogFailure`:
a refusal, a missing workspace, a missing table, a time-out, a partial result. Nothing here raises
past the collector: :func:`collect_vault_access` records each failure as a gap over the scope it
leaves unknown, so the scan goes on and the affected findings are ``unknown`` with the cause.

Each scope is asked once: a subscription's one resource-centric query
(:data:`SUBSCRIPTION_LOGS`) answers its vaults' audit events and its application log sample in
the same round trip, and a fallback workspace's (:data:`VAULT_AUDIT`) the audit events of every
vault that sends to it. Each is a ``union isfuzzy=true`` of one summarising part per table (a
table that does not exist is left out), with a column saying which question and which table
each row answers, and one row for each table that exists. Both Key Vault log schemas
(``AZKVAuditLogs`` and ``AzureDiagnostics``) are normalised to one shape, so both give the same
records and the same verdicts. Log Analytics allows 5 queries at once per user: one query per
subscription instead of three keeps the log evidence inside the time the Resource Manager reads
take (``bench/logs_bench.py``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from azure.core.credentials import TokenCredential
from azure.core.exceptions import AzureError, HttpResponseError

from assess.apis import Operation
from assess.codescan.detector import Detector
from assess.collectors._base import GapSink, epoch, fetch_list
from assess.fingerprints import credential_fingerprint
from assess.http import USER_AGENT, ApiError, ArmClient, ca_bundle, shorten
from assess.redact import Fingerprinter, preview
from assess.snapshot import (
    DiagnosticSetting,
    KeyEvent,
    LogLeak,
    LogQuery,
    Snapshot,
    Vault,
    VaultAccess,
    norm_id,
)
from assess.sources.logs import (
    ACTIVITY_LOG,
    CONCURRENT_QUERIES,
    MAX_ROWS,
    QUERIES_PER_30_SECONDS,
    QUERY_RESOURCE,
    QUERY_WORKSPACE,
)

log = logging.getLogger(__name__)
FAMILY = "vault_audit"
SAMPLE_FAMILY = "app_log_sample"
KINDS = ("log_queries", "vault_access", "key_events", "log_leaks")
VAULT_TYPE = "/providers/microsoft.keyvault/vaults/"

AUDIT_TABLES = ("AZKVAuditLogs", "AzureDiagnostics")
"""The two Key Vault audit log schemas: the resource-specific table and the shared one."""
_AUDIT_FIELDS = {
    "AZKVAuditLogs": """AZKVAuditLogs
| extend Vault = tolower(_ResourceId),
    Caller = tostring(coalesce(Identity.claim.oid,
        Identity.claim["http://schemas.microsoft.com/identity/claims/objectidentifier"],
        Identity.claim.appid, Identity.claim.upn)),
    CallerIp = tostring(CallerIpAddress), Operation = tostring(OperationName),
    Status = toint(HttpStatusCode), Item = tostring(coalesce(Id, RequestUri))""",
    "AzureDiagnostics": """AzureDiagnostics
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent"
| extend Vault = tolower(_ResourceId),
    Caller = coalesce(tostring(column_ifexists("identity_claim_oid_g", "")),
        tostring(column_ifexists(
            "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", "")),
        tostring(column_ifexists("identity_claim_appid_g", "")),
        tostring(column_ifexists("identity_claim_upn_s", ""))),
    CallerIp = tostring(column_ifexists("CallerIPAddress", "")),
    Operation = tostring(OperationName),
    Status = toint(column_ifexists("httpStatusCode_d", real(null))),
    Item = tostring(coalesce(column_ifexists("id_s", ""), column_ifexists("requestUri_s", "")))""",
}
"""Each audit table's fields, normalised to one shape: Vault, Caller, CallerIp, Operation, Status,
Item."""
_SUMMARY = f"""
| where Vault has "{VAULT_TYPE}"
| extend Secret = extract(@"/secrets/([^/?]+)", 1, Item)
| summarize Events = count(), Denied = countif(Status == 403),
    First = min(TimeGenerated), Last = max(TimeGenerated)
    by Vault, Caller, CallerIp, Operation, Secret
| order by Vault asc, Events desc, Caller asc, CallerIp asc, Operation asc, Secret asc
| take {MAX_ROWS}"""

APP_LOG_TABLES = {
    "AppServiceConsoleLogs": "ResultDescription",
    "AppServiceAppLogs": "Message",
    "AppTraces": "Message",
    "ContainerAppConsoleLogs_CL": "Log_s",
}
"""The application log tables read, and the column holding each line's text."""
SAMPLE_CHARS = 2000
SAMPLE_ROWS = 500
_SHAPES = (
    r"(?i)(password|passwd|pwd=|secret|token|api[_-]?key|accountkey|sharedaccesskey|sig="
    r"|bearer\s|authorization|-----BEGIN|AKIA|ghp_|xox[abp]-|eyJ)"
)
_SAMPLE = f"""
| where Text matches regex @"{_SHAPES}"
| summarize Lines = count(), Last = max(TimeGenerated)
    by Resource = tolower(_ResourceId), Sample = substring(Text, 0, {SAMPLE_CHARS})
| order by Resource asc, Lines desc, Sample asc
| take {SAMPLE_ROWS}"""

FOUND = "table"
"""The ``Part`` of the row a table that exists answers (whatever it holds in the window)."""


def _leg(part: str, table: str, text: str) -> str:
    """One table's part of a union: its rows tagged with the part and the table they answer."""
    body = text.strip().replace("\n", "\n    ")
    return f'  ({body}\n    | extend Part = "{part}", Table = "{table}")'


def _found(table: str) -> str:
    """One row if ``table`` exists where the query looks, none otherwise (``isfuzzy`` drops a
    table that does not): tells an empty table from a missing one."""
    return f'  ({table} | take 1 | count | project Part = "{FOUND}", Table = "{table}")'


def _union(legs: Sequence[str]) -> str:
    return "union isfuzzy=true\n" + ",\n".join(legs)


_AUDIT_LEGS = [_leg(FAMILY, t, _AUDIT_FIELDS[t] + _SUMMARY) for t in AUDIT_TABLES]
_SAMPLE_LEGS = [
    _leg(
        SAMPLE_FAMILY,
        table,
        f'{table}\n| extend Text = tostring(column_ifexists("{column}", ""))' + _SAMPLE,
    )
    for table, column in APP_LOG_TABLES.items()
]
VAULT_AUDIT = _union([*_AUDIT_LEGS, *map(_found, AUDIT_TABLES)])
"""The Key Vault audit query of a workspace: both tables in one ``union isfuzzy=true`` (a table
that does not exist is left out; where neither does, the query fails with ``SEM0100``), each
summarised by vault, caller, address, operation and secret (columns Vault, Caller, CallerIp,
Operation, Secret, Events, Denied, First, Last), at most :data:`MAX_ROWS` rows a table; ``Part``
and ``Table`` say which question and which table each row answers."""
SUBSCRIPTION_LOGS = _union(
    [*_AUDIT_LEGS, *_SAMPLE_LEGS, *map(_found, (*AUDIT_TABLES, *APP_LOG_TABLES))]
)
"""A subscription's one resource-centric query: the Key Vault audit summary of
:data:`VAULT_AUDIT` and the application log sample in the same round trip. The sample is the log
lines that look like they may hold a credential (a ``where`` on likely shapes), one row per
distinct message, app and table (columns Resource, Sample, Lines, Last), cut to 2,000
characters, at most :data:`SAMPLE_ROWS` rows in all (the first by app, lines, table and
message). Each sample is checked by the credential detector in memory and dropped; only
previews and keyed fingerprints are kept."""


class LogFailure(Exception):
    """A query that did not return complete data; ``missing_table`` when the table does not exist."""

    def __init__(self, error: ApiError, *, missing_table: bool = False) -> None:
        super().__init__(error.summary)
        self.error = error
        self.missing_table = missing_table


class QueryBudget:
    """Log Analytics' per-user limits: at most ``concurrent`` queries at once, and ``per_window``
    queries in any ``window`` seconds (a query waits for its turn)."""

    def __init__(
        self,
        concurrent: int = CONCURRENT_QUERIES,
        per_window: int = QUERIES_PER_30_SECONDS,
        window: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._slots = threading.BoundedSemaphore(concurrent)
        self._started: deque[float] = deque()
        self._lock = threading.Lock()
        self._per_window, self._window = per_window, window
        self._clock, self._sleep = clock, sleep
        self.queries = 0

    def run(self, call: Callable[[], Any]) -> Any:
        with self._slots:
            self._wait_for_turn()
            return call()

    def _wait_for_turn(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._started and now - self._started[0] >= self._window:
                    self._started.popleft()
                if len(self._started) < self._per_window:
                    self._started.append(now)
                    self.queries += 1
                    return
                wait = self._window - (now - self._started[0])
            self._sleep(max(wait, 0.01))


@dataclass(frozen=True)
class Answer:
    """The rows of one complete query answer, as dictionaries of column name -> cell."""

    rows: tuple[Mapping[str, Any], ...]


class LogsReader:
    """Runs queries through ``LogsQueryClient`` over a fixed window, inside a :class:`QueryBudget`."""

    def __init__(
        self,
        credential: TokenCredential,
        endpoint: str,
        start: datetime,
        end: datetime,
        *,
        timeout_seconds: float = 60,
        budget: QueryBudget | None = None,
        retries: int = 3,
    ) -> None:
        from azure.monitor.query import LogsQueryClient

        self.start, self.end = start, end
        self.budget = budget or QueryBudget()
        self.timeout_seconds = timeout_seconds
        self._client = LogsQueryClient(
            credential,
            endpoint=endpoint,
            audience=endpoint,
            connection_timeout=min(timeout_seconds, 30),
            read_timeout=timeout_seconds + 10,
            connection_verify=ca_bundle(),
            retry_total=retries,
            user_agent=USER_AGENT,
            retry_backoff_max=30,
            timeout=max(timeout_seconds * 4, 60),
        )

    def close(self) -> None:
        self._client.close()

    def query(self, scope: str, text: str) -> Answer:
        """The rows of ``text`` run on ``scope`` (a subscription or a workspace resource id)."""
        return self.budget.run(lambda: self._query(scope, text))  # type: ignore[no-any-return]

    def _query(self, scope: str, text: str) -> Answer:
        from azure.monitor.query import LogsQueryPartialResult

        try:
            result = self._client.query_resource(
                scope,
                text,
                timespan=(self.start, self.end),
                server_timeout=int(self.timeout_seconds),
            )
        except HttpResponseError as exc:
            raise _failure(exc) from None
        except AzureError as exc:
            raise LogFailure(ApiError(None, type(exc).__name__, shorten(str(exc), 160))) from None
        if isinstance(result, LogsQueryPartialResult):
            error = result.partial_error
            code = str(getattr(error, "code", "") or "PartialError")
            message = str(getattr(error, "message", "") or "the query returned partial results")
            raise LogFailure(ApiError(200, code, shorten(message)))
        tables = list(result.tables)
        if not tables:
            return Answer(())
        table = tables[0]
        columns = list(table.columns)
        return Answer(tuple(dict(zip(columns, list(row), strict=False)) for row in table.rows))


def _failure(exc: HttpResponseError) -> LogFailure:
    model = getattr(exc, "model", None)
    code = str(getattr(model, "code", "") or "")
    message = str(getattr(model, "message", "") or exc.message or "")
    try:
        body = exc.response.text() if exc.response is not None else ""
    except Exception:  # an unreadable body leaves the message we have
        body = ""
    if not code and exc.error is not None:
        code = str(exc.error.code or "")
    missing = "SEM0100" in body or "Failed to resolve table" in f"{message} {body}"
    if missing:
        code, message = "TableNotFound", "the table does not exist where the query looked"
    return LogFailure(ApiError(exc.status_code, code, shorten(message)), missing_table=missing)


# ---- one query per scope, split by part ---------------------------------------------------------
Got = Answer | LogFailure
"""What one query gave: its rows, or why it gave none."""


def _ask(reader: LogsReader, scope: str, text: str) -> Got:
    try:
        return reader.query(scope, text)
    except LogFailure as exc:
        return exc


def _subscription_logs(reader: LogsReader, sub: str) -> Got:
    return _ask(reader, f"/subscriptions/{sub}", SUBSCRIPTION_LOGS)


@dataclass(frozen=True)
class _Parts:
    """A union's rows by the part (``Part``) and the table (``Table``) they answer, and the
    tables that exist where it looked."""

    rows: Mapping[tuple[str, str], tuple[Mapping[str, Any], ...]]
    found: frozenset[str]

    @classmethod
    def of(cls, answer: Answer) -> _Parts:
        rows: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
        found: set[str] = set()
        for row in answer.rows:
            part, table = _text(row.get("Part")), _text(row.get("Table"))
            if part == FOUND:
                found.add(table)
            else:
                rows.setdefault((part, table), []).append(row)
                found.add(table)  # a table that answered rows exists
        return cls({k: tuple(v) for k, v in rows.items()}, frozenset(found))

    def table(self, part: str, table: str) -> tuple[Mapping[str, Any], ...]:
        return self.rows.get((part, table), ())


# ---- the Key Vault audit family -----------------------------------------------------------------
@dataclass
class _Outcome:
    """The answer of one scope's audit query, by table."""

    scope: str
    via: str
    rows: dict[str, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    failed: ApiError | None = None

    @property
    def usable(self) -> bool:
        return self.failed is None and bool(self.rows)

    def error(self) -> ApiError:
        """Why this scope tells nothing: its failure, or that neither table exists."""
        if self.failed is not None:
            return self.failed
        tables = " nor ".join(AUDIT_TABLES)
        return ApiError(400, "TableNotFound", f"neither {tables} exists where the query looked")


def _audit(scope: str, via: str, got: Got) -> _Outcome:
    """The audit part of ``got``: each table's rows, the tables that do not exist, or the
    failure that leaves the scope unread (a table cut at :data:`MAX_ROWS` rows is one)."""
    outcome = _Outcome(scope, via)
    if isinstance(got, LogFailure):
        if got.missing_table:
            outcome.missing = list(AUDIT_TABLES)
        else:
            outcome.failed = got.error
        return outcome
    parts = _Parts.of(got)
    for table in AUDIT_TABLES:
        if table not in parts.found:
            outcome.missing.append(table)
            continue
        rows = parts.table(FAMILY, table)
        if len(rows) >= MAX_ROWS and outcome.failed is None:
            outcome.failed = ApiError(
                200,
                "ResultTruncated",
                f"{table} gave {MAX_ROWS} summarised rows or more: the answer is cut short "
                "(narrow the scope or --log-window)",
            )
        outcome.rows[table] = rows
    return outcome


def read_subscriptions(
    reader: LogsReader,
    subscriptions: Iterable[str],
    workers: int = CONCURRENT_QUERIES,
    prefetched: Prefetch | None = None,
) -> dict[str, Got]:
    """Each subscription's one query (:data:`SUBSCRIPTION_LOGS`): the answer sent early by
    ``prefetched``, else sent now."""
    subs = sorted({s.lower() for s in subscriptions})

    def one(sub: str) -> Got:
        found = prefetched.take(sub) if prefetched is not None else None
        return found.result() if found is not None else _subscription_logs(reader, sub)

    return dict(zip(subs, _map_any(workers, one, subs), strict=True))


def collect_vault_access(
    reader: LogsReader,
    vaults: Sequence[Vault],
    settings: Iterable[DiagnosticSetting],
    sink: GapSink,
    answers: Mapping[str, Got],
    workers: int = CONCURRENT_QUERIES,
) -> tuple[list[LogQuery], list[VaultAccess]]:
    """The audit events of ``vaults`` from their subscriptions' answers (``answers``, by
    subscription id: one resource-centric query each); where that tells nothing, the workspaces
    the vaults' diagnostic settings name (one query each, however many vaults send to it). A
    vault none of whose queries answered is a ``vault_access`` gap over it."""
    plain = [v for v in vaults if v.kind.lower() != "managedhsm"]
    subscriptions = sorted({v.subscription_id.lower() for v in plain})
    by_sub = {
        sub: _audit(f"/subscriptions/{sub}", "resource", answers[sub]) for sub in subscriptions
    }
    workspaces_of: dict[str, list[str]] = {}
    for setting in settings:
        if setting.workspace_id:
            workspaces_of.setdefault(norm_id(setting.resource_id), []).append(setting.workspace_id)
    fallback: dict[str, str] = {}
    for vault in plain:
        if not by_sub[vault.subscription_id.lower()].usable:
            for ws in workspaces_of.get(norm_id(vault.id), ()):
                fallback.setdefault(norm_id(ws), ws.rstrip("/"))
    by_workspace = {
        norm_id(o.scope): o
        for o in _map_any(
            workers,
            lambda ws: _audit(ws, "workspace", _ask(reader, ws, VAULT_AUDIT)),
            [fallback[k] for k in sorted(fallback)],
        )
    }
    queries: list[LogQuery] = []
    for outcome in [*by_sub.values(), *by_workspace.values()]:
        queries += _queries(outcome, reader)
    covered: dict[str, _Outcome] = {}
    for vault in plain:
        sub = by_sub[vault.subscription_id.lower()]
        if sub.usable:
            covered[norm_id(vault.id)] = sub
            continue
        mine = [by_workspace[norm_id(ws)] for ws in workspaces_of.get(norm_id(vault.id), ())]
        answered = next((o for o in mine if o.usable), None)
        if answered is not None:
            covered[norm_id(vault.id)] = answered
            continue
        failed = next((o for o in mine if not o.usable), sub)
        operation = QUERY_WORKSPACE if failed.via == "workspace" else QUERY_RESOURCE
        _gap(sink, failed.error(), operation, vault.id)
    return queries, _access(covered)


def _gap(sink: GapSink, error: ApiError, operation: Operation, scope: str) -> None:
    sink.add(error, operation, scope, ["vault_access"])


def _queries(outcome: _Outcome, reader: LogsReader) -> list[LogQuery]:
    answered = [(table, len(rows), True) for table, rows in outcome.rows.items()]
    return [
        LogQuery(
            id=f"{outcome.scope}/logQueries/{FAMILY}/{table}",
            scope=outcome.scope,
            family=FAMILY,
            table=table,
            via=outcome.via,
            start=reader.start,
            end=reader.end,
            rows=rows,
            table_found=found,
        )
        for table, rows, found in [*answered, *((t, 0, False) for t in outcome.missing)]
    ]


def _access(covered: Mapping[str, _Outcome]) -> list[VaultAccess]:
    """One record per vault, caller, address, operation and secret; a row found in both tables
    (a vault logging to two destinations) counts once, with the larger counts."""
    merged: dict[tuple[str, str, str, str, str], VaultAccess] = {}
    for vault_key, outcome in sorted(covered.items()):
        for table, rows in sorted(outcome.rows.items()):
            for row in rows:
                if norm_id(_text(row.get("Vault"))) != vault_key:
                    continue
                record = _record(vault_key, table, row)
                key = (vault_key, record.caller, record.caller_ip, record.operation, record.secret)
                merged[key] = _merge(merged.get(key), record)
    return [merged[k] for k in sorted(merged)]


def _record(vault_key: str, table: str, row: Mapping[str, Any]) -> VaultAccess:
    caller, ip = _text(row.get("Caller")), _text(row.get("CallerIp"))
    operation, secret = _text(row.get("Operation")), _text(row.get("Secret"))
    digest = hashlib.sha256(
        "\n".join((caller.lower(), ip, operation.lower(), secret.lower())).encode()
    ).hexdigest()[:16]
    return VaultAccess(
        id=f"{vault_key}/auditEvents/{digest}",
        vault_id=vault_key,
        caller=caller,
        caller_ip=ip,
        operation=operation,
        secret=secret,
        events=_count(row.get("Events")),
        denied=_count(row.get("Denied")),
        first=_time(row.get("First")),
        last=_time(row.get("Last")),
        tables=(table,),
    )


def _merge(old: VaultAccess | None, new: VaultAccess) -> VaultAccess:
    if old is None:
        return new
    firsts = [t for t in (old.first, new.first) if t is not None]
    lasts = [t for t in (old.last, new.last) if t is not None]
    return old.model_copy(
        update={
            "events": max(old.events, new.events),
            "denied": max(old.denied, new.denied),
            "first": min(firsts) if firsts else None,
            "last": max(lasts) if lasts else None,
            "tables": tuple(sorted({*old.tables, *new.tables})),
        }
    )


def _text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def _count(value: Any) -> int:
    """A count cell: a JSON number, or digits in a string (as the published example has them)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        try:
            return int(float(value))
        except ValueError:
            return 0
    return 0


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return epoch(value) if isinstance(value, str) and value else None


class LogCollection:
    """The log evidence of one run: started as soon as the subscriptions are known
    (:meth:`start`: the resource-centric queries run beside the Resource Manager reads, when the
    run has more than one worker), finished once the snapshot is read (:meth:`finish`)."""

    def __init__(
        self,
        credential: TokenCredential,
        endpoint: str,
        window: tuple[datetime, datetime],
        *,
        timeout_seconds: float = 60,
        workers: int = CONCURRENT_QUERIES,
        retries: int = 3,
        fingerprinter: Fingerprinter | None = None,
        prefetch: bool = False,
    ) -> None:
        self.window, self.workers = window, workers
        self.fingerprinter = fingerprinter
        self.reader = (
            LogsReader(
                credential, endpoint, *window, timeout_seconds=timeout_seconds, retries=retries
            )
            if endpoint
            else None
        )
        self.prefetch = (
            Prefetch(self.reader, workers) if prefetch and self.reader is not None else None
        )

    def start(self, subscriptions: Iterable[str]) -> None:
        """Send each subscription's resource-centric queries now, in the background."""
        if self.prefetch is not None:
            self.prefetch.start(subscriptions)

    def close(self) -> None:
        if self.prefetch is not None:
            self.prefetch.close()
        if self.reader is not None:
            self.reader.close()

    def finish(
        self, snapshot: Snapshot, *, arm: ArmClient | None = None, arm_base: str = ""
    ) -> Snapshot:
        """``snapshot`` with the log evidence added: the vaults' audit events (``log_queries``,
        ``vault_access``), credentials in application logs (``log_leaks``) and, given a Resource
        Manager client, the storage accounts' key events from the Activity Log (``key_events``);
        a gap for whatever could not be read."""
        try:
            return self._finish(snapshot, arm, arm_base)
        finally:
            self.close()

    def _finish(self, snapshot: Snapshot, arm: ArmClient | None, arm_base: str) -> Snapshot:
        sink = GapSink()
        queries: list[LogQuery] = []
        access: list[VaultAccess] = []
        leaks: list[LogLeak] = []
        kinds: tuple[str, ...] = KINDS
        if self.reader is None:
            # No endpoint to query (a custom cloud whose metadata names none): the log queries'
            # evidence is not collected, and the checks that need it say so.
            log.warning(
                "this cloud names no Log Analytics endpoint: the audit and application logs are "
                "not read (give --log-analytics-endpoint)"
            )
            kinds = tuple(k for k in KINDS if k not in ("vault_access", "log_leaks"))
        else:
            subscriptions = {s.subscription_id.lower() for s in snapshot.subscriptions}
            answers = read_subscriptions(
                self.reader,
                subscriptions | {v.subscription_id.lower() for v in snapshot.vaults},
                self.workers,
                self.prefetch,
            )
            queries, access = collect_vault_access(
                self.reader,
                snapshot.vaults,
                snapshot.diagnostic_settings,
                sink,
                answers,
                self.workers,
            )
            sampled, leaks = collect_log_leaks(
                self.reader,
                {sub: got for sub, got in answers.items() if sub in subscriptions},
                sink,
                self.fingerprinter or Fingerprinter.from_env(),
            )
            queries += sampled
        events: list[KeyEvent] = []
        if arm is not None:
            subs = sorted({a.subscription_id.lower() for a in snapshot.storage_accounts})
            # One worker means a replay or a serial run: its calls stay one at a time.
            workers = ACTIVITY_WORKERS if self.workers > 1 else 1
            found, events = collect_key_events(
                arm, arm_base, subs, self.window[1], sink, workers=workers
            )
            queries += found
        gaps = sorted(
            [*snapshot.gaps, *sink.gaps()],
            key=lambda g: (g.kind, norm_id(g.scope), g.operation),
        )
        return snapshot.model_copy(
            update={
                "log_queries": tuple(sorted(queries, key=lambda q: norm_id(q.id))),
                "vault_access": tuple(sorted(access, key=lambda a: norm_id(a.id))),
                "key_events": tuple(sorted(events, key=lambda e: norm_id(e.id))),
                "log_leaks": tuple(sorted(leaks, key=lambda leak: norm_id(leak.id))),
                "collected": tuple(sorted({*snapshot.collected, *kinds})),
                "gaps": tuple(gaps),
            }
        )


def add_logs(
    snapshot: Snapshot,
    credential: TokenCredential,
    endpoint: str,
    window: tuple[datetime, datetime],
    *,
    arm: ArmClient | None = None,
    arm_base: str = "",
    **options: Any,
) -> Snapshot:
    """``snapshot`` with its log evidence (:class:`LogCollection`, read in one go)."""
    logs = LogCollection(credential, endpoint, window, **options)
    return logs.finish(snapshot, arm=arm, arm_base=arm_base)


class Prefetch:
    """Each subscription's one query (:data:`SUBSCRIPTION_LOGS`), sent in the background as soon
    as the subscriptions are known, beside the Resource Manager reads (Log Analytics' limits are
    its own); collection takes an answer when it reaches that subscription (and sends the query
    itself for one it was not given), so a run with and without it gives the same snapshot."""

    def __init__(self, reader: LogsReader, workers: int) -> None:
        self._reader = reader
        self._pool = ThreadPoolExecutor(max_workers=max(workers, 1))
        self._futures: dict[str, Future[Got]] = {}
        self._lock = threading.Lock()

    def start(self, subscriptions: Iterable[str]) -> None:
        with self._lock:
            for sub in sorted({s.lower() for s in subscriptions} - set(self._futures)):
                self._futures[sub] = self._pool.submit(_subscription_logs, self._reader, sub)

    def take(self, sub: str) -> Future[Got] | None:
        with self._lock:
            return self._futures.pop(sub.lower(), None)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# ---- the Activity Log: storage account key events -----------------------------------------------
ACTIVITY_DAYS = 90
"""The Activity Log keeps 90 days; its window is always that long, ending where the log window ends."""
ACTIVITY_WORKERS = 16
"""Subscriptions whose Activity Log is read at once (one list per subscription, each within that
subscription's own Resource Manager read budget)."""
KEY_OPERATIONS = {
    "microsoft.storage/storageaccounts/regeneratekey/action": "regenerateKey",
    "microsoft.storage/storageaccounts/listkeys/action": "listKeys",
}
_SELECT = "eventDataId,eventTimestamp,caller,operationName,resourceId,status"


def activity_url(base: str, subscription_id: str, start: datetime, end: datetime) -> str:
    """The Activity Log list of one subscription's Microsoft.Storage events in ``start``..``end``
    (only the fields kept are selected: no claims, no request details)."""
    when = "%Y-%m-%dT%H:%M:%SZ"
    wanted = (
        f"eventTimestamp ge '{start.astimezone(UTC):{when}}' and "
        f"eventTimestamp le '{end.astimezone(UTC):{when}}' and "
        "resourceProvider eq 'Microsoft.Storage'"
    )
    url = ACTIVITY_LOG.url(base, subscription_id=subscription_id)
    return f"{url}&$filter={quote(wanted)}&$select={quote(_SELECT)}"


def parse_key_event(item: Mapping[str, Any]) -> KeyEvent | None:
    """A key regeneration or listing from one Activity Log event; None for any other event."""
    name = item.get("operationName")
    value = name.get("value") if isinstance(name, Mapping) else name
    operation = KEY_OPERATIONS.get(_text(value).lower())
    resource = _text(item.get("resourceId"))
    event_id = _text(item.get("eventDataId"))
    if operation is None or not resource or not event_id:
        return None
    status = item.get("status")
    state = status.get("value") if isinstance(status, Mapping) else status
    return KeyEvent(
        id=f"{resource}/keyEvents/{event_id}",
        resource_id=resource,
        operation=operation,
        caller=_text(item.get("caller")),
        time=_time(item.get("eventTimestamp")),
        status=_text(state),
    )


def collect_key_events(
    client: ArmClient,
    base: str,
    subscriptions: Sequence[str],
    end: datetime,
    sink: GapSink,
    workers: int = ACTIVITY_WORKERS,
) -> tuple[list[LogQuery], list[KeyEvent]]:
    """The key events of the last :data:`ACTIVITY_DAYS` days in each subscription, the
    subscriptions read side by side (``workers`` at a time; each read stays within its
    subscription's Resource Manager budget); a failed list is a ``key_events`` gap over the
    subscription."""
    start = end - timedelta(days=ACTIVITY_DAYS)

    def one(sub: str) -> tuple[LogQuery, list[KeyEvent]] | None:
        scope = f"/subscriptions/{sub}"
        items = fetch_list(
            client, activity_url(base, sub, start, end), ACTIVITY_LOG, scope, ["key_events"], sink
        )
        if items is None:
            return None
        query = LogQuery(
            id=f"{scope}/logQueries/activity_log/Administrative",
            scope=scope,
            family="activity_log",
            table="Administrative",
            start=start,
            end=end,
            rows=len(items),
        )
        return query, [e for e in (parse_key_event(i) for i in items) if e is not None]

    queries: list[LogQuery] = []
    events: list[KeyEvent] = []
    for read in _map_any(workers, one, subscriptions):
        if read is not None:
            queries.append(read[0])
            events += read[1]
    return queries, events


# ---- application logs: a summarised sample, checked for credentials in memory ------------------
def collect_log_leaks(
    reader: LogsReader,
    answers: Mapping[str, Got],
    sink: GapSink,
    fingerprinter: Fingerprinter,
) -> tuple[list[LogQuery], list[LogLeak]]:
    """Credentials in the application logs of each subscription, from its answer (``answers``,
    by subscription id), as :class:`LogLeak` records; a query that failed, or found none of the
    tables, is a ``log_leaks`` gap over the subscription."""
    detector = Detector()
    queries: list[LogQuery] = []
    leaks: dict[str, LogLeak] = {}
    for sub, got in sorted(answers.items()):
        scope = f"/subscriptions/{sub}"
        parts = _Parts.of(got) if isinstance(got, Answer) else None
        if parts is None or not parts.found & set(APP_LOG_TABLES):
            if isinstance(got, LogFailure) and not got.missing_table:
                error = got.error
            else:
                tables = ", ".join(APP_LOG_TABLES)
                error = ApiError(400, "TableNotFound", f"none of {tables} exists here")
            sink.add(error, QUERY_RESOURCE, scope, ["log_leaks"])
            continue
        rows = sorted(
            (row for table in APP_LOG_TABLES for row in parts.table(SAMPLE_FAMILY, table)),
            key=lambda r: (
                _text(r.get("Resource")),
                -_count(r.get("Lines")),
                _text(r.get("Table")),
                _text(r.get("Sample")),
            ),
        )
        queries.append(
            LogQuery(
                id=f"{scope}/logQueries/{SAMPLE_FAMILY}/{'+'.join(APP_LOG_TABLES)}",
                scope=scope,
                family=SAMPLE_FAMILY,
                table="+".join(APP_LOG_TABLES),
                start=reader.start,
                end=reader.end,
                rows=min(len(rows), SAMPLE_ROWS),
            )
        )
        if len(rows) >= SAMPLE_ROWS:
            sink.add(
                ApiError(200, "ResultTruncated", f"more than {SAMPLE_ROWS} sampled messages"),
                QUERY_RESOURCE,
                scope,
                ["log_leaks"],
            )
        for row in rows[:SAMPLE_ROWS]:
            for leak in _leaks_in(row, detector, fingerprinter):
                old = leaks.get(leak.id)
                leaks[leak.id] = leak if old is None else _more_lines(old, leak)
    return queries, [leaks[k] for k in sorted(leaks)]


def _leaks_in(
    row: Mapping[str, Any], detector: Detector, fingerprinter: Fingerprinter
) -> list[LogLeak]:
    sample = _text(row.get("Sample"))
    resource = _text(row.get("Resource"))
    if not sample or not resource:
        return []
    found: dict[str, list[str]] = {}
    for match in detector.scan_text(sample):
        found.setdefault(match.secret, []).append(match.rule_id)
    leaks = []
    for value, rules in found.items():
        fingerprint = fingerprinter.fingerprint(value)
        leaks.append(
            LogLeak(
                id=f"{resource}/logLeaks/{fingerprint[:16]}",
                resource_id=resource,
                table=_text(row.get("Table")),
                rule_ids=tuple(sorted(set(rules))),
                preview=preview(value),
                fingerprint=fingerprint,
                credential_fingerprint=credential_fingerprint(value),
                lines=_count(row.get("Lines")),
                last=_time(row.get("Last")),
            )
        )
    return leaks


def _more_lines(old: LogLeak, new: LogLeak) -> LogLeak:
    lasts = [t for t in (old.last, new.last) if t is not None]
    return old.model_copy(
        update={
            "lines": old.lines + new.lines,
            "last": max(lasts) if lasts else None,
            "rule_ids": tuple(sorted({*old.rule_ids, *new.rule_ids})),
        }
    )


def _map_any(workers: int, func: Callable[[str], Any], units: Sequence[str]) -> list[Any]:
    if workers <= 1 or len(units) <= 1:
        return [func(u) for u in units]
    with ThreadPoolExecutor(max_workers=min(workers, len(units))) as pool:
        return list(pool.map(func, units))


def recorded_queries(traffic: Any) -> bool:
    """Whether a replayed cassette holds log queries or Activity Log reads (one recorded without
    them, by an older version or with ``--no-logs``, leaves log evidence uncollected)."""
    paths = (
        str(getattr(r, "uri", "")).split("?", 1)[0].rstrip("/").lower()
        for r in getattr(traffic, "requests", None) or ()
    )
    return any(p.endswith(("/query", "/eventtypes/management/values")) for p in paths)

"""Evidence from the vaults' audit logs: recorded Log Analytics answers -> snapshot -> findings.

Each test replays recorded query answers (``logs_helpers``) through the real collector
(``LogsQueryClient`` over vcrpy, ``record_mode="none"``) and the real engine, and asserts what a
user sees: pass, fail, or ``unknown`` with its cause.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from logs_helpers import (
    LA,
    NO_APP_LOGS,
    WINDOW,
    answer,
    audit,
    error,
    missing_table,
    partial,
    query_answer,
    row,
    union,
    write_cassette,
)
from snapshot_factory import (
    SUB,
    by_status,
    days_before,
    make_diagnostic,
    make_secret,
    make_snapshot,
    make_vault,
    run_checks,
)

from assess import replay
from assess.auth import OfflineCredential
from assess.collectors.logs import VAULT_AUDIT, QueryBudget, add_logs
from assess.model import Failure, Status
from assess.snapshot import EVIDENCE_KINDS, Snapshot

CHECKS = ("SE09-7.50", "SE09-7.51", "SE09-5.50")
LOG_KINDS = ("log_queries", "vault_access", "key_events", "log_leaks")
SUB_SCOPE = f"/subscriptions/{SUB}"
WORKSPACE = (
    f"/subscriptions/{SUB}/resourceGroups/rg-logs/providers/"
    "Microsoft.OperationalInsights/workspaces/law-central"
)
APP = make_vault("kv-app")
QUIET = make_vault("kv-quiet")
BARE = make_vault("kv-bare")
"""kv-app and kv-quiet send their audit log to a workspace; kv-bare has no diagnostic setting."""
READER, PROBE = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
ROWS = [
    row(APP.id, READER, "10.1.2.3", "SecretGet", "db-password", 12),
    row(APP.id, READER, "10.1.2.3", "SecretList", "", 3),
    row(APP.id, PROBE, "203.0.113.7", "SecretGet", "api-key", 25, denied=25),
    row(BARE.id, READER, "10.1.2.3", "SecretGet", "bare-secret", 1),
]


def base() -> Snapshot:
    records: list[Any] = [APP, QUIET, BARE, make_diagnostic(APP), make_diagnostic(QUIET)]
    old = days_before(200)
    records += [
        make_secret("db-password", APP, enabled=True, created=old),
        make_secret("api-key", APP, enabled=True, created=old),
        make_secret("fresh", APP, enabled=True, created=days_before(5)),
        make_secret("quiet-secret", QUIET, enabled=True, created=old),
        make_secret("bare-secret", BARE, enabled=True, created=old),
    ]
    kinds = [k for k in EVIDENCE_KINDS if k not in LOG_KINDS]
    return make_snapshot(*records, collected=kinds)


def collect(
    tmp_path: Path, interactions: list[dict[str, Any]], snapshot: Snapshot | None = None
) -> Snapshot:
    cassette = write_cassette(tmp_path / "logs.yaml", interactions)
    with replay.replay(cassette) as played:
        found = add_logs(snapshot or base(), OfflineCredential(), LA, WINDOW, workers=1, retries=0)
    assert played.all_played  # one query per scope, each answered once
    return found


def verdicts(snapshot: Snapshot) -> dict[str, dict[str, set[str]]]:
    results = run_checks(snapshot, *CHECKS)
    return {check: by_status(results, check) for check in CHECKS}


EXPECTED = {
    "SE09-7.50": {"pass": {"kv-app"}, "fail": {"kv-quiet"}, "not_applicable": {"kv-bare"}},
    "SE09-7.51": {"fail": {"kv-app"}, "pass": {"kv-bare"}, "unknown": {"kv-quiet"}},
    "SE09-5.50": {
        "pass": {"db-password", "bare-secret"},
        "fail": {"api-key"},
        "not_applicable": {"fresh"},
        "unknown": {"quiet-secret"},
    },
}


@pytest.mark.parametrize(
    "tables",
    [
        pytest.param(("AZKVAuditLogs",), id="AZKVAuditLogs only"),
        pytest.param(("AzureDiagnostics",), id="AzureDiagnostics only"),
        pytest.param(("AZKVAuditLogs", "AzureDiagnostics"), id="both, the same events in each"),
    ],
)
def test_both_log_schemas_give_the_same_verdicts(tmp_path: Path, tables: tuple[str, ...]) -> None:
    snapshot = collect(tmp_path, [answer(SUB_SCOPE, 200, audit(ROWS, *tables))])
    assert verdicts(snapshot) == EXPECTED
    app = [r for r in snapshot.vault_access if r.vault_id.endswith("kv-app")]
    assert sum(r.events for r in app) == 40  # a row found in both tables counts once
    assert {r.tables for r in app} == {tables}
    assert {q.table: q.table_found for q in snapshot.log_queries} == {
        name: name in tables for name in ("AZKVAuditLogs", "AzureDiagnostics")
    }


def test_findings_say_what_the_logs_show(tmp_path: Path) -> None:
    snapshot = collect(tmp_path, [answer(SUB_SCOPE, 200, audit(ROWS))])
    results = run_checks(snapshot, *CHECKS)
    text = {(f.check_id, f.resource_name): f for f in results.findings}
    quiet = text[("SE09-7.50", "kv-quiet")]
    assert "no audit event arrived in the 30 days to 2026-11-01" in quiet.message
    assert quiet.evidence is not None and quiet.evidence.observed["events"] == 0
    probed = text[("SE09-7.51", "kv-app")]
    assert f"{PROBE} from 203.0.113.7: 25" in probed.message
    assert (
        "was not read once in the 30 days to 2026-11-01" in text[("SE09-5.50", "api-key")].message
    )


def test_a_caller_below_the_threshold_passes(tmp_path: Path) -> None:
    few = [row(APP.id, PROBE, "203.0.113.7", "SecretGet", "api-key", 19, denied=19)]
    snapshot = collect(tmp_path, [answer(SUB_SCOPE, 200, audit(few))])
    assert "kv-app" in by_status(run_checks(snapshot, "SE09-7.51"), "SE09-7.51")["pass"]


def test_a_refused_subscription_query_falls_back_to_the_vaults_workspace(tmp_path: Path) -> None:
    refused = error("InsufficientAccessError", "The provided credentials have insufficient access")
    workspace_rows = [r for r in ROWS if r[0] != BARE.id.lower()]
    interactions = [
        answer(SUB_SCOPE, 403, refused),
        answer(WORKSPACE, 200, audit(workspace_rows)),
    ]
    snapshot = collect(tmp_path, interactions)
    got = verdicts(snapshot)
    assert got["SE09-7.50"] == EXPECTED["SE09-7.50"]
    # kv-bare names no workspace: nothing else could be read for it.
    # (kv-bare keeps no audit log in a workspace: nothing to read for it, not applicable)
    assert got["SE09-7.51"] == {
        "fail": {"kv-app"},
        "unknown": {"kv-quiet"},
        "not_applicable": {"kv-bare"},
    }
    assert {q.via for q in snapshot.log_queries} == {"workspace"}
    # kv-bare names no workspace: its logs stay unread, a gap with the refusal as its cause
    gap = next(g for g in snapshot.gaps if g.kind == "vault_access")
    assert gap.scope == BARE.id and gap.status_code == 403
    assert gap.operation == "POST Log Analytics query (resource-centric)"


@pytest.mark.parametrize(
    ("status", "body", "failure", "code"),
    [
        pytest.param(
            404,
            error("WorkspaceNotFoundError", "The workspace could not be found"),
            Failure.NOT_FOUND,
            "WorkspaceNotFoundError",
            id="deleted workspace",
        ),
        pytest.param(
            403,
            error("InvalidTokenError", "The provided authentication is not valid for this tenant"),
            Failure.DENIED,
            "InvalidTokenError",
            id="workspace in another tenant",
        ),
        pytest.param(
            504,
            error("GatewayTimeout", "The query did not finish in time"),
            Failure.TIMED_OUT,
            "GatewayTimeout",
            id="time-out",
        ),
        pytest.param(
            200, partial(audit(ROWS)), Failure.FAILED, "PartialError", id="partial result"
        ),
    ],
)
def test_a_workspace_that_cannot_answer_leaves_its_vaults_unknown(
    tmp_path: Path, status: int, body: dict[str, Any], failure: Failure, code: str
) -> None:
    refused = error("InsufficientAccessError", "The provided credentials have insufficient access")
    interactions = [answer(SUB_SCOPE, 403, refused), answer(WORKSPACE, status, body)]
    snapshot = collect(tmp_path, interactions)
    results = run_checks(snapshot, *CHECKS)
    quiet = [f for f in results.findings if f.resource_name in ("kv-quiet", "quiet-secret")]
    assert {f.status for f in quiet} == {Status.UNKNOWN}
    causes = {(f.cause.failure, f.cause.error_code, f.cause.operation) for f in quiet if f.cause}
    assert causes == {(failure, code, "POST Log Analytics query (workspace)")}
    assert not [f for f in results.findings if f.status is Status.PASS]


def test_a_partial_answer_on_the_subscription_is_never_a_pass(tmp_path: Path) -> None:
    interactions = [
        answer(SUB_SCOPE, 200, partial(audit(ROWS, "AZKVAuditLogs"))),
        answer(WORKSPACE, 200, partial(audit(ROWS))),
    ]
    snapshot = collect(tmp_path, interactions)
    statuses = {f.status for f in run_checks(snapshot, *CHECKS).findings}
    assert Status.PASS not in statuses and Status.FAIL not in statuses


OTHER_SUB = "00000000-0000-0000-0000-0000000000c1"


def test_a_partial_answer_leaves_exactly_its_subscription_unknown(tmp_path: Path) -> None:
    """The subscription's one query answers its vaults and its apps: a partial answer leaves
    both unknown there, and another subscription's verdicts as they were."""
    from snapshot_factory import make_web_app

    from assess.snapshot import Subscription

    other = make_vault("kv-other", sub=OTHER_SUB)
    apps = [make_web_app("app-here"), make_web_app("app-there", sub=OTHER_SUB)]
    snapshot = base()
    snapshot = snapshot.model_copy(
        update={
            "vaults": (*snapshot.vaults, other),
            "secrets": (*snapshot.secrets, make_secret("other-secret", other, enabled=True)),
            "diagnostic_settings": (*snapshot.diagnostic_settings, make_diagnostic(other)),
            "web_apps": tuple(apps),
            "subscriptions": (
                *snapshot.subscriptions,
                Subscription(id=f"/subscriptions/{OTHER_SUB}", subscription_id=OTHER_SUB),
            ),
        }
    )
    there = [row(other.id, READER, "10.1.2.3", "SecretGet", "other-secret", 4)]
    interactions = [
        answer(SUB_SCOPE, 200, partial(union({"AZKVAuditLogs": ROWS}, app_tables=["AppTraces"]))),
        answer(WORKSPACE, 403, error("InsufficientAccessError", "no access")),
        answer(
            f"/subscriptions/{OTHER_SUB}", 200, union({"AZKVAuditLogs": there}, [], ["AppTraces"])
        ),
    ]
    results = run_checks(collect(tmp_path, interactions, snapshot), *CHECKS, "SE09-4.50")
    found = {(f.check_id, f.resource_name): f.status for f in results.findings}
    here = {k: v for k, v in found.items() if "other" not in k[1] and "there" not in k[1]}
    assert set(here.values()) <= {Status.UNKNOWN, Status.NOT_APPLICABLE}
    assert found[("SE09-4.50", "app-here")] is Status.UNKNOWN
    assert found[("SE09-7.50", "kv-other")] is Status.PASS
    assert found[("SE09-5.50", "other-secret")] is Status.PASS
    assert found[("SE09-4.50", "app-there")] is Status.PASS


@pytest.mark.parametrize(
    "no_audit_table",
    [
        pytest.param((400, missing_table("AZKVAuditLogs")), id="no table at all"),
        pytest.param((200, union(app_tables=["AppTraces"])), id="application logs only"),
    ],
)
def test_neither_table_anywhere_is_unknown_not_a_pass(
    tmp_path: Path, no_audit_table: tuple[int, dict[str, Any]]
) -> None:
    interactions = [
        answer(SUB_SCOPE, *no_audit_table),
        answer(WORKSPACE, 400, missing_table("AZKVAuditLogs")),
    ]
    snapshot = collect(tmp_path, interactions)
    results = run_checks(snapshot, *CHECKS)
    assert {f.status for f in results.findings} <= {Status.UNKNOWN, Status.NOT_APPLICABLE}
    codes = {f.cause.error_code for f in results.findings if f.cause is not None}
    assert codes == {"TableNotFound"}


def test_no_log_analytics_endpoint_leaves_the_log_evidence_uncollected(tmp_path: Path) -> None:
    snapshot = add_logs(base(), OfflineCredential(), "", WINDOW)
    assert "vault_access" not in snapshot.collected and "log_leaks" not in snapshot.collected
    results = run_checks(snapshot, *CHECKS)
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert {f.cause.failure for f in results.findings if f.cause} == {Failure.SWITCHED_OFF}
    assert all("not collected" in f.message for f in results.findings)


def test_query_answers_are_hostile_text_kept_as_text(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>\u202e"
    rows = [row(APP.id, hostile, "10.0.0.1", "SecretGet", "db-password", 30, denied=30)]
    snapshot = collect(tmp_path, [answer(SUB_SCOPE, 200, audit(rows))])
    assert snapshot.vault_access[0].caller == hostile
    finding = next(
        f
        for f in run_checks(snapshot, "SE09-7.51").findings
        if f.resource_name == "kv-app" and f.status is Status.FAIL
    )
    assert hostile in finding.message  # kept whole in the model; each reporter escapes it


def test_the_query_budget_keeps_to_200_queries_in_30_seconds() -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    budget = QueryBudget(
        concurrent=5, per_window=200, window=30.0, clock=lambda: now[0], sleep=sleep
    )
    for _ in range(200):
        budget.run(lambda: None)
        now[0] += 0.01
    assert waits == []
    budget.run(lambda: None)
    assert waits and now[0] >= 30.0
    assert budget.queries == 201


@pytest.mark.parametrize(
    ("recording", "code", "missing"),
    [
        ("loganalytics-query-200-partial-error.testproxy.json", "PartialError", False),
        ("loganalytics-query-400-semantic-error.testproxy.json", "TableNotFound", True),
    ],
)
def test_recorded_log_analytics_answers_are_failures_not_data(
    tmp_path: Path, recording: str, code: str, missing: bool
) -> None:
    from test_collect_support import shared_file

    from assess.collectors.logs import LogFailure, LogsReader

    source = shared_file("azure-recordings", recording)
    entries = json.loads(source.read_text(encoding="utf-8"))["Entries"]
    query = next(e["RequestBody"]["query"] for e in entries if e["RequestUri"].endswith("/query"))
    cassette = replay.cassette_from_testproxy(source, tmp_path / "recorded.yaml")
    reader = LogsReader(OfflineCredential(), LA, *WINDOW, retries=0)
    with replay.replay(cassette), pytest.raises(LogFailure) as failed:
        reader.query("/workspaces/00000000-0000-0000-0000-000000000000", query)
    assert failed.value.error.code == code
    assert failed.value.missing_table is missing


def test_the_published_query_answer_parses_by_column_name(tmp_path: Path) -> None:
    from test_collect_support import shared_file

    from assess.collectors.logs import LogsReader

    example = json.loads(
        shared_file(
            "azure-api-examples", "OperationalInsights.DataPlane", "query-post.json"
        ).read_text(encoding="utf-8")
    )
    body = example["responses"]["200"]["body"]
    interaction = query_answer(SUB_SCOPE, VAULT_AUDIT, 200, body)
    with replay.replay(write_cassette(tmp_path / "example.yaml", [interaction])):
        reader = LogsReader(OfflineCredential(), LA, *WINDOW)
        rows = reader.query(SUB_SCOPE, VAULT_AUDIT).rows
    assert [r["Computer"] for r in rows] == ["ContosoSQLSrv1", "Store010Web3"]
    assert rows[0]["BatchesWithinSla"] == "1"  # a long sent as a string stays as sent


def test_log_window_is_bounded_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from assess.cli import main

    code = main(
        [
            "collect",
            "--replay",
            "none.yaml",
            "--all-subscriptions",
            "-o",
            "x.json",
            "--log-window",
            "91",
        ]
    )
    assert code == 2
    assert "--log-window 91 is out of range" in capsys.readouterr().err


def test_no_logs_leaves_log_evidence_uncollected(tmp_path: Path) -> None:
    from assess.cli import main

    demo = Path(__file__).resolve().parents[1] / "cassettes" / "demo-contoso.yaml"
    out = tmp_path / "snapshot.json"
    args = ["collect", "--replay", str(demo), "--all-subscriptions", "-o", str(out), "-q"]
    assert main([*args, "--no-logs"]) == 0
    snapshot = Snapshot.model_validate_json(out.read_text())
    assert "vault_access" not in snapshot.collected
    assert not snapshot.log_queries


# ---- the Activity Log: storage account key events ------------------------------------------------
ARM = "https://management.azure.com"


def activity_event(
    account_id: str, operation: str, days_ago: int, caller: str, n: int
) -> dict[str, Any]:
    """One Activity Log event in the published shape (Activity Logs - List, 2015-04-01)."""
    when = WINDOW[1] - timedelta(days=days_ago)
    return {
        "caller": caller,
        "eventDataId": f"44ade6b4-3813-45e6-ae27-{n:012d}",
        "eventTimestamp": when.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "operationName": {
            "value": f"Microsoft.Storage/storageAccounts/{operation}/action",
            "localizedValue": operation,
        },
        "resourceId": account_id,
        "status": {"value": "Succeeded", "localizedValue": "Succeeded"},
    }


def activity_answer(status: int, body: dict[str, Any], sub: str = SUB) -> dict[str, Any]:
    from assess.collectors.logs import ACTIVITY_DAYS, activity_url

    start = WINDOW[1] - timedelta(days=ACTIVITY_DAYS)
    return {
        "request": {
            "method": "GET",
            "uri": activity_url(ARM, sub, start, WINDOW[1]),
            "body": None,
            "headers": {},
        },
        "response": {
            "status": {"code": status, "message": "OK"},
            "headers": {"Content-Type": ["application/json; charset=utf-8"]},
            "body": {"string": json.dumps(body)},
        },
    }


def storage_snapshot(tmp_path: Path, interaction: dict[str, Any]) -> Snapshot:
    from snapshot_factory import make_storage_account

    from assess.http import ArmClient

    accounts = [make_storage_account(name) for name in ("strotated", "stold", "stquiet")]
    kinds = [k for k in EVIDENCE_KINDS if k not in LOG_KINDS]
    snapshot = make_snapshot(*accounts, collected=kinds)
    cassette = write_cassette(tmp_path / "activity.yaml", [interaction])
    with (
        replay.replay(cassette),
        ArmClient(ARM, OfflineCredential(), "scope", retry_total=0) as arm,
    ):
        return add_logs(snapshot, OfflineCredential(), "", WINDOW, arm=arm, arm_base=ARM)


def test_the_activity_log_gives_the_real_rotation_date_and_who_listed_keys(tmp_path: Path) -> None:
    from snapshot_factory import make_storage_account

    rotated, old = make_storage_account("strotated").id, make_storage_account("stold").id
    events = [
        activity_event(rotated, "regenerateKey", 10, "ops@contoso.com", 1),
        activity_event(old, "regenerateKey", 80, "ops@contoso.com", 2),
        activity_event(old, "listKeys", 3, "dev@contoso.com", 3),
        {
            "eventDataId": "unrelated",
            "operationName": {"value": "Microsoft.Storage/storageAccounts/write"},
        },
    ]
    snapshot = storage_snapshot(tmp_path, activity_answer(200, {"value": events}))
    assert sorted(e.operation for e in snapshot.key_events) == [
        "listKeys",
        "regenerateKey",
        "regenerateKey",
    ]
    results = run_checks(snapshot, "SE09-5.51")
    assert by_status(results, "SE09-5.51") == {"pass": {"strotated"}, "fail": {"stold", "stquiet"}}
    old_finding = next(f for f in results.findings if f.resource_name == "stold")
    assert "80 days ago" in old_finding.message and "dev@contoso.com" in old_finding.message


def test_a_refused_activity_log_is_unknown(tmp_path: Path) -> None:
    body = error("AuthorizationFailed", "The client does not have authorization to perform action")
    snapshot = storage_snapshot(tmp_path, activity_answer(403, body))
    results = run_checks(snapshot, "SE09-5.51")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert {f.cause.permission for f in results.findings if f.cause} == {
        "Microsoft.Insights/eventtypes/values/read"
    }


SUBS = [f"00000000-0000-0000-0000-0000000001{n:02d}" for n in range(12)]
REFUSED = set(SUBS[3::4])
REFUSAL = error("AuthorizationFailed", "The client does not have authorization to perform action")


def activity_interactions() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Twelve subscriptions, one storage account each: a recorded Activity Log answer per
    subscription, a 403 for every fourth."""
    from snapshot_factory import make_storage_account

    accounts = {sub: make_storage_account(f"st{sub[-2:]}", sub=sub) for sub in SUBS}
    interactions = [
        activity_answer(403, REFUSAL, sub)
        if sub in REFUSED
        else activity_answer(
            200,
            {"value": [activity_event(accounts[sub].id, "regenerateKey", 5, "ops@contoso.com", n)]},
            sub,
        )
        for n, sub in enumerate(SUBS)
    ]
    return accounts, interactions


def assert_each_subscription_on_its_own(
    accounts: dict[str, Any], queries: list[Any], events: list[Any], gaps: tuple[Any, ...]
) -> None:
    assert [q.scope for q in queries] == [f"/subscriptions/{s}" for s in SUBS if s not in REFUSED]
    assert {e.resource_id.lower() for e in events} == {
        accounts[s].id.lower() for s in SUBS if s not in REFUSED
    }
    assert {(g.kind, g.scope) for g in gaps} == {
        ("key_events", f"/subscriptions/{s}") for s in REFUSED
    }


def test_each_subscriptions_activity_log_is_its_own_evidence(tmp_path: Path) -> None:
    """Replayed through the real client: each subscription's accounts get its own events, and a
    refused subscription is a gap of its own."""
    from assess.collectors._base import GapSink
    from assess.collectors.logs import collect_key_events
    from assess.http import ArmClient

    accounts, interactions = activity_interactions()
    cassette = write_cassette(tmp_path / "activity.yaml", interactions)
    sink = GapSink()
    with (
        replay.replay(cassette),
        ArmClient(ARM, OfflineCredential(), "scope", retry_total=0) as arm,
    ):
        # A replay reads one call at a time (the recorder is not thread-safe), as a run does.
        queries, events = collect_key_events(arm, ARM, SUBS, WINDOW[1], sink, workers=1)
    assert_each_subscription_on_its_own(accounts, queries, events, sink.gaps())


def test_activity_logs_are_read_side_by_side_with_the_same_result() -> None:
    """A live run reads the subscriptions' Activity Logs at once, not one after another, and
    gets what a one-at-a-time read gets."""
    import threading
    import time

    from assess.collectors._base import GapSink
    from assess.collectors.logs import collect_key_events
    from assess.http import ApiError

    accounts, interactions = activity_interactions()
    answers = {i["request"]["uri"]: i for i in interactions}

    class Client:
        """Answers each Activity Log list from the recorded interactions, after a pause."""

        def __init__(self) -> None:
            self.lock, self.running, self.most = threading.Lock(), 0, 0

        def list_all(self, url: str) -> list[dict[str, Any]]:
            with self.lock:
                self.running += 1
                self.most = max(self.most, self.running)
            time.sleep(0.05)
            with self.lock:
                self.running -= 1
            got = answers[url]["response"]
            body = json.loads(got["body"]["string"])
            if got["status"]["code"] != 200:
                raise ApiError(
                    got["status"]["code"], body["error"]["code"], body["error"]["message"]
                )
            return list(body["value"])

    results = []
    for workers in (1, 16):
        client, sink = Client(), GapSink()
        queries, events = collect_key_events(client, ARM, SUBS, WINDOW[1], sink, workers=workers)  # type: ignore[arg-type]
        assert_each_subscription_on_its_own(accounts, queries, events, sink.gaps())
        results.append((queries, events, sink.gaps(), client.most))
    assert results[0][:3] == results[1][:3]
    assert results[0][3] == 1 and results[1][3] > 1


# ---- credentials in application logs ---------------------------------------------------------------
LEAK = "LogLeakCanary-3e9d-Vb7Nq2Xs"
LEAKY_LINE = f"db connect failed: Server=tcp:db;User ID=app;Password={LEAK};"


def leak_snapshot(tmp_path: Path, status: int, body: dict[str, Any]) -> Snapshot:
    from snapshot_factory import make_web_app

    from assess.redact import Fingerprinter

    apps = [make_web_app("app-orders"), make_web_app("app-clean")]
    kinds = [k for k in EVIDENCE_KINDS if k not in LOG_KINDS]
    snapshot = make_snapshot(*apps, collected=kinds)
    cassette = write_cassette(tmp_path / "leaks.yaml", [answer(SUB_SCOPE, status, body)])
    with replay.replay(cassette):
        return add_logs(
            snapshot,
            OfflineCredential(),
            LA,
            WINDOW,
            workers=1,
            retries=0,
            fingerprinter=Fingerprinter(b"k" * 32),
        )


def test_a_credential_in_an_app_log_fails_the_app_and_is_kept_redacted(tmp_path: Path) -> None:
    from snapshot_factory import make_web_app

    from assess.snapshot import dumps

    orders = make_web_app("app-orders").id
    container = (
        f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.App/containerApps/ca-jobs"
    )
    rows = [
        (orders, "AppServiceConsoleLogs", LEAKY_LINE, 7),
        (orders, "AppServiceAppLogs", "token refresh took 20 ms", 40),
        (container, "ContainerAppConsoleLogs_CL", LEAKY_LINE, 2),
    ]
    snapshot = leak_snapshot(tmp_path, 200, union(sampled=rows))
    results = run_checks(snapshot, "SE09-4.50")
    assert by_status(results, "SE09-4.50") == {
        "fail": {"app-orders", "ca-jobs"},
        "pass": {"app-clean"},
    }
    leak = next(x for x in snapshot.log_leaks if "sites" in x.resource_id)
    assert leak.preview.startswith("LogL") and leak.lines == 7
    assert leak.rule_ids == ("connection-string-password",)
    # the same value in two apps: one fingerprint
    assert len({x.fingerprint for x in snapshot.log_leaks}) == 1
    assert LEAK not in dumps(snapshot)
    assert LEAK not in dumps(results)


def test_an_unreadable_app_log_sample_is_unknown(tmp_path: Path) -> None:
    snapshot = leak_snapshot(tmp_path, 403, error("InsufficientAccessError", "no access"))
    results = run_checks(snapshot, "SE09-4.50")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    for status, body in [(400, NO_APP_LOGS), (200, audit([]))]:  # no table; audit tables only
        snapshot = leak_snapshot(tmp_path, status, body)
        results = run_checks(snapshot, "SE09-4.50")
        assert {f.status for f in results.findings} == {Status.UNKNOWN}
        assert {f.cause.error_code for f in results.findings if f.cause} == {"TableNotFound"}


def test_an_app_log_sample_cut_short_in_all_is_unknown(tmp_path: Path) -> None:
    """At most 500 sampled messages in all: each table's part under it, together at it."""
    from snapshot_factory import make_web_app

    orders = make_web_app("app-orders").id
    rows = [(orders, table, f"token refresh {n}", 1) for n in range(250) for table in TWO]
    snapshot = leak_snapshot(tmp_path, 200, union(sampled=rows))
    results = run_checks(snapshot, "SE09-4.50")
    assert {f.status for f in results.findings} == {Status.UNKNOWN}
    assert {f.cause.error_code for f in results.findings if f.cause} == {"ResultTruncated"}
    (sampled,) = snapshot.log_queries
    assert sampled.rows == 500


TWO = ("AppServiceAppLogs", "AppTraces")


def test_a_recording_never_keeps_a_sampled_log_line() -> None:
    body = json.dumps(
        union(
            sampled=[
                ("/subscriptions/x/providers/Microsoft.Web/sites/a", "AppTraces", LEAKY_LINE, 1)
            ]
        )
    )
    response = {"headers": {}, "body": {"string": body.encode()}}
    recorded = replay.before_record_response(response)["body"]["string"]
    assert LEAK not in recorded.decode()
    assert "AppTraces" in recorded.decode()  # the rest of the answer stays readable

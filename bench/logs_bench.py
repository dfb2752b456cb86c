"""Logs bench: what the log evidence adds to a scan, on the scale bench's tenant with a Log Analytics stand-in.

    python bench/logs_bench.py            # 50 subscriptions x 20 vaults x 50 secrets, 50 ms ARM, 400 ms queries
    python bench/logs_bench.py --quick    # 5 x 4 x 5: a few seconds, what the smoke test runs

One stand-in child process (HTTPS on 127.0.0.1, a throwaway certificate authority) serves the scale
bench's generated tenant (:mod:`scale_bench`: Resource Manager's read limits, ``--latency-ms`` per
answer) and, on the same address, the Log Analytics query API: each query waits
``--query-latency-ms``, Log Analytics' per-user limits are enforced (5 queries at once, 200 per
30 seconds: past them the answer is 429 with ``Retry-After``), every ``--partial-every``-th query
answers a partial result (tables and ``PartialError``), the ``AzureDiagnostics`` table does not
exist (a ``union isfuzzy=true`` leaves it out; a query naming no other table is 400 ``SEM0100``, as
in most workspaces), ``AZKVAuditLogs`` answers summarised rows for the subscription's vaults and
the application log tables exist with no line shaped like a credential. The Activity Log answers
an empty list.

The project's collector runs twice at default settings, each in a child process: with the log
evidence switched off, then on (the default). The table prints the queries made, the wall times,
and the share of the scan's wall time the log evidence costs, beside its target (under 25%), with
PASS or MISS.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from collect_bench import (  # noqa: E402
    FINGERPRINT_KEY,
    HOST,
    _error,
    make_certificates,
    serve_tls,
    spawn_server,
    stop_server,
)
from scale_bench import Handler, StandIn, build_tenant, control  # noqa: E402

TARGET_SHARE = 0.25
"""The log evidence may cost at most this share of the scan's wall time (issue 14)."""
CONCURRENT, PER_WINDOW, WINDOW = 5, 200, 30.0
"""Log Analytics' documented per-user limits: concurrent queries, and queries per 30 seconds."""


# ---- the stand-in (child process) ----------------------------------------------------------------
class LogsStandIn(StandIn):
    """The scale bench's Resource Manager plus the Log Analytics query API, with its limits."""

    def __init__(self, tenant: Any, latency: float, max_requests: int, args: Any) -> None:
        super().__init__(tenant, latency, max_requests)
        self.RequestHandlerClass = LogsHandler
        self.query_latency = args.query_latency_ms / 1000
        self.partial_every = args.partial_every
        self.queries = 0
        self.query_throttled = 0
        self.partials = 0
        self.answered = 0
        self.running = 0
        self.started: deque[float] = deque()
        self.vaults = {
            path.split("/")[2]: [item["id"] for item in items]
            for path, items in tenant.lists.items()
            if path.endswith("/providers/microsoft.keyvault/vaults") and path.count("/") == 5
        }

    def admit_query(self) -> float:
        """0 when a query may run now (it is counted as running), else the seconds to wait."""
        with self.lock:
            now = time.monotonic()
            while self.started and now - self.started[0] >= WINDOW:
                self.started.popleft()
            if self.running >= CONCURRENT:
                self.query_throttled += 1
                return 1.0
            if len(self.started) >= PER_WINDOW:
                self.query_throttled += 1
                return WINDOW - (now - self.started[0])
            self.running += 1
            self.queries += 1
            self.started.append(now)
            return 0.0

    def done_query(self) -> None:
        with self.lock:
            self.running -= 1


class LogsHandler(Handler):
    server: LogsStandIn

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path.lower().endswith("/providers/microsoft.insights/eventtypes/management/values"):
            time.sleep(self.server.latency)
            self._send(200, {"value": []}, 1)
            return
        if url.path == "/bench/logs":
            with self.server.lock:
                body = {
                    "queries": self.server.queries,
                    "throttled": self.server.query_throttled,
                    "partials": self.server.partials,
                }
            self._send(200, body, 1)
            return
        super().do_GET()

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        parts = urlsplit(self.path).path.split("/")
        if len(parts) != 5 or parts[1] != "v1" or parts[-1] != "query":
            self._send(404, _error("PathNotFoundError", "not a query path"), 0)
            return
        wait = self.server.admit_query()
        if wait:
            self._send(
                429,
                _error("TooManyRequests", "limit reached"),
                0,
                {"Retry-After": str(max(1, round(wait)))},
            )
            return
        try:
            time.sleep(self.server.query_latency)
            status, answer = self._answer(parts[3].lower(), str(body.get("query", "")))
        finally:
            self.server.done_query()
        self._send(status, answer, 1)

    def _answer(self, sub: str, query: str) -> tuple[int, dict[str, Any]]:
        """What Log Analytics answers ``query`` (a ``union isfuzzy=true`` of one part per table,
        each tagged ``Part``/``Table``, and a ``take 1 | count`` part per table saying it exists):
        ``AzureDiagnostics`` does not exist, so it has no part; ``AZKVAuditLogs`` answers a row
        per vault and secret read; the application tables exist and hold no matching line. A
        query that names no existing table fails as Log Analytics does (400, ``SEM0100``)."""
        found = re.findall(r'\((\w+) \| take 1 \| count \| project Part = "([^"]+)"', query)
        parts = re.findall(r'\| extend Part = "([^"]+)", Table = "([^"]+)"\)', query)
        named = [t for t, _ in found] + [t for _, t in parts]
        if not [t for t in named if t not in MISSING_TABLES]:
            return 400, _missing_table(named[0] if named else "?")
        with self.server.lock:
            self.server.answered += 1
            every = self.server.partial_every
            partial = bool(every) and self.server.answered % every == 0
            if partial:
                self.server.partials += 1
        rows = [self._row(part, table) for table, part in found if table not in MISSING_TABLES]
        for part, table in parts:
            if table == "AZKVAuditLogs":
                rows += [
                    self._row(
                        part,
                        table,
                        vault.lower(),
                        "11111111-1111-4111-8111-111111111111",
                        "10.0.0.4",
                        "SecretGet",
                        f"secret-{n}",
                        12,
                        0,
                        "2026-10-20T00:00:00Z",
                        "2026-10-30T00:00:00Z",
                    )
                    for vault in self.server.vaults.get(sub, [])
                    for n in range(3)
                ]
        answer: dict[str, Any] = {
            "tables": [
                {
                    "name": "PrimaryResult",
                    "columns": [{"name": c, "type": "string"} for c in ANSWER_COLUMNS],
                    "rows": rows,
                }
            ]
        }
        if partial:
            answer["error"] = {
                "code": "PartialError",
                "message": "There were some errors when processing your query.",
            }
        return 200, answer

    @staticmethod
    def _row(part: str, table: str, *audit: Any) -> list[Any]:
        cells = [part, table, *audit]
        return cells + [None] * (len(ANSWER_COLUMNS) - len(cells))


MISSING_TABLES = frozenset({"AzureDiagnostics"})
"""Tables that do not exist in the stand-in's workspaces (as in most)."""
ANSWER_COLUMNS = (
    "Part",
    "Table",
    "Vault",
    "Caller",
    "CallerIp",
    "Operation",
    "Secret",
    "Events",
    "Denied",
    "First",
    "Last",
    "Resource",
    "Sample",
    "Lines",
)
"""The columns of a union of the audit parts and the application log parts."""


def _missing_table(name: str) -> dict[str, Any]:
    return {
        "error": {
            "code": "BadArgumentError",
            "message": "The request had some invalid properties",
            "innererror": {
                "code": "SemanticError",
                "message": "A semantic error occurred.",
                "innererror": {
                    "code": "SEM0100",
                    "message": f"Failed to resolve table or column expression named '{name}'",
                },
            },
        }
    }


def serve(args: argparse.Namespace) -> int:
    tenant = build_tenant(args.subs, args.vaults, args.secrets, args.seed)
    server = LogsStandIn(tenant, args.latency_ms / 1000, args.max_requests, args)
    return serve_tls(server, server.exhausted, args.cert_dir, args.max_seconds)


# ---- the client (child process) ------------------------------------------------------------------
def client(args: argparse.Namespace) -> int:
    from assess import run, sources
    from assess.auth import OfflineCredential
    from assess.config import Config
    from assess.progress import NullProgress

    switches = {s.name: False for s in sources.switches()}
    switches["logs"] = args.logs == "on"
    started = time.perf_counter()
    snapshot = run.collect(
        Config(),
        NullProgress(),
        arm_endpoint=args.base,
        log_analytics_endpoint=args.base,
        all_subscriptions=True,
        credential=OfflineCredential(),
        switches=switches,
    )
    wall = time.perf_counter() - started
    print(
        json.dumps(
            {
                "wall": wall,
                "vaults": len(snapshot.vaults),
                "log_queries": len(snapshot.log_queries),
                "vault_access": len(snapshot.vault_access),
                "log_gaps": sum(
                    1 for g in snapshot.gaps if g.kind in ("vault_access", "log_leaks")
                ),
            }
        )
    )
    return 0


# ---- the bench (parent) ----------------------------------------------------------------------------
def run_client(base: str, logs: str) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--client", logs, "--base", base]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(
            f"the {logs} run failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
        )
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def logs_counts(base: str, ca: str) -> dict[str, Any]:
    import ssl
    import urllib.request

    context = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(f"{base}/bench/logs", context=context, timeout=10) as r:  # noqa: S310
        data: dict[str, Any] = json.load(r)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subs", type=int, default=50)
    parser.add_argument("--vaults", type=int, default=20)
    parser.add_argument("--secrets", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0, help="Resource Manager answers")
    parser.add_argument("--query-latency-ms", type=float, default=400.0, help="log queries")
    parser.add_argument("--partial-every", type=int, default=10, help="every Nth query is partial")
    parser.add_argument("--quick", action="store_true", help="5 x 4 x 5")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cert-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--client", choices=("on", "off"), dest="logs", help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args)
    if args.logs:
        return client(args)
    if args.quick:
        args.subs, args.vaults, args.secrets = 5, 4, 5
    with tempfile.TemporaryDirectory(prefix="waf-assess-logs-") as folder:
        cert_dir = Path(folder)
        ca = make_certificates(cert_dir)
        os.environ["REQUESTS_CA_BUNDLE"] = str(ca)
        os.environ["SSL_CERT_FILE"] = str(ca)
        os.environ["WAF_ASSESS_FINGERPRINT_KEY"] = FINGERPRINT_KEY
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--serve",
            "--cert-dir",
            str(cert_dir),
            "--subs",
            str(args.subs),
            "--vaults",
            str(args.vaults),
            "--secrets",
            str(args.secrets),
            "--seed",
            str(args.seed),
            "--latency-ms",
            str(args.latency_ms),
            "--query-latency-ms",
            str(args.query_latency_ms),
            "--partial-every",
            str(args.partial_every),
            "--max-requests",
            str(args.max_requests),
            "--max-seconds",
            str(args.max_seconds),
        ]
        child, base = spawn_server(command)
        try:
            ca_file = str(ca)
            off = run_client(base, "off")
            before, served = logs_counts(base, ca_file), control(base, ca_file)["served"]
            on = run_client(base, "on")
            after, served_on = logs_counts(base, ca_file), control(base, ca_file)["served"]
        finally:
            stop_server(child)
    queries = after["queries"] - before["queries"]
    difference = on["wall"] - off["wall"]
    cost = max(difference, 0.0)
    share = cost / on["wall"] if on["wall"] else 0.0
    from evaluate_bench import machine

    print(machine())
    print(
        f"tenant {args.subs} x {args.vaults} x {args.secrets} on {HOST}: Resource Manager "
        f"{args.latency_ms:g} ms per answer; Log Analytics {args.query_latency_ms:g} ms per query, "
        f"{CONCURRENT} at once and {PER_WINDOW} per {WINDOW:g} s (429 + Retry-After), every "
        f"{args.partial_every}th query partial"
    )
    print(
        f"{'run':<10} {'wall s':>7} {'log queries':>11} {'429':>4} {'partial':>7} {'ARM calls':>9}"
    )
    print(f"{'logs off':<10} {off['wall']:>7.2f} {0:>11} {0:>4} {0:>7} {served:>9}")
    print(
        f"{'logs on':<10} {on['wall']:>7.2f} {queries:>11} "
        f"{after['throttled'] - before['throttled']:>4} {after['partials'] - before['partials']:>7} "
        f"{served_on - served:>9}"
    )
    print(
        f"log evidence: {on['vault_access']} access records for {on['vaults']} vaults, "
        f"{on['log_gaps']} log gaps (the partial answers)"
    )
    verdict = "PASS" if share < TARGET_SHARE else "MISS"
    print(
        f"log evidence costs {cost:.2f} s (on - off = {difference:+.2f} s) = {100 * share:.1f}% "
        f"of the scan's wall time; target < {100 * TARGET_SHARE:.0f}%: {verdict}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

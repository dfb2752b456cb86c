"""Scale bench: the project's collector and a plain azure-mgmt-* client on a throttled loopback Resource Manager.

    python bench/scale_bench.py                 # 50 subscriptions x 20 vaults x 50 secrets at 50 ms
    python bench/scale_bench.py --quick         # 5 x 4 x 5: a few seconds, what the smoke test runs
    python bench/scale_bench.py --profile 30    # plus the project client's 30 top cProfile entries

A stand-in for Resource Manager runs in a child process, over HTTPS on 127.0.0.1 only (an
ephemeral port), with a throwaway certificate authority generated for this run and trusted through
``REQUESTS_CA_BUNDLE``. It serves a generated tenant of ``--subs`` subscriptions, each with
``--vaults`` key vaults in two resource groups; every vault holds ``--secrets`` secrets, a few keys
and (one vault in two) a diagnostic setting; each subscription has its role assignments and
definitions and the caller's permissions. The shapes are those of :mod:`collect_bench` (the
published REST examples: epoch seconds in Key Vault attributes, ``nextLink`` paging). Each answer
waits ``--latency-ms`` first. Resource Manager's documented read limits are enforced per
subscription as a token bucket (250 burst, 25 per second): past them the answer is 429 with
``Retry-After``, and every answer carries ``x-ms-ratelimit-remaining-subscription-reads``. The
stand-in counts new connections (each one a TLS handshake). It stops by itself after
``--max-requests`` answers or ``--max-seconds``, or when this process goes away.

Each client runs in a process of its own (so its CPU time and peak memory are its own, never the
server's): the project's collector at default settings; the same collector with one worker (the
serial run the snapshot must equal byte for byte, on the same stand-in with no latency); a plain
threaded client on azure-mgmt-resource(-subscriptions), -keyvault and -authorization (the
``bench`` extra) listing the same things with a thread pool of the same size; and the project's collector on
tenants of ``--small-subs`` and ``--large-subs`` subscriptions to show how cost grows. The table
prints every figure beside its target, with meets/misses.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import importlib.util
import io
import json
import math
import os
import pstats
import random
import resource
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from collect_bench import (  # noqa: E402
    BUILTIN_ROLES,
    FINGERPRINT_KEY,
    HOST,
    NOW,
    PAGE,
    FakeArm,
    Tenant,
    _assignment,
    _definition,
    _error,
    _vault,
    _vault_items,
    answer,
    guid,
    make_certificates,
    serve_tls,
    spawn_server,
    stop_server,
)
from collect_bench import (  # noqa: E402
    Handler as FakeArmHandler,
)

CONTROL = "/_bench/stats"
"""Not an Azure path: the counters (and, with ``?latency_ms=``, a new latency); never counted."""
BURST = 250
"""Resource Manager's read bucket per subscription: 250 requests..."""
REFILL = 25.0
"""...refilled at 25 per second."""
THROTTLED_BURST = 20
THROTTLED_REFILL = 10.0
"""The throttled run's stand-in: a bucket the client does not know (it assumes 250 + 25/s) and
learns only from ``x-ms-ratelimit-remaining-subscription-reads`` and 429s."""
EARLY_SLACK = 0.05
"""Seconds after a 429 reaches the client in which calls it had already sent still arrive."""
DIAGNOSTICS = "/providers/Microsoft.Insights/diagnosticSettings?api-version=2021-05-01-preview"


def _default_workers() -> int:
    from assess.config import Config

    return Config().collect.max_workers


DEFAULT_WORKERS = _default_workers()
"""The collector's default ``max_workers`` (``[collect]`` in the config); the azure-mgmt client
gets a pool of the same size."""

TARGET_PARALLELISM = 32.0
TARGET_VS_SDK = 2.0
TARGET_RSS_MB = 1024.0
TARGET_RESULTS_MB = 50.0
TARGET_THROTTLED = 0.02
"""Near zero: at most 2 % of the calls answered 429 on the throttled stand-in."""
TARGET_LINEAR = 1.5
"""Cost is linear in resources when the client's CPU per call (calls grow with the resources) at
the smallest, main and largest tenant (one shape per subscription) are within 1.5x of each other,
and no cost of the largest grows more than 1.5x faster than its resources from the main one's."""


# ---- the tenant ------------------------------------------------------------------------------
def build_tenant(subs: int, vaults: int, secrets: int, seed: int = 11) -> Tenant:
    """``subs`` subscriptions x ``vaults`` vaults x ``secrets`` secrets, deterministic."""
    rng = random.Random(seed)
    t = Tenant()
    tenant_id = guid(0x7E, 1)
    ids = [guid(0xA1, i) for i in range(subs)]
    t.add(
        "/subscriptions",
        [
            {
                "id": f"/subscriptions/{s}",
                "subscriptionId": s,
                "tenantId": tenant_id,
                "displayName": f"contoso-scale-{i}",
                "state": "Enabled",
                "subscriptionPolicies": {"quotaId": "EnterpriseAgreement_2014-09-01"},
                "authorizationSource": "RoleBased",
            }
            for i, s in enumerate(ids)
        ],
        PAGE["groups"] * 5,
    )
    principals = [guid(0xB0, i) for i in range(50)]
    for i, s in enumerate(ids):
        groups = [f"rg-app{j}" for j in range(2)]
        t.add(
            f"/subscriptions/{s}/resourcegroups",
            [
                {
                    "id": f"/subscriptions/{s}/resourceGroups/{g}",
                    "name": g,
                    "type": "Microsoft.Resources/resourceGroups",
                    "location": "westeurope",
                    "properties": {"provisioningState": "Succeeded"},
                }
                for g in groups
            ],
        )
        t.add(
            f"/subscriptions/{s}/providers/Microsoft.Authorization/permissions",
            [{"actions": ["*/read"], "notActions": []}],
        )
        mine = []
        for n in range(vaults):
            group = groups[n % 2]
            vault = _vault(rng, s, group, f"kv-{i:03d}-{n:03d}", tenant_id)
            mine.append(vault)
            vid = vault["id"]
            t.add(f"{vid}/secrets", _vault_items(rng, vault, "secret", secrets), PAGE["items"])
            t.add(f"{vid}/keys", _vault_items(rng, vault, "key", max(1, secrets // 10)))
            settings = []
            if n % 2 == 0:
                settings.append(
                    {
                        "id": f"{vid.lower()}/providers/microsoft.insights/diagnosticSettings/audit",
                        "type": "Microsoft.Insights/diagnosticSettings",
                        "name": "audit",
                        "properties": {
                            "workspaceId": f"/subscriptions/{s}/resourceGroups/rg-logs/providers/"
                            "Microsoft.OperationalInsights/workspaces/law-central",
                            "logs": [{"category": "AuditEvent", "enabled": n % 4 == 0}],
                            "metrics": [],
                        },
                    }
                )
            t.add(f"{vid}/providers/Microsoft.Insights/diagnosticSettings", settings)
        t.add(f"/subscriptions/{s}/providers/Microsoft.KeyVault/vaults", mine, PAGE["vaults"])
        for g in groups:
            in_group = [v for v in mine if f"/resourceGroups/{g}/" in v["id"]]
            t.add(
                f"/subscriptions/{s}/resourcegroups/{g}/providers/Microsoft.KeyVault/vaults",
                in_group,
                PAGE["vaults"],
            )
        definitions = [
            _definition(s, r, name, actions, data, "BuiltInRole")
            for r, name, actions, data in BUILTIN_ROLES
        ]
        t.add(
            f"/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions",
            definitions,
            PAGE["definitions"],
        )
        scopes = [f"/subscriptions/{s}"] + [v["id"] for v in mine]
        t.add(
            f"/subscriptions/{s}/providers/Microsoft.Authorization/roleAssignments",
            [
                _assignment(
                    rng.choice(scopes),
                    guid(0xE0, i * 100_000 + k),
                    rng.choice(BUILTIN_ROLES)[0],
                    rng.choice(principals),
                )
                for k in range(max(4, vaults))
            ],
            PAGE["assignments"],
        )
    t.expected["vaults"] = subs * vaults
    t.expected["secrets"] = subs * vaults * secrets
    return t


# ---- the stand-in for Resource Manager (child process) ----------------------------------------
class Bucket:
    """A token bucket: ``burst`` tokens, ``refill`` more each second. After a 429 it remembers
    until when its ``Retry-After`` asked the client to wait, to count the calls that did not."""

    def __init__(self, burst: float, refill: float) -> None:
        self.burst = burst
        self.refill = refill
        self.tokens = float(burst)
        self.at = time.monotonic()
        self.quiet_from = 0.0
        self.quiet_until = 0.0

    def take(self) -> tuple[bool, int, float]:
        """(allowed, tokens left, seconds until the next token)."""
        now = time.monotonic()
        self.tokens = min(float(self.burst), self.tokens + (now - self.at) * self.refill)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True, int(self.tokens), 0.0
        return False, 0, (1 - self.tokens) / self.refill

    def early(self, now: float) -> bool:
        """A call that arrives while an earlier 429's ``Retry-After`` still runs (and after the
        client could have read that answer)."""
        return self.quiet_from < now < self.quiet_until


class StandIn(FakeArm):
    """:class:`collect_bench.FakeArm` with read limits per subscription and a connection count."""

    request_queue_size = 128

    def __init__(
        self,
        tenant: Tenant,
        latency: float,
        max_requests: int,
        burst: float = BURST,
        refill: float = REFILL,
    ) -> None:
        super().__init__(tenant, latency, max_requests)
        self.RequestHandlerClass = Handler
        self.burst = burst
        self.refill = refill
        self.throttled = 0
        self.early = 0
        """Calls that came while a ``Retry-After`` the client had read was still running."""
        self.connections = 0
        self.statuses: Counter[str] = Counter()
        self.buckets: dict[str, Bucket] = {}

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.lock:
            self.connections += 1  # one new connection: one TLS handshake
        super().process_request(request, client_address)

    def admit(self, path: str) -> tuple[bool, int, int]:
        """Count one answer and take a token of its subscription's bucket (the tenant's own
        bucket for tenant-level paths): (counted, reads left, the 429's Retry-After or 0)."""
        parts = path.split("/")
        scope = parts[2].lower() if len(parts) > 2 and parts[1].lower() == "subscriptions" else ""
        now = time.monotonic()
        with self.lock:
            if self.served >= self.max_requests:
                self.exhausted.set()
                return False, 0, 0
            self.served += 1
            bucket = self.buckets.setdefault(scope, Bucket(self.burst, self.refill))
            if bucket.early(now):
                self.early += 1
            allowed, left, wait = bucket.take()
            if allowed:
                return True, left, 0
            self.throttled += 1
            retry = max(1, math.ceil(wait))
            # The client reads the 429 one latency from now; from then on it should wait.
            answered = now + self.latency
            bucket.quiet_from = max(bucket.quiet_from, answered + EARLY_SLACK)
            bucket.quiet_until = max(bucket.quiet_until, answered + retry)
            return True, 0, retry


class Handler(FakeArmHandler):
    """:class:`collect_bench.Handler` (HTTP/1.1 keep-alive, quiet) answering through the read
    limits, with the reads left in every answer."""

    server: StandIn

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == CONTROL:
            if "latency_ms" in query:
                self.server.latency = float(query["latency_ms"][0]) / 1000
            with self.server.lock:
                body = {
                    "served": self.server.served,
                    "throttled": self.server.throttled,
                    "early": self.server.early,
                    "connections": self.server.connections,
                    "statuses": dict(self.server.statuses),
                }
            self._send(200, body, BURST)
            return
        counted, left, retry = self.server.admit(url.path)
        if not counted:
            self._send(400, _error("BenchBudgetSpent", "the bench's request budget is spent"), 0)
            return
        time.sleep(self.server.latency)
        if retry:
            message = "Number of 'read' requests for subscription exceeded. Please try again later."
            self._send(
                429,
                _error("SubscriptionRequestsThrottled", message),
                0,
                {"Retry-After": str(retry)},
            )
            return
        status, body = answer(self.server.tenant, self.server.base, url.path, query)
        self._send(status, body, left)

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._send(405, _error("MethodNotAllowed", "this stand-in serves reads only"), 0)

    def _send(
        self, status: int, body: Any, left: int, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        with self.server.lock:
            self.server.statuses[str(status)] += 1
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-ms-ratelimit-remaining-subscription-reads", str(left))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def serve(args: argparse.Namespace) -> int:
    """Child process: serve until the budget or the deadline is spent, or stdin closes."""
    tenant = build_tenant(args.subs, args.vaults, args.secrets, args.seed)
    server = StandIn(tenant, args.latency_ms / 1000, args.max_requests, args.burst, args.refill)
    return serve_tls(server, server.exhausted, args.cert_dir, args.max_seconds)


def trust_stand_in(cert_dir: Path) -> Path:
    """A certificate authority and server certificate in ``cert_dir``, trusted by this process
    and its children; the fingerprint key fixed so snapshots compare byte for byte."""
    ca = make_certificates(cert_dir)
    os.environ["REQUESTS_CA_BUNDLE"] = str(ca)
    os.environ["SSL_CERT_FILE"] = str(ca)
    os.environ["WAF_ASSESS_FINGERPRINT_KEY"] = FINGERPRINT_KEY
    return cert_dir


def control(base: str, ca: str, latency_ms: float | None = None) -> dict[str, Any]:
    context = ssl.create_default_context(cafile=ca)
    query = f"?latency_ms={latency_ms}" if latency_ms is not None else ""
    with urllib.request.urlopen(f"{base}{CONTROL}{query}", context=context, timeout=10) as r:  # noqa: S310
        data: dict[str, Any] = json.load(r)
    return data


# ---- the clients (each in a child process of its own) -----------------------------------------
def _usage() -> tuple[float, float]:
    """(CPU seconds of this process so far, peak RSS in MiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime, own.ru_maxrss / 1024


def run_project(
    base: str, workers: int, out: Path, profile: int, blind: bool = False
) -> dict[str, Any]:
    importlib.import_module("assess.collect")  # before the clock, as the SDK client's modules
    from assess import http, run, sources

    if blind:  # no client-side budget: every call goes straight out (the contrast run)
        http._Throttle.send = lambda self, request: self.next.send(request)  # type: ignore[method-assign]
    from assess.auth import OfflineCredential
    from assess.config import Config
    from assess.progress import NullProgress
    from assess.results import results_json
    from assess.snapshot import dumps

    options = dict(
        arm_endpoint=base,
        all_subscriptions=True,
        max_workers=workers,
        timeout_seconds=30,
        credential=OfflineCredential(),
        # The stand-in serves Key Vault, authorization and diagnostic settings: the sources that
        # can be switched off stay off (their calls would be 404 gaps, not collection cost).
        switches={s.name: False for s in sources.switches()},
    )
    profilers = _profile_every_thread() if profile else []
    cpu0, _ = _usage()
    started = time.perf_counter()
    for profiler in profilers:
        profiler.enable()
    snapshot = run.collect(Config(), NullProgress(), **options)
    for profiler in profilers:
        profiler.disable()
    wall = time.perf_counter() - started
    cpu1, collect_peak = _usage()
    fixed = snapshot.model_copy(update={"collected_at": NOW})  # the only field that may differ
    text = dumps(fixed)
    (out / f"snapshot-{workers}.json").write_text(text, encoding="utf-8")
    config = Config()
    evaluated, evaluated_cpu = time.perf_counter(), time.process_time()
    results = run.evaluate(snapshot, run.select_checks(config, builtins_only=True), config, NOW)
    results_text = results_json(results)  # what --format json writes
    evaluation = time.perf_counter() - evaluated
    evaluation_cpu = time.process_time() - evaluated_cpu
    _, peak = _usage()
    figures: dict[str, Any] = {
        "wall": wall,
        "cpu": cpu1 - cpu0,
        "rss_mb": peak,
        "collect_rss_mb": collect_peak,
        "snapshot_mb": len(text.encode()) / 2**20,
        "results_mb": len(results_text.encode()) / 2**20,
        "findings": len(results.findings),
        "evaluation": evaluation,
        "evaluation_cpu": evaluation_cpu,
        "vaults": len(snapshot.vaults),
        "secrets": len(snapshot.secrets),
        "gaps": len(snapshot.gaps),
    }
    if profilers:
        stream = io.StringIO()
        stats = pstats.Stats(profilers[0], stream=stream)
        for other in profilers[1:]:
            stats.add(other)
        stats.sort_stats("tottime").print_stats(profile)
        figures["profile"] = stream.getvalue()
    return figures


def _profile_every_thread() -> list[cProfile.Profile]:
    """A profiler for this thread, and one for each thread started from now on (the collector's
    pool): cProfile alone sees only the thread that enables it. Each counts its thread's CPU
    time, not wall time (a thread waiting for the GIL or the network costs nothing)."""
    profilers = [cProfile.Profile(time.thread_time)]
    original = threading.Thread.run

    def profiled(self: threading.Thread) -> None:
        profiler = cProfile.Profile(time.thread_time)
        profilers.append(profiler)
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    threading.Thread.run = profiled  # type: ignore[method-assign]
    return profilers


class _Token:
    """A credential for the stand-in, which reads no token (there is no real identity here)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken("bench-not-a-token", int(time.time()) + 3600)


def run_sdk(base: str, workers: int) -> dict[str, Any]:
    """A plain threaded azure-mgmt-* client: subscriptions, then per subscription its groups,
    vaults, role assignments and definitions, then per vault its secrets, keys and diagnostic
    settings, on a pool of ``workers`` threads. Models are turned into dicts (what a snapshot
    would keep)."""
    from azure.core.rest import HttpRequest
    from azure.mgmt.authorization import AuthorizationManagementClient
    from azure.mgmt.keyvault import KeyVaultManagementClient
    from azure.mgmt.resource.resources import ResourceManagementClient
    from azure.mgmt.resource.subscriptions import SubscriptionClient

    credential = _Token()
    common: dict[str, Any] = {"base_url": base, "credential_scopes": [f"{base}/.default"]}
    cpu0, _ = _usage()
    started = time.perf_counter()
    records: dict[str, list[Any]] = {}
    subs = [
        s.subscription_id for s in SubscriptionClient(credential, **common).subscriptions.list()
    ]
    records["subscriptions"] = subs

    clients: dict[str, tuple[Any, Any, Any]] = {}
    lock = threading.Lock()

    def clients_of(sub: str) -> tuple[Any, Any, Any]:
        """One client of each kind per subscription (as the SDK binds them), made once."""
        with lock:
            if sub not in clients:
                clients[sub] = (
                    ResourceManagementClient(credential, sub, **common),
                    KeyVaultManagementClient(credential, sub, **common),
                    AuthorizationManagementClient(credential, sub, **common),
                )
            return clients[sub]

    def per_sub(sub: str) -> dict[str, list[Any]]:
        rm, kv, auth = clients_of(sub)
        return {
            "resource_groups": [g.as_dict() for g in rm.resource_groups.list()],
            "vaults": [v.as_dict() for v in kv.vaults.list_by_subscription()],
            "role_assignments": [
                a.as_dict() for a in auth.role_assignments.list_for_subscription()
            ],
            "role_definitions": [
                d.as_dict() for d in auth.role_definitions.list(scope=f"/subscriptions/{sub}")
            ],
        }

    def per_vault(vault: dict[str, Any]) -> dict[str, list[Any]]:
        sub, group, name = vault["id"].split("/")[2], vault["id"].split("/")[4], vault["name"]
        kv = clients_of(sub)[1]
        # azure-mgmt-monitor 7 has no diagnostic settings: the request goes through the Key
        # Vault client's pipeline (the same policies, retries and connection pool).
        settings = kv.send_request(HttpRequest("GET", f"{base}{vault['id']}{DIAGNOSTICS}"))
        settings.raise_for_status()
        return {
            "secrets": [s.as_dict() for s in kv.secrets.list(group, name)],
            "keys": [k.as_dict() for k in kv.keys.list(group, name)],
            "diagnostic_settings": settings.json()["value"],
        }

    with ThreadPoolExecutor(workers) as pool:
        for part in pool.map(per_sub, subs):
            for kind, items in part.items():
                records.setdefault(kind, []).extend(items)
        for part in pool.map(per_vault, records["vaults"]):
            for kind, items in part.items():
                records.setdefault(kind, []).extend(items)
    wall = time.perf_counter() - started
    cpu1, peak = _usage()
    text = json.dumps(records, sort_keys=True, default=str)
    return {
        "wall": wall,
        "cpu": cpu1 - cpu0,
        "rss_mb": peak,
        "snapshot_mb": len(text.encode()) / 2**20,
        "vaults": len(records["vaults"]),
        "secrets": len(records["secrets"]),
    }


def client_main(args: argparse.Namespace) -> int:
    """Child process: one client run; its figures as one JSON line on stdout."""
    if args.client == "sdk":
        figures = run_sdk(args.base, args.workers)
    else:
        blind = args.client == "project-blind"
        figures = run_project(args.base, args.workers, args.out, args.profile, blind)
    print(json.dumps(figures))
    return 0


# ---- the bench (parent process) ---------------------------------------------------------------
@dataclass
class Shape:
    subs: int
    vaults: int
    secrets: int

    def __str__(self) -> str:
        return f"{self.subs} x {self.vaults} x {self.secrets}"

    @property
    def resources(self) -> int:
        """Subscriptions, vaults and secrets: the records the tenant holds."""
        return self.subs * (1 + self.vaults * (1 + self.secrets))


@dataclass
class Row:
    label: str
    shape: Shape
    workers: int
    latency: float | None = None
    """Seconds per answer; None for the bench's latency."""
    calls: int = 0
    throttled: int = 0
    early: int = 0
    handshakes: int = 0
    load: float = 0.0
    """The machine's 1-minute load average when the run started (CPU figures move with it)."""
    figures: dict[str, Any] | None = None
    error: str = ""


class Server:
    """The stand-in for one tenant shape, in a child process."""

    def __init__(
        self,
        args: argparse.Namespace,
        shape: Shape,
        cert_dir: Path,
        burst: float = BURST,
        refill: float = REFILL,
    ) -> None:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--serve",
            "--cert-dir",
            str(cert_dir),
            "--subs",
            str(shape.subs),
            "--vaults",
            str(shape.vaults),
            "--secrets",
            str(shape.secrets),
            "--seed",
            str(args.seed),
            "--latency-ms",
            str(args.latency_ms),
            "--max-requests",
            str(args.max_requests),
            "--max-seconds",
            str(args.max_seconds),
            "--burst",
            str(burst),
            "--refill",
            str(refill),
        ]
        self.ca = str(cert_dir / "ca.pem")
        self.child, self.base = spawn_server(command)

    def stop(self) -> None:
        stop_server(self.child)


def measure(server: Server, row: Row, client: str, out: Path, profile: int = 0) -> Row:
    row.load = os.getloadavg()[0]
    before = control(server.base, server.ca)
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--client",
        client,
        "--base",
        server.base,
        "--workers",
        str(row.workers),
        "--out",
        str(out),
        "--profile",
        str(profile),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = control(server.base, server.ca)
    row.calls = after["served"] - before["served"]
    row.throttled = after["throttled"] - before["throttled"]
    row.early = after["early"] - before["early"]
    row.handshakes = after["connections"] - before["connections"] - 1  # less the control call
    if done.returncode != 0:
        row.error = (done.stderr.strip().splitlines() or ["no output"])[-1]
    else:
        row.figures = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def _mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_table(rows: list[Row], latency: float) -> dict[str, float]:
    head = (
        f"{'run':<22} {'tenant':>13} {'wrk':>3} {'calls':>6} {'429':>4} {'early':>5} "
        f"{'wall s':>7} {'par':>5} {'CPU ms/call':>11} {'TLS':>4} {'RSS MB':>7} "
        f"{'(collect)':>9} {'snap MB':>8} {'results MB':>10} {'eval s':>6} {'load':>5}"
    )
    print(head)
    print("-" * len(head))
    derived: dict[str, float] = {}
    for row in rows:
        if row.figures is None:
            print(f"{row.label:<22} {row.shape!s:>13} {row.workers:>3}   FAILED: {row.error}")
            continue
        f = row.figures
        parallelism = (
            row.calls * (latency if row.latency is None else row.latency) / max(f["wall"], 1e-9)
        )
        cpu_ms = 1000 * f["cpu"] / max(row.calls, 1)
        derived[f"{row.label}.par"] = parallelism
        derived[f"{row.label}.cpu"] = cpu_ms
        results = f"{f['results_mb']:10.1f}" if "results_mb" in f else f"{'-':>10}"
        shown_par = f"{parallelism:5.1f}" if row.latency != 0 else f"{'-':>5}"
        evaluation = f"{f['evaluation']:6.2f}" if "evaluation" in f else f"{'-':>6}"
        collect_rss = f"{f['collect_rss_mb']:9.0f}" if "collect_rss_mb" in f else f"{'-':>9}"
        print(
            f"{row.label:<22} {row.shape!s:>13} {row.workers:>3} {row.calls:>6} "
            f"{row.throttled:>4} {row.early:>5} {f['wall']:>7.2f} {shown_par} {cpu_ms:>11.2f} "
            f"{row.handshakes:>4} {f['rss_mb']:>7.0f} {collect_rss} {f['snapshot_mb']:>8.1f} "
            f"{results} {evaluation} {row.load:5.1f}"
        )
    return derived


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subs", type=int, default=50, help="subscriptions of the main tenant")
    parser.add_argument("--vaults", type=int, default=20, help="vaults per subscription")
    parser.add_argument("--secrets", type=int, default=50, help="secrets per vault")
    parser.add_argument("--small-subs", type=int, default=5, help="the small tenant (same shape)")
    parser.add_argument("--large-subs", type=int, default=500, help="the large tenant's subs")
    parser.add_argument(
        "--large-vaults", type=int, help="vaults per large-tenant sub (default: --vaults)"
    )
    parser.add_argument(
        "--large-secrets", type=int, help="secrets per large vault (default: --secrets)"
    )
    parser.add_argument("--latency-ms", type=float, default=50.0, help="wait before each answer")
    parser.add_argument("--quick", action="store_true", help="5 x 4 x 5, 1 and 10 subscriptions")
    parser.add_argument("--profile", type=int, default=0, help="print N cProfile entries")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--max-requests", type=int, default=100_000, help="the server's budget")
    parser.add_argument("--max-seconds", type=float, default=1800, help="the server's lifetime")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cert-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument(
        "--client", choices=("project", "project-blind", "sdk"), help=argparse.SUPPRESS
    )
    parser.add_argument("--burst", type=float, default=BURST, help=argparse.SUPPRESS)
    parser.add_argument("--refill", type=float, default=REFILL, help=argparse.SUPPRESS)
    parser.add_argument(
        "--throttled-burst",
        type=float,
        default=THROTTLED_BURST,
        help="the throttled run's stand-in bucket (the client is not told)",
    )
    parser.add_argument("--throttled-refill", type=float, default=THROTTLED_REFILL)
    parser.add_argument(
        "--sweep",
        default="",
        help="also run the project at these worker counts on the main tenant, e.g. 32,64,96",
    )
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args)
    if args.client:
        return client_main(args)
    if args.quick:
        args.subs, args.vaults, args.secrets = 5, 4, 5
        args.small_subs, args.large_subs = 1, 10
    if min(args.subs, args.vaults, args.secrets, args.small_subs, args.large_subs) < 1:
        parser.error("tenant sizes must be at least 1")
    from evaluate_bench import machine

    latency = args.latency_ms / 1000
    main_shape = Shape(args.subs, args.vaults, args.secrets)
    small = Shape(args.small_subs, args.vaults, args.secrets)
    large = Shape(  # the main tenant's shape per subscription, so that cost per call compares
        args.large_subs,
        args.vaults if args.large_vaults is None else args.large_vaults,
        args.secrets if args.large_secrets is None else args.large_secrets,
    )
    print(machine())
    print(
        f"stand-in: Resource Manager on {HOST} only, {args.latency_ms:g} ms per answer, "
        f"read limits per subscription {BURST} burst + {REFILL:g}/s (429 + Retry-After)"
    )
    print(f"collector: {DEFAULT_WORKERS} workers by default (the azure-mgmt client the same)")
    sdk = importlib.util.find_spec("azure.mgmt.keyvault") is not None
    sweep = [int(w) for w in args.sweep.split(",") if w.strip() and int(w) != DEFAULT_WORKERS]
    rows: list[Row] = []
    profiled: Row | None = None
    same = False
    with tempfile.TemporaryDirectory(prefix="waf-assess-scale-") as folder:
        cert_dir = trust_stand_in(Path(folder))
        server = Server(args, main_shape, cert_dir)
        try:
            out = cert_dir / "main"
            out.mkdir()
            rows.append(
                measure(server, Row("project", main_shape, DEFAULT_WORKERS), "project", out)
            )
            if sdk:
                rows.append(
                    measure(
                        server, Row("azure-mgmt (threads)", main_shape, DEFAULT_WORKERS), "sdk", out
                    )
                )
            for workers in sweep:
                label = f"project {workers} workers"
                rows.append(measure(server, Row(label, main_shape, workers), "project", out))
            control(server.base, server.ca, latency_ms=0)
            serial = measure(
                server, Row("project serial, 0 ms", main_shape, 1, 0.0), "project", out
            )
            rows.append(serial)
            one = out / "snapshot-1.json"
            many = out / f"snapshot-{DEFAULT_WORKERS}.json"
            same = one.exists() and many.exists() and one.read_bytes() == many.read_bytes()
            if args.profile:  # a run of its own: the profiler's overhead stays out of the table
                profiled = Row("profiled", main_shape, DEFAULT_WORKERS)
                measure(server, profiled, "project", cert_dir / "main", args.profile)
        finally:
            server.stop()
        throttled = (args.throttled_burst, args.throttled_refill)
        for label, client in (("throttled", "project"), ("throttled, no budget", "project-blind")):
            server = Server(args, small, cert_dir, *throttled)
            try:
                out = cert_dir / label.replace(" ", "-").replace(",", "")
                out.mkdir()
                rows.append(measure(server, Row(label, small, DEFAULT_WORKERS), client, out))
            finally:
                server.stop()
        for label, shape in (("project small", small), ("project large", large)):
            server = Server(args, shape, cert_dir)
            try:
                out = cert_dir / label.replace(" ", "-")
                out.mkdir()
                rows.append(measure(server, Row(label, shape, DEFAULT_WORKERS), "project", out))
            finally:
                server.stop()
    print()
    derived = print_table(rows, latency)
    print()
    print("targets (issue 11, on this machine's cores):")
    par = derived.get("project.par", 0.0)
    sdk_par = derived.get("azure-mgmt (threads).par")
    print(
        f"  effective parallelism >= {TARGET_PARALLELISM:g}: {par:.1f} {_mark(par >= TARGET_PARALLELISM)}"
    )
    if sdk_par is not None:
        sdk_cpu = derived["azure-mgmt (threads).cpu"]
        cpu = derived.get("project.cpu", math.inf)
        print(
            f"  parallelism >= {TARGET_VS_SDK:g}x the azure-mgmt client's: {par:.1f} vs "
            f"{sdk_par:.1f} = {par / max(sdk_par, 1e-9):.2f}x {_mark(par >= TARGET_VS_SDK * sdk_par)}"
        )
        print(
            f"  client CPU per call below the azure-mgmt client's: {cpu:.2f} vs {sdk_cpu:.2f} ms "
            f"{_mark(cpu < sdk_cpu)}"
        )
    elif sdk:
        print("  azure-mgmt client: its run failed (above), not compared")
    else:
        print("  azure-mgmt client: not installed (pip install -e '.[bench]'), not compared")
    figures = rows[0].figures or {}
    rss = figures.get("rss_mb", math.inf)
    results_mb = figures.get("results_mb", math.inf)
    print(
        f"  peak RSS < {TARGET_RSS_MB:g} MB for the whole scan: {rss:.0f} MB "
        f"(collection alone {figures.get('collect_rss_mb', math.inf):.0f} MB) "
        f"{_mark(rss < TARGET_RSS_MB)}"
    )
    print(
        f"  results < {TARGET_RESULTS_MB:g} MB: {results_mb:.1f} MB "
        f"({figures.get('findings', 0)} findings) {_mark(results_mb < TARGET_RESULTS_MB)}"
    )
    labels = ("project small", "project", "project large")
    per = [derived[f"{k}.cpu"] for k in labels if f"{k}.cpu" in derived]
    if len(per) == len(labels):
        ratio = max(per) / max(min(per), 1e-9)
        shown = " / ".join(f"{p:.2f}" for p in per)
        print(
            f"  cost linear in resources (client CPU ms per call at {small.subs}, "
            f"{main_shape.subs}, {large.subs} subscriptions within {TARGET_LINEAR:g}x): {shown} "
            f"= {ratio:.2f}x {_mark(ratio <= TARGET_LINEAR)}"
        )
    grown = {row.label: row for row in rows if row.figures is not None}
    if "project" in grown and "project large" in grown:
        base, big = grown["project"], grown["project large"]
        factor = big.shape.resources / base.shape.resources
        measured = (
            ("client CPU", "cpu"),
            ("collection RSS", "collect_rss_mb"),
            ("snapshot", "snapshot_mb"),
            ("results", "results_mb"),
            ("evaluation CPU", "evaluation_cpu"),
        )
        before, after = base.figures or {}, big.figures or {}
        costs = {"calls": (base.calls, big.calls)}
        costs.update({name: (before[key], after[key]) for name, key in measured})
        worst = max(b / max(a, 1e-9) for a, b in costs.values()) / factor
        shown = ", ".join(f"{k} {b / max(a, 1e-9):.1f}x" for k, (a, b) in costs.items())
        print(
            f"  cost grows with resources ({main_shape.subs} -> {large.subs} subscriptions, "
            f"{factor:.1f}x the resources): {shown}; worst {worst:.2f}x the resources' growth "
            f"(at most {TARGET_LINEAR:g}x) {_mark(worst <= TARGET_LINEAR)}"
        )
    print(f"  snapshot byte-identical to a serial run: {'yes' if same else 'NO'} {_mark(same)}")
    by_label = {row.label: row for row in rows}
    budgeted, blind = by_label.get("throttled"), by_label.get("throttled, no budget")
    if budgeted is not None and budgeted.figures is not None:
        share = budgeted.throttled / max(budgeted.calls, 1)
        contrast = ""
        if blind is not None and blind.figures is not None:
            contrast = (
                f"; without the client's budget {blind.throttled} of {blind.calls} "
                f"({blind.throttled / max(blind.calls, 1):.1%}), {blind.early} calls inside a "
                f"Retry-After, {blind.figures.get('gaps', 0)} gaps"
            )
        print(
            f"  throttled stand-in ({args.throttled_burst:g} burst + {args.throttled_refill:g}/s "
            f"per subscription, not told to the client): 429s <= {TARGET_THROTTLED:.0%} of "
            f"calls: {budgeted.throttled} of {budgeted.calls} ({share:.1%}), "
            f"{budgeted.figures.get('gaps', 0)} gaps {_mark(share <= TARGET_THROTTLED)}{contrast}"
        )
        print(
            f"  Retry-After honoured (no call inside a 429's Retry-After once it was read): "
            f"{budgeted.early} early {_mark(budgeted.early == 0)}"
        )
    if profiled is not None and profiled.figures:
        print()
        print(
            f"project client at {DEFAULT_WORKERS} workers and 0 ms, cProfile of every thread's CPU time "
            "(collection only, by own time):"
        )
        print(profiled.figures["profile"])
    failed = [row.label for row in rows if row.figures is None]
    for label in failed:
        print(f"PROBLEM: the {label} run failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Tenant bench: management groups, Resource Graph under its quota, shards and merge.

    python bench/tenant_bench.py            # 50 x 20 x 50 under 3 levels of groups; 500 x 2 x 2
    python bench/tenant_bench.py --quick    # 6 x 3 x 3 and 40 x 2 x 2: what the smoke test runs

The stand-in of ``scale_bench.py`` (loopback HTTPS, Resource Manager's read limits per
subscription, ``--latency-ms`` per answer, a throwaway CA), now also serving a management-group
tree of three levels (the root, two groups, four leaf groups holding the subscriptions in turn:
descendants paged by ``nextLink``, each group's ancestors) and Resource Graph's ``resources``
query (rows of the subscriptions and types asked for, ``$skipToken`` paging at ``$top`` rows,
and its per-user quota of 15 queries per 5 seconds with the ``x-ms-user-quota-remaining`` and
``x-ms-user-quota-resets-after`` headers, 429 past it). Every answer is counted by API family.

Runs, each client in a process of its own (its CPU and peak memory its own):

1. the main tenant, scoped with ``--management-group`` at the root;
2. the large tenant (500 subscriptions x 2 vaults) listed through Resource Manager, then through
   Resource Graph, then as ``--shard 1/4`` .. ``4/4`` one after another, joined by ``assess
   merge``.

Each figure is printed beside its target with PASS or MISS: list calls through Resource Graph
at least 5x fewer than through Resource Manager on the large tenant; effective parallelism (calls
x latency / wall time) at least 32; peak RSS under 1 GB in every run; the merged shards' results
byte-identical to the single run's. A live run dates its snapshot by its own clock; every
snapshot here is dated by the bench's fixed clock before it is evaluated or merged, so that the
comparison is of the evidence.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from collect_bench import (  # noqa: E402
    NOW,
    Tenant,
    _error,
    make_certificates,
    serve_tls,
    spawn_server,
    stop_server,
)
from scale_bench import CONTROL, Handler, StandIn, build_tenant, control  # noqa: E402

MG = "/providers/Microsoft.Management/managementGroups"
GRAPH = "/providers/microsoft.resourcegraph/resources"
QUOTA = 15
QUOTA_WINDOW = 5.0
FINGERPRINT_KEY = "tenant-bench-fingerprint-key-0123"
SHARDS = 4

TARGET_LIST_FALL = 5.0
TARGET_PARALLELISM = 32.0
TARGET_RSS_MB = 1024.0


# ---- the tenant: groups over the scale bench's subscriptions ----------------------------------
def add_groups(tenant: Tenant) -> None:
    """Three levels below the root group ``mg-root``: two groups, each with two leaf groups; the
    subscriptions placed in the leaves in turn."""
    subs = [s["subscriptionId"] for s in tenant.lists["/subscriptions"]]
    parents = {"mg-a": "mg-root", "mg-b": "mg-root"}
    parents |= {f"{p}{n}": p for p in ("mg-a", "mg-b") for n in (1, 2)}
    leaves = sorted(g for g in parents if g[-1].isdigit())
    placed = {s: leaves[i % len(leaves)] for i, s in enumerate(subs)}

    def chain(group: str) -> list[str]:
        found = []
        while group in parents:
            group = parents[group]
            found.append(group)
        return found

    for top in ["mg-root", *parents]:
        below = [
            {
                "id": f"{MG}/{g}",
                "type": "Microsoft.Management/managementGroups",
                "name": g,
                "properties": {"displayName": g.upper(), "parent": {"id": f"{MG}/{parents[g]}"}},
            }
            for g in parents
            if top in chain(g)
        ]
        below += [
            {
                "id": f"/subscriptions/{s}",
                "type": "Microsoft.Management/managementGroups/subscriptions",
                "name": s,
                "properties": {"displayName": s, "parent": {"id": f"{MG}/{leaf}"}},
            }
            for s, leaf in placed.items()
            if leaf == top or top in chain(leaf)
        ]
        tenant.add(f"{MG}/{top}/descendants", below, 200)
        ancestors = [{"name": g, "displayName": g.upper()} for g in chain(top)]
        tenant.objects[f"{MG}/{top}".lower()] = {
            "id": f"{MG}/{top}",
            "type": "Microsoft.Management/managementGroups",
            "name": top,
            "properties": {
                "displayName": top.upper(),
                "details": {"managementGroupAncestorsChain": ancestors},
            },
        }


def family(path: str) -> str:
    """The API family a request path belongs to, for the count of calls."""
    p = path.split("?")[0].lower().rstrip("/")
    if p.startswith("/providers/microsoft.management/"):
        return "management groups"
    if p.startswith(GRAPH):
        return "resource graph"
    if re.fullmatch(r"/subscriptions(/[^/]+)?", p):
        return "subscriptions"
    if p.endswith("/resourcegroups"):
        return "resource groups"
    if p.endswith("/providers/microsoft.keyvault/vaults"):
        return "vault lists"
    if p.endswith(("/secrets", "/keys")):
        return "vault contents"
    if "diagnosticsettings" in p:
        return "diagnostic settings"
    if "/microsoft.authorization/" in p:
        return "authorization"
    return "other"


# ---- the stand-in, with groups, Resource Graph and counts by family ----------------------------
class TenantStandIn(StandIn):
    def __init__(self, tenant: Tenant, latency: float, max_requests: int) -> None:
        super().__init__(tenant, latency, max_requests)
        self.RequestHandlerClass = TenantHandler
        self.families: Counter[str] = Counter()
        self.quota = float(QUOTA)
        self.quota_at = time.monotonic()
        self.graph_throttled = 0


class TenantHandler(Handler):
    server: TenantStandIn

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == CONTROL:
            with self.server.lock:
                extra = {
                    "families": dict(self.server.families),
                    "graph_throttled": self.server.graph_throttled,
                }
            self._control(extra)
            return
        with self.server.lock:
            self.server.families[family(path)] += 1
        super().do_GET()

    def _control(self, extra: dict[str, Any]) -> None:
        with self.server.lock:
            body = {
                "served": self.server.served,
                "throttled": self.server.throttled,
                "connections": self.server.connections,
                **extra,
            }
        self._send(200, body, 250)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        if url.path.lower() != GRAPH:
            self._send(405, _error("MethodNotAllowed", "this stand-in serves reads only"), 0)
            return
        with self.server.lock:
            self.server.families["resource graph"] += 1
            self.server.served += 1
            now = time.monotonic()
            rate = QUOTA / QUOTA_WINDOW
            self.server.quota = min(QUOTA, self.server.quota + (now - self.server.quota_at) * rate)
            self.server.quota_at = now
            allowed = self.server.quota >= 1
            if allowed:
                self.server.quota -= 1
            else:
                self.server.graph_throttled += 1
            left = int(self.server.quota)
            resets = math.ceil((1 - self.server.quota) / rate) if not allowed else 0
        time.sleep(self.server.latency)
        headers = {
            "x-ms-user-quota-remaining": str(left),
            "x-ms-user-quota-resets-after": time.strftime("%H:%M:%S", time.gmtime(resets)),
        }
        if not allowed:
            error = _error("RateLimiting", "Please provide below info when asking for support")
            self._send(429, error, 0, {**headers, "Retry-After": str(max(resets, 1))})
            return
        self._send(200, self._rows(body), 250, headers)

    def _rows(self, body: dict[str, Any]) -> dict[str, Any]:
        query = str(body.get("query", ""))
        types = re.findall(r"'([^']+)'", query.split("|")[1] if "|" in query else "")
        rows = []
        for sub in body.get("subscriptions", []):
            for kind in types:
                path = f"/subscriptions/{sub}/providers/{kind}".lower()
                for item in self.server.tenant.lists.get(path, []):
                    rows.append({**item, "type": str(item.get("type", kind)).lower()})
        rows.sort(key=lambda r: r["id"].lower())
        options = body.get("options") or {}
        top = int(options.get("$top") or 1000)
        start = int(options.get("$skipToken") or 0)
        page: dict[str, Any] = {
            "totalRecords": len(rows),
            "count": len(rows[start : start + top]),
            "resultTruncated": "false",
            "facets": [],
            "data": rows[start : start + top],
        }
        if start + top < len(rows):
            page["$skipToken"] = str(start + top)
        return page


def serve(args: argparse.Namespace) -> int:
    tenant = build_tenant(args.subs, args.vaults, args.secrets, args.seed)
    add_groups(tenant)
    server = TenantStandIn(tenant, args.latency_ms / 1000, args.max_requests)
    return serve_tls(server, server.exhausted, args.cert_dir, args.max_seconds)


# ---- a client run (child process) --------------------------------------------------------------
def client(args: argparse.Namespace) -> int:
    import resource

    from assess import run, sources
    from assess.auth import OfflineCredential
    from assess.config import Config
    from assess.progress import NullProgress
    from assess.results import results_json
    from assess.snapshot import save_snapshot

    os.environ["WAF_ASSESS_FINGERPRINT_KEY"] = FINGERPRINT_KEY
    switches = {s.name: False for s in sources.switches()}
    switches["resource_graph"] = args.mode == "graph"
    scope: dict[str, Any] = (
        {"management_groups": ("mg-root",)}
        if args.mode == "groups"
        else {"all_subscriptions": True}
    )
    started = time.perf_counter()
    snapshot = run.collect(
        Config(),
        NullProgress(),
        arm_endpoint=args.base,
        timeout_seconds=60,
        credential=OfflineCredential(),
        switches=switches,
        shard=args.shard or None,
        **scope,
    )
    wall = time.perf_counter() - started
    snapshot = snapshot.model_copy(update={"collected_at": NOW})
    out = Path(args.out)
    save_snapshot(snapshot, out / "snapshot.json")
    if not args.shard:
        config = Config()
        results = run.evaluate(snapshot, run.select_checks(config, builtins_only=True), config, NOW)
        # The results file as `assess scan --format json` writes it (not the generic model dump,
        # which the tool never writes for results and which alone took the peak from about 780
        # MB to 1,495 MB on the main tenant).
        (out / "results.json").write_text(results_json(results), encoding="utf-8")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps({"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "vaults": len(snapshot.vaults)})
    )
    return 0


# ---- the bench (parent process) ---------------------------------------------------------------
@dataclass
class Row:
    label: str
    calls: int = 0
    throttled: int = 0
    families: Counter[str] = field(default_factory=Counter)
    wall: float = 0.0
    rss_mb: float = 0.0
    error: str = ""


class Server:
    def __init__(self, args: argparse.Namespace, shape: tuple[int, int, int], certs: Path) -> None:
        subs, vaults, secrets = shape
        command = [sys.executable, str(Path(__file__).resolve()), "--serve"]
        command += ["--cert-dir", str(certs), "--subs", str(subs), "--vaults", str(vaults)]
        command += ["--secrets", str(secrets), "--seed", str(args.seed)]
        command += ["--latency-ms", str(args.latency_ms), "--max-requests", str(args.max_requests)]
        command += ["--max-seconds", str(args.max_seconds)]
        self.ca = str(certs / "ca.pem")
        self.child, self.base = spawn_server(command)

    def stop(self) -> None:
        stop_server(self.child)


def measure(server: Server, label: str, mode: str, out: Path, shard: str = "") -> Row:
    out.mkdir(parents=True, exist_ok=True)
    before = control(server.base, server.ca)
    command = [sys.executable, str(Path(__file__).resolve()), "--client", "--base", server.base]
    command += ["--mode", mode, "--out", str(out)] + (["--shard", shard] if shard else [])
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    after = control(server.base, server.ca)
    row = Row(label)
    row.calls = after["served"] - before["served"]
    row.throttled = (after["throttled"] - before["throttled"]) + (
        after["graph_throttled"] - before["graph_throttled"]
    )
    row.families = Counter(after["families"]) - Counter(before["families"])
    if done.returncode != 0:
        row.error = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return row
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    row.wall, row.rss_mb = figures["wall"], figures["rss_mb"]
    return row


def mark(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small tenants, a few seconds")
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--max-seconds", type=float, default=1800)
    parser.add_argument("--max-requests", type=int, default=400_000, help=argparse.SUPPRESS)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cert-dir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--subs", type=int, default=50, help=argparse.SUPPRESS)
    parser.add_argument("--vaults", type=int, default=20, help=argparse.SUPPRESS)
    parser.add_argument("--secrets", type=int, default=50, help=argparse.SUPPRESS)
    parser.add_argument("--base", help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("groups", "manager", "graph"), help=argparse.SUPPRESS)
    parser.add_argument("--shard", default="", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args)
    if args.client:
        return client(args)

    main_shape = (6, 3, 3) if args.quick else (50, 20, 50)
    large_shape = (40, 2, 2) if args.quick else (500, 2, 2)
    latency = args.latency_ms / 1000
    print(
        f"tenant bench: main {'x'.join(map(str, main_shape))} under 3 levels of management "
        f"groups, large {'x'.join(map(str, large_shape))}; {args.latency_ms:.0f} ms per answer; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="tenant-bench-") as tmp:
        folder = Path(tmp)
        certs = folder / "certs"
        certs.mkdir()
        ca = make_certificates(certs)
        os.environ["REQUESTS_CA_BUNDLE"] = str(ca)
        server = Server(args, main_shape, certs)
        try:
            rows.append(measure(server, "groups: --management-group", "groups", folder / "groups"))
        finally:
            server.stop()
        server = Server(args, large_shape, certs)
        try:
            rows.append(measure(server, "large: Resource Manager", "manager", folder / "manager"))
            rows.append(measure(server, "large: Resource Graph", "graph", folder / "graph"))
            for k in range(1, SHARDS + 1):
                shard = f"{k}/{SHARDS}"
                rows.append(
                    measure(server, f"large: --shard {shard}", "graph", folder / f"s{k}", shard)
                )
        finally:
            server.stop()
        merged = merge_and_compare(folder)

    print_rows(rows, latency)
    return verdicts(rows, latency, merged)


def merge_and_compare(folder: Path) -> tuple[bool, bool, str]:
    """(merged results == single run's, Resource Graph results == Resource Manager's, error)."""
    from assess import run
    from assess.config import Config
    from assess.results import results_json

    try:
        merged = run.merge([folder / f"s{k}" / "snapshot.json" for k in range(1, SHARDS + 1)])
    except Exception as exc:
        return False, False, str(exc)
    config = Config()
    results = run.evaluate(merged, run.select_checks(config, builtins_only=True), config, NOW)
    try:
        single = (folder / "graph" / "results.json").read_text(encoding="utf-8")
        manager = (folder / "manager" / "results.json").read_text(encoding="utf-8")
    except OSError as exc:
        return False, False, f"a single run failed: {exc.strerror}"
    return results_json(results) == single, single == manager, ""


FAMILIES = (
    "subscriptions",
    "management groups",
    "resource graph",
    "resource groups",
    "vault lists",
    "vault contents",
    "diagnostic settings",
    "authorization",
    "other",
)


def print_rows(rows: list[Row], latency: float) -> None:
    short = {"management groups": "mgmt grp", "resource graph": "graph", "vault lists": "vlt list"}
    names = [short.get(f, f.split()[0][:8]) for f in FAMILIES]
    head = f"{'run':<28} {'calls':>6} " + " ".join(f"{n:>8}" for n in names)
    head += f" {'429':>4} {'wall s':>7} {'par':>5} {'RSS MB':>7}"
    print(head)
    print("-" * len(head))
    for row in rows:
        if row.error:
            print(f"{row.label:<28} FAILED: {row.error}")
            continue
        par = row.calls * latency / max(row.wall, 1e-9)
        counts = " ".join(f"{row.families.get(f, 0):>8}" for f in FAMILIES)
        print(
            f"{row.label:<28} {row.calls:>6} {counts} {row.throttled:>4} {row.wall:>7.2f} "
            f"{par:>5.1f} {row.rss_mb:>7.0f}"
        )


def verdicts(rows: list[Row], latency: float, merged: tuple[bool, bool, str]) -> int:
    by = {r.label: r for r in rows}
    manager, graph = by["large: Resource Manager"], by["large: Resource Graph"]
    manager_lists = manager.families["vault lists"]
    graph_lists = graph.families["vault lists"] + graph.families["resource graph"]
    fall = manager_lists / max(graph_lists, 1)
    groups = by["groups: --management-group"]
    par = groups.calls * latency / max(groups.wall, 1e-9)
    rss = max((r.rss_mb for r in rows if not r.error), default=float("inf"))
    identical, same_paths, error = merged
    print()
    print(
        f"list calls, large tenant: {manager_lists} through Resource Manager, {graph_lists} "
        f"through Resource Graph: {fall:.0f}x fewer (target >= {TARGET_LIST_FALL:.0f}x) "
        f"{mark(fall >= TARGET_LIST_FALL)}"
    )
    print(
        f"effective parallelism, --management-group run: {par:.1f} (target >= "
        f"{TARGET_PARALLELISM:.0f}) {mark(par >= TARGET_PARALLELISM)}"
    )
    print(
        f"peak RSS, largest run: {rss:.0f} MB (target < {TARGET_RSS_MB:.0f}) {mark(rss < TARGET_RSS_MB)}"
    )
    detail = f" ({error})" if error else ""
    print(
        f"shards 1/{SHARDS}..{SHARDS}/{SHARDS} merged: results byte-identical to the single run: "
        f"{'yes' if identical else 'no'}{detail} {mark(identical)}"
    )
    print(
        "Resource Graph and Resource Manager paths: results byte-identical: "
        f"{'yes' if same_paths else 'no'} {mark(same_paths)}"
    )
    failed = any(r.error for r in rows)
    return 1 if failed or not identical or not same_paths else 0


if __name__ == "__main__":
    raise SystemExit(main())

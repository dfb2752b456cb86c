"""Threads or asyncio for collection: the same reads both ways, on the scale bench's stand-in.

    python bench/transport_bench.py                  # 5 x 20 x 50 at 50 ms, 16 and 64 at once
    python bench/transport_bench.py --concurrency 32,64,128

Every vault's secret list of a generated tenant (pages followed, items parsed into the snapshot's
records exactly as the collector does) is read twice on the loopback HTTPS stand-in of
``scale_bench.py`` (read limits on, ``--latency-ms`` per answer): once by the project's
``ArmClient`` (azure-core's pipeline on :class:`assess.http.PooledTransport`) from a pool of threads, once by
azure-core's ``AsyncPipelineClient`` on ``AioHttpTransport`` (the ``aiohttp`` package) with the
same policies and as many calls at once. It prints client CPU per call and effective parallelism
(calls x latency / wall time) for each, with the machine's load average: the figures behind the
choice recorded in docs/ARCHITECTURE.md. Needs ``aiohttp`` (not a dependency of the project).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from scale_bench import Server, Shape, trust_stand_in  # noqa: E402

API = "api-version=2026-02-01"


def vault_urls(base: str, subs: int) -> list[str]:
    """The secret list URL of every vault (listed once, before the clock)."""
    from assess.http import ArmClient

    with ArmClient(base, None, "") as client:
        ids = [s["subscriptionId"] for s in client.list_all(f"{base}/subscriptions?{API}")][:subs]
        vaults = [
            v["id"]
            for sub in ids
            for v in client.list_all(
                f"{base}/subscriptions/{sub}/providers/Microsoft.KeyVault/vaults?{API}"
            )
        ]
    return [f"{base}{v}/secrets?{API}" for v in vaults]


def _parse(url: str, items: list[dict[str, Any]]) -> int:
    from assess.collectors.keyvault import parse_secret

    vault = url.split("?", 1)[0].removesuffix("/secrets")
    return sum(1 for i in items if parse_secret(i, vault) is not None)


def with_threads(base: str, urls: list[str], workers: int) -> tuple[int, int]:
    """(secrets, calls) read by ArmClient from ``workers`` threads."""
    from assess.http import ArmClient

    calls = 0
    with ArmClient(base, None, "", pool_size=workers) as client:
        sent = client.throttle.send

        def counting(request: Any) -> Any:
            nonlocal calls
            calls += 1
            return sent(request)

        client.throttle.send = counting  # type: ignore[method-assign]
        with ThreadPoolExecutor(workers) as pool:
            found = sum(pool.map(lambda u: _parse(u, client.list_all(u)), urls))
    return found, calls


def with_asyncio(base: str, urls: list[str], workers: int) -> tuple[int, int]:
    """(secrets, calls) read by azure-core's async pipeline on aiohttp, ``workers`` at once."""
    from azure.core import AsyncPipelineClient
    from azure.core.pipeline import policies
    from azure.core.pipeline.transport import AioHttpTransport
    from azure.core.rest import HttpRequest

    from assess.http import USER_AGENT, ca_bundle

    calls = 0

    async def main() -> int:
        nonlocal calls
        import ssl

        import aiohttp

        context = ssl.create_default_context(cafile=str(ca_bundle()))
        connector = aiohttp.TCPConnector(limit=workers, ssl=context)
        session = aiohttp.ClientSession(connector=connector)
        transport = AioHttpTransport(session=session, session_owner=True)
        client: AsyncPipelineClient[Any, Any] = AsyncPipelineClient(
            base_url=base,
            transport=transport,
            policies=[
                policies.RequestIdPolicy(),
                policies.HeadersPolicy({"Accept": "application/json"}),
                policies.UserAgentPolicy(base_user_agent=USER_AGENT, user_agent_use_env=False),
                policies.AsyncRetryPolicy(retry_total=4),
            ],
        )
        gate = asyncio.Semaphore(workers)

        async def read(url: str) -> int:
            nonlocal calls
            items: list[dict[str, Any]] = []
            link: str | None = url
            while link:
                async with gate:
                    response = await client.send_request(HttpRequest("GET", link))
                    calls += 1
                    await response.read()
                    page = response.json()
                items.extend(page.get("value", []))
                link = page.get("nextLink")
            return _parse(url, items)

        async with client:
            return sum(await asyncio.gather(*(read(u) for u in urls)))

    return asyncio.run(main()), calls


def measure(
    run: Callable[[str, list[str], int], tuple[int, int]],
    base: str,
    urls: list[str],
    workers: int,
    latency: float,
) -> str:
    cpu0, wall0 = time.process_time(), time.perf_counter()
    found, calls = run(base, urls, workers)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return (
        f"{workers:>5} {calls:>6} {found:>7} {wall:>7.2f} {calls * latency / wall:>6.1f} "
        f"{1000 * cpu / max(calls, 1):>11.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--subs", type=int, default=5)
    parser.add_argument("--vaults", type=int, default=20)
    parser.add_argument("--secrets", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--concurrency", default="16,64")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("aiohttp") is None:
        print("aiohttp is not installed (pip install aiohttp): nothing to compare")
        return 1
    from evaluate_bench import machine

    args.seed, args.max_requests, args.max_seconds = 11, 1_000_000, 1800
    print(machine())
    with tempfile.TemporaryDirectory(prefix="waf-assess-transport-") as folder:
        cert_dir = trust_stand_in(Path(folder))
        server = Server(args, Shape(args.subs, args.vaults, args.secrets), cert_dir)
        try:
            urls = vault_urls(server.base, args.subs)
            print(f"{len(urls)} secret lists at {args.latency_ms:g} ms per answer")
            print(
                f"{'way':<26} {'at once':>5} {'calls':>6} {'secrets':>7} {'wall s':>7} "
                f"{'par':>6} {'CPU ms/call':>11}"
            )
            latency = args.latency_ms / 1000
            for workers in (int(w) for w in args.concurrency.split(",")):
                for label, run in (
                    ("threads (requests)", with_threads),
                    ("asyncio (aiohttp)", with_asyncio),
                ):
                    print(f"{label:<26} {measure(run, server.base, urls, workers, latency)}")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

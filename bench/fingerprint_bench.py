"""Shared-credential bench: normalise, fingerprint and group 100,000 setting values, and show it
grows linearly.

    python bench/fingerprint_bench.py [--values 100000] [--seed 21] [--strict]

Generates ``--values`` fake setting values spread over web apps in two environments: storage,
Service Bus and SQL connection strings (some carrying one key in several spellings: other part
order, quotes, spaces, an extra option), bare API keys, URLs with and without a password, and
values that must never be grouped (booleans, numbers, short values, well-known words). Then, for
that many values and for twice as many, in the same run:

* ``fingerprint``: :func:`assess.fingerprints.credential_fingerprint` over every value (what the
  collector does to each value it reads, before dropping it);
* ``group``: :func:`assess.sharing.shared_groups` over a snapshot holding those settings (what
  the checks, the report section and the inventory do).

Verdicts, printed next to their targets: grouping is linear in the number of values (the issue's
target: the time for twice the values is at most :data:`MAX_RATIO` times the time for the
values; a hash map gives 2.0), and the 100,000-value run under :data:`TARGET_SECONDS` on this
machine's 2 cores (this bench's own budget). Exit status 0 once measured; with ``--strict``, 1
when a verdict misses.
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.config import Config, EnvironmentResolver  # noqa: E402
from assess.fingerprints import credential_fingerprint, target_of  # noqa: E402
from assess.sharing import shared_groups  # noqa: E402
from assess.snapshot import AppSetting, Snapshot, Subscription, WebApp  # noqa: E402

MAX_RATIO = 2.5
"""Time for 2N values / time for N values; linear is 2.0, quadratic would be 4.0."""
TARGET_SECONDS = 5.0
"""Fingerprint and group 100,000 values (this bench's budget, not a figure from the issue)."""
APPS = 2_000

T = TypeVar("T")


def _values(count: int, rng: random.Random) -> list[str]:
    keys = [f"ZmFrZS1rZXktZm9yLWJlbmNo{n:08d}QUJD==" for n in range(count // 20 + 1)]
    found: list[str] = []
    for n in range(count):
        key = rng.choice(keys)
        shape = n % 10
        if shape == 0:
            found.append(f"DefaultEndpointsProtocol=https;AccountName=st{n % 97};AccountKey={key}")
        elif shape == 1:
            found.append(
                f' "AccountKey={key};AccountName=st{n % 97};EndpointSuffix=core.windows.net" '
            )
        elif shape == 2:
            found.append(
                f"Endpoint=sb://sb{n % 31}.servicebus.windows.net/;SharedAccessKeyName=Root;"
                f"SharedAccessKey={key}"
            )
        elif shape == 3:
            found.append(f"Server=tcp:sql{n % 13}.database.windows.net;User ID=app;Password={key}")
        elif shape == 4:
            found.append(f"sk_fake_{rng.getrandbits(96):024x}")
        elif shape == 5:
            found.append(f"https://user:{key}@db{n % 7}.example.com/orders")
        elif shape == 6:
            found.append(f"https://api{n % 50}.example.com/v1")
        else:
            found.append(rng.choice(["true", "1", "12345678", "Development", "~4", "dotnet"]))
    return found


def _snapshot(values: list[str]) -> Snapshot:
    subs = ("00000000-0000-0000-0000-0000000000b1", "00000000-0000-0000-0000-0000000000b2")
    apps = [
        WebApp(
            id=f"/subscriptions/{subs[n % 2]}/resourceGroups/rg-{n}-{'prod' if n % 2 == 0 else 'dev'}"
            f"/providers/Microsoft.Web/sites/app-{n}",
            name=f"app-{n}",
            subscription_id=subs[n % 2],
            resource_group=f"rg-{n}",
        )
        for n in range(APPS)
    ]
    settings = []
    for n, value in enumerate(values):
        app = apps[n % APPS]
        fingerprint = credential_fingerprint(value)
        settings.append(
            AppSetting(
                id=f"{app.id}/appsettings/S{n}",
                site_id=app.id,
                name=f"S{n}",
                source="appsetting",
                value_kind="credential" if fingerprint else "plain",
                credential_fingerprint=fingerprint,
                credential_target=target_of(value) if fingerprint else "",
            )
        )
    return Snapshot(
        subscriptions=tuple(
            Subscription(id=f"/subscriptions/{s}", subscription_id=s) for s in subs
        ),
        web_apps=tuple(apps),
        app_settings=tuple(settings),
        collected=("web_apps", "app_settings"),
    )


def _timed(func: Callable[[], T]) -> tuple[float, T]:
    """CPU seconds of this process (the machine is shared: wall time would measure the others)."""
    start = time.process_time()
    result = func()
    return time.process_time() - start, result


def _measure(count: int, seed: int) -> tuple[float, float, int, int]:
    values = _values(count, random.Random(seed))
    fingerprint_s, _ = _timed(lambda: [credential_fingerprint(v) for v in values])
    snapshot = _snapshot(values)
    resolver = EnvironmentResolver(Config().environments, snapshot)
    group_s, groups = _timed(lambda: shared_groups(snapshot, resolver))
    return fingerprint_s, group_s, len(groups), sum(len(g.places) for g in groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--values", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args(argv)
    print(f"python {platform.python_version()} on {platform.machine()}, values {args.values:,}")
    rows = []
    for count in (args.values, 2 * args.values):
        fp_s, group_s, groups, grouped = _measure(count, args.seed)
        rows.append((count, fp_s, group_s))
        print(
            f"{count:>9,} values: fingerprint {fp_s:6.2f} s CPU, group {group_s:6.2f} s CPU "
            f"({groups:,} groups holding {grouped:,} places)"
        )
    (n, fp1, g1), (_, fp2, g2) = rows
    ratio = (fp2 + g2) / (fp1 + g1)
    total = fp1 + g1
    linear = ratio <= MAX_RATIO
    fast = total <= TARGET_SECONDS
    print(
        f"scaling x2 values -> x{ratio:.2f} time (target <= {MAX_RATIO}; linear is 2.0): "
        f"{'PASS' if linear else 'MISS'}"
    )
    print(
        f"{n:,} values fingerprinted and grouped in {total:.2f} s CPU "
        f"(target <= {TARGET_SECONDS:.1f} s): {'PASS' if fast else 'MISS'}"
    )
    return 1 if args.strict and not (linear and fast) else 0


if __name__ == "__main__":
    raise SystemExit(main())

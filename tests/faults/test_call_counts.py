"""The calls summed up at the end of a scan count what really happened on the wire: throttled
answers, retries, and calls given up after their retries."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from harness import CASSETTE, CONFIG
from standin import Fault, StandIn, status

from assess.cli import main

PAYMENTS = r"/vaults/kv-payments-prod/secrets\?"
ORDERS = r"/vaults/kv-orders-prod/secrets\?"


def test_throttled_retried_and_given_up_calls_are_counted(
    trust: None, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    config = tmp_path / "assess.toml"
    config.write_text(CONFIG)
    with StandIn(CASSETTE, *certificate) as standin:
        standin.faults.append(
            Fault(PAYMENTS, status(429, "TooManyRequests", {"Retry-After": "0"}), times=2)
        )
        standin.faults.append(
            Fault(ORDERS, status(503, "ServiceUnavailable", {"Retry-After": "0"}))
        )
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(
                ["collect", "--arm-endpoint", standin.base, "--all-subscriptions", "--config",
                 str(config), "-o", str(tmp_path / "s.json")]
            )  # fmt: skip
        served = len([s for s in standin.seen if not s.path.startswith("/metadata/")])
    assert code == 0, err.getvalue()
    line = next(x for x in err.getvalue().splitlines() if x.startswith("Azure calls:"))
    found = re.match(
        r"Azure calls: (\d+) made, (\d+) throttled \(429\), (\d+) retried, (\d+) given up", line
    )
    assert found is not None, line
    made, throttled, retried, given_up = map(int, found.groups())
    assert throttled == 2  # the two 429s, each retried
    assert given_up == 1  # the vault whose list kept answering 503
    assert retried > throttled  # after each 429, and after the 503s until the budget ran out
    assert made + retried == served  # every attempt the stand-in saw is counted once

"""Progress a person can trust: counts per phase, time left, the calls made, and the summary."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

from assess.cli import main
from assess.progress import NullProgress, PlainProgress, calls_line, eta

DEMO = Path(__file__).resolve().parents[1] / "cassettes" / "demo-contoso.yaml"


def test_a_long_task_gets_a_plain_line_with_its_pace_and_the_calls_so_far() -> None:
    now = [0.0]
    out = io.StringIO()
    progress = PlainProgress(out, every=15, clock=lambda: now[0])
    progress.calls(lambda: {"calls": 120, "throttled": 3, "retried": 4, "given_up": 0})
    progress.start("secrets", total=40)
    progress.advance("secrets", resources=50)
    assert out.getvalue() == ""  # too soon for a line
    now[0] = 20.0
    progress.advance("secrets", resources=50)
    assert out.getvalue() == (
        "secrets: 2 of 40 done, 100 found, about 6 min left · Azure calls: 120 made, "
        "3 throttled (429), 4 retried, 0 given up\n"
    )
    progress.finish("secrets")
    assert out.getvalue().endswith("collected secrets: 100\n")


def test_time_left_is_told_only_when_it_can_be() -> None:
    assert eta(0.0, 0, 10, 5.0) == ""
    assert eta(0.0, 10, 10, 5.0) == ""
    assert eta(0.0, 5, None, 5.0) == ""
    assert eta(0.0, 1, 100, 60.0) == "99 min"


def test_collect_ends_with_the_calls_made_and_quiet_says_nothing(tmp_path: Path) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["collect", "--replay", str(DEMO), "--all-subscriptions", "-o", str(tmp_path / "s.json")])  # fmt: skip
    assert code == 0, err.getvalue()
    summary = [line for line in err.getvalue().splitlines() if line.startswith("Azure calls:")]
    assert len(summary) == 1
    counts = re.match(
        r"Azure calls: (\d+) made, (\d+) throttled \(429\), (\d+) retried, (\d+) given up",
        summary[0],
    )
    assert counts is not None, summary
    made, throttled, retried, given_up = map(int, counts.groups())
    # the demo recording holds one 429, retried once; nothing was given up
    assert made > 100 and throttled == retried >= 1 and given_up == 0

    quiet = io.StringIO()
    with contextlib.redirect_stderr(quiet):
        code = main(["collect", "--replay", str(DEMO), "--all-subscriptions", "-q", "-o", str(tmp_path / "q.json")])  # fmt: skip
    assert code == 0 and quiet.getvalue() == ""


def test_the_calls_line_reads_as_a_sentence() -> None:
    assert calls_line({"calls": 5203, "throttled": 12, "retried": 14, "given_up": 1}) == (
        "Azure calls: 5,203 made, 12 throttled (429), 14 retried, 1 given up"
    )
    NullProgress().note("nothing")  # the quiet progress takes notes and shows none

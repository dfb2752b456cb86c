"""The terminal summary: waivers applied and expired are listed with their owner and expiry."""

from __future__ import annotations

import io

from results_factory import rich_results
from rich.console import Console

from assess.reporters.terminal import print_summary


def terminal_text() -> str:
    buffer = io.StringIO()
    print_summary(rich_results(), Console(file=buffer, width=200, color_system=None))
    return buffer.getvalue()


def test_waivers_applied_and_expired_are_listed() -> None:
    results = rich_results()
    waived = [f for f in results.findings if f.waived]
    assert waived and results.expired_waivers
    text = terminal_text()
    assert f"Waivers applied: {len(waived)} failing finding(s) accepted" in text
    waiver = waived[0].waiver
    assert waiver is not None
    assert f"{waiver.check} {waiver.resource}: {len(waived)} finding(s)" in text
    assert f"owner {waiver.owner}, expires {waiver.expires}" in text
    expired = results.expired_waivers[0]
    assert f"Expired waiver no longer applies: {expired.check} {expired.resource}" in text

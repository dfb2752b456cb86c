"""The CI gate: pass or fail a run on thresholds, optionally against a baseline run.

Thresholds (each from the command line or ``[gate]`` in ``assess.toml``):

* ``--min-score N``: the overall score is at least N (a run with no score fails);
* ``--min-item-score N``: every questionnaire item in the catalog scores at least N (an item whose
  checks assessed nothing fails: missing evidence is never a pass; an item none of whose checks
  ran is not gated);
* ``--min-coverage N``: at least N % of the applicable findings were assessed;
* ``--fail-on SEVERITY``: no unwaived failing finding of that severity or worse;
* ``--fail-on-expired-waivers``: no waiver in the configuration has expired;
* ``--baseline OLD.json``: ``--fail-on`` counts only findings that are *new* (not failing in the
  baseline) or *worse* (failing at a higher severity); without ``--fail-on`` any new or worse
  failing finding fails the gate. Fixed and unchanged findings are listed, never counted.

Findings are matched with the baseline on their stable id (:mod:`assess.findingid`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assess.config import Gate
from assess.model import SEVERITY_ORDER, Finding, Severity, Status
from assess.results import GateCheck, GateResult, Results

STATES = ("new", "worse", "unchanged", "waived", "fixed", "lost")
"""Baseline states of a failing finding, as listed (see :attr:`GateResult.baseline_state`);
``unknown-new`` and ``unknown-unchanged`` mark unknown findings for SARIF ``baselineState``."""


def _failing(finding: Finding) -> bool:
    return finding.status is Status.FAIL and not finding.waived


def compare(results: Results, baseline: Results) -> dict[str, str]:
    """Finding id -> baseline state, for every failing or unknown finding now and every finding
    that failed in the baseline and no longer fails."""
    before = {f.id: f for f in baseline.findings}
    now = {f.id: f for f in results.findings}
    states: dict[str, str] = {}
    for fid, finding in now.items():
        old = before.get(fid)
        if finding.status is Status.FAIL and finding.waived:
            states[fid] = "waived"
        elif finding.status is Status.FAIL:
            if old is None or not _failing(old):
                states[fid] = "new"
            elif SEVERITY_ORDER[finding.severity] > SEVERITY_ORDER[old.severity]:
                states[fid] = "worse"
            else:
                states[fid] = "unchanged"
        elif finding.status is Status.UNKNOWN:
            if old is not None and old.status in (Status.PASS, Status.FAIL):
                states[fid] = "lost"
            elif old is not None and old.status is Status.UNKNOWN:
                states[fid] = "unknown-unchanged"
            else:
                states[fid] = "unknown-new"
    for fid, was in before.items():
        current = now.get(fid)
        if _failing(was) and (
            current is None or current.status in (Status.PASS, Status.NOT_APPLICABLE)
        ):
            states[fid] = "fixed"
    return dict(sorted(states.items()))


def _num(value: float | None, unit: str = "") -> str:
    return "none" if value is None else f"{round(value, 1):g}{unit}"


def _bar(value: float, unit: str = "") -> str:
    return f"{value:g}{unit}"


@dataclass
class _Checks:
    checks: list[GateCheck]

    def add(self, threshold: str, value: str, bar: str, passed: bool, line: str) -> None:
        self.checks.append(
            GateCheck(threshold=threshold, value=value, bar=bar, passed=passed, line=line)
        )


def _severity_word(severity: Severity | None) -> str:
    return "" if severity is None else f" of severity {severity.value} or worse"


def _at_least(severity: Severity | None, findings: Iterable[Finding]) -> list[Finding]:
    bar = SEVERITY_ORDER[severity] if severity is not None else -1
    return [f for f in findings if SEVERITY_ORDER[f.severity] >= bar]


def apply_gate(
    results: Results, gate: Gate, baseline: Results | None = None, baseline_name: str = ""
) -> GateResult:
    """The gate's verdict on ``results``: one :class:`GateCheck` per threshold given."""
    out = _Checks([])
    overall = results.scores.overall
    if gate.min_score is not None:
        ok = overall is not None and overall >= gate.min_score
        sign = ">=" if ok else "<"
        shown = _num(overall)
        out.add(
            "--min-score",
            shown,
            _bar(gate.min_score),
            ok,
            f"score {shown} {sign} {_bar(gate.min_score)} (--min-score)"
            if overall is not None
            else f"no score (nothing assessed) < {_bar(gate.min_score)} (--min-score)",
        )
    if gate.min_item_score is not None:
        bar = gate.min_item_score
        for item in results.scores.items:
            if not item.checks:
                continue  # none of its checks ran (--skip / --check): not gated
            ok = item.score is not None and item.score >= bar
            shown = _num(item.score)
            what = (
                f"item {item.item} score {shown}"
                if item.score is not None
                else (f"item {item.item} has no score (nothing assessed)")
            )
            out.add(
                f"--min-item-score ({item.item})",
                shown,
                _bar(bar),
                ok,
                f"{what} {'>=' if ok else '<'} {_bar(bar)} (--min-item-score)",
            )
    coverage = results.scores.coverage
    if gate.min_coverage is not None:
        ok = coverage is not None and coverage >= gate.min_coverage
        shown = _num(coverage, "%")
        out.add(
            "--min-coverage",
            shown,
            _bar(gate.min_coverage, "%"),
            ok,
            f"evidence coverage {shown} {'>=' if ok else '<'} {_bar(gate.min_coverage, '%')} "
            "(--min-coverage)",
        )
    states: dict[str, str] = {}
    if baseline is not None:
        states = compare(results, baseline)
        counted = [
            f for f in results.findings if states.get(f.id) in ("new", "worse") and _failing(f)
        ]
        bad = _at_least(gate.fail_on, counted)
        option = "--baseline" + (f" --fail-on {gate.fail_on.value}" if gate.fail_on else "")
        out.add(
            option,
            str(len(bad)),
            "0",
            not bad,
            f"{len(bad)} new or worse failing finding(s){_severity_word(gate.fail_on)} since "
            f"the baseline ({option})",
        )
    elif gate.fail_on is not None:
        bad = _at_least(gate.fail_on, (f for f in results.findings if _failing(f)))
        out.add(
            "--fail-on",
            str(len(bad)),
            "0",
            not bad,
            f"{len(bad)} unwaived failing finding(s){_severity_word(gate.fail_on)} "
            f"(--fail-on {gate.fail_on.value})",
        )
    if gate.fail_on_expired_waivers:
        expired = results.expired_waivers
        named = ", ".join(f"{w.check} {w.resource} (expired {w.expires})" for w in expired[:3])
        more = f" and {len(expired) - 3} more" if len(expired) > 3 else ""
        out.add(
            "--fail-on-expired-waivers",
            str(len(expired)),
            "0",
            not expired,
            f"{len(expired)} expired waiver(s)"
            + (f": {named}{more}" if expired else "")
            + " (--fail-on-expired-waivers)",
        )
    failed = tuple(c.line for c in out.checks if not c.passed)
    return GateResult(
        passed=not failed,
        reasons=failed,
        checks=tuple(out.checks),
        baseline=baseline_name,
        baseline_state=states,
    )


def verdict_line(gate: GateResult) -> str:
    """The last line printed: each failed threshold with its value and bar (or all that held)."""
    if gate.passed:
        held = "; ".join(c.line for c in gate.checks) or "no threshold given"
        return f"gate passed: {held}"
    return "gate failed: " + "; ".join(gate.reasons)


def baseline_lists(
    results: Results, baseline: Results, gate: GateResult
) -> dict[str, list[Finding]]:
    """The findings in each baseline state, for listing (fixed and lost ones from the baseline)."""
    now = {f.id: f for f in results.findings}
    before = {f.id: f for f in baseline.findings}
    lists: dict[str, list[Finding]] = {state: [] for state in STATES}
    for fid, state in gate.baseline_state.items():
        finding = before.get(fid) if state == "fixed" else now.get(fid)
        if finding is not None and state in lists:
            lists[state].append(finding)
    return lists

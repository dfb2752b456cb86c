"""The CI gate: pass or fail a run on score, coverage and severity thresholds."""

from __future__ import annotations

from assess.config import Gate
from assess.model import SEVERITY_ORDER, Status
from assess.results import GateResult, Results


def apply_gate(results: Results, gate: Gate) -> GateResult:
    reasons: list[str] = []
    overall = results.scores.overall
    if gate.min_score is not None and (overall is None or overall < gate.min_score):
        shown = "no score" if overall is None else f"{overall:.1f}"
        reasons.append(f"score {shown} is below the minimum {gate.min_score:g}")
    coverage = results.scores.coverage
    if gate.min_coverage is not None and (coverage is None or coverage < gate.min_coverage):
        shown = "none" if coverage is None else f"{coverage:.1f}%"
        reasons.append(f"evidence coverage {shown} is below the minimum {gate.min_coverage:g}%")
    if gate.fail_on is not None:
        bar = SEVERITY_ORDER[gate.fail_on]
        bad = [
            f
            for f in results.findings
            if f.status is Status.FAIL and not f.waived and SEVERITY_ORDER[f.severity] >= bar
        ]
        if bad:
            reasons.append(
                f"{len(bad)} unwaived failing finding(s) of severity {gate.fail_on.value} or worse"
            )
    return GateResult(passed=not reasons, reasons=tuple(reasons))

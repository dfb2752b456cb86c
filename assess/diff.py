"""Compare two results files: what got worse, what got fixed, how the scores moved.

Findings are matched on their stable id (:mod:`assess.findingid`: check id and resource). A finding that failed
before and passes now is *fixed*; one that fails now and did not fail before is *new*; a resource
that was assessed before and is ``unknown`` now is *lost evidence*, reported apart because a
drop in coverage can look like an improvement in score.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assess.model import Finding, Status
from assess.results import Results


class ScoreMove(BaseModel):
    model_config = ConfigDict(frozen=True)

    item: str
    before: float | None
    after: float | None


class FindingRef(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    check_id: str
    resource_id: str
    resource_name: str
    severity: str
    message: str


class Diff(BaseModel):
    model_config = ConfigDict(frozen=True)

    before_as_of: str
    after_as_of: str
    overall: ScoreMove
    coverage: ScoreMove
    items: tuple[ScoreMove, ...]
    new_failures: tuple[FindingRef, ...]
    fixed: tuple[FindingRef, ...]
    lost_evidence: tuple[FindingRef, ...]


def _key(f: Finding) -> str:
    return f.id


def _ref(f: Finding) -> FindingRef:
    return FindingRef(
        id=f.id,
        check_id=f.check_id,
        resource_id=f.resource_id,
        resource_name=f.resource_name,
        severity=f.severity.value,
        message=f.message,
    )


def _failing(f: Finding) -> bool:
    return f.status is Status.FAIL and not f.waived


def diff(before: Results, after: Results) -> Diff:
    old = {_key(f): f for f in before.findings}
    new = {_key(f): f for f in after.findings}
    new_failures = [
        f for k, f in new.items() if _failing(f) and not (k in old and _failing(old[k]))
    ]
    fixed = [f for k, f in old.items() if _failing(f) and k in new and new[k].status is Status.PASS]
    lost = [
        f
        for k, f in new.items()
        if f.status is Status.UNKNOWN and k in old and old[k].status in (Status.PASS, Status.FAIL)
    ]
    old_items = {i.item: i.score for i in before.scores.items}
    return Diff(
        before_as_of=before.run.as_of.isoformat(),
        after_as_of=after.run.as_of.isoformat(),
        overall=ScoreMove(item="overall", before=before.scores.overall, after=after.scores.overall),
        coverage=ScoreMove(
            item="coverage", before=before.scores.coverage, after=after.scores.coverage
        ),
        items=tuple(
            ScoreMove(item=i.item, before=old_items.get(i.item), after=i.score)
            for i in after.scores.items
        ),
        new_failures=tuple(sorted((_ref(f) for f in new_failures), key=_sort)),
        fixed=tuple(sorted((_ref(f) for f in fixed), key=_sort)),
        lost_evidence=tuple(sorted((_ref(f) for f in lost), key=_sort)),
    )


def _sort(ref: FindingRef) -> tuple[str, str]:
    return (ref.check_id, ref.resource_id.lower())

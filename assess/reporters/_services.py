"""The services assessed: one row per evidence source whose evidence a check reads, with the
resources found in scope and how they fared (pure; from Results and the source declarations).

A check belongs to the source of the first evidence kind it requires (its subject: a vault, a
namespace, a workflow). A source whose evidence was read and held nothing says "none in scope",
never pass; one that was not read says which option reads it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from assess import sources
from assess.model import Status
from assess.results import Results
from assess.snapshot import norm_id


@dataclass(frozen=True)
class ServiceRow:
    """One service (an evidence source) and what the run found of it."""

    title: str
    option: str
    """The option that switches it (``--mysql``), or how it is gathered; ``""`` for always."""
    read: bool
    """Its evidence was read in this run."""
    checks: tuple[str, ...]
    resources: int
    """Distinct resources the checks found in scope."""
    failing: int
    """Of those, the resources with at least one failing finding."""
    unknown: int
    """Of those, the resources with no assessed finding and at least one not assessed."""

    @property
    def tally(self) -> str:
        """``4 in scope: 1 with a failing check, 1 not assessed``, ``none in scope``, or why
        nothing was read."""
        if not self.read:
            return f"not read ({self.option} reads it)" if self.option else "not read"
        if not self.resources:
            return "none in scope"
        text = f"{self.resources} in scope"
        parts = []
        if self.failing:
            parts.append(f"{self.failing} with a failing check")
        if self.unknown:
            parts.append(f"{self.unknown} not assessed")
        return text + (": " + ", ".join(parts) if parts else ": all pass")


def service_rows(results: Results) -> list[ServiceRow]:
    """Every source some check of the catalog reads: those with resources in scope first, then
    those read with none, then those not read; by title within each."""
    owner: dict[str, list[str]] = defaultdict(list)
    for meta in results.catalog:
        if meta.requires:
            declared = sources.source_of(meta.requires[0])
            if declared is not None:
                owner[declared.name].append(meta.id)
    by_check: dict[str, list[tuple[str, Status]]] = defaultdict(list)
    for f in results.findings:
        by_check[f.check_id].append((norm_id(f.resource_id), f.status))
    collected = set(results.run.collected)
    rows = []
    for source in sources.SOURCES:
        checks = owner.get(source.name)
        if not checks:
            continue
        statuses: dict[str, set[Status]] = defaultdict(set)
        for check_id in checks:
            for resource, status in by_check.get(check_id, ()):
                statuses[resource].add(status)
        assessed = {Status.PASS, Status.FAIL}
        rows.append(
            ServiceRow(
                title=source.title[:1].upper() + source.title[1:],
                option=source.flag,
                read=bool(set(source.records) & collected),
                checks=tuple(sorted(checks)),
                resources=len(statuses),
                failing=sum(1 for s in statuses.values() if Status.FAIL in s),
                unknown=sum(
                    1 for s in statuses.values() if Status.UNKNOWN in s and not s & assessed
                ),
            )
        )
    return sorted(rows, key=lambda r: (not r.read, not r.resources, r.title.lower()))

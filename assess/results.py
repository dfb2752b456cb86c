"""The results model: what every reporter reads, and what ``--format json`` writes.

Deterministic by construction: findings are sorted, the clock is ``as_of`` (never "now" at write
time), and JSON is written with sorted keys.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assess import __version__
from assess.config import Config
from assess.engine import evaluate
from assess.errors import InputError, SchemaVersionError, first_problem
from assess.model import CheckMeta, Finding, Waiver
from assess.registry import Registry
from assess.scoring import ScoreCard, score
from assess.snapshot import CollectionScope, Gap, Identity, Snapshot, read_json_file

RESULTS_SCHEMA_VERSION = "1"


class _M(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SubscriptionRef(_M):
    id: str
    subscription_id: str
    display_name: str


class RunInfo(_M):
    """Where the evidence came from: the appendix of every report."""

    tool_version: str
    catalog_version: str
    catalog_size: int
    as_of: datetime
    collected_at: datetime
    cloud: str
    tenant_id: str
    identity: Identity
    scope: CollectionScope
    subscriptions: tuple[SubscriptionRef, ...]
    collected: tuple[str, ...]
    plugins: tuple[dict[str, Any], ...] = ()
    thresholds: dict[str, Any] = Field(default_factory=dict)


class GateCheck(_M):
    """One threshold of the gate: what it is, the value seen, the bar, and whether it held."""

    threshold: str
    """The option that set it, e.g. ``--min-score`` or ``--min-item-score (SE09-3)``."""
    value: str
    bar: str
    passed: bool
    line: str
    """The threshold in words, as printed on the verdict line."""


class GateResult(_M):
    passed: bool
    reasons: tuple[str, ...] = ()
    """One line per failed threshold."""
    checks: tuple[GateCheck, ...] = ()
    baseline: str = ""
    """The baseline results file the run was compared with (``--baseline``), if any."""
    baseline_state: dict[str, str] = Field(default_factory=dict)
    """With a baseline: finding id -> ``new``, ``worse``, ``unchanged``, ``waived`` (failing
    now), ``fixed`` (failing in the baseline, passing or gone now), ``lost`` (assessed before,
    unknown now), ``unknown-new`` or ``unknown-unchanged`` (unknown now)."""


class Results(_M):
    schema_version: str = RESULTS_SCHEMA_VERSION
    run: RunInfo
    scores: ScoreCard
    findings: tuple[Finding, ...]
    catalog: tuple[CheckMeta, ...]
    gaps: tuple[Gap, ...] = ()
    expired_waivers: tuple[Waiver, ...] = ()
    gate: GateResult | None = None

    def meta(self, check_id: str) -> CheckMeta:
        for m in self.catalog:
            if m.id == check_id:
                return m
        raise KeyError(check_id)


def build_results(
    snapshot: Snapshot, registry: Registry, config: Config, as_of: datetime
) -> Results:
    findings, expired = evaluate(snapshot, registry, config, as_of)
    catalog = tuple(registry.metas)
    return Results(
        run=RunInfo(
            tool_version=__version__,
            catalog_version=registry.catalog_version(),
            catalog_size=len(registry),
            as_of=as_of,
            collected_at=snapshot.collected_at,
            cloud=snapshot.cloud,
            tenant_id=snapshot.tenant_id,
            identity=snapshot.identity,
            scope=snapshot.scope,
            subscriptions=tuple(
                SubscriptionRef(
                    id=s.id, subscription_id=s.subscription_id, display_name=s.display_name
                )
                for s in sorted(snapshot.subscriptions, key=lambda s: s.subscription_id)
            ),
            collected=tuple(sorted(snapshot.collected)),
            plugins=tuple(registry.providers()),
            thresholds=config.settings(),
        ),
        scores=score(findings, catalog),
        findings=tuple(findings),
        catalog=catalog,
        gaps=tuple(sorted(snapshot.gaps, key=lambda g: (g.kind, g.scope.lower(), g.operation))),
        expired_waivers=tuple(expired),
    )


def load_results(path: Path) -> Results:
    data = read_json_file(path, "results")
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version != RESULTS_SCHEMA_VERSION:
        raise SchemaVersionError(
            f"{path}: results schema version {version!r} is not supported "
            f"(this tool reads version {RESULTS_SCHEMA_VERSION!r})"
        )
    try:
        return Results.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{path}: not a valid results file: {first_problem(exc)}") from exc

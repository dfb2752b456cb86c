"""The results model: what every reporter reads, and what ``--format json`` writes.

Deterministic by construction: findings are sorted, the clock is ``as_of`` (never "now" at write
time), and JSON is written with sorted keys.

The file is sized for a tenant (schema version 2): what is the same for many findings is written
once. Each resource is one entry of ``resources`` and a finding names it by position; a check's
severity and item come from ``catalog``; the evidence fields a check's findings share (the call,
the property, the observed and the expected value most of them report) are written once in
``evidence`` and a finding keeps only what differs; empty fields are left out, and so is each finding's ``id``, which
is derived from the check and the resource whenever the file is read. :func:`load_results` reads it back to
the same :class:`Results` (and still reads version 1 files, where every finding stood alone).
"""

from __future__ import annotations

import json
import operator
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assess import __version__
from assess.config import Config, EnvironmentResolver
from assess.engine import evaluate
from assess.errors import InputError, SchemaVersionError, first_problem
from assess.model import Cause, CheckMeta, Evidence, Finding, Status, Waiver
from assess.registry import Registry
from assess.scoring import ScoreCard, score
from assess.sharing import SharedCredential, shared_credentials
from assess.snapshot import (
    CollectionScope,
    Gap,
    Identity,
    Snapshot,
    read_json_file,
    subscription_of,
)
from assess.visible import json_escaped

RESULTS_SCHEMA_VERSION = "2"
READABLE_VERSIONS = ("1", RESULTS_SCHEMA_VERSION)
_RESOURCE_FIELDS = (
    "resource_id",
    "resource_name",
    "resource_type",
    "subscription_id",
    "environment",
)
_RESOURCE_KEYS = ("id", "name", "type", "subscription_id", "environment")


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
    shared_credentials: tuple[SharedCredential, ...] = ()
    """Groups of places holding one credential (compared by keyed fingerprint; no value)."""

    def meta(self, check_id: str) -> CheckMeta:
        for m in self.catalog:
            if m.id == check_id:
                return m
        raise KeyError(check_id)


class StoredResource(_M):
    """One resource of the results file, named by its position in ``resources``."""

    id: str
    name: str
    type: str = ""
    subscription_id: str | None = None
    """Left out when it is the subscription in :attr:`id` (almost always)."""
    environment: str = ""


class StoredEvidence(_M):
    """A finding's evidence as stored: the fields its check's shared evidence does not hold."""

    api: str | None = None
    property: str | None = None
    observed: Any = None
    expected: Any = None


class StoredFinding(_M):
    """A finding as stored: its check's item and severity are in ``catalog``, its resource in
    ``resources``; its ``id`` is derived when read."""

    check_id: str
    status: Status
    resource: int = Field(ge=0)
    """Position in ``resources``."""
    message: str
    evidence: StoredEvidence | None = None
    reason: str = ""
    cause: Cause | None = None
    waiver: Waiver | None = None


class ResultsFile(_M):
    """The results file as written (schema version 2): :func:`load_results` reads it back."""

    schema_version: str = RESULTS_SCHEMA_VERSION
    run: RunInfo
    scores: ScoreCard
    catalog: tuple[CheckMeta, ...]
    evidence: dict[str, StoredEvidence] = Field(default_factory=dict)
    """Per check, the call, property, observed and expected values most of its findings report."""
    resources: tuple[StoredResource, ...] = ()
    findings: tuple[StoredFinding, ...] = ()
    gaps: tuple[Gap, ...] = ()
    expired_waivers: tuple[Waiver, ...] = ()
    gate: GateResult | None = None
    shared_credentials: tuple[SharedCredential, ...] = ()


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
        shared_credentials=shared_credentials(
            snapshot, EnvironmentResolver(config.environments, snapshot)
        ),
    )


def results_json(results: Results) -> str:
    """The results file: deterministic, one resource and one finding per line, shared parts once."""
    shared = _shared_evidence(results.findings)
    keys = [_resource_of(f) for f in results.findings]
    index = {key: number for number, key in enumerate(sorted(set(keys)))}
    head = results.model_dump(mode="json", exclude={"findings"})
    head["schema_version"] = RESULTS_SCHEMA_VERSION
    head["evidence"] = shared
    head["resources"] = head["findings"] = _PLACEHOLDER
    text = json.dumps(head, indent=2, sort_keys=True, ensure_ascii=False)
    resources = (_stored_resource(key) for key in index)
    findings = (
        _compact(f, index[key], shared.get(f.check_id))
        for f, key in zip(results.findings, keys, strict=True)
    )
    slot = json.dumps(_PLACEHOLDER)
    text = text.replace(f'"resources": {slot}', f'"resources": {_lines(resources)}', 1)
    text = text.replace(f'"findings": {slot}', f'"findings": {_lines(findings)}', 1)
    return json_escaped(text) + "\n"


_PLACEHOLDER = "\u0000"  # a string JSON always escapes, so no value can look like it


def _lines(items: Iterable[dict[str, Any]]) -> str:
    rows = [json.dumps(i, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for i in items]
    return "[\n    " + ",\n    ".join(rows) + "\n  ]" if rows else "[]"


_resource_of = operator.attrgetter(*_RESOURCE_FIELDS)


def _stored_resource(key: tuple[str, ...]) -> dict[str, str]:
    """A resource entry: empty fields, and a subscription that is the one in the id, left out."""
    entry = dict(zip(_RESOURCE_KEYS, key, strict=True))
    if entry["subscription_id"] == subscription_of(entry["id"]):
        del entry["subscription_id"]
    return {k: v for k, v in entry.items() if v or k in ("id", "name")}


def _shared_evidence(findings: Iterable[Finding]) -> dict[str, dict[str, Any]]:
    """Per check and evidence field, the value most of the check's findings report (the first
    in JSON order among equals)."""
    counts: dict[str, dict[str, Counter[str]]] = {}
    for finding in findings:
        if finding.evidence is not None:
            fields = counts.setdefault(finding.check_id, {})
            for name, value in finding.evidence.model_dump(mode="json").items():
                fields.setdefault(name, Counter())[json.dumps(value, sort_keys=True)] += 1
    return {
        check: {
            name: json.loads(min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0])
            for name, c in sorted(fields.items())
        }
        for check, fields in sorted(counts.items())
    }


def _compact(finding: Finding, resource: int, shared: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {  # no id: it is derived from the check and the resource when read
        "check_id": finding.check_id,
        "message": finding.message,
        "resource": resource,
        "status": finding.status.value,
    }
    if finding.evidence is not None:
        evidence = finding.evidence.model_dump(mode="json")
        out["evidence"] = {
            k: v for k, v in evidence.items() if shared is None or k not in shared or shared[k] != v
        }
    if finding.reason:
        out["reason"] = finding.reason
    if finding.cause is not None:
        out["cause"] = finding.cause.model_dump(mode="json", exclude_defaults=True)
    if finding.waiver is not None:
        out["waiver"] = finding.waiver.model_dump(mode="json")
    return out


def _expanded(stored: ResultsFile) -> Results:
    """A version 2 file as the results it was written from (every finding whole)."""
    metas = {m.id: m for m in stored.catalog}
    findings = []
    for number, item in enumerate(stored.findings):
        meta = metas.get(item.check_id)
        if meta is None or item.resource >= len(stored.resources):
            raise InputError(
                f"finding {number} names a check or a resource that is not in the file"
            )
        resource = stored.resources[item.resource]
        evidence = None
        if item.evidence is not None:
            shared = stored.evidence.get(item.check_id, StoredEvidence())
            given = item.evidence.model_dump(exclude_unset=True)
            evidence = Evidence.model_validate(
                {"api": "", "property": "", **shared.model_dump(exclude_unset=True), **given}
            )
        findings.append(
            Finding(
                check_id=item.check_id,
                item=meta.item_id,
                severity=meta.severity,
                status=item.status,
                resource_id=resource.id,
                resource_name=resource.name,
                resource_type=resource.type,
                subscription_id=subscription_of(resource.id)
                if resource.subscription_id is None
                else resource.subscription_id,
                environment=resource.environment,
                message=item.message,
                evidence=evidence,
                reason=item.reason,
                cause=item.cause,
                waiver=item.waiver,
            )
        )
    return Results(
        run=stored.run,
        scores=stored.scores,
        findings=tuple(findings),
        catalog=stored.catalog,
        gaps=stored.gaps,
        expired_waivers=stored.expired_waivers,
        gate=stored.gate,
        shared_credentials=stored.shared_credentials,
    )


def load_results(path: Path) -> Results:
    return parse_results(read_json_file(path, "results"), str(path))


def parse_results(data: Any, source: str = "results") -> Results:
    """Results from a parsed results file (either version this tool reads)."""
    version = data.get("schema_version") if isinstance(data, dict) else None
    if version not in READABLE_VERSIONS:
        raise SchemaVersionError(
            f"{source}: results schema version {version!r} is not supported "
            f"(this tool reads versions {', '.join(repr(v) for v in READABLE_VERSIONS)})"
        )
    try:
        if version == "1":
            return Results.model_validate(data)
        return _expanded(ResultsFile.model_validate(data))
    except InputError as exc:
        raise InputError(f"{source}: not a valid results file: {exc.message}") from exc
    except ValidationError as exc:
        raise InputError(f"{source}: not a valid results file: {first_problem(exc)}") from exc

"""The API a check is written against (built-in and third-party alike).

A check is a plain function ``(snapshot, ctx) -> Iterable[Outcome]`` wrapped by :func:`check`::

    @check("SE09-2.2")
    def vault_purge_protection(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
        for vault in snapshot.vaults:
            yield ctx.expect(
                vault,
                ok=vault.enable_purge_protection is True,
                prop="properties.enablePurgeProtection",
                observed=vault.enable_purge_protection,
                expected=True,
                api=VAULTS_API,
                passed=f"Vault {vault.name} has purge protection on.",
                failed=f"Vault {vault.name} can be purged during its retention period.",
            )

The metadata (title, severity, rationale, remediation, evidence kinds it reads) lives beside the
module in a TOML file of the same name, one table per check id, or is passed as keyword arguments
for a one-file plug-in. The decorator only wraps: nothing is registered by importing a module, and
nothing is read from disk until the registry loads the catalog.

A check never decides ``unknown`` for missing evidence and never reads the snapshot's gaps: the
engine does, from the gaps and the evidence kinds the check ``requires``. A finding about a resource
is ``unknown`` when a gap of one of those kinds covers the resource. A conclusion that rests on
records kept elsewhere (a pass that needs every role assignment of the tenant, "not applicable"
because a vault holds no secret, a fail because no topic was seen) says so with ``needs=``: the engine
then makes it ``unknown``, with the structured cause, when a gap of those kinds overlaps that scope,
or when those kinds were not collected at all. A fail proven by what was read declares no needs::

    yield ctx.not_applicable(vault, "Holds no secret.", needs=ctx.need("secrets", vault.id))

What an *absent property* means (the service did not return it) is the check's call, made explicit
at the place it reads the property.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from assess.model import Evidence, Status
from assess.snapshot import glob_to_regex as glob_to_regex


class Resource(Protocol):
    """Anything with an id and a name: every snapshot record qualifies."""

    @property
    def id(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Need:
    """Records a conclusion rests on besides its own resource's: the evidence ``kinds`` under
    ``scope`` (a resource id, a subscription, or ``/`` for the whole snapshot)."""

    kinds: frozenset[str]
    scope: str = "/"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check says about one resource; the engine adds the check's metadata."""

    status: Status
    resource_id: str
    resource_name: str
    message: str
    evidence: Evidence | None = None
    resource_type: str = ""
    needs: tuple[Need, ...] = ()
    """Other records the conclusion rests on: a gap over them (or their kinds not collected) makes
    the outcome ``unknown`` with that cause."""


CheckFunc = Callable[[Any, "CheckContext"], Iterable[Outcome]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A check function plus where its metadata comes from. Made by :func:`check`."""

    id: str
    func: CheckFunc
    module: str
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, snapshot: Any, ctx: CheckContext) -> Iterable[Outcome]:
        return self.func(snapshot, ctx)


def check(check_id: str, **meta: Any) -> Callable[[CheckFunc], CheckSpec]:
    """Mark a function as the check ``check_id``. Keyword arguments override the TOML metadata."""

    def wrap(func: CheckFunc) -> CheckSpec:
        return CheckSpec(id=check_id, func=func, module=func.__module__, meta=dict(meta))

    return wrap


def _name_of(resource: Any) -> str:
    name = getattr(resource, "name", None) or getattr(resource, "display_name", None)
    if isinstance(name, str) and name:
        return name
    return str(resource.id).rstrip("/").rsplit("/", 1)[-1]


class EnvironmentClassifier(Protocol):
    def __call__(self, resource_id: str, tags: Mapping[str, str] | None = None) -> str: ...


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the snapshot: the clock, the thresholds, the environments."""

    as_of: datetime
    settings: Mapping[str, Any]
    environment_of: EnvironmentClassifier
    resource_type: str = ""

    def setting(self, name: str) -> Any:
        return self.settings[name]

    def outcome(
        self,
        resource: Any,
        status: Status,
        message: str,
        *,
        prop: str = "",
        observed: Any = None,
        expected: Any = None,
        api: str = "",
        resource_type: str = "",
        needs: Need | Iterable[Need] = (),
    ) -> Outcome:
        evidence = (
            Evidence(api=api, property=prop, observed=observed, expected=expected)
            if (api or prop)
            else None
        )
        return Outcome(
            status=status,
            resource_id=str(resource.id),
            resource_name=_name_of(resource),
            message=message,
            evidence=evidence,
            resource_type=resource_type or self.resource_type,
            needs=(needs,) if isinstance(needs, Need) else tuple(needs),
        )

    def expect(
        self,
        resource: Any,
        *,
        ok: bool,
        passed: str,
        failed: str,
        prop: str = "",
        observed: Any = None,
        expected: Any = None,
        api: str = "",
        resource_type: str = "",
        needs: Need | Iterable[Need] = (),
    ) -> Outcome:
        """The common case: one boolean decides pass or fail; both sentences are given."""
        return self.outcome(
            resource,
            Status.PASS if ok else Status.FAIL,
            passed if ok else failed,
            prop=prop,
            observed=observed,
            expected=expected,
            api=api,
            resource_type=resource_type,
            needs=needs,
        )

    def not_applicable(
        self,
        resource: Any,
        message: str,
        *,
        resource_type: str = "",
        needs: Need | Iterable[Need] = (),
    ) -> Outcome:
        return self.outcome(
            resource, Status.NOT_APPLICABLE, message, resource_type=resource_type, needs=needs
        )

    @staticmethod
    def need(kinds: str | Iterable[str], scope: str = "/") -> Need:
        """The records of ``kinds`` under ``scope`` (default: the whole snapshot)."""
        return Need(frozenset((kinds,) if isinstance(kinds, str) else kinds), scope)

"""The check catalog: built-in checks from ``checks/``, plug-ins from the ``waf_assess.checks`` group.

Loading is explicit and happens once per run: each built-in module named in
``checks.BUILTIN_MODULES`` is imported and its :class:`~assess.checkapi.CheckSpec` attributes are
collected; their metadata is read from the TOML file beside the module and validated with
:class:`~assess.model.CheckMeta`. Plug-ins go through the same validation, may not reuse a built-in
id, and are recorded with the distribution and version that provided them.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata as importlib_metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from pydantic import ValidationError

from assess.checkapi import CheckSpec
from assess.errors import InputError, UsageError, first_problem
from assess.model import CheckMeta

ENTRY_POINT_GROUP = "waf_assess.checks"


@dataclass(frozen=True)
class RegisteredCheck:
    meta: CheckMeta
    spec: CheckSpec


class Registry:
    """An ordered, validated set of checks."""

    def __init__(self, checks: Iterable[RegisteredCheck]) -> None:
        ordered = sorted(checks, key=lambda c: _id_sort_key(c.meta.id))
        self._checks: dict[str, RegisteredCheck] = {}
        for registered in ordered:
            if registered.meta.id in self._checks:
                raise InputError(f"check id {registered.meta.id} is defined twice")
            self._checks[registered.meta.id] = registered

    def __iter__(self) -> Iterator[RegisteredCheck]:
        return iter(self._checks.values())

    def __len__(self) -> int:
        return len(self._checks)

    def get(self, check_id: str) -> RegisteredCheck:
        try:
            return self._checks[check_id.upper()]
        except KeyError:
            raise UsageError(
                f"unknown check id {check_id!r}", hint="'assess checks list' shows the catalog"
            ) from None

    @property
    def metas(self) -> list[CheckMeta]:
        return [c.meta for c in self]

    def select(self, select: Iterable[str] = (), skip: Iterable[str] = ()) -> Registry:
        """Keep checks matching ``select`` (check ids or item ids like ``SE09-5``), minus ``skip``."""
        chosen = list(self)
        sel = [s.upper() for s in select]
        skp = {s.upper() for s in skip}
        for wanted in sel + sorted(skp):
            if not any(_matches(c.meta, wanted) for c in self):
                raise UsageError(
                    f"unknown check id {wanted!r}", hint="'assess checks list' shows the catalog"
                )
        if sel:
            chosen = [c for c in chosen if any(_matches(c.meta, s) for s in sel)]
        chosen = [c for c in chosen if not any(_matches(c.meta, s) for s in skp)]
        return Registry(chosen)

    def catalog_version(self) -> str:
        """A short digest of the whole catalog's metadata: changes whenever any check changes."""
        blob = json.dumps([m.model_dump(mode="json") for m in self.metas], sort_keys=True)
        return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()[:16]

    def providers(self) -> list[dict[str, Any]]:
        """Third-party distributions that contributed checks, for the results file."""
        found: dict[tuple[str, str], list[str]] = {}
        for c in self:
            if c.meta.provider != "waf-assess":
                found.setdefault((c.meta.provider, c.meta.provider_version), []).append(c.meta.id)
        return [
            {"distribution": d, "version": v, "checks": ids}
            for (d, v), ids in sorted(found.items())
        ]


def _matches(meta: CheckMeta, wanted: str) -> bool:
    return meta.id == wanted or meta.item_id == wanted


def _id_sort_key(check_id: str) -> tuple[int, str, int]:
    prefix, _, rest = check_id.partition("-")
    item, _, number = rest.partition(".")
    try:
        return (int(item), prefix if prefix != "SE09" else "", int(number))
    except ValueError:
        return (99, check_id, 0)


def _module_metadata(module: ModuleType) -> dict[str, Any]:
    file = getattr(module, "__file__", None)
    if not file:
        return {}
    toml_path = Path(file).with_suffix(".toml")
    if not toml_path.exists():
        return {}
    try:
        return tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"check metadata {toml_path} is not valid TOML: {exc}") from exc


def specs_in(module: ModuleType) -> list[CheckSpec]:
    return [v for v in vars(module).values() if isinstance(v, CheckSpec)]


def build_check(
    spec: CheckSpec, table: dict[str, Any], *, provider: str = "waf-assess", version: str = ""
) -> RegisteredCheck:
    data = {**table.get(spec.id, {}), **spec.meta, "id": spec.id}
    data.setdefault("provider", provider)
    data.setdefault("provider_version", version)
    try:
        meta = CheckMeta.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            f"check {spec.id} from {provider} has invalid metadata: {first_problem(exc)}"
        ) from exc
    return RegisteredCheck(meta=meta, spec=spec)


def builtin_checks() -> list[RegisteredCheck]:
    import checks as builtin_package
    from assess import __version__

    found: list[RegisteredCheck] = []
    for name in builtin_package.BUILTIN_MODULES:
        module = importlib.import_module(name)
        table = _module_metadata(module)
        for spec in specs_in(module):
            found.append(build_check(spec, table, version=__version__))
    return found


def plugin_checks(builtin_ids: set[str], blocked: Iterable[str] = ()) -> list[RegisteredCheck]:
    """Load ``waf_assess.checks`` entry points. Each names a module, a CheckSpec, or a list."""
    blocked_names = set(blocked)
    found: list[RegisteredCheck] = []
    for ep in importlib_metadata.entry_points(group=ENTRY_POINT_GROUP):
        if ep.name in blocked_names:
            continue
        dist = ep.dist.name if ep.dist else ep.name
        version = ep.dist.version if ep.dist else ""
        try:
            loaded = ep.load()
        except Exception as exc:
            raise InputError(
                f"check plug-in {ep.name!r} from {dist} failed to load: {exc}"
            ) from exc
        table: dict[str, Any] = {}
        if isinstance(loaded, ModuleType):
            table = _module_metadata(loaded)
            specs = specs_in(loaded)
        elif isinstance(loaded, CheckSpec):
            specs = [loaded]
        else:
            specs = [s for s in loaded if isinstance(s, CheckSpec)]
        for spec in specs:
            if spec.id in builtin_ids:
                raise InputError(
                    f"check plug-in {ep.name!r} from {dist} reuses the built-in id {spec.id}",
                    hint="plug-in ids need their own prefix, e.g. ACME-5.1",
                )
            found.append(build_check(spec, table, provider=dist, version=version))
    return found


def load_registry(*, builtins_only: bool = False, blocked: Iterable[str] = ()) -> Registry:
    builtins = builtin_checks()
    if builtins_only:
        return Registry(builtins)
    return Registry([*builtins, *plugin_checks({c.meta.id for c in builtins}, blocked)])

"""Evidence sources: one declaration per Azure service, and everything generated from them.

Each module of this package declares ``SOURCES``: the records a service produces, each REST
operation it calls (path, api-version, RBAC action, a built-in role granting it), how each call is
listed, what it depends on, its on/off switch and default, and the words reports use for its
resources. The CLI's ``--x/--no-x`` flags, the ``[collect]`` config keys, the reports' permission
rows, ``assess checks show``'s evidence, ``assess permissions`` (and ``--role-json``) and
docs/permissions.md are generated from these declarations; no list of services is written
anywhere else. Declarations are pure data: importing them does no I/O.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assess.sources._declare import ChildList, Held, Listing, Read, ResourceList, Source

__all__ = [
    "SOURCES",
    "ChildList",
    "Held",
    "Listing",
    "Permission",
    "PermissionRow",
    "Read",
    "ResourceList",
    "Source",
    "action_of",
    "actions",
    "enabled",
    "noun_of",
    "permission_for_action",
    "permission_for_kind",
    "permission_rows",
    "permissions_markdown",
    "role_definition",
    "source",
    "source_of",
    "switches",
]


def _discover() -> tuple[Source, ...]:
    found: list[Source] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        found.extend(importlib.import_module(f"{__name__}.{module.name}").SOURCES)
    return tuple(found)


SOURCES: tuple[Source, ...] = _discover()
"""Every declared source, in the order of their modules' names."""

_BY_NAME = {s.name: s for s in SOURCES}
_BY_KIND = {kind: s for s in SOURCES for kind in s.records}
_ACTION_OF = {  # the first declared read of each name wins
    r.operation.name: r.action for s in reversed(SOURCES) for r in reversed(s.reads) if r.action
}


def source(name: str) -> Source:
    return _BY_NAME[name]


def source_of(kind: str) -> Source | None:
    """The source that produces the evidence kind ``kind`` (a Snapshot field), if one does."""
    return _BY_KIND.get(kind)


def switches() -> tuple[Source, ...]:
    """The sources that can be turned off, each with a flag and a ``[collect]`` key."""
    return tuple(s for s in SOURCES if s.switch)


@dataclass(frozen=True)
class Permission:
    """The exact permission (an Azure RBAC action) that reads one evidence kind, and a role holding it."""

    action: str
    role: str
    note: str = ""


def _permission(read: Read) -> Permission:
    action = f"{read.action} (data action)" if read.data_action else read.action
    return Permission(action, read.role, read.note)


def permission_for_kind(kind: str) -> Permission | None:
    """The permission behind the first call that fills ``kind``, or None for an undeclared kind."""
    declared = source_of(kind)
    if declared is None:
        return None
    reads = declared.reads_of(kind)
    if reads:
        return _permission(reads[0])
    if declared.no_azure_role:
        return Permission("", declared.no_azure_role, f"{declared.title} are read locally")
    return None


def action_of(operation_name: str) -> str:
    """The RBAC action (Graph permission) behind an operation name as shown in evidence and gaps
    (``GET Microsoft.KeyVault/vaults``), from the first declared read of that name; ``""`` for a
    name no source declares."""
    return _ACTION_OF.get(operation_name, "")


def permission_for_action(action: str) -> Permission | None:
    """The declared permission whose action is ``action`` (case-insensitive), if any."""
    wanted = action.strip().lower()
    for s in SOURCES:
        for read in s.reads:
            if read.action.lower() == wanted:
                return _permission(read)
    return None


def enabled(on: Mapping[str, bool]) -> tuple[Source, ...]:
    """The sources a run reads: every source without a switch, and the switches ``on``."""
    return tuple(s for s in SOURCES if not s.switch or on.get(s.name, s.default))


def actions(sources: Iterable[Source]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The exact ``Actions`` and ``DataActions`` the calls of ``sources`` need, sorted (Microsoft
    Graph permissions are granted in Microsoft Entra ID, not by an Azure role, and are left out)."""
    plain: set[str] = set()
    data: set[str] = set()
    for s in sources:
        for read in s.reads:
            if read.action and not read.entra:
                (data if read.data_action else plain).add(read.action)
    return tuple(sorted(plain, key=str.lower)), tuple(sorted(data, key=str.lower))


def role_definition(sources: Iterable[Source]) -> dict[str, Any]:
    """A least-privilege custom role holding exactly what ``sources`` read (``az role definition
    create --role-definition``)."""
    chosen = tuple(sources)
    plain, data = actions(chosen)
    return {
        "Name": "waf-assess evidence reader",
        "IsCustom": True,
        "Description": "Read-only evidence for waf-assess SE:09 assessments. Values some calls "
        "return are checked in memory and never kept.",
        "Actions": list(plain),
        "NotActions": [],
        "DataActions": list(data),
        "NotDataActions": [],
        "AssignableScopes": ["/subscriptions/<subscription-id>"],
    }


def nouns() -> dict[str, tuple[str, str]]:
    """Resource type (last segment, lower case) -> (one, many), as every source declares them."""
    return {key: pair for s in SOURCES for key, pair in s.nouns.items()}


_NOUNS = nouns()


def noun_of(resource_type: str) -> tuple[str, str] | None:
    """The words (one, many) a source declares for ``resource_type``
    (``Microsoft.KeyVault/vaults``): for its full name, else for its last segment (a full name
    tells apart types that share a last segment, ``namespaces``)."""
    lower = resource_type.lower().rstrip("/")
    return _NOUNS.get(lower) or _NOUNS.get(lower.rsplit("/", 1)[-1])


@dataclass(frozen=True)
class PermissionRow:
    """One call a source makes, with what it fills and the permission behind it."""

    source: Source
    read: Read

    @property
    def switch(self) -> str:
        """How to leave it out: ``--no-web-apps``, ``(without --management-group ID)``, or
        ``(always read)``."""
        if self.source.switch:
            return f"--no-{self.source.flag.removeprefix('--')}"
        return (
            f"(without {self.source.gathered_by})" if self.source.gathered_by else "(always read)"
        )


def permission_rows(chosen: Iterable[Source] = SOURCES) -> tuple[PermissionRow, ...]:
    """Every call of ``chosen`` sources, each once (a call shared by two listings is one row)."""
    rows: list[PermissionRow] = []
    seen: set[tuple[str, str]] = set()
    for s in chosen:
        for read in s.reads:
            key = (read.operation.name, read.listing)
            if key not in seen:
                seen.add(key)
                rows.append(PermissionRow(s, read))
    return tuple(rows)


def permissions_markdown() -> str:
    """docs/permissions.md: generated from the declarations (``python -m assess.sources``)."""
    lines = [
        "# Permissions",
        "",
        "<!-- Generated from assess/sources/ by `python -m assess.sources > docs/permissions.md`;"
        " do not edit by hand. -->",
        "",
        "Every Azure call waf-assess makes, the evidence it fills, the RBAC action that allows it",
        "and a built-in role granting that action. `assess permissions` prints the same table for",
        "the sources a run reads, and `assess permissions --role-json` a least-privilege custom",
        "role holding exactly their actions. Whatever the identity cannot read is `unknown`,",
        "never a pass.",
        "",
        "| source | call | listed | evidence | action | role | leave it out with |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in permission_rows():
        read = row.read
        action = f"`{read.action}`" + (" (data action)" if read.data_action else "")
        role = read.role + (f"; {read.note}" if read.note else "")
        lines.append(
            f"| {row.source.title} | `{read.operation.name}` | {read.listing.value} | "
            f"{', '.join(read.records) or '(steers listing)'} | {action} | {role} | "
            f"{row.switch} |"
        )
    lines += [
        "",
        "## Switches",
        "",
        "Each source that can be left out has a flag on `assess scan` and `assess collect` and a",
        "key under `[collect]` in `assess.toml`; the flag wins over the key. What is left out makes",
        "the checks that read it `unknown`, never a pass.",
        "",
        "| flag | `[collect]` key | default | reads |",
        "| --- | --- | --- | --- |",
    ]
    for s in switches():
        off = f"--no-{s.flag.removeprefix('--')}"
        default = "true" if s.default else "false"
        lines.append(f"| `{s.flag}` / `{off}` | `{s.name}` | {default} | {s.help} |")
    local = [s for s in SOURCES if not s.reads]
    if local:
        lines += ["", "Read outside Azure, with no role:", ""]
        lines += [f"- {s.title} (`{s.flag}`): {s.no_azure_role}" for s in local]
    lines += ["", "The least-privilege custom role for every source switched on:", "", "```json"]
    lines.append(json.dumps(role_definition(enabled({})), indent=2))
    lines += ["```", ""]
    return "\n".join(lines)

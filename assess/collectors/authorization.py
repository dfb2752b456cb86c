"""Microsoft.Authorization: role definitions and role assignments.

Assignments name their definition by a tenant-level id (``/providers/Microsoft.Authorization/
roleDefinitions/{guid}``) while a subscription listing of definitions returns subscription-scoped
ids: both are reduced to the trailing GUID, which is what matches. ``scope`` may come back with or
without a leading slash; it is kept as returned.

The caller's own effective permissions at a scope (``Microsoft.Authorization/permissions``, see
:data:`assess.sources.authorization.PERMISSIONS_SUBSCRIPTION` for what the API answers) are read into
:class:`Grant` blocks, and :func:`permits` decides whether they allow an action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assess.collectors._base import GapSink, list_parsed, opt_text, props, strings, text
from assess.http import ArmClient
from assess.snapshot import RoleAssignment, RoleDefinition, glob_to_regex, last_segment
from assess.sources.authorization import (
    PERMISSIONS_SUBSCRIPTION,
    ROLE_ASSIGNMENTS_LIST,
    ROLE_DEFINITIONS_LIST,
)


def parse_role_definition(item: Mapping[str, Any]) -> RoleDefinition | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    actions: list[str] = []
    not_actions: list[str] = []
    data_actions: list[str] = []
    not_data_actions: list[str] = []
    for block in p.get("permissions") or ():
        if not isinstance(block, Mapping):
            continue
        actions += strings(block.get("actions"))
        not_actions += strings(block.get("notActions"))
        data_actions += strings(block.get("dataActions"))
        not_data_actions += strings(block.get("notDataActions"))
    return RoleDefinition(
        id=rid,
        guid=last_segment(rid).lower(),
        role_name=text(p.get("roleName")),
        role_type=text(p.get("type")),
        actions=tuple(actions),
        not_actions=tuple(not_actions),
        data_actions=tuple(data_actions),
        not_data_actions=tuple(not_data_actions),
        assignable_scopes=strings(p.get("assignableScopes")),
    )


def parse_role_assignment(item: Mapping[str, Any]) -> RoleAssignment | None:
    rid = text(item.get("id"))
    p = props(item)
    definition = text(p.get("roleDefinitionId"))
    if not rid or not definition:
        return None
    return RoleAssignment(
        id=rid,
        scope=text(p.get("scope")),
        role_definition_id=definition,
        role_definition_guid=last_segment(definition).lower(),
        principal_id=text(p.get("principalId")),
        principal_type=text(p.get("principalType")),
        condition=opt_text(p.get("condition")),
    )


def list_role_definitions(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[RoleDefinition]:
    op = ROLE_DEFINITIONS_LIST
    url = op.url(base, subscription_id=subscription_id)
    scope = f"/subscriptions/{subscription_id}"
    return list_parsed(client, op, url, scope, "role_definitions", sink, parse_role_definition)


def list_role_assignments(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[RoleAssignment]:
    """Assignments at the subscription and below it, and those inherited from above it."""
    op = ROLE_ASSIGNMENTS_LIST
    url = op.url(base, subscription_id=subscription_id)
    scope = f"/subscriptions/{subscription_id}"
    return list_parsed(client, op, url, scope, "role_assignments", sink, parse_role_assignment)


# ---- the caller's own permissions -------------------------------------------------------------
@dataclass(frozen=True)
class Grant:
    """One element of a permissions answer: actions it allows, less its own notActions."""

    actions: tuple[str, ...] = ()
    not_actions: tuple[str, ...] = ()


def parse_grant(item: Mapping[str, Any]) -> Grant:
    return Grant(actions=strings(item.get("actions")), not_actions=strings(item.get("notActions")))


def action_matches(pattern: str, action: str) -> bool:
    """True when an RBAC action pattern covers ``action``.

    Case-insensitive; ``*`` matches any run of characters including ``/``, so ``*``, ``*/read``,
    ``Microsoft.KeyVault/*`` and ``Microsoft.KeyVault/vaults/read`` all cover
    ``Microsoft.KeyVault/vaults/read``, while ``Microsoft.KeyVault/vaults/*/read`` does not.
    """
    pattern = pattern.strip()
    return bool(pattern) and glob_to_regex(pattern).match(action.strip()) is not None


def permits(grants: Iterable[Grant], action: str) -> bool:
    """True when some grant's actions cover ``action`` and that grant's notActions do not."""
    return any(
        any(action_matches(p, action) for p in grant.actions)
        and not any(action_matches(p, action) for p in grant.not_actions)
        for grant in grants
    )


def read_subscription_grants(client: ArmClient, base: str, subscription_id: str) -> list[Grant]:
    """The caller's effective grants at subscription scope; raises :class:`ApiError` on failure.

    A failure is not a gap: the caller falls back to a reading that needs no permission answer.
    """
    url = PERMISSIONS_SUBSCRIPTION.url(base, subscription_id=subscription_id)
    return [parse_grant(item) for item in client.list_all(url)]

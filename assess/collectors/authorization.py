"""Microsoft.Authorization: role definitions and role assignments.

Assignments name their definition by a tenant-level id (``/providers/Microsoft.Authorization/
roleDefinitions/{guid}``) while a subscription listing of definitions returns subscription-scoped
ids: both are reduced to the trailing GUID, which is what matches. ``scope`` may come back with or
without a leading slash; it is kept as returned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess import apis
from assess.collectors._base import GapSink, list_parsed, opt_text, props, strings, text
from assess.http import ArmClient
from assess.snapshot import RoleAssignment, RoleDefinition, last_segment


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
    op = apis.ROLE_DEFINITIONS_LIST
    url = op.url(base, subscription_id=subscription_id)
    scope = f"/subscriptions/{subscription_id}"
    return list_parsed(client, op, url, scope, "role_definitions", sink, parse_role_definition)


def list_role_assignments(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[RoleAssignment]:
    """Assignments at the subscription and below it, and those inherited from above it."""
    op = apis.ROLE_ASSIGNMENTS_LIST
    url = op.url(base, subscription_id=subscription_id)
    scope = f"/subscriptions/{subscription_id}"
    return list_parsed(client, op, url, scope, "role_assignments", sink, parse_role_assignment)

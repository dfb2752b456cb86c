"""Microsoft.Insights: diagnostic settings of a resource.

Both log syntaxes are read: per-category (``{"category": "AuditEvent"}``) and category groups
(``{"categoryGroup": "allLogs"}``); real answers carry explicit ``null`` for the one not used and
for unused destinations, and the published example uses ``""`` for "no workspace": both become
``None``. The setting's ``resource_id`` is the resource that was asked about (the returned ids are
lower-cased by the service).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import GapSink, Identified, list_parsed, opt_text, props, text
from assess.http import ArmClient
from assess.snapshot import DiagnosticSetting, LogSetting
from assess.sources.monitor import DIAGNOSTIC_SETTINGS_LIST


def parse_diagnostic_setting(item: Mapping[str, Any], resource_id: str) -> DiagnosticSetting | None:
    rid = text(item.get("id"))
    if not rid:
        return None
    p = props(item)
    logs = tuple(
        LogSetting(
            category=opt_text(entry.get("category")),
            category_group=opt_text(entry.get("categoryGroup")),
            enabled=entry.get("enabled") is True,
        )
        for entry in p.get("logs") or ()
        if isinstance(entry, Mapping)
    )
    return DiagnosticSetting(
        id=rid,
        name=text(item.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        resource_id=resource_id,
        logs=logs,
        workspace_id=opt_text(p.get("workspaceId")),
        storage_account_id=opt_text(p.get("storageAccountId")),
        event_hub_authorization_rule_id=opt_text(p.get("eventHubAuthorizationRuleId")),
        marketplace_partner_id=opt_text(p.get("marketplacePartnerId")),
    )


def list_diagnostic_settings(
    client: ArmClient, base: str, resource: Identified, sink: GapSink
) -> list[DiagnosticSetting]:
    """A resource's diagnostic settings; a failure is a ``diagnostic_settings`` gap over it."""
    resource_id = resource.id
    op = DIAGNOSTIC_SETTINGS_LIST
    url = op.url(base, scope=resource_id.rstrip("/"))
    return list_parsed(
        client,
        op,
        url,
        resource_id,
        "diagnostic_settings",
        sink,
        lambda i: parse_diagnostic_setting(i, resource_id),
    )

"""Microsoft.Web deployment slots: each slot of a site, its settings (classified in memory, never
kept), and which of the site's settings are slot-sticky.

Read per site, with the web-apps source:

* ``GET {site}/slots`` (``WebApps_ListSlots``; Reader): the slots, each a site body
  (``kind``, ``identity``, ``properties.httpsOnly``...) whose ``name`` is ``{site}/{slot}``;
* per slot, ``POST {slot}/config/appsettings/list`` and ``.../connectionstrings/list``
  (``WebApps_ListApplicationSettingsSlot``, ``WebApps_ListConnectionStringsSlot``; the same shapes
  as a site's, needing ``Microsoft.Web/sites/slots/config/list/Action``): each value classified by
  :class:`assess.collectors.web.Classifier` the moment it is read and dropped;
* for a site that has slots, ``GET {site}/config/slotConfigNames``
  (``WebApps_ListSlotConfigurationNames``; Reader): ``properties.appSettingNames`` and
  ``properties.connectionStringNames``, the settings that stay with their slot in a swap.

A failed slot list is a ``web_app_slots`` and ``slot_settings`` gap on the site; a refused
settings list a ``slot_settings`` gap on the slot; a failed ``slotConfigNames`` a
``slot_config_names`` gap on the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import GapSink, fetch_list, fetch_one, props, strings
from assess.collectors.web import Classifier, list_app_settings, parse_web_app
from assess.http import ArmClient
from assess.snapshot import AppSetting, SlotConfigNames, WebApp, WebAppSlot, last_segment
from assess.sources.web import (
    SLOT_APP_SETTINGS_LIST,
    SLOT_CONFIG_NAMES,
    SLOT_CONNECTION_STRINGS_LIST,
    SLOTS_LIST,
)

SLOT_KINDS = ("web_app_slots", "slot_settings", "slot_config_names")


def parse_slot(item: Mapping[str, Any], app: WebApp) -> WebAppSlot | None:
    """A slot of ``app`` from a ``slots`` list item, named by its own last segment."""
    site = parse_web_app(item)
    if site is None:
        return None
    fields = site.model_dump()
    fields["name"] = last_segment(site.id)
    return WebAppSlot(**fields, app_id=app.id)


def parse_slot_config_names(body: Mapping[str, Any], site_id: str) -> SlotConfigNames:
    p = props(body)
    return SlotConfigNames(
        id=f"{site_id.rstrip('/')}/config/slotConfigNames",
        site_id=site_id,
        app_setting_names=strings(p.get("appSettingNames")),
        connection_string_names=strings(p.get("connectionStringNames")),
    )


def list_slots(client: ArmClient, base: str, app: WebApp, sink: GapSink) -> list[WebAppSlot]:
    """The deployment slots of one site; a failed list is a gap over the site's slots."""
    op = SLOTS_LIST
    items = fetch_list(
        client,
        op.url(base, scope=app.id.rstrip("/")),
        op,
        app.id,
        ["web_app_slots", "slot_settings", "slot_config_names"],
        sink,
    )
    return [s for s in (parse_slot(i, app) for i in items or ()) if s is not None]


def read_slot_config_names(
    client: ArmClient, base: str, slot: WebAppSlot, sink: GapSink
) -> list[SlotConfigNames]:
    """The slot-sticky setting names of the slot's site (read for a site that has slots)."""
    op = SLOT_CONFIG_NAMES
    site = slot.app_id
    body = fetch_one(
        client, op.url(base, scope=site.rstrip("/")), op, site, ["slot_config_names"], sink
    )
    return [] if body is None else [parse_slot_config_names(body, site)]


def list_slot_settings(
    client: ArmClient, base: str, slot: WebAppSlot, sink: GapSink, *, classifier: Classifier
) -> list[AppSetting]:
    """One slot's app settings and connection strings, classified in memory."""
    return list_app_settings(
        client,
        base,
        slot,
        sink,
        classifier=classifier,
        ops=(SLOT_APP_SETTINGS_LIST, SLOT_CONNECTION_STRINGS_LIST),
        kind="slot_settings",
    )

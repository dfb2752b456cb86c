"""Microsoft.Web: App Service and Functions sites, and per site its app settings and connection
strings, its deployment slots with theirs, and its slot-sticky setting names (each value
classified in memory and dropped). The slots are read with the sites: one switch, ``--web-apps``."""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

SITES_LIST = Operation(
    "GET Microsoft.Web/sites",
    "/subscriptions/{subscription_id}/providers/Microsoft.Web/sites",
    "2024-04-01",
    permission="Microsoft.Web/sites/Read",
)
SITES_LIST_RG = Operation(
    "GET Microsoft.Web/sites",
    "/subscriptions/{subscription_id}/resourceGroups/{resource_group}/providers/Microsoft.Web/sites",
    "2024-04-01",
    permission="Microsoft.Web/sites/Read",
)
APP_SETTINGS_LIST = Operation(
    "POST Microsoft.Web/sites/config/appsettings/list",
    "{scope}/config/appsettings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/list/Action",
)
"""The app settings of one site, values included: NOT in Reader (see README, Permissions needed).

The collector classifies each value in memory and keeps none of them."""
CONNECTION_STRINGS_LIST = Operation(
    "POST Microsoft.Web/sites/config/connectionstrings/list",
    "{scope}/config/connectionstrings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/list/Action",
)
"""The connection strings of one site: ``{"properties": {NAME: {"value", "type"}}}``; as above."""
SLOTS_LIST = Operation(
    "GET Microsoft.Web/sites/slots",
    "{scope}/slots",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/Read",
)
"""A site's deployment slots (``WebApps_ListSlots``): site bodies named ``{site}/{slot}``."""
SLOT_APP_SETTINGS_LIST = Operation(
    "POST Microsoft.Web/sites/slots/config/appsettings/list",
    "{scope}/config/appsettings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/config/list/Action",
)
"""A slot's app settings, values included (``WebApps_ListApplicationSettingsSlot``): as a site's."""
SLOT_CONNECTION_STRINGS_LIST = Operation(
    "POST Microsoft.Web/sites/slots/config/connectionstrings/list",
    "{scope}/config/connectionstrings/list",
    "2024-04-01",
    permission="Microsoft.Web/sites/slots/config/list/Action",
)
"""A slot's connection strings (``WebApps_ListConnectionStringsSlot``): as a site's."""
SLOT_CONFIG_NAMES = Operation(
    "GET Microsoft.Web/sites/config/slotConfigNames",
    "{scope}/config/slotConfigNames",
    "2024-04-01",
    permission="Microsoft.Web/sites/config/Read",
)
"""The names of a site's slot-sticky settings (``WebApps_ListSlotConfigurationNames``):
``properties.appSettingNames`` and ``properties.connectionStringNames``; no value."""

_SETTINGS_ROLE = "Website Contributor, or a custom read-only role with this one action"
_SETTINGS_NOTE = (
    "not part of Reader, because the call returns setting values "
    "(classified in memory, never stored)"
)

SOURCES = (
    Source(
        name="web_apps",
        title="App Service sites and their deployment slots, with their app settings and "
        "connection strings",
        records=("web_apps", "app_settings", "web_app_slots", "slot_settings", "slot_config_names"),
        reads=(
            Read(SITES_LIST, Listing.SUBSCRIPTION, ("web_apps",)),
            Read(SITES_LIST_RG, Listing.RESOURCE_GROUP, ("web_apps",)),
            Read(
                APP_SETTINGS_LIST,
                Listing.PARENT,
                ("app_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
                reader="assess.collectors.web:list_app_settings",
                parents=("web_apps",),
                classifies=True,
            ),
            Read(
                CONNECTION_STRINGS_LIST,
                Listing.PARENT,
                ("app_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(
                SLOTS_LIST,
                Listing.PARENT,
                ("web_app_slots",),
                reader="assess.collectors.slots:list_slots",
                parents=("web_apps",),
            ),
            Read(
                SLOT_APP_SETTINGS_LIST,
                Listing.PARENT,
                ("slot_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
                reader="assess.collectors.slots:list_slot_settings",
                parents=("web_app_slots",),
                classifies=True,
            ),
            Read(
                SLOT_CONNECTION_STRINGS_LIST,
                Listing.PARENT,
                ("slot_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(
                SLOT_CONFIG_NAMES,
                Listing.PARENT,
                ("slot_config_names",),
                reader="assess.collectors.slots:read_slot_config_names",
                parents=("web_app_slots",),
                once_per="app_id",
            ),
        ),
        depends_on=("resources",),
        parser="assess.collectors.web:parse_web_app",
        switch=True,
        help="Read App Service sites and their deployment slots, and classify their settings "
        "(values never kept).",
        nouns={"sites": ("web app", "web apps"), "slots": ("deployment slot", "deployment slots")},
    ),
)

"""Microsoft.Web: App Service and Functions sites, and per site its app settings and connection
strings, its deployment slots with theirs, and its slot-sticky setting names (each value
classified in memory and dropped). The slots are read with the sites: one switch, ``--web-apps``."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

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
            Read(apis.SITES_LIST, Listing.SUBSCRIPTION, ("web_apps",)),
            Read(apis.SITES_LIST_RG, Listing.RESOURCE_GROUP, ("web_apps",)),
            Read(
                apis.APP_SETTINGS_LIST,
                Listing.PARENT,
                ("app_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(
                apis.CONNECTION_STRINGS_LIST,
                Listing.PARENT,
                ("app_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(apis.SLOTS_LIST, Listing.PARENT, ("web_app_slots",)),
            Read(
                apis.SLOT_APP_SETTINGS_LIST,
                Listing.PARENT,
                ("slot_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(
                apis.SLOT_CONNECTION_STRINGS_LIST,
                Listing.PARENT,
                ("slot_settings",),
                role=_SETTINGS_ROLE,
                note=_SETTINGS_NOTE,
            ),
            Read(apis.SLOT_CONFIG_NAMES, Listing.PARENT, ("slot_config_names",)),
        ),
        depends_on=("resources",),
        switch=True,
        help="Read App Service sites and their deployment slots, and classify their settings "
        "(values never kept).",
        nouns={"sites": ("web app", "web apps"), "slots": ("deployment slot", "deployment slots")},
    ),
)

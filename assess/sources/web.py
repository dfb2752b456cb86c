"""Microsoft.Web: App Service and Functions sites, and per site its app settings and connection
strings (each value classified in memory and dropped)."""

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
        title="App Service sites and their app settings and connection strings",
        records=("web_apps", "app_settings"),
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
        ),
        depends_on=("resources",),
        switch=True,
        help="Read App Service sites and classify their settings (values never kept).",
        nouns={"sites": ("web app", "web apps")},
    ),
)

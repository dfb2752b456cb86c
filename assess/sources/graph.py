"""Microsoft Graph: app registrations and service principals with their credentials (names and
dates, never values), the names of the principals role assignments and access policies name, and
the members of the groups that reach vault data."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

_ROLE = "Directory Readers (a Microsoft Entra role)"
_NOTE = "a Microsoft Graph permission granted in Microsoft Entra ID, not an Azure role"

SOURCES = (
    Source(
        name="graph",
        title="Microsoft Entra app registrations, service principals, principal names and "
        "group members (Microsoft Graph)",
        records=("entra_applications", "entra_service_principals", "principals", "group_members"),
        reads=(
            Read(
                apis.GRAPH_APPLICATIONS,
                Listing.TENANT,
                ("entra_applications",),
                role=_ROLE,
                note=_NOTE,
            ),
            Read(
                apis.GRAPH_SERVICE_PRINCIPALS,
                Listing.TENANT,
                ("entra_service_principals",),
                role=_ROLE,
                note=_NOTE,
            ),
            Read(apis.GRAPH_GET_BY_IDS, Listing.TENANT, ("principals",), role=_ROLE, note=_NOTE),
            Read(
                apis.GRAPH_TRANSITIVE_MEMBERS,
                Listing.PARENT,
                ("group_members",),
                role=_ROLE,
                note=_NOTE,
            ),
        ),
        depends_on=("authorization",),
        switch=True,
        help="Read Microsoft Entra app registrations, service principals, principal names and "
        "group members through Microsoft Graph (Directory Readers, or Application.Read.All, "
        "Directory.Read.All and GroupMember.Read.All).",
        nouns={
            "applications": ("app registration", "app registrations"),
            "serviceprincipals": ("service principal", "service principals"),
            "groups": ("group", "groups"),
            "passwordcredentials": ("client secret", "client secrets"),
            "keycredentials": ("certificate credential", "certificate credentials"),
        },
    ),
)

"""Microsoft Graph: app registrations and service principals with their credentials (names and
dates, never values), the names of the principals role assignments and access policies name, and
the members of the groups that reach vault data."""

from __future__ import annotations

from assess.apis import GraphOperation
from assess.sources._declare import Listing, Read, Source

GRAPH_APPLICATIONS = GraphOperation(
    "GET Microsoft.Graph/applications",
    "/applications",
    "v1.0",
    permission="Application.Read.All",
    query="$select=id,appId,displayName,tags,passwordCredentials,keyCredentials"
    "&$expand=federatedIdentityCredentials($select=id)&$top=999",
)
"""App registrations with their client secrets and certificates (dates and names: Graph never
returns a secret's value in a list, ``secretText`` is only ever in ``addPassword``'s answer) and
their federated identity credentials (only their ids, to count them). Paged by
``@odata.nextLink``."""
GRAPH_SERVICE_PRINCIPALS = GraphOperation(
    "GET Microsoft.Graph/servicePrincipals",
    "/servicePrincipals",
    "v1.0",
    permission="Application.Read.All",
    query="$select=id,appId,displayName,tags,servicePrincipalType,accountEnabled,"
    "appOwnerOrganizationId,passwordCredentials,keyCredentials&$top=999",
)
"""Service principals (enterprise applications and managed identities) with the credentials
added to the service principal itself, which the portal does not show."""
GRAPH_GET_BY_IDS = GraphOperation(
    "POST Microsoft.Graph/directoryObjects/getByIds",
    "/directoryObjects/getByIds",
    "v1.0",
    permission="Directory.Read.All",
)
"""Users, groups and service principals by object id, up to 1,000 ids a call; an id that names
no object (a deleted principal) is left out of the answer."""
GRAPH_TRANSITIVE_MEMBERS = GraphOperation(
    "GET Microsoft.Graph/groups/transitiveMembers",
    "/groups/{group_id}/transitiveMembers",
    "v1.0",
    permission="GroupMember.Read.All",
    query="$select=id,displayName&$top=999",
)
"""Every member of a group, nested groups' members included; each with its ``@odata.type``."""

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
                GRAPH_APPLICATIONS,
                Listing.TENANT,
                ("entra_applications",),
                role=_ROLE,
                note=_NOTE,
            ),
            Read(
                GRAPH_SERVICE_PRINCIPALS,
                Listing.TENANT,
                ("entra_service_principals",),
                role=_ROLE,
                note=_NOTE,
            ),
            Read(GRAPH_GET_BY_IDS, Listing.TENANT, ("principals",), role=_ROLE, note=_NOTE),
            Read(
                GRAPH_TRANSITIVE_MEMBERS,
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

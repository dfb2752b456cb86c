"""Microsoft.Authorization: role definitions and assignments, and the caller's own permissions
(which decide whether a subscription-wide list can be trusted; always read)."""

from __future__ import annotations

from assess import apis
from assess.sources._declare import Listing, Read, Source

SOURCES = (
    Source(
        name="authorization",
        title="role definitions and role assignments",
        records=("role_definitions", "role_assignments"),
        reads=(
            Read(apis.ROLE_DEFINITIONS_LIST, Listing.SUBSCRIPTION, ("role_definitions",)),
            Read(apis.ROLE_ASSIGNMENTS_LIST, Listing.SUBSCRIPTION, ("role_assignments",)),
            Read(apis.PERMISSIONS_SUBSCRIPTION, Listing.SUBSCRIPTION),
        ),
        depends_on=("resources",),
        nouns={
            "roleassignments": ("role assignment", "role assignments"),
            "roledefinitions": ("role definition", "role definitions"),
        },
    ),
)

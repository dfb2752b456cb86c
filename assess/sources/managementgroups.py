"""Microsoft.Management: the subscriptions below a management group (``--management-group``).

Read only when a scope is given by management group (to include or to exclude): the group itself
with its ancestors (for the path the reports show) and its descendants, every management group and
subscription below it at any depth, paged by ``nextLink`` (REST reference, Management Groups - Get
Descendants, api-version 2023-04-01). These calls only steer which subscriptions are read; they
fill no evidence kind. Reader on the management group grants both actions (they are reads), and
is inherited by every subscription below it.
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import Listing, Read, Source

GROUP_GET = Operation(
    "GET Microsoft.Management/managementGroups",
    "/providers/Microsoft.Management/managementGroups/{group_id}",
    "2023-04-01",
    permission="Microsoft.Management/managementGroups/read",
)
"""Asked with ``$expand=ancestors``: ``properties.details.managementGroupAncestorsChain``."""
DESCENDANTS = Operation(
    "GET Microsoft.Management/managementGroups/descendants",
    "/providers/Microsoft.Management/managementGroups/{group_id}/descendants",
    "2023-04-01",
    permission="Microsoft.Management/managementGroups/descendants/read",
)
SUBSCRIPTION_TYPE = "microsoft.management/managementgroups/subscriptions"
GROUP_TYPE = "microsoft.management/managementgroups"

SOURCES = (
    Source(
        name="management_groups",
        title="management groups and the subscriptions below them",
        records=(),
        reads=(
            Read(GROUP_GET, Listing.MANAGEMENT_GROUP, role="Reader (on the management group)"),
            Read(DESCENDANTS, Listing.MANAGEMENT_GROUP, role="Reader (on the management group)"),
        ),
        gathered_by="--management-group ID",
        nouns={"managementgroups": ("management group", "management groups")},
    ),
)

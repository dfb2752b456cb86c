"""Azure Policy compliance states of the Key Vault built-ins (:mod:`assess.sources.policystates`).

One read-style POST per subscription (or per resource group with ``--resource-group``), filtered
to the built-in definitions the checks import, each ``@odata.nextLink`` page a POST again. A state
carries no ``id`` of its own: its record's id is the assessed resource's, below
``/providers/Microsoft.PolicyInsights/policyStates/{assignment}/{definition}``, so two
assignments of one definition stay two records.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from assess.apis import Operation
from assess.collectors._base import GapSink, text
from assess.collectors.declared import parse_declared
from assess.http import ApiError, ArmClient
from assess.snapshot import DeclaredResource, ResourceGroup
from assess.sources import policystates

KIND = "policy_states"
MAX_PAGES = 1000


def query_policy_states(
    client: ArmClient, base: str, subscription_id: str, sink: GapSink
) -> list[DeclaredResource]:
    """The states of the built-ins in a subscription; a failed page is a gap over it, the states
    read before it kept."""
    op = policystates.STATES_QUERY
    url = op.url(base, subscription_id=subscription_id)
    return _query(client, base, op, url, f"/subscriptions/{subscription_id}", sink)


def query_group_policy_states(
    client: ArmClient, base: str, group: ResourceGroup, sink: GapSink
) -> list[DeclaredResource]:
    """The states of the built-ins in one resource group (``--resource-group``); as above."""
    op = policystates.STATES_QUERY_RG
    sub, name = group.subscription_id, group.name
    url = op.url(base, subscription_id=sub, resource_group=name)
    return _query(client, base, op, url, f"/subscriptions/{sub}/resourceGroups/{name}", sink)


def _query(
    client: ArmClient, base: str, op: Operation, url: str, scope: str, sink: GapSink
) -> list[DeclaredResource]:
    url += "&$filter=" + quote(policystates.FILTER, safe="")
    found: list[DeclaredResource] = []
    pages = 0
    next_url: str | None = url
    try:
        while next_url:
            pages += 1
            if pages > MAX_PAGES or urlsplit(next_url).netloc != urlsplit(base).netloc:
                raise ApiError(None, "ForeignNextLink", "@odata.nextLink not followed")
            page = client.post_json(next_url)
            items = page.get("value") if isinstance(page, Mapping) else None
            found += [r for r in map(parse_state, items or []) if r is not None]
            link = page.get("@odata.nextLink") if isinstance(page, Mapping) else None
            next_url = link if isinstance(link, str) and link.strip() else None
    except ApiError as exc:
        sink.add(exc, op, scope, [KIND])
    return found


def parse_state(state: Any) -> DeclaredResource | None:
    """One policy state as a record below the resource it assessed; None without a resource."""
    if not isinstance(state, Mapping):
        return None
    resource = text(state.get("resourceId"))
    if not resource:
        return None
    assignment = text(state.get("policyAssignmentName")) or "assignment"
    definition = text(state.get("policyDefinitionName")) or "definition"
    item = {
        "id": f"{resource}/providers/Microsoft.PolicyInsights/policyStates/{assignment}/"
        f"{definition}",
        "name": definition,
        "type": "Microsoft.PolicyInsights/policyStates",
        "properties": state,
    }
    return parse_declared(policystates.PROPERTIES, item)

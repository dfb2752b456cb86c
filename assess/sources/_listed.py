"""A source whose evidence is the properties of one resource type, declared in one call.

Most services of the estate answer "does it still accept shared keys?" in the properties their
list operation returns. :func:`listed_type` turns a resource type, an api-version and the property
names into a :class:`~assess.sources.Source` with a :class:`~assess.sources.ResourceList`: the
subscription-wide and per-group list calls, each needing the type's ``read`` action (in Reader).
"""

from __future__ import annotations

from assess.apis import Operation
from assess.sources._declare import ChildList, Listing, Read, ResourceList, Source


def list_operations(resource_type: str, api_version: str) -> tuple[Operation, Operation]:
    """The subscription-wide and per-resource-group list calls of ``resource_type``."""
    name = f"GET {resource_type}"
    below = f"/providers/{resource_type}"
    action = f"{resource_type}/read"
    return (
        Operation(name, f"/subscriptions/{{subscription_id}}{below}", api_version, action),
        Operation(
            name,
            f"/subscriptions/{{subscription_id}}/resourceGroups/{{resource_group}}{below}",
            api_version,
            action,
        ),
    )


def listed_type(
    name: str,
    *,
    title: str,
    kind: str,
    operations: tuple[Operation, Operation],
    properties: tuple[str, ...],
    help: str,
    noun: tuple[str, str],
    default: bool = False,
    children: tuple[ChildList, ...] = (),
    values: tuple[str, ...] = (),
) -> Source:
    """A switchable source reading ``properties`` of every resource the list calls return, and
    the ``children`` lists of each."""
    wide, in_group = operations
    return Source(
        name=name,
        title=title,
        records=(kind, *(c.kind for c in children)),
        reads=(
            Read(wide, Listing.SUBSCRIPTION, (kind,)),
            Read(in_group, Listing.RESOURCE_GROUP, (kind,)),
            *(Read(c.operation, Listing.PARENT, (c.kind,)) for c in children),
        ),
        resources=ResourceList(wide, in_group, properties, values=values),
        children=children,
        depends_on=("resources",),
        switch=True,
        default=default,
        help=help,
        nouns={wide.name.removeprefix("GET ").lower(): noun},
    )


def child_operation(resource_type: str, child: str, api_version: str, name: str = "") -> Operation:
    """The list of ``child`` below one resource of ``resource_type`` (``authorizationRules``),
    or with ``name`` the one child of that name (``configurations/aad_auth_only``)."""
    return Operation(
        f"GET {resource_type}/{child}",
        f"{{resource_id}}/{child}" + (f"/{name}" if name else ""),
        api_version,
        f"{resource_type}/{child}/read",
    )

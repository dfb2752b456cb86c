"""Places that hold one credential: settings, slots, deployments and scanned files, grouped by the
keyed fingerprint of the credential (:mod:`assess.fingerprints`), never by a value.

Pure: reads a :class:`~assess.snapshot.Snapshot` and an environment classifier, and is shared by
the checks that judge sharing (SE09-1, SE09-3, SE09-4), by the results' "shared credentials"
section and by the inventory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from assess.fingerprints import group_id, groups
from assess.snapshot import (
    AppSetting,
    DeclaredResource,
    Snapshot,
    WebApp,
    WebAppSlot,
    last_segment,
    norm_id,
)

Environment = Callable[[str, Mapping[str, str] | None], str]

SETTINGS_KINDS = {"appsetting": "app setting", "connectionstring": "connection string"}
REPOSITORY = "repository file"
DEPLOYMENT = "deployment"
APPLICATION_LOG = "application log"
DECLARED_PLACES: dict[str, str] = {
    "container_apps": "container app environment variable",
    "container_app_jobs": "container app job environment variable",
    "automation_variables": "Automation variable",
    "apim_named_values": "API Management named value",
    "apim_backends": "API Management backend credential",
    "logic_workflows": "Logic Apps workflow value",
    "data_factory_linked_services": "Data Factory linked service",
    "data_factories": "Data Factory global parameter",
}
"""Evidence kinds of declared sources whose sealed values are fingerprinted, and the words a
place of each is shown with."""


@dataclass(frozen=True, slots=True)
class Place:
    """One place where a credential was seen: never the value, only where and under what name."""

    fingerprint: str
    resource_id: str
    """The site, slot, deployment or repository that holds it."""
    resource_name: str
    consumer_id: str
    """Who uses it: the app (a slot counts as its app), the deployment, the repository."""
    setting: str
    """The setting, parameter or output name; ``path:line`` in a repository."""
    kind: str
    """``app setting``, ``connection string``, ``slot app setting``, ``slot connection string``,
    ``deployment parameter``, ``deployment output``, ``repository file``."""
    live: bool
    """A setting of a deployed resource (the credential works there today)."""
    tags: tuple[tuple[str, str], ...] = ()
    target: str = ""
    """The service the credential opens, when its connection string names one."""
    slot: bool = False

    def label(self) -> str:
        return f"{self.resource_name} {self.kind} {self.setting}"


@dataclass(frozen=True, slots=True)
class Located:
    """A place with its environment resolved (``""`` when it cannot be placed)."""

    place: Place
    environment: str


@dataclass(frozen=True, slots=True)
class Group:
    """Two places or more that hold one credential."""

    id: str
    fingerprint: str
    places: tuple[Located, ...]

    @property
    def environments(self) -> tuple[str, ...]:
        return tuple(sorted({p.environment for p in self.places if p.environment}))


def place_environment(place: Place, environment_of: Environment) -> str:
    """The environment of a place; a deployment slot is first placed by its own name
    (``staging``, ``dev``), then like any resource."""
    if place.kind == REPOSITORY:
        return ""
    if place.slot:
        by_name = environment_of(
            f"/providers/Microsoft.Web/sites/slots/{last_segment(place.resource_id)}", None
        )
        if by_name:
            return by_name
    return environment_of(place.resource_id, dict(place.tags) or None)


def _setting_places(
    snapshot: Snapshot, settings: tuple[AppSetting, ...], slot: bool
) -> Iterator[Place]:
    owners = {norm_id(a.id): a for a in snapshot.web_apps}
    for setting in settings:
        if not setting.credential_fingerprint:
            continue
        owner_id = norm_id(setting.site_id)
        app_id = owner_id.split("/slots/", 1)[0]
        app = owners.get(app_id)
        kind = SETTINGS_KINDS.get(setting.source, setting.source)
        yield Place(
            fingerprint=setting.credential_fingerprint,
            resource_id=setting.site_id,
            resource_name=(
                f"{app.name if app else last_segment(app_id)}/{last_segment(setting.site_id)}"
                if slot
                else (app.name if app else last_segment(setting.site_id))
            ),
            consumer_id=app.id if app else setting.site_id,
            setting=setting.name,
            kind=f"slot {kind}" if slot else kind,
            live=True,
            tags=tuple(sorted(app.tags.items())) if app else (),
            target=setting.credential_target,
            slot=slot,
        )


def places(snapshot: Snapshot) -> list[Place]:
    """Every place holding a fingerprinted credential, in snapshot order."""
    found = list(_setting_places(snapshot, snapshot.app_settings, slot=False))
    found += _setting_places(snapshot, snapshot.slot_settings, slot=True)
    for deployment in snapshot.deployments:
        for credential in deployment.credentials:
            if credential.credential_fingerprint:
                found.append(
                    Place(
                        fingerprint=credential.credential_fingerprint,
                        resource_id=deployment.id,
                        resource_name=deployment.name,
                        consumer_id=deployment.id,
                        setting=credential.name,
                        kind=f"{DEPLOYMENT} {credential.source}",
                        live=False,
                    )
                )
    for repo in snapshot.code_scans:
        for finding in repo.findings:
            if finding.credential_fingerprint and not finding.allowlisted:
                where = f"{finding.path}:{finding.line}" if finding.line else finding.path
                found.append(
                    Place(
                        fingerprint=finding.credential_fingerprint,
                        resource_id=repo.id,
                        resource_name=repo.name,
                        consumer_id=repo.id,
                        setting=where,
                        kind=REPOSITORY,
                        live=False,
                    )
                )
    found += _declared_places(snapshot)
    for leak in snapshot.log_leaks:
        if leak.credential_fingerprint:
            found.append(
                Place(
                    fingerprint=leak.credential_fingerprint,
                    resource_id=leak.resource_id,
                    resource_name=last_segment(leak.resource_id),
                    consumer_id=leak.resource_id,
                    setting=leak.table,
                    kind=APPLICATION_LOG,
                    live=False,
                )
            )
    return found


def _declared_places(snapshot: Snapshot) -> Iterator[Place]:
    """The fingerprinted values of declared sources (a container app's inline environment
    variables, unencrypted Automation variables, plain API Management named values, Logic Apps
    and Data Factory parameters): each a live place; a record listed below another (a variable
    of an account) is used by its parent."""
    owners = {norm_id(r.id): r for records in snapshot.declared.values() for r in records}
    for kind, word in DECLARED_PLACES.items():
        for record in snapshot.records_of(kind):
            parent = owners.get(norm_id(record.parent)) if record.parent else None
            for setting, fingerprint in sorted(record.fingerprints.items()):
                holder = parent or record
                yield Place(
                    fingerprint=fingerprint,
                    resource_id=record.id,
                    resource_name=f"{last_segment(record.parent)}/{record.name}"
                    if record.parent
                    else record.name,
                    consumer_id=record.parent or record.id,
                    setting=setting,
                    kind=word,
                    live=True,
                    tags=tuple(sorted(holder.tags.items())),
                    target=record.targets.get(setting, ""),
                )


def shared_groups(snapshot: Snapshot, environment_of: Environment) -> list[Group]:
    """Each credential held by two places or more, with every place and its environment;
    sorted by group id, places in a stable order."""
    found: list[Group] = []
    for fingerprint, mine in groups((p.fingerprint, p) for p in places(snapshot)).items():
        located = sorted(
            (Located(p, place_environment(p, environment_of)) for p in set(mine)),
            key=lambda x: (
                x.place.kind == REPOSITORY,
                norm_id(x.place.resource_id),
                x.place.setting,
            ),
        )
        found.append(Group(group_id(fingerprint), fingerprint, tuple(located)))
    return sorted(found, key=lambda g: g.id)


class Sharing:
    """The places of one snapshot, indexed by credential and by the resource holding them."""

    def __init__(self, snapshot: Snapshot, environment_of: Environment) -> None:
        self.located = [Located(p, place_environment(p, environment_of)) for p in places(snapshot)]
        self.by_fingerprint: dict[str, list[Located]] = {}
        self.by_holder: dict[str, list[Located]] = {}
        for item in self.located:
            self.by_fingerprint.setdefault(item.place.fingerprint, []).append(item)
            self.by_holder.setdefault(norm_id(item.place.resource_id), []).append(item)

    def held_by(self, resource_id: str) -> list[Located]:
        return self.by_holder.get(norm_id(resource_id), [])

    def live_in(self, resource_id: str) -> list[Located]:
        """The credentials a resource holds in its settings (not those found in its logs)."""
        return [item for item in self.held_by(resource_id) if item.place.live]

    def others(self, item: Located) -> list[Located]:
        """The other places holding the same credential."""
        return [
            o
            for o in self.by_fingerprint.get(item.place.fingerprint, ())
            if (norm_id(o.place.resource_id), o.place.setting, o.place.kind)
            != (norm_id(item.place.resource_id), item.place.setting, item.place.kind)
        ]


def place_text(item: Located) -> str:
    """``production: app-payments-prod app setting Db__Password`` (never a value)."""
    return f"{item.environment or 'unrecognised environment'}: {item.place.label()}"


SHARED_PROP = (
    "keyed fingerprints of the credentials in app settings, connection strings, slot settings, "
    "deployment values and the plain values of other services (container environment variables, "
    "named values, Automation variables, Logic Apps and Data Factory parameters)"
)

Holder = WebApp | DeclaredResource


def _declared_holders(snapshot: Snapshot) -> list[DeclaredResource]:
    """The declared resources holding a fingerprinted credential in a plain value."""
    return [r for kind in DECLARED_PLACES for r in snapshot.records_of(kind) if r.fingerprints]


def holders(snapshot: Snapshot) -> list[Holder]:
    """Sites and their deployment slots (every resource whose settings may hold credentials),
    then the declared resources that hold a credential in a plain value."""
    return [*snapshot.web_apps, *snapshot.web_app_slots, *_declared_holders(snapshot)]


def holder_type(holder: Holder) -> str:
    if isinstance(holder, DeclaredResource):
        return holder.type
    return "Microsoft.Web/sites/slots" if isinstance(holder, WebAppSlot) else "Microsoft.Web/sites"


def consumers(snapshot: Snapshot) -> list[tuple[Holder, list[Holder]]]:
    """Each consumer of credentials and the resources holding its credentials: a site with its
    deployment slots; a declared resource holding a credential (a container app), or the parent
    of declared children holding one (an API Management service and its named values)."""
    slots: dict[str, list[Holder]] = {}
    for slot in snapshot.web_app_slots:
        slots.setdefault(norm_id(slot.app_id), []).append(slot)
    found: list[tuple[Holder, list[Holder]]] = [
        (app, [app, *slots.get(norm_id(app.id), [])]) for app in snapshot.web_apps
    ]
    every = {norm_id(r.id): r for records in snapshot.declared.values() for r in records}
    by_owner: dict[str, list[Holder]] = {}
    for resource in _declared_holders(snapshot):
        by_owner.setdefault(norm_id(resource.parent or resource.id), []).append(resource)
    for owner_id, held in by_owner.items():
        found.append((every.get(owner_id, held[0]), held))
    return found


ENTRA_REPLACEMENTS: dict[str, tuple[str, str]] = {
    "storage": (
        "Storage Blob Data Contributor (or the Queue, Table or File data role it needs)",
        "storage account",
    ),
    "servicebus": (
        "Azure Service Bus Data Sender / Data Receiver (Azure Event Hubs Data Sender / Data Receiver for an Event Hubs namespace)",
        "namespace",
    ),
    "cosmosdb": (
        "Cosmos DB Built-in Data Contributor (a Cosmos DB data-plane role assignment)",
        "Cosmos DB account",
    ),
    "sql": (
        "a database user created FROM EXTERNAL PROVIDER with db_datareader / db_datawriter",
        "database on SQL server",
    ),
    "redis": ("the Data Contributor access policy (Microsoft Entra authentication on)", "cache"),
    "appconfig": ("App Configuration Data Reader", "App Configuration store"),
    "acr": ("AcrPull", "container registry"),
    "keyvault": ("Key Vault Secrets User", "key vault"),
}
"""Services that accept Microsoft Entra authentication: the role a managed identity needs
instead of the shared key, and what to grant it on."""


def entra_replacement(target: str) -> str:
    """``give each app a managed identity and grant it AcrPull on container registry crfoo``, or
    ``""`` when the target is unknown or does not take Entra authentication."""
    service, _, name = target.partition(":")
    found = ENTRA_REPLACEMENTS.get(service)
    if found is None or not name:
        return ""
    role, scope = found
    return f"give each app its own managed identity and grant it {role} on {scope} {name}"


class SharedPlace(BaseModel):
    """One place of a shared credential, as reports show it (no value, preview or length)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    environment: str
    """``production``, ``test``, ``development``; ``""`` when it cannot be placed (a repository,
    an untagged resource)."""
    resource_id: str
    resource_name: str
    kind: str
    setting: str
    live: bool


class SharedCredential(BaseModel):
    """Places that hold one credential (the same keyed fingerprint in one run)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    """``cred-`` and the first ten hex digits of the run's fingerprint: the same in the results,
    the reports and ``assess inventory`` of one snapshot."""
    environments: tuple[str, ...]
    target: str = ""
    """``service:name`` the credential opens, when a connection string named it."""
    places: tuple[SharedPlace, ...]


def shared_credentials(
    snapshot: Snapshot, environment_of: Environment
) -> tuple[SharedCredential, ...]:
    """The results' "shared credentials" section: every group of two places or more."""
    return tuple(
        SharedCredential(
            id=group.id,
            environments=group.environments,
            target=next((p.place.target for p in group.places if p.place.target), ""),
            places=tuple(
                SharedPlace(
                    environment=p.environment,
                    resource_id=p.place.resource_id,
                    resource_name=p.place.resource_name,
                    kind=p.place.kind,
                    setting=p.place.setting,
                    live=p.place.live,
                )
                for p in group.places
            ),
        )
        for group in shared_groups(snapshot, environment_of)
    )


def holder_environment(holder: Holder, snapshot: Snapshot, environment_of: Environment) -> str:
    """The environment of a site, or of a slot (by its own name first, then as its site)."""
    if isinstance(holder, WebAppSlot):
        site = next((a for a in snapshot.web_apps if norm_id(a.id) == norm_id(holder.app_id)), None)
        place = Place(
            "",
            holder.id,
            holder.name,
            holder.app_id,
            "",
            "slot",
            True,
            tuple(sorted(site.tags.items())) if site else (),
            slot=True,
        )
        return place_environment(place, environment_of)
    return environment_of(holder.id, holder.tags)

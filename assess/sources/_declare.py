"""What a source declaration is made of: the reads it makes and how each is listed.

A :class:`Source` is pure data (no I/O, no Azure client): the command line, the config, the
reports, ``assess permissions`` and the docs are generated from it, and collection follows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from assess.apis import GraphOperation, Operation


class Held(StrEnum):
    """What a sealed property (a ``values`` name of a :class:`ResourceList` or :class:`ChildList`)
    held, kept in its place instead of the value: the value itself is read in memory only. A
    JSON object is kept as its ``type`` (``SecureString``, ``AzureKeyVaultSecret``) and absence
    as ``None``."""

    CREDENTIAL = "credential"
    """Text that carries a credential (the secret detector matched, or a connection string
    holds a password or key part)."""
    TEXT = "text"
    """Text, a number or a boolean that carries no credential."""
    EMPTY = "empty"
    KEY_VAULT_REFERENCE = "key_vault_reference"
    """``@Microsoft.KeyVault(...)``: the value stays in Key Vault."""
    NAMED_VALUE_REFERENCE = "named_value_reference"
    """Text made of ``{{name}}`` references (API Management named values, resolved by the
    service) and text that carries no credential, such as ``Bearer {{backend-token}}``."""
    OBJECT = "object"
    """A JSON object without a ``type``, or a list."""


class Listing(StrEnum):
    """How an operation is spread over the estate."""

    TENANT = "once per identity"
    MANAGEMENT_GROUP = "per management group"
    SUBSCRIPTION = "per subscription"
    RESOURCE_GROUP = "per resource group"
    PARENT = "per parent resource"
    RESOURCE_GRAPH = "by Resource Graph query"
    DATA_PLANE = "on a data plane"


@dataclass(frozen=True)
class Read:
    """One REST operation a source calls, the evidence kinds its answer fills, and the
    permission behind it."""

    operation: Operation
    listing: Listing
    records: tuple[str, ...] = ()
    """The evidence kinds (Snapshot fields) this call fills; empty for a call that only steers
    collection (the caller's own permissions)."""
    role: str = "Reader"
    """A built-in role that grants :attr:`action`."""
    data_action: bool = False
    """True when :attr:`action` is a data action (``DataActions`` of a role)."""
    note: str = ""
    reader: str = ""
    """For a read made from its declaration: the collector function that makes the call and
    returns its records, ``module:function``. A :attr:`Listing.SUBSCRIPTION` read is called as
    ``reader(client, base, subscription_id, sink)`` as soon as the subscription is in scope; a
    :attr:`Listing.PARENT` read as ``reader(client, base, parent, sink)`` for each record of the
    :attr:`parents` kinds as soon as it arrives (once per parent). A
    :attr:`Listing.RESOURCE_GROUP` read is called as ``reader(client, base, group, sink)`` with
    a :class:`~assess.snapshot.ResourceGroup`: with ``parents=("resource_groups",)`` for each
    group listed; and with ``--resource-group``, for that group alone, in place of the source's
    subscription reads (a subscription's own deployment history, a subscription-wide query).
    Empty: collection code makes the call (a listing, the caller's permissions), or it is made
    by the reader of another read of the same records (a site's connection strings, read with
    its app settings)."""
    parents: tuple[str, ...] = ()
    """For a :attr:`Listing.PARENT` read with a :attr:`reader`: the evidence kinds of the
    resources it is made for (``keys`` for a key's versions)."""
    when: str = ""
    """For a read with :attr:`parents`: a predicate on the parent record, ``module:function``; a
    :attr:`Listing.PARENT` read is made only for the parents it accepts (a vault listed without
    its properties). A :attr:`Listing.SUBSCRIPTION` read with :attr:`parents` is made on demand:
    in every subscription whose listings have started, from the moment a first record of those
    kinds that it accepts arrives (the network security perimeters, once a vault is secured by
    one, since a perimeter may sit in another subscription than its vaults). A read whose
    :attr:`records` are its parents' own kind reads the parent again (a vault's own GET): its
    answer takes the listed record's place."""
    yields: str = ""
    """The kind of what the :attr:`reader` returns when that is not the evidence the read fills:
    resources that steer further reads and are not kept in the snapshot (a perimeter list yields
    perimeters, whose associations are the evidence; a failed list is still a gap over
    :attr:`records`)."""
    once_per: str = ""
    """For a :attr:`Listing.PARENT` read with a :attr:`reader`: the parent's field holding the id
    of the resource the call is about, when that is not the parent itself (a slot's ``app_id``:
    its site's slot-sticky names are read once, however many slots arrive)."""
    classifies: bool = False
    """The answer holds values (settings, deployment parameters): the :attr:`reader` is handed
    the run's value classifier (``classifier=``), which reads each value in memory and keeps
    only what it held (kind, redacted preview, keyed fingerprint)."""

    @property
    def action(self) -> str:
        """The Azure RBAC action that allows the call (for a Microsoft Graph call, the Graph
        permission)."""
        return self.operation.permission

    @property
    def entra(self) -> bool:
        """True for a Microsoft Graph call: its permission is granted in Microsoft Entra ID (an
        app permission or a directory role), never by an Azure role definition."""
        return isinstance(self.operation, GraphOperation)


@dataclass(frozen=True)
class ResourceList:
    """A resource type collected from its declaration alone: listed per subscription where the
    caller's permissions vouch for a subscription-wide list, else per resource group; each
    resource kept as a :class:`~assess.snapshot.DeclaredResource` holding the named properties
    only (their REST names, dotted for nested ones; a value that is not a JSON scalar is not kept)."""

    wide: Operation
    in_group: Operation
    properties: tuple[str, ...]
    match: tuple[str, str] | None = None
    """(a property, a case-insensitive regular expression): only the items whose property
    matches are kept (of a list that answers far more than the checks read)."""
    values: tuple[str, ...] = ()
    """Sealed properties: their values may be secrets, so each is read in memory only and kept
    as what it held (:class:`Held`), never as itself."""


@dataclass(frozen=True)
class ChildList:
    """A list call made once per resource of another evidence kind (a namespace's authorization
    rules, a service's named values): ``operation``'s path holds ``{resource_id}``, the parent's
    full id. Each item is kept as a :class:`~assess.snapshot.DeclaredResource` of ``kind`` with
    the named ``properties`` and its ``parent``; a failed call is a gap over the parent."""

    kind: str
    parent: str
    """The parents' evidence kind: a declared kind (``servicebus_namespaces``) or a Snapshot
    field of resources (``web_apps``)."""
    operation: Operation
    properties: tuple[str, ...]
    values: tuple[str, ...] = ()
    """Sealed properties, as :attr:`ResourceList.values`."""
    one: bool = False
    """True: the call answers one resource (a named configuration), not a list."""


@dataclass(frozen=True)
class Source:
    """Everything about one evidence source, in one place."""

    name: str
    """Identifier; for a switchable source also the ``[collect]`` key and, with ``-`` for
    ``_``, the ``--name/--no-name`` flag."""
    title: str
    """What it reads, for people: ``App Service sites and their settings``."""
    records: tuple[str, ...]
    """The evidence kinds (Snapshot fields) it produces."""
    reads: tuple[Read, ...] = ()
    depends_on: tuple[str, ...] = ()
    """Sources whose records this one starts from (a vault's secrets need the vault)."""
    switch: bool = False
    """True: it can be turned off (``--no-<name>``, ``[collect] <name> = false``)."""
    default: bool = True
    """For a switchable source: on unless turned off."""
    help: str = ""
    """The flag's help and the config key's description."""
    nouns: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Resource type (last segment, or the full type name, lower case) -> the words reports use,
    one and many."""
    gathered_by: str = ""
    """The option that gathers it when it is not a switch (``--repo PATH``); "" for a source
    always read."""
    no_azure_role: str = ""
    """For a source read outside Azure: what to do instead of granting a role."""
    resources: ResourceList | None = None
    """Set for a source collected from its declaration (no collector code): its one evidence
    kind, ``records[0]``, is read through ``resources.wide`` / ``resources.in_group``."""

    children: tuple[ChildList, ...] = ()
    """Lists read once per parent resource; their kinds are among :attr:`records`."""

    parser: str = ""
    """For a source whose resources collector code turns into records: the collector function
    that parses one listed item, ``module:function`` (``assess.collectors.keyvault:parse_vault``).
    Its resources are then listed like a :class:`ResourceList`'s, through the
    :attr:`Listing.SUBSCRIPTION` and :attr:`Listing.RESOURCE_GROUP` reads of ``records[0]``."""

    within: str = ""
    """The source whose listed resources hold this source's records (a vault's diagnostic settings
    and its keys' details are within ``key_vaults``): where that list fails, these records are
    unknown too."""

    declared_records: bool = False
    """True for a source read by collector code whose records are nevertheless
    :class:`~assess.snapshot.DeclaredResource`s, kept in ``Snapshot.declared`` (policy states)
    rather than in a Snapshot field of their own."""

    @property
    def flag(self) -> str:
        """``--web-apps`` for ``web_apps``; for a source without a switch, how it is gathered."""
        return f"--{self.name.replace('_', '-')}" if self.switch else self.gathered_by

    def list_reads(self) -> tuple[Operation, Operation] | None:
        """The subscription-wide and per-resource-group list calls of its resources
        (``records[0]``), for a source listed from its declaration or by :attr:`parser`."""
        if self.resources is not None:
            return self.resources.wide, self.resources.in_group
        first = self.reads_of(self.records[0]) if self.parser and self.records else ()
        wide = [r.operation for r in first if r.listing is Listing.SUBSCRIPTION]
        in_group = [r.operation for r in first if r.listing is Listing.RESOURCE_GROUP]
        return (wide[0], in_group[0]) if wide and in_group else None

    def reads_of(self, kind: str) -> tuple[Read, ...]:
        """The calls whose answers fill ``kind``."""
        return tuple(r for r in self.reads if kind in r.records)

"""Collection: read the estate (or a cassette) into a :class:`~assess.snapshot.Snapshot`.

``collect_snapshot(options, progress)`` resolves the cloud, checks the credential once, reads the
subscriptions in scope (list all, or GET each one asked for), then runs every other read as a
dependency graph on one :class:`~assess.scheduler.Scheduler` (docs/ARCHITECTURE.md, "How collection
runs"), every API call made once:

- per subscription, at once: its resource groups (list, or GET the one named by
  ``resource_group``), the caller's own permissions at subscription scope, role definitions and
  role assignments (the subscription-scope list, which includes assignments made at resource group
  and resource scope and those inherited from above), and with ``defender`` / ``deployments`` on
  its Defender for Key Vault plan and its own deployment history;
- when its groups and permissions are in: the resources of every source read that lists its own
  (its declaration names a ``parser`` or a ``ResourceList``: Key Vaults, and when switched on
  Managed HSMs, App Service sites, Event Grid system topics, storage accounts...), all listed
  like vaults (see below); each group's deployment history (every plain parameter and output
  value classified in memory by the secret detector and dropped);
- per vault as soon as it is listed: secret metadata, key metadata, diagnostic settings; per site
  its app settings and connection strings, classified in memory by :mod:`assess.collectors.web`
  (no value is kept; the lists need ``Microsoft.Web/sites/config/list/Action``, which Reader
  lacks, and a refusal is an ``app_settings`` gap on the site); per key vault topic its event
  subscriptions (which events reach an automation).

A failed call is a gap, never an empty answer. Listing vaults and sites needs more care: Resource
Manager answers a subscription-wide list with the resources the caller may read and silently leaves
out the rest, so an identity with Reader on some resource groups only would see part of the estate
and no error. The subscription-wide list is therefore used only where the permissions at
subscription scope grant the type's read action (``Microsoft.KeyVault/vaults/read``,
``Microsoft.Web/sites/Read``; subscriptions read that way for vaults are recorded in
``scope.complete_vault_lists``). Elsewhere, or when the permissions cannot be read, the type is
listed resource group by resource group (all groups of all subscriptions as one task on the pool),
so a denied group is a 403 and becomes a gap scoped to that group. When the resource groups
themselves are unknown, the subscription-wide list is read for what it shows and the type stays a
gap over the subscription, carrying the resource-group list's failure. A failed list also records
gaps over the same scope for what those resources hold, since it was not read either: the
source's other records (a site's ``app_settings``) and those of the sources declared ``within``
it (a vault's ``diagnostic_settings``, its keys' details, its data plane).
"""

from __future__ import annotations

import gc
import importlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from azure.core.credentials import TokenCredential

from assess import __version__, sources
from assess.apis import Operation
from assess.auth import (
    OfflineCredential,
    default_credential,
    identity_from_claims,
    probe,
    token_claims,
)
from assess.cloud import Cloud, choose_cloud, resolve_cloud
from assess.collectors import GapSink, fetch_list, fetch_one, graph
from assess.collectors._base import by_id
from assess.collectors.authorization import permits, read_subscription_grants
from assess.collectors.declared import parse_declared
from assess.collectors.keyvault_data import DataPlanes, PlaneSettings, read_data_planes
from assess.collectors.logs import LogCollection, recorded_queries
from assess.collectors.resourcegraph import GraphInventory
from assess.collectors.resources import parse_resource_group
from assess.collectors.web import Classifier
from assess.config import Config
from assess.errors import UsageError
from assess.http import ApiError, ArmClient
from assess.progress import Progress, calls_line
from assess.redact import Fingerprinter
from assess.scheduler import Scheduler
from assess.scope import Resolver, ScopeRequest, check_request
from assess.snapshot import (
    CollectionScope,
    DeclaredResource,
    DirectoryPrincipal,
    EntraApplication,
    EntraServicePrincipal,
    Identity,
    ResourceGroup,
    RoleAssignment,
    RoleDefinition,
    SecretMeta,
    Snapshot,
    Vault,
    in_scope,
    norm_id,
    unique_definitions,
)
from assess.sources.logs import CONCURRENT_QUERIES, MAX_WINDOW_DAYS
from assess.sources.resources import RESOURCE_GROUP_GET, RESOURCE_GROUPS_LIST

RESOURCE_GROUP_NAME = re.compile(r"^[-\w._()]{1,90}$")
GATHERED_APART = ("logs",)
"""Sources whose evidence kinds their own stage adds when it has read them (the log queries,
:meth:`assess.collectors.logs.LogCollection.finish`), not the graph of calls."""

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class CollectOptions:
    cloud: str = "AzureCloud"
    arm_endpoint: str | None = None
    log_analytics_endpoint: str | None = None
    subscriptions: tuple[str, ...] = ()
    all_subscriptions: bool = False
    management_groups: tuple[str, ...] = ()
    exclude_subscriptions: tuple[str, ...] = ()
    exclude_management_groups: tuple[str, ...] = ()
    shard: str | None = None
    """``K/N``: read the K-th of N slices of the subscriptions in scope (:mod:`assess.scope`)."""
    resource_group: str | None = None
    replay: Path | None = None
    record: Path | None = None
    max_workers: int = 16
    switches: Mapping[str, bool] = field(default_factory=dict)
    """The switchable sources (:func:`assess.sources.switches`) turned on, by name; a source
    absent here is off and its evidence kinds are not collected."""
    timeout_seconds: int = 60
    retry_budget_seconds: int = 300
    log_window_days: int = 30
    """How many days of logs the log queries read (``--log-window``), ending at ``log_window_end``."""
    log_window_end: datetime | None = None
    """The end of the log window (``--as-of``); None: now, to the second."""
    credential: TokenCredential | None = field(default=None, compare=False, repr=False)

    def on(self, source: str) -> bool:
        """Whether the switchable source ``source`` is read in this run."""
        return self.switches.get(source, False)


def options_from_config(
    config: Config, switches: Mapping[str, bool | None] | None = None, **given: Any
) -> CollectOptions:
    """The options a command runs with: the config's collection settings, then what the command
    line gave (a ``None`` there means "not given", so the config decides); ``switches`` turn
    sources on or off by name (:func:`assess.sources.switches`). The cloud is chosen by
    :func:`assess.cloud.choose_cloud` (command line > environment > config)."""
    cloud = choose_cloud(
        (given.pop("cloud", None), given.pop("arm_endpoint", None)),
        config=(config.cloud.name, config.cloud.arm_endpoint),
    )
    chosen = {s.name: config.collect.on(s.name) for s in sources.switches()}
    chosen.update({k: v for k, v in (switches or {}).items() if v is not None})
    options = CollectOptions(
        cloud=cloud.name,
        arm_endpoint=cloud.arm_endpoint,
        log_analytics_endpoint=config.cloud.log_analytics_endpoint,
        max_workers=config.collect.max_workers,
        timeout_seconds=config.collect.timeout_seconds,
        retry_budget_seconds=config.collect.retry_budget_seconds,
        log_window_days=config.collect.log_window_days,
        switches=chosen,
    )
    return replace(options, **{k: v for k, v in given.items() if v is not None})


def log_window(options: CollectOptions, traffic: Any = None) -> tuple[datetime, datetime]:
    """The log queries' window: ``log_window_days`` days ending at ``log_window_end`` (or now);
    in a replay, ending when the recording was made (its answers are of that window)."""
    end = options.log_window_end or datetime.now(UTC).replace(microsecond=0)
    if options.replay is not None:
        from assess import replay as cassettes

        end = cassettes.recorded_at(traffic) or end
    return end - timedelta(days=options.log_window_days), end


def validate(options: CollectOptions) -> ScopeRequest:
    """The scope asked for, checked (:func:`assess.scope.check_request`), or :class:`UsageError`."""
    if options.replay is not None and options.record is not None:
        raise UsageError("--replay and --record cannot be used together")
    wanted = check_request(
        options.subscriptions,
        options.all_subscriptions,
        options.management_groups,
        options.exclude_subscriptions,
        options.exclude_management_groups,
        options.shard,
    )
    if wanted.shard is not None and not Fingerprinter.from_env().stable:
        raise UsageError(
            "--shard needs WAF_ASSESS_FINGERPRINT_KEY: every slice must fingerprint values with "
            "the same key, or equal values in two slices would not match",
            hint="set the same WAF_ASSESS_FINGERPRINT_KEY (16 or more random characters, kept in "
            "a secret store) for every slice",
        )
    group = options.resource_group
    if group is not None and not RESOURCE_GROUP_NAME.match(group):
        raise UsageError(f"resource group name {group!r} is not valid")
    if options.max_workers < 1:
        raise UsageError("max_workers must be at least 1")
    if not 1 <= options.log_window_days <= MAX_WINDOW_DAYS:
        raise UsageError(
            f"--log-window {options.log_window_days} is out of range",
            hint=f"give 1 to {MAX_WINDOW_DAYS} days",
        )
    return wanted


def collect_snapshot(options: CollectOptions, progress: Progress) -> Snapshot:
    """Read the estate named by ``options`` into a Snapshot (gaps for every failed call)."""
    wanted = validate(options)
    if options.replay is not None or options.record is not None:
        # vcrpy swaps urllib3's connection classes process-wide, and puts the real ones back for
        # an instant while it opens each connection: a connection another thread opens in that
        # instant is a real one, and a replay would reach for the network. Recorded traffic is
        # therefore read on one thread (live runs keep the pool).
        options = replace(options, max_workers=1)
    with _traffic(options) as traffic, _young_collections_only():
        cloud = resolve_cloud(options.cloud, options.arm_endpoint, options.log_analytics_endpoint)
        credential = options.credential
        if credential is None:
            credential = OfflineCredential() if options.replay else default_credential(cloud)
        token = probe(credential, cloud.arm_scope)
        if options.replay is not None:
            identity = Identity(type="replay")
        else:
            identity = identity_from_claims(token_claims(token.token))
        logs = None
        if options.on("logs") and (options.replay is None or recorded_queries(traffic)):
            logs = LogCollection(
                credential,
                cloud.log_analytics_endpoint,
                log_window(options, traffic),
                timeout_seconds=options.timeout_seconds,
                workers=min(options.max_workers, CONCURRENT_QUERIES),
                prefetch=options.max_workers > 1,
            )
        with ArmClient(
            cloud.arm_endpoint,
            credential,
            cloud.arm_scope,
            timeout_seconds=options.timeout_seconds,
            pool_size=options.max_workers,
            retry_budget_seconds=options.retry_budget_seconds,
        ) as client:
            progress.calls(client.stats.totals)
            run = _Run(client, cloud, options, progress, credential)
            try:
                run.on_subscriptions = logs.start if logs is not None else None
                snapshot = run.collect(wanted, identity)
                if logs is not None:
                    snapshot = logs.finish(snapshot, arm=client, arm_base=cloud.arm_endpoint)
            finally:
                if logs is not None:
                    logs.close()
            _summarise(snapshot, client.stats.totals(), progress)
        if options.replay is not None:
            # Replayed evidence is as old as its recording: date it by the responses, so that
            # two replays of one cassette give the same snapshot.
            from assess import replay as cassettes

            recorded = cassettes.recorded_at(traffic)
            if recorded is not None:
                snapshot = snapshot.model_copy(update={"collected_at": recorded})
        return snapshot


YOUNG_OBJECTS = 50_000
"""Objects allocated between two collections of the garbage collector's youngest generation
while collecting (Python's default is 700)."""
_collecting = 0
_collecting_lock = threading.Lock()
_thresholds = gc.get_threshold()


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """Fewer passes of Python's cyclic garbage collector while the records pile up.

    A collection keeps every record it reads until the snapshot is made: hundreds of thousands of
    objects, none of them in a reference cycle. At the default thresholds the collector passes
    over the young objects every 700 allocations and over every object held (all the records so
    far) every hundred of those, so its cost grew with the tenant: 15 % of the client's CPU on
    the scale bench's 50 x 20 x 50 tenant (0.67 s of 4.43 s, 5 full passes). At 50,000 the young
    objects are still collected (a cycle made and dropped on the way is freed as before) and no
    full pass comes before the end (0.16 s, none). The process's thresholds are put back when
    the last collection running ends."""
    global _collecting, _thresholds
    with _collecting_lock:
        if _collecting == 0:
            _thresholds = gc.get_threshold()
            gc.set_threshold(max(_thresholds[0], YOUNG_OBJECTS), *_thresholds[1:])
        _collecting += 1
    try:
        yield
    finally:
        with _collecting_lock:
            _collecting -= 1
            if _collecting == 0:
                gc.set_threshold(*_thresholds)


def _summarise(snapshot: Snapshot, calls: Mapping[str, int], progress: Progress) -> None:
    """The end of collection, for the user: the subscriptions skipped and why, and the calls
    made, throttled, retried and given up."""
    for skipped in snapshot.scope.skipped:
        progress.note(skipped.line)
    progress.note(calls_line(calls))


def _traffic(options: CollectOptions) -> AbstractContextManager[Any]:
    if options.replay is None and options.record is None:
        return nullcontext()  # a live run: vcrpy is not even imported
    from assess import replay as cassettes

    if options.replay is not None:
        return cassettes.replay(options.replay)
    assert options.record is not None
    return cassettes.record(options.record)


@dataclass(frozen=True)
class _Listed:
    """A resource type listed subscription-wide where the permissions vouch for it, else per group."""

    source: str
    """The source declaring it."""
    task: str
    """Its progress line: the declared words for its resources."""
    wide: Operation
    in_group: Operation
    kinds: tuple[str, ...]
    """The evidence a failed list leaves unknown: the resources and what they hold."""
    parse: Callable[[dict[str, Any]], Any]


def _reading(options: CollectOptions) -> tuple[sources.Source, ...]:
    """The sources a run reads: the switched-on ones (and those always read) whose every
    dependency is read too (a Managed HSM's role assignments need the HSMs listed)."""
    chosen = [s for s in sources.SOURCES if not s.switch or options.on(s.name)]
    while True:
        names = {s.name for s in chosen}
        kept = [s for s in chosen if set(s.depends_on) <= names]
        if len(kept) == len(chosen):
            return tuple(kept)
        chosen = kept


def _collected(reading: Sequence[sources.Source]) -> list[str]:
    """The evidence kinds a run reads in its graph of calls and on the data planes and Microsoft
    Graph after it (a kind that failed is a gap, still collected)."""
    return [kind for s in reading if s.reads and s.name not in GATHERED_APART for kind in s.records]


def _function(name: str) -> Callable[..., Any]:
    """The collector function a declaration names, ``module:function``."""
    module, _, function = name.partition(":")
    found: Callable[..., Any] = getattr(importlib.import_module(module), function)
    return found


def _listed(source: sources.Source, reading: Sequence[sources.Source]) -> _Listed | None:
    """How a source's resources are listed, from its declaration; None for a source that lists
    none of its own. A failed list leaves unknown the source's records and those of the sources
    read within its resources."""
    calls = source.list_reads()
    if calls is None:
        return None
    declared = source.resources
    parse: Callable[[dict[str, Any]], Any]
    if declared is not None:
        parse = partial(
            parse_declared, declared.properties, match=declared.match, values=declared.values
        )
    else:
        parse = _function(source.parser)
    within = tuple(kind for s in reading if s.within == source.name for kind in s.records)
    wide, in_group = calls
    words = sources.noun_of(wide.name.removeprefix("GET "))  # key vaults, web apps
    task = words[1] if words else source.title
    return _Listed(source.name, task, wide, in_group, (*source.records, *within), parse)


@dataclass(frozen=True)
class _Listing:
    """One list call of a type: a resource group's, or (``group`` None) the subscription's."""

    subscription_id: str
    group: str | None = None
    group_id: str = ""
    confirmed: bool = False
    """For a subscription-wide list: the permissions at subscription scope allow reading them all."""


MERGED = ("role_definitions",)
"""The Snapshot fields collection merges before writing them (one role definition per GUID);
every other Snapshot field read in the graph of calls is written as its records arrived, each
record read again by a declared read in the place of the listed one (:meth:`_Run._kept`)."""


@dataclass(frozen=True)
class _Below:
    """A declared read made for each record of its parents' kinds, with its functions loaded."""

    read: sources.Read
    reader: Callable[..., list[Any]]
    """The declared collector function, handed the run's hooks it declares (``classifier=``)."""
    accepts: Callable[[Any], bool] | None
    """The declared ``when``: the read is made only for the parents it accepts."""

    @property
    def kind(self) -> str:
        """The kind of its records: what it yields, else the evidence it fills."""
        return self.read.yields or self.read.records[0]

    @property
    def label(self) -> str:
        """Its progress line: ``key versions``."""
        return self.kind.replace("_", " ")

    @property
    def refines(self) -> bool:
        """True for a read of the parent itself (a vault's own GET): its answer takes the
        listed record's place."""
        return self.kind in self.read.parents

    def about(self, parent: Any) -> str:
        """The id of the resource the call is about: the parent's, or its declared ``once_per``
        field's (a slot's site)."""
        return str(getattr(parent, self.read.once_per)) if self.read.once_per else parent.id


class _Records:
    """Records kept as their answers arrive, one per normalised id and kind. When two answers hold
    the same id, the one from the earlier call in a fixed order (``order``: the call's own key, then
    the item's position) is kept, so the snapshot does not depend on which thread answered first;
    each kind is sorted by id when the snapshot is written."""

    def __init__(self) -> None:
        self._kinds: dict[str, dict[str, tuple[tuple[Any, ...], Any]]] = {}
        self._lock = threading.Lock()

    def add(self, kind: str, order: tuple[Any, ...], records: Iterable[Any]) -> None:
        # The keys are made before the lock is taken: a thread made to wait for the lock while
        # another is descheduled inside it costs every other thread a switch too.
        keyed = [(norm_id(r.id), (*order, index), r) for index, r in enumerate(records)]
        if not keyed:
            return
        with self._lock:
            kept = self._kinds.setdefault(kind, {})
            for key, place, record in keyed:
                held = kept.get(key)
                if held is None or place < held[0]:
                    kept[key] = (place, record)

    def of(self, kind: str) -> tuple[Any, ...]:
        """The records of ``kind``, sorted by id."""
        kept = self._kinds.get(kind, {})
        return tuple(kept[k][1] for k in sorted(kept))

    def kinds(self) -> tuple[str, ...]:
        """Every kind that has records, sorted."""
        return tuple(sorted(self._kinds))


class _Run:
    """One collection: a dependency graph of calls on one :class:`~assess.scheduler.Scheduler`.

    Each call adds the calls that depend on its answer the moment it is in: a subscription's
    resource groups and the caller's permissions there decide how its vaults (and the other listed
    types) are listed; each vault listed starts its secrets, keys and diagnostic settings at once;
    each key (with ``key_details``) its own reads. Records go to :class:`_Records` as they arrive.
    """

    def __init__(
        self,
        client: ArmClient,
        cloud: Cloud,
        options: CollectOptions,
        progress: Progress,
        credential: TokenCredential | None = None,
    ) -> None:
        self.client = client
        self.credential = credential
        self.cloud = cloud
        self.options = options
        self.progress = progress
        self.gaps = GapSink()
        self.base = cloud.arm_endpoint
        self.on_subscriptions: Callable[[list[str]], None] | None = None
        """Called with the subscriptions in scope as soon as they are known (log queries start)."""
        self.graph: GraphInventory | None = None
        """Resource Graph's rows, with ``resource_graph`` on (:mod:`assess.collectors.resourcegraph`)."""
        self.group_absent: set[str] = set()
        """Subscriptions where the ``resource_group`` asked for does not exist (HTTP 404)."""
        self._reading: tuple[sources.Source, ...] = _reading(options)
        """The sources this run reads (:func:`_reading`)."""
        classifies = any(r.classifies for s in self._reading for r in s.reads)
        self.classifier: Classifier | None = (
            Classifier(Fingerprinter.from_env()) if classifies else None
        )
        """The value classifier handed to the readers that declare ``classifies``."""
        self.records = _Records()
        self._lock = threading.Lock()
        self._scheduler: Scheduler | None = None
        self._below: dict[str, list[_Below]] = {}
        """Evidence kind -> the declared reads made for each of its resources."""
        self._by_subscription: tuple[sources.Read, ...] = ()
        """The declared reads made once per subscription (:func:`_by_subscription`)."""
        self._listed: tuple[_Listed, ...] = ()
        self._groups: dict[str, list[ResourceGroup]] = {}
        self._wide: dict[str, set[str]] = {}
        self._vault_listings: list[_Listing] = []
        self._started: set[tuple[str, str]] = set()
        """(what, normalised id) of every per-resource read started: each made once."""
        self._active: list[str] = []
        """Subscriptions whose listings have started (the named group exists there)."""
        self._on_demand: dict[str, list[_Below]] = {}
        """Evidence kind -> the declared subscription reads its first accepted record starts."""
        self._demanded: list[_Below] = []
        """The subscription reads started on demand so far (made in every active subscription)."""
        self._refined: dict[str, dict[str, Any]] = {}
        """Evidence kind -> normalised id -> the record read again in the listed one's place."""
        self._children: tuple[sources.ChildList, ...] = ()
        """The lists read below each resource of a declared source (authorization rules...)."""

    # ---- the graph ---------------------------------------------------------------------------
    def _add(
        self,
        label: str,
        func: Callable[..., list[Any]],
        *args: Any,
        kind: str = "",
        order: tuple[Any, ...] = (),
        then: Callable[[list[Any]], None] | None = None,
    ) -> None:
        """Queue ``func(*args)``; its records (when ``kind`` is given) are kept under ``order``."""
        assert self._scheduler is not None

        def done(found: list[Any]) -> None:
            if kind:
                self.records.add(kind, order, found)
                self._reads_below(kind, found)
            if then is not None:
                then(found)

        self._scheduler.add(label, func, *args, then=done)

    def _once(self, what: str, resource_id: str) -> bool:
        """True the first time ``what`` is asked for ``resource_id``."""
        key = (what, norm_id(resource_id))
        with self._lock:
            if key in self._started:
                return False
            self._started.add(key)
            return True

    def _map(self, task: str, func: Callable[[Any], list[Any]], units: Sequence[Any]) -> list[Any]:
        """``func`` over ``units`` on a pool of its own; the results in unit order, flattened
        (for the scope's resolution, which comes before the graph)."""
        found: list[list[Any]] = [[] for _ in units]
        with Scheduler(self.options.max_workers, self.progress) as scheduler:
            for index, unit in enumerate(units):
                scheduler.add(task, func, unit, then=partial(found.__setitem__, index))
            scheduler.run()
        return [r for chunk in found for r in chunk]

    def collect(self, wanted: ScopeRequest, identity: Identity) -> Snapshot:
        resolved = Resolver(self.client, self.base, self.gaps, self.progress, self._map).resolve(
            wanted
        )
        subscriptions = list(resolved.subscriptions)
        sub_ids = [s.subscription_id for s in subscriptions] or list(resolved.ids)
        if self.on_subscriptions is not None:
            self.on_subscriptions(sub_ids)

        reading = self._reading
        named = self.options.resource_group
        for read in (r for s in reading for r in s.reads if r.reader and r.parents):
            if named is not None and read.listing is sources.Listing.RESOURCE_GROUP:
                continue  # made for the named group alone (_per_subscription)
            accepts = _function(read.when) if read.when else None
            below = _Below(read, self._hooked(read), accepts)
            demand = read.listing is sources.Listing.SUBSCRIPTION
            for parent in read.parents:
                (self._on_demand if demand else self._below).setdefault(parent, []).append(below)
        self._by_subscription = _by_subscription(reading, named)
        self._listed = tuple(listed for s in reading if (listed := _listed(s, reading)) is not None)
        self._children = tuple(child for s in reading for child in s.children)
        if self.options.on("resource_graph"):
            operations = [kind.wide for kind in self._listed]
            self.graph = GraphInventory(
                self.client, self.base, sub_ids, operations, self.progress.note
            )
        with Scheduler(self.options.max_workers, self.progress) as scheduler:
            self._scheduler = scheduler
            for position, sub in enumerate(sub_ids):
                self._subscription_reads(position, sub)
            scheduler.run()
        if self.options.resource_group is not None:
            self._subscriptions_with_group(sub_ids)

        vaults = self._kept("vaults")
        data_plane, _ = self._data_planes(
            list(vaults), list(self.records.of("secrets")), list(self.records.of("managed_hsms"))
        )
        entra = graph.GraphEvidence()
        if self.options.on("graph"):
            assignments = list(self.records.of("role_assignments"))
            entra = self._graph(assignments, list(self.records.of("role_definitions")), vaults)
        tenant = identity.tenant_id or next((s.tenant_id for s in subscriptions if s.tenant_id), "")
        return Snapshot(
            tool_version=__version__,
            cloud=self.cloud.name,
            tenant_id=tenant,
            identity=identity,
            scope=CollectionScope(
                subscriptions=tuple(sorted(wanted.subscriptions)),
                all_subscriptions=self.options.all_subscriptions,
                resource_group=self.options.resource_group,
                complete_vault_lists=self._complete_vault_lists(self._vault_listings),
                management_groups=resolved.management_groups,
                excluded_subscriptions=tuple(sorted(wanted.exclude_subscriptions)),
                excluded_management_groups=tuple(sorted(wanted.exclude_management_groups)),
                skipped=resolved.skipped,
                shard=str(wanted.shard) if wanted.shard else None,
                fingerprint_key_id=Fingerprinter.from_env().key_id,
            ),
            collected=tuple(sorted(_collected(reading))),
            subscriptions=by_id(subscriptions),
            role_definitions=unique_definitions(self.records.of("role_definitions")),
            **{
                kind: self._kept(kind)
                for kind in self.records.kinds()
                if kind in Snapshot.model_fields and kind not in MERGED
            },
            declared={
                kind: self.records.of(kind)
                for kind in (
                    *(k for s in reading if s.resources or s.declared_records for k in s.records),
                    *(child.kind for child in self._children),
                )
            },
            **data_plane,
            **entra.fields(),
            gaps=self.gaps.gaps(),
        )

    # ---- Microsoft Graph -------------------------------------------------------------------------
    def _graph(
        self,
        assignments: list[RoleAssignment],
        definitions: list[RoleDefinition],
        vaults: Sequence[Vault],
    ) -> graph.GraphEvidence:
        """App registrations, service principals and principal names side by side, then the
        members of the groups that reach vault data (see :mod:`assess.collectors.graph`)."""
        client = graph.open_client(
            self.cloud,
            self.credential,
            timeout_seconds=self.options.timeout_seconds,
            pool_size=self.options.max_workers,
            retry_budget_seconds=self.options.retry_budget_seconds,
        )
        if client is None:
            graph.no_endpoint(self.cloud, self.gaps)
            return graph.GraphEvidence()
        with client:
            calls: list[Callable[[], list[Any]]] = [
                partial(graph.list_applications, client, self.gaps),
                partial(graph.list_service_principals, client, self.gaps),
                *(
                    partial(graph.resolve_principals, client, ids, self.gaps)
                    for ids in graph.batches(graph.principal_ids(assignments, vaults))
                ),
            ]
            found = self._map("microsoft graph", lambda call: call(), calls)
            principals = [r for r in found if isinstance(r, DirectoryPrincipal)]
            groups = graph.vault_groups(assignments, definitions, vaults, principals)
            members = self._map(
                "group members", lambda g: graph.list_group_members(client, g, self.gaps), groups
            )
        return graph.GraphEvidence(
            [r for r in found if isinstance(r, EntraApplication)],
            [r for r in found if isinstance(r, EntraServicePrincipal)],
            principals,
            members,
        )

    def _subscription_reads(self, position: int, sub: str) -> None:
        """Everything read for one subscription, each read started as soon as what it needs is in."""
        at = (position,)
        then: Callable[[list[ResourceGroup]], None]
        if self.options.resource_group is not None:

            def group_checked(found: list[ResourceGroup]) -> None:
                if sub.lower() not in self.group_absent:
                    self._groups[sub.lower()] = found
                    self._per_subscription(sub, at)
                    self._start_listings(sub, at)

            then = group_checked
        else:
            self._per_subscription(sub, at)
            waiting = {"groups", "permissions"}

            def arrived(part: str) -> None:
                with self._lock:
                    waiting.discard(part)
                    ready = not waiting
                if ready:
                    self._start_listings(sub, at)

            def groups_listed(found: list[ResourceGroup]) -> None:
                self._groups[sub.lower()] = found
                arrived("groups")

            def permissions_read(found: list[tuple[str, list[str]]]) -> None:
                self._wide[sub.lower()] = {task for _, tasks in found for task in tasks}
                arrived("permissions")

            then = groups_listed
            self._add("permissions", self._reads_wide, sub, self._listed, then=permissions_read)
        self._add(
            "resource groups", self._groups_of, sub, kind="resource_groups", order=at, then=then
        )

    def _per_subscription(self, sub: str, at: tuple[Any, ...]) -> None:
        """The declared reads of a subscription that need nothing but its id (role definitions
        and assignments, the Defender plan, the deployment history, Azure Policy's states...),
        each with its collector function. With ``--resource-group``, a source that declares a
        per-group read makes that one for the named group instead of its subscription reads."""
        named = self.options.resource_group
        for read in self._by_subscription:
            kind = read.records[0]
            unit: Any = sub
            if read.listing is sources.Listing.RESOURCE_GROUP:
                group_id = f"/subscriptions/{sub}/resourceGroups/{named}"
                unit = ResourceGroup(id=group_id, name=str(named), subscription_id=sub)
            args = (self.client, self.base, unit, self.gaps)
            self._add(kind.replace("_", " "), self._hooked(read), *args, kind=kind, order=at)

    def _start_listings(self, sub: str, at: tuple[Any, ...]) -> None:
        """List every listed type in ``sub``, now that its groups and permissions are known."""
        groups = self._groups.get(sub.lower(), [])
        with self._lock:
            self._active.append(sub)
            demanded = list(self._demanded)
        for each in demanded:
            self._demanded_in(each, sub)
        for kind in self._listed:
            wide = {sub.lower()} if kind.source in self._wide.get(sub.lower(), set()) else set()
            units = self._listings([sub], groups, wide)
            if kind.source == "key_vaults":
                with self._lock:
                    self._vault_listings += units
            for index, unit in enumerate(units):
                self._add(
                    kind.task,
                    self._list,
                    kind,
                    groups,
                    unit,
                    kind=kind.kinds[0],
                    order=(*at, index),
                    then=partial(self._listed_children, kind),
                )

    def _listed_children(self, kind: _Listed, found: list[Any]) -> None:
        """The reads below each resource just listed."""
        for child in self._children:
            if child.parent == kind.kinds[0]:
                for resource in found:
                    if self._once(child.kind, resource.id):
                        self._add(
                            _label(child),
                            partial(self._child_list, child),
                            resource,
                            kind=child.kind,
                            order=(norm_id(resource.id),),
                        )

    def _hooked(self, read: sources.Read) -> Callable[..., list[Any]]:
        """The collector function ``read`` declares, handed the run's hooks it asks for."""
        reader = _function(read.reader)
        return partial(reader, classifier=self.classifier) if read.classifies else reader

    def _reads_below(self, kind: str, found: list[Any]) -> None:
        """The declared reads made for each resource of ``kind`` just in (a vault's secrets, keys
        and diagnostic settings, a key's details and versions), each once per resource, in the
        order of the resources and then of the declarations."""
        for each in self._on_demand.get(kind, ()):
            if any(each.accepts is None or each.accepts(r) for r in found):
                self._demand(each)
        below = self._below.get(kind)
        if not below:
            return
        for resource in found:
            for each in below:
                if each.accepts is not None and not each.accepts(resource):
                    continue
                rid = each.about(resource)
                if not self._once(each.read.reader, rid):
                    continue
                args = (_below_call, each.reader, self.client, self.base, self.gaps, resource)
                if each.refines:
                    self._add(each.label, *args, then=partial(self._refine, each.kind))
                else:
                    self._add(each.label, *args, kind=each.kind, order=(norm_id(rid),))

    def _refine(self, kind: str, found: list[Any]) -> None:
        """Records read again (a vault's own GET) take the listed ones' place; what depends on
        them follows (a vault now known to be secured by a perimeter)."""
        with self._lock:
            kept = self._refined.setdefault(kind, {})
            for record in found:
                kept[norm_id(record.id)] = record
        self._reads_below(kind, found)

    def _kept(self, kind: str) -> tuple[Any, ...]:
        """The records of ``kind``, sorted by id, each read again in the listed one's place."""
        listed = self.records.of(kind)
        again = self._refined.get(kind)
        return tuple(again.get(norm_id(r.id), r) for r in listed) if again else listed

    def _demand(self, each: _Below) -> None:
        """A subscription read on demand (the perimeters, for a vault secured by one): made in
        every subscription whose listings have started, and in each one that starts later."""
        with self._lock:
            if each in self._demanded:
                return
            self._demanded.append(each)
            active = list(self._active)
        for sub in active:
            self._demanded_in(each, sub)

    def _demanded_in(self, each: _Below, sub: str) -> None:
        scope = f"/subscriptions/{sub}"
        if self._once(each.read.reader, scope):
            args = (each.reader, self.client, self.base, sub, self.gaps)
            self._add(each.label, *args, kind=each.kind, order=(norm_id(scope),))

    # ---- subscriptions and resource groups ---------------------------------------------------
    def _groups_of(self, sub: str) -> list[ResourceGroup]:
        scope = f"/subscriptions/{sub}"
        group = self.options.resource_group
        if group is None:
            op = RESOURCE_GROUPS_LIST
            items = fetch_list(
                self.client,
                op.url(self.base, subscription_id=sub),
                op,
                scope,
                ["resource_groups"],
                self.gaps,
            )
            return [g for g in (parse_resource_group(i) for i in items or ()) if g is not None]
        op = RESOURCE_GROUP_GET
        url = op.url(self.base, subscription_id=sub, resource_group=group)
        try:
            body = self.client.get_json(url)
        except ApiError as exc:
            if exc.status == 404:
                self.group_absent.add(sub.lower())
            else:
                self.gaps.add(exc, op, f"{scope}/resourceGroups/{group}", ["resource_groups"])
            return []
        parsed = parse_resource_group(body) if isinstance(body, dict) else None
        return [parsed] if parsed is not None else []

    def _subscriptions_with_group(self, sub_ids: list[str]) -> list[str]:
        kept = [s for s in sub_ids if s.lower() not in self.group_absent]
        if not kept:
            raise UsageError(
                f"resource group {self.options.resource_group!r} was not found in "
                + ", ".join(sub_ids)
            )
        return kept

    # ---- vaults and sites ----------------------------------------------------------------------
    def _reads_wide(self, sub: str, listed: Sequence[_Listed]) -> list[tuple[str, list[str]]]:
        """``[(sub, the types one subscription-wide list may read whole)]``, or ``[]`` when the
        permissions cannot be read."""
        try:
            grants = read_subscription_grants(self.client, self.base, sub)
        except ApiError:
            return []  # not a gap: those types are then read group by group
        return [(sub.lower(), [k.source for k in listed if permits(grants, k.wide.permission)])]

    def _groups_known(self, sub: str) -> bool:
        scope = norm_id(f"/subscriptions/{sub}")
        return not any(
            g.kind == "resource_groups" and norm_id(g.scope) == scope for g in self.gaps.gaps()
        )

    def _listings(
        self, sub_ids: list[str], groups: list[ResourceGroup], wide: set[str]
    ) -> list[_Listing]:
        """The list calls to make for one type: one per subscription, or one per resource group."""
        units: list[_Listing] = []
        named = self.options.resource_group
        for sub in sub_ids:
            if named is not None:
                units.append(_Listing(sub, named, f"/subscriptions/{sub}/resourceGroups/{named}"))
            elif sub.lower() in wide:
                units.append(_Listing(sub, confirmed=True))
            elif not self._groups_known(sub):
                units.append(_Listing(sub, confirmed=False))
            else:
                units += [
                    _Listing(sub, g.name, g.id)
                    for g in groups
                    if g.subscription_id.lower() == sub.lower()
                ]
        return units

    def _list(self, kind: _Listed, groups: list[ResourceGroup], unit: _Listing) -> list[Any]:
        sub = unit.subscription_id
        if unit.group is not None:
            return _parsed(self._in_group(kind, sub, unit.group, unit.group_id), kind.parse)
        scope = f"/subscriptions/{sub}"
        found = self.graph.items(kind.wide, sub) if self.graph and unit.confirmed else None
        if found is not None:  # Resource Graph's rows, trusted where the permissions vouch
            return _parsed(found, kind.parse)
        try:
            items = self.client.list_all(kind.wide.url(self.base, subscription_id=sub))
        except ApiError as exc:
            mine = [g for g in groups if g.subscription_id.lower() == sub.lower()]
            if exc.status != 403 or not mine or not self._groups_known(sub):
                self.gaps.add(exc, kind.wide, scope, kind.kinds)
                return _parsed(exc.partial_items, kind.parse)
            # Denied at subscription scope after all (a deny assignment, a condition): read
            # group by group, so only the denied groups are gaps.
            items = []
            for group in mine:
                items += self._in_group(kind, sub, group.name, group.id)
            return _parsed(items, kind.parse)
        if not unit.confirmed:
            # Neither the permissions nor a per-group reading vouch for this list: what it shows
            # is kept, and the subscription's resources of this type stay unknown for the
            # groups' failure.
            for gap in self.gaps.gaps():
                if gap.kind == "resource_groups" and norm_id(gap.scope) == norm_id(scope):
                    self.gaps.extend(gap, kind.kinds)
        return _parsed(items, kind.parse)

    def _child_list(self, child: sources.ChildList, parent: Any) -> list[DeclaredResource]:
        url = child.operation.url(self.base, resource_id=parent.id)
        op, kinds = child.operation, [child.kind]
        if child.one:
            one = fetch_one(self.client, url, op, parent.id, kinds, self.gaps)
            items = [one] if one is not None else []
        else:
            items = fetch_list(self.client, url, op, parent.id, kinds, self.gaps) or []
        parse = partial(parse_declared, child.properties, parent=parent.id, values=child.values)
        return _parsed(items, parse)

    def _in_group(self, kind: _Listed, sub: str, group: str, group_id: str) -> list[dict[str, Any]]:
        op = kind.in_group
        url = op.url(self.base, subscription_id=sub, resource_group=group)
        return fetch_list(self.client, url, op, group_id, kind.kinds, self.gaps) or []

    def _complete_vault_lists(self, listings: list[_Listing]) -> tuple[str, ...]:
        """Subscriptions read with one permitted, successful subscription-wide vault list."""
        vault_gaps = [g for g in self.gaps.gaps() if g.kind == "vaults"]
        return tuple(
            sorted(
                unit.subscription_id.lower()
                for unit in listings
                if unit.group is None
                and unit.confirmed
                and not any(
                    in_scope(g.scope, f"/subscriptions/{unit.subscription_id}") for g in vault_gaps
                )
            )
        )

    def _data_planes(
        self, vaults: list[Vault], secrets: list[SecretMeta], hsms: list[Vault]
    ) -> tuple[dict[str, tuple[Any, ...]], list[str]]:
        """The vaults' and HSMs' data-plane evidence (by Snapshot field) and the kinds read, once
        Resource Manager's part is in."""
        on = self.options.on
        if not any(on(s.name) for s in sources.SOURCES if _on_a_data_plane(s)):
            return {}, []
        settings = PlaneSettings(
            self.credential,
            self.cloud.keyvault_dns_suffix,
            self.cloud.managed_hsm_dns_suffix,
            self.options.timeout_seconds,
            self.options.retry_budget_seconds,
        )

        def phase(
            jobs: dict[str, tuple[Callable[[Any], list[Any]], Sequence[Any]]],
        ) -> dict[str, list[Any]]:
            return {task: self._map(task, func, units) for task, (func, units) in jobs.items()}

        with DataPlanes(settings, self.gaps) as planes:
            return read_data_planes(planes, phase, vaults, secrets, hsms, on)


def _by_subscription(
    reading: Sequence[sources.Source], named: str | None
) -> tuple[sources.Read, ...]:
    """The declared reads made once per subscription: each source's subscription reads; with a
    resource group ``named``, a source's per-group reads (made for that group) in place of its
    subscription reads when it declares any."""
    chosen: list[sources.Read] = []
    for source in reading:
        declared = [r for r in source.reads if r.reader]
        in_group = [r for r in declared if r.listing is sources.Listing.RESOURCE_GROUP]
        if named is not None and in_group:
            chosen += in_group
        else:
            chosen += [
                r for r in declared if r.listing is sources.Listing.SUBSCRIPTION and not r.parents
            ]
    return tuple(chosen)


def _on_a_data_plane(source: sources.Source) -> bool:
    """Whether ``source`` reads a data plane (its calls are made after Resource Manager's)."""
    return any(read.listing is sources.Listing.DATA_PLANE for read in source.reads)


def _below_call(
    reader: Callable[..., list[Any]], client: ArmClient, base: str, sink: GapSink, parent: Any
) -> list[Any]:
    """A declared per-parent read: ``reader(client, base, parent, sink)``."""
    return reader(client, base, parent, sink)


def _label(child: sources.ChildList) -> str:
    """A child list's progress line: ``servicebus rules``."""
    return child.kind.replace("_", " ")


def _parsed(
    items: Iterable[dict[str, Any]], parse: Callable[[dict[str, Any]], R | None]
) -> list[R]:
    return [r for r in (parse(i) for i in items) if r is not None]

"""Scope: which subscriptions a run reads, from what the user asked for.

The scope is asked for with ``--subscription ID`` (repeatable), ``--management-group ID``
(repeatable: every subscription below the group, at any depth, from the management-group
descendants API) or ``--all-subscriptions``; ``--subscription`` and ``--management-group`` add up.
``--exclude-subscription`` and ``--exclude-management-group`` take subscriptions out again.

A subscription in scope is read only when its state is ``Enabled``: a disabled, warned, past-due
or deleted subscription is listed in ``scope.skipped`` with the reason, as are the subscriptions
excluded and those a management group holds that the identity cannot see. Subscriptions are
always told apart by id: two with the same display name stay two.

``--shard K/N`` keeps the K-th of N slices of that scope: a subscription belongs to the slice its
id hashes to (SHA-256 of the lower-cased id, modulo N), so slices are disjoint, together cover the
scope, and do not depend on the order in which Azure lists subscriptions or on which other
subscriptions exist. ``assess merge`` joins the snapshots of the N slices (:mod:`assess.merge`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.collectors import GapSink
from assess.collectors.resources import parse_subscription
from assess.errors import CollectionError, InputError, UsageError
from assess.http import ApiError, ArmClient
from assess.progress import Progress
from assess.snapshot import ManagementGroupScope, SkippedSubscription, Subscription
from assess.sources import managementgroups as mg
from assess.sources.resources import SUBSCRIPTION_GET, SUBSCRIPTIONS_LIST

GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
GROUP_NAME = re.compile(r"^[-\w.()]{1,90}$")
GROUP_PREFIX = "/providers/microsoft.management/managementgroups/"
SHARD = re.compile(r"^\s*(\d{1,4})\s*/\s*(\d{1,4})\s*$")
MAX_SHARDS = 1000
READABLE_STATE = "enabled"

MapFn = Callable[[str, Callable[[Any], list[Any]], Sequence[Any]], list[Any]]
"""Runs a function over units on the collection pool, with progress for a task."""


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` slices of the subscriptions in scope."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, subscription_id: str) -> bool:
        return shard_of(subscription_id, self.count) == self.index


def shard_of(subscription_id: str, count: int) -> int:
    """The slice (1-based, of ``count``) a subscription belongs to: fixed by its id alone."""
    digest = hashlib.sha256(subscription_id.strip().lower().encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def parse_shard(text: str | None) -> Shard | None:
    """``--shard K/N`` (1 <= K <= N <= 1000), or :class:`UsageError`."""
    if text is None:
        return None
    found = SHARD.match(text)
    if found is None:
        raise UsageError(
            f"--shard {text!r} is not K/N", hint="e.g. --shard 2/4 for the second of 4"
        )
    index, count = int(found.group(1)), int(found.group(2))
    if not 1 <= count <= MAX_SHARDS or not 1 <= index <= count:
        raise UsageError(
            f"--shard {text!r} is out of range",
            hint=f"K runs from 1 to N, and N from 1 to {MAX_SHARDS}",
        )
    return Shard(index, count)


@dataclass(frozen=True)
class ScopeRequest:
    """What the user asked for, checked and normalised (ids lower-cased, duplicates dropped)."""

    subscriptions: tuple[str, ...] = ()
    all_subscriptions: bool = False
    management_groups: tuple[str, ...] = ()
    exclude_subscriptions: tuple[str, ...] = ()
    exclude_management_groups: tuple[str, ...] = ()
    shard: Shard | None = None

    @property
    def listed(self) -> bool:
        """Whether the subscriptions the identity can see are listed (rather than each GET)."""
        return self.all_subscriptions or bool(self.management_groups)


def check_request(
    subscriptions: Iterable[str] = (),
    all_subscriptions: bool = False,
    management_groups: Iterable[str] = (),
    exclude_subscriptions: Iterable[str] = (),
    exclude_management_groups: Iterable[str] = (),
    shard: str | Shard | None = None,
) -> ScopeRequest:
    """The checked request, or :class:`UsageError` naming what is wrong."""
    wanted = _guids(subscriptions, "subscription id")
    groups = _groups(management_groups, "--management-group")
    if all_subscriptions and (wanted or groups):
        raise UsageError(
            "give --subscription or --all-subscriptions, not both"
            if wanted
            else "give --management-group or --all-subscriptions, not both"
        )
    if not wanted and not groups and not all_subscriptions:
        raise UsageError(
            "no subscription to assess",
            hint="pass --subscription <id>, --management-group <id> or --all-subscriptions",
        )
    return ScopeRequest(
        subscriptions=wanted,
        all_subscriptions=all_subscriptions,
        management_groups=groups,
        exclude_subscriptions=_guids(exclude_subscriptions, "--exclude-subscription"),
        exclude_management_groups=_groups(exclude_management_groups, "--exclude-management-group"),
        shard=parse_shard(shard) if isinstance(shard, str) or shard is None else shard,
    )


def _guids(values: Iterable[str], what: str) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        sub = value.strip().removeprefix("/subscriptions/").strip("/")
        if not GUID.match(sub):
            raise UsageError(f"{what} {value!r} is not a GUID")
        if sub.lower() not in found:
            found.append(sub.lower())
    return tuple(found)


def _groups(values: Iterable[str], flag: str) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        name = value.strip().rstrip("/")
        if name.lower().startswith(GROUP_PREFIX):
            name = name[len(GROUP_PREFIX) :]
        if not GROUP_NAME.match(name):
            raise UsageError(
                f"{flag} {value!r} is not a management group id",
                hint="give the group's id (its name, e.g. mg-platform), not its display name",
            )
        if name.lower() not in {f.lower() for f in found}:
            found.append(name)
    return tuple(found)


@dataclass
class _Tree:
    """What the descendants of the groups read so far say: each group's parent, each
    subscription's parent group and display name."""

    parent: dict[str, str] = field(default_factory=dict)
    """group or subscription key (lower-cased) -> its parent group's name (lower-cased)."""
    names: dict[str, str] = field(default_factory=dict)
    """subscription id (lower-cased) -> display name."""
    read: set[str] = field(default_factory=set)
    """Groups (lower-cased) whose descendants were read."""

    def add(self, group: str, items: Iterable[Mapping[str, Any]]) -> None:
        self.read.add(group.lower())
        for item in items:
            kind = str(item.get("type") or "").lower()
            found = item.get("properties")
            props: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
            parent_ref = props.get("parent")
            parent_id = str(parent_ref.get("id") or "") if isinstance(parent_ref, Mapping) else ""
            parent = parent_id.rstrip("/").rsplit("/", 1)[-1].lower() or group.lower()
            name = str(item.get("name") or "").lower()
            if kind == mg.SUBSCRIPTION_TYPE:
                sub = name or str(item.get("id") or "").rstrip("/").rsplit("/", 1)[-1].lower()
                if GUID.match(sub):
                    self.parent[f"sub:{sub}"] = parent
                    self.names[sub] = str(props.get("displayName") or "")
            elif kind == mg.GROUP_TYPE and name:
                self.parent[f"mg:{name}"] = parent

    def below(self, group: str) -> set[str]:
        """Subscription ids (lower-cased) below ``group`` at any depth, as far as read."""
        wanted = group.lower()
        found: set[str] = set()
        for key in self.parent:
            if key.startswith("sub:") and self._under(key, wanted):
                found.add(key[4:])
        return found

    def knows(self, group: str) -> bool:
        return group.lower() in self.read or f"mg:{group.lower()}" in self.parent

    def _under(self, key: str, group: str) -> bool:
        seen: set[str] = set()
        current = self.parent.get(key)
        while current is not None and current not in seen:
            if current == group:
                return True
            seen.add(current)
            current = self.parent.get(f"mg:{current}")
        return False


@dataclass(frozen=True)
class Resolved:
    """The scope of one run: what to read, and what was left out and why."""

    subscriptions: tuple[Subscription, ...]
    """The records of the subscriptions read (this slice's, with ``--shard``), sorted by id."""
    ids: tuple[str, ...]
    """The subscription ids to read (lower-cased, sorted): those of :attr:`subscriptions`, and a
    named one whose own record could not be read (a gap)."""
    management_groups: tuple[ManagementGroupScope, ...] = ()
    skipped: tuple[SkippedSubscription, ...] = ()


class Resolver:
    """Resolves a :class:`ScopeRequest` against Resource Manager (and the management groups)."""

    def __init__(
        self,
        client: ArmClient,
        base: str,
        gaps: GapSink,
        progress: Progress,
        map_units: MapFn,
    ) -> None:
        self.client = client
        self.base = base
        self.gaps = gaps
        self.progress = progress
        self.map_units = map_units

    def resolve(self, request: ScopeRequest) -> Resolved:
        shard = request.shard
        visible = self._list_subscriptions() if request.listed else {}
        if request.all_subscriptions and not visible:
            raise CollectionError(
                "no subscription is visible to this identity",
                hint="check the tenant and that the identity has Reader on a subscription",
            )
        tree = _Tree()
        groups = tuple(self._group(name, tree) for name in request.management_groups)

        names: dict[str, str] = {}
        candidates: set[str] = set(visible) if request.all_subscriptions else set()
        for group in groups:
            candidates |= tree.below(group.id)
        candidates |= set(request.subscriptions)
        names.update(tree.names)

        skipped: dict[str, SkippedSubscription] = {}
        excluded = self._excluded(request, tree)
        for sub, reason in excluded.items():
            if sub in candidates:
                candidates.discard(sub)
                record = visible.get(sub)
                skipped[sub] = SkippedSubscription(
                    subscription_id=sub,
                    display_name=record.display_name if record else names.get(sub, ""),
                    reason=reason,
                )

        mine = sorted(s for s in candidates if shard is None or shard.holds(s))
        named = [s for s in mine if s not in visible]
        records = dict(visible)
        if named and not request.listed:
            for record in self.map_units("subscriptions", self._subscription, named):
                records[record.subscription_id.lower()] = record
        elif named:
            for sub in named:
                if sub in request.subscriptions:
                    raise _not_visible(sub)
                skipped[sub] = SkippedSubscription(
                    subscription_id=sub,
                    display_name=names.get(sub, ""),
                    reason="not visible to this identity (no role on it, or not in this tenant)",
                )
        read: list[str] = []
        for sub in mine:
            if sub in skipped:
                continue
            record = records.get(sub)
            state = record.state if record is not None else ""
            if state and state.lower() != READABLE_STATE:
                skipped[sub] = SkippedSubscription(
                    subscription_id=sub,
                    display_name=record.display_name if record else "",
                    reason=f"state {state}: only Enabled subscriptions are assessed",
                )
                continue
            read.append(sub)
        kept = {s: v for s, v in skipped.items() if shard is None or shard.holds(s)}
        if not read and shard is None:
            raise CollectionError(
                "no subscription in scope can be read",
                hint=_skip_hint(kept.values()) or "check the scope given",
            )
        return Resolved(
            subscriptions=tuple(records[s] for s in read if s in records),
            ids=tuple(read),
            management_groups=groups,
            skipped=tuple(kept[s] for s in sorted(kept)),
        )

    # ---- subscriptions -----------------------------------------------------------------------
    def _list_subscriptions(self) -> dict[str, Subscription]:
        self.progress.start("subscriptions", total=1)
        url = SUBSCRIPTIONS_LIST.url(self.base)
        try:
            items = self.client.list_all(url)
        except ApiError as exc:
            _refuse_unrecorded(exc, url)
            raise CollectionError(f"cannot list subscriptions: {exc.summary}") from None
        found = [s for s in (parse_subscription(i) for i in items) if s is not None]
        self.progress.advance("subscriptions", resources=len(found))
        self.progress.finish("subscriptions")
        return {s.subscription_id.lower(): s for s in found}

    def _subscription(self, sub: str) -> list[Subscription]:
        url = SUBSCRIPTION_GET.url(self.base, subscription_id=sub)
        try:
            body = self.client.get_json(url)
        except ApiError as exc:
            _refuse_unrecorded(exc, url)
            if exc.status in (401, 403, 404):
                raise _not_visible(sub) from None
            self.gaps.add(exc, SUBSCRIPTION_GET, f"/subscriptions/{sub}", ["subscriptions"])
            return []
        parsed = parse_subscription(body) if isinstance(body, dict) else None
        return [parsed] if parsed is not None else []

    # ---- management groups -------------------------------------------------------------------
    def _group(self, name: str, tree: _Tree) -> ManagementGroupScope:
        self._descendants(name, tree)
        display, path = self._path_of(name)
        return ManagementGroupScope(
            id=name, display_name=display, path=path, subscriptions=len(tree.below(name))
        )

    def _descendants(self, name: str, tree: _Tree) -> None:
        url = mg.DESCENDANTS.url(self.base, group_id=name)
        try:
            items = self.client.list_all(url)
        except ApiError as exc:
            if exc.status in (401, 403, 404):
                raise UsageError(
                    f"management group {name} is not visible to this identity",
                    hint="give the group's id (its name, not its display name) and grant the "
                    "identity Reader on it",
                ) from None
            raise CollectionError(
                f"cannot list the subscriptions below management group {name}: {exc.summary}"
            ) from None
        tree.add(name, items)

    def _path_of(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The group's display name and the display names from the root down to it; the id
        alone when the group cannot be read (its descendants could, which is what matters)."""
        url = mg.GROUP_GET.url(self.base, group_id=name) + "&$expand=ancestors"
        try:
            body = self.client.get_json(url)
        except ApiError:
            return "", ()
        props = body.get("properties") if isinstance(body, Mapping) else None
        if not isinstance(props, Mapping):
            return "", ()
        display = str(props.get("displayName") or "")
        details = props.get("details")
        chain = details.get("managementGroupAncestorsChain") if isinstance(details, Mapping) else []
        above = [
            str(a.get("displayName") or a.get("name") or "")
            for a in (chain if isinstance(chain, list) else [])
            if isinstance(a, Mapping)
        ]
        return display, (*reversed(above), display or name)

    def _excluded(self, request: ScopeRequest, tree: _Tree) -> dict[str, str]:
        """Subscription id -> why it is excluded."""
        out: dict[str, str] = {}
        for group in request.exclude_management_groups:
            if not tree.knows(group):
                self._descendants(group, tree)
            for sub in sorted(tree.below(group)):
                out.setdefault(sub, f"excluded: below management group {group}")
        for sub in request.exclude_subscriptions:
            out[sub] = "excluded by --exclude-subscription"
        return out


def _not_visible(sub: str) -> UsageError:
    return UsageError(
        f"subscription {sub} is not visible to this identity; check the id and that the "
        "identity has Reader on it"
    )


def _skip_hint(skipped: Iterable[SkippedSubscription]) -> str:
    reasons: dict[str, int] = {}
    for s in skipped:
        key = s.reason.split(":", 1)[0]
        reasons[key] = reasons.get(key, 0) + 1
    return "; ".join(f"{n} skipped ({reason})" for reason, n in sorted(reasons.items()))


def _refuse_unrecorded(error: ApiError, url: str) -> None:
    """A replayed cassette without the subscriptions themselves was made for another scope: one
    clear line (a call missing further down only leaves its evidence unknown)."""
    if error.code == "NotRecorded":
        raise InputError(
            f"the cassette has no recorded answer for GET {url}",
            hint="the cassette was recorded for another scope; record it again",
        )

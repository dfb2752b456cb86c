"""Join the snapshots of a scan split across machines (``assess merge``) into one.

Each slice is a snapshot written by ``assess collect --shard K/N`` (or by ``assess collect`` over
subscriptions of its own). Joined, they are the snapshot one unsplit run would have written: the
records of every kind by id (records every slice read, such as built-in role definitions, once),
the gaps once each, the subscriptions skipped, and the evidence dated by the latest slice.
Evaluating it gives results byte-identical to the unsplit run's.

Slices that cannot be one run's are refused, each with one line naming the files: another tool
version, cloud, tenant or identity; another scope asked for or other sources switched on; a shard
given twice, missing, or of another split; a subscription read by two slices.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assess.errors import InputError
from assess.snapshot import (
    EVIDENCE_KINDS,
    CollectionScope,
    Gap,
    Snapshot,
    norm_id,
    unique_definitions,
)


class MergeError(InputError):
    """Snapshots that are not slices of one run: exit code 2."""


Named = tuple[str, Snapshot]
"""A snapshot and the name (its file) it is shown by in errors."""


def merge_snapshots(slices: Sequence[Named]) -> Snapshot:
    """One snapshot from the slices of a run, or :class:`MergeError` saying why not."""
    if not slices:
        raise MergeError("no snapshot to merge", hint="give the snapshot of every slice")
    _same(slices, "versions of waf-assess", lambda s: s.tool_version)
    _same(slices, "clouds", lambda s: s.cloud)
    _same(slices, "tenants", lambda s: s.tenant_id, skip_empty=True)
    _same(slices, "identities", lambda s: s.identity.model_dump_json())
    _same(slices, "scopes asked for", lambda s: _request(s.scope))
    _same(slices, "sources switched on", lambda s: ",".join(s.collected))
    _same(slices, "fingerprint keys", lambda s: s.scope.fingerprint_key_id)
    _check_shards(slices)
    _check_disjoint(slices)

    snapshots = [s for _, s in slices]
    first = snapshots[0]
    fields: dict[str, Any] = {}
    for kind in EVIDENCE_KINDS:
        joined = [r for s in snapshots for r in getattr(s, kind)]
        fields[kind] = _by_key(joined)
    fields["role_definitions"] = unique_definitions(fields["role_definitions"])
    declared: dict[str, list[Any]] = {}
    for s in snapshots:
        for kind, records in s.declared.items():
            declared.setdefault(kind, []).extend(records)
    fields["declared"] = {kind: _by_key(records) for kind, records in sorted(declared.items())}
    fields["gaps"] = _gaps([g for s in snapshots for g in s.gaps])
    fields["scope"] = first.scope.model_copy(
        update={
            "shard": None,
            "complete_vault_lists": tuple(
                sorted({sub for s in snapshots for sub in s.scope.complete_vault_lists})
            ),
            "skipped": tuple(
                v
                for _, v in sorted(
                    {
                        k.subscription_id.lower(): k for s in snapshots for k in s.scope.skipped
                    }.items()
                )
            ),
        }
    )
    fields["tenant_id"] = next((s.tenant_id for s in snapshots if s.tenant_id), "")
    fields["collected_at"] = max(s.collected_at for s in snapshots)
    return first.model_copy(update=fields)


def _request(scope: CollectionScope) -> str:
    """What was asked for, less what differs between slices by design."""
    return scope.model_copy(
        update={
            "shard": None,
            "complete_vault_lists": (),
            "skipped": (),
            "fingerprint_key_id": "",
        }
    ).model_dump_json()


def _same(
    slices: Sequence[Named],
    what: str,
    value: Callable[[Snapshot], str],
    *,
    skip_empty: bool = False,
) -> None:
    seen: dict[str, str] = {}
    for name, snapshot in slices:
        found = value(snapshot)
        if skip_empty and not found:
            continue
        seen.setdefault(found, name)
    if len(seen) > 1:
        (a, first), (b, second) = list(seen.items())[:2]
        shown = f" ({a or 'none'} and {b or 'none'})" if what == "versions of waf-assess" else ""
        raise MergeError(
            f"{first} and {second} come from different {what}{shown}: they are not slices of one "
            "run",
            hint="collect every slice with the same tool version, scope, sources, identity and "
            "WAF_ASSESS_FINGERPRINT_KEY",
        )


def _check_shards(slices: Sequence[Named]) -> None:
    shards = [(name, s.scope.shard) for name, s in slices]
    given = [(name, shard) for name, shard in shards if shard]
    if not given:
        return
    if len(given) != len(shards):
        plain = next(name for name, shard in shards if not shard)
        raise MergeError(
            f"{plain} is not a shard, but {given[0][0]} is (--shard {given[0][1]})",
            hint="merge the snapshots of one split only",
        )
    counts = {shard.split("/")[1] for _, shard in given if shard}
    if len(counts) > 1:
        raise MergeError(
            "the shards come from different splits: " + ", ".join(f"{n} is {s}" for n, s in given),
            hint="merge the N snapshots of one --shard K/N split",
        )
    count = int(counts.pop())
    owner: dict[int, str] = {}
    for name, shard in given:
        index = int(str(shard).split("/")[0])
        if index in owner:
            raise MergeError(
                f"overlapping slices: shard {shard} is both {owner[index]} and {name}",
                hint="give each shard's snapshot once",
            )
        owner[index] = name
    missing = [f"{k}/{count}" for k in range(1, count + 1) if k not in owner]
    if missing:
        raise MergeError(
            f"shard {', '.join(missing)} {'is' if len(missing) == 1 else 'are'} missing: the "
            "merged snapshot would leave those subscriptions out",
            hint="give the snapshot of every shard",
        )


def _check_disjoint(slices: Sequence[Named]) -> None:
    owner: dict[str, str] = {}
    for name, snapshot in slices:
        subs = {s.subscription_id.lower() for s in snapshot.subscriptions}
        subs |= {s.subscription_id.lower() for s in snapshot.scope.skipped}
        for sub in sorted(subs):
            if sub in owner:
                raise MergeError(
                    f"overlapping slices: subscription {sub} is in both {owner[sub]} and {name}",
                    hint="split the subscriptions with --shard K/N, which never overlaps",
                )
        owner.update(dict.fromkeys(subs, name))


def _by_key(records: Sequence[Any]) -> tuple[Any, ...]:
    """Records sorted by id (case-insensitive), one per id; records without an id, as themselves."""
    unique: dict[str, Any] = {}
    for record in records:
        rid = getattr(record, "id", None)
        key = norm_id(rid) if isinstance(rid, str) and rid else record.model_dump_json()
        unique.setdefault(key, record)
    return tuple(unique[k] for k in sorted(unique))


def _gaps(gaps: Sequence[Gap]) -> tuple[Gap, ...]:
    """One gap per (kind, scope, call), in the order collection writes them."""
    unique: dict[tuple[str, str, str], Gap] = {}
    for gap in gaps:
        unique.setdefault((gap.kind, norm_id(gap.scope), gap.operation), gap)
    return tuple(unique[k] for k in sorted(unique))

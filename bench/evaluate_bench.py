"""Evaluation bench: the whole built-in catalog over a generated large tenant, with its scaling.

    python bench/evaluate_bench.py [--scale 1.0] [--seed 9] [--profile FILE]

At ``--scale 1`` the generated Snapshot holds 20 subscriptions, 200 resource groups, 1,000 vaults
(mixed properties, some Managed HSMs), 5,000 role assignments at vault, resource group and
subscription scope (built-in and custom roles, a few whose definition is missing), 20,000 secrets,
5,000 keys, diagnostic settings on half of the vaults, and gaps (a denied role-assignment list, denied
secret and key lists, a denied group). ``--scale`` multiplies every count.

Prints, for the full size: seconds of ``run.evaluate`` over the catalog (the first run, as one
CLI evaluation), seconds per questionnaire item, findings, peak memory, the time to serialise the
results to JSON, the best of two runs, and one run with Python's cyclic garbage collector paused
(what the collector costs). Then the same estate at a tenth of the size, measured in the same run,
and the ratio of the best runs of the two. Verdicts: the first full-size run under
:data:`TARGET_SECONDS` x scale (on 2 cores), and time growing at most
:data:`MAX_SCALING_EXCESS` times faster than the number of records (linear is 1.0).
Exit status 0 once measured; with ``--strict``, 1 when a verdict is over target.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report_bench import measure as with_peak_memory  # noqa: E402

from assess import run  # noqa: E402
from assess.config import Config  # noqa: E402
from assess.registry import Registry, load_registry  # noqa: E402
from assess.results import Results, results_json  # noqa: E402
from assess.snapshot import (  # noqa: E402
    EVIDENCE_KINDS,
    AccessPolicy,
    DiagnosticSetting,
    Gap,
    ItemAttributes,
    KeyMeta,
    LogSetting,
    NetworkAcls,
    ResourceGroup,
    RoleAssignment,
    RoleDefinition,
    SecretMeta,
    Snapshot,
    Subscription,
    Vault,
)

AS_OF = datetime(2026, 11, 1, tzinfo=UTC)
TARGET_SECONDS = 10.0
"""Full default size (scale 1) on 2 cores."""
MAX_SCALING_EXCESS = 1.5
"""(time ratio) / (record ratio) between the full size and a tenth of it: 1.0 is linear."""

BASE = {
    "subscriptions": 20,
    "groups_per_subscription": 10,
    "vaults": 1_000,
    "principals": 1_500,
    "custom_roles": 40,
    "role_assignments": 5_000,
    "secrets": 20_000,
    "keys": 5_000,
}

# Built-in roles (Azure's GUIDs) with their published permissions, as the snapshot holds them.
_KV_READS = (
    "Microsoft.Authorization/*/read",
    "Microsoft.KeyVault/vaults/*/read",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
)
BUILTINS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    # guid, name, actions, notActions, dataActions
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", ("*",), (), ()),
    (
        "b24988ac-6180-42a0-ab88-20f7382dd24c",
        "Contributor",
        ("*",),
        ("Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write"),
        (),
    ),
    ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", ("*/read",), (), ()),
    (
        "18d7d88d-d35e-4fb5-a5c3-7773c2a72009",
        "User Access Administrator",
        ("*/read", "Microsoft.Authorization/*"),
        (),
        (),
    ),
    (
        "00482a5a-887f-4fb3-b363-3b7fe8e74483",
        "Key Vault Administrator",
        _KV_READS,
        (),
        ("Microsoft.KeyVault/vaults/*",),
    ),
    (
        "4633458b-17de-408a-b874-0445c86b69e6",
        "Key Vault Secrets User",
        (),
        (),
        ("Microsoft.KeyVault/vaults/secrets/getSecret/action",),
    ),
    (
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        "Key Vault Secrets Officer",
        _KV_READS,
        (),
        ("Microsoft.KeyVault/vaults/secrets/*",),
    ),
    (
        "21090545-7ca7-4776-b22c-e363652d74d2",
        "Key Vault Reader",
        _KV_READS,
        (),
        ("Microsoft.KeyVault/vaults/*/read",),
    ),
)
_CUSTOM_KINDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    # name, actions, dataActions
    ("app secret reader", (), ("Microsoft.KeyVault/vaults/secrets/getSecret/action",)),
    ("vault operator", ("Microsoft.KeyVault/vaults/write",), ()),
    ("monitoring reader", ("*/read",), ()),
    ("access policy editor", ("Microsoft.KeyVault/vaults/accessPolicies/write",), ()),
)
_ENVS = ("prod", "dev", "test", "staging", "shared", "sandbox")
_TAG_VALUES = ("prod", "production", "dev", "test", "uat", "qa", "unknown-team")


def guid(kind: int, n: int) -> str:
    """An obviously fake, deterministic GUID: kind in the first group, ``n`` in the last."""
    return f"{kind:08x}-0000-0000-0000-{n:012d}"


def _count(name: str, scale: float) -> int:
    return max(1, round(BASE[name] * scale))


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """``total`` items over ``buckets``, unevenly (some buckets empty, a few large)."""
    weights = [rng.paretovariate(1.3) if rng.random() > 0.08 else 0.0 for _ in range(buckets)]
    if not any(weights):
        weights[0] = 1.0
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    nonzero = [i for i, w in enumerate(weights) if w]
    for k in range(total - sum(counts)):
        counts[nonzero[k % len(nonzero)]] += 1
    return counts


def _when(rng: random.Random, low_days: float, high_days: float) -> datetime:
    return AS_OF - timedelta(days=rng.uniform(low_days, high_days))


def _attributes(rng: random.Random) -> ItemAttributes:
    created = _when(rng, 0, 900)
    roll = rng.random()
    if roll < 0.35:
        expires = None
    elif roll < 0.45:
        expires = AS_OF - timedelta(days=rng.uniform(1, 200))
    elif roll < 0.55:
        expires = AS_OF + timedelta(days=rng.uniform(0, 30))
    else:
        expires = AS_OF + timedelta(days=rng.uniform(31, 720))
    return ItemAttributes(
        enabled=rng.random() > 0.05,
        created=created,
        updated=created + timedelta(days=rng.uniform(0, (AS_OF - created).days or 1)),
        expires=expires,
        recovery_level=rng.choice(("Recoverable", "Recoverable+Purgeable", None)),
    )


def _maybe(rng: random.Random, value: Any, absent: float = 0.2) -> Any:
    """``value``, or None (the service did not return it) with probability ``absent``."""
    return None if rng.random() < absent else value


def large_snapshot(scale: float = 1.0, seed: int = 9) -> Snapshot:
    """A deterministic synthetic tenant (same ``scale`` and ``seed``: the same Snapshot)."""
    rng = random.Random(seed)
    n_subs = _count("subscriptions", scale)
    subs = [
        Subscription(
            id=f"/subscriptions/{guid(0xA1, i)}",
            subscription_id=guid(0xA1, i),
            display_name=f"contoso-{_ENVS[i % len(_ENVS)]}-{i:02d}",
            state="Enabled",
            tenant_id=guid(0x7E, 1),
            tags={"costcenter": str(100 + i)} if i % 3 else {},
        )
        for i in range(n_subs)
    ]
    groups = [
        ResourceGroup(
            id=f"{s.id}/resourceGroups/rg-{_ENVS[(i + j) % len(_ENVS)]}-app{j:02d}",
            name=f"rg-{_ENVS[(i + j) % len(_ENVS)]}-app{j:02d}",
            subscription_id=s.subscription_id,
            location=rng.choice(("westeurope", "northeurope", "eastus")),
            tags={"environment": rng.choice(_TAG_VALUES)} if rng.random() < 0.4 else {},
        )
        for i, s in enumerate(subs)
        for j in range(BASE["groups_per_subscription"])
    ]
    principals = [
        (guid(0xB0, i), rng.choices(("ServicePrincipal", "User", "Group"), (60, 25, 15))[0])
        for i in range(_count("principals", scale))
    ]

    vaults: list[Vault] = []
    for i in range(_count("vaults", scale)):
        group = groups[rng.randrange(len(groups))]
        hsm = rng.random() < 0.02
        name = f"{'hsm' if hsm else 'kv'}-{rng.choice(('app', 'data', 'web', 'ops'))}-{i:04d}"
        rbac = _maybe(rng, rng.random() < 0.6, 0.25)
        policies = (
            ()
            if rbac
            else tuple(
                AccessPolicy(
                    object_id=rng.choice(principals)[0],
                    tenant_id=guid(0x7E, 1),
                    secrets=tuple(rng.sample(("get", "list", "set", "delete", "all"), 2)),
                    keys=("get", "list"),
                )
                for _ in range(rng.randint(0, 4))
            )
        )
        vaults.append(
            Vault(
                id=f"{group.id}/providers/Microsoft.KeyVault/{'managedHSMs' if hsm else 'vaults'}/{name}",
                name=name,
                subscription_id=group.subscription_id,
                resource_group=group.name,
                location=group.location,
                tags={"environment": rng.choice(_TAG_VALUES)} if rng.random() < 0.5 else {},
                sku=rng.choice(("standard", "premium")),
                tenant_id=guid(0x7E, 1),
                vault_uri=f"https://{name}.vault.azure.net/",
                enable_soft_delete=_maybe(rng, rng.random() < 0.9),
                soft_delete_retention_days=_maybe(rng, rng.choice((7, 30, 90))),
                enable_purge_protection=_maybe(rng, rng.random() < 0.5, 0.4),
                enable_rbac_authorization=rbac,
                public_network_access=_maybe(rng, rng.choice(("Enabled", "Disabled"))),
                network_acls=_maybe(
                    rng,
                    NetworkAcls(
                        default_action=rng.choice(("Allow", "Deny")),
                        bypass="AzureServices",
                        ip_rules=rng.randint(0, 5),
                        virtual_network_rules=rng.randint(0, 3),
                    ),
                    0.4,
                ),
                private_endpoint_states=("Approved",) * rng.randint(0, 2),
                access_policies=policies,
                kind="managedHSM" if hsm else "vault",
            )
        )

    definitions = [
        RoleDefinition(
            id=f"/providers/Microsoft.Authorization/roleDefinitions/{g}",
            guid=g,
            role_name=name,
            role_type="BuiltInRole",
            actions=actions,
            not_actions=not_actions,
            data_actions=data_actions,
            assignable_scopes=("/",),
        )
        for g, name, actions, not_actions, data_actions in BUILTINS
    ]
    for i in range(_count("custom_roles", scale)):
        sub = subs[i % n_subs]
        name, actions, data_actions = _CUSTOM_KINDS[i % len(_CUSTOM_KINDS)]
        definitions.append(
            RoleDefinition(
                id=f"{sub.id}/providers/Microsoft.Authorization/roleDefinitions/{guid(0xC0, i)}",
                guid=guid(0xC0, i),
                role_name=f"{name} {i}",
                role_type="CustomRole",
                actions=actions,
                data_actions=data_actions,
                assignable_scopes=(sub.id,),
            )
        )
    role_guids = [d.guid for d in definitions]

    assignments: list[RoleAssignment] = []
    for i in range(_count("role_assignments", scale)):
        roll = rng.random()
        if roll < 0.5:
            scope = rng.choice(vaults).id
        elif roll < 0.85:
            scope = rng.choice(groups).id
        else:
            scope = rng.choice(subs).id
        role = rng.choice(role_guids) if rng.random() > 0.01 else guid(0xDD, i)  # missing def
        principal_id, principal_type = rng.choice(principals)
        assignments.append(
            RoleAssignment(
                id=f"{scope}/providers/Microsoft.Authorization/roleAssignments/{guid(0xE0, i)}",
                scope=scope,
                role_definition_id=f"/providers/Microsoft.Authorization/roleDefinitions/{role}",
                role_definition_guid=role,
                principal_id=principal_id,
                principal_type=principal_type,
            )
        )

    key_vaults = [v for v in vaults if v.kind == "vault"] or vaults
    secrets = [
        SecretMeta(
            id=f"{vault.id}/secrets/secret-{n:02d}",
            name=f"secret-{n:02d}",
            vault_id=vault.id,
            attributes=_attributes(rng),
            content_type=rng.choice((None, "text/plain", "application/x-pkcs12")),
            tags={"owner": "team-a"} if rng.random() < 0.1 else {},
        )
        for vault, count in zip(
            key_vaults, _spread(rng, _count("secrets", scale), len(key_vaults)), strict=True
        )
        for n in range(count)
    ]
    keys = [
        KeyMeta(
            id=f"{vault.id}/keys/key-{n:02d}",
            name=f"key-{n:02d}",
            vault_id=vault.id,
            attributes=_attributes(rng),
            kty=rng.choice(("RSA", "EC", "RSA-HSM", None)),
        )
        for vault, count in zip(
            vaults, _spread(rng, _count("keys", scale), len(vaults)), strict=True
        )
        for n in range(count)
    ]

    settings: list[DiagnosticSetting] = []
    for vault in vaults[::2]:
        variant = rng.randrange(5)
        logs = {
            0: (LogSetting(category="AuditEvent", enabled=True),),
            1: (LogSetting(category_group="allLogs", enabled=True),),
            2: (LogSetting(category_group="audit", enabled=True),),
            3: (LogSetting(category="AuditEvent", enabled=False),),
            4: (LogSetting(category="AzurePolicyEvaluationDetails", enabled=True),),
        }[variant]
        settings.append(
            DiagnosticSetting(
                id=f"{vault.id.lower()}/providers/microsoft.insights/diagnosticSettings/audit",
                name="audit",
                resource_id=vault.id,
                logs=logs,
                workspace_id=(
                    f"{subs[0].id}/resourceGroups/rg-logs/providers/"
                    "Microsoft.OperationalInsights/workspaces/law-central"
                    if rng.random() < 0.9
                    else None
                ),
            )
        )

    gaps = [_gap("role_assignments", subs[-1].id, "GET Microsoft.Authorization/roleAssignments")]
    gaps.append(_gap("diagnostic_settings", groups[len(groups) // 2].id, "GET diagnosticSettings"))
    for vault in vaults[7::97]:
        gaps.append(_gap("secrets", vault.id, "GET Microsoft.KeyVault/vaults/secrets"))
    for vault in vaults[11::151]:
        gaps.append(_gap("keys", vault.id, "GET Microsoft.KeyVault/vaults/keys"))

    return Snapshot(
        tool_version="bench",
        collected_at=AS_OF,
        tenant_id=guid(0x7E, 1),
        collected=tuple(k for k in EVIDENCE_KINDS if k != "code_scans"),
        subscriptions=tuple(subs),
        resource_groups=tuple(groups),
        vaults=tuple(vaults),
        secrets=tuple(secrets),
        keys=tuple(keys),
        role_definitions=tuple(definitions),
        role_assignments=tuple(assignments),
        diagnostic_settings=tuple(settings),
        gaps=tuple(gaps),
    )


def _gap(kind: str, scope: str, operation: str) -> Gap:
    return Gap(
        kind=kind,
        scope=scope,
        operation=operation,
        status_code=403,
        error_code="AuthorizationFailed",
        message="The client does not have authorization to perform this action.",
    )


def records(snapshot: Snapshot) -> int:
    """Evidence records in the snapshot (what evaluation time should grow with)."""
    return sum(len(getattr(snapshot, kind)) for kind in EVIDENCE_KINDS) + len(snapshot.gaps)


T = TypeVar("T")


def timed(func: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


@dataclass
class Measure:
    records: int
    findings: int
    seconds: float
    per_item: dict[str, float]
    json_seconds: float
    json_mib: float
    peak: str
    best: float
    """The fastest of the first run and the warm repeats (collector on): what scaling compares."""
    runs: int


def measure(
    snapshot: Snapshot, registry: Registry, config: Config, *, memory: bool, repeats: int
) -> Measure:
    """Evaluate ``snapshot`` with the whole catalog and write its JSON, then item by item, then
    the whole catalog ``repeats`` more times."""

    def evaluate(reg: Registry) -> Results:
        return run.evaluate(snapshot, reg, config, AS_OF)

    if memory:  # peak RSS where /proc allows, else Python allocations in a second run
        results, seconds, peak = with_peak_memory(lambda: evaluate(registry))
    else:
        (results, seconds), peak = timed(lambda: evaluate(registry)), ""
    text, json_seconds = timed(lambda: results_json(results))
    findings = len(results.findings)
    items = sorted({m.item_id for m in registry.metas})
    per_item = {item: timed(partial(evaluate, registry.select([item])))[1] for item in items}
    warm = [timed(lambda: evaluate(registry))[1] for _ in range(repeats)]
    return Measure(
        records=records(snapshot),
        findings=findings,
        seconds=seconds,
        per_item=per_item,
        json_seconds=json_seconds,
        json_mib=len(text.encode()) / 2**20,
        peak=peak,
        best=min([seconds, *warm]),
        runs=1 + repeats,
    )


def machine() -> str:
    """Cores, load and Python: timings on a shared machine are read next to its load."""
    try:
        load = ", load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = ""
    return f"machine: {os.cpu_count()} cores{load}; Python {platform.python_version()}"


def describe(snapshot: Snapshot) -> str:
    return (
        f"{len(snapshot.subscriptions)} subscriptions, {len(snapshot.resource_groups)} groups, "
        f"{len(snapshot.vaults)} vaults, {len(snapshot.role_assignments)} role assignments "
        f"({len(snapshot.role_definitions)} definitions), {len(snapshot.secrets)} secrets, "
        f"{len(snapshot.keys)} keys, {len(snapshot.diagnostic_settings)} diagnostic settings, "
        f"{len(snapshot.gaps)} gaps"
    )


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER TARGET"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies every count")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--strict", action="store_true", help="exit 1 when over target")
    parser.add_argument(
        "--profile", type=Path, help="also write a cProfile of the full-size evaluation here"
    )
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")

    registry = load_registry(builtins_only=True)
    config = Config()
    run.evaluate(large_snapshot(0.001, args.seed), registry, config, AS_OF)  # warm-up, untimed

    print(machine())
    snapshot, gen_seconds = timed(lambda: large_snapshot(args.scale, args.seed))
    print(f"estate (scale {args.scale:g}): {describe(snapshot)}")
    print(f"  generated in {gen_seconds:.2f} s; {len(registry)} checks in the catalog")
    full = measure(snapshot, registry, config, memory=True, repeats=1)
    print(
        f"evaluate: {full.seconds:6.2f} s for {full.records} records -> {full.findings} findings"
        f"   {' '.join(full.peak.split())} (evaluation; snapshot included)"
    )
    print("  per item: " + "  ".join(f"{i} {s:.2f} s" for i, s in full.per_item.items()))
    print(f"  JSON serialisation: {full.json_seconds:.2f} s ({full.json_mib:.1f} MiB)")
    gc.collect()
    gc.disable()  # what Python's cyclic garbage collector costs: the same run without it
    try:
        paused = timed(lambda: run.evaluate(snapshot, registry, config, AS_OF))[1]
    finally:
        gc.enable()
    print(
        f"  best of {full.runs} runs: {full.best:.2f} s; with Python's cyclic garbage collector "
        f"paused: {paused:.2f} s"
    )

    small_snapshot = large_snapshot(args.scale / 10, args.seed)
    small = measure(small_snapshot, registry, config, memory=False, repeats=2)
    print(
        f"baseline (scale {args.scale / 10:g}, same run): {small.seconds:6.3f} s for "
        f"{small.records} records -> {small.findings} findings (best of {small.runs} runs "
        f"{small.best:.3f} s); JSON {small.json_seconds:.3f} s"
    )

    target = TARGET_SECONDS * args.scale
    record_ratio = full.records / small.records
    time_ratio = full.best / max(small.best, 1e-9)
    excess = time_ratio / record_ratio
    print(
        f"comparison: target < {target:g} s for this size on 2 cores: {full.seconds:.2f} s "
        f"{verdict(full.seconds < target)}; scaling {record_ratio:.1f}x the records took "
        f"{time_ratio:.1f}x the time (best runs) ({excess:.2f}x linear, target <= {MAX_SCALING_EXCESS:g}x): "
        f"{verdict(excess <= MAX_SCALING_EXCESS)}"
    )

    if args.profile:
        cProfile.runctx(
            "run.evaluate(snapshot, registry, config, AS_OF)",
            globals(),
            {"snapshot": snapshot, "registry": registry, "config": config},
            str(args.profile),
        )
        print(f"profile written to {args.profile}")
    within = full.seconds < target and excess <= MAX_SCALING_EXCESS
    return 1 if args.strict and not within else 0


if __name__ == "__main__":
    raise SystemExit(main())

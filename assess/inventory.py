"""The secrets inventory: every secret, key and certificate, with its store, environment, expiry,
age, last rotation, enabled state, who can read it and the findings on it; then every credential
held outside a vault (an app setting, a slot setting, a container's environment variable, a plain
named value, a deployment value, a scanned file, an application log), with the id of the group of
places that share it. Never a value.

``assess inventory`` builds it from a snapshot (all columns; the findings come from evaluating
the snapshot, or from a results file given beside it) or from a results file alone (the items
findings name, with their store, environment and findings; dates and readers need the snapshot).
CSV is written with the standard library, XLSX with XlsxWriter (chosen by measurement, see
docs/ci/README.md: about twice as fast as openpyxl here, and byte-identical from run to run).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from assess.config import Config, EnvironmentResolver
from assess.errors import UsageError
from assess.model import Finding, Status
from assess.results import Results
from assess.sharing import place_environment, places, shared_groups
from assess.snapshot import (
    ItemAttributes,
    Snapshot,
    in_scope,
    last_segment,
    norm_id,
    subscription_of,
)
from assess.visible import visible
from checks._common import (
    allows_data_action,
    backs_certificate,
    scope_label,
    secret_reach,
)

KEY_USE = (
    "Microsoft.KeyVault/vaults/keys/decrypt/action",
    "Microsoft.KeyVault/vaults/keys/unwrap/action",
    "Microsoft.KeyVault/vaults/keys/sign/action",
)
"""Data actions that use a key's private part (what reading means for a key)."""
_KEY_POLICY_USE = frozenset({"decrypt", "unwrapkey", "sign", "all"})
MANAGEMENT_GROUPS = "/providers/microsoft.management/managementgroups/"

FORMATS = ("csv", "xlsx")
_ITEM_TYPES = {
    "microsoft.keyvault/vaults/secrets": "secret",
    "microsoft.keyvault/vaults/keys": "key",
    "microsoft.keyvault/vaults/certificates": "certificate",
}


@dataclass(frozen=True)
class Row:
    """One inventory line. Dates are ISO dates; empty means not known (never "none")."""

    kind: str
    """``secret``, ``key`` or ``certificate`` (a certificate is seen through its backing secret)."""
    name: str
    store: str
    subscription: str
    environment: str
    enabled: str
    expires: str
    days_to_expiry: int | None
    last_rotation: str
    """When the current version was created: the last time it was rotated."""
    age_days: int | None
    """Days since the current version was created."""
    readers: str
    """The identities that can read it now (a key: use it to decrypt, unwrap or sign), as object
    ids and how, ``; ``-separated."""
    failing: int
    findings: str
    """Check id and status (``fail``, ``waived``, ``unknown``) of every finding on it that did
    not pass, ``; ``-separated."""
    shared_group: str
    """For a credential held outside a vault: the id (``cred-...``) of the group of places that
    hold the same credential, as the reports' shared credentials section names it; empty when no
    other place holds it (and for a vault's items, whose values are never read)."""
    id: str


COLUMNS = tuple(f.name for f in fields(Row))


def _date(value: datetime | None) -> str:
    return value.date().isoformat() if value is not None else ""


def _days(later: datetime | None, earlier: datetime | None) -> int | None:
    if later is None or earlier is None:
        return None
    return (later - earlier).days


def _enabled(attributes: ItemAttributes) -> str:
    return "" if attributes.enabled is None else ("yes" if attributes.enabled else "no")


def _findings_by_resource(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        found[norm_id(f.resource_id)].append(f)
    return found


def _finding_columns(findings: Sequence[Finding]) -> tuple[int, str]:
    shown = [f for f in findings if f.status in (Status.FAIL, Status.UNKNOWN)]
    failing = sum(1 for f in shown if f.status is Status.FAIL and not f.waived)
    words = "; ".join(
        f"{f.check_id} {'waived' if f.waived else f.status.value}"
        for f in sorted(shown, key=lambda f: f.check_id)
    )
    return failing, words


def _readers(snapshot: Snapshot, resolver: EnvironmentResolver) -> dict[str, list[str]]:
    """Normalised vault id -> who can read its secrets now (object id and how)."""
    readers: dict[str, set[str]] = defaultdict(set)
    for reach in secret_reach(snapshot, resolver):
        if reach.direct:
            who = reach.principal.object_id.lower()
            readers[norm_id(reach.vault.id)].add(f"{who} ({reach.via})")
    return {vault: sorted(found) for vault, found in readers.items()}


def _key_users(snapshot: Snapshot) -> dict[str, list[str]]:
    """Normalised vault id -> who can use its keys (decrypt, unwrap, sign), and how.

    RBAC vaults: a role with one of :data:`KEY_USE` assigned at the vault, above it, or at a
    management group (taken to reach every vault: more readers rather than fewer). Access-policy
    vaults: a policy with decrypt, unwrapKey, sign or all on keys."""
    definitions = {d.guid.lower(): d for d in snapshot.role_definitions}
    users: dict[str, set[str]] = defaultdict(set)
    for vault in snapshot.vaults:
        vault_id = norm_id(vault.id)
        if vault.enable_rbac_authorization is not True:
            for policy in vault.access_policies:
                if {p.lower() for p in policy.keys} & _KEY_POLICY_USE:
                    users[vault_id].add(f"{policy.object_id.lower()} (an access policy)")
            continue
        for a in snapshot.role_assignments:
            definition = definitions.get(a.role_definition_guid.lower())
            scope = norm_id(a.scope)
            applies = in_scope(vault.id, a.scope) or scope.startswith(MANAGEMENT_GROUPS)
            if definition is None or not applies:
                continue
            if any(allows_data_action(definition, op) for op in KEY_USE):
                via = f"{definition.role_name} at {scope_label(snapshot, a.scope)}"
                users[vault_id].add(f"{a.principal_id.lower()} ({via})")
    return {vault: sorted(found) for vault, found in users.items()}


def from_snapshot(snapshot: Snapshot, results: Results, resolver: EnvironmentResolver) -> list[Row]:
    """Every secret and key of the snapshot (backing secrets as certificates), with the
    findings of ``results`` on each."""
    as_of = results.run.as_of
    by_resource = _findings_by_resource(results.findings)
    readers = _readers(snapshot, resolver)
    key_users = _key_users(snapshot)
    vaults = {norm_id(v.id): v for v in snapshot.vaults}
    rows: list[Row] = []
    items: list[tuple[str, str, str, str, ItemAttributes, dict[str, str]]] = [
        (
            "certificate" if backs_certificate(s) else "secret",
            s.id,
            s.name,
            s.vault_id,
            s.attributes,
            s.tags,
        )
        for s in snapshot.secrets
    ]
    items += [("key", k.id, k.name, k.vault_id, k.attributes, k.tags) for k in snapshot.keys]
    for kind, item_id, name, vault_id, attributes, tags in items:
        vault = vaults.get(norm_id(vault_id))
        failing, words = _finding_columns(by_resource.get(norm_id(item_id), ()))
        subscription = subscription_of(item_id)
        sub = snapshot.subscription(subscription)
        who = (key_users if kind == "key" else readers).get(norm_id(vault_id), [])
        rows.append(
            Row(
                kind=kind,
                name=name,
                store=vault.name if vault is not None else last_segment(vault_id),
                subscription=(sub.display_name if sub and sub.display_name else subscription),
                environment=resolver(item_id, tags),
                enabled=_enabled(attributes),
                expires=_date(attributes.expires),
                days_to_expiry=_days(attributes.expires, as_of),
                last_rotation=_date(attributes.created),
                age_days=_days(as_of, attributes.created),
                readers="; ".join(who),
                failing=failing,
                findings=words,
                shared_group="",
                id=item_id,
            )
        )
    return _sorted(rows) + _held_outside(snapshot, resolver)


def _sorted(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: (r.store.lower(), r.kind, r.name.lower(), r.id.lower()))


def _bare_row(
    kind: str,
    name: str,
    store: str,
    subscription: str,
    environment: str,
    resource_id: str,
    *,
    failing: int = 0,
    findings: str = "",
    shared_group: str = "",
) -> Row:
    """A row without dates, state or readers: an item known from a results file, or a
    credential held outside a vault (the tool never sees when a setting's value was set)."""
    return Row(
        kind=kind,
        name=name,
        store=store,
        subscription=subscription,
        environment=environment,
        enabled="",
        expires="",
        days_to_expiry=None,
        last_rotation="",
        age_days=None,
        readers="",
        failing=failing,
        findings=findings,
        shared_group=shared_group,
        id=resource_id,
    )


def _held_outside(snapshot: Snapshot, resolver: EnvironmentResolver) -> list[Row]:
    """Every place holding a credential outside a vault, each with its shared group's id."""
    grouped = {g.fingerprint: g.id for g in shared_groups(snapshot, resolver)}
    names = {s.subscription_id.lower(): s.display_name for s in snapshot.subscriptions}
    rows = []
    for place in places(snapshot):
        subscription = subscription_of(place.resource_id)
        rows.append(
            _bare_row(
                place.kind,
                place.setting,
                place.resource_name,
                names.get(subscription.lower()) or subscription,
                place_environment(place, resolver),
                place.resource_id,
                shared_group=grouped.get(place.fingerprint, ""),
            )
        )
    return _sorted(list(set(rows)))


def _is_item(resource_id: str) -> bool:
    """An id of a vault's secret, key or certificate (not a scope a gap left unknown)."""
    parts = norm_id(resource_id).split("/")
    return len(parts) >= 3 and parts[-2] in ("secrets", "keys", "certificates")


def from_results(results: Results) -> list[Row]:
    """The secrets, keys and certificates the findings of ``results`` are about: store,
    environment and findings (a results file holds no dates or readers)."""
    by_resource = _findings_by_resource(
        f
        for f in results.findings
        if f.resource_type.lower() in _ITEM_TYPES and _is_item(f.resource_id)
    )
    names = {s.subscription_id.lower(): s.display_name for s in results.run.subscriptions}
    rows = []
    for findings in by_resource.values():
        first = findings[0]
        failing, words = _finding_columns(findings)
        parts = first.resource_id.rstrip("/").split("/")
        store = parts[-3] if len(parts) >= 3 else ""
        subscription = subscription_of(first.resource_id)
        rows.append(
            _bare_row(
                _ITEM_TYPES[first.resource_type.lower()],
                first.resource_name,
                store,
                names.get(subscription, subscription) or subscription,
                first.environment,
                first.resource_id,
                failing=failing,
                findings=words,
            )
        )
    shared = [
        _bare_row(
            p.kind,
            p.setting,
            p.resource_name,
            names.get(subscription_of(p.resource_id).lower()) or subscription_of(p.resource_id),
            p.environment,
            p.resource_id,
            shared_group=group.id,
        )
        for group in results.shared_credentials
        for p in group.places
    ]
    return _sorted(rows) + _sorted(shared)


def _cells(row: Row) -> list[str | int | None]:
    return [getattr(row, name) for name in COLUMNS]


def _safe(cell: str | int | None) -> str | int:
    """Estate text stays text: a name starting like a formula is not run by a spreadsheet, and
    invisible characters (controls, bidi overrides, zero-width) are shown as ``‹U+XXXX›``."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        cell = visible(cell)
    if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + cell
    return cell


def to_csv(rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_safe(c) for c in _cells(row)])
    return buffer.getvalue()


def to_xlsx(rows: Sequence[Row], as_of: datetime) -> bytes:
    """One sheet, a header row with a filter, text cells written as text (never formulas), and
    the workbook dated ``as_of`` so the same inventory gives the same bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties(
        {"title": "waf-assess secrets inventory", "created": as_of.replace(tzinfo=None)}
    )
    sheet = book.add_worksheet("inventory")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    for n, row in enumerate(rows, start=1):
        for column, cell in enumerate(_cells(row)):
            if isinstance(cell, int):
                sheet.write_number(n, column, cell)
            elif cell:
                sheet.write_string(n, column, visible(cell))
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


@dataclass(frozen=True)
class Inventory:
    rows: list[Row]
    as_of: datetime
    note: str = ""
    """What the inventory could not show, for the user (empty when complete)."""


def build(
    source: Path, results_file: Path | None, config: Config, as_of: datetime | None
) -> Inventory:
    """The inventory of a snapshot or a results file (see the module's docstring)."""
    from assess.results import load_results
    from assess.run import evaluate, select_checks
    from assess.snapshot import load_snapshot, read_json_file

    data = read_json_file(source, "snapshot or results")
    is_results = isinstance(data, dict) and "scores" in data and "findings" in data
    if is_results:
        if results_file is not None:
            raise UsageError(
                f"{source} is a results file", hint="give the snapshot first, then --results"
            )
        results = load_results(source)
        return Inventory(
            from_results(results),
            results.run.as_of,
            "a results file holds no expiry, age, enabled state or readers: give the snapshot "
            "(assess inventory SNAPSHOT.json --results RESULTS.json) for those columns",
        )
    snapshot = load_snapshot(source)
    if results_file is not None:
        results = load_results(results_file)
    else:
        when = as_of or snapshot.collected_at.replace(microsecond=0)
        results = evaluate(snapshot, select_checks(config), config, when)
    note = "" if "secrets" in snapshot.collected else "this snapshot holds no secrets or keys"
    rows = from_snapshot(snapshot, results, EnvironmentResolver(config.environments, snapshot))
    return Inventory(rows, results.run.as_of, note)


def render(inventory: Inventory, fmt: str) -> str | bytes:
    if fmt == "csv":
        return to_csv(inventory.rows)
    return to_xlsx(inventory.rows, inventory.as_of)

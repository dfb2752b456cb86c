"""Microsoft.KeyVault (management plane): vaults, and secret and key metadata.

The management plane lists secrets and keys with their attributes only; no value is ever in these
bodies. The parsers still drop any ``value`` they meet before reading, so a changed service (or a
hostile cassette) cannot put one into a snapshot.

Shapes as published (2026-02-01 examples) and as recorded: attribute times are Unix epoch seconds;
``enableSoftDelete``, ``enablePurgeProtection``, ``enableRbacAuthorization`` and ``networkAcls``
are often absent from vault bodies, and absent is kept as ``None``; list items of keys carry no
``kty``; a generic ``/resources`` listing of vaults has no ``properties`` at all (every property is
then ``None``). The azure-mgmt-keyvault models type the attributes as ``datetime``, while the REST
bodies carry integers: this module reads the integers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.collectors._base import (
    GapSink,
    Identified,
    epoch,
    fetch_one,
    list_parsed,
    opt_bool,
    opt_int,
    opt_text,
    props,
    strings,
    tags,
    text,
    tracked,
)
from assess.http import ApiError, ArmClient
from assess.snapshot import (
    AccessPolicy,
    ItemAttributes,
    KeyDetail,
    KeyMeta,
    KeyVersion,
    LifetimeAction,
    NetworkAcls,
    RotationPolicy,
    SecretMeta,
    Vault,
)
from assess.sources.keyvault import KEY_GET, KEY_VERSIONS_LIST, KEYS_LIST, SECRETS_LIST, VAULT_GET


def parse_vault(item: Mapping[str, Any]) -> Vault | None:
    common = tracked(item)
    if common is None:
        return None
    p = props(item)
    sku = p.get("sku") if isinstance(p.get("sku"), Mapping) else item.get("sku")
    return Vault(
        **common,
        sku=opt_text(sku.get("name")) if isinstance(sku, Mapping) else None,
        tenant_id=opt_text(p.get("tenantId")),
        vault_uri=opt_text(p.get("vaultUri")) or opt_text(p.get("hsmUri")),
        enable_soft_delete=opt_bool(p.get("enableSoftDelete")),
        soft_delete_retention_days=opt_int(p.get("softDeleteRetentionInDays")),
        enable_purge_protection=opt_bool(p.get("enablePurgeProtection")),
        enable_rbac_authorization=opt_bool(p.get("enableRbacAuthorization")),
        public_network_access=opt_text(p.get("publicNetworkAccess")),
        network_acls=_network_acls(p.get("networkAcls")),
        private_endpoint_states=_private_endpoint_states(p.get("privateEndpointConnections")),
        access_policies=tuple(
            policy
            for policy in (_access_policy(a) for a in p.get("accessPolicies") or ())
            if policy is not None
        ),
        kind="managedHSM" if text(item.get("type")).lower().endswith("managedhsms") else "vault",
    )


def _network_acls(value: Any) -> NetworkAcls | None:
    if not isinstance(value, Mapping):
        return None
    ip_rules = value.get("ipRules")
    vnet_rules = value.get("virtualNetworkRules")
    return NetworkAcls(
        default_action=opt_text(value.get("defaultAction")),
        bypass=opt_text(value.get("bypass")),
        ip_rules=len(ip_rules) if isinstance(ip_rules, list) else 0,
        virtual_network_rules=len(vnet_rules) if isinstance(vnet_rules, list) else 0,
        ip_ranges=tuple(
            rule["value"].strip()
            for rule in (ip_rules if isinstance(ip_rules, list) else ())
            if isinstance(rule, Mapping) and isinstance(rule.get("value"), str)
        ),
    )


def lacks_properties(vault: Vault) -> bool:
    """True when the vault came from a list item without ``properties`` (some list responses and
    api-versions return only id, name, location and tags): ``tenantId`` and ``vaultUri`` (or
    ``hsmUri``) are in every vault body that has properties."""
    return vault.tenant_id is None and vault.vault_uri is None and vault.sku is None


def read_vault(client: ArmClient, base: str, vault: Vault, sink: GapSink) -> list[Vault]:
    """The vault as its own GET returns it, for a list item without properties.

    When the GET fails, or answers without properties too, a ``vaults`` gap over the vault makes
    every finding on its settings ``unknown``; the listed record is kept (name, place, tags).
    """
    return [_read_vault(client, base, vault, sink)]


def _read_vault(client: ArmClient, base: str, vault: Vault, sink: GapSink) -> Vault:
    op = VAULT_GET
    body = fetch_one(
        client, op.url(base, scope=vault.id.rstrip("/")), op, vault.id, ["vaults"], sink
    )
    read = parse_vault(body) if body is not None else None
    if read is not None and not lacks_properties(read):
        return read
    if body is not None:
        sink.add(
            ApiError(200, "NoProperties", "the vault's GET returned no properties"),
            op,
            vault.id,
            ["vaults"],
        )
    return vault


def _private_endpoint_states(value: Any) -> tuple[str, ...]:
    states: list[str] = []
    for connection in value if isinstance(value, list) else ():
        if not isinstance(connection, Mapping):
            continue
        state = props(connection).get("privateLinkServiceConnectionState")
        if isinstance(state, Mapping) and isinstance(state.get("status"), str):
            states.append(state["status"])
    return tuple(sorted(states))


def _access_policy(value: Any) -> AccessPolicy | None:
    if not isinstance(value, Mapping) or not isinstance(value.get("objectId"), str):
        return None
    permissions = value.get("permissions")
    perms: Mapping[str, Any] = permissions if isinstance(permissions, Mapping) else {}
    return AccessPolicy(
        object_id=value["objectId"],
        tenant_id=text(value.get("tenantId")),
        application_id=opt_text(value.get("applicationId")),
        secrets=strings(perms.get("secrets")),
        keys=strings(perms.get("keys")),
        certificates=strings(perms.get("certificates")),
    )


def _without_values(item: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """A copy of the item and of its properties with any ``value`` removed."""
    top = {k: v for k, v in item.items() if k.lower() != "value"}
    inner = {k: v for k, v in props(item).items() if k.lower() != "value"}
    return top, inner


def item_attributes(value: Any) -> ItemAttributes:
    """Key Vault ``attributes`` (epoch seconds) of a secret, key, certificate or version."""
    if type(value) is not dict and not isinstance(value, Mapping):
        return ItemAttributes()
    return ItemAttributes(
        enabled=opt_bool(value.get("enabled")),
        created=epoch(value.get("created")),
        updated=epoch(value.get("updated")),
        expires=epoch(value.get("exp")),
        not_before=epoch(value.get("nbf")),
        recovery_level=opt_text(value.get("recoveryLevel")),
    )


def _item_fields(
    item: Mapping[str, Any], vault_id: str
) -> tuple[dict[str, Any], Mapping[str, Any]]:
    """The fields secrets and keys share, and the properties; ({}, {}) if no id. Only named
    fields are read, never a ``value`` (a list holds none; copying each item without it cost a
    third of the parsing)."""
    top, p = item, props(item)
    rid = text(top.get("id"))
    if not rid:
        return {}, {}
    common: dict[str, Any] = {
        "id": rid,
        "name": text(top.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        "vault_id": vault_id,
        "attributes": item_attributes(p.get("attributes")),
        "tags": tags(top.get("tags")),
    }
    return common, p


def parse_secret(item: Mapping[str, Any], vault_id: str) -> SecretMeta | None:
    common, p = _item_fields(item, vault_id)
    if not common:
        return None
    return SecretMeta(
        **common, content_type=opt_text(p.get("contentType")), managed=opt_bool(p.get("managed"))
    )


def parse_key(item: Mapping[str, Any], vault_id: str) -> KeyMeta | None:
    common, p = _item_fields(item, vault_id)
    return KeyMeta(**common, kty=opt_text(p.get("kty"))) if common else None


def list_secrets(
    client: ArmClient, base: str, vault: Identified, sink: GapSink
) -> list[SecretMeta]:
    """The metadata of a vault's secrets (never a value); a failure is a ``secrets`` gap over it."""
    vault_id = vault.id
    op = SECRETS_LIST
    url = op.url(base, scope=vault_id.rstrip("/"))
    return list_parsed(
        client, op, url, vault_id, "secrets", sink, lambda i: parse_secret(i, vault_id)
    )


def list_keys(client: ArmClient, base: str, vault: Identified, sink: GapSink) -> list[KeyMeta]:
    """The metadata of a vault's keys; a failure is a ``keys`` gap over it."""
    vault_id = vault.id
    op = KEYS_LIST
    url = op.url(base, scope=vault_id.rstrip("/"))
    return list_parsed(client, op, url, vault_id, "keys", sink, lambda i: parse_key(i, vault_id))


def _rotation_policy(value: Any) -> RotationPolicy | None:
    if not isinstance(value, Mapping):
        return None
    attributes = value.get("attributes")
    actions: list[LifetimeAction] = []
    for entry in value.get("lifetimeActions") or ():
        if not isinstance(entry, Mapping):
            continue
        action = entry.get("action")
        trigger = entry.get("trigger")
        kind = text(action.get("type")) if isinstance(action, Mapping) else ""
        when = trigger if isinstance(trigger, Mapping) else {}
        if kind:
            actions.append(
                LifetimeAction(
                    action=kind,
                    time_after_create=opt_text(when.get("timeAfterCreate")),
                    time_before_expiry=opt_text(when.get("timeBeforeExpiry")),
                )
            )
    return RotationPolicy(
        expiry_time=opt_text(attributes.get("expiryTime"))
        if isinstance(attributes, Mapping)
        else None,
        lifetime_actions=tuple(actions),
    )


def parse_key_detail(body: Mapping[str, Any], key: KeyMeta) -> KeyDetail:
    """A ``Keys_Get`` body: strength, operations, exportability and rotation policy."""
    _, p = _without_values(body)
    attributes = p.get("attributes")
    return KeyDetail(
        id=key.id,
        vault_id=key.vault_id,
        kty=opt_text(p.get("kty")),
        key_size=opt_int(p.get("keySize")),
        curve_name=opt_text(p.get("curveName")),
        key_ops=strings(p.get("keyOps")),
        exportable=opt_bool(attributes.get("exportable"))
        if isinstance(attributes, Mapping)
        else None,
        rotation_policy=_rotation_policy(p.get("rotationPolicy")),
    )


def parse_key_version(item: Mapping[str, Any], key: KeyMeta) -> KeyVersion | None:
    top, p = _without_values(item)
    rid = text(top.get("id"))
    if not rid:
        return None
    return KeyVersion(
        id=rid,
        key_id=key.id,
        version=text(top.get("name")) or rid.rstrip("/").rsplit("/", 1)[-1],
        attributes=item_attributes(p.get("attributes")),
    )


def read_key(client: ArmClient, base: str, key: KeyMeta, sink: GapSink) -> list[KeyDetail]:
    """``Keys_Get`` of one key; a failure is a ``key_details`` gap over the key."""
    op = KEY_GET
    body = fetch_one(
        client, op.url(base, scope=key.id.rstrip("/")), op, key.id, ["key_details"], sink
    )
    return [parse_key_detail(body, key)] if body is not None else []


def list_key_versions(
    client: ArmClient, base: str, key: KeyMeta, sink: GapSink
) -> list[KeyVersion]:
    """``Keys_ListVersions`` of one key; a failure is a ``key_versions`` gap over the key."""
    op = KEY_VERSIONS_LIST
    url = op.url(base, scope=key.id.rstrip("/"))
    return list_parsed(
        client, op, url, key.id, "key_versions", sink, lambda i: parse_key_version(i, key)
    )

"""The one judgement behind the local-authentication checks of item SE09-3 (pure; no I/O).

A data service that still accepts its own keys, SAS signatures, admin passwords or local accounts
hands out a shared secret that must be distributed, stored and rotated outside Key Vault. Each
service says it in one property of its list answer; :class:`LocalAuth` names that property, the
value that means "keys refused", and the words of the finding. An absent property is the
service's documented default: "keys accepted" for every service here but Container Registry, whose
``adminUserEnabled`` is false unless set (REST reference: "This value is false by default"; Azure
Policy dc921057 flags only ``adminUserEnabled`` true). String values compare without regard to
case (PostgreSQL's ``Disabled``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from assess.checkapi import CheckContext, Outcome
from assess.snapshot import DeclaredResource, JsonScalar, Snapshot, norm_id
from assess.sources import mysql
from checks._common import shown, subscription_label
from checks._secret_stores import by_parent


@dataclass(frozen=True)
class LocalAuth:
    kind: str
    """The evidence kind (a declared source's records)."""
    api: str
    noun: str
    """``Service Bus namespace``: starts both sentences."""
    prop: str
    """The property that decides, by its REST name (dotted when nested)."""
    refused: JsonScalar
    """Its value when only Microsoft Entra ID is accepted."""
    keys: str
    """What still works otherwise: ``its SAS keys and shared access signatures``."""
    also: tuple[str, ...] = ()
    """Properties shown beside it in the finding."""
    default: JsonScalar = None
    """What an absent property means, when the service documents a default; None: the default
    accepts keys."""

    def accepts_keys(self, resource: DeclaredResource) -> bool:
        value = resource.prop(self.prop)
        value = self.default if value is None else value
        if isinstance(value, str) and isinstance(self.refused, str):
            return value.lower() != self.refused.lower()
        return not (type(value) is type(self.refused) and value == self.refused)


def judge_local_auth(snapshot: Snapshot, ctx: CheckContext, rule: LocalAuth) -> Iterator[Outcome]:
    """One finding per resource of ``rule.kind``: pass only when keys are refused."""
    for resource in snapshot.records_of(rule.kind):
        value = resource.prop(rule.prop)
        where = subscription_label(snapshot, resource.subscription_id)
        yield ctx.expect(
            resource,
            ok=not rule.accepts_keys(resource),
            prop=", ".join(f"properties.{p}" for p in (rule.prop, *rule.also)),
            observed={p: resource.prop(p) for p in (rule.prop, *rule.also)},
            expected=f"{rule.prop} {shown(rule.refused)} (Microsoft Entra ID only)",
            api=rule.api,
            passed=f"{rule.noun} {resource.name} in {where} accepts Microsoft Entra ID only; "
            f"{rule.keys} do not work.",
            failed=f"{rule.noun} {resource.name} in {where} accepts {rule.keys} "
            f"({rule.prop} is {shown(value)}).",
        )


def judge_sas_rules(
    snapshot: Snapshot, ctx: CheckContext, rule: LocalAuth, rules: str, root: str, api: str
) -> Iterator[Outcome]:
    """One finding per namespace of ``rule.kind``: its authorization rules (kind ``rules``)
    other than ``root`` are SAS keys handed to some consumer; they pass only when the namespace
    refuses SAS keys altogether."""
    below = by_parent(snapshot, rules)
    for namespace in snapshot.records_of(rule.kind):
        extra = sorted(
            (r for r in below.get(norm_id(namespace.id), ()) if r.name.lower() != root.lower()),
            key=lambda r: r.name,
        )
        where = subscription_label(snapshot, namespace.subscription_id)
        named = ", ".join(
            f"{r.name} ({'/'.join(str(x) for x in r.each('rights[]'))})" for r in extra
        )
        keys_off = not rule.accepts_keys(namespace)
        yield ctx.expect(
            namespace,
            ok=keys_off or not extra,
            prop=f"properties.{rule.prop}, authorizationRules[].name, .rights",
            observed={rule.prop: namespace.prop(rule.prop), "rules": [r.name for r in extra]},
            expected=f"no authorization rule besides {root}, or {rule.prop} true",
            api=api,
            passed=f"{rule.noun} {namespace.name} in {where} "
            + (
                f"refuses SAS keys, so its {len(extra)} extra authorization rule(s) do not work."
                if keys_off and extra
                else f"hands out no SAS rule besides {root}."
            ),
            failed=f"{rule.noun} {namespace.name} in {where} accepts SAS keys and hands out "
            f"{len(extra)} authorization rule(s) besides {root}, each a key some consumer "
            f"holds: {named}.",
        )


def mysql_entra_only(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    """One finding per MySQL flexible server: only Microsoft Entra logins work (the server
    parameter ``aad_auth_only`` is ``ON``, which needs a Microsoft Entra administrator)."""
    admins = by_parent(snapshot, "mysql_entra_admins")
    switch = by_parent(snapshot, "mysql_entra_only")
    for server in snapshot.records_of("mysql_servers"):
        entra = sorted(str(a.prop("login") or a.name) for a in admins.get(norm_id(server.id), []))
        values = [str(c.prop("value") or "") for c in switch.get(norm_id(server.id), [])]
        only = values[0].upper() if values else ""
        where = subscription_label(snapshot, server.subscription_id)
        admin = shown(server.prop("administratorLogin"))
        because = (
            f"it has a Microsoft Entra administrator ({', '.join(entra)}) but aad_auth_only is "
            f"{only or 'not set'}"
            if entra
            else f"it has no Microsoft Entra administrator, so only passwords work "
            f"(aad_auth_only {only or 'not set'})"
        )
        yield ctx.expect(
            server,
            ok=only == "ON",
            prop="configurations/aad_auth_only.properties.value, administrators[].login",
            observed={
                "aad_auth_only": only or None,
                "Microsoft Entra administrators": entra,
                "administratorLogin": server.prop("administratorLogin"),
                "network.publicNetworkAccess": server.prop("network.publicNetworkAccess"),
            },
            expected="aad_auth_only ON (Microsoft Entra ID only) with an Entra administrator",
            api=mysql.ENTRA_ONLY_GET.name,
            passed=f"MySQL flexible server {server.name} in {where} accepts Microsoft Entra ID "
            f"logins only; password logins, the administrator {admin}'s among them, do not work.",
            failed=f"MySQL flexible server {server.name} in {where} accepts password logins, the "
            f"administrator {admin}'s among them: {because}.",
        )

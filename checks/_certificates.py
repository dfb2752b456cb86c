"""What the certificate and version checks share (pure; no I/O): each certificate with its policy,
and the older versions left enabled after a newer one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Protocol, TypeVar

from assess.checkapi import CheckContext, Outcome
from assess.model import Status
from assess.snapshot import (
    Certificate,
    CertificatePolicy,
    ItemAttributes,
    ItemVersion,
    Snapshot,
    norm_id,
)
from assess.sources.keyvault_data import CERTIFICATE_POLICY, CERTIFICATES_LIST
from checks._common import vault_label

CERTIFICATES_API = CERTIFICATES_LIST.name
POLICY_API = CERTIFICATE_POLICY.name
SERVER_AUTH = "1.3.6.1.5.5.7.3.1"
"""The TLS server authentication extended key usage."""


def certificate_label(snapshot: Snapshot, certificate: Certificate) -> str:
    return f"Certificate {certificate.name} in {vault_label(certificate.vault_id)}"


def judge_certificates(
    snapshot: Snapshot,
    ctx: CheckContext,
    judge: Callable[[Certificate, CertificatePolicy, str], Outcome],
) -> Iterator[Outcome]:
    """``judge(certificate, its policy, its name in words)`` for each enabled certificate; a
    disabled one is not applicable, one whose policy was not returned is unknown."""
    policies = {norm_id(p.id): p for p in snapshot.certificate_policies}
    for certificate in snapshot.certificates:
        where = certificate_label(snapshot, certificate)
        policy = policies.get(norm_id(certificate.id))
        if certificate.attributes.enabled is False:
            yield ctx.not_applicable(certificate, f"{where} is disabled: nothing can use it.")
        elif policy is None:
            text = f"{where}: its policy was not returned."
            yield ctx.outcome(certificate, Status.UNKNOWN, text, api=POLICY_API)
        else:
            yield judge(certificate, policy, where)


class Version(Protocol):
    @property
    def version(self) -> str: ...
    @property
    def attributes(self) -> ItemAttributes: ...


V = TypeVar("V", bound=Version)


def stale_versions(
    ctx: CheckContext, versions: Iterable[V], grace_days: int
) -> tuple[list[V], list[str]]:
    """The versions in creation order, and each older one still enabled more than
    ``grace_days`` after the next newer one was created (as words)."""
    ordered = sorted(
        versions,
        key=lambda v: (
            v.attributes.created or datetime.min.replace(tzinfo=ctx.as_of.tzinfo),
            v.version,
        ),
    )
    stale = [
        f"{old.version} (superseded {(ctx.as_of - new.attributes.created).days} days ago)"
        for old, new in pairwise(ordered)
        if old.attributes.enabled is not False
        and new.attributes.created is not None
        and ctx.as_of - new.attributes.created > timedelta(days=grace_days)
    ]
    return ordered, stale


def versions_by_item(versions: Iterable[ItemVersion]) -> dict[str, list[ItemVersion]]:
    found: dict[str, list[ItemVersion]] = {}
    for version in versions:
        found.setdefault(norm_id(version.item_id), []).append(version)
    return found

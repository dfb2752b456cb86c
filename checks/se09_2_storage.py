"""SE09-2 storage: secrets live in a secret store with strong encryption and recovery protection."""

from __future__ import annotations

from collections.abc import Iterator

from assess.checkapi import CheckContext, Outcome, check
from assess.snapshot import Snapshot
from checks._common import VAULTS_API, shown


@check("SE09-2.1")
def vault_soft_delete(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent means the service did not report it: not shown to be on, so it fails.
        on = vault.enable_soft_delete is True
        yield ctx.expect(
            vault,
            ok=on,
            prop="properties.enableSoftDelete",
            observed=vault.enable_soft_delete,
            expected=True,
            api=VAULTS_API,
            passed=f"Vault {vault.name} keeps deleted secrets recoverable "
            f"for {vault.soft_delete_retention_days or 90} days.",
            failed=f"Vault {vault.name} does not report soft delete as enabled "
            f"(enableSoftDelete is {shown(vault.enable_soft_delete)}).",
        )


@check("SE09-2.2")
def vault_purge_protection(snapshot: Snapshot, ctx: CheckContext) -> Iterator[Outcome]:
    for vault in snapshot.vaults:
        # Absent means the default, which is off.
        yield ctx.expect(
            vault,
            ok=vault.enable_purge_protection is True,
            prop="properties.enablePurgeProtection",
            observed=vault.enable_purge_protection,
            expected=True,
            api=VAULTS_API,
            passed=f"Vault {vault.name} has purge protection on.",
            failed=f"Vault {vault.name} can be purged before its retention period ends "
            f"(enablePurgeProtection is {shown(vault.enable_purge_protection)}).",
        )

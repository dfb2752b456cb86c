"""Small results files for the gate, history and CI tests, made through `assess evaluate`."""

from __future__ import annotations

from pathlib import Path

from snapshot_factory import make_subscription, make_vault

from assess.cli import main
from assess.snapshot import Snapshot, Vault, save_snapshot

AS_OF = "2026-11-01"


def vaults_snapshot(sub: str, purge: dict[str, bool]) -> Snapshot:
    """Vaults (name -> purge protection on?) in one subscription; only subscriptions and vaults
    collected, so every other check is unknown rather than passing."""
    vaults: tuple[Vault, ...] = tuple(
        make_vault(
            name,
            sub,
            enable_soft_delete=True,
            enable_purge_protection=on,
            enable_rbac_authorization=True,
        )
        for name, on in purge.items()
    )
    return Snapshot(
        collected=("subscriptions", "vaults"),
        subscriptions=(make_subscription(sub, "App"),),
        vaults=vaults,
    )


def save(tmp_path: Path, name: str, snapshot: Snapshot) -> Path:
    path = tmp_path / f"{name}.snapshot.json"
    save_snapshot(snapshot, path)
    return path


def evaluate_json(
    tmp_path: Path,
    name: str,
    snapshot: Snapshot,
    checks: tuple[str, ...],
    *,
    as_of: str = AS_OF,
    config: Path | None = None,
) -> Path:
    """``assess evaluate`` of ``snapshot`` with only ``checks``, to ``{name}.json``."""
    target = tmp_path / f"{name}.json"
    args = ["evaluate", str(save(tmp_path, name, snapshot)), "--as-of", as_of]
    args += ["-f", "json", "-o", str(target), "-q"]
    for check in checks:
        args += ["--check", check]
    if config is not None:
        args += ["-c", str(config)]
    assert main(args) == 0
    return target

"""Fixtures shared by the code-scan tests: fake credentials, a canary, and small tree builders."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from assess.codescan.model import CodeScanResult
from assess.codescan.scan import ScanOptions, scan_paths

CANARY = "AKIAZ3MSJX5LQ2W7RT4B"
"""A fake AWS access key id (right shape, never issued). It must never appear in any output."""
CANARY_LINE = f'aws_access_key_id = "{CANARY}"\n'

PASSWORD = "Tr0ub4dor&3-xkcd-Zeta"
"""A fake password that the generic assignment rule reports."""
PASSWORD_LINE = f'password = "{PASSWORD}"\n'


def scan(*paths: Path, **options: object) -> CodeScanResult:
    """Scan in this process unless a test asks for workers."""
    options.setdefault("workers", 1)
    options.setdefault("fingerprint_key", b"k" * 32)
    return scan_paths(list(paths), ScanOptions(**options))  # type: ignore[arg-type]


def rules_at(result: CodeScanResult) -> list[tuple[str, str, int, int]]:
    return [(f.rule_id, f.path, f.line, f.column) for f in result.findings]


def zip_bytes(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-C",
            str(repo),
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def init_repo(repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")


def assert_no_canary(texts: Sequence[str | bytes]) -> None:
    for text in texts:
        data = text if isinstance(text, str) else text.decode("utf-8", errors="replace")
        for value in (CANARY, PASSWORD):
            assert value not in data
            assert value[4:] not in data


def notebook(cells: list[dict[str, object]], indent: int | None = None) -> bytes:
    document = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=indent).encode()

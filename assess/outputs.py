"""How every file the tool writes reaches the disk: whole or not at all, readable by its owner only.

:func:`write_file` writes to a temporary file in the target's own folder (a name unique to this
write) and renames it over the target once it is complete and flushed. An interrupted run (Ctrl-C,
SIGTERM, a full disk) leaves the previous file as it was; two runs writing the same path at once
each replace it whole, never interleaved. On POSIX the file is created with mode 0600: reports,
snapshots and recordings describe a tenant and are for the person who ran the tool.

:func:`refuse_overwriting_inputs` is checked before any work: no output may be one of the run's
inputs (``assess evaluate snap.json -o snap.json``) or another of its outputs.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path

from assess.errors import UsageError


def write_file(path: Path, content: str | bytes) -> None:
    """Replace ``path`` with ``content`` (text is written as UTF-8) atomically, mode 0600.

    Raises :class:`OSError` when the folder cannot be written; the previous file is then intact.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def write_output(path: Path, content: str | bytes) -> None:
    """:func:`write_file` for an output the user named: a failure is one line, exit 2."""
    try:
        write_file(path, content)
    except OSError as exc:
        raise UsageError(
            f"cannot write {path}: {exc.strerror or exc}", hint="choose another -o path"
        ) from None


def _same(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        try:
            return os.path.samefile(a, b)
        except OSError:
            return False
    return a.resolve() == b.resolve()


def refuse_overwriting_inputs(
    outputs: Mapping[str, Iterable[Path | None]], inputs: Mapping[str, Iterable[Path | None]]
) -> None:
    """A :class:`UsageError` when an output (``{option: paths}``) is an input or another output."""
    seen: list[tuple[str, Path]] = [
        (name, path) for name, paths in inputs.items() for path in paths if path is not None
    ]
    for name, paths in outputs.items():
        for path in paths:
            if path is None:
                continue
            for other_name, other in seen:
                if _same(path, other):
                    raise UsageError(
                        f"{name} {path} would overwrite {other_name} {other}",
                        hint="write the output somewhere else",
                    )
            seen.append((name, path))

"""Which files a code scan reads: every regular file under the given paths, less what git ignores.

Inside a git work tree the list comes from git itself (``git ls-files --cached --others
--exclude-standard``: tracked files plus untracked files that no ignore rule covers), so nested
``.gitignore`` files, ``.git/info/exclude`` and the global excludes file all count exactly as git
counts them. Outside a work tree (or without git), ``.gitignore`` files found on the way down are
applied with :mod:`pathspec`'s git-compatible matcher. Symbolic links are never followed, and the
``.git`` folder itself is never read as files (``--git-history`` reads the history).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when first needed (start-up of scan-code)
    import pathspec


@dataclass(frozen=True, slots=True)
class WalkEntry:
    path: Path
    """Where the file is on disk."""
    display: str
    """How findings name it: relative to the scanned root, with ``/`` separators."""
    size: int


@dataclass
class WalkStats:
    ignored: int = 0
    """Files left out by an ignore rule (counted where the walk can see them)."""
    not_regular: int = 0
    """Symbolic links, sockets, devices: never read."""


def walk(
    root: Path, *, gitignore: bool = True, stats: WalkStats | None = None
) -> Iterator[WalkEntry]:
    """Every file to scan under ``root`` (a directory or a single file), in a stable order."""
    stats = stats if stats is not None else WalkStats()
    info = root.lstat()
    if stat.S_ISREG(info.st_mode):
        yield WalkEntry(root, root.name, info.st_size)
        return
    if not stat.S_ISDIR(info.st_mode):
        stats.not_regular += 1
        return
    # A folder named on the command line that git itself ignores (``dist/``, ``build/``) is
    # scanned anyway: asking for it is the point. Only .gitignore files inside it then apply.
    listed = _git_listed(root) if gitignore and not _git_ignored(root) else None
    if listed is not None:
        yield from _entries(root, listed, stats)
        return
    yield from _walk_tree(root, gitignore, stats)


def _entries(root: Path, relpaths: list[str], stats: WalkStats) -> Iterator[WalkEntry]:
    for rel in sorted(set(relpaths)):
        if rel.startswith(".git/") or "/.git/" in rel:
            continue
        path = root / rel
        try:
            info = path.lstat()
        except OSError:
            continue  # listed by git but deleted from the work tree
        if stat.S_ISREG(info.st_mode):
            yield WalkEntry(path, rel, info.st_size)
        elif not stat.S_ISDIR(info.st_mode):
            stats.not_regular += 1


def git_root(path: Path) -> Path | None:
    """The top of the git work tree holding ``path``, or ``None`` (not a work tree, or no git)."""
    if shutil.which("git") is None:
        return None
    folder = path if path.is_dir() else path.parent
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return Path(done.stdout.strip())


def _git_ignored(path: Path) -> bool:
    if git_root(path) is None:
        return False
    try:
        done = subprocess.run(
            ["git", "-C", str(path), "check-ignore", "-q", "."],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _git_listed(root: Path) -> list[str] | None:
    if git_root(root) is None:
        return None
    try:
        done = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = done.stdout.decode("utf-8", errors="surrogateescape").split("\0")
    return [name for name in names if name]


def _walk_tree(root: Path, gitignore: bool, stats: WalkStats) -> Iterator[WalkEntry]:
    """A plain walk, applying ``.gitignore`` files found on the way (outside a git work tree)."""
    # Each spec applies to paths relative to the folder that holds its .gitignore.
    specs: dict[str, pathspec.GitIgnoreSpec] = {}
    for folder, dirs, files in os.walk(root, topdown=True, followlinks=False):
        rel_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        rel_folder = "" if rel_folder == "." else rel_folder
        if gitignore and ".gitignore" in files:
            spec = _read_spec(Path(folder) / ".gitignore")
            if spec is not None:
                specs[rel_folder] = spec
        kept_dirs = []
        for name in sorted(dirs):
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if name == ".git":
                continue
            if os.path.islink(os.path.join(folder, name)):
                stats.not_regular += 1
                continue
            if gitignore and _ignored(specs, rel + "/"):
                stats.ignored += 1
                continue
            kept_dirs.append(name)
        dirs[:] = kept_dirs
        for name in sorted(files):
            rel = f"{rel_folder}/{name}" if rel_folder else name
            if gitignore and _ignored(specs, rel):
                stats.ignored += 1
                continue
            path = Path(folder) / name
            try:
                info = path.lstat()
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                stats.not_regular += 1
                continue
            yield WalkEntry(path, rel, info.st_size)


def _read_spec(path: Path) -> pathspec.GitIgnoreSpec | None:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: dict[str, pathspec.GitIgnoreSpec], rel: str) -> bool:
    """Git's rule: the deepest ``.gitignore`` with a matching pattern decides."""
    decision: bool | None = None
    for base, spec in sorted(specs.items(), key=lambda item: item[0].count("/") + bool(item[0])):
        if base and not (rel == base or rel.startswith(base + "/")):
            continue
        below = rel[len(base) + 1 :] if base else rel
        if not below:
            continue
        result = spec.check_file(below)
        if result.include is not None:
            decision = result.include
    return bool(decision)

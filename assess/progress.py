"""Progress reporting for collection: rich bars on a terminal, plain lines otherwise, or nothing."""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from rich.progress import TaskID


class Progress(Protocol):
    def start(self, task: str, total: int | None = None) -> None: ...
    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None: ...
    def finish(self, task: str) -> None: ...


class NullProgress:
    def start(self, task: str, total: int | None = None) -> None:
        return None

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        return None

    def finish(self, task: str) -> None:
        return None


class PlainProgress:
    """One line per collector when it finishes: for CI logs and pipes."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stderr
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def start(self, task: str, total: int | None = None) -> None:
        with self._lock:
            self._counts.setdefault(task, 0)

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        with self._lock:
            self._counts[task] = self._counts.get(task, 0) + resources

    def finish(self, task: str) -> None:
        with self._lock:
            print(f"collected {task}: {self._counts.get(task, 0)}", file=self._stream)


class RichProgress:
    """A live bar per collector with the number of resources seen. Use as a context manager."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as RichBar

        self._bar = RichBar(
            SpinnerColumn(),
            TextColumn("[bold]{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[resources]} found"),
            TimeElapsedColumn(),
            transient=False,
            console=None,
        )
        self._ids: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, task: str, total: int | None = None) -> None:
        with self._lock:
            if task not in self._ids:
                self._ids[task] = self._bar.add_task(task, total=total, resources=0)
            elif total is not None:
                self._bar.update(self._ids[task], total=total)

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        with self._lock:
            tid = self._ids.get(task)
            if tid is None:
                tid = self._ids[task] = self._bar.add_task(task, total=None, resources=0)
            current = self._bar._tasks[tid].fields.get("resources", 0)
            self._bar.update(tid, advance=steps, resources=current + resources)

    def finish(self, task: str) -> None:
        with self._lock:
            tid = self._ids.get(task)
            if tid is not None:
                t = self._bar._tasks[tid]
                self._bar.update(tid, total=t.completed or 1, completed=t.completed or 1)

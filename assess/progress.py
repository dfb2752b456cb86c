"""Progress reporting for collection: rich bars on a terminal, plain lines otherwise, or nothing.

Each phase of collection is a task with a count of units (subscriptions, vaults, sites...) and the
resources found. Beside the tasks the calls made so far are shown (:meth:`Progress.calls` names
where to read them): made, throttled (429) and retried. A task running long gets an estimate of
the time it has left, from its own pace. :meth:`Progress.note` is a line the user should read once
(a fallback taken, a subscription skipped, the summary of the calls at the end).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol, TextIO

from assess.visible import visible_line

if TYPE_CHECKING:
    from rich.progress import TaskID

Totals = Callable[[], Mapping[str, int]]
"""The calls made so far: ``calls``, ``throttled``, ``retried``, ``given_up``."""
PLAIN_EVERY = 15.0
"""Seconds between two plain lines about one running task."""


class Progress(Protocol):
    def start(self, task: str, total: int | None = None) -> None: ...
    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None: ...
    def finish(self, task: str) -> None: ...
    def note(self, text: str) -> None:
        """One line the user should read, shown once."""

    def calls(self, totals: Totals) -> None:
        """Where to read the calls made so far, shown beside the tasks."""


def calls_line(totals: Mapping[str, int]) -> str:
    """``Azure calls: 5,203 made, 12 throttled (429), 14 retried, 0 given up``."""
    return (
        f"Azure calls: {totals.get('calls', 0):,} made, {totals.get('throttled', 0):,} "
        f"throttled (429), {totals.get('retried', 0):,} retried, "
        f"{totals.get('given_up', 0):,} given up"
    )


def eta(started: float, done: int, total: int | None, now: float) -> str:
    """The time a task has left at its pace so far, ``""`` when it cannot be told."""
    if not total or done <= 0 or done >= total:
        return ""
    left = (now - started) / done * (total - done)
    return f"{left / 60:.0f} min" if left >= 90 else f"{max(left, 1):.0f} s"


class NullProgress:
    def start(self, task: str, total: int | None = None) -> None:
        return None

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        return None

    def finish(self, task: str) -> None:
        return None

    def note(self, text: str) -> None:
        return None

    def calls(self, totals: Totals) -> None:
        return None


class PlainProgress:
    """One line per collector when it finishes, and a line every ``every`` seconds for a task
    still running (done of total, found, time left, calls so far): for CI logs and pipes."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        every: float = PLAIN_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream or sys.stderr
        self._counts: dict[str, int] = {}
        self._done: dict[str, int] = {}
        self._totals: dict[str, int | None] = {}
        self._started: dict[str, float] = {}
        self._said: dict[str, float] = {}
        self._every = every
        self._clock = clock
        self._calls: Totals | None = None
        self._lock = threading.Lock()

    def start(self, task: str, total: int | None = None) -> None:
        with self._lock:
            self._counts.setdefault(task, 0)
            self._done.setdefault(task, 0)
            self._totals[task] = total
            now = self._clock()
            self._started.setdefault(task, now)
            self._said.setdefault(task, now)

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        with self._lock:
            self._counts[task] = self._counts.get(task, 0) + resources
            self._done[task] = self._done.get(task, 0) + steps
            now = self._clock()
            if now - self._said.setdefault(task, now) < self._every:
                return
            self._said[task] = now
            total = self._totals.get(task)
            done = self._done[task]
            left = eta(self._started.get(task, now), done, total, now)
            line = f"{task}: {done}" + (f" of {total}" if total else "") + " done"
            line += f", {self._counts[task]} found" + (f", about {left} left" if left else "")
            if self._calls is not None:
                line += f" · {calls_line(self._calls())}"
            print(line, file=self._stream)

    def finish(self, task: str) -> None:
        with self._lock:
            print(f"collected {task}: {self._counts.get(task, 0)}", file=self._stream)

    def note(self, text: str) -> None:
        with self._lock:
            print(visible_line(text), file=self._stream)

    def calls(self, totals: Totals) -> None:
        self._calls = totals


class RichProgress:
    """A live bar per collector with the number of resources seen and the time left, and a line
    with the calls made, throttled and retried. Use as a context manager."""

    CALLS = "Azure calls"

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichBar

        self._bar = RichBar(
            SpinnerColumn(),
            TextColumn("[bold]{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[resources]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=False,
            console=None,
        )
        self._ids: dict[str, TaskID] = {}
        self._found: dict[str, int] = {}
        self._calls: Totals | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._show_calls()
        self._bar.stop()

    def start(self, task: str, total: int | None = None) -> None:
        with self._lock:
            if task not in self._ids:
                self._ids[task] = self._bar.add_task(task, total=total, resources="0 found")
            elif total is not None:
                self._bar.update(self._ids[task], total=total)

    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
        with self._lock:
            tid = self._ids.get(task)
            if tid is None:
                tid = self._ids[task] = self._bar.add_task(task, total=None, resources="0 found")
            found = self._found.get(task, 0) + resources
            self._found[task] = found
            self._bar.update(tid, advance=steps, resources=f"{found} found")
        self._show_calls()

    def finish(self, task: str) -> None:
        with self._lock:
            tid = self._ids.get(task)
            if tid is not None:
                t = self._bar._tasks[tid]
                self._bar.update(tid, total=t.completed or 1, completed=t.completed or 1)

    def note(self, text: str) -> None:
        from rich.text import Text

        self._bar.console.print(Text(visible_line(text)))

    def calls(self, totals: Totals) -> None:
        self._calls = totals

    def _show_calls(self) -> None:
        if self._calls is None:
            return
        t = self._calls()
        text = f"{t.get('calls', 0):,} made, {t.get('throttled', 0):,} throttled, "
        text += f"{t.get('retried', 0):,} retried"
        with self._lock:
            if self.CALLS not in self._ids:
                self._ids[self.CALLS] = self._bar.add_task(self.CALLS, total=None, resources=text)
            self._bar.update(self._ids[self.CALLS], resources=text)

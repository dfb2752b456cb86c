"""Request budgets and the streaming scheduler every source runs on (standard library only).

**Budgets.** Azure meters reads: Resource Manager gives each subscription a bucket of 250 reads
refilled at 25 per second and says what is left in ``x-ms-ratelimit-remaining-subscription-reads``;
Resource Graph allows a user 15 queries per 5 seconds and says so in ``x-ms-user-quota-remaining``
and ``x-ms-user-quota-resets-after``; a Key Vault allows so many data-plane calls per 10 seconds.
A :class:`TokenBucket` is one such budget on the client's side: a call takes a token before it is
sent, so the client slows down before the service answers 429, and the service's own figures
(the remaining count, a ``Retry-After``) correct it as they arrive. A :class:`Budget` is a family
of buckets with the same limits, one per key (a subscription id, a vault's host, a user)::

    from assess.scheduler import Budget, parse_seconds

    graph = Budget(burst=15, per_second=3)              # Resource Graph: 15 per 5 s
    graph.take("tenant")                                # blocks until a token is free
    response = send(...)
    graph.observe(
        "tenant",
        remaining=int(response.headers["x-ms-user-quota-remaining"]),
        resets_after=parse_seconds(response.headers["x-ms-user-quota-resets-after"]),
    )
    if response.status_code == 429:
        graph.pause("tenant", parse_seconds(response.headers.get("Retry-After")))

Every bucket is safe to share between threads. ``take`` returns ``False`` instead of a token when
the wait would pass its ``deadline`` (the caller then records the call as throttled, never as an
empty answer).

**The scheduler.** :class:`Scheduler` runs tasks on one bounded pool of threads. A task is a plain
call; when it returns, its continuation (``then``) runs at once and may add the tasks that depend on
the answer (a vault's secrets, keys and diagnostic settings as soon as that vault is listed), so
no stage waits for the whole tenant. :meth:`Scheduler.run` returns when every task, including
those added on the way, is done, and raises the first exception a task raised (the others are
cancelled). Results are not ordered by the scheduler: whoever keeps them sorts at write time.
"""

from __future__ import annotations

import queue
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

ARM_READS_BURST = 250
"""Resource Manager's read bucket per subscription (and per tenant for tenant-level reads)..."""
ARM_READS_PER_SECOND = 25.0
"""...refilled at 25 per second (learn.microsoft.com, "Understand how Azure Resource Manager
throttles requests", token bucket algorithm)."""
ARM_READS_START = 8
"""Reads a subscription gets before Resource Manager's first ``remaining`` count is in (another
client of the same identity may have spent the burst already)."""

GRAPH_QUERIES_BURST = 15
"""Resource Graph's per-user quota: 15 queries..."""
GRAPH_QUERIES_PER_SECOND = 3.0
"""...every 5 seconds (learn.microsoft.com, "Guidance for throttled requests in Azure Resource
Graph"); each answer's ``x-ms-user-quota-remaining`` and ``-resets-after`` correct it."""

_EPSILON = 1e-9
"""Rounding slack: a bucket refilled to 0.9999999999 tokens has one."""
_MIN_SPAN = 0.25
"""Seconds between two counts before a refill rate is measured from them (the calls in flight
make each count uncertain by their number)."""
_CLOCK = re.compile(r"^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$")


def parse_seconds(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` (``"5"``), a Resource Graph ``resets-after``
    (``"00:00:05"``, ``"1.02:03:04"``), or ``None`` when absent or unreadable. HTTP dates are
    not read (Resource Manager sends seconds)."""
    if value is None:
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        match = _CLOCK.match(text)
        if match is None:
            return None
        days, hours, minutes, secs = match.groups()
        seconds = int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(secs)
    return seconds if seconds >= 0 else None


class Clock(Protocol):
    def __call__(self) -> float: ...


@dataclass
class BucketStats:
    """What a bucket did: tokens taken, calls that had to wait, seconds waited, pauses."""

    taken: int = 0
    waited: int = 0
    wait_seconds: float = 0.0
    pauses: int = 0
    corrected: int = 0
    """Times the service's remaining count was below the bucket's own and replaced it."""


@dataclass(frozen=True)
class Ticket:
    """One token taken: when, and how many the bucket had handed out by then (this one included).
    Given back with the answer's count (:meth:`TokenBucket.observe`), it tells which of the
    client's calls the service had already counted."""

    at: float
    number: int
    before: int = 0
    """Ticketed calls in flight when this one left: any of them may reach the service after it."""


class TokenBucket:
    """``burst`` tokens, ``per_second`` more each second, never more than ``burst``.

    :meth:`take` waits for a token; :meth:`observe` aligns the bucket with what the service says
    is left; :meth:`pause` holds every token back until a ``Retry-After`` has passed.
    """

    def __init__(
        self,
        burst: float,
        per_second: float,
        *,
        start: float | None = None,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        """``start``: the tokens a new bucket holds until the service's first count arrives
        (:meth:`observe`), which then sets it; ``None`` starts full. A small start keeps a client
        that shares the service's bucket with others from spending a burst it does not have.
        ``sleep``: how a call waits for its token; by default it waits on the bucket, and a
        count from the service that adds tokens wakes it early."""
        if burst < 1 or per_second <= 0:
            raise ValueError("a bucket needs a burst of at least 1 and a positive refill rate")
        self.burst = float(burst)
        self.per_second = float(per_second)
        """The refill rate now: the configured one, lowered while the service asks for less."""
        self._configured = float(per_second)
        self._floor = min(1.0, self._configured)
        self._clock = clock
        self._sleep = sleep
        self._tokens = float(burst) if start is None else min(float(burst), float(start))
        self._known = start is None
        """Whether the bucket's count is its own (full start) or was set by the service."""
        self._taken_unknown = 0
        """Tokens taken before the service's first count: in flight when it arrives."""
        self._peak = 0
        """The highest count the service gave: its bucket is full there."""
        self._sample: tuple[float, int, int] | None = None
        """(time, the service's count, tokens taken by then): the start of a rate measurement."""
        self._anchor: tuple[float, int] | None = None
        """(when a call left, its count plus its ticket number) for counts that come with their
        ticket: the start of the service's refill measured since its bucket was last full."""
        self._in_flight = 0
        """Ticketed calls sent and not yet answered."""
        self._learned: float | None = None
        """The service's refill rate measured from ticketed counts (a lower bound), once known."""
        self._at = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()
        self._more = threading.Condition(self._lock)
        self.stats = BucketStats()

    def _refill(self, now: float) -> None:
        if now > self._at:
            self._tokens = min(self.burst, self._tokens + (now - self._at) * self.per_second)
            self._at = now

    def _try(self, ticketed: bool) -> tuple[float, Ticket | None]:
        """(0, a ticket) with a token taken now, or (seconds until one is free, None). A ticketed
        token counts as in flight until its answer is observed or it is released."""
        with self._lock:
            now = self._clock()
            if now < self._paused_until:
                return self._paused_until - now, None
            self._refill(now)
            if self._tokens >= 1 - _EPSILON:
                self._tokens = max(0.0, self._tokens - 1)
                self.stats.taken += 1
                if not self._known:
                    self._taken_unknown += 1
                ticket = Ticket(now, self.stats.taken, self._in_flight)
                if ticketed:
                    self._in_flight += 1
                return 0.0, ticket
            return (1 - self._tokens) / self.per_second, None

    def try_take(self) -> float:
        """Take a token now and return 0, or take none and return the seconds until one is free."""
        return self._try(False)[0]

    def take(self, deadline: float | None = None) -> bool:
        """Wait for a token and take it; ``False`` (no token taken) when the wait would end past
        ``deadline`` (a time of this bucket's clock)."""
        return self._wait(deadline, False) is not None

    def acquire(self, deadline: float | None = None) -> Ticket | None:
        """:meth:`take`, returning the token's :class:`Ticket` (``None``: none taken). The call is
        in flight until its answer's count is observed with the ticket, or it is released."""
        return self._wait(deadline, True)

    def release(self, ticket: Ticket) -> None:
        """The ticketed call ended without a count (a failure, a refusal, no header)."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)

    def _wait(self, deadline: float | None, ticketed: bool) -> Ticket | None:
        started: float | None = None
        while True:
            wait, ticket = self._try(ticketed)
            if ticket is not None:
                if started is not None:
                    with self._lock:
                        self.stats.waited += 1
                        self.stats.wait_seconds += max(0.0, self._clock() - started)
                return ticket
            now = self._clock()
            if deadline is not None and now + wait > deadline:
                return None
            if started is None:
                started = now
            if self._sleep is not None:
                self._sleep(wait)
            else:
                with self._more:
                    self._more.wait(wait)

    def observe(
        self,
        remaining: int | None = None,
        resets_after: float | None = None,
        *,
        ticket: Ticket | None = None,
    ) -> None:
        """What the service says is left: the bucket never holds more than ``remaining``; with
        nothing left and a known reset time, it pauses until then.

        The counts also give the service's own refill rate: between two counts a second or more
        apart, what the service gained plus what this client spent, over the time between (only
        while the service's bucket is below its highest count seen: a full bucket does not
        refill). The bucket then refills at nine tenths of that, never above its configured rate,
        and at the configured rate again once the service's bucket is full.

        With the ``ticket`` of the call whose answer carried the count, the bucket is set to the
        service's count instead, up or down, and the service's rate is measured another way
        (:meth:`_observe_ticketed`); the call is no longer in flight. A ``remaining`` of
        ``None`` (no count in the answer) then only ends the call."""
        if ticket is not None:
            self._observe_ticketed(remaining, ticket)
            return
        if remaining is None or remaining < 0:
            return
        with self._lock:
            now = self._clock()
            self._refill(now)
            if not self._known:
                # The first count: the service's bucket, less the calls still on their way to it.
                self._known = True
                self._tokens = max(0.0, min(self.burst, remaining - (self._taken_unknown - 1)))
            elif remaining < self._tokens - 1:
                self._tokens = float(remaining)
                self.stats.corrected += 1
            self._learn_rate(now, remaining)
        if remaining == 0 and resets_after:
            self.pause(resets_after, refused=False)

    def _observe_ticketed(self, remaining: int | None, ticket: Ticket) -> None:
        """The service counted ``remaining`` reads left when this call reached it (just after
        the call left, at ``ticket.at``).

        **The bucket becomes the service's.** Calls that were in flight when this one left may
        reach the service after it (calls sent together arrive in any order), and so may every
        call sent since: each may still take one. What the service has for this client now is
        therefore at least ``remaining`` less those calls, plus what it refilled since (at the
        measured rate; nothing before one is measured). The bucket is set to that, up or down: the service's count is the
        truth, and without this a client that refills faster than the service overdraws by the
        difference every round trip.

        **The service's refill rate is measured.** While the service's bucket is below its
        highest count seen (a full bucket does not refill), its count plus the tokens this client
        took grows by exactly what it refilled; the calls in flight make each such level
        uncertain by their number, and the level at the start of the measurement is taken at its
        highest possible value and the latest one at its lowest. Over at least
        :data:`_MIN_SPAN` seconds, their difference (less one for counts rounded down) over the
        time between is a lower bound of the service's rate, which the bucket then refills at
        (never above the configured rate). Until a rate is measured, a bucket whose service is
        below its highest count refills at one read a second and relies on the counts: a
        service whose bucket is smaller than the client assumes is not overdrawn while the
        client learns its rate. The configured rate is taken again once the service's bucket is
        full and no rate was measured."""
        with self._more:
            self._in_flight = max(0, self._in_flight - 1)
            if remaining is None or remaining < 0:
                return
            now = self._clock()
            self._refill(now)
            self._peak = max(self._peak, remaining)
            # Calls that may reach the service after this one did: those in flight when it left,
            # and those sent since. (One answered already may have been counted after it too.)
            later = ticket.before + self.stats.taken - ticket.number
            if remaining >= self._peak - 1:  # full: nothing binds, and no refill to measure
                self._anchor = None
                self.per_second = self._learned or self._configured
            elif self._anchor is None:
                # The highest this level can be: calls taken after this one may have been
                # counted already.
                self._anchor = (ticket.at, remaining + self.stats.taken)
                self.per_second = self._learned or self._floor
            else:
                since, highest = self._anchor
                if ticket.at - since >= _MIN_SPAN:
                    lowest = remaining + ticket.number - ticket.before - 1
                    rate = (lowest - highest) / (ticket.at - since)
                    # Each measurement is a lower bound: the highest one holds (a 429 lowers it).
                    best = max(self._learned or self._floor, rate)
                    self._learned = min(self._configured, best)
                self.per_second = self._learned or self._floor
            refilled = (self._learned or 0.0) * max(0.0, now - ticket.at)
            service = max(0.0, min(self.burst, remaining - later + refilled))
            if service < self._tokens - 1:
                self.stats.corrected += 1
            raised = service > self._tokens
            self._tokens = service
            self._known = True
            if raised:
                self._more.notify_all()

    def _learn_rate(self, now: float, remaining: int) -> None:
        taken = self.stats.taken
        self._peak = max(self._peak, remaining)
        if remaining >= self._peak - 1:  # full: nothing binds, and no refill to measure
            self._sample = None
            self.per_second = self._configured
            return
        if self._sample is None:
            self._sample = (now, remaining, taken)
            return
        since, before, spent = self._sample
        if now - since < 1.0:
            return
        rate = (remaining - before + taken - spent) / (now - since)
        self.per_second = min(self._configured, max(self._floor, 0.9 * rate))
        self._sample = (now, remaining, taken)

    def pause(self, seconds: float | None, *, refused: bool = True) -> None:
        """No token for ``seconds`` (a ``Retry-After``); then one, and the refill from there. After
        a refusal (``refused``: a 429) the refill runs at half the rate it had: the client was
        too fast, and the bucket is empty even without a ``Retry-After``."""
        if not seconds or seconds <= 0:
            if refused:
                with self._lock:
                    self._refill(self._clock())
                    self._tokens = 0.0
                    self._anchor = None
            return
        with self._lock:
            now = self._clock()
            until = now + seconds
            if until > self._paused_until:
                if refused:
                    self.per_second = max(self._floor, self.per_second * 0.5)
                    if self._learned is not None:
                        self._learned = self.per_second
                    self._anchor = None  # the refused calls took nothing: the counts start again
                self._paused_until = until
                self._tokens = 0.0
                self._at = until - 1 / self.per_second
                self.stats.pauses += 1

    @property
    def in_flight(self) -> int:
        """Ticketed calls sent and not yet answered (or released)."""
        with self._lock:
            return self._in_flight

    @property
    def available(self) -> float:
        """Tokens a call could take now (0 while paused)."""
        with self._lock:
            now = self._clock()
            if now < self._paused_until:
                return 0.0
            self._refill(now)
            return self._tokens


class Budget:
    """One :class:`TokenBucket` per key, all with the same limits, made on first use.

    Resource Manager's read limits per subscription are ``Budget()`` (250 burst, 25 per second);
    a Key Vault's data-plane budget could be ``Budget(burst=4000, per_second=400)`` keyed by the
    vault's host; Resource Graph's per-user quota ``Budget(burst=15, per_second=3)``.
    """

    def __init__(
        self,
        burst: float = ARM_READS_BURST,
        per_second: float = ARM_READS_PER_SECOND,
        *,
        start: float | None = None,
        clock: Clock = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        TokenBucket(burst, per_second)  # the same validation, before any key is used
        self.burst = burst
        self.per_second = per_second
        self.start = start
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, key: str) -> TokenBucket:
        """The bucket of ``key`` (case-insensitive), made full on first use."""
        folded = key.lower()
        with self._lock:
            found = self._buckets.get(folded)
            if found is None:
                found = self._buckets[folded] = TokenBucket(
                    self.burst,
                    self.per_second,
                    start=self.start,
                    clock=self._clock,
                    sleep=self._sleep,
                )
            return found

    def take(self, key: str, deadline: float | None = None) -> bool:
        return self.bucket(key).take(deadline)

    def observe(
        self, key: str, remaining: int | None = None, resets_after: float | None = None
    ) -> None:
        self.bucket(key).observe(remaining, resets_after)

    def pause(self, key: str, seconds: float | None, *, refused: bool = True) -> None:
        self.bucket(key).pause(seconds, refused=refused)

    def now(self) -> float:
        """The buckets' clock (deadlines given to :meth:`take` are on it)."""
        return self._clock()

    def stats(self) -> BucketStats:
        """Every bucket's figures added up."""
        total = BucketStats()
        with self._lock:
            buckets = list(self._buckets.values())
        for b in buckets:
            total.taken += b.stats.taken
            total.waited += b.stats.waited
            total.wait_seconds += b.stats.wait_seconds
            total.pauses += b.stats.pauses
            total.corrected += b.stats.corrected
        return total


class Progress(Protocol):
    def start(self, task: str, total: int | None = None) -> None: ...
    def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None: ...
    def finish(self, task: str) -> None: ...


class Scheduler:
    """Tasks on ``workers`` threads, each able to add the tasks that depend on its answer.

    ``add(label, func, *args, then=callback)`` queues ``func(*args)``; when it returns,
    ``then(result)`` runs on the same thread (add dependants there). ``label`` groups tasks for
    progress (``progress.advance(label, resources=len(result))`` for a list result).
    """

    def __init__(self, workers: int, progress: Progress | None = None) -> None:
        if workers < 1:
            raise ValueError("a scheduler needs at least one worker")
        self.workers = workers
        self._progress = progress
        self._queue: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._free = 0
        """Threads done with their task and not yet promised another (a new thread is started
        only when none is)."""
        self._closed = False
        self._lock = threading.Lock()
        self._pending = 0
        self._idle = threading.Event()
        self._idle.set()
        self._error: BaseException | None = None
        self._added: dict[str, int] = {}

    def add(
        self,
        label: str,
        func: Callable[..., Any],
        *args: Any,
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Queue ``func(*args)``; ignored once a task has failed (the run is being stopped)."""
        with self._lock:
            if self._error is not None:
                return
            self._pending += 1
            self._idle.clear()
            first = label not in self._added
            self._added[label] = self._added.get(label, 0) + 1
        if first and self._progress is not None:
            self._progress.start(label)
        self._submit((label, func, args, then))

    def _submit(self, task: tuple[Any, ...]) -> None:
        """Queue ``task``; start a thread for it when no thread is free and the pool is not full.
        (Threads with a queue of their own rather than ``concurrent.futures``: no future,
        condition or semaphore per task, lock traffic that every call paid with 64 threads.)"""
        thread = None
        with self._lock:
            if self._free > 0:
                self._free -= 1  # a free thread will take it
            elif not self._closed and len(self._threads) < self.workers:
                thread = threading.Thread(
                    target=self._work, name=f"collect_{len(self._threads)}", daemon=True
                )
                self._threads.append(thread)
        self._queue.put(task)
        if thread is not None:
            thread.start()

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            self._run(*task)  # which counts this thread free again when it ends

    def _shutdown(self) -> None:
        """Stop every thread once the tasks queued before are done (they are skipped after a
        failure or an interruption: ``_run`` checks ``_error`` first)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            threads = list(self._threads)
        for _ in threads:
            self._queue.put(None)
        for thread in threads:
            thread.join()

    def _run(
        self,
        label: str,
        func: Callable[..., Any],
        args: tuple[Any, ...],
        then: Callable[[Any], None] | None,
    ) -> None:
        try:
            if self._error is None:  # (one read of one attribute: no lock needed)
                result = func(*args)
                if then is not None:
                    then(result)
                if self._progress is not None:
                    found = len(result) if isinstance(result, list | tuple) else 0
                    self._progress.advance(label, resources=found)
        except BaseException as exc:  # stopped and raised again by run()
            with self._lock:
                if self._error is None:
                    self._error = exc
        finally:
            with self._lock:
                self._pending -= 1
                self._free += 1
                if self._pending == 0:
                    self._idle.set()

    def run(self) -> None:
        """Wait until every task is done; raise the first exception a task raised."""
        try:
            while not self._idle.wait(0.5):
                pass
        except BaseException as exc:  # Ctrl-C: queued tasks are dropped, running ones end
            with self._lock:
                if self._error is None:
                    self._error = exc
            raise
        finally:
            self._shutdown()
            if self._progress is not None:
                for label in self._added:
                    self._progress.finish(label)
        if self._error is not None:
            raise self._error

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc: object) -> None:
        self._shutdown()

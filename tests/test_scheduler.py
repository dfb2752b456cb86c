"""Read budgets (token buckets) and the streaming scheduler collection runs on."""

from __future__ import annotations

import threading

import pytest
from test_collect_support import ARM, SUB_A, UNIT

from assess.collectors import GapSink
from assess.collectors.keyvault import list_keys, parse_vault
from assess.http import ArmClient, PooledTransport, budget_key
from assess.replay import replay
from assess.scheduler import Budget, Scheduler, Ticket, TokenBucket, parse_seconds


class FakeClock:
    """A clock that moves only when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def bucket(burst: float, per_second: float) -> tuple[TokenBucket, FakeClock]:
    clock = FakeClock()
    return TokenBucket(burst, per_second, clock=clock, sleep=clock.sleep), clock


def test_a_bucket_gives_its_burst_at_once_then_paces_at_its_refill_rate() -> None:
    b, clock = bucket(3, 2)
    for _ in range(3):
        assert b.take()
    assert clock.slept == []
    assert b.take()  # the fourth waits for half a second's refill
    assert clock.slept == [0.5]
    assert b.stats.taken == 4 and b.stats.waited == 1


def test_a_bucket_refuses_a_wait_past_its_deadline() -> None:
    b, clock = bucket(1, 1)
    assert b.take()
    assert not b.take(deadline=clock.now + 0.5)  # the next token is a second away
    assert clock.slept == []
    assert b.take(deadline=clock.now + 2)


def test_the_services_remaining_count_lowers_the_bucket() -> None:
    b, clock = bucket(250, 25)
    b.observe(remaining=2)
    assert b.available == 2
    b.observe(remaining=200)  # a higher count never adds tokens
    assert b.available == 2
    b.take(), b.take(), b.take()
    assert clock.slept == [0.04]
    assert b.stats.corrected == 1


def test_the_refill_follows_the_services_own_rate() -> None:
    b, clock = bucket(100, 10)  # the client assumes 10 per second
    b.observe(remaining=100)  # the service's bucket is full
    for _ in range(50):
        b.take()
    b.observe(remaining=50)
    clock.now += 2
    for _ in range(5):
        b.take()
    b.observe(remaining=55)  # it gained 55 - 50 + 5 spent = 10 in 2 s: 5 per second
    assert b.per_second == pytest.approx(4.5)
    b.observe(remaining=100)  # full again: nothing binds
    assert b.per_second == 10


def test_a_bucket_started_small_takes_the_services_first_count() -> None:
    clock = FakeClock()
    b = TokenBucket(250, 25, start=4, clock=clock, sleep=clock.sleep)
    for _ in range(4):
        assert b.take()
    assert b.try_take() > 0  # nothing more until the service has said what is left
    b.observe(remaining=240)  # counted after the first call; three more are on their way
    assert b.available == pytest.approx(237)
    b.observe(remaining=236)
    assert b.available == pytest.approx(237)  # within one of its own count: no correction
    assert b.stats.corrected == 0


def test_retry_after_pauses_the_bucket_for_exactly_that_long() -> None:
    b, clock = bucket(10, 5)
    b.pause(parse_seconds("3"))
    assert b.available == 0
    assert b.take()
    assert clock.slept == [3.0]
    assert b.available == pytest.approx(0)  # one token when the pause ends, then the refill
    assert b.take()
    assert clock.slept == [3.0, pytest.approx(0.4)]  # refused: the refill runs at half rate
    assert b.stats.pauses == 1


def test_nothing_left_and_a_reset_time_pause_until_the_reset() -> None:
    b, clock = bucket(15, 3)  # Resource Graph: 15 queries per 5 seconds
    b.observe(remaining=0, resets_after=parse_seconds("00:00:04"))
    assert b.take()
    assert sum(clock.slept) == pytest.approx(4)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5", 5.0), ("0.5", 0.5), ("00:00:05", 5.0), ("01:02:03", 3723.0), ("1.00:00:01", 86401.0)],
)
def test_durations_read_from_headers(text: str, seconds: float) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize("text", [None, "", "soon", "-3", "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_unreadable_durations_are_none(text: str | None) -> None:
    assert parse_seconds(text) is None


def test_a_budget_holds_one_bucket_per_key() -> None:
    clock = FakeClock()
    budget = Budget(burst=1, per_second=1, clock=clock, sleep=clock.sleep)
    assert budget.take("sub-a") and budget.take("SUB-B")
    assert budget.take("Sub-A")  # the same bucket as sub-a: it waits
    assert clock.slept == [1.0]
    assert budget.stats().taken == 3


def test_calls_are_metered_per_subscription() -> None:
    assert budget_key(f"{ARM}/subscriptions/{SUB_A.upper()}/resourcegroups?x=1") == SUB_A
    assert budget_key(f"{ARM}/subscriptions?api-version=2022-12-01") == ""
    assert budget_key(f"{ARM}/providers/Microsoft.ResourceGraph/resources") == ""


def test_a_429_pauses_the_subscriptions_budget_for_its_retry_after() -> None:
    clock = FakeClock()
    reads = Budget(burst=5, per_second=5, clock=clock, sleep=clock.sleep)
    with (
        replay(UNIT / "retry.yaml"),
        ArmClient(ARM, None, "", retry_total=2, reads=reads) as client,
    ):
        vault = parse_vault(
            {
                "id": f"/subscriptions/{SUB_A}/resourceGroups/rg-prod/providers/"
                "Microsoft.KeyVault/vaults/kv-prod-app"
            }
        )
        keys = list_keys(client, ARM, vault, GapSink())
    assert [k.name for k in keys] == ["cmk"]
    # The retry waited for the pause (Retry-After: 1) before it took its token.
    assert clock.slept == [pytest.approx(1.0)]
    assert client.throttle.throttled == 1
    assert reads.bucket(SUB_A).stats.pauses == 1
    assert reads.bucket(SUB_A).in_flight == 0  # the refused attempt and the answer both ended


def test_proxy_settings_are_read_once_per_host_and_honoured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,.internal.example")
    transport = PooledTransport(timeout_seconds=5, pool_size=2)
    assert transport.proxy_for(f"{ARM}/subscriptions") == "http://proxy.example:3128"
    assert transport.proxy_for("https://arm.internal.example/subscriptions") == ""
    monkeypatch.setenv("HTTPS_PROXY", "http://changed.example:1")
    assert transport.proxy_for(f"{ARM}/other") == "http://proxy.example:3128"  # once per host


def test_a_dependant_starts_as_soon_as_its_parent_answers_not_after_every_root() -> None:
    """A slow root does not hold back the reads below a fast one."""
    child_ran = threading.Event()
    order: list[str] = []

    def slow_root() -> list[str]:
        # Finishes only once the fast root's child has run: a scheduler that waited for every
        # root before starting dependants would time out here.
        assert child_ran.wait(10), "the child waited for the slow root"
        order.append("slow root")
        return []

    def child() -> list[str]:
        order.append("child")
        child_ran.set()
        return ["x"]

    with Scheduler(workers=3) as scheduler:
        scheduler.add("roots", slow_root)
        scheduler.add("roots", lambda: ["fast"], then=lambda _: scheduler.add("children", child))
        scheduler.run()
    assert order == ["child", "slow root"]


def test_the_first_failure_stops_the_run_and_is_raised() -> None:
    ran: list[int] = []

    def boom() -> list[int]:
        raise RuntimeError("collector crashed")

    with Scheduler(workers=1) as scheduler:
        scheduler.add("a", boom, then=lambda _: scheduler.add("b", lambda: ran.append(1)))
        scheduler.add("c", lambda: ran.append(2) or [])
        with pytest.raises(RuntimeError, match="collector crashed"):
            scheduler.run()
    assert ran == []  # queued work after the failure is dropped


def test_progress_hears_each_label_once_with_what_it_found() -> None:
    events: list[tuple[str, str, int]] = []

    class Recorder:
        def start(self, task: str, total: int | None = None) -> None:
            events.append(("start", task, 0))

        def advance(self, task: str, *, steps: int = 1, resources: int = 0) -> None:
            events.append(("advance", task, resources))

        def finish(self, task: str) -> None:
            events.append(("finish", task, 0))

    with Scheduler(workers=1, progress=Recorder()) as scheduler:
        scheduler.add("vaults", lambda: [1, 2], then=lambda _: scheduler.add("secrets", list))
        scheduler.add("vaults", lambda: [3])
        scheduler.run()
    assert [e for e in events if e[0] == "start"] == [
        ("start", "vaults", 0),
        ("start", "secrets", 0),
    ]
    assert sum(n for kind, task, n in events if kind == "advance" and task == "vaults") == 3
    assert [e[1] for e in events if e[0] == "finish"] == ["vaults", "secrets"]


def test_collections_collect_young_objects_less_often_and_put_the_thresholds_back() -> None:
    import gc

    from assess.collect import YOUNG_OBJECTS, _young_collections_only

    before = gc.get_threshold()
    seen = []
    with _young_collections_only():
        seen.append(gc.get_threshold())
        with _young_collections_only():  # two collections in one process at once
            pass
        seen.append(gc.get_threshold())  # the other one still runs
    assert seen == [(max(before[0], YOUNG_OBJECTS), *before[1:])] * 2
    assert gc.get_threshold() == before


def test_each_call_carries_its_own_request_id_kept_across_its_retry() -> None:
    """Azure support traces a call by its ``x-ms-client-request-id``: one per call, a GUID, the
    same on the call's retry."""
    import re
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            seen.append((self.path, self.headers.get("x-ms-client-request-id", "")))
            status = 503 if self.path.startswith("/busy") and len(seen) == 1 else 200
            body = b'{"value": []}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with ArmClient(base, None, "", retry_total=1, retry_backoff=0) as client:
            client.get_json(f"{base}/busy")
            client.get_json(f"{base}/calm")
    finally:
        server.shutdown()
        server.server_close()
    assert [path for path, _ in seen] == ["/busy", "/busy", "/calm"]
    ids = [request_id for _, request_id in seen]
    guid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    assert all(guid.match(i) for i in ids)
    assert ids[0] == ids[1] != ids[2]


class Service:
    """Resource Manager's read bucket on the service's side (what the scale bench's stand-in
    enforces): ``burst`` reads refilled at ``refill`` per second; each answer says what is left,
    rounded down; a read past the bucket is refused (429) and takes nothing."""

    def __init__(self, burst: float, refill: float, clock: FakeClock) -> None:
        self.burst, self.refill, self.clock = burst, refill, clock
        self.tokens, self.at = float(burst), clock.now
        self.served = self.refused = 0

    def read(self) -> int | None:
        now = self.clock.now
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.refill)
        self.at = now
        if self.tokens < 1:
            self.refused += 1
            return None
        self.tokens -= 1
        self.served += 1
        return int(self.tokens)


def drive(reads: int, service: Service, b: TokenBucket, clock: FakeClock, seed: int) -> float:
    """``reads`` calls through ``b`` against ``service`` at 50 ms a round trip, up to 16 at once;
    calls sent in the same instant reach the service in a shuffled order, and their answers come
    back in another. Returns the seconds it took."""
    import random

    rng = random.Random(seed)
    start = clock.now
    in_flight: list[tuple[float, Ticket, int | None]] = []  # (answered at, ticket, count)
    sent = 0
    while sent < reads or in_flight:
        due = [c for c in in_flight if c[0] <= clock.now]
        in_flight = [c for c in in_flight if c[0] > clock.now]
        rng.shuffle(due)
        for _, ticket, count in due:
            if count is None:
                b.release(ticket)
                b.pause(1.0)
            else:
                b.observe(count, ticket=ticket)
        leaving = []
        while sent < reads and len(in_flight) + len(leaving) < 16:
            ticket = b.acquire(deadline=clock.now)  # never waits: the loop moves the clock
            if ticket is None:
                break
            leaving.append(ticket)
            sent += 1
        rng.shuffle(leaving)
        for ticket in leaving:
            in_flight.append((clock.now + 0.05, ticket, service.read()))
        clock.now += 0.01
    return clock.now - start


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_service_bucket_smaller_than_assumed_is_learned_without_refusals(seed: int) -> None:
    """The client assumes Resource Manager's 250 reads + 25 a second and starts with 8 until the
    first count; the service allows 20 + 10 a second. Each answer's count, read against the
    calls still in flight, sets the bucket; the refill the counts show sets its rate. No read
    is refused, and the reads run at the service's pace (20 at once, then 10 a second)."""
    clock = FakeClock()
    b = TokenBucket(250, 25, start=8, clock=clock, sleep=clock.sleep)
    service = Service(20, 10, clock)
    took = drive(200, service, b, clock, seed)
    assert service.refused == 0
    assert took < (200 - 20) / 10 * 1.25  # within a quarter of the service's own pace
    assert 7 <= b.per_second <= 10  # the measured rate: a lower bound of the service's


def test_a_service_bucket_as_large_as_assumed_is_not_slowed() -> None:
    clock = FakeClock()
    b = TokenBucket(250, 25, start=8, clock=clock, sleep=clock.sleep)
    service = Service(250, 25, clock)
    took = drive(400, service, b, clock, seed=4)
    assert service.refused == 0
    assert took < (400 - 250) / 25 * 1.25


def test_a_count_read_with_its_ticket_sets_the_bucket_up_or_down() -> None:
    clock = FakeClock()
    b = TokenBucket(250, 25, start=4, clock=clock, sleep=clock.sleep)
    tickets = [b.acquire() for _ in range(4)]
    assert b.acquire(deadline=clock.now) is None
    # The service counted 100 left at the first call; the three others may still take one each.
    b.observe(100, ticket=tickets[0])
    assert b.available == pytest.approx(97)
    b.observe(10, ticket=tickets[1])  # another client of the same identity spent most of it
    # 10, less the calls that may reach the service after it: one in flight when it left, two since
    assert b.available == pytest.approx(7)

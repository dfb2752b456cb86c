"""Read-only HTTP access to Azure: an azure-core pipeline that returns raw JSON, and its errors.

:class:`ArmClient` sends GETs (and the documented read-style POSTs of
:data:`assess.apis.READ_POSTS`) through an azure-core ``PipelineClient`` built from explicit
policies: a request id, ``Accept: application/json``, a ``waf-assess/<version>`` User-Agent, a
retry policy that honours ``Retry-After`` on 429 and retries 5xx, and a bearer-token policy for the
cloud's scope (``ARMChallengeAuthenticationPolicy``, which also answers claims challenges). The
transport is :class:`PooledTransport`, azure-core's transport interface on urllib3's connection
pools (what vcrpy patches), with connection and read timeouts, and TLS verification always on
(``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE`` or ``SSL_CERT_FILE`` when set, else certifi's bundle).

``ARMPipelineClient`` is deliberately not used: it adds a policy that answers a 409
``MissingSubscriptionRegistration`` by POSTing a provider registration, which is a write.

Bodies are read as JSON, never as SDK models: the published models and the service's examples
disagree in places (the diagnostic-settings model has no ``categoryGroup`` before 2021-05-01-preview;
Key Vault attributes are epoch seconds in the REST body but ``datetime`` in the models), and a model
drops fields it does not know.

Errors: every non-2xx answer becomes an :class:`ApiError` read from whichever shape the service
used (``{"error": {"code", "message"}}`` with any key casing, App Service's top-level PascalCase
``{"Code", "Message"}``, or a bare status). A 2xx body that carries ``error`` (a Log Analytics
partial result, a failed long-running operation) is a :class:`PartialResponse`: the data came back
incomplete and must not be taken as complete. Messages are shortened and stripped of anything that
looks like a token.
"""

from __future__ import annotations

import json
import os
import re
import ssl
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any
from urllib.parse import urlsplit

import certifi
import urllib3
from azure.core import PipelineClient
from azure.core.configuration import ConnectionConfiguration
from azure.core.credentials import TokenCredential
from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ServiceRequestError,
    ServiceRequestTimeoutError,
    ServiceResponseError,
    ServiceResponseTimeoutError,
)
from azure.core.pipeline import PipelineRequest, PipelineResponse, policies
from azure.core.pipeline.transport import HttpTransport
from azure.core.rest import HttpRequest, HttpResponse
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy
from requests.utils import get_auth_from_url, get_environ_proxies, select_proxy
from urllib3 import exceptions as failed
from urllib3.util.ssl_ import create_urllib3_context

from assess import __version__
from assess.apis import READ_POSTS
from assess.scheduler import ARM_READS_START, Budget, parse_seconds

USER_AGENT = f"waf-assess/{__version__}"
REMAINING_READS = "x-ms-ratelimit-remaining-subscription-reads"
TENANT = ""
"""The budget key of a call outside any subscription (Resource Manager meters those per tenant)."""
MAX_MESSAGE = 300
MAX_PAGES = 10_000
RETRY_STATUS = (408, 429, 500, 502, 503, 504)


class ApiError(Exception):
    """A call that did not return complete data: the HTTP status and the service's error."""

    def __init__(
        self,
        status: int | None,
        code: str,
        message: str,
        operation: str = "",
        scope: str = "",
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.operation = operation
        self.scope = scope
        self.partial_items: list[dict[str, Any]] = []
        """Items read from earlier pages before this one failed (list calls only)."""
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        code = f" {self.code}" if self.code else ""
        message = f": {self.message}" if self.message else ""
        return f"{status}{code}{message}"


class PartialResponse(ApiError):
    """A 2xx answer whose body also carries an ``error``: the data in ``body`` is incomplete."""

    def __init__(self, status: int, code: str, message: str, body: Any, url: str = "") -> None:
        super().__init__(status, code, message)
        self.body = body
        self.url = url


class TransportFailure(ApiError):
    """No usable answer at all: a timeout, a refused connection, a TLS failure."""


class _BudgetedRetry(policies.RetryPolicy[Any, Any]):
    """azure-core's retry policy, bounded by one time budget per call: a retry whose wait
    (``Retry-After`` or backoff) would end past the budget is not made, and the last answer (a 429,
    a 503) or error stands. Without it a ``Retry-After: 3600`` would stall the run for an hour."""

    def __init__(self, budget_seconds: float, **kwargs: Any) -> None:
        super().__init__(timeout=budget_seconds, **kwargs)
        self.budget_seconds = budget_seconds

    def configure_retries(self, options: dict[str, Any]) -> dict[str, Any]:
        settings = super().configure_retries(options)
        settings["deadline"] = time.monotonic() + self.budget_seconds
        return settings

    def increment(self, settings: dict[str, Any], response: Any = None, error: Any = None) -> bool:
        if not super().increment(settings, response=response, error=error):
            return False
        retry_after = None
        if error is None and response is not None:
            retry_after = self.get_retry_after(response)
        wait = retry_after if retry_after is not None else self.get_backoff_time(settings)
        return bool(time.monotonic() + wait < settings["deadline"])


class CallStats:
    """What one client's calls cost (thread-safe): calls made, attempts sent (a retry is one
    more), answers throttled (429), and calls given up (throttled, failing or unanswered after
    their retries)."""

    FIELDS = ("calls", "attempts", "throttled", "given_up")

    def __init__(self) -> None:
        self._counts = dict.fromkeys(self.FIELDS, 0)
        self._lock = threading.Lock()

    def count(self, name: str) -> None:
        with self._lock:
            self._counts[name] += 1

    def totals(self) -> dict[str, int]:
        """``calls``, ``throttled``, ``retried`` and ``given_up`` so far."""
        with self._lock:
            counts = dict(self._counts)
        retried = max(counts.pop("attempts") - counts["calls"], 0)
        return {**counts, "retried": retried}


class _RequestId(policies.SansIOHTTPPolicy[Any, Any]):
    """``x-ms-client-request-id`` on each request, kept across its retries (what azure-core's
    ``RequestIdPolicy`` sends), from a random UUID: that policy takes a time-based one, for which
    libuuid tries its daemon's socket on every call (a failed ``connect`` and about 11 µs each)."""

    HEADER = "x-ms-client-request-id"

    def on_request(self, request: PipelineRequest[Any]) -> None:
        headers = request.http_request.headers
        if self.HEADER not in headers:
            headers[self.HEADER] = str(uuid.uuid4())


class _Counted(policies.HTTPPolicy[Any, Any]):
    """Counts every attempt that goes out (retries included) and every 429 that comes back."""

    def __init__(self, stats: CallStats) -> None:
        super().__init__()
        self.stats = stats

    def send(self, request: Any) -> Any:
        self.stats.count("attempts")
        response = self.next.send(request)
        if response.http_response.status_code == 429:
            self.stats.count("throttled")
        return response


class _FreshTokens(ARMChallengeAuthenticationPolicy):
    """The bearer token of every request, through the credential: azure-core's policy asks the
    credential again before the cached token expires (or, for a token that lives a few seconds,
    before each request), and answers claims challenges. On top of that, a 401 that the challenge
    did not settle (a token revoked or expired on the way) gets one new token from the credential
    and one retry; a second 401 stands, and the call becomes a gap with its cause."""

    def send(self, request: Any) -> Any:
        response = super().send(request)
        if response.http_response.status_code != 401:
            return response
        self._token = None
        self.on_request(request)
        retried = self.next.send(request)
        self.on_response(request, retried)
        return retried


class _Throttle(policies.HTTPPolicy[Any, Any]):
    """Resource Manager's read limits on the client's side: every attempt takes a token of its
    subscription's bucket before it is sent (so the client slows down before Azure says 429);
    ``x-ms-ratelimit-remaining-subscription-reads`` sets the bucket to what Azure has left (read
    against the calls still in flight) and shows Azure's refill rate, which the bucket then
    refills at (:meth:`TokenBucket.observe <assess.scheduler.TokenBucket.observe>` with the call's
    ticket), and a 429's ``Retry-After`` pauses it, so the other calls of that subscription wait
    too instead of being refused one by one. Sits inside the retry policy: each retry takes a
    token of its own.

    A ``Retry-After`` longer than the retry budget does not pause the bucket: that call fails
    (a gap) and the subscription's other calls find out for themselves. A token that cannot be had
    within the retry budget fails the call as a local 429 (``ThrottledByClient``)."""

    def __init__(self, budget: Budget, budget_seconds: float) -> None:
        super().__init__()
        self.budget = budget
        self.budget_seconds = budget_seconds
        self.throttled = 0
        """429 answers seen (each attempt counted)."""

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        key = budget_key(request.http_request.url)
        bucket = self.budget.bucket(key)
        ticket = bucket.acquire(deadline=self.budget.now() + self.budget_seconds)
        if ticket is None:
            raise ApiError(
                429,
                "ThrottledByClient",
                f"no read left for {key or 'the tenant'} within the retry budget "
                f"({self.budget_seconds:g} s)",
            )
        try:
            response = self.next.send(request)
        except BaseException:
            bucket.release(ticket)
            raise
        http = response.http_response
        if http.status_code == 429:
            # Refused: the call took no read, so its count (if any) says nothing of the refill.
            bucket.release(ticket)
            self.throttled += 1
            wait = parse_seconds(http.headers.get("Retry-After"))
            bucket.pause(wait if wait is not None and wait < self.budget_seconds else None)
            return response
        remaining = http.headers.get(REMAINING_READS)
        count = remaining.strip() if remaining is not None else ""
        bucket.observe(int(count) if count.isdigit() else None, ticket=ticket)
        return response


def budget_key(url: str) -> str:
    """The subscription a call is metered against (lower case), or :data:`TENANT`."""
    path = urlsplit(url).path
    parts = path.split("/", 3)
    if len(parts) >= 3 and parts[1].lower() == "subscriptions" and parts[2]:
        return parts[2].lower()
    return TENANT


# ---- error parsing ----------------------------------------------------------------------------
_SECRETISH = re.compile(
    r"(?i)(bearer\s+[A-Za-z0-9._~+/=-]{8,}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9._-]+"
    r"|(?:sig|password|secret|accountkey|sharedaccesskey|client_secret)=[^&\s;\"']+)"
)


def shorten(message: str, limit: int = MAX_MESSAGE) -> str:
    """One line, tokens and key=value secrets redacted, at most ``limit`` characters."""
    text = " ".join(str(message).split())
    text = _SECRETISH.sub("[redacted]", text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _get_ci(mapping: Mapping[str, Any], key: str) -> Any:
    for k, v in mapping.items():
        if isinstance(k, str) and k.lower() == key:
            return v
    return None


def error_fields(body: Any) -> tuple[str, str] | None:
    """``(code, message)`` from any Azure error shape, or None when the body carries no error."""
    if not isinstance(body, Mapping):
        return None
    inner = _get_ci(body, "error")
    if isinstance(inner, Mapping):
        code, message = _get_ci(inner, "code"), _get_ci(inner, "message")
        detail = _get_ci(inner, "innererror")
        if code == "Forbidden" and isinstance(detail, Mapping) and _get_ci(detail, "code"):
            # Key Vault's data plane says why in the inner error: ForbiddenByFirewall,
            # ForbiddenByRbac, AccessDenied (an access policy), ForbiddenByPolicy.
            code = _get_ci(detail, "code")
        return str(code or ""), str(message or "")
    if isinstance(inner, str) and inner:
        return "", inner
    code, message = _get_ci(body, "code"), _get_ci(body, "message")
    if isinstance(code, str) and code:
        return code, str(message or "")
    return None


def parse_body(text: str) -> Any:
    try:
        return json.loads(text) if text.strip() else None
    except json.JSONDecodeError:
        return None


def api_error(status: int, text: str, operation: str = "", scope: str = "") -> ApiError:
    """The :class:`ApiError` for a non-2xx answer with this body text."""
    fields = error_fields(parse_body(text))
    if fields is None:
        return ApiError(status, "", shorten(text, 120), operation, scope)
    code, message = fields
    return ApiError(status, code, shorten(message), operation, scope)


def check_partial(status: int, body: Any, url: str = "") -> None:
    """Raise :class:`PartialResponse` when a 2xx body carries an ``error``."""
    fields = error_fields(body) if isinstance(body, Mapping) and _has_error_key(body) else None
    if fields is not None:
        code, message = fields
        raise PartialResponse(status, code, shorten(message), body, url)


def _has_error_key(body: Mapping[str, Any]) -> bool:
    value = _get_ci(body, "error")
    return bool(value)


# ---- transport --------------------------------------------------------------------------------
def ca_bundle() -> bool | str:
    """What to verify TLS with: always verification, with a CA file from the environment if set."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        value = os.environ.get(name)
        if value:
            return value
    return True


class _Answer(HttpResponse):
    """A whole answer read by :class:`PooledTransport`: status, headers and body, read at once
    (the largest body the collectors read is one page of a list)."""

    def __init__(self, request: HttpRequest, raw: Any) -> None:
        self._request = request
        self._raw = raw
        self._status: int = raw.status
        self._headers: MutableMapping[str, str] = raw.headers  # case-insensitive
        self._content: bytes = raw.data
        self._encoding: str | None = None

    @property
    def request(self) -> HttpRequest:
        return self._request

    @property
    def status_code(self) -> int:
        return self._status

    @property
    def headers(self) -> MutableMapping[str, str]:
        return self._headers

    @property
    def reason(self) -> str:
        return str(self._raw.reason or "")

    @property
    def content_type(self) -> str | None:
        return self._headers.get("Content-Type")

    @property
    def is_closed(self) -> bool:
        return True

    @property
    def is_stream_consumed(self) -> bool:
        return True

    @property
    def encoding(self) -> str | None:
        if self._encoding is None:
            match = _CHARSET.search(self.content_type or "")
            self._encoding = match.group(1).strip("\"'") if match else "utf-8-sig"
        return self._encoding

    @encoding.setter
    def encoding(self, value: str | None) -> None:
        self._encoding = value

    @property
    def url(self) -> str:
        return str(self._request.url)

    @property
    def content(self) -> bytes:
        return self._content

    def text(self, encoding: str | None = None) -> str:
        try:
            return self._content.decode(encoding or self.encoding or "utf-8-sig", "replace")
        except LookupError:  # a charset Python does not know
            return self._content.decode("utf-8-sig", "replace")

    def json(self) -> Any:
        return json.loads(self.text())

    def raise_for_status(self) -> None:
        if self._status >= 400:
            raise HttpResponseError(response=self)

    def __enter__(self) -> _Answer:
        return self

    def __exit__(self, *args: Any) -> None:
        return None

    def close(self) -> None:
        return None

    def read(self) -> bytes:
        return self._content

    def iter_raw(self, **kwargs: Any) -> Iterator[bytes]:
        yield self._content

    def iter_bytes(self, **kwargs: Any) -> Iterator[bytes]:
        yield self._content


_CHARSET = re.compile(r"(?i)charset\s*=\s*([^;\s]+)")


class PooledTransport(HttpTransport[Any, Any]):
    """azure-core's transport interface on urllib3's connection pools, without requests.

    requests adds about a third to the CPU time of each call (preparing, merging session
    settings, cookies, hooks) and none of it is used here: every call is a GET or a read POST
    with headers azure-core's policies set. This transport keeps what the collectors rely on:
    one pool of ``pool_size`` kept-alive connections per host, TLS verification always on (the
    CA file of :func:`ca_bundle`, else certifi's, as requests does), connection and read
    timeouts, no redirects followed and no retries of its own (azure-core's policies retry), and
    the proxy settings of the environment (``HTTPS_PROXY``, ``NO_PROXY``...) read once per host.
    urllib3's failures become azure-core's errors, so the retry policy treats them as it treats
    the requests transport's. vcrpy records and replays it (it patches urllib3's connections).
    """

    def __init__(self, timeout_seconds: float, pool_size: int) -> None:
        self.connection_config = ConnectionConfiguration(
            connection_timeout=min(timeout_seconds, 30), read_timeout=timeout_seconds
        )
        self._pool_size = pool_size
        self._verify = ca_bundle()
        self._managers: dict[str, Any] = {}
        """One pool manager per proxy (``""``: direct)."""
        self._proxy_of: dict[tuple[str, str], str] = {}
        self._context: ssl.SSLContext | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> PooledTransport:
        return self

    def __exit__(self, *args: Any) -> None:
        self.close()

    def open(self) -> None:
        return None

    def close(self) -> None:
        with self._lock:
            managers, self._managers = list(self._managers.values()), {}
        for manager in managers:
            manager.clear()

    def proxy_for(self, url: str) -> str:
        """The proxy ``url`` goes through (``""``: none), from the environment, read once per
        scheme and host."""
        parts = urlsplit(url)
        host = (parts.scheme.lower(), parts.netloc.lower())
        found = self._proxy_of.get(host)
        if found is None:
            found = select_proxy(url, get_environ_proxies(url)) or ""
            self._proxy_of[host] = found
        return found

    def _manager(self, proxy: str) -> Any:
        manager = self._managers.get(proxy)
        if manager is not None:
            return manager
        common: dict[str, Any] = {
            "num_pools": 16,
            "maxsize": self._pool_size,
            "block": False,
            "cert_reqs": "CERT_REQUIRED",
            "ssl_context": self._tls(),
        }
        with self._lock:
            manager = self._managers.get(proxy)
            if manager is None:
                if proxy:
                    user, password = _proxy_auth(proxy)
                    headers = (
                        urllib3.make_headers(proxy_basic_auth=f"{user}:{password}")
                        if user
                        else None
                    )
                    manager = urllib3.ProxyManager(proxy, proxy_headers=headers, **common)
                else:
                    manager = urllib3.PoolManager(**common)
                self._managers[proxy] = manager
        return manager

    def _tls(self) -> ssl.SSLContext:
        """One TLS context for every connection, its certificate authorities loaded once:
        urllib3 otherwise makes a context per connection and reads the CA file each time (about
        20 ms of CPU per connection with certifi's bundle, 1.3 ms with a shared context)."""
        if self._context is None:
            context = create_urllib3_context(cert_reqs=ssl.CERT_REQUIRED)
            where = self._verify if isinstance(self._verify, str) else _certifi()
            if os.path.isdir(where):
                context.load_verify_locations(capath=where)
            else:
                context.load_verify_locations(cafile=where)
            self._context = context
        return self._context

    def send(self, request: Any, **kwargs: Any) -> _Answer:
        url = str(request.url)
        body = request.content if isinstance(request, HttpRequest) else request.data
        if isinstance(body, str):
            body = body.encode("utf-8")
        timeout = urllib3.Timeout(
            connect=kwargs.get("connection_timeout") or self.connection_config.timeout,
            read=kwargs.get("read_timeout") or self.connection_config.read_timeout,
        )
        try:
            raw = self._manager(self.proxy_for(url)).urlopen(
                request.method,
                url,
                body=body,
                headers=dict(request.headers),
                redirect=False,
                retries=False,
                timeout=timeout,
                preload_content=True,
                decode_content=True,
                enforce_content_length=True,
            )
        except (failed.NewConnectionError, failed.SSLError, failed.ProxyError) as exc:
            # (before ConnectTimeoutError: a refused connection is one of those in urllib3)
            raise ServiceRequestError(exc, error=exc) from exc
        except failed.ConnectTimeoutError as exc:
            raise ServiceRequestTimeoutError(exc, error=exc) from exc
        except failed.ReadTimeoutError as exc:
            raise ServiceResponseTimeoutError(exc, error=exc) from exc
        except (failed.HTTPError, OSError) as exc:  # a broken or cut answer
            raise ServiceResponseError(exc, error=exc) from exc
        return _Answer(request, raw)


def _certifi() -> str:
    return str(certifi.where())


def _proxy_auth(proxy: str) -> tuple[str, str]:
    user, password = get_auth_from_url(proxy)
    return user, password


class ArmClient:
    """GET JSON from Azure (and the documented read POSTs); nothing else can be sent."""

    def __init__(
        self,
        base_url: str,
        credential: TokenCredential | None,
        scope: str,
        *,
        timeout_seconds: float = 60,
        pool_size: int = 16,
        retry_total: int = 4,
        retry_backoff: float = 0.8,
        retry_backoff_max: float = 60,
        retry_budget_seconds: float | None = None,
        reads: Budget | None = None,
        auth_policy: Any = None,
    ) -> None:
        """``reads``: the read budgets per subscription (Resource Manager's limits unless given,
        each starting with a few reads until Azure's first count of what is left arrives);
        ``pool_size``: connections kept open, one per concurrent call."""
        self.base_url = base_url.rstrip("/")
        self.host = (urlsplit(self.base_url).hostname or "").lower()
        budget = retry_budget_seconds or max(timeout_seconds * (retry_total + 1), timeout_seconds)
        self.reads = reads if reads is not None else Budget(start=ARM_READS_START)
        self.throttle = _Throttle(self.reads, budget)
        chain: list[Any] = [
            _RequestId(),
            policies.HeadersPolicy({"Accept": "application/json"}),
            policies.UserAgentPolicy(base_user_agent=USER_AGENT, user_agent_use_env=False),
            _BudgetedRetry(
                budget,
                retry_total=retry_total,
                retry_backoff_factor=retry_backoff,
                retry_backoff_max=retry_backoff_max,
                retry_on_status_codes=list(RETRY_STATUS),
            ),
            self.throttle,
        ]
        if auth_policy is not None:  # another plane's token handling (a vault's data plane)
            chain.append(auth_policy)
        elif credential is not None:
            chain.append(_FreshTokens(credential, scope))
        self.stats = CallStats()
        chain.append(_Counted(self.stats))
        self._client: PipelineClient[Any, Any] = PipelineClient(
            base_url=self.base_url,
            policies=chain,
            transport=PooledTransport(timeout_seconds, pool_size),
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ArmClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _send(
        self, method: str, url: str, body: Any = None, headers_out: dict[str, str] | None = None
    ) -> Any:
        request = (
            HttpRequest(method, url, json=body) if body is not None else HttpRequest(method, url)
        )
        self.stats.count("calls")
        try:
            response = self._client.send_request(request)
            status = response.status_code
            text = response.text()
            if headers_out is not None:
                headers_out.update(response.headers)
        except AzureError as exc:  # ServiceRequestError, ServiceResponseError and the rest
            self.stats.count("given_up")
            raise TransportFailure(None, type(exc).__name__, shorten(str(exc), 160)) from exc
        except Exception as exc:
            if type(exc).__name__ != "CannotOverwriteExistingCassetteException":
                raise
            # A replayed recording without this call (recorded by an older version, or with
            # other switches): the evidence it would fill is unknown, the run goes on.
            raise ApiError(
                None, "NotRecorded", f"the recording holds no answer for {method} {_path(url)}"
            ) from None
        if not 200 <= status < 300:
            if status in RETRY_STATUS:
                self.stats.count("given_up")
            raise api_error(status, text)
        data = parse_body(text)
        if text.strip() and data is None:
            raise ApiError(status, "InvalidJson", f"the response to {_path(url)} was not JSON")
        check_partial(status, data, url)
        return data

    def get_json(self, url: str) -> Any:
        """The parsed body of ``GET url``; raises :class:`ApiError` on anything but complete data."""
        return self._send("GET", url)

    def post_json(
        self,
        url: str,
        body: Mapping[str, Any] | None = None,
        *,
        headers_out: dict[str, str] | None = None,
    ) -> Any:
        """POST to a documented read action only (a path ending in ``READ_POSTS``); the answer's
        headers are copied into ``headers_out`` when one is given."""
        path = _path(url).rstrip("/").lower()
        if not any(path.endswith(suffix.lower()) for suffix in READ_POSTS):
            raise ValueError(f"refusing POST to {_path(url)}: not a documented read action")
        return self._send("POST", url, dict(body or {}), headers_out)

    def list_all(self, url: str, next_key: str = "nextLink") -> list[dict[str, Any]]:
        """Every ``value`` item of every page, following ``nextLink`` (Microsoft Graph:
        ``next_key="@odata.nextLink"``) verbatim until it is absent.

        A page that fails raises :class:`ApiError`; its ``partial_items`` holds what came before.
        """
        items: list[dict[str, Any]] = []
        next_url: str | None = url
        seen: set[str] = set()
        while next_url:
            if next_url in seen or len(seen) >= MAX_PAGES:
                error = ApiError(None, "PagingLoop", f"nextLink repeated at {_path(next_url)}")
                error.partial_items = items
                raise error
            if not self._own(next_url):
                # The bearer token goes wherever a request goes: never outside the cloud's endpoint.
                error = ApiError(
                    None,
                    "ForeignNextLink",
                    f"nextLink pointed outside {self.host} (to {_host(next_url)}); not followed",
                )
                error.partial_items = items
                raise error
            seen.add(next_url)
            try:
                page = self.get_json(next_url)
            except ApiError as exc:
                exc.partial_items = items
                raise
            if not isinstance(page, Mapping):
                raise ApiError(200, "UnexpectedBody", f"{_path(next_url)} did not return a list")
            values = page.get("value")
            if isinstance(values, list):
                items.extend(v for v in values if isinstance(v, dict))
            link = page.get(next_key)
            next_url = link if isinstance(link, str) and link.strip() else None
        return items

    def _own(self, url: str) -> bool:
        """``url`` is on this client's own scheme, host and port (a path resolves there too)."""
        parts, base = urlsplit(url), urlsplit(self.base_url)
        if not parts.scheme and not parts.netloc:
            return url.startswith("/")
        here = (parts.scheme, (parts.hostname or "").lower(), _port(parts.scheme, parts.port))
        return here == (base.scheme, self.host, _port(base.scheme, base.port))


def _port(scheme: str, port: int | None) -> int | None:
    """The port a URL reaches: its own, else its scheme's default (a data-plane ``nextLink``
    names ``:443`` where the vault URI names none)."""
    return port if port is not None else {"https": 443, "http": 80}.get(scheme)


def _host(url: str) -> str:
    return shorten(urlsplit(url).netloc or url, 80)


def _path(url: str) -> str:
    return urlsplit(url).path or url

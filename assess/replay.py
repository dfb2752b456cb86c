"""Replay recorded Azure traffic offline, and record a run's traffic with every value scrubbed.

:func:`replay` plays a vcrpy cassette back with ``record_mode="none"``: a request that is not in
the cassette raises :class:`~assess.errors.InputError` instead of reaching the network, each recorded answer is played once (so a
429 followed by a 200 replays as a retry), and requests match on method and full URI. Collection
inside a replay uses :class:`assess.auth.OfflineCredential`.

:func:`record` records a live run. Scrubbing is on by default and cannot be switched off:

* token traffic is never written (authority hosts, ``/oauth2/.../token``, instance discovery, the
  managed identity endpoints ``/metadata/identity`` and ``IDENTITY_ENDPOINT``);
* request headers ``Authorization``, ``Cookie`` and the auxiliary-token headers are dropped;
* response ``Set-Cookie`` is dropped, compressed bodies are decoded first so nothing escapes;
* in JSON bodies, every scalar under a key that can carry a value (``value``, ``password``,
  ``secret``, ``connectionString``, ``key``, ``primaryKey``, ``access_token``, ...) becomes
  ``"<scrubbed>"``, and every scalar of an App Service ``config`` body (app settings, connection
  strings) is scrubbed whatever its name; token-looking strings and SAS signatures (``sig=``)
  anywhere are redacted;
* in a log query's answer, every cell of a column that carries log lines (the application log
  sample) is scrubbed whole;
* inside a resource, its recorded failure (``error``, ``statusMessage``: a deployment's error can
  quote the parameter values it was given) is scrubbed whole; a call's own error answer is kept
  (it names only what the tool asked for, and a replay shows it as the gap's reason).

:func:`cassette_from_testproxy` converts an Azure SDK test-proxy recording (``Entries``/``Variables``
JSON) into a vcrpy cassette so the same replay machinery reads it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import vcr
import yaml
from vcr.errors import CannotOverwriteExistingCassetteException
from vcr.serialize import deserialize
from vcr.serializers import yamlserializer

from assess.cloud import AUTHORITY_HOSTS
from assess.errors import InputError
from assess.outputs import write_file

SCRUBBED = "<scrubbed>"

_SECRET_KEYS = frozenset(
    {
        "value",
        "password",
        "secret",
        "key",
        "token",
        "connectionstring",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "accesskey",
        "accountkey",
        "primarykey",
        "secondarykey",
        "masterkey",
        "primarymasterkey",
        "secondarymasterkey",
        "primaryreadonlymasterkey",
        "secondaryreadonlymasterkey",
        "primaryconnectionstring",
        "secondaryconnectionstring",
        "sharedaccesskey",
        "sastoken",
        "functionkeys",
        "systemkeys",
        "publishingpassword",
        "adminpassword",
        "secrettext",
        "hint",
    }
)
_SECRET_SUFFIXES = ("password", "secret", "connectionstring", "accesskey", "sastoken")
_ECHOING_KEYS = frozenset({"error", "statusmessage"})
"""Inside a resource (not a call's own error answer): a recorded failure of the resource, such as
a deployment's, whose message can quote the parameter values it was given."""
_TOKENISH = re.compile(
    r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9._-]+|(?i:bearer\s+)[A-Za-z0-9._~+/=-]{8,}"
    # a SAS signature, wherever a URL or query string carries one (deployment template links)
    r"|(?i:(?<=[?&]sig=)|(?<=^sig=))[A-Za-z0-9%._~+/=-]{8,}"
)
_DROP_REQUEST_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "x-ms-authorization-auxiliary",
        "x-ms-client-principal",
        "x-identity-header",
        "metadata",
    }
)
_TOKEN_PATHS = ("/oauth2/token", "/oauth2/v2.0/token", "/oauth2/v2.0/devicecode")
_DISCOVERY_PATHS = ("/common/discovery/instance", "/.well-known/openid-configuration")


# ---- replay -----------------------------------------------------------------------------------
def _check_cassette(cassette: Path) -> None:
    try:
        text = cassette.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"cassette file not found: {cassette}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read cassette {cassette}: {exc}") from None
    try:
        deserialize(text, yamlserializer)
    except Exception as exc:  # yaml errors, missing keys, wrong types: all mean "corrupt"
        raise InputError(
            f"{cassette} is not a valid cassette ({type(exc).__name__}); record it again"
        ) from None


def _uri_ignoring_api_version(r1: Any, r2: Any) -> None:
    a, b = urlsplit(r1.uri), urlsplit(r2.uri)

    def query(parts: Any) -> list[tuple[str, str]]:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        return sorted((k.lower(), v) for k, v in pairs if k.lower() != "api-version")

    if (
        a.scheme != b.scheme
        or (a.hostname or "").lower() != (b.hostname or "").lower()
        or a.path.rstrip("/").lower() != b.path.rstrip("/").lower()
        or query(a) != query(b)
    ):
        raise AssertionError(f"{r1.uri} != {r2.uri}")


def _query_text(request: Any) -> str | None:
    """The query of a log query (a POST to ``.../query``); None for any other request."""
    if str(request.method).upper() != "POST" or not urlsplit(request.uri).path.endswith("/query"):
        return None
    body = request.body
    try:
        data = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body or "")
    except (ValueError, UnicodeDecodeError):
        return None
    return str(data.get("query", "")) if isinstance(data, dict) else None


def _same_query(r1: Any, r2: Any) -> None:
    """Log queries to one scope differ only by their text: a replay answers each with its own."""
    first, second = _query_text(r1), _query_text(r2)
    if first is not None and second is not None and first != second:
        raise AssertionError("a different log query")


_WINDOW_BOUND = re.compile(r"eventTimestamp (ge|le) '[^']*'", re.IGNORECASE)


def _without_log_window(uri: str) -> str:
    """An Activity Log list's URI without its time bounds (a replay's clock is not the
    recording's); any other URI as it is."""
    parts = urlsplit(uri)
    if not parts.path.lower().endswith("/eventtypes/management/values"):
        return uri
    pairs = [(k, _WINDOW_BOUND.sub(r"eventTimestamp \1 *", v)) for k, v in parse_qsl(parts.query)]
    return parts._replace(query="&".join(f"{k}={v}" for k, v in sorted(pairs))).geturl()


def _uri_but_log_window(r1: Any, r2: Any) -> None:
    if _without_log_window(r1.uri) != _without_log_window(r2.uri):
        raise AssertionError(f"{r1.uri} != {r2.uri}")


def _vcr(match_on: tuple[str, ...], **kwargs: Any) -> vcr.VCR:
    recorder = vcr.VCR(
        serializer="yaml",
        match_on=list(match_on),
        **kwargs,
    )
    recorder.register_matcher("uri_ignoring_api_version", _uri_ignoring_api_version)
    recorder.register_matcher("log_query", _same_query)
    recorder.register_matcher("uri_but_log_window", _uri_but_log_window)
    return recorder


@contextmanager
def replay(cassette: Path, *, ignore_api_version: bool = False) -> Iterator[Any]:
    """Serve every HTTP request from ``cassette``; an unrecorded request raises, nothing leaves.

    ``ignore_api_version`` matches URIs without their ``api-version`` (and path case): for
    replaying recordings made by other tools against older API versions.
    """
    _check_cassette(cassette)
    uri_matcher = "uri_ignoring_api_version" if ignore_api_version else "uri_but_log_window"
    recorder = _vcr(("method", uri_matcher, "log_query"), record_mode="none")
    try:
        with recorder.use_cassette(str(cassette), allow_playback_repeats=False) as played:
            yield played
    except CannotOverwriteExistingCassetteException as exc:
        request = getattr(exc, "failed_request", None)
        what = f"{request.method} {request.uri}" if request is not None else "a request"
        raise InputError(
            f"cassette {cassette} has no recorded answer for {what}",
            hint="the cassette was recorded for another scope or version; record it again",
        ) from None


def recorded_at(played: Any) -> datetime | None:
    """The latest ``Date`` header among a replayed cassette's responses, or None."""
    latest: datetime | None = None
    for response in getattr(played, "responses", None) or ():
        headers = response.get("headers", {}) if isinstance(response, Mapping) else {}
        for name, values in headers.items():
            if name.lower() != "date":
                continue
            for value in values if isinstance(values, list) else [values]:
                try:
                    when = parsedate_to_datetime(str(value))
                except (TypeError, ValueError):
                    continue
                if when.tzinfo is None:
                    when = when.replace(tzinfo=UTC)
                if latest is None or when > latest:
                    latest = when.astimezone(UTC)
    return latest


# ---- record -----------------------------------------------------------------------------------
def _is_token_request(uri: str, extra_hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    path = parts.path.lower().rstrip("/")
    if host in AUTHORITY_HOSTS or host in extra_hosts:
        return True
    if path.endswith(_TOKEN_PATHS) or path.endswith(_DISCOVERY_PATHS):
        return True
    if path.startswith("/metadata/identity") or "/msi/token" in path:
        return True
    identity_endpoint = os.environ.get("IDENTITY_ENDPOINT") or os.environ.get("MSI_ENDPOINT")
    return bool(identity_endpoint) and uri.lower().startswith(str(identity_endpoint).lower())


def make_before_record_request(extra_hosts: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    hosts = tuple(h.lower() for h in extra_hosts)

    def before_record_request(request: Any) -> Any:
        if _is_token_request(request.uri, hosts):
            return None
        for name in list(request.headers):
            if name.lower() in _DROP_REQUEST_HEADERS:
                del request.headers[name]
        return request

    return before_record_request


def _is_secret_key(name: str) -> bool:
    lowered = name.lower()
    return lowered in _SECRET_KEYS or lowered.endswith(_SECRET_SUFFIXES)


def _scrub_all(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _scrub_all(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_scrub_all(v) for v in node]
    return node if node is None else SCRUBBED


def _is_web_config(node: Mapping[str, Any]) -> bool:
    kind = str(node.get("type") or "").lower()
    ident = str(node.get("id") or "").lower().rstrip("/")
    return kind.endswith("/config") or "/config/" in ident


def scrub_json(node: Any, *, top: bool = True) -> Any:
    """A copy of a parsed JSON body with every value-carrying field replaced by ``<scrubbed>``."""
    if isinstance(node, Mapping):
        web_config = _is_web_config(node)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if (
                (web_config and str(key).lower() == "properties")
                or (not top and str(key).lower() in _ECHOING_KEYS)
                or (
                    _is_secret_key(str(key))
                    and not (top and str(key) == "value" and isinstance(value, list))
                )
            ):
                out[key] = _scrub_all(value)
            else:
                out[key] = scrub_json(value, top=False)
        return out
    if isinstance(node, list):
        return [scrub_json(v, top=False) for v in node]
    if isinstance(node, str):
        return _TOKENISH.sub(SCRUBBED, node)
    return node


_LOG_TEXT_COLUMNS = frozenset({"sample", "message", "resultdescription", "log_s", "text"})
"""Columns of a log query's answer that carry log lines (the application log sample): their
cells are scrubbed whole, whatever they hold."""


def scrub_log_tables(node: Any) -> Any:
    """A log query answer (``tables[].columns/rows``) with every log-line cell scrubbed."""
    if not isinstance(node, Mapping) or not isinstance(node.get("tables"), list):
        return node
    tables = []
    for table in node["tables"]:
        columns = table.get("columns") if isinstance(table, Mapping) else None
        if not isinstance(columns, list) or not isinstance(table.get("rows"), list):
            tables.append(table)
            continue
        text = {
            i
            for i, c in enumerate(columns)
            if isinstance(c, Mapping) and str(c.get("name", "")).lower() in _LOG_TEXT_COLUMNS
        }
        rows = [
            [SCRUBBED if i in text and cell is not None else cell for i, cell in enumerate(row)]
            if isinstance(row, list)
            else row
            for row in table["rows"]
        ]
        tables.append({**table, "rows": rows})
    return {**node, "tables": tables}


def scrub_body(body: bytes | str | None) -> bytes | str | None:
    if body is None or body in (b"", ""):
        return body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        scrubbed = _TOKENISH.sub(SCRUBBED, text)
    else:
        scrubbed = json.dumps(
            scrub_json(scrub_log_tables(data)), separators=(",", ":"), ensure_ascii=False
        )
    return scrubbed.encode("utf-8") if isinstance(body, bytes) else scrubbed


def before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in ("set-cookie", "set-cookie2"):
            del headers[name]
    body = response.get("body") or {}
    if "string" in body:
        body["string"] = scrub_body(body["string"])
    return response


@contextmanager
def record(cassette: Path, *, authority_hosts: tuple[str, ...] = ()) -> Iterator[Any]:
    """Record every request of the block to ``cassette`` (overwritten), scrubbed."""
    try:
        cassette.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write cassette {cassette}: {exc}") from None
    recorder = _vcr(
        ("method", "uri"),
        record_mode="all",
        decode_compressed_response=True,
        before_record_request=make_before_record_request(authority_hosts),
        before_record_response=before_record_response,
    )
    recorder.register_persister(_FreshRecording)
    with recorder.use_cassette(str(cassette), allow_playback_repeats=False) as recording:
        yield recording


class _FreshRecording:
    """A recording starts empty (an older cassette at the path is not read back), and is saved
    whole through :func:`assess.outputs.write_file`: an interrupted run keeps the older one."""

    @staticmethod
    def load_cassette(cassette_path: str, serializer: Any) -> Any:
        from vcr.persisters.filesystem import CassetteNotFoundError

        raise CassetteNotFoundError()

    @staticmethod
    def save_cassette(cassette_path: str, cassette_dict: Any, serializer: Any) -> None:
        from vcr.serialize import serialize

        write_file(Path(cassette_path), serialize(cassette_dict, serializer))


# ---- test-proxy recordings --------------------------------------------------------------------
def cassette_from_testproxy(source: Path, target: Path) -> Path:
    """Write a vcrpy cassette at ``target`` with the entries of a test-proxy JSON recording."""
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        entries = data["Entries"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{source} is not a test-proxy recording: {exc}") from None
    interactions = []
    for entry in entries:
        status = int(entry["StatusCode"])
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = ""
        interactions.append(
            {
                "request": {
                    "method": entry["RequestMethod"],
                    "uri": _lower_host(entry["RequestUri"]),
                    "body": _body_text(entry.get("RequestBody")),
                    "headers": _header_lists(entry.get("RequestHeaders")),
                },
                "response": {
                    "status": {"code": status, "message": phrase},
                    "headers": _header_lists(entry.get("ResponseHeaders")),
                    "body": {"string": _body_text(entry.get("ResponseBody")) or ""},
                },
            }
        )
    write_file(
        target, yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False)
    )
    return target


def _lower_host(uri: str) -> str:
    """Hosts are case-insensitive and HTTP clients send them lower-cased."""
    parts = urlsplit(uri)
    return parts._replace(netloc=parts.netloc.lower()).geturl()


def _body_text(body: Any) -> str | None:
    if body is None:
        return None
    if isinstance(body, str):
        return body
    return json.dumps(body, separators=(",", ":"))


def _header_lists(headers: Any) -> dict[str, list[str]]:
    if not isinstance(headers, Mapping):
        return {}
    return {
        str(k): [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in headers.items()
    }

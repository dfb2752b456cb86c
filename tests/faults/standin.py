"""A loopback HTTPS stand-in for Resource Manager, serving the recorded demo tenant with faults.

The server answers every request the tool makes from the demo cassette (the same bodies Azure
gave, hosts rewritten to the stand-in), and the cloud metadata endpoint a custom ``--arm-endpoint``
is described by. A :class:`Fault` replaces or alters the answer for the requests whose path matches
its pattern: an HTTP status with a body, a connection reset in the middle of a body, a hang, a
truncated or non-JSON body, a paging link that loops or leaves the host, an enormous page.

Its certificate is made in the test with ``cryptography`` (for ``127.0.0.1`` and ``localhost``)
and trusted through ``REQUESTS_CA_BUNDLE``, the client's own CA-bundle setting. Every request is
recorded (host, method, path, whether it carried a bearer token), so a test can prove that nothing
went anywhere else.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

RECORDED_HOST = "https://management.azure.com"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate (its own CA) for 127.0.0.1 and localhost: (cert, key) files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "waf-assess fault stand-in")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "standin.pem", folder / "standin.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """What to do to the requests whose path (with its query) matches ``pattern``."""

    pattern: str
    action: Callable[[Answer, StandIn, str], Answer | None]
    """Returns the answer to send (the recorded one altered, or another), or None when the action
    has dealt with the connection itself (a reset, a hang)."""
    times: int | None = None
    """Apply to this many matching requests, then answer normally (None: always)."""
    hits: int = 0

    def matches(self, path: str) -> bool:
        return re.search(self.pattern, path) is not None and (
            self.times is None or self.hits < self.times
        )


@dataclass(frozen=True)
class Seen:
    host: str
    method: str
    path: str
    bearer: bool


class StandIn:
    """The server: ``base`` is its https URL; ``faults`` are applied in order, first match wins."""

    def __init__(self, cassette: Path, cert: Path, key: Path, host: str = "127.0.0.1") -> None:
        self.faults: list[Fault] = []
        self.seen: list[Seen] = []
        self.extra_hosts: list[str] = []
        """Other servers' base URLs, for faults that point elsewhere."""
        self.gatekeeper: Callable[[str, str], Answer | None] | None = None
        """Called with each request's path and ``Authorization`` header before it is answered:
        an answer it returns is sent instead (a 401 for a token it refuses)."""
        self.lock = threading.Lock()
        self._recorded = _load(cassette)
        handler = _handler(self)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.base = f"https://{host}:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def recorded(self, path: str, method: str = "GET") -> Answer:
        """The recorded answer to ``path`` (hosts rewritten), or Resource Manager's 404."""
        found = self._recorded.get((method, path))
        if found is None:
            body = {"error": {"code": "ResourceNotFound", "message": f"{path} not recorded"}}
            return Answer(404, json.dumps(body).encode(), {"Content-Type": "application/json"})
        status, text = found
        body = text.replace(RECORDED_HOST, self.base).encode()
        return Answer(status, body, {"Content-Type": "application/json; charset=utf-8"})

    def answer(self, method: str, path: str) -> Answer | None:
        if path.startswith("/metadata/endpoints"):
            return Answer(
                200, json.dumps(self.metadata()).encode(), {"Content-Type": "application/json"}
            )
        answer = self.recorded(path, method)
        with self.lock:
            fault = next((f for f in self.faults if f.matches(path)), None)
            if fault is not None:
                fault.hits += 1
        return answer if fault is None else fault.action(answer, self, path)

    def metadata(self) -> list[dict[str, Any]]:
        """The cloud description Azure Stack Hub and the public clouds publish (2022-09-01)."""
        return [
            {
                "name": "FaultStandIn",
                "resourceManager": self.base,
                "authentication": {
                    "loginEndpoint": f"{self.base}/login",
                    "audiences": [self.base],
                    "tenant": "common",
                    "identityProvider": "AAD",
                },
                "suffixes": {"keyVaultDns": "vault.standin.test"},
            }
        ]


def _load(cassette: Path) -> dict[tuple[str, str], tuple[int, str]]:
    data = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    recorded: dict[tuple[str, str], tuple[int, str]] = {}
    for entry in data["interactions"]:
        request, response = entry["request"], entry["response"]
        path = request["uri"].removeprefix(RECORDED_HOST)
        recorded[(request["method"], path)] = (
            int(response["status"]["code"]),
            response["body"]["string"] or "",
        )
    return recorded


def _handler(standin: StandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except _Reset as reset:  # half the promised body, then a TCP reset
                body = reset.answer.body
                try:
                    if body:
                        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n\r\n"
                        self.wfile.write(head.encode() + body[: len(body) // 2])
                        self.wfile.flush()
                    linger = struct.pack("ii", 1, 0)
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                except OSError:
                    pass
                self.close_connection = True

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with standin.lock:
                standin.seen.append(
                    Seen(
                        self.headers.get("Host", ""),
                        method,
                        self.path,
                        self.headers.get("Authorization", "").startswith("Bearer "),
                    )
                )
            gate = standin.gatekeeper
            refused = gate(self.path, self.headers.get("Authorization", "")) if gate else None
            answer = refused or standin.answer(method, self.path)
            if answer is None:
                return
            self.send_response(answer.status)
            headers = {"Content-Length": str(len(answer.body)), **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_PUT(self) -> None:
            self._serve("PUT")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def do_PATCH(self) -> None:
            self._serve("PATCH")

    return Handler


# ---- actions ------------------------------------------------------------------------------------
def status(
    code: int, error: str = "", headers: dict[str, str] | None = None, body: str | None = None
):  # type: ignore[no-untyped-def]
    """Answer ``code`` with Resource Manager's error body (or ``body``)."""

    def act(answer: Answer, standin: StandIn, path: str) -> Answer:
        text = body
        if text is None:
            text = json.dumps(
                {"error": {"code": error or f"Http{code}", "message": f"{error} (stand-in)"}}
            )
        return Answer(code, text.encode(), {"Content-Type": "application/json", **(headers or {})})

    return act


def reset_mid_body(answer: Answer, standin: StandIn, path: str) -> None:
    """Headers promising the whole body, half of it, then a TCP reset."""
    raise _Reset(answer)


class _Reset(Exception):
    def __init__(self, answer: Answer) -> None:
        self.answer = answer


def hang(seconds: float):  # type: ignore[no-untyped-def]
    """Say nothing for ``seconds`` (longer than the client's read time-out), then close."""

    def act(answer: Answer, standin: StandIn, path: str) -> None:
        time.sleep(seconds)
        raise _Reset(Answer(200, b"", {}))

    return act


def truncated(answer: Answer, standin: StandIn, path: str) -> Answer:
    return Answer(200, answer.body[: max(1, len(answer.body) // 2)], answer.headers)


def html_page(answer: Answer, standin: StandIn, path: str) -> Answer:
    page = b"<!DOCTYPE html><html><body><h1>Service unavailable</h1></body></html>"
    return Answer(200, page, {"Content-Type": "text/html"})


def text_plain(answer: Answer, standin: StandIn, path: str) -> Answer:
    return Answer(answer.status, answer.body, {"Content-Type": "text/plain"})


def json_edit(edit: Callable[[Any, StandIn, str], Any]):  # type: ignore[no-untyped-def]
    """The recorded answer with its JSON body changed by ``edit``."""

    def act(answer: Answer, standin: StandIn, path: str) -> Answer:
        data = edit(json.loads(answer.body), standin, path)
        return Answer(answer.status, json.dumps(data).encode(), answer.headers)

    return act

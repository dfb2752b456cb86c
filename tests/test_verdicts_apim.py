"""API Management backends' credentials (SE09-2.47): what the service sends to a backend in a
header, a query parameter, the Authorization header, the backend URL or a proxy login.

Bodies in the shape of Microsoft's REST specification examples for Backend - List By Service
(``ApiManagementListBackends.json``, api-version 2024-05-01), whose answer carries the
credentials as they were written. A ``{{named value}}`` reference passes; a value the secret
detector reads as a credential fails, as does any Authorization parameter or proxy password
written in; a service whose backends could not be listed is unknown. Every value is read in memory
only, so a canary planted in one reaches no snapshot and no report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import services_fixtures as fx
import yaml
from declared_cassette import Answer, collect_group, denied, page, write_cassette
from snapshot_factory import by_status, message_of, run_checks
from test_collect_support import ARM, CANARY

from assess import sources
from assess.model import Failure
from assess.reporters import FORMATS, RenderOptions
from assess.snapshot import Snapshot

GROUP = "rg-data"
KEY = f"{CANARY}9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"
FUNCTION_KEY = f"{CANARY}aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG=="


def backend(service_id: str, name: str, url: str, **properties: Any) -> dict[str, Any]:
    """One item of Backend - List By Service: ``credentials`` (``header``/``query``: name -> list
    of values; ``authorization``: ``scheme`` and ``parameter``) and ``proxy`` as written."""
    return {
        "id": f"{service_id}/backends/{name}",
        "type": "Microsoft.ApiManagement/service/backends",
        "name": name,
        "properties": {"description": name, "url": url, "protocol": "http", **properties},
    }


def _collect(tmp_path: Path, answers: dict[str, tuple[Answer, Answer]]) -> Snapshot:
    """Collect one API Management service per name; each answers its named values and its
    backends lists as given."""
    source = sources.source("api_management")
    assert source.resources is not None
    services = [fx.apim_service(name, GROUP) for name in answers]
    extra = [
        (child.operation.url(ARM, resource_id=service["id"]), answer)
        for service in services
        for child, answer in zip(source.children, answers[service["name"]], strict=True)
    ]
    cassette = write_cassette(
        tmp_path / "c.yaml", GROUP, {source.resources.in_group: page(services)}, extra
    )
    return collect_group(cassette, GROUP, {"api_management": True})


def _sid(name: str) -> str:
    return str(fx.apim_service(name, GROUP)["id"])


def _backends(*items: dict[str, Any]) -> tuple[Answer, Answer]:
    return page([]), page(items)


def test_backend_credentials_pass_as_named_values_and_fail_in_clear_text(tmp_path: Path) -> None:
    referenced = backend(
        _sid("apim-referenced"),
        "orders-api",
        "https://orders.contoso.com/api",
        credentials={
            "header": {"x-api-key": ["{{orders-api-key}}"], "Accept": ["application/json"]},
            "query": {"subscription": ["{{orders-subscription}}"]},
            "authorization": {"scheme": "Bearer", "parameter": "{{orders-token}}"},
        },
    )
    keyed = backend(
        _sid("apim-keyed"),
        "orders-api",
        f"https://fn-orders.azurewebsites.net/api/orders?code={FUNCTION_KEY}",
        credentials={"header": {"x-api-key": [KEY], "Accept": ["application/json"]}},
    )
    # ApiManagementListBackends.json's proxybackend, as the example answers it, and its
    # Service Fabric backend, which carries a client certificate id only.
    example = backend(
        _sid("apim-example"),
        "proxybackend",
        "https://backendname2644/",
        credentials={
            "query": {"sv": ["xx", "bb", "cc"]},
            "header": {"x-my-1": ["val1", "val2"]},
            "authorization": {"scheme": "Basic", "parameter": "opensesma"},
        },
        proxy={"url": "http://192.168.1.1:8080", "username": "Contoso\\admin", "password": KEY},
        tls={"validateCertificateChain": False, "validateCertificateName": False},
    )
    fabric = backend(
        _sid("apim-example"),
        "sfbackend",
        "fabric:/mytestapp/mytestservice",
        properties={
            "serviceFabricCluster": {
                "managementEndpoints": ["https://somecluster.com"],
                "clientCertificateId": f"{_sid('apim-example')}/certificates/cert1",
                "maxPartitionResolutionRetries": 5,
            }
        },
    )
    plain = backend(
        _sid("apim-plain"),
        "catalog",
        "https://catalog.contoso.com/",
        credentials={"header": {"Accept": ["application/json"], "x-tenant": ["contoso"]}},
    )
    forbidden = denied("Microsoft.ApiManagement/service/backends/read", GROUP)
    gone = (404, {"error": {"code": "ResourceNotFound", "message": "Service not found."}})
    snapshot = _collect(
        tmp_path,
        {
            "apim-referenced": _backends(referenced),
            "apim-keyed": _backends(keyed),
            "apim-example": _backends(example, fabric),
            "apim-plain": _backends(plain),
            "apim-empty": _backends(),
            "apim-denied": (page([]), forbidden),
            "apim-gone": (page([]), gone),
        },
    )
    results = run_checks(snapshot, "SE09-2.47")
    assert by_status(results) == {
        "pass": {"apim-referenced", "apim-plain", "apim-empty"},
        "fail": {"apim-keyed", "apim-example"},
        "unknown": {"apim-denied", "apim-gone"},
    }
    assert "3 value(s) are named value references" in message_of(results, "apim-referenced")
    assert "has no backend" in message_of(results, "apim-empty")
    keyed_message = message_of(results, "apim-keyed")
    assert "orders-api (1 header value(s): x-api-key)" in keyed_message
    assert "orders-api (url)" in keyed_message
    assert "read in memory only, never kept" in keyed_message
    example_message = message_of(results, "apim-example")
    assert "proxybackend (Authorization Basic parameter)" in example_message
    assert "proxybackend (proxy password)" in example_message
    assert "sfbackend" not in example_message and "val1" not in example_message
    plain_finding = next(f for f in results.findings if f.resource_name == "apim-plain")
    assert plain_finding.evidence.observed["headers"] == ["Accept", "x-tenant"]
    # The named values were listed: what the backends list could not say stays with SE09-2.47.
    assert by_status(run_checks(snapshot, "SE09-2.42"))["pass"] >= {"apim-denied", "apim-gone"}

    kept = snapshot.model_dump_json()
    assert CANARY not in kept and "opensesma" not in kept
    for name in ("json", "md", "html", "sarif", "junit"):
        rendered = FORMATS[name].renderer()(results, RenderOptions())
        assert isinstance(rendered, str) and CANARY not in rendered, name


def test_a_reference_is_not_fingerprinted_and_a_literal_key_is(tmp_path: Path) -> None:
    # Two environments writing the same {{reference}} share no credential; the same literal key
    # in two services is one credential in two places.
    def with_header(service: str, value: str) -> dict[str, Any]:
        credentials = {"header": {"x-api-key": [value]}}
        return backend(
            _sid(service), "orders-api", "https://orders.contoso.com/", credentials=credentials
        )

    snapshot = _collect(
        tmp_path,
        {
            "apim-ref-a": _backends(with_header("apim-ref-a", "{{orders-key}}")),
            "apim-ref-b": _backends(with_header("apim-ref-b", "{{orders-key}}")),
            "apim-key-a": _backends(with_header("apim-key-a", KEY)),
            "apim-key-b": _backends(with_header("apim-key-b", KEY)),
        },
    )
    prints = {
        b.parent.rsplit("/", 1)[-1]: b.fingerprints for b in snapshot.records_of("apim_backends")
    }
    assert prints["apim-ref-a"] == prints["apim-ref-b"] == {}
    assert set(prints["apim-key-a"]) == {"x-api-key"}
    assert prints["apim-key-a"] == prints["apim-key-b"]
    assert CANARY not in json.dumps(prints)


def test_a_backends_list_throttled_past_its_budget_leaves_the_service_unknown(
    tmp_path: Path,
) -> None:
    # Resource Manager's 429 with a Retry-After beyond the retry budget, on every try.
    source = sources.source("api_management")
    assert source.resources is not None
    service = fx.apim_service("apim-throttled", GROUP)
    named, backends = source.children
    throttled = (429, {"error": {"code": "TooManyRequests", "message": "Too many requests."}})
    extra = [(named.operation.url(ARM, resource_id=service["id"]), page([]))]
    extra += [(backends.operation.url(ARM, resource_id=service["id"]), throttled)] * 4
    cassette = write_cassette(
        tmp_path / "c.yaml", GROUP, {source.resources.in_group: page([service])}, extra
    )
    recorded = yaml.safe_load(cassette.read_text(encoding="utf-8"))
    for interaction in recorded["interactions"]:
        if interaction["response"]["status"]["code"] == 429:
            interaction["response"]["headers"]["Retry-After"] = ["3600"]
    cassette.write_text(yaml.safe_dump(recorded), encoding="utf-8")
    snapshot = collect_group(cassette, GROUP, {"api_management": True})
    results = run_checks(snapshot, "SE09-2.47")
    assert by_status(results) == {"unknown": {"apim-throttled"}}
    cause = results.findings[0].cause
    assert cause is not None and cause.failure is Failure.THROTTLED and cause.status == 429
    assert cause.permission == "Microsoft.ApiManagement/service/backends/read"

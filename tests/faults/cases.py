"""The faults injected into the Resource Manager stand-in, and what the tool must do about each.

One table serves the suite (``test_faults.py`` runs every case end to end through ``assess scan``)
and the user documentation (``docs/reliability.md`` is generated from it by
``scripts/reliability_doc.py``; a test keeps the two identical).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from standin import (
    Fault,
    StandIn,
    hang,
    html_page,
    json_edit,
    reset_mid_body,
    status,
    text_plain,
    truncated,
)

PAYMENTS = r"/vaults/kv-payments-prod/secrets\?"
ORDERS = r"/vaults/kv-orders-prod/secrets\?"
IDENTITY_VAULT = r"/vaults/kv-identity-prod[/?]"
PLATFORM = r"/vaults/kv-platform-prod/secrets\?"
LEGACY_LAST_PAGE = (
    r"/vaults/KV-Contoso-Legacy/secrets\?.*skiptoken=c2VjcmV0czpLVi1Db250b3NvLUxlZ2FjeToy"
)
LEGACY_FIRST = "/vaults/KV-Contoso-Legacy/secrets?api-version=2026-02-01"
VAULT_LIST = r"/resourceGroups/rg-payments-prod/providers/Microsoft.KeyVault/vaults\?"


@dataclass(frozen=True)
class Case:
    id: str
    fault: str
    """What is injected, for the documentation."""
    behaviour: str
    """What the tool does, for the documentation."""
    faults: tuple[Fault, ...]
    affected: str = ""
    """A regular expression every changed finding's resource id matches ('' = nothing changes)."""
    cause: str = ""
    """Text the reason of each finding made ``unknown`` carries."""
    exit_code: int = 0
    tolerant: bool = False
    """The affected findings may change status (a property really absent), not only to unknown."""
    extra: dict[str, Any] = field(default_factory=dict)


def _loop_to_itself(data: Any, standin: StandIn, path: str) -> Any:
    return {**data, "nextLink": standin.base + path}


def _back_to_first_page(data: Any, standin: StandIn, path: str) -> Any:
    return {**data, "nextLink": standin.base + path.split("/vaults/")[0] + LEGACY_FIRST}


def _to_foreign_host(data: Any, standin: StandIn, path: str) -> Any:
    foreign = standin.extra_hosts[0]
    return {**data, "nextLink": foreign + path + "&$skiptoken=next"}


def _enormous(data: Any, standin: StandIn, path: str) -> Any:
    return {**data, "padding": "x" * 20_000_000}


def _extra_properties(data: Any, standin: StandIn, path: str) -> Any:
    def add(node: Any) -> Any:
        if isinstance(node, dict):
            return {**{k: add(v) for k, v in node.items()}, "zzFutureProperty": {"on": [1, "x"]}}
        if isinstance(node, list):
            return [add(v) for v in node]
        return node

    return add(data)


def _vault(data: Any) -> dict[str, Any]:
    return next(v for v in data["value"] if v["name"] == "kv-payments-prod")


def _missing_property(data: Any, standin: StandIn, path: str) -> Any:
    data = copy.deepcopy(data)
    _vault(data)["properties"].pop("enablePurgeProtection", None)
    _vault(data)["properties"].pop("enableSoftDelete", None)
    return data


def _pascal_case(data: Any, standin: StandIn, path: str) -> Any:
    data = copy.deepcopy(data)
    vault = _vault(data)
    vault["Properties"] = {k[:1].upper() + k[1:]: v for k, v in vault.pop("properties").items()}
    return data


CASES: tuple[Case, ...] = (
    Case(
        "throttled-short-retry-after",
        "429 twice on one vault's secret list, `Retry-After: 1`",
        "waits as told and retries; the run is the same as without the fault",
        (Fault(PAYMENTS, status(429, "TooManyRequests", {"Retry-After": "1"}), times=2),),
    ),
    Case(
        "throttled-retry-after-beyond-budget",
        "429 on every try, `Retry-After: 3600`",
        "does not wait past its retry budget (`[collect] retry_budget_seconds`): the call is a gap, "
        "that vault's secret findings are `unknown` (HTTP 429), the rest is assessed",
        (Fault(PAYMENTS, status(429, "TooManyRequests", {"Retry-After": "3600"})),),
        affected="kv-payments-prod",
        cause="429",
    ),
    Case(
        "throttled-no-retry-after",
        "429 on every try, no `Retry-After`",
        "backs off exponentially within the budget, then a gap (HTTP 429)",
        (Fault(PAYMENTS, status(429, "TooManyRequests")),),
        affected="kv-payments-prod",
        cause="429",
    ),
    Case(
        "server-errors-burst",
        "500 then 502 on one vault's secret list, 503 then 504 on another's, then the real answers",
        "retries each; the run is the same as without the fault",
        (
            Fault(ORDERS, status(500, "InternalServerError"), times=1),
            Fault(ORDERS, status(502, "BadGateway"), times=1),
            Fault(PLATFORM, status(503, "ServiceUnavailable"), times=1),
            Fault(PLATFORM, status(504, "GatewayTimeout"), times=1),
        ),
    ),
    Case(
        "server-error-persistent",
        "503 on every try",
        "a gap after the retries: that vault's secret findings are `unknown` (HTTP 503)",
        (Fault(ORDERS, status(503, "ServiceUnavailable")),),
        affected="kv-orders-prod",
        cause="503",
    ),
    Case(
        "reset-mid-body-once",
        "connection reset after half the body, once",
        "retries; the run is the same as without the fault",
        (Fault(PAYMENTS, reset_mid_body, times=1),),
    ),
    Case(
        "reset-mid-body-always",
        "connection reset after half the body, every time",
        "retries, then a gap (IncompleteRead): that vault's secret findings are `unknown`",
        (Fault(PAYMENTS, reset_mid_body),),
        affected="kv-payments-prod",
        cause="IncompleteRead",
    ),
    Case(
        "hang-past-timeout",
        "no answer for longer than the read time-out, once",
        "times out (`[collect] timeout_seconds`) and retries; the run is the same",
        (Fault(PAYMENTS, hang(4), times=1),),
    ),
    Case(
        "truncated-json",
        "a 200 whose JSON body is cut in half",
        "the answer is not complete data: a gap (InvalidJson), never an empty list",
        (Fault(PAYMENTS, truncated),),
        affected="kv-payments-prod",
        cause="InvalidJson",
    ),
    Case(
        "html-with-200",
        "an HTML error page with status 200",
        "a gap (InvalidJson), never an empty list",
        (Fault(PAYMENTS, html_page),),
        affected="kv-payments-prod",
        cause="InvalidJson",
    ),
    Case(
        "wrong-content-type",
        "the right JSON body labelled `text/plain`",
        "reads the body as JSON; the run is the same",
        (Fault(PAYMENTS, text_plain),),
    ),
    Case(
        "next-link-to-itself",
        "a `nextLink` that points to the page it is on",
        "stops paging at the repeated link: a gap (PagingLoop), no endless loop",
        (Fault(PAYMENTS, json_edit(_loop_to_itself)),),
        affected="kv-payments-prod",
        cause="PagingLoop",
    ),
    Case(
        "next-link-to-earlier-page",
        "the third page's `nextLink` leads back to the first page",
        "a gap (PagingLoop), no endless loop",
        (Fault(LEGACY_LAST_PAGE, json_edit(_back_to_first_page)),),
        affected="(?i)KV-Contoso-Legacy",
        cause="PagingLoop",
    ),
    Case(
        "next-link-to-another-host",
        "a `nextLink` to a host outside the cloud's Resource Manager endpoint",
        "never follows it (the bearer token would go with it): a gap (ForeignNextLink); the other "
        "host receives no request",
        (Fault(PAYMENTS, json_edit(_to_foreign_host)),),
        affected="kv-payments-prod",
        cause="ForeignNextLink",
    ),
    Case(
        "enormous-page",
        "a 20 MB page (an unknown property padded)",
        "reads it; the run is the same",
        (Fault(PAYMENTS, json_edit(_enormous)),),
    ),
    Case(
        "unauthorized-mid-run",
        "401 on one vault's secret list in the middle of the run",
        "one new token from the credential and one retry; the second 401 is a gap (HTTP 401) "
        "on that vault; everything else is assessed",
        (Fault(ORDERS, status(401, "InvalidAuthenticationToken")),),
        affected="kv-orders-prod",
        cause="401",
    ),
    Case(
        "forbidden-one-vault",
        "403 on every call under one vault",
        "that vault's secret, key and logging findings are `unknown` (HTTP 403) with the "
        "permission needed; other vaults are assessed",
        (Fault(IDENTITY_VAULT, status(403, "AuthorizationFailed")),),
        affected="kv-identity-prod",
        cause="403",
    ),
    Case(
        "not-found-after-listing",
        "404 on the secret list of a vault listed a moment before",
        "a gap (HTTP 404) on that vault, never 'no secrets'",
        (Fault(PLATFORM, status(404, "ResourceNotFound")),),
        affected="kv-platform-prod",
        cause="404",
    ),
    Case(
        "unknown-extra-properties",
        "every object of every answer carries a property the tool does not know",
        "ignores it; the run is the same",
        (Fault(r".", json_edit(_extra_properties)),),
    ),
    Case(
        "missing-properties",
        "a vault listed without `enableSoftDelete` and `enablePurgeProtection`",
        "reads them as Azure defines their absence; only that vault's findings change",
        (Fault(VAULT_LIST, json_edit(_missing_property)),),
        affected="kv-payments-prod",
        tolerant=True,
    ),
    Case(
        "property-casing",
        "a vault whose `properties` and every property name are PascalCase",
        "completes; no finding becomes a pass because a property could not be read (the vault's "
        "own findings and those that depend on it, such as who reaches it, may change)",
        (Fault(VAULT_LIST, json_edit(_pascal_case)),),
        affected=".",
        tolerant=True,
    ),
    Case(
        "nothing-readable",
        "403 on every call",
        "stops with exit code 4 and one line: nothing at all could be read",
        (Fault(r"^/subscriptions", status(403, "AuthorizationFailed")),),
        exit_code=4,
    ),
)


def render_markdown() -> str:
    """docs/reliability.md."""
    lines = [
        "# Reliability: what the tool does when Azure misbehaves",
        "",
        "<!-- Generated by scripts/reliability_doc.py from tests/faults/cases.py; do not edit. -->",
        "",
        "Each row is a fault injected by the test suite (`tests/faults/`) into a loopback HTTPS",
        "stand-in for Resource Manager serving the recorded demo tenant, and what `assess scan`",
        "does about it. In every case the scan completes without a traceback (or stops with exit",
        "code 4 when nothing at all could be read), only the findings that depend on the failed",
        "call change, each to `unknown` with the cause, no request goes to any other host, and",
        "retries stop within the retry budget (`[collect] retry_budget_seconds`, default 300 s",
        "per call; `timeout_seconds` bounds each try).",
        "",
        "| fault | what the tool does |",
        "| --- | --- |",
    ]
    for case in CASES:
        lines.append(f"| {case.fault} | {case.behaviour} |")
    return "\n".join(lines) + "\n"

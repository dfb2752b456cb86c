"""The Azure clouds waf-assess can read, and the only module that names their hosts.

A :class:`Cloud` says where Resource Manager lives, which authority issues tokens, which token
scope Resource Manager accepts, where Log Analytics answers queries, and the Key Vault DNS suffix.

Three public clouds are built in (``AzureCloud``, ``AzureChinaCloud``, ``AzureUSGovernment``). Any
other cloud (Azure Stack Hub, a private cloud) is described by its Resource Manager endpoint alone:
:func:`discover_cloud` reads ``{arm}/metadata/endpoints?api-version=2022-09-01`` and takes the login
endpoint and token audience from it.

Environment variables, read by :func:`resolve_cloud` when the caller gave no explicit value:

* ``WAF_ASSESS_ARM_ENDPOINT``, else ``AZURE_ARM_ENDPOINT``: a custom Resource Manager endpoint;
* ``AZURE_CLOUD``: the name of a built-in cloud (the same names as ``az cloud list``).

An explicit ``--arm-endpoint`` or ``--cloud`` always wins over the environment. The Log Analytics
endpoint can be overridden on its own (``--log-analytics-endpoint``) for any cloud.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from assess.errors import InputError, UsageError

METADATA_API_VERSION = "2022-09-01"

ENV_ARM_ENDPOINT = ("WAF_ASSESS_ARM_ENDPOINT", "AZURE_ARM_ENDPOINT")
ENV_CLOUD = "AZURE_CLOUD"


@dataclass(frozen=True)
class Cloud:
    name: str
    arm_endpoint: str
    """Resource Manager base URL, without a trailing slash."""
    authority_host: str
    """Token authority (login endpoint), without a trailing slash."""
    arm_scope: str
    """The OAuth scope of a Resource Manager token (``<audience>/.default``)."""
    log_analytics_endpoint: str
    keyvault_dns_suffix: str
    portal: str = ""
    """The Azure portal of this cloud (for links in reports), without a trailing slash."""

    @property
    def log_analytics_scope(self) -> str:
        return f"{self.log_analytics_endpoint.rstrip('/')}/.default"


AZURE_PUBLIC = Cloud(
    name="AzureCloud",
    arm_endpoint="https://management.azure.com",
    authority_host="https://login.microsoftonline.com",
    arm_scope="https://management.azure.com/.default",
    log_analytics_endpoint="https://api.loganalytics.io",
    keyvault_dns_suffix="vault.azure.net",
    portal="https://portal.azure.com",
)
AZURE_CHINA = Cloud(
    name="AzureChinaCloud",
    arm_endpoint="https://management.chinacloudapi.cn",
    authority_host="https://login.chinacloudapi.cn",
    arm_scope="https://management.chinacloudapi.cn/.default",
    log_analytics_endpoint="https://api.loganalytics.azure.cn",
    keyvault_dns_suffix="vault.azure.cn",
    portal="https://portal.azure.cn",
)
AZURE_US_GOVERNMENT = Cloud(
    name="AzureUSGovernment",
    arm_endpoint="https://management.usgovcloudapi.net",
    authority_host="https://login.microsoftonline.us",
    arm_scope="https://management.usgovcloudapi.net/.default",
    log_analytics_endpoint="https://api.loganalytics.us",
    keyvault_dns_suffix="vault.usgovcloudapi.net",
    portal="https://portal.azure.us",
)

CLOUDS: dict[str, Cloud] = {
    c.name.lower(): c for c in (AZURE_PUBLIC, AZURE_CHINA, AZURE_US_GOVERNMENT)
}

AUTHORITY_HOSTS: tuple[str, ...] = (
    *(urlsplit(c.authority_host).hostname or "" for c in CLOUDS.values()),
    "login.windows.net",
    "login.microsoft.com",
)
"""Token-issuing hosts of the built-in clouds: never recorded into a cassette."""


def builtin_cloud(name: str) -> Cloud:
    cloud = CLOUDS.get(name.strip().lower())
    if cloud is None:
        known = ", ".join(c.name for c in CLOUDS.values())
        raise UsageError(f"unknown cloud {name!r}", hint=f"use one of {known}, or --arm-endpoint")
    return cloud


def portal_of(name: str) -> str:
    """The portal of a built-in cloud by name (``""`` for a custom cloud: not known)."""
    cloud = CLOUDS.get(name.strip().lower())
    return cloud.portal if cloud is not None else ""


def normalise_endpoint(url: str) -> str:
    """``https://host[/path]`` without a trailing slash; refuses anything that is not https."""
    text = url.strip().rstrip("/")
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname:
        raise UsageError(f"endpoint {url!r} is not an https URL")
    return text


FetchJson = Callable[[str], Any]
"""GET a URL without authentication and return its parsed JSON (injected for tests)."""


def discover_cloud(arm_endpoint: str, fetch: FetchJson) -> Cloud:
    """Describe a custom cloud from its Resource Manager metadata endpoint.

    The 2022-09-01 answer is a list of cloud descriptions; older stacks answer one object. Either
    way the fields read are ``authentication.loginEndpoint``, ``authentication.audiences[0]``,
    ``suffixes.keyVaultDns`` and ``logAnalyticsResourceId`` (the last two optional).
    """
    arm = normalise_endpoint(arm_endpoint)
    url = f"{arm}/metadata/endpoints?api-version={METADATA_API_VERSION}"
    data = fetch(url)
    entry = _pick_entry(data, arm)
    auth = entry.get("authentication") if isinstance(entry, Mapping) else None
    if not isinstance(auth, Mapping):
        raise InputError(f"{url} did not describe the cloud's authentication endpoint")
    login = auth.get("loginEndpoint")
    audiences = auth.get("audiences") or []
    if (
        not isinstance(login, str)
        or not login
        or not audiences
        or not isinstance(audiences[0], str)
    ):
        raise InputError(f"{url} did not give a login endpoint and a token audience")
    raw_suffixes = entry.get("suffixes")
    suffixes: Mapping[str, Any] = raw_suffixes if isinstance(raw_suffixes, Mapping) else {}
    kv = suffixes.get("keyVaultDns") or suffixes.get("keyvaultDns") or ""
    log_analytics = entry.get("logAnalyticsResourceId") or ""
    name = entry.get("name") if isinstance(entry.get("name"), str) else ""
    return Cloud(
        name=name or "Custom",
        arm_endpoint=arm,
        authority_host=login.rstrip("/"),
        arm_scope=f"{audiences[0].rstrip('/')}/.default",
        log_analytics_endpoint=str(log_analytics).rstrip("/"),
        keyvault_dns_suffix=str(kv).lstrip("."),
    )


def _pick_entry(data: Any, arm: str) -> Mapping[str, Any]:
    if isinstance(data, Mapping):
        return data
    if isinstance(data, list):
        entries = [e for e in data if isinstance(e, Mapping)]
        for entry in entries:
            manager = entry.get("resourceManager")
            if isinstance(manager, str) and manager.rstrip("/").lower() == arm.lower():
                return entry
        if entries:
            return entries[0]
    return {}


def resolve_cloud(
    name: str | None,
    arm_endpoint: str | None,
    log_analytics_endpoint: str | None,
    fetch: FetchJson | None = None,
    environ: Mapping[str, str] | None = None,
) -> Cloud:
    """The cloud to read: explicit arguments first, then the environment, then AzureCloud."""
    env = os.environ if environ is None else environ
    custom = arm_endpoint or next((env[v] for v in ENV_ARM_ENDPOINT if env.get(v)), None)
    if custom:
        cloud = discover_cloud(custom, fetch or fetch_json_anonymous)
    else:
        cloud = builtin_cloud(name or env.get(ENV_CLOUD) or AZURE_PUBLIC.name)
    if log_analytics_endpoint:
        cloud = replace(cloud, log_analytics_endpoint=normalise_endpoint(log_analytics_endpoint))
    return cloud


def fetch_json_anonymous(url: str) -> Any:
    """GET public metadata without a token (TLS verified, retried like every other call)."""
    from assess.http import ApiError, ArmClient

    with ArmClient(url, None, "", timeout_seconds=30, pool_size=1) as client:
        try:
            return client.get_json(url)
        except ApiError as exc:
            raise UsageError(
                f"cannot read the cloud metadata endpoint {url}: {exc.summary}"
            ) from exc

"""The Azure clouds waf-assess can read, and the only module that names their hosts.

A :class:`Cloud` says where Resource Manager lives, which authority issues tokens, which token
scope Resource Manager accepts, where Log Analytics answers queries, and the Key Vault DNS suffix.

Three public clouds are built in (``AzureCloud``, ``AzureChinaCloud``, ``AzureUSGovernment``). Any
other cloud (Azure Stack Hub, a private cloud) is described by its Resource Manager endpoint alone:
:func:`discover_cloud` reads ``{arm}/metadata/endpoints?api-version=2022-09-01`` and takes the login
endpoint and token audience from it.

Which cloud is read is decided by :func:`choose_cloud`, layer by layer: the command line
(``--cloud``, ``--arm-endpoint``), then the environment, then the configuration file's ``[cloud]``
section, then ``AzureCloud``. The first layer that names a cloud or an endpoint decides alone; a
lower layer never overrides part of it. The environment variables are:

* ``WAF_ASSESS_ARM_ENDPOINT``, else ``AZURE_ARM_ENDPOINT``: a custom Resource Manager endpoint;
* ``AZURE_CLOUD``: the name of a built-in cloud (the same names as ``az cloud list``).

Within one layer, a name and an endpoint may be given together when they agree; a built-in cloud's
name with another built-in cloud's endpoint (``--cloud AzureChinaCloud --arm-endpoint
https://management.azure.com``) is a usage error. A custom endpoint describes its own cloud, so a
name given with it only labels it. The Log Analytics endpoint can be overridden on its own
(``--log-analytics-endpoint``) for any cloud.
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
    managed_hsm_dns_suffix: str = ""
    """Where Managed HSM pools' data planes live (``managedhsm.azure.net``); "" when unknown."""
    """The Azure portal of this cloud (for links in reports), without a trailing slash."""
    graph_endpoint: str = ""
    """Microsoft Graph of this cloud, without a trailing slash; ``""`` when not known (a custom
    cloud whose metadata names none): Graph evidence is then a gap, never guessed."""

    @property
    def log_analytics_scope(self) -> str:
        return f"{self.log_analytics_endpoint.rstrip('/')}/.default"

    @property
    def graph_scope(self) -> str:
        """The OAuth scope of a Microsoft Graph token (``<endpoint>/.default``), or ``""``."""
        return f"{self.graph_endpoint}/.default" if self.graph_endpoint else ""


AZURE_PUBLIC = Cloud(
    name="AzureCloud",
    arm_endpoint="https://management.azure.com",
    authority_host="https://login.microsoftonline.com",
    arm_scope="https://management.azure.com/.default",
    log_analytics_endpoint="https://api.loganalytics.io",
    keyvault_dns_suffix="vault.azure.net",
    managed_hsm_dns_suffix="managedhsm.azure.net",
    portal="https://portal.azure.com",
    graph_endpoint="https://graph.microsoft.com",
)
AZURE_CHINA = Cloud(
    name="AzureChinaCloud",
    arm_endpoint="https://management.chinacloudapi.cn",
    authority_host="https://login.chinacloudapi.cn",
    arm_scope="https://management.chinacloudapi.cn/.default",
    log_analytics_endpoint="https://api.loganalytics.azure.cn",
    keyvault_dns_suffix="vault.azure.cn",
    managed_hsm_dns_suffix="managedhsm.azure.cn",
    portal="https://portal.azure.cn",
    graph_endpoint="https://microsoftgraph.chinacloudapi.cn",
)
AZURE_US_GOVERNMENT = Cloud(
    name="AzureUSGovernment",
    arm_endpoint="https://management.usgovcloudapi.net",
    authority_host="https://login.microsoftonline.us",
    arm_scope="https://management.usgovcloudapi.net/.default",
    log_analytics_endpoint="https://api.loganalytics.us",
    keyvault_dns_suffix="vault.usgovcloudapi.net",
    managed_hsm_dns_suffix="managedhsm.usgovcloudapi.net",
    portal="https://portal.azure.us",
    graph_endpoint="https://graph.microsoft.us",
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
    ``suffixes.keyVaultDns``, ``logAnalyticsResourceId`` and ``microsoftGraphResourceId`` (the
    last three optional).
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
    graph = str(entry.get("microsoftGraphResourceId") or "")
    return Cloud(
        name=name or "Custom",
        arm_endpoint=arm,
        authority_host=login.rstrip("/"),
        arm_scope=f"{audiences[0].rstrip('/')}/.default",
        log_analytics_endpoint=str(log_analytics).rstrip("/"),
        keyvault_dns_suffix=str(kv).lstrip("."),
        managed_hsm_dns_suffix=str(suffixes.get("mhsmDns") or "").lstrip("."),
        graph_endpoint=graph.rstrip("/") if graph.startswith("https://") else "",
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


@dataclass(frozen=True)
class CloudChoice:
    """The cloud a run reads, and the layer that decided it."""

    name: str
    arm_endpoint: str | None
    """A custom Resource Manager endpoint, or ``None`` for the built-in cloud ``name``."""
    source: str
    """``command line``, ``environment``, ``config`` or ``default``."""


def choose_cloud(
    command_line: tuple[str | None, str | None] = (None, None),
    config: tuple[str | None, str | None] = (None, None),
    environ: Mapping[str, str] | None = None,
) -> CloudChoice:
    """The cloud to read from ``(name, arm_endpoint)`` layers: command line > environment > config
    > ``AzureCloud``. Raises :class:`UsageError` when a layer's name and endpoint disagree."""
    env = os.environ if environ is None else environ
    from_env = (
        env.get(ENV_CLOUD) or None,
        next((env[v] for v in ENV_ARM_ENDPOINT if env.get(v)), None),
    )
    layers = (("command line", command_line), ("environment", from_env), ("config", config))
    for source, (name, endpoint) in layers:
        if name or endpoint:
            return _agreeing(source, name or None, endpoint or None)
    return CloudChoice(AZURE_PUBLIC.name, None, "default")


_SOURCE_NAMES = {
    "command line": ("--cloud", "--arm-endpoint"),
    "environment": (ENV_CLOUD, "/".join(ENV_ARM_ENDPOINT)),
    "config": ("[cloud] name", "[cloud] arm_endpoint"),
}


def _agreeing(source: str, name: str | None, endpoint: str | None) -> CloudChoice:
    if endpoint is None:
        return CloudChoice(builtin_cloud(name or AZURE_PUBLIC.name).name, None, source)
    arm = normalise_endpoint(endpoint)
    host = (urlsplit(arm).hostname or "").lower()
    owner = next((c for c in CLOUDS.values() if urlsplit(c.arm_endpoint).hostname == host), None)
    named = CLOUDS.get(name.strip().lower()) if name else None
    if owner is None:
        return CloudChoice(name or "Custom", arm, source)
    if named is not None and named is not owner:
        name_flag, endpoint_flag = _SOURCE_NAMES[source]
        raise UsageError(
            f"{name_flag} {named.name} conflicts with {endpoint_flag} {arm}, which is "
            f"{owner.name}'s Resource Manager",
            hint=f"give one of them ({source})",
        )
    return CloudChoice(owner.name, None, source)


def resolve_cloud(
    name: str | None,
    arm_endpoint: str | None,
    log_analytics_endpoint: str | None,
    fetch: FetchJson | None = None,
    environ: Mapping[str, str] | None = None,
) -> Cloud:
    """The cloud to read: the arguments given, else the environment, else AzureCloud (see
    :func:`choose_cloud`); a custom endpoint is described by its metadata."""
    choice = choose_cloud((name, arm_endpoint), environ=environ)
    if choice.arm_endpoint is not None:
        cloud = discover_cloud(choice.arm_endpoint, fetch or fetch_json_anonymous)
    else:
        cloud = builtin_cloud(choice.name)
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

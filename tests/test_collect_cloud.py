"""Clouds: the built-in ones, a custom ARM endpoint discovered from its metadata, env vars."""

from __future__ import annotations

import pytest
from test_collect_support import SUB_A, UNIT

from assess.cloud import discover_cloud, fetch_json_anonymous, resolve_cloud
from assess.collect import CollectOptions, collect_snapshot
from assess.errors import UsageError
from assess.progress import NullProgress
from assess.replay import replay

STACK = "https://management.local.azurestack.external"
AUDIENCE = "https://management.contoso.onmicrosoft.com/6e1b1a2e-0b2f-4a1c-9a7b-3d2f1e0c9b8a"


def test_azure_stack_cloud_is_discovered_from_its_metadata_endpoint() -> None:
    with replay(UNIT / "azurestack-metadata.yaml"):
        cloud = discover_cloud(STACK + "/", fetch_json_anonymous)
    assert cloud.arm_endpoint == STACK
    assert cloud.authority_host == "https://login.microsoftonline.com"
    assert cloud.arm_scope == f"{AUDIENCE}/.default"


def test_collecting_from_a_custom_endpoint_uses_it_for_every_call() -> None:
    # The cassette answers the subscription GET on the Azure Stack host with a 404.
    options = CollectOptions(
        arm_endpoint=STACK, subscriptions=(SUB_A,), replay=UNIT / "azurestack-metadata.yaml"
    )
    with pytest.raises(UsageError) as caught:
        collect_snapshot(options, NullProgress())
    assert str(caught.value) == (
        f"subscription {SUB_A} is not visible to this identity; check the id and that the "
        "identity has Reader on it"
    )


def test_the_current_metadata_shape_is_a_list_of_clouds() -> None:
    answer = [
        {
            "name": "AzureCloud",
            "resourceManager": "https://management.azure.com/",
            "authentication": {
                "loginEndpoint": "https://login.microsoftonline.com",
                "audiences": [
                    "https://management.core.windows.net/",
                    "https://management.azure.com/",
                ],
                "tenant": "common",
                "identityProvider": "AAD",
            },
            "suffixes": {"keyVaultDns": "vault.azure.net"},
            "logAnalyticsResourceId": "https://api.loganalytics.io",
        }
    ]
    cloud = discover_cloud("https://management.azure.com", lambda url: answer)
    assert cloud.name == "AzureCloud"
    assert cloud.arm_scope == "https://management.core.windows.net/.default"
    assert cloud.keyvault_dns_suffix == "vault.azure.net"


def test_metadata_without_authentication_is_refused() -> None:
    from assess.errors import InputError

    with pytest.raises(InputError):
        discover_cloud(STACK, lambda url: {"portalEndpoint": "https://portal"})


def test_builtin_clouds_and_environment() -> None:
    assert (
        resolve_cloud(None, None, None, environ={}).arm_endpoint == "https://management.azure.com"
    )
    china = resolve_cloud(None, None, None, environ={"AZURE_CLOUD": "AzureChinaCloud"})
    assert china.arm_endpoint == "https://management.chinacloudapi.cn"
    assert china.arm_scope == "https://management.chinacloudapi.cn/.default"
    gov = resolve_cloud("azureusgovernment", None, "https://logs.example.test", environ={})
    assert gov.authority_host == "https://login.microsoftonline.us"
    assert gov.log_analytics_endpoint == "https://logs.example.test"
    custom = resolve_cloud(
        None,
        None,
        None,
        fetch=lambda url: {
            "authentication": {
                "loginEndpoint": "https://adfs.local/adfs",
                "audiences": ["https://arm.local/x"],
            }
        },
        environ={"WAF_ASSESS_ARM_ENDPOINT": "https://arm.local", "AZURE_CLOUD": "AzureChinaCloud"},
    )
    assert (custom.arm_endpoint, custom.authority_host) == (
        "https://arm.local",
        "https://adfs.local/adfs",
    )
    with pytest.raises(UsageError):
        resolve_cloud("Mars", None, None, environ={})
    with pytest.raises(UsageError):
        resolve_cloud(None, "http://insecure.local", None, environ={})

"""List items of the data services in Microsoft's documented shapes (no tests here).

Each builder follows the REST specification example named in its docstring (property names,
casing, nesting, the ``type`` spelling the service returns); names and ids are the tests' own. A
flag given as ``None`` is left out of the body, as older resources and most published examples
leave it out.
"""

from __future__ import annotations

from typing import Any

from test_collect_support import SUB_A


def _rid(group: str, provider_type: str, name: str) -> str:
    return f"/subscriptions/{SUB_A}/resourceGroups/{group}/providers/{provider_type}/{name}"


def _set(props: dict[str, Any], **flags: Any) -> dict[str, Any]:
    props.update({k: v for k, v in flags.items() if v is not None})
    return props


def servicebus_namespace(name: str, group: str, disable_local_auth: bool | None) -> dict[str, Any]:
    """Service Bus, Namespaces - List By Resource Group (SBNameSpaceListByResourceGroup.json,
    api-version 2024-01-01)."""
    return {
        "sku": {"name": "Standard", "tier": "Standard"},
        "id": _rid(group, "Microsoft.ServiceBus/namespaces", name),
        "name": name,
        "type": "Microsoft.ServiceBus/Namespaces",
        "location": "South Central US",
        "tags": {"environment": "production"},
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "metricId": f"{SUB_A}:{name}",
                "createdAt": "2025-05-25T22:26:36.76Z",
                "updatedAt": "2025-05-25T22:26:59.35Z",
                "serviceBusEndpoint": f"https://{name}.servicebus.windows.net:443/",
            },
            disableLocalAuth=disable_local_auth,
        ),
    }


def eventhub_namespace(name: str, group: str, disable_local_auth: bool | None) -> dict[str, Any]:
    """Event Hubs, the namespace of Namespaces - Create's answer (EHNameSpaceCreate.json,
    api-version 2024-01-01), the shape of each list item."""
    return {
        "sku": {"name": "Standard", "tier": "Standard", "capacity": 1},
        "id": _rid(group, "Microsoft.EventHub/namespaces", name),
        "name": name,
        "type": "Microsoft.EventHub/Namespaces",
        "location": "East US",
        "tags": {},
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "metricId": f"{SUB_A}:{name}",
                "createdAt": "2025-04-25T22:26:36.76Z",
                "updatedAt": "2025-04-25T22:26:59.35Z",
                "serviceBusEndpoint": f"https://{name}.servicebus.windows.net:443/",
                "zoneRedundant": False,
                "isAutoInflateEnabled": False,
                "maximumThroughputUnits": 0,
                "minimumTlsVersion": "1.2",
                "kafkaEnabled": False,
            },
            disableLocalAuth=disable_local_auth,
        ),
    }


def container_registry(name: str, group: str, admin_user: bool | None) -> dict[str, Any]:
    """Container Registry, Registries - List (Registries_List.json, api-version 2022-12-01)."""
    return {
        "name": name,
        "type": "Microsoft.ContainerRegistry/registries",
        "id": _rid(group, "Microsoft.ContainerRegistry/registries", name),
        "location": "westus",
        "properties": _set(
            {
                "creationDate": "2025-06-15T21:38:26.1537861Z",
                "dataEndpointEnabled": False,
                "dataEndpointHostNames": [],
                "encryption": {"status": "disabled"},
                "loginServer": f"{name}.azurecr.io",
                "networkRuleBypassOptions": "AzureServices",
                "networkRuleSet": {"defaultAction": "Allow", "ipRules": []},
                "privateEndpointConnections": [],
                "provisioningState": "Succeeded",
                "publicNetworkAccess": "Enabled",
                "status": None,
                "zoneRedundancy": "Disabled",
            },
            adminUserEnabled=admin_user,
        ),
        "sku": {"name": "Standard", "tier": "Standard"},
        "tags": {"key": "value"},
    }


def redis_cache(name: str, group: str, disable_keys: bool | None) -> dict[str, Any]:
    """Azure Cache for Redis, Redis - List By Resource Group (RedisCacheListByResourceGroup.json,
    api-version 2024-11-01); ``disableAccessKeyAuthentication`` is a documented property of that
    version, absent from the example."""
    return {
        "id": _rid(group, "Microsoft.Cache/Redis", name),
        "location": "West US",
        "name": name,
        "type": "Microsoft.Cache/Redis",
        "tags": {},
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "redisVersion": "6.0",
                "sku": {"name": "Standard", "family": "C", "capacity": 1},
                "enableNonSslPort": False,
                "redisConfiguration": {},
                "hostName": f"{name}.redis.cache.windows.net",
                "port": 6379,
                "sslPort": 6380,
                "publicNetworkAccess": "Enabled",
            },
            disableAccessKeyAuthentication=disable_keys,
        ),
    }


def app_configuration_store(name: str, group: str, disable_local: bool | None) -> dict[str, Any]:
    """App Configuration, Configuration Stores - Create With Local Auth Disabled's answer
    (ConfigurationStoresCreateWithLocalAuthDisabled.json, api-version 2024-05-01), the shape of
    each list item."""
    return {
        "type": "Microsoft.AppConfiguration/configurationStores",
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "creationDate": "2025-04-24T16:30:55+00:00",
                "endpoint": f"https://{name}.azconfig.io",
                "encryption": {
                    "keyVaultProperties": {"keyIdentifier": None, "identityClientId": None}
                },
                "privateEndpointConnections": [],
            },
            disableLocalAuth=disable_local,
        ),
        "sku": {"name": "Standard"},
        "id": _rid(group, "Microsoft.AppConfiguration/configurationStores", name),
        "name": name,
        "location": "westus",
        "tags": {},
    }


def sql_server(
    name: str, group: str, entra_only: bool | None, *, admin: str | None = "sql-admins"
) -> dict[str, Any]:
    """Azure SQL, Servers - List By Resource Group (ServerListByResourceGroup.json) with the
    ``administrators`` object of Servers - Create's answer (ServerCreate.json), api-version
    2023-08-01; ``admin`` None: no Microsoft Entra admin, so no ``administrators``."""
    props: dict[str, Any] = {
        "fullyQualifiedDomainName": f"{name}.database.windows.net",
        "administratorLogin": "dummylogin",
        "version": "12.0",
        "state": "Ready",
        "publicNetworkAccess": "Enabled",
        "restrictOutboundNetworkAccess": "Enabled",
    }
    if admin is not None:
        props["administrators"] = _set(
            {
                "principalType": "Group",
                "login": admin,
                "sid": "00000011-1111-2222-2222-123456789111",
                "tenantId": "00000011-1111-2222-2222-123456789111",
            },
            azureADOnlyAuthentication=entra_only,
        )
    return {
        "id": _rid(group, "Microsoft.Sql/servers", name),
        "name": name,
        "type": "Microsoft.Sql/servers",
        "location": "japaneast",
        "kind": "v12.0",
        "properties": props,
    }


def aks_cluster(
    name: str,
    group: str,
    disable_local: bool | None,
    *,
    csi: bool | None = None,
    rotation: str | None = None,
) -> dict[str, Any]:
    """AKS, Managed Clusters - the answer of Create with the Key Vault secrets provider
    (ManagedClustersCreate_AzureKeyvaultSecretsProvider.json, api-version 2025-01-01), the shape
    of each list item; ``csi`` None: no ``azureKeyvaultSecretsProvider`` add-on profile."""
    addons: dict[str, Any] = {}
    if csi is not None:
        config = {} if rotation is None else {"enableSecretRotation": rotation}
        if rotation is not None:
            config["rotationPollInterval"] = "2m"
        addons["azureKeyvaultSecretsProvider"] = {"enabled": csi, "config": config}
    return {
        "id": _rid(group, "Microsoft.ContainerService/managedClusters", name),
        "location": "location1",
        "name": name,
        "tags": {"tier": "production"},
        "type": "Microsoft.ContainerService/ManagedClusters",
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "maxAgentPools": 1,
                "kubernetesVersion": "1.31.2",
                "dnsPrefix": name,
                "agentPoolProfiles": [
                    {
                        "name": "nodepool1",
                        "count": 3,
                        "vmSize": "Standard_DS2_v2",
                        "osType": "Linux",
                        "type": "VirtualMachineScaleSets",
                        "mode": "System",
                    }
                ],
                "linuxProfile": {"adminUsername": "azureuser", "ssh": {"publicKeys": []}},
                "servicePrincipalProfile": {"clientId": "msi"},
                "addonProfiles": addons,
                "nodeResourceGroup": f"MC_{group}_{name}_location1",
                "enableRBAC": True,
                "fqdn": f"{name}-abcd1234.hcp.eastus.azmk8s.io",
            },
            disableLocalAccounts=disable_local,
        ),
    }


def sql_managed_instance(name: str, group: str, entra_only: bool | None) -> dict[str, Any]:
    """Azure SQL, Managed Instances - List By Resource Group
    (ManagedInstanceListByResourceGroup.json, api-version 2023-08-01), with the
    ``administrators`` object servers answer; ``entra_only`` None: no Microsoft Entra admin."""
    props: dict[str, Any] = {
        "fullyQualifiedDomainName": f"{name}.1b4e2caff2530.database.windows.net",
        "administratorLogin": "dummylogin",
        "state": "Ready",
        "provisioningState": "Succeeded",
        "vCores": 8,
        "storageSizeInGB": 1024,
        "licenseType": "LicenseIncluded",
        "publicDataEndpointEnabled": False,
        "minimalTlsVersion": "1.2",
    }
    if entra_only is not None:
        props["administrators"] = {
            "administratorType": "ActiveDirectory",
            "principalType": "Group",
            "login": "sql-admins",
            "sid": "00000011-1111-2222-2222-123456789111",
            "tenantId": "00000011-1111-2222-2222-123456789111",
            "azureADOnlyAuthentication": entra_only,
        }
    return {
        "location": "japaneast",
        "id": _rid(group, "Microsoft.Sql/managedInstances", name),
        "name": name,
        "type": "Microsoft.Sql/managedInstances",
        "sku": {"name": "GP_Gen5", "tier": "GeneralPurpose", "capacity": 8, "family": "Gen5"},
        "properties": props,
    }


def eventgrid_topic(
    name: str, group: str, disable_local: bool | None, *, domain: bool = False
) -> dict[str, Any]:
    """Event Grid, Topics - List By Resource Group (Topics_ListByResourceGroup.json, api-version
    2025-02-15); a domain has the same shape under ``Microsoft.EventGrid/domains``."""
    kind = "domains" if domain else "topics"
    return {
        "properties": _set(
            {
                "endpoint": f"https://{name}.westus2-1.eventgrid.azure.net/api/events",
                "provisioningState": "Succeeded",
            },
            disableLocalAuth=disable_local,
        ),
        "id": _rid(group, f"Microsoft.EventGrid/{kind}", name),
        "location": "westus2",
        "name": name,
        "tags": {"tag1": "value1"},
        "type": f"Microsoft.EventGrid/{kind}",
    }


def eventgrid_domain(name: str, group: str, disable_local: bool | None) -> dict[str, Any]:
    return eventgrid_topic(name, group, disable_local, domain=True)


def ai_services_account(name: str, group: str, disable_local: bool | None) -> dict[str, Any]:
    """Azure AI services, Accounts - List By Resource Group (ListAccountsByResourceGroup.json,
    api-version 2024-10-01)."""
    return {
        "id": _rid(group, "Microsoft.CognitiveServices/accounts", name),
        "name": name,
        "type": "Microsoft.CognitiveServices/accounts",
        "location": "westus",
        "sku": {"name": "S0"},
        "kind": "OpenAI",
        "tags": {},
        "etag": "W/\"datetime'2025-04-10T04%3A42%3A19.7067387Z'\"",
        "properties": _set(
            {
                "endpoint": f"https://{name}.openai.azure.com/",
                "provisioningState": "Succeeded",
            },
            disableLocalAuth=disable_local,
        ),
    }


def search_service(name: str, group: str, disable_local: bool | None) -> dict[str, Any]:
    """Azure AI Search, Services - List By Resource Group
    (SearchListServicesByResourceGroup.json, api-version 2025-05-01)."""
    return {
        "id": _rid(group, "Microsoft.Search/searchServices", name),
        "name": name,
        "location": "westus",
        "type": "Microsoft.Search/searchServices",
        "tags": {"app-name": "My e-commerce app"},
        "sku": {"name": "standard"},
        "properties": _set(
            {
                "replicaCount": 3,
                "partitionCount": 1,
                "status": "running",
                "statusDetails": "",
                "hostingMode": "default",
                "provisioningState": "succeeded",
                "publicNetworkAccess": "enabled",
                "networkRuleSet": {"ipRules": []},
                "privateEndpointConnections": [],
            },
            disableLocalAuth=disable_local,
        ),
    }


def webpubsub_service(
    name: str, group: str, disable_local: bool | None, *, kind: str = "WebPubSub"
) -> dict[str, Any]:
    """Azure Web PubSub, WebPubSub - Create Or Update's answer (WebPubSub_CreateOrUpdate.json,
    api-version 2024-03-01), the shape of each list item; SignalR (``kind`` ``SignalR``) shares
    it under ``Microsoft.SignalRService/SignalR``."""
    rtype = "WebPubSub" if kind == "WebPubSub" else "SignalR"
    return {
        "sku": {"name": "Premium_P1", "tier": "Premium", "size": "P1", "capacity": 1},
        "properties": _set(
            {
                "provisioningState": "Succeeded",
                "externalIP": "10.0.0.1",
                "hostName": f"{name}.webpubsub.azure.com",
                "publicPort": 443,
                "serverPort": 443,
                "version": "1.0",
                "privateEndpointConnections": [],
                "tls": {"clientCertEnabled": False},
                "publicNetworkAccess": "Enabled",
                "disableAadAuth": False,
            },
            disableLocalAuth=disable_local,
        ),
        "kind": kind,
        "location": "eastus",
        "tags": {"key1": "value1"},
        "id": _rid(group, f"Microsoft.SignalRService/{rtype}", name),
        "name": name,
        "type": f"Microsoft.SignalRService/{rtype}",
    }


def signalr_service(name: str, group: str, disable_local: bool | None) -> dict[str, Any]:
    return webpubsub_service(name, group, disable_local, kind="SignalR")


def postgresql_server(name: str, group: str, password_auth: str | None) -> dict[str, Any]:
    """Azure Database for PostgreSQL, Servers - List By Resource Group
    (ServerListByResourceGroup.json, api-version 2024-08-01); ``password_auth`` None leaves
    ``authConfig`` out."""
    props: dict[str, Any] = {
        "storage": {"iops": 500, "tier": "P10", "storageSizeGB": 128, "autoGrow": "Disabled"},
        "network": {"publicNetworkAccess": "Enabled"},
        "dataEncryption": {"type": "SystemManaged"},
        "fullyQualifiedDomainName": f"{name}.postgres.database.azure.com",
        "version": "16",
        "administratorLogin": "administratorlogin",
        "state": "Ready",
    }
    if password_auth is not None:
        props["authConfig"] = {
            "activeDirectoryAuth": "Enabled",
            "passwordAuth": password_auth,
            "tenantId": "00000000-0000-0000-0000-0000000000f0",
        }
    return {
        "sku": {"name": "Standard_D4ds_v5", "tier": "GeneralPurpose"},
        "systemData": {"createdAt": "2025-03-15T19:30:22.123456Z"},
        "properties": props,
        "location": "westus",
        "tags": {},
        "id": _rid(group, "Microsoft.DBforPostgreSQL/flexibleServers", name),
        "name": name,
        "type": "Microsoft.DBforPostgreSQL/flexibleServers",
    }


def authorization_rule(namespace_id: str, name: str, rights: list[str]) -> dict[str, Any]:
    """Service Bus / Event Hubs, Namespaces - List Authorization Rules
    (SBNameSpaceAuthorizationRuleListAll.json, api-version 2024-01-01): one rule, by name and
    rights (the example's ids are the namespace's id with the rule's name)."""
    provider = namespace_id.split("/providers/", 1)[1].split("/", 1)[0]
    return {
        "id": f"{namespace_id}/authorizationRules/{name}",
        "name": name,
        "type": f"{provider}/Namespaces/AuthorizationRules",
        "properties": {"rights": rights},
    }


def container_app(
    name: str,
    group: str,
    secrets: dict[str, str | None],
    *,
    job: bool = False,
    env: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """Container Apps, the app of Container Apps - Create Or Update's answer
    (ContainerApps_CreateOrUpdate.json, api-version 2025-01-01), trimmed, with
    ``configuration.secrets`` in the specification's Secret shape (``name``, ``keyVaultUrl``,
    ``identity``; ``value`` is write-only and never answered). ``secrets``: name -> Key Vault
    secret URL, or None for a value stored in the app. ``job``: the same under Microsoft.App/jobs.
    ``env``: the container's environment variables in the specification's EnvironmentVar shape
    (``name`` with ``value``, or ``name`` with ``secretRef``)."""
    rtype = "Microsoft.App/jobs" if job else "Microsoft.App/containerApps"
    entries = [
        {"name": n} if url is None else {"name": n, "keyVaultUrl": url, "identity": "system"}
        for n, url in secrets.items()
    ]
    return {
        "id": _rid(group, rtype, name),
        "name": name,
        "type": rtype,
        "location": "East US",
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "provisioningState": "Succeeded",
            "runningStatus": "Running",
            "managedEnvironmentId": _rid(group, "Microsoft.App/managedEnvironments", "demokube"),
            "configuration": {"secrets": entries, "activeRevisionsMode": "Single"},
            "template": {
                "containers": [
                    {"image": "repo/app:v1", "name": name, **({"env": env} if env else {})}
                ]
            },
        },
    }


def container_app_job(name: str, group: str, secrets: dict[str, str | None]) -> dict[str, Any]:
    return container_app(name, group, secrets, job=True)


def apim_service(name: str, group: str) -> dict[str, Any]:
    """API Management, an ``ApiManagementServiceResource`` as Api Management Service - List By
    Resource Group answers it (api-version 2024-05-01), trimmed."""
    return {
        "id": _rid(group, "Microsoft.ApiManagement/service", name),
        "name": name,
        "type": "Microsoft.ApiManagement/service",
        "location": "West US",
        "tags": {},
        "sku": {"name": "Developer", "capacity": 1},
        "properties": {
            "publisherEmail": "apis@contoso.com",
            "publisherName": "Contoso",
            "provisioningState": "Succeeded",
            "gatewayUrl": f"https://{name}.azure-api.net",
            "publicNetworkAccess": "Enabled",
        },
    }


def named_value(
    service_id: str, name: str, *, secret: bool, vault: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """API Management, Named Value - List By Service (ApiManagementListNamedValues.json,
    api-version 2024-05-01): a plain value carries its text, a secret one does not, a Key
    Vault-backed one carries ``keyVault`` with ``lastStatus``."""
    props: dict[str, Any] = {"displayName": name, "secret": secret}
    if not secret:
        props["value"] = "propValue"
    if vault is not None:
        props["keyVault"] = {
            "secretIdentifier": vault,
            "identityClientId": "2d2df842-44d8-4885-8dec-77cc1a984a31",
        }
        if status is not None:
            props["keyVault"]["lastStatus"] = {
                "code": status,
                "timeStampUtc": "2026-10-31T00:54:31.8024882Z",
            }
    return {
        "id": f"{service_id}/namedValues/{name}",
        "type": "Microsoft.ApiManagement/service/namedValues",
        "name": name,
        "properties": props,
    }


def storage_account(
    name: str,
    group: str,
    *,
    shared_key: bool | None = None,
    oauth: bool | None = None,
    key_days: int | None = None,
    sas: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Storage, Storage Accounts - List By Resource Group's item with the policies of
    Storage Accounts - Create's answer (StorageAccountCreate.json, api-version 2025-08-01:
    ``keyPolicy.keyExpirationPeriodInDays``, ``sasPolicy`` with ``sasExpirationPeriod`` as
    ``d.hh:mm:ss`` and ``expirationAction``, ``allowSharedKeyAccess``); None leaves it out."""
    props: dict[str, Any] = {
        "provisioningState": "Succeeded",
        "creationTime": "2025-03-18T04:42:22.4322836Z",
        "primaryLocation": "eastus",
        "statusOfPrimary": "available",
        "minimumTlsVersion": "TLS1_2",
        "encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": False},
    }
    if key_days is not None:
        props["keyPolicy"] = {"keyExpirationPeriodInDays": key_days}
    if sas is not None:
        props["sasPolicy"] = {"sasExpirationPeriod": sas[0], "expirationAction": sas[1]}
    _set(props, allowSharedKeyAccess=shared_key, defaultToOAuthAuthentication=oauth)
    return {
        "id": _rid(group, "Microsoft.Storage/storageAccounts", name),
        "kind": "StorageV2",
        "location": "eastus",
        "name": name,
        "properties": props,
        "sku": {"name": "Standard_GRS", "tier": "Standard"},
        "tags": {},
        "type": "Microsoft.Storage/storageAccounts",
    }

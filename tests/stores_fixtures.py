"""List items of MySQL flexible servers, Automation accounts, Data Factory and Logic Apps in
Microsoft's documented shapes (no tests here).

Each builder follows the REST specification example named in its docstring (property names,
casing, nesting, the ``type`` spelling the service returns); names and ids are the tests' own.
"""

from __future__ import annotations

from typing import Any

from test_collect_support import SUB_A


def _rid(group: str, provider_type: str, name: str) -> str:
    return f"/subscriptions/{SUB_A}/resourceGroups/{group}/providers/{provider_type}/{name}"


def mysql_server(name: str, group: str) -> dict[str, Any]:
    """MySQL, Servers - List By Resource Group (FlexibleServers ServersListByResourceGroup.json,
    api-version 2023-12-30), one item."""
    return {
        "sku": {"name": "Standard_B1ms", "tier": "Burstable"},
        "properties": {
            "administratorLogin": "cloudsa",
            "storage": {"storageSizeGB": 23, "iops": 369, "autoGrow": "Enabled"},
            "version": "5.7",
            "state": "Ready",
            "fullyQualifiedDomainName": f"{name}.mysql.database.azure.com",
            "replicationRole": "None",
            "network": {"publicNetworkAccess": "Enabled"},
            "highAvailability": {"mode": "Disabled", "state": "NotEnabled"},
        },
        "location": "Southeast Asia",
        "tags": {"num": "1"},
        "id": _rid(group, "Microsoft.DBforMySQL/flexibleServers", name),
        "name": name,
        "type": "Microsoft.DBforMySQL/flexibleServers",
    }


def mysql_admin(server_id: str, login: str) -> dict[str, Any]:
    """MySQL, Azure AD Administrators - List By Server (AzureADAdministratorsListByServer.json,
    api-version 2023-12-30), one item."""
    return {
        "id": f"{server_id}/administrators/ActiveDirectory",
        "name": "ActiveDirectory",
        "type": "Microsoft.DBforMySQL/flexibleServers/administrators",
        "properties": {
            "administratorType": "ActiveDirectory",
            "login": login,
            "sid": "c6b82b90-a647-49cb-8a62-0d2d3cb7ac7c",
            "tenantId": "c12b7025-bfe2-46c1-b463-993b5e4cd467",
            "identityResourceId": _rid(
                "rg-identity", "Microsoft.ManagedIdentity/userAssignedIdentities", "mysql-umi"
            ),
        },
    }


def mysql_configuration(server_id: str, name: str, value: str) -> dict[str, Any]:
    """MySQL, Configurations - Get (ConfigurationGet.json, api-version 2023-12-30)."""
    return {
        "properties": {
            "value": value,
            "description": "Only Microsoft Entra logins are accepted when ON.",
            "defaultValue": "OFF",
            "dataType": "Enumeration",
            "allowedValues": "ON,OFF",
            "source": "system-default" if value == "OFF" else "user-override",
            "isConfigPendingRestart": "False",
            "isDynamicConfig": "True",
            "isReadOnly": "False",
        },
        "id": f"{server_id}/configurations/{name}",
        "name": name,
        "type": "Microsoft.DBforMySQL/flexibleServers/configurations",
    }


def automation_account(name: str, group: str) -> dict[str, Any]:
    """Automation, Automation Account - List By Resource Group
    (listAutomationAccountsByResourceGroup.json, api-version 2023-11-01), one item."""
    return {
        "id": _rid(group, "Microsoft.Automation/automationAccounts", name),
        "location": "eastus2",
        "name": name,
        "type": "Microsoft.Automation/AutomationAccounts",
        "properties": {
            "creationTime": "2016-09-24T00:47:04.227+00:00",
            "lastModifiedTime": "2017-02-09T21:35:16.4+00:00",
            "lastModifiedBy": "myEmailId@microsoft.com",
            "state": "Ok",
        },
    }


def automation_variable(account_id: str, name: str, value: str | None) -> dict[str, Any]:
    """Automation, Variable - List By Automation Account (listVariables_Next100.json,
    api-version 2023-11-01): an unencrypted variable carries its ``value`` as JSON text (a string
    in quotes); ``value=None`` is an encrypted variable, whose value is not returned."""
    props: dict[str, Any] = {
        "creationTime": "2017-03-28T23:01:07.38+00:00",
        "lastModifiedTime": "2017-03-28T23:01:07.38+00:00",
        "isEncrypted": value is None,
        "description": None,
    }
    if value is not None:
        props["value"] = f'"{value}"'
    return {"id": f"{account_id}/variables/{name}", "name": name, "properties": props}


def automation_credential(account_id: str, name: str) -> dict[str, Any]:
    """Automation, Credential - List By Automation Account
    (listCredentialsByAutomationAccount.json, api-version 2023-11-01), one item."""
    return {
        "id": f"{account_id}/credentials/{name}",
        "name": name,
        "properties": {
            "userName": "mylingaiah",
            "description": "my description goes here",
            "creationTime": "2017-03-26T21:43:38.91+00:00",
            "lastModifiedTime": "2017-03-26T21:43:45.393+00:00",
        },
    }


def data_factory(name: str, group: str) -> dict[str, Any]:
    """Data Factory, Factories - List By Resource Group (Factories_ListByResourceGroup.json,
    api-version 2018-06-01), one item."""
    return {
        "name": name,
        "identity": {
            "type": "SystemAssigned",
            "principalId": "10743799-44d2-42fe-8c4d-5bc5c51c0684",
            "tenantId": "12345678-1234-1234-1234-123456789abc",
        },
        "id": _rid(group, "Microsoft.DataFactory/factories", name),
        "type": "Microsoft.DataFactory/factories",
        "properties": {
            "provisioningState": "Succeeded",
            "createTime": "2018-06-19T05:41:50.0041314Z",
            "version": "2018-06-01",
        },
        "eTag": '"00004004-0000-0000-0000-5b28979e0000"',
        "location": "East US",
        "tags": {},
    }


SECURE_STRING = {"type": "SecureString", "value": "**********"}
"""A ``SecureString`` as the factory answers it (LinkedServices_Get.json): masked."""


def key_vault_secret(secret: str) -> dict[str, Any]:
    """An ``AzureKeyVaultSecret`` reference (the specification's AzureKeyVaultSecretReference)."""
    return {
        "type": "AzureKeyVaultSecret",
        "store": {"referenceName": "keyvault", "type": "LinkedServiceReference"},
        "secretName": secret,
    }


def linked_service(factory_id: str, name: str, kind: str, **secrets: Any) -> dict[str, Any]:
    """Data Factory, Linked Services - List By Factory's item (the shape of LinkedServices_Get.json,
    api-version 2018-06-01): ``typeProperties`` holding ``secrets`` as given."""
    return {
        "id": f"{factory_id}/linkedservices/{name}",
        "name": name,
        "type": "Microsoft.DataFactory/factories/linkedservices",
        "properties": {"type": kind, "typeProperties": dict(secrets)},
        "etag": "1500474f-0000-0200-0000-5cbe090d0000",
    }


def logic_workflow(
    name: str,
    group: str,
    parameters: dict[str, tuple[str, Any]],
    defaults: dict[str, Any] | None = None,
    actions: dict[str, Any] | None = None,
    triggers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Logic Apps, Workflows - List By Resource Group (Workflows_ListByResourceGroup.json,
    api-version 2019-05-01), one item; ``parameters``: name -> (type, value) in the
    specification's WorkflowParameter shape (a secure parameter's value is not answered: None);
    ``defaults``: the definition's ``defaultValue`` of a parameter (Workflows_Get.json gives
    ``$connections`` one); ``actions``, ``triggers``: the definition's, in the Workflow
    Definition Language's shape."""
    values = {
        key: {"type": kind, **({"value": value} if value is not None else {})}
        for key, (kind, value) in parameters.items()
    }
    declared = {
        key: {"type": kind, **({"defaultValue": defaults[key]} if key in (defaults or {}) else {})}
        for key, (kind, _) in parameters.items()
    }
    return {
        "properties": {
            "provisioningState": "Succeeded",
            "createdTime": "2018-04-25T01:39:21.4365247Z",
            "changedTime": "2018-08-09T22:54:54.3533634Z",
            "state": "Enabled",
            "version": "08586677515911718341",
            "definition": {
                "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
                "contentVersion": "1.0.0.0",
                "parameters": declared,
                "triggers": triggers or {},
                "actions": actions or {},
                "outputs": {},
            },
            "parameters": values,
            "accessControl": {},
        },
        "id": _rid(group, "Microsoft.Logic/workflows", name),
        "name": name,
        "type": "Microsoft.Logic/workflows",
        "location": "brazilsouth",
        "tags": {},
    }


def policy_state(resource_id: str, definition: str, state: str, assignment: str) -> dict[str, Any]:
    """Policy Insights, Policy States - List Query Results For Subscription
    (PolicyStates_QuerySubscriptionScopeNextLink.json, api-version 2024-10-01), one item."""
    sub = resource_id.split("/")[2]
    return {
        "@odata.id": None,
        "@odata.context": f"https://management.azure.com/subscriptions/{sub}/providers/"
        "Microsoft.PolicyInsights/policyStates/$metadata#latest/$entity",
        "timestamp": "2026-11-30T17:48:05Z",
        "resourceId": resource_id,
        "policyAssignmentId": f"/subscriptions/{sub}/providers/Microsoft.Authorization/"
        f"policyAssignments/{assignment}",
        "policyDefinitionId": f"/providers/Microsoft.Authorization/policyDefinitions/{definition}",
        "effectiveParameters": None,
        "isCompliant": state == "Compliant",
        "subscriptionId": sub,
        "resourceType": "/Microsoft.KeyVault/vaults",
        "resourceLocation": "westeurope",
        "resourceGroup": resource_id.split("/")[4],
        "resourceTags": "tbd",
        "policyAssignmentName": assignment,
        "policyAssignmentOwner": "tbd",
        "policyAssignmentParameters": "{}",
        "policyAssignmentScope": f"/subscriptions/{sub}",
        "policyDefinitionName": definition,
        "policyDefinitionAction": "audit",
        "policyDefinitionCategory": "tbd",
        "policySetDefinitionId": "",
        "policySetDefinitionName": "",
        "policySetDefinitionOwner": None,
        "policySetDefinitionCategory": None,
        "policySetDefinitionParameters": None,
        "managementGroupIds": "mymg,fff988bf-fff1-ffff-fffb-fffcd011db47",
        "policyDefinitionReferenceId": None,
        "complianceState": state,
        "policyDefinitionGroupNames": ["myGroup"],
    }


def policy_page(states: list[dict[str, Any]], sub: str, next_link: str | None) -> dict[str, Any]:
    """A page of Policy States - List Query Results (``@odata.nextLink`` null on the last)."""
    return {
        "@odata.nextLink": next_link,
        "@odata.context": f"https://management.azure.com/subscriptions/{sub}/providers/"
        "Microsoft.PolicyInsights/policyStates/$metadata#latest",
        "@odata.count": len(states),
        "value": states,
    }

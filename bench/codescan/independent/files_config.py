"""Configuration, infrastructure as code, CI, rc files, scripts, docs and logs."""

from __future__ import annotations

import json

from independent import known
from independent.forge import Forge, b64_text
from independent.tree import Doc, Tree


def dotnet_config(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "{",
        '  "Logging": { "LogLevel": { "Default": "Information" } },',
        '  "ConnectionStrings": {',
    )
    d.t("db-connection-string", "ado-net-sql-password", '    "Inventory": "§",',
        f"Server=tcp:sql-inventory.database.windows.net,1433;Initial Catalog=inventory;User ID=inventory_app;Password={fx.password()};Encrypt=True;Connection Timeout=30;")  # fmt: skip
    d.f("azure-storage", "key-vault-reference", '    "Blobs": "§"',
        "@Microsoft.KeyVault(SecretUri=https://kv-inventory.vault.azure.net/secrets/blob-conn/)")  # fmt: skip
    d("  },", '  "AzureAd": {', '    "Instance": "https://login.microsoftonline.com/",')
    d.f("entra-client-secret", "guid-tenant-id", '    "TenantId": "§",', fx.guid())
    d.f("entra-client-secret", "guid-client-id", '    "ClientId": "§",', fx.guid())
    d.t(
        "entra-client-secret",
        "appsettings-client-secret",
        '    "ClientSecret": "§"',
        fx.entra_secret(),
    )
    d("  },", '  "ApplicationInsights": {')
    d.f("azure-service-key", "instrumentation-key-connection-string", '    "ConnectionString": "§"',
        f"InstrumentationKey={fx.guid()};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/")  # fmt: skip
    d("  },")
    d.t("azure-service-key", "redis-connection-string", '  "Redis": "§"',
        f"redis-inventory.redis.cache.windows.net:6380,password={fx.shared_key()},ssl=True,abortConnect=False")  # fmt: skip
    d("}")
    tree.add("dotnet/Inventory.Api/appsettings.json", d)

    d = Doc("{", '  "ConnectionStrings": {')
    d.f("azure-storage", "development-storage", '    "Blobs": "§",', "UseDevelopmentStorage=true")
    d.f("azure-storage", "vendor-emulator-key", '    "Queues": "§",',
        f"DefaultEndpointsProtocol=http;AccountName={known.AZURITE_ACCOUNT};AccountKey={known.AZURITE_KEY};QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;")  # fmt: skip
    d.f(
        "azure-messaging",
        "managed-identity-namespace",
        '    "ServiceBus": "§"',
        "sb-inventory-dev.servicebus.windows.net",
    )
    d("  },")
    d.f("azure-cosmos", "managed-identity-endpoint", '  "Cosmos": { "Endpoint": "§", "UseManagedIdentity": true }',
        "https://cosmos-inventory-dev.documents.azure.com:443/")  # fmt: skip
    d("}")
    tree.add("dotnet/Inventory.Api/appsettings.Development.json", d)

    d = Doc("{")
    d.f("generic-secret", "key-vault-reference-named", '  "PartnerApiKey": "§",',
        "@Microsoft.KeyVault(VaultName=kv-inventory;SecretName=partner-api-key)")  # fmt: skip
    d.t("azure-service-key", "signalr-connection-string", '  "Azure:SignalR:ConnectionString": "§",',
        f"Endpoint=https://sigr-inventory.service.signalr.net;AccessKey={fx.shared_key()};Version=1.0;")  # fmt: skip
    d.t("azure-app-config", "app-config-connection-string", '  "AppConfig": "§",',
        f"Endpoint=https://appcs-inventory.azconfig.io;Id={fx.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 4)}-l0-s0:{fx.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 20)};Secret={fx.shared_key()}")  # fmt: skip
    d.t("azure-service-key", "event-grid-key", '  "EventGrid": { "TopicEndpoint": "https://egt-inventory.westeurope-1.eventgrid.azure.net/api/events", "TopicKey": "§" }',
        fx.shared_key())  # fmt: skip
    d("}")
    tree.add("dotnet/Inventory.Api/appsettings.Production.json", d)

    d = Doc('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>")
    d.t(
        "azure-storage",
        "web-config-appsetting",
        '    <add key="StorageAccountKey" value="§" />',
        fx.storage_key(),
    )
    d.f(
        "entra-client-secret",
        "guid-client-id",
        '    <add key="ida:ClientId" value="§" />',
        fx.guid(),
    )
    d.f(
        "generic-secret",
        "token-replace-placeholder",
        '    <add key="PartnerApiKey" value="§" />',
        "#{PartnerApiKey}#",
    )
    d("  </appSettings>", "  <connectionStrings>")
    d.t("db-connection-string", "web-config-connection-string", '    <add name="Default" connectionString="§" providerName="System.Data.SqlClient" />',
        f"Data Source=sql-legacy.internal;Initial Catalog=Orders;User Id=orders_web;Password={fx.password('shell')};")  # fmt: skip
    d("  </connectionStrings>", "  <system.web>")
    d.t("generic-secret", "machine-key", '    <machineKey validation="HMACSHA256" decryption="AES" validationKey="§" decryptionKey="'
        + fx.pick("0123456789ABCDEF", 64) + '" />', fx.pick("0123456789ABCDEF", 128))  # fmt: skip
    d("  </system.web>", "</configuration>")
    tree.add("dotnet/Inventory.Web/Web.config", d, crlf=True)

    d = Doc('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <appSettings>")
    d.t("azure-messaging", "app-config-servicebus", '    <add key="ServiceBusConnection" value="§" />',
        f"Endpoint=sb://sb-worker.servicebus.windows.net/;SharedAccessKeyName=worker-send;SharedAccessKey={fx.shared_key()}")  # fmt: skip
    d.t("azure-messaging", "app-config-eventhub", '    <add key="TelemetryHub" value="§" />',
        f"Endpoint=sb://evhns-telemetry.servicebus.windows.net/;SharedAccessKeyName=listen;SharedAccessKey={fx.shared_key()};EntityPath=devices")  # fmt: skip
    d.f(
        "generic-secret",
        "env-percent-placeholder",
        '    <add key="ApiKey" value="§" />',
        "%WORKER_API_KEY%",
    )
    d("  </appSettings>", "</configuration>")
    tree.add("dotnet/Worker/App.config", d, crlf=True)

    d = Doc('<?xml version="1.0" encoding="utf-8"?>', "<configuration>", "  <packageSources>")
    d(
        '    <add key="northwind" value="https://pkgs.dev.azure.com/northwind/_packaging/main/nuget/v3/index.json" />',
        "  </packageSources>",
    )
    d(
        "  <packageSourceCredentials>",
        "    <northwind>",
        '      <add key="Username" value="build" />',
    )
    d.t(
        "azure-devops-pat",
        "nuget-config-cleartext",
        '      <add key="ClearTextPassword" value="§" />',
        fx.devops_pat(),
    )
    d("    </northwind>", "    <mirror>", '      <add key="Username" value="build" />')
    d.f(
        "azure-devops-pat",
        "env-percent-placeholder",
        '      <add key="ClearTextPassword" value="§" />',
        "%NUGET_MIRROR_PAT%",
    )
    d("    </mirror>", "  </packageSourceCredentials>", "</configuration>")
    tree.add("dotnet/nuget.config", d)

    d = Doc("{", '  "IsEncrypted": false,', '  "Values": {')
    d.t("azure-storage", "functions-webjobs-storage", '    "AzureWebJobsStorage": "§",',
        f"DefaultEndpointsProtocol=https;AccountName=stfunc{fx.pick('abcdefghijklmnopqrstuvwxyz', 6)};AccountKey={fx.storage_key()};EndpointSuffix=core.windows.net")  # fmt: skip
    d('    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",')
    d.t("azure-messaging", "iot-hub-connection", '    "IoTHubConnection": "§"',
        f"HostName=iot-plant.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey={fx.shared_key()}")  # fmt: skip
    d("  }", "}")
    tree.add("functions/ingest/local.settings.json", d)


def infra(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "terraform {",
        "  required_providers {",
        '    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }',
        "  }",
        "}",
        "",
    )
    d('provider "azurerm" {', "  features {}")
    d.f("entra-client-secret", "guid-client-id", '  client_id       = "§"', fx.guid())
    d.t(
        "entra-client-secret",
        "terraform-provider-secret",
        '  client_secret   = "§"',
        fx.entra_secret(),
    )
    d.f("entra-client-secret", "guid-tenant-id", '  tenant_id       = "§"', fx.guid())
    d("}", "", 'variable "vm_admin_password" {', "  type      = string", "  sensitive = true")
    d.t("generic-password", "terraform-variable-default", '  default   = "§"', fx.password())
    d("}", "", 'resource "azurerm_key_vault_secret" "db" {', '  name         = "db-password"')
    d.f("generic-password", "terraform-var-reference", "  value        = §", "var.db_password")
    d("  key_vault_id = azurerm_key_vault.main.id", "}", "")
    d('resource "azurerm_mssql_server" "main" {', '  administrator_login = "sqladmin"')
    d.f(
        "generic-password",
        "terraform-resource-reference",
        "  administrator_login_password = §",
        "random_password.sql.result",
    )
    d("}")
    tree.add("infra/terraform/main.tf", d)

    d = Doc('location = "westeurope"')
    d.t("generic-password", "tfvars-password", 'sql_admin_password = "§"', fx.password("words"))
    d.t("datadog", "tfvars-hex-api-key", 'datadog_api_key = "§"', fx.hex(32))
    d.t("datadog", "tfvars-hex-app-key", 'datadog_app_key = "§"', fx.hex(40))
    d.f("entra-client-secret", "guid-subscription-id", 'subscription_id = "§"', fx.guid())
    tree.add("infra/terraform/prod.auto.tfvars", d)

    d = Doc(
        "terraform {",
        '  backend "azurerm" {',
        '    resource_group_name  = "rg-tfstate"',
        '    storage_account_name = "sttfstateprod"',
    )
    d('    container_name       = "tfstate"', '    key                  = "prod.terraform.tfstate"')
    d.t(
        "azure-storage",
        "terraform-backend-access-key",
        '    access_key           = "§"',
        fx.storage_key(),
    )
    d("  }", "}")
    tree.add("infra/terraform/backend.tf", d)

    d = Doc(
        "{",
        '  "version": 4,',
        '  "terraform_version": "1.9.5",',
        '  "resources": [',
        "    {",
        '      "type": "azurerm_storage_account",',
    )
    d('      "name": "data",', '      "instances": [', "        {", '          "attributes": {')
    d(
        f'            "id": "/subscriptions/{fx.guid()}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stdataprod",'
    )
    d.t(
        "azure-storage",
        "tfstate-primary-key",
        '            "primary_access_key": "§",',
        fx.storage_key(),
    )
    d.t("azure-storage", "tfstate-connection-string", '            "primary_connection_string": "§"',
        f"DefaultEndpointsProtocol=https;AccountName=stdataprod;AccountKey={fx.storage_key()};EndpointSuffix=core.windows.net")  # fmt: skip
    d(
        "          }",
        "        }",
        "      ]",
        "    },",
        "    {",
        '      "type": "random_password",',
        '      "name": "sql",',
    )
    d('      "instances": [ { "attributes": {')
    d.t("generic-password", "tfstate-random-password", '        "result": "§"', fx.password())
    d("      } } ]", "    }", "  ]", "}")
    tree.add("infra/terraform/terraform.tfstate", d)

    d = Doc("targetScope = 'resourceGroup'", "", "@secure()")
    d.t(
        "generic-password",
        "bicep-secure-param-default",
        "param adminPassword string = '§'",
        fx.password(),
    )
    d(
        "",
        "@secure()",
        "param sqlPassword string",
        "param location string = resourceGroup().location",
        "",
    )
    d(
        "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {",
        "  name: 'stappdata'",
        "}",
        "",
    )
    d.f("azure-storage", "bicep-listkeys-interpolation", "var blobConn = '§'",
        "DefaultEndpointsProtocol=https;AccountName=${sa.name};AccountKey=${sa.listKeys().keys[0].value}")  # fmt: skip
    d.f(
        "generic-password",
        "bicep-param-reference",
        "output adminUser object = { name: 'azureuser', password: § }",
        "adminPassword",
    )
    d.t("azure-cosmos", "bicep-var-literal", "var cosmosKey = '§'", fx.storage_key())
    tree.add("infra/bicep/main.bicep", d)

    d = Doc("using './main.bicep'", "")
    d.t("generic-password", "bicepparam-literal", "param adminPassword = '§'", fx.password("shell"))
    d.f("generic-password", "bicepparam-getsecret", "param sqlPassword = §",
        f"az.getSecret('{fx.guid()}', 'rg-shared', 'kv-shared', 'sql-password')")  # fmt: skip
    tree.add("infra/bicep/main.bicepparam", d)

    arm_pw = fx.password()
    d = Doc(
        "{",
        '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
        '  "contentVersion": "1.0.0.0",',
    )
    d(
        '  "parameters": {',
        '    "adminUsername": { "type": "string", "defaultValue": "azureuser" },',
        '    "adminPassword": {',
        '      "type": "securestring",',
    )
    d.t("generic-password", "arm-securestring-default", '      "defaultValue": "§"', arm_pw)
    d(
        "    },",
        '    "sqlPassword": { "type": "securestring" }',
        "  },",
        '  "resources": [',
        "    {",
    )
    d(
        '      "type": "Microsoft.Sql/servers",',
        '      "apiVersion": "2023-08-01-preview",',
        '      "name": "sql-orders",',
        '      "properties": {',
    )
    d('        "administratorLogin": "sqladmin",')
    d.f(
        "generic-password",
        "arm-parameters-expression",
        '        "administratorLoginPassword": "§"',
        "[parameters('sqlPassword')]",
    )
    d(
        "      }",
        "    }",
        "  ],",
        '  "outputs": {',
        '    "storageKey": {',
        '      "type": "string",',
    )
    d.f("azure-storage", "arm-listkeys-expression", '      "value": "§"',
        "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stappdata'), '2023-05-01').keys[0].value]")  # fmt: skip
    d("    }", "  }", "}")
    tree.add("infra/arm/azuredeploy.json", d)

    d = Doc(
        "{",
        '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",',
        '  "contentVersion": "1.0.0.0",',
        '  "parameters": {',
    )
    d.t(
        "generic-password",
        "arm-parameter-file-value",
        '    "adminPassword": { "value": "§" },',
        fx.password("words"),
    )
    d('    "sqlPassword": {', '      "reference": {')
    d.f("generic-password", "arm-keyvault-reference", '        "keyVault": { "id": "§" },',
        f"/subscriptions/{fx.guid()}/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared")  # fmt: skip
    d.f(
        "generic-password",
        "arm-keyvault-secret-name",
        '        "secretName": "§"',
        "sql-admin-password",
    )
    d("      }", "    }", "  }", "}")
    tree.add("infra/arm/azuredeploy.parameters.json", d)


def kubernetes(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: orders-db",
        "  namespace: orders",
        "type: Opaque",
        "data:",
    )
    d.f("generic-password", "k8s-base64-username", "  username: §", b64_text("orders_app"))
    d.t("generic-password", "k8s-base64-password", "  password: §", b64_text(fx.password()))
    d.t("db-connection-string", "k8s-base64-url", "  DATABASE_URL: §",
        b64_text(f"postgresql://orders_app:{fx.password('url')}@pg-orders:5432/orders"))  # fmt: skip
    tree.add("k8s/base/secret-db.yaml", d)

    d = Doc(
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: acr-pull",
        "type: kubernetes.io/dockerconfigjson",
        "data:",
    )
    auth = b64_text(f"acrpull:{fx.b64(32)}")
    d.t("generic-password", "k8s-dockerconfigjson", "  .dockerconfigjson: §",
        b64_text(json.dumps({"auths": {"crnorthwind.azurecr.io": {"auth": auth}}})))  # fmt: skip
    tree.add("k8s/base/secret-acr.yaml", d)

    d = Doc(
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        "  name: payments",
        "type: Opaque",
        "stringData:",
    )
    d.t("stripe", "k8s-stringdata", "  STRIPE_SECRET_KEY: §", fx.stripe())
    d.t("stripe", "k8s-stringdata-webhook", "  STRIPE_WEBHOOK_SECRET: §", fx.stripe_webhook())
    d.t("twilio", "twilio-auth-token", '  TWILIO_AUTH_TOKEN: "§"', fx.twilio_token())
    d.f("twilio", "twilio-account-sid", "  TWILIO_ACCOUNT_SID: §", "AC" + fx.hex(32))
    tree.add("k8s/base/secret-payments.yaml", d)

    d = Doc(
        "apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: orders", "  annotations:"
    )
    d.f("generic-secret", "helm-checksum-annotation", "    checksum/config: §", fx.hex(64))
    d("spec:", "  template:", "    spec:", "      containers:", "        - name: orders")
    d.f(
        "generic-secret",
        "image-digest",
        "          image: §",
        f"crnorthwind.azurecr.io/orders@sha256:{fx.hex(64)}",
    )
    d(
        "          env:",
        "            - name: DB_PASSWORD",
        "              valueFrom:",
        "                secretKeyRef:",
    )
    d.f("generic-password", "secret-key-ref-name", "                  name: §", "orders-db")
    d("                  key: password", "            - name: FEATURE_SERVICE_TOKEN")
    d.t(
        "generic-secret",
        "k8s-env-inline-value",
        '              value: "§"',
        fx.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40),
        up=1,
    )
    d("            - name: AZURE_CLIENT_ID")
    d.f("entra-client-secret", "guid-client-id", '              value: "§"', fx.guid())
    tree.add("k8s/base/deployment.yaml", d)

    d = Doc("replicaCount: 2", "image:", "  repository: crnorthwind.azurecr.io/orders")
    d.f("generic-secret", "image-digest", "  digest: §", f"sha256:{fx.hex(64)}")
    d("postgresql:", "  auth:", "    username: orders")
    d.t("generic-password", "helm-values-password", '    password: "§"', fx.password())
    d.f("generic-password", "existing-secret-name", "    existingSecret: §", "orders-postgresql")
    d("ingress:", "  tls:", "    - hosts: [orders.northwind.example]")
    d.f("generic-secret", "tls-secret-name", "      secretName: §", "orders-tls")
    d("redis:")
    d.t("generic-password", "helm-redis-password", "  password: §", fx.password("shell"))
    tree.add("charts/orders/values.yaml", d)

    d = Doc(
        "apiVersion: v1",
        "kind: Secret",
        "metadata:",
        '  name: {{ include "orders.fullname" . }}',
        "data:",
    )
    d.f(
        "generic-password",
        "helm-template-b64enc",
        "  password: §",
        "{{ .Values.postgresql.auth.password | b64enc | quote }}",
    )
    d.f(
        "generic-secret",
        "helm-template-required",
        "  apiToken: §",
        '{{ required "apiToken is required" .Values.apiToken | b64enc }}',
    )
    tree.add("charts/orders/templates/secret.yaml", d)

    d = Doc("alerts:")
    d.t("slack", "slack-webhook-helm", "  slackWebhook: §", fx.slack_webhook())
    d.f(
        "generic-secret",
        "sentry-dsn-public-key",
        "  sentryDsn: §",
        f"https://{fx.hex(32)}@o{fx.digits(6)}.ingest.sentry.io/{fx.digits(7)}",
    )
    tree.add("charts/orders/values-prod.yaml", d)


def containers(tree: Tree, fx: Forge) -> None:
    d = Doc("services:", "  db:", "    image: postgres:16", "    environment:")
    d.t(
        "generic-password",
        "compose-map-password",
        "      POSTGRES_PASSWORD: §",
        fx.password("shell"),
    )
    d("  mongo:", "    image: mongo:7", "    environment:")
    d.f(
        "generic-password",
        "compose-interpolation",
        "      MONGO_INITDB_ROOT_PASSWORD: §",
        "${MONGO_ROOT_PASSWORD:?required}",
    )
    d("  queue:", "    image: rabbitmq:3-management", "    environment:")
    d.t(
        "generic-password",
        "compose-list-password",
        "      - RABBITMQ_DEFAULT_PASS=§",
        fx.password("shell"),
    )
    d("  cache:", "    image: redis:7")
    d.t(
        "generic-password",
        "redis-requirepass-flag",
        '    command: ["redis-server", "--requirepass", "§"]',
        fx.password("url"),
    )
    tree.add("docker-compose.yml", d)

    d = Doc(
        "services:",
        "  azurite:",
        "    image: mcr.microsoft.com/azure-storage/azurite",
        "  api:",
        "    environment:",
    )
    d.f(
        "azure-storage",
        "development-storage",
        "      AZURE_STORAGE_CONNECTION_STRING: §",
        "UseDevelopmentStorage=true",
    )
    d.t("generic-password", "compose-mssql-sa", '      MSSQL_SA_PASSWORD: "§"', fx.password())
    tree.add("docker-compose.override.yml", d)

    d = Doc()
    d.f("generic-secret", "image-digest", "FROM §", f"node:20-alpine@sha256:{fx.hex(64)}")
    d("WORKDIR /app", "COPY package*.json ./")
    d.t("npm-token", "dockerfile-env", "ENV NPM_TOKEN=§", fx.npm())
    d.f(
        "generic-secret",
        "buildkit-secret-mount",
        "RUN §",
        "--mount=type=secret,id=npmrc,target=/root/.npmrc npm ci",
    )
    d.t("azure-devops-pat", "pip-index-url-credentials", "ARG PIP_EXTRA_INDEX_URL=§",
        f"https://build:{fx.devops_pat()}@pkgs.dev.azure.com/northwind/_packaging/py/pypi/simple/")  # fmt: skip
    d("COPY . .", 'CMD ["node", "server/index.js"]')
    tree.add("Dockerfile", d)

    d = Doc("FROM python:3.12-slim")
    d.f(
        "generic-secret",
        "oci-revision-label",
        "LABEL org.opencontainers.image.revision=§",
        fx.hex(40),
    )
    d.t("huggingface", "dockerfile-hf-token", "ENV HF_TOKEN=§", fx.huggingface())
    d.t("anthropic", "dockerfile-anthropic", "ENV ANTHROPIC_API_KEY=§", fx.anthropic())
    d("COPY worker/ /srv/worker", 'ENTRYPOINT ["python", "-m", "worker"]')
    tree.add("build/worker.Dockerfile", d)


def ci(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "name: ci",
        "on: [push, pull_request]",
        "jobs:",
        "  build:",
        "    runs-on: ubuntu-latest",
        "    env:",
    )
    d.f(
        "entra-client-secret",
        "github-secrets-expression",
        "      AZURE_CLIENT_SECRET: §",
        "${{ secrets.AZURE_CLIENT_SECRET }}",
    )
    d.t("generic-secret", "hex-sonar-token", "      SONAR_TOKEN: §", fx.hex(40))
    d("    steps:")
    d.f("generic-secret", "pinned-action-sha", "      - uses: §", f"actions/checkout@{fx.hex(40)}")
    d("        with:")
    d.t("github-token", "actions-with-token", "          token: §", fx.github_classic())
    d("      - run: npm ci && npm test")
    d.f(
        "generic-password",
        "github-secrets-in-run",
        "      - run: §",
        'curl -fsS -u "bot:${{ secrets.BOT_PASSWORD }}" https://ci.northwind.internal/hook',
    )
    tree.add(".github/workflows/ci.yml", d)

    d = Doc(
        "name: release",
        "on:",
        "  push:",
        "    tags: ['v*']",
        "jobs:",
        "  publish:",
        "    runs-on: ubuntu-latest",
        "    steps:",
    )
    d("      - uses: docker/login-action@v3", "        with:", "          username: northwindbot")
    d.t("docker-hub", "login-action-password", "          password: §", fx.docker_pat())
    d("      - name: nuget push", "        env:")
    d.t("nuget-key", "workflow-env", "          NUGET_API_KEY: §", fx.nuget())
    d("      - uses: pypa/gh-action-pypi-publish@release/v1", "        with:")
    d.f(
        "pypi-token",
        "github-secrets-expression",
        "          password: §",
        "${{ secrets.PYPI_API_TOKEN }}",
    )
    d("      - run: gh release create ${{ github.ref_name }}", "        env:")
    d.t("github-token", "fine-grained-env", "          GH_TOKEN: §", fx.github_fine_grained())
    tree.add(".github/workflows/release.yml", d)

    d = Doc(
        "trigger:",
        "  - main",
        "variables:",
        "  - group: shared-release",
        "  - name: storageAccount",
        "    value: stbuildartifacts",
        "  - name: storageKey",
    )
    d.t("azure-storage", "pipeline-variable-value", "    value: '§'", fx.storage_key(), up=1)
    d(
        "steps:",
        "  - task: AzureCLI@2",
        "    inputs:",
        "      azureSubscription: 'sc-prod'",
        "      scriptType: bash",
        "      inlineScript: |",
    )
    d.t("entra-client-secret", "az-login-service-principal",
        f"        az login --service-principal -u {fx.guid()} -p '§' --tenant {fx.guid()}", fx.entra_secret())  # fmt: skip
    d.f(
        "azure-devops-pat",
        "system-access-token",
        "        export AZURE_DEVOPS_EXT_PAT=§",
        "$(System.AccessToken)",
    )
    d("  - script: dotnet build -c Release")
    tree.add("azure-pipelines.yml", d)

    d = Doc("stages: [test, deploy]", "variables:")
    d.t("aws", "gitlab-variables-pair", "  AWS_ACCESS_KEY_ID: §", fx.aws_key_id(), down=1)
    d.t("aws", "gitlab-variables-secret", "  AWS_SECRET_ACCESS_KEY: §", fx.aws_secret(), up=1)
    d("deploy:", "  stage: deploy", "  script:")
    d.f(
        "gitlab-token",
        "ci-job-token",
        '    - curl --header "JOB-TOKEN: §" "$CI_API_V4_URL/projects/42/packages"',
        "$CI_JOB_TOKEN",
    )
    d.f(
        "generic-password",
        "ci-registry-password",
        "    - echo §",
        '"$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"',
    )
    tree.add(".gitlab-ci.yml", d)

    d = Doc("pipeline {", "  agent any", "  stages {", "    stage('tag') {", "      steps {")
    d.f(
        "github-token",
        "jenkins-with-credentials",
        "        §",
        "withCredentials([string(credentialsId: 'gh-bot', variable: 'GH_TOKEN')]) { sh 'git push --tags' }",
    )
    d.t("github-token", "jenkins-curl-header",
        "        sh 'curl -H \"Authorization: token §\" https://api.github.com/repos/northwind/orders/releases'",
        fx.github_classic("gho"))  # fmt: skip
    d("      }", "    }", "  }", "}")
    tree.add("ci/Jenkinsfile", d)


def dotfiles(tree: Tree, fx: Forge) -> None:
    d = Doc("# local development overrides", "NODE_ENV=production")
    d.t("db-connection-string", "dotenv-postgres-url", "DATABASE_URL=§",
        f"postgresql://app:{fx.password('url')}@pg-main.postgres.database.azure.com:5432/app?sslmode=require")  # fmt: skip
    d.t("openai", "dotenv-openai", "OPENAI_API_KEY=§", fx.openai())
    d.t("twilio", "dotenv-twilio-auth", "TWILIO_AUTH_TOKEN=§", fx.twilio_token())
    sid, secret = fx.twilio_api_key()
    d(f"TWILIO_API_KEY={sid}")
    d.t("twilio", "dotenv-twilio-api-secret", "TWILIO_API_SECRET=§", secret, up=1)
    d.t("slack", "dotenv-slack-user", "SLACK_USER_TOKEN=§", fx.slack_user())
    d.t("google-api-key", "dotenv-google", "GOOGLE_MAPS_API_KEY=§", fx.google_api_key())
    d.f("generic-secret", "guid-app-id", "APP_ID=§", fx.guid())
    d.f("generic-secret", "angle-placeholder", "PARTNER_API_KEY=§", "<your-api-key-here>")
    d.t("generic-password", "dotenv-quoted-password", 'SMTP_PASSWORD="§"', fx.password())
    tree.add(".env", d)

    d = Doc("# copy to .env and fill in")
    d.f("generic-password", "changeme", "DB_PASSWORD=§", "changeme")
    d.f("generic-secret", "x-placeholder", "SESSION_SECRET=§", "x" * 32)
    d.f("stripe", "masked-placeholder", "STRIPE_SECRET_KEY=§", "sk_live_" + "x" * 24)
    d.f("openai", "angle-placeholder", "OPENAI_API_KEY=§", "<openai-api-key>")
    d.f("generic-password", "asterisks", "SMTP_PASSWORD=§", "********")
    d.f("generic-secret", "your-token-here", "GITHUB_TOKEN=§", "your_token_here")
    tree.add(".env.example", d)

    d = Doc("# values for the test suite only")
    d.f("generic-secret", "self-described-fake", "JWT_SECRET=§", "test-secret-not-for-production")
    d.f("stripe", "vendor-docs-test-key", "STRIPE_SECRET_KEY=§", known.STRIPE_DOC_TEST)
    d.f("azure-storage", "vendor-emulator-key", "AZURE_STORAGE_KEY=§", known.AZURITE_KEY)
    tree.add(".env.test", d)

    d = Doc(
        "[distutils]",
        "index-servers =",
        "    pypi",
        "    internal",
        "",
        "[pypi]",
        "username = __token__",
    )
    d.t("pypi-token", "pypirc-password", "password = §", fx.pypi())
    d(
        "",
        "[internal]",
        "repository = https://pkgs.dev.azure.com/northwind/_packaging/py/pypi/upload/",
        "username = build",
    )
    d.t("azure-devops-pat", "pypirc-ado-pat", "password = §", fx.devops_pat_v2())
    tree.add("home/.pypirc", d)

    d = Doc()
    d.t(
        "github-token",
        "netrc-password",
        "machine github.com login northwind-bot password §",
        fx.github_classic(),
    )
    d("machine api.heroku.com")
    d("  login ops@northwind.example")
    d.t("generic-password", "netrc-multiline-guid-password", "  password §", fx.guid())
    tree.add("home/.netrc", d)

    d = Doc()
    d.t(
        "github-token",
        "git-credentials-url",
        "§",
        f"https://northwind-bot:{fx.github_classic()}@github.com",
    )
    d.t(
        "azure-devops-pat",
        "git-credentials-ado",
        "§",
        f"https://build:{fx.devops_pat()}@dev.azure.com",
    )
    tree.add("home/.git-credentials", d)

    d = Doc("{", '  "auths": {', '    "https://index.docker.io/v1/": {')
    d.t(
        "docker-hub",
        "docker-config-auth",
        '      "auth": "§"',
        b64_text(f"northwindbot:{fx.docker_pat()}"),
    )
    d("    }", "  },", '  "credsStore": "desktop"', "}")
    tree.add("home/.docker/config.json", d)

    d = Doc("[default]")
    d.t("aws", "aws-credentials-pair", "aws_access_key_id = §", fx.aws_key_id(), down=1)
    d.t("aws", "aws-credentials-secret", "aws_secret_access_key = §", fx.aws_secret(), up=1)
    d("", "[docs-sample]")
    d.f("aws", "vendor-docs-example-pair", "aws_access_key_id = §", known.AWS_DOC_KEY_ID)
    d.f("aws", "vendor-docs-example-pair", "aws_secret_access_key = §", known.AWS_DOC_SECRET)
    tree.add("home/.aws/credentials", d)

    d = Doc()
    d.t(
        "generic-password",
        "pgpass-line",
        "pg-main.internal:5432:app:app_rw:§",
        fx.password("shell"),
    )
    d.t("generic-password", "pgpass-line", "*:*:*:replicator:§", fx.password("url"))
    tree.add("home/.pgpass", d)


def ini_toml_xml(tree: Tree, fx: Forge) -> None:
    d = Doc("[database]", "host = mysql-legacy.internal", "user = legacy")
    d.t("generic-password", "ini-password", "password = §", fx.password())
    d("", "[smtp]", "server = smtp.office365.com")
    d.t("generic-password", "ini-short-pass", "pass = §", fx.password("words"))
    d("", "[cache]")
    d.f("generic-password", "ini-interpolation", "password = §", "%(redis_password)s")
    d("", "[auth]")
    d.f("generic-secret", "ini-hash-name", "admin_token_sha256 = §", fx.hex(64))
    tree.add("config/legacy.ini", d)

    d = Doc(
        "[server]",
        'bind = "0.0.0.0:8443"',
        "",
        "[db]",
        'url = "postgres://pg-main.internal/app"',
        'user = "app"',
    )
    d.t("generic-password", "toml-password", 'password = "§"', fx.password())
    d("", "[stripe]")
    d.t("stripe", "toml-webhook-secret", 'webhook_secret = "§"', fx.stripe_webhook())
    d("", "[vault]", 'address = "https://vault.northwind.internal:8200"')
    d.t("hashicorp-vault", "toml-vault-token", 'token = "§"', fx.vault())
    d("", "[build]")
    d.f("generic-secret", "toml-git-sha", 'commit = "§"', fx.hex(40))
    tree.add("config/app.toml", d)

    d = Doc(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<plist version="1.0">',
        "<dict>",
        "  <key>AnalyticsWriteKey</key>",
    )
    d.t(
        "generic-secret",
        "plist-key-then-string",
        "  <string>§</string>",
        fx.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32),
        up=1,
    )
    d(
        "  <key>AppGroup</key>",
        "  <string>group.com.northwind.orders</string>",
        "  <key>BuildHash</key>",
    )
    d.f("generic-secret", "plist-hash", "  <string>§</string>", fx.hex(40))
    d("</dict>", "</plist>")
    tree.add("mobile/ios/Orders/Config.plist", d)

    d = Doc("bind 0.0.0.0", "port 6379")
    d.t("generic-password", "redis-conf-requirepass", "requirepass §", fx.hex(64))
    d.t("generic-password", "redis-conf-masterauth", "masterauth §", fx.password("url"))
    tree.add("config/redis.conf", d)

    d = Doc("---")
    d.f("generic-password", "jinja-vault-var", 'db_password: "§"', "{{ vault_db_password }}")
    d.t("generic-password", "ansible-vars-plain", "smtp_password: §", fx.password("shell"))
    tree.add("ansible/group_vars/all/vars.yml", d)

    d = Doc("$ANSIBLE_VAULT;1.1;AES256")
    for _ in range(3):
        d.f("generic-secret", "ansible-vault-ciphertext", "§", fx.hex(80))
    tree.add("ansible/group_vars/all/vault.yml", d)

    d = Doc("db:")
    d.f("generic-password", "sops-encrypted", "    password: §",
        f"ENC[AES256_GCM,data:{fx.b64(18)},iv:{fx.b64(32)},tag:{fx.b64(16)},type:str]")  # fmt: skip
    d(
        "sops:",
        "    azure_kv:",
        "        - vault_url: https://kv-sops.vault.azure.net",
        "          name: sops-key",
    )
    d.f(
        "generic-secret",
        "sops-mac",
        "    mac: §",
        f"ENC[AES256_GCM,data:{fx.b64(48)},iv:{fx.b64(32)},tag:{fx.b64(16)},type:str]",
    )
    tree.add("deploy/secrets.enc.yaml", d)

    d = Doc(
        "{",
        '  "sqltools.connections": [',
        "    {",
        '      "name": "orders-prod",',
        '      "driver": "MSSQL",',
        '      "server": "sql-orders.database.windows.net",',
        '      "username": "ops",',
    )
    d.t("generic-password", "vscode-sqltools", '      "password": "§"', fx.password())
    d("    }", "  ]", "}")
    tree.add(".vscode/settings.json", d)

    d = Doc(
        "{",
        '  "info": { "name": "Orders API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },',
        '  "auth": {',
    )
    d(
        '    "type": "basic",',
        '    "basic": [',
        '      { "key": "username", "value": "integration", "type": "string" },',
    )
    d.t(
        "generic-password",
        "postman-basic-auth",
        '      { "key": "password", "value": "§", "type": "string" }',
        fx.password(),
    )
    d("    ]", "  },", '  "variable": [')
    d.f(
        "generic-secret",
        "postman-variable-reference",
        '    { "key": "authHeader", "value": "§" }',
        "Bearer {{accessToken}}",
    )
    d("  ]", "}")
    tree.add("api/postman/orders.postman_collection.json", d)

    d = Doc(
        "@host = https://orders.northwind.internal", "", "### list orders", "GET {{host}}/v1/orders"
    )
    d.t("jwt", "http-file-bearer", "Authorization: Bearer §", fx.jwt("RS256"))
    d("", "### partner feed", "GET {{host}}/v1/partner/feed")
    d.f("generic-secret", "http-file-variable", "x-api-key: §", "{{partnerKey}}")
    d.t(
        "azure-service-key",
        "http-file-apim-key",
        "Ocp-Apim-Subscription-Key: §",
        fx.cognitive_key(),
    )
    tree.add("api/http/orders.http", d)


def scripts(tree: Tree, fx: Forge) -> None:
    d = Doc("#!/usr/bin/env bash", "set -euo pipefail", "")
    d.t(
        "generic-password",
        "shell-export-single-quoted",
        "export PGPASSWORD='§'",
        fx.password("shell"),
    )
    d("psql -h pg-main.internal -U app -c 'select 1'")
    d.t(
        "generic-password",
        "curl-user-flag",
        "curl -fsS -u deploy:§ https://artifacts.northwind.internal/api/upload -T build.tgz",
        fx.password("url"),
    )
    d.t(
        "jwt",
        "curl-bearer-header",
        'curl -fsS -H "Authorization: Bearer §" https://orders.northwind.internal/admin/reindex',
        fx.jwt(),
    )
    d.f(
        "generic-password",
        "shell-variable",
        'docker login -u northwind -p "§" crnorthwind.azurecr.io',
        "$REGISTRY_PASSWORD",
    )
    d.t(
        "azure-storage",
        "az-cli-account-key",
        'az storage blob upload --account-name stbuild --account-key "§" -c drops -f out.zip',
        fx.storage_key(),
    )
    d.f("generic-secret", "sha256sum-check", 'echo "§  out.zip" | sha256sum -c -', fx.hex(64))
    d.t(
        "generic-password",
        "mysql-p-flag",
        "mysql -h mysql-legacy.internal -u root -p'§' legacy < dump.sql",
        fx.password("shell"),
    )
    d.t(
        "gitlab-token",
        "git-clone-oauth2",
        "git clone §",
        f"https://oauth2:{fx.gitlab()}@gitlab.com/northwind/infra.git",
    )
    d.t("generic-password", "basic-header-base64", 'curl -H "Authorization: Basic §" https://legacy.northwind.internal/export',
        b64_text(f"exporter:{fx.password('url')}"))  # fmt: skip
    tree.add("scripts/bootstrap.sh", d)

    d = Doc("#!/bin/sh", "# rotate the worker's credentials", "")
    d.t("hashicorp-vault", "curl-vault-header",
        'curl -s -H "X-Vault-Token: §" https://vault.northwind.internal:8200/v1/secret/data/worker', fx.vault())  # fmt: skip
    d.f(
        "hashicorp-vault",
        "command-substitution",
        "VAULT_TOKEN=§",
        "$(vault login -method=oidc -token-only)",
    )
    d.t(
        "generic-password",
        "sshpass-flag",
        "sshpass -p '§' ssh ops@bastion.northwind.internal uptime",
        fx.password("shell"),
    )
    d.t(
        "gitlab-token",
        "wget-private-token-header",
        'wget --header="PRIVATE-TOKEN: §" https://gitlab.com/api/v4/projects/42/repository/archive',
        fx.gitlab(),
    )
    d.t(
        "docker-hub",
        "echo-password-stdin",
        'echo "§" | docker login -u northwindbot --password-stdin',
        fx.docker_pat(),
    )
    d.t("databricks", "databricks-env", "export DATABRICKS_TOKEN=§", fx.databricks())
    d.t(
        "generic-secret",
        "shopify-header",
        'curl -H "X-Shopify-Access-Token: §" https://northwind.myshopify.com/admin/api/2024-07/orders.json',
        fx.shopify(),
    )
    tree.add("scripts/rotate.sh", d)

    d = Doc("@echo off", "setlocal")
    d.t("generic-password", "cmd-set", "set SQL_PASSWORD=§", fx.password("url"))
    d.f(
        "generic-password",
        "cmd-percent-variable",
        "sqlcmd -S sql-legacy -U sa -P §",
        "%SQL_PASSWORD%",
    )
    tree.add("ops/restore.cmd", d, crlf=True)

    d = Doc("param([string]$Version = '1.0.0')", "$ErrorActionPreference = 'Stop'", "")
    d.t(
        "nuget-key",
        "dotnet-nuget-push-flag",
        "dotnet nuget push ./out/*.nupkg --api-key § --source https://api.nuget.org/v3/index.json",
        fx.nuget(),
    )
    d.t("generic-password", "convertto-securestring",
        '$secure = ConvertTo-SecureString "§" -AsPlainText -Force', fx.password("url"))  # fmt: skip
    d("$cred = New-Object System.Management.Automation.PSCredential('svc-deploy', $secure)")
    d.f(
        "generic-password",
        "get-credential",
        "$interactive = §",
        "Get-Credential -UserName 'svc-deploy'",
    )
    d.f("entra-client-secret", "env-drive", "$clientSecret = §", "$env:AZURE_CLIENT_SECRET")
    d.f(
        "entra-client-secret",
        "guid-tenant-id",
        "Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant '§'",
        fx.guid(),
    )
    d.t("azure-storage", "new-azstoragecontext-key",
        "$ctx = New-AzStorageContext -StorageAccountName 'stdeploy' -StorageAccountKey '§'", fx.storage_key())  # fmt: skip
    tree.add("scripts/Publish-Packages.ps1", d, crlf=True)

    d = Doc("# Runs on the build agent (saved as UTF-16 by the editor)")
    d.t("azure-sas", "powershell-utf16-sas", "$uri = '§'",
        f"https://stdrops.blob.core.windows.net/drops/app.zip?{fx.blob_sas()}")  # fmt: skip
    d.t(
        "generic-password",
        "powershell-utf16-password",
        "$pw = ConvertTo-SecureString '§' -AsPlainText -Force",
        fx.password(),
    )
    tree.add("scripts/Upload-Drop.ps1", d, encoding="utf-16", crlf=True)


def docs_logs(tree: Tree, fx: Forge) -> None:
    d = Doc("# Setting up a development machine", "", "Put your own key in `.env`:", "", "```sh")
    d.f(
        "azure-storage",
        "angle-placeholder",
        "export AZURE_STORAGE_KEY=§",
        "<your-storage-account-key>",
    )
    d("```", "", "The identity provider's debugger shows a token like this one:", "")
    d.f("jwt", "vendor-docs-example-jwt", "    §", known.JWT_IO)
    d("", "AWS's documentation uses this key pair in every example:", "", "```ini")
    d.f("aws", "vendor-docs-example-pair", "aws_access_key_id = §", known.AWS_DOC_KEY_ID)
    d.f("aws", "vendor-docs-example-pair", "aws_secret_access_key = §", known.AWS_DOC_SECRET)
    d("```", "", "## Break-glass login (remove after the migration!)", "", "```sh")
    d.t(
        "entra-client-secret",
        "runbook-az-login",
        f"az login --service-principal -u {fx.guid()} -p §  --tenant northwind.onmicrosoft.com",
        fx.entra_secret(),
    )
    d.t("gitlab-token", "runbook-export", "export GITLAB_TOKEN=§", fx.gitlab())
    d("```")
    tree.add("docs/setup.md", d)

    d = Doc(
        "# Troubleshooting exports",
        "",
        "GitHub personal access tokens start with `ghp_` and are 40 characters long;",
    )
    d("never paste one into an issue. Last week's failing run logged this URL:", "")
    d.t(
        "azure-sas",
        "markdown-sas-url",
        "    §",
        f"https://stexports.blob.core.windows.net/reports/q3.csv?{fx.blob_sas()}",
    )
    d("", "Compare the artifact against its published digest:", "")
    d.f("generic-secret", "markdown-digest", "    sha256: §", fx.hex(64))
    tree.add("docs/troubleshooting.md", d)

    d = Doc()
    ts = "2026-10-02T08:1"
    d(f"{ts}1:03.117Z INFO  orders.api starting (build {fx.hex(12)})")
    d.f(
        "generic-secret",
        "log-trace-ids",
        f"{ts}1:03.422Z INFO  request handled trace_id=§ span_id={fx.hex(16)} status=200",
        fx.hex(32),
    )
    d.t("db-connection-string", "log-connection-string", f"{ts}1:04.009Z DEBUG opening connection: §",
        f"Server=sql-orders.database.windows.net;Database=orders;User Id=orders_app;Password={fx.password('url')};")  # fmt: skip
    d.t("generic-password", "log-basic-auth-header", f"{ts}2:11.730Z DEBUG outbound headers: {{'Accept': 'application/json', 'Authorization': 'Basic §'}}",
        b64_text(f"partner:{fx.password('url')}"))  # fmt: skip
    d.f(
        "generic-secret",
        "log-request-id",
        f"{ts}2:12.001Z WARN  slow request request_id=§ elapsed_ms=2210",
        fx.guid(),
    )
    d.t("azure-sas", "log-sas-url", f"{ts}3:40.550Z ERROR upload failed url=§ status=403",
        f"https://stexports.blob.core.windows.net/reports/daily.csv?{fx.blob_sas()}")  # fmt: skip
    tree.add("logs/orders-api-2026-10-02.log", d)

    d = Doc()
    d.t("azure-function-key", "access-log-function-key",
        '10.2.0.14 - - [02/Oct/2026:08:12:44 +0000] "GET /api/export?code=§ HTTP/1.1" 200 5120', fx.function_key())  # fmt: skip
    d.f("generic-secret", "access-log-hashed-asset",
        '10.2.0.14 - - [02/Oct/2026:08:12:45 +0000] "GET /static/app.§.js HTTP/1.1" 200 88212', fx.hex(20))  # fmt: skip
    d.t("azure-function-key", "function-key-header",
        '10.2.0.19 - - [02/Oct/2026:08:13:02 +0000] "POST /api/hook HTTP/1.1" 202 0 "-" "curl/8.5" x-functions-key=§', fx.function_key())  # fmt: skip
    tree.add("logs/gateway-access.log", d)

    d = Doc("requests==2.32.3 \\")
    d.f("generic-secret", "pip-hash", "    --hash=sha256:§", fx.hex(64))
    d("urllib3==2.2.2 \\")
    d.f("generic-secret", "pip-hash", "    --hash=sha256:§", fx.hex(64))
    tree.add("services/billing/requirements.lock", d)


def build(tree: Tree, fx: Forge) -> None:
    dotnet_config(tree, fx)
    infra(tree, fx)
    kubernetes(tree, fx)
    containers(tree, fx)
    ci(tree, fx)
    dotfiles(tree, fx)
    ini_toml_xml(tree, fx)
    scripts(tree, fx)
    docs_logs(tree, fx)

"""Infrastructure as code, deployment manifests and CI definitions (see gen.py for slots)."""

FILES: dict[str, str] = {}

FILES["platform/terraform/main.tf"] = """\
terraform {
  backend "azurerm" {
    resource_group_name  = "rg-tfstate"
    storage_account_name = "sttfstate"
    container_name       = "state"
    key                  = "platform.tfstate"
    access_key           = "⟪T azure-storage tf-backend-access-key bytes:64⟫"
  }
}

provider "azurerm" {
  features {}
  client_id       = var.client_id
  client_secret   = "⟪T entra tf-provider entra⟫"
  tenant_id       = "⟪F guid tf-tenant fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫"
  subscription_id = "⟪F guid tf-subscription fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫"
}

resource "azurerm_mssql_server" "main" {
  name                         = "sql-platform"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = "westeurope"
  version                      = "12.0"
  administrator_login          = "sqladmin"
  administrator_login_password = "⟪T password tf-attribute pw:20⟫"
}

resource "azurerm_key_vault_secret" "api" {
  name         = "partner-api-key"
  value        = random_password.api.result
  key_vault_id = azurerm_key_vault.main.id
}

resource "azurerm_linux_web_app" "api" {
  name = "app-platform-api"
  app_settings = {
    "WEBSITE_RUN_FROM_PACKAGE" = "1"
    "DB_PASSWORD"              = "@Microsoft.KeyVault(SecretUri=https://kv-platform.vault.azure.net/secrets/db-password/)"
    "PARTNER_API_KEY"          = "⟪T generic-secret tf-app-settings alnum:40⟫"
  }
}
"""

FILES["platform/terraform/variables.tf"] = """\
variable "client_id" {
  type = string
}

variable "vm_admin_password" {
  description = "Local administrator password for the jump box"
  type        = string
  sensitive   = true
  default     = "⟪T password tf-variable-default pw:18⟫"
}

variable "grafana_api_token" {
  type      = string
  sensitive = true
}

variable "image_digest" {
  type    = string
  default = "sha256:⟪F hash image-digest hex:64⟫"
}
"""

FILES["platform/terraform/prod.tfvars"] = """\
environment       = "prod"
location          = "westeurope"
vm_admin_password = "⟪T password tfvars human⟫"
grafana_api_token = "⟪T generic-secret tfvars-grafana fmt:glsa_{alnum:32}_{hex:8}⟫"
"""

FILES["platform/bicep/sql.bicep"] = """\
@description('Administrator login')
param adminLogin string = 'sqladmin'

@secure()
@description('Administrator password')
param adminPassword string = '⟪T password bicep-secure-default pw:20⟫'

param location string = resourceGroup().location

resource sql 'Microsoft.Sql/servers@2023-05-01-preview' = {
  name: 'sql-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    administratorLogin: adminLogin
    administratorLoginPassword: adminPassword
  }
}

output connectionHint string = 'Server=tcp:${sql.properties.fullyQualifiedDomainName};Authentication=Active Directory Default;'
"""

FILES["platform/bicep/main.bicepparam"] = """\
using './main.bicep'

param environmentName = 'prod'
param storageKey = '⟪T azure-storage bicepparam bytes:64⟫'
param adminPassword = az.getSecret('00000000-0000-0000-0000-000000000000', 'rg-kv', 'kv-platform', 'admin-password')
"""

FILES["platform/arm/azuredeploy.json"] = """\
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "serviceBusConnection": {
      "type": "securestring",
      "defaultValue": "Endpoint=sb://sb-platform.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=⟪T azure-servicebus arm-default-connstr bytes:32⟫"
    },
    "adminUsername": {
      "type": "string",
      "defaultValue": "azureuser"
    },
    "adminPasswordOrKey": {
      "type": "securestring",
      "metadata": { "description": "SSH key or password for the VM" }
    }
  },
  "variables": {
    "storageKeyExpr": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'stplatform'), '2023-01-01').keys[0].value]"
  },
  "resources": []
}
"""

FILES["platform/arm/azuredeploy.parameters.prod.json"] = """\
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "adminUsername": { "value": "azureuser" },
    "adminPasswordOrKey": { "value": "⟪T password arm-parameter-value pw:22⟫" },
    "sqlPassword": {
      "reference": {
        "keyVault": { "id": "/subscriptions/⟪F guid kv-reference-subscription fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-platform" },
        "secretName": "sql-password"
      }
    }
  }
}
"""

FILES["platform/k8s/secret-db.yaml"] = """\
apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: orders
type: Opaque
data:
  username: b3JkZXJz
  password: ⟪T password k8s-data-base64 b64of:{pw:20}⟫
  DATABASE_URL: ⟪T db-url k8s-data-base64-url b64of:postgres://orders:{alnum:20}@pg-orders:5432/orders⟫
---
apiVersion: v1
kind: Secret
metadata:
  name: orders-api
stringData:
  API_TOKEN: ⟪T generic-secret k8s-stringdata alnum:40⟫
  LOG_LEVEL: info
"""

FILES["platform/k8s/deployment.yaml"] = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  template:
    spec:
      containers:
        - name: orders
          image: ghcr.io/tessaly/orders@sha256:⟪F hash image-digest-pin hex:64⟫
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: orders-db
                  key: password
            - name: PAYMENT_API_KEY
              value: "⟪T generic-secret k8s-env-value alnum:32⟫"
            - name: FEATURE_TOKEN_TTL
              value: "3600"
            - name: CONFIG_HASH
              value: "⟪F hash config-hash hex:40⟫"
"""

FILES["platform/helm/orders/values.yaml"] = """\
replicaCount: 2
image:
  repository: ghcr.io/tessaly/orders
  tag: "1.14.2"
postgresql:
  auth:
    username: orders
    password: ⟪T password helm-values alnum:20⟫
    existingSecret: ""
redis:
  auth:
    enabled: true
    password: "{{ .Values.global.redisPassword }}"
externalApi:
  apiKey: ⟪T generic-secret helm-camel-apikey alnum:36⟫
  apiKeySecretName: orders-external-api
ingress:
  tls:
    - secretName: orders-tls
"""

FILES["platform/helm/orders/templates/configmap.yaml"] = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "orders.fullname" . }}
data:
  DB_USER: {{ .Values.postgresql.auth.username | quote }}
  DB_PASSWORD_FILE: /var/run/secrets/orders/password
  CACHE_KEY_PREFIX: "orders:"
"""

FILES["platform/compose/docker-compose.yml"] = """\
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: orders
      POSTGRES_PASSWORD: ⟪T password compose-env-map pw:18⟫
  queue:
    image: rabbitmq:3-management
    environment:
      - RABBITMQ_DEFAULT_USER=orders
      - RABBITMQ_DEFAULT_PASS=⟪T password compose-env-list alnum:20⟫
  api:
    build: .
    environment:
      DATABASE_URL: postgres://orders:${POSTGRES_PASSWORD}@db:5432/orders
      JWT_PUBLIC_KEY_PATH: /keys/jwt.pub
    secrets:
      - stripe_key
secrets:
  stripe_key:
    file: ./secrets/stripe_key.txt
"""

FILES["platform/docker/Dockerfile"] = """\
FROM python:3.12-slim AS build
ARG PIP_INDEX_URL=https://build:⟪T basic-auth pip-index-url alnum:24⟫@pkgs.tessaly.io/simple/
ARG APP_VERSION=1.0.0
ENV SENTRY_AUTH_TOKEN=⟪T generic-secret dockerfile-env fmt:sntrys_{b64url:60}⟫
ENV PYTHONDONTWRITEBYTECODE=1
RUN pip install --no-cache-dir -r requirements.txt
ENV ADMIN_PASSWORD ⟪T password dockerfile-env-space pw:16⟫
"""

FILES[".github/workflows/deploy.yml"] = """\
name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      REGISTRY_PASSWORD: ${{ secrets.REGISTRY_PASSWORD }}
      AZURE_CLIENT_SECRET: ⟪T entra gha-env entra⟫
    steps:
      - uses: actions/checkout@⟪F hash action-pin hex:40⟫
      - uses: azure/login@v2
        with:
          client-id: ${{ vars.AZURE_CLIENT_ID }}
          tenant-id: ${{ vars.AZURE_TENANT_ID }}
          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}
      - name: Notify
        run: |
          curl -X POST -H 'Content-type: application/json' --data '{"text":"deployed"}' \\
            https://hooks.slack.com/services/⟪T slack gha-webhook fmt:T{upper:8}/B{upper:10}/{alnum:24}⟫
      - name: Docker login
        run: echo "⟪T github gha-echo-token gh:ghp_⟫" | docker login ghcr.io -u tessaly-bot --password-stdin
"""

FILES["azure-pipelines.yml"] = """\
trigger:
  - main

variables:
  buildConfiguration: Release
  sonarToken: ⟪T generic-secret azp-variable fmt:squ_{hex:40}⟫
  storageSas: '?sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2027-06-30T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=⟪T azure-sas account-sas-query fmt:{b64:43}%3D⟫'

steps:
  - task: DotNetCoreCLI@2
    inputs:
      command: build
  - script: |
      az storage blob upload-batch -d drops -s $(Build.ArtifactStagingDirectory) --account-name stdrops --account-key ⟪T azure-storage az-cli-account-key bytes:64⟫
    displayName: Upload
  - script: echo $(System.AccessToken) | az devops login
"""

FILES[".gitlab-ci.yml"] = """\
variables:
  DOCKER_AUTH_CONFIG: '{"auths":{"registry.tessaly.io":{"auth":"⟪T basic-auth docker-auth-config b64of:ci:{alnum:24}⟫"}}}'
  POSTGRES_PASSWORD: ⟪T password gitlab-ci-variable pw:16⟫
  MAVEN_OPTS: "-Dmaven.repo.local=.m2"

include:
  - template: Security/Secret-Detection.gitlab-ci.yml

test:
  script:
    - ./gradlew test -Pnexus.password=$NEXUS_PASSWORD
"""

FILES["ansible/group_vars/prod/vars.yml"] = """\
---
app_user: orders
app_db_password: ⟪T password ansible-var pw:20⟫
app_db_password_vault: "{{ vault_app_db_password }}"
smtp_relay_password: !vault |
  $ANSIBLE_VAULT;1.1;AES256
  ⟪F encrypted ansible-vault-blob digits:60⟫
api_token_ttl_seconds: 3600
"""

FILES["ansible/roles/web/tasks/main.yml"] = """\
- name: Create application user
  ansible.builtin.user:
    name: web
    password: "{{ 'ChangeMe' | password_hash('sha512') }}"

- name: Register with monitoring
  ansible.builtin.uri:
    url: https://monitor.tessaly.io/api/hosts
    method: POST
    url_username: ansible
    url_password: ⟪T password ansible-uri-password pw:18⟫
    force_basic_auth: true
"""

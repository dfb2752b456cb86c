"""Platform files of Halcyon Ferries: Kubernetes manifests and Helm values, CI definitions
(GitHub Actions, GitLab CI, Azure Pipelines, CircleCI, Jenkins), infrastructure as code
(Terraform, Bicep, ARM, Pulumi, Ansible) and container builds."""

from __future__ import annotations

FILES: dict[str, str] = {}

FILES["deploy/k8s/harbourops/secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: harbourops-env
  namespace: harbourops
type: Opaque
stringData:
  EMAIL_HOST_PASSWORD: "⟪T password k8s-stringdata-quoted human⟫"
  WEATHER_DATABASE_URL: postgres://weather:⟪T db-url k8s-stringdata-url alnum:24⟫@pg-hf-ops.postgres.database.azure.com:5432/weather
  DJANGO_ALLOWED_HOSTS: harbourops.halcyon-ferries.net
data:
  METOCEAN_KEY: ⟪T api-key k8s-data-base64 b64of:{b64url:40}⟫
  DB_HOST: ⟪F encoded k8s-data-plain-host x:b64-plain⟫
  SENTRY_AUTH_TOKEN: ⟪T sentry k8s-data-base64-sentry b64of:sntryu_{hex:64}⟫
"""

FILES["deploy/k8s/harbourops/deployment.yaml"] = r"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: harbourops-web
  namespace: harbourops
  annotations:
    checksum/config: ⟪F hash helm-checksum-annotation hex:64⟫
spec:
  replicas: 3
  selector:
    matchLabels: { app: harbourops-web }
  template:
    metadata:
      labels: { app: harbourops-web }
    spec:
      containers:
        - name: web
          image: crhfprod.azurecr.io/harbourops@sha256:⟪F digest k8s-image-digest hex:64⟫
          env:
            - name: DJANGO_SETTINGS_MODULE
              value: harbourops.settings
            - name: EMAIL_HOST_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: harbourops-env
                  key: EMAIL_HOST_PASSWORD
            - name: METOCEAN_KEY
              value: "⟪T api-key k8s-env-value b64url:40⟫"
            - name: AZURE_CLIENT_ID
              value: "⟪F guid k8s-workload-identity-client x:guid⟫"
          envFrom:
            - secretRef:
                name: harbourops-env
"""

FILES["deploy/k8s/boarding-gate/sealedsecret.yaml"] = r"""apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: boarding-gate-hub
  namespace: boarding
spec:
  encryptedData:
    hubKey: ⟪F ciphertext sealed-secret x:sealed⟫
    vendorToken: ⟪F ciphertext sealed-secret x:sealed⟫
"""

FILES["deploy/k8s/boarding-gate/externalsecret.yaml"] = r"""apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: boarding-gate-hub
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: kv-hf-boarding
  target:
    name: boarding-gate-hub
  data:
    - secretKey: hubKey
      remoteRef:
        key: boarding-hub-key
    - secretKey: vendorToken
      remoteRef:
        key: turnstile-vendor-token
        version: ⟪F id keyvault-secret-version hex:32⟫
"""

FILES[
    "deploy/k8s/farecalc/secretproviderclass.yaml"
] = r"""apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: farecalc-kv
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: "⟪F guid spc-client-id x:guid⟫"
    keyvaultName: kv-hf-fares-prod
    tenantId: "⟪F guid spc-tenant-id x:guid⟫"
    objects: |
      array:
        - |
          objectName: search-admin-key
          objectType: secret
"""

FILES["deploy/k8s/ingress/tls-secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: agents-tls
  namespace: ingress
type: kubernetes.io/tls
data:
  tls.crt: ⟪F certificate k8s-tls-crt x:b64-cert⟫
  tls.key: ⟪T private-key k8s-tls-key x:b64-key⟫
"""

FILES["deploy/helm/manifest/values.yaml"] = r"""image:
  repository: crhfprod.azurecr.io/manifest
  tag: "2026.11.3"
  digest: "sha256:⟪F digest helm-values-digest hex:64⟫"

postgresql:
  enabled: false
  auth:
    existingSecret: manifest-db
    secretKeys:
      userPasswordKey: password

externalDatabase:
  host: pg-hf-manifest.postgres.database.azure.com
  user: manifest_app
  password: ""

redis:
  auth:
    password: "⟪T password helm-values-redis-auth alnum:24⟫"

customs:
  agentCode: HFY01
  agentSecret: "{{ .Values.global.customsAgentSecret }}"

serviceAccount:
  annotations:
    azure.workload.identity/client-id: ⟪F guid helm-workload-client x:guid⟫
"""

FILES["deploy/helm/manifest/values-staging.yaml"] = r"""externalDatabase:
  host: pg-hf-manifest-stg.postgres.database.azure.com
  password: ⟪T password helm-values-staging-override human⟫

customs:
  sandboxToken: ⟪T bearer helm-values-sandbox-token b64url:64⟫

ingress:
  annotations:
    nginx.ingress.kubernetes.io/auth-secret: manifest-basic-auth
"""

FILES["deploy/helm/manifest/templates/secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: {{ include "manifest.fullname" . }}
type: Opaque
stringData:
  REDIS_PASSWORD: {{ .Values.redis.auth.password | quote }}
  DATABASE_PASSWORD: {{ required "externalDatabase.password" .Values.externalDatabase.password | quote }}
  CUSTOMS_AGENT_SECRET: ⟪F placeholder helm-template-expr lit:{{ .Values.customs.agentSecret | b64enc }}⟫
"""

FILES["deploy/helm/manifest/secrets.staging.yaml"] = r"""customs:
    sandboxToken: ⟪F ciphertext sops-value x:sops⟫
externalDatabase:
    password: ⟪F ciphertext sops-value x:sops⟫
sops:
    azure_kv:
        - vault_url: https://kv-hf-sops.vault.azure.net
          name: helm-secrets
          version: ⟪F id sops-kv-key-version hex:32⟫
          enc: ⟪F ciphertext sops-wrapped-key b64url:342⟫
    lastmodified: "2026-11-20T16:02:11Z"
    mac: ⟪F ciphertext sops-mac x:sops⟫
    version: 3.9.1
"""

FILES[".github/workflows/deploy-booking.yml"] = r"""name: deploy-booking
on:
  push:
    branches: [main]
    paths: ["web/booking/**"]

permissions:
  id-token: write
  contents: read

env:
  NODE_VERSION: "20"
  TURBO_TEAM: halcyon
  TURBO_TOKEN: ⟪T api-key gha-env-turbo-token alnum:24⟫

jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@⟪F hash gha-action-pin hex:40⟫
      - uses: azure/login@⟪F hash gha-action-pin hex:40⟫
        with:
          client-id: ${{ secrets.AZURE_CLIENT_ID }}
          tenant-id: ⟪F guid gha-tenant-id x:guid⟫
          subscription-id: ⟪F guid gha-subscription-id x:guid⟫
      - uses: actions/setup-node@⟪F hash gha-action-pin hex:40⟫
        with:
          node-version: ${{ env.NODE_VERSION }}
      - run: npm ci && npm run build
        working-directory: web/booking
        env:
          STRIPE_SECRET_KEY: ${{ secrets.STRIPE_SECRET_KEY }}
          SENTRY_AUTH_TOKEN: ⟪T sentry gha-step-env-sentry fmt:sntryu_{hex:64}⟫
      - uses: Azure/static-web-apps-deploy@v1
        with:
          azure_static_web_apps_api_token: ⟪T api-key gha-with-swa-token fmt:{hex:56}-{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}{hex:3}0{hex:5}⟫
          action: upload
          app_location: web/booking
"""

FILES[".github/workflows/nightly-export.yml"] = r"""name: nightly-export
on:
  schedule:
    - cron: "17 2 * * *"

jobs:
  export:
    runs-on: ubuntu-latest
    container:
      image: ghcr.io/halcyon-ferries/export-runner:3
      credentials:
        username: harbour-ops-bot
        password: ⟪T github gha-container-credentials gh:ghp_⟫
    steps:
      - uses: actions/checkout@v4
      - name: Export footfall to the data lake
        run: ./scripts/export-footfall.sh
        env:
          AZURE_STORAGE_SAS_TOKEN: "?⟪T azure-sas gha-env-sas-token x:sas⟫"
          SLACK_WEBHOOK_URL: https://hooks.slack.com/services/⟪T webhook gha-slack-webhook fmt:T0{upper:8}/B0{upper:8}/{alnum:24}⟫
      - name: Notify
        if: failure()
        uses: slackapi/slack-github-action@v1.27.0
        with:
          channel-id: "C07HARBOUR"
          slack-message: "nightly export failed"
        env:
          SLACK_BOT_TOKEN: ${{ secrets.SLACK_BOT_TOKEN }}
"""

FILES[".github/dependabot.yml"] = r"""version: 2
registries:
  halcyon-npm:
    type: npm-registry
    url: https://npm.pkg.github.com
    token: ${{secrets.DEPENDABOT_NPM_TOKEN}}
  halcyon-nuget:
    type: nuget-feed
    url: https://pkgs.dev.azure.com/halcyon-ferries/_packaging/dotnet-libs/nuget/v3/index.json
    username: dependabot
    password: ⟪T azure-devops-pat dependabot-registry-password adopat⟫
updates:
  - package-ecosystem: npm
    directory: /web/booking
    registries: [halcyon-npm]
    schedule: { interval: weekly }
"""

FILES["services/manifest/.gitlab-ci.yml"] = r"""stages: [test, package, deploy]

variables:
  POSTGRES_DB: manifest_test
  POSTGRES_USER: manifest
  POSTGRES_PASSWORD: ⟪F fake gitlab-ci-test-db-password lit:manifest-ci-only⟫
  RAILS_ENV: test
  CUSTOMS_SANDBOX_TOKEN: ⟪T bearer gitlab-ci-variables-token b64url:64⟫
  DOCKER_AUTH_CONFIG: '{"auths":{"crhfprod.azurecr.io":{"auth":"⟪T basic-auth gitlab-docker-auth-config b64of:crhfprod:{alnum:42}+ACR{alnum:6}⟫"}}}'

rspec:
  stage: test
  image: ruby:3.3
  services: [postgres:16]
  script:
    - bundle exec rspec

package:
  stage: package
  script:
    - gem build manifest-client.gemspec
    - gem push manifest-client-*.gem --key halcyon --host https://rubygems.pkg.github.com/halcyon-ferries
  variables:
    GEM_HOST_API_KEY: $CI_JOB_TOKEN

deploy:
  stage: deploy
  script:
    - curl --fail -X POST -F token=⟪T gitlab gitlab-ci-curl-trigger fmt:glptt-{hex:40}⟫ -F ref=main https://gitlab.halcyon-ferries.net/api/v4/projects/88/trigger/pipeline
  rules:
    - if: $CI_COMMIT_BRANCH == "main"
"""

FILES["services/farecalc/azure-pipelines.yml"] = r"""trigger:
  branches:
    include: [main]

pool:
  vmImage: ubuntu-latest

variables:
  buildConfiguration: Release
  sqlAdminPassword: ⟪T password azure-pipelines-variables-map pw:20⟫

stages:
  - stage: build
    jobs:
      - job: build
        steps:
          - task: NuGetAuthenticate@1
          - script: dotnet test --configuration $(buildConfiguration)
            env:
              SEARCH_ADMIN_KEY: $(searchAdminKey)
              SYSTEM_ACCESSTOKEN: $(System.AccessToken)
  - stage: deploy
    jobs:
      - deployment: prod
        environment: farecalc-prod
        strategy:
          runOnce:
            deploy:
              steps:
                - task: AzureCLI@2
                  inputs:
                    azureSubscription: sc-hf-prod
                    scriptType: bash
                    inlineScript: |
                      az webapp config appsettings set -g rg-hf-fares -n app-hf-farecalc --settings \
                        OpenAI__ApiKey=⟪T azure-openai pipelines-inline-az-settings hex:32⟫ \
                        Search__IndexName=crossings-v2
"""

FILES["services/farecalc/pipelines/variables.yml"] = r"""variables:
  - name: storageAccount
    value: sthftickets
  - name: storageKey
    value: ⟪T azure-storage pipelines-variables-name-value bytes:64⟫
  - name: ticketsContainerSha
    value: ⟪F hash pipelines-variables-sha hex:40⟫
  - name: sqlPassword
    value: $[variables.sqlAdminPassword]
"""

FILES[".circleci/config.yml"] = r"""version: 2.1

orbs:
  node: circleci/node@5.2.0

jobs:
  e2e:
    docker:
      - image: mcr.microsoft.com/playwright:v1.48.0-jammy
        auth:
          username: halcyonci
          password: ⟪T docker-hub circleci-docker-auth fmt:dckr_pat_{b64url:27}⟫
    environment:
      BASE_URL: https://staging.halcyon-ferries.net
      PLAYWRIGHT_TEST_PASSWORD: ⟪T password circleci-environment human⟫
      PLAYWRIGHT_RUN_GROUP: ⟪F guid circleci-run-group x:guid⟫
    steps:
      - checkout
      - run: npx playwright test

workflows:
  nightly:
    jobs: [e2e]
"""

FILES["ci/jenkins/Jenkinsfile"] = r"""pipeline {
    agent { label 'linux' }
    environment {
        ACR = 'crhfprod.azurecr.io'
        ACR_CREDS = credentials('acr-push')
        VESSEL_DEPLOY_KEY = credentials('vessel-deploy-ssh')
    }
    stages {
        stage('Build') {
            steps {
                sh 'docker build -t $ACR/vessel-telemetry:$BUILD_NUMBER services/vessel-telemetry'
            }
        }
        stage('Push') {
            steps {
                sh 'echo $ACR_CREDS_PSW | docker login $ACR -u $ACR_CREDS_USR --password-stdin'
                sh "docker login quay.io -u halcyon+ci -p ⟪T password jenkins-sh-docker-login-p upper:32⟫"
            }
        }
        stage('Fleet OTA') {
            steps {
                httpRequest url: 'https://ota.fleetlink.example/api/releases',
                    httpMode: 'POST',
                    customHeaders: [[name: 'X-OTA-Token', value: '⟪T api-key jenkins-custom-header lower:40⟫', maskValue: true]]
            }
        }
    }
}
"""

FILES["ci/jenkins/casc/jenkins.yaml"] = r"""jenkins:
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          password: ⟪T password jcasc-local-user human⟫
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: acr-push
              username: crhfprod
              password: "${ACR_PUSH_PASSWORD}"
          - string:
              scope: GLOBAL
              id: fleetlink-ota
              secret: "⟪F ciphertext jenkins-encrypted-secret fmt:{AQAAABAAAAAw{b64:60}=}⟫"
          - string:
              scope: GLOBAL
              id: slack-ci
              secret: ⟪T slack jcasc-string-credential fmt:xoxb-{digits:12}-{digits:13}-{alnum:24}⟫
"""

FILES["infra/terraform/prod/providers.tf"] = r"""terraform {
  required_version = ">= 1.9"
  backend "azurerm" {
    resource_group_name  = "rg-hf-tfstate"
    storage_account_name = "sthftfstate"
    container_name       = "tfstate"
    key                  = "prod.terraform.tfstate"
    access_key           = "⟪T azure-storage terraform-backend-access-key bytes:64⟫"
  }
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.10" }
    datadog = { source = "DataDog/datadog", version = "~> 3.46" }
  }
}

provider "azurerm" {
  features {}
  subscription_id = "⟪F guid terraform-subscription-id x:guid⟫"
  tenant_id       = "⟪F guid terraform-tenant-id x:guid⟫"
  client_id       = "⟪F guid terraform-client-id x:guid⟫"
  client_secret   = "⟪T entra-client-secret terraform-provider-client-secret entra⟫"
}

provider "datadog" {
  api_key = "⟪T datadog terraform-provider-api-key hex:32⟫"
  app_key = "⟪T datadog terraform-provider-app-key hex:40⟫"
  api_url = "https://api.datadoghq.eu/"
}
"""

FILES["infra/terraform/prod/variables.tf"] = r"""variable "location" {
  type    = string
  default = "westeurope"
}

variable "sql_admin_password" {
  type        = string
  description = "Administrator password of sql-hf-fares"
  sensitive   = true
  default     = "⟪T password terraform-variable-default pw:20⟫"
}

variable "pagerduty_integration_key" {
  type    = string
  default = "⟪T api-key terraform-variable-pagerduty hex:32⟫"
}

variable "tags" {
  type = map(string)
  default = {
    owner       = "platform"
    cost_centre = "HF-OPS-114"
  }
}

variable "acr_admin_password" {
  type      = string
  sensitive = true
}
"""

FILES["infra/terraform/prod/terraform.tfvars"] = r"""location                  = "westeurope"
acr_admin_password        = "⟪T azure-acr tfvars-acr-password fmt:{alnum:42}+ACR{alnum:6}⟫"
vpn_shared_key            = "⟪T password tfvars-vpn-psk alnum:32⟫"
budget_alert_email        = "finance-alerts@halcyon-ferries.net"
dns_zone_id               = "/subscriptions/⟪F guid tfvars-resource-id x:guid⟫/resourceGroups/rg-hf-dns/providers/Microsoft.Network/dnszones/halcyon-ferries.net"
"""

FILES["infra/terraform/prod/main.tf"] = r"""resource "azurerm_mssql_server" "fares" {
  name                         = "sql-hf-fares"
  resource_group_name          = azurerm_resource_group.fares.name
  location                     = var.location
  version                      = "12.0"
  administrator_login          = "faresadmin"
  administrator_login_password = var.sql_admin_password
}

resource "azurerm_linux_virtual_machine" "bastion" {
  name                            = "vm-hf-bastion"
  resource_group_name             = azurerm_resource_group.ops.name
  location                        = var.location
  size                            = "Standard_B2s"
  admin_username                  = "hfadmin"
  admin_password                  = "⟪T password terraform-resource-admin-password human⟫"
  disable_password_authentication = false
  network_interface_ids           = [azurerm_network_interface.bastion.id]
}

resource "azurerm_key_vault_secret" "search_admin" {
  name         = "search-admin-key"
  value        = data.azurerm_search_service.routes.primary_key
  key_vault_id = azurerm_key_vault.fares.id
}

resource "azurerm_virtual_network_gateway_connection" "office" {
  name                = "cn-hf-douglas-office"
  resource_group_name = azurerm_resource_group.network.name
  location            = var.location
  type                = "IPsec"
  shared_key          = var.vpn_shared_key
}

resource "azurerm_ssh_public_key" "ops" {
  name                = "ops-ed25519"
  resource_group_name = azurerm_resource_group.ops.name
  location            = var.location
  public_key          = "⟪F public-key terraform-ssh-public-key fmt:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{b64:43} ops@halcyon⟫"
}
"""

FILES[
    "infra/terraform/prod/.terraform.lock.hcl"
] = r"""# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "4.10.0"
  constraints = "~> 4.10"
  hashes = [
    "⟪F hash tf-lock-h1 fmt:h1:{b64:43}=⟫",
    "⟪F hash tf-lock-zh fmt:zh:{hex:64}⟫",
    "⟪F hash tf-lock-zh fmt:zh:{hex:64}⟫",
  ]
}
"""

FILES["infra/bicep/messaging.bicep"] = r"""@description('Location of the messaging resources')
param location string = resourceGroup().location

@secure()
param partnerSharedKey string = '⟪T password bicep-secure-param-default alnum:40⟫'

@secure()
param keyVaultSecretUri string

resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv-hf-boarding'
}

module gate 'gate.bicep' = {
  name: 'gate'
  params: {
    hubKey: kv.getSecret('boarding-hub-key')
    location: location
  }
}

resource bus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: 'sb-hf-sailings'
  location: location
  sku: { name: 'Standard' }
}

output sendRuleId string = '${bus.id}/AuthorizationRules/sailings-send'
"""

FILES["infra/bicep/main.prod.bicepparam"] = r"""using 'main.bicep'

param environment = 'prod'
param sqlAdministratorLogin = 'faresadmin'
param sqlAdministratorPassword = '⟪T password bicepparam-literal human⟫'
param cosmosAccountKeyForMigration = '⟪T azure-cosmos bicepparam-cosmos-key bytes:64⟫'
param opsGroupObjectId = '⟪F guid bicepparam-object-id x:guid⟫'
param signalrKey = az.getSecret('⟪F guid bicepparam-getsecret-subscription x:guid⟫', 'rg-hf-shared', 'kv-hf-shared', 'signalr-key')
"""

FILES["infra/arm/crew-app.parameters.json"] = r"""{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "appName": { "value": "app-hf-crewroster" },
    "sqlAdminPassword": {
      "reference": {
        "keyVault": {
          "id": "/subscriptions/⟪F guid arm-kv-reference-subscription x:guid⟫/resourceGroups/rg-hf-crew/providers/Microsoft.KeyVault/vaults/kv-hf-crew-prod"
        },
        "secretName": "sql-admin-password"
      }
    },
    "signalRConnection": {
      "value": "Endpoint=https://sigr-hf-gates.service.signalr.net;AccessKey=⟪T azure-signalr arm-parameter-value bytes:32⟫;Version=1.0;"
    },
    "acsConnection": {
      "value": "endpoint=https://acs-hf-notify.communication.azure.com/;accesskey=⟪T azure-comms arm-parameter-acs bytes:64⟫"
    }
  }
}
"""

FILES["infra/arm/functions.json"] = r"""{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "eventGridKey": {
      "type": "securestring",
      "defaultValue": "⟪T azure-messaging arm-template-defaultvalue bytes:32⟫"
    },
    "storageSku": {
      "type": "string",
      "defaultValue": "Standard_LRS"
    }
  },
  "resources": [
    {
      "type": "Microsoft.Web/sites/config",
      "apiVersion": "2023-12-01",
      "name": "func-hf-tides/appsettings",
      "properties": {
        "FUNCTIONS_EXTENSION_VERSION": "~4",
        "TideFeed__FunctionKey": "⟪T azure-function-key arm-appsettings-function-key fmt:{b64url:54}==⟫",
        "AzureWebJobsStorage__accountName": "sthftidesfunc",
        "WEBSITE_RUN_FROM_PACKAGE": "1"
      }
    }
  ]
}
"""

FILES["infra/pulumi/Pulumi.prod.yaml"] = r"""config:
  azure-native:location: westeurope
  harbour-net:vpnSharedKey:
    secure: ⟪F ciphertext pulumi-secure-value fmt:v1:{b64:16}:{b64:44}⟫
  harbour-net:datadogApiKey: ⟪T datadog pulumi-plain-config hex:32⟫
  harbour-net:opsObjectId: ⟪F guid pulumi-object-id x:guid⟫
encryptionsalt: ⟪F ciphertext pulumi-encryption-salt fmt:v1:{b64:12}=:v1:{b64:16}:{b64:32}⟫
"""

FILES["infra/ansible/inventory/linkspan.ini"] = r"""[linkspan_controllers]
ls-douglas-01 ansible_host=10.40.1.21
ls-heysham-01 ansible_host=10.52.1.21

[linkspan_controllers:vars]
ansible_user=hfops
ansible_password=⟪T password ansible-ini-inventory-password human⟫
ansible_become_password=⟪T password ansible-ini-become-password pw:16⟫
ansible_port=22
"""

FILES[
    "infra/ansible/group_vars/all/vars.yml"
] = r"""ntp_servers: [0.uk.pool.ntp.org, 1.uk.pool.ntp.org]
plc_modbus_port: 502
plc_admin_password: "{{ vault_plc_admin_password }}"
snmp_community: ⟪T password ansible-vars-snmp-community alnum:20⟫
grafana_agent_api_key: ⟪T grafana ansible-vars-grafana-sa-token fmt:glsa_{alnum:32}_{hex:8}⟫
syslog_ca_sha256: ⟪F hash ansible-ca-sha256 hex:64⟫
"""

FILES[
    "infra/ansible/group_vars/all/vault.yml"
] = r"""⟪F ciphertext ansible-vault-header lit:$ANSIBLE_VAULT;1.1;AES256⟫
⟪F ciphertext ansible-vault-body hex:80⟫
⟪F ciphertext ansible-vault-body hex:80⟫
⟪F ciphertext ansible-vault-body hex:80⟫
⟪F ciphertext ansible-vault-body hex:54⟫
"""

FILES[
    "services/vessel-telemetry/Dockerfile"
] = r"""FROM rust:1.82-bookworm@sha256:⟪F digest dockerfile-from-digest hex:64⟫ AS build
WORKDIR /src
COPY . .
ARG CARGO_REGISTRIES_HALCYON_TOKEN=⟪T api-key dockerfile-arg-cargo-token fmt:Bearer {alnum:40}⟫
RUN cargo build --release

FROM gcr.io/distroless/cc-debian12
ENV RUST_LOG=info
ENV INFLUX_URL=https://influx-hf-fleet.internal:8086
ENV INFLUX_ORG=halcyon
ENV INFLUX_TOKEN=⟪T api-key dockerfile-env-influx fmt:{b64url:86}==⟫
COPY --from=build /src/target/release/vessel-telemetry /usr/local/bin/
ENTRYPOINT ["vessel-telemetry"]
"""

FILES["services/harbourops/Dockerfile"] = r"""FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1
ARG PIP_INDEX_URL
ARG PIP_EXTRA_INDEX_URL=https://build:⟪T azure-devops-pat dockerfile-pip-index-url adopat⟫@pkgs.dev.azure.com/halcyon-ferries/_packaging/py-libs/pypi/simple/
WORKDIR /app
COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt
COPY . .
CMD ["gunicorn", "harbourops.wsgi", "-b", "0.0.0.0:8000"]
"""

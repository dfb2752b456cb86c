"""Vento Cargo's pipelines and infrastructure: GitHub Actions, GitLab CI, Azure Pipelines,
Bitbucket, Jenkins, Drone, Travis; Terraform (variables, tfvars, state), CloudFormation,
Serverless, Pulumi, Bicep; Kubernetes manifests, Helm values and Kustomize."""

FILES: dict[str, str] = {}

FILES[".github/workflows/tracking.yml"] = r"""name: tracking
on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    env:
      GOFLAGS: -mod=readonly
      GOPRIVATE: git.ventocargo.eu
      CODECOV_TOKEN: ⟪T generic-api-key gha-env-unquoted x:guid⟫
    steps:
      - uses: actions/checkout@⟪F commit-sha gha-action-pin hex:40⟫
      - uses: azure/login@⟪F commit-sha gha-action-pin hex:40⟫
        with:
          client-id: ⟪F guid gha-client-id x:guid⟫
          tenant-id: ⟪F guid gha-tenant-id x:guid⟫
          subscription-id: ${{ secrets.AZURE_SUBSCRIPTION_ID }}
      - name: Push image
        run: |
          echo "⟪T github gha-run-echo-login gh:ghp_⟫" | docker login ghcr.io -u vento-ci --password-stdin
          docker push ghcr.io/ventocargo/tracking:${{ github.sha }}
"""

FILES[".github/workflows/release-portal.yml"] = r"""name: release-portal
on: workflow_dispatch
jobs:
  deploy:
    runs-on: windows-latest
    steps:
      - uses: actions/checkout@v4
      - uses: azure/webapps-deploy@v3
        with:
          app-name: app-vento-portal
          publish-profile: ${{ secrets.PORTAL_PUBLISH_PROFILE }}
      - name: Notify Teams
        shell: pwsh
        run: Invoke-RestMethod -Method Post -Uri '⟪T teams-webhook gha-pwsh-uri x:teams-webhook⟫' -Body '{"text":"portal released"}'
"""

FILES[".github/dependabot.yml"] = r"""version: 2
registries:
  vento-nuget:
    type: nuget-feed
    url: https://pkgs.dev.azure.com/ventocargo/_packaging/vento/nuget/v3/index.json
    token: ${{secrets.ADO_FEED_TOKEN}}
  vento-npm:
    type: npm-registry
    url: https://pkgs.dev.azure.com/ventocargo/_packaging/vento-npm/npm/registry/
    token: ⟪T azure-devops-pat dependabot-token adopat⟫
updates:
  - package-ecosystem: npm
    directory: /services/dispatch-node
    registries: [vento-npm]
    schedule: { interval: weekly }
"""

FILES[".gitlab-ci.yml"] = r"""stages: [test, build, deploy]

variables:
  DOCKER_DRIVER: overlay2
  POSTGRES_PASSWORD: ⟪F fake gitlab-service-password lit:postgres⟫
  SONAR_TOKEN: ⟪T generic-api-key gitlab-variables fmt:sqp_{hex:40}⟫
  DEPLOY_SHA: $CI_COMMIT_SHA

test:
  stage: test
  image: golang:1.23
  services: [postgres:16]
  script:
    - go test ./...

deploy:
  stage: deploy
  script:
    - curl -X POST -F token=⟪T gitlab gitlab-trigger-token fmt:glptt-{hex:40}⟫ -F ref=main https://git.ventocargo.eu/api/v4/projects/112/trigger/pipeline
    - helm upgrade --install tracking charts/tracking --set image.tag=$CI_COMMIT_SHORT_SHA
"""

FILES["azure-pipelines.yml"] = r"""trigger: [main]
pool: { vmImage: ubuntu-latest }

variables:
  - group: vento-prod
  - name: acrName
    value: vcregistry
  - name: sqlAdminPassword
    value: '⟪T password azp-variables-list pw:20⟫'
  - name: buildConfiguration
    value: Release

steps:
  - task: AzureCLI@2
    inputs:
      azureSubscription: sc-vento-prod
      scriptType: bash
      scriptLocation: inlineScript
      inlineScript: |
        az storage container create -n waybills --account-name vcwaybills --account-key ⟪T azure-storage-key azp-inline-az bytes:64⟫
        az keyvault secret show --vault-name kv-vento-ops -n sql-admin --query value -o tsv
  - script: dotnet test --configuration $(buildConfiguration)
    env:
      PORTAL_DB: $(portalDbConnection)
"""

FILES["bitbucket-pipelines.yml"] = r"""image: node:20
pipelines:
  branches:
    main:
      - step:
          name: Deploy customs lambda
          script:
            - pipe: atlassian/aws-lambda-deploy:1.11.0
              variables:
                AWS_ACCESS_KEY_ID: ⟪T aws bitbucket-pipe-id x:aws-id⟫
                AWS_SECRET_ACCESS_KEY: ⟪T aws bitbucket-pipe-secret b64:40⟫
                AWS_DEFAULT_REGION: eu-central-1
                FUNCTION_NAME: customs-declare
            - pipe: atlassian/slack-notify:2.1.0
              variables:
                WEBHOOK_URL: $SLACK_WEBHOOK
"""

FILES["services/billing-java/Jenkinsfile"] = r"""pipeline {
  agent { label 'linux' }
  environment {
    NEXUS = credentials('vento-nexus')
    SONAR_HOST = 'https://sonar.ventocargo.eu'
    SONAR_TOKEN = '⟪T generic-api-key jenkinsfile-environment fmt:squ_{hex:40}⟫'
  }
  stages {
    stage('Build') {
      steps { sh './mvnw -B verify' }
    }
    stage('Publish') {
      steps {
        sh "curl -u deployer:⟪T password jenkinsfile-sh-curl alnum:20⟫ --upload-file target/billing.jar https://nexus.ventocargo.eu/repository/releases/"
      }
    }
  }
}
"""

FILES[".drone.yml"] = r"""kind: pipeline
type: docker
name: firmware

steps:
  - name: build
    image: espressif/idf:v5.2
    commands:
      - idf.py build
  - name: upload
    image: plugins/s3
    settings:
      bucket: vento-firmware
      access_key:
        from_secret: fw_access_key
      secret_key: ⟪T aws drone-settings-secret b64:40⟫
      source: build/*.bin
"""

FILES[".travis.yml"] = r"""language: ruby
rvm: [3.3]
env:
  global:
    - secure: "⟪F ciphertext travis-secure bytes:256⟫"
    - RAILS_ENV=test
    - KARGO_SANDBOX_KEY=⟪F fake travis-sandbox lit:sandbox-key-for-ci-only⟫
script: bundle exec rspec
"""

FILES["infra/terraform/envs/prod/terraform.tfvars"] = r"""location            = "westeurope"
environment         = "prod"
sql_admin_login     = "vcsqladmin"
sql_admin_password  = "⟪T password tfvars pw:22⟫"
alert_email         = "ops@ventocargo.eu"
subscription_id     = "⟪F guid tfvars-subscription x:guid⟫"
datadog_api_key     = "⟪T generic-api-key tfvars-datadog hex:32⟫"
datadog_app_key     = "⟪T generic-api-key tfvars-datadog-app hex:40⟫"
"""

FILES["infra/terraform/modules/depot/variables.tf"] = r"""variable "depot_code" {
  type        = string
  description = "IATA-style code of the depot (HAM, VLC, LYS, ADB)"
}

variable "vpn_shared_key" {
  type      = string
  sensitive = true
  default   = "⟪T password tf-variable-default alnum:32⟫"
}

variable "wms_admin_password" {
  type      = string
  sensitive = true
}
"""

FILES["infra/terraform/modules/depot/main.tf"] = r"""provider "azurerm" {
  features {}
  subscription_id = var.subscription_id
}

provider "cloudflare" {
  api_token = "⟪T generic-api-key tf-provider-cloudflare b64url:40⟫"
}

resource "azurerm_virtual_network_gateway_connection" "depot" {
  name                = "cn-${var.depot_code}"
  type                = "IPsec"
  shared_key          = var.vpn_shared_key
  resource_group_name = "rg-vento-network"
  location            = "westeurope"
}

data "azurerm_key_vault_secret" "wms" {
  name         = "wms-admin-password"
  key_vault_id = "⟪F keyvault-ref tf-keyvault-id fmt:/subscriptions/{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}/resourceGroups/rg-vento-ops/providers/Microsoft.KeyVault/vaults/kv-vento-ops⟫"
}
"""

FILES["infra/terraform/envs/prod/backend.tf"] = r"""terraform {
  backend "azurerm" {
    resource_group_name  = "rg-vento-tfstate"
    storage_account_name = "vctfstate"
    container_name       = "tfstate"
    key                  = "prod.terraform.tfstate"
    use_azuread_auth     = true
  }
}
"""

FILES["infra/terraform/envs/prod/terraform.tfstate"] = r"""{
  "version": 4,
  "terraform_version": "1.9.8",
  "serial": 211,
  "lineage": "⟪F guid tfstate-lineage x:guid⟫",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "azurerm_storage_account",
      "name": "waybills",
      "provider": "provider[\"registry.terraform.io/hashicorp/azurerm\"]",
      "instances": [
        {
          "schema_version": 4,
          "attributes": {
            "id": "/subscriptions/⟪F guid tfstate-subscription x:guid⟫/resourceGroups/rg-vento-data/providers/Microsoft.Storage/storageAccounts/vcwaybills",
            "name": "vcwaybills",
            "primary_access_key": "⟪T azure-storage-key tfstate-attribute x:storage-idk⟫",
            "primary_blob_endpoint": "https://vcwaybills.blob.core.windows.net/"
          },
          "sensitive_attributes": [[{"type": "get_attr", "value": "primary_access_key"}]]
        }
      ]
    },
    {
      "mode": "managed",
      "type": "random_password",
      "name": "wms_admin",
      "instances": [
        {
          "attributes": {
            "bcrypt_hash": "⟪F password-hash tfstate-bcrypt x:bcrypt⟫",
            "result": "⟪T password tfstate-random-password pw:24⟫"
          }
        }
      ]
    }
  ]
}
"""

FILES[
    "infra/terraform/.terraform.lock.hcl"
] = r"""provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "4.10.0"
  constraints = "~> 4.10"
  hashes = [
    "h1:⟪F hash tf-lock-h1 b64:43⟫=",
    "zh:⟪F hash tf-lock-zh hex:64⟫",
    "zh:⟪F hash tf-lock-zh hex:64⟫",
  ]
}
"""

FILES["infra/cloudformation/customs-lambda.yaml"] = r"""AWSTemplateFormatVersion: "2010-09-09"
Description: Customs declaration lambda (Valencia)
Parameters:
  AduanaUser:
    Type: String
    Default: vento-vlc
  AduanaPassword:
    Type: String
    NoEcho: true
    Default: "⟪T password cfn-parameter-default human⟫"
Resources:
  DeclareFn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Environment:
        Variables:
          ADUANA_PASSWORD: !Ref AduanaPassword
          CERT_ARN: "{{resolve:secretsmanager:vento/aduana-cert:SecretString:arn}}"
          TRACE_NAMESPACE: "⟪F guid cfn-trace-namespace x:guid⟫"
"""

FILES["services/customs-lambda/serverless.yml"] = r"""service: customs-declare
provider:
  name: aws
  runtime: python3.12
  region: eu-central-1
  environment:
    ADUANA_ENDPOINT: https://www1.agenciatributaria.gob.es
    ADUANA_API_KEY: ${ssm:/vento/aduana/api-key}
    SLACK_HOOK: ⟪T slack serverless-env fmt:https://hooks.slack.com/services/T{upper:8}/B{upper:10}/{alnum:24}⟫
functions:
  declare:
    handler: app.handler
"""

FILES["infra/pulumi/Pulumi.prod.yaml"] = r"""config:
  azure-native:location: westeurope
  vento-infra:dbAdminPassword:
    secure: ⟪F ciphertext pulumi-secure fmt:v1:{b64:16}:{b64:60}⟫
  vento-infra:grafanaToken: ⟪T grafana pulumi-plain fmt:glsa_{alnum:32}_{hex:8}⟫
  vento-infra:depotCount: "4"
"""

FILES["infra/pulumi/index.ts"] = r"""import * as pulumi from "@pulumi/pulumi";
import * as azure from "@pulumi/azure-native";

const cfg = new pulumi.Config();
const dbPassword = cfg.requireSecret("dbAdminPassword");
const server = new azure.dbforpostgresql.Server("pg-dwh", {
  administratorLogin: "dwhadmin",
  administratorLoginPassword: dbPassword,
  resourceGroupName: "rg-vento-data",
});
export const fqdn = server.fullyQualifiedDomainName;
"""

FILES["infra/bicep/eventhub.bicep"] = r"""param location string = resourceGroup().location

@secure()
param partnerSendKey string = '⟪T azure-eventhub bicep-secure-default x:eh-idk⟫'

resource ns 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: 'vento-eh'
  location: location
  sku: { name: 'Standard' }
}

output hubId string = ns.id
"""

FILES["infra/bicep/main.bicepparam"] = r"""using './main.bicep'

param environment = 'prod'
param sqlAdminPassword = az.getSecret('⟪F guid bicepparam-subscription x:guid⟫', 'rg-vento-ops', 'kv-vento-ops', 'sql-admin')
param cosmosKey = '⟪T azure-cosmos bicepparam-literal x:cosmos-idk⟫'
"""

FILES["infra/arm/functions.parameters.json"] = r"""{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "functionAppName": { "value": "func-vento-tracking" },
    "hostKey": { "value": "⟪T azure-function-key arm-parameter-value x:func-idk⟫" },
    "serviceBusConnection": {
      "reference": {
        "keyVault": { "id": "/subscriptions/⟪F guid arm-kv-reference x:guid⟫/resourceGroups/rg-vento-ops/providers/Microsoft.KeyVault/vaults/kv-vento-ops" },
        "secretName": "sb-conn"
      }
    }
  }
}
"""

FILES["deploy/k8s/tracking/secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: tracking-secrets
  namespace: tracking
type: Opaque
data:
  DB_HOST: ⟪F b64-text k8s-data-plain x:b64-text⟫
  DB_PASSWORD: ⟪T password k8s-data-b64 b64of:{alnum:20}⟫
  SERVICEBUS_CONNECTION: ⟪T azure-servicebus k8s-data-b64-conn b64of:Endpoint=sb://vento-sb.servicebus.windows.net/;SharedAccessKeyName=tracking;SharedAccessKey={bytes:32}⟫
stringData:
  NATS_TOKEN: ⟪T generic-api-key k8s-stringdata alnum:40⟫
"""

FILES["deploy/k8s/tracking/deployment.yaml"] = r"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: tracking
  annotations:
    checksum/config: ⟪F hash k8s-checksum-annotation hex:64⟫
spec:
  template:
    spec:
      containers:
        - name: tracking
          image: vcregistry.azurecr.io/tracking@sha256:⟪F digest k8s-image-digest hex:64⟫
          env:
            - name: TRACKING_DSN
              valueFrom:
                secretKeyRef: { name: tracking-secrets, key: DB_PASSWORD }
            - name: PARTNER_HUB_KEY
              value: "⟪T generic-api-key k8s-env-value alnum:32⟫"
            - name: AZURE_CLIENT_ID
              value: "⟪F guid k8s-env-client-id x:guid⟫"
"""

FILES["deploy/k8s/tracking/sealed-secret.yaml"] = r"""apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: tracking-partner
spec:
  encryptedData:
    PARTNER_PASSWORD: ⟪F ciphertext sealed-secret x:sealed⟫
"""

FILES["deploy/k8s/tracking/kustomization.yaml"] = r"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml, secret.yaml]
secretGenerator:
  - name: edi-credentials
    literals:
      - EDI_USER=vento
      - EDI_PASSWORD=⟪T password kustomize-literal human⟫
configMapGenerator:
  - name: tracking-config
    literals:
      - REGION=eu-central
      - CONFIG_HASH=⟪F hash kustomize-config-hash hex:40⟫
"""

FILES["deploy/helm/dispatch/values-prod.yaml"] = r"""replicaCount: 3
image:
  repository: vcregistry.azurecr.io/dispatch
  tag: "2026.11.3"
postgresql:
  auth:
    username: dispatch
    password: "⟪T password helm-values-nested pw:20⟫"
    existingSecret: ""
redis:
  auth:
    existingSecret: dispatch-redis
    existingSecretPasswordKey: redis-password
openai:
  apiKey: "{{ .Values.global.openaiKey }}"
sentry:
  dsn: "⟪F public-dsn helm-sentry-dsn fmt:https://{hex:32}@o{digits:6}.ingest.de.sentry.io/{digits:7}⟫"
  authToken: "⟪T sentry helm-sentry-auth fmt:sntrys_{b64url:120}⟫"
"""

FILES["deploy/helm/dispatch/templates/secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: {{ include "dispatch.fullname" . }}
type: Opaque
stringData:
  POSTGRES_PASSWORD: {{ .Values.postgresql.auth.password | quote }}
  OPENAI_API_KEY: {{ required "openai.apiKey is required" .Values.openai.apiKey | quote }}
"""

FILES["deploy/k8s/csi/secretproviderclass.yaml"] = r"""apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: kv-vento-tracking
spec:
  provider: azure
  parameters:
    keyvaultName: kv-vento-ops
    clientID: "⟪F guid spc-client-id x:guid⟫"
    tenantId: "⟪F guid spc-tenant-id x:guid⟫"
    objects: |
      array:
        - |
          objectName: tracking-db-password
          objectType: secret
"""

FILES["deploy/k8s/kubeconfig-depot-ham.yaml"] = r"""apiVersion: v1
kind: Config
clusters:
  - name: k3s-depot-ham
    cluster:
      server: https://10.44.1.20:6443
      certificate-authority-data: ⟪F certificate kubeconfig-ca x:b64-cert⟫
users:
  - name: depot-admin
    user:
      client-certificate-data: ⟪F certificate kubeconfig-client-cert x:b64-cert⟫
      client-key-data: ⟪T private-key kubeconfig-client-key x:b64-key⟫
contexts:
  - name: depot-ham
    context: { cluster: k3s-depot-ham, user: depot-admin }
current-context: depot-ham
"""

FILES["deploy/compose/docker-compose.yml"] = r"""services:
  wms:
    image: vcregistry.azurecr.io/wms:2026.11
    environment:
      WMS_DB_URL: "⟪T db-url compose-mysql-url fmt:mysql://wms:{alnum:18}@mysql:3306/wms⟫"
      WMS_JWT_SECRET: ${WMS_JWT_SECRET:?set WMS_JWT_SECRET}
  mysql:
    image: mysql:8.4
    environment:
      - MYSQL_ROOT_PASSWORD=⟪T password compose-list-env pw:18⟫
      - MYSQL_DATABASE=wms
  rabbit:
    image: rabbitmq:3-management
    environment:
      RABBITMQ_DEFAULT_USER: guest
      RABBITMQ_DEFAULT_PASS: ⟪F sample-key compose-rabbit-guest lit:guest⟫
"""

FILES["deploy/nomad/edi.nomad.hcl"] = r"""job "edi" {
  datacenters = ["porto"]
  group "edi" {
    task "poller" {
      driver = "docker"
      config { image = "vcregistry.azurecr.io/edi-poller:1.4.0" }
      env {
        EDI_SFTP_HOST = "sftp.naviera-partner.example.com"
        EDI_SFTP_PASS = "⟪T password nomad-env-block human⟫"
      }
      template {
        data        = "VAULT_TOKEN={{ with secret \"secret/data/edi\" }}{{ .Data.data.token }}{{ end }}"
        destination = "secrets/edi.env"
        env         = true
      }
    }
  }
}
"""

FILES["deploy/vault/agent.hcl"] = r"""vault {
  address = "https://vault.vento.internal:8200"
}
auto_auth {
  method "approle" {
    config = {
      role_id_file_path   = "/etc/vault/role-id"
      secret_id_file_path = "/etc/vault/secret-id"
    }
  }
}
# bootstrap token for the first login only (revoked after)
token = "⟪T vault vault-agent-token fmt:hvs.{b64url:91}⟫"
"""

"""Kestrel Forge Games' configuration: servers, configuration management, CI, infrastructure as
code, Kubernetes and developer rc files."""

FILES: dict[str, str] = {}

FILES["services/leaderboard/pom.xml"] = r"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>gg.kestrel</groupId>
  <artifactId>leaderboard</artifactId>
  <version>⟪F version pom-version lit:3.14.0-SNAPSHOT⟫</version>
  <properties>
    <flyway.password>⟪T password pom-flyway human⟫</flyway.password>
    <sonar.token>${env.SONAR_TOKEN}</sonar.token>
  </properties>
</project>
"""

FILES["ops/maven/settings.xml"] = r"""<settings>
  <servers>
    <server>
      <id>kestrel-artifacts</id>
      <username>kestrelforge</username>
      <password>⟪T azure-devops-pat maven-server-password cask⟫</password>
    </server>
    <server>
      <id>kestrel-mirror</id>
      <username>ci</username>
      <password>{⟪F ciphertext maven-encrypted-password bytes:48⟫}</password>
    </server>
  </servers>
</settings>
"""

FILES["services/portal/src/Portal.Api/Web.config"] = r"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="Legacy" connectionString="Server=tcp:kf-legacy.database.windows.net,1433;Database=accounts;User ID=portal;Password=⟪T password webconfig-sql-conn human⟫;Encrypt=True" />
  </connectionStrings>
  <appSettings>
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=kfassets;AccountKey=⟪T azure-storage-key webconfig-appsetting x:storage-idk⟫;EndpointSuffix=core.windows.net" />
    <add key="ida:ClientId" value="⟪F guid webconfig-client-id x:guid⟫" />
    <add key="ida:TenantId" value="⟪F guid webconfig-tenant-id x:guid⟫" />
  </appSettings>
</configuration>
"""

FILES["services/replay-store/Cargo.toml"] = r"""[package]
name = "replay-store"
version = "0.9.3"
edition = "2021"

[dependencies]
tokio = { version = "1.41", features = ["full"] }
aws-sdk-s3 = "1.60"
"""

FILES["services/replay-store/config/prod.toml"] = r"""[storage]
endpoint = "https://s3.eu-central-2.wasabisys.com"
bucket = "kf-replays"
# Zugriffsschlüssel (Produktion)
access_key_id = "⟪T aws-access-key toml-access-key x:aws-id⟫"
secret_access_key = "⟪T aws-secret-key toml-secret-key b64:40⟫"

[cache]
etag_of_index = "⟪F hash toml-etag hex:32⟫"
"""

FILES["ops/odbc/odbc.ini"] = r"""[KF_DWH]
Driver=SnowflakeDSIIDriver
Server=kf12345.west-europe.azure.snowflakecomputing.com
uid=analyst_svc
pwd=⟪T password odbc-ini-pwd human⟫
warehouse=ANALYTICS_WH
"""

FILES["services/store-api/config/default.json5"] = r"""{
  // Store API defaults — override per environment
  port: 8080,
  paypal: {
    clientId: '⟪F key-id json5-paypal-client-id b64url:80⟫',
    clientSecret: '⟪T generic-secret json5-paypal-secret b64url:80⟫',
  },
  cdn: { purgeToken: process.env.CDN_PURGE_TOKEN },
}
"""

FILES["services/store-api/.env"] = r"""NODE_ENV=production
STRIPE_SECRET_KEY=⟪T stripe-key dotenv-restricted fmt:rk_live_{alnum:24}⟫
STRIPE_WEBHOOK_SECRET=⟪T stripe-key dotenv-webhook-secret fmt:whsec_{alnum:32}⟫
SHOPIFY_ADMIN_TOKEN=⟪T shopify-token dotenv-admin fmt:shpat_{hex:32}⟫
SESSION_COOKIE_NAME=kf_sid
"""

FILES["services/store-api/.env.example"] = r"""NODE_ENV=development
STRIPE_SECRET_KEY=⟪F placeholder dotenv-example-angle lit:<your-stripe-secret-key>⟫
STRIPE_WEBHOOK_SECRET=⟪F placeholder dotenv-example-x lit:whsec_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫
SHOPIFY_ADMIN_TOKEN=⟪F placeholder dotenv-example-changeme lit:changeme⟫
"""

FILES["deploy/docker/matchmaker/Dockerfile"] = r"""FROM golang:1.23 AS build
ARG GOPROXY=https://proxy.golang.org
ARG GITLAB_TOKEN=⟪T gitlab-token dockerfile-arg-default fmt:glpat-{b64url:20}⟫
RUN git config --global url."https://oauth2:${GITLAB_TOKEN}@gitlab.kestrelforge.gg/".insteadOf "https://gitlab.kestrelforge.gg/"
COPY . /src
RUN cd /src && go build -o /mm ./cmd/mm

FROM gcr.io/distroless/static@⟪F hash dockerfile-digest x:lfs-oid⟫
ENV MM_REGION=eu-west
COPY --from=build /mm /mm
"""

FILES["deploy/docker/tools/Dockerfile"] = r"""FROM python:3.12-slim
ENV PIP_INDEX_URL=https://pypi.org/simple
ENV HF_TOKEN=⟪T huggingface-token dockerfile-env fmt:hf_{letters:34}⟫
RUN pip install --no-cache-dir huggingface_hub==0.26.2
"""

FILES["deploy/nginx/cdn-origin.conf"] = r"""server {
    listen 443 ssl;
    server_name patches.kestrelforge.gg;
    ssl_certificate     /etc/nginx/tls/patches.crt;
    ssl_certificate_key /etc/nginx/tls/patches.key;

    location /origin/ {
        proxy_set_header Authorization "Basic ⟪T basic-auth nginx-proxy-header x:basic⟫";
        proxy_set_header X-Origin-Verify "⟪T generic-secret nginx-origin-verify alnum:40⟫";
        proxy_pass https://kfpatches.blob.core.windows.net/;
    }
    # Cache key version, not a secret
    set $cache_ver "⟪F hash nginx-cache-ver hex:12⟫";
}
"""

FILES["deploy/nginx/.htpasswd"] = r"""qa:⟪F password-hash htpasswd-apr1 x:apr1⟫
press:⟪F password-hash htpasswd-sha x:htpasswd-sha⟫
"""

FILES["deploy/apache/wiki-vhost.conf"] = r"""<VirtualHost *:443>
    ServerName wiki.kestrelforge.gg
    SSLEngine on
    # LDAP bind gegen das Studio-AD
    AuthLDAPURL "ldaps://dc1.kf.lan/OU=Studio,DC=kf,DC=lan?sAMAccountName"
    AuthLDAPBindDN "CN=svc-wiki,OU=Service,DC=kf,DC=lan"
    AuthLDAPBindPassword "⟪T password apache-ldap-bind human⟫"
    SetEnv WIKI_SESSION_SALT ⟪F hash apache-salt-sha x:sha256-text⟫
</VirtualHost>
"""

FILES["deploy/systemd/telemetry-relay.service"] = r"""[Unit]
Description=Telemetry relay (UDP -> Event Hubs)
After=network-online.target

[Service]
Environment=RELAY_LISTEN=0.0.0.0:7777
Environment="RELAY_SAS=SharedAccessSignature sr=kf-telemetry.servicebus.windows.net&sig=⟪T azure-sas systemd-sas-sig fmt:{b64:43}%3D⟫&se=1893456000&skn=send"
EnvironmentFile=-/etc/kf/relay.env
ExecStart=/opt/kf/relay
"""

FILES["deploy/cron/kf-nightly"] = r"""# m h dom mon dow user command
15 3 * * * build /opt/kf/bin/prune-builds --keep 30
30 4 * * * build curl -s -u ci:⟪T password crontab-curl-user human⟫ https://jenkins.kf.lan/job/nightly/build
0 5 * * 1 build /opt/kf/bin/report --digest ⟪F hash crontab-digest hex:64⟫
"""

FILES["home/build/.npmrc"] = r"""registry=https://registry.npmjs.org/
@kestrel:registry=https://npm.pkg.github.com/
//npm.pkg.github.com/:_authToken=⟪T github-token npmrc-ghp gh:ghp_⟫
//registry.npmjs.org/:_authToken=⟪T npm-token npmrc-npm npm⟫
"""

FILES["home/build/.pypirc"] = r"""[distutils]
index-servers = pypi

[pypi]
username = __token__
password = ⟪T pypi-token pypirc-password x:pypi⟫
"""

FILES[
    "home/build/.git-credentials"
] = r"""https://mina:⟪T github-token git-credentials-fine x:github-fine⟫@github.com
https://oauth2:⟪T gitlab-token git-credentials-gitlab fmt:glpat-{b64url:20}⟫@gitlab.kestrelforge.gg
"""

FILES["home/build/.docker/config.json"] = r"""{
  "auths": {
    "kfregistry.azurecr.io": { "auth": "⟪T docker-auth docker-config-auth x:docker-auth⟫" },
    "ghcr.io": {}
  },
  "credsStore": "desktop"
}
"""

FILES["home/build/.config/rclone/rclone.conf"] = r"""[b2-archive]
type = b2
account = ⟪F key-id rclone-b2-account hex:12⟫
key = ⟪T generic-secret rclone-b2-key fmt:K005{alnum:27}⟫

[crypt-archive]
type = crypt
remote = b2-archive:kf-archive
password = ⟪F ciphertext rclone-obscured b64url:32⟫
"""

FILES["home/build/.ssh/id_ed25519.pub"] = r"""⟪F public-key ssh-pub-file x:ssh-public⟫
"""

FILES["home/build/.ssh/authorized_keys"] = r"""⟪F public-key authorized-keys x:ssh-public⟫
no-port-forwarding ⟪F public-key authorized-keys-options x:ssh-public⟫
"""

FILES["ops/wireguard/wg-studio.conf"] = r"""[Interface]
Address = 10.42.0.2/32
PrivateKey = ⟪T private-key wireguard-private bytes:32⟫

[Peer]
PublicKey = ⟪F public-key wireguard-public bytes:32⟫
Endpoint = vpn.kestrelforge.gg:51820
AllowedIPs = 10.42.0.0/16
"""

FILES["ops/ansible/group_vars/gameservers/vars.yml"] = r"""gs_region: eu-west
gs_rcon_password: "{{ vault_gs_rcon_password }}"
gs_steam_account: kfserver
gs_package_sha256: "⟪F hash ansible-package-sha hex:64⟫"
"""

FILES["ops/ansible/group_vars/gameservers/vault.yml"] = r"""$ANSIBLE_VAULT;1.1;AES256
⟪F ciphertext ansible-vault-line hex:80⟫
⟪F ciphertext ansible-vault-line2 hex:80⟫
"""

FILES["ops/ansible/roles/gameserver/tasks/main.yml"] = r"""- name: Write server.cfg
  ansible.builtin.template:
    src: server.cfg.j2
    dest: /srv/gs/server.cfg

- name: Register with the master list
  ansible.builtin.uri:
    url: https://master.kestrelforge.gg/register
    method: POST
    headers:
      X-Master-Key: "⟪T generic-api-key ansible-uri-header alnum:36⟫"
"""

FILES[
    "ops/chef/cookbooks/buildagent/attributes/default.rb"
] = r"""default['buildagent']['tc_url'] = 'https://teamcity.kf.lan'
default['buildagent']['tc_token'] = '⟪T generic-api-key chef-attribute fmt:eyJ0eXAiOiAiVENWMiJ9.{b64url:36}.{b64url:48}⟫'
default['buildagent']['plastic_password'] = '⟪T password chef-plastic human⟫'
"""

FILES["ops/puppet/modules/kf_perforce/manifests/init.pp"] = r"""class kf_perforce (
  String $p4port = 'ssl:perforce.kf.lan:1666',
  String $p4user = 'build',
  String $p4passwd = '⟪T password puppet-class-param human⟫',
  String $p4ticket_hash = '⟪F hash puppet-ticket-md5 HEX:32⟫',
) {
  file { '/etc/p4/p4config': content => template('kf_perforce/p4config.erb') }
}
"""

FILES["ops/salt/pillar/gameservers/tokyo.sls"] = r"""gameserver:
  region: ap-northeast-1
  rcon_password: ⟪T password salt-pillar-rcon human⟫
  # 東京リージョン用のAPIキー
  api_key: ⟪T generic-api-key salt-pillar-japanese-comment hex:40⟫
  agent_version: ⟪F version salt-version lit:7.2.11⟫
"""

FILES["ops/salt/pillar/gameservers/sao_paulo_gpg.sls"] = r"""#!yaml|gpg
gameserver:
  rcon_password: |
    -----BEGIN PGP MESSAGE-----

    ⟪F ciphertext salt-gpg-message bytes:180⟫
    -----END PGP MESSAGE-----
"""

FILES["ops/grafana/provisioning/datasources/loki.yaml"] = r"""apiVersion: 1
datasources:
  - name: Loki
    type: loki
    url: https://logs.kf.lan
    basicAuth: true
    basicAuthUser: grafana
    secureJsonData:
      basicAuthPassword: ⟪T password grafana-datasource human⟫
  - name: Azure Monitor
    type: grafana-azure-monitor-datasource
    jsonData:
      clientId: ⟪F guid grafana-client-id x:guid⟫
    secureJsonData:
      clientSecret: $__file{/run/secrets/azmon}
"""

FILES[".github/workflows/build-client.yml"] = r"""name: build-client
on: [push]
jobs:
  build:
    runs-on: windows-2022
    env:
      UNITY_LICENSE: ${{ secrets.UNITY_LICENSE }}
      BUILD_FLAVOUR: ⟪F b64-text gha-b64-config x:b64-json⟫
    steps:
      - uses: actions/checkout@⟪F commit-sha gha-pinned-action hex:40⟫
      - name: Upload to Steam
        run: steamcmd +login kfbuild ⟪T password gha-run-inline human⟫ +run_app_build app_build.vdf
      - name: Notify
        run: curl -X POST -d '{"text":"build ok"}' ⟪T slack-webhook gha-curl x:slack-webhook⟫
"""

FILES[".github/workflows/deploy-backend.yml"] = r"""name: deploy-backend
on:
  workflow_dispatch:
permissions:
  id-token: write
jobs:
  deploy:
    runs-on: ubuntu-24.04
    steps:
      - uses: azure/login@v2
        with:
          client-id: ⟪F guid gha-oidc-client-id x:guid⟫
          tenant-id: ⟪F guid gha-oidc-tenant-id x:guid⟫
          subscription-id: ⟪F guid gha-oidc-subscription x:guid⟫
      - run: az webapp deploy --name kf-portal --src-path portal.zip
"""

FILES[".gitlab-ci.yml"] = r"""stages: [test, package]

variables:
  DOCKER_DRIVER: overlay2
  SONAR_TOKEN: ⟪T generic-api-key gitlab-ci-variable fmt:squ_{hex:40}⟫
  CACHE_KEY: ⟪F hash gitlab-cache-key hex:40⟫

package:
  stage: package
  script:
    - echo "$CI_JOB_TOKEN" | docker login -u gitlab-ci-token --password-stdin $CI_REGISTRY
    - docker push $CI_REGISTRY_IMAGE:$CI_COMMIT_SHA
"""

FILES["azure-pipelines.yml"] = r"""trigger: [main]
pool:
  vmImage: ubuntu-latest
variables:
  - group: kf-release
  - name: artifactFeedKey
    value: ⟪T azure-devops-pat azp-variable-value adopat⟫
steps:
  - task: AzureKeyVault@2
    inputs:
      azureSubscription: kf-prod
      KeyVaultName: kv-kf-release
  - script: ./build.sh --sign --cert-thumbprint ⟪F hash azp-thumbprint HEX:40⟫
"""

FILES["bitbucket-pipelines.yml"] = r"""image: node:20
pipelines:
  default:
    - step:
        name: Publish mod SDK
        script:
          - npm config set //registry.npmjs.org/:_authToken ⟪T npm-token bitbucket-npm-config npm⟫
          - npm publish --access public
"""

FILES["tools/jenkins/Jenkinsfile"] = r"""pipeline {
  agent { label 'win-gpu' }
  environment {
    P4PASSWD = credentials('p4-build')
    CRASH_UPLOAD_TOKEN = '⟪T generic-api-key jenkins-environment hex:64⟫'
  }
  stages {
    stage('Cook') {
      steps { bat 'RunUAT.bat BuildCookRun -project=HollowTide.uproject' }
    }
  }
}
"""

FILES[".drone.yml"] = r"""kind: pipeline
name: docs
steps:
  - name: publish
    image: plugins/s3
    settings:
      bucket: kf-docs
      access_key: ⟪T aws-access-key drone-settings x:aws-id⟫
      secret_key:
        from_secret: docs_secret_key
"""

FILES[".travis.yml"] = r"""language: go
go: ["1.23"]
env:
  global:
    - secure: "⟪F ciphertext travis-secure bytes:256⟫"
    - CODECOV_TOKEN=⟪T generic-api-key travis-env-global x:guid⟫
"""

FILES["infra/terraform/envs/prod/terraform.tfvars"] = r"""location            = "westeurope"
resource_group_name = "rg-kf-prod"
sql_admin_login     = "kfadmin"
sql_admin_password  = "⟪T password tfvars-sql-admin human⟫"
datadog_api_key     = "⟪T datadog-key tfvars-datadog hex:32⟫"
tenant_id           = "⟪F guid tfvars-tenant x:guid⟫"
"""

FILES[
    "infra/terraform/modules/cdn/main.tf"
] = r"""resource "azurerm_key_vault_secret" "origin_verify" {
  name         = "origin-verify"
  value        = random_password.origin.result
  key_vault_id = var.key_vault_id
}

resource "azurerm_linux_web_app" "portal" {
  name = "kf-portal"
  app_settings = {
    "Stripe__SecretKey" = "@Microsoft.KeyVault(SecretUri=https://kv-kf-prod.vault.azure.net/secrets/stripe-secret/⟪F hex-id tf-kv-ref-version hex:32⟫)"
    "Cdn__PurgeKey"     = "⟪T generic-secret tf-app-setting alnum:32⟫"
  }
}
"""

FILES["infra/terraform/envs/prod/terraform.tfstate"] = r"""{
  "version": 4,
  "terraform_version": "1.9.8",
  "serial": 112,
  "lineage": "⟪F guid tfstate-lineage x:guid⟫",
  "resources": [
    {
      "type": "azurerm_servicebus_namespace_authorization_rule",
      "name": "listen",
      "instances": [
        {
          "attributes": {
            "id": "/subscriptions/⟪F guid tfstate-subscription-in-id x:guid⟫/resourceGroups/rg-kf-prod/providers/Microsoft.ServiceBus/namespaces/kf-events/authorizationRules/listen",
            "primary_key": "⟪T azure-servicebus-key tfstate-primary-key x:sb-idk⟫",
            "primary_connection_string_alias": ""
          }
        }
      ]
    },
    {
      "type": "random_password",
      "name": "origin",
      "instances": [ { "attributes": { "result": "⟪T password tfstate-random-password pw:32⟫", "length": 32 } } ]
    }
  ]
}
"""

FILES["infra/cloudformation/replay-cdn.yaml"] = r"""AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  OriginSecret:
    Type: String
    NoEcho: true
    Default: ⟪T generic-secret cfn-noecho-default alnum:40⟫
Resources:
  ReplayBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: kf-replays-cdn
Outputs:
  TemplateHash:
    Value: ⟪F hash cfn-template-hash hex:64⟫
"""

FILES["services/moderation/serverless.yml"] = r"""service: kf-moderation
provider:
  name: aws
  runtime: python3.12
  environment:
    PERSPECTIVE_KEY: ${ssm:/kf/moderation/perspective}
    TWILIO_SID: ⟪F key-id serverless-twilio-sid fmt:AC{hex:32}⟫
    TWILIO_AUTH_TOKEN: ⟪T twilio-key serverless-auth-token hex:32⟫
"""

FILES["infra/pulumi/Pulumi.prod.yaml"] = r"""config:
  azure-native:location: westeurope
  kf:dbPassword:
    secure: ⟪F ciphertext pulumi-secure fmt:v1:{b64:16}:{b64:44}⟫
  kf:adminEmail: ops@kestrelforge.gg
"""

FILES["deploy/k8s/matchmaker/secret.yaml"] = r"""apiVersion: v1
kind: Secret
metadata:
  name: matchmaker
type: Opaque
data:
  redis-password: ⟪T azure-redis-key k8s-secret-data-b64 x:b64-plain⟫
  region: ⟪F b64-text k8s-secret-data-region x:b64-text⟫
stringData:
  anticheat-token: ⟪T generic-api-key k8s-stringdata fmt:eac_{alnum:40}⟫
"""

FILES["deploy/k8s/matchmaker/sealed-secret.yaml"] = r"""apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: matchmaker-sealed
spec:
  encryptedData:
    redis-password: ⟪F ciphertext sealed-secret x:sealed⟫
"""

FILES["deploy/k8s/matchmaker/kustomization.yaml"] = r"""apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml]
secretGenerator:
  - name: mm-extra
    literals:
      - STEAM_PARTNER_KEY=⟪T generic-api-key kustomize-literal x:steam-key⟫
      - LOG_LEVEL=info
images:
  - name: matchmaker
    digest: ⟪F hash kustomize-image-digest x:lfs-oid⟫
"""

FILES["deploy/helm/portal/values-prod.yaml"] = r"""replicaCount: 3
image:
  repository: kfregistry.azurecr.io/portal
  tag: "⟪F version helm-tag lit:2026.12.1⟫"
env:
  ASPNETCORE_ENVIRONMENT: Production
  Jwt__SigningKey: "⟪T generic-secret helm-env-value b64:44⟫"
  AzureAd__ClientId: "⟪F guid helm-client-id x:guid⟫"
  AzureAd__ClientSecret: "⟪T azure-entra-secret helm-entra-secret entra⟫"
"""

FILES["deploy/k8s/csi/secretproviderclass.yaml"] = r"""apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: kv-portal
spec:
  provider: azure
  parameters:
    usePodIdentity: "false"
    clientID: "⟪F guid csi-client-id x:guid⟫"
    keyvaultName: kv-kf-prod
    tenantId: "⟪F guid csi-tenant-id x:guid⟫"
"""

FILES["deploy/k8s/kubeconfig-studio.yaml"] = r"""apiVersion: v1
kind: Config
clusters:
  - name: studio
    cluster:
      server: https://k8s.kf.lan:6443
      certificate-authority-data: ⟪F certificate kubeconfig-ca-data x:b64-cert⟫
users:
  - name: build
    user:
      client-key-data: ⟪T private-key kubeconfig-client-key-data x:b64-key⟫
      token: ⟪T jwt kubeconfig-token jwt⟫
"""

FILES["deploy/compose/docker-compose.yml"] = r"""services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_USER: economy
      POSTGRES_PASSWORD: ⟪T password compose-env-map human⟫
  vault:
    image: hashicorp/vault:1.18
    environment:
      - VAULT_DEV_ROOT_TOKEN_ID=⟪T vault-token compose-env-list fmt:hvs.{alnum:24}⟫
  minio:
    image: minio/minio
    environment:
      MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD:?set it in .env}
"""

FILES["deploy/nomad/gameserver.nomad.hcl"] = r"""job "gameserver" {
  datacenters = ["eu-west"]
  group "gs" {
    task "server" {
      driver = "docker"
      env {
        RCON_PASSWORD = "⟪T password nomad-env human⟫"
        BUILD_ID      = "⟪F guid nomad-build-id x:guid⟫"
      }
      template {
        data = "{{ with secret \"kv/data/gs\" }}{{ .Data.data.api_key }}{{ end }}"
        destination = "secrets/api.env"
      }
    }
  }
}
"""

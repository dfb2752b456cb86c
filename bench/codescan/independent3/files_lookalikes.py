"""Files that hold look-alikes only: every value here must stay silent (see gen.py for slots).

Hashes, digests, identifiers, public material, references to secret stores, placeholders,
ciphertext, masked values and vendors' published samples, in the same languages and formats as
the credential files, under names that often sit next to secrets.
"""

FILES: dict[str, str] = {}

FILES["claims/mix.lock"] = """\
%{
  "decimal": {:hex, :decimal, "2.1.1", "⟪F hash mix-lock-inner-hash hex:64⟫", [:mix], [], "hexpm", "⟪F hash mix-lock-outer-hash hex:64⟫"},
  "jason": {:hex, :jason, "1.4.4", "⟪F hash mix-lock-inner-hash-2 hex:64⟫", [:mix], [], "hexpm", "⟪F hash mix-lock-outer-hash-2 hex:64⟫"},
}
"""

FILES["tools/fetch/build.zig.zon"] = """\
.{
    .name = "fetch",
    .version = "0.3.0",
    .dependencies = .{
        .httpz = .{
            .url = "https://github.com/karlseguin/http.zig/archive/⟪F hash zon-archive-commit hex:40⟫.tar.gz",
            .hash = "⟪F hash zon-package-hash fmt:1220{hex:64}⟫",
        },
    },
}
"""

FILES["web/composer.lock"] = """\
{
    "content-hash": "⟪F hash composer-content-hash hex:32⟫",
    "packages": [
        {
            "name": "guzzlehttp/guzzle",
            "version": "7.9.2",
            "dist": {
                "type": "zip",
                "url": "https://api.github.com/repos/guzzle/guzzle/zipball/⟪F hash composer-dist-ref hex:40⟫",
                "shasum": ""
            }
        }
    ]
}
"""

FILES["ci/github/workflows/release.yml"] = """\
name: release
on:
  push:
    tags: ["v*"]
permissions:
  id-token: write
  contents: read
jobs:
  publish:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@⟪F hash action-pin-sha hex:40⟫
      - uses: azure/login@⟪F hash action-pin-sha-2 hex:40⟫
        with:
          client-id: ${{ vars.AZURE_CLIENT_ID }}
          tenant-id: ⟪F id workflow-tenant-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫
          subscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}
      - run: ./publish.sh
        env:
          NUGET_API_KEY: ${{ secrets.NUGET_API_KEY }}
          CARGO_REGISTRY_TOKEN: ${{ secrets.CARGO_REGISTRY_TOKEN }}
"""

FILES["deploy/k8s/claims-config.yaml"] = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: claims-config
data:
  SPRING_PROFILES_ACTIVE: prod
  TOKEN_ISSUER: https://login.microsoftonline.com/⟪F id configmap-tenant fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫/v2.0
  PASSWORD_POLICY: "min=12,upper=1,digit=1"
  SECRET_STORE: azure-key-vault
---
apiVersion: secrets-store.csi.x-k8s.io/v1
kind: SecretProviderClass
metadata:
  name: claims-kv
spec:
  provider: azure
  parameters:
    keyvaultName: kv-qm-claims-prod
    tenantId: ⟪F id spc-tenant-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫
    objects: |
      array:
        - |
          objectName: db-password
          objectType: secret
"""

FILES["deploy/k8s/external-secret.yaml"] = """\
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: claims-db
spec:
  secretStoreRef:
    name: azure-kv
    kind: ClusterSecretStore
  data:
    - secretKey: password
      remoteRef:
        key: claims-db-password
    - secretKey: api-token
      remoteRef:
        key: claims-api-token
        version: ⟪F id external-secret-version hex:32⟫
"""

FILES["infra/bicep/kv-refs.bicepparam"] = """\
using './main.bicep'

param location = 'westeurope'
param sqlAdminLogin = 'qmadmin'
param sqlAdminPassword = az.getSecret('⟪F id bicepparam-subscription fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫', 'rg-qm-shared', 'kv-qm-shared', 'sql-admin-password')
param storageKeyName = 'key1'
"""

FILES["infra/terraform/providers.tf"] = """\
terraform {
  backend "azurerm" {
    resource_group_name  = "rg-qm-tfstate"
    storage_account_name = "stqmtfstate"
    container_name       = "tfstate"
    key                  = "claims.prod.tfstate"
    use_azuread_auth     = true
  }
}

provider "azurerm" {
  features {}
  subscription_id = "⟪F id tf-subscription-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫"
}

data "azurerm_key_vault_secret" "db_password" {
  name         = "claims-db-password"
  key_vault_id = data.azurerm_key_vault.shared.id
}

variable "admin_password" {
  type      = string
  sensitive = true
}
"""

FILES["infra/terraform/.terraform.lock.hcl"] = """\
provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "4.8.0"
  constraints = "~> 4.8"
  hashes = [
    "h1:⟪F hash tf-lock-h1 b64:43⟫=",
    "zh:⟪F hash tf-lock-zh hex:64⟫",
  ]
}
"""

FILES["ops/ansible/group_vars/all/vault.yml"] = """\
$ANSIBLE_VAULT;1.1;AES256
⟪F encrypted ansible-vault-line hex:80⟫
⟪F encrypted ansible-vault-line-2 hex:80⟫
"""

FILES["ops/ansible/group_vars/all/main.yml"] = """\
db_user: claims
db_password: "{{ vault_db_password }}"
smtp_password: "{{ lookup('env', 'SMTP_PASSWORD') }}"
api_token: "{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/claims:token') }}"
ssh_host_key_fingerprint: "SHA256:⟪F hash ansible-ssh-fingerprint b64:43⟫"
"""

FILES["ops/ssh/known_hosts"] = """\
github.com ssh-ed25519 ⟪F public known-hosts-ed25519 fmt:AAAAC3NzaC1lZDI1NTE5AAAAI{b64:43}⟫
sftp.partner.example ecdsa-sha2-nistp256 ⟪F public known-hosts-ecdsa fmt:AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB{b64:87}=⟫
"""

FILES["ops/ssh/authorized_keys"] = """\
ssh-rsa ⟪F public authorized-rsa fmt:AAAAB3NzaC1yc2EAAAADAQABAAABgQ{b64:500}⟫ deploy@ci
"""

FILES["web/public/index.html"] = """\
<!doctype html>
<html>
<head>
  <script src="https://cdn.quillmark.example/app.js" integrity="sha384-⟪F hash sri-integrity b64:64⟫" crossorigin="anonymous"></script>
  <meta name="google-site-verification" content="⟪F public site-verification b64url:43⟫">
  <meta name="csrf-token" content="⟪F id csrf-token-meta b64:44⟫">
</head>
<body data-recaptcha-sitekey="⟪F public recaptcha-site-key fmt:6L{b64url:38}⟫"></body>
</html>
"""

FILES["web/src/config/public.ts"] = """\
export const stripePublishableKey = "⟪F public stripe-publishable-ts fmt:pk_live_{alnum:99}⟫";
export const appInsightsConnectionString =
  "InstrumentationKey=⟪F id appinsights-ikey fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";
export const passwordRules = { minLength: 12, requireSymbol: true };
export const tokenEndpoint = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token";
"""

FILES["services/notify/src/settings.py"] = """\
import os

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
DATABASE_PASSWORD = os.getenv("DATABASE_PASSWORD", "")
API_TOKEN = settings_from_vault("notify-api-token")
WEBHOOK_SECRET_HEADER = "X-Notify-Signature"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
ADMIN_PASSWORD_HASH = "⟪F hash django-argon2-hash fmt:argon2$argon2id$v=19$m=102400,t=2,p=8${b64:22}${b64:43}⟫"
RELEASE_COMMIT = "⟪F hash python-release-commit hex:40⟫"
"""

FILES["services/notify/src/masked.log"] = """\
2026-10-03 10:02:11 INFO  login ok user=qm-ops password=[REDACTED]
2026-10-03 10:02:12 INFO  token=⟪F placeholder masked-token fmt:{alnum:4}************************⟫
2026-10-03 10:02:12 INFO  request_id=⟪F id log-request-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫ api_key=***
2026-10-03 10:02:13 INFO  correlation=⟪F id log-correlation-id hex:32⟫
"""

FILES["docs/samples/aws-cli.md"] = """\
# AWS CLI profile for the archive bucket

```ini
[profile qm-archive]
aws_access_key_id = ⟪F example aws-docs-example-id lit:AKIAIOSFODNN7EXAMPLE⟫
aws_secret_access_key = ⟪F example aws-docs-example-secret lit:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟫
region = eu-west-1
```

Replace both values with your own keys from the access portal.
"""

FILES["docs/samples/jwt-debugging.md"] = """\
# Reading a token

Paste a token into a decoder; for example the one from the JWT introduction:

    ⟪F example jwt-io-sample lit:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c⟫

Our tokens are issued by `https://login.microsoftonline.com/<tenant>/v2.0`.
"""

FILES["config/env/.env.example"] = """\
DATABASE_URL=postgres://claims:<password>@localhost:5432/claims
STRIPE_SECRET_KEY=sk_live_replace_me
SENDGRID_API_KEY=⟪F placeholder env-example-sendgrid lit:SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫
GITHUB_TOKEN=⟪F placeholder env-example-github lit:ghp_your_token_here⟫
JWT_SECRET=⟪F placeholder env-example-jwt lit:change-me-to-a-long-random-string⟫
"""

FILES["config/env/.env.ci"] = """\
DB_PASSWORD=${CI_DB_PASSWORD}
REDIS_PASSWORD=$(cat /run/secrets/redis_password)
API_TOKEN=%API_TOKEN%
SESSION_SECRET=#{SessionSecret}#
STORAGE_KEY=__StorageKey__
"""

FILES["ledger/src/main/resources/application-prod.yml"] = """\
spring:
  datasource:
    url: jdbc:sqlserver://qm-ledger.database.windows.net:1433;database=ledger;authentication=ActiveDirectoryMSI
    username: ledger
    password: ${LEDGER_DB_PASSWORD}
  cloud:
    azure:
      keyvault:
        secret:
          property-sources:
            - endpoint: https://kv-qm-ledger.vault.azure.net/
jasypt:
  encryptor:
    password: ${JASYPT_PASSWORD}
ledger:
  signing:
    key-id: ⟪F id signing-key-id fmt:https://kv-qm-ledger.vault.azure.net/keys/ledger-signing/{hex:32}⟫
  export:
    token: ENC(⟪F encrypted jasypt-ciphertext b64:64⟫)
"""

FILES["intranet/Web.config"] = """\
<configuration>
  <connectionStrings>
    <add name="Claims" connectionString="Server=tcp:qm-sql.database.windows.net;Database=claims;Authentication=Active Directory Managed Identity;" />
  </connectionStrings>
  <appSettings>
    <add key="SmtpPassword" value="@Microsoft.KeyVault(SecretUri=https://kv-qm-intranet.vault.azure.net/secrets/smtp-password/)" />
    <add key="SigningCertThumbprint" value="⟪F hash webconfig-thumbprint HEX:40⟫" />
    <add key="ApiKeyHeaderName" value="X-QM-Api-Key" />
  </appSettings>
  <system.web>
    <machineKey validation="HMACSHA256" decryption="AES" validationKey="AutoGenerate,IsolateApps" decryptionKey="AutoGenerate,IsolateApps" />
  </system.web>
</configuration>
"""

FILES["firmware/tracker/include/certs.h"] = """\
/* Public root certificate of the broker (not a secret). */
static const char broker_root_ca[] =
"-----BEGIN CERTIFICATE-----\\n"
"⟪F public c-embedded-certificate b64:64⟫\\n"
"-----END CERTIFICATE-----\\n";
static const char device_cert_sha1[] = "⟪F hash c-device-cert-sha1 hex:40⟫";
"""

FILES["research/data/policy_sample.csv"] = """\
policy_id,holder_hash,premium,token_count
⟪F id csv-policy-id fmt:QM-{digits:8}⟫,⟪F hash csv-holder-hash hex:64⟫,1200.00,3
⟪F id csv-policy-id-2 fmt:QM-{digits:8}⟫,⟪F hash csv-holder-hash-2 hex:64⟫,870.50,1
"""

FILES["go.sum"] = """\
github.com/Azure/azure-sdk-for-go/sdk/azcore v1.16.0 h1:⟪F hash go-sum-h1 b64:43⟫=
github.com/Azure/azure-sdk-for-go/sdk/azcore v1.16.0/go.mod h1:⟪F hash go-sum-h1-mod b64:43⟫=
"""

FILES["mobile/ios/Podfile.lock"] = """\
PODS:
  - Alamofire (5.9.1)
SPEC CHECKSUMS:
  Alamofire: ⟪F hash podfile-spec-checksum hex:40⟫
PODFILE CHECKSUM: ⟪F hash podfile-checksum hex:40⟫
COCOAPODS: 1.15.2
"""

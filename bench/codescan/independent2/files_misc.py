"""Credential files, keys, documents, notebooks, data and archives (see gen.py for slots)."""

import json

FILES: dict[str, str] = {}
ARCHIVES: dict[str, dict[str, str]] = {}

FILES["home/.pypirc"] = """\
[distutils]
index-servers =
    pypi
    internal

[pypi]
username = __token__
password = ⟪T pypi pypirc fmt:pypi-AgEIcHlwaS5vcmc{b64url:140}⟫

[internal]
repository = https://pkgs.tessaly.io/pypi/
username = uploader
password = ⟪T password pypirc-internal alnum:24⟫
"""

FILES["home/.netrc"] = """\
machine api.heroku.com
  login ops@tessaly.io
  password ⟪T generic-secret netrc-multiline hex:36⟫
machine github.com login tessaly-bot password ⟪T github netrc-inline gh:gho_⟫
"""

FILES["home/.git-credentials"] = """\
https://tessaly-bot:⟪T github git-credentials gh:ghp_⟫@github.com
https://build:⟪T gitlab git-credentials-glpat fmt:glpat-{b64url:20}⟫@gitlab.tessaly.io
"""

FILES["home/.yarnrc.yml"] = """\
nodeLinker: node-modules
npmScopes:
  tessaly:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAuthToken: ⟪T github yarnrc gh:ghp_⟫
"""

FILES["home/.aws/credentials"] = """\
[default]
aws_access_key_id = ⟪T aws credentials-file-id fmt:AKIA{upper:16}⟫
aws_secret_access_key = ⟪T aws credentials-file-secret b64:40⟫

[readonly]
aws_access_key_id = ⟪F aws documented-example lit:AKIAIOSFODNN7EXAMPLE⟫
aws_secret_access_key = ⟪F aws documented-example-secret lit:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟫
"""

FILES["home/.kube/config"] = """\
apiVersion: v1
kind: Config
clusters:
  - name: aks-prod
    cluster:
      server: https://aks-prod-dns.hcp.westeurope.azmk8s.io:443
      certificate-authority-data: ⟪F public ca-data bytes:600⟫
users:
  - name: clusterUser_aks-prod
    user:
      token: ⟪T generic-secret kubeconfig-token hex:64⟫
contexts:
  - name: aks-prod
    context: { cluster: aks-prod, user: clusterUser_aks-prod }
current-context: aks-prod
"""

FILES["keys/deploy_rsa"] = "⟪T private-key pem-rsa pem:RSA PRIVATE KEY:1190⟫\n"
FILES["keys/signing-ec.pem"] = "⟪T private-key pem-ec pem:EC PRIVATE KEY:121⟫\n"
FILES["keys/service.key"] = "⟪T private-key pkcs8 pem:PRIVATE KEY:1218⟫\n"
FILES["keys/legacy_encrypted.pem"] = "⟪T private-key pem-encrypted-legacy pemenc⟫\n"
FILES["keys/id_ed25519"] = "⟪T private-key openssh openssh⟫\n"
FILES["keys/build-agent.ppk"] = "⟪T private-key putty-v3 putty⟫\n"
FILES["keys/release-signing.asc"] = "⟪T private-key pgp-armour pem:PGP PRIVATE KEY BLOCK:900⟫\n"
FILES["keys/server.crt"] = "⟪F public certificate pem:CERTIFICATE:800⟫\n"
FILES["keys/id_ed25519.pub"] = (
    "ssh-ed25519 ⟪F public ssh-public-key fmt:AAAAC3NzaC1lZDI1NTE5AAAAI{b64:43}⟫ ops@tessaly\n"
)
FILES["keys/jwt-public.pem"] = "⟪F public public-key pem:PUBLIC KEY:294⟫\n"

FILES["gcp/sa-export.json"] = """\
{
  "type": "service_account",
  "project_id": "tessaly-analytics",
  "private_key_id": "⟪F identifier key-id hex:40⟫",
  "private_key": "⟪T gcp service-account-json fmt:-----BEGIN PRIVATE KEY-----\\n{b64:64}\\n{b64:64}\\n{b64:64}\\n{b64:40}==\\n-----END PRIVATE KEY-----\\n⟫",
  "client_email": "exporter@tessaly-analytics.iam.gserviceaccount.com",
  "client_id": "⟪F identifier numeric-client-id digits:21⟫",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}
"""

FILES["gcp/maps.js"] = """\
const MAPS_API_KEY = "⟪T google api-key fmt:AIza{b64url:35}⟫";
const OAUTH_CLIENT_SECRET = "⟪T google oauth-client-secret fmt:GOCSPX-{b64url:28}⟫";
export { MAPS_API_KEY, OAUTH_CLIENT_SECRET };
"""

FILES["integrations/webhooks.yaml"] = """\
notifications:
  teams: https://tessaly.webhook.office.com/webhookb2/⟪T teams teams-webhook fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}@{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}/IncomingWebhook/{hex:32}/{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫
  discord: https://discord.com/api/webhooks/⟪T discord discord-webhook fmt:{digits:18}/{b64url:68}⟫
  pagerduty_routing_key: ⟪T generic-secret pagerduty-routing hex:32⟫
  statuspage_page_id: ⟪F identifier page-id lower:12⟫
"""

FILES["integrations/postman/collection.json"] = """\
{
  "info": { "name": "Partner API", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
  "auth": {
    "type": "apikey",
    "apikey": [
      { "key": "key", "value": "X-API-Key", "type": "string" },
      { "key": "value", "value": "⟪T generic-secret postman-apikey-value alnum:40⟫", "type": "string" }
    ]
  },
  "variable": [
    { "key": "baseUrl", "value": "https://api.partner.example.net" },
    { "key": "postmanApiKey", "value": "⟪T postman pmak fmt:PMAK-{hex:24}-{hex:34}⟫" }
  ]
}
"""

FILES["integrations/atlassian.env"] = """\
JIRA_BASE_URL=https://tessaly.atlassian.net
JIRA_USER=automation@tessaly.io
JIRA_API_TOKEN=⟪T atlassian env-api-token fmt:ATATT3xFfGF0{b64url:174}={HEX:8}⟫
BITBUCKET_APP_PASSWORD=⟪T bitbucket app-password fmt:ATBB{alnum:32}{HEX:8}⟫
CONFLUENCE_SPACE_KEY=OPS
"""

FILES["integrations/slack_app.py"] = """\
from slack_bolt import App

app = App(
    token="⟪T slack xoxb-py fmt:xoxb-{digits:13}-{digits:13}-{alnum:24}⟫",
    signing_secret="⟪T slack signing-secret hex:32⟫",
)
SOCKET_TOKEN = "⟪T slack xapp fmt:xapp-1-A{upper:10}-{digits:13}-{hex:64}⟫"
ROTATING_REFRESH = "⟪T slack xoxe-refresh fmt:xoxe-1-{b64url:140}⟫"
CHANNEL_ID = "⟪F identifier slack-channel fmt:C{upper:10}⟫"
"""

FILES["integrations/services.json"] = """\
{
  "sendgrid": { "apiKey": "⟪T sendgrid json-camel fmt:SG.{b64url:22}.{b64url:43}⟫" },
  "twilio": {
    "accountSid": "⟪F twilio account-sid-json fmt:AC{hex:32}⟫",
    "apiKeySid": "⟪F twilio api-key-sid fmt:SK{hex:32}⟫",
    "apiKeySecret": "⟪T twilio api-key-secret alnum:32⟫"
  },
  "shopify": { "adminToken": "⟪T shopify shpat fmt:shpat_{hex:32}⟫" },
  "databricks": { "host": "https://adb-1234567890123456.7.azuredatabricks.net", "token": "⟪T databricks dapi fmt:dapi{hex:32}⟫" },
  "openai": { "organization": "org-⟪F identifier openai-org alnum:24⟫" },
  "huggingface": { "orgToken": "⟪T huggingface api-org fmt:api_org_{letters:34}⟫" }
}
"""

FILES["docs/setup.md"] = """\
# Local setup

1. Copy `.env.example` to `.env` and fill in your own values.
2. Set `DATABASE_URL=postgres://app:⟪F password docs-placeholder lit:YOUR_PASSWORD⟫@localhost:5432/app`.
3. Create a token at https://github.com/settings/tokens and export it:

   ```bash
   export GITHUB_TOKEN=⟪F github docs-placeholder lit:ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫
   ```

4. For Azure Storage use Azurite's well-known account key:
   `AccountKey=⟪F azure-storage emulator-key lit:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==⟫`
5. Never commit real secrets; the pre-commit hook runs a scanner.

The API expects `Authorization: Bearer <token>`; tokens expire after one hour.
Request ids look like `⟪F guid request-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫`.
"""

FILES["docs/runbook-rotation.md"] = """\
# Rotating the storage key

The old primary key of `stpayments` was leaked in an incident; it was rotated on 2026-10-14.
For reference, its fingerprint is `sha256:⟪F hash fingerprint-note hex:64⟫`.

```powershell
az storage account keys renew -g rg-payments -n stpayments --key primary
```

Emergency break-glass login (ops only): user `breakglass`, password `⟪T password markdown-inline-code human⟫`.
"""

FILES["logs/api-2026-11-28.log"] = """\
2026-11-28T09:12:01Z INFO  request_id=⟪F guid log-request-id fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫ GET /health 200 3ms
2026-11-28T09:12:04Z DEBUG outgoing call headers={'Authorization': 'Bearer ⟪T jwt log-bearer-jwt jwt⟫'}
2026-11-28T09:12:05Z INFO  commit=⟪F hash log-commit hex:40⟫ build=4512
2026-11-28T09:12:09Z WARN  login failed for user=alice reason=bad_password attempts=3
2026-11-28T09:13:44Z DEBUG connecting to mongodb://reporter:⟪T db-url log-mongo-url alnum:18⟫@mongo-a.internal:27017/reports
"""

FILES["http/partner.http"] = """\
### List orders
GET https://api.partner.example.net/v2/orders
X-Api-Key: ⟪T generic-secret http-file-header alnum:32⟫
Accept: application/json

### Token
POST https://login.partner.example.net/oauth/token
Content-Type: application/x-www-form-urlencoded

grant_type=client_credentials&client_id=tessaly&client_secret=⟪T generic-secret form-body-client-secret alnum:40⟫
"""

FILES["data/users-seed.csv"] = """\
id,email,role,password_hash
1,alice@tessaly.io,admin,⟪F hash bcrypt fmt:$2b$12${b64:53}⟫
2,bob@tessaly.io,viewer,⟪F hash argon2 fmt:$argon2id$v=19$m=65536,t=3,p=4${b64:22}${b64:43}⟫
"""

FILES["frontend/dist/app.min.js"] = (
    '!function(){"use strict";var e={api:"https://api.tessaly.io",v:"2.3.1"};'
    'var t="⟪F guid minified-guid fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫";'
    'var n={storageSas:"https://sttessalyassets.blob.core.windows.net/img?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01T00:00:00Z&spr=https&sig=⟪T azure-sas minified-sas fmt:{b64:43}%3D⟫"};'
    'function r(o){return fetch(e.api+o,{headers:{"x-api-key":"⟪T generic-secret minified-header alnum:40⟫"}})}'
    "window.tessaly={get:r,cfg:e,id:t,n:n}}();\n"
)

FILES["frontend/package-lock.json"] = """\
{
  "name": "frontend",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/left-pad": {
      "version": "1.3.0",
      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",
      "integrity": "sha512-⟪F hash lockfile-integrity fmt:{b64:86}==⟫"
    }
  }
}
"""

FILES["scripts/azure_keys.sh"] = """\
#!/bin/sh
# Event Hubs producer for the telemetry pipeline
export EVENTHUB_CONNECTION="Endpoint=sb://eh-telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=⟪T azure-servicebus eventhub-connstr bytes:32⟫;EntityPath=telemetry"
export COSMOS_CONNECTION="AccountEndpoint=https://cosmos-telemetry.documents.azure.com:443/;AccountKey=⟪T azure-cosmos cosmos-connstr bytes:64⟫;"
export SAS_URL="https://sttelemetry.blob.core.windows.net/raw?sp=racwdl&st=2026-11-01T00:00:00Z&se=2027-11-01T00:00:00Z&spr=https&sv=2022-11-02&sr=c&sig=⟪T azure-sas container-sas fmt:{b64:43}%3D⟫"
export AZURE_CLIENT_ID=⟪F guid env-client-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫
export TOKEN_URL=https://login.microsoftonline.com/tessaly.onmicrosoft.com/oauth2/v2.0/token
"""

FILES["scripts/ado.sh"] = """\
#!/bin/bash
AZURE_DEVOPS_PAT=⟪T ado-pat shell-cask cask⟫
git clone https://build:${AZURE_DEVOPS_PAT}@dev.azure.com/tessaly/platform/_git/platform
git clone https://build:⟪T ado-pat url-userinfo adopat⟫@dev.azure.com/tessaly/ops/_git/ops
"""

_NOTEBOOK_CELLS = [
    ("markdown", "# Reconcile ledger exports\nLoads yesterday's exports and compares totals."),
    (
        "code",
        "import pandas as pd\n"
        "from azure.storage.blob import BlobServiceClient\n\n"
        'conn = "DefaultEndpointsProtocol=https;AccountName=stledger;AccountKey=⟪T azure-storage notebook-connstr bytes:64⟫;EndpointSuffix=core.windows.net"\n'
        "client = BlobServiceClient.from_connection_string(conn)\n",
    ),
    (
        "code",
        'api_key = "⟪T generic-secret notebook-api-key alnum:32⟫"\n'
        "df = pd.read_csv('exports.csv')\n"
        "df['checksum'] = '⟪F hash notebook-checksum hex:40⟫'\n",
    ),
]


def _notebook(cells: list[tuple[str, str]]) -> str:
    doc = {
        "cells": [
            {
                "cell_type": kind,
                "metadata": {},
                "source": source.splitlines(keepends=True),
                **({"execution_count": None, "outputs": []} if kind == "code" else {}),
            }
            for kind, source in cells
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


FILES["ledger/notebooks/reconcile.ipynb"] = _notebook(_NOTEBOOK_CELLS)

ARCHIVES["release/orders-1.4.2.zip"] = {
    "orders/.env": (
        "APP_ENV=production\n"
        "ORDERS_DB_PASSWORD=⟪T password zip-env pw:20⟫\n"
        "ORDERS_API_BASE=https://api.tessaly.io\n"
    ),
    "orders/config/settings.toml": (
        "[server]\nport = 8080\n\n[payments]\n"
        'api_key = "⟪T stripe zip-toml-restricted fmt:rk_live_{alnum:24}⟫"\n'
        'currency = "EUR"\n'
    ),
    "orders/README.txt": "Orders service 1.4.2\nSee docs for configuration.\n",
}

FILES["lookalikes/settings_reference.py"] = """\
# Settings reference: every value here is read from the environment or is not a secret.
import os

DB_PASSWORD = os.environ["DB_PASSWORD"]
API_TOKEN = os.getenv("API_TOKEN", "")
SECRET_KEY = os.environ.get("SECRET_KEY") or None
PASSWORD_MIN_LENGTH = 12
TOKEN_EXPIRY_SECONDS = 900
SESSION_KEY_PREFIX = "sess:"
PASSWORD_HASHER = "argon2"
AUTH_HEADER_NAME = "Authorization"
CACHE_KEY = "⟪F hash cache-key-hex hex:32⟫"
ETAG_SHA1 = "⟪F hash etag-sha1 hex:40⟫"
TRACE_ID = "⟪F identifier trace-id hex:32⟫"
CORRELATION_ID = "⟪F guid correlation-id fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫"
PUBLIC_KEY_B64 = "⟪F public public-key-b64 bytes:32⟫"
SECRET_NAME = "orders-db-password"
TOKEN_ENDPOINT = "https://login.microsoftonline.com/common/oauth2/v2.0/token"
"""

FILES["lookalikes/fixtures.ts"] = """\
// Test fixtures: none of these are credentials.
export const fixtures = {
  password: "⟪F password fixture-marked lit:example-password-not-real⟫",
  apiKey: "⟪F generic-secret fixture-marked lit:YOUR_API_KEY_HERE⟫",
  token: "⟪F generic-secret fixture-marked lit:<token>⟫",
  stripeKey: "⟪F stripe fixture-test-mode-doc lit:sk_test_4eC39HqLyjWDarjtT1zdp7dc⟫",
  githubToken: "⟪F github fixture-masked lit:ghp_************************************⟫",
  secret: "⟪F generic-secret fixture-redacted lit:[REDACTED]⟫",
  awsSecret: process.env.AWS_SECRET_ACCESS_KEY,
  jwt: "⟪F jwt jwt-io-sample lit:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c⟫",
};
"""

FILES["lookalikes/values.yaml"] = """\
database:
  host: pg.internal
  password: ${DB_PASSWORD}
  passwordSecretRef:
    name: db
    key: password
auth:
  clientSecret: "{{ .Values.global.clientSecret }}"
  tokenUrl: https://auth.tessaly.io/token
  existingSecret: auth-client
storage:
  accountKey: $(STORAGE_KEY)
  sasToken: "#{StorageSas}#"
image:
  digest: sha256:⟪F hash values-digest hex:64⟫
checksum/config: ⟪F hash helm-checksum-annotation hex:64⟫
"""

FILES["lookalikes/app.config.xml"] = """\
<configuration>
  <appSettings>
    <add key="ClientSecret" value="__ClientSecret__" />
    <add key="Password" value="%DB_PASSWORD%" />
    <add key="ApiKey" value="$(ApiKey)" />
    <add key="ThumbprintOfSigningCert" value="⟪F hash thumbprint HEX:40⟫" />
    <add key="TenantId" value="⟪F guid xml-tenant fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫" />
  </appSettings>
</configuration>
"""

FILES["lookalikes/i18n/en.json"] = """\
{
  "login.password": "Password",
  "login.password.hint": "At least 12 characters, including a number",
  "settings.token.title": "Personal access tokens",
  "settings.apiKey.regenerate": "Regenerate API key",
  "errors.secret.missing": "The secret could not be found in the vault"
}
"""

FILES["lookalikes/Cargo.lock"] = """\
[[package]]
name = "serde"
version = "1.0.210"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "⟪F hash cargo-checksum hex:64⟫"
"""

FILES["lookalikes/go.sum"] = """\
github.com/google/uuid v1.6.0 h1:⟪F hash go-sum fmt:{b64:43}=⟫
github.com/google/uuid v1.6.0/go.mod h1:⟪F hash go-sum-mod fmt:{b64:43}=⟫
"""

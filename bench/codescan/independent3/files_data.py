"""Documents, data, logs, editor and tool settings, keys and archives (see gen.py for slots)."""

FILES: dict[str, str] = {}
ARCHIVES: dict[str, dict[str, str]] = {}

FILES["docs/onboarding.adoc"] = """\
= Onboarding for claims engineers

== Local stack

Run `make up`; the local database accepts `claims` / `⟪F placeholder adoc-local-password lit:claims⟫`.
For the shared staging broker use the account `stage-relay` with passphrase
`⟪T password asciidoc-inline-code pw:18⟫` until the vault migration lands.

The staging API gateway key is kept in the vault as `qm-staging-gw`; never paste it here.
Tenant: `⟪F id adoc-tenant-id fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫`.
"""

FILES["docs/api/partner-guide.rst"] = """\
Partner API
===========

Authenticate every call with your partner key::

    curl -H "X-QM-Partner-Key: <your partner key>" https://api.quillmark.example/v2/quotes

Example response::

    {"quote_id": "⟪F id rst-quote-id fmt:q_{lower:16}⟫", "premium": 120.50}

.. note:: The sandbox accepts the key ``⟪F example rst-sandbox-key lit:sandbox-key-000000⟫``.
"""

FILES["docs/incident-0412.txt"] = """\
Timeline (UTC)
09:14 deploy of claims-api 2.4.0
09:20 errors from the rating service; request id ⟪F id incident-request-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫
09:31 on-call pasted the failing request:
  POST /v1/rate HTTP/1.1
  Host: rating.internal
  X-Rating-Token: ⟪T generic-secret incident-pasted-header alnum:40⟫
09:55 token rotated, traffic back to normal
"""

FILES["logs/claims-api.log"] = """\
2026-10-02T08:11:54Z INFO  startup complete in 4.2s
2026-10-02T08:12:03Z DEBUG outbound GET https://partner.example/api/v1/policies?access_token=⟪T generic-secret log-query-access-token alnum:40⟫&page=2
2026-10-02T08:12:03Z INFO  trace_id=⟪F id log-trace-id hex:32⟫ span_id=⟪F id log-span-id hex:16⟫ status=200
2026-10-02T08:12:04Z WARN  retrying with credentials user=claims password=****** attempt=2
2026-10-02T08:12:05Z ERROR connect failed: mongodb://claims:⟪T db-connection log-mongo-uri alnum:20⟫@mongo-0.internal:27017/claims?authSource=admin
2026-10-02T08:12:06Z INFO  cache key=⟪F hash log-cache-key hex:40⟫ hit=true
"""

FILES["data/exports/integrations.tsv"] = """\
partner\tendpoint\twebhook_secret\tcreated
northwind\thttps://hooks.northwind.example/qm\t⟪T generic-secret tsv-webhook-secret-column alnum:32⟫\t2026-03-02
blue-yonder\thttps://blue.example/in\t⟪T generic-secret tsv-webhook-secret-column-2 alnum:32⟫\t2026-05-19
tailspin\thttps://tailspin.example/hook\t\t2026-08-01
"""

FILES["data/exports/devices.csv"] = """\
device_id,model,firmware_sha256,last_seen
⟪F id csv-device-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫,QT-200,⟪F hash csv-firmware-sha hex:64⟫,2026-10-01
⟪F id csv-device-id-2 fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫,QT-210,⟪F hash csv-firmware-sha-2 hex:64⟫,2026-10-02
"""

FILES["db/seed/020_service_accounts.sql"] = """\
-- Service accounts for the reporting replica.
CREATE LOGIN reporting_reader WITH PASSWORD = '⟪T password tsql-create-login pw:18⟫', CHECK_POLICY = ON;
CREATE USER reporting_reader FOR LOGIN reporting_reader;
INSERT INTO app_settings (setting, value) VALUES ('smtp_relay', 'relay.quillmark.example');
INSERT INTO app_settings (setting, value) VALUES ('build_sha', '⟪F hash sql-build-sha hex:40⟫');
UPDATE integrations SET api_secret = '⟪T generic-secret sql-update-set alnum:32⟫' WHERE partner = 'northwind';
"""

FILES["db/migrations/V7__oauth_clients.sql"] = """\
CREATE TABLE oauth_clients (
  client_id     VARCHAR(64) PRIMARY KEY,
  secret_hash   VARCHAR(128) NOT NULL,
  redirect_uri  TEXT
);
INSERT INTO oauth_clients (client_id, secret_hash, redirect_uri) VALUES
  ('claims-portal', '⟪F hash sql-bcrypt-secret-hash fmt:$2b$12${b64:53}⟫', 'https://claims.quillmark.example/cb');
"""

FILES[".vscode/settings.json"] = """\
{
  "editor.formatOnSave": true,
  "sqltools.connections": [
    {
      "name": "claims (local)",
      "driver": "PostgreSQL",
      "server": "localhost",
      "username": "claims",
      "password": "⟪T password vscode-sqltools pw:16⟫",
      "database": "claims"
    }
  ],
  "rest-client.environmentVariables": {
    "staging": { "token": "{{$dotenv STAGING_TOKEN}}" }
  }
}
"""

FILES[".idea/dataSources.local.xml"] = """\
<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="dataSourceStorageLocal">
    <data-source name="ledger@prod" uuid="⟪F id idea-datasource-uuid fmt:{hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫">
      <database-info product="PostgreSQL" version="16.2" />
      <secret-storage>master_key</secret-storage>
      <user-name>ledger_ro</user-name>
    </data-source>
  </component>
</project>
"""

FILES["tools/insomnia/workspace.yaml"] = """\
_type: export
resources:
  - _id: env_base
    _type: environment
    name: Base
    data:
      base_url: https://api.quillmark.example
      partner_key: ⟪T generic-secret insomnia-env hex:48⟫
      request_timeout: 30
"""

FILES["tools/bruno/environments/staging.bru"] = """\
vars {
  baseUrl: https://staging.quillmark.example
  tenant: quillmark
}
vars:secret [
  apiToken
]
"""

FILES["home/.config/gh/hosts.yml"] = """\
github.com:
    user: qm-release-bot
    oauth_token: ⟪T github gh-cli-hosts gh:gho_⟫
    git_protocol: https
"""

FILES["home/.docker/config.json"] = """\
{
  "auths": {
    "qmregistry.azurecr.io": {
      "auth": "⟪T password docker-config-auth b64of:qmregistry:{alnum:32}⟫"
    },
    "ghcr.io": {}
  },
  "credsStore": "desktop"
}
"""

FILES["home/.terraformrc"] = """\
credentials "app.terraform.io" {
  token = "⟪T saas terraformrc-token fmt:{alnum:14}.atlasv1.{alnum:67}⟫"
}
plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"
"""

FILES["home/.config/hub"] = """\
github.com:
- user: qm-release-bot
  oauth_token: ⟪T github hub-config gh:ghp_⟫
  protocol: https
"""

FILES["home/.s3cfg"] = """\
[default]
access_key = ⟪T aws s3cfg-access-key fmt:AKIA{upper:16}⟫
secret_key = ⟪T aws s3cfg-secret-key b64:40⟫
host_base = s3.eu-west-1.amazonaws.com
use_https = True
"""

FILES["home/.config/rclone/rclone.conf"] = """\
[azblob]
type = azureblob
account = qmarchive
key = ⟪T azure rclone-azureblob-key bytes:64⟫

[sftp-partner]
type = sftp
host = sftp.partner.example
user = quillmark
pass = ⟪F encrypted rclone-obscured-pass b64url:40⟫
"""

FILES["keys/deploy_ed25519"] = """\
⟪T private-key openssh-key-file openssh⟫
"""

FILES["keys/partner-signing.asc"] = """\
⟪F public pgp-public-key-block pem:PGP PUBLIC KEY BLOCK:400⟫
"""

FILES["keys/legacy-sftp.key"] = """\
⟪T private-key dsa-pem pem:DSA PRIVATE KEY:440⟫
"""

FILES["certs/gateway-chain.pem"] = """\
⟪F public certificate-chain pem:CERTIFICATE:900⟫
"""

FILES["notebooks/reserving.ipynb"] = "NOTEBOOK"  # replaced by gen.py (cells below)
NOTEBOOK_CELLS = [
    ("markdown", "# Reserving triangles\nPulls the paid-loss triangles from the warehouse.\n"),
    (
        "code",
        "import pyodbc\n"
        'cnxn = pyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=qm-dw.database.windows.net;'
        'DATABASE=warehouse;UID=actuary;PWD=⟪T password notebook-odbc-pwd alnum:20⟫")\n',
    ),
    ("code", "triangle_hash = '⟪F hash notebook-triangle-hash hex:40⟫'\n"),
    (
        "code",
        "from azure.storage.blob import BlobServiceClient\n"
        'svc = BlobServiceClient(account_url="https://qmactuarial.blob.core.windows.net", '
        'credential="⟪T azure notebook-blob-credential-key bytes:64⟫")\n',
    ),
]

FILES["web/static/js/vendor.min.js"] = """\
!function(e){"use strict";var t={env:"production",release:"⟪F hash minified-release-sha hex:40⟫"};function n(e){return fetch(e,{headers:{"X-Algolia-Application-Id":"QMAPP01","X-Algolia-API-Key":"⟪T generic-secret minified-algolia-admin-key hex:32⟫"}})}e.qm={cfg:t,get:n,mapsKey:"⟪T saas minified-google-maps-key fmt:AIza{b64url:35}⟫"}}(window);
"""

FILES["web/src/lib/supabase.ts"] = """\
import { createClient } from "@supabase/supabase-js";

const url = "https://qmclaims.supabase.co";
const anonKey = import.meta.env.VITE_SUPABASE_ANON_KEY;
export const adminClient = createClient(url, "⟪T jwt supabase-service-role-jwt jwt⟫");
export const client = createClient(url, anonKey);
"""

FILES["services/notify/src/telegram.go"] = """\
package notify

const (
	telegramAPI   = "https://api.telegram.org"
	telegramToken = "⟪T saas go-telegram-bot-token fmt:{digits:10}:AA{b64url:33}⟫"
	chatID        = -1001234567890
)

var discordWebhook = "⟪T saas go-discord-webhook fmt:https://discord.com/api/webhooks/{digits:18}/{b64url:68}⟫"
"""

FILES["services/notify/src/config.rs"] = """\
pub struct Config {
    pub linear_key: &'static str,
    pub notion_token: &'static str,
    pub team: &'static str,
}

pub const CONFIG: Config = Config {
    linear_key: "⟪T saas rust-struct-linear-key fmt:lin_api_{alnum:40}⟫",
    notion_token: "⟪T saas rust-struct-notion-token fmt:ntn_{digits:11}{alnum:35}⟫",
    team: "claims-platform",
};
"""

FILES["services/notify/src/vault.py"] = """\
import hvac

client = hvac.Client(url="https://vault.quillmark.example:8200", token="⟪T saas python-vault-service-token fmt:hvs.{b64url:90}⟫")
role_id = "⟪F id vault-role-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫"
secret = client.secrets.kv.v2.read_secret_version(path="claims/notify")["data"]["data"]
"""

FILES["services/notify/src/newrelic.js"] = """\
'use strict'
exports.config = {
  app_name: ['claims-notify'],
  license_key: '⟪T generic-secret newrelic-license-key fmt:{hex:36}NRAL⟫',
  logging: { level: 'info' },
  distributed_tracing: { enabled: true },
}
"""

FILES["services/notify/src/grafana_cloud.py"] = """\
GRAFANA_URL = "https://quillmark.grafana.net"
GRAFANA_SA_TOKEN = "⟪T saas python-grafana-service-account fmt:glsa_{alnum:32}_{hex:8}⟫"
DASHBOARD_UID = "⟪F id grafana-dashboard-uid lower:9⟫"
"""

FILES["services/notify/src/doppler.sh"] = """\
#!/usr/bin/env bash
set -euo pipefail
export DOPPLER_TOKEN="⟪T saas shell-doppler-service-token fmt:dp.st.prd.{alnum:40}⟫"
doppler run -- ./notify
"""

FILES["services/notify/tests/test_templates.py"] = """\
from notify.templates import render


def test_masks_secrets():
    out = render("reset", {"token": "⟪F placeholder python-test-token lit:tok_test_abc⟫"})
    assert "tok_" not in out


PASSWORD_FOR_TESTS = "⟪F placeholder python-test-password lit:password123⟫"
EXAMPLE_KEY = "⟪F example python-documented-example-key lit:AKIAIOSFODNN7EXAMPLE⟫"
"""

FILES["docs/samples/local-storage.md"] = """\
# Local storage

Start Azurite and use its well-known development key:

```
AccountName=devstoreaccount1
AccountKey=⟪F example azurite-account-key lit:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==⟫
```

Never commit the production connection string; it lives in Key Vault as `claims-storage`.
"""

FILES["config/feature-flags.yaml"] = """\
flags:
  new-rating-engine:
    key: ⟪F id flag-key lit:new-rating-engine-2026⟫
    rollout: 25
  cache:
    key_prefix: qm:claims:v3
    ttl_seconds: 600
  tokenizer:
    model: wordpiece
    vocab_sha: ⟪F hash tokenizer-vocab-sha hex:64⟫
"""

FILES["config/app.toml"] = """\
[server]
bind = "0.0.0.0:8080"

[auth]
issuer = "https://login.microsoftonline.com/⟪F id toml-tenant-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫/v2.0"
audience = "api://claims"
session_secret = "⟪T generic-secret toml-session-secret b64:44⟫"
password_min_length = 12
token_ttl = "15m"

[storage]
connection_string = "DefaultEndpointsProtocol=https;AccountName=qmclaims;AccountKey=⟪T azure toml-storage-connection-string bytes:64⟫;EndpointSuffix=core.windows.net"
"""

ARCHIVES["dist/claims-worker-2.4.1.tar.gz"] = {
    "claims-worker-2.4.1/conf/worker.yaml": """\
queue:
  url: amqps://claims-worker@mq.internal:5671/claims
  password: ⟪T password targz-member-yaml pw:19⟫
retry_seconds: 30
""",
    "claims-worker-2.4.1/README": """\
Unpack, set WORKER_TOKEN and run bin/worker.
Checksum of bin/worker: ⟪F hash targz-readme-checksum hex:64⟫
""",
}

"""Documents, scripts, data and artefacts of Halcyon Ferries: READMEs, wiki pages and tickets,
runbooks, logs, shell and PowerShell scripts, SQL, HTTP collections, key files, lock files, a
registry export, notebooks and release archives."""

from __future__ import annotations

FILES: dict[str, str] = {}

FILES["README.md"] = r"""# Halcyon Ferries platform

Monorepo of the booking site, the agents' portal and the services behind sailings, berths,
crew rosters and vessel telemetry.

## Getting started

```bash
cp services/harbourops/.env.example services/harbourops/.env
docker compose -f services/harbourops/docker-compose.yml up -d
```

Credentials come from Key Vault (`kv-hf-*-prod`); for local work ask in #platform for a
developer service principal. Never paste a production key into a ticket.

The storage emulator's well-known key (`⟪F vendor-sample azurite-key-in-readme lit:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==⟫`) is
fine to use against Azurite.

| service | owner | build |
| --- | --- | --- |
| booking web | web team | ![build](https://dev.azure.com/halcyon-ferries/booking/_apis/build/status/web) |
| farecalc | pricing | pinned at `⟪F hash readme-commit-pin hex:40⟫` |
"""

FILES["docs/wiki/onboarding/databases.md"] = r"""# Databases: how to connect

Use your Entra account (`az login`, then `psql` with an access token). The shared logins below
are **break-glass only**.

## Reporting replica

```
psql "postgresql://crew_reader:⟪T db-url wiki-fenced-postgres-url alnum:20⟫@pg-hf-reporting.internal:5432/crew_reporting?sslmode=require"
```

## Blog MySQL

- host: `mysql-hf-blog.mysql.database.azure.com`
- user: `blog_admin`
- password: `⟪T password wiki-bullet-inline-code pw:20⟫`

## Access tokens

```
az account get-access-token --resource-type oss-rdbms --query accessToken -o tsv
```

A token looks like `⟪F placeholder wiki-token-shape lit:eyJ0eXAiOiJKV1Qi...⟫` and lasts an hour.
"""

FILES["docs/wiki/runbooks/berth-sensor-outage.md"] = r"""# Runbook: berth sensors offline

1. Check the IoT hub: `az iot hub device-identity show -n iot-hf-fleet -d berth-douglas-3`.
2. If the device key was rotated, re-provision with the connection string from the vault:

       HostName=iot-hf-fleet.azure-devices.net;DeviceId=berth-douglas-3;SharedAccessKey=<from kv-hf-fleet>

3. During the 2026-10-04 outage we used this one for berth 4 (rotated afterwards, kept for the
   record of what was done):

       HostName=iot-hf-fleet.azure-devices.net;DeviceId=berth-douglas-4;SharedAccessKey=⟪T azure-messaging runbook-iot-device-conn bytes:32⟫

4. Device twin ETag seen after the fix: `⟪F hash runbook-etag b64:12⟫`.
"""

FILES["docs/wiki/vendors/turnstile-integration.md"] = r"""# Turnstile vendor (Gatewise) integration

Their sandbox API uses a bearer token per operator. Sandbox token issued to us on 2026-08-12:

> Authorization: Bearer ⟪T bearer wiki-blockquote-bearer alnum:48⟫

Production tokens are in `kv-hf-boarding/turnstile-vendor-token`.

Their docs use `Authorization: Bearer YOUR_TOKEN_HERE` in every example, and the sample
webhook signature `⟪F vendor-sample vendor-doc-sample-signature lit:t=1492774577,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd⟫`.
"""

FILES[
    "docs/adr/0007-secrets-in-key-vault.md"
] = r"""# ADR 0007: secrets live in Key Vault, apps read them with managed identity

Status: accepted (2026-03-02)

## Context

An audit found storage keys in `appsettings.Development.json` and a Twilio token in Go code.

## Decision

- Every secret is a Key Vault secret; app settings use references such as
  `@Microsoft.KeyVault(SecretUri=https://kv-hf-fares-prod.vault.azure.net/secrets/tickets-storage/)`.
- Storage access uses Entra ID (`DefaultAzureCredential`); shared keys are disabled
  (`allowSharedKeyAccess: false`).
- CI reads secrets from variable groups linked to the vault; never `variables:` literals.

## Consequences

Rotation becomes a vault operation. Key Vault secret ids such as
`https://kv-hf-fares-prod.vault.azure.net/secrets/search-admin-key/⟪F id adr-secret-version hex:32⟫`
are not secret and can be logged.
"""

FILES["docs/tickets/OPS-2231.md"] = r"""# OPS-2231: nightly export fails with 403 from storage

**Reporter:** data team  **Priority:** P2

The export job started failing at 02:17 on 2026-11-18. Output:

```
AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.
RequestId:⟪F guid ticket-request-id x:guid⟫
Time:2026-11-18T02:17:44.9120021Z
```

The SAS we used expired, so as a stop-gap I generated a new one and put it on the job:

https://sthfdatalake.blob.core.windows.net/footfall?⟪T azure-sas ticket-pasted-sas-url x:sas⟫

**Comment (platform):** please don't paste SAS URLs here; the account key it was signed with
is being rotated. The new token is in the variable group.
"""

FILES["docs/tickets/SEC-118.md"] = r"""# SEC-118: leaked OpenAI key in booking-web history

Found by push protection on a fork. The key was `sk-proj-…` (redacted, last four `x9Qa`);
revoked at 14:02. Fingerprint of the revoked key for the record:
`⟪F hash ticket-key-fingerprint hex:64⟫`.

Similar incident last year: a Hugging Face token `hf_************************************`
in a notebook output.
"""

FILES["docs/api/booking-openapi.yaml"] = r"""openapi: 3.0.3
info:
  title: Booking API
  version: 4.12.0
servers:
  - url: https://api.halcyon-ferries.net/booking/v4
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      bearerFormat: JWT
  schemas:
    Token:
      type: object
      properties:
        access_token:
          type: string
          example: ⟪F vendor-sample openapi-example-jwt lit:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c⟫
        token_type:
          type: string
          example: Bearer
    Booking:
      type: object
      properties:
        reference:
          type: string
          example: HF-⟪F id booking-reference upper:6⟫
        payment_intent:
          type: string
          example: ⟪F id stripe-payment-intent fmt:pi_3{alnum:23}⟫
"""

FILES["docs/api/booking.http"] = r"""@base = https://api.halcyon-ferries.net/booking/v4

### Token (client credentials, staging)
POST https://login.microsoftonline.com/⟪F guid http-file-tenant x:guid⟫/oauth2/v2.0/token
Content-Type: application/x-www-form-urlencoded

grant_type=client_credentials&client_id=⟪F guid http-file-client-id x:guid⟫&client_secret=⟪T entra-client-secret http-file-form-body entra⟫&scope=api://booking/.default

### Search sailings
GET {{base}}/sailings?from=DGL&to=HEY&date=2026-12-20
Authorization: Bearer ⟪T jwt http-file-bearer-jwt jwt⟫

### Search sailings with a variable
GET {{base}}/sailings?from=DGL&to=LIV
Authorization: Bearer {{token}}
"""

FILES["docs/postman/agents-api.postman_collection.json"] = r"""{
  "info": {
    "_postman_id": "⟪F guid postman-collection-id x:guid⟫",
    "name": "Agents API",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "auth": {
    "type": "basic",
    "basic": [
      { "key": "password", "value": "⟪T password postman-basic-auth-value human⟫", "type": "string" },
      { "key": "username", "value": "portal", "type": "string" }
    ]
  },
  "item": [
    {
      "name": "Commission statement",
      "request": {
        "method": "GET",
        "header": [
          { "key": "x-api-key", "value": "⟪T api-key postman-header-value alnum:40⟫" },
          { "key": "x-trace-id", "value": "⟪F id postman-trace-id hex:32⟫" }
        ],
        "url": "https://agents.halcyon-ferries.net/api/statements/2026-11"
      }
    }
  ],
  "variable": [
    { "key": "postmanApiKey", "value": "⟪T postman postman-collection-variable fmt:PMAK-{hex:24}-{hex:34}⟫" }
  ]
}
"""

FILES[
    "logs/farecalc-2026-11-30.log"
] = r"""2026-11-30T06:00:01.114Z INFO  Farecalc.Api starting, version 4.12.0+⟪F hash log-build-metadata hex:40⟫
2026-11-30T06:00:01.502Z INFO  Key Vault provider loaded 14 secrets from https://kv-hf-fares-prod.vault.azure.net/
2026-11-30T06:00:02.008Z DEBUG Cache connection: redis-hf-fares.redis.cache.windows.net:6380,password=⟪F masked log-masked-password lit:*****⟫,ssl=True
2026-11-30T06:12:44.871Z WARN  Loyalty SOAP fault; request dump follows
2026-11-30T06:12:44.872Z WARN  POST /soap HTTP/1.1 Host: loyalty-legacy.halcyon-ferries.net Authorization: Basic ⟪T basic-auth log-request-dump-basic x:basic⟫
2026-11-30T06:12:44.873Z WARN  traceparent=00-⟪F id log-trace-id hex:32⟫-⟪F id log-span-id hex:16⟫-01
2026-11-30T07:40:10.330Z INFO  GET /api/fares?route=DGL-HEY 200 41ms client=⟪F guid log-client-id x:guid⟫
2026-11-30T08:02:19.004Z ERROR Tickets upload failed: Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature. RequestId:⟪F guid log-request-id x:guid⟫
2026-11-30T08:02:19.005Z ERROR   at AccountKey=⟪F masked log-masked-account-key lit:[REDACTED]⟫
2026-11-30T09:15:33.771Z INFO  Stripe webhook evt_⟪F id stripe-event-id alnum:24⟫ processed in 88ms
"""

FILES[
    "logs/boarding-gate-crash.txt"
] = r"""Exception in thread "main" com.azure.core.exception.ClientAuthenticationException: Unauthorized
	at com.azure.messaging.eventhubs.implementation.ManagementChannel.lambda$getProperties$3(ManagementChannel.java:118)
Caused by: connection string in use was
	Endpoint=sb://evh-hf-boarding.servicebus.windows.net/;SharedAccessKeyName=gate-send;SharedAccessKey=⟪T azure-messaging crash-dump-event-hubs bytes:32⟫;EntityPath=pass-scans
Heap dump written to /tmp/java_pid1.hprof (sha1 ⟪F hash crash-heap-sha1 hex:40⟫)
"""

FILES[
    "logs/ci/deploy-booking-812.log"
] = r"""2026-12-01T10:02:11.0000000Z ##[group]Run npm ci && npm run build
2026-12-01T10:02:11.0000000Z env:
2026-12-01T10:02:11.0000000Z   STRIPE_SECRET_KEY: ***
2026-12-01T10:02:11.0000000Z   SENTRY_AUTH_TOKEN: ***
2026-12-01T10:02:11.0000000Z ##[endgroup]
2026-12-01T10:03:40.0000000Z > next build
2026-12-01T10:04:55.0000000Z Sentry: uploading source maps with token sntryu_⟪F masked ci-log-masked-sentry lit:****⟫
2026-12-01T10:05:02.0000000Z Deployment id: ⟪F guid ci-log-deployment-id x:guid⟫
2026-12-01T10:05:02.0000000Z Cache key: node-cache-Linux-x64-npm-⟪F hash ci-cache-key hex:64⟫
"""

FILES["scripts/ops/rotate-storage-keys.sh"] = r"""#!/usr/bin/env bash
# Rotates key1 of every ticket storage account and pushes the new connection string to Key Vault.
set -euo pipefail

ACCOUNTS=(sthftickets sthfticketsdev)
VAULT="kv-hf-fares-prod"

for account in "${ACCOUNTS[@]}"; do
  az storage account keys renew -g rg-hf-fares -n "$account" --key key1 >/dev/null
  key=$(az storage account keys list -g rg-hf-fares -n "$account" --query '[0].value' -o tsv)
  az keyvault secret set --vault-name "$VAULT" --name "${account}-key" --value "$key" >/dev/null
done

# Previous key of sthfticketsdev, kept until every developer has pulled the new settings:
OLD_DEV_KEY="⟪T azure-storage shell-variable-quoted bytes:64⟫"
echo "rotated ${#ACCOUNTS[@]} accounts"
"""

FILES["scripts/ops/smoke-test.sh"] = r"""#!/bin/sh
# Post-deploy smoke test of the public APIs.
set -e
BASE=https://api.halcyon-ferries.net

curl -fsS "$BASE/booking/v4/health"
curl -fsS -u "smoke:⟪T password curl-u-inline human⟫" "$BASE/agents/api/health"
curl -fsS -H "x-functions-key: ⟪T azure-function-key curl-functions-key-header fmt:{b64url:54}==⟫" \
  "https://func-hf-tides.azurewebsites.net/api/next-high-water?port=DGL"
curl -fsS -H "Authorization: Bearer $SMOKE_TOKEN" "$BASE/booking/v4/sailings?from=DGL&to=HEY"
curl -fsS "https://func-hf-tides.azurewebsites.net/api/tides?code=⟪T azure-function-key curl-code-query fmt:{b64url:54}==⟫&port=HEY"
echo "ok"
"""

FILES["scripts/ops/notify-bridge.sh"] = r"""#!/usr/bin/env bash
# Posts a message to the bridge-crew Discord and the ops Slack channel.
msg="$1"
curl -s -X POST "https://discord.com/api/webhooks/⟪T webhook discord-webhook-url fmt:{digits:19}/{b64url:68}⟫" \
  -H 'Content-Type: application/json' -d "{\"content\": \"$msg\"}"
curl -s -X POST -H 'Authorization: Bot ⟪T discord discord-bot-header x:discord⟫' \
  "https://discord.com/api/v10/channels/1190412288810042/messages" -d "{\"content\": \"$msg\"}"
curl -s -X POST https://slack.com/api/chat.postMessage \
  -H "Authorization: Bearer ${SLACK_BOT_TOKEN:?}" -d channel=C07HARBOUR -d text="$msg"
"""

FILES[
    "scripts/ops/restore-blog.ps1"
] = r"""# Restores the blog database from the nightly dump to a scratch server.
param(
    [string]$Server = "mysql-hf-blog-restore.mysql.database.azure.com"
)

$adminPassword = ConvertTo-SecureString "⟪T password powershell-securestring-plaintext pw:20⟫" -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential ("blog_admin", $adminPassword)

$sas = Get-AzKeyVaultSecret -VaultName kv-hf-shared -Name blog-backup-sas -AsPlainText
Invoke-WebRequest -Uri "https://sthfbackups.blob.core.windows.net/blog/latest.sql.gz?$sas" -OutFile latest.sql.gz

$headers = @{ "api-key" = "⟪T azure-search powershell-hashtable-header fmt:{alnum:52}⟫" }
Invoke-RestMethod -Uri "https://srch-hf-routes.search.windows.net/indexes?api-version=2024-07-01" -Headers $headers

Write-Host "Restore checksum:" (Get-FileHash latest.sql.gz).Hash
"""

FILES["scripts/ops/crew-kiosk.reg"] = r"""Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\HalcyonFerries\CrewKiosk]
"KioskId"="⟪F guid reg-kiosk-id x:guid⟫"
"RosterApiUrl"="https://crewroster.halcyon-ferries.net/api"
"RosterApiKey"="⟪T api-key reg-string-value alnum:40⟫"
"AutoLogonUser"="kiosk"
"DefaultPassword"="⟪T password reg-winlogon-default-password human⟫"
"ImageHash"="⟪F hash reg-image-hash HEX:64⟫"
"""

FILES[
    "db/migrations/V42__reporting_roles.sql"
] = r"""-- Reporting roles for the crew database replica.
CREATE ROLE crew_reader WITH LOGIN PASSWORD '⟪T password sql-create-role-password pw:18⟫';
GRANT CONNECT ON DATABASE crew_reporting TO crew_reader;
GRANT USAGE ON SCHEMA roster TO crew_reader;

CREATE ROLE powerbi_gateway WITH LOGIN PASSWORD 'md5⟪F password-hash sql-md5-verifier hex:32⟫';
CREATE ROLE grafana WITH LOGIN PASSWORD '⟪F password-hash sql-scram-verifier fmt:SCRAM-SHA-256$4096:{b64:22}==${b64:43}=:{b64:43}=⟫';

ALTER ROLE crew_reader SET statement_timeout = '30s';
"""

FILES[
    "db/seeds/agents.sql"
] = r"""INSERT INTO agents (code, name, api_key_hash, api_key_prefix, created_at) VALUES
  ('TAC01', 'Travel Agents Consortium', '⟪F hash sql-api-key-hash hex:64⟫', 'hfa_3kQ', '2026-01-14'),
  ('ISL02', 'Island Breaks Ltd', '⟪F hash sql-api-key-hash hex:64⟫', 'hfa_9Pz', '2026-02-02');

INSERT INTO integration_credentials (agent_code, endpoint, username, secret) VALUES
  ('TAC01', 'https://partner.travel-agents-consortium.example/', 'halcyon', '⟪T password sql-insert-secret-column alnum:24⟫');

-- T-SQL login on the legacy booking server
-- ALTER LOGIN booking_web WITH PASSWORD = '<see vault>';
"""

FILES["db/legacy/create_logins.sql"] = r"""USE master;
GO
CREATE LOGIN booking_web WITH PASSWORD = N'⟪T password tsql-create-login human⟫', CHECK_POLICY = ON;
GO
CREATE LOGIN booking_readonly WITH PASSWORD = 0x0200⟪F password-hash tsql-hashed-password HEX:136⟫ HASHED;
GO
"""

FILES["keys/deploy/vessel_deploy_ed25519"] = r"""⟪T private-key openssh-deploy-key openssh⟫
"""

FILES[
    "keys/deploy/vessel_deploy_ed25519.pub"
] = r"""⟪F public-key openssh-public-key fmt:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{b64:43} vessel-deploy@halcyon⟫
"""

FILES["keys/tls/agents.key"] = r"""⟪T private-key pem-pkcs8 pem:PRIVATE KEY:1218⟫
"""

FILES["keys/tls/agents.crt"] = r"""⟪F certificate pem-certificate pem:CERTIFICATE:1100⟫
"""

FILES["keys/apple/AuthKey_7QX2H4LM9B.p8"] = r"""⟪T private-key apple-p8-ec pem:PRIVATE KEY:138⟫
"""

FILES["keys/jwt/booking-signing.pem"] = r"""⟪T private-key pem-pkcs1-rsa pem:RSA PRIVATE KEY:1190⟫
"""

FILES["keys/jwt/booking-signing.pub.pem"] = r"""⟪F public-key pem-public-key pem:PUBLIC KEY:294⟫
"""

FILES["keys/jwt/jwks.json"] = r"""{
  "keys": [
    {
      "kty": "RSA",
      "use": "sig",
      "kid": "⟪F id jwks-kid b64url:43⟫",
      "alg": "RS256",
      "n": "⟪F public-key jwks-modulus b64url:342⟫",
      "e": "AQAB"
    }
  ]
}
"""

FILES["keys/putty/linkspan-maint.ppk"] = r"""⟪T private-key putty-ppk putty⟫
"""

FILES["web/booking/package-lock.json"] = r"""{
  "name": "halcyon-booking",
  "version": "4.12.0",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/stripe": {
      "version": "16.12.0",
      "resolved": "https://registry.npmjs.org/stripe/-/stripe-16.12.0.tgz",
      "integrity": "sha512-⟪F hash npm-integrity-sri fmt:{b64:86}==⟫"
    },
    "node_modules/openai": {
      "version": "4.67.3",
      "resolved": "https://registry.npmjs.org/openai/-/openai-4.67.3.tgz",
      "integrity": "sha512-⟪F hash npm-integrity-sri fmt:{b64:86}==⟫"
    },
    "node_modules/@halcyon/ui": {
      "version": "2.3.1",
      "resolved": "https://pkgs.dev.azure.com/halcyon-ferries/_packaging/web-libs/npm/registry/@halcyon/ui/-/ui-2.3.1.tgz",
      "integrity": "sha512-⟪F hash npm-integrity-sri fmt:{b64:86}==⟫"
    }
  }
}
"""

FILES["services/harbourops/requirements.txt"] = r"""django==5.1.3 \
    --hash=sha256:⟪F hash pip-require-hashes hex:64⟫
httpx==0.27.2 \
    --hash=sha256:⟪F hash pip-require-hashes hex:64⟫
django-environ==0.11.2 \
    --hash=sha256:⟪F hash pip-require-hashes hex:64⟫
git+https://github.com/halcyon-ferries/metocean-client@⟪F hash pip-git-ref hex:40⟫#egg=metocean-client
"""

FILES[
    "services/vessel-telemetry/Cargo.lock"
] = r"""# This file is automatically @generated by Cargo.
version = 3

[[package]]
name = "reqwest"
version = "0.12.9"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "⟪F hash cargo-lock-checksum hex:64⟫"

[[package]]
name = "rumqttc"
version = "0.24.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "⟪F hash cargo-lock-checksum hex:64⟫"
"""

FILES[
    "services/berthing/go.sum"
] = r"""github.com/jackc/pgx/v5 v5.7.1 h1:⟪F hash go-sum-h1 fmt:{b64:43}=⟫
github.com/jackc/pgx/v5 v5.7.1/go.mod h1:⟪F hash go-sum-h1 fmt:{b64:43}=⟫
github.com/Azure/azure-sdk-for-go/sdk/azidentity v1.8.0 h1:⟪F hash go-sum-h1 fmt:{b64:43}=⟫
"""

FILES["web/booking/public/sw.js"] = r"""const PRECACHE = "booking-v4.12.0";
const ASSETS = [
  { url: "/_next/static/chunks/main.js", revision: "⟪F hash workbox-revision hex:32⟫" },
  { url: "/_next/static/css/app.css", revision: "⟪F hash workbox-revision hex:32⟫" },
];
const VAPID_PUBLIC_KEY = "⟪F public-key vapid-public-key fmt:B{b64url:86}⟫";
self.addEventListener("install", (e) => e.waitUntil(caches.open(PRECACHE)));
"""

FILES["web/booking/public/manifest.webmanifest"] = r"""{
  "name": "Halcyon Ferries",
  "short_name": "Halcyon",
  "start_url": "/?source=pwa",
  "icons": [{ "src": "data:image/png;base64,⟪F encoded base64-png-icon fmt:iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHe{b64:160}⟫", "sizes": "64x64" }],
  "theme_color": "#0b3d5c",
  "gcm_sender_id": "⟪F id fcm-sender-id digits:12⟫"
}
"""

FILES["web/booking/src/analytics.ts"] = r"""export const analytics = {
  segmentWriteKey: process.env.NEXT_PUBLIC_SEGMENT_WRITE_KEY,
  googleTagId: "G-⟪F id ga4-measurement-id upper:10⟫",
  hotjarSiteId: ⟪F id hotjar-site-id digits:7⟫,
  firebase: {
    projectId: "halcyon-booking-web",
    appId: "1:⟪F id firebase-app-id fmt:{digits:12}:web:{hex:22}⟫",
    messagingSenderId: "⟪F id fcm-sender-id digits:12⟫",
  },
};
"""

FILES["services/harbourops/harbourops/fixtures/users.json"] = r"""[
  {
    "model": "auth.user",
    "pk": 1,
    "fields": {
      "username": "harbourmaster",
      "password": "⟪F password-hash django-pbkdf2 fmt:pbkdf2_sha256$870000${alnum:22}${b64:43}=⟫",
      "is_staff": true
    }
  },
  {
    "model": "auth.user",
    "pk": 2,
    "fields": {
      "username": "linkspan-operator",
      "password": "⟪F password-hash django-argon2 fmt:argon2$argon2id$v=19$m=102400,t=2,p=8${b64:22}${b64:43}⟫",
      "is_staff": false
    }
  }
]
"""

FILES[
    "ops/dotfiles/.ssh/known_hosts"
] = r"""|1|⟪F public-key known-hosts-hashed fmt:{b64:27}=|{b64:27}=⟫ ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB⟪F public-key known-hosts-key fmt:{b64:86}=⟫
github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl
"""

FILES["ops/vault/agent.hcl"] = r"""vault {
  address = "https://vault.halcyon-ferries.net:8200"
}

auto_auth {
  method "approle" {
    config = {
      role_id_file_path   = "/etc/vault/role_id"
      secret_id_file_path = "/etc/vault/secret_id"
    }
  }
}

# Bootstrap token used before AppRole was set up; still valid on the DR cluster.
template_config {
  static_secret_render_interval = "5m"
}
env_template "VAULT_TOKEN" {
  contents = "⟪T vault vault-hcl-service-token fmt:hvs.CAESI{b64url:90}⟫"
}
"""

FILES[
    "ops/integrations/providers.env"
] = r"""# Third-party accounts used by the ops automation (export-and-forget file from the old wiki)
SHOPIFY_ADMIN_TOKEN=⟪T shopify provider-env-shpat fmt:shpat_{hex:32}⟫
DIGITALOCEAN_TOKEN=⟪T digitalocean provider-env-dop fmt:dop_v1_{hex:64}⟫
LINEAR_API_KEY=⟪T linear provider-env-linear fmt:lin_api_{alnum:40}⟫
NEW_RELIC_USER_KEY=⟪T new-relic provider-env-nrak fmt:NRAK-{upper:27}⟫
OKTA_API_TOKEN=⟪T okta provider-env-okta fmt:00{b64url:40}⟫
TFC_TOKEN=⟪T terraform-cloud provider-env-atlasv1 fmt:{alnum:14}.atlasv1.{alnum:67}⟫
ATLASSIAN_API_TOKEN=⟪T atlassian provider-env-atatt fmt:ATATT3xFfGF0{b64url:170}={HEX:8}⟫
GITLAB_RUNNER_TOKEN=⟪T gitlab provider-env-glrt fmt:glrt-{b64url:20}⟫
OPENAI_ORG=⟪F id provider-env-openai-org fmt:org-{alnum:24}⟫
NEW_RELIC_ACCOUNT_ID=⟪F id provider-env-account-id digits:7⟫
"""

FILES[
    "ops/integrations/README.txt"
] = r"""Sample values copied from the vendors' docs, for the parser tests in ops/integrations/tests.
None of these are ours:

  Slack (docs): ⟪F vendor-sample slack-docs-example lit:xoxb-not-a-real-token-this-will-not-work⟫
  GitHub (docs): ⟪F vendor-sample github-docs-masked lit:ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫
  Twilio (magic test number): +15005550006
  Stripe (docs test key): ⟪F vendor-sample stripe-docs-test-key lit:sk_test_4eC39HqLyjWDarjtT1zdp7dc⟫
  Service Bus emulator: ⟪F vendor-sample servicebus-emulator lit:Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;⟫
"""
FILES["web/booking/src/server/email.ts"] = r"""import sgMail from "@sendgrid/mail";

sgMail.setApiKey(process.env.SENDGRID_API_KEY!);

export const TEMPLATE_IDS = {
  bookingConfirmed: "d-⟪F id sendgrid-template-id hex:32⟫",
  sailingCancelled: "d-⟪F id sendgrid-template-id hex:32⟫",
};

export const UNSUBSCRIBE_GROUP = ⟪F id sendgrid-asm-group digits:5⟫;
"""

FILES[
    "web/booking/public/assets/booking.min.js"
] = r"""!function(){"use strict";var e={api:"https://api.halcyon-ferries.net/booking/v4",k:"⟪F publishable minified-pk-live fmt:pk_live_51{alnum:22}{alnum:75}⟫",v:"4.12.0"},t=function(t){return fetch(e.api+t,{headers:{"x-client":"web"}})};var n={dsn:"⟪F public-id minified-sentry-dsn fmt:https://{hex:32}@o{digits:6}.ingest.de.sentry.io/{digits:7}⟫",release:"booking@4.12.0"};var r={algoliaApp:"⟪F id algolia-app-id upper:10⟫",algoliaAdmin:"⟪T api-key minified-algolia-admin-key hex:32⟫"};window.__hf={cfg:e,fetch:t,sentry:n,search:r}}();
"""

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "analysis/notebooks/footfall-forecast.ipynb": [
        (
            "markdown",
            "# Footfall forecast\n\nWeekly foot-passenger numbers per crossing, from the data lake.",
        ),
        (
            "code",
            "import pandas as pd\n"
            "from azure.storage.filedatalake import DataLakeServiceClient\n"
            "\n"
            "svc = DataLakeServiceClient(\n"
            '    account_url="https://sthfdatalake.dfs.core.windows.net",\n'
            '    credential="⟪T azure-storage notebook-datalake-credential bytes:64⟫",\n'
            ")\n",
        ),
        (
            "code",
            "import openai\n"
            'openai.api_key = "⟪T openai notebook-module-attribute fmt:sk-proj-{b64url:74}T3BlbkFJ{b64url:74}⟫"\n',
        ),
        (
            "code",
            "# results cached by content hash\n"
            'CACHE_KEY = "⟪F hash notebook-cache-key hex:64⟫"\n'
            'RUN_ID = "⟪F guid notebook-run-id x:guid⟫"\n',
        ),
    ],
    "analysis/notebooks/crew-hours.ipynb": [
        ("markdown", "## Crew hours vs. rest rules"),
        (
            "code",
            "import sqlalchemy as sa\n"
            'engine = sa.create_engine("mssql+pyodbc://roster_reader:⟪T db-url notebook-sqlalchemy-url alnum:20⟫@sql-hf-crew.database.windows.net/crewroster?driver=ODBC+Driver+18+for+SQL+Server")\n',
        ),
        (
            "code",
            "from databricks.sdk import WorkspaceClient\n"
            "w = WorkspaceClient(host='https://adb-4471928830155123.3.azuredatabricks.net', token=dbutils.secrets.get('hf', 'dbx-token'))\n",
        ),
    ],
}

ARCHIVES: dict[str, dict[str, str]] = {
    "releases/deckplan-2.4.1.tar.gz": {
        "deckplan-2.4.1/config/production.toml": r"""[server]
port = 8080

[database]
url = "postgres://deckplan:⟪T db-url tar-toml-database-url alnum:22⟫@pg-hf-deckplan.postgres.database.azure.com/deckplan"

[storage]
account = "sthfdeckplans"
container = "plans"
sas = "⟪T azure-sas tar-toml-sas x:service-sas⟫"

[build]
commit = "⟪F hash tar-toml-commit hex:40⟫"
""",
        "deckplan-2.4.1/scripts/seed.sh": r"""#!/bin/sh
export PGPASSWORD='⟪T password tar-shell-pgpassword human⟫'
psql -h pg-hf-deckplan.postgres.database.azure.com -U deckplan -f seed.sql
""",
        "deckplan-2.4.1/SHA256SUMS": r"""⟪F hash tar-sha256sums hex:64⟫  deckplan
⟪F hash tar-sha256sums hex:64⟫  deckplan.sig
""",
    },
    "releases/boarding-gate-1.8.0.jar": {
        "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\nMain-Class: com.halcyon.boarding.ApplicationKt\nImplementation-Version: 1.8.0\n",
        "BOOT-INF/classes/application.yml": r"""gate:
  hub-url: amqps://gates.halcyon-ferries.net/turnstiles
  hub-key: ⟪T azure-messaging jar-application-yml-hub-key bytes:32⟫
  vendor-token: ${GATE_VENDOR_TOKEN}
  firmware-checksum: ⟪F hash jar-firmware-checksum hex:64⟫
""",
        "BOOT-INF/classes/bootstrap.properties": r"""spring.cloud.azure.keyvault.secret.property-sources[0].endpoint=https://kv-hf-boarding.vault.azure.net/
spring.cloud.azure.credential.client-id=⟪F guid jar-client-id x:guid⟫
spring.cloud.azure.credential.client-secret=⟪T entra-client-secret jar-bootstrap-client-secret entra⟫
""",
    },
}

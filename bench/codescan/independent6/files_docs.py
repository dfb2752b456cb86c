"""Kestrel Forge Games' documents and artefacts: READMEs, runbooks in several languages, tickets,
logs, shell history, HTTP client files, Postman and Insomnia exports, key files, lock files,
notebooks (with outputs) and archives."""

FILES: dict[str, str] = {}

FILES["docs/runbooks/launch-day.md"] = r"""# Launch day runbook (Hollow Tide 1.0)

1. Scale the matchmaker: `kubectl -n mm scale deploy/matchmaker --replicas=40`
2. Check the Event Hubs SAS in Key Vault (`kv-kf-prod/telemetry-send`), never paste it here.
3. If the store webhooks fail, the signing secret is in 1Password ("Stripe live webhook").

Emergency break-glass admin for the portal (remove after launch!):

    user: breakglass@kestrelforge.gg
    password: ⟪T password md-indented-block human⟫

Build commit shipped: `⟪F commit-sha md-shipped-commit hex:40⟫`
"""

FILES["docs/architecture/telemetry.md"] = r"""# Telemetry pipeline

Clients send batches to the relay, which forwards them with a SAS token such as

```
SharedAccessSignature sr=<namespace>&sig=<signature>&se=<expiry>&skn=send
```

The relay's identity has object id `⟪F guid md-object-id x:guid⟫`. Sample payload hash
`⟪F hash md-payload-sha x:sha256-text⟫`.
"""

FILES["docs/de/studio-zugaenge.md"] = r"""# Zugänge im Studio

| Dienst | Benutzer | Passwort |
|---|---|---|
| Perforce | build | ⟪T password md-german-table human⟫ |
| Jira | siehe 1Password | `********` |
| NAS | nas-admin | ⟪F masked md-german-masked x:masked⟫ |

Das WLAN-Gastpasswort steht am Empfang (kein Geheimnis im Repo).
"""

FILES["docs/es/servidores-mexico.md"] = r"""# Servidores dedicados en Ciudad de México

- Host: `gs-mx1.kestrelforge.gg`
- Usuario RCON: `admin`
- Contraseña RCON: `⟪T password md-spanish-inline human⟫`
- Huella SSH del host: `SHA256:⟪F hash md-spanish-ssh-fingerprint b64:43⟫`
"""

FILES["docs/pt/parceiro-brasil.md"] = r"""# Integração com o parceiro de pagamentos (Brasil)

A chave secreta de produção é: ⟪T generic-api-key md-portuguese-prose fmt:live_{alnum:40}⟫

A chave pública (pode ser exposta no cliente): ⟪F publishable-key md-portuguese-public fmt:pub_live_{alnum:32}⟫
"""

FILES["docs/fr/serveurs-paris.md"] = r"""# Serveurs de Paris – notes d'exploitation

Le mot de passe de la console iLO est `⟪T password md-french-backticks human⟫` (à changer).
La clé publique de l'hôte est dans `known_hosts` ; empreinte : ⟪F hash md-french-md5-fingerprint fmt:{hex:2}:{hex:2}:{hex:2}:{hex:2}:{hex:2}:{hex:2}:{hex:2}:{hex:2}⟫
"""

FILES["docs/ja/tokyo-publisher.md"] = r"""# 東京パブリッシャー連携メモ

- 接続先: https://partner.example.jp/api
- APIキー: ⟪T generic-api-key md-japanese-fullwidth-colon hex:40⟫
- サンプルキー（ドキュメント記載の例）: ⟪F vendor-sample md-japanese-doc-example lit:0123456789abcdef0123456789abcdef01234567⟫
"""

FILES["docs/zh/shanghai-cdn.md"] = r"""# 上海 CDN 对接说明

访问密钥 ID：⟪F key-id md-chinese-key-id upper:20⟫
访问密钥：⟪T generic-secret md-chinese-secret alnum:30⟫
配置版本：⟪F version md-chinese-version lit:v4.8.2⟫
"""

FILES["docs/ru/moscow-ops.md"] = r"""# Серверы в Москве

Пароль администратора: ⟪T password md-russian-label human⟫
Идентификатор подписки: ⟪F guid md-russian-subscription x:guid⟫
"""

FILES["docs/tr/istanbul-ops.md"] = r"""# İstanbul sunucuları

- Yönetici şifresi: ⟪T password md-turkish-label human⟫
- Sürüm: ⟪F version md-turkish-version lit:5.0.3-lts⟫
"""

FILES["docs/CHANGELOG.md"] = r"""# Changelog

## 1.0.2 (⟪F commit-sha changelog-short-sha hex:12⟫)
- Fixed the leaderboard signer (see ⟪F url-guid changelog-portal-link x:url-guid⟫)
- Rotated the Discord bot token after KF-2301.

## 1.0.1
- Asset bundle ⟪F hash changelog-bundle-hash x:sri⟫
"""

FILES["docs/tickets/KF-2301.md"] = r"""# KF-2301: Discord bot token posted in #general

Reporter pasted the bot's `.env` while asking for help:

> DISCORD_TOKEN=⟪T discord-token ticket-quoted x:discord⟫

Token revoked at 14:02 UTC; the new one is in Key Vault. Redacted form for the record:
`⟪F masked ticket-redacted x:masked⟫`.
"""

FILES["docs/tickets/KF-2315.md"] = r"""# KF-2315: CDN purge fails with 401

Steps: `curl -H "Authorization: Bearer ⟪T jwt ticket-curl-bearer x:jwt-hs⟫" https://cdn-api.kestrelforge.gg/purge`
Expected 202, got 401. The token's `kid` is `⟪F key-id ticket-kid alnum:10⟫`.
"""

FILES["docs/tickets/KF-2340.md"] = r"""# KF-2340: Slack alerts stopped

The old webhook (⟪F placeholder ticket-example-webhook lit:https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX⟫) was the
sample from Slack's docs; the real one is

    ⟪T slack-webhook ticket-indented x:slack-webhook⟫

and the bot token `⟪T slack-token ticket-bot-token fmt:xoxb-{digits:11}-{digits:13}-{alnum:24}⟫`.
"""

FILES[
    "logs/gateway/access-2026-11-28.log"
] = r"""10.1.4.22 - - [28/Nov/2026:10:14:02 +0000] "GET /v2/profile HTTP/1.1" 200 812 "-" "HollowTide/1.0.2"
10.1.4.22 - - [28/Nov/2026:10:14:03 +0000] "GET /v2/inventory?api_key=⟪T generic-api-key log-query-param alnum:32⟫ HTTP/1.1" 200 4410 "-" "HollowTide/1.0.2"
10.1.4.23 - - [28/Nov/2026:10:14:05 +0000] "GET /v2/match/⟪F guid log-url-guid x:guid⟫ HTTP/1.1" 200 1204 "-" "HollowTide/1.0.2"
"""

FILES[
    "logs/gateway/debug-headers.log"
] = r"""2026-11-28T10:15:00Z DEBUG upstream request headers={"Host":"api.kestrelforge.gg","Authorization":"Bearer ⟪T jwt log-json-header jwt⟫","X-Request-Id":"⟪F guid log-request-id x:guid⟫"}
2026-11-28T10:15:01Z DEBUG x-ms-request-id=⟪F guid log-ms-request-id x:guid⟫ etag="⟪F hash log-etag hex:32⟫"
2026-11-28T10:15:02Z DEBUG Authorization: Bearer [REDACTED]
"""

FILES["logs/ci/build-9120.log"] = r"""##[section]Starting: Sign packages
Fetching certificate thumbprint ⟪F hash ci-log-thumbprint HEX:40⟫
Using token ***
+ curl -u ci:⟪T password ci-log-set-x human⟫ https://nexus.kf.lan/service/rest/v1/components
##[section]Finishing: Sign packages
"""

FILES["home/mina/.bash_history"] = r"""kubectl -n mm get pods
export DATABRICKS_TOKEN=⟪T generic-api-key history-export fmt:dapi{hex:32}⟫
az login --service-principal -u ⟪F guid history-sp-appid x:guid⟫ -p ⟪T azure-entra-secret history-az-login entra⟫ --tenant kestrelforge.onmicrosoft.com
git log -1 --format=%H
git checkout ⟪F commit-sha history-checkout hex:40⟫
mysql -u root -p⟪T password history-mysql-p human⟫ forum
docker pull kfregistry.azurecr.io/portal@⟪F hash history-image-digest x:lfs-oid⟫
"""

FILES[
    "home/mina/.zsh_history"
] = r""": 1764325000:0;export OPENAI_API_KEY=⟪T openai-key zsh-history-export x:openai⟫
: 1764325100:0;gh auth status
: 1764325200:0;curl -H "PRIVATE-TOKEN: ⟪T gitlab-token zsh-history-header fmt:glpat-{b64url:20}⟫" https://gitlab.kestrelforge.gg/api/v4/projects
: 1764325300:0;sha256sum build/HollowTide.zip
"""

FILES["home/mina/.psql_history"] = r"""\c economy
ALTER ROLE payout_svc WITH PASSWORD '⟪T password psql-history-alter human⟫';
SELECT md5('⟪F hash psql-md5-input lit:player-42⟫');
"""

FILES["api/store.http"] = r"""### Create order
POST https://store.kestrelforge.gg/v1/orders
Content-Type: application/json
Authorization: Bearer ⟪T generic-api-key http-file-bearer fmt:kfs_live_{alnum:36}⟫

{"sku": "founders-pack"}

### Local
POST http://localhost:8080/v1/orders
Authorization: Bearer {{token}}
"""

FILES["api/postman/kf-partner.postman_collection.json"] = r"""{
  "info": {
    "_postman_id": "⟪F guid postman-collection-id x:guid⟫",
    "name": "KF partner API",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "auth": {
    "type": "apikey",
    "apikey": [
      { "key": "value", "value": "⟪T generic-api-key postman-apikey-auth hex:48⟫", "type": "string" },
      { "key": "key", "value": "X-KF-Partner-Key", "type": "string" }
    ]
  },
  "variable": [
    { "key": "postmanApiKey", "value": "⟪T postman-key postman-variable fmt:PMAK-{hex:24}-{hex:34}⟫" },
    { "key": "baseUrl", "value": "https://partner.kestrelforge.gg" }
  ]
}
"""

FILES["api/insomnia/kf-admin.insomnia.json"] = r"""{
  "_type": "export",
  "__export_format": 4,
  "resources": [
    {
      "_id": "req_⟪F hex-id insomnia-request-id hex:32⟫",
      "_type": "request",
      "url": "https://admin.kestrelforge.gg/api/bans",
      "authentication": { "type": "basic", "username": "moderator", "password": "⟪T password insomnia-basic human⟫" }
    },
    {
      "_id": "env_⟪F hex-id insomnia-env-id hex:32⟫",
      "_type": "environment",
      "data": { "grafanaToken": "⟪T generic-api-key insomnia-env-grafana fmt:glsa_{alnum:32}_{hex:8}⟫" }
    }
  ]
}
"""

FILES["keys/gs-tls.key"] = r"""⟪T private-key pem-ec-file pem:EC PRIVATE KEY:121⟫
"""

FILES["keys/gs-tls.crt"] = r"""⟪F certificate pem-certificate-file pem:CERTIFICATE:780⟫
"""

FILES["keys/patch-signing.pub"] = r"""⟪F public-key pem-public-file pem:PUBLIC KEY:294⟫
"""

FILES["keys/build-agent_ed25519"] = r"""⟪T private-key openssh-file openssh⟫
"""

FILES["keys/old-perforce.ppk"] = r"""⟪T private-key putty-file putty⟫
"""

FILES["keys/backup-2019.pem"] = r"""⟪T private-key pem-legacy-encrypted pemenc⟫
"""

FILES["keys/age/recipients.txt"] = r"""# ops team
⟪F public-key age-recipient x:age-public⟫
"""

FILES["keys/age/ops.key"] = r"""# created: 2026-10-01T08:00:00Z
# public key: ⟪F public-key age-public-comment x:age-public⟫
⟪T age-key age-identity x:age⟫
"""

FILES["services/store-api/package-lock.json"] = r"""{
  "name": "store-api",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/@adyen/api-library": {
      "version": "20.0.0",
      "resolved": "https://registry.npmjs.org/@adyen/api-library/-/api-library-20.0.0.tgz",
      "integrity": "⟪F hash npm-integrity x:sri⟫"
    }
  }
}
"""

FILES["services/replay-store/Cargo.lock"] = r"""# This file is automatically @generated by Cargo.
version = 3

[[package]]
name = "tokio"
version = "1.41.1"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "⟪F hash cargo-lock-checksum hex:64⟫"
"""

FILES["assets/textures/hero_albedo.png.lfs"] = r"""version https://git-lfs.github.com/spec/v1
oid ⟪F hash git-lfs-oid x:lfs-oid⟫
size 8811032
"""

FILES["releases/SHA256SUMS"] = r"""⟪F hash sha256sums-line hex:64⟫  HollowTide-1.0.2-win64.zip
⟪F hash sha256sums-line2 hex:64⟫  HollowTide-1.0.2-linux.tar.gz
"""

FILES["data/exports/integrations.csv"] = r"""name,owner,endpoint,token,created
crash-reports,platform,https://kestrelforge.sp.backtrace.io,⟪T generic-api-key csv-cell hex:64⟫,2026-03-02
status-page,ops,https://status.kestrelforge.gg,⟪F masked csv-masked x:masked⟫,2026-05-11
"""

FILES[
    "services/moderation/secrets/prod.enc.yaml"
] = r"""perspective_key: ⟪F ciphertext sops-value x:sops⟫
sops:
    lastmodified: "2026-11-20T10:00:00Z"
    mac: ⟪F ciphertext sops-mac x:sops⟫
    version: 3.9.1
"""

FILES["tools/bots/telegram_alert.py"] = r"""import requests

BOT = "⟪T telegram-token py-telegram-const x:telegram⟫"
CHAT_ID = "⟪F numeric-id py-telegram-chat fmt:-100{digits:10}⟫"


def alert(text: str) -> None:
    requests.post(f"https://api.telegram.org/bot{BOT}/sendMessage", json={"chat_id": CHAT_ID, "text": text})
"""

FILES["tools/platform/tokens.env"] = r"""# Plattform-Werkzeuge (Hamburg)
DIGITALOCEAN_TOKEN=⟪T digitalocean-token env-do fmt:dop_v1_{hex:64}⟫
NEW_RELIC_API_KEY=⟪T newrelic-key env-newrelic fmt:NRAK-{upper:27}⟫
LINEAR_API_KEY=⟪T generic-api-key env-linear fmt:lin_api_{alnum:40}⟫
MAILGUN_API_KEY=⟪T mailgun-key env-mailgun fmt:key-{hex:32}⟫
SENTRY_ORG=kestrelforge
"""

FILES["tools/platform/README.md"] = r"""# Platform tooling

Copy `tokens.env.example` to `tokens.env`. Tokens look like `dop_v1_...`; never commit them.

Example from the vendor docs (not ours): `⟪F vendor-sample md-aws-doc-secret lit:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟫`.
This repository's fake for tests: `⟪F placeholder md-self-described-fake lit:FAKE_TOKEN_FOR_UNIT_TESTS_ONLY⟫`.
"""

FILES["tools/platform/storage_sync.py"] = r"""from azure.storage.blob import BlobServiceClient

# nightly copy of crash dumps to the cold archive
SAS_URL = "⟪T azure-sas py-blob-sas-url x:blob-sas-url⟫"
ACCOUNT_SAS = "⟪T azure-sas py-account-sas x:sas⟫"
ARCHIVE_CONTAINER_ID = "⟪F guid py-container-guid x:guid⟫"

client = BlobServiceClient(account_url=SAS_URL)
"""

FILES["tools/platform/gcp/kf-analytics-sa.json"] = r"""{
  "type": "service_account",
  "project_id": "kf-analytics",
  "private_key_id": "⟪F hex-id gcp-private-key-id hex:40⟫",
  "private_key": "⟪T private-key gcp-service-account x:gcp-key⟫",
  "client_email": "loader@kf-analytics.iam.gserviceaccount.com",
  "client_id": "⟪F numeric-id gcp-client-id digits:21⟫"
}
"""

FILES["tools/platform/ms-teams.ps1"] = r"""# Teams-Benachrichtigung nach dem Nightly
$hook = "⟪T teams-webhook ps-teams-url x:teams-webhook⟫"
$body = @{ text = "Nightly fertig" } | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri $hook -Body $body -ContentType 'application/json'
"""

FILES["tools/platform/ssh_deploy.sh"] = r"""#!/usr/bin/env bash
# Deploy key inline (legacy, KF-1990)
cat > /tmp/deploy_key <<'KEY'
⟪T private-key heredoc-pem pem:RSA PRIVATE KEY:1190⟫
KEY
chmod 600 /tmp/deploy_key
echo "host key: ⟪F public-key heredoc-host-pub x:ssh-public⟫"
"""

FILES["tools/platform/hf_upload.py"] = r"""from huggingface_hub import HfApi

api = HfApi(token="⟪T huggingface-token py-hf-kwarg fmt:hf_{letters:34}⟫")
api.upload_folder(folder_path="models/npc-dialogue", repo_id="kestrelforge/npc-dialogue",
                  revision="⟪F commit-sha py-hf-revision hex:40⟫")
"""

NOTEBOOKS: dict[str, list[tuple[str, str, str | None]]] = {
    "analytics/notebooks/retention_cohorts.ipynb": [
        ("markdown", "# Retention cohorts (Hollow Tide)\n", None),
        (
            "code",
            "import snowflake.connector\n"
            'conn = snowflake.connector.connect(user="analyst_svc", '
            'password="⟪T password notebook-source-kwarg human⟫", account="kf12345")\n',
            None,
        ),
        (
            "code",
            'import os\nprint("token:", os.environ["AMPLITUDE_TOKEN"])\n',
            "token: ⟪T generic-api-key notebook-output-printed hex:32⟫\n",
        ),
        (
            "code",
            'print(df.attrs["query_id"])\n',
            "⟪F guid notebook-output-query-id x:guid⟫\n",
        ),
    ],
    "analytics/notebooks/economy_sim.ipynb": [
        ("markdown", "## Economy simulation — Inflationsprüfung\n", None),
        (
            "code",
            "from azure.cosmos import CosmosClient\n"
            'client = CosmosClient("https://kf-profiles.documents.azure.com:443/", '
            'credential="⟪T azure-cosmos-key notebook-source-cosmos x:cosmos-idk⟫")\n',
            None,
        ),
        (
            "code",
            "print(client.client_connection.connection_policy)\n",
            "ConnectionPolicy(request_timeout=60, session_token=⟪F hash notebook-output-session hex:16⟫)\n",
        ),
        (
            "code",
            "!env | grep STRIPE\n",
            "STRIPE_SECRET_KEY=⟪T stripe-key notebook-output-env fmt:sk_live_{alnum:24}⟫\n",
        ),
    ],
}

ARCHIVES: dict[str, dict[str, str]] = {
    "releases/dedicated-server-1.0.2.tar.gz": {
        "server/server.cfg": (
            'hostname "Kestrel Forge Official #1"\n'
            'rcon_password "⟪T password archive-server-cfg human⟫"\n'
            "sv_region 3\n"
        ),
        "server/steam_appid.txt": "⟪F numeric-id archive-appid digits:7⟫\n",
        "server/MANIFEST.sha256": "⟪F hash archive-manifest hex:64⟫  bin/server\n",
    },
    "tools/modkit/modkit-2.3.zip": {
        "modkit/config.ini": (
            "[upload]\n"
            "endpoint=https://mods.kestrelforge.gg/api\n"
            "token=⟪T generic-api-key archive-zip-ini fmt:kfm_{alnum:40}⟫\n"
        ),
        "modkit/README.txt": (
            "Set KF_MOD_TOKEN to your personal token. Example: ⟪F placeholder archive-readme-x lit:kfm_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX⟫\n"
        ),
        "modkit/version.json": '{"version": "⟪F version archive-version lit:2.3.0⟫", "commit": "⟪F commit-sha archive-commit hex:40⟫"}\n',
    },
}

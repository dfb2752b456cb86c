"""Vento Cargo's documents and artefacts: READMEs, runbooks, tickets, logs, shell history, HTTP
client files, Postman and Insomnia exports, key files, lock files, notebooks and archives."""

FILES: dict[str, str] = {}

FILES["docs/runbooks/depot-onboarding.md"] = r"""# Depot onboarding (Einrichtung eines neuen Depots)

1. Create the depot's service principal:

   ```bash
   az ad sp create-for-rbac --name sp-depot-lys --role Reader
   ```

2. Log in with it once to check the role:

   ```bash
   az login --service-principal -u ⟪F guid md-sp-appid x:guid⟫ -p ⟪T entra-secret md-az-login-p entra⟫ --tenant ⟪F guid md-tenant x:guid⟫
   ```

3. The scanner guns join `VC-LAGER-LYS`; the Wi-Fi passphrase is in Key Vault (`kv-vento-ops/wifi-lys`),
   never in this page. Example of the format only: `⟪F placeholder md-format-example lit:XXXX-XXXX-XXXX-XXXX⟫`.

4. The depot gateway's certificate thumbprint is `⟪F hash md-thumbprint HEX:40⟫`.
"""

FILES["docs/architecture/tracking.md"] = r"""# Tracking architecture

Events flow from the scanner guns through MQTT into `tracking-go`, which writes to Postgres and
publishes to the `waybill-events` hub. The dashboard for a subscription lives at
⟪F uuid-url md-portal-url x:url-guid⟫.

| Setting | Value |
| --- | --- |
| Hub namespace | `vento-eh` |
| Consumer group | `tracking` |
| Connection | Key Vault secret `eh-tracking-listen` |
| Schema digest | `⟪F hash md-table-digest hex:64⟫` |
| Release | `⟪F version md-table-version lit:v2.31.0⟫` |

Local development uses the emulator's well-known connection string:
`⟪F sample-key md-sb-emulator lit:Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;⟫`
"""

FILES["docs/de/zugangsdaten.md"] = r"""# Zugangsdaten für das Zollportal (ATLAS)

Bitte keine Passwörter in dieses Wiki schreiben! Die Zugangsdaten liegen im Tresor.

Übergangsweise (Ticket OPS-2231) gilt für den Testmandanten:

- Benutzer: `vento-atlas-test`
- Kennwort: `⟪T password md-german-list human⟫`
- Zertifikats-PIN: `⟪T password md-german-pin digits:6⟫`

Prüfsumme der Installationsdatei (SHA-256): `⟪F hash md-german-sha256 hex:64⟫`
"""

FILES["docs/es/integracion-naviera.md"] = r"""# Integración con la naviera (EDI)

La conexión SFTP usa el usuario `vento` y la clave pública registrada:

    ⟪F public-key md-spanish-pubkey x:ssh-public⟫

Contraseña de respaldo (sólo si falla la clave): ⟪T password md-spanish-inline pw:14⟫

El identificador del socio es `⟪F guid md-spanish-partner-id x:guid⟫`.
"""

FILES["docs/pt/transportadora.md"] = r"""# Integração com a transportadora (São Paulo)

```properties
transportadora.usuario=vento-sp
transportadora.senha=⟪T password md-portuguese-fenced human⟫
transportadora.token_hash=⟪F hash md-portuguese-hash hex:40⟫
```

A chave de API de produção fica no cofre `kv-vento-br`; use `${TRANSPORTADORA_CHAVE}` localmente.
"""

FILES["docs/fr/depot-lyon.md"] = r"""# Dépôt de Lyon – notes d'exploitation

> Mot de passe du portail transporteur : ⟪T password md-french-blockquote human⟫
> (à changer après la migration, voir OPS-2290)

Clé publique du tunnel WireGuard : `⟪F public-key md-french-wg-public bytes:32⟫`
Identifiant de l'abonnement : `⟪F guid md-french-subscription x:guid⟫`
"""

FILES["docs/ja/osaka-office.md"] = r"""# 大阪オフィス 連携メモ

- 顧客ポータル URL: https://portal.ventocargo.jp
- APIキー（本番）: `⟪T generic-api-key md-japanese-api-key alnum:40⟫`
- コミット: `⟪F commit-sha md-japanese-commit hex:40⟫`
- パスワードは 1Password の「大阪オフィス」に保存してください。
"""

FILES["docs/zh/shenzhen-wms.md"] = r"""# 深圳仓库 WMS 对接说明

接口地址：`https://wms-sz.ventocargo.cn/api`

测试账号：`sz-test`，密码：⟪T password md-chinese-inline human⟫

签名算法：HMAC-SHA256，签名密钥见密钥库（不要写在这里）。示例签名：`⟪F hash md-chinese-example-signature hex:64⟫`
"""

FILES["docs/ru/novosibirsk.md"] = r"""# Склад Новосибирск

Доступ к 1С через HTTP-сервис. Логин `integration`, пароль: `⟪T password md-russian-inline pw:14⟫`

Хэш сборки: `⟪F hash md-russian-build-hash hex:40⟫`
Идентификатор арендатора: `⟪F guid md-russian-tenant x:guid⟫`
"""

FILES["docs/tr/izmir.md"] = r"""# İzmir deposu

Gümrük sistemine bağlantı için API anahtarı Key Vault'ta: `@Microsoft.KeyVault(VaultName=kv-vento-tr;SecretName=gumruk-api)`.

Eski sistemin şifresi (kapatılana kadar): ⟪T password md-turkish-inline human⟫
Sürüm: ⟪F version md-turkish-version lit:5.2.0-build.7731⟫
"""

FILES["docs/CHANGELOG.md"] = r"""# Changelog

## 2.31.0 (⟪F commit-sha changelog-commit hex:40⟫)
- tracking: retry partner hub on 429
- portal: rotate the SMTP password (was leaked in a log, see SEC-118)

## 2.30.2 (⟪F commit-sha changelog-commit hex:40⟫)
- dispatch: bump openai to 4.71.0

## 2.30.1 (⟪F commit-sha changelog-short fmt:{hex:7}⟫)
- claims: django 5.1.3
"""

FILES["docs/tickets/SEC-118.md"] = r"""# SEC-118: SMTP password in application log

**Reporter:** dispo team · **Severity:** high

The portal logged its SMTP configuration on start-up:

```
2026-11-18T06:02:11Z INFO  SmtpOptions bound: Host=smtp.office365.com Port=587 UserName=noreply@ventocargo.eu Password=⟪T password ticket-log-paste human⟫
```

Rotated on 2026-11-18. The new value is stored only in Key Vault. The masked form now logged is
`Password=⟪F masked ticket-masked x:masked⟫`.
"""

FILES["docs/tickets/OPS-2290.md"] = r"""# OPS-2290: customer cannot download waybill export

Customer pasted the link they were sent (expired yesterday):

⟪T azure-sas ticket-blob-sas-url x:blob-sas-url⟫

Request id from the portal: `⟪F guid ticket-request-id x:guid⟫`; correlation `⟪F guid ticket-correlation x:guid⟫`.
"""

FILES["docs/tickets/OPS-2304.md"] = r"""# OPS-2304: Stripe webhook failing signature check

Stripe's docs example for the header is `t=1492774577,v1=⟪F sample-key stripe-docs-signature lit:5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd⟫`.

Our endpoint secret was regenerated; the old one (now revoked) was ⟪T stripe ticket-webhook-secret fmt:whsec_{alnum:32}⟫.
"""

FILES[
    "logs/portal/2026-11-18.log"
] = r"""2026-11-18T06:02:10.118Z INFO  Starting Portal v2.30.2 (commit ⟪F commit-sha log-commit hex:40⟫)
2026-11-18T06:02:10.541Z INFO  Request GET /api/waybills traceparent=00-⟪F hash log-traceparent hex:32⟫-⟪F hash log-span hex:16⟫-01
2026-11-18T06:02:11.002Z DEBUG Outgoing headers: {"Accept": "application/json", "Authorization": "Bearer ⟪T jwt log-leaked-bearer x:jwt-hs⟫"}
2026-11-18T06:02:11.450Z WARN  Partner hub 401 for key ⟪F masked log-masked-key x:masked⟫
2026-11-18T06:02:12.003Z INFO  User 4411 logged in, session ⟪F id log-session-id hex:32⟫
2026-11-18T06:02:12.660Z ERROR Redis connect failed: vc-cache.redis.cache.windows.net:6380,password=⟪T azure-redis log-redis-conn bytes:32⟫,ssl=True
"""

FILES[
    "logs/nginx/access.log"
] = r"""10.44.1.33 - - [18/Nov/2026:06:10:01 +0000] "GET /api/track?waybill=VC2611180042 HTTP/1.1" 200 512 "-" "VentoDriver/5.2"
10.44.1.33 - - [18/Nov/2026:06:10:02 +0000] "GET /api/track?waybill=VC2611180043&api_key=⟪T generic-api-key access-log-query alnum:32⟫ HTTP/1.1" 200 498 "-" "curl/8.5.0"
10.44.2.17 - - [18/Nov/2026:06:10:05 +0000] "GET /static/app.⟪F hash access-log-asset-hash hex:20⟫.js HTTP/1.1" 200 84211 "-" "Mozilla/5.0"
10.44.2.17 - - [18/Nov/2026:06:10:07 +0000] "POST /api/func/route?code=⟪T azure-function-key access-log-code x:func-idk⟫ HTTP/1.1" 202 0 "-" "python-requests/2.32"
"""

FILES["logs/ci/build-4412.log"] = r"""##[section]Starting: Push image
+ docker login vcregistry.azurecr.io -u vcregistry -p ⟪T password ci-log-docker-login bytes:32⟫
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
Login Succeeded
+ echo "SONAR_TOKEN=***"
SONAR_TOKEN=***
image digest: sha256:⟪F digest ci-log-digest hex:64⟫
##[section]Finishing: Push image
"""

FILES["home/dispo/.bash_history"] = r"""kubectl -n tracking get pods
export OPENAI_API_KEY=⟪T openai bash-history-export fmt:sk-proj-{b64url:74}T3BlbkFJ{b64url:74}⟫
psql "postgresql://analyst:⟪T db-url bash-history-psql alnum:18⟫@pg-dwh.vento.internal/dwh"
git log --oneline -3
git show ⟪F commit-sha bash-history-git-show hex:40⟫
az keyvault secret show --vault-name kv-vento-ops -n sql-admin --query value -o tsv
mysql -h mysql-wms.vento.internal -u wms_admin -p'⟪T password bash-history-mysql pw:16⟫' wms
docker pull vcregistry.azurecr.io/tracking@sha256:⟪F digest bash-history-digest hex:64⟫
HF_TOKEN=⟪T huggingface bash-history-inline-env fmt:hf_{letters:34}⟫ python upload_model.py
"""

FILES[
    "home/dispo/.zsh_history"
] = r""": 1763449200:0;terraform plan -var 'sql_admin_password=⟪T password zsh-history-tf-var pw:20⟫'
: 1763449260:0;ssh-keygen -lf ~/.ssh/id_ed25519_vento.pub
: 1763449300:0;echo ⟪F b64-text zsh-history-base64 x:b64-text⟫ | base64 -d
: 1763449400:0;gh auth token
"""

FILES["api/tracking.http"] = r"""### Track a waybill
GET https://tracking.ventocargo.eu/api/track?waybill=VC2611180042
Accept: application/json
X-Api-Key: ⟪T generic-api-key http-file-header alnum:32⟫

### Token (client credentials)
POST https://login.microsoftonline.com/⟪F guid http-file-tenant x:guid⟫/oauth2/v2.0/token
Content-Type: application/x-www-form-urlencoded

client_id=⟪F guid http-file-client-id x:guid⟫&client_secret=⟪T entra-secret http-file-form-body entra⟫&scope=api%3A%2F%2Ftracking%2F.default&grant_type=client_credentials

### With a variable
GET https://tracking.ventocargo.eu/api/depots
Authorization: Bearer {{token}}
"""

FILES["api/postman/vento-partner.postman_collection.json"] = r"""{
  "info": {
    "_postman_id": "⟪F guid postman-id x:guid⟫",
    "name": "Vento partner hub",
    "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
  },
  "auth": {
    "type": "basic",
    "basic": [
      { "key": "username", "value": "vento-hh", "type": "string" },
      { "key": "password", "value": "⟪T password postman-basic-auth human⟫", "type": "string" }
    ]
  },
  "item": [
    {
      "name": "Shipments",
      "request": {
        "method": "GET",
        "header": [{ "key": "X-Partner-Key", "value": "⟪T generic-api-key postman-header-value hex:40⟫" }],
        "url": "https://api.partner-hub.ventocargo.eu/v2/shipments"
      }
    }
  ],
  "variable": [
    { "key": "baseUrl", "value": "https://api.partner-hub.ventocargo.eu" },
    { "key": "postmanKey", "value": "⟪T postman postman-variable fmt:PMAK-{hex:24}-{hex:34}⟫" }
  ]
}
"""

FILES["api/insomnia/vento.insomnia.json"] = r"""{
  "_type": "export",
  "__export_format": 4,
  "resources": [
    {
      "_id": "env_⟪F id insomnia-env-id hex:32⟫",
      "_type": "environment",
      "name": "Production",
      "data": {
        "base_url": "https://dispatch.ventocargo.eu",
        "dispatch_token": "⟪T bearer insomnia-env-data b64url:43⟫",
        "shopify_token": "⟪T shopify insomnia-env-shopify fmt:shpat_{hex:32}⟫"
      }
    }
  ]
}
"""

FILES["api/openapi/tracking.yaml"] = r"""openapi: 3.0.3
info:
  title: Vento tracking API
  version: 2.31.0
components:
  securitySchemes:
    apiKey:
      type: apiKey
      in: header
      name: X-Api-Key
  schemas:
    Token:
      type: object
      properties:
        access_token:
          type: string
          example: ⟪F fake openapi-example lit:eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJlLWV4YW1wbGU⟫
        api_key:
          type: string
          example: ⟪F placeholder openapi-example-key lit:YOUR_API_KEY⟫
"""

FILES["keys/depot-gw-ham.key"] = r"""⟪T private-key pem-pkcs1-file pem:RSA PRIVATE KEY:1190⟫
"""

FILES["keys/depot-gw-ham.crt"] = r"""⟪F certificate pem-certificate-file pem:CERTIFICATE:780⟫
"""

FILES["keys/ota-signing.pub.pem"] = r"""⟪F public-key pem-public-file pem:PUBLIC KEY:294⟫
"""

FILES["keys/edi-sftp_ed25519"] = r"""⟪T private-key openssh-file openssh⟫
"""

FILES["keys/legacy-bastion.ppk"] = r"""⟪T private-key putty-file putty⟫
"""

FILES["keys/edi-partner.asc"] = r"""⟪T private-key pgp-private-block pem:PGP PRIVATE KEY BLOCK:900⟫
"""

FILES["keys/backup-encrypted.pem"] = r"""⟪T private-key pem-legacy-encrypted pemenc⟫
"""

FILES["services/dispatch-node/package-lock.json"] = r"""{
  "name": "dispatch-node",
  "version": "2.31.0",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/openai": {
      "version": "4.71.0",
      "resolved": "https://registry.npmjs.org/openai/-/openai-4.71.0.tgz",
      "integrity": "⟪F hash npm-integrity x:sri⟫"
    },
    "node_modules/@anthropic-ai/sdk": {
      "version": "0.32.1",
      "resolved": "https://registry.npmjs.org/@anthropic-ai/sdk/-/sdk-0.32.1.tgz",
      "integrity": "⟪F hash npm-integrity x:sri⟫"
    }
  }
}
"""

FILES[
    "services/tracking-go/go.sum"
] = r"""github.com/jackc/pgx/v5 v5.7.1 h1:⟪F hash go-sum-h1 b64:43⟫=
github.com/jackc/pgx/v5 v5.7.1/go.mod h1:⟪F hash go-sum-h1 b64:43⟫=
github.com/slack-go/slack v0.15.0 h1:⟪F hash go-sum-h1 b64:43⟫=
"""

FILES["releases/SHA256SUMS"] = r"""⟪F hash sha256sums hex:64⟫  tracking-linux-amd64.tar.gz
⟪F hash sha256sums hex:64⟫  tracking-linux-arm64.tar.gz
⟪F hash sha256sums hex:64⟫  scanner-gun-fw-5.2.bin
"""

FILES["web/customer-portal/composer.lock"] = r"""{
    "content-hash": "⟪F hash composer-content-hash hex:32⟫",
    "packages": [
        {
            "name": "guzzlehttp/guzzle",
            "version": "7.9.2",
            "dist": {
                "type": "zip",
                "url": "https://api.github.com/repos/guzzle/guzzle/zipball/⟪F commit-sha composer-dist-ref hex:40⟫",
                "shasum": ""
            }
        }
    ]
}
"""

FILES["web/customer-portal/public/build/manifest.json"] = r"""{
  "resources/js/app.js": {
    "file": "assets/app-⟪F hash vite-asset-hash b64url:8⟫.js",
    "integrity": "⟪F hash vite-sri fmt:sha384-{b64:64}⟫"
  }
}
"""

FILES[
    "web/customer-portal/public/js/tracking.min.js"
] = r"""!function(){"use strict";var e={apiBase:"https://tracking.ventocargo.eu/api",mapsKey:"⟪T gcp-api-key minified-bundle fmt:AIza{b64url:35}⟫",release:"⟪F commit-sha minified-release hex:40⟫",algoliaAppId:"⟪F id algolia-app-id upper:10⟫",algoliaSearchKey:"⟪F publishable-key algolia-search-only hex:32⟫"};window.VC=e}();
"""

FILES["data/exports/integrations.csv"] = r"""name,owner,endpoint,api_key,created
shenzhen-agent,ops,https://wms-sz.ventocargo.cn/api,⟪T generic-api-key csv-cell alnum:32⟫,2026-03-02
izmir-customs,ops,https://gumruk.example.com.tr/api,⟪F masked csv-masked-cell x:masked⟫,2026-05-14
partner-hub,dispo,https://api.partner-hub.ventocargo.eu/v2,⟪F keyvault-ref csv-kv-ref lit:kv://kv-vento-ops/partner-hub-key⟫,2026-06-30
"""

FILES[
    "data/fixtures/users.sql"
] = r"""INSERT INTO users (id, email, password_hash, api_token_sha256) VALUES
  ('⟪F guid sql-fixture-id x:guid⟫', 'dispo@ventocargo.eu', '⟪F password-hash sql-fixture-pbkdf2 x:pbkdf2⟫', '⟪F hash sql-fixture-token-hash x:sha256-text⟫'),
  ('⟪F guid sql-fixture-id x:guid⟫', 'lager@ventocargo.eu', '⟪F password-hash sql-fixture-bcrypt x:bcrypt⟫', '⟪F hash sql-fixture-token-hash x:sha256-text⟫');
"""

FILES["services/claims-py/.sops.yaml"] = r"""creation_rules:
  - path_regex: secrets/.*\.yaml
    azure_keyvault: https://kv-vento-ops.vault.azure.net/keys/sops/⟪F id keyvault-key-version hex:32⟫
"""

FILES["services/claims-py/secrets/prod.yaml"] = r"""db_password: ⟪F ciphertext sops-value x:sops⟫
anthropic_key: ⟪F ciphertext sops-value x:sops⟫
sops:
  azure_kv:
    - vault_url: https://kv-vento-ops.vault.azure.net
      name: sops
      version: ⟪F id sops-key-version hex:32⟫
      enc: ⟪F ciphertext sops-wrapped-key b64url:342⟫
  lastmodified: "2026-11-02T09:30:00Z"
  mac: ⟪F ciphertext sops-mac x:sops⟫
  version: 3.9.1
"""

FILES["services/claims-py/age/keys.txt"] = r"""# created: 2026-11-02T09:30:00Z
# public key: ⟪F public-key age-recipient-comment x:age-public⟫
⟪T age age-identity-file x:age⟫
"""

FILES["tools/bots/telegram_notify.py"] = r"""import requests

# Benachrichtigung der Disponenten bei Verspätungen
BOT_TOKEN = "⟪T telegram python-const x:telegram⟫"
CHAT_ID = "-100⟪F id telegram-chat-id digits:10⟫"


def notify(text: str) -> None:
    requests.post(f"https://api.telegram.org/bot{BOT_TOKEN}/sendMessage", json={"chat_id": CHAT_ID, "text": text})
"""

FILES["tools/bots/discord_yard.go"] = r"""package main

import "github.com/bwmarrin/discordgo"

func main() {
	dg, _ := discordgo.New("Bot " + "⟪T discord go-concat x:discord⟫")
	guild := "⟪F id discord-guild-id digits:18⟫"
	_, _ = dg, guild
}
"""

FILES["tools/platform/tokens.env"] = r"""# platform tooling (Porto)
DIGITALOCEAN_TOKEN=⟪T digitalocean env-file fmt:dop_v1_{hex:64}⟫
DATABRICKS_TOKEN=⟪T databricks env-file fmt:dapi{hex:32}⟫
TF_TOKEN_app_terraform_io=⟪T terraform-cloud env-file fmt:{alnum:14}.atlasv1.{alnum:67}⟫
NEW_RELIC_API_KEY=⟪T newrelic env-file fmt:NRAK-{upper:27}⟫
ATLASSIAN_API_TOKEN=⟪T atlassian env-file fmt:ATATT3xFfGF0{b64url:180}={HEX:8}⟫
GITHUB_TOKEN=⟪T github env-file-fine-grained x:github-fine⟫
DOPPLER_TOKEN=⟪T doppler env-file fmt:dp.st.prd.{alnum:43}⟫
NETLIFY_AUTH_TOKEN=⟪T netlify env-file fmt:nfp_{alnum:36}⟫
"""

FILES["tools/platform/README.md"] = r"""# Platform tooling

Tokens come from `tokens.env` locally and from the pipeline's variable group in CI. Examples of
each format for the docs, all revoked test values published by the vendors or obviously fake:

- GitHub: `⟪F sample-key github-docs-placeholder lit:ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx⟫`
- Slack: `⟪F placeholder slack-docs-placeholder lit:xoxb-your-token-here⟫`
- AWS: `⟪F sample-key aws-docs-id-2 lit:AKIAI44QH8DHBEXAMPLE⟫` / `⟪F sample-key aws-docs-secret-2 lit:je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY⟫`
"""

FILES[
    "services/routing-scala/notes/encoded.txt"
] = r"""# base64 of the config the routing team asked for (not secret)
region=⟪F b64-text b64-plain-region x:b64-text⟫
banner=⟪F b64-text b64-plain-banner b64of:Willkommen bei Vento Cargo - Routing {digits:4}⟫
"""

NOTEBOOKS: dict[str, list[tuple[str, str, str | None]]] = {
    "analytics/notebooks/pallet_forecast.ipynb": [
        ("markdown", "# Palettenprognose je Depot\nDaten aus dem DWH (nur Lesezugriff).", None),
        (
            "code",
            'import pandas as pd\nfrom sqlalchemy import create_engine\n\nengine = create_engine("⟪T db-url notebook-source-url fmt:postgresql+psycopg://analyst_ro:{alnum:20}@pg-dwh.vento.internal/dwh⟫")',
            None,
        ),
        (
            "code",
            'df = pd.read_sql("select depot, day, pallets from kpi.pallets", engine)\nprint(df.shape)\nprint("run", "⟪F guid notebook-run-id x:guid⟫")',
            "(18250, 3)\nrun ⟪F guid notebook-output-run-id x:guid⟫\n",
        ),
        (
            "code",
            'import os\nprint(os.environ["WEATHER_KEY"])',
            "⟪T generic-api-key notebook-output-printed-env hex:32⟫\n",
        ),
    ],
    "analytics/notebooks/claims_ocr.ipynb": [
        ("markdown", "## Schadensfotos OCR (test)", None),
        (
            "code",
            'from azure.ai.formrecognizer import DocumentAnalysisClient\nfrom azure.core.credentials import AzureKeyCredential\nclient = DocumentAnalysisClient("https://vc-ocr.cognitiveservices.azure.com/", AzureKeyCredential("⟪T azure-cognitive notebook-keycredential hex:32⟫"))',
            None,
        ),
        (
            "code",
            "print(client._config.credential)",
            "<azure.core.credentials.AzureKeyCredential object at 0x7f3a9c2e1b50>\n",
        ),
        (
            "code",
            'digest = "⟪F hash notebook-digest hex:64⟫"\nprint(digest[:12])',
            "⟪F hash notebook-output-short-digest hex:12⟫\n",
        ),
    ],
}

ARCHIVES: dict[str, dict[str, str]] = {
    "releases/edi-poller-1.4.0.tar.gz": {
        "edi-poller-1.4.0/etc/edi-poller.env": (
            "EDI_SFTP_HOST=sftp.naviera-partner.example.com\n"
            "EDI_SFTP_USER=vento\n"
            "EDI_SFTP_PASS=⟪T password targz-member-env human⟫\n"
            "EDI_GPG_FINGERPRINT=⟪F hash targz-member-fingerprint HEX:40⟫\n"
        ),
        "edi-poller-1.4.0/README": (
            "edi-poller 1.4.0\n"
            "Build ⟪F commit-sha targz-member-commit hex:40⟫\n"
            "Configure /etc/vento/edi-poller.env (see etc/edi-poller.env.example).\n"
        ),
        "edi-poller-1.4.0/etc/edi-poller.env.example": (
            "EDI_SFTP_PASS=⟪F placeholder targz-member-example lit:<password>⟫\n"
        ),
    },
    "releases/driver-config-2026.11.zip": {
        "config/remote.json": (
            '{\n  "dispatchUrl": "https://dispatch.ventocargo.eu",\n'
            '  "dispatchKey": "⟪T generic-api-key zip-member-json b64url:40⟫",\n'
            '  "configVersion": "⟪F version zip-member-version lit:2026.11.3⟫"\n}\n'
        ),
        "config/firebase.json": (
            '{\n  "project_id": "vento-yard-prod",\n'
            '  "api_key": "⟪T gcp-api-key zip-firebase-api-key fmt:AIza{b64url:35}⟫",\n'
            '  "app_id": "1:⟪F id zip-firebase-app-id digits:12⟫:android:⟪F id zip-firebase-app-hash hex:16⟫"\n}\n'
        ),
        "config/gcp-sa.json": (
            '{\n  "type": "service_account",\n  "project_id": "vento-yard-prod",\n'
            '  "private_key_id": "⟪F id zip-gcp-key-id hex:40⟫",\n'
            '  "private_key": "⟪T gcp-service-account zip-gcp-private-key x:gcp-key⟫",\n'
            '  "client_email": "yard-uploader@vento-yard-prod.iam.gserviceaccount.com"\n}\n'
        ),
    },
}

"""Configuration files of Halcyon Ferries' services: Spring, .NET, dotenv, docker-compose, nginx,
WordPress, Rails, Laravel, Django, package-manager rc files and client tool configs."""

from __future__ import annotations

FILES: dict[str, str] = {}

FILES["services/crewroster/src/main/resources/application.yml"] = r"""spring:
  application:
    name: crewroster
  datasource:
    url: jdbc:sqlserver://sql-hf-crew.database.windows.net:1433;database=crewroster;encrypt=true
    username: roster_writer
    password: ${ROSTER_DB_PASSWORD}
  cloud:
    azure:
      keyvault:
        secret:
          property-sources:
            - endpoint: https://kv-hf-crew-prod.vault.azure.net/
      servicebus:
        connection-string: Endpoint=sb://sb-hf-crew.servicebus.windows.net/;SharedAccessKeyName=roster-publisher;SharedAccessKey=⟪T azure-messaging spring-yaml-servicebus bytes:32⟫
      storage:
        blob:
          account-name: sthfcrewdocs
          account-key: ⟪T azure-storage spring-yaml-account-key bytes:64⟫
  mail:
    host: smtp.sendgrid.net
    username: apikey
    password: ${SENDGRID_API_KEY:}

management:
  endpoints:
    web:
      exposure:
        include: health,info

crew:
  certificates:
    stcw-registry:
      base-url: https://stcw-registry.example/api
      client-id: ⟪F guid spring-client-id x:guid⟫
      client-secret: ⟪T entra-client-secret spring-yaml-client-secret entra⟫
  build:
    commit: ⟪F hash spring-build-commit hex:40⟫
"""

FILES[
    "services/crewroster/src/main/resources/application-local.properties"
] = r"""# Local profile: docker-compose services only.
spring.datasource.url=jdbc:sqlserver://localhost:1433;database=crewroster;encrypt=false
spring.datasource.username=sa
spring.datasource.password=⟪T password properties-local-sa pw:16⟫
spring.rabbitmq.host=localhost
spring.rabbitmq.username=guest
spring.rabbitmq.password=⟪F vendor-sample rabbitmq-default-guest lit:guest⟫
spring.security.oauth2.client.registration.entra.client-id=⟪F guid properties-client-id x:guid⟫
spring.security.oauth2.client.registration.entra.client-secret=⟪T entra-client-secret properties-oauth2-client-secret entra⟫
crew.feature.new-rota-engine=true
crew.cache.key-prefix=roster:v3:
"""

FILES[
    "services/crewroster/src/main/resources/application-prod.properties"
] = r"""spring.datasource.password=${ROSTER_DB_PASSWORD}
spring.cloud.azure.keyvault.secret.property-sources[0].endpoint=https://kv-hf-crew-prod.vault.azure.net/
crew.payroll.client-secret=${payroll-client-secret}
crew.jwt.signing-key=⟪F keyvault-ref spring-placeholder-default lit:${JWT_SIGNING_KEY:change-me-in-keyvault}⟫
crew.jwt.jwks-uri=https://login.microsoftonline.com/⟪F guid tenant-in-url x:guid⟫/discovery/v2.0/keys
"""

FILES["services/farecalc/Farecalc.Api/appsettings.json"] = r"""{
  "Logging": {
    "LogLevel": {
      "Default": "Information",
      "Microsoft.AspNetCore": "Warning"
    }
  },
  "AllowedHosts": "*",
  "KeyVault": {
    "Uri": "https://kv-hf-fares-prod.vault.azure.net/"
  },
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "TenantId": "⟪F guid appsettings-tenant x:guid⟫",
    "ClientId": "⟪F guid appsettings-client x:guid⟫",
    "ClientCredentials": [
      {
        "SourceType": "KeyVault",
        "KeyVaultUrl": "https://kv-hf-fares-prod.vault.azure.net",
        "KeyVaultCertificateName": "farecalc-api-cert"
      }
    ]
  },
  "ConnectionStrings": {
    "Fares": "Server=tcp:sql-hf-fares.database.windows.net,1433;Initial Catalog=fares;Authentication=Active Directory Default;Encrypt=True;",
    "Cache": "redis-hf-fares.redis.cache.windows.net:6380,ssl=True,abortConnect=False"
  },
  "ApplicationInsights": {
    "ConnectionString": "⟪F public-id appinsights-connection-string fmt:InstrumentationKey={hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12};IngestionEndpoint=https://northeurope-2.in.applicationinsights.azure.com/⟫"
  }
}
"""

FILES["services/farecalc/Farecalc.Api/appsettings.Development.json"] = r"""{
  "ConnectionStrings": {
    "Fares": "Server=tcp:sql-hf-fares-dev.database.windows.net,1433;Initial Catalog=fares;User ID=farecalc_dev;Password=⟪T connection-string appsettings-dev-sql pw:20⟫;Encrypt=True;",
    "Tickets": "DefaultEndpointsProtocol=https;AccountName=sthfticketsdev;AccountKey=⟪T azure-storage appsettings-dev-conn bytes:64⟫;EndpointSuffix=core.windows.net",
    "LocalTickets": "UseDevelopmentStorage=true"
  },
  "Search": {
    "Endpoint": "https://srch-hf-routes.search.windows.net",
    "AdminKey": "⟪T azure-search appsettings-admin-key fmt:{alnum:52}⟫",
    "IndexName": "crossings-v2"
  },
  "OpenAI": {
    "Endpoint": "https://oai-hf-itinerary.openai.azure.com/",
    "ApiKey": "⟪T azure-openai appsettings-apikey hex:32⟫",
    "Deployment": "gpt-4o-mini"
  }
}
"""

FILES["services/farecalc/Farecalc.Api/appsettings.Production.json"] = r"""{
  "ConnectionStrings": {
    "Tickets": "@Microsoft.KeyVault(SecretUri=https://kv-hf-fares-prod.vault.azure.net/secrets/tickets-storage/)",
    "ServiceBus": "@Microsoft.KeyVault(VaultName=kv-hf-fares-prod;SecretName=servicebus-send)"
  },
  "Search": {
    "AdminKey": "⟪F keyvault-ref appsettings-kv-ref lit:@Microsoft.KeyVault(SecretUri=https://kv-hf-fares-prod.vault.azure.net/secrets/search-admin-key/9c41e2a07d5b4f8e)⟫"
  },
  "OpenAI": {
    "ApiKey": ""
  },
  "DataProtection": {
    "KeyRingBlobUri": "https://sthffaresdp.blob.core.windows.net/keys/keyring.xml",
    "KeyIdentifier": "https://kv-hf-fares-prod.vault.azure.net/keys/dataprotection/⟪F id keyvault-key-version hex:32⟫"
  }
}
"""

FILES["web/legacy-booking/Web.config"] = r"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <connectionStrings>
    <add name="BookingDb"
         connectionString="Data Source=sql-hf-legacy.database.windows.net;Initial Catalog=Booking;User Id=booking_web;Password=⟪T connection-string webconfig-sql pw:18⟫;MultipleActiveResultSets=true"
         providerName="System.Data.SqlClient" />
    <add name="AuditDb"
         connectionString="Data Source=(localdb)\MSSQLLocalDB;Initial Catalog=Audit;Integrated Security=True"
         providerName="System.Data.SqlClient" />
  </connectionStrings>
  <appSettings>
    <add key="PaymentGateway.MerchantId" value="HALCYONFERRIES01" />
    <add key="PaymentGateway.SharedSecret" value="⟪T api-key webconfig-appsetting-shared-secret HEX:64⟫" />
    <add key="PaymentGateway.ResponseHashAlgorithm" value="SHA-512" />
    <add key="Maps.PublicKey" value="⟪F publishable webconfig-maps-public fmt:pk.{b64url:60}⟫" />
    <add key="webpages:Version" value="3.0.0.0" />
  </appSettings>
  <system.web>
    <compilation debug="false" targetFramework="4.8" />
    <machineKey validationKey="⟪T encryption-key webconfig-machinekey-validation HEX:128⟫"
                decryptionKey="⟪T encryption-key webconfig-machinekey-decryption HEX:64⟫"
                validation="HMACSHA256" decryption="AES" />
  </system.web>
</configuration>
"""

FILES["web/legacy-booking/Web.Release.config"] = r"""<?xml version="1.0" encoding="utf-8"?>
<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">
  <connectionStrings>
    <add name="BookingDb" connectionString="#{BookingDbConnectionString}#"
         xdt:Transform="SetAttributes" xdt:Locator="Match(name)" />
  </connectionStrings>
  <appSettings>
    <add key="PaymentGateway.SharedSecret" value="⟪F placeholder octopus-token lit:#{PaymentGatewaySharedSecret}#⟫"
         xdt:Transform="SetAttributes" xdt:Locator="Match(key)" />
  </appSettings>
</configuration>
"""

FILES["services/harbourops/.env"] = r"""DJANGO_DEBUG=false
DJANGO_SETTINGS_MODULE=harbourops.settings
WEATHER_DATABASE_URL=postgres://weather:⟪T db-url dotenv-postgres-url alnum:24⟫@pg-hf-ops.postgres.database.azure.com:5432/weather
EMAIL_HOST_PASSWORD=⟪T password dotenv-email-password human⟫
SENTRY_DSN=⟪F public-id sentry-dsn fmt:https://{hex:32}@o{digits:6}.ingest.de.sentry.io/{digits:7}⟫
SENTRY_AUTH_TOKEN=⟪T sentry dotenv-user-token fmt:sntryu_{hex:64}⟫
AZURE_CLIENT_ID=⟪F guid dotenv-client-id x:guid⟫
AZURE_TENANT_ID=⟪F guid dotenv-tenant-id x:guid⟫
AZURE_CLIENT_SECRET=⟪T entra-client-secret dotenv-azure-client-secret entra⟫
"""

FILES["services/harbourops/.env.example"] = r"""DJANGO_DEBUG=true
WEATHER_DATABASE_URL=postgres://weather:⟪F placeholder env-example-url-password lit:<password>⟫@localhost:5432/weather
EMAIL_HOST_PASSWORD=⟪F placeholder env-example-empty-hint lit:your-smtp-app-password⟫
SENTRY_DSN=
SENTRY_AUTH_TOKEN=⟪F placeholder env-example-prefix-only lit:sntryu_...⟫
AZURE_CLIENT_SECRET=⟪F placeholder env-example-angle lit:<client-secret-from-portal>⟫
"""

FILES["web/booking/.env.local"] = r"""NEXT_PUBLIC_SITE_URL=http://localhost:3000
STRIPE_WEBHOOK_SECRET=⟪T stripe dotenv-webhook-secret fmt:whsec_{alnum:32}⟫
STRIPE_RESTRICTED_KEY=⟪T stripe dotenv-restricted-key fmt:rk_live_51{alnum:22}{alnum:75}⟫
ANTHROPIC_API_KEY=⟪T anthropic dotenv-api-key fmt:sk-ant-api03-{b64url:93}AA⟫
NEXTAUTH_SECRET=⟪T hmac-secret dotenv-nextauth-secret bytes:32⟫
NEXTAUTH_URL=http://localhost:3000
"""

FILES["web/booking/.env.test"] = r"""# Values for the Playwright suite: all of them point at mocks.
STRIPE_WEBHOOK_SECRET=⟪F fake dotenv-test-whsec lit:whsec_test_secret_for_playwright_only⟫
ANTHROPIC_API_KEY=⟪F fake dotenv-test-anthropic lit:sk-ant-test-placeholder⟫
NEXTAUTH_SECRET=⟪F fake dotenv-test-nextauth lit:playwright-nextauth-secret-not-used-in-prod⟫
"""

FILES["web/agents-portal/.env"] = r"""APP_NAME="Halcyon Agents"
APP_ENV=production
APP_KEY=base64:⟪T laravel-key laravel-app-key bytes:32⟫
APP_DEBUG=false
APP_URL=https://agents.halcyon-ferries.net

DB_CONNECTION=mysql
DB_HOST=mysql-hf-agents.mysql.database.azure.com
DB_PORT=3306
DB_DATABASE=agents
DB_USERNAME=agents_app
DB_PASSWORD="⟪T password laravel-db-password-quoted human⟫"

REDIS_HOST=redis-hf-agents.redis.cache.windows.net
REDIS_PASSWORD=⟪T azure-redis laravel-redis-password bytes:32⟫
REDIS_PORT=6380

MAIL_MAILER=postmark
POSTMARK_TOKEN=⟪T api-key laravel-postmark-token x:guid⟫

PUSHER_APP_ID=⟪F id pusher-app-id digits:7⟫
PUSHER_APP_KEY=⟪F publishable pusher-app-key hex:20⟫
PUSHER_APP_SECRET=⟪T api-key laravel-pusher-secret hex:20⟫
"""

FILES["web/blog/wp-config.php"] = r"""<?php
/** News and timetable-change blog. */

define( 'DB_NAME', 'halcyon_blog' );
define( 'DB_USER', 'wp_blog' );
define( 'DB_PASSWORD', '⟪T password wp-config-define pw:22⟫' );
define( 'DB_HOST', 'mysql-hf-blog.mysql.database.azure.com' );
define( 'DB_CHARSET', 'utf8mb4' );

define( 'AUTH_KEY',         '⟪T wordpress-salt wp-auth-key fmt:{pw:40}{alnum:24}⟫' );
define( 'SECURE_AUTH_KEY',  '⟪T wordpress-salt wp-secure-auth-key fmt:{pw:40}{alnum:24}⟫' );
define( 'LOGGED_IN_KEY',    '⟪T wordpress-salt wp-logged-in-key fmt:{pw:40}{alnum:24}⟫' );
define( 'NONCE_SALT',       '⟪T wordpress-salt wp-nonce-salt fmt:{pw:40}{alnum:24}⟫' );

define( 'WP_CACHE_KEY_SALT', 'halcyon-blog:' );
define( 'WP_DEBUG', false );

$table_prefix = 'hfb_';

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
"""

FILES["services/manifest/config/database.yml"] = r"""default: &default
  adapter: postgresql
  encoding: unicode
  pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

development:
  <<: *default
  database: manifest_development
  username: manifest

test:
  <<: *default
  database: manifest_test

staging:
  <<: *default
  host: pg-hf-manifest-stg.postgres.database.azure.com
  database: manifest_staging
  username: manifest_app
  password: ⟪T password rails-database-yml human⟫

production:
  <<: *default
  url: <%= ENV["DATABASE_URL"] %>
  password: <%= Rails.application.credentials.dig(:database, :password) %>
"""

FILES["services/manifest/config/master.key"] = r"""⟪T rails-secret rails-master-key hex:32⟫
"""

FILES[
    "services/manifest/config/credentials.yml.enc"
] = r"""⟪F ciphertext rails-credentials-enc fmt:{bytes:180}--{b64:16}--{b64:22}==⟫
"""

FILES[
    "services/manifest/config/secrets.yml"
] = r"""# Rails 4-era file still read by the legacy manifest importer.
development:
  secret_key_base: ⟪F fake rails-dev-secret-words lit:development-secret-key-base-not-for-production⟫

production:
  secret_key_base: ⟪T rails-secret rails-secret-key-base hex:128⟫
  customs_api_password: <%= ENV["CUSTOMS_API_PASSWORD"] %>
"""

FILES["services/harbourops/docker-compose.yml"] = r"""services:
  db:
    image: postgres:16.4@sha256:⟪F digest compose-image-digest hex:64⟫
    environment:
      POSTGRES_USER: harbourops
      POSTGRES_PASSWORD: ⟪T password compose-map-postgres pw:18⟫
      POSTGRES_DB: harbourops
    ports: ["5432:5432"]

  minio:
    image: minio/minio:RELEASE.2024-10-13T13-34-11Z
    command: server /data --console-address ":9001"
    environment:
      - MINIO_ROOT_USER=harbourops
      - MINIO_ROOT_PASSWORD=⟪T password compose-list-minio alnum:24⟫

  web:
    build: .
    environment:
      DATABASE_URL: postgres://harbourops:${POSTGRES_PASSWORD}@db:5432/harbourops
      AZURE_STORAGE_CONNECTION_STRING: ⟪F placeholder compose-env-interp lit:${AZURE_STORAGE_CONNECTION_STRING:?set it in .env}⟫
    depends_on: [db, minio]

  mailpit:
    image: axllent/mailpit:v1.20
    environment:
      MP_SMTP_AUTH_ACCEPT_ANY: "1"
"""

FILES["deploy/edge/nginx/conf.d/agents.conf"] = r"""server {
    listen 443 ssl http2;
    server_name agents.halcyon-ferries.net;

    ssl_certificate     /etc/nginx/tls/agents.crt;
    ssl_certificate_key /etc/nginx/tls/agents.key;

    location /internal/ {
        auth_basic           "Halcyon staff";
        auth_basic_user_file /etc/nginx/htpasswd;
        proxy_pass           http://agents-portal:8080;
    }

    location /partner-api/ {
        proxy_set_header Authorization "Basic ⟪T basic-auth nginx-proxy-set-header x:basic⟫";
        proxy_set_header X-Partner "halcyon";
        proxy_pass https://partner.travel-agents-consortium.example/;
    }

    add_header Content-Security-Policy "script-src 'self' 'nonce-⟪F nonce csp-nonce b64:22⟫'";
}
"""

FILES["deploy/edge/nginx/htpasswd"] = r"""ops:⟪F password-hash htpasswd-bcrypt x:bcrypt⟫
harbourmaster:⟪F password-hash htpasswd-apr1 fmt:$apr1${alnum:8}${alnum:22}⟫
auditor:⟪F password-hash htpasswd-sha fmt:{SHA}{b64:27}=⟫
"""

FILES["tools/fleet-cli/.npmrc"] = r"""registry=https://registry.npmjs.org/
@halcyon:registry=https://pkgs.dev.azure.com/halcyon-ferries/_packaging/web-libs/npm/registry/
//pkgs.dev.azure.com/halcyon-ferries/_packaging/web-libs/npm/registry/:username=halcyon-ferries
//pkgs.dev.azure.com/halcyon-ferries/_packaging/web-libs/npm/registry/:_password=⟪T azure-devops-pat npmrc-base64-password x:b64-adopat⟫
//pkgs.dev.azure.com/halcyon-ferries/_packaging/web-libs/npm/registry/:email=npm requires email to be set but doesn't use the value
//registry.npmjs.org/:_authToken=⟪T npm npmrc-auth-token npm⟫
save-exact=true
"""

FILES["services/harbourops/.pypirc"] = r"""[distutils]
index-servers =
    pypi
    halcyon

[pypi]
username = __token__
password = ⟪T pypi pypirc-token fmt:pypi-AgEIcHlwaS5vcmcCJD{hex:8}-{hex:4}-{hex:4}-{hex:4}-{hex:12}AAIqWzMsImFiNGY{b64url:120}⟫

[halcyon]
repository = https://pkgs.dev.azure.com/halcyon-ferries/_packaging/py-libs/pypi/upload/
username = halcyon-ferries
password = ⟪T azure-devops-pat pypirc-ado-pat cask⟫
"""

FILES["services/farecalc/nuget.config"] = r"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
    <add key="halcyon" value="https://pkgs.dev.azure.com/halcyon-ferries/_packaging/dotnet-libs/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <halcyon>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="⟪T azure-devops-pat nuget-cleartext-password adopat⟫" />
    </halcyon>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org/api/v2/package" value="⟪T nuget nuget-config-apikey fmt:oy2{lower:43}⟫" />
  </apikeys>
</configuration>
"""

FILES["ops/dotfiles/.netrc"] = r"""machine api.border-filing.example
  login HFY01
  password ⟪T password netrc-password alnum:28⟫

machine gitlab.halcyon-ferries.net login deploy-bot password ⟪T gitlab netrc-one-line fmt:glpat-{b64url:20}⟫
"""

FILES["web/booking/.yarnrc.yml"] = r"""nodeLinker: node-modules
npmScopes:
  halcyon:
    npmRegistryServer: "https://npm.pkg.github.com"
    npmAuthToken: "⟪T github yarnrc-npm-auth-token gh:ghp_⟫"
  fonts:
    npmRegistryServer: "https://npm.fontawesome.com/"
    npmAuthToken: "${FONTAWESOME_NPM_TOKEN}"
yarnPath: .yarn/releases/yarn-4.5.1.cjs
"""

FILES["ops/dotfiles/.gem/credentials"] = r"""---
:rubygems_api_key: ⟪T rubygems gem-credentials fmt:rubygems_{hex:48}⟫
"""

FILES["ops/dotfiles/.docker/config.json"] = r"""{
  "auths": {
    "crhfprod.azurecr.io": {
      "auth": "⟪T basic-auth docker-config-auth b64of:crhfprod:{alnum:42}+ACR{alnum:6}⟫"
    },
    "https://index.docker.io/v1/": {}
  },
  "credsStore": "desktop",
  "currentContext": "default"
}
"""

FILES["ops/dotfiles/.pgpass"] = r"""# hostname:port:database:username:password
pg-hf-ops.postgres.database.azure.com:5432:harbourops:harbourops:⟪T password pgpass-line human⟫
pg-hf-reporting.internal:5432:*:crew_reader:⟪T password pgpass-wildcard-db pw:16⟫
"""

FILES["ops/dotfiles/.my.cnf"] = r"""[client]
user=blog_admin
password="⟪T password my-cnf-client-quoted pw:20⟫"
host=mysql-hf-blog.mysql.database.azure.com
ssl-mode=REQUIRED

[mysqldump]
single-transaction
"""

FILES["ops/dotfiles/.config/gh/hosts.yml"] = r"""github.com:
    users:
        harbour-ops-bot:
            oauth_token: ⟪T github gh-hosts-oauth-token gh:gho_⟫
    git_protocol: https
    user: harbour-ops-bot
"""

FILES[
    "ops/dotfiles/.git-credentials"
] = r"""https://harbour-ops-bot:⟪T github git-credentials-fine-grained fmt:github_pat_11{upper:7}0{alnum:13}_{alnum:59}⟫@github.com
https://build:⟪T azure-devops-pat git-credentials-ado cask⟫@dev.azure.com
"""

FILES["ops/dotfiles/.aws/credentials"] = r"""[default]
aws_access_key_id = ⟪T aws aws-credentials-key-id x:aws-id⟫
aws_secret_access_key = ⟪T aws aws-credentials-secret fmt:{b64:40}⟫

[docs-example]
aws_access_key_id = ⟪F vendor-sample aws-example-key-id lit:AKIAIOSFODNN7EXAMPLE⟫
aws_secret_access_key = ⟪F vendor-sample aws-example-secret lit:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY⟫
"""

FILES["ops/dotfiles/.kube/config"] = r"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ⟪F certificate kubeconfig-ca-data x:b64-cert⟫
    server: https://aks-hf-prod-dns-4f1c9a2e.hcp.westeurope.azmk8s.io:443
  name: aks-hf-prod
contexts:
- context:
    cluster: aks-hf-prod
    user: clusterAdmin_rg-hf-prod_aks-hf-prod
  name: aks-hf-prod-admin
current-context: aks-hf-prod-admin
users:
- name: clusterAdmin_rg-hf-prod_aks-hf-prod
  user:
    client-certificate-data: ⟪F certificate kubeconfig-client-cert x:b64-cert⟫
    client-key-data: ⟪T private-key kubeconfig-client-key x:b64-key⟫
    token: ⟪T bearer kubeconfig-static-token hex:64⟫
"""

FILES["ops/dotfiles/.config/rclone/rclone.conf"] = r"""[footage-archive]
type = azureblob
account = sthfcctvarchive
key = ⟪T azure-storage rclone-azureblob-key bytes:64⟫
access_tier = Cool

[footage-sas]
type = azureblob
sas_url = https://sthfcctvarchive.blob.core.windows.net/footage?⟪T azure-sas rclone-sas-url x:service-sas⟫
"""

FILES["ops/dotfiles/.config/sops/age/keys.txt"] = r"""# created: 2026-07-02T10:14:55+01:00
# public key: ⟪F public-key age-public-key x:age-public⟫
⟪T age age-secret-key x:age⟫
"""

FILES["ops/dotfiles/.bash_history"] = r"""cd ~/src/harbourops
git pull --rebase
az login --use-device-code
az account set --subscription ⟪F guid history-subscription x:guid⟫
az storage blob list --account-name sthfcctvarchive --container-name footage --account-key ⟪T azure-storage history-az-account-key bytes:64⟫ -o table
export DATABRICKS_TOKEN=⟪T databricks history-export fmt:dapi{hex:32}-2⟫
databricks clusters list
curl -s -H "Authorization: Bearer ⟪T bearer history-curl-bearer alnum:40⟫" https://starlink-fleet.example/api/v1/terminals | jq .
psql "host=pg-hf-ops.postgres.database.azure.com dbname=harbourops user=harbourops password=⟪T password history-libpq-dsn pw:16⟫ sslmode=require"
sha256sum harbourops-2026.11.tar.gz
git log --oneline | head
kubectl -n harbourops get secret harbourops-env -o jsonpath='{.data.EMAIL_HOST_PASSWORD}' | base64 -d
mysql -u blog_admin -p'⟪T password history-mysql-p human⟫' -h mysql-hf-blog.mysql.database.azure.com halcyon_blog
export AWS_ACCESS_KEY_ID=⟪T aws history-sts-key-id x:aws-sts-id⟫
export AWS_SECRET_ACCESS_KEY=⟪T aws history-sts-secret fmt:{b64:40}⟫
export AWS_SESSION_TOKEN=⟪T aws history-sts-session-token fmt:IQoJb3JpZ2luX2VjE{b64:380}⟫
aws s3 ls s3://insurer-claims-halcyon/
history | grep ssh
"""

FILES["services/tidetable/TideFunctions/local.settings.json"] = r"""{
  "IsEncrypted": false,
  "Values": {
    "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=sthftidesfunc;AccountKey=⟪T azure-storage local-settings-webjobs bytes:64⟫;EndpointSuffix=core.windows.net",
    "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
    "SailingsBus": "Endpoint=sb://sb-hf-sailings.servicebus.windows.net/;SharedAccessKeyName=tides-listen;SharedAccessKey=⟪T azure-messaging local-settings-servicebus bytes:32⟫",
    "SailingsBus__fullyQualifiedNamespace": "sb-hf-sailings.servicebus.windows.net",
    "APPLICATIONINSIGHTS_CONNECTION_STRING": "⟪F public-id local-settings-appinsights fmt:InstrumentationKey={hex:8}-{hex:4}-4{hex:3}-b{hex:3}-{hex:12}⟫"
  },
  "Host": {
    "CORS": "*"
  }
}
"""

FILES[
    "services/farecalc/Farecalc.Api/Properties/PublishProfiles/app-hf-farecalc.PublishSettings"
] = r"""<publishData>
  <publishProfile profileName="app-hf-farecalc - Web Deploy" publishMethod="MSDeploy"
    publishUrl="app-hf-farecalc.scm.azurewebsites.net:443" msdeploySite="app-hf-farecalc"
    userName="$app-hf-farecalc" userPWD="⟪T password publishsettings-userpwd alnum:60⟫"
    destinationAppUrl="https://app-hf-farecalc.azurewebsites.net" SQLServerDBConnectionString=""
    mySQLDBConnectionString="" hostingProviderForumLink="" controlPanelLink="https://portal.azure.com"
    webSystem="WebSites" />
</publishData>
"""

FILES[
    "services/farecalc/Farecalc.Api/Properties/PublishProfiles/app-hf-farecalc.pubxml.user"
] = r"""<?xml version="1.0" encoding="utf-8"?>
<Project>
  <PropertyGroup>
    <TimeStampOfAssociatedLegacyPublishXmlFile />
    <EncryptedPassword>⟪F ciphertext dpapi-encrypted-password fmt:AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA{b64:280}⟫</EncryptedPassword>
    <History>True|2026-11-28T16:41:09.1736117Z;</History>
  </PropertyGroup>
</Project>
"""

FILES["infra/azd/.azure/prod/.env"] = r"""AZURE_ENV_NAME="prod"
AZURE_LOCATION="westeurope"
AZURE_SUBSCRIPTION_ID="⟪F guid azd-subscription-id x:guid⟫"
AZURE_PRINCIPAL_ID="⟪F guid azd-principal-id x:guid⟫"
AZURE_KEY_VAULT_ENDPOINT="https://kv-hf-fares-prod.vault.azure.net/"
SERVICE_FARECALC_IMAGE_NAME="crhfprod.azurecr.io/farecalc/app-prod:azd-deploy-1732811209"
"""

FILES["infra/containerapps/manifest-worker.yaml"] = r"""properties:
  managedEnvironmentId: /subscriptions/⟪F guid containerapp-env-subscription x:guid⟫/resourceGroups/rg-hf-manifest/providers/Microsoft.App/managedEnvironments/cae-hf-prod
  configuration:
    secrets:
      - name: customs-agent-secret
        value: ⟪T api-key containerapp-secrets-value alnum:32⟫
      - name: redis-url
        keyVaultUrl: https://kv-hf-manifest.vault.azure.net/secrets/redis-url
        identity: system
  template:
    containers:
      - name: worker
        image: crhfprod.azurecr.io/manifest:2026.11.3
        env:
          - name: CUSTOMS_AGENT_SECRET
            secretRef: customs-agent-secret
          - name: REDIS_URL
            secretRef: redis-url
"""

FILES["infra/cloud-init/bastion-user-data.yaml"] = r"""#cloud-config
users:
  - name: hfadmin
    groups: sudo
    shell: /bin/bash
    lock_passwd: false
    passwd: ⟪F password-hash cloud-init-sha512-crypt x:sha512-crypt⟫
    ssh_authorized_keys:
      - ⟪F public-key cloud-init-authorized-key fmt:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{b64:43} hfadmin@halcyon⟫
chpasswd:
  expire: false
  list: |
    root:⟪T password cloud-init-chpasswd-list human⟫
"""

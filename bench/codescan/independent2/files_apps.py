"""Application code and its configuration, in the idioms of each language (see gen.py for slots)."""

FILES: dict[str, str] = {}

FILES["billing-svc/src/main/resources/application.properties"] = """\
# Billing service
server.port=8443
spring.application.name=billing
spring.datasource.url=jdbc:postgresql://pg-billing.internal:5432/billing
spring.datasource.username=billing_rw
spring.datasource.password=⟪T password properties-dotted human⟫
spring.datasource.hikari.maximum-pool-size=12
spring.mail.host=smtp.tessaly.io
spring.mail.password=⟪T password properties-mail pw:18⟫
app.jwt.signing-secret=⟪T generic-secret properties-signing bytes:48⟫
app.jwt.issuer=https://auth.tessaly.io/
app.payments.api-key=${PAYMENTS_API_KEY}
app.cache.key-prefix=billing:v2:
app.feature.password-reset.enabled=true
management.endpoints.web.exposure.include=health,info
app.build.commit=⟪F hash commit-sha hex:40⟫
"""

FILES["billing-svc/src/main/resources/application-prod.yml"] = """\
spring:
  datasource:
    url: jdbc:sqlserver://sql-prod.database.windows.net:1433;database=billing;user=billing@sql-prod;password=⟪T db-connection jdbc-sqlserver pw:20⟫;encrypt=true
    username: billing
  rabbitmq:
    addresses: amqps://billing:⟪T db-url amqp-url alnum:24⟫@mq.tessaly.internal:5671/prod
  redis:
    password: ${REDIS_PASSWORD:}
    host: cache-prod.redis.cache.windows.net
  cloud:
    azure:
      keyvault:
        secret:
          property-sources:
            - endpoint: https://kv-billing-prod.vault.azure.net/
stripe:
  secret-key: ⟪T stripe sk-live fmt:sk_live_{alnum:24}⟫
  publishable-key: ⟪F stripe pk-live fmt:pk_live_{alnum:24}⟫
  webhook-secret: ⟪T stripe whsec fmt:whsec_{alnum:32}⟫
logging:
  level:
    com.tessaly.billing: INFO
"""

FILES["billing-svc/src/main/java/com/tessaly/billing/MailConfig.java"] = """\
package com.tessaly.billing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@Configuration
public class MailConfig {
    private static final String SENDGRID_KEY = "⟪T sendgrid java-const fmt:SG.{b64url:22}.{b64url:43}⟫";
    private static final String SMTP_USER = "apikey";
    private static final String PASSWORD_FIELD = "password";
    private static final String RESET_TOKEN_PARAM = "resetToken";

    @Bean
    public JavaMailSenderImpl mailSender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.sendgrid.net");
        sender.setUsername(SMTP_USER);
        sender.setPassword(SENDGRID_KEY);
        return sender;
    }

    String archiveCredential() {
        return System.getenv("ARCHIVE_STORAGE_KEY");
    }
}
"""

FILES["billing-svc/src/test/java/com/tessaly/billing/LoginTest.java"] = """\
package com.tessaly.billing;

import static org.junit.jupiter.api.Assertions.assertFalse;

class LoginTest {
    private static final String WRONG_PASSWORD = "⟪F password test-fixture lit:not-the-right-password⟫";
    private static final String SAMPLE_TOKEN = "⟪F generic-secret test-fixture lit:dummy-token-for-unit-tests⟫";

    @org.junit.jupiter.api.Test
    void rejectsWrongPassword() {
        assertFalse(new Login().check("alice", WRONG_PASSWORD));
    }
}
"""

FILES["checkout-web/src/config.ts"] = """\
// Runtime configuration of the checkout front end.
export const config = {
  apiBase: process.env.NEXT_PUBLIC_API_BASE ?? "https://api.tessaly.io",
  stripePublishableKey: "⟪F stripe pk-test fmt:pk_test_{alnum:24}⟫",
  sentryDsn: "https://⟪F dsn sentry-dsn hex:32⟫@o45123.ingest.sentry.io/6612",
  mapsKey: process.env.MAPS_KEY,
  featureFlagsClientKey: "⟪F generic-secret client-side-id lit:client-checkout-web⟫",
};

export const internal = {
  openaiApiKey: "⟪T openai ts-object fmt:sk-proj-{b64url:74}T3BlbkFJ{b64url:74}⟫",
  analyticsWriteKey: "⟪T generic-secret camel-writekey alnum:32⟫",
};
"""

FILES["checkout-web/src/lib/http.js"] = """\
import axios from "axios";

const client = axios.create({
  baseURL: "https://partners.fulfil.example.net/v2",
  headers: {
    Authorization: "Bearer ⟪T bearer js-header alnum:40⟫",
    "Content-Type": "application/json",
  },
});

export function search(q) {
  return client.get("/orders", { params: { q, token: undefined } });
}

const passwordInput = document.querySelector('input[type="password"]');
const tokenStorageKey = "checkout.session.token";
export { passwordInput, tokenStorageKey };
"""

FILES["checkout-web/.env.production"] = """\
NEXT_PUBLIC_API_BASE=https://api.tessaly.io
NEXT_PUBLIC_STRIPE_KEY=⟪F stripe pk-live fmt:pk_live_{alnum:24}⟫
DATABASE_URL=postgresql://checkout:⟪T db-url postgres-url alnum:22⟫@pg-checkout.internal:5432/checkout?sslmode=require
NEXTAUTH_SECRET=⟪T generic-secret env-nextauth bytes:32⟫
GITHUB_CLIENT_ID=Iv1.⟪F identifier oauth-client-id hex:16⟫
GITHUB_CLIENT_SECRET=⟪T github oauth-client-secret hex:40⟫
REDIS_URL=rediss://:⟪T db-url redis-empty-user alnum:32⟫@cache.tessaly.internal:6380/0
SESSION_COOKIE_NAME=__Host-checkout
"""

FILES["checkout-web/.env.example"] = """\
NEXT_PUBLIC_API_BASE=https://api.tessaly.io
DATABASE_URL=postgresql://checkout:⟪F password placeholder-url lit:<password>⟫@localhost:5432/checkout
NEXTAUTH_SECRET=⟪F generic-secret placeholder lit:replace-with-openssl-rand-base64-32⟫
GITHUB_CLIENT_SECRET=
OPENAI_API_KEY=⟪F openai placeholder lit:sk-...⟫
"""

FILES["checkout-web/.npmrc"] = """\
registry=https://registry.npmjs.org/
@tessaly:registry=https://npm.pkg.github.com/
//npm.pkg.github.com/:_authToken=⟪T github npmrc-ghp gh:ghp_⟫
//registry.npmjs.org/:_authToken=⟪T npm npmrc-token npm⟫
always-auth=true
save-exact=true
"""

FILES["ledger/ledger/settings.py"] = """\
from pathlib import Path
import os

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "⟪T generic-secret django-secret-key pw:50⟫"
DEBUG = False
ALLOWED_HOSTS = ["ledger.tessaly.io"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "USER": "ledger_app",
        "PASSWORD": "⟪T password django-dict human⟫",
        "HOST": "pg-ledger.internal",
        "PORT": "5432",
    },
    "replica": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "ledger",
        "USER": "ledger_ro",
        "PASSWORD": os.environ.get("LEDGER_RO_PASSWORD", ""),
        "HOST": "pg-ledger-ro.internal",
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
PASSWORD_RESET_TIMEOUT = 3600
CELERY_BROKER_URL = "amqp://ledger:⟪T db-url amqp-python alnum:20⟫@rabbit.internal:5672//"
AWS_STORAGE_BUCKET_NAME = "tessaly-ledger-exports"
AWS_ACCESS_KEY_ID = "⟪T aws access-key-id fmt:AKIA{upper:16}⟫"
AWS_SECRET_ACCESS_KEY = "⟪T aws secret-access-key b64:40⟫"
STATIC_ROOT = BASE_DIR / "static"
"""

FILES["ledger/ledger/integrations.py"] = """\
import hashlib
import hmac

import requests
from huggingface_hub import InferenceClient
from twilio.rest import Client

TWILIO_ACCOUNT_SID = "⟪F twilio account-sid fmt:AC{hex:32}⟫"
TWILIO_AUTH_TOKEN = "⟪T twilio auth-token hex:32⟫"
HF_TOKEN = "⟪T huggingface hf-token fmt:hf_{letters:34}⟫"
EXPECTED_SHA256 = "⟪F hash sha256-const hex:64⟫"
PAYLOAD_DIGEST = hashlib.sha256(b"ledger").hexdigest()


def sms(to: str, body: str) -> None:
    Client(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).messages.create(to=to, from_="+15005550006", body=body)


def summarise(text: str) -> str:
    return InferenceClient(token=HF_TOKEN).summarization(text)


def mailgun(to: str) -> None:
    requests.post(
        "https://api.mailgun.net/v3/mg.tessaly.io/messages",
        auth=("api", "⟪T mailgun tuple-auth fmt:key-{hex:32}⟫"),
        data={"to": to, "subject": "Statement"},
    )


def verify(body: bytes, signature: str, secret: bytes) -> bool:
    return hmac.compare_digest(hmac.new(secret, body, hashlib.sha256).hexdigest(), signature)
"""

FILES["ledger/tests/test_integrations.py"] = """\
from unittest import mock

from ledger import integrations

FAKE_TOKEN = "⟪F generic-secret test-fake lit:fake-hf-token-used-only-in-tests⟫"
API_KEY = "⟪F generic-secret test-fake lit:test_api_key_123⟫"


def test_summarise_uses_the_token():
    with mock.patch.object(integrations, "HF_TOKEN", FAKE_TOKEN):
        assert integrations.HF_TOKEN == FAKE_TOKEN
"""

FILES["ledger/deploy/run_migrations.sh"] = """\
#!/usr/bin/env bash
set -euo pipefail

export PGHOST=pg-ledger.internal
export PGUSER=ledger_owner
export PGPASSWORD='⟪T password shell-export-quoted pw:22⟫'
export ANSIBLE_VAULT_PASSWORD_FILE=~/.vault_pass
psql -d ledger -f migrations/2026_11_add_index.sql

curl -sf -u "deployer:⟪T basic-auth curl-user pw:20⟫" https://artifacts.tessaly.io/api/promote
curl -sf -H "Authorization: Bearer ${CI_JOB_TOKEN}" https://gitlab.tessaly.io/api/v4/projects
mysql -h db.internal -u report -p'⟪T password mysql-inline-p alnum:16⟫' reports < nightly.sql
sshpass -p "$DEPLOY_PASSWORD" ssh deploy@app01 'systemctl restart ledger'
"""

FILES["ledger/migrations/0007_roles.sql"] = """\
-- Roles for the reporting replica
CREATE USER reporting WITH PASSWORD '⟪T password sql-create-user pw:18⟫';
CREATE ROLE auditor LOGIN PASSWORD '⟪T password sql-create-role human⟫';
ALTER USER ledger_app WITH PASSWORD :'app_password';
CREATE USER 'etl'@'%' IDENTIFIED BY '⟪T password mysql-identified-by pw:16⟫';
GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
-- passwords are rotated by the DBA runbook, see wiki/Rotation
ALTER LOGIN [svc_sync] WITH PASSWORD = N'⟪T password tsql-login pw:20⟫';
SELECT md5('⟪F hash md5-literal hex:32⟫');
"""

FILES["inventory-go/internal/config/config.go"] = """\
package config

import "os"

type Mongo struct {
	URI      string
	Database string
}

var defaultMongo = Mongo{
	URI:      "mongodb+srv://inventory:⟪T db-url mongo-srv alnum:20⟫@cluster0.tessaly.mongodb.net/?retryWrites=true",
	Database: "inventory",
}

const (
	slackBotToken   = "⟪T slack xoxb fmt:xoxb-{digits:12}-{digits:13}-{alnum:24}⟫"
	slackWebhookURL = "https://hooks.slack.com/services/T⟪T slack webhook-url fmt:{upper:8}/B{upper:10}/{alnum:24}⟫"
	digitaloceanPAT = "⟪T digitalocean dop-v1 fmt:dop_v1_{hex:64}⟫"
	requestIDHeader = "X-Request-Id"
)

var apiSecret = os.Getenv("INVENTORY_API_SECRET")

var buildChecksum = "⟪F hash checksum-var hex:64⟫"
"""

FILES["inventory-go/cmd/seed/main.go"] = """\
package main

import (
	"database/sql"
	"fmt"

	_ "github.com/lib/pq"
)

func main() {
	dsn := "host=pg.internal port=5432 user=seed password=⟪T db-connection libpq-dsn alnum:18⟫ dbname=inventory sslmode=disable"
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		panic(err)
	}
	defer db.Close()
	fmt.Println("seeded")
	var placeholder = "postgres://user:password@localhost/db"
	_ = placeholder
}
"""

FILES["warehouse-rs/src/secrets.rs"] = """\
use std::env;

pub const ANTHROPIC_API_KEY: &str = "⟪T anthropic rust-const fmt:sk-ant-api03-{b64url:93}AA⟫";
pub const USER_AGENT: &str = "warehouse-rs/1.4";

pub struct Creds {
    pub username: String,
    pub password: String,
}

pub fn db_creds() -> Creds {
    Creds {
        username: "warehouse".to_string(),
        password: "⟪T password rust-struct-literal pw:18⟫".to_string(),
    }
}

pub fn token_from_env() -> Option<String> {
    env::var("WAREHOUSE_TOKEN").ok()
}
"""

FILES["payments-net/appsettings.json"] = """\
{
  "Logging": { "LogLevel": { "Default": "Information" } },
  "ConnectionStrings": {
    "Payments": "Server=tcp:sql-payments.database.windows.net,1433;Initial Catalog=payments;User ID=payments_app;Password=⟪T db-connection adonet-password pw:20⟫;Encrypt=True;",
    "Cache": "cache-payments.redis.cache.windows.net:6380,password=⟪T azure-redis redis-connstr bytes:32⟫,ssl=True,abortConnect=False",
    "Reporting": "Server=tcp:sql-payments.database.windows.net;Database=reporting;Authentication=Active Directory Managed Identity;"
  },
  "AzureAd": {
    "Instance": "https://login.microsoftonline.com/",
    "TenantId": "⟪F guid tenant-id fmt:{hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12}⟫",
    "ClientId": "⟪F guid client-id fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫",
    "ClientSecret": "⟪T entra appsettings entra⟫"
  },
  "Storage": {
    "ConnectionString": "DefaultEndpointsProtocol=https;AccountName=stpayments;AccountKey=⟪T azure-storage connstr bytes:64⟫;EndpointSuffix=core.windows.net"
  },
  "ServiceBus": {
    "FullyQualifiedNamespace": "sb-payments.servicebus.windows.net"
  },
  "Cosmos": {
    "Endpoint": "https://cosmos-payments.documents.azure.com:443/",
    "Key": "⟪T azure-cosmos appsettings-key bytes:64⟫"
  },
  "ApplicationInsights": {
    "ConnectionString": "InstrumentationKey=⟪F guid instrumentation-key fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/"
  }
}
"""

FILES["payments-net/appsettings.Development.json"] = """\
{
  "ConnectionStrings": {
    "Payments": "Server=(localdb)\\\\mssqllocaldb;Database=payments;Trusted_Connection=True;",
    "Storage": "UseDevelopmentStorage=true"
  },
  "AzureAd": {
    "ClientSecret": "⟪F entra user-secrets-ref lit:set-with-dotnet-user-secrets⟫"
  }
}
"""

FILES["payments-net/Web.config"] = """\
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <appSettings>
    <add key="webpages:Version" value="3.0.0.0" />
    <add key="PaymentGateway.ApiKey" value="⟪T generic-secret web-config-add alnum:32⟫" />
    <add key="PaymentGateway.MerchantId" value="⟪F identifier merchant-id digits:9⟫" />
    <add key="Smtp.Password" value="⟪T password web-config-add human⟫" />
    <add key="Recaptcha.SiteKey" value="⟪F public site-key fmt:6L{b64url:38}⟫" />
  </appSettings>
  <connectionStrings>
    <add name="Legacy" connectionString="Data Source=sql01;Initial Catalog=pay;User Id=pay_legacy;Password=⟪T db-connection web-config-connstr pw:16⟫;" providerName="System.Data.SqlClient" />
  </connectionStrings>
  <system.web>
    <machineKey validationKey="⟪T generic-secret machine-key HEX:128⟫" decryptionKey="⟪T generic-secret machine-key-decrypt HEX:64⟫" validation="HMACSHA256" decryption="AES" />
  </system.web>
</configuration>
"""

FILES["payments-net/src/Payments/Clients/ShippingClient.cs"] = """\
using System.Net.Http;
using System.Net.Http.Headers;

namespace Payments.Clients;

public sealed class ShippingClient
{
    private const string ApiToken = "⟪T generic-secret csharp-const alnum:36⟫";
    private const string PasswordPolicyName = "StrongPasswordPolicy";
    private readonly HttpClient _http;

    public ShippingClient(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
    }

    public static NetworkCredentialish Legacy() => new("svc_shipping", "⟪T password csharp-ctor-arg pw:18⟫");
}

public sealed record NetworkCredentialish(string User, string Password);
"""

FILES["payments-net/nuget.config"] = """\
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
    <add key="tessaly" value="https://pkgs.dev.azure.com/tessaly/_packaging/internal/nuget/v3/index.json" />
  </packageSources>
  <packageSourceCredentials>
    <tessaly>
      <add key="Username" value="build" />
      <add key="ClearTextPassword" value="⟪T ado-pat nuget-cleartext adopat⟫" />
    </tessaly>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org/api/v2/package" value="⟪T nuget nuget-apikey fmt:oy2{lower:43}⟫" />
  </apikeys>
</configuration>
"""

FILES["storefront-php/config/app.php"] = """\
<?php

return [
    'name' => env('APP_NAME', 'Storefront'),
    'key' => '⟪T generic-secret laravel-app-key fmt:base64:{bytes:32}⟫',
    'cipher' => 'AES-256-CBC',
    'mailgun' => [
        'domain' => 'mg.tessaly.io',
        'secret' => '⟪T mailgun php-array fmt:{hex:32}-{hex:8}-{hex:8}⟫',
    ],
    'postmark_token' => env('POSTMARK_TOKEN'),
];
"""

FILES["storefront-php/wp-config.php"] = """\
<?php
define( 'DB_NAME', 'storefront' );
define( 'DB_USER', 'wp_storefront' );
define( 'DB_PASSWORD', '⟪T password php-define pw:20⟫' );
define( 'DB_HOST', 'mysql.internal' );
define( 'AUTH_KEY',         '⟪T generic-secret wp-salt pw:64⟫' );
define( 'NONCE_SALT',       '⟪F generic-secret wp-salt-placeholder lit:put your unique phrase here⟫' );
$table_prefix = 'wp_';
"""

FILES["shipping-rb/config/initializers/carriers.rb"] = """\
# frozen_string_literal: true

Carriers.configure do |c|
  c.api_key = '⟪T generic-secret ruby-attr-assign alnum:32⟫'
  c.api_secret = ENV.fetch('CARRIER_API_SECRET')
  c.password_hint = 'Use the team vault'
end

GITLAB_TOKEN = '⟪T gitlab glpat fmt:glpat-{b64url:20}⟫'
RUBYGEMS_API_KEY = '⟪T rubygems ruby-const fmt:rubygems_{hex:48}⟫'
ATLASSIAN_TOKEN = '⟪T atlassian api-token fmt:ATATT3xFfGF0{b64url:174}={HEX:8}⟫'
"""

FILES["shipping-rb/config/database.yml"] = """\
default: &default
  adapter: postgresql
  encoding: unicode
  pool: 5

development:
  <<: *default
  database: shipping_dev
  password: <%= ENV['SHIPPING_DB_PASSWORD'] %>

production:
  <<: *default
  database: shipping
  username: shipping
  password: ⟪T password rails-database-yml pw:24⟫
"""

FILES["tools/sync.ps1"] = """\
param(
    [string]$Environment = 'prod'
)

$securePwd = ConvertTo-SecureString '⟪T password ps-securestring pw:18⟫' -AsPlainText -Force
$cred = New-Object System.Management.Automation.PSCredential('svc-sync@tessaly.io', $securePwd)
Connect-AzAccount -ServicePrincipal -Credential $cred -Tenant 'tessaly.onmicrosoft.com'

$env:AZURE_DEVOPS_EXT_PAT = '⟪T ado-pat ps-env-pat adopat⟫'
$headers = @{ Authorization = 'Basic ⟪T basic-auth ps-basic-header b64of:build:{pw:20}⟫' }
Invoke-RestMethod -Uri 'https://dev.azure.com/tessaly/_apis/projects' -Headers $headers
$apiKey = Read-Host -AsSecureString 'API key'
"""

FILES["tools/rotate.utf16.ps1"] = """\
# Saved by Windows PowerShell ISE (UTF-16)
$StorageKey = '⟪T azure-storage ps-variable bytes:64⟫'
$context = New-AzStorageContext -StorageAccountName 'stbackups' -StorageAccountKey $StorageKey
$sasToken = New-AzStorageContainerSASToken -Name 'exports' -Permission r -Context $context
"""

FILES["tools/seed_admin.py"] = """\
import subprocess

subprocess.run(["createuser", "--superuser", "admin"], check=True)
subprocess.run(["app", "set-admin", "--password", "⟪T password list-flag-value pw:16⟫"], check=True)
subprocess.run(["app", "set-admin", "--password-file", "/run/secrets/admin"], check=True)
args = ["--token", "⟪T generic-secret list-token-flag alnum:40⟫", "--verbose"]
"""

FILES["tools/publish.py"] = """\
from twine.commands import upload

PYPI_TOKEN = "⟪T pypi py-const fmt:pypi-AgEIcHlwaS5vcmc{b64url:150}⟫"
TEST_PYPI_URL = "https://test.pypi.org/legacy/"
PACKAGE_SHA = "⟪F hash package-sha hex:64⟫"

upload.main(["--username", "__token__", "--password", PYPI_TOKEN, "dist/*"])
"""

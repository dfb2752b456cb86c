"""Application code of Vento Cargo (a freight forwarder: depots, waybills, customs, tracking),
one file per idiom, in the languages its services are written in."""

FILES: dict[str, str] = {}

FILES["services/tracking-go/internal/carrier/dhl.go"] = r"""package carrier

import (
	"net/http"
	"time"
)

// Sendungsverfolgung: Zugangsdaten für den Partner-Endpunkt (Hamburg)
const (
	partnerBase     = "https://api.partner-hub.ventocargo.eu/v2"
	partnerUser     = "vento-hh"
	partnerPasswort = "⟪T password go-const-german human⟫"
	webhookChecksum = "⟪F hash checksum-const hex:64⟫"
)

type Client struct {
	HTTP   *http.Client
	APIKey string
	Region string
}

func NewDefault() *Client {
	return &Client{
		HTTP:   &http.Client{Timeout: 15 * time.Second},
		APIKey: "⟪T generic-api-key go-struct-field alnum:32⟫",
		Region: "eu-central",
	}
}
"""

FILES["services/tracking-go/internal/store/db.go"] = r"""package store

import (
	"database/sql"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func Open() (*sql.DB, error) {
	dsn := os.Getenv("TRACKING_DSN")
	if dsn == "" {
		dsn = "⟪T db-url go-fallback-dsn fmt:postgres://tracking:{alnum:20}@pg-tracking.vento.internal:5432/tracking?sslmode=require⟫"
	}
	return sql.Open("pgx", dsn)
}

// migrationsHash pins the schema bundle the service expects.
var migrationsHash = "⟪F hash sha256-var hex:64⟫"
var buildCommit = "⟪F commit-sha go-ldflags hex:40⟫"
"""

FILES["services/tracking-go/internal/store/db_test.go"] = r"""package store

import "testing"

func TestRedact(t *testing.T) {
	in := "postgres://tracking:⟪F fake test-literal lit:not-a-real-password⟫@localhost/tracking"
	if got := Redact(in); got == in {
		t.Fatalf("expected redaction")
	}
	id := "⟪F guid test-request-id x:guid⟫"
	_ = id
}
"""

FILES["services/tracking-go/cmd/notify/main.go"] = r"""package main

import (
	"github.com/slack-go/slack"
	"github.com/twilio/twilio-go"
)

func main() {
	api := slack.New("⟪T slack go-positional fmt:xoxb-{digits:12}-{digits:13}-{alnum:24}⟫")
	tw := twilio.NewRestClientWithParams(twilio.ClientParams{
		Username: "⟪F id twilio-account-sid fmt:AC{hex:32}⟫",
		Password: "⟪T twilio go-auth-token hex:32⟫",
	})
	_, _ = api, tw
}
"""

FILES[
    "services/billing-java/src/main/java/eu/ventocargo/billing/SapGateway.java"
] = r"""package eu.ventocargo.billing;

import java.sql.Connection;
import java.sql.DriverManager;

/** Anbindung an das SAP-Abrechnungssystem (Rechnungsstellung). */
public final class SapGateway {
    private static final String RFC_USER = "VC_RFC_BILL";
    private static final String RFC_KENNWORT = "⟪T password java-static-final-german pw:14⟫";
    private static final String SCHEMA_VERSION = "⟪F version semver lit:4.18.2-rc.1⟫";

    public Connection open() throws Exception {
        return DriverManager.getConnection(
            "jdbc:sqlserver://sql-billing.vento.internal:1433;databaseName=Faktura",
            "faktura_app",
            "⟪T password java-positional-getconnection alnum:18⟫");
    }
}
"""

FILES[
    "services/billing-java/src/main/java/eu/ventocargo/billing/StripeConfig.java"
] = r"""package eu.ventocargo.billing;

import com.stripe.Stripe;

public class StripeConfig {
    // publishable key is fine to ship to the portal
    public static final String PUBLISHABLE = "⟪F publishable-key stripe-pk fmt:pk_live_{alnum:24}⟫";

    static {
        Stripe.apiKey = "⟪T stripe java-static-init fmt:sk_live_{alnum:24}⟫";
    }

    String webhookSecret = System.getenv("STRIPE_WEBHOOK_SECRET");
}
"""

FILES[
    "services/billing-java/src/main/resources/application-prod.properties"
] = r"""spring.application.name=billing
spring.datasource.url=jdbc:postgresql://pg-billing.vento.internal:5432/billing
spring.datasource.username=billing_svc
spring.datasource.password=⟪T password properties-spring pw:20⟫
spring.rabbitmq.host=mq.vento.internal
spring.rabbitmq.password=⟪F env-ref spring-placeholder lit:${RABBIT_PASSWORD}⟫
vento.sap.client-secret=⟪T entra-secret properties-kebab entra⟫
vento.sap.tenant-id=⟪F guid properties-tenant x:guid⟫
management.endpoints.web.exposure.include=health,info
vento.build.sha=⟪F commit-sha properties-build hex:40⟫
"""

FILES["services/billing-java/src/main/resources/messages_de.properties"] = r"""login.title=Anmeldung
login.password=Passwort
login.password.hint=Mindestens 12 Zeichen
login.token.expired=Ihr Zugangstoken ist abgelaufen
error.secret.missing=Geheimnis nicht konfiguriert
"""

FILES[
    "apps/driver-android/app/src/main/java/eu/ventocargo/driver/ApiModule.kt"
] = r"""package eu.ventocargo.driver

import okhttp3.OkHttpClient

object ApiModule {
    private const val MAPS_KEY = "⟪T gcp-api-key kotlin-const fmt:AIza{b64url:35}⟫"
    private const val SENTRY_DSN = "⟪F public-dsn sentry-dsn fmt:https://{hex:32}@o{digits:6}.ingest.sentry.io/{digits:7}⟫"
    val dispatchToken: String = BuildConfig.DISPATCH_TOKEN

    fun client(): OkHttpClient = OkHttpClient.Builder()
        .addInterceptor { chain ->
            chain.proceed(
                chain.request().newBuilder()
                    .header("X-Depot-Key", "⟪T generic-api-key kotlin-header b64url:40⟫")
                    .build()
            )
        }.build()
}
"""

FILES["apps/driver-android/app/build.gradle.kts"] = r"""plugins {
    id("com.android.application")
    kotlin("android")
}

android {
    namespace = "eu.ventocargo.driver"
    defaultConfig {
        buildConfigField("String", "DISPATCH_TOKEN", "\"${System.getenv("DISPATCH_TOKEN") ?: ""}\"")
    }
    signingConfigs {
        create("release") {
            storeFile = file("../keys/release.jks")
            storePassword = "⟪T password gradle-kts-signing human⟫"
            keyAlias = "vento-driver"
            keyPassword = "⟪T password gradle-kts-keypassword human⟫"
        }
    }
}
"""

FILES["apps/driver-android/gradle.properties"] = r"""org.gradle.jvmargs=-Xmx2048m
android.useAndroidX=true
ventoMavenUser=ci-reader
ventoMavenPassword=⟪T azure-devops-pat gradle-properties adopat⟫
kotlin.code.style=official
"""

FILES["apps/driver-ios/Driver/Secrets.swift"] = r"""import Foundation

enum Secrets {
    static let mapboxPublic = "⟪F publishable-key mapbox-pk fmt:pk.eyJ1IjoidmVudG9jYXJnbyIsImEiOiJ{alnum:20}In0.{b64url:22}⟫"
    static let dispatchSigningKey = "⟪T hmac-secret swift-static-let hex:64⟫"
    static let appGroup = "group.eu.ventocargo.driver"
    static let installId = UUID(uuidString: "⟪F guid swift-uuid x:guid⟫")
}
"""

FILES["apps/driver-ios/Driver/Info.plist"] = r"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleIdentifier</key>
	<string>eu.ventocargo.driver</string>
	<key>GMSApiKey</key>
	<string>⟪T gcp-api-key plist-string fmt:AIza{b64url:35}⟫</string>
	<key>RevenueCatAppUserSalt</key>
	<string>⟪F placeholder xcconfig-ref lit:$(RC_SALT)⟫</string>
	<key>CFBundleVersion</key>
	<string>⟪F version build-number lit:2026.11.3041⟫</string>
</dict>
</plist>
"""

FILES["apps/yard-flutter/lib/config.dart"] = r"""// Konfiguration der Hof-App (Yard management)
class AppConfig {
  static const String apiBase = 'https://yard.ventocargo.eu/api';
  static const String supabaseAnonKey = String.fromEnvironment('SUPABASE_ANON_KEY');
  static const String supabaseServiceKey = '⟪T jwt dart-const jwt⟫';
  static const String firebaseProjectId = 'vento-yard-prod';
  static const String releaseSha = '⟪F commit-sha dart-release hex:40⟫';
}
"""

FILES["services/routing-scala/src/main/resources/application.conf"] = r"""routing {
  http.port = 8080
  osrm.url = "http://osrm.vento.internal:5000"
  kafka {
    bootstrap = "vento-eh.servicebus.windows.net:9093"
    sasl.jaas.config = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" password=\"⟪T azure-eventhub hocon-jaas fmt:Endpoint=sb://vento-eh.servicebus.windows.net/;SharedAccessKeyName=routing-send;SharedAccessKey={bytes:32}⟫\";"
  }
  db.password = ${?ROUTING_DB_PASSWORD}
  db.password-hash-algo = "argon2id"
}
"""

FILES[
    "services/routing-scala/src/main/scala/eu/ventocargo/routing/Tolls.scala"
] = r"""package eu.ventocargo.routing

object Tolls {
  // Maut-API (Toll Collect), Zugang des Testmandanten
  private val mautApiSchluessel = "⟪T generic-api-key scala-private-val-german alnum:40⟫"
  private val fixtureDigest = "⟪F hash sha1-digest-val hex:40⟫"
  final case class Creds(user: String, secret: String)
  val tollCreds: Creds = Creds("vento-maut", "⟪T password scala-case-class-positional pw:16⟫")
}
"""

FILES["services/customs-elixir/config/runtime.exs"] = r"""import Config

config :customs, Customs.Repo,
  username: "customs",
  password: System.get_env("CUSTOMS_DB_PASSWORD") || "⟪T password elixir-or-fallback human⟫",
  hostname: "pg-customs.vento.internal"

config :customs, CustomsWeb.Endpoint,
  secret_key_base: "⟪T hmac-secret elixir-secret-key-base b64:64⟫"

config :customs, :atlas,
  zoll_zertifikat_fingerprint: "⟪F hash cert-thumbprint HEX:40⟫"
"""

FILES["services/customs-rust/src/config.rs"] = r"""use std::env;

pub struct AduanaConfig {
    pub endpoint: &'static str,
    pub clave_api: &'static str,
}

// Conexión con la aduana (AEAT) para el depósito de Valencia
pub const ADUANA: AduanaConfig = AduanaConfig {
    endpoint: "https://www1.agenciatributaria.gob.es/wlpl/ADHT-JDIT/ws",
    clave_api: "⟪T generic-api-key rust-struct-spanish b64url:43⟫",
};

pub fn contrasena() -> String {
    env::var("ADUANA_CONTRASENA").unwrap_or_else(|_| String::from("⟪T password rust-unwrap-or human⟫"))
}

pub const CERT_SHA256: &str = "⟪F hash rust-cert-sha256 hex:64⟫";
"""

FILES["firmware/scanner-gun/src/net_config.c"] = r"""#include "net_config.h"

/* Handscanner: WLAN im Lager Hamburg-Waltershof */
static const char *WIFI_SSID = "VC-LAGER-HH";
static const char WIFI_PSK[] = "⟪T password c-char-array pw:20⟫";
#define MQTT_USER "scanner"
#define MQTT_PASS "⟪T password c-define alnum:24⟫"
#define FW_BUILD_ID "⟪F hash c-build-id hex:40⟫"
static const unsigned char BOOT_PUBKEY_SHA[] = "⟪F hash c-pubkey-hash hex:64⟫";
"""

FILES["firmware/scanner-gun/src/ota.cpp"] = r"""#include <string>
#include "ota.hpp"

namespace vento::ota {
// Signaturschlüssel für OTA-Images (nur Prüfung: öffentlicher Schlüssel)
const std::string kVerifyKey = "⟪F public-key cpp-verify-key x:ssh-public⟫";
const std::string kUpdateServer{"https://ota.ventocargo.eu"};
const std::string kUpdateToken{"⟪T bearer cpp-brace-init alnum:48⟫"};
}  // namespace vento::ota
"""

FILES["services/portal-dotnet/src/Portal/Program.cs"] = r"""using Azure.Storage.Blobs;
using Azure.Identity;

var builder = WebApplication.CreateBuilder(args);

var blobs = new BlobServiceClient(
    "⟪T azure-storage-conn csharp-ctor fmt:DefaultEndpointsProtocol=https;AccountName=vcportaldocs;AccountKey={bytes:64};EndpointSuffix=core.windows.net⟫");
var cred = new ClientSecretCredential(
    "⟪F guid csharp-tenant-positional x:guid⟫",
    "⟪F guid csharp-client-positional x:guid⟫",
    "⟪T entra-secret csharp-positional entra⟫");
var kv = new Uri("https://kv-vento-portal.vault.azure.net/");

builder.Services.AddSingleton(blobs);
var app = builder.Build();
app.Run();
"""

FILES["services/portal-dotnet/src/Portal/Options/SmtpOptions.cs"] = r"""namespace Portal.Options;

public sealed class SmtpOptions
{
    public string Host { get; init; } = "smtp.office365.com";
    public int Port { get; init; } = 587;
    public string UserName { get; init; } = "noreply@ventocargo.eu";
    public string Password { get; init; } = "⟪T password csharp-init-default human⟫";
    public string PasswordHashAlgorithm { get; init; } = "PBKDF2";
}
"""

FILES["services/portal-dotnet/src/Portal.Tests/LoginTests.cs"] = r"""using Xunit;

public class LoginTests
{
    private const string DummyPassword = "⟪F fake test-const lit:Example-Passw0rd-For-Tests⟫";
    private const string SampleHash = "⟪F password-hash test-bcrypt x:bcrypt⟫";

    [Fact]
    public void RejectsWrongPassword() => Assert.False(Auth.Verify(DummyPassword, SampleHash));
}
"""

FILES["web/customer-portal/app/Http/Controllers/RastreoController.php"] = r"""<?php

namespace App\Http\Controllers;

// Consulta de envíos para clientes de São Paulo y Valencia
class RastreoController extends Controller
{
    private const CLAVE_CORREOS = '⟪T generic-api-key php-class-const-spanish alnum:32⟫';
    private string $senhaTransportadora = '⟪T password php-property-portuguese human⟫';

    public function conexion(): \PDO
    {
        return new \PDO('mysql:host=mysql-portal.vento.internal;dbname=rastreo', 'rastreo', '⟪T password php-pdo-positional alnum:16⟫');
    }

    public function token(): string
    {
        return env('RASTREO_TOKEN', '⟪F placeholder php-env-default lit:change-me⟫');
    }
}
"""

FILES["web/customer-portal/config/services.php"] = r"""<?php

return [
    'mailgun' => [
        'domain' => 'mg.ventocargo.eu',
        'secret' => '⟪T mailgun php-array fmt:key-{hex:32}⟫',
    ],
    'sendgrid' => [
        'api_key' => env('SENDGRID_API_KEY'),
    ],
    'recaptcha' => [
        'site_key' => '⟪F publishable-key recaptcha-site fmt:6L{b64url:38}⟫',
    ],
];
"""

FILES["web/ops-console/config/initializers/carriers.rb"] = r"""# frozen_string_literal: true

Rails.application.configure do
  config.x.kargo.api_anahtari = "⟪T generic-api-key ruby-config-x-turkish hex:40⟫" # İzmir deposu
  config.x.kargo.sifre = ENV.fetch("KARGO_SIFRE") { "⟪T password ruby-fetch-block human⟫" }
  config.x.kargo.webhook_imza_algoritmasi = "sha256"
end

SHOPIFY = ShopifyAPI::Context.setup(
  api_key: ENV.fetch("SHOPIFY_API_KEY"),
  api_secret_key: "⟪T shopify ruby-kwarg fmt:shpss_{hex:32}⟫",
  host: "https://ops.ventocargo.eu"
)
"""

FILES["web/ops-console/spec/fixtures/users.yml"] = r"""dispatcher:
  email: dispo@ventocargo.eu
  encrypted_password: "⟪F password-hash devise-bcrypt x:bcrypt⟫"
  otp_secret: "⟪F fake fixture-otp lit:JBSWY3DPEHPK3PXP⟫"
"""

FILES["tools/legacy/edi_import.pl"] = r"""#!/usr/bin/perl
use strict;
use warnings;
use DBI;

# EDIFACT-Import (IFTMIN) aus dem Altsystem
my %cfg = (
    dsn      => 'dbi:Oracle:host=ora-edi.vento.internal;sid=EDI',
    user     => 'EDI_LOADER',
    passwort => '⟪T password perl-fat-comma-german pw:12⟫',
);
my $dbh = DBI->connect($cfg{dsn}, $cfg{user}, $cfg{passwort}) or die $DBI::errstr;
my $ftp_pass = '⟪T password perl-scalar human⟫';
my $md5_of_last_file = '⟪F hash perl-md5 hex:32⟫';
"""

FILES["tools/depot-lua/redis_limits.lua"] = r"""-- OpenResty: Ratenbegrenzung je Depot
local redis = require "resty.redis"
local r = redis:new()
r:connect("vc-cache.redis.cache.windows.net", 6380, { ssl = true })
local ok, err = r:auth("⟪T azure-redis lua-auth bytes:32⟫")
local depot_ids = { "HAM", "VLC", "LYS", "ADB" }
local etag = "⟪F hash lua-etag hex:32⟫"
"""

FILES["analytics/forecast/R/load.R"] = r"""library(DBI)
library(RPostgres)

# Prognose der Palettenmengen je Depot
con <- dbConnect(
  RPostgres::Postgres(),
  host = "pg-dwh.vento.internal",
  dbname = "dwh",
  user = "analyst_ro",
  password = "⟪T password r-named-arg human⟫"
)
Sys.setenv(MAPBOX_TOKEN = "⟪T mapbox r-setenv x:mapbox-secret⟫")
run_id <- "⟪F guid r-run-id x:guid⟫"
"""

FILES["analytics/forecast/julia/src/Feeds.jl"] = r"""module Feeds

using HTTP

const WEATHER_BASE = "https://api.meteo.example.org/v1"
const WEATHER_KEY = "⟪T generic-api-key julia-const hex:32⟫"
const SNAPSHOT_SHA256 = "⟪F hash julia-sha256 hex:64⟫"

fetch(path) = HTTP.get(WEATHER_BASE * path; headers = ["x-api-key" => ENV["WEATHER_KEY"]])

end
"""

FILES["ops/scripts/Rotate-DepotCerts.ps1"] = r"""param([string]$Depot = 'HAM')

# Zertifikate der Depot-Gateways erneuern
$pfxPass = ConvertTo-SecureString -String '⟪T password powershell-securestring human⟫' -AsPlainText -Force
$sp = Get-AzKeyVaultSecret -VaultName 'kv-vento-ops' -Name 'depot-gw-sp' -AsPlainText
$thumb = '⟪F hash powershell-thumbprint HEX:40⟫'
$headers = @{ 'Authorization' = "Bearer ⟪T bearer powershell-hashtable-header jwt⟫" }
Invoke-RestMethod -Uri "https://gw-$Depot.ventocargo.eu/api/certs" -Headers $headers
"""

FILES["ops/scripts/profile.utf16.ps1"] = r"""# Windows PowerShell profile on the dispatch jump host
Set-Alias k kubectl
$env:VENTO_DISPATCH_URL = 'https://dispatch.ventocargo.eu'
$env:VENTO_DISPATCH_KEY = '⟪T generic-api-key powershell-env-utf16 alnum:36⟫'
$env:VENTO_TENANT = '⟪F guid powershell-tenant x:guid⟫'
"""

FILES["ops/scripts/backup_wms.sh"] = r"""#!/usr/bin/env bash
set -euo pipefail
# Nightly dump of the warehouse management system
export PGPASSWORD='⟪T password bash-export-pgpassword pw:18⟫'
pg_dump -h pg-wms.vento.internal -U wms_backup wms | gzip > "/backup/wms-$(date +%F).sql.gz"
az storage blob upload --account-name vcbackups --account-key "⟪T azure-storage-key bash-az-flag x:storage-idk⟫" \
  -c wms -f "/backup/wms-$(date +%F).sql.gz"
echo "checksum: ⟪F hash bash-echo-sha256 hex:64⟫"
"""

FILES["ops/scripts/push_manifest.sh"] = r"""#!/bin/sh
# Subida del manifiesto a la naviera
curl -sf -u 'vento-vlc:⟪T password curl-u human⟫' \
  -F "file=@manifest.xml" https://edi.naviera-partner.example.com/upload
curl -sf -H "Authorization: Basic ⟪T basic-auth curl-header-basic x:basic⟫" https://edi.naviera-partner.example.com/status
curl -sf -H "X-Request-Id: ⟪F guid curl-request-id x:guid⟫" https://edi.naviera-partner.example.com/ping
"""

FILES["db/migrations/V42__reporting_roles.sql"] = r"""-- Rollen für das Reporting (Power BI)
CREATE ROLE reporting_ro LOGIN PASSWORD '⟪T password sql-create-role alnum:20⟫';
GRANT CONNECT ON DATABASE dwh TO reporting_ro;
ALTER ROLE etl_loader WITH PASSWORD '⟪F password-hash sql-scram-verifier fmt:SCRAM-SHA-256$4096:{b64:24}${b64:43}=:{b64:43}=⟫';
COMMENT ON ROLE reporting_ro IS 'Nur Lesezugriff, Passwort im Key Vault kv-vento-data';
"""

FILES["db/mssql/create_login.sql"] = r"""USE master;
GO
CREATE LOGIN [svc_aduana] WITH PASSWORD = N'⟪T password tsql-create-login pw:16⟫', CHECK_POLICY = ON;
GO
-- hashed form exported from the old server, keep for audit
-- CREATE LOGIN [old_edi] WITH PASSWORD = ⟪F password-hash tsql-hashed fmt:0x0200{HEX:136}⟫ HASHED;
INSERT INTO dbo.Integrations (Name, ApiKey) VALUES (N'Shenzhen-Agent', N'⟪T generic-api-key sql-insert-value alnum:32⟫');
"""

FILES["services/dispatch-node/src/clients/openai.ts"] = r"""import OpenAI from "openai";

// Zusammenfassung von Schadensmeldungen (claims)
export const ai = new OpenAI({
  apiKey: process.env.OPENAI_API_KEY ?? "⟪T openai ts-nullish-fallback fmt:sk-proj-{b64url:74}T3BlbkFJ{b64url:74}⟫",
  organization: "⟪F id openai-org fmt:org-{alnum:24}⟫",
});
"""

FILES[
    "services/dispatch-node/src/clients/anthropic.js"
] = r"""const Anthropic = require("@anthropic-ai/sdk");

// 顧客からの問い合わせ分類 (Osaka office)
const クライアント = new Anthropic({ apiKey: "⟪T anthropic js-object-japanese fmt:sk-ant-api03-{b64url:93}AA⟫" });
const モデル = "claude-sonnet-4-5";
module.exports = { クライアント, モデル };
"""

FILES["services/dispatch-node/src/config/shenzhen.js"] = r"""// 深圳仓库对接配置
module.exports = {
  仓库接口地址: "https://wms-sz.ventocargo.cn/api",
  接口密钥: "⟪T generic-api-key js-chinese-key alnum:32⟫",
  数据库密码: "⟪T password js-chinese-db-password pw:16⟫",
  校验和: "⟪F hash js-chinese-checksum hex:64⟫",
  用户编号: "⟪F guid js-chinese-user-id x:guid⟫",
};
"""

FILES[
    "services/dispatch-node/src/config/novosibirsk.ts"
] = r"""// Склад Новосибирск: интеграция с 1С
export const склад = {
  адрес: "https://1c-nsk.ventocargo.ru/hs/api",
  логин: "integration",
  пароль: "⟪T password ts-russian-key human⟫",
  хэш_выгрузки: "⟪F hash ts-russian-hash hex:40⟫",
};
"""

FILES[
    "services/dispatch-node/test/fixtures/auth.test.ts"
] = r"""import { describe, it, expect } from "vitest";

const FAKE_TOKEN = "⟪F fake test-fake-jwt lit:eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c⟫";
const mockApiKey = "⟪F fake test-mock-key lit:test-api-key-do-not-use⟫";

describe("auth", () => {
  it("rejects the sample token", () => expect(verify(FAKE_TOKEN)).toBe(false));
});
"""

FILES["services/claims-py/claims/settings.py"] = r"""import os

# Schadensabwicklung (claims) – Django settings
SECRET_KEY = "⟪T django-secret django-secret-key fmt:django-insecure-{pw:50}⟫"
DEBUG = False
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "claims",
        "USER": "claims",
        "PASSWORD": os.environ.get("CLAIMS_DB_PASSWORD", ""),
        "HOST": "pg-claims.vento.internal",
    }
}
AWS_ACCESS_KEY_ID = "⟪T aws python-access-key-id x:aws-id⟫"
AWS_SECRET_ACCESS_KEY = "⟪T aws python-secret-access-key b64:40⟫"
AWS_STORAGE_BUCKET_NAME = "vento-claims-photos"
SOCIAL_AUTH_AZUREAD_TENANT_OAUTH2_TENANT_ID = "⟪F guid django-tenant x:guid⟫"
"""

FILES[
    "services/claims-py/claims/integrations/hf.py"
] = r"""from huggingface_hub import InferenceClient

# Schadensfotos klassifizieren
client = InferenceClient(token="⟪T huggingface python-kwarg fmt:hf_{letters:34}⟫")
MODEL_REVISION = "⟪F commit-sha hf-revision hex:40⟫"
"""

FILES["services/claims-py/tests/test_crypto.py"] = r"""from claims.crypto import seal

# Published test vector, RFC 4231 test case 2 (key "Jefe")
HMAC_KEY = b"Jefe"
EXPECTED = "⟪F sample-key rfc4231-vector lit:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843⟫"


def test_seal_matches_rfc():
    assert seal(HMAC_KEY, b"what do ya want for nothing?") == EXPECTED
"""

FILES["services/claims-py/claims/storage.py"] = r"""from azure.storage.blob import BlobServiceClient
from azure.identity import DefaultAzureCredential

ACCOUNT_URL = "https://vcclaims.blob.core.windows.net"
# Managed identity in production; the emulator locally
AZURITE = "⟪F sample-key azurite-conn lit:DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;⟫"


def client(local: bool = False) -> BlobServiceClient:
    if local:
        return BlobServiceClient.from_connection_string(AZURITE)
    return BlobServiceClient(ACCOUNT_URL, credential=DefaultAzureCredential())
"""

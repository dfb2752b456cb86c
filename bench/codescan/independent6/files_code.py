"""Kestrel Forge Games' source code: game servers, tools, mobile clients and back-office services
in many languages (Go, Java, Kotlin, Swift, Dart, Scala, Elixir, Rust, C/C++, C#, PHP, Ruby, Perl,
Lua, R, Julia, PowerShell, Bash, SQL, Python, TypeScript)."""

FILES: dict[str, str] = {}

FILES["services/matchmaker/internal/steam/client.go"] = r"""package steam

import (
	"net/http"
	"os"
	"time"
)

// Steam Web API partner key for the Kestrel Forge publisher account.
// TODO(rotate): moved to Key Vault in KF-2231, delete this fallback after launch.
const partnerKey = "⟪T generic-api-key go-const-steam x:steam-key⟫"

// AppID of "Hollow Tide" on Steam; not a secret.
const appID = "⟪F numeric-id steam-appid digits:7⟫"

func New() *Client {
	key := os.Getenv("STEAM_PARTNER_KEY")
	if key == "" {
		key = partnerKey
	}
	return &Client{key: key, http: &http.Client{Timeout: 8 * time.Second}}
}
"""

FILES["services/matchmaker/internal/store/redis.go"] = r"""package store

import "github.com/redis/go-redis/v9"

// Redis in the EU shard; the password comes from the environment in production.
var defaultOpts = redis.Options{
	Addr:     "mm-eu.redis.cache.windows.net:6380",
	Password: "⟪T azure-redis-key go-struct-field bytes:32⟫",
	DB:       2,
}

// build commit baked in by -ldflags
var BuildCommit = "⟪F commit-sha go-build-commit hex:40⟫"
"""

FILES["services/matchmaker/internal/store/redis_test.go"] = r"""package store

import "testing"

func TestOptions(t *testing.T) {
	opts := defaultOpts
	opts.Password = "⟪F placeholder go-test-dummy lit:not-a-real-password⟫"
	if opts.DB != 2 {
		t.Fatal("wrong db")
	}
}
"""

FILES[
    "services/leaderboard/src/main/java/gg/kestrel/lb/ScoreSigner.java"
] = r"""package gg.kestrel.lb;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signiert Highscores, damit Clients sie nicht fälschen können. */
public final class ScoreSigner {
    // HMAC-Schlüssel für Ranglisten (Produktion)
    private static final String HMAC_SCHLUESSEL = "⟪T generic-secret java-hmac-german hex:64⟫";
    // SHA-256 der Schema-Datei, zur Versionsprüfung
    private static final String SCHEMA_HASH = "⟪F hash java-schema-sha256 x:sha256-text⟫";

    public byte[] sign(String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HMAC_SCHLUESSEL.getBytes(), "HmacSHA256"));
        return mac.doFinal(payload.getBytes());
    }
}
"""

FILES["services/leaderboard/src/main/resources/application.properties"] = r"""server.port=8443
spring.datasource.url=jdbc:postgresql://lb-db.kestrelforge.internal:5432/leaderboard
spring.datasource.username=lb_service
spring.datasource.password=⟪T password properties-datasource human⟫
spring.cloud.azure.keyvault.secret.endpoint=https://kv-kf-lb-prod.vault.azure.net/
app.anticheat.client-id=⟪F guid properties-client-id x:guid⟫
app.anticheat.client-secret=${ANTICHEAT_CLIENT_SECRET}
app.build.version=⟪F version properties-version lit:3.14.0-rc.2+build.8812⟫
"""

FILES[
    "services/leaderboard/src/test/resources/application-test.properties"
] = r"""spring.datasource.url=jdbc:h2:mem:lb
spring.datasource.password=
app.anticheat.client-secret=⟪F placeholder properties-test-fake lit:dummy-secret-for-tests⟫
"""

FILES[
    "apps/companion-android/app/src/main/java/gg/kestrel/companion/Keys.kt"
] = r"""package gg.kestrel.companion

object Keys {
    // Maps SDK key, restricted to the package in the console
    const val PLAYFAB_TITLE_ID = "⟪F numeric-id kotlin-title-id HEX:5⟫"
    const val PLAYFAB_SECRET = "⟪T generic-secret kotlin-playfab-secret upper:52⟫"
    const val SENTRY_RELEASE = "⟪F version kotlin-release lit:companion@2.8.1+4410⟫"
}
"""

FILES["apps/companion-android/local.properties"] = r"""sdk.dir=/Users/mina/Library/Android/sdk
MAPS_API_KEY=⟪T google-api-key local-properties fmt:AIza{b64url:35}⟫
signing.storePassword=⟪T password local-properties-keystore human⟫
signing.keyAlias=upload
"""

FILES["apps/companion-ios/Companion/Config.swift"] = r"""import Foundation

enum Config {
    static let apiBase = URL(string: "https://api.kestrelforge.gg/v2")!
    // Revenue reporting (App Store Connect) — key id is public, the key is not
    static let ascKeyID = "⟪F key-id swift-asc-key-id upper:10⟫"
    static let ascIssuer = "⟪F guid swift-asc-issuer x:guid⟫"
    static let mixpanelSecret = "⟪T generic-secret swift-mixpanel-secret hex:32⟫"
}
"""

FILES[
    "apps/companion-ios/Companion/AuthKey_PX84M2Q.p8"
] = r"""⟪T private-key p8-file pem:PRIVATE KEY:200⟫
"""

FILES["apps/fan-hub/lib/env.dart"] = r"""// Umgebung der Fan-Hub-App
class Env {
  static const apiBase = 'https://fans.kestrelforge.gg';
  static const firebaseProjectId = 'kf-fanhub-prod';
  static const stripePublishable = '⟪F publishable-key dart-stripe-pk fmt:pk_live_{alnum:24}⟫';
  static const stripeSecret = '⟪T stripe-key dart-stripe-sk fmt:sk_live_{alnum:24}⟫';
}
"""

FILES[
    "services/telemetry/src/main/scala/gg/kestrel/telemetry/Sink.scala"
] = r"""package gg.kestrel.telemetry

object Sink {
  val eventHubConn: String =
    "Endpoint=sb://kf-telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=⟪T azure-eventhub-key scala-conn-string x:eh-idk⟫;EntityPath=events"
  val schemaRegistryGroup = "telemetry-v3"
  val partitionKeySalt = "⟪F hash scala-salt-sha256 x:sha256-text⟫" // Salz, kein Geheimnis
}
"""

FILES["services/economy/config/runtime.exs"] = r"""import Config

config :economy, Economy.Repo,
  url: System.get_env("DATABASE_URL"),
  pool_size: 10

config :economy, EconomyWeb.Endpoint,
  secret_key_base: "⟪T generic-secret elixir-secret-key-base b64url:64⟫"

config :economy, :xsolla,
  merchant_id: "⟪F numeric-id elixir-merchant digits:6⟫",
  api_key: "⟪T generic-api-key elixir-xsolla alnum:40⟫"
"""

FILES["services/economy/config/test.exs"] = r"""import Config

config :economy, EconomyWeb.Endpoint,
  secret_key_base: String.duplicate("a", 64)

config :economy, :xsolla, api_key: "⟪F placeholder elixir-test-key lit:test_xsolla_key_not_real⟫"
"""

FILES["services/replay-store/src/config.rs"] = r"""use std::env;

/// S3-compatible storage for match replays (Wasabi bucket in eu-central-2).
pub struct Config {
    pub access_key: String,
    pub secret_key: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            access_key: env::var("REPLAY_ACCESS_KEY").unwrap_or_else(|_| "⟪T aws-access-key rust-fallback x:aws-id⟫".into()),
            secret_key: env::var("REPLAY_SECRET_KEY").unwrap_or_else(|_| "⟪T aws-secret-key rust-fallback b64:40⟫".into()),
        }
    }
}

// sample from the AWS docs, used in the unit test below
const DOC_KEY: &str = "⟪F vendor-sample rust-aws-doc-key lit:AKIAIOSFODNN7EXAMPLE⟫";
"""

FILES["engine/net/auth_handshake.cpp"] = r"""#include "auth_handshake.h"
#include <cstring>

namespace kf::net {

// Pre-shared key for dedicated servers (LAN tournaments build only)
static const char* kTournamentPsk = "⟪T generic-secret cpp-psk hex:48⟫";
// CRC of the protocol table, bump when packets change
static const uint32_t kProtocolCrc = 0x⟪F hash cpp-crc HEX:8⟫;

bool Handshake::verify(const Packet& p) {
    return std::memcmp(p.psk, kTournamentPsk, 48) == 0;
}

}  // namespace kf::net
"""

FILES["engine/platform/console_keys.h"] = r"""#pragma once
/* Platform SDK title identifiers — public, printed on the store page */
#define KF_TITLE_ID        "⟪F numeric-id c-title-id HEX:8⟫"
#define KF_SANDBOX_ID      "KFGAMES.42"
/* Content encryption key for packaged .pak files (shipping builds) */
#define KF_PAK_AES_KEY     "⟪T generic-secret c-pak-aes-key fmt:0x{HEX:64}⟫"
"""

FILES["engine/Config/DefaultEngine.ini"] = r"""[/Script/Engine.Engine]
bUseFixedFrameRate=False

[OnlineSubsystemEOS]
bEnabled=true
ProductId=⟪F hex-id ini-eos-product hex:32⟫
SandboxId=⟪F hex-id ini-eos-sandbox hex:32⟫
ClientId=⟪F key-id ini-eos-client alnum:32⟫
ClientSecret=⟪T generic-secret ini-eos-client-secret b64url:43⟫

[/Script/Engine.RendererSettings]
r.DefaultFeature.AntiAliasing=2
"""

FILES["tools/unity/Assets/Scripts/Backend/BackendConfig.cs"] = r"""using UnityEngine;

namespace Kestrel.Backend
{
    public static class BackendConfig
    {
        public const string ApiBase = "https://api.kestrelforge.gg";
        // Azure Functions: reward grant endpoint, function key in the URL
        public const string GrantUrl = "https://kf-rewards.azurewebsites.net/api/grant?code=⟪T azure-function-key cs-url-code x:func-idk⟫";
        public const string ProjectGuid = "⟪F guid cs-project-guid x:guid⟫";
    }
}
"""

FILES["tools/unity/Assets/Scripts/Backend/BackendConfig.cs.meta"] = r"""fileFormatVersion: 2
guid: ⟪F hex-id unity-meta-guid x:unity-guid⟫
MonoImporter:
  externalObjects: {}
  serializedVersion: 2
"""

FILES["tools/unity/Assets/Prefabs/Player.prefab.meta"] = r"""fileFormatVersion: 2
guid: ⟪F hex-id unity-meta-guid-prefab x:unity-guid⟫
PrefabImporter:
  userData:
  assetBundleName:
"""

FILES["services/portal/src/Portal.Api/Startup.cs"] = r"""using Azure.Identity;
using Microsoft.Azure.Cosmos;

public static class Startup
{
    // Cosmos DB for player profiles
    private const string CosmosEndpoint = "https://kf-profiles.documents.azure.com:443/";
    private const string CosmosKey = "⟪T azure-cosmos-key cs-const x:cosmos-idk⟫";

    public static CosmosClient Client() => new CosmosClient(CosmosEndpoint, CosmosKey);

    // managed identity in production; this is the client id, not a secret
    public static readonly string IdentityClientId = "⟪F guid cs-identity-client-id x:guid⟫";
}
"""

FILES["services/portal/src/Portal.Api/appsettings.Development.json"] = r"""{
  "ConnectionStrings": {
    "Profiles": "AccountEndpoint=https://localhost:8081/;AccountKey=⟪F vendor-sample cosmos-emulator-key lit:C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==⟫"
  },
  "Storage": "UseDevelopmentStorage=true",
  "Jwt": { "SigningKey": "⟪T generic-secret appsettings-jwt-signing b64:44⟫" }
}
"""

FILES["web/shop/app/Services/PaymentGateway.php"] = r"""<?php

namespace App\Services;

class PaymentGateway
{
    // Clé secrète Paysafe (production) — à déplacer dans le coffre
    private string $cleSecrete = '⟪T generic-api-key php-french-key alnum:48⟫';
    private string $identifiantMarchand = '⟪F numeric-id php-merchant-id digits:10⟫';

    public function signer(string $corps): string
    {
        return hash_hmac('sha256', $corps, $this->cleSecrete);
    }
}
"""

FILES["web/shop/config/mail.php"] = r"""<?php

return [
    'mailers' => [
        'smtp' => [
            'host' => env('MAIL_HOST', 'smtp.sendgrid.net'),
            'username' => 'apikey',
            'password' => env('MAIL_PASSWORD', '⟪T sendgrid-key php-env-default fmt:SG.{b64url:22}.{b64url:43}⟫'),
        ],
    ],
    'from' => ['address' => 'no-reply@kestrelforge.gg'],
];
"""

FILES["web/community/config/initializers/discourse.rb"] = r"""# frozen_string_literal: true

Discourse.configure do |c|
  c.base_url = "https://forum.kestrelforge.gg"
  c.sso_secret = ENV.fetch("DISCOURSE_SSO_SECRET") { "⟪T generic-secret ruby-fetch-default alnum:32⟫" }
  c.api_username = "system"
  c.api_key = "⟪T generic-api-key ruby-discourse-key hex:64⟫"
end
"""

FILES["web/community/db/seeds.rb"] = r"""User.create!(
  email: "moderator@kestrelforge.gg",
  password_digest: "⟪F password-hash ruby-bcrypt-digest x:bcrypt⟫",
  api_token_sha: "⟪F hash ruby-token-sha x:sha256-text⟫"
)
"""

FILES["tools/legacy/ban_sync.pl"] = r"""#!/usr/bin/perl
use strict;
use warnings;
use DBI;

# alte Bannliste aus dem MySQL-Forum übernehmen
my $dsn = "DBI:mysql:database=forum;host=forum-db.kf.lan";
my $dbh = DBI->connect($dsn, "bansync", "⟪T password perl-dbi-connect human⟫", { RaiseError => 1 });
my $checksum = "⟪F hash perl-md5 hex:32⟫";    # MD5 der Exportdatei
"""

FILES["mods/sdk/server_hooks.lua"] = r"""-- Mod-Server: Webhooks an Discord
local config = {
  webhook = "https://discord.com/api/webhooks/⟪T discord-webhook lua-webhook-url fmt:{digits:19}/{b64url:68}⟫",
  bot_token = "⟪T discord-token lua-bot-token x:discord⟫",
  mod_id = "⟪F guid lua-mod-guid x:guid⟫",
}
return config
"""

FILES["analytics/retention/R/fetch.R"] = r"""library(httr)
library(DBI)

# Verbindung zum Warehouse (Snowflake)
con <- dbConnect(odbc::odbc(), "KF_DWH",
                 uid = "analyst_svc",
                 pwd = "⟪T password r-dbconnect human⟫")
amplitude_secret <- "⟪T generic-secret r-amplitude-secret hex:32⟫"
cohort_hash <- "⟪F hash r-cohort-md5 hex:32⟫"
"""

FILES["analytics/balance/src/Sim.jl"] = r"""module Sim

using HTTP, JSON3

const API = "https://balance.kestrelforge.internal/v1"
const TOKEN = "⟪T generic-api-key julia-const-token fmt:kfb_{alnum:40}⟫"
const SEED_HASH = "⟪F hash julia-seed-sha x:sha256-text⟫"

fetch(path) = HTTP.get(API * path, ["Authorization" => "Bearer " * TOKEN])

end
"""

FILES["ops/scripts/Publish-Build.ps1"] = r"""param([string]$Channel = 'beta')

# Azure DevOps artefacts feed
$pat = '⟪T azure-devops-pat ps-single-quoted adopat⟫'
$headers = @{ Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes(":$pat")) }
$thumb = '⟪F hash ps-cert-thumbprint HEX:40⟫'  # Codesigning-Zertifikat (Fingerabdruck)
$secure = ConvertTo-SecureString '⟪T password ps-securestring human⟫' -AsPlainText -Force
Invoke-RestMethod -Uri "https://feeds.dev.azure.com/kestrelforge/_apis/packaging/feeds" -Headers $headers
"""

FILES["ops/scripts/upload_symbols.sh"] = r"""#!/usr/bin/env bash
set -euo pipefail
# Crash symbols to Backtrace
BT_TOKEN="${BT_TOKEN:-⟪T generic-api-key bash-default-expansion hex:64⟫}"
BUILD_SHA="⟪F commit-sha bash-build-sha hex:40⟫"
curl -sf -F "upload_file=@build/Game.sym" \
  "https://kestrelforge.sp.backtrace.io:6098/post?format=symbols&token=${BT_TOKEN}"
"""

FILES["ops/scripts/restore_db.sh"] = r"""#!/bin/sh
# Restore the economy DB from the nightly dump
export PGPASSWORD='⟪T password sh-pgpassword x:pgpass⟫'
pg_restore -h economy-db.postgres.database.azure.com -U economy_admin -d economy /backups/latest.dump
echo "restored, dump digest ⟪F hash sh-dump-sha x:sha256-text⟫"
"""

FILES["db/migrations/0031_service_accounts.sql"] = r"""-- Servicekonten für das Reporting
CREATE ROLE reporting_ro LOGIN PASSWORD '⟪T password sql-create-role human⟫';
GRANT SELECT ON ALL TABLES IN SCHEMA economy TO reporting_ro;
-- stored hash for the admin user (scram)
UPDATE users SET pw = '⟪F password-hash sql-pbkdf2 x:pbkdf2⟫' WHERE name = 'ops';
"""

FILES["db/mssql/linked_server.sql"] = r"""EXEC master.dbo.sp_addlinkedsrvlogin
    @rmtsrvname = N'BILLING',
    @useself = N'False',
    @rmtuser = N'kf_link',
    @rmtpassword = N'⟪T password tsql-linked-server human⟫';
"""

FILES["services/support-bot/bot/llm.py"] = r"""import os

from anthropic import Anthropic
from openai import OpenAI

# 客服机器人：模型密钥
ANTHROPIC_KEY = os.environ.get("ANTHROPIC_API_KEY", "⟪T anthropic-key py-environ-default x:anthropic⟫")
openai_client = OpenAI(api_key="⟪T openai-key py-kwarg x:openai⟫")
MODEL_REVISION = "⟪F commit-sha py-model-revision hex:40⟫"
"""

FILES["services/support-bot/bot/zendesk.py"] = r"""import requests

# Zendesk: API-Token des Support-Kontos (Portugiesisch: chave de acesso)
chave_de_acesso = "⟪T generic-api-key py-portuguese-name alnum:40⟫"
ticket_form_id = "⟪F numeric-id py-form-id digits:12⟫"
auth = ("suporte@kestrelforge.gg/token", chave_de_acesso)
"""

FILES["services/support-bot/tests/test_zendesk.py"] = r"""from bot import zendesk


def test_auth_uses_token(monkeypatch):
    monkeypatch.setattr(zendesk, "chave_de_acesso", "⟪F placeholder py-test-fake lit:fake-token-0000⟫")
    assert zendesk.auth[0].endswith("/token")
"""

FILES[
    "services/store-api/src/payments/adyen.ts"
] = r"""import { Client, CheckoutAPI } from "@adyen/api-library";

// Adyen live credentials (ticket PAY-77: rotate after the sale)
const client = new Client({
  apiKey: "⟪T generic-api-key ts-adyen-apikey fmt:AQE{alnum:12}+{alnum:40}==-{b64:44}⟫",
  environment: "LIVE",
  liveEndpointUrlPrefix: "⟪F hex-id ts-prefix hex:16⟫-KestrelForge",
});
export const checkout = new CheckoutAPI(client);
"""

FILES[
    "services/store-api/src/payments/adyen.test.ts"
] = r"""import { signWebhook } from "./webhooks";

const HMAC = "⟪F placeholder ts-test-zero-hmac lit:0000000000000000000000000000000000000000000000000000000000000000⟫";
test("signs", () => expect(signWebhook("{}", HMAC)).toHaveLength(44));
"""

FILES["services/store-api/src/config/tr.ts"] = r"""// İstanbul ödeme sağlayıcısı (iyzico) ayarları
export const odeme = {
  apiAnahtari: "⟪F key-id ts-turkish-public-key fmt:sandbox-{alnum:32}⟫",
  gizliAnahtar: "⟪T generic-secret ts-turkish-secret fmt:{alnum:40}⟫",
  surum: "⟪F version ts-turkish-version lit:v2.1.7⟫",
};
"""

FILES["services/store-api/src/config/ja.ts"] = r"""// 東京パブリッシャー連携（決済）
export const 決済設定 = {
  エンドポイント: "https://pay.example.jp/v1",
  秘密鍵: "⟪T generic-secret ts-japanese-key alnum:48⟫",
  加盟店ID: "⟪F numeric-id ts-japanese-merchant digits:9⟫",
};
"""

FILES["services/store-api/src/config/ru.js"] = r"""// Платёжный шлюз для СНГ
module.exports = {
  ключ_api: "⟪T generic-api-key js-russian-key hex:40⟫",
  идентификатор_магазина: "⟪F numeric-id js-russian-shop digits:6⟫",
  хеш_схемы: "⟪F hash js-russian-hash x:sha256-text⟫",
};
"""

"""Application code of Halcyon Ferries' services: Go, Java, Kotlin, TypeScript, C#, PHP, Ruby,
Rust and Python, in the shapes credentials take in real services (struct literals, builder calls,
constructor arguments, map literals, DSNs, test fixtures), beside the look-alikes that sit next to
them (environment lookups, vault references, ids, hashes, self-described fakes)."""

from __future__ import annotations

FILES: dict[str, str] = {}

FILES["services/berthing/internal/store/postgres.go"] = r"""package store

import (
	"context"
	"fmt"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Pool opens the berth-allocation database. The DSN below was meant for the local
// docker-compose stack but ended up pointing at staging.
func Pool(ctx context.Context) (*pgxpool.Pool, error) {
	dsn := os.Getenv("BERTHING_DATABASE_URL")
	if dsn == "" {
		dsn = "postgres://berthing_app:⟪T db-url postgres-go-fallback alnum:22⟫@pg-hf-staging.postgres.database.azure.com:5432/berthing?sslmode=require"
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse berthing dsn: %w", err)
	}
	cfg.MaxConns = 12
	return pgxpool.NewWithConfig(ctx, cfg)
}

// MigrationLockID is the advisory lock the migrator takes (not a secret).
const MigrationLockID = ⟪F id advisory-lock digits:10⟫
"""

FILES["services/berthing/internal/notify/client.go"] = r"""package notify

import (
	"net/http"
	"time"
)

type Config struct {
	BaseURL      string
	AccountSID   string
	AuthToken    string
	FromNumber   string
	Timeout      time.Duration
	RetryBackoff time.Duration
}

// Harbour-master SMS alerts when a berth slot moves by more than 20 minutes.
var defaultConfig = Config{
	BaseURL:      "https://api.twilio.com/2010-04-01",
	AccountSID:   "⟪F id twilio-account-sid fmt:AC{hex:32}⟫",
	AuthToken:    "⟪T twilio go-struct-auth-token hex:32⟫",
	FromNumber:   "+441624800211",
	Timeout:      8 * time.Second,
	RetryBackoff: 750 * time.Millisecond,
}

func New() *http.Client {
	return &http.Client{Timeout: defaultConfig.Timeout}
}
"""

FILES["services/berthing/internal/notify/client_test.go"] = r"""package notify

import "testing"

// The recorded responses in testdata/ were captured with a throwaway subaccount.
const (
	testAccountSID = "⟪F id twilio-test-sid fmt:AC{hex:32}⟫"
	testAuthToken  = "⟪F fake go-test-fake-token lit:fake-auth-token-for-unit-tests⟫"
	testMessageSID = "⟪F id twilio-message-sid fmt:SM{hex:32}⟫"
)

func TestDefaultConfigTimeout(t *testing.T) {
	if defaultConfig.Timeout == 0 {
		t.Fatal("timeout must be set")
	}
	_ = testAccountSID + testAuthToken + testMessageSID
}
"""

FILES["services/tidetable/cmd/tidesync/main.go"] = r"""package main

import (
	"log"
	"os"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
	"github.com/Azure/azure-sdk-for-go/sdk/storage/azblob"
)

const (
	containerName = "tide-predictions"
	// UKHO feed subscription: the key is scoped to the tidal-stream product only.
	ukhoSubscriptionKey = "⟪T api-key go-const-apim-subscription hex:32⟫"
	ukhoProductID       = "⟪F guid go-const-product-id x:guid⟫"
)

func main() {
	cred, err := azidentity.NewClientSecretCredential(
		"⟪F guid tenant-id-positional x:guid⟫",
		"⟪F guid client-id-positional x:guid⟫",
		"⟪T entra-client-secret go-positional-arg entra⟫",
		nil,
	)
	if err != nil {
		log.Fatal(err)
	}
	client, err := azblob.NewClient("https://sthftidesprod.blob.core.windows.net/", cred, nil)
	if err != nil {
		log.Fatal(err)
	}
	_ = client
	_ = os.Getenv("TIDESYNC_REGION")
}
"""

FILES["services/tidetable/internal/feed/checksum.go"] = r"""package feed

// Published SHA-256 of each harmonic-constants file, checked before import.
var constantsDigests = map[string]string{
	"douglas-2027.csv":   "⟪F hash go-map-sha256 hex:64⟫",
	"heysham-2027.csv":   "⟪F hash go-map-sha256 hex:64⟫",
	"liverpool-2027.csv": "⟪F hash go-map-sha256 hex:64⟫",
}

// Upstream commit of the harmonic model we vendored.
const vendoredModelCommit = "⟪F hash go-const-commit hex:40⟫"
"""

FILES[
    "services/crewroster/src/main/java/com/halcyon/crew/config/MailConfig.java"
] = r"""package com.halcyon.crew.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

@Configuration
public class MailConfig {

    @Bean
    public JavaMailSenderImpl rosterMailSender() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.sendgrid.net");
        sender.setPort(587);
        sender.setUsername("apikey");
        sender.setPassword("⟪T sendgrid java-setter fmt:SG.{b64url:22}.{b64url:43}⟫");
        sender.getJavaMailProperties().put("mail.smtp.starttls.enable", "true");
        return sender;
    }
}
"""

FILES[
    "services/crewroster/src/main/java/com/halcyon/crew/payroll/PayrollClient.java"
] = r"""package com.halcyon.crew.payroll;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

public final class PayrollClient {

    private static final URI BASE = URI.create("https://payroll.seacrest-hr.example/api/v3");
    private static final String CLIENT_ID = "halcyon-ferries-roster";
    private static final String CLIENT_SECRET = "⟪T api-key java-static-final pw:40⟫";
    private static final String SCHEMA_HASH = "⟪F hash java-schema-hash hex:64⟫";

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public OAuthSession login() {
        return OAuthSession.builder()
                .tokenUri(BASE.resolve("/oauth/token"))
                .clientId(CLIENT_ID)
                .clientSecret(CLIENT_SECRET)
                .scope("roster.read payslip.read")
                .build();
    }
}
"""

FILES[
    "services/crewroster/src/main/java/com/halcyon/crew/db/DataSourceFactory.java"
] = r"""package com.halcyon.crew.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

public class DataSourceFactory {

    public static HikariDataSource rosterDb() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlserver://sql-hf-crew.database.windows.net:1433;database=crewroster;encrypt=true");
        cfg.setUsername("roster_writer");
        cfg.setPassword(System.getenv("ROSTER_DB_PASSWORD"));
        cfg.setMaximumPoolSize(10);
        return new HikariDataSource(cfg);
    }

    public static HikariDataSource reportingReplica() {
        return DataSources.builder()
                .url("jdbc:postgresql://pg-hf-reporting.internal:5432/crew_reporting")
                .username("crew_reader")
                .password("⟪T password java-builder-password human⟫")
                .readOnly(true)
                .build();
    }
}
"""

FILES[
    "services/crewroster/src/test/java/com/halcyon/crew/payroll/PayrollClientTest.java"
] = r"""package com.halcyon.crew.payroll;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PayrollClientTest {

    // WireMock stub values only: none of these exist at the payroll provider.
    private static final String STUB_SECRET = "⟪F fake java-test-stub-secret lit:not-a-real-secret-wiremock-only⟫";
    private static final String STUB_SESSION = "⟪F fake test-session-placeholder lit:session-token-placeholder⟫";
    private static final String STUB_REQUEST_ID = "⟪F guid test-request-id x:guid⟫";

    @Test
    void buildsSessionWithScopes() {
        assertThat(new PayrollClient().login().scope()).contains("roster.read");
    }
}
"""

FILES[
    "services/boarding-gate/src/main/kotlin/com/halcyon/boarding/GateConfig.kt"
] = r"""package com.halcyon.boarding

import io.ktor.server.config.ApplicationConfig

data class GateConfig(
    val scannerHubUrl: String,
    val hubKey: String,
    val turnstileVendorToken: String,
    val firmwareChecksum: String,
)

object Defaults {
    val harbourTerminal = GateConfig(
        scannerHubUrl = "amqps://gates.halcyon-ferries.net/turnstiles",
        hubKey = "⟪T azure-messaging kotlin-named-arg-shared-access-key bytes:32⟫",
        turnstileVendorToken = "⟪T bearer kotlin-named-arg-vendor-token alnum:48⟫",
        firmwareChecksum = "⟪F hash kotlin-firmware-checksum hex:64⟫",
    )
}

fun fromConfig(config: ApplicationConfig) = GateConfig(
    scannerHubUrl = config.property("gate.hubUrl").getString(),
    hubKey = config.property("gate.hubKey").getString(),
    turnstileVendorToken = config.property("gate.vendorToken").getString(),
    firmwareChecksum = config.property("gate.firmwareChecksum").getString(),
)
"""

FILES[
    "services/boarding-gate/src/main/kotlin/com/halcyon/boarding/PassScanner.kt"
] = r"""package com.halcyon.boarding

import com.azure.messaging.eventhubs.EventHubClientBuilder

class PassScanner {
    private val producer = EventHubClientBuilder()
        .connectionString(
            "Endpoint=sb://evh-hf-boarding.servicebus.windows.net/;SharedAccessKeyName=gate-send;SharedAccessKey=⟪T azure-messaging kotlin-event-hubs-conn bytes:32⟫;EntityPath=pass-scans"
        )
        .buildProducerClient()

    private val passSigningKey = "⟪T hmac-secret kotlin-private-val-signing-key b64url:43⟫"
    private val terminalId = "⟪F guid kotlin-terminal-id x:guid⟫"

    fun close() = producer.close()
}
"""

FILES["services/boarding-gate/build.gradle.kts"] = r"""plugins {
    kotlin("jvm") version "2.0.21"
    id("io.ktor.plugin") version "2.3.12"
}

repositories {
    mavenCentral()
    maven {
        url = uri("https://pkgs.dev.azure.com/halcyon-ferries/_packaging/gate-libs/maven/v1")
        credentials {
            username = "halcyon-ferries"
            password = "⟪T azure-devops-pat gradle-kts-credentials adopat⟫"
        }
    }
    maven {
        url = uri("https://maven.pkg.github.com/halcyon-ferries/turnstile-sdk")
        credentials {
            username = project.findProperty("gpr.user") as String? ?: System.getenv("GITHUB_ACTOR")
            password = project.findProperty("gpr.key") as String? ?: System.getenv("GITHUB_TOKEN")
        }
    }
}

dependencies {
    implementation("com.azure:azure-messaging-eventhubs:5.19.2")
}
"""

FILES["web/booking/src/lib/payments.ts"] = r"""import Stripe from "stripe";

// Server-side only: rendered into the API routes, never the client bundle.
export const stripe = new Stripe("⟪T stripe ts-constructor-arg fmt:sk_live_51{alnum:22}{alnum:75}⟫", {
  apiVersion: "2024-06-20",
  appInfo: { name: "halcyon-booking", version: "4.12.0" },
});

export const publishableKey = "⟪F publishable stripe-pk-live fmt:pk_live_51{alnum:22}{alnum:75}⟫";

export const webhookSecret = process.env.STRIPE_WEBHOOK_SECRET ?? "";

export const priceIds = {
  footPassenger: "⟪F id stripe-price-id fmt:price_1{alnum:23}⟫",
  carAndDriver: "⟪F id stripe-price-id fmt:price_1{alnum:23}⟫",
};
"""

FILES["web/booking/src/lib/maps.ts"] = r"""import mapboxgl from "mapbox-gl";

mapboxgl.accessToken = "⟪F publishable mapbox-public-token fmt:pk.eyJ1IjoiaGFsY3lvbm1hcHMiLCJhIjoi{alnum:22}In0.{b64url:22}⟫";

// Server token for the static-image API used in e-ticket PDFs (uploads:write scope).
export const MAPBOX_SERVER_TOKEN = "⟪T mapbox ts-const-secret-token x:mapbox-secret⟫";

export const ROUTE_STYLE = "mapbox://styles/halcyonmaps/clx2route0001";
"""

FILES["web/booking/src/server/ai/itinerary.ts"] = r"""import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";

const openai = new OpenAI({
  apiKey: "⟪T openai ts-object-apikey fmt:sk-proj-{b64url:74}T3BlbkFJ{b64url:74}⟫",
  organization: "⟪F id openai-org-id fmt:org-{alnum:24}⟫",
});

const claude = new Anthropic({
  apiKey: process.env.ANTHROPIC_API_KEY,
});

export async function suggestCrossings(prompt: string) {
  const res = await openai.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: prompt }],
  });
  return res.choices[0]?.message?.content ?? "";
}

export { claude };
"""

FILES["web/booking/src/server/fx.ts"] = r"""import axios from "axios";

const fx = axios.create({
  baseURL: "https://api.exchangerate.example/v6",
  headers: {
    "X-Api-Key": "⟪T api-key ts-axios-header hex:24⟫",
    "X-Request-Source": "booking-web",
  },
  timeout: 4000,
});

export const getRate = (ccy: string) => fx.get(`/latest/${ccy}`);
"""

FILES[
    "web/booking/src/server/__tests__/fx.test.ts"
] = r"""import { describe, expect, it, vi } from "vitest";

vi.mock("axios");

// Fixture values: the mocked client never leaves the process.
const FAKE_KEY = "⟪F fake ts-test-fake-key lit:test-api-key-not-real-0000⟫";
const ETAG = "⟪F hash etag-weak fmt:W/\"{hex:32}\"⟫";

describe("getRate", () => {
  it("asks for the currency", async () => {
    expect(FAKE_KEY).toContain("not-real");
    expect(ETAG.startsWith("W/")).toBe(true);
  });
});
"""

FILES["web/booking/next.config.mjs"] = r"""/** @type {import('next').NextConfig} */
const nextConfig = {
  env: {
    NEXT_PUBLIC_APPINSIGHTS_CONNECTION_STRING:
      "⟪F public-id appinsights-connection-string fmt:InstrumentationKey={hex:8}-{hex:4}-4{hex:3}-a{hex:3}-{hex:12};IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/;LiveEndpoint=https://westeurope.livediagnostics.monitor.azure.com/⟫",
    NEXT_PUBLIC_RECAPTCHA_SITE_KEY: "⟪F publishable recaptcha-site-key fmt:6L{b64url:38}⟫",
    NEXT_PUBLIC_BUILD_SHA: "⟪F hash build-sha hex:40⟫",
  },
  images: { remotePatterns: [{ hostname: "sthfmedia.blob.core.windows.net" }] },
};

export default nextConfig;
"""

FILES["services/farecalc/Farecalc.Api/Services/PricingCache.cs"] = r"""using StackExchange.Redis;

namespace Halcyon.Farecalc.Api.Services;

public sealed class PricingCache
{
    private const string CacheConnection =
        "redis-hf-fares.redis.cache.windows.net:6380,password=⟪T azure-redis csharp-const-stackexchange bytes:32⟫,ssl=True,abortConnect=False";

    private readonly Lazy<ConnectionMultiplexer> _mux =
        new(() => ConnectionMultiplexer.Connect(CacheConnection));

    public IDatabase Db => _mux.Value.GetDatabase();
}
"""

FILES["services/farecalc/Farecalc.Api/Services/TicketArchive.cs"] = r"""using Azure.Storage.Blobs;
using Azure.Storage;

namespace Halcyon.Farecalc.Api.Services;

public class TicketArchive
{
    private readonly BlobServiceClient _client;

    public TicketArchive()
    {
        var credential = new StorageSharedKeyCredential(
            "sthftickets",
            "⟪T azure-storage csharp-shared-key-credential bytes:64⟫");
        _client = new BlobServiceClient(new Uri("https://sthftickets.blob.core.windows.net"), credential);
    }

    // Content hash of the archived PDF, stored as blob metadata.
    public static string ContentMd5Example => "⟪F hash csharp-content-md5 bytes:16⟫";
}
"""

FILES[
    "services/farecalc/Farecalc.Api/Services/LoyaltyGateway.cs"
] = r"""namespace Halcyon.Farecalc.Api.Services;

public class LoyaltyGateway
{
    private readonly HttpClient _http;

    public LoyaltyGateway(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", "⟪T api-key csharp-apim-header hex:32⟫");
        _http.DefaultRequestHeaders.Add("X-Correlation-Id", "⟪F guid csharp-correlation-header x:guid⟫");
    }

    public record LoyaltyOptions(string Endpoint, string Username, string Password);

    public static readonly LoyaltyOptions Legacy =
        new("https://loyalty-legacy.halcyon-ferries.net/soap", "farecalc", "⟪T password csharp-record-positional pw:18⟫");
}
"""

FILES["services/farecalc/Farecalc.Tests/PricingTests.cs"] = r"""using Xunit;

namespace Halcyon.Farecalc.Tests;

public class PricingTests
{
    // Dummy values the in-memory fakes accept; they are not accepted anywhere else.
    private const string DummyStorageKey = "⟪F fake base64-of-dummy-words lit:ZHVtbXkta2V5LWZvci11bml0LXRlc3RzLW9ubHk=⟫";
    private const string DevStorage = "UseDevelopmentStorage=true";
    private const string AzuriteKey =
        "⟪F vendor-sample azurite-account-key lit:Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==⟫";

    [Fact]
    public void FootPassengerFareIsPositive() => Assert.True(Pricing.Fare("DGL-HEY", 1) > 0);
}
"""

FILES["services/farecalc/Farecalc.Api/Program.cs"] = r"""using Azure.Identity;
using Microsoft.Azure.Cosmos;

var builder = WebApplication.CreateBuilder(args);

builder.Configuration.AddAzureKeyVault(
    new Uri("https://kv-hf-fares-prod.vault.azure.net/"),
    new DefaultAzureCredential());

builder.Services.AddSingleton(_ => new CosmosClient(
    "https://cosmos-hf-fares.documents.azure.com:443/",
    "⟪T azure-cosmos csharp-cosmosclient-positional bytes:64⟫",
    new CosmosClientOptions { ApplicationName = "farecalc" }));

builder.Services.AddSingleton(_ => new CosmosClient(
    "https://localhost:8081/",
    "⟪F vendor-sample cosmos-emulator-key lit:C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==⟫"));

var app = builder.Build();
app.Run();
"""

FILES["web/agents-portal/config/services.php"] = r"""<?php

return [

    'mailgun' => [
        'domain' => 'mg.halcyon-ferries.net',
        'secret' => '⟪T mailgun php-array-secret fmt:key-{hex:32}⟫',
        'endpoint' => 'api.eu.mailgun.net',
    ],

    'postmark' => [
        'token' => env('POSTMARK_TOKEN'),
    ],

    'agents_api' => [
        'base_uri' => 'https://agents.halcyon-ferries.net/api',
        'username' => 'portal',
        'password' => '⟪T password php-array-password human⟫',
        'verify_peer' => true,
    ],

    'slack' => [
        'notifications' => [
            'bot_user_oauth_token' => env('SLACK_BOT_USER_OAUTH_TOKEN'),
            'channel' => env('SLACK_BOT_USER_DEFAULT_CHANNEL'),
        ],
    ],
];
"""

FILES["web/agents-portal/app/Services/CommissionExport.php"] = r"""<?php

namespace App\Services;

use PDO;

class CommissionExport
{
    private PDO $pdo;

    public function __construct()
    {
        $this->pdo = new PDO(
            'mysql:host=mysql-hf-agents.mysql.database.azure.com;port=3306;dbname=commissions',
            'export_job',
            '⟪T password php-pdo-positional pw:16⟫',
            [PDO::MYSQL_ATTR_SSL_CA => '/etc/ssl/certs/DigiCertGlobalRootG2.crt.pem']
        );
    }

    public function sftpTarget(): array
    {
        return [
            'host' => 'sftp.travel-agents-consortium.example',
            'username' => 'halcyon',
            'privateKey' => storage_path('keys/consortium_ed25519'),
            'passphrase' => getenv('CONSORTIUM_KEY_PASSPHRASE'),
            'hostFingerprint' => '⟪F hash ssh-host-fingerprint fmt:SHA256:{b64:43}⟫',
        ];
    }
}
"""

FILES["services/manifest/app/services/customs_filing.rb"] = r"""# frozen_string_literal: true

require "faraday"

module Manifest
  class CustomsFiling
    ENDPOINT = "https://api.border-filing.example/v2/manifests"
    # Agent credentials for the pre-arrival passenger manifest (one per operator).
    AGENT_CODE = "HFY01"
    AGENT_SECRET = "⟪T api-key ruby-constant-agent-secret alnum:32⟫"

    def initialize(http: Faraday.new(url: ENDPOINT))
      @http = http
      @http.request :authorization, :basic, AGENT_CODE, AGENT_SECRET
    end

    def slack
      @slack ||= Slack::Web::Client.new(token: "⟪T slack ruby-keyword-arg fmt:xoxb-{digits:12}-{digits:13}-{alnum:24}⟫")
    end

    def schema_revision
      "⟪F hash ruby-schema-revision hex:40⟫"
    end
  end
end
"""

FILES["services/manifest/config/initializers/sidekiq.rb"] = r"""# frozen_string_literal: true

redis_url = ENV.fetch("REDIS_URL") { "redis://:⟪T db-url ruby-redis-empty-user alnum:32⟫@redis-hf-manifest.internal:6379/2" }

Sidekiq.configure_server do |config|
  config.redis = { url: redis_url, ssl_params: { verify_mode: OpenSSL::SSL::VERIFY_PEER } }
end

Sidekiq.configure_client do |config|
  config.redis = { url: redis_url }
end

Sidekiq::Web.use Rack::Auth::Basic do |user, password|
  ActiveSupport::SecurityUtils.secure_compare(user, "ops") &
    ActiveSupport::SecurityUtils.secure_compare(password, ENV.fetch("SIDEKIQ_WEB_PASSWORD"))
end
"""

FILES["services/manifest/spec/support/vcr.rb"] = r"""# frozen_string_literal: true

VCR.configure do |c|
  c.cassette_library_dir = "spec/cassettes"
  c.hook_into :webmock
  c.filter_sensitive_data("<AGENT_SECRET>") { Manifest::CustomsFiling::AGENT_SECRET }
  c.filter_sensitive_data("<SLACK_TOKEN>") { ENV.fetch("SLACK_TOKEN", "⟪F fake ruby-env-default-stub lit:xoxb-test⟫") }
  c.default_cassette_options = { record: :none }
end

# Cassettes were recorded on 2026-09-14 against the filing sandbox.
CASSETTE_SET_DIGEST = "⟪F hash ruby-cassette-digest hex:64⟫"
"""

FILES["services/vessel-telemetry/src/config.rs"] = r"""use std::env;

pub struct IotSettings {
    pub hub_host: &'static str,
    pub device_id: &'static str,
    pub device_key: &'static str,
}

// Bridge computer on MV Halcyon Dawn; rotated when the vessel returns to dry dock.
pub const DAWN_BRIDGE: IotSettings = IotSettings {
    hub_host: "iot-hf-fleet.azure-devices.net",
    device_id: "mv-halcyon-dawn-bridge",
    device_key: "⟪T azure-messaging rust-struct-device-key bytes:32⟫",
};

pub const INFLUX_TOKEN: &str = "⟪T api-key rust-const-influx-token fmt:{b64url:86}==⟫";

pub fn grafana_token() -> String {
    env::var("GRAFANA_TOKEN").unwrap_or_default()
}

pub const FIRMWARE_SHA256: &str = "⟪F hash rust-firmware-sha256 hex:64⟫";
"""

FILES[
    "services/vessel-telemetry/src/uplink.rs"
] = r"""use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION};

pub fn starlink_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        AUTHORIZATION,
        HeaderValue::from_static("Bearer ⟪T bearer rust-header-from-static alnum:40⟫"),
    );
    h.insert("x-terminal-id", HeaderValue::from_static("⟪F id rust-terminal-id fmt:ut{hex:8}-{hex:8}-{hex:8}⟫"));
    h
}

#[cfg(test)]
mod tests {
    const FAKE_BEARER: &str = "⟪F fake rust-test-dummy-bearer lit:Bearer dummy-token-for-tests⟫";

    #[test]
    fn header_present() {
        assert!(super::starlink_headers().contains_key("authorization"));
        assert!(FAKE_BEARER.contains("dummy"));
    }
}
"""

FILES["services/harbourops/harbourops/settings.py"] = r"""from pathlib import Path

import environ

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-⟪T django-secret django-insecure-prefix pw:50⟫"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = ["harbourops.halcyon-ferries.net", "localhost"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "harbourops",
        "USER": "harbourops",
        "PASSWORD": "⟪T password django-databases-dict human⟫",
        "HOST": "pg-hf-ops.postgres.database.azure.com",
        "PORT": "5432",
        "OPTIONS": {"sslmode": "require"},
    },
    "weather": env.db("WEATHER_DATABASE_URL", default="sqlite:///weather.db"),
}

EMAIL_HOST = "smtp.office365.com"
EMAIL_HOST_USER = "harbourops-alerts@halcyon-ferries.net"
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")

AZURE_ACCOUNT_NAME = "sthfopsmedia"
AZURE_CONTAINER = "incident-photos"
AZURE_TOKEN_CREDENTIAL_CLIENT_ID = "⟪F guid django-client-id x:guid⟫"

CSRF_TRUSTED_ORIGINS = ["https://harbourops.halcyon-ferries.net"]
"""

FILES["services/harbourops/harbourops/integrations/weather.py"] = r"""import httpx

from .models import Forecast

METOCEAN_URL = "https://api.metocean.example/v1/point"
METOCEAN_KEY = "⟪T api-key python-module-constant b64url:40⟫"
METOCEAN_MODEL_HASH = "⟪F hash python-model-hash hex:40⟫"


def client() -> httpx.Client:
    return httpx.Client(
        base_url=METOCEAN_URL,
        headers={"apikey": METOCEAN_KEY, "accept": "application/json"},
        timeout=10.0,
    )


def telegram_alert(text: str) -> None:
    bot = "⟪T telegram python-fstring-url x:telegram⟫"
    httpx.post(f"https://api.telegram.org/bot{bot}/sendMessage", json={"chat_id": -1002211, "text": text})


def parse(payload: dict) -> Forecast:
    return Forecast(wind_kt=payload["wind"]["speed"], swell_m=payload["swell"]["height"])
"""

FILES[
    "services/harbourops/harbourops/integrations/hf_models.py"
] = r"""from huggingface_hub import InferenceClient

# Incident-report classifier, fine-tuned on our own ticket history.
client = InferenceClient(
    model="halcyon-ferries/incident-triage-v2",
    token="⟪T huggingface python-kwarg-token fmt:hf_{letters:34}⟫",
)

MODEL_REVISION = "⟪F hash hf-model-revision hex:40⟫"
"""

FILES["services/harbourops/tests/test_weather.py"] = r"""import pytest

from harbourops.integrations import weather

FAKE_METOCEAN_KEY = "⟪F fake pytest-fake-key lit:fake-metocean-key-for-tests⟫"
RECORDED_REQUEST_ID = "⟪F guid pytest-request-id x:guid⟫"


@pytest.fixture
def forecast_payload():
    return {"wind": {"speed": 18}, "swell": {"height": 1.4}}


def test_parse(forecast_payload):
    assert weather.parse(forecast_payload).wind_kt == 18


def test_client_sends_key(monkeypatch):
    monkeypatch.setattr(weather, "METOCEAN_KEY", FAKE_METOCEAN_KEY)
    assert weather.client().headers["apikey"] == FAKE_METOCEAN_KEY
"""

FILES["services/harbourops/scripts/rotate_camera_passwords.py"] = r"""#!/usr/bin/env python3
# One-off: reset the ONVIF admin password on the linkspan cameras after the contractor left.
import subprocess

CAMERAS = ["10.40.2.11", "10.40.2.12", "10.40.2.13"]
NEW_PASSWORD = "⟪T password python-script-constant human⟫"

for host in CAMERAS:
    subprocess.run(
        ["onvif-cli", "--host", host, "--user", "admin", "--password", "⟪T password python-argv-list pw:14⟫",
         "set-user", "admin", NEW_PASSWORD],
        check=True,
    )
"""

FILES[
    "services/harbourops/harbourops/integrations/databricks_export.py"
] = r"""from databricks import sql

connection = sql.connect(
    server_hostname="adb-4471928830155123.3.azuredatabricks.net",
    http_path="/sql/1.0/warehouses/8c1f2e7a90d3b4c5",
    access_token="⟪T databricks python-kwarg-access-token fmt:dapi{hex:32}⟫",
)

CLUSTER_ID = "⟪F id databricks-cluster-id fmt:{digits:4}-{digits:6}-{lower:8}⟫"
"""

FILES["services/harbourops/harbourops/integrations/gcs_backup.py"] = r"""import json

from google.cloud import storage
from google.oauth2 import service_account

# Pasted in during the 2026 camera-footage migration; the file itself was never committed.
_INFO = json.loads(r'''{
  "type": "service_account",
  "project_id": "halcyon-cctv-archive",
  "private_key_id": "⟪F hash gcp-private-key-id hex:40⟫",
  "private_key": "⟪T gcp python-inline-sa-json x:gcp-key⟫",
  "client_email": "footage-export@halcyon-cctv-archive.iam.gserviceaccount.com",
  "client_id": "⟪F id gcp-client-id digits:21⟫",
  "token_uri": "https://oauth2.googleapis.com/token"
}''')

client = storage.Client(credentials=service_account.Credentials.from_service_account_info(_INFO))
"""

FILES["tools/fleet-cli/src/commands/login.ts"] = r"""import { Command } from "commander";
import { Octokit } from "@octokit/rest";

export const login = new Command("login")
  .option("--org <org>", "GitHub organisation", "halcyon-ferries")
  .action(async (opts) => {
    const octokit = new Octokit({
      auth: process.env.GH_TOKEN ?? "⟪T github ts-nullish-fallback gh:ghp_⟫",
      userAgent: "fleet-cli/1.3.0",
    });
    const { data } = await octokit.orgs.get({ org: opts.org });
    console.log(`logged in to ${data.login}`);
  });

// Pinned release of the reusable workflow this CLI dispatches.
export const WORKFLOW_REF = "⟪F hash ts-workflow-ref hex:40⟫";
"""

FILES["tools/fleet-cli/src/commands/dispatch.ts"] = r"""import fetch from "node-fetch";

const GITLAB = "https://gitlab.halcyon-ferries.net/api/v4";

export async function dispatchChartBuild(ref: string) {
  const res = await fetch(`${GITLAB}/projects/212/trigger/pipeline`, {
    method: "POST",
    body: new URLSearchParams({
      token: "⟪T gitlab ts-urlsearchparams-trigger fmt:glptt-{hex:40}⟫",
      ref,
    }),
  });
  return res.json();
}

export async function listRunners() {
  return fetch(`${GITLAB}/runners`, {
    headers: { "PRIVATE-TOKEN": "⟪T gitlab ts-private-token-header fmt:glpat-{b64url:20}⟫" },
  });
}
"""

FILES["services/berthing/internal/store/legacy_sql.go"] = r"""package store

import (
	"database/sql"

	_ "github.com/microsoft/go-mssqldb"
)

// Legacy berth bookings still live in the old booking database until the cut-over.
func OpenLegacy() (*sql.DB, error) {
	return sql.Open("sqlserver", "sqlserver://berthing_ro:⟪T db-url go-sql-open-sqlserver-url alnum:20⟫@sql-hf-legacy.database.windows.net:1433?database=Booking&encrypt=true")
}
"""

FILES[
    "services/farecalc/Farecalc.Api/Data/LegacyConnection.cs"
] = r"""using Microsoft.Data.SqlClient;

namespace Halcyon.Farecalc.Api.Data;

internal static class LegacyConnection
{
    public static SqlConnection Open()
    {
        var builder = new SqlConnectionStringBuilder
        {
            DataSource = "sql-hf-legacy.database.windows.net",
            InitialCatalog = "Booking",
            UserID = "farecalc_legacy",
            Password = "⟪T password csharp-object-initializer human⟫",
            Encrypt = true,
        };
        return new SqlConnection(builder.ConnectionString);
    }
}
"""

FILES[
    "services/crewroster/src/main/java/com/halcyon/crew/db/LegacyRosterImport.java"
] = r"""package com.halcyon.crew.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

final class LegacyRosterImport {

    private static final String URL = "jdbc:oracle:thin:@//ora-hf-legacy.internal:1521/ROSTER";

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, "ROSTER_IMPORT", "⟪T password java-drivermanager-positional pw:14⟫");
    }
}
"""

FILES["services/harbourops/harbourops/integrations/s3_mirror.py"] = r"""import boto3

# Mirror of incident photos for the insurer, who only takes S3.
s3 = boto3.client(
    "s3",
    region_name="eu-west-2",
    aws_access_key_id="⟪T aws boto3-kwarg-key-id x:aws-id⟫",
    aws_secret_access_key="⟪T aws boto3-kwarg-secret fmt:{b64:40}⟫",
)

BUCKET = "insurer-claims-halcyon"
UPLOAD_ACL_HASH = "⟪F hash python-acl-hash hex:32⟫"
"""

FILES[
    "web/booking/src/server/brochures.ts"
] = r"""import { BlobServiceClient } from "@azure/storage-blob";

// Read-only SAS for the brochure container, valid until the 2027 season.
const BROCHURE_SAS = "⟪T azure-sas ts-const-sas-token x:service-sas⟫";

export const brochures = new BlobServiceClient(
  `https://sthfmedia.blob.core.windows.net?${BROCHURE_SAS}`,
).getContainerClient("brochures");

export const BROCHURE_CACHE_TAG = "⟪F hash ts-cache-tag hex:16⟫";
"""

FILES[
    "services/boarding-gate/src/main/kotlin/com/halcyon/boarding/Alerts.kt"
] = r"""package com.halcyon.boarding

object Alerts {
    val pagerDutyRoutingKey: String = System.getenv("PAGERDUTY_ROUTING_KEY") ?: "⟪T api-key kotlin-elvis-fallback hex:32⟫"
    val opsgenieKey: String = System.getenv("OPSGENIE_API_KEY") ?: ""
    const val SERVICE_ID = "⟪F id pagerduty-service-id upper:7⟫"
}
"""

FILES["services/harbourops/harbourops/celery.py"] = r"""import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbourops.settings")

app = Celery("harbourops")
app.conf.broker_url = "amqp://harbourops:⟪T db-url celery-amqp-url-encoded-password x:url-password⟫@rabbit-hf-ops.internal:5672/ops"
app.conf.result_backend = os.environ.get("CELERY_RESULT_BACKEND", "rpc://")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
"""

"""Application code in languages the other corpora barely use (see gen.py for slots).

A fictional shipping-insurance firm, Quillmark: Elixir, Scala, Lua, Perl, R, Dart, Swift,
Objective-C, Haskell, Erlang, Groovy, Kotlin script, Crystal, Nim, C, C++, VB.NET, F#, Julia,
Zig and PowerShell, each written in its own idiom.
"""

FILES: dict[str, str] = {}

FILES["claims/config/runtime.exs"] = """\
import Config

config :claims, Claims.Repo,
  username: "claims_app",
  password: "⟪T password elixir-keyword-list pw:22⟫",
  hostname: System.get_env("PGHOST", "localhost"),
  pool_size: 10

config :claims, ClaimsWeb.Endpoint,
  secret_key_base: "⟪T generic-secret phoenix-secret-key-base b64:64⟫",
  live_view: [signing_salt: "⟪F public phoenix-signing-salt lit:Qk3dWm0a⟫"]

config :claims, :underwriting,
  api_token: System.fetch_env!("UNDERWRITING_TOKEN"),
  cache_ttl: 300

config :joken, default_signer: "⟪T generic-secret joken-default-signer alnum:48⟫"
"""

FILES["claims/lib/claims/adjuster_client.ex"] = """\
defmodule Claims.AdjusterClient do
  @moduledoc "Talks to the adjusters' scheduling API."
  @base_url "https://adjust.quillmark.example/v2"
  @api_key "⟪T generic-secret elixir-module-attribute hex:40⟫"
  @request_id_header "x-request-id"
  @build_sha "⟪F hash elixir-build-sha hex:40⟫"

  def headers do
    [{"authorization", "ApiKey " <> @api_key}, {@request_id_header, UUID.uuid4()}]
  end

  def digest(body), do: :crypto.hash(:sha256, body) |> Base.encode16(case: :lower)
end
"""

FILES["ledger/src/main/resources/application.conf"] = """\
ledger {
  http.port = 8443
  db {
    url = "jdbc:postgresql://ledger-db.internal:5432/ledger"
    user = "ledger"
    password = "⟪T password hocon-quoted pw:20⟫"
    password = ${?LEDGER_DB_PASSWORD}
  }
  kafka {
    bootstrap = "kafka-1.internal:9093"
    sasl.jaas.config = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"ledger\\" password=\\"⟪T password kafka-jaas-escaped alnum:24⟫\\";"
  }
  akka.http.server.idle-timeout = 60s
  session.cookie-key-id = "⟪F id hocon-key-id lit:k-2026-03⟫"
  fx.provider.token = ${FX_PROVIDER_TOKEN}
}
"""

FILES["ledger/src/main/scala/quillmark/ledger/Settlement.scala"] = """\
package quillmark.ledger

import java.security.MessageDigest

object Settlement {
  private val ClearingHouseSecret: String = "⟪T generic-secret scala-private-val b64:40⟫"
  private val clearingHouseUser = "qm-settlement"
  val schemaFingerprint = "⟪F hash scala-schema-fingerprint hex:64⟫"

  def sign(payload: Array[Byte]): String =
    Hmac.sha256(ClearingHouseSecret, payload)

  def checksum(payload: Array[Byte]): Array[Byte] =
    MessageDigest.getInstance("SHA-256").digest(payload)
}
"""

FILES["edge/nginx/lua/auth_gate.lua"] = """\
-- Edge gate in front of the quote API (OpenResty).
local cjson = require "cjson.safe"
local hmac = require "resty.hmac"

local _M = {}
local SHARED_SECRET = "⟪T generic-secret lua-local-constant alnum:32⟫"
local upstream_token = os.getenv("QUOTE_UPSTREAM_TOKEN")
local config = {
  partner_key = "⟪T generic-secret lua-table-field hex:32⟫",
  partner_id = "⟪F id lua-partner-id lit:qm-partner-0042⟫",
  timeout_ms = 2500,
}

function _M.verify(sig, body)
  local mac = hmac:new(SHARED_SECRET, hmac.ALGOS.SHA256)
  return mac:final(body, true) == sig
end

return _M
"""

FILES["scripts/legacy/export_policies.pl"] = """\
#!/usr/bin/perl
use strict;
use warnings;
use DBI;

my $dsn = "DBI:mysql:database=policies;host=mysql-legacy.internal;port=3306";
my $dbh = DBI->connect($dsn, "exporter", "⟪T password perl-dbi-connect pw:18⟫", { RaiseError => 1 });
my %ftp = (
    host     => "ftp.partner.example",
    user     => "quillmark",
    password => '⟪T password perl-hash-fat-comma alnum:16⟫',
);
my $checksum = '⟪F hash perl-md5-checksum hex:32⟫';
my $report_password = $ENV{'REPORT_PASSWORD'} // die "REPORT_PASSWORD is not set";
"""

FILES["analytics/.Renviron"] = """\
R_LIBS_USER=~/R/library
WAREHOUSE_HOST=synapse-qm.sql.azuresynapse.net
WAREHOUSE_PWD=⟪T password renviron pw:20⟫
MAPBOX_PUBLIC_TOKEN=⟪F public mapbox-public-token fmt:pk.eyJ1IjoicXVpbGxtYXJrIiwiYSI6Im{alnum:22}In0.{b64url:22}⟫
GITHUB_PAT=⟪T github renviron-github-pat gh:ghp_⟫
"""

FILES["analytics/R/load_claims.R"] = """\
library(DBI)
library(odbc)

con <- dbConnect(
  odbc::odbc(),
  Driver = "ODBC Driver 18 for SQL Server",
  Server = "synapse-qm.sql.azuresynapse.net",
  Database = "claims",
  UID = "analyst",
  PWD = "⟪T password r-named-argument pw:19⟫",
  Encrypt = "yes"
)
Sys.setenv(OPENAI_API_KEY = "⟪T saas r-sys-setenv-openai fmt:sk-proj-{b64url:48}T3BlbkFJ{b64url:48}⟫")
seed_digest <- digest::digest("claims-2026", algo = "sha1")
run_id <- "⟪F id r-run-uuid fmt:{hex:8}-{hex:4}-4{hex:3}-9{hex:3}-{hex:12}⟫"
"""

FILES["mobile/lib/src/config/env.dart"] = """\
class Env {
  static const String apiBase = 'https://api.quillmark.example';
  static const String sentryDsn =
      '⟪F public sentry-dsn fmt:https://{hex:32}@o{digits:6}.ingest.sentry.io/{digits:7}⟫';
  static const String mapsApiKey = String.fromEnvironment('MAPS_API_KEY');
  static const String paymentsSecret = '⟪T stripe dart-static-const fmt:sk_live_{alnum:99}⟫';
  static const String paymentsPublishable = '⟪F public stripe-publishable fmt:pk_live_{alnum:99}⟫';
  static const buildNumber = 4127;
}
"""

FILES["mobile/ios/Quillmark/Secrets.swift"] = """\
import Foundation

enum Secrets {
    static let segmentWriteKey = "⟪T generic-secret swift-static-let alnum:32⟫"
    static let appGroup = "group.example.quillmark.claims"
    static let keychainService = "example.quillmark.claims.token"
    static var pinnedCertSHA256 = "⟪F hash swift-pinned-cert b64:44⟫"
    static let oauthClientSecret: String = "⟪T generic-secret swift-typed-let b64url:43⟫"
}
"""

FILES["mobile/ios/Quillmark/QMNetwork.m"] = """\
#import "QMNetwork.h"

static NSString * const kQMBasicUser = @"ios-client";
static NSString * const kQMBasicPassword = @"⟪T password objc-nsstring-const pw:17⟫";
static NSString * const kQMTraceHeader = @"X-QM-Trace";

@implementation QMNetwork
- (NSURLRequest *)requestFor:(NSURL *)url {
    NSMutableURLRequest *r = [NSMutableURLRequest requestWithURL:url];
    [r setValue:@"Bearer ⟪T generic-secret objc-bearer-header alnum:40⟫" forHTTPHeaderField:@"Authorization"];
    return r;
}
@end
"""

FILES["pricing/src/Pricing/Feed.hs"] = """\
{-# LANGUAGE OverloadedStrings #-}
module Pricing.Feed (feedConfig) where

import qualified Data.Text as T

data FeedConfig = FeedConfig
  { feedHost   :: T.Text
  , feedUser   :: T.Text
  , feedSecret :: T.Text
  }

feedConfig :: FeedConfig
feedConfig = FeedConfig
  { feedHost   = "feeds.reinsure.example"
  , feedUser   = "quillmark"
  , feedSecret = "⟪T generic-secret haskell-record-field alnum:36⟫"
  }

feedSchemaHash :: T.Text
feedSchemaHash = "⟪F hash haskell-schema-hash hex:40⟫"
"""

FILES["telemetry/config/sys.config"] = """\
[
 {telemetry, [
   {collector_url, "https://otel.quillmark.example:4318"},
   {collector_token, "⟪T generic-secret erlang-proplist b64url:43⟫"},
   {sample_rate, 0.1}
 ]},
 {kernel, [{logger_level, info}]},
 {ssl, [{session_lifetime, 300}]},
 {telemetry_auth, [{password, "⟪T password erlang-proplist-password pw:21⟫"}, {user, "otel"}]}
].
"""

FILES["ci/Jenkinsfile"] = """\
pipeline {
  agent { label 'linux' }
  environment {
    NEXUS_URL = 'https://nexus.quillmark.example'
    SONAR_TOKEN = credentials('sonar-token')
    DEPLOY_KEY_ID = '⟪F id jenkins-credential-id lit:deploy-key-prod⟫'
  }
  stages {
    stage('Publish') {
      steps {
        sh 'curl -fsS -u deployer:⟪T password jenkins-curl-user pw:18⟫ --upload-file build/app.jar "$NEXUS_URL/repository/releases/app.jar"'
        withCredentials([string(credentialsId: 'slack-webhook', variable: 'HOOK')]) {
          sh 'curl -X POST -d @msg.json "$HOOK"'
        }
      }
    }
  }
}
"""

FILES["build.gradle.kts"] = """\
plugins {
    kotlin("jvm") version "2.0.21"
    `maven-publish`
}

publishing {
    repositories {
        maven {
            url = uri("https://pkgs.quillmark.example/maven")
            credentials {
                username = "publisher"
                password = "⟪T password gradle-kts-credentials pw:20⟫"
            }
        }
        maven {
            url = uri("https://maven.pkg.github.com/quillmark/libs")
            credentials {
                username = project.findProperty("gpr.user") as String?
                password = System.getenv("GPR_TOKEN")
            }
        }
    }
}
val checksumSha256 = "⟪F hash gradle-checksum hex:64⟫"
"""

FILES["tools/sync/src/sync.cr"] = """\
require "http/client"

module Sync
  VERSION = "0.4.2"
  ENDPOINT = "https://sync.quillmark.example"
  ACCESS_TOKEN = "⟪T generic-secret crystal-constant alnum:40⟫"
  CONTENT_HASH = "⟪F hash crystal-content-hash hex:64⟫"
end
"""

FILES["tools/probe/probe.nim"] = """\
import httpclient, os

const
  probeUser = "probe"
  probePassword = "⟪T password nim-const-section pw:16⟫"
  probeTarget = "https://status.quillmark.example/health"

let client = newHttpClient()
client.headers = newHttpHeaders({"X-Api-Key": getEnv("PROBE_API_KEY")})
"""

FILES["firmware/tracker/src/uplink.c"] = """\
#include <string.h>
#include "uplink.h"

#define UPLINK_HOST "iot-qm.azure-devices.net"
#define UPLINK_DEVICE_ID "tracker-0193"
#define UPLINK_PRIMARY_KEY "⟪T azure iot-device-key-define bytes:32⟫"
#define UPLINK_PUBLIC_CERT_THUMBPRINT "⟪F hash c-cert-thumbprint HEX:40⟫"

static const char wifi_psk[] = "⟪T password c-char-array pw:14⟫";
static const char ota_manifest_sha[] = "⟪F hash c-ota-sha hex:64⟫";
"""

FILES["firmware/tracker/src/modem.cpp"] = """\
#include <string>
#include "modem.hpp"

namespace qm {
const std::string kApnUser{"qm-fleet"};
const std::string kApnPassword{"⟪T password cpp-brace-init pw:15⟫"};
constexpr auto kFirmwareBuildId = "⟪F id cpp-build-id fmt:fw-{hex:12}⟫";
auto mqtt = MqttClient("mqtts://broker.quillmark.example:8883", "tracker", "⟪T password cpp-positional-args alnum:24⟫");
}
"""

FILES["intranet/Legacy/Mailer.vb"] = """\
Imports System.Net
Imports System.Net.Mail

Public Module Mailer
    Private Const SmtpHost As String = "smtp.office365.com"
    Private Const SmtpUser As String = "notify@quillmark.example"
    Private Const SmtpPassword As String = "⟪T password vbnet-const pw:18⟫"
    Private ReadOnly TemplateHash As String = "⟪F hash vbnet-template-hash hex:40⟫"

    Public Function Client() As SmtpClient
        Dim c As New SmtpClient(SmtpHost, 587)
        c.Credentials = New NetworkCredential(SmtpUser, SmtpPassword)
        Return c
    End Function
End Module
"""

FILES["risk/Risk/Scoring.fs"] = """\
module Risk.Scoring

open System

let private modelEndpoint = "https://qm-risk.openai.azure.com/"
let private modelKey = "⟪T azure fsharp-let-binding hex:32⟫"
let deploymentName = "gpt-4o-risk"
let correlationId = Guid.Parse("⟪F id fsharp-guid fmt:{hex:8}-{hex:4}-4{hex:3}-8{hex:3}-{hex:12}⟫")
"""

FILES["research/notebooks/loss_curves.jl"] = """\
using HTTP, JSON3

const API_ROOT = "https://actuarial.quillmark.example"
const API_SECRET = "⟪T generic-secret julia-const alnum:30⟫"
headers = ["Authorization" => "Token $(ENV["ACTUARIAL_TOKEN"])", "Accept" => "application/json"]
dataset_digest = "⟪F hash julia-dataset-digest hex:64⟫"
"""

FILES["tools/fetch/src/main.zig"] = """\
const std = @import("std");

const registry_url = "https://registry.quillmark.example/v2/";
const registry_password = "⟪T password zig-const pw:18⟫";
const manifest_digest = "sha256:⟪F hash zig-manifest-digest hex:64⟫";

pub fn main() !void {
    std.debug.print("{s}\\n", .{registry_url});
}
"""

FILES["ops/Register-Agent.ps1"] = """\
param(
    [string]$Pool = 'qm-linux',
    [string]$OrgUrl = 'https://dev.azure.com/quillmark'
)

$pat = '⟪T azure-devops ps-single-quoted-pat adopat⟫'
$svcPassword = ConvertTo-SecureString -String '⟪T password ps-securestring-named pw:19⟫' -AsPlainText -Force
$thumb = '⟪F hash ps-cert-thumbprint HEX:40⟫'
$cred = Get-Credential -UserName 'QM\\svc-agent' -Message 'Agent service account'
.\\config.cmd --unattended --url $OrgUrl --auth pat --token $pat --pool $Pool
"""

FILES["ops/install.bat"] = """\
@echo off
set QM_SERVICE_USER=svc-install
set QM_SERVICE_PASSWORD=⟪T password batch-set pw:16⟫
set QM_INSTALL_DIR=C:\\Program Files\\Quillmark
sc.exe create QmAgent binPath= "%QM_INSTALL_DIR%\\agent.exe" obj= ".\\%QM_SERVICE_USER%" password= "%QM_SERVICE_PASSWORD%"
"""

FILES["claims/test/support/fixtures.ex"] = """\
defmodule Claims.Fixtures do
  def user_attrs do
    %{email: "adjuster@example.com", password: "⟪F placeholder elixir-test-password lit:not-a-real-password⟫"}
  end

  def api_token, do: "⟪F placeholder elixir-test-token lit:test-token-for-unit-tests⟫"
  def webhook_secret, do: System.get_env("WEBHOOK_SECRET", "⟪F placeholder elixir-env-default-fake lit:dummy-webhook-secret⟫")
end
"""

FILES["ledger/src/test/scala/quillmark/ledger/SettlementSpec.scala"] = """\
package quillmark.ledger

class SettlementSpec extends munit.FunSuite {
  val fakeSecret = "⟪F placeholder scala-test-fake lit:fake-clearing-house-secret⟫"
  val sampleToken = "⟪F placeholder scala-test-sample lit:sample_token_value⟫"
  test("sign is stable") {
    assertEquals(Settlement.checksum("x".getBytes).length, 32)
  }
}
"""

"""More contexts: mobile and systems languages, tool rc files, VPN and sync configs, CI of other
vendors, recorded fixtures, CSV and JSON-lines data, packages (wheel, nupkg, tar.gz) and bytecode,
and the everyday look-alikes of login code (field names, prompts, labels, generated secrets)."""

from __future__ import annotations

import base64
import importlib.util
import marshal

from independent import keys, known
from independent.forge import ALNUM, Forge, b64_text
from independent.tree import Doc, Mark, Tree


def languages(tree: Tree, fx: Forge) -> None:
    d = Doc("package com.northwind.orders.mobile", "", "object ApiConfig {")
    d.t(
        "generic-secret",
        "kotlin-const-val",
        '    const val PARTNER_API_KEY = "§"',
        fx.pick(ALNUM, 36),
    )
    d.f(
        "generic-secret",
        "kotlin-buildconfig",
        "    val mapsKey: String = §",
        "BuildConfig.MAPS_API_KEY",
    )
    d.f("generic-secret", "kotlin-header-name", '    const val API_KEY_HEADER = "§"', "X-Api-Key")
    d("}")
    tree.add("mobile/android/app/src/main/java/com/northwind/orders/mobile/ApiConfig.kt", d)

    d = Doc("sdk.dir=/Users/build/Library/Android/sdk")
    d.t("google-api-key", "android-local-properties", "MAPS_API_KEY=§", fx.google_api_key())
    tree.add("mobile/android/local.properties", d)

    d = Doc()
    d.t("generic-password", "keystore-store-password", "storePassword=§", fx.password())
    d.t("generic-password", "keystore-key-password", "keyPassword=§", fx.password("words"))
    d("keyAlias=upload")
    d.f("generic-password", "keystore-file-path", "storeFile=§", "../keystores/upload-keystore.jks")
    tree.add("mobile/android/keystore.properties", d)

    d = Doc("import Foundation", "", "enum Secrets {")
    d.t("generic-secret", "swift-static-let", '    static let analyticsSecret = "§"', fx.b64(24))
    d.f(
        "generic-secret",
        "swift-info-plist",
        "    static let region = §",
        'Bundle.main.object(forInfoDictionaryKey: "Region") as? String',
    )
    d("}")
    tree.add("mobile/ios/Orders/Secrets.swift", d)

    d = Doc("use std::env;", "")
    d.t("stripe", "rust-const-str", 'const STRIPE_KEY: &str = "§";', fx.stripe())
    d.f(
        "generic-secret",
        "rust-env-var",
        "let webhook = §;",
        'env::var("WEBHOOK_SECRET").expect("WEBHOOK_SECRET")',
    )
    d.f("generic-secret", "rust-checksum", 'const SCHEMA_SHA256: &str = "§";', fx.hex(64))
    tree.add("rust/ledger/src/config.rs", d)

    d = Doc("#pragma once", "", '#define MQTT_HOST "iot-plant.azure-devices.net"')
    d.t("generic-password", "c-define", '#define MQTT_PASSWORD "§"', fx.password("url"))
    d.t("azure-messaging", "c-define-iot-connection", '#define IOT_CONNECTION "§"',
        f"HostName=iot-plant.azure-devices.net;DeviceId=press-07;SharedAccessKey={fx.shared_key()}")  # fmt: skip
    d.f("generic-secret", "c-define-firmware-sha", '#define FIRMWARE_SHA "§"', fx.hex(40))
    tree.add("firmware/include/secrets.h", d)

    d = Doc("import paramiko", "import getpass", "")
    d("def backup(host):", "    ssh = paramiko.SSHClient()")
    d.t(
        "generic-password",
        "paramiko-password-kwarg",
        '    ssh.connect(host, username="backup", password="§")',
        fx.password("shell"),
    )
    d.f(
        "private-key",
        "key-file-path",
        "    key = §",
        'paramiko.Ed25519Key.from_private_key_file("/etc/backup/id_ed25519")',
    )
    d("", "def prompt():")
    d.f("generic-password", "getpass-prompt", "    password = §", 'getpass.getpass("Password: ")')
    d.f("generic-password", "field-name-literal", '    password_field = "§"', "password")
    d.f("generic-secret", "token-endpoint-url", '    token_url = "§"',
        f"https://login.microsoftonline.com/{fx.guid()}/oauth2/v2.0/token")  # fmt: skip
    d.f("generic-secret", "secret-name-literal", '    secret_name = "§"', "db-password")
    tree.add("scripts/backup.py", d)

    d = Doc(
        "const { CosmosClient } = require('@azure/cosmos');",
        "const crypto = require('crypto');",
        "",
    )
    d.t("azure-cosmos", "cosmos-js-key", "const client = new CosmosClient({ endpoint: 'https://cosmos-seed.documents.azure.com:443/', key: '§' });",
        fx.storage_key())  # fmt: skip
    d.f(
        "azure-cosmos",
        "process-env",
        "const replica = new CosmosClient({ endpoint: process.env.COSMOS_ENDPOINT, key: § });",
        "process.env.COSMOS_KEY",
    )
    d.f(
        "generic-secret",
        "generated-at-runtime",
        "const sessionSecret = §;",
        "crypto.randomBytes(32).toString('hex')",
    )
    tree.add("scripts/seed_cosmos.js", d)

    d = Doc("{", '  "login": {')
    d.f("generic-password", "ui-label", '    "password": "§",', "Password")
    d.f("generic-password", "ui-label", '    "forgot_password": "§",', "Forgot your password?")
    d.f(
        "generic-secret",
        "ui-label",
        '    "api_key_hint": "§"',
        "Paste the API key from your account page",
    )
    d("  }", "}")
    tree.add("web/src/i18n/en.json", d)

    d = Doc(
        '<form method="post" action="/login">',
        '  <input type="text" name="username" autocomplete="username">',
    )
    d.f(
        "generic-password",
        "html-password-input",
        '  <input type="password" name="password" placeholder="§">',
        "Password",
    )
    d.f(
        "generic-secret",
        "recaptcha-site-key",
        '  <div class="g-recaptcha" data-sitekey="§"></div>',
        "6Lc" + fx.pick(ALNUM + "-_", 37),
    )
    d.f("generic-secret", "csp-nonce", '  <script nonce="§" src="/app.js"></script>', fx.b64(16))
    d("</form>")
    tree.add("web/templates/login.html", d)


def tool_rc(tree: Tree, fx: Forge) -> None:
    d = Doc("github.com:")
    d.t("github-token", "gh-hosts-oauth-token", "    oauth_token: §", fx.github_classic("gho"))
    d("    user: northwind-bot", "    git_protocol: https")
    tree.add("home/.config/gh/hosts.yml", d)

    d = Doc("---")
    d.t("rubygems", "gem-credentials", ":rubygems_api_key: §", fx.rubygems())
    tree.add("home/.gem/credentials", d)

    d = Doc("[registry]")
    d.t("crates-io", "cargo-credentials", 'token = "§"', fx.crates())
    tree.add("home/.cargo/credentials.toml", d)

    d = Doc("{", '  "github-oauth": {')
    d.t("github-token", "composer-github-oauth", '    "github.com": "§"', fx.github_classic())
    d("  },", '  "http-basic": {', '    "repo.packagist.com": {', '      "username": "token",')
    d.t("generic-password", "composer-http-basic", '      "password": "§"', fx.hex(64))
    d("    }", "  }", "}")
    tree.add("home/.composer/auth.json", d)

    d = Doc('credentials "app.terraform.io" {')
    d.t("terraform-cloud", "terraformrc-token", '  token = "§"', fx.terraform_cloud())
    d("}")
    tree.add("home/.terraformrc", d)

    d = Doc("[default]", "host_base = s3.eu-west-1.amazonaws.com")
    d.t("aws", "s3cfg-pair", "access_key = §", fx.aws_key_id(), down=1)
    d.t("aws", "s3cfg-secret", "secret_key = §", fx.aws_secret(), up=1)
    tree.add("home/.s3cfg", d)

    d = Doc("Host bastion", "  HostName bastion.northwind.internal", "  User ops")
    d.f("private-key", "ssh-identity-file", "  IdentityFile §", "~/.ssh/id_ed25519_bastion")
    tree.add("home/.ssh/config", d)

    d = Doc("<settingsSecurity>")
    d.f(
        "generic-password", "maven-master-encrypted", "  <master>§</master>", "{" + fx.b64(33) + "}"
    )
    d("</settingsSecurity>")
    tree.add("home/.m2/settings-security.xml", d)

    d = Doc("[archive]", "type = azureblob", "account = starchivenw")
    d.t("azure-storage", "rclone-azureblob-key", "key = §", fx.storage_key())
    d("", "[drops]", "type = azureblob")
    d.t(
        "azure-sas",
        "rclone-sas-url",
        "sas_url = §",
        f"https://stdrops.blob.core.windows.net/drops?{fx.account_sas()}",
    )
    tree.add("home/.config/rclone/rclone.conf", d)

    d = Doc(
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<FileZilla3>",
        "  <Servers>",
        "    <Server>",
        "      <Host>sftp.partner.example.net</Host>",
        "      <User>northwind</User>",
    )
    d.t(
        "generic-password",
        "filezilla-base64-pass",
        '      <Pass encoding="base64">§</Pass>',
        b64_text(fx.password()),
    )
    d("    </Server>", "  </Servers>", "</FileZilla3>")
    tree.add("home/.config/filezilla/sitemanager.xml", d)

    d = Doc("[Interface]", "Address = 10.44.0.2/32")
    d.t("private-key", "wireguard-private-key", "PrivateKey = §", fx.wireguard_key())
    d("", "[Peer]")
    d.f("private-key", "wireguard-public-key", "PublicKey = §", fx.wireguard_key())
    d("Endpoint = vpn.northwind.example:51820", "AllowedIPs = 10.44.0.0/16")
    tree.add("config/wireguard/wg0.conf", d)

    d = Doc("client", "dev tun", "remote vpn.northwind.example 1194 udp", "<ca>")
    d.f(
        "private-key",
        "ovpn-ca-certificate",
        "§",
        keys.certificate(fx, "northwind-vpn-ca").rstrip("\n"),
    )
    d("</ca>", "<tls-auth>")
    d.t("private-key", "ovpn-static-key", "§", fx.openvpn_static_key())
    d("</tls-auth>", "key-direction 1")
    tree.add("config/openvpn/northwind.ovpn", d)

    d = Doc("[webservers]")
    d.t("generic-password", "ansible-inventory-password",
        "web1.northwind.internal ansible_user=deploy ansible_password=§", fx.password("url"))  # fmt: skip
    d.t(
        "generic-password",
        "ansible-become-pass",
        "web2.northwind.internal ansible_user=deploy ansible_become_pass=§",
        fx.password("shell"),
    )
    d.f(
        "private-key",
        "ansible-key-file-path",
        "web3.northwind.internal ansible_ssh_private_key_file=§",
        "~/.ssh/deploy",
    )
    tree.add("ansible/inventory.ini", d)


def other_ci_and_iac(tree: Tree, fx: Forge) -> None:
    d = Doc("image: node:20", "pipelines:", "  default:", "    - step:", "        script:")
    d.t(
        "azure-storage",
        "bitbucket-export",
        "          - export AZURE_STORAGE_KEY=§",
        fx.storage_key(),
    )
    d.f(
        "generic-secret",
        "bitbucket-variable",
        "          - npm publish --token §",
        "$NPM_PUBLISH_TOKEN",
    )
    tree.add("bitbucket-pipelines.yml", d)

    d = Doc(
        "version: 2.1",
        "jobs:",
        "  test:",
        "    docker:",
        "      - image: cimg/python:3.12",
        "    environment:",
    )
    d.t("generic-secret", "circleci-uuid-token", "      CODECOV_TOKEN: §", fx.guid())
    d.f("generic-secret", "circleci-context-variable", "      SLACK_WEBHOOK: §", "${SLACK_WEBHOOK}")
    tree.add(".circleci/config.yml", d)

    d = Doc("version: 0.2", "env:", "  variables:", "    REGION: eu-west-1")
    d.t("aws", "buildspec-variable-secret", "    AWS_SECRET_ACCESS_KEY: §", fx.aws_secret())
    d("  parameter-store:")
    d.f(
        "generic-password", "parameter-store-path", "    DB_PASSWORD: §", "/prod/orders/db-password"
    )
    tree.add("buildspec.yml", d)

    d = Doc("service: notifier", "provider:", "  name: aws", "  environment:")
    d.t("slack", "serverless-env", "    SLACK_BOT_TOKEN: §", fx.slack_bot())
    d.f("stripe", "serverless-ssm-reference", "    STRIPE_KEY: §", "${ssm:/notifier/stripe-key}")
    tree.add("serverless.yml", d)

    d = Doc("config:", "  azure-native:location: westeurope")
    d.t(
        "entra-client-secret",
        "pulumi-plain-config",
        "  azure-native:clientSecret: §",
        fx.entra_secret(),
    )
    d("  orders:dbPassword:")
    d.f(
        "generic-password",
        "pulumi-secure-config",
        "    secure: §",
        "v1:" + fx.b64(12) + ":" + fx.b64(40),
    )
    tree.add("infra/pulumi/Pulumi.prod.yaml", d)

    d = Doc("language: python", "env:", "  global:")
    d.f("generic-secret", "travis-encrypted", "    - secure: §", fx.b64(256))
    tree.add(".travis.yml", d)

    d = Doc(
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "secretGenerator:",
        "  - name: reports-db",
        "    literals:",
        "      - username=reports",
    )
    d.t("generic-password", "kustomize-literal", "      - password=§", fx.password("url"))
    tree.add("k8s/overlays/prod/kustomization.yaml", d)

    d = Doc(
        "apiVersion: bitnami.com/v1alpha1",
        "kind: SealedSecret",
        "metadata:",
        "  name: orders-api",
        "spec:",
        "  encryptedData:",
    )
    d.f("generic-password", "sealed-secret-ciphertext", "    password: §", fx.b64(280))
    tree.add("k8s/overlays/prod/sealed-orders.yaml", d)

    d = Doc(
        "apiVersion: external-secrets.io/v1beta1",
        "kind: ExternalSecret",
        "spec:",
        "  secretStoreRef: { name: azure-kv, kind: ClusterSecretStore }",
        "  data:",
    )
    d.f("generic-password", "external-secret-target-key", "    - secretKey: §", "password")
    d("      remoteRef:")
    d.f("generic-password", "external-secret-remote-ref", "        key: §", "orders-db-password")
    tree.add("k8s/overlays/prod/external-orders.yaml", d)

    d = Doc("{")
    d.t("azure-cosmos", "appsettings-cosmos-connection", '  "Cosmos": "§",',
        f"AccountEndpoint=https://cosmos-staging.documents.azure.com:443/;AccountKey={fx.storage_key()};")  # fmt: skip
    d.t("azure-sas", "sas-connection-string", '  "Blobs": "§"',
        f"BlobEndpoint=https://ststaging.blob.core.windows.net/;SharedAccessSignature={fx.account_sas()}")  # fmt: skip
    d("}")
    tree.add("dotnet/Inventory.Api/appsettings.Staging.json", d)

    d = Doc("upstream legacy { server 10.1.0.7:8080; }", "server {", "  listen 443 ssl;")
    d.f("private-key", "nginx-key-path", "  ssl_certificate_key §;", "/etc/nginx/tls/orders.key")
    d("  location /legacy/ {")
    d.t(
        "generic-password",
        "nginx-basic-header",
        '    proxy_set_header Authorization "Basic §";',
        b64_text(f"gateway:{fx.password('url')}"),
    )
    d("    proxy_pass http://legacy;", "  }", "}")
    tree.add("deploy/nginx/orders.conf", d)


def docs_data(tree: Tree, fx: Forge) -> None:
    d = Doc("# Orders", "", "Run a database locally:", "", "```sh")
    d.f(
        "generic-password",
        "vendor-docs-sample-password",
        "docker run -e POSTGRES_PASSWORD=§ -p 5432:5432 postgres:16",
        "mysecretpassword",
    )
    d("```", "", "Call the API with your key:", "", "```sh")
    d.f(
        "generic-secret",
        "docs-uppercase-placeholder",
        'curl -H "api-key: §" https://orders.northwind.example/v1/orders',
        "YOUR_API_KEY",
    )
    d.f(
        "generic-secret",
        "docs-bearer-placeholder",
        'curl -H "Authorization: Bearer §" https://orders.northwind.example/v1/me',
        "<access-token>",
    )
    d("```")
    tree.add("README.md", d)

    d = Doc("# Changelog", "")
    for version in ("2.4.1", "2.4.0", "2.3.2"):
        d.f("generic-secret", "changelog-commit", f"## {version} (§)", fx.hex(40))
        d("- fixes", "")
    tree.add("CHANGELOG.md", d)

    d = Doc("# ADR 3: connection secrets", "", "We used to ship strings like")
    d.f(
        "azure-storage",
        "redacted-in-prose",
        "`§`",
        "DefaultEndpointsProtocol=https;AccountName=stlegacy;AccountKey=<redacted>",
    )
    d("in `appsettings.json`. From now on the app reads them through managed identity:")
    d.f(
        "azure-storage",
        "managed-identity-code",
        "`§`",
        "new BlobServiceClient(new Uri(url), new DefaultAzureCredential())",
    )
    tree.add("docs/adr/0003-connection-secrets.md", d)

    d = Doc(
        "Request: POST https://api.openai.azure.com/openai/deployments/gpt/chat/completions",
        "Headers:",
    )
    d.t("azure-service-key", "docs-leaked-header", "  api-key: §", fx.cognitive_key())
    d("  Content-Type: application/json")
    tree.add("docs/incidents/2026-09-12-throttling.txt", d)

    d = Doc(
        "2026-10-03T04:00:01Z ##[section]Starting: Publish",
        "2026-10-03T04:00:02Z ##[debug]Evaluating: secrets.NPM_TOKEN",
    )
    d.f(
        "npm-token",
        "ci-masked",
        "2026-10-03T04:00:02Z npm config set //registry.npmjs.org/:_authToken §",
        "***",
    )
    d.t(
        "npm-token",
        "ci-log-leak",
        "2026-10-03T04:00:09Z npm ERR! 403 Forbidden - PUT https://registry.npmjs.org/@northwind%2fui - token §",
        fx.npm(),
    )
    d.t("github-token", "ci-log-remote-url", "2026-10-03T04:00:11Z origin  §  (push)",
        f"https://x-access-token:{fx.github_classic('ghs')}@github.com/northwind/ui.git")  # fmt: skip
    tree.add("logs/ci/build-4711.log", d)

    d = Doc()
    d.t("generic-password", "jsonl-password-field",
        '{"ts":"2026-10-02T10:00:00Z","event":"user.created","payload":{"email":"ops@northwind.example","password":"§"}}', fx.password())  # fmt: skip
    d.f("generic-password", "jsonl-password-hash",
        '{"ts":"2026-10-02T10:00:01Z","event":"user.updated","payload":{"passwordHash":"§"}}', "$argon2id$v=19$m=65536,t=3,p=4$" + fx.b64(16).rstrip("=") + "$" + fx.b64(32).rstrip("="))  # fmt: skip
    d.f(
        "generic-secret",
        "jsonl-correlation-id",
        '{"ts":"2026-10-02T10:00:02Z","event":"http.request","correlationId":"§"}',
        fx.guid(),
    )
    tree.add("logs/audit-2026-10-02.jsonl", d)

    d = Doc("partner,api_key,sha256_of_contract")
    d.t("generic-secret", "csv-api-key-column", "acme-freight,§,", fx.pick(ALNUM, 32))
    d.f("generic-secret", "csv-hash-column", "northwind-intl,,§", fx.hex(64))
    d.t("generic-secret", "csv-api-key-column", "blue-yonder,§,", fx.pick(ALNUM, 40))
    tree.add("db/exports/partners.csv", d)

    d = Doc(
        "{",
        '  "request": { "method": "POST", "uri": "https://login.northwind.internal/oauth/token" },',
        '  "response": {',
        '    "status": 200,',
        '    "body": {',
    )
    d.t("jwt", "recorded-access-token", '      "access_token": "§",', fx.jwt("RS256"))
    d.t("generic-secret", "recorded-refresh-token", '      "refresh_token": "§",', fx.b64url(48))
    d('      "token_type": "Bearer",', '      "expires_in": 3599', "    }", "  }", "}")
    tree.add("services/billing/tests/fixtures/token_response.json", d)

    d = Doc("import pytest", "", "@pytest.fixture(autouse=True)", "def env(monkeypatch):")
    d.f(
        "generic-secret",
        "self-described-fake",
        '    monkeypatch.setenv("API_KEY", "§")',
        "unit-test-key",
    )
    d.f(
        "azure-sas",
        "self-described-fake",
        '    monkeypatch.setenv("EXPORT_SAS", "§")',
        "sv=2020-08-04&sig=fake-signature",
    )
    d.f(
        "generic-password",
        "well-known-joke-password",
        '    monkeypatch.setenv("DB_PASSWORD", "§")',
        "hunter2",
    )
    tree.add("services/billing/tests/conftest.py", d)

    d = Doc(
        "<?xml version='1.1' encoding='UTF-8'?>",
        "<com.cloudbees.plugins.credentials.SystemCredentialsProvider>",
        "  <domainCredentialsMap>",
        "    <entry>",
        "      <username>deploy</username>",
    )
    d.f(
        "generic-password",
        "jenkins-encrypted",
        "      <password>§</password>",
        "{" + fx.b64(60) + "}",
    )
    d(
        "    </entry>",
        "  </domainCredentialsMap>",
        "</com.cloudbees.plugins.credentials.SystemCredentialsProvider>",
    )
    tree.add("ci/jenkins/credentials.xml", d)

    d = Doc("mapboxgl.accessToken =")
    d.f(
        "generic-secret",
        "mapbox-public-token",
        "  '§';",
        "pk." + fx.b64url(60) + "." + fx.b64url(16),
    )
    tree.add("web/src/map/init.js", d)


def _pyc(source: str) -> bytes:
    code = compile(source, "keys.py", "exec")
    header = (
        importlib.util.MAGIC_NUMBER
        + b"\x00\x00\x00\x00"
        + b"\x00\x00\x00\x00"
        + b"\x00\x00\x00\x00"
    )
    return header + marshal.dumps(code)


def packages(tree: Tree, fx: Forge) -> None:
    whl = Tree()
    d = Doc('"""Defaults for the northwind-sdk client."""')
    d.t(
        "azure-service-key",
        "wheel-member-default",
        'DEFAULT_SUBSCRIPTION_KEY = "§"',
        fx.cognitive_key(),
    )
    d.f("generic-secret", "wheel-member-env", "TOKEN = §", 'os.environ.get("NORTHWIND_TOKEN")')
    whl.add("northwind_sdk/defaults.py", d)
    d = Doc("Metadata-Version: 2.1", "Name: northwind-sdk", "Version: 0.9.0")
    whl.add("northwind_sdk-0.9.0.dist-info/METADATA", d)
    d = Doc()
    d.f(
        "generic-secret",
        "wheel-record-hash",
        "northwind_sdk/defaults.py,sha256=§,188",
        fx.b64url(32),
    )
    whl.add("northwind_sdk-0.9.0.dist-info/RECORD", d)
    tree.nest("vendor/wheels/northwind_sdk-0.9.0-py3-none-any.whl", whl)

    nupkg = Tree()
    d = Doc(
        '<?xml version="1.0"?>', "<package>", "  <metadata>", "    <id>Northwind.Telemetry</id>"
    )
    d.f(
        "generic-secret",
        "nuspec-commit",
        '    <repository type="git" url="https://github.com/northwind/telemetry" commit="§" />',
        fx.hex(40),
    )
    d("  </metadata>", "</package>")
    nupkg.add("Northwind.Telemetry.nuspec", d)
    d = Doc("{")
    d.t("azure-messaging", "nupkg-content-eventhub", '  "Telemetry": "§"',
        f"Endpoint=sb://evhns-telemetry.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey={fx.shared_key()};EntityPath=app")  # fmt: skip
    d("}")
    nupkg.add("contentFiles/any/any/telemetry.json", d)
    tree.nest("vendor/nuget/northwind.telemetry.1.2.0.nupkg", nupkg)

    tgz = Tree()
    d = Doc("[client]", "host = mysql-legacy.internal", "user = backup")
    d.t("generic-password", "tar-my-cnf", "password = §", fx.password())
    tgz.add("etc/mysql/conf.d/backup.cnf", d)
    d = Doc()
    d.t("slack", "tar-env", "SLACK_WEBHOOK_URL=§", fx.slack_webhook())
    tgz.add("etc/notifier/env", d)
    tree.nest("backups/etc-2026-08-31.tar.gz", tgz)

    token = fx.sendgrid()
    tree.blob(
        "services/billing/billing/__pycache__/mailer.cpython-311.pyc",
        _pyc(f"SENDGRID_KEY = {token!r}\n"),
        [Mark("true", "sendgrid", "pyc-constant", token, 1, 1)],
    )
    image = known.png(fx, 16)
    tree.blob(
        "mobile/ios/Orders/Assets/icon.png", image,
        [Mark("lookalike", "generic-secret", "png-file", base64.b64encode(image).decode(), 1, 1)],
    )  # fmt: skip


def extras(tree: Tree, fx: Forge) -> None:
    d = Doc('output "storage_key" {')
    d.f(
        "azure-storage",
        "terraform-output-reference",
        "  value     = §",
        "azurerm_storage_account.data.primary_access_key",
    )
    d("  sensitive = true", "}", 'output "workload_client_id" {')
    d.f("entra-client-secret", "guid-client-id", '  value = "§"', fx.guid())
    d("}")
    tree.add("infra/terraform/outputs.tf", d)

    d = Doc(
        "apiVersion: v1", "kind: ServiceAccount", "metadata:", "  name: orders", "  annotations:"
    )
    d.f(
        "entra-client-secret",
        "workload-identity-client-id",
        '    azure.workload.identity/client-id: "§"',
        fx.guid(),
    )
    tree.add("k8s/base/serviceaccount.yaml", d)

    d = Doc(
        "name: deploy",
        "on: workflow_dispatch",
        "permissions:",
        "  id-token: write",
        "jobs:",
        "  deploy:",
        "    runs-on: ubuntu-latest",
        "    steps:",
        "      - uses: azure/login@v2",
        "        with:",
    )
    d.f(
        "entra-client-secret",
        "github-vars-expression",
        "          client-id: §",
        "${{ vars.AZURE_CLIENT_ID }}",
    )
    d.f(
        "entra-client-secret",
        "github-vars-expression",
        "          tenant-id: §",
        "${{ vars.AZURE_TENANT_ID }}",
    )
    tree.add(".github/workflows/deploy-oidc.yml", d)

    d = Doc(
        "{",
        '  "name": "orders",',
        '  "image": "mcr.microsoft.com/devcontainers/dotnet:8.0",',
        '  "remoteEnv": {',
    )
    d.f(
        "github-token",
        "devcontainer-local-env",
        '    "GITHUB_TOKEN": "§"',
        "${localEnv:GITHUB_TOKEN}",
    )
    d("  }", "}")
    tree.add(".devcontainer/devcontainer.json", d)

    d = Doc(
        "defaults.url=https://sentry.io/", "defaults.org=northwind", "defaults.project=orders-web"
    )
    d.t("sentry", "sentry-properties-user-token", "auth.token=§", "sntryu_" + fx.hex(64))
    tree.add("web/sentry.properties", d)

    d = Doc("{")
    d.f("generic-secret", "launchdarkly-client-side-id", '  "clientSideId": "§",', fx.hex(24))
    d.f("generic-secret", "hex-under-flag-key", '  "flagKey": "§"', "new-checkout-" + fx.hex(8))
    d("}")
    tree.add("web/src/config/flags.json", d)

    d = Doc("import hashlib", "import os", "")
    d.f("generic-password", "env-var-name-literal", 'PEPPER_ENV = "§"', "PASSWORD_PEPPER")
    d.f(
        "generic-password",
        "django-pbkdf2-hash",
        'ADMIN_HASH = "§"',
        f"pbkdf2_sha256$600000${fx.pick(ALNUM, 22)}${fx.b64(32)}",
    )
    d.f("generic-secret", "hmac-test-vector", 'KNOWN_ANSWER_SHA256 = "§"', fx.hex(64))
    tree.add("services/billing/billing/hashing.py", d)

    d = Doc("channels:")
    d.t(
        "discord",
        "discord-webhook",
        "  discord: §",
        f"https://discord.com/api/webhooks/{fx.digits(19)}/{fx.pick(ALNUM + '-_', 68)}",
    )
    d.t("ms-teams", "teams-incoming-webhook", "  teams: §",
        f"https://northwind.webhook.office.com/webhookb2/{fx.guid()}@{fx.guid()}/IncomingWebhook/{fx.hex(32)}/{fx.guid()}/V2{fx.pick(ALNUM, 43)}")  # fmt: skip
    d.t("mailgun", "mailgun-api-key", "  mailgun_api_key: §", fx.mailgun())
    d.f("twilio", "twilio-account-sid", "  twilio_account_sid: §", "AC" + fx.hex(32))
    tree.add("services/notify/channels.yaml", d)


def more_languages(tree: Tree, fx: Forge) -> None:
    d = Doc("import Config", "", "config :shop, Shop.Repo,", '  username: "shop",')
    d.t("generic-password", "elixir-keyword-list", '  password: "§",', fx.password())
    d.f(
        "generic-password",
        "elixir-system-env",
        "  pool_password: §,",
        'System.get_env("POOL_PASSWORD")',
    )
    d('  hostname: "pg-shop.internal"')
    tree.add("elixir/config/prod.exs", d)

    d = Doc("class Env {")
    d.t(
        "generic-secret",
        "dart-static-const",
        "  static const String paymentsKey = '§';",
        fx.pick(ALNUM, 40),
    )
    d.f(
        "generic-secret",
        "dart-from-environment",
        "  static const String sentryDsn = §;",
        "String.fromEnvironment('SENTRY_DSN')",
    )
    d("}")
    tree.add("mobile/flutter/lib/env.dart", d)

    d = Doc("use strict;", "use DBI;")
    d.t("generic-password", "perl-my-scalar", "my $db_pass = '§';", fx.password("shell"))
    d.f("generic-password", "perl-env-hash", "my $fallback = §;", "$ENV{'DB_PASS'}")
    d("my $dbh = DBI->connect('dbi:Pg:dbname=ledger;host=pg-ledger', 'ledger', $db_pass);")
    tree.add("scripts/legacy/reconcile.pl", d)

    d = Doc("library(aws.s3)")
    d.t("aws", "r-sys-setenv-pair",
        f'Sys.setenv("AWS_ACCESS_KEY_ID" = "{fx.aws_key_id()}", "AWS_SECRET_ACCESS_KEY" = "§")', fx.aws_secret())  # fmt: skip
    d('df <- s3read_using(read.csv, object = "s3://nw-analytics/orders.csv")')
    tree.add("analytics/r/load_orders.R", d)

    d = Doc("object Settings {")
    d.t("generic-secret", "scala-val", '  val signingSecret: String = "§"', fx.b64(48))
    d.f(
        "generic-secret",
        "scala-sys-env",
        "  val region: String = §",
        'sys.env.getOrElse("REGION", "westeurope")',
    )
    d("}")
    tree.add("jvm/billing/src/main/scala/Settings.scala", d)

    d = Doc(
        "publishing {",
        "  repositories {",
        "    maven {",
        '      url = uri("https://pkgs.dev.azure.com/northwind/_packaging/jvm/maven/v1")',
        "      credentials {",
        '        username = "northwind"',
    )
    d.t("azure-devops-pat", "gradle-kts-credentials", '        password = "§"', fx.devops_pat())
    d("      }", "    }", "  }", "}")
    tree.add("jvm/billing/build.gradle.kts", d)

    d = Doc("local http = require('resty.http')")
    d.t("generic-secret", "lua-local", 'local upstream_token = "§"', fx.hex(40))
    d.f("generic-secret", "lua-os-getenv", "local region = §", 'os.getenv("REGION")')
    tree.add("deploy/nginx/lua/auth.lua", d)

    d = Doc(".PHONY: publish")
    d.f(
        "generic-secret",
        "make-conditional-env",
        "REGISTRY_TOKEN ?= §",
        "$(shell cat ~/.config/registry-token)",
    )
    d.t("generic-password", "make-variable", "SFTP_PASSWORD := §", fx.password("url"))
    d(
        "publish:",
        "\tlftp -u northwind,$(SFTP_PASSWORD) sftp://sftp.partner.example.net -e 'put out.zip; bye'",
    )
    tree.add("Makefile", d)

    d = Doc()
    d.f(
        "generic-password",
        "htpasswd-apr1-hash",
        "ops:§",
        "$apr1$" + fx.pick(ALNUM, 8) + "$" + fx.pick(ALNUM + "./", 22),
    )
    d.f("generic-password", "htpasswd-bcrypt-hash", "ci:§", "$2y$10$" + fx.pick(known.BCRYPT, 53))
    tree.add("deploy/nginx/.htpasswd", d)

    d = Doc(
        "[user]",
        "  name = Build Agent",
        "  email = build@northwind.example",
        '[http "https://dev.azure.com/"]',
    )
    d.t("azure-devops-pat", "gitconfig-extraheader",
        "  extraheader = AUTHORIZATION: basic §", b64_text(f":{fx.devops_pat()}"))  # fmt: skip
    tree.add("home/.gitconfig", d)

    d = Doc(
        "openapi: 3.0.3",
        "components:",
        "  securitySchemes:",
        "    apiKey:",
        "      type: apiKey",
        "      in: header",
        "      name: X-Api-Key",
        "  schemas:",
        "    Token:",
        "      properties:",
        "        access_token:",
        "          type: string",
    )
    d.f(
        "jwt",
        "openapi-example-token",
        "          example: §",
        "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
    )
    d("        api_key:", "          type: string")
    d.f(
        "generic-secret",
        "openapi-example-key",
        "          example: §",
        "0123456789abcdef0123456789abcdef",
    )
    tree.add("api/openapi.yaml", d)

    d = Doc("{")
    d.t("generic-password", "tfvars-json", '  "admin_password": "§",', fx.password())
    d.f("entra-client-secret", "guid-tenant-id", '  "tenant_id": "§"', fx.guid())
    d("}")
    tree.add("infra/terraform/prod.tfvars.json", d)


def build(tree: Tree, fx: Forge) -> None:
    languages(tree, fx)
    tool_rc(tree, fx)
    other_ci_and_iac(tree, fx)
    docs_data(tree, fx)
    packages(tree, fx)
    extras(tree, fx)
    more_languages(tree, fx)

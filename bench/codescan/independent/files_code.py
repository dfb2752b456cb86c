"""Source files: Python, notebooks, JavaScript/TypeScript, Java, C#, Go, Ruby, PHP, SQL."""

from __future__ import annotations

import base64

from independent import known
from independent.forge import Forge
from independent.tree import Cell, Doc, Tree


def python_files(tree: Tree, fx: Forge) -> None:
    d = Doc('"""Settings for the billing service (production overrides live in the vault)."""')
    d(
        "import os",
        "from pathlib import Path",
        "",
        "BASE_DIR = Path(__file__).resolve().parent.parent",
    )
    d.t("generic-secret", "django-secret-key", "SECRET_KEY = '§'", fx.pick(known.DJANGO, 50))
    d("DEBUG = False", 'ALLOWED_HOSTS = ["billing.northwind.internal"]', "")
    d("DATABASES = {", '    "default": {', '        "ENGINE": "django.db.backends.postgresql",')
    d('        "NAME": "billing",', '        "USER": "billing_rw",')
    d.t("generic-password", "dict-password", '        "PASSWORD": "§",', fx.password())
    d('        "HOST": "pg-billing.postgres.database.azure.com",', "    }", "}", "")
    d.f(
        "generic-password",
        "os-environ-get",
        "EMAIL_HOST_PASSWORD = §",
        'os.environ.get("SMTP_PASSWORD", "")',
    )
    d.t("stripe", "stripe-secret-key", 'STRIPE_SECRET_KEY = "§"', fx.stripe())
    d.f("stripe", "stripe-publishable-key", 'STRIPE_PUBLISHABLE_KEY = "§"', fx.stripe("pk_live_"))
    d.f("generic-secret", "sentry-dsn-public-key", 'SENTRY_DSN = "§"',
        f"https://{fx.hex(32)}@o{fx.digits(6)}.ingest.sentry.io/{fx.digits(7)}")  # fmt: skip
    d.f("generic-secret", "static-file-digest", 'MANIFEST_DIGEST = "§"', fx.hex(64))
    tree.add("services/billing/billing/settings.py", d)

    d = Doc("import hashlib", "import requests", "import openai", "")
    d.t("openai", "openai-module-attr", 'openai.api_key = "§"', fx.openai())
    d.t("sendgrid", "sendgrid-constant", 'SENDGRID_API_KEY = "§"', fx.sendgrid())
    d("", "", "def fetch_invoices(since):")
    d.t("generic-password", "requests-basic-auth-tuple",
        '    resp = requests.get(LEDGER_URL, auth=("svc-billing", "§"), timeout=10)', fx.password("shell"))  # fmt: skip
    d("    resp.raise_for_status()", "    return resp.json()", "", "")
    d("def verify(blob: bytes) -> bool:")
    d.f("generic-secret", "expected-sha256", '    expected_digest = "§"', fx.hex(64))
    d("    return hashlib.sha256(blob).hexdigest() == expected_digest", "", "")
    d("def headers(token):")
    d.f("generic-secret", "f-string-bearer", '    return {"Authorization": §}', 'f"Bearer {token}"')
    tree.add("services/billing/billing/clients.py", d)

    d = Doc(
        "from azure.storage.blob import BlobServiceClient",
        "from azure.identity import DefaultAzureCredential",
        "",
    )
    acct = f"stnw{fx.pick('abcdefghijklmnopqrstuvwxyz0123456789', 8)}"
    d.t("azure-storage", "connection-string-python",
        'SOURCE = BlobServiceClient.from_connection_string("§")',
        f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={fx.storage_key()};EndpointSuffix=core.windows.net")  # fmt: skip
    d(f'TARGET_URL = "https://{acct}dr.blob.core.windows.net"')
    d.t("azure-storage", "account-key-kwarg",
        'target = BlobServiceClient(TARGET_URL, credential={"account_name": "' + acct + 'dr", "account_key": "§"})',
        fx.storage_key())  # fmt: skip
    d.f(
        "azure-storage",
        "managed-identity-client",
        "archive = BlobServiceClient(TARGET_URL, credential=§)",
        "DefaultAzureCredential()",
    )
    d.t("azure-sas", "sas-token-constant", 'container_sas = "§"', fx.account_sas())
    d.f("azure-storage", "etag", "last_etag = '§'", f'"0x8DC{fx.pick("0123456789ABCDEF", 12)}"')
    d(
        "",
        "for blob in SOURCE.get_container_client('exports').list_blobs():",
        "    print(blob.name)",
    )
    tree.add("tools/sync_blobs.py", d)

    d = Doc(
        "from azure.core.credentials import AzureKeyCredential",
        "from azure.search.documents import SearchClient",
    )
    d("import os", "", 'ENDPOINT = "https://srch-catalog-prod.search.windows.net"')
    d.t("azure-service-key", "search-admin-key",
        'admin = SearchClient(ENDPOINT, "products", AzureKeyCredential("§"))', fx.search_admin_key())  # fmt: skip
    d.f("azure-service-key", "key-from-environ",
        'reader = SearchClient(ENDPOINT, "products", AzureKeyCredential(§))', 'os.environ["SEARCH_QUERY_KEY"]')  # fmt: skip
    d("", "from openai import AzureOpenAI", "")
    d("client = AzureOpenAI(", '    azure_endpoint="https://oai-catalog.openai.azure.com/",')
    d.t("azure-service-key", "azure-openai-kwarg", '    api_key="§",', fx.cognitive_key())
    d('    api_version="2024-06-01",', ")")
    tree.add("tools/seed_search.py", d)

    d = Doc(
        '"""Unit tests for the ledger client: every credential here is a stand-in."""',
        "import pytest",
        "",
    )
    d.f("generic-secret", "self-described-fake", 'FAKE_TOKEN = "§"', "fake-token-for-unit-tests")
    d.f("generic-password", "self-described-fake", 'DUMMY_PASSWORD = "§"', "not-a-real-password")
    d.f("aws", "vendor-docs-example-pair", 'AWS_KEY_ID = "§"', known.AWS_DOC_KEY_ID)
    d.f("aws", "vendor-docs-example-pair", 'AWS_SECRET = "§"', known.AWS_DOC_SECRET)
    d.f("jwt", "vendor-docs-example-jwt", 'SAMPLE_JWT = "§"', known.JWT_IO)
    d("", "", "def test_login(client):")
    d.f(
        "generic-password",
        "self-described-fake",
        '    client.login("alice", password="§")',
        "dummy-password-123",
    )
    d("    assert client.authenticated")
    tree.add("services/billing/tests/test_ledger_client.py", d)


def notebook(tree: Tree, fx: Forge) -> None:
    acct = "stml" + fx.pick("abcdefghijklmnopqrstuvwxyz", 8)
    c1 = Cell("markdown", Doc("# Churn model", "Pulls last month's events and scores them."))
    src = Doc(
        "import os", "import pandas as pd", "from azure.storage.blob import ContainerClient", ""
    )
    src.t("azure-storage", "account-key-notebook", 'ACCOUNT_KEY = "§"', fx.storage_key())
    src(
        f'events = ContainerClient(f"https://{acct}.blob.core.windows.net", "events", credential=ACCOUNT_KEY)'
    )
    c2 = Cell("code", src)
    src = Doc("import huggingface_hub")
    src.t("huggingface", "hf-login-arg", 'huggingface_hub.login(token="§")', fx.huggingface())
    src.f("generic-secret", "os-environ-index", "wandb_key = §", 'os.environ["WANDB_API_KEY"]')
    c3 = Cell("code", src)
    out = Doc("export ready:")
    out.t("azure-sas", "sas-url-in-output", "§",
          f"https://{acct}.blob.core.windows.net/exports/churn.parquet?{fx.blob_sas()}")  # fmt: skip
    c4 = Cell(
        "code",
        Doc("url = export_scores(df)", "print('export ready:')", "print(url)"),
        [("stream", out)],
    )
    out = Doc()
    out.f("generic-secret", "model-hash-in-output", "model sha256: §", fx.hex(64))
    c5 = Cell("code", Doc("print('model sha256:', model_digest(model))"), [("stream", out)])
    png = Doc()
    png.f("generic-secret", "base64-png-output", "§", known.png_b64(fx, 48))
    c6 = Cell("code", Doc("scores.plot.hist(bins=40)"), [("image/png", png)])
    src = Doc("from openai import OpenAI")
    src.t("openai", "openai-client-kwarg", 'llm = OpenAI(api_key="§")', fx.openai())
    c7 = Cell("code", src)
    tree.notebook("analytics/notebooks/churn_model.ipynb", [c1, c2, c3, c4, c5, c6, c7])

    src = Doc("import psycopg2", "")
    src.t("db-connection-string", "postgres-dsn-notebook",
          'conn = psycopg2.connect("§")',
          f"host=pg-analytics.postgres.database.azure.com dbname=warehouse user=analyst password={fx.password('url')} sslmode=require")  # fmt: skip
    c1 = Cell("code", src)
    src = Doc("# credentials come from the workspace secret scope")
    src.f(
        "generic-password",
        "dbutils-secret",
        "pw = §",
        'dbutils.secrets.get(scope="kv-analytics", key="warehouse-password")',
    )
    c2 = Cell("code", src)
    out = Doc("Connected as analyst")
    out.f("generic-secret", "guid-in-output", "session §", fx.guid())
    c3 = Cell(
        "code",
        Doc("print('Connected as', conn.info.user)", "print('session', conn.info.backend_pid)"),
        [("stream", out)],
    )
    tree.notebook("analytics/notebooks/warehouse_probe.ipynb", [c1, c2, c3])


def js_files(tree: Tree, fx: Forge) -> None:
    d = Doc("// Client configuration (bundled into the web app).", "")
    d.t("google-api-key", "maps-key-ts", 'export const MAPS_KEY = "§";', fx.google_api_key())
    d.f(
        "generic-secret",
        "process-env",
        "export const apiKey = §;",
        "process.env.NEXT_PUBLIC_API_KEY",
    )
    d.f(
        "generic-secret",
        "sri-integrity",
        'export const chartsIntegrity = "§";',
        "sha384-" + fx.b64(48),
    )
    d("", "export class LedgerClient {")
    d.t(
        "entra-client-secret",
        "typed-class-field",
        '  private readonly clientSecret: string = "§";',
        fx.entra_secret(),
    )
    d.f(
        "entra-client-secret",
        "guid-client-id",
        '  private readonly clientId: string = "§";',
        fx.guid(),
    )
    d("  constructor(private readonly baseUrl: string) {}", "}")
    tree.add("web/src/config/api.ts", d)

    d = Doc(
        "const express = require('express');",
        "const jwt = require('jsonwebtoken');",
        "const mongoose = require('mongoose');",
        "",
    )
    d.t("db-connection-string", "mongodb-srv",
        "mongoose.connect('§');",
        f"mongodb+srv://orders-app:{fx.password('url')}@cluster0.{fx.pick('abcdefghijklmnopqrstuvwxyz0123456789', 5)}.mongodb.net/orders?retryWrites=true&w=majority")  # fmt: skip
    d("", "const app = express();")
    d.t(
        "generic-secret",
        "jwt-sign-literal",
        "const sign = (user) => jwt.sign({ sub: user.id }, '§', { expiresIn: '1h' });",
        fx.b64(32),
    )
    d.t("github-token", "ghp-const", 'const githubToken = "§";', fx.github_classic())
    d.f(
        "github-token",
        "env-concat",
        "const auth = { Authorization: §};",
        "'token ' + process.env.GH_TOKEN ",
    )
    d("app.listen(8080);")
    tree.add("web/server/index.js", d)

    d = Doc()
    d.f("generic-secret", "minified-ids",
        "!function(e){var t={};§}([]);",
        f'var n="{fx.guid()}",r="{fx.hex(40)}",o="sha512-{fx.b64(64)}";')  # fmt: skip
    d.t("generic-secret", "minified-api-key",
        'var a={env:"prod",region:"westeurope"},c={apiKey:"§",endpoint:"https://api.northwind-pay.com/v2"};window.__cfg=Object.assign(a,c);',
        fx.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40))  # fmt: skip
    tree.add("web/public/assets/vendor.3f9a1c.min.js", d)

    d = Doc("{", '  "name": "orders-web",', '  "lockfileVersion": 3,', '  "packages": {')
    for pkg in ("node_modules/axios", "node_modules/jsonwebtoken", "node_modules/mongoose"):
        d(
            f'    "{pkg}": {{',
            '      "version": "1.7.4",',
            f'      "resolved": "https://registry.npmjs.org/{pkg.split("/")[1]}/-/x.tgz",',
        )
        d.f(
            "generic-secret",
            "lockfile-integrity",
            '      "integrity": "§",',
            "sha512-" + fx.b64(64),
        )
        d("    },")
    d('    "": {}', "  }", "}")
    tree.add("web/package-lock.json", d)

    d = Doc("# npm registry auth for CI")
    d("@northwind:registry=https://pkgs.dev.azure.com/northwind/_packaging/web/npm/registry/")
    d.t("azure-devops-pat", "npmrc-password-base64",
        "//pkgs.dev.azure.com/northwind/_packaging/web/npm/registry/:_password=§",
        base64.b64encode(fx.devops_pat().encode()).decode())  # fmt: skip
    d("//pkgs.dev.azure.com/northwind/_packaging/web/npm/registry/:username=northwind")
    d.t("npm-token", "npmrc-authtoken", "//registry.npmjs.org/:_authToken=§", fx.npm())
    d.f(
        "github-token",
        "npmrc-env-placeholder",
        "//npm.pkg.github.com/:_authToken=§",
        "${GITHUB_TOKEN}",
    )
    d("always-auth=true")
    tree.add("web/.npmrc", d)

    d = Doc(
        "nodeLinker: node-modules",
        "npmScopes:",
        "  northwind:",
        '    npmRegistryServer: "https://npm.pkg.github.com"',
    )
    d.t("github-token", "yarnrc-npmauthtoken", '    npmAuthToken: "§"', fx.github_classic())
    d("npmRegistryServer: https://registry.yarnpkg.com")
    tree.add("web/.yarnrc.yml", d)

    d = Doc("@font-face {", "  font-family: 'Glyphs';")
    d.f(
        "generic-secret",
        "base64-font",
        "  src: url(data:font/woff2;base64,§) format('woff2');",
        fx.b64(180),
    )
    d("}", ".logo {")
    d.f(
        "generic-secret",
        "base64-png-css",
        "  background-image: url(data:image/png;base64,§);",
        known.png_b64(fx, 24),
    )
    d("}")
    tree.add("web/src/styles/icons.css", d)


def jvm_files(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "package com.northwind.orders.config;",
        "",
        "import javax.sql.DataSource;",
        "import org.postgresql.ds.PGSimpleDataSource;",
        "",
    )
    d("public final class DbConfig {")
    d.t(
        "generic-password",
        "java-static-final",
        '    private static final String DB_PASSWORD = "§";',
        fx.password(),
    )
    d.t("db-connection-string", "jdbc-url-password",
        '    static final String REPORTING_URL = "§";',
        f"jdbc:postgresql://pg-reporting.internal:5432/reports?user=reporter&password={fx.password('url')}&ssl=true")  # fmt: skip
    d.f(
        "generic-secret",
        "schema-checksum",
        '    private static final String SCHEMA_CHECKSUM = "§";',
        fx.hex(40),
    )
    d(
        "",
        "    public DataSource orders() {",
        "        PGSimpleDataSource ds = new PGSimpleDataSource();",
    )
    d.f(
        "generic-password",
        "system-getenv",
        "        ds.setPassword(§);",
        'System.getenv("ORDERS_DB_PASSWORD")',
    )
    d("        return ds;", "    }", "}")
    tree.add("api/src/main/java/com/northwind/orders/config/DbConfig.java", d)

    d = Doc(
        "server.port=8080",
        "spring.datasource.url=jdbc:sqlserver://sql-orders.database.windows.net:1433;database=orders",
    )
    d("spring.datasource.username=orders_app")
    d.t("generic-password", "spring-properties", "spring.datasource.password=§", fx.password())
    d.f("generic-password", "spring-placeholder", "spring.mail.password=§", "${MAIL_PASSWORD}")
    d.t(
        "azure-storage",
        "spring-account-key",
        "spring.cloud.azure.storage.blob.account-key=§",
        fx.storage_key(),
    )
    d.t("generic-secret", "hex-signing-secret", "app.jwt.signing-secret=§", fx.hex(64))
    d.f("generic-secret", "git-commit-id", "build.commit=§", fx.hex(40))
    d("management.endpoints.web.exposure.include=health,info")
    tree.add("api/src/main/resources/application.properties", d)

    d = Doc(
        "spring:",
        "  cloud:",
        "    azure:",
        "      keyvault:",
        "        secret:",
        "          property-sources:",
    )
    d("            - endpoint: https://kv-orders-prod.vault.azure.net/", "      servicebus:")
    d.t("azure-messaging", "servicebus-yaml",
        '        connection-string: "§"',
        f"Endpoint=sb://sb-orders-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={fx.shared_key()}")  # fmt: skip
    d("      active-directory:", "        credential:")
    d.f(
        "entra-client-secret",
        "yaml-placeholder",
        "          client-secret: §",
        "${AZURE_CLIENT_SECRET}",
    )
    d.f("entra-client-secret", "guid-client-id", "          client-id: §", fx.guid())
    tree.add("api/src/main/resources/application-prod.yml", d)

    d = Doc("org.gradle.jvmargs=-Xmx2g", "artifactoryUser=ci-publisher")
    d.t("generic-password", "gradle-properties", "artifactoryPassword=§", fx.password())
    d.f("generic-secret", "gpg-key-id", "signing.keyId=§", fx.pick("0123456789ABCDEF", 8))
    d.t("generic-password", "gradle-signing-password", "signing.password=§", fx.password("words"))
    tree.add("api/gradle.properties", d)

    d = Doc(
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<settings>",
        "  <servers>",
        "    <server>",
        "      <id>northwind-releases</id>",
        "      <username>deployer</username>",
    )
    d.t("generic-password", "maven-settings", "      <password>§</password>", fx.password())
    d(
        "    </server>",
        "    <server>",
        "      <id>northwind-snapshots</id>",
        "      <username>deployer</username>",
    )
    d.f(
        "generic-password",
        "maven-env-placeholder",
        "      <password>§</password>",
        "${env.SNAPSHOT_REPO_PASSWORD}",
    )
    d("    </server>", "  </servers>", "</settings>")
    tree.add("api/.mvn/settings.xml", d)

    d = Doc(
        "package com.northwind.orders;",
        "",
        "import org.junit.jupiter.api.Test;",
        "",
        "class PaymentClientTest {",
    )
    d.f(
        "generic-secret",
        "self-described-fake",
        '    private static final String API_KEY = "§";',
        "test-api-key-not-real",
    )
    d.f(
        "stripe",
        "vendor-docs-test-key",
        '    private static final String STRIPE = "§";',
        known.STRIPE_DOC_TEST,
    )
    d("    @Test void charges() {}", "}")
    tree.add("api/src/test/java/com/northwind/orders/PaymentClientTest.java", d)


def dotnet_files(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "using System.Net;",
        "using System.Net.Http;",
        "",
        "namespace Inventory.Api.Services;",
        "",
        "public sealed class PaymentGateway",
        "{",
    )
    d.t("generic-secret", "csharp-const", '    private const string ApiSecret = "§";', fx.b64(30))
    d.f(
        "generic-secret",
        "md5-under-hash-name",
        '    private const string LegacyPayloadHash = "§";',
        fx.hex(32),
    )
    d("    private readonly HttpClient _http = new();", "", "    public PaymentGateway()", "    {")
    d.t("generic-password", "network-credential-ctor",
        '        var proxy = new WebProxy("http://proxy.northwind.internal:3128") { Credentials = new NetworkCredential("svc-pay", "§") };',
        fx.password("shell"))  # fmt: skip
    d.t("azure-service-key", "apim-subscription-header",
        '        _http.DefaultRequestHeaders.Add("Ocp-Apim-Subscription-Key", "§");', fx.cognitive_key())  # fmt: skip
    d.f(
        "generic-secret",
        "env-var-read",
        "        var fallback = §;",
        'Environment.GetEnvironmentVariable("PAYMENT_API_KEY")',
    )
    d("    }", "}")
    tree.add("dotnet/Inventory.Api/Services/PaymentGateway.cs", d)

    d = Doc("using Microsoft.Azure.Cosmos;", "", "static class Db", "{")
    d.t("azure-cosmos", "cosmos-client-args",
        '    public static readonly CosmosClient Client = new("https://cosmos-inventory.documents.azure.com:443/", "§");',
        fx.storage_key())  # fmt: skip
    d.f(
        "azure-cosmos",
        "vendor-emulator-key",
        '    public const string EmulatorKey = "§";',
        known.COSMOS_EMULATOR_KEY,
    )
    d("}")
    tree.add("dotnet/Inventory.Api/Data/Db.cs", d)


def go_ruby_php(tree: Tree, fx: Forge) -> None:
    d = Doc(
        "package main",
        "",
        "import (",
        '\t"database/sql"',
        '\t"os"',
        "",
        '\t"github.com/aws/aws-sdk-go-v2/credentials"',
        ")",
        "",
    )
    d.t("generic-secret", "go-const", 'const ingestToken = "§"', fx.pick(fx_alnum(), 32))
    d.f("generic-secret", "go-build-sha", 'var buildSHA = "§"', fx.hex(40))
    d("", "func main() {")
    d.t("db-connection-string", "postgres-url-go", '\tdb, _ := sql.Open("pgx", "§")',
        f"postgres://ingest:{fx.password('url')}@pg-events.internal:5432/events?sslmode=require")  # fmt: skip
    d.t("aws", "static-credentials-provider",
        f'\tcreds := credentials.NewStaticCredentialsProvider("{fx.aws_key_id()}", "§", "")', fx.aws_secret())  # fmt: skip
    d.f("generic-secret", "getenv", "\tddKey := §", 'os.Getenv("DD_API_KEY")')
    d("\t_ = db", "\t_ = creds", "\t_ = ddKey", "}")
    tree.add("go/cmd/ingest/main.go", d)

    d = Doc(
        "package slack",
        "",
        "type Notifier struct {",
        "\tWebhook string",
        "\tToken   string",
        "}",
        "",
    )
    d("var Default = Notifier{")
    d.t("slack", "slack-webhook-go", '\tWebhook: "§",', fx.slack_webhook())
    d.t("slack", "slack-bot-go", '\tToken:   "§",', fx.slack_bot())
    d("}")
    tree.add("go/internal/slack/notify.go", d)

    d = Doc("github.com/aws/aws-sdk-go-v2 v1.30.3 h1:" + fx.b64(32))
    d.f(
        "generic-secret",
        "go-sum-hash",
        "github.com/aws/aws-sdk-go-v2 v1.30.3/go.mod h1:§",
        fx.b64(32),
    )
    d.f("generic-secret", "go-sum-hash", "github.com/jackc/pgx/v5 v5.6.0 h1:§", fx.b64(32))
    tree.add("go/go.sum", d)

    d = Doc("Rails.application.configure do")
    d.t("generic-secret", "rails-secret-key-base", '  config.secret_key_base = "§"', fx.hex(128))
    d("end", "")
    d.t("stripe", "stripe-restricted-ruby", 'Stripe.api_key = "§"', fx.stripe("rk_live_"))
    d.f("stripe", "env-fetch", "Stripe.api_key = §", 'ENV.fetch("STRIPE_API_KEY")')
    tree.add("ruby/config/initializers/stripe.rb", d)

    d = Doc(
        "default: &default",
        "  adapter: postgresql",
        "  encoding: unicode",
        "",
        "development:",
        "  <<: *default",
        "  database: shop_dev",
    )
    d.f("generic-password", "erb-env", "  password: §", '<%= ENV["DB_PASSWORD"] %>')
    d("", "production:", "  <<: *default", "  database: shop", "  username: shop")
    d.t("generic-password", "database-yml", '  password: "§"', fx.password())
    tree.add("ruby/config/database.yml", d)

    d = Doc(
        "<?php",
        "",
        "return [",
        "    'default' => env('DB_CONNECTION', 'mysql'),",
        "    'connections' => [",
        "        'mysql' => [",
    )
    d("            'host' => env('DB_HOST', 'mysql-shop.mysql.database.azure.com'),")
    d.t(
        "generic-password",
        "php-env-default",
        "            'password' => env('DB_PASSWORD', '§'),",
        fx.password(),
    )
    d.f(
        "generic-password",
        "php-env-no-default",
        "            'replica_password' => §,",
        "env('DB_REPLICA_PASSWORD')",
    )
    d("        ],", "    ],")
    d.t("generic-secret", "laravel-app-key", "    'key' => '§',", "base64:" + fx.b64(32))
    d("];")
    tree.add("php/config/database.php", d)

    d = Doc("<?php", "define( 'DB_NAME', 'wordpress' );", "define( 'DB_USER', 'wp_admin' );")
    d.t("generic-password", "php-define", "define( 'DB_PASSWORD', '§' );", fx.password("shell"))
    d.t("generic-secret", "wp-auth-key", "define( 'AUTH_KEY', '§' );", fx.pick(known.WP_SALT, 64))
    d.f(
        "generic-secret",
        "wp-placeholder",
        "define( 'SECURE_AUTH_KEY', '§' );",
        "put your unique phrase here",
    )
    tree.add("php/wp-config.php", d)


def sql_files(tree: Tree, fx: Forge) -> None:
    d = Doc("-- 0007: reporting login and seeded admin", "")
    d.t(
        "generic-password",
        "tsql-create-login",
        "CREATE LOGIN reporting WITH PASSWORD = '§';",
        fx.password("shell"),
    )
    d.t(
        "generic-password",
        "mysql-identified-by",
        "CREATE USER 'etl'@'%' IDENTIFIED BY '§';",
        fx.password(),
    )
    d.f("generic-password", "bcrypt-hash", "INSERT INTO users (email, password_hash) VALUES ('admin@northwind.example', '§');",
        "$2b$12$" + fx.pick(known.BCRYPT, 53))  # fmt: skip
    d.f(
        "generic-secret",
        "file-sha256",
        "INSERT INTO artifacts (name, sha256) VALUES ('orders.jar', '§');",
        fx.hex(64),
    )
    d.t(
        "generic-secret",
        "api-client-secret-insert",
        "INSERT INTO api_clients (name, client_secret) VALUES ('partner-portal', '§');",
        fx.b64(32),
    )
    tree.add("db/migrations/0007_reporting_login.sql", d)


def fx_alnum() -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def build(tree: Tree, fx: Forge) -> None:
    python_files(tree, fx)
    notebook(tree, fx)
    js_files(tree, fx)
    jvm_files(tree, fx)
    dotnet_files(tree, fx)
    go_ruby_php(tree, fx)
    sql_files(tree, fx)
